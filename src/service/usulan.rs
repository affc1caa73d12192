//! Usulan: proposals to enter DTKS and/or receive assistance, with the
//! 30-day rule for self-proposals (see `domain::usulan`).

use serde::Serialize;

use super::versions::Seen;
use super::{Actor, Refusal, Result, Service, ServiceError};
use crate::domain::usulan::{
    Deadline, Target, Usulan, UsulanKind, UsulanProblem, UsulanVerification, check_usulan, deadline,
};
use crate::domain::{Household, Source};
use crate::store::{RecordPuts, kinds, record_id};

/// Which proposals a list shows; `None` admits every value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsulanFilter {
    /// Dotted kelurahan code (or any prefix of one).
    pub region: Option<String>,
    pub kind: Option<UsulanKind>,
    pub source: Option<Source>,
    /// Only self-proposals still open against the 30-day rule.
    pub open_only: bool,
}

/// One proposal as a list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct UsulanLine {
    pub usulan: Usulan,
    /// The 30-day rule on today.
    pub deadline: Deadline,
    /// What `check_usulan` says of it today against the register.
    #[serde(skip)]
    pub problems: Vec<UsulanProblem>,
}

impl UsulanFilter {
    fn admits(&self, u: &Usulan, today: chrono::NaiveDate) -> bool {
        self.region.as_deref().is_none_or(|r| u.address.kelurahan.starts_with(r))
            && self.kind.is_none_or(|k| k == u.kind)
            && self.source.is_none_or(|s| s == u.source)
            && (!self.open_only || matches!(deadline(u, today), Deadline::Open { .. }))
    }
}

impl Service {
    /// The register's households for a proposal's No. KK and NIKs.
    fn known_for(&self, u: &Usulan) -> Result<Vec<Household>> {
        let mut kks: Vec<String> = Vec::new();
        if !u.no_kk.trim().is_empty() {
            kks.push(u.no_kk.trim().to_string());
        }
        let mut niks: Vec<&str> = u.persons.iter().map(|p| p.nik.trim()).collect();
        if let Target::Person { nik } = &u.target {
            niks.push(nik.trim());
        }
        for nik in niks {
            for kk in self.store().kks_by_nik(nik)? {
                if !kks.contains(&kk) {
                    kks.push(kk);
                }
            }
        }
        let mut out = Vec::new();
        for kk in kks {
            if let Some(h) = self.store().household(&kk)? {
                out.push(h);
            }
        }
        Ok(out)
    }

    /// Records a proposal after `check_usulan` against the register finds no
    /// problem (otherwise refused with every problem, nothing written).
    /// `u.id` 0 gets a new id; `entered_by` and `entered_at` are set from
    /// the actor and the clock. Returns the id.
    pub fn add_usulan(&self, mut u: Usulan, actor: &Actor) -> Result<u64> {
        self.require(actor, crate::domain::access::Right::Propose)?;
        u.entered_by = actor.user.clone();
        u.entered_at = self.now();
        u.verification = None;
        let problems = self.check_self_proposal(&u)?;
        if !problems.is_empty() {
            return Err(Refusal::UsulanNotRecorded { no_kk: u.no_kk.trim().to_string(), problems }.into());
        }
        if u.id == 0 {
            u.id = self.store().new_id()?;
        } else if self.usulan(u.id)?.is_some() {
            return Err(Refusal::UsulanExists { id: u.id }.into());
        }
        // Two sessions adding the same id: the second finds it written.
        let mut seen = Seen::new();
        seen.record_at(kinds::USULAN, &record_id(u.id), self.store().record_version(kinds::USULAN, &record_id(u.id))?);
        let mut r = RecordPuts::new();
        r.put(kinds::USULAN, &record_id(u.id), &u)?;
        self.write_records_seen(r, &seen, &self.audit(actor, format!("usulan.add {} KK {}", u.id, u.no_kk.trim())))?;
        Ok(u.id)
    }

    /// The problems `check_usulan` finds today, with the register's
    /// households for its No. KK and NIKs.
    pub fn check_self_proposal(&self, u: &Usulan) -> Result<Vec<UsulanProblem>> {
        let known = self.known_for(u)?;
        Ok(check_usulan(u, &known, self.today()))
    }

    /// Records the regional government's verification of a proposal
    /// (layak or not, with a note) on today. A verification after the
    /// 30-day deadline is recorded but leaves it layak otomatis.
    pub fn verify_usulan(&self, id: u64, layak: bool, note: &str, actor: &Actor) -> Result<Usulan> {
        self.require(actor, crate::domain::access::Right::Finalise)?;
        let mut seen = Seen::new();
        let mut u: Usulan = self
            .read_seen(kinds::USULAN, &record_id(id), &mut seen)?
            .ok_or(ServiceError::Refused(Refusal::NoUsulan { id }))?;
        if let Some(v) = &u.verification {
            return Err(Refusal::UsulanAlreadyVerified { id, on: v.on, by: v.by.clone() }.into());
        }
        u.verification =
            Some(UsulanVerification { on: self.today(), by: actor.user.clone(), layak, note: note.trim().to_string() });
        let mut r = RecordPuts::new();
        r.put(kinds::USULAN, &record_id(id), &u)?;
        let verdict = if layak { "layak" } else { "tidak layak" };
        self.write_records_seen(r, &seen, &self.audit(actor, format!("usulan.verify {id} {verdict}")))?;
        Ok(u)
    }

    pub fn usulan(&self, id: u64) -> Result<Option<Usulan>> {
        Ok(self.store().get_record(kinds::USULAN, &record_id(id))?)
    }

    /// [`Self::usulan_list`] within `actor`'s areas.
    pub fn usulan_list_for(&self, actor: &Actor, filter: &UsulanFilter) -> Result<Vec<UsulanLine>> {
        let access = self.require(actor, crate::domain::access::Right::Read)?;
        let mut lines = self.usulan_list(filter)?;
        lines.retain(|l| self.reaches_kelurahan(&access, &l.usulan.address.kelurahan));
        let shown = lines
            .iter()
            .flat_map(|l| std::iter::once(l.usulan.no_kk.clone()).chain(l.usulan.persons.iter().map(|p| p.nik.clone())))
            .collect();
        self.audit_view(actor, super::audit::View::List { what: super::audit::Listed::Usulan, shown })?;
        Ok(lines)
    }

    /// Proposals admitted by `filter`, oldest submission first.
    pub fn usulan_list(&self, filter: &UsulanFilter) -> Result<Vec<UsulanLine>> {
        let today = self.today();
        let mut out = Vec::new();
        for (_, u) in self.store().scan_records::<Usulan>(kinds::USULAN)? {
            if !filter.admits(&u, today) {
                continue;
            }
            let problems = self.check_self_proposal(&u)?;
            out.push(UsulanLine { deadline: deadline(&u, today), usulan: u, problems });
        }
        out.sort_by(|a, b| a.usulan.submitted.cmp(&b.usulan.submitted).then(a.usulan.id.cmp(&b.usulan.id)));
        Ok(out)
    }
}
