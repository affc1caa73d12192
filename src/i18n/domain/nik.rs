//! Texts of `domain::nik`: number errors and NIK warnings.

use std::fmt;

use chrono::NaiveDate;

use crate::domain::nik::{KK, NikWarning, NumberError};
use crate::domain::wilayah::Wilayah;
use crate::i18n::Lang;

impl NumberError {
    /// The message for people, Indonesian or English.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (NumberError::Length { what, value, len }, Lang::Id) => {
                format!("'{value}' terdiri dari {len} karakter; {what} harus 16 digit")
            }
            (NumberError::Length { what, value, len }, Lang::En) => {
                format!("'{value}' has {len} characters; a {what} has 16 digits")
            }
            (NumberError::NotDigits { what, value, pos }, Lang::Id) => {
                format!("'{value}' bukan angka semua (posisi {pos}); {what} harus 16 digit")
            }
            (NumberError::NotDigits { what, value, pos }, Lang::En) => {
                format!("'{value}' is not all digits (position {pos}); a {what} has 16 digits")
            }
            (NumberError::BadDate { what, value, digits }, Lang::Id) => {
                let part = if *what == KK { "tanggal terbit" } else { "tanggal lahir" };
                format!("'{value}': digit 7–12 ({digits}) bukan {part} yang sah")
            }
            (NumberError::BadDate { value, digits, .. }, Lang::En) => {
                format!("'{value}': digits 7–12 ({digits}) are not a real date")
            }
            (NumberError::Scientific { value }, Lang::Id) => format!(
                "'{value}' tertulis dalam notasi ilmiah: spreadsheet menyimpan angka 16 digit sebagai bilangan dan digit terakhirnya hilang; format kolom sebagai Teks di Excel, ketik atau tempel ulang angkanya, lalu ekspor kembali"
            ),
            (NumberError::Scientific { value }, Lang::En) => format!(
                "'{value}' is in scientific notation: the spreadsheet stored the 16-digit number as a float and lost its last digits; format the column as Text in Excel, type or paste the numbers again and re-export"
            ),
        }
    }
}

/// English, for logs and error chains; screens call `message`.
impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for NumberError {}

impl NikWarning {
    /// The message for people, Indonesian or English. Region names come
    /// from the built-in wilayah list when it knows the code.
    pub fn message(&self, lang: Lang) -> String {
        let d = |x: &NaiveDate| x.format("%d-%m-%Y").to_string();
        match (self, lang) {
            (NikWarning::BirthDate { in_nik, recorded }, Lang::Id) => {
                format!("Tanggal lahir menurut NIK {} berbeda dengan yang tercatat {}", d(in_nik), d(recorded))
            }
            (NikWarning::BirthDate { in_nik, recorded }, Lang::En) => {
                format!("The NIK gives birth date {} but {} is recorded", d(in_nik), d(recorded))
            }
            (NikWarning::Sex { in_nik, recorded }, Lang::Id) => format!(
                "Jenis kelamin menurut NIK {} berbeda dengan yang tercatat {}",
                in_nik.label(Lang::Id),
                recorded.label(Lang::Id)
            ),
            (NikWarning::Sex { in_nik, recorded }, Lang::En) => format!(
                "The NIK says {} but {} is recorded",
                in_nik.label(Lang::En).to_lowercase(),
                recorded.label(Lang::En).to_lowercase()
            ),
            (NikWarning::Region { in_nik, address }, Lang::Id) => format!(
                "NIK diterbitkan di kecamatan {}, alamat di kecamatan {} (biasa terjadi setelah pindah)",
                with_name(in_nik),
                with_name(address)
            ),
            (NikWarning::Region { in_nik, address }, Lang::En) => format!(
                "The NIK was issued in kecamatan {}, the address is in kecamatan {} (common after a move)",
                with_name(in_nik),
                with_name(address)
            ),
            (NikWarning::UnknownRegion { code }, Lang::Id) => {
                format!("Kode wilayah {code} pada NIK tidak ada dalam daftar wilayah")
            }
            (NikWarning::UnknownRegion { code }, Lang::En) => {
                format!("The NIK's region code {code} is not in the region list")
            }
        }
    }
}

fn with_name(code: &str) -> String {
    match Wilayah::builtin().name(code) {
        Some(n) => format!("{code} ({n})"),
        None => code.to_string(),
    }
}
