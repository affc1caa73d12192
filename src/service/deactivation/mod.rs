//! Deactivation decisions (penonaktifan) as use cases: proposals and their
//! way through the Muskel (`proposals`), the four-eyes decisions with their
//! effect on the register (`decide`), drafts from monev results (`monev`)
//! and from double records (`doubles`). Each step is one audited atomic
//! write: the proposal record together with the household it changes.
//!
//! The frozen lists come in as a [`crate::domain::deactivation::Calendar`]:
//! the decision and the revert are planned against it. [`Service::deactivation_calendar`]
//! reads the tahap schedules and period plans for one.

mod decide;
mod doubles;
mod in_effect;
mod monev;
mod proposals;
mod review;
pub mod script;

pub use decide::BatchOutcome;
pub use doubles::DoublePair;
pub use in_effect::DecisionsInEffect;
pub use monev::MonevReport;
pub use proposals::{NewProposal, ProposalLine, Queue, Target};
pub use review::{FindingLine, FindingReview, Preview, ReviewMark, Row};

use std::collections::BTreeMap;

use super::versions::Seen;
use super::{Actor, Refusal, Result, Service, ServiceError};
use crate::domain::deactivation::{Proposal, TahapCalendar};
use crate::domain::tahap::{PeriodPlan, PeriodSchedule};
use crate::domain::{Household, Programme};
use crate::store::{RecordPuts, kinds, record_id};

/// The tahap schedules and period plans, to plan a decision against.
pub struct FrozenLists {
    pub schedules: BTreeMap<Programme, PeriodSchedule>,
    pub plans: Vec<PeriodPlan>,
}

impl FrozenLists {
    pub fn calendar(&self) -> TahapCalendar<'_> {
        TahapCalendar { schedules: &self.schedules, plans: &self.plans }
    }
}

impl Service {
    /// Every programme's period schedule and every period plan, through the
    /// tahap service; a programme with no schedule has no period to plan in.
    pub fn deactivation_calendar(&self) -> Result<FrozenLists> {
        let mut schedules = BTreeMap::new();
        for &p in Programme::ALL {
            if let Some(s) = self.schedule(p)? {
                schedules.insert(p, s);
            }
        }
        Ok(FrozenLists { schedules, plans: self.plans(None)? })
    }

    /// One proposal with its history (`events`), or `None`.
    pub fn proposal(&self, id: u64) -> Result<Option<Proposal>> {
        Ok(self.store().get_record(kinds::DEACTIVATION, &record_id(id))?)
    }

    /// The proposal, its version noted in `seen`.
    fn require_proposal(&self, id: u64, seen: &mut Seen) -> Result<Proposal> {
        self.read_seen(kinds::DEACTIVATION, &record_id(id), seen)?
            .ok_or(ServiceError::Refused(Refusal::NoProposal { id }))
    }

    /// The proposal's household, its version noted in `seen`.
    fn proposal_household(&self, p: &Proposal, seen: &mut Seen) -> Result<Household> {
        let no_kk = p.subject.no_kk();
        self.household_seen(no_kk, seen)?.ok_or_else(|| Refusal::NotInRegister { no_kk: no_kk.to_string() }.into())
    }

    /// The puts that save `p` with its household index entry.
    fn proposal_puts(p: &Proposal) -> Result<RecordPuts> {
        let mut r = RecordPuts::new();
        r.put(kinds::DEACTIVATION, &record_id(p.id), p)?;
        r.put(kinds::DEACTIVATION_BY_KK, &format!("{}{}", p.subject.no_kk(), record_id(p.id)), &())?;
        Ok(r)
    }

    /// Saves `p` alone, audited as `action`, if nothing in `seen` changed.
    fn save_proposal(&self, p: &Proposal, seen: &Seen, actor: &Actor, action: &str) -> Result<()> {
        let r = Self::proposal_puts(p)?;
        let audit = self.audit(actor, format!("nonaktif.{action} {} {}", p.id, p.subject.no_kk()));
        self.write_records_seen(r, seen, &audit)?;
        Ok(())
    }

    /// Saves `p` and its changed household in one atomic write, if nothing
    /// in `seen` changed.
    fn save_with_household(&self, p: &Proposal, h: &Household, seen: &Seen, actor: &Actor, action: &str) -> Result<()> {
        let r = Self::proposal_puts(p)?;
        let audit = self.audit(actor, format!("nonaktif.{action} {} {}", p.id, p.subject.no_kk()));
        self.write_cycle_seen(r, std::slice::from_ref(h), seen, &audit)?;
        Ok(())
    }
}

/// A domain refusal about proposal `id` (0: not yet saved).
fn refused(id: u64) -> impl Fn(crate::domain::deactivation::Refusal) -> ServiceError {
    move |refusal| ServiceError::Refused(Refusal::Deactivation { id, refusal })
}
