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
    pub fn line(&self, ui: &Ui) -> Line<'static> {
        let mut spans: Vec<Span<'static>> = Vec::new();
        if let Some(n) = self.notice {
            let style = if n.error { ui.theme.error() } else { ui.theme.info() };
            spans.push(Span::styled(n.text.clone(), style));
            spans.push(Span::raw("  "));
        }
        if !self.pending.is_empty() {
            spans.push(Span::styled(format!("{} …", keys_label(self.pending)), ui.theme.key()));
            spans.push(Span::raw("  "));
        }
        let globals = if self.with_global { GLOBAL_HINTS } else { &[] };
        let mut shown: Vec<Action> = Vec::new();
        for (action, label) in self.hints.iter().chain(globals) {
            if shown.contains(action) {
                continue;
            }
            let Some(key) = self.keymap.key_for(self.contexts, *action) else {
                continue;
            };
            shown.push(*action);
            spans.push(Span::styled(key, ui.theme.key()));
            spans.push(Span::raw(format!(" {}  ", ui.t(*label))));
        }
        Line::from(spans)
    }

    pub fn render(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        f.render_widget(Paragraph::new(self.line(ui)), area);
    }
}
