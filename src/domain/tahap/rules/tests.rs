use std::collections::HashMap;

use super::*;
use crate::domain::codes::*;
use crate::domain::deactivation::{DeletionGround, Ground};
use crate::domain::model::*;
use crate::domain::tahap::account::{AccountNumber, AccountStatus};
use crate::testkit::{self, date};

fn tahap(y: i32, n: u8) -> Period {
    Period::tahap(y, n).unwrap()
}

/// A DKI person, active in DTKS since 2022, enrolled (active) in
/// `programme` since 2023.
fn person(nik: &str, birth: NaiveDate, programme: Programme) -> Person {
    let mut p = testkit::person(nik, "Warga Contoh", Relationship::Head, Sex::Female, birth);
    p.history = vec![testkit::status_entry(DtksStatus::Active, date(2022, 2, 1))];
    p.enrolments = vec![testkit::enrolment(programme, EnrolmentStatus::Active, date(2023, 1, 1))];
    p
}

fn account() -> BurekolAccount {
    BurekolAccount {
        bank: "Bank DKI".into(),
        number: AccountNumber::parse("1012030004567").unwrap(),
        opened: date(2023, 1, 10),
        status: AccountStatus::Open,
    }
}

fn verdict(p: &Person, acc: Option<&BurekolAccount>, programme: Programme, on: NaiveDate) -> Verdict {
    let h = testkit::household("3171061203180007", "31.71.06.1003", vec![p.clone()]);
    let s = Subject { person: p, household: &h, account: acc };
    evaluate(&s, programme, Period::containing(super::super::PeriodKind::Quarterly, on), on, &NoDeactivations)
}

fn on_list(p: &Person, programme: Programme, on: NaiveDate) -> bool {
    verdict(p, Some(&account()), programme, on).passes()
}

#[test]
fn klj_from_the_60th_birthday() {
    let p = person("3171065708640001", date(1964, 8, 17), Programme::Klj);
    assert!(!on_list(&p, Programme::Klj, date(2024, 8, 16)));
    assert!(on_list(&p, Programme::Klj, date(2024, 8, 17)));
    assert!(on_list(&p, Programme::Klj, date(2024, 8, 18)));
    assert_eq!(
        verdict(&p, Some(&account()), Programme::Klj, date(2024, 8, 16)).first_failure(),
        Some(Exclusion::NotInCategory(Rule::Age60Plus))
    );
}

#[test]
fn kaj_until_the_day_before_the_7th_birthday() {
    let p = person("3171064107190003", date(2019, 7, 1), Programme::Kaj);
    // Tahap 3 2026 is evaluated on 1 July 2026, the 7th birthday: left out.
    assert!(on_list(&p, Programme::Kaj, date(2026, 6, 30)));
    assert!(!on_list(&p, Programme::Kaj, date(2026, 7, 1)));
    assert!(!on_list(&p, Programme::Kaj, date(2026, 7, 2)));
    let v = verdict(&p, Some(&account()), Programme::Kaj, tahap(2026, 3).first_day());
    assert_eq!(v.first_failure(), Some(Exclusion::NotInCategory(Rule::Age0To6)));
}

#[test]
fn kparj_until_the_day_before_the_18th_birthday() {
    let mut p = person("3171065005080003", date(2008, 5, 10), Programme::Kparj);
    p.parent_died_covid = true;
    assert!(on_list(&p, Programme::Kparj, date(2026, 5, 9)));
    assert!(!on_list(&p, Programme::Kparj, date(2026, 5, 10)));
    assert!(!on_list(&p, Programme::Kparj, date(2026, 5, 11)));
}

#[test]
fn a_29_february_birth_has_its_birthday_on_1_march_in_common_years() {
    // 7th birthday in 2027 (not a leap year): still KAJ on 28 Feb.
    let c = person("3171066902200003", date(2020, 2, 29), Programme::Kaj);
    assert!(on_list(&c, Programme::Kaj, date(2027, 2, 28)));
    assert!(!on_list(&c, Programme::Kaj, date(2027, 3, 1)));
    // 18th in 2026: KPARJ until 28 Feb.
    let mut o = person("3171066902080003", date(2008, 2, 29), Programme::Kparj);
    o.parent_died_covid = true;
    assert!(on_list(&o, Programme::Kparj, date(2026, 2, 28)));
    assert!(!on_list(&o, Programme::Kparj, date(2026, 3, 1)));
    // 60th in 2024 (a leap year) falls on 29 Feb itself.
    let e = person("3171066902640001", date(1964, 2, 29), Programme::Klj);
    assert!(!on_list(&e, Programme::Klj, date(2024, 2, 28)));
    assert!(on_list(&e, Programme::Klj, date(2024, 2, 29)));
}

#[test]
fn dki_residence_checks_kk_and_address_not_the_nik() {
    // First registered in Bogor, moved to Jakarta: the NIK keeps 32.
    let p = person("3201065708640001", date(1950, 1, 1), Programme::Klj);
    let acc = account();
    let check = |kk: &str, kelurahan: &str| {
        let h = testkit::household(kk, kelurahan, vec![p.clone()]);
        let s = Subject { person: &p, household: &h, account: Some(&acc) };
        evaluate(&s, Programme::Klj, tahap(2026, 1), date(2026, 1, 1), &NoDeactivations).first_failure()
    };
    assert_eq!(check("3171061203180007", "31.71.06.1003"), None);
    assert_eq!(check("3171061203180007", "32.73.01.1001"), Some(Exclusion::OutsideDki { kk: false, address: true }));
    assert_eq!(check("3273011203180007", "31.71.06.1003"), Some(Exclusion::OutsideDki { kk: true, address: false }));
    assert_eq!(check("3273011203180007", "32.73.01.1001"), Some(Exclusion::OutsideDki { kk: true, address: true }));
}

#[test]
fn dtks_status_is_read_on_the_reference_date() {
    let mut p = person("3171065708500001", date(1950, 1, 1), Programme::Klj);
    p.history.push(testkit::status_entry(DtksStatus::Inactive, date(2026, 2, 15)));
    // Still active on 1 January, the reference date of tahap 1.
    assert!(on_list(&p, Programme::Klj, date(2026, 1, 1)));
    assert_eq!(
        verdict(&p, Some(&account()), Programme::Klj, date(2026, 4, 1)).first_failure(),
        Some(Exclusion::DtksStatus(DtksStatus::Inactive))
    );
    p.history.clear();
    assert_eq!(
        verdict(&p, Some(&account()), Programme::Klj, date(2026, 4, 1)).first_failure(),
        Some(Exclusion::DtksStatus(DtksStatus::Proposed))
    );
}

#[test]
fn enrolment_must_be_active_and_current() {
    let on = date(2026, 4, 1);
    let mut p = person("3171065708500001", date(1950, 1, 1), Programme::Klj);
    for s in [EnrolmentStatus::Proposed, EnrolmentStatus::Suspended, EnrolmentStatus::Stopped] {
        p.enrolments[0].status = s;
        assert_eq!(verdict(&p, Some(&account()), Programme::Klj, on).first_failure(), Some(Exclusion::Enrolment(s)));
    }
    p.enrolments[0].status = EnrolmentStatus::Active;
    p.enrolments[0].until = Some(date(2026, 3, 31));
    assert_eq!(
        verdict(&p, Some(&account()), Programme::Klj, on).first_failure(),
        Some(Exclusion::EnrolmentNotCurrent { since: date(2023, 1, 1), until: Some(date(2026, 3, 31)) })
    );
    p.enrolments.clear();
    assert_eq!(verdict(&p, Some(&account()), Programme::Klj, on).first_failure(), Some(Exclusion::NotEnrolled));
}

#[test]
fn a_deactivation_in_effect_by_the_first_day_leaves_the_person_out() {
    let p = person("3171065708500001", date(1950, 1, 1), Programme::Klj);
    let h = testkit::household("3171061203180007", "31.71.06.1003", vec![p.clone()]);
    let acc = account();
    let s = Subject { person: &p, household: &h, account: Some(&acc) };
    let mut d: HashMap<(String, Programme), DecisionRef> = HashMap::new();
    let decision = decision_ref(date(2026, 4, 1));
    d.insert((p.nik.clone(), Programme::Klj), decision);
    let t2 = evaluate(&s, Programme::Klj, tahap(2026, 2), date(2026, 4, 1), &d);
    assert_eq!(t2.first_failure(), Some(Exclusion::Deactivated(decision)));
    // The decision made the person inactive and stopped the enrolment: the
    // decision is named first, its consequences after it.
    let mut gone = p.clone();
    gone.history.push(StatusEntry {
        status: DtksStatus::Inactive,
        since: date(2026, 4, 1),
        period: None,
        source: Source::Regional,
        note: "penonaktifan:12".into(),
    });
    gone.enrolments[0].status = EnrolmentStatus::Stopped;
    gone.enrolments[0].until = Some(date(2026, 4, 1));
    let sg = Subject { person: &gone, household: &h, account: Some(&acc) };
    let v = evaluate(&sg, Programme::Klj, tahap(2026, 2), date(2026, 4, 1), &d);
    assert_eq!(v.first_failure(), Some(Exclusion::Deactivated(decision)));
    assert_eq!(
        v.failures().map(Exclusion::rule).collect::<Vec<_>>(),
        [RecipientRule::NotDeactivated, RecipientRule::DtksActive, RecipientRule::EnrolmentActive]
    );
    // Taking effect during tahap 1 does not remove it from tahap 1.
    assert!(evaluate(&s, Programme::Klj, tahap(2026, 1), date(2026, 1, 1), &d).passes());
    // Another programme is not affected.
    let q = person("3171065708500001", date(1950, 1, 1), Programme::Kpdj);
    let mut qd = q.clone();
    qd.disability = Some(Disability::Physical);
    let s2 = Subject { person: &qd, household: &h, account: Some(&acc) };
    assert!(evaluate(&s2, Programme::Kpdj, tahap(2026, 2), date(2026, 4, 1), &d).passes());
}

#[test]
fn no_usable_account_is_its_own_reason() {
    let p = person("3171065708500001", date(1950, 1, 1), Programme::Klj);
    let on = date(2026, 1, 1);
    assert_eq!(
        verdict(&p, None, Programme::Klj, on).first_failure(),
        Some(Exclusion::Account(AccountUnusable::Missing))
    );
    let mut a = account();
    a.status = AccountStatus::Dormant;
    assert_eq!(
        verdict(&p, Some(&a), Programme::Klj, on).first_failure(),
        Some(Exclusion::Account(AccountUnusable::Status(AccountStatus::Dormant)))
    );
}

#[test]
fn first_failure_and_all_failures_in_rule_order() {
    let mut p = person("3171065708900001", date(1990, 1, 1), Programme::Klj);
    p.enrolments[0].status = EnrolmentStatus::Suspended;
    let v = verdict(&p, None, Programme::Klj, date(2026, 1, 1));
    assert!(!v.passes());
    assert_eq!(v.first_failure(), Some(Exclusion::NotInCategory(Rule::Age60Plus)));
    let rules: Vec<RecipientRule> = v.failures().map(Exclusion::rule).collect();
    assert_eq!(rules, [RecipientRule::InCategory, RecipientRule::EnrolmentActive, RecipientRule::AccountUsable]);
    assert_eq!(v.outcomes.iter().map(|(r, _)| *r).collect::<Vec<_>>(), RecipientRule::ALL);
}

#[test]
fn programmes_without_a_category_pass_that_rule() {
    let p = person("3171065708900001", date(1990, 1, 1), Programme::Bpnt);
    assert!(on_list(&p, Programme::Bpnt, date(2026, 1, 1)));
    assert_eq!(category_rule(Programme::JknPbi), None);
}

#[test]
fn rule_names_are_unique_and_parse_back() {
    for r in RecipientRule::ALL {
        assert_eq!(RecipientRule::parse(r.name()), Some(*r));
    }
    let mut names: Vec<&str> = RecipientRule::ALL.iter().map(|r| r.name()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), RecipientRule::ALL.len());
}

#[test]
fn exclusions_survive_the_store_encoding() {
    let cfg = bincode::config::standard();
    for e in [
        Exclusion::NotInCategory(Rule::Age0To6),
        Exclusion::Deactivated(decision_ref(date(2026, 4, 1))),
        Exclusion::Account(AccountUnusable::Status(AccountStatus::Closed)),
    ] {
        let bytes = bincode::serde::encode_to_vec(e, cfg).unwrap();
        let (back, _): (Exclusion, usize) = bincode::serde::decode_from_slice(&bytes, cfg).unwrap();
        assert_eq!(back, e);
    }
}

fn decision_ref(effective: NaiveDate) -> DecisionRef {
    DecisionRef {
        decision: 12,
        ground: Ground::Deletion(DeletionGround::Deceased),
        decided: date(2026, 3, 10),
        effective,
    }
}
