//! The household browser: a filtered list that scrolls a page at a time and
//! a search that answers every keystroke. Every list is a lazy walk over one
//! store index, so a call reads only about as many records as it returns.
//!
//! List order without a query: address order (kelurahan, RW, RT, No. KK)
//! when a region is chosen; else, with a programme or enrolment filter, the
//! order of the programme index (NIK of the first enrolled member); else No.
//! KK order. With a query, the order in which the hits are found: each kind
//! of hit in turn (names / streets / kelurahan names, or NIK / No. KK).

use std::collections::{BTreeMap, HashSet, VecDeque};

use serde::Serialize;

use super::{Actor, Result, Service};
use crate::domain::access::{Access, Right};
use crate::domain::eligibility::age_on;
use crate::domain::search::number_query;
use crate::domain::wilayah::{Level, Wilayah};
use crate::domain::{DtksStatus, EnrolmentStatus, Household, Person, Programme, Sex, names};
use crate::i18n::Lang;
use crate::store::{Dir, NameHit, Store, Walk};

/// Households read at most by one call before it stops and says there may be
/// more: a filter that matches little must not freeze a keystroke.
pub const SCAN_BUDGET: usize = 20_000;

/// Households a background count reads between two looks at whether it
/// should stop: about a millisecond of work.
pub const STOP_EVERY: usize = 256;

pub use crate::domain::search::Filter;

/// The region of a list that lies outside the user's areas: no code has it.
const OUT_OF_REACH: &str = "-";
use crate::domain::search::{AGE_BANDS, AgeBand, age_band_code};

/// How the filter reads the store's indexes.
impl Filter {
    /// The (programme, status) entries of the programme index that answer
    /// the enrolment criteria, when there are any.
    fn enrolment_pairs(&self) -> Option<Vec<(Programme, EnrolmentStatus)>> {
        if self.programme.is_none() && self.enrolment.is_none() {
            return None;
        }
        let ps: Vec<Programme> = self.programme.map_or_else(|| Programme::ALL.to_vec(), |p| vec![p]);
        let ss: Vec<EnrolmentStatus> = self.enrolment.map_or_else(|| EnrolmentStatus::ALL.to_vec(), |s| vec![s]);
        Some(ps.iter().flat_map(|&p| ss.iter().map(move |&s| (p, s))).collect())
    }

    fn region(&self) -> Option<&str> {
        self.region.as_deref().filter(|r| !r.is_empty())
    }
}

/// How a search found a household.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Hit {
    Name,
    Nik,
    Kk,
    Street,
    Kelurahan,
}

/// One row of the household list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HouseholdLine {
    pub no_kk: String,
    /// The head's name, or the first member's when no head is recorded.
    pub head: String,
    /// Kelurahan code.
    pub kelurahan: String,
    /// Its name, empty when the code is not in the region list.
    pub kelurahan_name: String,
    pub rw: u16,
    pub rt: u16,
    pub street: String,
    pub members: usize,
    pub status: DtksStatus,
    /// Programmes in which some member is actively enrolled, in code order.
    pub programmes: Vec<Programme>,
    /// NIK of the member the query matched (by name or NIK).
    pub matched: Option<String>,
    /// How the query found the household; `None` without a query.
    pub hit: Option<Hit>,
}

impl HouseholdLine {
    pub fn of(h: &Household, w: &Wilayah) -> HouseholdLine {
        let head = h.head().or(h.members.first()).map(|p| p.name.clone()).unwrap_or_default();
        let mut programmes: Vec<Programme> = h
            .members
            .iter()
            .flat_map(|p| &p.enrolments)
            .filter(|e| e.status == EnrolmentStatus::Active)
            .map(|e| e.programme)
            .collect();
        programmes.sort();
        programmes.dedup();
        HouseholdLine {
            no_kk: h.no_kk.clone(),
            head,
            kelurahan: h.address.kelurahan.clone(),
            kelurahan_name: w.name(&h.address.kelurahan).unwrap_or_default().to_string(),
            rw: h.address.rw,
            rt: h.address.rt,
            street: h.address.street.clone(),
            members: h.members.len(),
            status: h.status(),
            programmes,
            matched: None,
            hit: None,
        }
    }
}

/// A slice of the list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Page {
    /// In list order, also for [`Service::page_before`].
    pub lines: Vec<HouseholdLine>,
    /// More households may follow (precede, for `page_before`): one more was
    /// found, or the call stopped at [`SCAN_BUDGET`] records.
    pub more: bool,
    /// When `more`: the No. KK to pass as `after` (`before`) to go on. It is
    /// the last line's, or, when the budget ran out first, that of the last
    /// household read, so that a sparse filter still moves forward.
    pub resume: Option<String>,
}

/// What [`Service::count_by`] counts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CountColumn {
    /// Households per kelurahan.
    Kelurahan,
    /// Households per RW of each kelurahan.
    Rw,
    /// Households with a member enrolled per programme (with the filter's
    /// enrolment status, or active).
    Programme,
    /// Households per DTKS status.
    Status,
    /// Households with a member of each sex.
    Sex,
    /// Households with a member in each age band on today's date: 0–6,
    /// 7–17, 18–59, 60+.
    AgeBand,
}

/// One value of a [`CountColumn`]: how many households the list behind it
/// holds ([`Filter::for_count`]), and how many persons of those have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CountRow {
    pub code: String,
    /// The value in the session's language.
    pub label: String,
    /// The total of the list the row opens.
    pub households: u64,
    /// Members of those households who have the value themselves (for a
    /// programme: are enrolled; for kelurahan, RW and status, which belong
    /// to the household: every member).
    pub persons: u64,
}

impl Filter {
    /// The list behind one count row: this filter narrowed to the row's
    /// value. The count and the list both use it, so they cannot disagree.
    /// None for a code the column does not know.
    pub fn for_count(&self, column: CountColumn, code: &str, today: chrono::NaiveDate) -> Option<Filter> {
        let mut f = self.clone();
        match column {
            CountColumn::Kelurahan => f.region = Some(code.to_string()),
            CountColumn::Rw => {
                let (kel, rw) = code.split_once('/')?;
                f.region = Some(kel.to_string());
                f.rw = Some(rw.parse().ok()?);
            }
            CountColumn::Programme => {
                f.programme = Some(Programme::parse(code)?);
                f.enrolment = Some(self.enrolment.unwrap_or(EnrolmentStatus::Active));
            }
            CountColumn::Status => f.status = Some(DtksStatus::parse(code)?),
            CountColumn::Sex => f.sex = Some(Sex::parse(code)?),
            CountColumn::AgeBand => f.age = Some(AgeBand::new(code, today)?),
        }
        Some(f)
    }
}

/// A household found, with what found it.
struct Found {
    household: Household,
    matched: Option<String>,
    hit: Option<Hit>,
}

impl Found {
    fn line(self, w: &Wilayah) -> HouseholdLine {
        let mut line = HouseholdLine::of(&self.household, w);
        line.matched = self.matched;
        line.hit = self.hit;
        line
    }
}

/// Takes from each walk in turn, skipping finished ones.
fn round_robin<'a, T: 'a>(walks: Vec<Walk<'a, T>>) -> Walk<'a, T> {
    let mut walks: Vec<Option<Walk<'a, T>>> = walks.into_iter().map(Some).collect();
    let mut at = 0;
    Box::new(std::iter::from_fn(move || {
        for _ in 0..walks.len() {
            let i = at % walks.len();
            at = at.wrapping_add(1);
            if let Some(w) = walks[i].as_mut() {
                match w.next() {
                    Some(item) => return Some(item),
                    None => walks[i] = None,
                }
            }
        }
        None
    }))
}

/// Reads the household of each `(no_kk, matched, hit)`; a household that
/// vanished in between is left out.
fn read<'a>(store: &'a Store, kks: Walk<'a, (String, Option<String>, Hit)>) -> Walk<'a, Found> {
    Box::new(kks.filter_map(move |r| {
        let (kk, matched, hit) = match r {
            Ok(x) => x,
            Err(e) => return Some(Err(e)),
        };
        match store.household(&kk) {
            Ok(Some(household)) => Some(Ok(Found { household, matched, hit: Some(hit) })),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }))
}

impl Service {
    /// The households of the filtered list without a query, walked from a
    /// cursor household.
    fn listed(&self, f: &Filter, from: Option<&str>, dir: Dir) -> Result<Walk<'_, Found>> {
        let store = self.store();
        let found = |household| Found { household, matched: None, hit: None };
        if let Some(region) = f.region() {
            let kks = store.places_walk(region, f.rw, f.rt, from, dir)?;
            return Ok(Box::new(kks.filter_map(move |r| match r.and_then(|kk| store.household(&kk)) {
                Ok(Some(h)) => Some(Ok(found(h))),
                Ok(None) => None,
                Err(e) => Some(Err(e)),
            })));
        }
        if let Some(pairs) = f.enrolment_pairs() {
            return Ok(Box::new(store.enrolled_walk(&pairs, from, dir)?.map(move |r| r.map(found))));
        }
        Ok(Box::new(store.households_walk(from, dir).map(move |r| r.map(found))))
    }

    /// Every household the query finds, in hit order, not yet filtered
    /// (but without repeats).
    fn found(&self, f: &Filter) -> Walk<'_, Found> {
        let store = self.store();
        let q = f.query.trim();
        let walks: Vec<Walk<'_, Found>> = if let Some(num) = number_query(q) {
            let niks: Walk<'_, _> =
                Box::new(store.nik_prefix_walk(&num).map(|r| r.map(|(nik, kk)| (kk, Some(nik), Hit::Nik))));
            let kks: Walk<'_, _> = Box::new(store.kk_prefix_walk(&num).map(|r| r.map(|kk| (kk, None, Hit::Kk))));
            vec![read(store, niks), read(store, kks)]
        } else {
            // Names spelt as typed first, then those a half-typed letter
            // pair may still become ("soek" before "soekh…" → "su…").
            let folded = names::fold(q);
            let relaxed = names::fold_query(q);
            let mut by_name: Walk<'_, NameHit> = Box::new(store.name_walk(&folded));
            if relaxed != folded {
                by_name = Box::new(by_name.chain(store.name_walk(&relaxed)));
            }
            let by_name: Walk<'_, _> = Box::new(by_name.map(|r| r.map(|h| (h.no_kk, Some(h.nik), Hit::Name))));
            let mut walks = vec![read(store, by_name)];
            // A query folded to nothing (say "d", maybe "Dj...") matches
            // every name; streets and places would only repeat that.
            if !folded.is_empty() {
                let by_street: Walk<'_, _> =
                    Box::new(store.street_walk(&folded).map(|r| r.map(|kk| (kk, None, Hit::Street))));
                walks.push(read(store, by_street));
                walks.push(self.in_kelurahan_named(f, &folded));
            }
            walks
        };
        let mut seen = HashSet::new();
        Box::new(
            round_robin(walks).filter(move |r| r.as_ref().map_or(true, |x| seen.insert(x.household.no_kk.clone()))),
        )
    }

    /// Households of the kelurahan whose name matches a folded query, one
    /// kelurahan after the other.
    fn in_kelurahan_named(&self, f: &Filter, folded: &str) -> Walk<'_, Found> {
        let region = f.region().unwrap_or_default();
        let folded_names = self.kelurahan_folded.get_or_init(|| {
            self.wilayah().all(Level::Kelurahan).into_iter().map(|r| (r.code.clone(), names::fold(&r.name))).collect()
        });
        let codes: Vec<String> = folded_names
            .iter()
            .filter(|(code, name)| code.starts_with(region) && names::matches(folded, name))
            .map(|(code, _)| code.clone())
            .collect();
        let store = self.store();
        let (rw, rt) = (f.rw, f.rt);
        let kks = codes.into_iter().flat_map(move |code| match store.places_walk(&code, rw, rt, None, Dir::Forward) {
            Ok(w) => w,
            Err(e) => Box::new(std::iter::once(Err(e))),
        });
        read(store, Box::new(kks.map(|r| r.map(|kk| (kk, None, Hit::Kelurahan)))))
    }

    /// The list the filter describes, from a cursor, in list order (`dir`
    /// Forward) or nearest first (Back).
    fn walk_list(&self, f: &Filter, from: Option<&str>, dir: Dir) -> Result<Walk<'_, Found>> {
        if f.query.trim().is_empty() {
            return self.listed(f, from, dir);
        }
        // A query's hits have no index of their own to start from: walk them
        // from the start, up to the cursor.
        let hits = self.found(f);
        Ok(match (dir, from) {
            (Dir::Forward, None) => hits,
            (Dir::Forward, Some(cursor)) => {
                let cursor = cursor.to_string();
                let mut passed = false;
                Box::new(hits.filter(move |r| match r {
                    Ok(x) if !passed => {
                        passed = x.household.no_kk == cursor;
                        false
                    }
                    _ => true,
                }))
            }
            (Dir::Back, from) => {
                let mut before: VecDeque<crate::store::Result<Found>> = VecDeque::new();
                for r in hits.take(SCAN_BUDGET) {
                    if let (Ok(x), Some(c)) = (&r, from)
                        && x.household.no_kk == c
                    {
                        break;
                    }
                    before.push_front(r);
                }
                Box::new(before.into_iter())
            }
        })
    }

    /// Takes up to `n` admitted households from a walk, plus one to know
    /// whether more follow, reading at most [`SCAN_BUDGET`].
    fn take_page(&self, f: &Filter, walk: Walk<'_, Found>, n: usize) -> Result<Page> {
        let mut lines = Vec::new();
        let mut read = 0;
        for r in walk {
            let x = r?;
            read += 1;
            let kk = x.household.no_kk.clone();
            if self.admitted(f, &x.household) {
                if lines.len() == n {
                    let resume = lines.last().map(|l: &HouseholdLine| l.no_kk.clone());
                    return Ok(Page { lines, more: true, resume });
                }
                lines.push(x.line(&self.wilayah()));
            }
            if read >= SCAN_BUDGET {
                // Go on after the last household read, matching or not.
                return Ok(Page { lines, more: true, resume: Some(kk) });
            }
        }
        Ok(Page { lines, more: false, resume: None })
    }

    /// `f` as `actor` may see it: their areas set as its reach, and its
    /// region narrowed to them so that the walk reads their households only.
    /// An operator of the whole register sees it as it is.
    pub fn within_reach(&self, actor: &Actor, f: &Filter) -> Result<Filter> {
        let access = self.require(actor, Right::Read)?;
        let mut f = Filter { reach: None, ..f.clone() };
        if access == Access::whole() {
            return Ok(f);
        }
        if !access.whole_register() {
            f.region = Some(match access.narrow(f.region().unwrap_or_default()) {
                Some(areas) if areas.len() == 1 => areas[0].clone(),
                Some(_) => access.common_prefix(),
                // Apart from every area: a code no household has.
                None => OUT_OF_REACH.to_string(),
            });
        }
        f.reach = Some(access);
        Ok(f)
    }

    /// Whether the list admits `h`: its criteria, and the reach of its user.
    fn admitted(&self, f: &Filter, h: &Household) -> bool {
        f.admits(h) && f.reach.as_ref().is_none_or(|a| self.reaches(a, h))
    }

    /// The first `limit` households of the list the filter describes (see the
    /// module docs for the order), and whether there are more.
    pub fn search(&self, actor: &Actor, f: &Filter, limit: usize) -> Result<Page> {
        self.page(actor, f, None, limit)
    }

    /// Up to `n` households after the household `after` (from the start when
    /// `None`). Without a query this reads about `n` records wherever the
    /// page lies; with one it walks the hits from the start.
    /// The page is recorded in the audit log as a view of its households.
    pub fn page(&self, actor: &Actor, f: &Filter, after: Option<&str>, n: usize) -> Result<Page> {
        let page = self.page_unaudited(actor, f, after, n)?;
        self.audit_page(actor, f, &page)?;
        Ok(page)
    }

    /// [`Self::page`] for a caller that records its own view (an export).
    pub(crate) fn page_unaudited(&self, actor: &Actor, f: &Filter, after: Option<&str>, n: usize) -> Result<Page> {
        let f = &self.within_reach(actor, f)?;
        let walk = self.walk_list(f, after, Dir::Forward)?;
        self.take_page(f, walk, n)
    }

    /// One event per page shown: the No. KKs of its lines and the NIKs the
    /// query matched.
    fn audit_page(&self, actor: &Actor, f: &Filter, page: &Page) -> Result<()> {
        if page.lines.is_empty() {
            return Ok(());
        }
        let shown =
            page.lines.iter().flat_map(|l| std::iter::once(l.no_kk.clone()).chain(l.matched.iter().cloned())).collect();
        self.audit_view(actor, super::audit::View::Search { query: f.query.trim(), shown })?;
        Ok(())
    }

    /// Up to `n` households just before the household `before` (the last `n`
    /// when `None`), in list order.
    pub fn page_before(&self, actor: &Actor, f: &Filter, before: Option<&str>, n: usize) -> Result<Page> {
        let reached = &self.within_reach(actor, f)?;
        let walk = self.walk_list(reached, before, Dir::Back)?;
        let mut page = self.take_page(reached, walk, n)?;
        page.lines.reverse();
        self.audit_page(actor, f, &page)?;
        Ok(page)
    }

    /// How many households the filtered list (query included) holds: the
    /// register's count when nothing narrows it, else every one walked and
    /// admitted. Reads the whole list: a background job on a large register.
    pub fn list_total(&self, actor: &Actor, f: &Filter) -> Result<u64> {
        Ok(self.list_total_until(actor, f, &|| false)?.unwrap_or_default())
    }

    /// [`Self::list_total`], asking `stop` every [`STOP_EVERY`] households
    /// read: None once it says to stop (the caller no longer wants it).
    pub fn list_total_until(&self, actor: &Actor, f: &Filter, stop: &dyn Fn() -> bool) -> Result<Option<u64>> {
        let f = &self.within_reach(actor, f)?;
        if stop() {
            return Ok(None);
        }
        if *f == Filter::default() {
            return self.household_count().map(Some);
        }
        let Some(_pass) = self.shared.counts.enter(stop) else {
            return Ok(None);
        };
        let mut n = 0;
        for (read, r) in self.walk_list(f, None, Dir::Forward)?.enumerate() {
            if read % STOP_EVERY == STOP_EVERY - 1 && stop() {
                return Ok(None);
            }
            if self.admitted(f, &r?.household) {
                n += 1;
            }
        }
        Ok(Some(n))
    }

    /// Counts over the whole filtered list (query included): per kelurahan
    /// or RW in code order; per programme, status, sex or age band every
    /// value in its own order, zeros too, labelled in `lang`. Each row's
    /// households are those of the list it opens ([`Filter::for_count`]);
    /// a column the filter already fixes has only that value's row (any
    /// other would open a list wider than this one). Reads every household
    /// of the list, at most `limit_scan`: a background job on a large
    /// register.
    pub fn count_by(
        &self,
        actor: &Actor,
        f: &Filter,
        column: CountColumn,
        limit_scan: Option<usize>,
        lang: Lang,
    ) -> Result<Vec<CountRow>> {
        Ok(self.count_by_until(actor, f, column, limit_scan, lang, &|| false)?.unwrap_or_default())
    }

    /// [`Self::count_by`], asking `stop` every [`STOP_EVERY`] households
    /// read: None once it says to stop.
    pub fn count_by_until(
        &self,
        actor: &Actor,
        f: &Filter,
        column: CountColumn,
        limit_scan: Option<usize>,
        lang: Lang,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<Vec<CountRow>>> {
        let f = &self.within_reach(actor, f)?;
        let w = self.wilayah();
        let today = self.today();
        let row = |code: String, label: String| CountRow { code, label, households: 0, persons: 0 };
        // Fixed value sets keep their own order and show zeros too.
        let fixed: Vec<CountRow> = match column {
            CountColumn::Programme => Programme::ALL
                .iter()
                .filter(|p| f.programme.is_none_or(|q| q == **p))
                .map(|p| row(p.code().into(), p.label(lang).into()))
                .collect(),
            CountColumn::Status => DtksStatus::ALL
                .iter()
                .filter(|s| f.status.is_none_or(|q| q == **s))
                .map(|s| row(s.code().into(), s.label(lang).into()))
                .collect(),
            CountColumn::Sex => Sex::ALL
                .iter()
                .filter(|s| f.sex.is_none_or(|q| q == **s))
                .map(|s| row(s.code().into(), s.label(lang).into()))
                .collect(),
            CountColumn::AgeBand => AGE_BANDS
                .iter()
                .filter(|(c, ..)| f.age.as_ref().is_none_or(|a| a.code == *c))
                .map(|(c, ..)| row(c.to_string(), crate::i18n::age_band(lang, c)))
                .collect(),
            CountColumn::Kelurahan | CountColumn::Rw => Vec::new(),
        };
        // Each fixed row's own list filter, asked of every household.
        let narrowed: Vec<Option<Filter>> = fixed.iter().map(|r| f.for_count(column, &r.code, today)).collect();
        let enrolled = f.enrolment.unwrap_or(EnrolmentStatus::Active);
        let mut fixed = fixed;
        let mut places: BTreeMap<String, CountRow> = BTreeMap::new();
        let walk = self.walk_list(f, None, Dir::Forward)?;
        for (read, r) in walk.take(limit_scan.unwrap_or(usize::MAX)).enumerate() {
            if read % STOP_EVERY == 0 && stop() {
                return Ok(None);
            }
            let h = r?.household;
            if !self.admitted(f, &h) {
                continue;
            }
            let kel = &h.address.kelurahan;
            let kel_name = || w.name(kel).unwrap_or(kel).to_string();
            let (code, label) = match column {
                CountColumn::Kelurahan => (kel.clone(), kel_name()),
                CountColumn::Rw => {
                    let rw = h.address.rw;
                    (format!("{kel}/{rw:03}"), format!("{} RW {rw:03}", kel_name()))
                }
                _ => {
                    for (row, filter) in fixed.iter_mut().zip(&narrowed) {
                        if filter.as_ref().is_some_and(|nf| self.admitted(nf, &h)) {
                            row.households += 1;
                            row.persons +=
                                h.members.iter().filter(|p| has(p, column, &row.code, enrolled, today)).count() as u64;
                        }
                    }
                    continue;
                }
            };
            let place = places.entry(code.clone()).or_insert_with(|| row(code, label));
            place.households += 1;
            place.persons += h.members.len() as u64;
        }
        Ok(Some(match column {
            CountColumn::Kelurahan | CountColumn::Rw => places.into_values().collect(),
            _ => fixed,
        }))
    }
}

/// Whether person `p` has the value `code` of a person column (status, a
/// household's, is every member's).
fn has(p: &Person, column: CountColumn, code: &str, enrolled: EnrolmentStatus, today: chrono::NaiveDate) -> bool {
    match column {
        CountColumn::Programme => p.enrolments.iter().any(|e| e.programme.code() == code && e.status == enrolled),
        CountColumn::Sex => p.sex.code() == code,
        CountColumn::AgeBand => age_band_code(age_on(p.birth_date, today)) == code,
        CountColumn::Status | CountColumn::Kelurahan | CountColumn::Rw => true,
    }
}
