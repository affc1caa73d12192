//! Reading keymap TOML: the shipped files go through the same parser as the
//! user's. Every bad entry is reported with file, line and column; the good
//! entries of the same file are kept.

use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use super::chord::{KeyChord, KeyProblem, parse_keys};
use super::context::Context;
use super::{Keymap, clashes};
use crate::i18n::{KeymapProblem, Lang, keymap_problem};
use crate::tui::action::{ACTIONS, Action};

pub const DEFAULT_TOML: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/keymaps/default.toml"));
pub const VIM_TOML: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/keymaps/vim.toml"));

/// The base keymap chosen with `--keymap NAME|PATH`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum KeymapChoice {
    #[default]
    Default,
    Vim,
    /// A complete keymap of its own, like the shipped files.
    File(PathBuf),
}

impl KeymapChoice {
    pub fn parse(arg: &str) -> Self {
        match arg {
            "default" => KeymapChoice::Default,
            "vim" => KeymapChoice::Vim,
            path => KeymapChoice::File(PathBuf::from(path)),
        }
    }
}

/// The user's own bindings, merged over the base keymap:
/// `<config dir>/keymap.toml` (on Linux `~/.config/dtks/keymap.toml`).
pub fn user_keymap_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("id", "dinsos", "dtks").map(|d| d.config_dir().join("keymap.toml"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeymapErrorKind {
    /// Not TOML: what the parser found, as one of a few kinds.
    Syntax(SyntaxHint),
    /// The operating system's message.
    /// The file could not be read; the OS's reason is said in our words.
    Read(io::ErrorKind),
    UnknownContext {
        context: String,
    },
    NotATable {
        context: String,
    },
    NotAString {
        key: String,
        context: String,
    },
    BadKey {
        key: String,
        context: String,
        reason: KeyProblem,
    },
    UnknownAction {
        action: String,
        key: String,
        context: String,
        suggestion: Option<&'static str>,
    },
    Duplicate {
        key: String,
        other: String,
        other_action: Action,
        context: String,
    },
    PrefixConflict {
        key: String,
        other: String,
        other_action: Action,
        context: String,
    },
    NoQuit,
}

pub use crate::i18n::SyntaxHint;

impl SyntaxHint {
    /// The kind of a TOML parser's (English) message, said in our words.
    fn of(message: &str) -> SyntaxHint {
        let m = message.to_lowercase();
        if m.contains("quote") || m.contains("string") || m.contains("escape") {
            SyntaxHint::Quote
        } else if m.contains("table") || m.contains("array") {
            SyntaxHint::Bracket
        } else if m.contains("assignment") || m.contains('=') || m.contains("value") || m.contains("key") {
            SyntaxHint::Pair
        } else {
            SyntaxHint::Other
        }
    }
}

impl KeymapErrorKind {
    /// The problem in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        use KeymapErrorKind as K;
        let known: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
        let known = known.join(", ");
        let p = match self {
            K::Syntax(hint) => KeymapProblem::Syntax { hint: *hint },
            K::Read(kind) => KeymapProblem::Read { detail: crate::service::error::io_reason(lang, *kind) },
            K::UnknownContext { context } => KeymapProblem::UnknownContext { context, known: &known },
            K::NotATable { context } => KeymapProblem::NotATable { context },
            K::NotAString { key, context } => KeymapProblem::NotAString { key, context },
            K::BadKey { key, context, reason: KeyProblem::Empty } => KeymapProblem::EmptyKey { key, context },
            K::BadKey { key, context, reason: KeyProblem::NotAKey(part) } => {
                KeymapProblem::NotAKey { key, context, part }
            }
            K::UnknownAction { action, key, context, suggestion } => {
                KeymapProblem::UnknownAction { action, key, context, suggestion: *suggestion }
            }
            K::Duplicate { key, other, other_action, context } => {
                KeymapProblem::Duplicate { key, context, other, other_action: other_action.name() }
            }
            K::PrefixConflict { key, other, other_action, context } => {
                KeymapProblem::PrefixConflict { key, context, other, other_action: other_action.name() }
            }
            K::NoQuit => KeymapProblem::NoQuit,
        };
        keymap_problem(lang, p)
    }
}

/// One problem in a keymap file. Line and column are 1-based; 0 means the
/// problem concerns the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub kind: KeymapErrorKind,
}

impl KeymapError {
    /// "file:line:col: problem" (or "file: problem"), in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        if self.line == 0 {
            format!("{}: {}", self.path.display(), self.kind.message(lang))
        } else {
            format!("{}:{}:{}: {}", self.path.display(), self.line, self.col, self.kind.message(lang))
        }
    }
}

impl std::error::Error for KeymapError {}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// One `"key" = "action"` entry that passed every check.
struct Entry {
    at: usize,
    context: Context,
    key_text: String,
    keys: Vec<KeyChord>,
    action: Action,
}

impl Keymap {
    /// Parses `text` (read from `path`, used in messages) and binds its
    /// good entries over the current ones. Returns every problem found.
    pub fn merge_toml(&mut self, path: &Path, text: &str) -> Vec<KeymapError> {
        let mut errors: Vec<(usize, KeymapErrorKind)> = Vec::new();
        let (doc, syntax) = DeTable::parse_recoverable(text);
        let had_syntax_errors = !syntax.is_empty();
        for e in syntax {
            let at = e.span().map_or(0, |s| s.start);
            errors.push((at, KeymapErrorKind::Syntax(SyntaxHint::of(e.message()))));
        }

        let mut raw = Vec::new();
        for (ctx_name, table) in doc.get_ref().iter() {
            let ctx_str: &str = ctx_name.get_ref();
            let context = match ctx_str.parse::<Context>() {
                Ok(c) => c,
                Err(_) => {
                    let context = ctx_str.to_string();
                    errors.push((ctx_name.span().start, KeymapErrorKind::UnknownContext { context }));
                    continue;
                }
            };
            let DeValue::Table(entries) = table.get_ref() else {
                let context = ctx_str.to_string();
                errors.push((ctx_name.span().start, KeymapErrorKind::NotATable { context }));
                continue;
            };
            for (key, value) in entries.iter() {
                raw.push((context, key.get_ref().to_string(), key.span(), value.get_ref(), value.span()));
            }
        }
        // File order, so that "the later one" is the one reported.
        raw.sort_by_key(|r| r.2.start);

        let mut accepted: Vec<Entry> = Vec::new();
        for (context, key_text, key_span, value, value_span) in raw {
            let ctx_s = context.name().to_string();
            let keys = match parse_keys(&key_text) {
                Ok(k) => k,
                Err(reason) => {
                    let key = key_text.clone();
                    errors.push((key_span.start, KeymapErrorKind::BadKey { key, context: ctx_s, reason }));
                    continue;
                }
            };
            let Some(name) = value.as_str() else {
                // A recovered syntax error already explains a broken value.
                if !(had_syntax_errors && value_in(value_span.clone(), &errors)) {
                    let kind = KeymapErrorKind::NotAString { key: key_text, context: ctx_s };
                    errors.push((value_span.start, kind));
                }
                continue;
            };
            let action = match name.parse::<Action>() {
                Ok(a) => a,
                Err(_) => {
                    let kind = KeymapErrorKind::UnknownAction {
                        action: name.to_string(),
                        key: key_text,
                        context: ctx_s,
                        suggestion: suggest(name),
                    };
                    errors.push((value_span.start, kind));
                    continue;
                }
            };
            let clash = accepted.iter().find(|e| e.context == context && clashes(&e.keys, &keys));
            if let Some(other) = clash {
                let same = other.keys == keys;
                let (other, other_action) = (other.key_text.clone(), other.action);
                let kind = if same {
                    KeymapErrorKind::Duplicate { key: key_text, other, other_action, context: ctx_s }
                } else {
                    KeymapErrorKind::PrefixConflict { key: key_text, other, other_action, context: ctx_s }
                };
                errors.push((key_span.start, kind));
                continue;
            }
            accepted.push(Entry { at: key_span.start, context, key_text, keys, action });
        }

        accepted.sort_by_key(|e| e.at);
        for e in accepted {
            self.bind(e.context, e.keys, e.action);
        }
        errors.sort_by_key(|(at, _)| *at);
        errors
            .into_iter()
            .map(|(at, kind)| {
                let (line, col) = line_col(text, at);
                KeymapError { path: path.to_path_buf(), line, col, kind }
            })
            .collect()
    }

    /// Reads and merges a keymap file.
    pub fn merge_file(&mut self, path: &Path) -> Vec<KeymapError> {
        match std::fs::read_to_string(path) {
            Ok(text) => self.merge_toml(path, &text),
            Err(e) => vec![read_error(path, &e)],
        }
    }

    /// Parses one file on its own, as `dtks keymap check FILE` would.
    pub fn check_file(path: &Path) -> Vec<KeymapError> {
        Keymap::new().merge_file(path)
    }

    /// The keymap a session starts with: the chosen base (a shipped file or
    /// a complete file of the user's), then the user file, if it exists,
    /// merged over single bindings. A base file that cannot be read falls
    /// back to the default keymap. The caller decides how to show errors.
    pub fn load(choice: &KeymapChoice, user_file: Option<&Path>) -> (Keymap, Vec<KeymapError>) {
        let mut km = Keymap::new();
        let mut errors = Vec::new();
        let builtin_default = Path::new("keymaps/default.toml");
        let base_path = match choice {
            KeymapChoice::Default => {
                errors.extend(km.merge_toml(builtin_default, DEFAULT_TOML));
                builtin_default.to_path_buf()
            }
            KeymapChoice::Vim => {
                let p = Path::new("keymaps/vim.toml");
                errors.extend(km.merge_toml(p, VIM_TOML));
                p.to_path_buf()
            }
            KeymapChoice::File(p) => match std::fs::read_to_string(p) {
                Ok(text) => {
                    errors.extend(km.merge_toml(p, &text));
                    p.clone()
                }
                Err(e) => {
                    errors.push(read_error(p, &e));
                    errors.extend(km.merge_toml(builtin_default, DEFAULT_TOML));
                    builtin_default.to_path_buf()
                }
            },
        };
        if let Some(user) = user_file {
            match std::fs::read_to_string(user) {
                Ok(text) => errors.extend(km.merge_toml(user, &text)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => errors.push(read_error(user, &e)),
            }
        }
        // Raw mode turns Ctrl-C into a key, so without a quit key the only
        // way out would be killing the process.
        let quits = km
            .bindings()
            .iter()
            .any(|b| b.context == Context::Global && matches!(b.action, Action::Quit | Action::ForceQuit));
        if !quits {
            if let Ok(keys) = parse_keys("ctrl-c") {
                km.bind(Context::Global, keys, Action::Quit);
            }
            errors.push(KeymapError { path: base_path, line: 0, col: 0, kind: KeymapErrorKind::NoQuit });
        }
        (km, errors)
    }
}

fn read_error(path: &Path, e: &io::Error) -> KeymapError {
    KeymapError { path: path.to_path_buf(), line: 0, col: 0, kind: KeymapErrorKind::Read(e.kind()) }
}

/// Whether a syntax error was reported inside `span` (end included).
fn value_in(span: Range<usize>, errors: &[(usize, KeymapErrorKind)]) -> bool {
    errors.iter().any(|(at, k)| matches!(k, KeymapErrorKind::Syntax(_)) && (span.start..=span.end).contains(at))
}

/// The closest action name, when one is within two edits.
fn suggest(name: &str) -> Option<&'static str> {
    ACTIONS
        .iter()
        .map(|(_, n, _)| (edit_distance(name, n), *n))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "a = 1\n[list]\n\"é\" = \"x\"\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // 'x' comes after a two-byte character.
        let x = text.find("\"x").unwrap();
        assert_eq!(line_col(text, x), (3, 7));
        assert_eq!(line_col(text, 10_000).0, 4);
    }

    #[test]
    fn messages_keep_the_place_in_either_language() {
        let mut km = Keymap::default();
        let errors = km.merge_toml(Path::new("km.toml"), "[list]\n\"j\" = \"dwon\"\n\"ctl-d\" = \"up\"\n");
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert_eq!(
            errors[0].message(Lang::Id),
            "km.toml:2:7: aksi 'dwon' untuk tombol 'j' di [list] tidak dikenal; maksudnya 'down'?"
        );
        assert_eq!(
            errors[0].message(Lang::En),
            "km.toml:2:7: unknown action 'dwon' for key 'j' in [list]; did you mean 'down'?"
        );
        assert!(
            errors[1]
                .message(Lang::Id)
                .starts_with("km.toml:3:1: tombol 'ctl-d' di [list] salah tulis: 'ctl-d' bukan tombol")
        );
        assert_eq!(errors[1].to_string(), errors[1].message(Lang::En));
    }

    #[test]
    fn suggestions_are_close_names_only() {
        assert_eq!(suggest("dwon"), Some("down"));
        assert_eq!(suggest("pagedown"), Some("page-down"));
        assert_eq!(suggest("frobnicate"), None);
    }
}
