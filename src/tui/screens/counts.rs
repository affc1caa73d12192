//! Frequency table (as VisiData's Shift-F): the whole filtered list counted
//! by one column, with a bar beside each count. Counting reads every
//! household of the list, so it runs as a background job. Tab picks the
//! next column; Enter opens the households behind a count.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Table, TableState};

use super::households::Households;
use super::{Cx, Effect, Screen, step, titled_block};
use crate::domain::eligibility::age_on;
use crate::domain::{DtksStatus, EnrolmentStatus, Household, Programme};
use crate::i18n::{Msg, fmt_count, text};
use crate::service::browse::{CountColumn, Filter};
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::job::{CountRows, Job, JobDone};

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

/// The age band code of [`CountColumn::AgeBand`] for an age.
pub fn age_band(age: u32) -> &'static str {
    match age {
        0..=6 => "0-6",
        7..=17 => "7-17",
        18..=59 => "18-59",
        _ => "60+",
    }
}

/// One value of the column and how many households or persons have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub code: String,
    pub value: String,
    pub count: u64,
}

#[derive(Debug)]
pub struct Counts {
    filter: Filter,
    /// The households loaded on the list screen, for the counts that have
    /// no filter of their own (sex, age band).
    loaded: Vec<String>,
    of: Option<String>,
    column: CountColumn,
    /// `None` while counting.
    groups: Option<Result<Vec<Group>, String>>,
    table: TableState,
    page: usize,
}

impl Counts {
    pub const HINTS: &'static [(Action, Msg)] =
        &[(Action::Open, Msg::HintOpen), (Action::NextPane, Msg::HintColumn), (Action::Back, Msg::HintBack)];

    /// The screen and the job that counts.
    pub fn new(filter: Filter, loaded: Vec<String>, of: Option<String>) -> (Self, Option<Job>) {
        let column = CountColumn::Kelurahan;
        let job = Job::Count { filter: filter.clone(), column };
        (Counts { filter, loaded, of, column, groups: None, table: TableState::default(), page: 10 }, Some(job))
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
        self.groups = Some(result.as_ref().map(groups_of).map_err(Clone::clone));
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
                Effect::Job(Job::Count { filter: self.filter.clone(), column: self.column })
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

    /// The households behind a count: the list with the count's value as a
    /// filter, or (sex, age band) the loaded households that have it.
    fn open(&self, g: &Group, cx: &Cx) -> Effect {
        let mut f = self.filter.clone();
        match self.column {
            CountColumn::Kelurahan => f.region = Some(g.code.clone()),
            CountColumn::Rw => {
                let (kel, rw) = g.code.split_once('/').unwrap_or((g.code.as_str(), ""));
                f.region = Some(kel.to_string());
                f.rw = rw.parse().ok();
            }
            CountColumn::Programme => {
                f.programme = Programme::parse(&g.code);
                f.enrolment = Some(f.enrolment.unwrap_or(EnrolmentStatus::Active));
            }
            CountColumn::Status => f.status = DtksStatus::parse(&g.code),
            CountColumn::Sex | CountColumn::AgeBand => {
                let hs: Vec<Household> = match cx.svc.households_of(&self.loaded) {
                    Ok(hs) => hs.into_iter().filter(|h| has_value(h, self.column, &g.code, cx)).collect(),
                    Err(e) => {
                        return Effect::Notice(
                            format!("{}: {}", text(cx.lang, Msg::LoadFailed), e.message(cx.lang)),
                            true,
                        );
                    }
                };
                let title = format!("{}: {}", text(cx.lang, column_title(self.column)), g.value);
                return Effect::Push(Screen::Households(Box::new(Households::subset(title, hs, cx))));
            }
        }
        // Households per kelurahan or RW are the list's own count; the list
        // counts itself for the person columns.
        let mut list = match self.column {
            CountColumn::Kelurahan | CountColumn::Rw => Households::filtered_counted(f, g.count, cx),
            _ => Households::filtered(f, cx),
        };
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
        let max = groups.iter().map(|g| g.count).max().unwrap_or(1).max(1);
        let bar_width = inner.width.saturating_sub(28 + 18 + 2).max(4) as u64;
        // Kelurahan and RW count households; the other columns persons.
        let unit = match self.column {
            CountColumn::Kelurahan | CountColumn::Rw => ui.t(Msg::UnitHouseholds).to_string(),
            _ => ui.t(Msg::ColMembers).to_lowercase(),
        };
        let count = format!("{} ({unit})", ui.t(Msg::CntCount));
        let header = Row::new([ui.t(Msg::CntValue).to_string(), count, String::new()]).style(ui.theme.heading());
        let rows = groups.iter().map(|g| {
            let len = (g.count * bar_width).div_ceil(max) as usize;
            Row::new([g.value.clone(), fmt_count(ui.lang, g.count), "█".repeat(len)])
        });
        let widths = [Constraint::Length(28), Constraint::Length(18), Constraint::Fill(1)];
        let t = Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected());
        f.render_stateful_widget(t, inner, &mut self.table);
    }
}

/// The counted rows, labelled in the session's language by the service.
fn groups_of(rows: &CountRows) -> Vec<Group> {
    rows.iter().map(|(code, label, count)| Group { code: code.clone(), value: label.clone(), count: *count }).collect()
}

fn has_value(h: &Household, column: CountColumn, code: &str, cx: &Cx) -> bool {
    h.members.iter().any(|p| match column {
        CountColumn::Sex => p.sex.code() == code,
        CountColumn::AgeBand => age_band(age_on(p.birth_date, cx.today)) == code,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_bands_have_exact_edges() {
        assert_eq!(age_band(0), "0-6");
        assert_eq!(age_band(6), "0-6");
        assert_eq!(age_band(7), "7-17");
        assert_eq!(age_band(17), "7-17");
        assert_eq!(age_band(18), "18-59");
        assert_eq!(age_band(59), "18-59");
        assert_eq!(age_band(60), "60+");
    }
}
