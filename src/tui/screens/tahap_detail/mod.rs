//! One programme's tahap: panes for the counts per kelurahan, the recipient
//! list (search by name or NIK, filter by kelurahan), the exclusions by rule
//! (open one to see its people), the diff against the previous frozen list,
//! and the bank file with the results and their reconciliation. Build,
//! freeze, write the bank file and import results from the keyboard, each
//! write asked first. Loading and every write run as background jobs, so the
//! screen opens at once and shows "menghitung…" until the figures arrive.

mod job;
mod outcome;
mod panes;
mod view;
mod writes;

use std::path::PathBuf;

use ratatui::widgets::TableState;

pub use job::{TahapDone, TahapJob, TahapOutcome, TahapWork};

use super::{Cx, Effect, typed};
use crate::domain::codes::Programme;
use crate::domain::tahap::Period;
use crate::domain::tahap::list::{ListRow, Totals};
use crate::domain::tahap::rules::RecipientRule;
use crate::i18n::{Lang, Msg};
use crate::service::tahap::screen::ListPreview;
use crate::service::tahap::screen::{ExcludedPerson, KelurahanCount, TahapView, find_rows};
use crate::service::tahap::{BuiltList, ListChanges};
use crate::tui::action::Action;
use crate::tui::job::Job;
use crate::tui::keymap::KeyChord;
use crate::tui::widgets::TextInput;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Summary,
    Recipients,
    Excluded,
    Changes,
    Bank,
}

impl Pane {
    pub const ALL: [Pane; 5] = [Pane::Summary, Pane::Recipients, Pane::Excluded, Pane::Changes, Pane::Bank];

    pub fn title(self) -> Msg {
        match self {
            Pane::Summary => Msg::TahapPaneSummary,
            Pane::Recipients => Msg::TahapPaneRecipients,
            Pane::Excluded => Msg::TahapPaneExcluded,
            Pane::Changes => Msg::TahapPaneChanges,
            Pane::Bank => Msg::TahapPaneBank,
        }
    }
}

/// A path being typed: where to write the bank file, or which result file
/// to import.
#[derive(Debug)]
pub enum Prompt {
    BankFile(TextInput),
    Import(TextInput),
}

/// The people one rule left out: `None` while they are being found.
type People = Option<Result<Vec<ExcludedPerson>, String>>;

/// The write a confirmation waits for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Pending {
    Freeze,
    BankFile(PathBuf),
    Import(PathBuf),
}

#[derive(Debug)]
pub struct TahapDetail {
    programme: Programme,
    period: Period,
    today: chrono::NaiveDate,
    /// `None` while loading.
    view: Option<Result<TahapView, String>>,
    /// The list built but not frozen, to look at before freezing.
    preview: Option<Result<ListPreview, String>>,
    preview_kelurahan: Vec<KelurahanCount>,
    /// A job that writes or builds is running.
    busy: Option<Msg>,
    pane: Pane,
    search: TextInput,
    searching: bool,
    /// Index into the kelurahan counts of the shown rows.
    kelurahan: Option<usize>,
    found: Vec<usize>,
    recipients: TableState,
    rules: TableState,
    /// The rule opened, and its people once found.
    people: Option<(RecipientRule, People)>,
    people_table: TableState,
    changes: TableState,
    kelurahan_table: TableState,
    bank_scroll: u16,
    prompt: Option<Prompt>,
    pending: Option<Pending>,
    /// The outcome of the last action (`true` = an error).
    message: Option<(String, bool)>,
    page: usize,
}

impl TahapDetail {
    pub const HINTS: &'static [(Action, Msg)] = &[
        (Action::NextPane, Msg::HintPane),
        (Action::BuildList, Msg::HintTahapBuild),
        (Action::FreezeList, Msg::HintTahapFreeze),
        (Action::BankFile, Msg::HintTahapBankFile),
        (Action::ImportResults, Msg::HintTahapImport),
    ];
    pub const RECIPIENT_HINTS: &'static [(Action, Msg)] = &[
        (Action::Search, Msg::HintSearch),
        (Action::Filter, Msg::HintTahapKelurahan),
        (Action::Open, Msg::HintHousehold),
        (Action::NextPane, Msg::HintPane),
    ];
    pub const PROMPT_HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintRun), (Action::Back, Msg::HintClose)];

    /// The screen, empty until the job that loads it reports.
    pub fn open(programme: Programme, period: Period, today: chrono::NaiveDate) -> (TahapDetail, Job) {
        let screen = TahapDetail {
            programme,
            period,
            today,
            view: None,
            preview: None,
            preview_kelurahan: Vec::new(),
            busy: None,
            pane: Pane::Summary,
            search: TextInput::default(),
            searching: false,
            kelurahan: None,
            found: Vec::new(),
            recipients: TableState::default(),
            rules: TableState::default(),
            people: None,
            people_table: TableState::default(),
            changes: TableState::default(),
            kelurahan_table: TableState::default(),
            bank_scroll: 0,
            prompt: None,
            pending: None,
            message: None,
            page: 10,
        };
        let job = screen.job(TahapWork::Load);
        (screen, job)
    }

    fn job(&self, work: TahapWork) -> Job {
        Job::Tahap(Box::new(TahapJob { programme: self.programme, period: self.period, work }))
    }

    pub fn pane(&self) -> Pane {
        self.pane
    }

    pub fn loaded(&self) -> Option<&TahapView> {
        self.view.as_ref().and_then(|v| v.as_ref().ok())
    }

    pub fn preview(&self) -> Option<&BuiltList> {
        self.preview.as_ref().and_then(|p| p.as_ref().ok()).map(|p| &p.built)
    }

    /// The diff shown: the frozen list's, else what freezing the preview
    /// would change.
    pub fn changes(&self) -> Option<&ListChanges> {
        match self.loaded() {
            Some(v) if !v.lists.is_empty() => v.changes.as_ref(),
            _ => self.preview.as_ref().and_then(|p| p.as_ref().ok()).map(|p| &p.changes),
        }
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_ref().map(|(m, _)| m.as_str())
    }

    pub fn is_busy(&self) -> bool {
        self.busy.is_some()
    }

    fn frozen(&self) -> bool {
        self.loaded().is_some_and(|v| !v.lists.is_empty())
    }

    /// The rows shown: the frozen lists', else the preview's.
    pub fn rows(&self) -> &[ListRow] {
        match (self.loaded(), self.preview()) {
            (Some(v), _) if !v.lists.is_empty() => &v.rows,
            (_, Some(b)) => &b.rows,
            _ => &[],
        }
    }

    /// Counts per kelurahan of the rows shown.
    pub fn kelurahan_counts(&self) -> &[KelurahanCount] {
        match self.loaded() {
            Some(v) if !v.lists.is_empty() => &v.kelurahan,
            _ => &self.preview_kelurahan,
        }
    }

    /// Left out by rule: the main list's record, else the preview's.
    pub fn excluded(&self) -> &[(RecipientRule, u64)] {
        match (self.loaded().and_then(|v| v.lists.first()), self.preview()) {
            (Some(l), _) => &l.excluded,
            (None, Some(b)) => &b.excluded,
            _ => &[],
        }
    }

    /// Positions in `rows()` of the recipients matching the search.
    pub fn found(&self) -> &[usize] {
        &self.found
    }

    fn refind(&mut self) {
        let kel = self.kelurahan.and_then(|i| self.kelurahan_counts().get(i)).map(|k| k.code.clone());
        self.found = find_rows(self.rows(), kel.as_deref(), self.search.value());
        self.recipients.select((!self.found.is_empty()).then_some(0));
    }

    pub fn text_focused(&self) -> bool {
        self.prompt.is_some() || self.searching
    }

    pub fn hints(&self) -> &'static [(Action, Msg)] {
        if self.prompt.is_some() {
            Self::PROMPT_HINTS
        } else if self.pane == Pane::Recipients {
            Self::RECIPIENT_HINTS
        } else {
            Self::HINTS
        }
    }

    pub fn type_key(&mut self, chord: KeyChord) -> Effect {
        match &mut self.prompt {
            Some(Prompt::BankFile(i) | Prompt::Import(i)) => typed(Some(i), chord),
            None if self.searching => {
                let e = typed(Some(&mut self.search), chord);
                self.refind();
                e
            }
            None => Effect::Unhandled,
        }
    }

    fn set_view(&mut self, v: Result<TahapView, String>) {
        self.view = Some(v);
        self.kelurahan = None;
        self.refind();
        let n = self.excluded().len();
        self.rules.select((n > 0).then_some(0));
        let n = self.change_count();
        self.changes.select((n > 0).then_some(0));
        let n = self.kelurahan_counts().len();
        self.kelurahan_table.select((n > 0).then_some(0));
    }

    /// Lines of the diff: entered, left, amount changed.
    pub fn change_count(&self) -> usize {
        self.changes().map_or(0, |c| c.entered.len() + c.left.len() + c.amount_changed.len())
    }

    /// The No. KK of the diff line at `i`.
    fn change_kk(&self, i: usize) -> Option<String> {
        let c = self.changes()?;
        let left = i.checked_sub(c.entered.len());
        let changed = left.and_then(|j| j.checked_sub(c.left.len()));
        match (left, changed) {
            (None, _) => c.entered.get(i).map(|r| r.no_kk.clone()),
            (Some(j), None) => c.left.get(j).map(|(r, _)| r.no_kk.clone()),
            (Some(_), Some(k)) => c.amount_changed.get(k).map(|(r, _)| r.no_kk.clone()),
        }
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        if self.prompt.is_some() {
            return self.handle_prompt(action, cx);
        }
        if self.searching && matches!(action, Action::Open | Action::Back | Action::Down) {
            self.searching = false;
            return Effect::Redraw;
        }
        match action {
            Action::NextPane | Action::PrevPane => {
                let n = Pane::ALL.len();
                let i = Pane::ALL.iter().position(|p| *p == self.pane).unwrap_or(0);
                let j = if action == Action::NextPane { (i + 1) % n } else { (i + n - 1) % n };
                self.pane = Pane::ALL[j];
                self.searching = false;
                Effect::Redraw
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.move_in_pane(action);
                Effect::Redraw
            }
            Action::Search => {
                self.pane = Pane::Recipients;
                self.searching = true;
                Effect::Redraw
            }
            Action::Filter if self.pane == Pane::Recipients => {
                let n = self.kelurahan_counts().len();
                self.kelurahan = match self.kelurahan {
                    None if n > 0 => Some(0),
                    Some(i) if i + 1 < n => Some(i + 1),
                    _ => None,
                };
                self.refind();
                Effect::Redraw
            }
            Action::FilterClear if self.pane == Pane::Recipients => {
                self.kelurahan = None;
                self.search = TextInput::default();
                self.refind();
                Effect::Redraw
            }
            Action::Back if self.people.is_some() && self.pane == Pane::Excluded => {
                self.people = None;
                Effect::Redraw
            }
            Action::Open => self.open_selected(),
            Action::BuildList => self.build(cx),
            Action::FreezeList => self.ask_freeze(cx),
            Action::BankFile => self.bank_prompt(cx),
            Action::ImportResults => self.import_prompt(cx),
            Action::Confirm => self.confirmed(),
            _ => Effect::Unhandled,
        }
    }

    fn move_in_pane(&mut self, action: Action) {
        let page = self.page;
        let (kelurahan, excluded) = (self.kelurahan_counts().len(), self.excluded().len());
        let (table, len) = match self.pane {
            Pane::Summary => (&mut self.kelurahan_table, kelurahan),
            Pane::Recipients => (&mut self.recipients, self.found.len()),
            Pane::Excluded => match &self.people {
                Some((_, Some(Ok(p)))) => (&mut self.people_table, p.len()),
                Some(_) => return,
                None => (&mut self.rules, excluded),
            },
            Pane::Changes => {
                let n = self.change_count();
                (&mut self.changes, n)
            }
            Pane::Bank => {
                self.bank_scroll = match action {
                    Action::Up => self.bank_scroll.saturating_sub(1),
                    Action::Down => self.bank_scroll.saturating_add(1),
                    Action::PageUp => self.bank_scroll.saturating_sub(page as u16),
                    Action::PageDown => self.bank_scroll.saturating_add(page as u16),
                    _ => 0,
                };
                return;
            }
        };
        table.select(super::step(table.selected(), len, action, page));
    }

    fn open_selected(&mut self) -> Effect {
        match self.pane {
            Pane::Recipients => {
                let row = self.recipients.selected().and_then(|i| self.found.get(i)).and_then(|&i| self.rows().get(i));
                row.map_or(Effect::None, |r| Effect::OpenHousehold(r.no_kk.clone()))
            }
            Pane::Excluded => match &self.people {
                Some((_, Some(Ok(p)))) => self
                    .people_table
                    .selected()
                    .and_then(|i| p.get(i))
                    .map_or(Effect::None, |p| Effect::OpenHousehold(p.no_kk.clone())),
                Some(_) => Effect::None,
                None => {
                    let Some(&(rule, _)) = self.rules.selected().and_then(|i| self.excluded().get(i)) else {
                        return Effect::None;
                    };
                    self.people = Some((rule, None));
                    self.people_table.select(None);
                    Effect::Job(self.job(TahapWork::Excluded { rule }))
                }
            },
            Pane::Changes => {
                self.changes.selected().and_then(|i| self.change_kk(i)).map_or(Effect::None, Effect::OpenHousehold)
            }
            Pane::Summary | Pane::Bank => Effect::None,
        }
    }
}

/// "1.234 penerima, Rp 1.110.600.000".
pub fn totals_words(lang: Lang, t: Totals) -> String {
    crate::i18n::tahap_screens::totals(lang, t)
}
