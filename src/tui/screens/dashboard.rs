//! Beranda: the first screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::Effect;
use crate::i18n::Msg;
use crate::tui::Ui;
use crate::tui::action::Action;

#[derive(Debug, Default)]
pub struct Dashboard {}

impl Dashboard {
    pub const HINTS: &'static [(Action, Msg)] = &[];

    pub fn new() -> Self {
        Dashboard {}
    }

    pub fn handle(&mut self, _action: Action) -> Effect {
        Effect::Unhandled
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = Block::bordered()
            .border_style(ui.theme.border())
            .title(Line::styled(format!(" {} ", ui.t(Msg::TitleDashboard)), ui.theme.title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let line = inner.centered(Constraint::Fill(1), Constraint::Length(1));
        f.render_widget(Paragraph::new(ui.t(Msg::DashboardBody)).centered(), line);
    }
}
