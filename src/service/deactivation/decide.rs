//! The four-eyes decisions and what follows them: approval with its effect
//! on the register, revert, appeal and its decision; decisions in batches,
//! each one its own atomic write.

use crate::domain::deactivation::{Calendar, Outcome, Proposal, State, effect};
use crate::service::versions::Seen;
use crate::service::{Actor, Result, Service};

use super::refused;

/// What became of one proposal of a batch.
#[derive(Debug)]
pub struct BatchOutcome {
    pub id: u64,
    pub result: Result<State>,
}

impl Service {
    /// Decides a proposal. An approval is planned on `cal` (never inside a
    /// frozen list) and written with its effect on the household in one
    /// atomic write; the proposal is then in effect.
    pub fn decide_proposal<C: Calendar>(
        &self,
        id: u64,
        outcome: Outcome,
        note: &str,
        actor: &Actor,
        cal: &C,
    ) -> Result<Proposal> {
        self.require(actor, crate::domain::access::Right::Decide)?;
        self.decide_proposal_on(id, outcome, note, actor, cal, self.today())
    }

    /// [`Service::decide_proposal`] dated `today` (a replayed history).
    pub(crate) fn decide_proposal_on<C: Calendar>(
        &self,
        id: u64,
        outcome: Outcome,
        note: &str,
        actor: &Actor,
        cal: &C,
        today: chrono::NaiveDate,
    ) -> Result<Proposal> {
        let mut seen = Seen::new();
        let mut p = self.require_proposal(id, &mut seen)?;
        let h = self.proposal_household(&p, &mut seen)?;
        p.decide(outcome, note, &actor.user, today, &h, cal).map_err(refused(id))?;
        if p.state != State::Approved {
            let action = if p.state == State::Draft { "revise" } else { "reject" };
            self.save_proposal(&p, &seen, actor, action)?;
            return Ok(p);
        }
        let (changed, changes) = effect::apply(&h, &p).map_err(refused(id))?;
        p.take_effect(changes, &actor.user, today).map_err(refused(id))?;
        self.save_with_household(&p, &changed, &seen, actor, "approve")?;
        Ok(p)
    }

    /// Decides each of `ids` in turn, each whole or not at all; a refusal
    /// of one leaves the others to go on.
    pub fn decide_batch<C: Calendar>(
        &self,
        ids: &[u64],
        outcome: Outcome,
        note: &str,
        actor: &Actor,
        cal: &C,
    ) -> Vec<BatchOutcome> {
        self.decide_batch_with(ids, outcome, note, actor, cal, &mut |_| {})
    }

    /// [`Service::decide_batch`], telling `progress` of each outcome as soon
    /// as it is written (the screen's progress, and the kill test).
    pub fn decide_batch_with<C: Calendar>(
        &self,
        ids: &[u64],
        outcome: Outcome,
        note: &str,
        actor: &Actor,
        cal: &C,
        progress: &mut dyn FnMut(&BatchOutcome),
    ) -> Vec<BatchOutcome> {
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            let o = BatchOutcome { id, result: self.decide_proposal(id, outcome, note, actor, cal).map(|p| p.state) };
            progress(&o);
            out.push(o);
        }
        out
    }

    /// Reverts an approval whose effect has reached no frozen list, undoing
    /// its changes in the same write.
    pub fn revert_proposal<C: Calendar>(&self, id: u64, reason: &str, actor: &Actor, cal: &C) -> Result<Proposal> {
        self.require(actor, crate::domain::access::Right::Decide)?;
        self.revert_proposal_on(id, reason, actor, cal, self.today())
    }

    pub(crate) fn revert_proposal_on<C: Calendar>(
        &self,
        id: u64,
        reason: &str,
        actor: &Actor,
        cal: &C,
        today: chrono::NaiveDate,
    ) -> Result<Proposal> {
        let mut seen = Seen::new();
        let mut p = self.require_proposal(id, &mut seen)?;
        let h = self.proposal_household(&p, &mut seen)?;
        p.revert(reason, &actor.user, today, cal).map_err(refused(id))?;
        let (changed, _) = effect::undo(&h, &p).map_err(refused(id))?;
        self.save_with_household(&p, &changed, &seen, actor, "revert")?;
        Ok(p)
    }

    /// Records a sanggahan against a deactivation in effect.
    pub fn appeal_proposal(&self, id: u64, note: &str, actor: &Actor) -> Result<Proposal> {
        self.require(actor, crate::domain::access::Right::Propose)?;
        self.appeal_proposal_on(id, note, actor, self.today())
    }

    pub(crate) fn appeal_proposal_on(
        &self,
        id: u64,
        note: &str,
        actor: &Actor,
        today: chrono::NaiveDate,
    ) -> Result<Proposal> {
        let mut seen = Seen::new();
        let mut p = self.require_proposal(id, &mut seen)?;
        p.appeal(note, &actor.user, today).map_err(refused(id))?;
        self.save_proposal(&p, &seen, actor, "appeal")?;
        Ok(p)
    }

    /// Decides an appeal (never by the original decider); reinstatement is
    /// planned on `cal` and written with the household.
    pub fn decide_appeal<C: Calendar>(
        &self,
        id: u64,
        outcome: Outcome,
        note: &str,
        actor: &Actor,
        cal: &C,
    ) -> Result<Proposal> {
        self.require(actor, crate::domain::access::Right::Decide)?;
        self.decide_appeal_on(id, outcome, note, actor, cal, self.today())
    }

    pub(crate) fn decide_appeal_on<C: Calendar>(
        &self,
        id: u64,
        outcome: Outcome,
        note: &str,
        actor: &Actor,
        cal: &C,
        today: chrono::NaiveDate,
    ) -> Result<Proposal> {
        let mut seen = Seen::new();
        let mut p = self.require_proposal(id, &mut seen)?;
        let h = self.proposal_household(&p, &mut seen)?;
        p.decide_appeal(outcome, note, &actor.user, today, cal).map_err(refused(id))?;
        if p.state != State::Reinstated {
            self.save_proposal(&p, &seen, actor, "uphold")?;
            return Ok(p);
        }
        let (changed, _) = effect::reinstate(&h, &p).map_err(refused(id))?;
        self.save_with_household(&p, &changed, &seen, actor, "reinstate")?;
        Ok(p)
    }
}
