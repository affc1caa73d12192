//! One programme's tahap: panes for the counts per kelurahan, the recipient
//! list (search by name or NIK, filter by kelurahan), the exclusions by rule
//! (open one to see its people), the diff against the previous frozen list,
//! and the bank file with the results and their reconciliation. Build,
//! freeze, write the bank file and import results from the keyboard, each
//! write asked first. Loading and every write run as background jobs, so the
//! screen opens at once and shows "menghitung…" until the figures arrive.

mod job;
mod view;

use std::path::{Path, PathBuf};

use ratatui::widgets::TableState;

pub use job::{TahapDone, TahapJob, TahapOutcome, TahapWork};

use super::{Cx, Effect, typed};
use crate::domain::codes::Programme;
use crate::domain::tahap::list::{ListRow, Totals};
use crate::domain::tahap::rules::RecipientRule;
use crate::domain::tahap::{Period, PeriodPlan, Step};
use crate::i18n::tahap::{period, step_refused};
use crate::i18n::tahap_screens::{bank_question, freeze_question, import_question};
use crate::i18n::{Lang, Msg, fmt_count, fmt_date, text};
use crate::service::tahap::BuiltList;
use crate::service::tahap::screen::{ExcludedPerson, KelurahanCount, TahapView, find_rows};
use crate::tui::action::Action;
use crate::tui::job::{Job, JobDone};
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
    preview: Option<Result<BuiltList, String>>,
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
    people: Option<(RecipientRule, Option<Result<Vec<ExcludedPerson>, String>>)>,
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
        (Action::Back, Msg::HintBack),
    ];
    pub const RECIPIENT_HINTS: &'static [(Action, Msg)] = &[
        (Action::Search, Msg::HintSearch),
        (Action::Filter, Msg::HintTahapKelurahan),
        (Action::Open, Msg::HintHousehold),
        (Action::NextPane, Msg::HintPane),
        (Action::Back, Msg::HintBack),
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
        self.preview.as_ref().and_then(|p| p.as_ref().ok())
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

    pub fn on_job(&mut self, done: &JobDone, cx: &Cx) -> bool {
        let JobDone::Tahap(d) = done else { return false };
        if d.programme != self.programme || d.period != self.period {
            return false;
        }
        let lang = cx.lang;
        let t = |m| text(lang, m);
        match &d.outcome {
            TahapOutcome::Loaded(v) => self.set_view(v.clone()),
            TahapOutcome::Built(b) => {
                self.busy = None;
                self.preview_kelurahan = match b {
                    Ok(b) => cx.svc.kelurahan_counts(&b.rows),
                    Err(_) => Vec::new(),
                };
                self.message = Some(match b {
                    Ok(b) => (format!("{} {}", t(Msg::TahapPreviewReady), totals_words(lang, Totals::of(&b.rows))), false),
                    Err(e) => (e.clone(), true),
                });
                self.preview = Some(b.clone());
                self.refind();
            }
            TahapOutcome::Frozen(r) => {
                self.busy = None;
                match r {
                    Ok((l, v)) => {
                        let hash: String = l.hash.chars().take(16).collect();
                        let words = totals_words(lang, l.totals);
                        self.message = Some((format!("{} {words}; SHA-256 {hash}…", t(Msg::TahapFrozenDone)), false));
                        self.preview = None;
                        self.set_view(Ok(v.clone()));
                    }
                    Err(e) => self.message = Some((e.clone(), true)),
                }
            }
            TahapOutcome::BankFile(r) => {
                self.busy = None;
                match r {
                    Ok((f, v)) => {
                        let words = totals_words(lang, f.totals);
                        self.message =
                            Some((format!("{} {}: {words}", t(Msg::TahapBankWritten), f.path.display()), false));
                        self.set_view(Ok(v.clone()));
                    }
                    Err(e) => self.message = Some((e.clone(), true)),
                }
            }
            TahapOutcome::Imported(r) => {
                self.busy = None;
                match r {
                    Ok((imp, v)) => {
                        let mut m = format!(
                            "{} {} {}: {} {}",
                            imp.programme.code(),
                            period(lang, imp.period),
                            t(Msg::TahapImportDone),
                            fmt_count(lang, imp.saved as u64),
                            t(Msg::TahapLinesSaved)
                        );
                        if !imp.rejects.is_empty() {
                            let first = crate::i18n::tahap_service::reject(lang, &imp.rejects[0]);
                            m.push_str(&format!(
                                ", {} {} ({first})",
                                fmt_count(lang, imp.rejects.len() as u64),
                                t(Msg::TahapLinesRejected)
                            ));
                        }
                        self.message = Some((m, !imp.rejects.is_empty()));
                        self.set_view(Ok(v.clone()));
                    }
                    Err(e) => self.message = Some((e.clone(), true)),
                }
            }
            TahapOutcome::Excluded(rule, r) => {
                if let Some((open, people)) = &mut self.people
                    && open == rule
                {
                    *people = Some(r.clone());
                    let n = r.as_ref().map_or(0, Vec::len);
                    self.people_table.select((n > 0).then_some(0));
                }
            }
        }
        true
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
        self.loaded()
            .and_then(|v| v.changes.as_ref())
            .map_or(0, |c| c.entered.len() + c.left.len() + c.amount_changed.len())
    }

    /// The No. KK of the diff line at `i`.
    fn change_kk(&self, i: usize) -> Option<String> {
        let c = self.loaded()?.changes.as_ref()?;
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
            Action::Confirm => self.confirmed(cx),
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

    fn plan(&self) -> Option<&PeriodPlan> {
        self.loaded().map(|v| &v.plan)
    }

    fn what(&self, lang: Lang) -> String {
        format!("{} {}", self.programme.code(), period(lang, self.period))
    }

    /// Why a step cannot be taken now, worded; `None` when it can.
    fn refusal(&self, step: Step, cx: &Cx) -> Option<Effect> {
        let t = |m| text(cx.lang, m);
        if self.busy.is_some() {
            return Some(Effect::Notice(t(Msg::TahapBusy).to_string(), false));
        }
        let Some(plan) = self.plan() else {
            return Some(Effect::Notice(t(Msg::TahapStillLoading).to_string(), false));
        };
        if step == Step::FreezeList
            && let Some(l) = self.loaded().and_then(|v| v.lists.first())
        {
            let at = format!("{} {}", fmt_date(cx.lang, l.frozen_at.date()), l.frozen_at.format("%H:%M"));
            return Some(Effect::Notice(format!("{}: {} {at} ({})", self.what(cx.lang), t(Msg::TahapAlreadyFrozen), l.frozen_by), true));
        }
        if matches!(step, Step::SendBankFile | Step::PayPart) && !self.frozen() {
            return Some(Effect::Notice(format!("{}: {}", self.what(cx.lang), t(Msg::TahapFreezeFirst)), true));
        }
        if step == Step::FreezeList
            && let Err(e) = PeriodPlan::next_state(plan.state, step)
        {
            return Some(Effect::Notice(step_refused(cx.lang, self.programme, self.period, &e), true));
        }
        None
    }

    fn build(&mut self, cx: &Cx) -> Effect {
        if let Some(e) = self.refusal(Step::FreezeList, cx) {
            return e;
        }
        self.busy = Some(Msg::TahapBuilding);
        self.message = None;
        Effect::Job(self.job(TahapWork::Build))
    }

    fn ask_freeze(&mut self, cx: &Cx) -> Effect {
        if let Some(e) = self.refusal(Step::FreezeList, cx) {
            return e;
        }
        // The question names the count and amount, so the list is built first.
        let Some(b) = self.preview() else {
            let e = self.build(cx);
            self.message = Some((text(cx.lang, Msg::TahapBuildBeforeFreeze).to_string(), false));
            return e;
        };
        let q = freeze_question(cx.lang, &self.what(cx.lang), Totals::of(&b.rows), b.reference_date);
        self.pending = Some(Pending::Freeze);
        Effect::AskText(q, Action::Confirm)
    }

    fn bank_prompt(&mut self, cx: &Cx) -> Effect {
        if let Some(e) = self.refusal(Step::SendBankFile, cx) {
            return e;
        }
        let mut input = TextInput::default();
        input.set(&free_path(&default_bank_path(self.programme, self.period)).display().to_string());
        self.prompt = Some(Prompt::BankFile(input));
        Effect::Redraw
    }

    fn import_prompt(&mut self, cx: &Cx) -> Effect {
        if let Some(e) = self.refusal(Step::PayPart, cx) {
            return e;
        }
        let mut input = TextInput::default();
        let here = std::env::current_dir().unwrap_or_default();
        input.set(&format!("{}{}", here.display(), std::path::MAIN_SEPARATOR));
        self.prompt = Some(Prompt::Import(input));
        Effect::Redraw
    }

    fn handle_prompt(&mut self, action: Action, cx: &Cx) -> Effect {
        let lang = cx.lang;
        let t = |m| text(lang, m);
        match action {
            Action::Back | Action::Cancel => {
                self.prompt = None;
                Effect::Redraw
            }
            Action::Open => {
                let Some(prompt) = &self.prompt else { return Effect::None };
                let (Prompt::BankFile(i) | Prompt::Import(i)) = prompt;
                let typed = i.value().trim();
                if typed.is_empty() {
                    return Effect::Notice(t(Msg::TahapPathEmpty).to_string(), true);
                }
                let path = std::path::absolute(typed).unwrap_or_else(|_| PathBuf::from(typed));
                match prompt {
                    Prompt::BankFile(_) => {
                        if path.exists() {
                            return Effect::Notice(format!("{}: {}", path.display(), t(Msg::TahapPathExists)), true);
                        }
                        let totals = Totals::of(self.rows());
                        let q = bank_question(lang, &self.what(lang), &path, totals);
                        self.pending = Some(Pending::BankFile(path));
                        self.prompt = None;
                        Effect::AskText(q, Action::Confirm)
                    }
                    Prompt::Import(_) => {
                        if !path.is_file() {
                            return Effect::Notice(format!("{}: {}", path.display(), t(Msg::TahapPathMissing)), true);
                        }
                        let q = import_question(lang, &self.what(lang), &path, self.rows().len() as u64);
                        self.pending = Some(Pending::Import(path));
                        self.prompt = None;
                        Effect::AskText(q, Action::Confirm)
                    }
                }
            }
            _ => Effect::None,
        }
    }

    fn confirmed(&mut self, cx: &Cx) -> Effect {
        let user = cx.actor.user.clone();
        let (busy, work) = match self.pending.take() {
            Some(Pending::Freeze) => (Msg::TahapFreezing, TahapWork::Freeze { user }),
            Some(Pending::BankFile(path)) => (Msg::TahapWritingBank, TahapWork::BankFile { path, user }),
            Some(Pending::Import(path)) => (Msg::TahapImporting, TahapWork::Import { path, user }),
            None => return Effect::None,
        };
        self.busy = Some(busy);
        self.message = None;
        Effect::Job(self.job(work))
    }
}

/// "1.234 penerima, Rp 1.110.600.000".
pub fn totals_words(lang: Lang, t: Totals) -> String {
    crate::i18n::tahap_screens::totals(lang, t)
}

/// `<working dir>/KLJ-2026-T4.csv`, named after programme and period.
fn default_bank_path(programme: Programme, period: Period) -> PathBuf {
    let here = std::env::current_dir().unwrap_or_default();
    here.join(format!("{}-{period}.csv", programme.code()))
}

/// `path`, or the first `name-2.csv`, `name-3.csv`… that does not exist yet.
fn free_path(path: &Path) -> PathBuf {
    if !path.exists() {
        return path.to_path_buf();
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    (2..1000)
        .map(|n| path.with_file_name(format!("{stem}-{n}.{ext}")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| path.to_path_buf())
}
