//! Builders of plain, valid records for tests, so that the unit and
//! integration tests share one way to build a valid record and then vary it
//! field by field. Not part of the crate's interface.

use chrono::NaiveDate;

use crate::domain::codes::*;
use crate::domain::model::*;

/// A calendar date; panics on one that does not exist (tests pass literals).
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("no such date: {y}-{m}-{d}"))
}

/// A married labourer born in Jakarta, mother "Ibu Contoh", with no
/// disability, findings, history or enrolments.
pub fn person(nik: &str, name: &str, relationship: Relationship, sex: Sex, birth: NaiveDate) -> Person {
    Person {
        nik: nik.into(),
        name: name.into(),
        birthplace: "Jakarta".into(),
        birth_date: birth,
        sex,
        mother_name: "Ibu Contoh".into(),
        relationship,
        marital: MaritalStatus::Married,
        occupation: Occupation::Labourer,
        disability: None,
        parent_died_covid: false,
        not_eligible: vec![],
        history: vec![],
        enrolments: vec![],
        pregnancy: None,
    }
}

/// A cement-floored masonry house with shared PLN power and sanitation,
/// bottled water and LPG, no assets and no known decile.
pub fn info() -> HouseholdInfo {
    HouseholdInfo {
        floor: Floor::Cement,
        wall: Wall::Masonry,
        roof: Roof::Zinc,
        lighting: Lighting::PlnShared,
        water: DrinkingWater::Bottled,
        sanitation: Sanitation::Shared,
        cooking_fuel: CookingFuel::Lpg,
        assets: vec![],
        decile: None,
    }
}

/// A household in RW 2 / RT 5, "Jl. Contoh", of `kelurahan`, with
/// [`info`] and no history.
pub fn household(no_kk: &str, kelurahan: &str, members: Vec<Person>) -> Household {
    Household {
        no_kk: no_kk.into(),
        address: Address { kelurahan: kelurahan.into(), rw: 2, rt: 5, street: "Jl. Contoh".into() },
        info: info(),
        members,
        history: vec![],
    }
}

/// A regional status change with no period and no note.
pub fn status_entry(status: DtksStatus, since: NaiveDate) -> StatusEntry {
    StatusEntry { status, since, period: None, source: Source::Regional, note: String::new() }
}

/// An open-ended enrolment.
pub fn enrolment(programme: Programme, status: EnrolmentStatus, since: NaiveDate) -> Enrolment {
    Enrolment { programme, status, since, until: None, source: None }
}

/// The store behind a service, for tests that plant or inspect raw records
/// the service has no use case for. Front ends go through the service.
pub fn store(svc: &crate::service::Service) -> &crate::store::Store {
    svc.store()
}

/// The account holding the test's database, at its terminal: its operator.
pub fn owner() -> crate::service::Actor {
    crate::service::Actor::new("tes")
}
