//! Work too slow for a keystroke (a full scan for the dashboard counts, the
//! counts of a filtered list) runs on its own thread and comes back as
//! `Event::Job` down the event channel.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::service::browse::{CountColumn, CountRow, Filter};
use crate::service::eligible::{EligibleQuery, EligibleReport};
use crate::service::stats::Stats;
use crate::service::{Actor, Service};

/// A job a screen asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    /// Counts for a code prefix ("" = the whole register).
    Stats { scope: String },
    /// The filtered list counted by one column; stops early once `cancel`
    /// is set (another column chosen, or the screen closed).
    Count { filter: Filter, column: CountColumn, cancel: Cancel },
    /// The sizes of the verification queues of one user.
    Queues,
    /// How many households the filtered list holds; stops early once
    /// `cancel` is set (the list changed or its screen closed).
    ListTotal { filter: Filter, cancel: Cancel },
    /// Loading, building, freezing, writing or importing for one tahap.
    Tahap(Box<crate::tui::screens::tahap_detail::TahapJob>),
    /// The eligible-not-enrolled queue: counts, and the persons kept.
    Eligible(EligibleQuery),
}

/// A flag a screen sets to stop its job: the job checks it as it goes and
/// comes back without a result. Two are equal when they are the same flag,
/// so a result is matched to the very job that was started.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

impl PartialEq for Cancel {
    fn eq(&self, other: &Cancel) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Cancel {}

/// The rows of [`Service::count_by`].
pub type CountRows = Vec<CountRow>;

/// What a finished job sends back. Errors travel as text: the job thread
/// has nobody else to tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobDone {
    Stats {
        scope: String,
        result: Result<Stats, String>,
    },
    /// `Ok(None)` when the job was cancelled before it finished.
    Count {
        filter: Filter,
        column: CountColumn,
        result: Result<Option<CountRows>, String>,
    },
    /// The six queue sizes, and how many kelurahan are due a Muskel.
    Queues {
        result: Result<([usize; 6], usize), String>,
    },
    /// `Ok(None)` when the job was cancelled before it finished.
    ListTotal {
        filter: Filter,
        cancel: Cancel,
        result: Result<Option<u64>, String>,
    },
    Tahap(Box<crate::tui::screens::tahap_detail::TahapDone>),
    Eligible {
        query: EligibleQuery,
        result: Result<Arc<EligibleReport>, String>,
    },
}

impl Job {
    /// Runs the job on the calling thread.
    pub fn run(self, service: &Service, actor: &Actor, lang: crate::i18n::Lang) -> JobDone {
        match self {
            Job::Stats { scope } => {
                let result = service.stats_for(actor, &scope).map_err(|e| e.message(lang));
                JobDone::Stats { scope, result }
            }
            Job::Count { filter, column, cancel } => {
                let stop = || cancel.is_cancelled();
                let result =
                    service.count_by_until(actor, &filter, column, None, lang, &stop).map_err(|e| e.message(lang));
                JobDone::Count { filter, column, result }
            }
            Job::Queues => {
                let result = service
                    .verval_queue(actor)
                    .map(|q| crate::tui::screens::queue::counts(&q))
                    .and_then(|c| Ok((c, service.muskel_due(actor, service.today())?.len())))
                    .map_err(|e| e.message(lang));
                JobDone::Queues { result }
            }
            Job::ListTotal { filter, cancel } => {
                let result =
                    service.list_total_until(actor, &filter, &|| cancel.is_cancelled()).map_err(|e| e.message(lang));
                JobDone::ListTotal { filter, cancel, result }
            }
            Job::Tahap(job) => JobDone::Tahap(Box::new(job.run(service, actor, lang))),
            Job::Eligible(query) => {
                let result = service.eligible_shared(actor, &query).map_err(|e| e.message(lang));
                JobDone::Eligible { query, result }
            }
        }
    }
}
