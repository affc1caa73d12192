//! The bytes a remote terminal sends, as key events: printable UTF-8,
//! control keys and the escape sequences xterm-like terminals (and the
//! Windows OpenSSH client) send for arrows, Home/End, PgUp/PgDn, Delete,
//! F1–F12 and Shift-Tab. A sequence cut between two reads is kept for the
//! next one; an Esc that ends a read is the Esc key.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Default, Debug)]
pub struct InputParser {
    pending: Vec<u8>,
}

/// Longest sequence kept waiting for its end; past it the bytes are dropped.
const MAX_PENDING: usize = 16;

fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

impl InputParser {
    /// Appends the keys in `bytes` to `out`.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<KeyEvent>) {
        self.pending.extend_from_slice(bytes);
        let buf = std::mem::take(&mut self.pending);
        let mut i = 0;
        while i < buf.len() {
            match parse_one(&buf[i..]) {
                Parsed::Key(k, n) => {
                    out.extend(k);
                    i += n;
                }
                Parsed::Incomplete => {
                    let rest = &buf[i..];
                    if rest.len() <= MAX_PENDING {
                        self.pending.extend_from_slice(rest);
                    }
                    break;
                }
            }
        }
        self.end_of_read(out);
    }

    /// A terminal sends a whole escape sequence in one write, so an Esc
    /// alone at the end of a read is the Esc key, not a sequence's start.
    fn end_of_read(&mut self, out: &mut Vec<KeyEvent>) {
        if self.pending == [0x1b] {
            out.push(key(KeyCode::Esc, KeyModifiers::NONE));
            self.pending.clear();
        }
    }
}

enum Parsed {
    /// The key (none for bytes that mean nothing) and the bytes it took.
    Key(Option<KeyEvent>, usize),
    Incomplete,
}

fn parse_one(b: &[u8]) -> Parsed {
    let none = KeyModifiers::NONE;
    match b[0] {
        0x1b => escape(b),
        b'\r' | b'\n' => Parsed::Key(Some(key(KeyCode::Enter, none)), 1),
        b'\t' => Parsed::Key(Some(key(KeyCode::Tab, none)), 1),
        0x7f | 0x08 => Parsed::Key(Some(key(KeyCode::Backspace, none)), 1),
        0x00 => Parsed::Key(Some(key(KeyCode::Char(' '), KeyModifiers::CONTROL)), 1),
        c @ 0x01..=0x1a => Parsed::Key(Some(key(KeyCode::Char((b'a' + c - 1) as char), KeyModifiers::CONTROL)), 1),
        0x1c..=0x1f => Parsed::Key(None, 1),
        _ => utf8(b),
    }
}

fn utf8(b: &[u8]) -> Parsed {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return Parsed::Key(None, 1),
    };
    if b.len() < len {
        return Parsed::Incomplete;
    }
    match std::str::from_utf8(&b[..len]).ok().and_then(|s| s.chars().next()) {
        Some(c) => {
            let mods = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
            Parsed::Key(Some(key(KeyCode::Char(c), mods)), len)
        }
        None => Parsed::Key(None, 1),
    }
}

fn escape(b: &[u8]) -> Parsed {
    let none = KeyModifiers::NONE;
    let Some(&second) = b.get(1) else {
        return Parsed::Incomplete;
    };
    match second {
        b'[' => csi(b),
        b'O' => match b.get(2) {
            None => Parsed::Incomplete,
            Some(&c) => Parsed::Key(ss3(c).map(|k| key(k, none)), 3),
        },
        0x1b => Parsed::Key(Some(key(KeyCode::Esc, none)), 1),
        _ => match parse_one(&b[1..]) {
            // Alt (Meta) sends Esc before the key.
            Parsed::Key(Some(mut k), n) => {
                k.modifiers |= KeyModifiers::ALT;
                Parsed::Key(Some(k), n + 1)
            }
            Parsed::Key(None, n) => Parsed::Key(None, n + 1),
            Parsed::Incomplete => Parsed::Incomplete,
        },
    }
}

fn ss3(c: u8) -> Option<KeyCode> {
    Some(match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    })
}

/// `ESC [ params final`: the parameters are digits and `;`.
fn csi(b: &[u8]) -> Parsed {
    let Some(end) = b[2..].iter().position(|c| (0x40..=0x7e).contains(c)) else {
        return if b.len() > MAX_PENDING { Parsed::Key(None, b.len()) } else { Parsed::Incomplete };
    };
    let end = end + 2;
    let params = std::str::from_utf8(&b[2..end]).unwrap_or("");
    let mut nums = params.split(';').map(|p| p.parse::<u16>().unwrap_or(1));
    let first = nums.next().unwrap_or(1);
    let mods = modifiers(nums.next().unwrap_or(1));
    let code = match b[end] {
        b'Z' => return Parsed::Key(Some(key(KeyCode::BackTab, KeyModifiers::SHIFT)), end + 1),
        b'~' => match first {
            1 | 7 => Some(KeyCode::Home),
            2 => Some(KeyCode::Insert),
            3 => Some(KeyCode::Delete),
            4 | 8 => Some(KeyCode::End),
            5 => Some(KeyCode::PageUp),
            6 => Some(KeyCode::PageDown),
            11..=15 => Some(KeyCode::F((first - 10) as u8)),
            17..=21 => Some(KeyCode::F((first - 11) as u8)),
            23 | 24 => Some(KeyCode::F((first - 12) as u8)),
            _ => None,
        },
        c => ss3(c),
    };
    Parsed::Key(code.map(|c| key(c, mods)), end + 1)
}

/// xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4).
fn modifiers(p: u16) -> KeyModifiers {
    let bits = p.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(chunks: &[&[u8]]) -> Vec<KeyEvent> {
        let mut p = InputParser::default();
        let mut out = Vec::new();
        for c in chunks {
            p.feed(c, &mut out);
        }
        out
    }

    fn k(code: KeyCode) -> KeyEvent {
        key(code, KeyModifiers::NONE)
    }

    #[test]
    fn printable_control_and_escape_keys() {
        assert_eq!(
            keys(&[b"a\r\x7f\t\x03"]),
            vec![
                k(KeyCode::Char('a')),
                k(KeyCode::Enter),
                k(KeyCode::Backspace),
                k(KeyCode::Tab),
                key(KeyCode::Char('c'), KeyModifiers::CONTROL)
            ]
        );
        assert_eq!(keys(&[b"S"]), vec![key(KeyCode::Char('S'), KeyModifiers::SHIFT)]);
        assert_eq!(keys(&["é".as_bytes()]), vec![k(KeyCode::Char('é'))]);
        assert_eq!(
            keys(&[b"\x1b[A\x1bOB\x1b[5~\x1b[3~"]),
            vec![k(KeyCode::Up), k(KeyCode::Down), k(KeyCode::PageUp), k(KeyCode::Delete)]
        );
        assert_eq!(keys(&[b"\x1b[15~\x1bOP"]), vec![k(KeyCode::F(5)), k(KeyCode::F(1))]);
        assert_eq!(keys(&[b"\x1b[1;5C"]), vec![key(KeyCode::Right, KeyModifiers::CONTROL)]);
        assert_eq!(keys(&[b"\x1b[Z"]), vec![key(KeyCode::BackTab, KeyModifiers::SHIFT)]);
        assert_eq!(keys(&[b"\x1bx"]), vec![key(KeyCode::Char('x'), KeyModifiers::ALT)]);
    }

    #[test]
    fn a_lone_esc_is_the_key_and_a_cut_sequence_waits_for_its_end() {
        assert_eq!(keys(&[b"\x1b"]), vec![k(KeyCode::Esc)]);
        assert_eq!(keys(&[b"\x1b[", b"B"]), vec![k(KeyCode::Down)]);
        assert_eq!(keys(&[&"é".as_bytes()[..1], &"é".as_bytes()[1..]]), vec![k(KeyCode::Char('é'))]);
    }

    #[test]
    fn garbage_never_panics_nor_grows() {
        let mut p = InputParser::default();
        let mut out = Vec::new();
        p.feed(&[0x1b, b'['], &mut out);
        p.feed(&[b'9'; 100], &mut out);
        p.feed(&[0xff, 0xfe, 0x80, 0x1c], &mut out);
        assert!(p.pending.len() <= MAX_PENDING);
        p.feed(b"q", &mut out);
        assert_eq!(out.last(), Some(&k(KeyCode::Char('q'))));
    }
}
