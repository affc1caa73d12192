//! Terakhir dilihat: the households opened in this session, newest first.

use crate::i18n::visible::shown;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Paragraph, Row};

use super::{Effect, titled_block};
use crate::i18n::Msg;
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::widgets::ListTable;
use crate::tui::widgets::list_table::table;

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
    list: ListTable<RecentItem>,
}

impl Recent {
    pub const HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintOpenHh), (Action::Back, Msg::HintBack)];

    pub fn new(items: Vec<RecentItem>) -> Self {
        Recent { list: ListTable::new(items) }
    }

    pub fn handle(&mut self, action: Action) -> Effect {
        self.list.handle(action, |r| Some(Effect::OpenHousehold(r.no_kk.clone())))
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = titled_block(ui, ui.t(Msg::TitleRecent).to_string());
        if self.list.items().is_empty() {
            f.render_widget(Paragraph::new(ui.t(Msg::RecentEmpty)).style(ui.theme.dim()).block(block), area);
            return;
        }
        self.list.render(f, area, ui, block, |items| {
            let rows = items.iter().map(|r| Row::new([r.no_kk.clone(), shown(&r.head), shown(&r.address)]));
            let widths = [Constraint::Length(16), Constraint::Length(24), Constraint::Fill(1)];
            table(ui, [Msg::ColKk, Msg::ColHead, Msg::ColAddress], rows, widths)
        });
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
