//! Reads for browsing the register a page at a time and for finding
//! households as the user types. Everything here is a lazy walk over an
//! index, so a caller reads only the records it shows.

use std::collections::HashSet;
use std::iter::Peekable;
use std::ops::Bound;

use super::{NameHit, Result, Store, decode, keys};
use crate::domain::{EnrolmentStatus, Household, Programme, names};

/// A lazy walk over the store; each step may fail on a read.
pub type Walk<'a, T> = Box<dyn Iterator<Item = Result<T>> + 'a>;

/// Which way a walk goes from its cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// Strictly after the cursor (from the start when there is none), in
    /// index order.
    Forward,
    /// Strictly before the cursor (from the end when there is none), nearest
    /// first.
    Back,
}

fn empty<'a, T: 'a>() -> Walk<'a, T> {
    Box::new(std::iter::empty())
}

fn digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

impl Store {
    /// Keys and values between two bounds, in either direction.
    fn walk(&self, lo: Bound<Vec<u8>>, hi: Bound<Vec<u8>>, dir: Dir) -> Walk<'_, (sled::IVec, sled::IVec)> {
        let it = self.db.range((lo, hi)).map(move |r| r.map_err(|e| self.err("read", e)));
        match dir {
            Dir::Forward => Box::new(self.opened(super::guard::Caught::new(&self.path, it))),
            Dir::Back => Box::new(self.opened(super::guard::Caught::new(&self.path, it.rev()))),
        }
    }

    /// Keys under `prefix`, strictly after (or before) `prefix + cursor`.
    fn walk_under(&self, prefix: &[u8], cursor: Option<&[u8]>, dir: Dir) -> Walk<'_, (sled::IVec, sled::IVec)> {
        let start = Bound::Included(prefix.to_vec());
        let end = Bound::Excluded(keys::prefix_end(prefix));
        let at = cursor.map(|c| {
            let mut k = prefix.to_vec();
            k.extend_from_slice(c);
            Bound::Excluded(k)
        });
        match (dir, at) {
            (_, None) => self.walk(start, end, dir),
            (Dir::Forward, Some(at)) => self.walk(at, end, dir),
            (Dir::Back, Some(at)) => self.walk(start, at, dir),
        }
    }

    // ---- households in No. KK order -------------------------------------

    /// Households in No. KK order from a cursor No. KK (which need not exist).
    pub fn households_walk(&self, from: Option<&str>, dir: Dir) -> Walk<'_, Household> {
        let from = from.map(|kk| self.ids().id(kk).into_owned());
        Box::new(self.walk_under(&[keys::HOUSEHOLD], from.as_ref().map(|k| k.as_bytes()), dir).map(|r| {
            let (k, v) = r?;
            decode(&k, &v)
        }))
    }

    /// The first `n` households after `after` (from the start when `None`),
    /// in No. KK order.
    pub fn households_after(&self, after: Option<&str>, n: usize) -> Result<Vec<Household>> {
        self.households_walk(after, Dir::Forward).take(n).collect()
    }

    /// The `n` households just before `before`, in No. KK order.
    pub fn households_before(&self, before: &str, n: usize) -> Result<Vec<Household>> {
        let mut out: Vec<Household> = self.households_walk(Some(before), Dir::Back).take(n).collect::<Result<_>>()?;
        out.reverse();
        Ok(out)
    }

    // ---- by address ---------------------------------------------------------

    /// No. KKs of the households in a region (dotted prefix of any level),
    /// optionally one RW and RT, in address order (kelurahan, RW, RT, No.
    /// KK), from the household `from`. A cursor household that no longer
    /// exists gives an empty walk: its place is unknown.
    pub fn places_walk(
        &self,
        region: &str,
        rw: Option<u16>,
        rt: Option<u16>,
        from: Option<&str>,
        dir: Dir,
    ) -> Result<Walk<'_, String>> {
        let mut narrowed = keys::compact(region);
        // A full kelurahan code narrows the scan to the RW (and RT).
        if narrowed.len() == 10
            && let Some(rw) = rw
        {
            narrowed.push_str(&format!("{rw:03}"));
            if let Some(rt) = rt {
                narrowed.push_str(&format!("{rt:03}"));
            }
        }
        let prefix = keys::with(keys::PLACE, &[narrowed.as_bytes()]);
        let end = keys::prefix_end(&prefix);
        let walk = match from {
            None => self.walk_under(&prefix, None, dir),
            Some(kk) => {
                let Some(h) = self.household(kk)? else {
                    return Ok(empty());
                };
                // The cursor may lie outside the region (the household
                // moved): it then sorts before or after all of it.
                let at = keys::place(self.ids(), &h);
                match dir {
                    Dir::Forward if at >= end => return Ok(empty()),
                    Dir::Forward if at < prefix => self.walk_under(&prefix, None, dir),
                    Dir::Forward => self.walk(Bound::Excluded(at), Bound::Excluded(end), dir),
                    Dir::Back if at <= prefix => return Ok(empty()),
                    Dir::Back if at >= end => self.walk_under(&prefix, None, dir),
                    Dir::Back => self.walk(Bound::Included(prefix), Bound::Excluded(at), dir),
                }
            }
        };
        let field = |k: &[u8], at: usize| {
            k.get(at..at + 3).and_then(|b| std::str::from_utf8(b).ok()).and_then(|s| s.parse::<u16>().ok())
        };
        Ok(Box::new(walk.filter_map(move |r| {
            let k = match r {
                Ok((k, _)) => k,
                Err(e) => return Some(Err(e)),
            };
            if rw.is_some_and(|rw| field(&k, 11) != Some(rw)) || rt.is_some_and(|rt| field(&k, 14) != Some(rt)) {
                return None;
            }
            keys::owner(&k).map(|kk| Ok(self.ids().back(kk)))
        })))
    }

    // ---- by programme -------------------------------------------------------

    /// Households with a member enrolled in any of `pairs` (programme,
    /// status), each once, in the order of the programme index (NIK order of
    /// its first such member), from the household `from`. A cursor household
    /// that no longer has such a member gives an empty walk.
    pub fn enrolled_walk(
        &self,
        pairs: &[(Programme, EnrolmentStatus)],
        from: Option<&str>,
        dir: Dir,
    ) -> Result<Walk<'_, Household>> {
        let pairs: Vec<(Programme, EnrolmentStatus)> = pairs.to_vec();
        let first = {
            let pairs = pairs.clone();
            move |h: &Household| -> Option<String> {
                h.members
                    .iter()
                    .filter(|p| p.enrolments.iter().any(|e| pairs.contains(&(e.programme, e.status))))
                    .map(|p| p.nik.clone())
                    .min()
            }
        };
        let ids = self.ids();
        let cursor = match from {
            None => None,
            Some(kk) => match self.household(kk)?.as_ref().and_then(&first) {
                Some(nik) => Some(format!("{}{}", ids.id(&nik), ids.id(kk))),
                None => return Ok(empty()),
            },
        };
        let walks: Vec<_> = pairs
            .iter()
            .map(|&(p, s)| {
                let prefix = keys::programme(p, s);
                let w = self.walk_under(&prefix, cursor.as_ref().map(|c| c.as_bytes()), dir);
                let tails: Walk<'_, Vec<u8>> =
                    Box::new(w.map(|r| r.map(|(k, _)| k.get(3..).unwrap_or_default().to_vec())));
                tails.peekable()
            })
            .collect();
        let merged = Merge { walks, back: dir == Dir::Back, last: None };
        Ok(Box::new(merged.filter_map(move |r| {
            let tail = match r {
                Ok(t) => t,
                Err(e) => return Some(Err(e)),
            };
            let s = std::str::from_utf8(&tail).ok()?;
            let (nik, kk) = (ids.back(s.get(..16)?), ids.back(s.get(16..)?));
            match self.household(&kk) {
                Err(e) => Some(Err(e)),
                // Listed at its first enrolled member only.
                Ok(Some(h)) if first(&h).as_deref() == Some(nik.as_str()) => Some(Ok(h)),
                Ok(_) => None,
            }
        })))
    }

    // ---- as you type --------------------------------------------------------

    /// Persons whose folded name matches the folded query, lazily; see
    /// [`Store::search_names`].
    pub fn name_walk(&self, query_folded: &str) -> Walk<'_, NameHit> {
        // An empty query matches every name, as `names::matches` has it.
        let longest = names::tokens(query_folded).max_by_key(|w| w.len()).unwrap_or_default();
        let query = query_folded.to_string();
        let mut seen = HashSet::new();
        let ids = self.ids();
        let prefix = ids.word_prefix(keys::NAME, longest).unwrap_or_else(|| vec![keys::NAME]);
        Box::new(self.scan(&prefix).filter_map(move |r| {
            let (k, v) = match r {
                Ok(kv) => kv,
                Err(e) => return Some(Err(e)),
            };
            let (no_kk, nik) = keys::tail_ids(&k)?;
            let folded: String = match decode(&k, &v) {
                Ok(f) => f,
                Err(e) => return Some(Err(e)),
            };
            (names::matches(&query, &folded) && seen.insert((no_kk.to_string(), nik.to_string())))
                .then(|| Ok(NameHit { no_kk: ids.back(no_kk), nik: ids.back(nik), folded }))
        }))
    }

    /// No. KKs of households whose street matches a folded query: each query
    /// word, stop words (jl, gg, no, rt, ...) left out, a prefix of a distinct
    /// street word, in order. A query of stop words only finds nothing.
    pub fn street_walk(&self, query_folded: &str) -> Walk<'_, String> {
        let query = keys::street_query(query_folded);
        let Some(longest) = names::tokens(&query).max_by_key(|w| w.len()) else {
            return empty();
        };
        let ids = self.ids();
        let prefix = ids.word_prefix(keys::STREET, longest).unwrap_or_else(|| vec![keys::STREET]);
        let mut seen = HashSet::new();
        Box::new(self.scan(&prefix).filter_map(move |r| {
            let (k, v) = match r {
                Ok(kv) => kv,
                Err(e) => return Some(Err(e)),
            };
            let kk = keys::owner(&k)?.to_string();
            let street: String = match decode(&k, &v) {
                Ok(s) => s,
                Err(e) => return Some(Err(e)),
            };
            (names::matches(&query, &street) && seen.insert(kk.clone())).then(|| Ok(ids.back(&kk)))
        }))
    }

    /// At most `limit` households found by [`Store::street_walk`], in the
    /// index order of the query's longest word.
    pub fn search_streets(&self, query_folded: &str, limit: usize) -> Result<Vec<String>> {
        self.street_walk(query_folded).take(limit).collect()
    }

    /// `(nik, no_kk)` of the persons whose NIK starts with `prefix` (digits),
    /// in NIK order. An encrypted database finds a whole NIK only: its keys
    /// hold no NIK's first digits.
    pub fn nik_prefix_walk(&self, prefix: &str) -> Walk<'_, (String, String)> {
        let ids = self.ids();
        if !digits(prefix) || prefix.len() > 16 || (ids.encrypted() && prefix.len() < 16) {
            return empty();
        }
        Box::new(self.scan(&keys::with(keys::NIK, &[ids.id(prefix).as_bytes()])).filter_map(move |r| match r {
            Ok((k, _)) => keys::tail_ids(&k).map(|(nik, kk)| Ok((ids.back(nik), ids.back(kk)))),
            Err(e) => Some(Err(e)),
        }))
    }

    /// At most `limit` of [`Store::nik_prefix_walk`].
    pub fn niks_with_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<(String, String)>> {
        self.nik_prefix_walk(prefix).take(limit).collect()
    }

    /// `(nik, no_kk)` of the persons whose NIK lies from `lo` to `hi`
    /// (16 digits each, both included), in NIK order: where a NIK that a
    /// spreadsheet rounded may have come from.
    pub fn nik_range_walk(&self, lo: &str, hi: &str) -> Walk<'_, (String, String)> {
        // An encrypted database keeps no NIK order to walk.
        if !keys::is_id(lo) || !keys::is_id(hi) || self.is_encrypted() {
            return empty();
        }
        let start = Bound::Included(keys::with(keys::NIK, &[lo.as_bytes()]));
        let end = Bound::Excluded(keys::prefix_end(&keys::with(keys::NIK, &[hi.as_bytes()])));
        Box::new(self.walk(start, end, Dir::Forward).filter_map(|r| match r {
            Ok((k, _)) => keys::tail_ids(&k).map(|(nik, kk)| Ok((nik.to_string(), kk.to_string()))),
            Err(e) => Some(Err(e)),
        }))
    }

    /// No. KKs that start with `prefix` (digits), in order; a whole No. KK
    /// only in an encrypted database.
    pub fn kk_prefix_walk(&self, prefix: &str) -> Walk<'_, String> {
        let ids = self.ids();
        if !digits(prefix) || prefix.len() > 16 || (ids.encrypted() && prefix.len() < 16) {
            return empty();
        }
        Box::new(
            self.scan(&keys::household(ids, prefix))
                .map(move |r| r.map(|(k, _)| ids.back(&String::from_utf8_lossy(&k[1..])))),
        )
    }

    /// At most `limit` of [`Store::kk_prefix_walk`].
    pub fn kks_with_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<String>> {
        self.kk_prefix_walk(prefix).take(limit).collect()
    }
}

/// Merges walks that are each ordered by their items into one ordered walk,
/// dropping an item equal to the one before it.
struct Merge<'a> {
    walks: Vec<Peekable<Walk<'a, Vec<u8>>>>,
    back: bool,
    last: Option<Vec<u8>>,
}

impl Iterator for Merge<'_> {
    type Item = Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut best: Option<(usize, Vec<u8>)> = None;
            for i in 0..self.walks.len() {
                match self.walks[i].peek() {
                    None => continue,
                    // Errors come out first.
                    Some(Err(_)) => return self.walks[i].next(),
                    Some(Ok(item)) => {
                        let better = match &best {
                            None => true,
                            Some((_, b)) if self.back => item > b,
                            Some((_, b)) => item < b,
                        };
                        if better {
                            best = Some((i, item.clone()));
                        }
                    }
                }
            }
            let item = self.walks[best?.0].next()?;
            if let Ok(t) = &item {
                if self.last.as_ref() == Some(t) {
                    continue;
                }
                self.last = Some(t.clone());
            }
            return Some(item);
        }
    }
}
