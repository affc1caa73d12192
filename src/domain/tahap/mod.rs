//! Tahap disbursement, the pure part: payment periods and their schedule,
//! tariffs, the ledger of months owed and paid, the recipient rules, quotas
//! with a waiting list, Burekol accounts, frozen-list rows with their hash
//! and diff, and reconciliation against the bank's results.
//!
//! Nothing here reads the clock or a file; every date-dependent answer takes
//! the date. Texts for every name and reason are in `crate::i18n::tahap`.
//!
//! A list, its freeze, diff, bank file and reconciliation belong to a
//! programme's [`Period`] (written `2026-T4` for a tahap, `2026-11` for a
//! month). The flow the service builds on: [`rules::evaluate`] each person
//! on the plan's reference date, [`quota::apply`] the quota to those who
//! pass, price each row's months (the period's months plus arrears carried
//! from the [`ledger::Ledger`]) with [`tariff::TariffTable::amount`], hash
//! the rows with [`list::content_hash`] when freezing, and
//! [`reconcile::reconcile`] the bank's results against the frozen rows.

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
