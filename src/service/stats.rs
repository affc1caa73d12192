//! Counts per kelurahan, programme and status.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Actor, Result, Service};
use crate::domain::access::{Right, Role};
use crate::domain::search::in_region;
use crate::domain::{DtksStatus, EnrolmentStatus, Household, Programme};
use crate::store::Dir;

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

impl Stats {
    /// Adds the counts of another, disjoint scope.
    fn merge(&mut self, other: &Stats) {
        self.households += other.households;
        self.persons += other.persons;
        for (k, n) in &other.dtks_status {
            *self.dtks_status.entry(k.clone()).or_default() += n;
        }
        for (p, by) in &other.programmes {
            let mine = self.programmes.entry(p.clone()).or_default();
            for (s, n) in by {
                *mine.entry(s.clone()).or_default() += n;
            }
        }
        self.kelurahan.extend(other.kelurahan.iter().cloned());
    }
}

impl Service {
    /// Counts over `scope` as `actor` may see them: only their areas within
    /// it (nothing when it lies outside them), computed once per write for
    /// every session that asks (see `shared_results`).
    pub fn stats_for(&self, actor: &Actor, scope: &str) -> Result<Stats> {
        let access = self.require(actor, Right::Read)?;
        let Some(areas) = access.narrow(scope) else {
            return Ok(Stats { scope: scope.to_string(), ..Stats::default() });
        };
        let mut total = Stats { scope: scope.to_string(), ..Stats::default() };
        for area in &areas {
            let mut part = (*self.stats_shared(area)?).clone();
            if access.role != Role::Operator {
                // A household with no known kelurahan is for operators only.
                let w = self.wilayah();
                if part.kelurahan.iter().any(|k| !w.contains(&k.code)) {
                    part = self.stats_known(area)?;
                }
            }
            total.merge(&part);
        }
        Ok(total)
    }

    /// [`Self::stats`] without the households whose kelurahan the register does not know.
    fn stats_known(&self, scope: &str) -> Result<Stats> {
        let mut stats = Stats { scope: scope.to_string(), ..Stats::default() };
        let mut kel: BTreeMap<String, KelurahanCount> = BTreeMap::new();
        let w = self.wilayah();
        for h in self.store().iter_households() {
            let h = h?;
            if in_region(&h.address.kelurahan, scope) && w.contains(&h.address.kelurahan) {
                stats.add(&h, &mut kel);
            }
        }
        stats.kelurahan = self.named(kel);
        Ok(stats)
    }

    fn named(&self, kel: BTreeMap<String, KelurahanCount>) -> Vec<KelurahanCount> {
        kel.into_iter()
            .map(|(code, mut c)| {
                c.name = self.wilayah().name(&code).unwrap_or("?").to_string();
                c.code = code;
                c
            })
            .collect()
    }

    /// A mark that moves on every audited write: counts taken at one mark
    /// are stale once it has moved.
    pub fn write_mark(&self) -> Result<u64> {
        Ok(self.store().change_mark()?)
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
    /// A region's households are read through the address index, so a
    /// kelurahan's counts read that kelurahan only.
    pub fn stats(&self, scope: &str) -> Result<Stats> {
        let mut stats = Stats { scope: scope.to_string(), ..Stats::default() };
        let mut kel: BTreeMap<String, KelurahanCount> = BTreeMap::new();
        if scope.is_empty() {
            for h in self.store().iter_households() {
                stats.add(&h?, &mut kel);
            }
        } else {
            let store = self.store();
            for kk in store.places_walk(scope, None, None, None, Dir::Forward)? {
                if let Some(h) = store.household(&kk?)?.filter(|h| in_region(&h.address.kelurahan, scope)) {
                    stats.add(&h, &mut kel);
                }
            }
        }
        stats.kelurahan = self.named(kel);
        Ok(stats)
    }
}
