//! The bottom line: the notice (if any), an unfinished key sequence, and
//! the few keys that matter in the current context.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::Msg;
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, KeyChord, Keymap, keys_label};

/// Shown after the context's own hints, unless already there.
pub const GLOBAL_HINTS: &[(Action, Msg)] =
    &[(Action::Help, Msg::HintHelp), (Action::Palette, Msg::HintPalette), (Action::Quit, Msg::HintQuit)];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

pub struct StatusBar<'a> {
    pub keymap: &'a Keymap,
    pub contexts: &'a [Context],
    pub hints: &'a [(Action, Msg)],
    pub with_global: bool,
    pub pending: &'a [KeyChord],
    pub notice: Option<&'a Notice>,
}

impl StatusBar<'_> {
    /// The line for a bar `width` cells wide: a hint that does not fit whole
    /// is left out rather than cut ("? B"), and a notice too long for the
    /// line ends in "…".
    pub fn line(&self, ui: &Ui, width: u16) -> Line<'static> {
        let width = usize::from(width);
        let mut spans: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        if let Some(n) = self.notice {
            let style = if n.error { ui.theme.error() } else { ui.theme.info() };
            let text = fit(&n.text, width);
            used += text.chars().count() + 2;
            spans.push(Span::styled(text, style));
            spans.push(Span::raw("  "));
        }
        if !self.pending.is_empty() {
            let text = format!("{} …", keys_label(self.pending));
            used += text.chars().count() + 2;
            spans.push(Span::styled(text, ui.theme.key()));
            spans.push(Span::raw("  "));
        }
        let globals = if self.with_global { GLOBAL_HINTS } else { &[] };
        let mut items: Vec<(Action, String, &str)> = Vec::new();
        for (action, label) in self.hints.iter().chain(globals) {
            if items.iter().any(|(a, ..)| a == action) {
                continue;
            }
            if let Some(key) = self.keymap.key_for(self.contexts, *action) {
                items.push((*action, key, ui.t(*label)));
            }
        }
        // Each hint needs "key label" and two blanks after it (the last two
        // may fall off the edge). The help key is placed first, since help
        // lists every key; then the others in order.
        let need = |(_, key, label): &(Action, String, &str)| key.chars().count() + 1 + label.chars().count();
        let mut keep = vec![false; items.len()];
        let order = items
            .iter()
            .position(|(a, ..)| *a == Action::Help)
            .into_iter()
            .chain((0..items.len()).filter(|i| items[*i].0 != Action::Help));
        for i in order.collect::<Vec<_>>() {
            // Hints come most important first: after one that does not fit,
            // none of the later ones is shown either.
            if used + need(&items[i]) > width {
                break;
            }
            used += need(&items[i]) + 2;
            keep[i] = true;
        }
        for (item, kept) in items.into_iter().zip(keep) {
            if kept {
                let (_, key, label) = item;
                spans.push(Span::styled(key, ui.theme.key()));
                spans.push(Span::raw(format!(" {label}  ")));
            }
        }
        Line::from(spans)
    }

    pub fn render(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        f.render_widget(Paragraph::new(self.line(ui, area.width)), area);
    }
}

/// `text` in at most `width` characters, ending in "…" when shortened
/// (a width of 0 still shows the "…").
pub fn fit(text: &str, width: usize) -> String {
    // Data may hold control characters, which ratatui would drop unseen.
    let text = crate::i18n::visible(text);
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn fit_keeps_what_fits_and_marks_a_cut() {
        assert_eq!(fit("Berhenti", 8), "Berhenti");
        assert_eq!(fit("Ditangguhkan", 10), "Ditangguh…");
        assert_eq!(fit("Ditangguhkan", 10).chars().count(), 10);
        assert_eq!(fit("abc", 0), "…");
    }
}
