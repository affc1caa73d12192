//! Work too slow for a keystroke (a full scan for the dashboard counts, the
//! counts of a filtered list) runs on its own thread and comes back as
//! `Event::Job` down the event channel.

use crate::service::Service;
use crate::service::browse::{CountColumn, CountRow, Filter};
use crate::service::stats::Stats;

/// A job a screen asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    /// Counts for a code prefix ("" = the whole register).
    Stats { scope: String },
    /// The filtered list counted by one column.
    Count { filter: Filter, column: CountColumn },
    /// The sizes of the verification queues of one user.
    Queues { user: String },
    /// How many households the filtered list holds.
    ListTotal { filter: Filter },
    /// Loading, building, freezing, writing or importing for one tahap.
    Tahap(Box<crate::tui::screens::tahap_detail::TahapJob>),
}

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
    Count {
        filter: Filter,
        column: CountColumn,
        result: Result<CountRows, String>,
    },
    /// The six queue sizes, and how many kelurahan are due a Muskel.
    Queues {
        result: Result<([usize; 6], usize), String>,
    },
    ListTotal {
        filter: Filter,
        result: Result<u64, String>,
    },
    Tahap(Box<crate::tui::screens::tahap_detail::TahapDone>),
}

impl Job {
    /// Runs the job on the calling thread.
    pub fn run(self, service: &Service, lang: crate::i18n::Lang) -> JobDone {
        match self {
            Job::Stats { scope } => {
                let result = service.stats(&scope).map_err(|e| e.message(lang));
                JobDone::Stats { scope, result }
            }
            Job::Count { filter, column } => {
                let result = service.count_by(&filter, column, None, lang).map_err(|e| e.message(lang));
                JobDone::Count { filter, column, result }
            }
            Job::Queues { user } => {
                let result = service
                    .verval_queue(&crate::service::Actor::new(user))
                    .map(|q| crate::tui::screens::queue::counts(&q))
                    .and_then(|c| Ok((c, service.muskel_due(service.today())?.len())))
                    .map_err(|e| e.message(lang));
                JobDone::Queues { result }
            }
            Job::ListTotal { filter } => {
                let result = service.list_total(&filter).map_err(|e| e.message(lang));
                JobDone::ListTotal { filter, result }
            }
            Job::Tahap(job) => JobDone::Tahap(Box::new(job.run(service, lang))),
        }
    }
}
