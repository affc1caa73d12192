//! A double record: one person in two household records. dtks suggests
//! which record to keep (the one with active assistance history; on a tie
//! the older record) and says why; the operator decides, with the KTP and
//! KK at hand. The other record's entry becomes a deletion proposal with
//! ground "double" and the pair as evidence.

use chrono::NaiveDate;

use super::proposal::{
    DeletionGround, Direction, DocumentKind, DraftInput, Evidence, Ground, Origin, Proposal, Reference, Scope, Subject,
};
use super::state::Refusal;
use crate::domain::codes::EnrolmentStatus;
use crate::domain::model::Household;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeepBecause {
    /// Only this record has an active enrolment.
    ActiveAssistance,
    /// Both or neither have one; this record is older.
    OlderRecord,
    /// Nothing tells them apart; the first is named.
    NoDifference,
}

/// A suggestion, never a decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub keep: String,
    pub remove: String,
    pub because: KeepBecause,
}

fn assisted(h: &Household, nik: &str) -> bool {
    h.member(nik).is_some_and(|p| p.enrolments.iter().any(|e| e.status == EnrolmentStatus::Active))
}

/// The earliest date the record knows of the person or the household.
fn first_seen(h: &Household, nik: &str) -> Option<NaiveDate> {
    let person = h.member(nik).into_iter().flat_map(|p| p.history.iter().map(|e| e.since));
    h.history.iter().map(|e| e.since).chain(person).min()
}

/// Which of `a` and `b`, both holding `nik`, to keep.
pub fn suggest_keep(a: &Household, b: &Household, nik: &str) -> Suggestion {
    let pick = |keep: &Household, remove: &Household, because| Suggestion {
        keep: keep.no_kk.clone(),
        remove: remove.no_kk.clone(),
        because,
    };
    match (assisted(a, nik), assisted(b, nik)) {
        (true, false) => return pick(a, b, KeepBecause::ActiveAssistance),
        (false, true) => return pick(b, a, KeepBecause::ActiveAssistance),
        _ => {}
    }
    match (first_seen(a, nik), first_seen(b, nik)) {
        (Some(x), Some(y)) if y < x => pick(b, a, KeepBecause::OlderRecord),
        (None, Some(_)) => pick(b, a, KeepBecause::OlderRecord),
        (Some(x), Some(y)) if x < y => pick(a, b, KeepBecause::OlderRecord),
        (Some(_), None) => pick(a, b, KeepBecause::OlderRecord),
        _ => pick(a, b, KeepBecause::NoDifference),
    }
}

/// The deletion proposal for `nik` in the record `removed`, the operator
/// having chosen to keep `kept`.
pub fn double_proposal(
    kept: &Household,
    removed: &Household,
    nik: &str,
    id: u64,
    by: &str,
    today: NaiveDate,
) -> Result<Proposal, Refusal> {
    if kept.member(nik).is_none() {
        return Err(Refusal::UnknownPerson { nik: nik.to_string(), no_kk: kept.no_kk.clone() });
    }
    let evidence = Evidence {
        kind: DocumentKind::DoubleRecordPair,
        number: String::new(),
        date: Some(today),
        files: Vec::new(),
        reference: Some(Reference::Pair { keep: kept.no_kk.clone(), remove: removed.no_kk.clone() }),
        asset: None,
        note: String::new(),
    };
    let input = DraftInput {
        id,
        subject: Subject::Person { nik: nik.to_string(), no_kk: removed.no_kk.clone() },
        direction: Direction::Deactivate(Ground::Deletion(DeletionGround::Double)),
        evidence: vec![evidence],
        origin: Origin::DoubleRecord,
        scope: Scope::All,
        by: by.to_string(),
        on: today,
    };
    Proposal::draft(input, removed)
}
