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
use crate::domain::wilayah::Wilayah;
use crate::domain::{DtksStatus, Programme};
use crate::i18n::{Lang, Msg, fmt_count, text};
use crate::service::browse::{Filter, Hit, HouseholdLine};
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::job::{Cancel, Job, JobDone};
use crate::tui::keymap::KeyChord;
use crate::tui::widgets::TextInput;
use crossterm::event::KeyCode;

mod filter;
mod view;
mod window;
use filter::FilterPopup;
pub use filter::{Field, describe};

/// Rows read beyond the visible ones when the window moves.
pub const MARGIN: usize = 10;
/// Visible rows assumed before the first draw.
const FIRST_PAGE: usize = 40;

/// Leaving the screen stops its count: nobody will read it.
impl Drop for Households {
    fn drop(&mut self) {
        if let Some((_, cancel)) = &self.counting {
            cancel.cancel();
        }
    }
}

/// One table row, prepared when the window changes so drawing does no work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HouseholdRow {
    pub no_kk: String,
    pub head: String,
    /// The member the query found, when not the head.
    pub matched: Option<String>,
    /// NIK of the member the query found (head included): opening the
    /// household selects that member.
    pub matched_nik: Option<String>,
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
    /// A list and how many households it holds, once counted.
    counted: Option<(Filter, u64)>,
    /// The list whose count runs in the background, with the flag that
    /// stops it (one at a time: a newer list cancels it), and one whose
    /// count failed (not asked again).
    counting: Option<(Filter, Cancel)>,
    uncountable: Option<Filter>,
    selected: Option<usize>,
    offset: usize,
    /// Visible table rows at the last draw.
    page: usize,
    popup: Option<FilterPopup>,
    /// Asking where to write an export (CSV when true), prefilled with a
    /// dated name in the working directory; nothing is written until Enter.
    export_to: Option<(bool, TextInput)>,
    error: Option<String>,
    /// The register is encrypted: a NIK or No. KK is found whole only.
    encrypted: bool,
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
    const EXPORT_HINTS: &'static [(Action, Msg)] =
        &[(Action::Open, Msg::HintExportWrite), (Action::Back, Msg::HintCancel)];
    const POPUP_HINTS: &'static [(Action, Msg)] =
        &[(Action::Open, Msg::HintChoose), (Action::FilterClear, Msg::HintClearFilters), (Action::Back, Msg::HintDone)];

    fn empty() -> Self {
        Households {
            input: TextInput::default(),
            focus: Focus::Search,
            filter: Filter::default(),
            filter_text: String::new(),
            region_name: String::new(),
            lines: Vec::new(),
            after: None,
            more_after: false,
            before: None,
            more_before: false,
            base: Some(0),
            total: None,
            counted: None,
            counting: None,
            uncountable: None,
            selected: None,
            offset: 0,
            page: FIRST_PAGE,
            popup: None,
            export_to: None,
            error: None,
            encrypted: false,
        }
    }

    /// The whole register, unfiltered.
    pub fn new(cx: &Cx) -> Self {
        let mut s = Households::empty();
        s.total = cx.svc.household_count().ok();
        s.encrypted = cx.svc.is_encrypted();
        s.set_filter(Filter::default(), cx);
        s
    }

    /// The list a filter describes, whose size the caller already counted.
    pub fn filtered_counted(filter: Filter, count: u64, cx: &Cx) -> Self {
        let mut s = Households::filtered(filter, cx);
        if s.counted.is_none() {
            s.counted = Some((s.filter(), count));
        }
        s
    }

    /// The list a filter describes (its query goes into the search box).
    pub fn filtered(filter: Filter, cx: &Cx) -> Self {
        let mut s = Households::empty();
        s.total = cx.svc.household_count().ok();
        s.encrypted = cx.svc.is_encrypted();
        for c in filter.query.chars() {
            s.input.handle(KeyChord::from(crossterm::event::KeyEvent::from(KeyCode::Char(c))));
        }
        s.focus = Focus::List;
        s.set_filter(Filter { query: String::new(), ..filter }, cx);
        s
    }

    /// Opens with the table focused, for keymaps whose list keys are
    /// letters (vim's j/k would otherwise be typed into the search).
    pub fn focus_list(&mut self) {
        self.focus = Focus::List;
    }

    /// Opens with the search box focused.
    pub fn focus_search(&mut self) {
        self.focus = Focus::Search;
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
        self.focus == Focus::Search || self.popup.is_some() || self.export_to.is_some()
    }

    pub fn hints(&self) -> &'static [(Action, Msg)] {
        if self.popup.is_some() {
            return Self::POPUP_HINTS;
        }
        if self.export_to.is_some() {
            return Self::EXPORT_HINTS;
        }
        match self.focus {
            Focus::Search => Self::SEARCH_HINTS,
            Focus::List => Self::LIST_HINTS,
        }
    }

    /// Households in the list as now narrowed, when known (else a count runs).
    pub fn count(&self) -> Option<u64> {
        let f = self.filter();
        self.counted.as_ref().filter(|(c, _)| *c == f).map(|(_, n)| *n)
    }

    /// The count to start for the list as now narrowed, unless it runs,
    /// is known, or failed. A count still running for a list that has
    /// changed since is cancelled here and the new list's count started at
    /// once. The `App` asks after every job it gets back.
    pub fn next_job(&mut self) -> Option<Job> {
        let f = self.filter();
        if let Some((running, cancel)) = &self.counting {
            if *running == f {
                return None;
            }
            cancel.cancel();
            self.counting = None;
        }
        if self.count().is_some() || self.uncountable == Some(f.clone()) {
            return None;
        }
        let cancel = Cancel::default();
        self.counting = Some((f.clone(), cancel.clone()));
        Some(Job::ListTotal { filter: f, cancel })
    }

    /// Takes the total of the count it started last, for the list as it is
    /// now; any other (cancelled, or for an older list) is dropped.
    pub fn on_job(&mut self, done: &JobDone, _cx: &Cx) -> bool {
        let JobDone::ListTotal { filter, cancel, result } = done else {
            return false;
        };
        let ours = self.counting.as_ref().is_some_and(|(f, c)| f == filter && c == cancel);
        if !ours || cancel.is_cancelled() || *filter != self.filter() {
            return false;
        }
        self.counting = None;
        match result {
            Ok(Some(n)) => self.counted = Some((filter.clone(), *n)),
            Ok(None) => return false,
            Err(_) => self.uncountable = Some(filter.clone()),
        }
        true
    }

    /// The count running in the background, if any: its list and its flag.
    pub fn counting(&self) -> Option<&(Filter, Cancel)> {
        self.counting.as_ref()
    }

    /// A redraw becomes the start of the list's count when one is due.
    fn counted(&mut self, e: Effect) -> Effect {
        match (e, self.next_job()) {
            (Effect::Redraw, Some(job)) => Effect::Job(job),
            (e, _) => e,
        }
    }

    pub fn type_key(&mut self, chord: KeyChord, cx: &Cx) -> Effect {
        let e = self.type_key_inner(chord, cx);
        self.counted(e)
    }

    fn type_key_inner(&mut self, chord: KeyChord, cx: &Cx) -> Effect {
        if self.popup.is_some() {
            return self.popup_type(chord, cx);
        }
        if let Some((_, input)) = self.export_to.as_mut() {
            return if input.handle(chord) { Effect::Redraw } else { Effect::None };
        }
        if self.input.handle(chord) {
            self.reload(cx);
            Effect::Redraw
        } else {
            Effect::None
        }
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        let e = self.handle_inner(action, cx);
        self.counted(e)
    }

    fn handle_inner(&mut self, action: Action, cx: &Cx) -> Effect {
        if self.popup.is_some() {
            return self.popup_handle(action, cx);
        }
        if let Some((csv, input)) = &self.export_to {
            return match action {
                Action::Open => {
                    let (csv, dest) = (*csv, input.value().trim().to_string());
                    if dest.is_empty() {
                        return Effect::None;
                    }
                    self.export_to = None;
                    self.export(csv, std::path::Path::new(&dest), cx)
                }
                Action::Back | Action::Cancel => {
                    self.export_to = None;
                    Effect::Redraw
                }
                _ => Effect::None,
            };
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
            // One letter of the search, as typed in the box; filters stay.
            Action::SearchDelete => {
                self.focus = Focus::Search;
                if self.input.handle(KeyChord::plain(KeyCode::Backspace)) {
                    self.reload(cx);
                }
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
                Some(l) => match &l.matched_nik {
                    Some(nik) => Effect::OpenMember(l.no_kk.clone(), nik.clone()),
                    None => Effect::OpenHousehold(l.no_kk.clone()),
                },
                None => Effect::None,
            },
            Action::Counts => {
                let of = self.title_suffix();
                let (counts, job) = Counts::new(self.filter(), of);
                match job {
                    Some(job) => Effect::PushJob(Screen::Counts(counts), job),
                    None => Effect::Push(Screen::Counts(counts)),
                }
            }
            Action::Export | Action::ExportCsv => {
                let csv = action == Action::ExportCsv;
                let mut input = TextInput::default();
                input.set(&self.default_export_path(csv, cx));
                self.export_to = Some((csv, input));
                Effect::Redraw
            }
            _ => Effect::Unhandled,
        }
    }

    /// What the list is narrowed to, for the titles of the screens it opens.
    fn title_suffix(&self) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        let q = self.input.value().trim();
        if !q.is_empty() {
            parts.push(format!("\"{q}\""));
        }
        if !self.filter_text.is_empty() {
            parts.push(self.filter_text.clone());
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// `<working dir>/dtks-rumah-tangga-20241213.xlsx` (a directory for CSV).
    fn default_export_path(&self, csv: bool, cx: &Cx) -> String {
        let stamp = cx.today.format("%Y%m%d");
        let base = match cx.lang {
            Lang::Id => "dtks-rumah-tangga",
            Lang::En => "dtks-households",
        };
        let here = std::env::current_dir().unwrap_or_default();
        let name = if csv { format!("{base}-{stamp}") } else { format!("{base}-{stamp}.xlsx") };
        here.join(name).display().to_string()
    }

    fn export(&self, csv: bool, dest: &std::path::Path, cx: &Cx) -> Effect {
        // The export covers the whole filtered list, not just the window.
        let all = cx.svc.whole_list(cx.actor, &self.filter());
        // Shown whole in the notice, so the worker knows where it went.
        let dest = std::path::absolute(dest).unwrap_or_else(|_| dest.to_path_buf());
        let result = all
            .and_then(|hs| cx.svc.export_list(cx.actor, &hs, &dest, csv))
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
}
