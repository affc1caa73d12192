//! What the household search and filter admit: the criteria of a list, a
//! query that is a number, a query matched against one household, and how
//! closely a person's name answers a name lookup.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use super::eligibility::age_on;
use super::{DtksStatus, EnrolmentStatus, Household, Programme, Sex, names};

/// What the list shows. `Default` shows everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Name, street or kelurahan name (word prefixes, spelling variants
    /// folded), or at least three digits of a NIK or No. KK.
    pub query: String,
    /// Dotted region prefix: kab/kota, kecamatan or kelurahan.
    pub region: Option<String>,
    pub rw: Option<u16>,
    pub rt: Option<u16>,
    /// Some member is enrolled in this programme (with `enrolment` as status
    /// when that is set, any status otherwise).
    pub programme: Option<Programme>,
    /// Some member has an enrolment with this status (in `programme` when
    /// that is set, any programme otherwise).
    pub enrolment: Option<EnrolmentStatus>,
    /// DTKS status of the household.
    pub status: Option<DtksStatus>,
    /// Some member has this sex.
    pub sex: Option<Sex>,
    /// Some member's age lies in this band.
    pub age: Option<AgeBand>,
    /// Whose list it is: the service sets it on every call from the acting
    /// user, and admits only the households within their reach.
    pub reach: Option<super::access::Access>,
}

/// Age bands of the counts, by code: first and last age (none for the last).
pub const AGE_BANDS: [(&str, u32, Option<u32>); 4] =
    [("0-6", 0, Some(6)), ("7-17", 7, Some(17)), ("18-59", 18, Some(59)), ("60+", 60, None)];

/// The code of the age band an age falls in.
pub fn age_band_code(age: u32) -> &'static str {
    AGE_BANDS.iter().rev().find(|(_, from, _)| age >= *from).map_or(AGE_BANDS[0].0, |b| b.0)
}

/// An age band counted on one day: the day travels with it, so a list and
/// its count never age people on different dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgeBand {
    /// One of [`AGE_BANDS`]' codes.
    pub code: String,
    pub on: NaiveDate,
}

impl AgeBand {
    /// The band of `code` on `on`; None for a code not in [`AGE_BANDS`].
    pub fn new(code: &str, on: NaiveDate) -> Option<AgeBand> {
        AGE_BANDS.iter().any(|b| b.0 == code).then(|| AgeBand { code: code.to_string(), on })
    }

    pub fn admits(&self, birth: NaiveDate) -> bool {
        age_band_code(age_on(birth, self.on)) == self.code
    }
}

impl Filter {
    /// True when the household passes every criterion but the query.
    pub fn admits(&self, h: &Household) -> bool {
        let a = &h.address;
        if let Some(r) = self.region.as_deref()
            && !in_region(&a.kelurahan, r)
        {
            return false;
        }
        if self.rw.is_some_and(|rw| a.rw != rw) || self.rt.is_some_and(|rt| a.rt != rt) {
            return false;
        }
        if self.status.is_some_and(|s| h.status() != s) {
            return false;
        }
        if self.sex.is_some_and(|s| !h.members.iter().any(|p| p.sex == s)) {
            return false;
        }
        if let Some(band) = &self.age
            && !h.members.iter().any(|p| band.admits(p.birth_date))
        {
            return false;
        }
        if self.programme.is_some() || self.enrolment.is_some() {
            return h.members.iter().flat_map(|p| &p.enrolments).any(|e| {
                self.programme.is_none_or(|p| e.programme == p) && self.enrolment.is_none_or(|s| e.status == s)
            });
        }
        true
    }
}

/// Whether kelurahan `code` lies in the dotted region `prefix` (whole parts
/// only: "31.71.0" is not a prefix of "31.71.06.1003"); an empty prefix is
/// everywhere.
pub fn in_region(code: &str, prefix: &str) -> bool {
    prefix.is_empty() || code == prefix || code.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('.'))
}

/// A query of digits only (spaces ignored), long enough to be a number.
pub fn number_query(q: &str) -> Option<String> {
    let d: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    (d.len() >= 3 && d.bytes().all(|b| b.is_ascii_digit())).then_some(d)
}

/// A household matches a query when a member's folded name has the query's
/// words as prefixes, its folded street contains the query, or a NIK/No. KK
/// starts with its digits. An empty query matches everything.
pub fn matches_query(h: &Household, q: &str) -> bool {
    let q = q.trim();
    if q.is_empty() {
        return true;
    }
    if q.bytes().all(|b| b.is_ascii_digit()) {
        return h.no_kk.starts_with(q) || h.members.iter().any(|p| p.nik.starts_with(q));
    }
    let folded = names::fold_query(q);
    h.members.iter().any(|p| names::matches(&folded, &names::fold(&p.name)))
        || names::fold(&h.address.street).contains(&folded)
}

/// How closely a person's name answers a name lookup, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameRank {
    /// The whole name as typed (case, accents kept apart, punctuation aside):
    /// `Yusuf` for the query "yusuf".
    Exact,
    /// Every typed word starts a word of the name, in order: `Yusuf Hidayat`.
    WordPrefix,
    /// Found only once spellings are folded: `Joesoef` for "Yusuf".
    Variant,
}

/// Ranks `name` against the query as typed. Names reach here only when the
/// folded search found them, so what is neither exact nor a word prefix as
/// written is a spelling variant.
pub fn rank_name(query: &str, name: &str) -> NameRank {
    let (q, n) = (plain(query), plain(name));
    if q == n {
        NameRank::Exact
    } else if !q.is_empty() && names::matches(&q, &n) {
        NameRank::WordPrefix
    } else {
        NameRank::Variant
    }
}

/// Lower case, every run of non-alphanumerics one space: the name as
/// written, without the spelling folds of [`names::fold`].
fn plain(s: &str) -> String {
    let lower = s.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.join(" ")
}

/// A birth date asked for: a year, a month or a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Born {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
}

impl Born {
    pub fn admits(&self, d: NaiveDate) -> bool {
        match *self {
            Born::Year(y) => d.year() == y,
            Born::Month(y, m) => d.year() == y && d.month() == m,
            Born::Day(day) => d == day,
        }
    }
}

/// Refused text for a [`Born`]: not YYYY, YYYY-MM or YYYY-MM-DD.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not YYYY, YYYY-MM or YYYY-MM-DD")]
pub struct BadBorn(pub String);

impl FromStr for Born {
    type Err = BadBorn;
    fn from_str(s: &str) -> Result<Self, BadBorn> {
        let t = s.trim();
        let bad = || BadBorn(s.to_string());
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        let parts: Vec<&str> = t.split('-').collect();
        match parts.as_slice() {
            [y] if digits(y, 4) => y.parse().map(Born::Year).map_err(|_| bad()),
            [y, m] if digits(y, 4) && digits(m, 2) => {
                let (y, m) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
                if (1..=12).contains(&m) { Ok(Born::Month(y, m)) } else { Err(bad()) }
            }
            [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
                NaiveDate::parse_from_str(t, "%Y-%m-%d").map(Born::Day).map_err(|_| bad())
            }
            _ => Err(bad()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Relationship, Sex};
    use crate::testkit::{self, date, enrolment, status_entry};

    fn household() -> Household {
        let mut head =
            testkit::person("3171064501800001", "Siti Rahayu", Relationship::Head, Sex::Female, date(1980, 1, 5));
        head.enrolments = vec![enrolment(Programme::Pkh, EnrolmentStatus::Active, date(2023, 1, 1))];
        let child =
            testkit::person("3171061002100002", "Joko Susilo", Relationship::Child, Sex::Male, date(2010, 2, 10));
        let mut h = testkit::household("3171061203180007", "31.71.06.1003", vec![head, child]);
        h.address.rw = 4;
        h.address.rt = 2;
        h.address.street = "Jl. Melati No. 3".into();
        h.history = vec![status_entry(DtksStatus::Active, date(2022, 2, 1))];
        h
    }

    #[test]
    fn region_prefix_takes_whole_parts() {
        assert!(in_region("31.71.06.1003", "31.71.06"));
        assert!(in_region("31.71.06.1003", "31.71.06.1003"));
        assert!(in_region("31.71.06.1003", ""));
        assert!(!in_region("31.71.06.1003", "31.71.0"));
        assert!(!in_region("31.71.06.1003", "31.71.07"));
    }

    #[test]
    fn filter_criteria() {
        let h = household();
        assert!(Filter::default().admits(&h));
        let f = |g: fn(&mut Filter)| {
            let mut f = Filter::default();
            g(&mut f);
            f.admits(&h)
        };
        assert!(f(|f| f.region = Some("31.71".into())));
        assert!(!f(|f| f.region = Some("31.72".into())));
        assert!(f(|f| f.rw = Some(4)));
        assert!(!f(|f| f.rw = Some(5)));
        assert!(!f(|f| f.rt = Some(3)));
        assert!(f(|f| f.status = Some(DtksStatus::Active)));
        assert!(!f(|f| f.status = Some(DtksStatus::Proposed)));
        assert!(f(|f| f.programme = Some(Programme::Pkh)));
        assert!(!f(|f| f.programme = Some(Programme::Bpnt)));
        assert!(!f(|f| {
            f.programme = Some(Programme::Pkh);
            f.enrolment = Some(EnrolmentStatus::Stopped);
        }));
        assert!(f(|f| f.enrolment = Some(EnrolmentStatus::Active)));
    }

    #[test]
    fn number_queries() {
        assert_eq!(number_query("317 106"), Some("317106".into()));
        assert_eq!(number_query("31"), None);
        assert_eq!(number_query("31a"), None);
    }

    #[test]
    fn query_against_one_household() {
        let h = household();
        assert!(matches_query(&h, "  "));
        assert!(matches_query(&h, "317106120318"));
        assert!(matches_query(&h, "3171061002"));
        assert!(!matches_query(&h, "3172"));
        assert!(matches_query(&h, "jok sus"));
        assert!(matches_query(&h, "melati"));
        assert!(!matches_query(&h, "mawar"));
    }

    #[test]
    fn names_rank_exact_then_word_prefix_then_variant() {
        assert_eq!(rank_name("yusuf", "Yusuf"), NameRank::Exact);
        assert_eq!(rank_name(" Siti  nurhaliza", "SITI NURHALIZA"), NameRank::Exact);
        assert_eq!(rank_name("Ma'ruf", "Ma ruf"), NameRank::Exact);
        assert_eq!(rank_name("Yusuf", "Yusuf Hidayat"), NameRank::WordPrefix);
        assert_eq!(rank_name("yus hid", "Yusuf Hidayat"), NameRank::WordPrefix);
        assert_eq!(rank_name("Yusuf", "Joesoef"), NameRank::Variant);
        assert_eq!(rank_name("Yusuf", "Joesoef Hidayat"), NameRank::Variant);
        assert_eq!(rank_name("hidayat yusuf", "Yusuf Hidayat"), NameRank::Variant);
        assert!(NameRank::Exact < NameRank::WordPrefix && NameRank::WordPrefix < NameRank::Variant);
    }

    #[test]
    fn birth_years_months_and_days() {
        assert_eq!("1980".parse(), Ok(Born::Year(1980)));
        assert_eq!("1980-02".parse(), Ok(Born::Month(1980, 2)));
        assert_eq!("2024-02-29".parse(), Ok(Born::Day(date(2024, 2, 29))));
        for bad in ["80", "1980-2", "2023-02-29", "1980-13", "1980/01/05", "", "19800105"] {
            assert!(bad.parse::<Born>().is_err(), "{bad}");
        }
        assert!(Born::Year(1980).admits(date(1980, 12, 31)));
        assert!(!Born::Year(1980).admits(date(1981, 1, 1)));
        assert!(Born::Month(1980, 1).admits(date(1980, 1, 31)));
        assert!(!Born::Month(1980, 1).admits(date(1980, 2, 1)));
        assert!(Born::Day(date(1980, 1, 5)).admits(date(1980, 1, 5)));
        assert!(!Born::Day(date(1980, 1, 5)).admits(date(1980, 1, 6)));
    }
}
