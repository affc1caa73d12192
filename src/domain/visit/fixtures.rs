//! Shared synthetic data for the tests of usulan, visit and stage.

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::codes::*;
use crate::domain::model::*;
use crate::testkit::{self, person};

pub use crate::testkit::date;

pub fn now() -> NaiveDateTime {
    date(2025, 6, 10).and_hms_opt(9, 30, 0).unwrap()
}

pub fn active(since: NaiveDate) -> StatusEntry {
    StatusEntry { period: Some("2022-02".into()), ..testkit::status_entry(DtksStatus::Active, since) }
}

pub fn enrol(p: Programme) -> Enrolment {
    testkit::enrolment(p, EnrolmentStatus::Active, date(2023, 1, 1))
}

/// Budi (head, 1960, KLJ + JKN-PBI), Siti (spouse), Andi (child), all
/// active since February 2022.
pub fn household() -> Household {
    let mut budi = person("3171061708600001", "Budi Santoso", Relationship::Head, Sex::Male, date(1960, 8, 17));
    budi.enrolments = vec![enrol(Programme::Klj), enrol(Programme::JknPbi)];
    let siti = person("3171065712850002", "Siti Aminah", Relationship::Spouse, Sex::Female, date(1985, 12, 17));
    let andi = person("3171060101100003", "Andi", Relationship::Child, Sex::Male, date(2010, 1, 1));
    let mut members = vec![budi, siti, andi];
    for p in &mut members {
        p.history = vec![active(date(2022, 2, 1))];
    }
    let mut h = testkit::household("3171061203180007", "31.71.06.1003", members);
    h.address.street = "Jl. Contoh No. 3".into();
    h.info.decile = Some(2);
    h.history = vec![active(date(2022, 2, 1))];
    h
}
