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
    #[error(transparent)]
    Format(#[from] FormatError),
    #[error("the sample's verification cycle could not be built: {0}")]
    Cycle(String),
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
// Word lists.

const MALE_OLD: &[&str] = &[
    "Soekarno",
    "Sukarno",
    "Soeharto",
    "Suharto",
    "Djoko",
    "Joko",
    "Soetrisno",
    "Sutrisno",
    "Oemar",
    "Umar",
    "Joesoef",
    "Yusuf",
    "Tjahjo",
    "Cahyo",
    "Rojali",
    "Mamat",
    "Jaenudin",
    "Sanusi",
    "Mursid",
    "Juhri",
    "Jaelani",
    "Salim",
    "Madun",
    "Usman",
    "Mardani",
    "Sarmili",
    "Bahrudin",
    "Abdul Rahman",
    "Abdurrahman",
    "Slamet",
    "Suparman",
    "Sugiono",
    "Ngadiman",
    "Tarmiji",
    "Kasim",
    "Sukardi",
    "Darsono",
    "Wagiman",
    "Syamsudin",
    "Samsudin",
];
const MALE_YOUNG: &[&str] = &[
    "Muhammad Rizky",
    "Muhamad Rizki",
    "Mohamad Fajar",
    "Mochammad Dimas",
    "Aditya",
    "Bagas",
    "Fajar",
    "Naufal",
    "Rafi",
    "Farhan",
    "Dimas Saputra",
    "Rizky Pratama",
    "Andi",
    "Agus Setiawan",
    "Dedi",
    "Hendra",
    "Iwan",
    "Budi",
    "Budi Santoso",
    "Eko Prasetyo",
    "Yusuf",
    "Ahmad Fauzi",
    "Akhmad Fauzi",
    "Rahmat",
    "Ridwan",
    "Arif",
    "Irfan",
    "Ilham",
    "Fikri",
    "Reza",
    "Galih",
    "Bayu",
    "Aldi",
    "Raka",
    "Alif",
    "Zidan",
];
const FEMALE_OLD: &[&str] = &[
    "Siti Nurhaliza",
    "Siti Nurhalizah",
    "Saidah",
    "Romlah",
    "Nurjanah",
    "Nurjannah",
    "Juleha",
    "Aminah",
    "Fatimah",
    "Khadijah",
    "Hadijah",
    "Rohimah",
    "Maesaroh",
    "Maisaroh",
    "Sri Wahyuni",
    "Soeparmi",
    "Suparmi",
    "Tjitjih",
    "Cicih",
    "Euis",
    "Mursidah",
    "Munah",
    "Mariam",
    "Maryam",
    "Sumiati",
    "Suminah",
    "Ratna",
    "Kasminah",
    "Rukiah",
    "Rukiyah",
    "Zubaedah",
    "Zubaidah",
    "Painem",
    "Sarinah",
];
const FEMALE_YOUNG: &[&str] = &[
    "Siti Aisyah",
    "Aisyah",
    "Alya",
    "Nabila",
    "Zahra",
    "Keisha",
    "Putri",
    "Ayu Lestari",
    "Dewi",
    "Rina",
    "Nur'aini",
    "Nuraini",
    "Wulandari",
    "Dwi Astuti",
    "Tri Handayani",
    "Yuyun",
    "Lestari",
    "Intan",
    "Mega",
    "Novi",
    "Fitri",
    "Fitriani",
    "Indah",
    "Anisa",
    "Annisa",
    "Salsabila",
    "Nadia",
    "Citra",
    "Ratih",
    "Yanti",
];
const SURNAMES: &[&str] = &[
    "",
    "",
    "",
    "",
    "",
    "Saputra",
    "Hidayat",
    "Setiawan",
    "Kurniawan",
    "Wijaya",
    "Siregar",
    "Nasution",
    "Lubis",
    "Harahap",
    "Sitompul",
    "Simanjuntak",
    "Pratama",
    "Ramadhan",
    "Hasibuan",
    "Sinaga",
    "Santoso",
    "Susanti",
];
const STREETS: &[&str] = &[
    "Kebon Kacang",
    "Kampung Melayu Kecil",
    "Haji Naim",
    "Mawar",
    "Melati",
    "Swadaya",
    "Masjid",
    "Kenari",
    "Kramat",
    "Bambu",
    "Kelapa",
    "Pinang",
    "Delima",
    "Anggrek",
    "Cempaka",
    "Pedati",
    "Pisangan",
    "Rawa Bunga",
    "Bhakti",
    "Langgar",
    "Musholla",
    "Manggis",
    "Duku",
    "Rambutan",
    "Kecapi",
    "Salak",
    "Haji Ung",
    "Pejuang",
    "Kali Pasir",
    "Kebon Jeruk",
    "Kemuning",
    "Haji Saibun",
    "Rawa Badak",
    "Tanah Tinggi",
    "Kampung Bali",
    "Sawo",
    "Nangka",
];
const ROMAN: &[&str] = &["", "", "", " I", " II", " III", " IV", " V", " VII", " X"];
const BIRTHPLACES_DKI: &[&str] = &["Jakarta", "Jakarta", "Jakarta", "Jakarta", "Jakarta", "Jakarta", "Jakarta"];
const BIRTHPLACES_MIGRANT: &[&str] =
    &["Bogor", "Tegal", "Brebes", "Padang", "Medan", "Cirebon", "Kuningan", "Garut", "Solo", "Pekalongan", "Indramayu"];
/// Kecamatan outside DKI for NIKs issued elsewhere, with a town to match.
const OUTSIDE: &[(&str, &str)] = &[
    ("32.01.01", "Bogor"),
    ("33.28.01", "Tegal"),
    ("33.29.01", "Brebes"),
    ("13.71.01", "Padang"),
    ("12.71.01", "Medan"),
    ("35.78.01", "Surabaya"),
    ("32.75.01", "Bekasi"),
    ("36.03.01", "Tangerang"),
];
/// Penetapan periods and the day each took effect.
const PERIODS: &[(&str, (i32, u32, u32))] =
    &[("2022-02", (2022, 2, 1)), ("2022-11", (2022, 11, 1)), ("2023-12", (2023, 12, 1)), ("2024-01", (2024, 1, 1))];

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

/// A birth date giving exactly `age` whole years on `as_of`.
fn birth_for_age(rng: &mut Rng, as_of: NaiveDate, age: u32) -> NaiveDate {
    let hi = as_of.checked_sub_months(Months::new(12 * age)).unwrap_or(as_of);
    let lo = as_of.checked_sub_months(Months::new(12 * (age + 1))).unwrap_or(as_of) + Days::new(1);
    let span = (hi - lo).num_days().max(0) as u64;
    lo + Days::new(rng.below(span + 1))
}

fn given_name(rng: &mut Rng, sex: Sex, birth: NaiveDate) -> String {
    let old = birth.year() < 1975;
    let list = match (sex, old) {
        (Sex::Male, true) => MALE_OLD,
        (Sex::Male, false) => MALE_YOUNG,
        (Sex::Female, true) => FEMALE_OLD,
        (Sex::Female, false) => FEMALE_YOUNG,
    };
    let first = *rng.pick(list);
    let last = *rng.pick(SURNAMES);
    if last.is_empty() || first.contains(' ') { first.to_string() } else { format!("{first} {last}") }
}

struct Draft {
    name: String,
    birth: NaiveDate,
    sex: Sex,
    relationship: Relationship,
    marital: MaritalStatus,
    mother: String,
}

fn adult_occupation(rng: &mut Rng, sex: Sex, age: u32) -> Occupation {
    use Occupation::*;
    if age >= 65 {
        return rng.weighted(&[(None, 80), (Trader, 10), (RetiredOfficial, 5), (Labourer, 5)]);
    }
    if sex == Sex::Female && rng.permille(450) {
        return Homemaker;
    }
    rng.weighted(&[
        (Labourer, 250),
        (Trader, 180),
        (SelfEmployed, 110),
        (Driver, 110),
        (PrivateEmployee, 100),
        (None, 90),
        (Other, 50),
        (CivilServant, 15),
        (Military, 5),
        (Police, 5),
        (RetiredOfficial, 10),
        (CertifiedTeacher, 10),
        (HealthWorker, 10),
        (VillageOfficial, 5),
        (CompanyOfficer, 10),
    ])
}

fn build_household(g: &mut Generator, rng: &mut Rng, no_kk: String, kelurahan: String) -> Household {
    let as_of = g.spec.as_of;
    let ordinal = g.ordinal;
    let kec = kelurahan[..8].to_string();
    let covid_widow = ordinal % 150 == 75;

    // Composition.
    let mut size = rng.weighted(&[(1u32, 6), (2, 12), (3, 20), (4, 24), (5, 20), (6, 12), (7, 6)]);
    if covid_widow {
        size = size.max(3);
    }
    let head_sex = if covid_widow || rng.permille(180) { Sex::Female } else { Sex::Male };
    let head_age = if size == 1 && rng.permille(500) { rng.range(60, 88) } else { rng.range(24, 80) };
    let head_age = if covid_widow { head_age.min(rng.range(28, 45)) } else { head_age };
    let head_birth = birth_for_age(rng, as_of, head_age);
    let mut drafts = Vec::new();
    let has_spouse = !covid_widow && head_sex == Sex::Male && size >= 2 && rng.permille(880);
    let head_marital = if has_spouse {
        MaritalStatus::Married
    } else if covid_widow || head_age >= 55 || head_sex == Sex::Female {
        rng.weighted(&[(MaritalStatus::Widowed, 7), (MaritalStatus::Divorced, 3)])
    } else {
        rng.weighted(&[(MaritalStatus::Single, 6), (MaritalStatus::Divorced, 3), (MaritalStatus::Widowed, 1)])
    };
    let head_mother = given_name(rng, Sex::Female, head_birth - Days::new(9000));
    drafts.push(Draft {
        name: given_name(rng, head_sex, head_birth),
        birth: head_birth,
        sex: head_sex,
        relationship: Relationship::Head,
        marital: head_marital,
        mother: head_mother,
    });
    let mut mother_of_children = if head_sex == Sex::Female { Some((drafts[0].name.clone(), head_age)) } else { None };
    if has_spouse {
        let age = (head_age as i64 + rng.range(0, 11) as i64 - 8).max(18) as u32;
        let birth = birth_for_age(rng, as_of, age);
        let name = given_name(rng, Sex::Female, birth);
        mother_of_children = Some((name.clone(), age));
        drafts.push(Draft {
            name,
            birth,
            sex: Sex::Female,
            relationship: Relationship::Spouse,
            marital: MaritalStatus::Married,
            mother: given_name(rng, Sex::Female, birth - Days::new(9000)),
        });
    }
    if size as usize > drafts.len() && size >= 3 && head_age <= 60 && rng.permille(150) {
        let age = (head_age + rng.range(22, 32)).min(95);
        let birth = birth_for_age(rng, as_of, age);
        let in_law = has_spouse && rng.permille(500);
        let sex = if rng.permille(650) { Sex::Female } else { Sex::Male };
        drafts.push(Draft {
            name: given_name(rng, sex, birth),
            birth,
            sex,
            relationship: if in_law { Relationship::ParentInLaw } else { Relationship::Parent },
            marital: MaritalStatus::Widowed,
            mother: given_name(rng, Sex::Female, birth - Days::new(9000)),
        });
    }
    let (mother_name, mother_age) = mother_of_children.unwrap_or_else(|| ("".into(), head_age));
    let max_child = mother_age.saturating_sub(17).min(32);
    let mut child_ages: Vec<u32> = (drafts.len()..size as usize)
        .map(|i| {
            if i == drafts.len() && max_child >= 3 && rng.permille(550) {
                rng.range(0, 6.min(max_child))
            } else {
                rng.range(0, max_child)
            }
        })
        .collect();
    if covid_widow && !child_ages.iter().any(|a| *a < 18) {
        child_ages[0] = rng.range(0, 17.min(max_child));
    }
    child_ages.sort_unstable_by(|a, b| b.cmp(a));
    for age in child_ages {
        let birth = birth_for_age(rng, as_of, age);
        let sex = if rng.permille(500) { Sex::Male } else { Sex::Female };
        let grandchild = head_age >= 62 && rng.permille(300);
        drafts.push(Draft {
            name: given_name(rng, sex, birth),
            birth,
            sex,
            relationship: if grandchild { Relationship::Grandchild } else { Relationship::Child },
            marital: MaritalStatus::Single,
            mother: if grandchild || mother_name.is_empty() {
                given_name(rng, Sex::Female, birth - Days::new(9000))
            } else {
                mother_name.clone()
            },
        });
    }

    // Household status history.
    let periods: Vec<(&str, NaiveDate)> = PERIODS
        .iter()
        .filter_map(|(p, (y, m, d))| NaiveDate::from_ymd_opt(*y, *m, *d).map(|date| (*p, date)))
        .filter(|(_, d)| *d <= as_of)
        .collect();
    let roll = rng.below(100);
    let mut history = Vec::new();
    let mut active_since = None;
    if periods.is_empty() || roll >= 90 {
        let since = as_of - Days::new(rng.below(120));
        history.push(StatusEntry {
            status: DtksStatus::Proposed,
            since,
            period: None,
            source: rng.weighted(&[(Source::SelfProposal, 5), (Source::Regional, 5)]),
            note: String::new(),
        });
    } else {
        let (period, date) = *rng.pick(&periods);
        if rng.permille(300) {
            history.push(StatusEntry {
                status: DtksStatus::Proposed,
                since: date - Days::new(rng.range(30, 90) as u64),
                period: None,
                source: rng.weighted(&[(Source::SelfProposal, 3), (Source::Regional, 7)]),
                note: "usulan muskel".into(),
            });
        }
        history.push(StatusEntry {
            status: DtksStatus::Active,
            since: date,
            period: Some(period.to_string()),
            source: Source::Ministry,
            note: String::new(),
        });
        active_since = Some((period, date));
        if roll >= 80 {
            let span = (as_of - date).num_days().max(1) as u64;
            let note = *rng.pick(&["pindah domisili", "meninggal dunia", "dianggap mampu", "tidak padan Dukcapil"]);
            history.push(StatusEntry {
                status: DtksStatus::Inactive,
                since: date + Days::new(1 + rng.below(span)),
                period: None,
                source: Source::Regional,
                note: note.into(),
            });
        }
    }
    let hh_status = history.last().map_or(DtksStatus::Proposed, |e| e.status);
    let hh_since = history.last().map_or(as_of, |e| e.since);

    // People.
    let born_elsewhere_household = rng.permille(50);
    let mut members = Vec::new();
    for (i, d) in drafts.into_iter().enumerate() {
        let age = age_on(d.birth, as_of);
        let outside = (born_elsewhere_household && i < 2).then(|| *rng.pick(OUTSIDE));
        let birthplace = match outside {
            Some((_, town)) => town.to_string(),
            None if age >= 18 && rng.permille(350) => rng.pick(BIRTHPLACES_MIGRANT).to_string(),
            None => rng.pick(BIRTHPLACES_DKI).to_string(),
        };
        let nik_kec = outside.map_or(kec.clone(), |(code, _)| code.to_string());
        // A deliberate disagreement between NIK and record, about 1 %.
        let (nik_birth, nik_sex) = if rng.permille(10) {
            if rng.permille(500) {
                (d.birth + Days::new(rng.range(1, 27) as u64), d.sex)
            } else {
                (d.birth, if d.sex == Sex::Male { Sex::Female } else { Sex::Male })
            }
        } else {
            (d.birth, d.sex)
        };
        let nik = g.nik(rng, &nik_kec, nik_birth, nik_sex);
        let occupation = match age {
            0..=4 => Occupation::None,
            5..=17 => Occupation::Student,
            18..=22 if rng.permille(500) => Occupation::Student,
            _ => adult_occupation(rng, d.sex, age),
        };
        let disability = rng.permille(30).then(|| *rng.pick(Disability::ALL));
        let parent_died_covid = covid_widow && d.relationship == Relationship::Child && age < 18;
        let mut p = Person {
            nik,
            name: d.name,
            birthplace,
            birth_date: d.birth,
            sex: d.sex,
            mother_name: d.mother,
            relationship: d.relationship,
            marital: d.marital,
            occupation,
            disability,
            parent_died_covid,
            not_eligible: Vec::new(),
            history: Vec::new(),
            enrolments: Vec::new(),
        };
        if hh_status == DtksStatus::Inactive {
            let note = history.last().map_or("", |e| e.note.as_str());
            if note == "meninggal dunia" && i == 0 {
                p.not_eligible.push(NotEligibleReason::Deceased);
            } else if note == "dianggap mampu" && i == 0 {
                p.not_eligible.push(NotEligibleReason::WellOff);
            }
        }
        person_history(rng, &mut p, &history, as_of);
        if hh_status == DtksStatus::Active && p.status() == DtksStatus::Active {
            let since = active_since.map_or(hh_since, |(_, d)| d);
            enrol(rng, &mut p, since, as_of, outside.is_some());
        }
        members.push(p);
    }
    if let Some((_, since)) = active_since.filter(|_| hh_status == DtksStatus::Active) {
        household_programmes(rng, &mut members, since, as_of);
    }

    // Deliberate duplicates, one household in 500 each.
    if let Some(prev) = g.previous.as_ref().filter(|p| p.no_kk != no_kk) {
        if ordinal % 500 == 250 {
            let src = prev.members.iter().find(|p| p.relationship != Relationship::Head).or(prev.members.first());
            if let Some(src) = src {
                let mut dup = src.clone();
                dup.relationship = Relationship::Relative;
                members.push(dup);
            }
        } else if ordinal % 500 == 400 {
            let src = prev.members.iter().find(|p| p.relationship != Relationship::Head).or(prev.members.first());
            if let Some(src) = src {
                let mut dup = src.clone();
                dup.relationship = Relationship::Relative;
                dup.enrolments.clear();
                dup.nik = g.nik(rng, &kec, src.birth_date, src.sex);
                members.push(dup);
            }
        }
    }

    let street = format!(
        "{} {}{}{}",
        rng.weighted(&[("Jl.", 6), ("Gg.", 3), ("Jl. H.", 1)]),
        rng.pick(STREETS),
        rng.pick(ROMAN),
        if rng.permille(700) { format!(" No. {}", rng.range(1, 120)) } else { String::new() }
    );
    let info = household_info(rng);
    Household {
        no_kk,
        address: Address { kelurahan, rw: rng.range(1, 15) as u16, rt: rng.range(1, 12) as u16, street },
        info,
        members,
        history,
    }
}

fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0) as u32
}

/// A member's own history follows the household's; a child born after the
/// household's last change is still only proposed.
fn person_history(rng: &mut Rng, p: &mut Person, hh: &[StatusEntry], as_of: NaiveDate) {
    for e in hh {
        if e.since >= p.birth_date {
            p.history.push(e.clone());
        }
    }
    if p.history.is_empty() {
        let since = (p.birth_date + Days::new(rng.range(14, 60) as u64)).min(as_of);
        p.history.push(StatusEntry {
            status: DtksStatus::Proposed,
            since,
            period: None,
            source: Source::Regional,
            note: "kelahiran".into(),
        });
    }
}

/// PKD cards (one per person) and JKN-PBI for an active person.
fn enrol(rng: &mut Rng, p: &mut Person, active: NaiveDate, as_of: NaiveDate, ktp_outside: bool) {
    let age = age_on(p.birth_date, as_of);
    let start = |from: NaiveDate| from.max(active).max(p.birth_date).min(as_of);
    if rng.permille(870) {
        p.enrolments.push(Enrolment {
            programme: Programme::JknPbi,
            status: EnrolmentStatus::Active,
            since: start(active),
            until: None,
        });
    }
    if ktp_outside {
        return;
    }
    let birthday = |years: u32| p.birth_date.checked_add_months(Months::new(12 * years)).unwrap_or(p.birth_date);
    let card = if p.parent_died_covid && age < 18 {
        Some((Programme::Kparj, start(active)))
    } else if p.disability.is_some() {
        Some((Programme::Kpdj, start(active)))
    } else if age >= 60 {
        Some((Programme::Klj, start(birthday(60))))
    } else if age <= 6 {
        Some((Programme::Kaj, start(p.birth_date)))
    } else {
        None
    };
    if let Some((programme, since)) = card {
        let (status, until) = match rng.below(100) {
            0..=84 => (EnrolmentStatus::Active, None),
            85..=89 => (EnrolmentStatus::Proposed, None),
            90..=94 => (EnrolmentStatus::Suspended, None),
            _ => {
                let span = (as_of - since).num_days().max(1) as u64;
                (EnrolmentStatus::Stopped, Some(since + Days::new(rng.below(span))))
            }
        };
        p.enrolments.push(Enrolment { programme, status, since, until });
    } else if (7..=8).contains(&age) && rng.permille(600) && birthday(7) > active {
        // Aged out of KAJ on the 7th birthday.
        p.enrolments.push(Enrolment {
            programme: Programme::Kaj,
            status: EnrolmentStatus::Stopped,
            since: start(p.birth_date),
            until: Some(birthday(7)),
        });
    }
}

/// PKH and BPNT go to the head of an active household.
fn household_programmes(rng: &mut Rng, members: &mut [Person], since: NaiveDate, as_of: NaiveDate) {
    let has_dependants = members.iter().any(|p| {
        let a = age_on(p.birth_date, as_of);
        a <= 6 || a >= 60 || p.disability.is_some()
    });
    let Some(head) = members.iter_mut().find(|p| p.relationship == Relationship::Head) else {
        return;
    };
    if head.status() != DtksStatus::Active {
        return;
    }
    if has_dependants && rng.permille(400) {
        head.enrolments.push(Enrolment {
            programme: Programme::Pkh,
            status: EnrolmentStatus::Active,
            since,
            until: None,
        });
    }
    if rng.permille(500) {
        let status = if rng.permille(100) { EnrolmentStatus::Suspended } else { EnrolmentStatus::Active };
        head.enrolments.push(Enrolment { programme: Programme::Bpnt, status, since, until: None });
    }
}

fn household_info(rng: &mut Rng) -> HouseholdInfo {
    let mut assets = Vec::new();
    for (a, pm) in [
        (Asset::Motorcycle, 550),
        (Asset::Car, 30),
        (Asset::Refrigerator, 450),
        (Asset::AirConditioner, 80),
        (Asset::Television, 800),
        (Asset::Gold, 50),
        (Asset::Computer, 80),
        (Asset::Smartphone, 850),
        (Asset::Land, 20),
    ] {
        if rng.permille(pm) {
            assets.push(a);
        }
    }
    HouseholdInfo {
        floor: rng.weighted(&[
            (Floor::Ceramic, 35),
            (Floor::Cement, 30),
            (Floor::Tile, 15),
            (Floor::Wood, 10),
            (Floor::Earth, 3),
            (Floor::Bamboo, 2),
            (Floor::Other, 5),
        ]),
        wall: rng.weighted(&[
            (Wall::Masonry, 75),
            (Wall::Wood, 10),
            (Wall::Zinc, 5),
            (Wall::PlasteredBamboo, 5),
            (Wall::WovenBamboo, 3),
            (Wall::Other, 2),
        ]),
        roof: rng.weighted(&[(Roof::ClayTile, 40), (Roof::Zinc, 30), (Roof::Asbestos, 25), (Roof::Concrete, 5)]),
        lighting: rng.weighted(&[(Lighting::PlnMetered, 75), (Lighting::PlnShared, 22), (Lighting::NonPln, 3)]),
        water: rng.weighted(&[
            (DrinkingWater::Bottled, 60),
            (DrinkingWater::Piped, 20),
            (DrinkingWater::Borehole, 15),
            (DrinkingWater::ProtectedWell, 5),
        ]),
        sanitation: rng.weighted(&[
            (Sanitation::Own, 60),
            (Sanitation::Shared, 25),
            (Sanitation::Public, 13),
            (Sanitation::None, 2),
        ]),
        cooking_fuel: rng.weighted(&[
            (CookingFuel::Lpg, 92),
            (CookingFuel::Kerosene, 3),
            (CookingFuel::Electricity, 2),
            (CookingFuel::NoCooking, 3),
        ]),
        assets,
        decile: rng.weighted(&[
            (Some(1u8), 35),
            (Some(2), 30),
            (Some(3), 18),
            (Some(4), 10),
            (Some(5), 2),
            (Some(6), 1),
            (Some(7), 1),
            (Some(8), 1),
            (None, 2),
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(n: usize, seed: u64) -> SampleSpec {
        SampleSpec { households: n, seed, kelurahan: None, as_of: NaiveDate::from_ymd_opt(2024, 12, 13).unwrap() }
    }

    /// Independent decoder: (kecamatan, birth date, sex, serial).
    fn decode(nik: &str) -> Option<(String, NaiveDate, Sex)> {
        if nik.len() != 16 || !nik.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n = |r: std::ops::Range<usize>| nik[r].parse::<u32>().ok();
        let kec = format!("{}.{}.{}", &nik[..2], &nik[2..4], &nik[4..6]);
        let (mut day, month, yy) = (n(6..8)?, n(8..10)?, n(10..12)? as i32);
        let sex = if day > 40 {
            day -= 40;
            Sex::Female
        } else {
            Sex::Male
        };
        let year = if yy > 24 { 1900 + yy } else { 2000 + yy };
        Some((kec, NaiveDate::from_ymd_opt(year, month, day)?, sex))
    }

    #[test]
    fn rng_is_fixed() {
        // splitmix64 reference values must not drift between builds.
        let mut r = Rng(0);
        assert_eq!(r.next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next(), 0x6E78_9E6A_A1B9_65F4);
        let mut r = Rng::new(1, 2);
        assert!((0..1000).all(|_| r.range(3, 5) >= 3 && r.range(3, 5) <= 5));
    }

    #[test]
    fn encoders() {
        let d = NaiveDate::from_ymd_opt(1990, 1, 5).unwrap();
        assert_eq!(encode_nik("31.71.01", d, Sex::Female, 1), "3171014501900001");
        assert_eq!(encode_nik("31.71.01", d, Sex::Male, 12), "3171010501900012");
        assert_eq!(encode_kk("31.71.01", d, 7), "3171010501900007");
        assert_eq!(decode("3171014501900001"), Some(("31.71.01".into(), d, Sex::Female)));
    }

    #[test]
    fn birth_for_age_is_exact_at_the_edges() {
        let as_of = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        let mut r = Rng::new(9, 9);
        for age in [0, 6, 7, 59, 60, 90] {
            for _ in 0..200 {
                assert_eq!(age_on(birth_for_age(&mut r, as_of, age), as_of), age);
            }
        }
    }

    #[test]
    fn deterministic_per_seed() {
        let a: Vec<Household> = generate(spec(300, 7)).collect();
        let b: Vec<Household> = generate(spec(300, 7)).collect();
        let c: Vec<Household> = generate(spec(300, 8)).collect();
        assert_eq!(a.len(), 300);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn sorted_by_kk_over_the_given_kelurahan() {
        let mut s = spec(500, 3);
        s.kelurahan = Some(vec!["31.74.04.1001".into(), "31.71.01.1001".into(), "31.71.01.1002".into(), "bad".into()]);
        let hs: Vec<Household> = generate(s).collect();
        assert_eq!(hs.len(), 500);
        assert!(hs.windows(2).all(|w| w[0].no_kk < w[1].no_kk));
        let on = |k: &str| hs.iter().filter(|h| h.address.kelurahan == k).count();
        // 500 over three kelurahan: 167, 167, 166.
        assert_eq!(on("31.71.01.1001") + on("31.71.01.1002") + on("31.74.04.1001"), 500);
        assert!((166..=167).contains(&on("31.74.04.1001")));
        for h in &hs {
            assert!(h.no_kk.starts_with(&digits6(h.address.kecamatan())));
            assert!((1..=15).contains(&h.address.rw) && (1..=12).contains(&h.address.rt));
        }
    }

    #[test]
    fn population_covers_every_programme_and_defect() {
        let s = spec(1500, 42);
        let as_of = s.as_of;
        let hs: Vec<Household> = generate(s).collect();
        let persons: Vec<(&Household, &Person)> =
            hs.iter().flat_map(|h| h.members.iter().map(move |p| (h, p))).collect();
        let n = persons.len();
        assert!((5400..6600).contains(&n), "{n} persons");
        let elders = persons.iter().filter(|(_, p)| age_on(p.birth_date, as_of) >= 60).count();
        let kids = persons.iter().filter(|(_, p)| age_on(p.birth_date, as_of) <= 6).count();
        let disabled = persons.iter().filter(|(_, p)| p.disability.is_some()).count();
        let orphans = persons.iter().filter(|(_, p)| p.parent_died_covid && age_on(p.birth_date, as_of) < 18).count();
        assert!(elders > 300 && kids > 300, "elders {elders}, kids {kids}");
        assert!(disabled * 1000 / n >= 15 && disabled * 1000 / n <= 45, "disabled {disabled}");
        assert!(orphans >= 5, "orphans {orphans}");
        for p in Programme::ALL {
            let active = persons
                .iter()
                .filter(|(_, x)| x.enrolment(*p).is_some_and(|e| e.status == EnrolmentStatus::Active))
                .count();
            assert!(active > 0, "no active {p}");
        }
        let excluded = persons.iter().filter(|(_, p)| p.occupation.is_state_apparatus()).count();
        assert!(excluded > 0);

        for h in &hs {
            assert_eq!(h.members.iter().filter(|p| p.relationship == Relationship::Head).count(), 1, "{}", h.no_kk);
        }

        // NIKs agree with the records except the deliberate ~1 %.
        let mut mismatched = 0;
        for (h, p) in &persons {
            let (kec, birth, sex) = decode(&p.nik).expect("NIK decodes");
            if birth != p.birth_date || sex != p.sex {
                mismatched += 1;
            }
            let local = kec == h.address.kecamatan();
            let outside = OUTSIDE.iter().any(|(c, town)| *c == kec && p.birthplace == *town);
            let dup = p.relationship == Relationship::Relative;
            assert!(local || outside || dup, "{} in {}", p.nik, h.address.kelurahan);
        }
        assert!((20..=120).contains(&mismatched), "{mismatched} mismatches of {n}");

        // Duplicates: the same NIK in two KKs, and same name/birth/mother with another NIK.
        let mut by_nik = std::collections::HashMap::new();
        let mut by_identity = std::collections::HashMap::new();
        for (h, p) in &persons {
            by_nik.entry(p.nik.clone()).or_insert_with(Vec::new).push(h.no_kk.clone());
            by_identity
                .entry((p.name.clone(), p.birth_date, p.mother_name.clone()))
                .or_insert_with(Vec::new)
                .push((h.no_kk.clone(), p.nik.clone()));
        }
        let nik_dups = by_nik.values().filter(|v| v.len() > 1 && v[0] != v[1]).count();
        let probable = by_identity.values().filter(|v| v.len() > 1 && v[0].0 != v[1].0 && v[0].1 != v[1].1).count();
        assert_eq!(nik_dups, 3, "one per 500 households");
        assert!(probable >= 3, "{probable}");
    }

    #[test]
    fn write_sample_writes_the_register_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = spec(20, 1);
        s.kelurahan = Some(vec!["31.71.01.1001".into()]);
        let sum = write_sample(&s, dir.path()).unwrap();
        assert_eq!(sum.households, 20);
        let persons: usize = generate(s.clone()).map(|h| h.members.len()).sum();
        assert_eq!(sum.persons, persons as u64);
        for f in &sum.files {
            assert!(f.exists(), "{}", f.display());
        }
        assert!(!dir.path().join("wilayah.csv").exists());
        let text = std::fs::read_to_string(dir.path().join("households.csv")).unwrap();
        assert_eq!(text.lines().count(), 21);
        s.kelurahan = Some(vec!["31.71.01".into()]);
        assert!(matches!(write_sample(&s, dir.path()), Err(SampleError::BadKelurahan(_))));
    }
}
