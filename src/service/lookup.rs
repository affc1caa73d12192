//! Finding people and households: by NIK, by No. KK, or by name.

use chrono::NaiveDate;
use serde::Serialize;

use super::audit::View;
use super::{Actor, Refusal, Result, Service};
use crate::domain::access::{Access, Right};
use crate::domain::eligibility::{Assessment, assess_all};
use crate::domain::names;
use crate::domain::nik::{self, NikWarning};
use crate::domain::search::{Born, NameRank, in_region, rank_name};
use crate::domain::wilayah::Level;
use crate::domain::{Household, Person};
use crate::i18n::Lang;
use crate::store::NameHit;

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
    /// The households of the persons shown, best match first.
    pub households: Vec<HouseholdReport>,
    /// Persons matched in all, shown or not.
    pub total: usize,
    /// Households those persons live in.
    pub households_total: usize,
    /// Persons shown (at most the limit).
    pub shown: usize,
    /// Persons whose whole name is the query as typed.
    pub exact: usize,
    /// Some matched persons are not shown.
    pub truncated: bool,
}

/// What narrows a name lookup, and how many persons it shows.
#[derive(Debug, Clone, Default)]
pub struct NameLookup {
    /// Persons shown at most; `None` shows every one.
    pub limit: Option<usize>,
    /// Dotted region codes the household lives in (any of them); empty is
    /// anywhere.
    pub regions: Vec<String>,
    pub born: Option<Born>,
}

impl NameLookup {
    pub fn limited(limit: usize) -> Self {
        NameLookup { limit: Some(limit), ..Default::default() }
    }

    fn admits(&self, h: &Household, p: &Person) -> bool {
        (self.regions.is_empty() || self.regions.iter().any(|r| in_region(&h.address.kelurahan, r)))
            && self.born.is_none_or(|b| b.admits(p.birth_date))
    }
}

/// What [`Service::rank_names`] found.
struct Ranking {
    /// Best first; at least the limit's worth when that many matched.
    best: Vec<Ranked>,
    total: usize,
    exact: usize,
    households_total: usize,
}

/// One person a name lookup matched.
struct Ranked {
    rank: NameRank,
    no_kk: String,
    nik: String,
}

/// A NIK or No. KK answer: everything it found is shown.
fn whole(query: String, matched_by: MatchedBy, households: Vec<HouseholdReport>) -> LookupResult {
    let total = households.iter().map(|h| h.matched.len()).sum();
    let n = households.len();
    LookupResult { query, matched_by, households, total, households_total: n, shown: total, exact: 0, truncated: false }
}

/// True for a 16-digit number (NIK or No. KK), spaces ignored.
fn as_number(q: &str) -> Option<String> {
    let d: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    (d.len() == 16 && d.bytes().all(|b| b.is_ascii_digit())).then_some(d)
}

impl Service {
    /// Looks a query up: a 16-digit number as NIK, then as No. KK; anything
    /// else as a name (folded, word prefixes), narrowed and limited by
    /// `how`, exact names first, then word prefixes, then spelling variants.
    /// A query with no letter or digit (empty, blank, `%`, `*`) is refused:
    /// a script with an empty variable must not believe it found someone.
    ///
    /// Only households within `actor`'s areas are looked at: a person of
    /// another area is not found, and totals count the area's only.
    pub fn lookup(&self, actor: &Actor, query: &str, how: &NameLookup, lang: Lang) -> Result<LookupResult> {
        let access = self.require(actor, Right::Read)?;
        let reach = (access != Access::whole()).then_some(&access);
        let mut found = self.lookup_within(reach, query, how, lang)?;
        if let Some(a) = reach {
            // Another household holding the same NIK is named only when it is within reach too.
            for m in found.households.iter_mut().flat_map(|h| h.members.iter_mut()) {
                m.also_in.retain(|kk| self.household(kk).ok().flatten().is_some_and(|h| self.reaches(a, &h)));
            }
        }
        if !found.households.is_empty() {
            let shown = found
                .households
                .iter()
                .flat_map(|h| std::iter::once(h.household.no_kk.clone()).chain(h.matched.iter().cloned()))
                .collect();
            self.audit_view(actor, View::Lookup { query: &found.query, shown })?;
        }
        Ok(found)
    }

    fn lookup_within(&self, reach: Option<&Access>, query: &str, how: &NameLookup, lang: Lang) -> Result<LookupResult> {
        let query = query.trim().to_string();
        if !query.chars().any(char::is_alphanumeric) {
            return Err(Refusal::EmptyLookup { query }.into());
        }
        let reached = |h: &Household| reach.is_none_or(|a| self.reaches(a, h));
        if let Some(num) = as_number(&query) {
            let kks = self.store().kks_by_nik(&num)?;
            if !kks.is_empty() {
                let mut households = Vec::new();
                for kk in kks {
                    if let Some(h) = self.store().household(&kk)?.filter(reached) {
                        households.push(self.report(h, vec![num.clone()], lang)?);
                    }
                }
                if !households.is_empty() || reach.is_none() {
                    return Ok(whole(query, MatchedBy::Nik, households));
                }
            }
            let households = match self.store().household(&num)?.filter(reached) {
                Some(h) => {
                    let all = h.members.iter().map(|p| p.nik.clone()).collect();
                    vec![self.report(h, all, lang)?]
                }
                None => Vec::new(),
            };
            return Ok(whole(query, MatchedBy::Kk, households));
        }
        let Ranking { best, total, exact, households_total } = self.rank_names(&query, how, reach)?;
        let shown = how.limit.map_or(total, |l| l.min(total));
        // Group the shown persons by household, in the order of each
        // household's best-ranked person.
        let mut households: Vec<HouseholdReport> = Vec::new();
        for r in best.into_iter().take(shown) {
            if let Some(hr) = households.iter_mut().find(|hr| hr.household.no_kk == r.no_kk) {
                hr.matched.push(r.nik);
                continue;
            }
            if let Some(h) = self.store().household(&r.no_kk)? {
                households.push(self.report(h, vec![r.nik], lang)?);
            }
        }
        Ok(LookupResult {
            query,
            matched_by: MatchedBy::Name,
            households,
            total,
            households_total,
            shown,
            exact,
            truncated: shown < total,
        })
    }

    /// The persons whose name matches `query` and who pass `how`: how many,
    /// and the best of them first (ties in index order), at least as many as
    /// `how.limit` asks. The name as typed first; a half-typed letter pair
    /// ("Moc" on the way to "Moch") only when that finds nothing, and then
    /// every hit is a variant.
    ///
    /// Ranking needs the name as written, which only the household record
    /// holds; the index gives each hit's folded name. An exact name folds to
    /// the folded query, so those few are read; the rest are read in index
    /// order only until the word prefixes fill the limit. A narrowed lookup
    /// reads every hit, since only the record says where and when.
    fn rank_names(&self, query: &str, how: &NameLookup, reach: Option<&Access>) -> Result<Ranking> {
        let folded = names::fold(query);
        // A user of some areas: the address index names their households, so
        // hits elsewhere are dropped before any record is read.
        let area_kks = match reach.filter(|a| !a.whole_register()) {
            Some(a) => Some(self.households_in(&a.areas)?),
            None => None,
        };
        let in_area = |hits: Vec<NameHit>| match &area_kks {
            Some(kks) => hits.into_iter().filter(|h| kks.contains(&h.no_kk)).collect(),
            None => hits,
        };
        let mut hits = in_area(self.store().name_walk(&folded).collect::<std::result::Result<Vec<_>, _>>()?);
        let mut half_typed = false;
        if hits.is_empty() {
            hits =
                in_area(self.store().name_walk(&names::fold_query(query)).collect::<std::result::Result<Vec<_>, _>>()?);
            half_typed = true;
        }
        // A whole-register user who is no operator must not meet a household
        // of no known kelurahan: every hit's record is read to know.
        let narrowed = !how.regions.is_empty() || how.born.is_some() || reach.is_some_and(|a| a.whole_register());
        let limit = how.limit.unwrap_or(usize::MAX);
        // None: not read yet; Some(None): left out by `how`.
        let mut ranks: Vec<Option<Option<NameRank>>> = vec![None; hits.len()];
        let mut last: Option<Household> = None;
        let mut rank_of = |hit: &NameHit| -> Result<Option<NameRank>> {
            // A household's hits are mostly adjacent in the index (word,
            // then No. KK), so one read household serves them all.
            if last.as_ref().is_none_or(|h| h.no_kk != hit.no_kk) {
                last = self.store().household(&hit.no_kk)?;
            }
            let Some(h) = last.as_ref().filter(|h| reach.is_none_or(|a| self.reaches(a, h))) else { return Ok(None) };
            let Some(p) = h.member(&hit.nik) else { return Ok(None) };
            if !how.admits(h, p) {
                return Ok(None);
            }
            Ok(Some(if half_typed { NameRank::Variant } else { rank_name(query, &p.name) }))
        };
        let read_all = narrowed || how.limit.is_none();
        for (i, hit) in hits.iter().enumerate() {
            if read_all || (!half_typed && hit.folded == folded) {
                ranks[i] = Some(rank_of(hit)?);
            }
        }
        let exact = ranks.iter().filter(|r| **r == Some(Some(NameRank::Exact))).count();
        if !read_all {
            // Every exact name is known; the word prefixes come next, in
            // index order, so reading stops once they fill the limit.
            let next = if half_typed { NameRank::Variant } else { NameRank::WordPrefix };
            let mut before = exact;
            for (i, hit) in hits.iter().enumerate() {
                if before >= limit {
                    break;
                }
                if ranks[i].is_none() {
                    ranks[i] = Some(rank_of(hit)?);
                }
                if ranks[i] == Some(Some(next)) {
                    before += 1;
                }
            }
        }
        let admitted = |r: &Option<Option<NameRank>>| !matches!(r, Some(None));
        let total = ranks.iter().filter(|r| admitted(r)).count();
        let mut kks: Vec<&str> =
            hits.iter().zip(&ranks).filter(|(_, r)| admitted(r)).map(|(h, _)| h.no_kk.as_str()).collect();
        kks.sort_unstable();
        kks.dedup();
        let households_total = kks.len();
        let mut best: Vec<Ranked> = hits
            .into_iter()
            .zip(ranks)
            .filter_map(|(h, r)| r.flatten().map(|rank| Ranked { rank, no_kk: h.no_kk, nik: h.nik }))
            .collect();
        // Equal ranks in No. KK order, not the index's (which an encrypted
        // register keeps in no meaningful order).
        best.sort_by(|a, b| (a.rank, &a.no_kk, &a.nik).cmp(&(b.rank, &b.no_kk, &b.nik)));
        Ok(Ranking { best, total, exact, households_total })
    }

    /// The No. KK of every household in `areas`, from the address index.
    fn households_in(&self, areas: &[String]) -> Result<std::collections::HashSet<String>> {
        let mut kks = std::collections::HashSet::new();
        for area in areas {
            for kk in self.store().places_walk(area, None, None, None, crate::store::Dir::Forward)? {
                kks.insert(kk?);
            }
        }
        Ok(kks)
    }

    /// Region codes for a `--kelurahan` text: a region code as it is, or the
    /// kelurahan of that name (spelling folded; several when the name recurs
    /// in other kecamatan). Empty when nothing in the wilayah answers.
    pub fn regions_named(&self, text: &str) -> Vec<String> {
        let text = text.trim();
        let w = self.wilayah();
        if w.contains(text) {
            return vec![text.to_string()];
        }
        let folded = names::fold(text);
        if folded.is_empty() {
            return Vec::new();
        }
        w.all(Level::Kelurahan).into_iter().filter(|r| names::fold(&r.name) == folded).map(|r| r.code.clone()).collect()
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
            Err(e) => (Vec::new(), Some(e.message(lang))),
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
