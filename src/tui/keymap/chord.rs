//! One key press with its modifiers, as written in keymap files ("ctrl-d",
//! "G", "shift-tab", "pgdn") and as received from the terminal.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyChord {
    /// Builds a chord in normal form: an uppercase letter becomes Shift +
    /// the lowercase letter (as yazi does), Shift on other characters is
    /// dropped because the character already carries it ('?' arrives with or
    /// without Shift depending on the terminal), Shift-Tab is BackTab, and
    /// only Ctrl, Alt and Shift are kept.
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) if c.is_uppercase() => {
                mods |= KeyModifiers::SHIFT;
                KeyCode::Char(c.to_lowercase().next().unwrap_or(c))
            }
            KeyCode::Char(c) => {
                if !c.is_alphabetic() {
                    mods -= KeyModifiers::SHIFT;
                }
                KeyCode::Char(c)
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods -= KeyModifiers::SHIFT;
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                mods -= KeyModifiers::SHIFT;
                KeyCode::BackTab
            }
            other => other,
        };
        KeyChord { code, mods }
    }

    pub fn plain(code: KeyCode) -> Self {
        Self::new(code, KeyModifiers::NONE)
    }

    /// A key a focused text field takes before the keymap sees it.
    pub fn is_text(&self) -> bool {
        let ctrl_alt = KeyModifiers::CONTROL | KeyModifiers::ALT;
        match self.code {
            // Ctrl-u and Ctrl-w edit the field, as in a shell.
            KeyCode::Char('u' | 'w') if self.mods == KeyModifiers::CONTROL => true,
            KeyCode::Char(_) => !self.mods.intersects(ctrl_alt),
            KeyCode::Backspace | KeyCode::Delete | KeyCode::Left | KeyCode::Right => self.mods.is_empty(),
            _ => false,
        }
    }

    /// The character typed, with Shift applied to letters.
    pub fn char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::SHIFT) => c.to_uppercase().next(),
            KeyCode::Char(c) => Some(c),
            _ => None,
        }
    }
}

impl From<KeyEvent> for KeyChord {
    fn from(ev: KeyEvent) -> Self {
        KeyChord::new(ev.code, ev.modifiers)
    }
}

const NAMES: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
];

const MODIFIERS: &[(&str, KeyModifiers)] =
    &[("ctrl-", KeyModifiers::CONTROL), ("alt-", KeyModifiers::ALT), ("shift-", KeyModifiers::SHIFT)];

/// Why a key in a keymap file is not one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    Empty,
    /// The part after the modifiers is neither one character nor a key name.
    NotAKey(String),
}

impl FromStr for KeyChord {
    type Err = KeyProblem;
    /// Parses "j", "G", "?", "ctrl-d", "shift-tab", "enter", "f5", ...
    fn from_str(s: &str) -> Result<Self, KeyProblem> {
        let mut rest = s;
        let mut mods = KeyModifiers::NONE;
        'prefixes: loop {
            for (prefix, m) in MODIFIERS {
                let n = prefix.len();
                if rest.len() > n && rest.is_char_boundary(n) && rest[..n].eq_ignore_ascii_case(prefix) {
                    mods |= *m;
                    rest = &rest[n..];
                    continue 'prefixes;
                }
            }
            break;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err(KeyProblem::Empty),
            (Some(c), None) if !c.is_whitespace() => KeyCode::Char(c),
            _ => name_to_code(rest).ok_or_else(|| KeyProblem::NotAKey(rest.to_string()))?,
        };
        Ok(KeyChord::new(code, mods))
    }
}

fn name_to_code(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    if let Some(found) = NAMES.iter().find(|(n, _)| *n == lower) {
        return Some(found.1);
    }
    let n: u8 = lower.strip_prefix('f')?.parse().ok()?;
    (1..=12).contains(&n).then_some(KeyCode::F(n))
}

/// Parses a space-separated key sequence such as "g g".
pub fn parse_keys(s: &str) -> Result<Vec<KeyChord>, KeyProblem> {
    let keys = s.split_whitespace().map(str::parse).collect::<Result<Vec<KeyChord>, KeyProblem>>()?;
    if keys.is_empty() {
        return Err(KeyProblem::Empty);
    }
    Ok(keys)
}

/// Renders a sequence the way the help overlay shows it: "g g", "Ctrl-d".
pub fn keys_label(keys: &[KeyChord]) -> String {
    keys.iter().map(|k| k.to_string()).collect::<Vec<_>>().join(" ")
}

impl fmt::Display for KeyChord {
    /// Readable form for help and hints: "Ctrl-d", "G", "Shift-Tab", "↑".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        let is_char = matches!(self.code, KeyCode::Char(c) if c != ' ');
        if self.mods.contains(KeyModifiers::SHIFT) && !is_char {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(_) => write!(f, "{}", self.char().unwrap_or('?')),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> KeyChord {
        s.parse().unwrap()
    }

    #[test]
    fn uppercase_letter_is_shift_plus_letter() {
        let g = KeyChord::new(KeyCode::Char('g'), KeyModifiers::SHIFT);
        assert_eq!(k("G"), g);
        assert_eq!(k("shift-g"), g);
        assert_eq!(k("shift-G"), g);
        // What a legacy terminal sends for Shift-g.
        assert_eq!(KeyChord::new(KeyCode::Char('G'), KeyModifiers::SHIFT), g);
        assert_eq!(KeyChord::new(KeyCode::Char('G'), KeyModifiers::NONE), g);
        assert_ne!(k("g"), g);
        assert_eq!(g.to_string(), "G");
    }

    #[test]
    fn shift_on_symbols_is_ignored_and_shift_tab_is_backtab() {
        assert_eq!(KeyChord::new(KeyCode::Char('?'), KeyModifiers::SHIFT), k("?"));
        assert_eq!(k("shift-tab"), k("backtab"));
        assert_eq!(KeyChord::new(KeyCode::BackTab, KeyModifiers::SHIFT), k("backtab"));
        assert_eq!(k("backtab").to_string(), "Shift-Tab");
    }

    #[test]
    fn names_and_modifiers_parse() {
        assert_eq!(k("ctrl-d"), KeyChord::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
        assert_eq!(k("Ctrl-D").mods, KeyModifiers::CONTROL | KeyModifiers::SHIFT);
        assert_eq!(k("enter").code, KeyCode::Enter);
        assert_eq!(k("ESC").code, KeyCode::Esc);
        assert_eq!(k("pgdn"), k("pagedown"));
        assert_eq!(k("space").code, KeyCode::Char(' '));
        assert_eq!(k("f1").code, KeyCode::F(1));
        assert_eq!(k("F12").code, KeyCode::F(12));
        assert_eq!(k("-"), KeyChord::plain(KeyCode::Char('-')));
        assert_eq!(k("ctrl--"), KeyChord::new(KeyCode::Char('-'), KeyModifiers::CONTROL));
        assert_eq!(k(":"), KeyChord::plain(KeyCode::Char(':')));
        assert_eq!(k("/").code, KeyCode::Char('/'));
    }

    #[test]
    fn malformed_keys_are_errors() {
        for bad in ["", "ctl-d", "f13", "f0", "enterr", "ctrl-", "jj"] {
            assert!(bad.parse::<KeyChord>().is_err(), "{bad:?}");
        }
        assert_eq!("ctl-d".parse::<KeyChord>(), Err(KeyProblem::NotAKey("ctl-d".into())));
        assert_eq!("ctrl-".parse::<KeyChord>(), Err(KeyProblem::NotAKey("ctrl-".into())));
    }

    #[test]
    fn sequences_split_on_spaces() {
        assert_eq!(parse_keys("g g").unwrap(), vec![k("g"), k("g")]);
        assert_eq!(parse_keys("  g   G ").unwrap(), vec![k("g"), k("G")]);
        assert!(parse_keys("   ").is_err());
        assert!(parse_keys("g ctl-x").is_err());
    }

    #[test]
    fn labels_are_readable() {
        assert_eq!(keys_label(&parse_keys("g g").unwrap()), "g g");
        assert_eq!(k("ctrl-d").to_string(), "Ctrl-d");
        assert_eq!(k("up").to_string(), "↑");
        assert_eq!(k("pgup").to_string(), "PgUp");
        assert_eq!(k("alt-enter").to_string(), "Alt-Enter");
        assert_eq!(k("space").to_string(), "Space");
    }

    #[test]
    fn text_keys() {
        assert!(k("a").is_text());
        assert!(k("A").is_text());
        assert!(k("space").is_text());
        assert!(k("backspace").is_text());
        assert!(!k("ctrl-a").is_text());
        assert!(!k("enter").is_text());
        assert!(!k("esc").is_text());
        assert!(!k("down").is_text());
        assert_eq!(k("A").char(), Some('A'));
    }
}
