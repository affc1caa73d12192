//! Double records: a NIK found in two households, seen side by side with a
//! suggestion which to keep; "keep A, propose deleting B" opens a deletion
//! proposal on the ground "double" for the person in B.

use crate::domain::Household;
use crate::domain::deactivation::Proposal;
use crate::domain::deactivation::double::{Suggestion, double_proposal, suggest_keep};
use crate::service::versions::Seen;
use crate::service::{Actor, Refusal, Result, Service};

use super::refused;

/// One double as a screen shows it: both households whole and the
/// suggestion (the operator decides).
#[derive(Clone, Debug)]
pub struct DoublePair {
    pub nik: String,
    pub a: Household,
    pub b: Household,
    pub suggestion: Suggestion,
}

impl Service {
    /// Every NIK held by two households (the first two, when more), from
    /// the duplicates list.
    /// Only pairs within `actor`'s areas.
    pub fn double_pairs(&self, actor: &Actor) -> Result<Vec<DoublePair>> {
        let mut out = Vec::new();
        for d in self.duplicates(actor)?.into_iter().filter(|d| d.kind == "nik") {
            let [first, second, ..] = d.places.as_slice() else { continue };
            if first.no_kk == second.no_kk {
                continue;
            }
            let (Some(a), Some(b)) = (self.store().household(&first.no_kk)?, self.store().household(&second.no_kk)?)
            else {
                continue;
            };
            let suggestion = suggest_keep(&a, &b, &first.nik);
            out.push(DoublePair { nik: first.nik.clone(), a, b, suggestion });
        }
        Ok(out)
    }

    /// Keeps person `nik` in household `keep` and drafts the deletion of
    /// its record in `remove`, ground "double", the pair as evidence.
    pub fn propose_double_deletion(&self, nik: &str, keep: &str, remove: &str, actor: &Actor) -> Result<Proposal> {
        self.require(actor, crate::domain::access::Right::Propose)?;
        self.propose_double_deletion_on(nik, keep, remove, actor, self.today())
    }

    pub(crate) fn propose_double_deletion_on(
        &self,
        nik: &str,
        keep: &str,
        remove: &str,
        actor: &Actor,
        today: chrono::NaiveDate,
    ) -> Result<Proposal> {
        let household = |kk: &str| -> Result<Household> {
            self.store().household(kk)?.ok_or_else(|| Refusal::NotInRegister { no_kk: kk.to_string() }.into())
        };
        let (kept, removed) = (household(keep)?, household(remove)?);
        let id = self.store().new_id()?;
        let p = double_proposal(&kept, &removed, nik, id, &actor.user, today).map_err(refused(0))?;
        let kk = p.subject.no_kk();
        let mut seen = Seen::new();
        seen.ids(
            crate::store::kinds::DEACTIVATION_BY_KK,
            kk,
            self.store().record_ids(crate::store::kinds::DEACTIVATION_BY_KK, kk)?,
        );
        if let Some(open) = self.open_proposal_for(&p.subject)? {
            return Err(Refusal::ProposalOpen { id: open }.into());
        }
        self.save_proposal(&p, &seen, actor, "double")?;
        Ok(p)
    }
}
