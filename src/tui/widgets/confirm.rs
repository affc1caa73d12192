//! A yes/no question in a small box, such as "quit with unsaved changes?".

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::OverlayResult;
use crate::i18n::Msg;
use crate::tui::Ui;
use crate::tui::action::Action;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConfirmDialog {
    pub question: Msg,
    /// Run when the answer is yes.
    pub on_yes: Action,
}

impl ConfirmDialog {
    pub const HINTS: &'static [(Action, Msg)] = &[(Action::Confirm, Msg::HintYes), (Action::Cancel, Msg::HintNo)];

    pub fn new(question: Msg, on_yes: Action) -> Self {
        ConfirmDialog { question, on_yes }
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
        let width = (text.chars().count() as u16 + 6).min(area.width);
        let rect = area.centered(Constraint::Length(width), Constraint::Length(5));
        let block = Block::bordered()
            .border_style(ui.theme.border())
            .title(Line::styled(format!(" {} ", ui.t(Msg::TitleConfirm)), ui.theme.title()));
        let inner = block.inner(rect);
        f.render_widget(Clear, rect);
        f.render_widget(block, rect);
        let body = inner.centered(Constraint::Fill(1), Constraint::Length(1));
        f.render_widget(Paragraph::new(text).centered().wrap(Wrap { trim: true }), body);
    }
}
