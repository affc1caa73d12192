//! Reading one household for the screens: the record with its region names
//! and audit history, the members a search found, and opening a visit in
//! the programme the household's enrolments call for.

use super::verval::VisitSession;
use super::{Actor, Result, Service};
use crate::domain::Household;
use crate::domain::access::Right;
use crate::domain::programme::programme_for;
use crate::store::AuditEvent;

/// A household as its detail screen shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct HouseholdView {
    pub household: Household,
    /// Province › kab/kota › kecamatan › kelurahan names.
    pub region: Vec<String>,
    /// Every audited write that touched the household, oldest first.
    pub audit: Vec<AuditEvent>,
}

impl Service {
    /// Households in the register.
    pub fn household_count(&self) -> Result<u64> {
        Ok(self.store().household_count()?)
    }

    /// One household; None when no such KK.
    pub fn household(&self, no_kk: &str) -> Result<Option<Household>> {
        Ok(self.store().household(no_kk)?)
    }

    /// The households of `kks` that are (still) in the register, in order.
    pub fn households_of(&self, kks: &[String]) -> Result<Vec<Household>> {
        let mut out = Vec::with_capacity(kks.len());
        for kk in kks {
            out.extend(self.store().household(kk)?);
        }
        Ok(out)
    }

    /// A household with its region names and audit history; None when no
    /// such KK.
    /// Refused when the household lies outside `actor`'s areas.
    pub fn household_detail(&self, actor: &Actor, no_kk: &str) -> Result<Option<HouseholdView>> {
        let Some(household) = self.household_for(actor, Right::Read, no_kk)? else { return Ok(None) };
        let region = self.wilayah().path(&household.address.kelurahan).iter().map(|r| r.name.clone()).collect();
        let audit = self.store().audit_for(no_kk)?;
        self.audit_view(actor, super::audit::View::Detail { no_kk: &household.no_kk })?;
        Ok(Some(HouseholdView { household, region, audit }))
    }

    /// The name of member `nik` of household `no_kk` when that member is not
    /// the head (a search hit worth naming beside the head).
    pub fn member_not_head(&self, no_kk: &str, nik: &str) -> Result<Option<String>> {
        let Some(h) = self.store().household(no_kk)? else { return Ok(None) };
        let is_head = h.head().is_some_and(|p| p.nik == nik);
        Ok(h.members.iter().find(|p| p.nik == nik && !is_head).map(|p| p.name.clone()))
    }

    /// Opens (or resumes) a visit of household `no_kk` in the period of the
    /// programme its enrolments call for; None when no such KK.
    pub fn open_household_visit(&self, no_kk: &str, actor: &Actor) -> Result<Option<VisitSession>> {
        self.require(actor, crate::domain::access::Right::Visit)?;
        let Some(h) = self.store().household(no_kk)? else { return Ok(None) };
        self.open_visit(no_kk, programme_for(&h), actor).map(Some)
    }
}
