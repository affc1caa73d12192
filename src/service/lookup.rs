//! Finding people and households: by NIK, by No. KK, or by name.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Result, Service};
use crate::domain::eligibility::{Assessment, assess_all};
use crate::domain::names;
use crate::domain::nik::{self, NikWarning};
use crate::domain::{Household, Person};
use crate::i18n::Lang;

/// How a query was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchedBy {
    Nik,
    Kk,
    Name,
}

/// A household as a lookup shows it, with what the rules say of its members.
#[derive(Debug, Clone, Serialize)]
pub struct HouseholdReport {
    pub household: Household,
    /// Province › kab/kota › kecamatan › kelurahan names.
    pub region: Vec<String>,
    /// The members the query matched (all of them for a KK query).
    pub matched: Vec<String>,
    pub members: Vec<MemberReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberReport {
    pub nik: String,
    pub age: u32,
    /// NIK disagreements with the record, as text in the caller's language.
    pub warnings: Vec<String>,
    /// The number itself is malformed.
    pub nik_error: Option<String>,
    /// Other KKs that hold the same NIK (a duplicate finding).
    pub also_in: Vec<String>,
    #[serde(skip)]
    pub assessments: Vec<Assessment>,
    /// Programme code → eligible, for scripts.
    pub eligible: Vec<(String, bool)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LookupResult {
    pub query: String,
    pub matched_by: MatchedBy,
    pub households: Vec<HouseholdReport>,
}

/// True for a 16-digit number (NIK or No. KK), spaces ignored.
fn as_number(q: &str) -> Option<String> {
    let d: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    (d.len() == 16 && d.bytes().all(|b| b.is_ascii_digit())).then_some(d)
}

impl Service {
    /// Looks a query up: a 16-digit number as NIK, then as No. KK; anything
    /// else as a name (folded, word prefixes). `limit` bounds name hits.
    pub fn lookup(&self, query: &str, limit: usize, lang: Lang) -> Result<LookupResult> {
        let query = query.trim().to_string();
        if let Some(num) = as_number(&query) {
            let kks = self.store().kks_by_nik(&num)?;
            if !kks.is_empty() {
                let mut households = Vec::new();
                for kk in kks {
                    if let Some(h) = self.store().household(&kk)? {
                        households.push(self.report(h, vec![num.clone()], lang)?);
                    }
                }
                return Ok(LookupResult { query, matched_by: MatchedBy::Nik, households });
            }
            let households = match self.store().household(&num)? {
                Some(h) => {
                    let all = h.members.iter().map(|p| p.nik.clone()).collect();
                    vec![self.report(h, all, lang)?]
                }
                None => Vec::new(),
            };
            return Ok(LookupResult { query, matched_by: MatchedBy::Kk, households });
        }
        // The name as typed first; a half-typed letter pair ("Moc" on the
        // way to "Moch") only when that finds nothing.
        let mut hits = self.store().search_names(&names::fold(&query), limit)?;
        if hits.is_empty() {
            hits = self.store().search_names(&names::fold_query(&query), limit)?;
        }
        // Group hits by household, keeping the order of first appearance.
        let mut households: Vec<HouseholdReport> = Vec::new();
        for hit in hits {
            if let Some(r) = households.iter_mut().find(|r| r.household.no_kk == hit.no_kk) {
                r.matched.push(hit.nik);
                continue;
            }
            if let Some(h) = self.store().household(&hit.no_kk)? {
                households.push(self.report(h, vec![hit.nik], lang)?);
            }
        }
        Ok(LookupResult { query, matched_by: MatchedBy::Name, households })
    }

    /// Builds the report of one household: region names, NIK warnings,
    /// duplicate places and eligibility for today.
    pub fn report(&self, h: Household, matched: Vec<String>, lang: Lang) -> Result<HouseholdReport> {
        let today = self.today();
        let region = self.wilayah().path(&h.address.kelurahan).iter().map(|r| r.name.clone()).collect();
        let mut members = Vec::with_capacity(h.members.len());
        for p in &h.members {
            members.push(self.member_report(p, &h, today, lang)?);
        }
        Ok(HouseholdReport { household: h, region, matched, members })
    }

    fn member_report(&self, p: &Person, h: &Household, today: NaiveDate, lang: Lang) -> Result<MemberReport> {
        let (warnings, nik_error) = match nik::check_person(p, &h.address, &self.wilayah(), today) {
            Ok(ws) => (ws.iter().map(|w: &NikWarning| w.message(lang)).collect(), None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        let also_in = self.store().kks_by_nik(&p.nik)?.into_iter().filter(|kk| *kk != h.no_kk).collect();
        let assessments = assess_all(p, h, today);
        let eligible = assessments.iter().map(|a| (a.programme.code().to_string(), a.eligible)).collect();
        Ok(MemberReport {
            nik: p.nik.clone(),
            age: crate::domain::eligibility::age_on(p.birth_date, today),
            warnings,
            nik_error,
            also_in,
            assessments,
            eligible,
        })
    }
}
