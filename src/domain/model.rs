//! The register's records: a household (keluarga, keyed by No. KK) holding
//! its members. A person lives inside exactly one household record, so "one
//! KK at a time" holds by construction; moving a person rewrites two records
//! in one atomic write.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::codes::*;

/// Full address. Province, kab/kota and kecamatan follow from the kelurahan
/// code (31.71.01.1001 lies in 31.71.01, 31.71 and 31).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// Kemendagri kelurahan/desa code in dotted form, e.g. `31.71.01.1001`.
    pub kelurahan: String,
    pub rw: u16,
    pub rt: u16,
    pub street: String,
}

impl Address {
    /// Kecamatan code (`31.71.01`), the first six digits of a local NIK.
    pub fn kecamatan(&self) -> &str {
        self.kelurahan.get(..8).unwrap_or(&self.kelurahan)
    }
    /// Kab/kota code (`31.71`).
    pub fn kabkota(&self) -> &str {
        self.kelurahan.get(..5).unwrap_or(&self.kelurahan)
    }
    /// Province code (`31`).
    pub fn province(&self) -> &str {
        self.kelurahan.get(..2).unwrap_or(&self.kelurahan)
    }
}

/// Housing and socio-economic conditions, as the DTKS instrument asks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdInfo {
    pub floor: Floor,
    pub wall: Wall,
    pub roof: Roof,
    pub lighting: Lighting,
    pub water: DrinkingWater,
    pub sanitation: Sanitation,
    pub cooking_fuel: CookingFuel,
    pub assets: Vec<Asset>,
    /// Welfare decile (desil 1–10) under DTSEN, where known.
    pub decile: Option<u8>,
}

/// One change of DTKS status, kept as history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEntry {
    pub status: DtksStatus,
    pub since: NaiveDate,
    /// Penetapan period, e.g. `2024-01`.
    pub period: Option<String>,
    pub source: Source,
    pub note: String,
}

/// A person's enrolment in one programme. Deserialize is in
/// `store::layouts`: stored values of an older layout read through it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Enrolment {
    pub programme: Programme,
    pub status: EnrolmentStatus,
    pub since: NaiveDate,
    pub until: Option<NaiveDate>,
    /// The office file an import read the enrolment from; None when it was
    /// made in dtks (a decision, a ratified visit) or came from dtks's own
    /// tables without one.
    pub source: Option<EnrolmentSource>,
}

/// Which file, of which layout, and which import an enrolment came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentSource {
    /// The layout's stable code (`dtks-art`, `opensid-program`…).
    pub layout: String,
    /// The file's name (and sheet, as `file#sheet`), without its folder.
    pub file: String,
    /// When the import ran: its audit events carry the same time.
    pub imported_at: NaiveDateTime,
}

/// A pregnancy an office file recorded (a PKH component).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pregnancy {
    /// The day it began, where the file gives it.
    pub since: Option<NaiveDate>,
}

/// Deserialize is in `store::layouts` (older stored layouts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Person {
    pub nik: String,
    pub name: String,
    pub birthplace: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub mother_name: String,
    pub relationship: Relationship,
    pub marital: MaritalStatus,
    pub occupation: Occupation,
    pub disability: Option<Disability>,
    /// A parent or guardian died of confirmed COVID-19 (KPARJ).
    pub parent_died_covid: bool,
    /// Tidak-layak findings recorded by ratified verification.
    pub not_eligible: Vec<NotEligibleReason>,
    pub history: Vec<StatusEntry>,
    pub enrolments: Vec<Enrolment>,
    /// Pregnant, as the last office file or form that said so recorded.
    pub pregnancy: Option<Pregnancy>,
}

impl Person {
    /// Current DTKS status: the latest history entry, or proposed if none.
    pub fn status(&self) -> DtksStatus {
        self.history.last().map_or(DtksStatus::Proposed, |e| e.status)
    }
    pub fn enrolment(&self, p: Programme) -> Option<&Enrolment> {
        self.enrolments.iter().find(|e| e.programme == p)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    pub no_kk: String,
    pub address: Address,
    pub info: HouseholdInfo,
    pub members: Vec<Person>,
    pub history: Vec<StatusEntry>,
}

impl Household {
    pub fn status(&self) -> DtksStatus {
        self.history.last().map_or(DtksStatus::Proposed, |e| e.status)
    }
    pub fn head(&self) -> Option<&Person> {
        self.members.iter().find(|p| p.relationship == Relationship::Head)
    }
    pub fn member(&self, nik: &str) -> Option<&Person> {
        self.members.iter().find(|p| p.nik == nik)
    }
}
