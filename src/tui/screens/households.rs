//! Rumah Tangga: every household, filtered as you type (name with the
//! register's folding, NIK or No. KK). Tab moves between the search box and
//! the table; Enter opens the selected household.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};

use super::counts::Counts;
use super::{Cx, Effect, Screen, step, titled_block};
use crate::domain::{Household, names};
use crate::formats::{CsvExporter, XlsxExporter};
use crate::i18n::{Msg, fmt_count};
use crate::service::{Result as SvcResult, Service};
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::keymap::KeyChord;
use crate::tui::widgets::TextInput;

/// Households loaded per query; the table says when there are more.
pub const LIMIT: usize = 200;

/// One table row, prepared when the list changes so drawing does no work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HouseholdRow {
    pub no_kk: String,
    pub head: String,
    pub address: String,
    pub rt_rw: String,
    pub members: usize,
    pub status: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Focus {
    Search,
    List,
}

#[derive(Debug)]
pub struct Households {
    input: TextInput,
    focus: Focus,
    /// A fixed set (from a count) that the search narrows, with its title.
    subset: Option<(String, Vec<Household>)>,
    households: Vec<Household>,
    lines: Vec<HouseholdRow>,
    more: bool,
    table: TableState,
    page: usize,
    error: Option<String>,
}

impl Households {
    const SEARCH_HINTS: &'static [(Action, Msg)] =
        &[(Action::Open, Msg::HintOpen), (Action::NextPane, Msg::HintList), (Action::Back, Msg::HintBack)];
    const LIST_HINTS: &'static [(Action, Msg)] = &[
        (Action::Open, Msg::HintOpen),
        (Action::Search, Msg::HintSearchBox),
        (Action::Counts, Msg::HintCounts),
        (Action::Export, Msg::HintExport),
    ];

    /// The whole register, unfiltered.
    pub fn new(cx: &Cx) -> Self {
        let mut s = Households {
            input: TextInput::default(),
            focus: Focus::Search,
            subset: None,
            households: Vec::new(),
            lines: Vec::new(),
            more: false,
            table: TableState::default(),
            page: 10,
            error: None,
        };
        s.refresh(cx);
        s
    }

    /// The households behind one count.
    pub fn subset(title: String, households: Vec<Household>, cx: &Cx) -> Self {
        let mut s = Households::new_empty();
        s.subset = Some((title, households));
        s.focus = Focus::List;
        s.refresh(cx);
        s
    }

    fn new_empty() -> Self {
        Households {
            input: TextInput::default(),
            focus: Focus::Search,
            subset: None,
            households: Vec::new(),
            lines: Vec::new(),
            more: false,
            table: TableState::default(),
            page: 10,
            error: None,
        }
    }

    pub fn query(&self) -> &str {
        self.input.value()
    }

    pub fn lines(&self) -> &[HouseholdRow] {
        &self.lines
    }

    pub fn selected(&self) -> Option<usize> {
        self.table.selected()
    }

    pub fn text_focused(&self) -> bool {
        self.focus == Focus::Search
    }

    pub fn hints(&self) -> &'static [(Action, Msg)] {
        match self.focus {
            Focus::Search => Self::SEARCH_HINTS,
            Focus::List => Self::LIST_HINTS,
        }
    }

    fn refresh(&mut self, cx: &Cx) {
        let q = self.input.value().to_string();
        let found = match &self.subset {
            Some((_, all)) => Ok((all.iter().filter(|h| matches_local(h, &q)).cloned().collect(), false)),
            None => search(cx.svc, &q, LIMIT),
        };
        match found {
            Ok((hs, more)) => {
                self.lines = hs.iter().map(|h| line_of(h, cx)).collect();
                self.households = hs;
                self.more = more;
                self.error = None;
            }
            Err(e) => {
                self.households.clear();
                self.lines.clear();
                self.more = false;
                self.error = Some(e.to_string());
            }
        }
        self.table.select(if self.lines.is_empty() { None } else { Some(0) });
        *self.table.offset_mut() = 0;
    }

    pub fn type_key(&mut self, chord: KeyChord, cx: &Cx) -> Effect {
        if self.input.handle(chord) {
            self.refresh(cx);
            Effect::Redraw
        } else {
            Effect::None
        }
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                if self.focus == Focus::Search && action == Action::Down {
                    self.focus = Focus::List;
                }
                let next = step(self.table.selected(), self.lines.len(), action, self.page);
                self.table.select(next);
                Effect::Redraw
            }
            Action::NextPane | Action::PrevPane => {
                self.focus = if self.focus == Focus::Search { Focus::List } else { Focus::Search };
                Effect::Redraw
            }
            Action::Search => {
                self.focus = Focus::Search;
                Effect::Redraw
            }
            Action::FilterClear if !self.input.value().is_empty() => {
                self.input = TextInput::default();
                self.refresh(cx);
                Effect::Redraw
            }
            Action::Open => match self.table.selected().and_then(|i| self.lines.get(i)) {
                Some(l) => Effect::OpenHousehold(l.no_kk.clone()),
                None => Effect::None,
            },
            Action::Counts => {
                let title = self.subset.as_ref().map(|(t, _)| t.clone());
                Effect::Push(Screen::Counts(Counts::new(self.households.clone(), title, cx)))
            }
            Action::Export | Action::ExportCsv => self.export(action == Action::ExportCsv, cx),
            _ => Effect::Unhandled,
        }
    }

    fn export(&self, csv: bool, cx: &Cx) -> Effect {
        let stamp = cx.today.format("%Y%m%d");
        let base = match cx.lang {
            crate::i18n::Lang::Id => "dtks-rumah-tangga",
            crate::i18n::Lang::En => "dtks-households",
        };
        // The export covers the whole filtered list, not just the rows loaded.
        let all = match &self.subset {
            Some(_) => Ok(self.households.clone()),
            None => search(cx.svc, self.input.value(), usize::MAX).map(|(h, _)| h),
        };
        let result = all.map_err(|e| e.to_string()).and_then(|hs| {
            if csv {
                let dir = PathBuf::from(format!("{base}-{stamp}"));
                let mut ex = CsvExporter::create(&dir).map_err(|e| e.to_string())?;
                for h in &hs {
                    ex.push(h).map_err(|e| e.to_string())?;
                }
                ex.finish().map_err(|e| e.to_string()).map(|n| (n, format!("{}/", dir.display())))
            } else {
                let path = PathBuf::from(format!("{base}-{stamp}.xlsx"));
                let mut ex = XlsxExporter::create(&path).map_err(|e| e.to_string())?;
                for h in &hs {
                    ex.push(h).map_err(|e| e.to_string())?;
                }
                ex.finish().map_err(|e| e.to_string()).map(|n| (n, path.display().to_string()))
            }
        });
        let t = |m| crate::i18n::text(cx.lang, m);
        match result {
            Ok((n, name)) => Effect::Notice(
                format!("{} {name} ({} {})", t(Msg::ExportDone), fmt_count(cx.lang, n), t(Msg::UnitHouseholds)),
                false,
            ),
            Err(e) => Effect::Notice(format!("{}: {e}", t(Msg::ExportFailed)), true),
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let title = match &self.subset {
            Some((t, _)) => format!("{} · {t}", ui.t(Msg::TitleHouseholds)),
            None => ui.t(Msg::TitleHouseholds).to_string(),
        };
        let block = titled_block(ui, title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [search, table, foot] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)]).areas(inner);

        let label = format!("{}: ", ui.t(Msg::SearchLabel));
        let box_style = if self.focus == Focus::Search { ui.theme.selected() } else { ui.theme.dim() };
        let value = self.input.value();
        let line = Line::from(vec![
            Span::styled(label.clone(), ui.theme.heading()),
            Span::styled(format!("{value} "), box_style),
        ]);
        f.render_widget(Paragraph::new(line), search);
        if self.focus == Focus::Search {
            let x = search.x + (label.chars().count() + self.input.cursor()) as u16;
            f.set_cursor_position((x.min(search.right().saturating_sub(1)), search.y));
        }

        self.page = table.height.saturating_sub(2).max(1) as usize;
        let header = Row::new([
            ui.t(Msg::ColKk),
            ui.t(Msg::ColHead),
            ui.t(Msg::ColAddress),
            ui.t(Msg::ColRtRw),
            ui.t(Msg::ColMembers),
            ui.t(Msg::ColStatus),
        ])
        .style(ui.theme.heading());
        let rows = self.lines.iter().map(|l| {
            Row::new([
                l.no_kk.clone(),
                l.head.clone(),
                l.address.clone(),
                l.rt_rw.clone(),
                l.members.to_string(),
                l.status.clone(),
            ])
        });
        let widths = [
            Constraint::Length(16),
            Constraint::Length(20),
            Constraint::Fill(1),
            Constraint::Length(7),
            Constraint::Length(5),
            Constraint::Length(9),
        ];
        let highlight = if self.focus == Focus::List {
            ui.theme.selected()
        } else {
            ui.theme.dim().add_modifier(ratatui::style::Modifier::REVERSED)
        };
        let t = Table::new(rows, widths).header(header).row_highlight_style(highlight);
        f.render_stateful_widget(t, table, &mut self.table);

        let foot_line = if let Some(e) = &self.error {
            Line::styled(format!("{}: {e}", ui.t(Msg::LoadFailed)), ui.theme.error())
        } else if self.lines.is_empty() {
            Line::styled(ui.t(Msg::NoResults), ui.theme.dim())
        } else {
            let mut s = format!("{} {}", fmt_count(ui.lang, self.lines.len() as u64), ui.t(Msg::UnitHouseholds));
            if self.more {
                s.push_str(&format!(" {}", ui.t(Msg::MoreRows)));
            }
            Line::styled(s, ui.theme.dim())
        };
        f.render_widget(Paragraph::new(foot_line), foot);
    }
}

fn line_of(h: &Household, cx: &Cx) -> HouseholdRow {
    let kel = cx.svc.wilayah().name(&h.address.kelurahan).unwrap_or(&h.address.kelurahan);
    HouseholdRow {
        no_kk: h.no_kk.clone(),
        head: h.head().or(h.members.first()).map(|p| p.name.clone()).unwrap_or_default(),
        address: format!("{}, {kel}", h.address.street),
        rt_rw: format!("{:03}/{:03}", h.address.rt, h.address.rw),
        members: h.members.len(),
        status: h.status().label(cx.english()).to_string(),
    }
}

/// A household matches a query locally when a member's folded name has the
/// query's words as prefixes, or a NIK/No. KK starts with its digits.
fn matches_local(h: &Household, q: &str) -> bool {
    let q = q.trim();
    if q.is_empty() {
        return true;
    }
    if q.bytes().all(|b| b.is_ascii_digit()) {
        return h.no_kk.starts_with(q) || h.members.iter().any(|p| p.nik.starts_with(q));
    }
    let folded = names::fold_query(q);
    h.members.iter().any(|p| names::matches(&folded, &names::fold(&p.name)))
        || names::fold(&h.address.street).contains(&folded)
}

/// Households for a query: a 16-digit NIK or No. KK, otherwise names
/// (empty = everyone). Returns whether more than `limit` exist.
pub fn search(svc: &Service, q: &str, limit: usize) -> SvcResult<(Vec<Household>, bool)> {
    let q = q.trim();
    let digits: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let mut out = Vec::new();
        if digits.len() == 16 {
            for kk in svc.store().kks_by_nik(&digits)? {
                if let Some(h) = svc.store().household(&kk)? {
                    out.push(h);
                }
            }
            if out.is_empty()
                && let Some(h) = svc.store().household(&digits)?
            {
                out.push(h);
            }
        }
        return Ok((out, false));
    }
    let folded = names::fold_query(q);
    let hits = svc.store().search_names(&folded, limit.saturating_mul(4).max(limit))?;
    let mut seen = std::collections::HashSet::new();
    let mut kks: Vec<String> = Vec::new();
    for hit in hits {
        if seen.insert(hit.no_kk.clone()) {
            kks.push(hit.no_kk);
        }
    }
    let more = kks.len() > limit;
    kks.truncate(limit);
    let mut out = Vec::with_capacity(kks.len());
    for kk in kks {
        if let Some(h) = svc.store().household(&kk)? {
            out.push(h);
        }
    }
    Ok((out, more))
}
