//! A one-line text field.

use ratatui::text::{Line, Span};

use crate::tui::keymap::KeyChord;
use crossterm::event::KeyCode;

#[derive(Clone, Debug, Default)]
pub struct TextInput {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
}

impl TextInput {
    /// Replaces the text and puts the cursor at its end.
    pub fn set(&mut self, text: &str) {
        self.value = text.to_string();
        self.cursor = text.chars().count();
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.value.char_indices().nth(chars).map_or(self.value.len(), |(i, _)| i)
    }

    /// Applies a text key; returns whether the value or cursor changed.
    pub fn handle(&mut self, chord: KeyChord) -> bool {
        let len = self.value.chars().count();
        let ctrl = chord.mods == crossterm::event::KeyModifiers::CONTROL;
        match chord.code {
            // Ctrl-u: everything before the cursor; Ctrl-w: the word before it.
            KeyCode::Char('u') if ctrl && self.cursor > 0 => {
                let at = self.byte_at(self.cursor);
                self.value.replace_range(..at, "");
                self.cursor = 0;
                true
            }
            KeyCode::Char('w') if ctrl && self.cursor > 0 => {
                let chars: Vec<char> = self.value.chars().collect();
                let mut from = self.cursor;
                while from > 0 && chars[from - 1] == ' ' {
                    from -= 1;
                }
                while from > 0 && chars[from - 1] != ' ' {
                    from -= 1;
                }
                let (a, b) = (self.byte_at(from), self.byte_at(self.cursor));
                self.value.replace_range(a..b, "");
                self.cursor = from;
                true
            }
            KeyCode::Char(_) if ctrl => false,
            KeyCode::Char(_) => {
                let Some(c) = chord.char() else { return false };
                let at = self.byte_at(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
                true
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
                true
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
                true
            }
            KeyCode::Left if self.cursor > 0 => {
                self.cursor -= 1;
                true
            }
            KeyCode::Right if self.cursor < len => {
                self.cursor += 1;
                true
            }
            _ => false,
        }
    }

    pub fn line(&self) -> Line<'_> {
        Line::from(Span::raw(self.value.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(input: &mut TextInput, keys: &[&str]) {
        for k in keys {
            input.handle(k.parse().unwrap());
        }
    }

    #[test]
    fn edits_at_the_cursor_with_multibyte_text() {
        let mut t = TextInput::default();
        typed(&mut t, &["a", "é", "c", "left", "B"]);
        assert_eq!(t.value(), "aéBc");
        assert_eq!(t.cursor(), 3);
        typed(&mut t, &["backspace", "backspace"]);
        assert_eq!(t.value(), "ac");
        assert_eq!(t.cursor(), 1);
        typed(&mut t, &["delete", "delete", "right"]);
        assert_eq!(t.value(), "a");
        assert_eq!(t.cursor(), 1);
        assert!(!t.handle("right".parse().unwrap()));
        typed(&mut t, &["left", "left", "backspace", "space"]);
        assert_eq!(t.value(), " a");
    }

    #[test]
    fn ctrl_w_deletes_a_word_and_ctrl_u_the_field_before_the_cursor() {
        let mut t = TextInput::default();
        t.set("siti  nur aini");
        typed(&mut t, &["ctrl-w"]);
        assert_eq!((t.value(), t.cursor()), ("siti  nur ", 10));
        typed(&mut t, &["ctrl-w"]);
        assert_eq!((t.value(), t.cursor()), ("siti  ", 6));
        typed(&mut t, &["x", "left", "ctrl-u"]);
        assert_eq!((t.value(), t.cursor()), ("x", 0));
        assert!(!t.handle("ctrl-u".parse().unwrap()), "nothing before the cursor");
        assert!(!t.handle("ctrl-x".parse().unwrap()), "other ctrl keys type nothing");
        assert_eq!(t.value(), "x");
    }
}
