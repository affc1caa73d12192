//! Rumah Tangga: the household browser. The search box finds households as
//! you type (NIK or No. KK prefixes, names with the register's folding,
//! street fragments, kelurahan names); the filter popup (F2) narrows by
//! area, RW, RT, programme and DTKS status. The table is a window on the
//! list: only the rows in view plus a small margin are read, so it scrolls
//! the whole register. Tab moves between the search box and the table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph, Row, Table, TableState};

use super::counts::Counts;
use super::{Cx, Effect, Screen, titled_block};
use crate::domain::search::matches_query;
use crate::domain::wilayah::Wilayah;
use crate::domain::{DtksStatus, Household, Programme};
use crate::i18n::{Lang, Msg, fmt_count, text};
use crate::service::browse::{Filter, Hit, HouseholdLine};
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::keymap::KeyChord;
use crate::tui::widgets::TextInput;
use crossterm::event::KeyCode;

mod filter;
use filter::FilterPopup;
pub use filter::{Field, describe};

/// Rows read beyond the visible ones when the window moves.
pub const MARGIN: usize = 10;
/// Visible rows assumed before the first draw.
const FIRST_PAGE: usize = 40;

/// One table row, prepared when the window changes so drawing does no work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HouseholdRow {
    pub no_kk: String,
    pub head: String,
    /// The member the query found, when not the head.
    pub matched: Option<String>,
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
    /// Every criterion but the query (which is the search box).
    filter: Filter,
    /// The active filters in words, for the line above the table.
    filter_text: String,
    /// The name of the chosen area.
    region_name: String,
    /// A fixed set (from a count with no filter of its own), with its title.
    subset: Option<(String, Vec<Household>)>,
    /// The window: a run of consecutive rows of the list.
    lines: Vec<HouseholdRow>,
    /// Where to read on after the window's last row (before its first), and
    /// whether more rows may be there.
    after: Option<String>,
    more_after: bool,
    before: Option<String>,
    more_before: bool,
    /// Position of `lines[0]` in the whole list, when known.
    base: Option<u64>,
    /// Households in the register, shown when nothing narrows the list.
    total: Option<u64>,
    selected: Option<usize>,
    offset: usize,
    /// Visible table rows at the last draw.
    page: usize,
    popup: Option<FilterPopup>,
    error: Option<String>,
}

impl Households {
    const SEARCH_HINTS: &'static [(Action, Msg)] = &[
        (Action::Open, Msg::HintOpen),
        (Action::NextPane, Msg::HintList),
        (Action::Filter, Msg::HintFilter),
        (Action::Back, Msg::HintBack),
    ];
    const LIST_HINTS: &'static [(Action, Msg)] = &[
        (Action::Open, Msg::HintOpen),
        (Action::Filter, Msg::HintFilter),
        (Action::Counts, Msg::HintCounts),
        (Action::Export, Msg::HintExport),
    ];
    const POPUP_HINTS: &'static [(Action, Msg)] =
        &[(Action::Open, Msg::HintChoose), (Action::FilterClear, Msg::HintClearFilters), (Action::Back, Msg::HintDone)];

    fn empty() -> Self {
        Households {
            input: TextInput::default(),
            focus: Focus::Search,
            filter: Filter::default(),
            filter_text: String::new(),
            region_name: String::new(),
            subset: None,
            lines: Vec::new(),
            after: None,
            more_after: false,
            before: None,
            more_before: false,
            base: Some(0),
            total: None,
            selected: None,
            offset: 0,
            page: FIRST_PAGE,
            popup: None,
            error: None,
        }
    }

    /// The whole register, unfiltered.
    pub fn new(cx: &Cx) -> Self {
        let mut s = Households::empty();
        s.total = cx.svc.household_count().ok();
        s.set_filter(Filter::default(), cx);
        s
    }

    /// The list a filter describes (its query goes into the search box).
    pub fn filtered(filter: Filter, cx: &Cx) -> Self {
        let mut s = Households::empty();
        s.total = cx.svc.household_count().ok();
        for c in filter.query.chars() {
            s.input.handle(KeyChord::from(crossterm::event::KeyEvent::from(KeyCode::Char(c))));
        }
        s.focus = Focus::List;
        s.set_filter(Filter { query: String::new(), ..filter }, cx);
        s
    }

    /// The households behind one count that has no filter of its own.
    pub fn subset(title: String, households: Vec<Household>, cx: &Cx) -> Self {
        let mut s = Households::empty();
        s.subset = Some((title, households));
        s.focus = Focus::List;
        s.set_filter(Filter::default(), cx);
        s
    }

    pub fn query(&self) -> &str {
        self.input.value()
    }

    /// The rows read now (the window), in list order.
    pub fn lines(&self) -> &[HouseholdRow] {
        &self.lines
    }

    /// Index of the selected row in [`Self::lines`].
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// The selected household's row.
    pub fn selected_line(&self) -> Option<&HouseholdRow> {
        self.selected.and_then(|i| self.lines.get(i))
    }

    /// Position of the selected row in the whole list (0-based), if known.
    pub fn position(&self) -> Option<u64> {
        Some(self.base? + self.selected? as u64)
    }

    /// Whether rows may follow the window (more households to scroll to).
    pub fn more(&self) -> bool {
        self.more_after
    }

    /// The criteria set, with the query of the search box.
    pub fn filter(&self) -> Filter {
        Filter { query: self.input.value().trim().to_string(), ..self.filter.clone() }
    }

    pub fn filter_open(&self) -> bool {
        self.popup.is_some()
    }

    pub fn text_focused(&self) -> bool {
        self.focus == Focus::Search || self.popup.is_some()
    }

    pub fn hints(&self) -> &'static [(Action, Msg)] {
        if self.popup.is_some() {
            return Self::POPUP_HINTS;
        }
        match self.focus {
            Focus::Search => Self::SEARCH_HINTS,
            Focus::List => Self::LIST_HINTS,
        }
    }

    fn set_filter(&mut self, filter: Filter, cx: &Cx) {
        self.filter = filter;
        self.filter_text = describe(&self.filter, cx.svc.wilayah(), cx.lang);
        self.region_name = self
            .filter
            .region
            .as_deref()
            .map_or(String::new(), |r| cx.svc.wilayah().name(r).map_or(r.to_string(), str::to_string));
        self.reload(cx);
    }

    /// The window at the top of the list.
    fn reload(&mut self, cx: &Cx) {
        self.error = None;
        self.base = Some(0);
        self.before = None;
        self.more_before = false;
        self.offset = 0;
        if let Some((_, all)) = &self.subset {
            let q = self.input.value().to_string();
            let rows: Vec<HouseholdRow> = all
                .iter()
                .filter(|h| self.filter.admits(h) && matches_query(h, &q))
                .map(|h| row_of(&HouseholdLine::of(h, cx.svc.wilayah()), None, cx.lang))
                .collect();
            self.lines = rows;
            self.after = None;
            self.more_after = false;
        } else {
            self.lines.clear();
            self.after = None;
            self.more_after = true;
            self.fetch_after(self.page + MARGIN, cx);
        }
        self.selected = (!self.lines.is_empty()).then_some(0);
    }

    /// The window at the end of the list.
    fn load_end(&mut self, cx: &Cx) {
        let f = self.filter();
        match cx.svc.page_before(&f, None, self.page + MARGIN) {
            Ok(p) => {
                self.lines = p.lines.iter().map(|l| row_with_member(l, cx)).collect();
                self.more_before = p.more;
                self.before = p.resume;
                self.more_after = false;
                self.after = None;
                let len = self.lines.len() as u64;
                self.base = if !p.more {
                    Some(0)
                } else if f == Filter::default() {
                    self.total.map(|t| t.saturating_sub(len))
                } else {
                    None
                };
                self.error = None;
            }
            Err(e) => self.fail(e.message(cx.lang)),
        }
        self.selected = self.lines.len().checked_sub(1);
        self.offset = self.lines.len().saturating_sub(self.page);
    }

    fn fail(&mut self, e: String) {
        self.lines.clear();
        self.more_after = false;
        self.more_before = false;
        self.error = Some(e);
    }

    /// Most rows kept in the window.
    fn cap(&self) -> usize {
        3 * self.page + 2 * MARGIN
    }

    /// Reads up to `n` rows after the window; returns how many came.
    fn fetch_after(&mut self, n: usize, cx: &Cx) -> usize {
        if !self.more_after {
            return 0;
        }
        let after = self.after.clone().or_else(|| self.lines.last().map(|l| l.no_kk.clone()));
        let page = match cx.svc.page(&self.filter(), after.as_deref(), n) {
            Ok(p) => p,
            Err(e) => {
                self.fail(e.message(cx.lang));
                return 0;
            }
        };
        let got = page.lines.len();
        self.lines.extend(page.lines.iter().map(|l| row_with_member(l, cx)));
        self.more_after = page.more;
        self.after = page.resume;
        let cap = self.cap();
        if self.lines.len() > cap {
            let k = self.lines.len() - cap;
            self.lines.drain(..k);
            self.selected = self.selected.map(|s| s.saturating_sub(k));
            self.offset = self.offset.saturating_sub(k);
            self.base = self.base.map(|b| b + k as u64);
            self.more_before = true;
            self.before = self.lines.first().map(|l| l.no_kk.clone());
        }
        got
    }

    /// Reads up to `n` rows before the window; returns how many came.
    fn fetch_before(&mut self, n: usize, cx: &Cx) -> usize {
        if !self.more_before {
            return 0;
        }
        let before = self.before.clone().or_else(|| self.lines.first().map(|l| l.no_kk.clone()));
        let page = match cx.svc.page_before(&self.filter(), before.as_deref(), n) {
            Ok(p) => p,
            Err(e) => {
                self.fail(e.message(cx.lang));
                return 0;
            }
        };
        let k = page.lines.len();
        let mut rows: Vec<HouseholdRow> = page.lines.iter().map(|l| row_with_member(l, cx)).collect();
        rows.append(&mut self.lines);
        self.lines = rows;
        self.selected = self.selected.map(|s| s + k);
        self.offset += k;
        self.base = self.base.map(|b| b.saturating_sub(k as u64));
        self.more_before = page.more;
        self.before = page.resume;
        if !page.more && self.base.is_none() {
            self.base = Some(0);
        }
        let cap = self.cap();
        if self.lines.len() > cap {
            self.lines.truncate(cap);
            self.more_after = true;
            self.after = self.lines.last().map(|l| l.no_kk.clone());
        }
        k
    }

    /// Moves the selection to `target` rows from the window start, reading
    /// more when it lies outside (a few reads at most: a sparse filter may
    /// return pages with no rows).
    fn move_to(&mut self, target: isize, cx: &Cx) {
        let mut target = target;
        for _ in 0..8 {
            if target < 0 && self.more_before {
                let k = self.fetch_before(target.unsigned_abs() + MARGIN, cx);
                target += k as isize;
            } else if target >= self.lines.len() as isize && self.more_after {
                let need = target as usize + 1 - self.lines.len();
                let before = self.lines.len();
                let got = self.fetch_after(need + MARGIN, cx);
                // Trimming at the front shifts the target with the rows.
                target -= (before + got - self.lines.len()) as isize;
            } else {
                break;
            }
            if self.error.is_some() {
                return;
            }
        }
        let Some(last) = self.lines.len().checked_sub(1) else {
            self.selected = None;
            return;
        };
        self.selected = Some(target.clamp(0, last as isize) as usize);
    }

    fn scroll_into_view(&mut self) {
        let Some(sel) = self.selected else {
            self.offset = 0;
            return;
        };
        let page = self.page.max(1);
        if sel < self.offset {
            self.offset = sel;
        } else if sel >= self.offset + page {
            self.offset = sel + 1 - page;
        }
    }

    fn step(&mut self, action: Action, cx: &Cx) {
        let cur = self.selected.unwrap_or(0) as isize;
        let page = self.page.max(1) as isize;
        match action {
            Action::Home => {
                if self.base != Some(0) || self.more_before {
                    self.reload(cx);
                } else {
                    self.selected = (!self.lines.is_empty()).then_some(0);
                }
            }
            Action::End => {
                if self.more_after {
                    self.load_end(cx);
                } else {
                    self.selected = self.lines.len().checked_sub(1);
                }
            }
            _ => {
                let delta = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -page,
                    _ => page,
                };
                self.move_to(cur + delta, cx);
            }
        }
        self.scroll_into_view();
    }

    pub fn type_key(&mut self, chord: KeyChord, cx: &Cx) -> Effect {
        if self.popup.is_some() {
            return self.popup_type(chord, cx);
        }
        if self.input.handle(chord) {
            self.reload(cx);
            Effect::Redraw
        } else {
            Effect::None
        }
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        if self.popup.is_some() {
            return self.popup_handle(action, cx);
        }
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                if self.focus == Focus::Search && action == Action::Down {
                    self.focus = Focus::List;
                }
                self.step(action, cx);
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
            Action::Filter => {
                self.popup = Some(FilterPopup::new());
                Effect::Redraw
            }
            Action::FilterClear => {
                if self.filter == Filter::default() && self.input.value().is_empty() {
                    return Effect::None;
                }
                self.input = TextInput::default();
                self.set_filter(Filter::default(), cx);
                Effect::Redraw
            }
            Action::Open => match self.selected_line() {
                Some(l) => Effect::OpenHousehold(l.no_kk.clone()),
                None => Effect::None,
            },
            Action::Counts => {
                let loaded: Vec<String> = self.lines.iter().map(|l| l.no_kk.clone()).collect();
                let of = self.title_suffix();
                let (counts, job) = Counts::new(self.filter(), loaded, of);
                match job {
                    Some(job) => Effect::PushJob(Screen::Counts(counts), job),
                    None => Effect::Push(Screen::Counts(counts)),
                }
            }
            Action::Export | Action::ExportCsv => self.export(action == Action::ExportCsv, cx),
            _ => Effect::Unhandled,
        }
    }

    /// What the list is narrowed to, for the titles of the screens it opens.
    fn title_suffix(&self) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        if let Some((t, _)) = &self.subset {
            parts.push(t.clone());
        }
        let q = self.input.value().trim();
        if !q.is_empty() {
            parts.push(format!("\"{q}\""));
        }
        if !self.filter_text.is_empty() {
            parts.push(self.filter_text.clone());
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    fn export(&self, csv: bool, cx: &Cx) -> Effect {
        let stamp = cx.today.format("%Y%m%d");
        let base = match cx.lang {
            Lang::Id => "dtks-rumah-tangga",
            Lang::En => "dtks-households",
        };
        // The export covers the whole filtered list, not just the window.
        let all = match &self.subset {
            Some((_, hs)) => {
                let q = self.input.value();
                Ok(hs.iter().filter(|h| self.filter.admits(h) && matches_query(h, q)).cloned().collect())
            }
            None => cx.svc.whole_list(&self.filter()),
        };
        // Shown whole in the notice, so the worker knows where it went.
        let here = std::env::current_dir().unwrap_or_default();
        let dest = here.join(if csv { format!("{base}-{stamp}") } else { format!("{base}-{stamp}.xlsx") });
        let result = all
            .and_then(|hs| cx.svc.export_list(&hs, &dest, csv))
            .map(|n| (n, if csv { format!("{}/", dest.display()) } else { dest.display().to_string() }))
            .map_err(|e| e.message(cx.lang));
        let t = |m| text(cx.lang, m);
        match result {
            Ok((n, name)) => Effect::Notice(
                format!("{} {name} ({} {})", t(Msg::ExportDone), fmt_count(cx.lang, n), t(Msg::UnitHouseholds)),
                false,
            ),
            Err(e) => Effect::Notice(format!("{}: {e}", t(Msg::ExportFailed)), true),
        }
    }

    /// The whole list is known: the window holds every row.
    fn whole(&self) -> bool {
        !self.more_after && !self.more_before && self.base == Some(0)
    }

    fn foot(&self, ui: &Ui) -> Line<'static> {
        if let Some(e) = &self.error {
            return Line::styled(format!("{}: {e}", ui.t(Msg::LoadFailed)), ui.theme.error());
        }
        if self.lines.is_empty() {
            return Line::styled(ui.t(Msg::NoResults), ui.theme.dim());
        }
        let unit = ui.t(Msg::UnitHouseholds);
        let total = if self.whole() {
            Some(self.lines.len() as u64)
        } else if self.subset.is_none() && self.filter() == Filter::default() {
            self.total
        } else {
            None
        };
        let pos = self.position().map(|p| format!("{} {}", ui.t(Msg::Row), fmt_count(ui.lang, p + 1)));
        let s = match (pos, total) {
            (Some(p), Some(t)) => format!("{p} {} {} {unit}", ui.t(Msg::Of), fmt_count(ui.lang, t)),
            (Some(p), None) => {
                let known = self.base.unwrap_or(0) + self.lines.len() as u64;
                format!("{p} {} {}+ {unit}", ui.t(Msg::Of), fmt_count(ui.lang, known))
            }
            (None, _) => format!("{}+ {unit}", fmt_count(ui.lang, self.lines.len() as u64)),
        };
        Line::styled(s, ui.theme.dim())
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let title = match &self.subset {
            Some((t, _)) => format!("{} · {t}", ui.t(Msg::TitleHouseholds)),
            None => ui.t(Msg::TitleHouseholds).to_string(),
        };
        let block = titled_block(ui, title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [search, filters, table, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(inner);

        let label = format!("{}: ", ui.t(Msg::SearchLabel));
        let box_style = if self.focus == Focus::Search { ui.theme.selected() } else { ui.theme.dim() };
        let value = self.input.value();
        let line = Line::from(vec![
            Span::styled(label.clone(), ui.theme.heading()),
            Span::styled(format!("{value} "), box_style),
        ]);
        f.render_widget(Paragraph::new(line), search);
        if self.focus == Focus::Search && self.popup.is_none() {
            let x = search.x + (label.chars().count() + self.input.cursor()) as u16;
            f.set_cursor_position((x.min(search.right().saturating_sub(1)), search.y));
        }

        let active = if self.filter_text.is_empty() {
            Span::styled(ui.t(Msg::FilterNone), ui.theme.dim())
        } else {
            Span::styled(self.filter_text.clone(), ui.theme.info())
        };
        let fl = Line::from(vec![Span::styled(format!("{}: ", ui.t(Msg::FilterLabel)), ui.theme.heading()), active]);
        f.render_widget(Paragraph::new(fl), filters);

        self.page = table.height.saturating_sub(1).max(1) as usize;
        self.scroll_into_view();
        let end = (self.offset + self.page).min(self.lines.len());
        let shown = self.lines.get(self.offset..end).unwrap_or(&[]);
        // A name query that found members other than heads shows who
        // matched in place of the address (which the household screen has).
        let with_member = shown.iter().any(|l| l.matched.is_some());
        let third = if with_member { Msg::ColMatched } else { Msg::ColAddress };
        let header = Row::new([
            ui.t(Msg::ColKk),
            ui.t(Msg::ColHead),
            ui.t(third),
            ui.t(Msg::ColRtRw),
            ui.t(Msg::ColMembers),
            ui.t(Msg::ColStatus),
        ])
        .style(ui.theme.heading());
        let member = ui.t(Msg::Member);
        let rows = shown.iter().map(|l| {
            let third = match (&l.matched, with_member) {
                (Some(m), _) => format!("{m} ({member})"),
                (None, true) => String::new(),
                (None, false) => l.address.clone(),
            };
            Row::new([l.no_kk.clone(), l.head.clone(), third, l.rt_rw.clone(), l.members.to_string(), l.status.clone()])
        });
        let widths = [
            Constraint::Length(16),
            Constraint::Fill(1),
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
        let mut state = TableState::default().with_selected(self.selected.map(|s| s.saturating_sub(self.offset)));
        f.render_stateful_widget(t, table, &mut state);

        f.render_widget(Paragraph::new(self.foot(ui)), foot);

        if self.popup.is_some() {
            self.render_popup(f, area, ui);
        }
    }
}

fn row_of(l: &HouseholdLine, matched: Option<String>, lang: Lang) -> HouseholdRow {
    let kel = if l.kelurahan_name.is_empty() { &l.kelurahan } else { &l.kelurahan_name };
    HouseholdRow {
        no_kk: l.no_kk.clone(),
        head: l.head.clone(),
        matched,
        address: format!("{}, {kel}", l.street),
        rt_rw: format!("{:03}/{:03}", l.rt, l.rw),
        members: l.members,
        status: l.status.label(lang == Lang::En).to_string(),
    }
}

/// A row, naming the member the query found when that is not the head.
fn row_with_member(l: &HouseholdLine, cx: &Cx) -> HouseholdRow {
    let matched = match (&l.matched, l.hit) {
        (Some(nik), Some(Hit::Name | Hit::Nik)) => cx.svc.member_not_head(&l.no_kk, nik).ok().flatten(),
        _ => None,
    };
    row_of(l, matched, cx.lang)
}
