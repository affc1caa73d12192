//! Every value the store writes goes through here: one format byte, then
//! bincode (standard config) over serde. bincode stores struct fields and
//! enum variants by position, so adding a field to a stored struct or
//! reordering variants is a new layout: it gets a new format byte, and old
//! bytes keep decoding through their own branch.
//!
//! Format 2 added an enrolment's source, a person's pregnancy and a
//! proposed person's work, disability and pregnancy. The structs that
//! changed read format-1 bytes through their old shape (`layouts`), told
//! by [`reading_format_1`] while a format-1 value is decoded.
//!
//! Format 3 is written for audit events only: they gained their origin, the
//! persons a view showed and the hash of the event before them. Events of
//! formats 1 and 2 read through their old shape (`audit`).

use std::cell::Cell;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::{EnrolmentStatus, Programme};

/// Format byte of values written before enrolments carried their source.
pub(crate) const FORMAT_V1: u8 = 1;
/// Format byte of values written by this version.
pub(crate) const FORMAT_V2: u8 = 2;
/// Format byte of audit events written by this version.
pub(crate) const FORMAT_V3: u8 = 3;

thread_local! {
    static READING: Cell<u8> = const { Cell::new(FORMAT_V3) };
}

/// The format of the value being decoded on this thread.
pub(crate) fn reading_format() -> u8 {
    READING.with(Cell::get)
}

/// Whether the value being decoded on this thread is of format 1.
pub(crate) fn reading_format_1() -> bool {
    reading_format() == FORMAT_V1
}

/// Sets the format being read for one decode, and puts the old one back.
struct Reading(u8);

impl Reading {
    fn set(format: u8) -> Reading {
        Reading(READING.with(|r| r.replace(format)))
    }
}

impl Drop for Reading {
    fn drop(&mut self) {
        READING.with(|r| r.set(self.0));
    }
}

/// Why a stored value could not be turned back into a record.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("the value is empty")]
    Empty,
    #[error("unknown value format {0} (this dtks reads formats {FORMAT_V1} to {FORMAT_V3}); use a newer dtks")]
    UnknownFormat(u8),
    #[error("the value is damaged: {0}")]
    Decode(String),
    #[error("the value cannot be encoded: {0}")]
    Encode(String),
}

pub(crate) fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CodecError> {
    encode_as(FORMAT_V2, value)
}

/// The value behind format byte `format`.
pub(crate) fn encode_as<T: Serialize + ?Sized>(format: u8, value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![format];
    bincode::serde::encode_into_std_write(value, &mut out, bincode::config::standard())
        .map_err(|e| CodecError::Encode(e.to_string()))?;
    Ok(out)
}

pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&format, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    match format {
        FORMAT_V1..=FORMAT_V3 => {
            let _reading = Reading::set(format);
            let (value, used) = bincode::serde::decode_from_slice(body, bincode::config::standard())
                .map_err(|e| CodecError::Decode(e.to_string()))?;
            if used != body.len() {
                return Err(CodecError::Decode(format!("{} trailing bytes after the value", body.len() - used)));
            }
            Ok(value)
        }
        other => Err(CodecError::UnknownFormat(other)),
    }
}

/// Key byte of a programme. Part of the on-disk layout: never reuse a byte.
pub(crate) fn programme_byte(p: Programme) -> u8 {
    match p {
        Programme::Klj => b'l',
        Programme::Kaj => b'a',
        Programme::Kpdj => b'd',
        Programme::Kparj => b'y',
        Programme::Pkh => b'p',
        Programme::Bpnt => b'b',
        Programme::JknPbi => b'j',
    }
}

/// Key byte of an enrolment status. Part of the on-disk layout.
pub(crate) fn enrolment_byte(s: EnrolmentStatus) -> u8 {
    match s {
        EnrolmentStatus::Proposed => b'u',
        EnrolmentStatus::Active => b'a',
        EnrolmentStatus::Suspended => b't',
        EnrolmentStatus::Stopped => b's',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_format_byte_first() {
        let bytes = encode(&("siti".to_string(), 7u32)).unwrap();
        assert_eq!(bytes[0], FORMAT_V2);
        let back: (String, u32) = decode(&bytes).unwrap();
        assert_eq!(back, ("siti".to_string(), 7));
    }

    #[test]
    fn unknown_format_is_refused() {
        let mut bytes = encode(&5u32).unwrap();
        bytes[0] = 4;
        assert!(matches!(decode::<u32>(&bytes), Err(CodecError::UnknownFormat(4))));
        assert!(matches!(decode::<u32>(&[]), Err(CodecError::Empty)));
    }

    #[test]
    fn trailing_bytes_are_damage() {
        let mut bytes = encode(&5u32).unwrap();
        bytes.push(0);
        assert!(matches!(decode::<u32>(&bytes), Err(CodecError::Decode(_))));
    }

    #[test]
    fn key_bytes_are_distinct() {
        let mut p: Vec<u8> = Programme::ALL.iter().map(|&p| programme_byte(p)).collect();
        p.sort();
        p.dedup();
        assert_eq!(p.len(), Programme::ALL.len());
        let mut s: Vec<u8> = EnrolmentStatus::ALL.iter().map(|&s| enrolment_byte(s)).collect();
        s.sort();
        s.dedup();
        assert_eq!(s.len(), EnrolmentStatus::ALL.len());
    }
}

#[cfg(test)]
mod layout {
    use crate::domain::*;

    /// bincode stores an enum by its variant's position, so reordering or
    /// inserting variants silently changes what stored records mean. New
    /// values go at the end of their enum; then extend the list here.
    #[test]
    fn stored_enums_keep_their_variant_order() {
        let orders = [
            Sex::codes(),
            Relationship::codes(),
            MaritalStatus::codes(),
            Occupation::codes(),
            Disability::codes(),
            DtksStatus::codes(),
            Source::codes(),
            Programme::codes(),
            EnrolmentStatus::codes(),
            NotEligibleReason::codes(),
            Floor::codes(),
            Wall::codes(),
            Roof::codes(),
            Lighting::codes(),
            DrinkingWater::codes(),
            Sanitation::codes(),
            CookingFuel::codes(),
            Asset::codes(),
        ];
        let pinned = [
            "L, P",
            "kepala, pasangan, anak, menantu, cucu, orang_tua, mertua, famili, lainnya",
            "belum_kawin, kawin, cerai_hidup, cerai_mati",
            "tidak_bekerja, pelajar, mengurus_rumah_tangga, buruh, petani, nelayan, pedagang, wiraswasta, karyawan_swasta, pengemudi, asn, tni, polri, pensiunan_asn_tni_polri, guru_sertifikasi, tenaga_kesehatan, perangkat_desa, pengurus_perusahaan, lainnya",
            "fisik, intelektual, mental, sensorik, ganda",
            "diusulkan, aktif, nonaktif",
            "pemda, kemensos, mandiri",
            "KLJ, KAJ, KPDJ, KPARJ, PKH, BPNT, JKN-PBI",
            "diusulkan, aktif, ditangguhkan, berhenti",
            "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15",
            "keramik, ubin, semen, kayu, bambu, tanah, lainnya",
            "tembok, plesteran_bambu, kayu, anyaman_bambu, seng, lainnya",
            "beton, genteng, seng, asbes, kayu, ijuk, lainnya",
            "pln_meteran, pln_tanpa_meteran, non_pln, bukan_listrik",
            "kemasan, ledeng, sumur_bor, sumur_terlindung, sumur_tak_terlindung, mata_air, air_hujan, lainnya",
            "sendiri, bersama, umum, tidak_ada",
            "listrik, gas, minyak_tanah, kayu_bakar, arang, tidak_memasak, lainnya",
            "sepeda_motor, mobil, kulkas, ac, tv, emas, komputer, smartphone, lahan",
        ];
        for (now, was) in orders.iter().zip(pinned) {
            assert!(
                now.starts_with(was),
                "stored variant order changed: was [{was}], now [{now}]; add new values at the end"
            );
        }
    }
}
