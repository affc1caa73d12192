//! Tahap disbursement use cases: tariffs, schedules and plans (`plans`),
//! Burekol accounts (`accounts`), building a list (`build`), freezing it
//! and reading frozen lists back (`freeze`), counts and the diff against the
//! previous list (`report`), the bank file, its results and reconciliation
//! (`bank`), and "why was this person not on the list?" (`why`). Files
//! the bank sends are read by `table`.
//!
//! Store ids: a plan or a list's results are `KLJ/2026-T4`, a list
//! `KLJ/2026-T4/00` (00 the main list, 01… supplementary lists), a ledger
//! `KLJ/<NIK>`, list rows `<building id>/<chunk>`.

pub mod accounts;
pub mod bank;
pub mod build;
pub mod freeze;
pub mod plans;
pub mod report;
pub mod screen;
pub mod script;
pub(crate) mod table;
pub mod why;

use crate::domain::codes::Programme;
use crate::domain::tahap::Period;
use crate::service::error::TahapRefusal;

pub use accounts::AccountImport;
pub use bank::{BankFile, ResultImport};
pub use build::BuiltList;
pub use freeze::FrozenList;
pub use plans::CurrentPeriod;
pub use report::{Counts, DiffFile, ListChanges};
pub use why::{PersonPeriod, Why, WhyEntry};

/// Why one line of a bank file was set aside; the other lines are kept.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum LineProblem {
    /// The line's bytes are not UTF-8 (save the file as CSV UTF-8).
    NotUtf8,
    Missing {
        column: &'static str,
    },
    BadNik {
        text: String,
    },
    BadAccount {
        text: String,
        #[serde(skip)]
        error: crate::domain::tahap::account::AccountError,
    },
    BadDate {
        text: String,
    },
    BadStatus {
        text: String,
    },
    BadAmount {
        text: String,
    },
    /// A reference that is no payment reference of this file's list.
    UnknownReference {
        reference: String,
    },
    /// The same line (reference, account, amount, date, status) again.
    Duplicate {
        first: usize,
    },
}

/// One line set aside.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Reject {
    pub line: usize,
    #[serde(flatten)]
    pub problem: LineProblem,
}

/// A programme code as typed (`klj`, `KLJ`).
pub fn parse_programme(text: &str) -> Result<Programme, TahapRefusal> {
    Programme::parse(text.trim()).ok_or_else(|| TahapRefusal::UnknownProgramme { text: text.to_string() })
}

/// A period as typed (`2026-T4`, `2026-11`).
pub fn parse_period(text: &str) -> Result<Period, TahapRefusal> {
    text.trim().parse().map_err(|error| TahapRefusal::BadPeriod { error })
}

/// A month as typed for a tariff (`2027-01`).
pub fn parse_month(text: &str) -> Result<crate::domain::tahap::period::YearMonth, TahapRefusal> {
    let bad = || TahapRefusal::BadMonth { text: text.to_string() };
    let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
    let (y, m) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    crate::domain::tahap::period::YearMonth::new(y, m).ok_or_else(bad)
}

/// Whole rupiah as typed: digits, optionally grouped with dots
/// (`300.000`) or an `Rp` in front.
pub fn parse_amount(text: &str) -> Result<i64, TahapRefusal> {
    let t = text.trim();
    let t = t.strip_prefix("Rp").unwrap_or(t).trim();
    let digits: String = t.chars().filter(|&c| c != '.').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(TahapRefusal::BadAmount { text: text.to_string() });
    }
    digits.parse().map_err(|_| TahapRefusal::BadAmount { text: text.to_string() })
}

fn plan_id(programme: Programme, period: Period) -> String {
    format!("{}/{period}", programme.code())
}

fn ledger_id(programme: Programme, nik: &str) -> String {
    format!("{}/{nik}", programme.code())
}
