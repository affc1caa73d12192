//! *Layak belum terdaftar*: persons the eligibility rules find eligible for
//! a programme today who are not enrolled in it (see `domain::eligible`),
//! counted per programme and kelurahan in one pass over the register, with
//! the persons of each programme and who of them already has an open usulan.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::{Actor, Result, Service};
use crate::domain::eligibility::{Rule, age_on};
use crate::domain::eligible::{deciding_rule, enrolled, queue_of, usulan_open_for};
use crate::domain::usulan::{ProposedPerson, Target, Usulan, UsulanKind};
use crate::domain::{Household, Programme, Source, eligibility};
use crate::store::kinds;

/// What to walk and what to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EligibleQuery {
    /// Only this programme's persons are kept (`None`: every programme's).
    /// The counts always cover every programme.
    pub programme: Option<Programme>,
    /// Kelurahan (or wider region) codes; empty walks the whole register.
    pub regions: Vec<String>,
    /// Persons kept per programme at most (`None`: all); counts stay true.
    pub limit: Option<usize>,
}

/// One person in the queue of one programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligiblePerson {
    pub programme: Programme,
    pub nik: String,
    pub name: String,
    pub no_kk: String,
    /// Kelurahan code and name.
    pub kelurahan: String,
    pub kelurahan_name: String,
    pub birth_date: NaiveDate,
    pub age: u32,
    /// The rule that makes the person eligible (the programme's category).
    pub rule: Rule,
    /// The open usulan already naming the person for this programme.
    pub usulan: Option<u64>,
}

/// Persons in one programme's queue in one kelurahan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligibleCount {
    pub programme: Programme,
    pub kelurahan: String,
    pub kelurahan_name: String,
    pub persons: u64,
    /// Of them, already named in an open usulan.
    pub proposed: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligibleReport {
    pub query: EligibleQuery,
    /// Programme × kelurahan with at least one person, in programme then
    /// kelurahan code order.
    pub counts: Vec<EligibleCount>,
    /// Distinct persons in any queue, per kelurahan code.
    pub persons_by_kelurahan: BTreeMap<String, u64>,
    /// The kept persons, programme by programme in `Programme::ALL` order,
    /// register order within one.
    pub persons: Vec<EligiblePerson>,
}

impl EligibleReport {
    /// Persons in `programme`'s queue within the walked area (the true
    /// number, whatever the limit kept).
    pub fn total(&self, programme: Programme) -> u64 {
        self.counts.iter().filter(|c| c.programme == programme).map(|c| c.persons).sum()
    }

    /// Distinct persons in any queue whose kelurahan code starts with `scope`.
    pub fn persons_in(&self, scope: &str) -> u64 {
        self.persons_by_kelurahan.iter().filter(|(k, _)| k.starts_with(scope)).map(|(_, n)| n).sum()
    }

    pub fn persons_of(&self, programme: Programme) -> impl Iterator<Item = &EligiblePerson> {
        self.persons.iter().filter(move |p| p.programme == programme)
    }

    /// Kelurahan holding anyone in `programme`'s queue: (code, name, persons).
    pub fn kelurahan_of(&self, programme: Programme) -> Vec<(String, String, u64)> {
        self.counts
            .iter()
            .filter(|c| c.programme == programme)
            .map(|c| (c.kelurahan.clone(), c.kelurahan_name.clone(), c.persons))
            .collect()
    }
}

/// What proposing one person came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proposed {
    /// Recorded as usulan `id`.
    Recorded(u64),
    /// An open usulan `id` already names the person for the programme.
    AlreadyOpen(u64),
    /// Not in the queue now (no longer eligible, enrolled, or gone).
    NotInQueue,
}

fn open_for(open: &HashMap<String, Vec<(Programme, u64)>>, nik: &str, programme: Programme) -> Option<u64> {
    open.get(nik)?.iter().find(|(p, _)| *p == programme).map(|(_, id)| *id)
}

impl Service {
    /// Open usulan per NIK: (programme, the first id naming it for that programme).
    fn open_usulan(&self) -> Result<HashMap<String, Vec<(Programme, u64)>>> {
        let mut out = HashMap::new();
        for (_, u) in self.store().scan_records::<Usulan>(kinds::USULAN)? {
            let niks: Vec<&str> = match &u.target {
                Target::Person { nik } => vec![nik.trim()],
                Target::Household => u.persons.iter().map(|p| p.nik.trim()).collect(),
            };
            for nik in niks {
                for &p in &u.programmes {
                    if !usulan_open_for(&u, nik, p) {
                        continue;
                    }
                    let ids: &mut Vec<(Programme, u64)> = out.entry(nik.to_string()).or_default();
                    if !ids.iter().any(|(q, _)| *q == p) {
                        ids.push((p, u.id));
                    }
                }
            }
        }
        Ok(out)
    }

    /// `q` narrowed to `actor`'s areas; an operator of the whole register
    /// gets it as it is.
    pub fn eligible_within(&self, actor: &crate::service::Actor, q: &EligibleQuery) -> Result<EligibleQuery> {
        let access = self.require(actor, crate::domain::access::Right::Read)?;
        if access.whole_register() {
            return Ok(q.clone());
        }
        let asked = if q.regions.is_empty() { vec![String::new()] } else { q.regions.clone() };
        let mut regions: Vec<String> = asked.iter().filter_map(|r| access.narrow(r)).flatten().collect();
        if regions.is_empty() {
            // Outside every area: a region no household has.
            regions.push("-".to_string());
        }
        Ok(EligibleQuery { regions: crate::domain::access::normalise(regions), ..q.clone() })
    }

    /// The queue of the eligible not enrolled: one pass over the register
    /// (or over the households of `q.regions` only).
    pub fn eligible(&self, q: &EligibleQuery) -> Result<EligibleReport> {
        let today = self.today();
        let open = self.open_usulan()?;
        let w = self.wilayah();
        let mut counts: BTreeMap<(Programme, String), (u64, u64)> = BTreeMap::new();
        let mut persons_by_kelurahan: BTreeMap<String, u64> = BTreeMap::new();
        let mut kept: BTreeMap<Programme, Vec<EligiblePerson>> = BTreeMap::new();
        let mut visit = |h: &Household| {
            let queue = queue_of(h, today);
            let kel = &h.address.kelurahan;
            let mut last_nik: Option<&str> = None;
            for (person, programme) in queue {
                let usulan = open_for(&open, &person.nik, programme);
                let c = counts.entry((programme, kel.clone())).or_default();
                c.0 += 1;
                c.1 += u64::from(usulan.is_some());
                // queue_of lists a member's programmes together.
                if last_nik != Some(person.nik.as_str()) {
                    *persons_by_kelurahan.entry(kel.clone()).or_default() += 1;
                    last_nik = Some(person.nik.as_str());
                }
                if q.programme.is_some_and(|p| p != programme) {
                    continue;
                }
                let list = kept.entry(programme).or_default();
                if q.limit.is_some_and(|l| list.len() >= l) {
                    continue;
                }
                list.push(EligiblePerson {
                    programme,
                    nik: person.nik.clone(),
                    name: person.name.clone(),
                    no_kk: h.no_kk.clone(),
                    kelurahan: kel.clone(),
                    kelurahan_name: w.name(kel).unwrap_or(kel).to_string(),
                    birth_date: person.birth_date,
                    age: age_on(person.birth_date, today),
                    rule: deciding_rule(programme),
                    usulan,
                });
            }
        };
        if q.regions.is_empty() {
            for h in self.store().iter_households() {
                visit(&h?);
            }
        } else {
            let mut kks: Vec<String> = Vec::new();
            for r in &q.regions {
                kks.extend(self.store().households_in(r, None, None)?);
            }
            kks.sort();
            kks.dedup();
            for kk in kks {
                if let Some(h) = self.store().household(&kk)? {
                    visit(&h);
                }
            }
        }
        let counts = counts
            .into_iter()
            .map(|((programme, kelurahan), (persons, proposed))| EligibleCount {
                programme,
                kelurahan_name: w.name(&kelurahan).unwrap_or(&kelurahan).to_string(),
                kelurahan,
                persons,
                proposed,
            })
            .collect();
        Ok(EligibleReport {
            query: q.clone(),
            counts,
            persons_by_kelurahan,
            persons: kept.into_values().flatten().collect(),
        })
    }

    /// Proposes one person of the queue for `programme`: a regional usulan of
    /// kind 3 (already in DTKS, to receive assistance) naming the person,
    /// submitted today. Nothing is written when an open usulan already names
    /// them or when they are not in the queue any more.
    pub fn propose_eligible(&self, no_kk: &str, nik: &str, programme: Programme, actor: &Actor) -> Result<Proposed> {
        self.require(actor, crate::domain::access::Right::Propose)?;
        let today = self.today();
        let Some(h) = self.store().household(no_kk)? else { return Ok(Proposed::NotInQueue) };
        let Some(person) = h.member(nik) else { return Ok(Proposed::NotInQueue) };
        if enrolled(person, &h, programme, today) || !eligibility::assess(person, &h, programme, today).eligible {
            return Ok(Proposed::NotInQueue);
        }
        if let Some(id) = open_for(&self.open_usulan()?, nik, programme) {
            return Ok(Proposed::AlreadyOpen(id));
        }
        let u = Usulan {
            id: 0,
            kind: UsulanKind::Assistance,
            source: Source::Regional,
            target: Target::Person { nik: nik.to_string() },
            no_kk: h.no_kk.clone(),
            address: h.address.clone(),
            persons: vec![ProposedPerson::of(person)],
            programmes: vec![programme],
            entered_by: String::new(),
            entered_at: self.now(),
            submitted: today,
            verification: None,
        };
        Ok(Proposed::Recorded(self.add_usulan(u, actor)?))
    }
}
