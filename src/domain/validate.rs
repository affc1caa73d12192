//! Household invariants checked on every write. (Signatures fixed; bodies to be written.)

use chrono::NaiveDate;

use super::model::Household;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HouseholdError {
    #[error("household {kk} has no head (kepala keluarga); mark one member as 'kepala'")]
    NoHead { kk: String },
    #[error("household {kk} has {count} heads ({niks}); keep exactly one 'kepala'")]
    SeveralHeads { kk: String, count: usize, niks: String },
    #[error("NIK {nik} appears twice in household {kk}")]
    NikTwiceInHousehold { kk: String, nik: String },
    #[error("{0}")]
    Number(#[from] super::nik::NumberError),
    #[error("{field} of {who}: {reason}")]
    Field { who: String, field: &'static str, reason: String },
}

/// Every invariant a household must satisfy before it is written.
pub fn validate_household(h: &Household, today: NaiveDate) -> Vec<HouseholdError> {
    let _ = (h, today);
    todo!()
}
