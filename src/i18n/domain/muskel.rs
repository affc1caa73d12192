//! Texts of `domain::muskel`: record problems and the Muskel cadence.

use chrono::NaiveDate;

use crate::domain::muskel::{Cadence, MuskelProblem};
use crate::i18n::Lang;

impl MuskelProblem {
    pub fn message(&self, lang: Lang) -> String {
        use MuskelProblem::*;
        match (self, lang) {
            (BadKelurahan { code }, Lang::Id) => {
                format!("Kode kelurahan '{code}' tidak sah; pilih kelurahan dari daftar (bentuk 31.71.01.1001)")
            }
            (BadKelurahan { code }, Lang::En) => {
                format!("Kelurahan code '{code}' is not valid; pick the kelurahan from the list (form 31.71.01.1001)")
            }
            (DateAfterToday { date }, Lang::Id) => {
                format!("Tanggal musyawarah {} melewati hari ini; periksa tanggalnya", date.format("%d-%m-%Y"))
            }
            (DateAfterToday { date }, Lang::En) => {
                format!("The Muskel date {} is after today; check the date", date.format("%d-%m-%Y"))
            }
            (NoPlace, Lang::Id) => "Tempat musyawarah kosong; isi tempatnya".into(),
            (NoPlace, Lang::En) => "The place of the Muskel is empty; fill it in".into(),
            (NoAttendees, Lang::Id) => "Daftar hadir kosong; tambahkan peserta yang hadir".into(),
            (NoAttendees, Lang::En) => "The attendance list is empty; add who attended".into(),
            (NoSignature, Lang::Id) => {
                "Belum ada peserta yang menandatangani; berita acara harus ditandatangani perwakilan yang hadir".into()
            }
            (NoSignature, Lang::En) => {
                "Nobody has signed; the Berita Acara must be signed by the attending representatives".into()
            }
            (AttendeeWithoutName { index }, Lang::Id) => format!("Peserta ke-{} belum bernama; isi namanya", index + 1),
            (AttendeeWithoutName { index }, Lang::En) => format!("Attendee {} has no name; fill it in", index + 1),
            (Undecided { index, name }, Lang::Id) => {
                format!("Usulan ke-{} ({name}) belum diputuskan; pilih disetujui, ditolak atau ditunda", index + 1)
            }
            (Undecided { index, name }, Lang::En) => {
                format!("Item {} ({name}) has no decision; choose agreed, rejected or deferred", index + 1)
            }
            (BadHash { file_name }, Lang::Id) => format!(
                "SHA-256 berkas '{file_name}' tidak sah (harus 64 karakter heksadesimal); lampirkan ulang berkasnya"
            ),
            (BadHash { file_name }, Lang::En) => {
                format!("The SHA-256 of '{file_name}' is not valid (64 hex characters expected); attach the file again")
            }
            (NoFileName { index }, Lang::Id) => {
                format!("Bukti ke-{} tidak punya nama berkas; lampirkan ulang berkasnya", index + 1)
            }
            (NoFileName { index }, Lang::En) => {
                format!("Evidence {} has no file name; attach the file again", index + 1)
            }
        }
    }
}

impl Cadence {
    pub fn message(&self, lang: Lang) -> String {
        let d = |x: &NaiveDate| x.format("%d-%m-%Y").to_string();
        match (self, lang) {
            (Cadence::Never, Lang::Id) => "Belum pernah musyawarah kelurahan; jadwalkan Muskel".into(),
            (Cadence::Never, Lang::En) => "No Muskel recorded; schedule one".into(),
            (Cadence::OnTime { due, days_left, .. }, Lang::Id) => {
                format!("Muskel berikutnya paling lambat {} (sisa {days_left} hari)", d(due))
            }
            (Cadence::OnTime { due, days_left, .. }, Lang::En) => {
                format!("Next Muskel due by {} ({days_left} days left)", d(due))
            }
            (Cadence::Overdue { last, due, days_over }, Lang::Id) => format!(
                "Muskel terakhir {} lebih dari tiga bulan lalu; terlambat {days_over} hari sejak {}; jadwalkan Muskel",
                d(last),
                d(due)
            ),
            (Cadence::Overdue { last, due, days_over }, Lang::En) => format!(
                "Last Muskel {} is more than three months ago; {days_over} days overdue since {}; schedule one",
                d(last),
                d(due)
            ),
        }
    }
}

impl crate::domain::muskel::ItemKind {
    /// The kind in a word or two, for a table column; `label` says it whole.
    pub fn short_label(self, lang: Lang) -> &'static str {
        use crate::domain::muskel::ItemKind::*;
        match (lang, self) {
            (Lang::Id, Entry) => "Masuk DTKS",
            (Lang::En, Entry) => "Enter DTKS",
            (Lang::Id, EntryWithAssistance) => "Masuk+bansos",
            (Lang::En, EntryWithAssistance) => "Enter+aid",
            (Lang::Id, Assistance) => "Bansos/PBI",
            (Lang::En, Assistance) => "Aid/PBI",
            (Lang::Id, Deactivation) => "Penghentian",
            (Lang::En, Deactivation) => "Stopping",
        }
    }
}
