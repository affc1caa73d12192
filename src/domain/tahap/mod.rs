//! Tahap disbursement, the pure part: payment periods and their schedule,
//! tariffs, the ledger of months owed and paid, the recipient rules, quotas
//! with a waiting list, Burekol accounts, frozen-list rows with their hash
//! and diff, and reconciliation against the bank's results.
//!
//! Nothing here reads the clock or a file; every date-dependent answer takes
//! the date. Texts for every name and reason are in `crate::i18n::tahap`.

pub mod account;
pub mod ledger;
pub mod list;
pub mod period;
pub mod quota;
pub mod reconcile;
pub mod rules;
pub mod schedule;
pub mod tariff;

pub use period::{Period, PeriodKind, PeriodSchedule, YearMonth};
pub use schedule::{PeriodPlan, PeriodState, Step, StepRefused};
