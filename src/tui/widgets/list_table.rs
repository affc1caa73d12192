//! The list screens' common part: loaded rows with a selection, moved by
//! the movement actions; an error line in place of the table when loading
//! failed; and a table with the heading row and the selection style.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use crate::i18n::{Lang, Msg};
use crate::service::ServiceError;
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::screens::{Effect, step};

use super::status_bar::fit;

/// Rows moved by PageUp / PageDown.
const PAGE: usize = 10;

#[derive(Debug)]
pub struct ListTable<T> {
    items: Vec<T>,
    state: TableState,
    error: Option<String>,
}

impl<T> ListTable<T> {
    /// The rows, the first one selected.
    pub fn new(items: Vec<T>) -> Self {
        let state = TableState::default().with_selected((!items.is_empty()).then_some(0));
        ListTable { items, state, error: None }
    }

    /// What a service call loaded, or no rows and its error in `lang`.
    pub fn loaded(r: Result<Vec<T>, ServiceError>, lang: Lang) -> Self {
        match r {
            Ok(items) => ListTable::new(items),
            Err(e) => ListTable { error: Some(e.message(lang)), ..ListTable::new(Vec::new()) },
        }
    }

    /// Selects the row `before` had selected, as rows read again keep the
    /// cursor's place (the last row when the list got shorter).
    pub fn select_like(&mut self, before: &ListTable<T>) {
        let len = self.items.len();
        let at = before.state.selected().unwrap_or(0);
        self.state.select(if len == 0 { None } else { Some(at.min(len - 1)) });
    }

    /// Shows `e` in place of the table.
    pub fn set_error(&mut self, e: String) {
        self.error = Some(e);
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }

    pub fn selected(&self) -> Option<&T> {
        self.state.selected().and_then(|i| self.items.get(i))
    }

    /// Moves the selection for a movement action; false for any other.
    pub fn navigate(&mut self, action: Action) -> bool {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.state.select(step(self.state.selected(), self.items.len(), action, PAGE));
                true
            }
            _ => false,
        }
    }

    /// The movement actions, and Enter on the selected row as `open` says;
    /// every other action is left to the caller.
    pub fn handle(&mut self, action: Action, open: impl FnOnce(&T) -> Option<Effect>) -> Effect {
        if self.navigate(action) {
            return Effect::Redraw;
        }
        match action {
            Action::Open => self.selected().and_then(open).unwrap_or(Effect::None),
            _ => Effect::Unhandled,
        }
    }

    /// Draws `block` around the table `table` makes of the rows, or
    /// around the error line.
    pub fn render<F>(&mut self, f: &mut Frame, area: Rect, ui: &Ui, block: Block<'static>, table: F)
    where
        F: for<'b> FnOnce(&'b [T]) -> Table<'b>,
    {
        if let Some(e) = &self.error {
            f.render_widget(Paragraph::new(e.clone()).style(ui.theme.error()).block(block), area);
            return;
        }
        f.render_stateful_widget(table(&self.items).block(block), area, &mut self.state);
    }
}

/// A table under a heading row of `header`, the selected row highlighted.
pub fn table<'a, const N: usize>(
    ui: &Ui,
    header: [Msg; N],
    rows: impl IntoIterator<Item = Row<'a>>,
    widths: [Constraint; N],
) -> Table<'a> {
    let header = Row::new(header.map(|m| ui.t(m))).style(ui.theme.heading());
    Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected())
}

/// The widths of the columns of a table `width` cells wide inside its
/// block, laid out as the table lays them out (spacing 1, from the start).
pub fn column_widths(width: u16, widths: &[Constraint]) -> Vec<usize> {
    ratatui::layout::Layout::horizontal(widths.iter().copied())
        .flex(ratatui::layout::Flex::Start)
        .spacing(1)
        .split(Rect::new(0, 0, width, 1))
        .iter()
        .map(|r| usize::from(r.width))
        .collect()
}

/// Each cell in its column's width, ending in "…" when it is longer,
/// instead of being cut where the column ends.
pub fn fit_cells(cols: &[usize], cells: impl IntoIterator<Item = String>) -> Vec<String> {
    cells.into_iter().enumerate().map(|(i, c)| fit(&c, cols.get(i).copied().unwrap_or(0))).collect()
}

/// Like [`table`], for a table `width` cells wide inside its block, with
/// every cell and heading fitted to its column ([`fit_cells`]).
pub fn fitted_table<const N: usize>(
    ui: &Ui,
    width: u16,
    header: [Msg; N],
    rows: impl IntoIterator<Item = [String; N]>,
    widths: [Constraint; N],
) -> Table<'static> {
    let cols = column_widths(width, &widths);
    let header = Row::new(fit_cells(&cols, header.map(|m| ui.t(m).to_string()))).style(ui.theme.heading());
    let rows: Vec<Row<'static>> = rows.into_iter().map(|r| Row::new(fit_cells(&cols, r))).collect();
    Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_moves_within_the_rows_and_enter_opens_the_selected() {
        let mut l = ListTable::new(vec!["a", "b", "c"]);
        assert_eq!(l.selected(), Some(&"a"));
        assert!(matches!(l.handle(Action::Up, |_| None), Effect::Redraw));
        assert_eq!(l.selected(), Some(&"a"));
        l.handle(Action::End, |_| None);
        assert_eq!(l.selected(), Some(&"c"));
        l.handle(Action::PageUp, |_| None);
        assert_eq!(l.selected(), Some(&"a"));
        l.handle(Action::Down, |_| None);
        let opened = l.handle(Action::Open, |s| Some(Effect::OpenHousehold(s.to_string())));
        assert!(matches!(opened, Effect::OpenHousehold(kk) if kk == "b"));
        assert!(matches!(l.handle(Action::Open, |_| None), Effect::None));
        assert!(matches!(l.handle(Action::Export, |_| None), Effect::Unhandled));
    }

    #[test]
    fn an_empty_list_selects_nothing_and_opens_nothing() {
        let mut l: ListTable<&str> = ListTable::new(Vec::new());
        assert!(matches!(l.handle(Action::Down, |_| None), Effect::Redraw));
        assert_eq!(l.selected(), None);
        assert!(matches!(l.handle(Action::Open, |_| Some(Effect::Redraw)), Effect::None));
    }
}
