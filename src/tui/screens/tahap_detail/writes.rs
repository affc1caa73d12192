//! The writes of the tahap detail: build (a preview, nothing saved), freeze,
//! the bank file and the bank's results. Each write is refused in words
//! when it cannot be taken, asks first with what will happen and to how
//! many, and runs as a background job.

use std::path::{Path, PathBuf};

use super::{Pending, Prompt, TahapDetail, TahapWork};
use crate::domain::codes::Programme;
use crate::domain::tahap::list::Totals;
use crate::domain::tahap::{Period, PeriodPlan, Step};
use crate::i18n::tahap::{period, step_refused};
use crate::i18n::tahap_screens::{bank_question, freeze_question, import_question};
use crate::i18n::{Lang, Msg, fmt_date, text};
use crate::tui::action::Action;
use crate::tui::screens::{Cx, Effect};
use crate::tui::widgets::TextInput;

impl TahapDetail {
    pub(super) fn plan(&self) -> Option<&PeriodPlan> {
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
            return Some(Effect::Notice(
                format!("{}: {} {at} ({})", self.what(cx.lang), t(Msg::TahapAlreadyFrozen), l.frozen_by),
                true,
            ));
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

    pub(super) fn build(&mut self, cx: &Cx) -> Effect {
        if let Some(e) = self.refusal(Step::FreezeList, cx) {
            return e;
        }
        self.busy = Some(Msg::TahapBuilding);
        self.message = None;
        Effect::Job(self.job(TahapWork::Build))
    }

    pub(super) fn ask_freeze(&mut self, cx: &Cx) -> Effect {
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

    pub(super) fn bank_prompt(&mut self, cx: &Cx) -> Effect {
        if let Some(e) = self.refusal(Step::SendBankFile, cx) {
            return e;
        }
        let mut input = TextInput::default();
        input.set(&free_path(&default_bank_path(self.programme, self.period)).display().to_string());
        self.prompt = Some(Prompt::BankFile(input));
        Effect::Redraw
    }

    pub(super) fn import_prompt(&mut self, cx: &Cx) -> Effect {
        if let Some(e) = self.refusal(Step::PayPart, cx) {
            return e;
        }
        let mut input = TextInput::default();
        let here = std::env::current_dir().unwrap_or_default();
        input.set(&format!("{}{}", here.display(), std::path::MAIN_SEPARATOR));
        self.prompt = Some(Prompt::Import(input));
        Effect::Redraw
    }

    pub(super) fn handle_prompt(&mut self, action: Action, cx: &Cx) -> Effect {
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

    pub(super) fn confirmed(&mut self) -> Effect {
        let (busy, work) = match self.pending.take() {
            Some(Pending::Freeze) => (Msg::TahapFreezing, TahapWork::Freeze),
            Some(Pending::BankFile(path)) => (Msg::TahapWritingBank, TahapWork::BankFile { path }),
            Some(Pending::Import(path)) => (Msg::TahapImporting, TahapWork::Import { path }),
            None => return Effect::None,
        };
        self.busy = Some(busy);
        self.message = None;
        Effect::Job(self.job(work))
    }
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
