//! The deactivation decisions in effect, as the tahap recipient rules ask
//! for them: per person and programme, the decision, from the first day of
//! its effective period until a reinstatement or reactivation takes it back.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::Programme;
use crate::domain::deactivation::{Change, Direction, Plan, Proposal, State};
use crate::domain::tahap::rules::{Deactivations, DecisionRef};
use crate::service::{Result, Service};

/// One decision's hold on a person's programme.
#[derive(Clone, Copy, Debug)]
struct Hold {
    decision: DecisionRef,
    /// The first day it no longer holds (reinstated or reactivated).
    until: Option<NaiveDate>,
}

/// The decisions in effect over a set of proposals.
#[derive(Debug, Default)]
pub struct DecisionsInEffect {
    holds: HashMap<(String, Programme), Vec<Hold>>,
}

fn from_of(plan: Option<&Plan>, programme: Programme) -> Option<NaiveDate> {
    plan?.programmes.iter().find(|e| e.programme == programme).map(|e| e.from)
}

impl DecisionsInEffect {
    /// Indexes the approved deactivations among `proposals` by the
    /// enrolments they ended; reverted ones hold nothing, reinstated ones
    /// and those answered by a reactivation hold until it takes effect.
    pub fn new(proposals: &[Proposal]) -> DecisionsInEffect {
        let mut back: HashMap<u64, &Plan> = HashMap::new();
        for p in proposals {
            if let (Direction::Reactivate { answers: Some(id) }, State::Effective) = (p.direction, p.state)
                && let Some(plan) = p.decision.as_ref().and_then(|d| d.plan.as_ref())
            {
                back.insert(id, plan);
            }
        }
        let mut holds: HashMap<(String, Programme), Vec<Hold>> = HashMap::new();
        for p in proposals {
            let Direction::Deactivate(ground) = p.direction else { continue };
            if !matches!(p.state, State::Effective | State::Appealed | State::Upheld | State::Reinstated) {
                continue;
            }
            let Some(d) = &p.decision else { continue };
            let reinstated = match p.state {
                State::Reinstated => p.appeal_decision.as_ref().and_then(|a| a.plan.as_ref()),
                _ => None,
            };
            for c in &p.changes {
                let (Change::Enrolment { nik, after, .. }, Some(programme)) = (c, c.ended_programme()) else {
                    continue;
                };
                let effective = from_of(d.plan.as_ref(), programme).or(after.until).unwrap_or(d.on);
                let until = from_of(reinstated, programme).or_else(|| from_of(back.get(&p.id).copied(), programme));
                let decision = DecisionRef { decision: p.id, ground, decided: d.on, effective };
                holds.entry((nik.clone(), programme)).or_default().push(Hold { decision, until });
            }
        }
        DecisionsInEffect { holds }
    }
}

impl Deactivations for DecisionsInEffect {
    fn in_effect(&self, nik: &str, programme: Programme, on: NaiveDate) -> Option<DecisionRef> {
        self.holds
            .get(&(nik.to_string(), programme))?
            .iter()
            .filter(|h| h.decision.effective <= on && h.until.is_none_or(|u| on < u))
            .map(|h| h.decision)
            .min_by_key(|d| (d.effective, d.decision))
    }
}

impl Service {
    /// The decisions in effect for the members of household `no_kk`.
    pub fn decisions_in_effect(&self, no_kk: &str) -> Result<DecisionsInEffect> {
        Ok(DecisionsInEffect::new(&self.proposals_of(no_kk)?))
    }
}
