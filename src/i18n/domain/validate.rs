//! Texts of `domain::validate`: the household invariants.

use std::fmt;

use crate::domain::validate::{HouseholdError, MemberRef};
use crate::i18n::Lang;

impl MemberRef {
    /// "Andi (NIK 3171…)", or "anggota 3 (NIK 3171…)" when the name is empty.
    pub fn label(&self, lang: Lang) -> String {
        let n = self.index + 1;
        let (name, nik) = (self.name.trim(), self.nik.trim());
        match (name.is_empty(), nik.is_empty(), lang) {
            (false, false, _) => format!("{name} (NIK {nik})"),
            (false, true, _) => name.to_string(),
            (true, false, Lang::Id) => format!("anggota {n} (NIK {nik})"),
            (true, false, Lang::En) => format!("member {n} (NIK {nik})"),
            (true, true, Lang::Id) => format!("anggota {n}"),
            (true, true, Lang::En) => format!("member {n}"),
        }
    }
}

impl HouseholdError {
    /// The message for people, Indonesian or English.
    pub fn message(&self, lang: Lang) -> String {
        use HouseholdError::*;
        match (self, lang) {
            (NoHead { kk }, Lang::Id) => {
                format!("KK {kk} tidak punya kepala keluarga; tandai satu anggota sebagai 'kepala'")
            }
            (NoHead { kk }, Lang::En) => {
                format!("household {kk} has no head (kepala keluarga); mark one member as 'kepala'")
            }
            (SeveralHeads { kk, count, niks }, Lang::Id) => {
                format!("KK {kk} punya {count} kepala keluarga ({niks}); sisakan tepat satu 'kepala'")
            }
            (SeveralHeads { kk, count, niks }, Lang::En) => {
                format!("household {kk} has {count} heads ({niks}); keep exactly one 'kepala'")
            }
            (NikTwiceInHousehold { kk, nik }, Lang::Id) => format!("NIK {nik} tercatat dua kali dalam KK {kk}"),
            (NikTwiceInHousehold { kk, nik }, Lang::En) => format!("NIK {nik} appears twice in household {kk}"),
            (Number(e), _) => e.message(lang),
            (MemberNik { who, error }, Lang::Id) => format!("NIK {}: {}", who.label(lang), error.message(lang)),
            (MemberNik { who, error }, Lang::En) => format!("NIK of {}: {}", who.label(lang), error.message(lang)),
            (UnknownKelurahan { kk, code }, Lang::Id) => format!(
                "KK {kk}: kode kelurahan '{code}' tidak ada dalam daftar wilayah; pilih kelurahan dari daftar atau impor wilayahnya dulu"
            ),
            (UnknownKelurahan { kk, code }, Lang::En) => format!(
                "household {kk}: kelurahan code '{code}' is not in the region list; pick the kelurahan from the list or import the region first"
            ),
            (RwRt { kk, field, value }, Lang::Id) => {
                format!("KK {kk}: {field} {value} di luar rentang; gunakan 1 sampai 999")
            }
            (RwRt { kk, field, value }, Lang::En) => {
                format!("household {kk}: {field} {value} is out of range; use 1 to 999")
            }
            (EmptyName { who }, Lang::Id) => format!("Nama {} kosong; isi nama sesuai KTP/KK", who.label(lang)),
            (EmptyName { who }, Lang::En) => {
                format!("name of {} is empty; enter the name as on the KTP/KK", who.label(lang))
            }
            (BirthAfterToday { who, birth }, Lang::Id) => {
                format!(
                    "Tanggal lahir {} ({}) melewati hari ini; periksa tanggalnya",
                    who.label(lang),
                    birth.format("%d-%m-%Y")
                )
            }
            (BirthAfterToday { who, birth }, Lang::En) => {
                format!("birth date of {} ({birth}) is after today; check the date", who.label(lang))
            }
        }
    }
}

/// English, for logs and error chains; screens call `message`.
impl fmt::Display for HouseholdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for HouseholdError {}
