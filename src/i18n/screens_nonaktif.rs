//! The words of the deactivation screens (queue, proposal form, monev
//! review, double-record pair) beyond the titles, help texts and questions
//! that must be [`super::Msg`]: labels, column headings, notices and the
//! particulars of a confirmation.

use super::{Lang, fmt_date};
use crate::domain::Programme;
use crate::domain::deactivation::{Plan, State};

/// A fixed label of the deactivation screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum N {
    TabDrafts,
    TabMuskel,
    TabDecide,
    TabDecided,
    TabReverted,
    TabAppeals,
    ColName,
    ColKelurahan,
    ColReason,
    ColProposer,
    ColDate,
    ColState,
    ColLine,
    ColFinding,
    ColMembers,
    Empty,
    AskReviseNote,
    AskRejectNote,
    AskRevertReason,
    AskAppealNote,
    AskAppealDecisionNote,
    AskMonevPath,
    AskDismissReason,
    NothingSelected,
    WrongTab,
    LblSubject,
    LblScope,
    LblReason,
    LblDocKind,
    LblDocNumber,
    LblDocDate,
    LblFiles,
    LblNote,
    LblMuskel,
    AskAttachPath,
    ScopePerson,
    ScopeHousehold,
    NoMuskel,
    None,
    GroupDeceased,
    GroupMoved,
    GroupAsset,
    GroupNotMatching,
    Waiting,
    Accepted,
    Dismissed,
    Withdrawn,
    NoPairs,
    Left,
    Right,
    Assistance,
    NoAssistance,
    BadDate,
    NoFindings,
    Reactivation,
}

pub fn n(lang: Lang, m: N) -> &'static str {
    use Lang::{En, Id};
    use N::*;
    match (lang, m) {
        (Id, TabDrafts) => "Konsep",
        (En, TabDrafts) => "Drafts",
        (Id, TabMuskel) => "Di Muskel",
        (En, TabMuskel) => "At Muskel",
        (Id, TabDecide) => "Putuskan",
        (En, TabDecide) => "To decide",
        (Id, TabDecided) => "Diputus",
        (En, TabDecided) => "Decided",
        (Id, TabReverted) => "Batal",
        (En, TabReverted) => "Reverted",
        (Id, TabAppeals) => "Sanggah",
        (En, TabAppeals) => "Appeals",
        (Id, ColName) => "Nama",
        (En, ColName) => "Name",
        (Id, ColKelurahan) => "Kelurahan",
        (En, ColKelurahan) => "Kelurahan",
        (Id, ColReason) => "Alasan",
        (En, ColReason) => "Reason",
        (Id, ColProposer) => "Pengusul",
        (En, ColProposer) => "Proposer",
        (Id, ColDate) => "Tanggal",
        (En, ColDate) => "Date",
        (Id, ColState) => "Status",
        (En, ColState) => "State",
        (Id, ColLine) => "Baris",
        (En, ColLine) => "Line",
        (Id, ColFinding) => "Temuan",
        (En, ColFinding) => "Finding",
        (Id, ColMembers) => "Anggota",
        (En, ColMembers) => "Members",
        (Id, Empty) => "Tidak ada usulan di bagian ini",
        (En, Empty) => "No proposals in this part",
        (Id, AskReviseNote) => "Catatan perbaikan untuk pengusul",
        (En, AskReviseNote) => "Revision note for the proposer",
        (Id, AskRejectNote) => "Alasan penolakan (boleh kosong)",
        (En, AskRejectNote) => "Reason for rejecting (may be empty)",
        (Id, AskRevertReason) => "Alasan pembatalan",
        (En, AskRevertReason) => "Reason for reverting",
        (Id, AskAppealNote) => "Isi sanggahan",
        (En, AskAppealNote) => "What the appeal says",
        (Id, AskAppealDecisionNote) => "Catatan keputusan sanggahan (boleh kosong)",
        (En, AskAppealDecisionNote) => "Note on the appeal decision (may be empty)",
        (Id, AskMonevPath) => "Berkas hasil monev (kosong: tinjau temuan yang sudah diimpor)",
        (En, AskMonevPath) => "Monev result file (empty: review the findings imported)",
        (Id, AskDismissReason) => "Alasan mengabaikan temuan",
        (En, AskDismissReason) => "Reason for dismissing the finding",
        (Id, NothingSelected) => "Tidak ada usulan terpilih",
        (En, NothingSelected) => "No proposal selected",
        (Id, WrongTab) => "Tindakan ini untuk bagian lain antrean",
        (En, WrongTab) => "This action belongs to another part of the queue",
        (Id, LblSubject) => "Untuk",
        (En, LblSubject) => "For",
        (Id, LblScope) => "Cakupan",
        (En, LblScope) => "Scope",
        (Id, LblReason) => "Alasan",
        (En, LblReason) => "Reason",
        (Id, LblDocKind) => "Jenis dokumen",
        (En, LblDocKind) => "Document kind",
        (Id, LblDocNumber) => "Nomor dokumen",
        (En, LblDocNumber) => "Document number",
        (Id, LblDocDate) => "Tanggal dokumen",
        (En, LblDocDate) => "Document date",
        (Id, LblFiles) => "Lampiran",
        (En, LblFiles) => "Attachments",
        (Id, LblNote) => "Catatan",
        (En, LblNote) => "Note",
        (Id, LblMuskel) => "Muskel",
        (En, LblMuskel) => "Muskel",
        (Id, AskAttachPath) => "Path berkas bukti",
        (En, AskAttachPath) => "Path of the evidence file",
        (Id, ScopePerson) => "orang ini saja",
        (En, ScopePerson) => "this person only",
        (Id, ScopeHousehold) => "seluruh keluarga",
        (En, ScopeHousehold) => "the whole household",
        (Id, NoMuskel) => "belum ada Muskel di kelurahan ini; catat dulu di layar Muskel (m)",
        (En, NoMuskel) => "no Muskel in this kelurahan yet; record one on the Muskel screen (m)",
        (Id, None) => "—",
        (En, None) => "—",
        (Id, GroupDeceased) => "Meninggal",
        (En, GroupDeceased) => "Deceased",
        (Id, GroupMoved) => "Pindah",
        (En, GroupMoved) => "Moved",
        (Id, GroupAsset) => "Aset",
        (En, GroupAsset) => "Assets",
        (Id, GroupNotMatching) => "Tidak padan",
        (En, GroupNotMatching) => "Not matching",
        (Id, Waiting) => "menunggu tinjauan",
        (En, Waiting) => "to review",
        (Id, Accepted) => "diterima",
        (En, Accepted) => "accepted",
        (Id, Dismissed) => "diabaikan",
        (En, Dismissed) => "dismissed",
        (Id, Withdrawn) => "konsep ditarik",
        (En, Withdrawn) => "draft withdrawn",
        (Id, NoPairs) => "Tidak ada data ganda: tidak ada NIK yang tercatat di dua keluarga",
        (En, NoPairs) => "No double records: no NIK is held by two households",
        (Id, Left) => "Kiri",
        (En, Left) => "Left",
        (Id, Right) => "Kanan",
        (En, Right) => "Right",
        (Id, Assistance) => "Riwayat bantuan",
        (En, Assistance) => "Assistance history",
        (Id, NoAssistance) => "tidak ada",
        (En, NoAssistance) => "none",
        (Id, BadDate) => "bukan tanggal; tulis sebagai HH-BB-TTTT, misalnya 05-06-2026",
        (En, BadDate) => "is not a date; write it as DD-MM-YYYY, e.g. 05-06-2026",
        (Id, NoFindings) => "Belum ada temuan monev; impor berkas hasil Dukcapil atau Bappeda dulu",
        (En, NoFindings) => "No monev findings yet; import a Dukcapil or Bappeda result file first",
        (Id, Reactivation) => "reaktivasi (kembali aktif)",
        (En, Reactivation) => "reactivation (back to active)",
    }
}

/// A period's written form ("2026-T4") in words ("Tahap 4 2026").
fn period(lang: Lang, code: &str) -> String {
    code.parse().map_or_else(|_| code.to_string(), |p| super::tahap::period(lang, p))
}

/// "Berlaku mulai Tahap 1 2027 (KLJ); daftar Tahap 4 2026 sudah
/// dibekukan", and on a line of its own the DTKS status date when the
/// register changes.
pub fn plan_text(lang: Lang, plan: &Plan, frozen: &[(Programme, String)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    // One clause per effective period (or, for a programme not paid in
    // lists, per date), naming its programmes.
    let mut by_period: Vec<(String, Vec<&str>)> = Vec::new();
    for e in &plan.programmes {
        let when = match &e.period {
            Some(p) => period(lang, p),
            Option::None => fmt_date(lang, e.from),
        };
        match by_period.iter_mut().find(|(p, _)| *p == when) {
            Some((_, ps)) => ps.push(e.programme.code()),
            Option::None => by_period.push((when, vec![e.programme.code()])),
        }
    }
    for (p, ps) in &by_period {
        let ps = ps.join(", ");
        parts.push(match lang {
            Lang::Id => format!("Berlaku mulai {p} ({ps})"),
            Lang::En => format!("Effective from {p} ({ps})"),
        });
    }
    let mut frozen_periods: Vec<String> = Vec::new();
    for (_, p) in frozen {
        let p = period(lang, p);
        if !frozen_periods.contains(&p) {
            frozen_periods.push(p);
        }
    }
    if !frozen_periods.is_empty() {
        let list = frozen_periods.join(", ");
        parts.push(match lang {
            Lang::Id => format!("daftar {list} sudah dibekukan"),
            Lang::En => format!("the {list} list is already frozen"),
        });
    }
    let mut out = parts.join("; ");
    if let Some(d) = plan.status_from {
        let d = fmt_date(lang, d);
        let status = match lang {
            Lang::Id => format!("status DTKS berubah sejak {d}"),
            Lang::En => format!("DTKS status changes from {d}"),
        };
        out = if out.is_empty() { status } else { format!("{out}\n{status}") };
    }
    out
}

/// "Untuk: Rina Wati (NIK …), Kel. Cempaka Putih Barat".
pub fn to_whom(lang: Lang, name: &str, subject: &str, kelurahan: &str) -> String {
    match lang {
        Lang::Id => format!("Untuk: {name} ({subject}), Kel. {kelurahan}"),
        Lang::En => format!("To: {name} ({subject}), Kel. {kelurahan}"),
    }
}

pub fn reason_line(lang: Lang, reason: &str) -> String {
    match lang {
        Lang::Id => format!("Alasan: {reason}"),
        Lang::En => format!("Reason: {reason}"),
    }
}

/// What a step did, for the status line.
pub fn done(lang: Lang, state: State, id: u64, name: &str) -> String {
    let s = state.label(lang);
    match lang {
        Lang::Id => format!("Usulan #{id} ({name}): {s}"),
        Lang::En => format!("Proposal #{id} ({name}): {s}"),
    }
}

pub fn draft_saved(lang: Lang, id: u64) -> String {
    match lang {
        Lang::Id => format!("Konsep usulan #{id} disimpan"),
        Lang::En => format!("Draft proposal #{id} saved"),
    }
}

/// A Muskel as the form's picker shows it.
pub fn muskel_choice(lang: Lang, date: chrono::NaiveDate, place: &str) -> String {
    let d = fmt_date(lang, date);
    if place.is_empty() { d } else { format!("{d}, {place}") }
}

pub fn send_detail(lang: Lang, id: u64, muskel: &str) -> String {
    match lang {
        Lang::Id => format!("Usulan #{id} diajukan ke Muskel {muskel}; setelah diajukan tidak bisa diubah lagi"),
        Lang::En => format!("Proposal #{id} goes to the Muskel of {muskel}; once put there it cannot be edited"),
    }
}

pub fn monev_report(lang: Lang, drafted: usize, open: usize, rejects: usize, first: Option<String>) -> String {
    let first = first.map(|f| format!(" · {f}")).unwrap_or_default();
    match lang {
        Lang::Id => {
            format!("Monev: {drafted} konsep baru, {open} sudah punya usulan terbuka, {rejects} baris ditolak{first}")
        }
        Lang::En => {
            format!(
                "Monev: {drafted} new drafts, {open} already with an open proposal, {rejects} lines rejected{first}"
            )
        }
    }
}

pub fn line_of(lang: Lang, line: usize, what: &str) -> String {
    match lang {
        Lang::Id => format!("baris {line}: {what}"),
        Lang::En => format!("line {line}: {what}"),
    }
}

pub fn group(lang: Lang, name: N, count: usize) -> String {
    format!("{} ({count})", n(lang, name))
}

pub fn dismissed(lang: Lang, line: usize) -> String {
    match lang {
        Lang::Id => format!("Temuan baris {line} diabaikan; konsepnya ditarik"),
        Lang::En => format!("Finding on line {line} dismissed; its draft withdrawn"),
    }
}

pub fn accepted(lang: Lang, line: usize, id: u64) -> String {
    match lang {
        Lang::Id => format!("Temuan baris {line} diterima sebagai konsep usulan #{id}"),
        Lang::En => format!("Finding on line {line} accepted as draft proposal #{id}"),
    }
}

pub fn pair_of(lang: Lang, i: usize, count: usize, nik: &str) -> String {
    match lang {
        Lang::Id => format!("Pasangan {i} dari {count} · NIK {nik}"),
        Lang::En => format!("Pair {i} of {count} · NIK {nik}"),
    }
}

pub fn keep_detail(lang: Lang, nik: &str, name: &str, keep: &str, remove: &str) -> String {
    match lang {
        Lang::Id => format!(
            "Pertahankan No. KK {keep}.\nKonsep usulan hapus {name} (NIK {nik}) di No. KK {remove}, alasan data ganda; \
             tetap harus lewat Muskel dan keputusan pengguna lain"
        ),
        Lang::En => format!(
            "Keep No. KK {keep}.\nDraft deletion proposal for {name} (NIK {nik}) in No. KK {remove}, ground double record; \
             it still goes through the Muskel and another user's decision"
        ),
    }
}

pub fn double_drafted(lang: Lang, id: u64, remove: &str) -> String {
    match lang {
        Lang::Id => format!("Konsep usulan hapus #{id} dibuat untuk data di No. KK {remove}"),
        Lang::En => format!("Draft deletion proposal #{id} made for the record in No. KK {remove}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deactivation::ProgrammeEffect;
    use crate::testkit::date;

    #[test]
    fn the_plan_names_each_period_its_programmes_and_the_frozen_lists() {
        let plan = Plan {
            programmes: vec![
                ProgrammeEffect { programme: Programme::Klj, period: Some("2027-T1".into()), from: date(2027, 1, 1) },
                ProgrammeEffect { programme: Programme::Kaj, period: Some("2027-T1".into()), from: date(2027, 1, 1) },
                ProgrammeEffect { programme: Programme::JknPbi, period: Option::None, from: date(2026, 12, 2) },
            ],
            status_from: Some(date(2026, 12, 2)),
        };
        let frozen = vec![(Programme::Klj, "2026-T4".to_string()), (Programme::Kaj, "2026-T4".to_string())];
        assert_eq!(
            plan_text(Lang::Id, &plan, &frozen),
            "Berlaku mulai Tahap 1 2027 (Jan–Mar) (KLJ, KAJ); Berlaku mulai 2 Des 2026 (JKN-PBI); \
             daftar Tahap 4 2026 (Okt–Des) sudah dibekukan\nstatus DTKS berubah sejak 2 Des 2026"
        );
        let none = Plan { programmes: vec![], status_from: Option::None };
        assert_eq!(plan_text(Lang::En, &none, &[]), "");
    }
}
