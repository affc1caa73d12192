//! Drawn instead of everything else when the terminal is below the minimum.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use crate::i18n::fmt_too_small;
use crate::tui::{MIN_HEIGHT, MIN_WIDTH, Ui};

pub fn render(f: &mut Frame, area: Rect, ui: &Ui) {
    let msg = fmt_too_small(ui.lang, MIN_WIDTH, MIN_HEIGHT, area.width, area.height);
    let rows = if (msg.chars().count() as u16) <= area.width { 1 } else { 3 };
    let line = area.centered(Constraint::Fill(1), Constraint::Length(rows));
    let p = Paragraph::new(msg).style(ui.theme.error()).centered().wrap(Wrap { trim: true });
    f.render_widget(p, line);
}
