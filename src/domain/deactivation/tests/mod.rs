//! Shared fixtures: a calendar with KLJ paid per tahap and KAJ per month, and
//! a household of two with live enrolments.

use std::collections::HashSet;
use std::fmt;

use chrono::{Datelike, Months, NaiveDate};

use super::*;
use crate::domain::codes::*;
use crate::domain::model::Household;
use crate::testkit::{date, enrolment, household, person, status_entry};

mod effects;
mod findings;
mod flow;

pub(super) const KK: &str = "3171010101010001";
pub(super) const BUDI: &str = "3171011203600001";
pub(super) const SITI: &str = "3171015508650002";

/// A period starting on the first of `start`'s month, three months long
/// for a tahap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TestPeriod {
    start: NaiveDate,
    tahap: bool,
}

impl fmt::Display for TestPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.tahap {
            write!(f, "{}-T{}", self.start.year(), self.start.month0() / 3 + 1)
        } else {
            write!(f, "{}-{:02}", self.start.year(), self.start.month())
        }
    }
}

/// KLJ per tahap, every other programme per month; frozen lists by
/// (programme, written period).
#[derive(Default)]
pub(super) struct TestCalendar {
    frozen: HashSet<(Programme, String)>,
}

impl TestCalendar {
    pub(super) fn freeze(&mut self, p: Programme, period: &str) {
        self.frozen.insert((p, period.to_string()));
    }
}

impl Calendar for TestCalendar {
    type Period = TestPeriod;
    fn containing(&self, programme: Programme, d: NaiveDate) -> Option<TestPeriod> {
        let tahap = programme == Programme::Klj;
        let month = if tahap { d.month0() / 3 * 3 + 1 } else { d.month() };
        Some(TestPeriod { start: date(d.year(), month, 1), tahap })
    }
    fn next(&self, _: Programme, p: &TestPeriod) -> Option<TestPeriod> {
        let months = if p.tahap { 3 } else { 1 };
        Some(TestPeriod { start: p.start + Months::new(months), tahap: p.tahap })
    }
    fn first_day(&self, p: &TestPeriod) -> NaiveDate {
        p.start
    }
    fn is_frozen(&self, programme: Programme, p: &TestPeriod) -> bool {
        self.frozen.contains(&(programme, p.to_string()))
    }
}

/// Budi (head, enrolled in KLJ) and Siti (spouse, enrolled in KAJ, which
/// is paid per month here), both active since 2023.
pub(super) fn family() -> Household {
    let mut budi = person(BUDI, "Budi Contoh", Relationship::Head, Sex::Male, date(1960, 3, 12));
    budi.history.push(status_entry(DtksStatus::Active, date(2023, 1, 1)));
    budi.enrolments.push(enrolment(Programme::Klj, EnrolmentStatus::Active, date(2024, 1, 1)));
    let mut siti = person(SITI, "Siti Contoh", Relationship::Spouse, Sex::Female, date(1965, 8, 15));
    siti.history.push(status_entry(DtksStatus::Active, date(2023, 1, 1)));
    siti.enrolments.push(enrolment(Programme::Kaj, EnrolmentStatus::Active, date(2024, 1, 1)));
    let mut h = household(KK, "31.71.01.1001", vec![budi, siti]);
    h.history.push(status_entry(DtksStatus::Active, date(2023, 1, 1)));
    h
}

pub(super) fn death_certificate() -> Evidence {
    Evidence {
        kind: DocumentKind::DeathCertificate,
        number: "AKT-3171-2026-000123".into(),
        date: Some(date(2026, 2, 1)),
        files: vec!["ab".repeat(32)],
        reference: None,
        asset: None,
        note: String::new(),
    }
}

pub(super) fn note_evidence() -> Evidence {
    Evidence {
        kind: DocumentKind::Other,
        number: String::new(),
        date: None,
        files: vec![],
        reference: None,
        asset: None,
        note: "Kunjungan rumah".into(),
    }
}

pub(super) fn input(subject: Subject, direction: Direction, evidence: Vec<Evidence>) -> DraftInput {
    DraftInput {
        id: 1,
        subject,
        direction,
        evidence,
        origin: Origin::Petugas,
        scope: Scope::All,
        by: "petugas1".into(),
        on: date(2026, 2, 10),
    }
}

pub(super) fn budi() -> Subject {
    Subject::Person { nik: BUDI.into(), no_kk: KK.into() }
}

pub(super) fn deceased() -> Direction {
    Direction::Deactivate(Ground::Deletion(DeletionGround::Deceased))
}

pub(super) fn refuses() -> Direction {
    Direction::Deactivate(Ground::NotEligible(NotEligibleReason::Refused))
}

/// A proposal on `direction` for Budi, agreed in Muskel 7.
pub(super) fn agreed(direction: Direction, h: &Household) -> Proposal {
    let mut p = Proposal::draft(input(budi(), direction, vec![note_evidence()]), h).unwrap();
    p.submit(7, "petugas1", date(2026, 2, 11)).unwrap();
    p.agree("operator", date(2026, 2, 20)).unwrap();
    p
}

/// `agreed`, approved by the supervisor on 2026-02-25 and put into effect.
pub(super) fn effective(direction: Direction, h: &Household, cal: &TestCalendar) -> (Proposal, Household) {
    let mut p = agreed(direction, h);
    p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 25), h, cal).unwrap();
    let (after, changes) = effect::apply(h, &p).unwrap();
    p.take_effect(changes, "supervisor", date(2026, 2, 25)).unwrap();
    (p, after)
}
