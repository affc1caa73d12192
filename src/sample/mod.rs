//! Deterministic synthetic register for demonstrations, tests and
//! benchmarks: households spread over real DKI Jakarta kelurahan, people
//! with made-up names. Never real people.
//!
//! The same [`SampleSpec`] gives the same data on every machine (own PRNG,
//! no platform-dependent iteration). Households come out in No. KK order so
//! an importer receives sorted keys, and one at a time, so 250,000 of them
//! never need to be held.
//!
//! Deliberate defects, so that checks have something to find:
//! about 1 % of NIKs disagree with the recorded birth date or sex; one
//! household in 500 carries a member whose NIK is already in another KK;
//! one in 500 carries a probable duplicate (same name, birth date and mother
//! as a person of another KK, different NIK).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::domain::codes::*;
use crate::domain::model::{Address, Enrolment, Household, HouseholdInfo, Person, StatusEntry};
use crate::formats::{CsvExporter, FormatError};

const VILLAGES: &str = include_str!("../../sample-data/wilayah/villages-31.csv");

pub mod cycle;
mod household;
pub mod nonaktif;
pub mod tahap;
mod words;

use household::*;
use words::*;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleSpec {
    pub households: usize,
    pub seed: u64,
    /// Dotted kelurahan codes (`31.71.01.1001`); None means all 267 of DKI.
    pub kelurahan: Option<Vec<String>>,
    /// The date the data describes: ages, statuses and enrolments hold on it.
    pub as_of: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleSummary {
    pub households: u64,
    pub persons: u64,
    pub files: Vec<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    #[error("'{0}' is not a kelurahan code such as 31.71.01.1001")]
    BadKelurahan(String),
    /// Well formed, but not one of the DKI kelurahan the sample is made on.
    #[error("'{0}' is not a kelurahan of DKI Jakarta the sample knows")]
    UnknownKelurahan(String),
    #[error(transparent)]
    Format(#[from] FormatError),
    #[error("the sample's verification cycle could not be built: {0}")]
    Cycle(String),
    /// A step of the sample's history that the register refused.
    #[error("the sample's history could not be built: {0}")]
    Refused(Box<crate::service::ServiceError>),
}

/// The DKI kelurahan codes shipped with the program, sorted.
pub fn dki_kelurahan() -> Vec<String> {
    let mut v: Vec<String> = VILLAGES
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(|c| c.trim().to_string())
        .filter(|c| is_kelurahan_code(c))
        .collect();
    v.sort();
    v.dedup();
    v
}

fn is_kelurahan_code(c: &str) -> bool {
    let b = c.as_bytes();
    b.len() == 13
        && b.iter().enumerate().all(|(i, ch)| if matches!(i, 2 | 5 | 8) { *ch == b'.' } else { ch.is_ascii_digit() })
}

/// Writes the sample as households.csv, persons.csv, history.csv and
/// enrolments.csv in `dir` (the import/export format).
pub fn write_sample(spec: &SampleSpec, dir: &Path) -> Result<SampleSummary, SampleError> {
    if let Some(bad) = spec.kelurahan.iter().flatten().find(|c| !is_kelurahan_code(c.trim())) {
        return Err(SampleError::BadKelurahan(bad.clone()));
    }
    // Data on a region dtks does not know would be rejected by its import.
    let known = dki_kelurahan();
    if let Some(unknown) = spec.kelurahan.iter().flatten().find(|c| known.binary_search(&c.trim().to_string()).is_err())
    {
        return Err(SampleError::UnknownKelurahan(unknown.trim().to_string()));
    }
    let mut ex = CsvExporter::create(dir)?;
    let mut persons = 0u64;
    let mut cycle = cycle::CycleGen::new(spec.seed, spec.as_of);
    for mut h in generate(spec.clone()) {
        cycle.offer(&mut h);
        persons += h.members.len() as u64;
        ex.push(&h)?;
    }
    let households = ex.finish()?;
    let mut files: Vec<PathBuf> =
        ["households.csv", "persons.csv", "history.csv", "enrolments.csv"].iter().map(|f| dir.join(f)).collect();
    let records = cycle.finish().map_err(SampleError::Cycle)?;
    let path = dir.join(crate::formats::jsonl::CYCLE_FILE);
    let mut w = crate::formats::jsonl::JsonlWriter::create(&path)?;
    for r in &records {
        w.push(r)?;
    }
    w.finish()?;
    files.push(path);
    Ok(SampleSummary { households, persons, files })
}

/// Generates the sample, one household at a time, in No. KK order.
/// Kelurahan codes that are not of the dotted 13-character shape are skipped.
pub fn generate(spec: SampleSpec) -> impl Iterator<Item = Household> {
    let mut kel: Vec<String> = match &spec.kelurahan {
        Some(list) => list.iter().map(|c| c.trim().to_string()).filter(|c| is_kelurahan_code(c)).collect(),
        None => dki_kelurahan(),
    };
    kel.sort();
    kel.dedup();
    Generator::new(spec, kel)
}

// ---------------------------------------------------------------------------
// PRNG: splitmix64, fixed and portable.

#[derive(Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA24B_AED4_963E_E407));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (n > 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as u64
    }
    /// Uniform in lo..=hi.
    pub(crate) fn range(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo { lo } else { lo + self.below(u64::from(hi - lo) + 1) as u32 }
    }
    /// True with probability p per mille.
    fn permille(&mut self, p: u64) -> bool {
        self.below(1000) < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.below(u64::from(total)) as u32;
        for (v, w) in items {
            if x < *w {
                return *v;
            }
            x -= w;
        }
        items[0].0
    }
}

// ---------------------------------------------------------------------------
// Numbers. Private on purpose: the generator must not depend on the domain
// rules it is meant to exercise.

fn digits6(kecamatan: &str) -> String {
    kecamatan.chars().filter(|c| c.is_ascii_digit()).collect()
}

pub(crate) fn encode_nik(kecamatan: &str, birth: NaiveDate, sex: Sex, serial: u32) -> String {
    let day = birth.day() + if sex == Sex::Female { 40 } else { 0 };
    format!("{}{:02}{:02}{:02}{:04}", digits6(kecamatan), day, birth.month(), birth.year() % 100, serial % 10000)
}

pub(crate) fn encode_kk(kecamatan: &str, issued: NaiveDate, serial: u32) -> String {
    format!("{}{}{:04}", digits6(kecamatan), issued.format("%d%m%y"), serial % 10000)
}

// ---------------------------------------------------------------------------

struct Generator {
    spec: SampleSpec,
    /// Kecamatan codes with their kelurahan and how many households each gets.
    kecamatan: Vec<(String, Vec<(String, usize)>)>,
    next_kec: usize,
    /// The current kecamatan's households, as (No. KK, kelurahan), sorted.
    queue: std::vec::IntoIter<(String, String)>,
    ordinal: u64,
    niks: HashSet<u64>,
    previous: Option<Household>,
}

impl Generator {
    fn new(spec: SampleSpec, kel: Vec<String>) -> Generator {
        let n = kel.len().max(1);
        let (base, extra) = (spec.households / n, spec.households % n);
        let mut kecamatan: Vec<(String, Vec<(String, usize)>)> = Vec::new();
        for (i, k) in kel.iter().enumerate() {
            let count = base + usize::from(i < extra);
            let kec = k[..8].to_string();
            match kecamatan.last_mut() {
                Some((c, list)) if *c == kec => list.push((k.clone(), count)),
                _ => kecamatan.push((kec, vec![(k.clone(), count)])),
            }
        }
        Generator {
            spec,
            kecamatan,
            next_kec: 0,
            queue: Vec::new().into_iter(),
            ordinal: 0,
            niks: HashSet::new(),
            previous: None,
        }
    }

    /// Numbers the next kecamatan's households and sorts them.
    fn fill_queue(&mut self) -> bool {
        while self.next_kec < self.kecamatan.len() {
            let (kec, list) = &self.kecamatan[self.next_kec];
            let mut rng = Rng::new(self.spec.seed, 0x4B4B_0000 + self.next_kec as u64);
            self.next_kec += 1;
            let mut seen = HashSet::new();
            let mut out = Vec::new();
            let first = NaiveDate::from_ymd_opt(2005, 1, 1).unwrap_or(self.spec.as_of);
            let span = (self.spec.as_of - first).num_days().max(1) as u64;
            for (kel, count) in list {
                for _ in 0..*count {
                    loop {
                        let issued = first + Days::new(rng.below(span));
                        let kk = encode_kk(kec, issued, rng.range(1, 9999));
                        if seen.insert(kk.clone()) {
                            out.push((kk, kel.clone()));
                            break;
                        }
                    }
                }
            }
            if out.is_empty() {
                continue;
            }
            out.sort();
            self.queue = out.into_iter();
            return true;
        }
        false
    }

    fn nik(&mut self, rng: &mut Rng, kecamatan: &str, birth: NaiveDate, sex: Sex) -> String {
        let mut serial = rng.range(1, 3000);
        loop {
            let nik = encode_nik(kecamatan, birth, sex, serial);
            if self.niks.insert(nik.parse::<u64>().unwrap_or(0)) {
                return nik;
            }
            serial = serial % 9999 + 1;
        }
    }
}

impl Iterator for Generator {
    type Item = Household;

    fn next(&mut self) -> Option<Household> {
        let (kk, kel) = match self.queue.next() {
            Some(x) => x,
            None => {
                if !self.fill_queue() {
                    return None;
                }
                self.queue.next()?
            }
        };
        let mut rng = Rng::new(self.spec.seed, self.ordinal);
        let h = build_household(self, &mut rng, kk, kel);
        self.ordinal += 1;
        self.previous = Some(h.clone());
        Some(h)
    }
}

#[cfg(test)]
mod tests;
