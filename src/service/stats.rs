//! Counts per kelurahan, programme and status.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Result, Service};
use crate::domain::{DtksStatus, EnrolmentStatus, Household, Programme};

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct KelurahanCount {
    pub code: String,
    pub name: String,
    pub households: u64,
    pub persons: u64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// Code prefix the counts cover ("" = the whole register).
    pub scope: String,
    pub households: u64,
    pub persons: u64,
    /// Persons by DTKS status code.
    pub dtks_status: BTreeMap<String, u64>,
    /// Programme code → enrolment status code → persons.
    pub programmes: BTreeMap<String, BTreeMap<String, u64>>,
    pub kelurahan: Vec<KelurahanCount>,
}

impl Stats {
    pub fn programme_count(&self, p: Programme, s: EnrolmentStatus) -> u64 {
        self.programmes.get(p.code()).and_then(|m| m.get(s.code())).copied().unwrap_or(0)
    }
    pub fn status_count(&self, s: DtksStatus) -> u64 {
        self.dtks_status.get(s.code()).copied().unwrap_or(0)
    }

    fn add(&mut self, h: &Household, kel: &mut BTreeMap<String, KelurahanCount>) {
        self.households += 1;
        self.persons += h.members.len() as u64;
        let k = kel.entry(h.address.kelurahan.clone()).or_default();
        k.households += 1;
        k.persons += h.members.len() as u64;
        for p in &h.members {
            *self.dtks_status.entry(p.status().code().to_string()).or_default() += 1;
            for e in &p.enrolments {
                *self
                    .programmes
                    .entry(e.programme.code().to_string())
                    .or_default()
                    .entry(e.status.code().to_string())
                    .or_default() += 1;
            }
        }
    }
}

impl Service {
    /// A mark that moves on every audited write: counts taken at one mark
    /// are stale once it has moved.
    pub fn write_mark(&self) -> Result<u64> {
        Ok(self.store().next_audit_seq()?)
    }

    /// Reads every page that a pass over the households does not (indexes,
    /// audit log, other records), so that a command which reads the whole
    /// register notices a damaged page anywhere, as `check` does. A few
    /// seconds on a million persons: the screens' counts do without it.
    pub fn verify_pages(&self) -> Result<()> {
        self.store().sweep_beyond_households()?;
        Ok(())
    }

    /// Counts over the households whose kelurahan code starts with `scope`
    /// (a province, kab/kota, kecamatan or kelurahan code; "" for all).
    pub fn stats(&self, scope: &str) -> Result<Stats> {
        let mut stats = Stats { scope: scope.to_string(), ..Stats::default() };
        let mut kel: BTreeMap<String, KelurahanCount> = BTreeMap::new();
        for h in self.store().iter_households() {
            let h = h?;
            if h.address.kelurahan.starts_with(scope) {
                stats.add(&h, &mut kel);
            }
        }
        stats.kelurahan = kel
            .into_iter()
            .map(|(code, mut c)| {
                c.name = self.wilayah().name(&code).unwrap_or("?").to_string();
                c.code = code;
                c
            })
            .collect();
        Ok(stats)
    }
}
