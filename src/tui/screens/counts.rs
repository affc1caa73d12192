//! Frequency table (as VisiData's Shift-F): the whole filtered list counted
//! by one column, with a bar beside each count. Counting reads every
//! household of the list, so it runs as a background job. Tab picks the
//! next column; Enter opens the households behind a count, a list whose
//! total is the count's (both come from `Filter::for_count`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Table, TableState};

use super::households::Households;
use super::{Cx, Effect, Screen, step, titled_block};
use crate::i18n::{Msg, fmt_count, text};
use crate::service::browse::{CountColumn, CountRow, Filter};
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::job::{Cancel, Job, JobDone};

/// The columns in the order Tab visits them.
pub const COLUMNS: [CountColumn; 6] = [
    CountColumn::Kelurahan,
    CountColumn::Rw,
    CountColumn::Programme,
    CountColumn::Status,
    CountColumn::Sex,
    CountColumn::AgeBand,
];

pub fn column_title(c: CountColumn) -> Msg {
    match c {
        CountColumn::Kelurahan => Msg::CntKelurahan,
        CountColumn::Rw => Msg::CntRw,
        CountColumn::Programme => Msg::CntProgramme,
        CountColumn::Status => Msg::CntStatus,
        CountColumn::Sex => Msg::CntSex,
        CountColumn::AgeBand => Msg::CntAge,
    }
}

/// One value of the column: the households of the list it opens, and
/// the persons of those who have the value.
pub type Group = CountRow;

#[derive(Debug)]
pub struct Counts {
    filter: Filter,
    of: Option<String>,
    column: CountColumn,
    /// `None` while counting.
    groups: Option<Result<Vec<Group>, String>>,
    /// Stops the count running for the column shown.
    cancel: Cancel,
    table: TableState,
    page: usize,
}

impl Counts {
    pub const HINTS: &'static [(Action, Msg)] =
        &[(Action::Open, Msg::HintOpen), (Action::NextPane, Msg::HintColumn), (Action::Back, Msg::HintBack)];

    /// The screen and the job that counts.
    pub fn new(filter: Filter, of: Option<String>) -> (Self, Option<Job>) {
        let column = CountColumn::Kelurahan;
        let cancel = Cancel::default();
        let job = Job::Count { filter: filter.clone(), column, cancel: cancel.clone() };
        (Counts { filter, of, column, groups: None, cancel, table: TableState::default(), page: 10 }, Some(job))
    }

    pub fn column(&self) -> CountColumn {
        self.column
    }

    /// The counts, empty while counting.
    pub fn groups(&self) -> &[Group] {
        match &self.groups {
            Some(Ok(g)) => g,
            _ => &[],
        }
    }

    pub fn counting(&self) -> bool {
        self.groups.is_none()
    }

    pub fn on_job(&mut self, done: &JobDone, _cx: &Cx) -> bool {
        let JobDone::Count { filter, column, result } = done else {
            return false;
        };
        if *filter != self.filter || *column != self.column {
            return false; // an older request
        }
        self.groups = match result {
            Ok(None) => return false, // cancelled
            Ok(Some(rows)) => Some(Ok(rows.clone())),
            Err(e) => Some(Err(e.clone())),
        };
        let n = self.groups().len();
        self.table.select((n > 0).then_some(0));
        true
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.table.select(step(self.table.selected(), self.groups().len(), action, self.page));
                Effect::Redraw
            }
            Action::NextPane | Action::PrevPane => {
                let n = COLUMNS.len();
                let i = COLUMNS.iter().position(|c| *c == self.column).unwrap_or(0);
                let j = if action == Action::NextPane { (i + 1) % n } else { (i + n - 1) % n };
                self.column = COLUMNS[j];
                self.groups = None;
                self.table.select(None);
                // The count of the column left is no longer wanted.
                self.cancel.cancel();
                self.cancel = Cancel::default();
                Effect::Job(Job::Count {
                    filter: self.filter.clone(),
                    column: self.column,
                    cancel: self.cancel.clone(),
                })
            }
            Action::Open => {
                let Some(g) = self.table.selected().and_then(|i| self.groups().get(i)).cloned() else {
                    return Effect::None;
                };
                self.open(&g, cx)
            }
            _ => Effect::Unhandled,
        }
    }

    /// The list behind a count row: this list narrowed to the row's value.
    pub fn list_filter(&self, g: &Group, cx: &Cx) -> Option<Filter> {
        self.filter.for_count(self.column, &g.code, cx.today)
    }

    /// The households behind a count, the count known as the list's total.
    fn open(&self, g: &Group, cx: &Cx) -> Effect {
        let Some(f) = self.list_filter(g, cx) else {
            return Effect::Notice(text(cx.lang, Msg::LoadFailed).to_string(), true);
        };
        let mut list = Households::filtered_counted(f, g.households, cx);
        match list.next_job() {
            Some(job) => Effect::PushJob(Screen::Households(Box::new(list)), job),
            None => Effect::Push(Screen::Households(Box::new(list))),
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let mut title = format!("{} {}", ui.t(Msg::CountsBy), ui.t(column_title(self.column)));
        if let Some(of) = &self.of {
            title.push_str(&format!(" · {of}"));
        }
        let block = titled_block(ui, title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let groups = match &self.groups {
            None => {
                f.render_widget(Paragraph::new(Line::styled(ui.t(Msg::DashCounting), ui.theme.dim())), inner);
                return;
            }
            Some(Err(e)) => {
                let l = Line::styled(format!("{}: {e}", ui.t(Msg::StatsFailed)), ui.theme.error());
                f.render_widget(Paragraph::new(l), inner);
                return;
            }
            Some(Ok(g)) => g,
        };
        self.page = inner.height.saturating_sub(2).max(1) as usize;
        let max = groups.iter().map(|g| g.households).max().unwrap_or(1).max(1);
        let bar_width = inner.width.saturating_sub(28 + 11 + 11 + 3).max(4) as u64;
        // Households first: that is the total of the list Enter opens.
        let header = Row::new([
            ui.t(Msg::CntValue).to_string(),
            format!("{:>10}", capitalised(ui.t(Msg::UnitHouseholds))),
            format!("{:>10}", capitalised(ui.t(Msg::UnitPersons))),
            String::new(),
        ])
        .style(ui.theme.heading());
        let rows = groups.iter().map(|g| {
            let len = (g.households * bar_width).div_ceil(max) as usize;
            Row::new([
                g.label.clone(),
                format!("{:>10}", fmt_count(ui.lang, g.households)),
                format!("{:>10}", fmt_count(ui.lang, g.persons)),
                "█".repeat(len),
            ])
        });
        let widths = [Constraint::Length(28), Constraint::Length(11), Constraint::Length(11), Constraint::Fill(1)];
        let t = Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected());
        f.render_stateful_widget(t, inner, &mut self.table);
    }
}

/// Leaving the screen stops its count.
impl Drop for Counts {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// "keluarga" → "Keluarga", for a column header.
fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}
