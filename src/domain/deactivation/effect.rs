//! What an approved decision does to the register, as a pure function from
//! the household record and the proposal to the new record and the list of
//! changes; and its two reversals: an undo (revert) that restores what it
//! changed, and a reinstatement that restarts it from its own effective
//! date. History is only ever added to.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::effective::Plan;
use super::proposal::{Direction, Ground, Proposal, Subject};
use super::state::{Refusal, State, Step};
use crate::domain::codes::{DtksStatus, EnrolmentStatus, Programme, Source};
use crate::domain::model::{Enrolment, Household, Person, StatusEntry};

/// One change to the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    PersonStatus { nik: String, from: DtksStatus, to: DtksStatus, since: NaiveDate },
    HouseholdStatus { from: DtksStatus, to: DtksStatus, since: NaiveDate },
    Enrolment { nik: String, before: Enrolment, after: Enrolment },
}

impl Change {
    /// The programme an enrolment change stopped.
    pub fn ended_programme(&self) -> Option<Programme> {
        match self {
            Change::Enrolment { after, .. } if after.status == EnrolmentStatus::Stopped => Some(after.programme),
            _ => None,
        }
    }
    pub fn is_status(&self) -> bool {
        matches!(self, Change::PersonStatus { .. } | Change::HouseholdStatus { .. })
    }
}

/// What a status history entry written here points at; kept in the entry's
/// note as a code (`penonaktifan:12`), never as words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryRef {
    Decision(u64),
    Reverted(u64),
    Reinstated(u64),
}

impl HistoryRef {
    pub fn code(self) -> String {
        match self {
            HistoryRef::Decision(id) => format!("penonaktifan:{id}"),
            HistoryRef::Reverted(id) => format!("pembatalan:{id}"),
            HistoryRef::Reinstated(id) => format!("pemulihan:{id}"),
        }
    }
    pub fn parse(note: &str) -> Option<HistoryRef> {
        let (kind, id) = note.trim().split_once(':')?;
        let id = id.parse().ok()?;
        match kind {
            "penonaktifan" => Some(HistoryRef::Decision(id)),
            "pembatalan" => Some(HistoryRef::Reverted(id)),
            "pemulihan" => Some(HistoryRef::Reinstated(id)),
            _ => None,
        }
    }
}

fn entry(status: DtksStatus, since: NaiveDate, r: HistoryRef) -> StatusEntry {
    StatusEntry { status, since, period: None, source: Source::Regional, note: r.code() }
}

fn live(e: &Enrolment) -> bool {
    matches!(e.status, EnrolmentStatus::Active | EnrolmentStatus::Proposed | EnrolmentStatus::Suspended)
}

fn from_of(plan: &Plan, p: Programme) -> Option<NaiveDate> {
    plan.programmes.iter().find(|e| e.programme == p).map(|e| e.from)
}

/// Applies an approved proposal: a deactivation makes the subject inactive
/// from the plan's date and ends its enrolments in the planned programmes;
/// a reactivation makes it active and restarts the stopped ones.
pub fn apply(household: &Household, proposal: &Proposal) -> Result<(Household, Vec<Change>), Refusal> {
    let plan = match (&proposal.state, proposal.decision.as_ref().and_then(|d| d.plan.as_ref())) {
        (State::Approved, Some(plan)) => plan,
        _ => return Err(Refusal::Illegal { step: Step::TakeEffect, from: proposal.state }),
    };
    let (to, r) = match proposal.direction {
        Direction::Deactivate(_) => (DtksStatus::Inactive, HistoryRef::Decision(proposal.id)),
        Direction::Reactivate { .. } => (DtksStatus::Active, HistoryRef::Reinstated(proposal.id)),
    };
    let mut h = household.clone();
    let mut changes = Vec::new();
    if let (Subject::Household { .. }, Some(since)) = (&proposal.subject, plan.status_from) {
        let from = h.status();
        h.history.push(entry(to, since, r));
        changes.push(Change::HouseholdStatus { from, to, since });
    }
    let no_kk = h.no_kk.clone();
    for p in h.members.iter_mut().filter(|p| proposal.subject.covers(&no_kk, &p.nik)) {
        if let Some(since) = plan.status_from {
            set_status(p, to, since, r, &mut changes);
        }
        for e in p.enrolments.iter_mut() {
            let Some(from) = from_of(plan, e.programme) else { continue };
            let before = e.clone();
            match to {
                DtksStatus::Inactive if live(e) => {
                    e.status = EnrolmentStatus::Stopped;
                    e.until = Some(from);
                }
                DtksStatus::Active if e.status == EnrolmentStatus::Stopped => {
                    *e = Enrolment {
                        programme: e.programme,
                        status: EnrolmentStatus::Active,
                        since: from,
                        until: None,
                        source: e.source.clone(),
                    };
                }
                _ => continue,
            }
            changes.push(Change::Enrolment { nik: p.nik.clone(), before, after: e.clone() });
        }
    }
    Ok((h, changes))
}

/// A member already in the target status (an inactive member of a household
/// being deactivated) gets no entry, so a reversal leaves them as they were.
fn set_status(p: &mut Person, to: DtksStatus, since: NaiveDate, r: HistoryRef, changes: &mut Vec<Change>) {
    let from = p.status();
    if from == to {
        return;
    }
    p.history.push(entry(to, since, r));
    changes.push(Change::PersonStatus { nik: p.nik.clone(), from, to, since });
}

/// Undoes a reverted proposal's changes: each status goes back to what it
/// was from the same date, each enrolment to what it was.
pub fn undo(household: &Household, proposal: &Proposal) -> Result<(Household, Vec<Change>), Refusal> {
    if proposal.state != State::Reverted {
        return Err(Refusal::Illegal { step: Step::Revert, from: proposal.state });
    }
    let r = HistoryRef::Reverted(proposal.id);
    let mut h = household.clone();
    let mut out = Vec::new();
    for c in &proposal.changes {
        match c {
            Change::HouseholdStatus { from, to, since } => {
                h.history.push(entry(*from, *since, r));
                out.push(Change::HouseholdStatus { from: *to, to: *from, since: *since });
            }
            Change::PersonStatus { nik, from, since, .. } => {
                if let Some(p) = h.members.iter_mut().find(|p| &p.nik == nik) {
                    set_status(p, *from, *since, r, &mut out);
                }
            }
            Change::Enrolment { nik, before, after } => {
                let Some(p) = h.members.iter_mut().find(|p| &p.nik == nik) else { continue };
                if let Some(e) = p.enrolments.iter_mut().find(|e| *e == after) {
                    *e = before.clone();
                    out.push(Change::Enrolment { nik: nik.clone(), before: after.clone(), after: before.clone() });
                }
            }
        }
    }
    Ok((h, out))
}

/// Reinstates a deactivation whose appeal succeeded, from the appeal
/// decision's own effective dates: statuses active again, the enrolments
/// it stopped restarted. The deactivation stays in the history.
pub fn reinstate(household: &Household, proposal: &Proposal) -> Result<(Household, Vec<Change>), Refusal> {
    let plan = match (&proposal.state, proposal.appeal_decision.as_ref().and_then(|d| d.plan.as_ref())) {
        (State::Reinstated, Some(plan)) => plan,
        _ => return Err(Refusal::Illegal { step: Step::DecideAppeal, from: proposal.state }),
    };
    let r = HistoryRef::Reinstated(proposal.id);
    let mut h = household.clone();
    let mut out = Vec::new();
    let since = plan.status_from;
    for c in &proposal.changes {
        match (c, since) {
            (Change::HouseholdStatus { from, to, .. }, Some(s)) => {
                h.history.push(entry(*from, s, r));
                out.push(Change::HouseholdStatus { from: *to, to: *from, since: s });
            }
            (Change::PersonStatus { nik, from, .. }, Some(s)) => {
                if let Some(p) = h.members.iter_mut().find(|p| &p.nik == nik) {
                    set_status(p, *from, s, r, &mut out);
                }
            }
            (Change::Enrolment { nik, before, after }, _) => {
                let Some(from) = from_of(plan, after.programme) else { continue };
                let Some(p) = h.members.iter_mut().find(|p| &p.nik == nik) else { continue };
                if let Some(e) = p.enrolments.iter_mut().find(|e| *e == after) {
                    *e = Enrolment {
                        programme: before.programme,
                        status: before.status,
                        since: from,
                        until: None,
                        source: before.source.clone(),
                    };
                    out.push(Change::Enrolment { nik: nik.clone(), before: after.clone(), after: e.clone() });
                }
            }
            _ => {}
        }
    }
    Ok((h, out))
}

/// "Nonaktif sejak D karena R": for eligibility and the tahap recipient rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deactivated {
    pub since: NaiveDate,
    pub ground: Ground,
    pub proposal: u64,
}

/// Whether `person` is inactive on `on` by a deactivation decision among
/// `proposals`, and since when and why. The status that holds on a date is
/// the last entry written whose date has come.
pub fn deactivated_since(person: &Person, on: NaiveDate, proposals: &[Proposal]) -> Option<Deactivated> {
    let e = person.history.iter().rev().find(|e| e.since <= on)?;
    if e.status != DtksStatus::Inactive {
        return None;
    }
    let HistoryRef::Decision(id) = HistoryRef::parse(&e.note)? else { return None };
    let ground = proposals.iter().find(|p| p.id == id)?.ground()?;
    Some(Deactivated { since: e.since, ground, proposal: id })
}
