//! NIK and No. KK: 16 digits, PPKKCC DDMMYY SSSS.
//! (Signatures fixed; bodies to be written.)

use chrono::NaiveDate;

use super::codes::Sex;
use super::model::{Address, Person};
use super::wilayah::Wilayah;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("'{value}' has {len} characters; a {what} has 16 digits")]
    Length { what: &'static str, value: String, len: usize },
    #[error("'{value}' is not all digits (position {pos}); a {what} has 16 digits")]
    NotDigits { what: &'static str, value: String, pos: usize },
    #[error("'{value}': digits 7–12 ({digits}) are not a real date")]
    BadDate { what: &'static str, value: String, digits: String },
}

/// What a NIK says about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NikInfo {
    /// Kecamatan code in dotted form, `31.71.01`.
    pub kecamatan: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub serial: u16,
}

/// What a No. KK says about its card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KkInfo {
    pub kecamatan: String,
    pub issued: NaiveDate,
    pub serial: u16,
}

/// A disagreement between a NIK and the recorded data; shown, never fatal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NikWarning {
    BirthDate { in_nik: NaiveDate, recorded: NaiveDate },
    Sex { in_nik: Sex, recorded: Sex },
    /// The NIK was issued in another kecamatan than the address (common after a move).
    Region { in_nik: String, address: String },
    /// The NIK's region code is not in the wilayah list.
    UnknownRegion { code: String },
}

pub fn decode_nik(nik: &str, recorded_birth: Option<NaiveDate>, today: NaiveDate) -> Result<NikInfo, NumberError> {
    let _ = (nik, recorded_birth, today);
    todo!()
}

pub fn decode_kk(kk: &str, today: NaiveDate) -> Result<KkInfo, NumberError> {
    let _ = (kk, today);
    todo!()
}

/// Builds a NIK (used by the sample generator and tests).
pub fn encode_nik(kecamatan: &str, birth: NaiveDate, sex: Sex, serial: u16) -> String {
    let _ = (kecamatan, birth, sex, serial);
    todo!()
}

/// Checks a person's NIK against their record and address.
pub fn check_person(person: &Person, address: &Address, wilayah: &Wilayah, today: NaiveDate) -> Result<Vec<NikWarning>, NumberError> {
    let _ = (person, address, wilayah, today);
    todo!()
}
