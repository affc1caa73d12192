//! The home-visit verification form (kunjungan rumah) and its draft.
//!
//! A [`VisitForm`] starts from a copy of the household as the register holds
//! it ([`VisitForm::start`]); that copy stays untouched beside the edited
//! values, so a screen can show the registered value next to each field
//! ([`VisitForm::registered_value`]). The form is its own record: saved on
//! every field change with the cursor field ([`VisitForm::edit`]), never
//! applied to the register until pengesahan (`stage::apply_findings`).
//!
//! Texts typed freely (NIK, names, dates, RW/RT) are kept as typed, so a
//! draft may hold a date that does not exist; [`VisitForm::validate`] says
//! which field is wrong and what to do. Choices are parsed on entry and
//! refused at once when they are not one of the codes.
//!
//! Decisions:
//! - A NIK that does not decode is an error; a NIK that decodes but
//!   disagrees with the birth date or sex is a warning the officer can
//!   acknowledge. Warnings never block submission; an acknowledgement is
//!   kept (keyed by the NIK and the disagreeing value), so the supervisor
//!   sees that the officer confirmed it, and it lapses when either changes.
//! - One head per KK is counted over the members who remain (not died, not
//!   moved out). A head who died or moved out with no remaining head is its
//!   own error on that person's presence field: choose a new head.
//! - Deceased presence and a deceased finding go together.
//! - A finding names the programmes it affects; for tidak layak and update
//!   findings an empty list means every programme. For layak, the list is
//!   the programmes to enrol in (empty = eligibility confirmed, no change).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::codes::*;
use super::model::{Household, HouseholdInfo, Person};

coded!(
    /// Whether a member was met, and how members joined or left.
    MemberPresence {
        Found = "ditemukan", "Ditemukan", "Found";
        NotFound = "tidak_ditemukan", "Tidak ditemukan", "Not found";
        Died = "meninggal", "Meninggal dunia", "Died";
        MovedOut = "pindah_keluar", "Pindah keluar", "Moved out";
        Born = "lahir", "Anggota baru: lahir", "New member: birth";
        MovedIn = "pindah_masuk", "Anggota baru: pindah masuk", "New member: moved in";
    }
);

impl MemberPresence {
    /// Leaves the household at pengesahan.
    pub fn is_gone(self) -> bool {
        matches!(self, MemberPresence::Died | MemberPresence::MovedOut)
    }
    /// Only for members added in this visit.
    pub fn is_new(self) -> bool {
        matches!(self, MemberPresence::Born | MemberPresence::MovedIn)
    }
}

coded!(
    /// Update reasons seen in verval (seed 004).
    UpdateReason {
        Deceased = "meninggal", "Meninggal dunia", "Deceased";
        Moved = "pindah", "Pindah domisili", "Moved";
        Anomaly = "data_anomali", "Data anomali", "Anomalous data";
        NotMatchingDukcapil = "belum_padan", "Belum padan dengan Dukcapil", "Not matching Dukcapil";
        Improved = "meningkat", "Status sosial ekonomi meningkat", "Improved socio-economic status";
    }
);

coded!(
    /// The kind of finding on a person.
    FindingKind {
        Layak = "layak", "Layak", "Eligible";
        TidakLayak = "tidak_layak", "Tidak layak", "Not eligible";
        Update = "pemutakhiran", "Pemutakhiran data", "Data update";
    }
);

/// A complete finding, as [`MemberEntry::finding`] builds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Finding {
    Layak,
    TidakLayak(Vec<NotEligibleReason>),
    Update(UpdateReason),
}

coded!(
    /// A person's field on the form.
    MemberField {
        Nik = "nik", "NIK", "NIK";
        Name = "nama", "Nama", "Name";
        Birthplace = "tempat_lahir", "Tempat lahir", "Birthplace";
        BirthDate = "tanggal_lahir", "Tanggal lahir", "Birth date";
        Sex = "jenis_kelamin", "Jenis kelamin", "Sex";
        MotherName = "nama_ibu", "Nama ibu kandung", "Mother's maiden name";
        Relationship = "hubungan", "Hubungan dengan kepala keluarga", "Relationship to the head";
        Marital = "status_kawin", "Status perkawinan", "Marital status";
        Occupation = "pekerjaan", "Pekerjaan", "Occupation";
        Disability = "disabilitas", "Disabilitas", "Disability";
        Presence = "keberadaan", "Keberadaan", "Presence";
        Finding = "temuan", "Temuan", "Finding";
        NotEligible = "alasan_tidak_layak", "Alasan tidak layak", "Not-eligible reasons";
        UpdateReason = "alasan_pemutakhiran", "Alasan pemutakhiran", "Update reason";
        Programmes = "program", "Program terdampak", "Programmes affected";
    }
);

coded!(
    /// A household field on the form.
    HouseholdField {
        VisitDate = "tanggal_kunjungan", "Tanggal kunjungan", "Visit date";
        Kelurahan = "kelurahan", "Kelurahan", "Kelurahan";
        Rw = "rw", "RW", "RW";
        Rt = "rt", "RT", "RT";
        Street = "alamat", "Alamat jalan", "Street address";
        Floor = "lantai", "Lantai", "Floor";
        Wall = "dinding", "Dinding", "Wall";
        Roof = "atap", "Atap", "Roof";
        Lighting = "penerangan", "Penerangan", "Lighting";
        Water = "air_minum", "Air minum", "Drinking water";
        Sanitation = "jamban", "Tempat buang air besar", "Sanitation";
        CookingFuel = "bahan_bakar", "Bahan bakar memasak", "Cooking fuel";
        Assets = "aset", "Aset", "Assets";
        Decile = "desil", "Desil", "Decile";
    }
);

/// Where the cursor is, and what a message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldId {
    Household(HouseholdField),
    Member { index: usize, field: MemberField },
}

/// A field as people see it named: for a member's field, with the member's
/// name as typed on the form (empty when none yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldName {
    pub field: FieldId,
    pub member_name: String,
}

/// A person's values on the form. Texts as typed; `birth_date` as
/// `dd-mm-yyyy`. `disability: None` means no disability.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFields {
    pub nik: String,
    pub name: String,
    pub birthplace: String,
    pub birth_date: String,
    pub sex: Option<Sex>,
    pub mother_name: String,
    pub relationship: Option<Relationship>,
    pub marital: Option<MaritalStatus>,
    pub occupation: Option<Occupation>,
    pub disability: Option<Disability>,
}

impl PersonFields {
    pub fn from_person(p: &Person) -> PersonFields {
        PersonFields {
            nik: p.nik.clone(),
            name: p.name.clone(),
            birthplace: p.birthplace.clone(),
            birth_date: format_date(p.birth_date),
            sex: Some(p.sex),
            mother_name: p.mother_name.clone(),
            relationship: Some(p.relationship),
            marital: Some(p.marital),
            occupation: Some(p.occupation),
            disability: p.disability,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberEntry {
    /// The member's NIK in the register; None for a member added in this visit.
    pub registered_nik: Option<String>,
    pub presence: Option<MemberPresence>,
    pub fields: PersonFields,
    pub finding: Option<FindingKind>,
    pub not_eligible: Vec<NotEligibleReason>,
    pub update_reason: Option<UpdateReason>,
    pub programmes: Vec<Programme>,
}

impl MemberEntry {
    /// The finding when it is complete.
    pub fn finding(&self) -> Option<Finding> {
        match self.finding? {
            FindingKind::Layak => Some(Finding::Layak),
            FindingKind::TidakLayak if !self.not_eligible.is_empty() => {
                Some(Finding::TidakLayak(self.not_eligible.clone()))
            }
            FindingKind::TidakLayak => None,
            FindingKind::Update => self.update_reason.map(Finding::Update),
        }
    }

    /// Stays in the household after pengesahan.
    pub fn remains(&self) -> bool {
        !self.presence.is_some_and(MemberPresence::is_gone)
    }

    fn is_deceased_finding(&self) -> bool {
        match self.finding {
            Some(FindingKind::TidakLayak) => self.not_eligible.contains(&NotEligibleReason::Deceased),
            Some(FindingKind::Update) => self.update_reason == Some(UpdateReason::Deceased),
            _ => false,
        }
    }
}

/// The home-visit form: a draft record of its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitForm {
    pub id: u64,
    pub no_kk: String,
    /// The stage period this visit is submitted in (`stage::Period::id`).
    pub period: String,
    pub officer: String,
    /// The household as the register held it when the visit started.
    pub registered: Household,
    pub visit_date: String,
    pub kelurahan: String,
    pub rw: String,
    pub rt: String,
    pub street: String,
    pub info: HouseholdInfo,
    pub members: Vec<MemberEntry>,
    /// Keys of warnings the officer acknowledged (see [`FormMessage::key`]).
    pub acknowledged: Vec<String>,
    pub cursor: FieldId,
    pub saved_at: NaiveDateTime,
}

/// Dates on forms: `dd-mm-yyyy`.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// Reads `dd-mm-yyyy` (or with `/` or `.`), or ISO `yyyy-mm-dd`. None when
/// the text is not a date that exists.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let n = |s: &str| s.parse::<u32>().ok();
    if parts[0].len() == 4 {
        NaiveDate::from_ymd_opt(i32::try_from(n(parts[0])?).ok()?, n(parts[1])?, n(parts[2])?)
    } else if parts[2].len() == 4 {
        NaiveDate::from_ymd_opt(i32::try_from(n(parts[2])?).ok()?, n(parts[1])?, n(parts[0])?)
    } else {
        None
    }
}

mod form;
mod validation;

pub use form::EditError;
pub use validation::{FormMessage, FormProblem, Severity};

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;
