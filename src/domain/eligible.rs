//! *Layak belum terdaftar*: who the eligibility rules find eligible for a
//! programme today but who is not enrolled in it. An exclusion error (an
//! eligible person left out) matters as much as an inclusion error.
//!
//! - Enrolled means a live enrolment (active, proposed or suspended) that has
//!   not ended before today: a proposed or suspended one is already in hand,
//!   a stopped or ended one is not.
//! - PKH and BPNT go to the household, held by its head: the household is
//!   enrolled when any member holds a live enrolment, and only the head is
//!   listed (a household without a head is listed by its first member).
//! - The reason shown is the programme's category rule (age, disability,
//!   COVID-19 orphan, PKH component); BPNT and JKN-PBI have none beyond being
//!   active in DTKS without a not-eligible finding.
//! - An open usulan is one not verified as not eligible: verified layak or
//!   still waiting, the person is already proposed.

use chrono::NaiveDate;

use super::codes::{DtksStatus, EnrolmentStatus, Programme};
use super::eligibility::{self, Rule};
use super::model::{Enrolment, Household, Person};
use super::usulan::{Target, Usulan};

/// Programmes paid to the household through its head.
pub fn per_household(programme: Programme) -> bool {
    matches!(programme, Programme::Pkh | Programme::Bpnt)
}

/// The rule that makes someone eligible for `programme`, shown as the reason.
pub fn deciding_rule(programme: Programme) -> Rule {
    super::tahap::rules::category_rule(programme).unwrap_or(Rule::DtksActive)
}

/// A live enrolment not ended before `today`.
pub fn enrolment_live(e: &Enrolment, today: NaiveDate) -> bool {
    matches!(e.status, EnrolmentStatus::Active | EnrolmentStatus::Proposed | EnrolmentStatus::Suspended)
        && e.until.is_none_or(|u| u >= today)
}

/// Whether `person` (of `household`) counts as enrolled in `programme`.
pub fn enrolled(person: &Person, household: &Household, programme: Programme, today: NaiveDate) -> bool {
    let live = |p: &Person| p.enrolments.iter().any(|e| e.programme == programme && enrolment_live(e, today));
    if per_household(programme) { household.members.iter().any(live) } else { live(person) }
}

/// The member who stands for the household in a household programme.
fn stands_for_household(household: &Household) -> Option<&Person> {
    household.head().or(household.members.first())
}

/// Every (member, programme) of the household that is eligible today and
/// not enrolled, members in register order, programmes in `Programme::ALL`
/// order.
pub fn queue_of(household: &Household, today: NaiveDate) -> Vec<(&Person, Programme)> {
    let head = stands_for_household(household).map(|p| p.nik.as_str());
    let mut out = Vec::new();
    for person in &household.members {
        // Two rules most programmes share, decided once per person: a
        // programme holding a failed one is not open to them.
        let active = person.status() == DtksStatus::Active;
        let mut jkn_pbi: Option<bool> = None;
        for &programme in Programme::ALL {
            if per_household(programme) && head != Some(person.nik.as_str()) {
                continue;
            }
            let rules = eligibility::rules(programme);
            if !active && rules.contains(&Rule::DtksActive) {
                continue;
            }
            if rules.contains(&Rule::JknPbiCascade)
                && !*jkn_pbi
                    .get_or_insert_with(|| eligibility::assess(person, household, Programme::JknPbi, today).eligible)
            {
                continue;
            }
            if enrolled(person, household, programme, today) {
                continue;
            }
            if eligibility::assess(person, household, programme, today).eligible {
                out.push((person, programme));
            }
        }
    }
    out
}

/// Whether `u` still stands for the person of `nik` in `programme`.
pub fn usulan_open_for(u: &Usulan, nik: &str, programme: Programme) -> bool {
    let names = match &u.target {
        Target::Person { nik: t } => t.trim() == nik,
        Target::Household => u.persons.iter().any(|p| p.nik.trim() == nik),
    };
    names && u.programmes.contains(&programme) && u.verification.as_ref().is_none_or(|v| v.layak)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::*;
    use crate::domain::model::StatusEntry;
    use crate::testkit::{self, date};

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();

    fn active(mut p: Person) -> Person {
        p.history = vec![StatusEntry {
            period: Some("2022-02".into()),
            ..testkit::status_entry(DtksStatus::Active, date(2022, 2, 1))
        }];
        p
    }

    fn family() -> Household {
        let head =
            active(testkit::person("3171061203500001", "Kepala", Relationship::Head, Sex::Male, date(1950, 3, 12)));
        let child =
            active(testkit::person("3171064506200002", "Anak", Relationship::Child, Sex::Female, date(2021, 6, 5)));
        testkit::household("3171061203180007", "31.71.06.1003", vec![head, child])
    }

    fn programmes_of(q: &[(&Person, Programme)], nik: &str) -> Vec<Programme> {
        q.iter().filter(|(p, _)| p.nik == nik).map(|(_, g)| *g).collect()
    }

    #[test]
    fn eligible_and_not_enrolled_are_queued_per_person_and_per_household() {
        let h = family();
        let q = queue_of(&h, TODAY);
        // The head (76) for KLJ, JKN-PBI and the household programmes; the
        // child (5) for KAJ and JKN-PBI, never for PKH/BPNT.
        use Programme::*;
        assert_eq!(programmes_of(&q, "3171061203500001"), vec![Klj, Pkh, Bpnt, JknPbi]);
        assert_eq!(programmes_of(&q, "3171064506200002"), vec![Kaj, JknPbi]);
    }

    #[test]
    fn live_enrolments_count_and_ended_ones_do_not() {
        let mut h = family();
        let e = |s| testkit::enrolment(Programme::Klj, s, date(2020, 1, 1));
        for s in [EnrolmentStatus::Active, EnrolmentStatus::Proposed, EnrolmentStatus::Suspended] {
            h.members[0].enrolments = vec![e(s)];
            assert!(!programmes_of(&queue_of(&h, TODAY), "3171061203500001").contains(&Programme::Klj), "{s:?}");
        }
        h.members[0].enrolments = vec![Enrolment { until: Some(date(2026, 10, 31)), ..e(EnrolmentStatus::Active) }];
        assert!(programmes_of(&queue_of(&h, TODAY), "3171061203500001").contains(&Programme::Klj));
        // Ending today is still enrolled today.
        h.members[0].enrolments = vec![Enrolment { until: Some(TODAY), ..e(EnrolmentStatus::Active) }];
        assert!(!programmes_of(&queue_of(&h, TODAY), "3171061203500001").contains(&Programme::Klj));
        h.members[0].enrolments = vec![e(EnrolmentStatus::Stopped)];
        assert!(programmes_of(&queue_of(&h, TODAY), "3171061203500001").contains(&Programme::Klj));
    }

    #[test]
    fn a_household_programme_held_by_any_member_covers_the_household() {
        let mut h = family();
        h.members[1].enrolments = vec![testkit::enrolment(Programme::Bpnt, EnrolmentStatus::Active, date(2023, 1, 1))];
        assert!(!programmes_of(&queue_of(&h, TODAY), "3171061203500001").contains(&Programme::Bpnt));
    }

    #[test]
    fn the_not_eligible_are_not_queued() {
        let mut h = family();
        h.members[0].occupation = Occupation::CivilServant; // fails JKN-PBI, so everything
        h.members[1].history = vec![testkit::status_entry(DtksStatus::Inactive, date(2025, 1, 1))];
        let q = queue_of(&h, TODAY);
        assert!(q.is_empty(), "{q:?}");
    }

    #[test]
    fn the_reason_is_the_category_rule() {
        assert_eq!(deciding_rule(Programme::Klj), Rule::Age60Plus);
        assert_eq!(deciding_rule(Programme::Pkh), Rule::PkhHousehold);
        assert_eq!(deciding_rule(Programme::Bpnt), Rule::DtksActive);
    }
}
