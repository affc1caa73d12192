//! NIKs and No. KKs that a spreadsheet rounded to 15 significant digits
//! (`3175031304772586` → `3175031304772590`, or `3.17503E+15`), restored
//! from the register when the row proves whose they are: exactly one
//! registered person has a NIK in the range the rounded one came from, in a
//! household whose No. KK is in the range the row's came from, with the same
//! folded name and birth date. The person is found by a range scan of the
//! NIK index, never by reading the register through.
//!
//! The other rows of the household (its own row, history, enrolments) carry
//! no name: their No. KK is restored to the one its person rows were, and a
//! NIK to the member it was restored to on a person row, or else to the one
//! member of that household in its range.
//!
//! 16 digits of text ending in 0 may be a spreadsheet's rounding or a real
//! NIK: such a row is taken as it is unless both its NIK and No. KK end in 0,
//! that person is not registered in that household as written, and a
//! registered person is near it.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::*;
use crate::domain::names::fold;
use crate::formats::problem::RoundedCell;
use crate::formats::value::Rounded;

/// Most NIK index entries a rounded NIK's range is read for (a NIK in
/// `3.17503E+15` form spans ten billion); past it the row is not
/// identifiable.
const MAX_NEAR: usize = 2000;

/// One NIK or No. KK restored from the register.
#[derive(Debug, Clone, PartialEq)]
pub struct Restoration {
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub line: u64,
    pub column: &'static str,
    /// As the file showed it.
    pub before: String,
    pub after: String,
    pub evidence: Evidence,
}

/// What proved whose a rounded value was.
#[derive(Debug, Clone, PartialEq)]
pub enum Evidence {
    /// The one registered person near the row's NIK and No. KK with its name
    /// and birth date.
    Person { name: String, birth_date: NaiveDate, nik: String, no_kk: String },
    /// The No. KK the household's person rows were restored to.
    HouseholdOfPersons { no_kk: String },
    /// The one member of the household whose NIK is in the range.
    OnlyMember { no_kk: String },
}

/// A row's restored values, applied or reported once the whole household's
/// rows are seen.
struct Fix {
    nik: Option<String>,
    kk: String,
    evidence: Evidence,
}

fn mark<'a>(held: &'a Held, column: &str) -> Option<&'a Rounded> {
    held.parsed.rounded.iter().find(|r| r.column == column)
}

fn sixteen(n: u64) -> String {
    format!("{n:016}")
}

fn range(value: &str, r: Option<&Rounded>) -> (u64, u64) {
    match r {
        Some(r) => (r.lo, r.hi),
        None => {
            let v = value.parse().unwrap_or(0);
            (v, v)
        }
    }
}

fn within(value: &str, (lo, hi): (u64, u64)) -> bool {
    value.parse::<u64>().is_ok_and(|v| (lo..=hi).contains(&v))
}

fn row_nik(row: &Row) -> Option<&str> {
    match row {
        Row::Person(p) => Some(&p.person.nik),
        Row::History(h) => h.nik.as_deref(),
        Row::Enrolment(e) => Some(&e.nik),
        Row::Household(_) | Row::Region(_) => None,
    }
}

fn set_numbers(row: &mut Row, nik: Option<String>, kk: String) {
    match row {
        Row::Person(p) => {
            p.no_kk = kk;
            if let Some(n) = nik {
                p.person.nik = n;
            }
        }
        Row::History(h) => {
            h.no_kk = kk;
            if nik.is_some() {
                h.nik = nik;
            }
        }
        Row::Enrolment(e) => {
            e.no_kk = kk;
            if let Some(n) = nik {
                e.nik = n;
            }
        }
        Row::Household(h) => h.no_kk = kk,
        Row::Region(_) => {}
    }
}

/// Households read while restoring one group, read once each.
struct Homes<'a> {
    svc: &'a Service,
    read: HashMap<String, Option<Household>>,
}

impl Homes<'_> {
    fn get(&mut self, kk: &str) -> Result<Option<&Household>> {
        if !self.read.contains_key(kk) {
            let h = self.svc.store().household(kk)?;
            self.read.insert(kk.to_string(), h);
        }
        Ok(self.read.get(kk).and_then(Option::as_ref))
    }
}

impl Service {
    /// Restores (or, without `options.restore_rounded`, counts and rejects)
    /// the rounded NIKs and No. KKs of the rows read under one No. KK, and
    /// rejects those that cannot be restored. Returns the rows to import by
    /// the No. KK they belong to.
    pub(super) fn restore_rounded(
        &self,
        taken: Vec<Held>,
        options: &ImportOptions,
        sources: &mut [Source],
        report: &mut ImportReport,
    ) -> Result<Vec<(String, Vec<Held>)>> {
        let mut out: BTreeMap<String, Vec<Held>> = BTreeMap::new();
        let keep = |out: &mut BTreeMap<String, Vec<Held>>, held: Held| {
            let kk = row_kk(&held.parsed.row).unwrap_or_default().to_string();
            out.entry(kk).or_default().push(held);
        };
        let mut homes = Homes { svc: self, read: HashMap::new() };
        // Rounded No. KK → the No. KKs its person rows were restored to.
        let mut kk_to: HashMap<String, Vec<String>> = HashMap::new();
        // (rounded NIK, restored No. KK) → restored NIK.
        let mut nik_to: HashMap<(String, String), String> = HashMap::new();
        // A row here was found rounded, restorable or not.
        let mut damaged = false;
        let mut fixes: Vec<(Held, Fix)> = Vec::new();
        let (persons, others): (Vec<Held>, Vec<Held>) =
            taken.into_iter().partition(|h| matches!(h.parsed.row, Row::Person(_)));
        for held in persons {
            let Row::Person(p) = &held.parsed.row else { continue };
            let (nik_r, kk_r) = (mark(&held, "nik"), mark(&held, "no_kk"));
            let certain = nik_r.is_some_and(|r| r.certain) || kk_r.is_some_and(|r| r.certain);
            if !certain && (nik_r.is_none() || kk_r.is_none()) {
                keep(&mut out, held);
                continue;
            }
            // Registered as written: a NIK and No. KK that end in 0.
            if !certain && self.store().kks_by_nik(&p.person.nik)?.contains(&p.no_kk) {
                kk_to.entry(p.no_kk.clone()).or_default().push(p.no_kk.clone());
                keep(&mut out, held);
                continue;
            }
            let nik_range = range(&p.person.nik, nik_r);
            let kk_range = range(&p.no_kk, kk_r);
            let near: Vec<(String, String)> = if kk_r.is_none() {
                homes
                    .get(&p.no_kk)?
                    .map(|h| {
                        h.members
                            .iter()
                            .filter(|m| within(&m.nik, nik_range))
                            .map(|m| (m.nik.clone(), p.no_kk.clone()))
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                let walk = self.store().nik_range_walk(&sixteen(nik_range.0), &sixteen(nik_range.1));
                let found: Vec<(String, String)> = walk.take(MAX_NEAR + 1).collect::<crate::store::Result<_>>()?;
                found.into_iter().filter(|(_, kk)| within(kk, kk_range)).collect()
            };
            let (name, birth) = (fold(&p.person.name), p.person.birth_date);
            let mut matched = Vec::new();
            for (nik, kk) in &near {
                if let Some(m) = homes.get(kk)?.and_then(|h| h.member(nik))
                    && fold(&m.name) == name
                    && m.birth_date == birth
                {
                    matched.push((nik.clone(), kk.clone(), m.name.clone()));
                }
            }
            match matched.as_slice() {
                // The numbers were already what they are: a NIK and No. KK ending in 0.
                [(nik, kk, _)] if *nik == p.person.nik && *kk == p.no_kk => {
                    kk_to.entry(kk.clone()).or_default().push(kk.clone());
                    keep(&mut out, held);
                }
                [(nik, kk, reg_name)] if near.len() <= MAX_NEAR => {
                    damaged = true;
                    let to = kk_to.entry(p.no_kk.clone()).or_default();
                    if !to.contains(kk) {
                        to.push(kk.clone());
                    }
                    nik_to.insert((p.person.nik.clone(), kk.clone()), nik.clone());
                    let evidence = Evidence::Person {
                        name: reg_name.clone(),
                        birth_date: birth,
                        nik: nik.clone(),
                        no_kk: kk.clone(),
                    };
                    let fix = Fix { nik: Some(nik.clone()), kk: kk.clone(), evidence };
                    fixes.push((held, fix));
                }
                _ if certain || !near.is_empty() => {
                    damaged = true;
                    let column = if nik_r.is_some() { "nik" } else { "no_kk" };
                    self.reject_unidentifiable(held, column, sources, report)?;
                }
                _ => keep(&mut out, held),
            }
        }
        for held in others {
            let (nik_r, kk_r) = (mark(&held, "nik"), mark(&held, "no_kk"));
            if nik_r.is_none() && kk_r.is_none() {
                keep(&mut out, held);
                continue;
            }
            let certain = nik_r.is_some_and(|r| r.certain) || kk_r.is_some_and(|r| r.certain);
            let given_kk = row_kk(&held.parsed.row).unwrap_or_default().to_string();
            let kk = match kk_r {
                None => Some(given_kk.clone()),
                Some(_) => match kk_to.get_mut(&given_kk) {
                    Some(to) => {
                        to.sort();
                        to.dedup();
                        (to.len() == 1).then(|| to[0].clone())
                    }
                    None => None,
                },
            };
            let Some(kk) = kk else {
                if certain || damaged {
                    self.reject_unidentifiable(held, "no_kk", sources, report)?;
                } else {
                    keep(&mut out, held);
                }
                continue;
            };
            let given_nik = row_nik(&held.parsed.row).map(str::to_string);
            let nik = match (&given_nik, nik_r) {
                (Some(n), Some(r)) => match nik_to.get(&(n.clone(), kk.clone())) {
                    Some(nik) => Some(nik.clone()),
                    None => {
                        let in_range: Vec<String> = homes
                            .get(&kk)?
                            .map(|h| {
                                h.members
                                    .iter()
                                    .filter(|m| within(&m.nik, (r.lo, r.hi)))
                                    .map(|m| m.nik.clone())
                                    .collect()
                            })
                            .unwrap_or_default();
                        match in_range.as_slice() {
                            [one] => Some(one.clone()),
                            _ => None,
                        }
                    }
                },
                (n, _) => n.clone(),
            };
            if nik_r.is_some() && nik.is_none() {
                if certain || damaged {
                    self.reject_unidentifiable(held, "nik", sources, report)?;
                } else {
                    keep(&mut out, held);
                }
                continue;
            }
            if kk == given_kk && nik == given_nik {
                keep(&mut out, held);
                continue;
            }
            let evidence = if kk_r.is_some() {
                Evidence::HouseholdOfPersons { no_kk: kk.clone() }
            } else {
                Evidence::OnlyMember { no_kk: kk.clone() }
            };
            fixes.push((held, Fix { nik, kk, evidence }));
        }
        for (mut held, fix) in fixes {
            if !options.restore_rounded {
                report.restorable += 1;
                let column = if mark(&held, "nik").is_some() { "nik" } else { "no_kk" };
                let shown = mark(&held, column).map(|r| r.shown.clone()).unwrap_or_default();
                let problem = RowProblem::RoundedRestorable(Box::new(RoundedCell { column, shown }));
                sources[held.source].reject(held.parsed, &problem, report)?;
                continue;
            }
            let s = &sources[held.source];
            let given = [
                ("nik", row_nik(&held.parsed.row).map(str::to_string)),
                ("no_kk", row_kk(&held.parsed.row).map(str::to_string)),
            ];
            for (column, after) in [("nik", fix.nik.clone()), ("no_kk", Some(fix.kk.clone()))] {
                let Some(r) = mark(&held, column) else { continue };
                let Some(after) = after else { continue };
                if given.iter().any(|(c, v)| *c == column && v.as_deref() == Some(after.as_str())) {
                    continue;
                }
                report.restored.push(Restoration {
                    file: s.path.clone(),
                    sheet: s.sheet.clone(),
                    line: held.parsed.line,
                    column,
                    before: r.shown.clone(),
                    after,
                    evidence: fix.evidence.clone(),
                });
            }
            set_numbers(&mut held.parsed.row, fix.nik, fix.kk.clone());
            out.entry(fix.kk).or_default().push(held);
        }
        // In the order read, as the rows of a household are without rounding:
        // the members' order is the register's.
        Ok(out
            .into_iter()
            .map(|(kk, mut rows)| {
                rows.sort_by_key(|h| (h.source, h.parsed.line));
                (kk, rows)
            })
            .collect())
    }

    fn reject_unidentifiable(
        &self,
        held: Held,
        column: &'static str,
        sources: &mut [Source],
        report: &mut ImportReport,
    ) -> Result<()> {
        let shown = mark(&held, column).map(|r| r.shown.clone()).unwrap_or_default();
        let problem = RowProblem::RoundedNotIdentifiable(Box::new(RoundedCell { column, shown }));
        sources[held.source].reject(held.parsed, &problem, report)
    }
}
