//! The tahap screens' background work: loading a period's lists, building a
//! preview, freezing, writing the bank file, importing the bank's results,
//! and finding the people one rule left out. Each names its programme and
//! period, so a screen takes only the results meant for it.

use std::path::PathBuf;

use crate::domain::codes::Programme;
use crate::domain::tahap::rules::RecipientRule;
use crate::domain::tahap::{Period, PeriodPlan, Step};
use crate::i18n::Lang;
use crate::service::tahap::screen::ListPreview;
use crate::service::tahap::screen::{ExcludedPerson, TahapView};
use crate::service::tahap::{BankFile, FrozenList, ResultImport};
use crate::service::{Actor, Service};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TahapWork {
    Load,
    Build,
    Freeze,
    BankFile { path: PathBuf },
    Import { path: PathBuf },
    Excluded { rule: RecipientRule },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TahapJob {
    pub programme: Programme,
    pub period: Period,
    pub work: TahapWork,
}

/// What came back; errors are already worded in the session's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TahapOutcome {
    /// The period, and the preview of its list while it can still be
    /// frozen (so the panes show who would be on it).
    Loaded(Result<TahapView, String>, Option<Result<ListPreview, String>>),
    Built(Result<ListPreview, String>),
    /// Each write comes back with the period read again.
    Frozen(Result<(FrozenList, TahapView), String>),
    BankFile(Result<(BankFile, TahapView), String>),
    Imported(Result<(ResultImport, TahapView), String>),
    Excluded(RecipientRule, Result<Vec<ExcludedPerson>, String>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TahapDone {
    pub programme: Programme,
    pub period: Period,
    pub outcome: TahapOutcome,
}

impl TahapJob {
    /// Runs as the session's `actor`: its areas narrow what is read, and
    /// its name and origin go into the audit of what is written.
    pub fn run(self, svc: &Service, actor: &Actor, lang: Lang) -> TahapDone {
        let (programme, period) = (self.programme, self.period);
        let msg = |e: crate::service::ServiceError| e.message(lang);
        let outcome = match self.work {
            TahapWork::Load => {
                let view = svc.tahap_view(actor, programme, period);
                let open = view.as_ref().is_ok_and(|v| {
                    v.lists.is_empty() && PeriodPlan::next_state(v.plan.state, Step::FreezeList).is_ok()
                });
                let preview = open.then(|| svc.preview_list(actor, programme, period).map_err(msg));
                TahapOutcome::Loaded(view.map_err(msg), preview)
            }
            TahapWork::Build => TahapOutcome::Built(svc.preview_list(actor, programme, period).map_err(msg)),
            TahapWork::Freeze => TahapOutcome::Frozen(
                svc.freeze_list(programme, period, false, actor)
                    .and_then(|l| Ok((l, svc.tahap_view(actor, programme, period)?)))
                    .map_err(msg),
            ),
            TahapWork::BankFile { path } => TahapOutcome::BankFile(
                svc.write_bank_file(programme, period, &path, false, actor)
                    .and_then(|f| Ok((f, svc.tahap_view(actor, programme, period)?)))
                    .map_err(msg),
            ),
            TahapWork::Import { path } => TahapOutcome::Imported(
                svc.import_results(&path, actor)
                    .and_then(|i| Ok((i, svc.tahap_view(actor, programme, period)?)))
                    .map_err(msg),
            ),
            TahapWork::Excluded { rule } => {
                TahapOutcome::Excluded(rule, svc.excluded_people(programme, period, rule).map_err(msg))
            }
        };
        TahapDone { programme, period, outcome }
    }
}
