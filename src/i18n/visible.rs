//! Text from data or from the command line as a terminal may show it. A
//! control character (C0, DEL, C1) sent raw would move the cursor, change
//! colours or retitle the window (an ESC in a name), so each is shown as
//! its escape, `\u{1b}`: what the file holds, visible, and harmless.

use std::borrow::Cow;
use std::fmt::Write;

fn escape_where(s: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    escape_as(s, escaped, |out, c| write!(out, "\\u{{{:x}}}", c as u32))
}

/// `s` with each character `escaped` picks written by `write`; borrowed
/// when there is none.
fn escape_as(
    s: &str,
    escaped: impl Fn(char) -> bool,
    write: impl Fn(&mut String, char) -> std::fmt::Result,
) -> Cow<'_, str> {
    if !s.chars().any(&escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escaped(c) {
            let _ = write(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One value (a name, an address, an argument): every control character
/// escaped, line breaks and tabs too.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape_where(s, char::is_control)
}

/// [`visible`], owned: a value as a screen's cell shows it.
pub fn shown(s: &str) -> String {
    visible(s).into_owned()
}

/// Lines of output: control characters escaped, except the line breaks and
/// tabs that lay the text out.
pub fn visible_text(s: &str) -> Cow<'_, str> {
    escape_where(s, |c| c.is_control() && c != '\n' && c != '\t')
}

/// JSON text: the control characters that JSON lets stand in a string (DEL
/// and C1; serde already escapes C0) written as JSON escapes, so the value
/// a script reads is unchanged and the terminal gets none of them.
pub fn visible_json(s: &str) -> Cow<'_, str> {
    let raw = |c: char| (c.is_control() && !c.is_ascii_control()) || c == '\u{7f}';
    escape_as(s, raw, |out, c| write!(out, "\\u{:04x}", c as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_the_rest_is_kept() {
        assert_eq!(visible("Budi Santoso"), "Budi Santoso");
        assert!(matches!(visible("Siti Nurhaliza ✓"), Cow::Borrowed(_)));
        assert_eq!(visible("Budi\u{1b}[31m"), "Budi\\u{1b}[31m");
        assert_eq!(visible("a\u{7}b\u{7f}c\u{9b}d\u{0}"), "a\\u{7}b\\u{7f}c\\u{9b}d\\u{0}");
        assert_eq!(visible("a\nb\tc\r"), "a\\u{a}b\\u{9}c\\u{d}");
        assert_eq!(visible_text("a\nb\tc\r\u{1b}]0;x\u{7}\n"), "a\nb\tc\\u{d}\\u{1b}]0;x\\u{7}\n");
    }

    #[test]
    fn json_keeps_its_value_and_loses_its_raw_controls() {
        let v = serde_json::json!({ "nama": "A\u{1b}\u{7f}\u{85}\u{9b}B" });
        let text = serde_json::to_string(&v).unwrap();
        let shown = visible_json(&text);
        assert!(!shown.chars().any(char::is_control), "{shown}");
        let back: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(back, v);
    }
}
