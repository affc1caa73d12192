//! Frequency table (as VisiData's Shift-F): the rows of a list counted by
//! one column, with a bar beside each count. Tab picks the next column;
//! Enter opens the households behind a count.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Row, Table, TableState};

use super::households::Households;
use super::{Cx, Effect, Screen, step, titled_block};
use crate::domain::eligibility::age_on;
use crate::domain::{EnrolmentStatus, Household};
use crate::i18n::{Msg, fmt_count, text};
use crate::tui::Ui;
use crate::tui::action::Action;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountColumn {
    Kelurahan,
    Rw,
    Programme,
    Status,
    Sex,
    AgeBand,
}

impl CountColumn {
    pub const ALL: [CountColumn; 6] = [
        CountColumn::Kelurahan,
        CountColumn::Rw,
        CountColumn::Programme,
        CountColumn::Status,
        CountColumn::Sex,
        CountColumn::AgeBand,
    ];

    pub fn title(self) -> Msg {
        match self {
            CountColumn::Kelurahan => Msg::CntKelurahan,
            CountColumn::Rw => Msg::CntRw,
            CountColumn::Programme => Msg::CntProgramme,
            CountColumn::Status => Msg::CntStatus,
            CountColumn::Sex => Msg::CntSex,
            CountColumn::AgeBand => Msg::CntAge,
        }
    }

    /// Whether the column describes persons (counted as persons) rather
    /// than households.
    pub fn per_person(self) -> bool {
        matches!(self, CountColumn::Programme | CountColumn::Sex | CountColumn::AgeBand)
    }
}

/// The age bands of the programmes: KAJ (0–6), children (7–17), adults,
/// elderly (KLJ, 60+).
pub fn age_band(age: u32) -> &'static str {
    match age {
        0..=6 => "0–6",
        7..=17 => "7–17",
        18..=59 => "18–59",
        _ => "60+",
    }
}

/// One value of the column: how many rows have it, and which households.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub value: String,
    pub count: u64,
    pub households: Vec<usize>,
}

/// Counts `households` by `column`; the largest group first, ties by value.
pub fn count(households: &[Household], column: CountColumn, cx: &Cx) -> Vec<Group> {
    let en = cx.english();
    let mut groups: BTreeMap<String, (u64, Vec<usize>)> = BTreeMap::new();
    let mut add = |value: String, n: u64, i: usize| {
        let g = groups.entry(value).or_default();
        g.0 += n;
        if g.1.last() != Some(&i) {
            g.1.push(i);
        }
    };
    for (i, h) in households.iter().enumerate() {
        match column {
            CountColumn::Kelurahan => {
                let name = cx.svc.wilayah().name(&h.address.kelurahan).unwrap_or(&h.address.kelurahan);
                add(name.to_string(), 1, i);
            }
            CountColumn::Rw => add(format!("RW {:03}", h.address.rw), 1, i),
            CountColumn::Status => add(h.status().label(en).to_string(), 1, i),
            CountColumn::Sex => h.members.iter().for_each(|p| add(p.sex.label(en).to_string(), 1, i)),
            CountColumn::AgeBand => {
                h.members.iter().for_each(|p| add(age_band(age_on(p.birth_date, cx.today)).to_string(), 1, i))
            }
            CountColumn::Programme => {
                let mut any = false;
                for p in &h.members {
                    for e in p.enrolments.iter().filter(|e| e.status == EnrolmentStatus::Active) {
                        any = true;
                        add(e.programme.code().to_string(), 1, i);
                    }
                }
                if !any {
                    add(text(cx.lang, Msg::CntNone).to_string(), 1, i);
                }
            }
        }
    }
    let mut out: Vec<Group> =
        groups.into_iter().map(|(value, (count, households))| Group { value, count, households }).collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    out
}

#[derive(Debug)]
pub struct Counts {
    source: Vec<Household>,
    of: Option<String>,
    column: CountColumn,
    groups: Vec<Group>,
    table: TableState,
    page: usize,
}

impl Counts {
    pub const HINTS: &'static [(Action, Msg)] =
        &[(Action::Open, Msg::HintOpen), (Action::NextPane, Msg::HintColumn), (Action::Back, Msg::HintBack)];

    pub fn new(source: Vec<Household>, of: Option<String>, cx: &Cx) -> Self {
        let column = CountColumn::Kelurahan;
        let groups = count(&source, column, cx);
        let mut table = TableState::default();
        table.select(if groups.is_empty() { None } else { Some(0) });
        Counts { source, of, column, groups, table, page: 10 }
    }

    pub fn column(&self) -> CountColumn {
        self.column
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.table.select(step(self.table.selected(), self.groups.len(), action, self.page));
                Effect::Redraw
            }
            Action::NextPane | Action::PrevPane => {
                let n = CountColumn::ALL.len();
                let i = CountColumn::ALL.iter().position(|c| *c == self.column).unwrap_or(0);
                let j = if action == Action::NextPane { (i + 1) % n } else { (i + n - 1) % n };
                self.column = CountColumn::ALL[j];
                self.groups = count(&self.source, self.column, cx);
                self.table.select(if self.groups.is_empty() { None } else { Some(0) });
                Effect::Redraw
            }
            Action::Open => {
                let Some(g) = self.table.selected().and_then(|i| self.groups.get(i)) else {
                    return Effect::None;
                };
                let hs: Vec<Household> = g.households.iter().filter_map(|&i| self.source.get(i).cloned()).collect();
                let title = format!("{}: {}", text(cx.lang, self.column.title()), g.value);
                Effect::Push(Screen::Households(Households::subset(title, hs, cx)))
            }
            _ => Effect::Unhandled,
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let mut title = format!("{} {}", ui.t(Msg::CountsBy), ui.t(self.column.title()));
        if let Some(of) = &self.of {
            title.push_str(&format!(" · {of}"));
        }
        let block = titled_block(ui, title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        self.page = inner.height.saturating_sub(2).max(1) as usize;
        let max = self.groups.iter().map(|g| g.count).max().unwrap_or(1).max(1);
        let bar_width = inner.width.saturating_sub(24 + 10 + 2).max(4) as u64;
        let header = Row::new([ui.t(Msg::CntValue), ui.t(Msg::CntCount), ""]).style(ui.theme.heading());
        let rows = self.groups.iter().map(|g| {
            let len = (g.count * bar_width).div_ceil(max) as usize;
            Row::new([g.value.clone(), fmt_count(ui.lang, g.count), "█".repeat(len)])
        });
        let widths = [Constraint::Length(24), Constraint::Length(10), Constraint::Fill(1)];
        let t = Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected());
        f.render_stateful_widget(t, inner, &mut self.table);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_bands_have_exact_edges() {
        assert_eq!(age_band(0), "0–6");
        assert_eq!(age_band(6), "0–6");
        assert_eq!(age_band(7), "7–17");
        assert_eq!(age_band(17), "7–17");
        assert_eq!(age_band(18), "18–59");
        assert_eq!(age_band(59), "18–59");
        assert_eq!(age_band(60), "60+");
    }
}
