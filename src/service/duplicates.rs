//! Duplicate findings: one NIK in two KKs, and probable duplicates (same
//! folded name and birth date, same mother's name where both are known).
//! They are listed for an operator to resolve with the KTP and KK at hand;
//! nothing is merged or dropped automatically.

use super::Actor;
use crate::domain::access::Right;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Result, Service};
use crate::domain::{Household, names};

/// Where a person stands in the register.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Place {
    pub no_kk: String,
    pub nik: String,
    pub name: String,
    pub kelurahan: String,
    pub rw: u16,
    pub rt: u16,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Duplicate {
    /// "nik" (same NIK in two KKs) or "probable" (same person, other NIK).
    pub kind: &'static str,
    pub places: Vec<Place>,
}

impl Service {
    /// Only households within `actor`'s areas take part: a duplicate is
    /// listed when at least two of its places are within them.
    pub fn duplicates(&self, actor: &Actor) -> Result<Vec<Duplicate>> {
        let access = self.require(actor, Right::Read)?;
        let mut by_nik: HashMap<String, Vec<Place>> = HashMap::new();
        let mut by_person: HashMap<(String, NaiveDate), Vec<(String, Place)>> = HashMap::new();
        for h in self.store().iter_households() {
            let h = h?;
            if !self.reaches(&access, &h) {
                continue;
            }
            for p in &h.members {
                let place = Place {
                    no_kk: h.no_kk.clone(),
                    nik: p.nik.clone(),
                    name: p.name.clone(),
                    kelurahan: h.address.kelurahan.clone(),
                    rw: h.address.rw,
                    rt: h.address.rt,
                };
                by_nik.entry(p.nik.clone()).or_default().push(place.clone());
                by_person
                    .entry((names::fold(&p.name), p.birth_date))
                    .or_default()
                    .push((names::fold(&p.mother_name), place));
            }
        }
        // Places in No. KK order, as a plain register walks them; an
        // encrypted one walks in no meaningful order.
        let in_order = |mut places: Vec<Place>| {
            places.sort_by(|a, b| (&a.no_kk, &a.nik).cmp(&(&b.no_kk, &b.nik)));
            places
        };
        let mut out: Vec<Duplicate> = by_nik
            .into_values()
            .filter(|v| v.len() > 1)
            .map(|places| Duplicate { kind: "nik", places: in_order(places) })
            .collect();
        for group in by_person.into_values().filter(|v| v.len() > 1) {
            let places = in_order(probable_group(group));
            if places.len() > 1 {
                out.push(Duplicate { kind: "probable", places });
            }
        }
        out.sort_by(|a, b| a.kind.cmp(b.kind).then_with(|| a.places[0].nik.cmp(&b.places[0].nik)));
        let shown = out.iter().flat_map(|d| &d.places).flat_map(|p| [p.nik.clone(), p.no_kk.clone()]).collect();
        self.audit_view(actor, super::audit::View::List { what: super::audit::Listed::Duplicates, shown })?;
        Ok(out)
    }
}

/// Keeps the places of one name+birth group that are distinct NIKs and whose
/// mother's names agree (an empty mother's name agrees with any).
fn probable_group(group: Vec<(String, Place)>) -> Vec<Place> {
    let mother = group.iter().map(|(m, _)| m.clone()).find(|m| !m.is_empty()).unwrap_or_default();
    let mut places: Vec<Place> = Vec::new();
    for (m, place) in group {
        let agrees = m.is_empty() || mother.is_empty() || m == mother;
        if agrees && !places.iter().any(|p| p.nik == place.nik) {
            places.push(place);
        }
    }
    places
}

/// One household a NIK is recorded in, as the detail screens name it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NikHome {
    pub no_kk: String,
    /// Kelurahan code and its name (empty when not in the region list).
    pub kelurahan: String,
    pub kelurahan_name: String,
    pub rw: u16,
    pub rt: u16,
    /// The head's name, or the first member's when no head is recorded.
    pub head: String,
    /// The person's name as that household records it.
    pub name: String,
}

impl Service {
    /// Every household that records `nik`, in No. KK order, read through the
    /// NIK index (one prefix read and a point read per household, never a
    /// scan of the register). More than one is a duplicate to resolve.
    /// Only those within `actor`'s areas are named.
    pub fn nik_homes(&self, actor: &Actor, nik: &str) -> Result<Vec<NikHome>> {
        let access = self.require(actor, Right::Read)?;
        let w = self.wilayah();
        let mut out = Vec::new();
        for kk in self.store().kks_by_nik(nik)? {
            let Some(h) = self.store().household(&kk)?.filter(|h| self.reaches(&access, h)) else { continue };
            let Some(p) = h.members.iter().find(|p| p.nik == nik) else { continue };
            out.push(NikHome {
                no_kk: h.no_kk.clone(),
                kelurahan: h.address.kelurahan.clone(),
                kelurahan_name: w.name(&h.address.kelurahan).unwrap_or_default().to_string(),
                rw: h.address.rw,
                rt: h.address.rt,
                head: h.head().or(h.members.first()).map(|p| p.name.clone()).unwrap_or_default(),
                name: p.name.clone(),
            });
        }
        Ok(out)
    }

    /// The members of `household` whose NIK another KK records too, each
    /// with every household that records it (this one included), in member
    /// order. One index read per member; households are read only for the
    /// NIKs found twice.
    pub fn shared_niks(&self, actor: &Actor, household: &Household) -> Result<Vec<(String, Vec<NikHome>)>> {
        let mut out = Vec::new();
        for p in &household.members {
            if self.store().kks_by_nik(&p.nik)?.len() > 1 {
                let homes = self.nik_homes(actor, &p.nik)?;
                if homes.len() > 1 {
                    out.push((p.nik.clone(), homes));
                }
            }
        }
        Ok(out)
    }
}
