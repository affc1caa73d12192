//! Muskel (Musyawarah Kelurahan): the deliberation that decides proposals
//! for entry, for assistance, and for stopping/deactivation (seed 004).
//!
//! A [`Muskel`] record holds the attendance, the items discussed with the
//! decision on each, and the evidence files (name + SHA-256, computed by the
//! layer that reads the file). The Berita Acara is rendered from it
//! (`berita_acara`), and its agreed entry/assistance items are the prelist
//! akhir ([`prelist_akhir`]).
//!
//! Cadence: a Muskel is held at least once every three months. The next one
//! is due on the same day three calendar months after the last (clamped to
//! the month's end: 30 Nov → 28/29 Feb); a kelurahan is overdue from the day
//! after that.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::codes::{Programme, coded};
use super::usulan::UsulanKind;
use super::wilayah;

coded!(
    /// Who attended, as unsur of the Muskel.
    AttendeeRole {
        Lurah = "lurah", "Lurah/aparatur kelurahan", "Lurah/kelurahan staff";
        Lmk = "lmk", "LMK", "LMK (community council)";
        Rw = "rw", "Pengurus RW", "RW head";
        Rt = "rt", "Pengurus RT", "RT head";
        Kader = "kader", "Kader PKK/Dasa Wisma/Jumantik", "PKK/Dasa Wisma/Jumantik cadre";
        Pendamping = "pendamping", "Pendamping/petugas pendata", "Social worker/enumerator";
        Dprd = "dprd", "Anggota DPRD", "DPRD member";
        Warga = "warga", "Unsur masyarakat", "Community member";
    }
);

coded!(
    /// What an item discussed in the Muskel asks.
    ItemKind {
        Entry = "masuk_dtks", "Usulan masuk DTKS", "Enter DTKS";
        EntryWithAssistance = "masuk_dtks_bansos", "Usulan masuk DTKS sekaligus bansos", "Enter DTKS and receive assistance";
        Assistance = "bansos_pbi", "Usulan bansos/JKN-PBI", "Receive assistance/JKN-PBI";
        Deactivation = "penghentian", "Usulan penghentian/penonaktifan", "Stopping/deactivation";
    }
);

impl ItemKind {
    pub fn is_deactivation(self) -> bool {
        self == ItemKind::Deactivation
    }
}

impl From<UsulanKind> for ItemKind {
    fn from(k: UsulanKind) -> ItemKind {
        match k {
            UsulanKind::Entry => ItemKind::Entry,
            UsulanKind::EntryWithAssistance => ItemKind::EntryWithAssistance,
            UsulanKind::Assistance => ItemKind::Assistance,
        }
    }
}

coded!(
    /// The Muskel's decision on an item.
    Decision {
        Agreed = "disetujui", "Disetujui", "Agreed";
        Rejected = "ditolak", "Ditolak", "Rejected";
        Deferred = "ditunda", "Ditunda", "Deferred";
    }
);

coded!(
    /// Kinds of evidence the seed requires to be uploaded with the result.
    EvidenceKind {
        BeritaAcara = "berita_acara", "Berita acara bertanda tangan", "Signed Berita Acara";
        Attendance = "daftar_hadir", "Daftar hadir", "Attendance list";
        MeetingPhoto = "foto_kegiatan", "Foto kegiatan", "Photo of the meeting";
        PublicationPhoto = "foto_publikasi", "Foto hasil publikasi", "Photo of the publication";
        Other = "lainnya", "Lainnya", "Other";
    }
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub role: AttendeeRole,
    /// Institution or area, e.g. "RW 05"; may be empty.
    pub from: String,
    pub signed: bool,
}

/// One proposal discussed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MuskelItem {
    pub kind: ItemKind,
    /// The usulan record, when the item came from one.
    pub usulan_id: Option<u64>,
    pub no_kk: String,
    /// Empty for a whole-household item.
    pub nik: String,
    pub name: String,
    pub programmes: Vec<Programme>,
    /// None until the Muskel decides.
    pub decision: Option<Decision>,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub file_name: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Muskel {
    pub id: u64,
    /// Dotted kelurahan code, `31.71.01.1001`.
    pub kelurahan: String,
    pub date: NaiveDate,
    pub place: String,
    /// Berita Acara number, when the kelurahan numbers them.
    pub number: String,
    pub attendees: Vec<Attendee>,
    pub items: Vec<MuskelItem>,
    pub evidence: Vec<Evidence>,
}

/// A problem that keeps a Muskel record from producing its Berita Acara.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum MuskelProblem {
    BadKelurahan { code: String },
    DateAfterToday { date: NaiveDate },
    NoPlace,
    NoAttendees,
    NoSignature,
    AttendeeWithoutName { index: usize },
    Undecided { index: usize, name: String },
    BadHash { file_name: String },
    NoFileName { index: usize },
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Every problem that keeps the record from a complete Berita Acara.
pub fn check_muskel(m: &Muskel, today: NaiveDate) -> Vec<MuskelProblem> {
    use MuskelProblem as P;
    let mut out = Vec::new();
    if wilayah::level(&m.kelurahan) != Some(wilayah::Level::Kelurahan) {
        out.push(P::BadKelurahan { code: m.kelurahan.clone() });
    }
    if m.date > today {
        out.push(P::DateAfterToday { date: m.date });
    }
    if m.place.trim().is_empty() {
        out.push(P::NoPlace);
    }
    if m.attendees.is_empty() {
        out.push(P::NoAttendees);
    } else if !m.attendees.iter().any(|a| a.signed) {
        out.push(P::NoSignature);
    }
    for (index, a) in m.attendees.iter().enumerate() {
        if a.name.trim().is_empty() {
            out.push(P::AttendeeWithoutName { index });
        }
    }
    for (index, it) in m.items.iter().enumerate() {
        if it.decision.is_none() {
            out.push(P::Undecided { index, name: it.name.clone() });
        }
    }
    for (index, e) in m.evidence.iter().enumerate() {
        if e.file_name.trim().is_empty() {
            out.push(P::NoFileName { index });
        } else if !is_sha256(&e.sha256) {
            out.push(P::BadHash { file_name: e.file_name.clone() });
        }
    }
    out
}

/// Counts by item kind and decision (None = not yet decided).
pub fn tally(m: &Muskel) -> BTreeMap<(ItemKind, Option<Decision>), usize> {
    let mut t = BTreeMap::new();
    for it in &m.items {
        *t.entry((it.kind, it.decision)).or_insert(0) += 1;
    }
    t
}

/// Proposals (entries and assistance) and deactivations, all decisions.
pub fn counts(m: &Muskel) -> (usize, usize) {
    let deact = m.items.iter().filter(|i| i.kind.is_deactivation()).count();
    (m.items.len() - deact, deact)
}

/// The agreed entry and assistance items: the prelist akhir.
pub fn prelist_akhir(m: &Muskel) -> Vec<&MuskelItem> {
    m.items.iter().filter(|i| !i.kind.is_deactivation() && i.decision == Some(Decision::Agreed)).collect()
}

/// The agreed deactivations, for the deactivation process.
pub fn agreed_deactivations(m: &Muskel) -> Vec<&MuskelItem> {
    m.items.iter().filter(|i| i.kind.is_deactivation() && i.decision == Some(Decision::Agreed)).collect()
}

/// Months between Muskel meetings at most.
pub const CADENCE_MONTHS: u32 = 3;

/// Where a kelurahan stands against the three-month cadence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cadence {
    /// No Muskel recorded.
    Never,
    /// `days_left` is 0 on the due day itself.
    OnTime { last: NaiveDate, due: NaiveDate, days_left: i64 },
    /// Overdue since the day after `due`.
    Overdue { last: NaiveDate, due: NaiveDate, days_over: i64 },
}

impl Cadence {
    pub fn is_flagged(&self) -> bool {
        !matches!(self, Cadence::OnTime { .. })
    }
}

/// The day the next Muskel is due after one held on `last`.
pub fn next_due(last: NaiveDate) -> NaiveDate {
    last.checked_add_months(Months::new(CADENCE_MONTHS)).unwrap_or(NaiveDate::MAX)
}

/// The cadence of a kelurahan whose last Muskel was `last`.
pub fn cadence(last: Option<NaiveDate>, today: NaiveDate) -> Cadence {
    let Some(last) = last else {
        return Cadence::Never;
    };
    let due = next_due(last);
    if today <= due {
        Cadence::OnTime { last, due, days_left: (due - today).num_days() }
    } else {
        Cadence::Overdue { last, due, days_over: (today - due).num_days() }
    }
}

/// The cadence of each kelurahan named, from all the Muskel records given
/// (those held after `today` are ignored).
pub fn cadence_by_kelurahan<'a>(
    kelurahan: &[&'a str],
    muskels: &[Muskel],
    today: NaiveDate,
) -> Vec<(&'a str, Cadence)> {
    kelurahan
        .iter()
        .map(|&k| {
            let last = muskels.iter().filter(|m| m.kelurahan == k && m.date <= today).map(|m| m.date).max();
            (k, cadence(last, today))
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::visit::fixtures::date;
    use crate::i18n::Lang;

    pub fn item(kind: ItemKind, decision: Option<Decision>, name: &str) -> MuskelItem {
        MuskelItem {
            kind,
            usulan_id: None,
            no_kk: "3171061203180007".into(),
            nik: String::new(),
            name: name.into(),
            programmes: vec![],
            decision,
            note: String::new(),
        }
    }

    pub fn muskel() -> Muskel {
        Muskel {
            id: 3,
            kelurahan: "31.71.06.1003".into(),
            date: date(2024, 12, 13),
            place: "Aula Kantor Kelurahan".into(),
            number: "05/BA/XII/2024".into(),
            attendees: vec![
                Attendee { name: "Lurah Contoh".into(), role: AttendeeRole::Lurah, from: String::new(), signed: true },
                Attendee {
                    name: "Ketua RW Contoh".into(),
                    role: AttendeeRole::Rw,
                    from: "RW 02".into(),
                    signed: false,
                },
            ],
            items: vec![
                item(ItemKind::Entry, Some(Decision::Agreed), "A"),
                item(ItemKind::EntryWithAssistance, Some(Decision::Agreed), "B"),
                item(ItemKind::Assistance, Some(Decision::Rejected), "C"),
                item(ItemKind::Deactivation, Some(Decision::Agreed), "D"),
                item(ItemKind::Deactivation, Some(Decision::Deferred), "E"),
            ],
            evidence: vec![Evidence {
                kind: EvidenceKind::MeetingPhoto,
                file_name: "foto-muskel.jpg".into(),
                sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".into(),
            }],
        }
    }

    #[test]
    fn cadence_three_months_boundary() {
        let last = date(2025, 3, 15);
        assert_eq!(
            cadence(Some(last), date(2025, 6, 15)),
            Cadence::OnTime { last, due: date(2025, 6, 15), days_left: 0 }
        );
        let over = cadence(Some(last), date(2025, 6, 16));
        assert_eq!(over, Cadence::Overdue { last, due: date(2025, 6, 15), days_over: 1 });
        assert!(over.is_flagged());
        assert!(!cadence(Some(last), date(2025, 6, 15)).is_flagged());
        assert!(over.message(Lang::Id).contains("lebih dari tiga bulan"));
        // Month ends clamp: 30 Nov → 28 Feb.
        assert_eq!(next_due(date(2024, 11, 30)), date(2025, 2, 28));
        assert!(cadence(Some(date(2024, 11, 30)), date(2025, 3, 1)).is_flagged());
        assert!(!cadence(Some(date(2024, 11, 30)), date(2025, 2, 28)).is_flagged());
        assert!(cadence(None, date(2025, 1, 1)).is_flagged());
    }

    #[test]
    fn cadence_uses_the_latest_muskel_of_each_kelurahan() {
        let a = muskel();
        let mut b = muskel();
        b.date = date(2025, 2, 1);
        let mut other = muskel();
        other.kelurahan = "31.71.06.1001".into();
        other.date = date(2025, 5, 1);
        let r = cadence_by_kelurahan(&["31.71.06.1003", "31.71.06.1002"], &[a, b, other], date(2025, 5, 2));
        // 2 May is the day after the 1 May due date.
        assert_eq!(r[0].1, Cadence::Overdue { last: date(2025, 2, 1), due: date(2025, 5, 1), days_over: 1 });
        assert_eq!(r[1].1, Cadence::Never);
    }

    #[test]
    fn tally_prelist_and_deactivations() {
        let m = muskel();
        assert_eq!(counts(&m), (3, 2));
        let t = tally(&m);
        assert_eq!(t[&(ItemKind::Deactivation, Some(Decision::Agreed))], 1);
        assert_eq!(t[&(ItemKind::Deactivation, Some(Decision::Deferred))], 1);
        assert_eq!(t.get(&(ItemKind::Assistance, Some(Decision::Agreed))), None);
        let names: Vec<&str> = prelist_akhir(&m).iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
        assert_eq!(agreed_deactivations(&m)[0].name, "D");
    }

    #[test]
    fn check_muskel_reports_each_problem() {
        let today = date(2025, 1, 1);
        assert_eq!(check_muskel(&muskel(), today), vec![]);
        let mut m = muskel();
        m.attendees.iter_mut().for_each(|a| a.signed = false);
        m.items[2].decision = None;
        m.evidence[0].sha256 = "E3B0".into();
        assert_eq!(
            check_muskel(&m, today),
            vec![
                MuskelProblem::NoSignature,
                MuskelProblem::Undecided { index: 2, name: "C".into() },
                MuskelProblem::BadHash { file_name: "foto-muskel.jpg".into() },
            ]
        );
        let mut m = muskel();
        m.kelurahan = "31.71.06".into();
        m.date = date(2025, 1, 2);
        assert_eq!(
            check_muskel(&m, today),
            vec![
                MuskelProblem::BadKelurahan { code: "31.71.06".into() },
                MuskelProblem::DateAfterToday { date: date(2025, 1, 2) },
            ]
        );
    }
}
