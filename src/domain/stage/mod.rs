//! Verification stages: monthly periods per programme, and the order
//! verifikasi → finalisasi → pengesahan (seed 004).
//!
//! A [`Verification`] record follows one home visit through the stages:
//!
//! ```text
//! konsep ──submit──▶ diverifikasi ──finalise──▶ finalisasi ──ratify(letter)──▶ disahkan
//!   ▲                   │
//!   └──── dikembalikan ◀┘ return(reason)      (dikembalikan ──submit──▶ diverifikasi)
//! ```
//!
//! Nothing can be skipped or reversed; a refused step says why. Submitting
//! (and resubmitting a returned visit) needs the period open: a period takes
//! submissions up to and including its closing date, and refuses them from
//! the day after, naming that date. Only pengesahan changes the register,
//! through [`apply_findings`].
//!
//! What pengesahan applies ([`apply_findings`]):
//! - corrected household and person fields; members added (birth, moved in)
//!   join; members who died or moved out leave the household record and are
//!   returned whole in [`AppliedChange::PersonRemoved`] (inactive, every
//!   enrolment stopped) so the store can archive or move them;
//! - layak: DTKS status becomes active, enrolments start in the programmes
//!   named, earlier not-eligible reasons are cleared;
//! - tidak layak (and "improved socio-economic status", recorded as reason
//!   11): enrolments in the programmes named stop (no programme named = all).
//!   When the finding covers JKN-PBI its reasons are recorded on the person
//!   and every other programme stops too, by the rule `jkn_pbi_cascade`,
//!   which the change names. `Person::not_eligible` thus holds only findings
//!   that reach JKN-PBI, matching `eligibility`'s `no_tidak_layak` rule;
//! - anomalous data and not matching Dukcapil suspend the enrolments named
//!   until the data is corrected;
//! - DTKS status is otherwise left alone: deactivation is its own process.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::*;
use super::eligibility::Rule;
use super::model::{Enrolment, Household, Person, StatusEntry};
use super::visit::{
    FieldName, Finding, FormProblem, HouseholdField, MemberEntry, MemberField, MemberPresence, PersonFields,
    UpdateReason, VisitForm, format_date, parse_date,
};

fn d(x: &NaiveDate) -> String {
    format_date(*x)
}

/// One programme's monthly verification period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub programme: Programme,
    pub year: i32,
    pub month: u32,
    /// Last day submissions are accepted.
    pub closes: NaiveDate,
}

impl Period {
    /// A period closing on the last day of its month; None for a month
    /// that does not exist.
    pub fn monthly(programme: Programme, year: i32, month: u32) -> Option<Period> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = first.checked_add_months(chrono::Months::new(1))?;
        Some(Period { programme, year, month, closes: next.pred_opt()? })
    }

    /// Stable id, e.g. `KLJ-2025-06`.
    pub fn id(&self) -> String {
        format!("{}-{:04}-{:02}", self.programme.code(), self.year, self.month)
    }

    pub fn is_open(&self, today: NaiveDate) -> bool {
        today <= self.closes
    }
}

/// The periods of every programme for one month.
pub fn periods_for_month(year: i32, month: u32) -> Vec<Period> {
    Programme::ALL.iter().filter_map(|&p| Period::monthly(p, year, month)).collect()
}

coded!(
    /// Where a verification stands.
    Stage {
        Draft = "konsep", "Konsep", "Draft";
        Returned = "dikembalikan", "Dikembalikan", "Returned";
        Verified = "diverifikasi", "Diverifikasi", "Verified";
        Finalised = "finalisasi", "Difinalisasi", "Finalised";
        Ratified = "disahkan", "Disahkan", "Ratified";
    }
);

coded!(
    /// A step of the stage machine.
    StageAction {
        Submit = "ajukan", "mengajukan", "submit";
        Finalise = "finalisasi", "memfinalisasi", "finalise";
        Return = "kembalikan", "mengembalikan", "return";
        Ratify = "sahkan", "mengesahkan", "ratify";
    }
);

/// The ratification letter (surat pengesahan).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub number: String,
    pub date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageEvent {
    pub stage: Stage,
    pub on: NaiveDate,
    pub by: String,
    /// The reason of a return; empty otherwise.
    pub note: String,
}

/// One visit's way through the stages; a record of its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub id: u64,
    pub visit_id: u64,
    pub no_kk: String,
    /// `Period::id`.
    pub period: String,
    pub stage: Stage,
    pub letter: Option<Letter>,
    pub events: Vec<StageEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageError {
    Illegal {
        action: StageAction,
        from: Stage,
    },
    PeriodClosed {
        period: String,
        closes: NaiveDate,
    },
    WrongPeriod {
        verification: String,
        period: String,
    },
    /// `field` and `problem` are the first error on the form.
    FormErrors {
        count: usize,
        field: Box<FieldName>,
        problem: Box<FormProblem>,
    },
    NoReturnReason,
    NoLetterNumber,
    LetterAfterToday {
        date: NaiveDate,
    },
    LetterBeforeFinalisation {
        date: NaiveDate,
        finalised: NaiveDate,
    },
}

impl Verification {
    pub fn new(id: u64, visit: &VisitForm, by: &str, today: NaiveDate) -> Verification {
        Verification {
            id,
            visit_id: visit.id,
            no_kk: visit.no_kk.clone(),
            period: visit.period.clone(),
            stage: Stage::Draft,
            letter: None,
            events: vec![StageEvent { stage: Stage::Draft, on: today, by: by.to_string(), note: String::new() }],
        }
    }

    /// The officer may edit the visit form.
    pub fn editable(&self) -> bool {
        matches!(self.stage, Stage::Draft | Stage::Returned)
    }

    /// The supervisor's reason, while the visit is back with the officer.
    pub fn return_reason(&self) -> Option<&str> {
        if self.stage != Stage::Returned {
            return None;
        }
        self.events.last().map(|e| e.note.as_str())
    }

    fn legal(&self, action: StageAction, from: &[Stage]) -> Result<(), StageError> {
        if from.contains(&self.stage) { Ok(()) } else { Err(StageError::Illegal { action, from: self.stage }) }
    }

    fn push(&mut self, stage: Stage, by: &str, note: &str, today: NaiveDate) {
        self.stage = stage;
        self.events.push(StageEvent { stage, on: today, by: by.to_string(), note: note.to_string() });
    }

    /// Officer submits (or resubmits a returned visit): the period must be
    /// open and the form free of errors.
    pub fn submit(&mut self, period: &Period, form: &VisitForm, by: &str, today: NaiveDate) -> Result<(), StageError> {
        self.legal(StageAction::Submit, &[Stage::Draft, Stage::Returned])?;
        if self.period != period.id() || form.period != period.id() {
            return Err(StageError::WrongPeriod { verification: self.period.clone(), period: period.id() });
        }
        if !period.is_open(today) {
            return Err(StageError::PeriodClosed { period: period.id(), closes: period.closes });
        }
        let errors = form.errors(today);
        if let Some(first) = errors.first() {
            return Err(StageError::FormErrors {
                count: errors.len(),
                field: Box::new(form.field_name(first.field)),
                problem: Box::new(first.problem.clone()),
            });
        }
        self.push(Stage::Verified, by, "", today);
        Ok(())
    }

    /// Supervisor finalises a verified visit.
    pub fn finalise(&mut self, by: &str, today: NaiveDate) -> Result<(), StageError> {
        self.legal(StageAction::Finalise, &[Stage::Verified])?;
        self.push(Stage::Finalised, by, "", today);
        Ok(())
    }

    /// Supervisor returns a verified visit to the officer with a reason.
    pub fn return_to_officer(&mut self, reason: &str, by: &str, today: NaiveDate) -> Result<(), StageError> {
        self.legal(StageAction::Return, &[Stage::Verified])?;
        if reason.trim().is_empty() {
            return Err(StageError::NoReturnReason);
        }
        self.push(Stage::Returned, by, reason.trim(), today);
        Ok(())
    }

    /// Records pengesahan. The caller then applies [`apply_findings`] in the
    /// same write.
    pub fn ratify(&mut self, letter: Letter, by: &str, today: NaiveDate) -> Result<(), StageError> {
        self.legal(StageAction::Ratify, &[Stage::Finalised])?;
        if letter.number.trim().is_empty() {
            return Err(StageError::NoLetterNumber);
        }
        if letter.date > today {
            return Err(StageError::LetterAfterToday { date: letter.date });
        }
        let finalised = self.events.iter().rev().find(|e| e.stage == Stage::Finalised).map(|e| e.on);
        if let Some(f) = finalised
            && letter.date < f
        {
            return Err(StageError::LetterBeforeFinalisation { date: letter.date, finalised: f });
        }
        let note = letter.number.trim().to_string();
        self.letter = Some(letter);
        self.push(Stage::Ratified, by, &note, today);
        Ok(())
    }
}

mod apply;
mod concerned;

pub use apply::{AppliedChange, Cause, Skip, apply_findings};
pub use concerned::programmes_concerned;

#[cfg(test)]
mod tests;
