//! Deactivation decisions (penonaktifan) as use cases: proposals and their
//! way through the Muskel (`proposals`), the four-eyes decisions with their
//! effect on the register (`decide`), drafts from monev results (`monev`)
//! and from double records (`doubles`). Each step is one audited atomic
//! write: the proposal record together with the household it changes.
//!
//! The frozen lists come in as a [`crate::domain::deactivation::Calendar`]:
//! the decision and the revert are planned against it, so a caller passes
//! the tahap schedule and period plans it holds.

mod decide;
mod doubles;
mod monev;
mod proposals;

pub use decide::BatchOutcome;
pub use doubles::DoublePair;
pub use monev::MonevReport;
pub use proposals::{NewProposal, ProposalLine, Queue, Target};

use super::{Actor, Refusal, Result, Service, ServiceError};
use crate::domain::Household;
use crate::domain::deactivation::Proposal;
use crate::store::{RecordPuts, kinds, record_id};

impl Service {
    /// One proposal with its history (`events`), or `None`.
    pub fn proposal(&self, id: u64) -> Result<Option<Proposal>> {
        Ok(self.store().get_record(kinds::DEACTIVATION, &record_id(id))?)
    }

    fn require_proposal(&self, id: u64) -> Result<Proposal> {
        self.proposal(id)?.ok_or(ServiceError::Refused(Refusal::NoProposal { id }))
    }

    fn proposal_household(&self, p: &Proposal) -> Result<Household> {
        let no_kk = p.subject.no_kk();
        self.store().household(no_kk)?.ok_or_else(|| Refusal::NotInRegister { no_kk: no_kk.to_string() }.into())
    }

    /// The puts that save `p` with its household index entry.
    fn proposal_puts(p: &Proposal) -> Result<RecordPuts> {
        let mut r = RecordPuts::new();
        r.put(kinds::DEACTIVATION, &record_id(p.id), p)?;
        r.put(kinds::DEACTIVATION_BY_KK, &format!("{}{}", p.subject.no_kk(), record_id(p.id)), &())?;
        Ok(r)
    }

    /// Saves `p` alone, audited as `action`.
    fn save_proposal(&self, p: &Proposal, actor: &Actor, action: &str) -> Result<()> {
        let r = Self::proposal_puts(p)?;
        self.store()
            .write_records(r, &self.audit(actor, format!("nonaktif.{action} {} {}", p.id, p.subject.no_kk())))?;
        Ok(())
    }

    /// Saves `p` and its changed household in one atomic write.
    fn save_with_household(&self, p: &Proposal, h: &Household, actor: &Actor, action: &str) -> Result<()> {
        let r = Self::proposal_puts(p)?;
        self.store().write_cycle(
            r,
            std::slice::from_ref(h),
            &self.audit(actor, format!("nonaktif.{action} {} {}", p.id, p.subject.no_kk())),
        )?;
        Ok(())
    }
}

/// A domain refusal about proposal `id` (0: not yet saved).
fn refused(id: u64) -> impl Fn(crate::domain::deactivation::Refusal) -> ServiceError {
    move |refusal| ServiceError::Refused(Refusal::Deactivation { id, refusal })
}
