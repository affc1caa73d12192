//! A yes/no question in a small box, such as "quit with unsaved changes?",
//! optionally with the particulars below it (what will happen, to whom).

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
    /// Said under the question, already in the user's language.
    pub detail: Option<String>,
    /// Run when the answer is yes.
    pub on_yes: Action,
}

impl ConfirmDialog {
    pub const HINTS: &'static [(Action, Msg)] = &[(Action::Confirm, Msg::HintYes), (Action::Cancel, Msg::HintNo)];

    pub fn new(question: Msg, on_yes: Action) -> Self {
        ConfirmDialog { question, detail: None, on_yes }
    }

    pub fn with_detail(question: Msg, detail: String, on_yes: Action) -> Self {
        ConfirmDialog { question, detail: Some(detail), on_yes }
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
        let text = ui.t(self.question);
        let block = Block::bordered()
            .border_style(ui.theme.border())
            .title(Line::styled(format!(" {} ", ui.t(Msg::TitleConfirm)), ui.theme.title()));
        let Some(detail) = &self.detail else {
            let width = (text.chars().count() as u16 + 6).min(area.width);
            let rect = area.centered(Constraint::Length(width), Constraint::Length(5));
            let inner = block.inner(rect);
            f.render_widget(Clear, rect);
            f.render_widget(block, rect);
            let body = inner.centered(Constraint::Fill(1), Constraint::Length(1));
            f.render_widget(Paragraph::new(text).centered().wrap(Wrap { trim: true }), body);
            return;
        };
        // The particulars wrap inside a box of at most 70 columns.
        let longest = detail.lines().chain([text]).map(|l| l.chars().count()).max().unwrap_or(0) as u16;
        let width = (longest + 4).clamp(30, 70).min(area.width);
        let inner_w = width.saturating_sub(4).max(1) as usize;
        let rows: usize = detail.lines().map(|l| l.chars().count().div_ceil(inner_w).max(1)).sum();
        let height = (rows as u16 + 4).min(area.height);
        let rect = area.centered(Constraint::Length(width), Constraint::Length(height));
        let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
        f.render_widget(Clear, rect);
        f.render_widget(block, rect);
        let mut lines = vec![Line::styled(text, ui.theme.heading()), Line::raw("")];
        lines.extend(detail.lines().map(|l| Line::raw(l.to_string())));
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    }
}
