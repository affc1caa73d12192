//! Terakhir dilihat: the households opened in this session, newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Paragraph, Row, Table, TableState};

use super::{Effect, step, titled_block};
use crate::i18n::Msg;
use crate::tui::Ui;
use crate::tui::action::Action;

/// How many households the session remembers.
pub const KEEP: usize = 20;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecentItem {
    pub no_kk: String,
    pub head: String,
    pub address: String,
}

/// Puts `item` first, dropping an older entry for the same KK and the
/// oldest beyond `KEEP`.
pub fn remember(list: &mut Vec<RecentItem>, item: RecentItem) {
    list.retain(|r| r.no_kk != item.no_kk);
    list.insert(0, item);
    list.truncate(KEEP);
}

#[derive(Debug)]
pub struct Recent {
    items: Vec<RecentItem>,
    table: TableState,
}

impl Recent {
    pub const HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintOpenHh), (Action::Back, Msg::HintBack)];

    pub fn new(items: Vec<RecentItem>) -> Self {
        let mut table = TableState::default();
        table.select(if items.is_empty() { None } else { Some(0) });
        Recent { items, table }
    }

    pub fn handle(&mut self, action: Action) -> Effect {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.table.select(step(self.table.selected(), self.items.len(), action, 10));
                Effect::Redraw
            }
            Action::Open => match self.table.selected().and_then(|i| self.items.get(i)) {
                Some(r) => Effect::OpenHousehold(r.no_kk.clone()),
                None => Effect::None,
            },
            _ => Effect::Unhandled,
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = titled_block(ui, ui.t(Msg::TitleRecent).to_string());
        let inner = block.inner(area);
        f.render_widget(block, area);
        if self.items.is_empty() {
            f.render_widget(Paragraph::new(ui.t(Msg::RecentEmpty)).style(ui.theme.dim()), inner);
            return;
        }
        let header = Row::new([ui.t(Msg::ColKk), ui.t(Msg::ColHead), ui.t(Msg::ColAddress)]).style(ui.theme.heading());
        let rows = self.items.iter().map(|r| Row::new([r.no_kk.clone(), r.head.clone(), r.address.clone()]));
        let widths = [Constraint::Length(16), Constraint::Length(24), Constraint::Fill(1)];
        let t = Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected());
        f.render_stateful_widget(t, inner, &mut self.table);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kk: &str) -> RecentItem {
        RecentItem { no_kk: kk.into(), head: String::new(), address: String::new() }
    }

    #[test]
    fn reopening_moves_to_the_front_and_the_list_is_bounded() {
        let mut l = Vec::new();
        for i in 0..KEEP + 3 {
            remember(&mut l, item(&i.to_string()));
        }
        assert_eq!(l.len(), KEEP);
        assert_eq!(l[0].no_kk, (KEEP + 2).to_string());
        assert_eq!(l[KEEP - 1].no_kk, "3");
        remember(&mut l, item("10"));
        assert_eq!(l.len(), KEEP);
        assert_eq!(l[0].no_kk, "10");
        assert_eq!(l.iter().filter(|r| r.no_kk == "10").count(), 1);
    }
}
