//! Programme eligibility on a reference date.
//!
//! Each programme is a list of named [`Rule`]s; a person is eligible when all
//! pass. JKN-PBI comes first: "not eligible for JKN-PBI ⇒ automatically not
//! eligible for every other assistance programme". Every other programme
//! therefore carries the rule [`Rule::JknPbiCascade`] (right after
//! `dtks_active`), so a person excluded by an occupation fails, say, KLJ
//! through the cascade and the screen can say so.
//!
//! | programme | rules after `dtks_active` |
//! | --- | --- |
//! | JKN-PBI | no_tidak_layak, occupation_exclusion, head_state_apparatus |
//! | KLJ | jkn_pbi_cascade, dki_resident, age_60_plus |
//! | KAJ | jkn_pbi_cascade, dki_resident, age_0_6 |
//! | KPDJ | jkn_pbi_cascade, dki_resident, disability |
//! | KPARJ | jkn_pbi_cascade, dki_resident, covid_orphan |
//! | PKH | jkn_pbi_cascade, pkh_household |
//! | BPNT | jkn_pbi_cascade |
//!
//! PKH asks for a household member in a PKH component: a child under 18, an
//! elderly person (60+) or a person with a disability. Pregnancy is a PKH
//! component too; the register keeps a pregnancy an office file records,
//! but without a reliable end it is not counted here: a worker decides by
//! hand.

use chrono::{Datelike, NaiveDate};

use super::codes::{DtksStatus, NotEligibleReason, Occupation, Programme};
use super::model::{Household, Person};

/// Age in whole years on `on`. A birthday is reached when the month and day
/// are reached, so someone born on 29 February becomes a year older on
/// 1 March in a non-leap year (and on 29 February in a leap year). Before
/// the birth date the age is 0.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    if on <= birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The not-eligible reason an occupation implies on its own (reasons 5, 7,
/// 8, 9, 10 and 14), if any.
pub fn occupation_exclusion(occupation: Occupation) -> Option<NotEligibleReason> {
    match occupation {
        Occupation::CivilServant | Occupation::Military | Occupation::Police => Some(NotEligibleReason::StateApparatus),
        Occupation::RetiredOfficial => Some(NotEligibleReason::RetiredApparatus),
        Occupation::CertifiedTeacher => Some(NotEligibleReason::CertifiedTeacher),
        Occupation::HealthWorker => Some(NotEligibleReason::HealthWorker),
        Occupation::VillageOfficial => Some(NotEligibleReason::VillageOfficial),
        Occupation::CompanyOfficer => Some(NotEligibleReason::CompanyOfficer),
        _ => None,
    }
}

/// KLJ: 60 years and over.
pub const ELDERLY_AGE: u32 = 60;
/// KAJ: 0–6 years, so under 7.
pub const KAJ_AGE_LIMIT: u32 = 7;
/// KPARJ and the PKH child component: under 18.
pub const CHILD_AGE_LIMIT: u32 = 18;
/// DKI Jakarta.
pub const DKI_PROVINCE: &str = "31";

/// A named rule; each has a reason text in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// The person's DTKS status is active.
    DtksActive,
    /// The address lies in DKI Jakarta (province 31).
    DkiResident,
    /// No tidak-layak finding is recorded for the person.
    NoTidakLayak,
    /// The occupation is not one of reasons 5, 7, 8, 9, 10, 14.
    OccupationExclusion,
    /// Reason 6: the head of the KK is ASN/TNI/POLRI.
    HeadStateApparatus,
    /// Not eligible for JKN-PBI ⇒ not eligible for any other programme.
    JknPbiCascade,
    /// KLJ: 60 years or older.
    Age60Plus,
    /// KAJ: under 7.
    Age0To6,
    /// KPDJ: a disability is recorded.
    Disability,
    /// KPARJ: a parent or guardian died of COVID-19 and the person is under 18.
    CovidOrphan,
    /// PKH: the household has a child under 18, an elderly person or a
    /// person with a disability.
    PkhHousehold,
}

impl Rule {
    pub const ALL: &'static [Rule] = &[
        Rule::DtksActive,
        Rule::DkiResident,
        Rule::NoTidakLayak,
        Rule::OccupationExclusion,
        Rule::HeadStateApparatus,
        Rule::JknPbiCascade,
        Rule::Age60Plus,
        Rule::Age0To6,
        Rule::Disability,
        Rule::CovidOrphan,
        Rule::PkhHousehold,
    ];

    /// Stable snake_case id, used in files, JSON and filters.
    pub fn name(self) -> &'static str {
        match self {
            Rule::DtksActive => "dtks_active",
            Rule::DkiResident => "dki_resident",
            Rule::NoTidakLayak => "no_tidak_layak",
            Rule::OccupationExclusion => "occupation_exclusion",
            Rule::HeadStateApparatus => "head_state_apparatus",
            Rule::JknPbiCascade => "jkn_pbi_cascade",
            Rule::Age60Plus => "age_60_plus",
            Rule::Age0To6 => "age_0_6",
            Rule::Disability => "disability",
            Rule::CovidOrphan => "covid_orphan",
            Rule::PkhHousehold => "pkh_household",
        }
    }

    pub fn parse(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.name() == name.trim())
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOutcome {
    pub rule: Rule,
    pub passed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub programme: Programme,
    pub eligible: bool,
    /// Every rule applied, in order; the first failed one decides.
    pub outcomes: Vec<RuleOutcome>,
}

impl Assessment {
    /// The rule that decides a refusal: the first failed one.
    pub fn first_failure(&self) -> Option<Rule> {
        self.outcomes.iter().find(|o| !o.passed).map(|o| o.rule)
    }

    pub fn failed(&self) -> impl Iterator<Item = Rule> + '_ {
        self.outcomes.iter().filter(|o| !o.passed).map(|o| o.rule)
    }
}

/// The rules of a programme, in the order they are applied.
pub fn rules(programme: Programme) -> &'static [Rule] {
    use Rule::*;
    match programme {
        Programme::JknPbi => &[DtksActive, NoTidakLayak, OccupationExclusion, HeadStateApparatus],
        Programme::Klj => &[DtksActive, JknPbiCascade, DkiResident, Age60Plus],
        Programme::Kaj => &[DtksActive, JknPbiCascade, DkiResident, Age0To6],
        Programme::Kpdj => &[DtksActive, JknPbiCascade, DkiResident, Disability],
        Programme::Kparj => &[DtksActive, JknPbiCascade, DkiResident, CovidOrphan],
        Programme::Pkh => &[DtksActive, JknPbiCascade, PkhHousehold],
        Programme::Bpnt => &[DtksActive, JknPbiCascade],
    }
}

fn check(rule: Rule, person: &Person, household: &Household, today: NaiveDate) -> bool {
    let age = age_on(person.birth_date, today);
    match rule {
        Rule::DtksActive => person.status() == DtksStatus::Active,
        Rule::DkiResident => household.address.province() == DKI_PROVINCE,
        Rule::NoTidakLayak => person.not_eligible.is_empty(),
        Rule::OccupationExclusion => occupation_exclusion(person.occupation).is_none(),
        // Reason 6 is about the other members; the head's own occupation
        // is reason 5.
        Rule::HeadStateApparatus => !household.members.iter().any(|m| {
            m.relationship == super::codes::Relationship::Head
                && m.nik != person.nik
                && m.occupation.is_state_apparatus()
        }),
        Rule::JknPbiCascade => rules(Programme::JknPbi).iter().all(|&r| check(r, person, household, today)),
        Rule::Age60Plus => age >= ELDERLY_AGE,
        Rule::Age0To6 => person.birth_date <= today && age < KAJ_AGE_LIMIT,
        Rule::Disability => person.disability.is_some(),
        Rule::CovidOrphan => person.parent_died_covid && age < CHILD_AGE_LIMIT,
        Rule::PkhHousehold => household.members.iter().any(|m| {
            let a = age_on(m.birth_date, today);
            (m.birth_date <= today && a < CHILD_AGE_LIMIT) || a >= ELDERLY_AGE || m.disability.is_some()
        }),
    }
}

pub fn assess(person: &Person, household: &Household, programme: Programme, today: NaiveDate) -> Assessment {
    let outcomes: Vec<RuleOutcome> = rules(programme)
        .iter()
        .map(|&rule| RuleOutcome { rule, passed: check(rule, person, household, today) })
        .collect();
    Assessment { programme, eligible: outcomes.iter().all(|o| o.passed), outcomes }
}

/// One assessment per programme, in `Programme::ALL` order.
pub fn assess_all(person: &Person, household: &Household, today: NaiveDate) -> Vec<Assessment> {
    Programme::ALL.iter().map(|&p| assess(person, household, p, today)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::*;
    use crate::domain::model::*;
    use crate::i18n::Lang;
    use crate::testkit::{self, date};

    /// Active in DTKS since February 2022.
    fn person(nik: &str, rel: Relationship, birth: NaiveDate) -> Person {
        let mut p = testkit::person(nik, "Warga Contoh", rel, Sex::Male, birth);
        p.history = vec![StatusEntry {
            period: Some("2022-02".into()),
            ..testkit::status_entry(DtksStatus::Active, date(2022, 2, 1))
        }];
        p
    }

    fn household(members: Vec<Person>) -> Household {
        let mut h = testkit::household("3171061203180007", "31.71.06.1003", members);
        h.info.decile = Some(1);
        h
    }

    fn single(p: Person) -> Household {
        household(vec![p])
    }

    fn failures(a: &Assessment) -> Vec<&'static str> {
        a.failed().map(Rule::name).collect()
    }

    #[test]
    fn age_in_whole_years() {
        let b = date(1964, 8, 17);
        assert_eq!(age_on(b, date(2024, 8, 16)), 59);
        assert_eq!(age_on(b, date(2024, 8, 17)), 60);
        assert_eq!(age_on(b, date(2024, 8, 18)), 60);
        assert_eq!(age_on(b, date(2024, 12, 31)), 60);
        assert_eq!(age_on(b, b), 0);
        assert_eq!(age_on(b, date(1960, 1, 1)), 0);
    }

    #[test]
    fn leap_day_birthday_is_1_march_in_non_leap_years() {
        let b = date(1964, 2, 29);
        assert_eq!(age_on(b, date(2023, 2, 28)), 58);
        assert_eq!(age_on(b, date(2023, 3, 1)), 59);
        assert_eq!(age_on(b, date(2024, 2, 28)), 59);
        assert_eq!(age_on(b, date(2024, 2, 29)), 60);
        // 2025 is not a leap year: 60 until 28 Feb, 61 from 1 Mar.
        assert_eq!(age_on(b, date(2025, 2, 28)), 60);
        assert_eq!(age_on(b, date(2025, 3, 1)), 61);
    }

    #[test]
    fn klj_around_the_60th_birthday() {
        let p = person("3171061708640001", Relationship::Head, date(1964, 8, 17));
        let h = single(p.clone());
        let before = assess(&p, &h, Programme::Klj, date(2024, 8, 16));
        assert!(!before.eligible);
        assert_eq!(before.first_failure(), Some(Rule::Age60Plus));
        assert!(assess(&p, &h, Programme::Klj, date(2024, 8, 17)).eligible);
        assert!(assess(&p, &h, Programme::Klj, date(2024, 8, 18)).eligible);
    }

    #[test]
    fn klj_leap_day_birth() {
        // 60 is a multiple of 4, so a leap-day baby's 60th birthday falls on
        // a real 29 Feb; the 1 March rule shows on the 7th and 18th birthdays.
        let p = person("3171062902640001", Relationship::Head, date(1964, 2, 29));
        let h = single(p.clone());
        assert!(!assess(&p, &h, Programme::Klj, date(2024, 2, 28)).eligible);
        assert!(assess(&p, &h, Programme::Klj, date(2024, 2, 29)).eligible);
    }

    #[test]
    fn kaj_ends_on_the_7th_birthday() {
        let birth = date(2018, 2, 28);
        let c = person("3171062802180003", Relationship::Child, birth);
        let h = household(vec![person("3171060101800001", Relationship::Head, date(1980, 1, 1)), c.clone()]);
        assert!(assess(&c, &h, Programme::Kaj, birth).eligible);
        assert!(assess(&c, &h, Programme::Kaj, date(2025, 2, 27)).eligible);
        let on = assess(&c, &h, Programme::Kaj, date(2025, 2, 28));
        assert!(!on.eligible);
        assert_eq!(failures(&on), ["age_0_6"]);
        // Not yet born: not a KAJ child.
        assert!(!assess(&c, &h, Programme::Kaj, date(2018, 2, 27)).eligible);
    }

    #[test]
    fn kaj_leap_day_child_turns_7_on_1_march() {
        let c = person("3171062902200003", Relationship::Child, date(2020, 2, 29));
        let h = single(c.clone());
        // 2027 is not a leap year.
        assert!(assess(&c, &h, Programme::Kaj, date(2027, 2, 28)).eligible);
        assert!(!assess(&c, &h, Programme::Kaj, date(2027, 3, 1)).eligible);
    }

    #[test]
    fn kparj_until_the_18th_birthday() {
        let mut c = person("3171061005080003", Relationship::Child, date(2008, 5, 10));
        c.parent_died_covid = true;
        let h = single(c.clone());
        assert!(assess(&c, &h, Programme::Kparj, date(2026, 5, 9)).eligible);
        let on = assess(&c, &h, Programme::Kparj, date(2026, 5, 10));
        assert_eq!(failures(&on), ["covid_orphan"]);
        c.parent_died_covid = false;
        assert!(!assess(&c, &h, Programme::Kparj, date(2020, 1, 1)).eligible);
    }

    #[test]
    fn kparj_leap_day_child_turns_18_on_1_march() {
        let mut c = person("3171066902080003", Relationship::Child, date(2008, 2, 29));
        c.parent_died_covid = true;
        let h = single(c.clone());
        // 2026 is not a leap year.
        assert!(assess(&c, &h, Programme::Kparj, date(2026, 2, 28)).eligible);
        assert!(!assess(&c, &h, Programme::Kparj, date(2026, 3, 1)).eligible);
    }

    #[test]
    fn kpdj_needs_a_recorded_disability() {
        let mut p = person("3171061005800003", Relationship::Head, date(1980, 5, 10));
        let h = single(p.clone());
        assert_eq!(failures(&assess(&p, &h, Programme::Kpdj, date(2024, 1, 1))), ["disability"]);
        p.disability = Some(Disability::Sensory);
        assert!(assess(&p, &h, Programme::Kpdj, date(2024, 1, 1)).eligible);
    }

    #[test]
    fn asn_at_70_fails_klj_via_cascade() {
        let mut p = person("3171061708540001", Relationship::Head, date(1954, 8, 17));
        p.occupation = Occupation::CivilServant;
        let h = single(p.clone());
        let today = date(2024, 9, 1);
        let klj = assess(&p, &h, Programme::Klj, today);
        assert!(!klj.eligible);
        assert_eq!(klj.first_failure(), Some(Rule::JknPbiCascade));
        assert_eq!(failures(&klj), ["jkn_pbi_cascade"]);
        let jkn = assess(&p, &h, Programme::JknPbi, today);
        assert_eq!(failures(&jkn), ["occupation_exclusion"]);
        // The head's own occupation is reason 5, not reason 6.
        assert!(jkn.outcomes.iter().any(|o| o.rule == Rule::HeadStateApparatus && o.passed));
    }

    #[test]
    fn head_asn_makes_a_child_not_eligible() {
        let mut head = person("3171060101800001", Relationship::Head, date(1980, 1, 1));
        head.occupation = Occupation::Police;
        let child = person("3171060101210003", Relationship::Child, date(2021, 1, 1));
        let h = household(vec![head, child.clone()]);
        let today = date(2024, 1, 1);
        let jkn = assess(&child, &h, Programme::JknPbi, today);
        assert_eq!(failures(&jkn), ["head_state_apparatus"]);
        let kaj = assess(&child, &h, Programme::Kaj, today);
        assert_eq!(kaj.first_failure(), Some(Rule::JknPbiCascade));
        assert_eq!(failures(&kaj), ["jkn_pbi_cascade"]);
    }

    #[test]
    fn each_excluded_occupation_and_a_finding() {
        let today = date(2024, 1, 1);
        for o in Occupation::ALL {
            let mut p = person("3171060101800001", Relationship::Head, date(1950, 1, 1));
            p.occupation = *o;
            let h = single(p.clone());
            let excluded = matches!(
                o,
                Occupation::CivilServant
                    | Occupation::Military
                    | Occupation::Police
                    | Occupation::RetiredOfficial
                    | Occupation::CertifiedTeacher
                    | Occupation::HealthWorker
                    | Occupation::VillageOfficial
                    | Occupation::CompanyOfficer
            );
            assert_eq!(!assess(&p, &h, Programme::JknPbi, today).eligible, excluded, "{o:?}");
            assert_eq!(!assess(&p, &h, Programme::Klj, today).eligible, excluded, "{o:?}");
        }
        let mut p = person("3171060101800001", Relationship::Head, date(1950, 1, 1));
        p.not_eligible = vec![NotEligibleReason::WellOff];
        let h = single(p.clone());
        assert_eq!(failures(&assess(&p, &h, Programme::JknPbi, today)), ["no_tidak_layak"]);
        assert_eq!(failures(&assess(&p, &h, Programme::Bpnt, today)), ["jkn_pbi_cascade"]);
    }

    #[test]
    fn dtks_status_and_dki_residence() {
        let today = date(2024, 1, 1);
        let mut p = person("3171060101500001", Relationship::Head, date(1950, 1, 1));
        let mut h = single(p.clone());
        h.address.kelurahan = "32.73.01.1001".into();
        let klj = assess(&p, &h, Programme::Klj, today);
        assert_eq!(failures(&klj), ["dki_resident"]);
        // National programmes do not ask for DKI residence.
        assert!(assess(&p, &h, Programme::Bpnt, today).eligible);
        p.history.push(StatusEntry {
            source: Source::Ministry,
            ..testkit::status_entry(DtksStatus::Inactive, date(2023, 6, 1))
        });
        let bpnt = assess(&p, &h, Programme::Bpnt, today);
        assert_eq!(bpnt.first_failure(), Some(Rule::DtksActive));
        assert_eq!(failures(&bpnt), ["dtks_active", "jkn_pbi_cascade"]);
        p.history.clear();
        assert_eq!(assess(&p, &h, Programme::JknPbi, today).first_failure(), Some(Rule::DtksActive));
    }

    #[test]
    fn pkh_needs_a_component_in_the_household() {
        let today = date(2024, 6, 1);
        let a = person("3171060101800001", Relationship::Head, date(1980, 1, 1));
        let mut b = person("3171060101850002", Relationship::Spouse, date(1985, 1, 1));
        let h = household(vec![a.clone(), b.clone()]);
        assert_eq!(failures(&assess(&a, &h, Programme::Pkh, today)), ["pkh_household"]);
        // A child who turns 18 tomorrow still counts, on the birthday not.
        let child = person("3171060206060003", Relationship::Child, date(2006, 6, 2));
        let h2 = household(vec![a.clone(), b.clone(), child]);
        assert!(assess(&a, &h2, Programme::Pkh, today).eligible);
        assert!(!assess(&a, &h2, Programme::Pkh, date(2024, 6, 2)).eligible);
        b.disability = Some(Disability::Physical);
        let h3 = household(vec![a.clone(), b]);
        assert!(assess(&a, &h3, Programme::Pkh, today).eligible);
    }

    #[test]
    fn assess_all_covers_every_programme_in_order() {
        let p = person("3171060101500001", Relationship::Head, date(1950, 1, 1));
        let h = single(p.clone());
        let all = assess_all(&p, &h, date(2024, 1, 1));
        let progs: Vec<Programme> = all.iter().map(|a| a.programme).collect();
        assert_eq!(progs, Programme::ALL);
        let eligible: Vec<&str> = all.iter().filter(|a| a.eligible).map(|a| a.programme.code()).collect();
        assert_eq!(eligible, ["KLJ", "PKH", "BPNT", "JKN-PBI"]);
        for a in &all {
            assert_eq!(a.outcomes.iter().map(|o| o.rule).collect::<Vec<_>>(), rules(a.programme));
        }
    }

    #[test]
    fn rule_names_are_unique_and_parse_back() {
        for r in Rule::ALL {
            assert_eq!(Rule::parse(r.name()), Some(*r));
            assert_ne!(r.reason(Lang::Id, true), r.reason(Lang::Id, false));
            assert_ne!(r.reason(Lang::En, true), r.reason(Lang::En, false));
            assert_ne!(r.reason(Lang::En, false), r.reason(Lang::Id, false));
        }
        let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len());
    }
}
