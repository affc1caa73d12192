//! The states of a proposal and the steps between them:
//!
//! ```text
//! draft ──submit(muskel)──▶ proposed ──agree──▶ agreed ──decide──▶ approved ──take_effect──▶ effective
//!   ▲                                              │  (or, urgent: from draft/proposed)          │
//!   └──────────── revision(note) ◀─────────────────┤                                             ├─revert(reason)──▶ reverted
//!                                       rejected ◀─┘              approved ──revert──▶ reverted   └─appeal──▶ appealed ──▶ reinstated | upheld
//! ```
//!
//! Four-eyes: whoever proposed never decides, and whoever decided never
//! decides the appeal. A refused step says why, as [`Refusal`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::effective::{Calendar, Plan, check_undo, plan};
use super::proposal::{Direction, Ground, Proposal, Scope, Subject, check_scope, check_subject};
use crate::domain::codes::{EnrolmentStatus, Programme};
use crate::domain::model::Household;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    Draft,
    /// Put to a Muskel.
    Proposed,
    /// Agreed in its Muskel, waiting for the decision.
    Agreed,
    Approved,
    Rejected,
    /// The approval's effect is in the register.
    Effective,
    Reverted,
    /// Contested (*sanggahan*), waiting for the appeal's decision.
    Appealed,
    Reinstated,
    Upheld,
}

impl State {
    pub const ALL: &'static [State] = &[
        State::Draft,
        State::Proposed,
        State::Agreed,
        State::Approved,
        State::Rejected,
        State::Effective,
        State::Reverted,
        State::Appealed,
        State::Reinstated,
        State::Upheld,
    ];
    /// The stable code used in the store and on the command line.
    pub fn code(self) -> &'static str {
        match self {
            State::Draft => "konsep",
            State::Proposed => "diajukan",
            State::Agreed => "disetujui_muskel",
            State::Approved => "disetujui",
            State::Rejected => "ditolak",
            State::Effective => "berlaku",
            State::Reverted => "dibatalkan",
            State::Appealed => "disanggah",
            State::Reinstated => "dipulihkan",
            State::Upheld => "dikuatkan",
        }
    }
    pub fn parse(code: &str) -> Option<State> {
        State::ALL.iter().copied().find(|s| s.code().eq_ignore_ascii_case(code.trim()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Edit,
    Submit,
    Agree,
    Decide,
    TakeEffect,
    Revert,
    Appeal,
    DecideAppeal,
}

/// What a decider chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    Approve,
    Reject,
    /// Back to the proposer's draft with a note.
    Revise,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Approve => "setujui",
            Outcome::Reject => "tolak",
            Outcome::Revise => "perbaiki",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub outcome: Outcome,
    pub by: String,
    pub on: NaiveDate,
    pub note: String,
    /// Decided before the Muskel on the urgent ground (deceased, certificate).
    pub urgent: bool,
    /// When an approval takes effect.
    pub plan: Option<Plan>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub state: State,
    pub by: String,
    pub on: NaiveDate,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    Illegal {
        step: Step,
        from: State,
    },
    /// Four-eyes: the proposer may not decide.
    OwnProposal {
        user: String,
    },
    /// Four-eyes: the original decider may not decide the appeal.
    OwnDecision {
        user: String,
    },
    /// Not yet agreed in a Muskel and no urgent ground.
    BeforeMuskel {
        state: State,
    },
    AlreadyInactive {
        subject: Subject,
    },
    NotInactive {
        subject: Subject,
    },
    UnknownPerson {
        nik: String,
        no_kk: String,
    },
    WrongHousehold {
        expected: String,
        got: String,
    },
    GroundNeedsAllProgrammes {
        ground: Ground,
    },
    NoProgramme,
    NoEvidence,
    NoNote {
        step: Step,
    },
    /// Nothing to stop: no live enrolment in the programmes named.
    NothingEnrolled {
        programmes: Vec<Programme>,
    },
    NoOpenPeriod {
        programme: Programme,
    },
    ReachedFrozenList {
        programme: Programme,
        period: String,
    },
    /// Only a deactivation can be appealed.
    NotADeactivation,
    DeathDateInFuture {
        date: NaiveDate,
    },
}

fn same_user(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl Proposal {
    fn legal(&self, step: Step, from: &[State]) -> Result<(), Refusal> {
        if from.contains(&self.state) { Ok(()) } else { Err(Refusal::Illegal { step, from: self.state }) }
    }

    fn push(&mut self, state: State, by: &str, note: &str, on: NaiveDate) {
        self.state = state;
        self.events.push(Event { state, by: by.to_string(), on, note: note.to_string() });
    }

    /// Evidence and scope may change only while the proposal is a draft.
    pub fn edit(&mut self, evidence: Vec<super::proposal::Evidence>, scope: Scope) -> Result<(), Refusal> {
        self.legal(Step::Edit, &[State::Draft])?;
        check_scope(self.direction, &scope)?;
        self.evidence = evidence;
        self.scope = scope;
        Ok(())
    }

    /// Puts the draft to Muskel `muskel`; it needs evidence.
    pub fn submit(&mut self, muskel: u64, by: &str, on: NaiveDate) -> Result<(), Refusal> {
        self.legal(Step::Submit, &[State::Draft])?;
        if self.evidence.is_empty() {
            return Err(Refusal::NoEvidence);
        }
        self.muskel = Some(muskel);
        self.push(State::Proposed, by, "", on);
        Ok(())
    }

    /// Records that its Muskel agreed it.
    pub fn agree(&mut self, by: &str, on: NaiveDate) -> Result<(), Refusal> {
        self.legal(Step::Agree, &[State::Proposed])?;
        self.push(State::Agreed, by, "", on);
        Ok(())
    }

    /// The decision. Only after the Muskel agreed, unless the proposal has
    /// the urgent ground; never by the proposer. An approval is checked
    /// against `household` and planned on `cal`.
    pub fn decide<C: Calendar>(
        &mut self,
        outcome: Outcome,
        note: &str,
        by: &str,
        on: NaiveDate,
        household: &Household,
        cal: &C,
    ) -> Result<(), Refusal> {
        self.legal(Step::Decide, &[State::Draft, State::Proposed, State::Agreed])?;
        let urgent = self.state != State::Agreed;
        if urgent && !self.has_urgent_ground() {
            return Err(Refusal::BeforeMuskel { state: self.state });
        }
        if same_user(by, &self.proposed_by) {
            return Err(Refusal::OwnProposal { user: by.to_string() });
        }
        if outcome == Outcome::Revise && note.trim().is_empty() {
            return Err(Refusal::NoNote { step: Step::Decide });
        }
        let plan = match outcome {
            Outcome::Approve => {
                check_subject(&self.subject, self.direction, household)?;
                let reactivate = matches!(self.direction, Direction::Reactivate { .. });
                let programmes = concerned(household, &self.subject, &self.scope, reactivate);
                if !reactivate && programmes.is_empty() && self.scope != Scope::All {
                    let named = match &self.scope {
                        Scope::Named(ps) => ps.clone(),
                        Scope::All => Vec::new(),
                    };
                    return Err(Refusal::NothingEnrolled { programmes: named });
                }
                Some(plan(cal, &programmes, reactivate || self.scope == Scope::All, on)?)
            }
            Outcome::Reject | Outcome::Revise => None,
        };
        let state = match outcome {
            Outcome::Approve => State::Approved,
            Outcome::Reject => State::Rejected,
            Outcome::Revise => State::Draft,
        };
        let note = note.trim();
        self.decision = Some(Decision { outcome, by: by.to_string(), on, note: note.to_string(), urgent, plan });
        if outcome == Outcome::Revise {
            self.muskel = None;
        }
        self.push(state, by, note, on);
        Ok(())
    }

    /// Records the approval's effect, computed by [`super::effect::apply`]
    /// and written with it.
    pub fn take_effect(&mut self, changes: Vec<super::effect::Change>, by: &str, on: NaiveDate) -> Result<(), Refusal> {
        self.legal(Step::TakeEffect, &[State::Approved])?;
        self.changes = changes;
        self.push(State::Effective, by, "", on);
        Ok(())
    }

    /// Undoes an approval whose effect has reached no frozen list; after
    /// that only a reactivation answers it.
    pub fn revert<C: Calendar>(&mut self, reason: &str, by: &str, on: NaiveDate, cal: &C) -> Result<(), Refusal> {
        self.legal(Step::Revert, &[State::Approved, State::Effective])?;
        if reason.trim().is_empty() {
            return Err(Refusal::NoNote { step: Step::Revert });
        }
        if let Some(p) = self.decision.as_ref().and_then(|d| d.plan.as_ref()) {
            check_undo(cal, p)?;
        }
        self.push(State::Reverted, by, reason.trim(), on);
        Ok(())
    }

    /// Records a sanggahan against an effective deactivation.
    pub fn appeal(&mut self, note: &str, by: &str, on: NaiveDate) -> Result<(), Refusal> {
        self.legal(Step::Appeal, &[State::Effective])?;
        if self.ground().is_none() {
            return Err(Refusal::NotADeactivation);
        }
        if note.trim().is_empty() {
            return Err(Refusal::NoNote { step: Step::Appeal });
        }
        self.push(State::Appealed, by, note.trim(), on);
        Ok(())
    }

    /// Decides the appeal: `Approve` reinstates from the next unfrozen
    /// period, `Reject` upholds. Never by the original decider.
    pub fn decide_appeal<C: Calendar>(
        &mut self,
        outcome: Outcome,
        note: &str,
        by: &str,
        on: NaiveDate,
        cal: &C,
    ) -> Result<(), Refusal> {
        self.legal(Step::DecideAppeal, &[State::Appealed])?;
        if outcome == Outcome::Revise {
            return Err(Refusal::Illegal { step: Step::DecideAppeal, from: self.state });
        }
        if self.decision.as_ref().is_some_and(|d| same_user(by, &d.by)) {
            return Err(Refusal::OwnDecision { user: by.to_string() });
        }
        let (state, plan) = match outcome {
            Outcome::Approve => {
                let programmes: Vec<Programme> = self.changes.iter().filter_map(|c| c.ended_programme()).collect();
                let mut unique = programmes;
                unique.sort();
                unique.dedup();
                let register = self.changes.iter().any(|c| c.is_status());
                (State::Reinstated, Some(plan(cal, &unique, register, on)?))
            }
            _ => (State::Upheld, None),
        };
        let note = note.trim();
        self.appeal_decision =
            Some(Decision { outcome, by: by.to_string(), on, note: note.to_string(), urgent: false, plan });
        self.push(state, by, note, on);
        Ok(())
    }
}

/// The programmes an approval touches: the subject's live enrolments in the
/// scope (stopped ones for a reactivation).
fn concerned(h: &Household, subject: &Subject, scope: &Scope, reactivate: bool) -> Vec<Programme> {
    let mut out: Vec<Programme> = h
        .members
        .iter()
        .filter(|p| subject.covers(&h.no_kk, &p.nik))
        .flat_map(|p| &p.enrolments)
        .filter(|e| scope.includes(e.programme) && (e.status == EnrolmentStatus::Stopped) == reactivate)
        .map(|e| e.programme)
        .collect();
    out.sort();
    out.dedup();
    out
}
