//! A yes/no question in a small box, such as "quit with unsaved changes?".

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::OverlayResult;
use crate::i18n::Msg;
use crate::tui::Ui;
use crate::tui::action::Action;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmDialog {
    pub question: Msg,
    /// The question worded by the screen, shown instead of `question`.
    pub worded: Option<String>,
    /// Run when the answer is yes.
    pub on_yes: Action,
}

impl ConfirmDialog {
    pub const HINTS: &'static [(Action, Msg)] = &[(Action::Confirm, Msg::HintYes), (Action::Cancel, Msg::HintNo)];

    pub fn new(question: Msg, on_yes: Action) -> Self {
        ConfirmDialog { question, worded: None, on_yes }
    }

    /// A question with its particulars (what, to how many), wrapped to fit.
    pub fn worded(question: String, on_yes: Action) -> Self {
        ConfirmDialog { question: Msg::TitleConfirm, worded: Some(question), on_yes }
    }

    /// Modal: anything but yes, no or force-quit is ignored.
    pub fn handle(&mut self, action: Action) -> OverlayResult {
        match action {
            Action::Confirm => OverlayResult::Run(self.on_yes),
            Action::ForceQuit => OverlayResult::Quit,
            Action::Cancel | Action::Back => OverlayResult::Close,
            _ => OverlayResult::Stay(false),
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        let text = self.worded.as_deref().unwrap_or(ui.t(self.question));
        let cap = if self.worded.is_some() { 64 } else { area.width };
        let width = (text.chars().count() as u16 + 6).min(cap).min(area.width);
        // Long questions wrap; the box grows to hold every line.
        let per_line = width.saturating_sub(4).max(1) as usize;
        let lines = wrapped_lines(text, per_line);
        let rect = area.centered(Constraint::Length(width), Constraint::Length((lines + 4).min(area.height)));
        let block = Block::bordered()
            .border_style(ui.theme.border())
            .title(Line::styled(format!(" {} ", ui.t(Msg::TitleConfirm)), ui.theme.title()));
        let inner = block.inner(rect);
        f.render_widget(Clear, rect);
        f.render_widget(block, rect);
        let body = inner.centered(Constraint::Length(inner.width.saturating_sub(2)), Constraint::Length(lines));
        let p = Paragraph::new(text).wrap(Wrap { trim: true });
        // A worded question runs over lines: left-aligned reads better.
        f.render_widget(if self.worded.is_some() { p } else { p.centered() }, body);
    }
}

/// How many lines `text` takes wrapped at word boundaries to `width`.
fn wrapped_lines(text: &str, width: usize) -> u16 {
    let mut lines = 1u16;
    let mut used = 0usize;
    for word in text.split(' ') {
        let n = word.chars().count();
        if used > 0 && used + 1 + n > width {
            lines += 1;
            used = n;
        } else {
            used += if used > 0 { 1 + n } else { n };
        }
    }
    lines
}
