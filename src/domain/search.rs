//! What the household search and filter admit: the criteria of a list, a
//! query that is a number, and a query matched against one household.

use super::{DtksStatus, EnrolmentStatus, Household, Programme, names};

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
}
