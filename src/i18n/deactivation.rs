//! The words of `crate::domain::deactivation`: states, steps, grounds,
//! evidence kinds, refusals, changes and the double-record suggestion.
//! The 15 tidak-layak reasons keep their words beside their codes.

use super::{Lang, fmt_date};
use crate::domain::deactivation::double::{KeepBecause, Suggestion};
use crate::domain::deactivation::monev::LineProblem;
use crate::domain::deactivation::{
    Change, Deactivated, DeletionGround, DocumentKind, Ground, Origin, Outcome, Refusal, State, Step, Subject,
};

impl State {
    pub fn label(self, lang: Lang) -> &'static str {
        use State::*;
        match (lang, self) {
            (Lang::Id, Draft) => "konsep",
            (Lang::En, Draft) => "draft",
            (Lang::Id, Proposed) => "diajukan ke Muskel",
            (Lang::En, Proposed) => "put to the Muskel",
            (Lang::Id, Agreed) => "disetujui Muskel",
            (Lang::En, Agreed) => "agreed in the Muskel",
            (Lang::Id, Approved) => "diputuskan: disetujui",
            (Lang::En, Approved) => "decided: approved",
            (Lang::Id, Rejected) => "diputuskan: ditolak",
            (Lang::En, Rejected) => "decided: rejected",
            (Lang::Id, Effective) => "berlaku",
            (Lang::En, Effective) => "in effect",
            (Lang::Id, Reverted) => "dibatalkan",
            (Lang::En, Reverted) => "reverted",
            (Lang::Id, Appealed) => "disanggah",
            (Lang::En, Appealed) => "appealed",
            (Lang::Id, Reinstated) => "dipulihkan",
            (Lang::En, Reinstated) => "reinstated",
            (Lang::Id, Upheld) => "sanggahan ditolak",
            (Lang::En, Upheld) => "upheld",
        }
    }
}

impl Step {
    /// The verb, for "cannot … a proposal that is …".
    pub fn label(self, lang: Lang) -> &'static str {
        use Step::*;
        match (lang, self) {
            (Lang::Id, Edit) => "mengubah",
            (Lang::En, Edit) => "edit",
            (Lang::Id, Submit) => "mengajukan ke Muskel",
            (Lang::En, Submit) => "put to the Muskel",
            (Lang::Id, Agree) => "mencatat persetujuan Muskel atas",
            (Lang::En, Agree) => "record the Muskel's agreement to",
            (Lang::Id, Decide) => "memutuskan",
            (Lang::En, Decide) => "decide",
            (Lang::Id, TakeEffect) => "memberlakukan",
            (Lang::En, TakeEffect) => "put into effect",
            (Lang::Id, Revert) => "membatalkan",
            (Lang::En, Revert) => "revert",
            (Lang::Id, Appeal) => "mencatat sanggahan atas",
            (Lang::En, Appeal) => "appeal",
            (Lang::Id, DecideAppeal) => "memutuskan sanggahan atas",
            (Lang::En, DecideAppeal) => "decide the appeal on",
        }
    }

    /// Which states the step needs, as a whole clause.
    fn needs(self, lang: Lang) -> &'static str {
        use Step::*;
        match (lang, self) {
            (Lang::Id, Edit) => "hanya konsep yang bisa diubah",
            (Lang::En, Edit) => "only a draft can be edited",
            (Lang::Id, Submit) => "hanya konsep yang bisa diajukan ke Muskel",
            (Lang::En, Submit) => "only a draft can be put to the Muskel",
            (Lang::Id, Agree) => "hanya usulan yang sudah diajukan ke Muskel yang bisa disetujui Muskel",
            (Lang::En, Agree) => "only a proposal put to a Muskel can be agreed in it",
            (Lang::Id, Decide) => "hanya usulan yang belum diputuskan yang bisa diputuskan",
            (Lang::En, Decide) => "only a proposal not yet decided can be decided",
            (Lang::Id, TakeEffect) => "hanya usulan yang disetujui yang bisa diberlakukan",
            (Lang::En, TakeEffect) => "only an approved proposal can be put into effect",
            (Lang::Id, Revert) => "hanya keputusan yang disetujui atau berlaku yang bisa dibatalkan",
            (Lang::En, Revert) => "only an approved or effective decision can be reverted",
            (Lang::Id, Appeal) => "hanya keputusan yang berlaku yang bisa disanggah",
            (Lang::En, Appeal) => "only a decision in effect can be appealed",
            (Lang::Id, DecideAppeal) => {
                "hanya usulan yang disanggah yang bisa diputuskan sanggahannya, dengan setuju atau tolak"
            }
            (Lang::En, DecideAppeal) => {
                "only an appealed proposal can have its appeal decided, by approving or rejecting"
            }
        }
    }
}

impl Outcome {
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Id, Outcome::Approve) => "setujui",
            (Lang::En, Outcome::Approve) => "approve",
            (Lang::Id, Outcome::Reject) => "tolak",
            (Lang::En, Outcome::Reject) => "reject",
            (Lang::Id, Outcome::Revise) => "kembalikan untuk perbaikan",
            (Lang::En, Outcome::Revise) => "return for revision",
        }
    }
}

impl DeletionGround {
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Id, DeletionGround::Double) => "data ganda, dikonfirmasi Dukcapil",
            (Lang::En, DeletionGround::Double) => "double record, confirmed by Dukcapil",
            (Lang::Id, DeletionGround::Deceased) => "meninggal dunia",
            (Lang::En, DeletionGround::Deceased) => "deceased",
            (Lang::Id, DeletionGround::NotEligible) => "memenuhi kriteria tidak layak",
            (Lang::En, DeletionGround::NotEligible) => "meets the not-eligible criteria",
        }
    }
}

impl Ground {
    pub fn label(self, lang: Lang) -> String {
        match (lang, self) {
            (_, Ground::NotEligible(r)) => format!("{}. {}", r.code(), r.label(lang)),
            (Lang::Id, Ground::Deletion(g)) => format!("penghapusan: {}", g.label(lang)),
            (Lang::En, Ground::Deletion(g)) => format!("deletion: {}", g.label(lang)),
            (Lang::Id, Ground::MovedOut) => "pindah domisili".into(),
            (Lang::En, Ground::MovedOut) => "moved out".into(),
            (Lang::Id, Ground::Improved) => "kondisi sosial ekonomi membaik".into(),
            (Lang::En, Ground::Improved) => "improved socio-economic status".into(),
        }
    }
}

impl DocumentKind {
    pub fn label(self, lang: Lang) -> &'static str {
        use DocumentKind::*;
        match (lang, self) {
            (Lang::Id, DeathCertificate) => "akta kematian",
            (Lang::En, DeathCertificate) => "death certificate",
            (Lang::Id, DukcapilMatch) => "hasil padan Dukcapil",
            (Lang::En, DukcapilMatch) => "Dukcapil match result",
            (Lang::Id, BappedaAsset) => "temuan aset Bappeda",
            (Lang::En, BappedaAsset) => "Bappeda asset finding",
            (Lang::Id, DoubleRecordPair) => "pasangan data ganda",
            (Lang::En, DoubleRecordPair) => "double-record pair",
            (Lang::Id, Other) => "dokumen lain",
            (Lang::En, Other) => "other document",
        }
    }
}

impl Origin {
    pub fn label(self, lang: Lang) -> &'static str {
        use Origin::*;
        match (lang, self) {
            (Lang::Id, Petugas) => "petugas",
            (Lang::En, Petugas) => "field officer",
            (Lang::Id, Monev) => "monev",
            (Lang::En, Monev) => "monitoring (monev)",
            (Lang::Id, Muskel) => "Muskel",
            (Lang::En, Muskel) => "Muskel",
            (Lang::Id, DoubleRecord) => "penyelesaian data ganda",
            (Lang::En, DoubleRecord) => "double-record resolution",
        }
    }
}

impl Subject {
    pub fn label(&self, lang: Lang) -> String {
        match (lang, self) {
            (_, Subject::Person { nik, .. }) => format!("NIK {nik}"),
            (Lang::Id, Subject::Household { no_kk }) => format!("keluarga No. KK {no_kk}"),
            (Lang::En, Subject::Household { no_kk }) => format!("household No. KK {no_kk}"),
        }
    }
}

impl Refusal {
    pub fn message(&self, lang: Lang) -> String {
        use Refusal::*;
        let d = |x| fmt_date(lang, x);
        match (lang, self) {
            (Lang::Id, Illegal { step, from }) => {
                format!("Tidak bisa {} usulan berstatus {}: {}", step.label(lang), from.label(lang), step.needs(lang))
            }
            (Lang::En, Illegal { step, from }) => {
                format!("Cannot {} a proposal that is {}: {}", step.label(lang), from.label(lang), step.needs(lang))
            }
            (Lang::Id, OwnProposal { user }) => {
                format!("{user} mengusulkan ini sendiri; keputusan harus diambil pengguna lain (empat mata)")
            }
            (Lang::En, OwnProposal { user }) => {
                format!("{user} made this proposal; another user must decide it (four-eyes rule)")
            }
            (Lang::Id, OwnDecision { user }) => {
                format!("{user} memutuskan usulan ini; sanggahannya harus diputuskan pengguna lain")
            }
            (Lang::En, OwnDecision { user }) => {
                format!("{user} decided this proposal; another user must decide its appeal")
            }
            (Lang::Id, BeforeMuskel { state }) => format!(
                "Usulan masih {}; putuskan setelah Muskel menyetujuinya, atau lampirkan akta kematian (nomor dan tanggal) bila meninggal dunia",
                state.label(lang)
            ),
            (Lang::En, BeforeMuskel { state }) => format!(
                "The proposal is still {}; decide it after the Muskel agreed it, or attach the death certificate (number and date) if deceased",
                state.label(lang)
            ),
            (Lang::Id, AlreadyInactive { subject }) => {
                format!("{} sudah nonaktif; untuk mengaktifkan kembali, buat usulan reaktivasi", subject.label(lang))
            }
            (Lang::En, AlreadyInactive { subject }) => {
                format!("{} is already inactive; to bring it back, make a reactivation proposal", subject.label(lang))
            }
            (Lang::Id, NotInactive { subject }) => {
                format!("{} tidak nonaktif; reaktivasi hanya untuk data yang nonaktif", subject.label(lang))
            }
            (Lang::En, NotInactive { subject }) => {
                format!("{} is not inactive; only inactive data can be reactivated", subject.label(lang))
            }
            (Lang::Id, UnknownPerson { nik, no_kk }) => {
                format!("NIK {nik} tidak ada di No. KK {no_kk}; periksa NIK atau cari orangnya di register")
            }
            (Lang::En, UnknownPerson { nik, no_kk }) => {
                format!("NIK {nik} is not in No. KK {no_kk}; check the NIK or look the person up in the register")
            }
            (Lang::Id, WrongHousehold { expected, got }) => {
                format!("Usulan ini untuk No. KK {expected}, bukan {got}; buka keluarga yang benar")
            }
            (Lang::En, WrongHousehold { expected, got }) => {
                format!("This proposal is for No. KK {expected}, not {got}; open the right household")
            }
            (Lang::Id, GroundNeedsAllProgrammes { ground }) => {
                format!("Alasan '{}' berlaku untuk semua program; pilih semua program", ground.label(lang))
            }
            (Lang::En, GroundNeedsAllProgrammes { ground }) => {
                format!("The ground '{}' applies to every programme; choose all programmes", ground.label(lang))
            }
            (Lang::Id, NoProgramme) => "Tidak ada program yang dipilih; pilih sedikitnya satu, atau semua".into(),
            (Lang::En, NoProgramme) => "No programme is chosen; choose at least one, or all".into(),
            (Lang::Id, NoEvidence) => {
                "Usulan belum punya bukti; tambahkan dokumen (jenis, nomor, tanggal) atau catatan".into()
            }
            (Lang::En, NoEvidence) => {
                "The proposal has no evidence; add a document (kind, number, date) or a note".into()
            }
            (Lang::Id, NoNote { step }) => format!("Catatan kosong; tulis alasannya untuk {}", step.label(lang)),
            (Lang::En, NoNote { step }) => format!("The note is empty; write the reason to {}", step.label(lang)),
            (Lang::Id, NothingEnrolled { programmes }) => format!(
                "Tidak ada kepesertaan aktif di {}; tidak ada yang dihentikan",
                programmes.iter().map(|p| p.code()).collect::<Vec<_>>().join(", ")
            ),
            (Lang::En, NothingEnrolled { programmes }) => format!(
                "No live enrolment in {}; there is nothing to stop",
                programmes.iter().map(|p| p.code()).collect::<Vec<_>>().join(", ")
            ),
            (Lang::Id, NoOpenPeriod { programme }) => format!(
                "Tidak ada periode {} yang daftarnya belum dibekukan dalam sepuluh tahun ke depan; periksa jadwal periode",
                programme.code()
            ),
            (Lang::En, NoOpenPeriod { programme }) => format!(
                "No {} period in the next ten years has an unfrozen list; check the period schedule",
                programme.code()
            ),
            (Lang::Id, ReachedFrozenList { programme, period }) => format!(
                "Keputusan sudah masuk daftar {} periode {period} yang dibekukan; tidak bisa dibatalkan, ajukan reaktivasi",
                programme.code()
            ),
            (Lang::En, ReachedFrozenList { programme, period }) => format!(
                "The decision has reached the frozen {} list of period {period}; it cannot be reverted, propose a reactivation",
                programme.code()
            ),
            (Lang::Id, NotADeactivation) => "Hanya penonaktifan yang bisa disanggah".into(),
            (Lang::En, NotADeactivation) => "Only a deactivation can be appealed".into(),
            (Lang::Id, DeathDateInFuture { date }) => {
                format!("Tanggal kematian {} melewati hari ini; periksa baris ini di berkas Dukcapil", d(*date))
            }
            (Lang::En, DeathDateInFuture { date }) => {
                format!("The death date {} is after today; check this line of the Dukcapil file", d(*date))
            }
        }
    }
}

impl Change {
    pub fn message(&self, lang: Lang) -> String {
        let status = |s: crate::domain::DtksStatus| s.label(lang);
        match (lang, self) {
            (Lang::Id, Change::PersonStatus { nik, from, to, since }) => {
                format!("NIK {nik}, status DTKS: {} → {} sejak {}", status(*from), status(*to), fmt_date(lang, *since))
            }
            (Lang::En, Change::PersonStatus { nik, from, to, since }) => {
                format!("NIK {nik}, DTKS status: {} → {} from {}", status(*from), status(*to), fmt_date(lang, *since))
            }
            (Lang::Id, Change::HouseholdStatus { from, to, since }) => {
                format!("Status keluarga: {} → {} sejak {}", status(*from), status(*to), fmt_date(lang, *since))
            }
            (Lang::En, Change::HouseholdStatus { from, to, since }) => {
                format!("Household status: {} → {} from {}", status(*from), status(*to), fmt_date(lang, *since))
            }
            (Lang::Id, Change::Enrolment { nik, after, .. }) => match after.until {
                Some(u) => format!("NIK {nik}: kepesertaan {} berakhir {}", after.programme.code(), fmt_date(lang, u)),
                None => {
                    format!("NIK {nik}: kepesertaan {} mulai {}", after.programme.code(), fmt_date(lang, after.since))
                }
            },
            (Lang::En, Change::Enrolment { nik, after, .. }) => match after.until {
                Some(u) => format!("NIK {nik}: {} enrolment ends {}", after.programme.code(), fmt_date(lang, u)),
                None => {
                    format!("NIK {nik}: {} enrolment starts {}", after.programme.code(), fmt_date(lang, after.since))
                }
            },
        }
    }
}

impl Deactivated {
    /// "nonaktif sejak 1 Jan 2026 karena 3. Meninggal dunia (keputusan #12)".
    pub fn message(&self, lang: Lang) -> String {
        let (since, ground, id) = (fmt_date(lang, self.since), self.ground.label(lang), self.proposal);
        match lang {
            Lang::Id => format!("nonaktif sejak {since} karena {ground} (keputusan #{id})"),
            Lang::En => format!("inactive since {since} because {ground} (decision #{id})"),
        }
    }
}

impl KeepBecause {
    pub fn reason(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Id, KeepBecause::ActiveAssistance) => "hanya data ini yang punya riwayat bantuan aktif",
            (Lang::En, KeepBecause::ActiveAssistance) => "only this record has an active assistance history",
            (Lang::Id, KeepBecause::OlderRecord) => "data ini lebih lama",
            (Lang::En, KeepBecause::OlderRecord) => "this record is older",
            (Lang::Id, KeepBecause::NoDifference) => "tidak ada yang membedakan; periksa KTP dan KK",
            (Lang::En, KeepBecause::NoDifference) => "nothing tells them apart; check the KTP and KK",
        }
    }
}

impl Suggestion {
    pub fn message(&self, lang: Lang) -> String {
        let why = self.because.reason(lang);
        match lang {
            Lang::Id => format!(
                "Saran: pertahankan No. KK {}, hapus data di No. KK {} ({why}). Keputusan tetap pada operator",
                self.keep, self.remove
            ),
            Lang::En => format!(
                "Suggestion: keep No. KK {}, remove the record in No. KK {} ({why}). The operator decides",
                self.keep, self.remove
            ),
        }
    }
}

impl LineProblem {
    pub fn message(&self, lang: Lang) -> String {
        use LineProblem::*;
        match (lang, self) {
            (Lang::Id, WrongEncoding) => "Baris ini bukan teks UTF-8; simpan ulang berkasnya sebagai CSV UTF-8".into(),
            (Lang::En, WrongEncoding) => "This line is not UTF-8 text; save the file again as CSV UTF-8".into(),
            (Lang::Id, UnknownNik { nik }) => format!("NIK {nik} tidak ada di register; periksa nomornya"),
            (Lang::En, UnknownNik { nik }) => format!("NIK {nik} is not in the register; check the number"),
            (Lang::Id, UnknownKk { no_kk }) => format!("No. KK {no_kk} tidak ada di register; periksa nomornya"),
            (Lang::En, UnknownKk { no_kk }) => format!("No. KK {no_kk} is not in the register; check the number"),
            (Lang::Id, NoHolder) => "Baris aset tanpa NIK maupun No. KK; isi salah satunya".into(),
            (Lang::En, NoHolder) => "Asset line with neither NIK nor No. KK; fill in one of them".into(),
            (Lang::Id, DuplicateLine { first }) => {
                format!("Temuan yang sama sudah ada di baris {first}; hapus baris ini")
            }
            (Lang::En, DuplicateLine { first }) => {
                format!("The same finding is already on line {first}; remove this line")
            }
            (Lang::Id, BadStatus { text }) => {
                format!("Status '{text}' tidak dikenal; tulis meninggal, pindah atau tidak_padan")
            }
            (Lang::En, BadStatus { text }) => {
                format!("Unknown status '{text}'; write meninggal, pindah or tidak_padan")
            }
            (Lang::Id, BadDate { text }) => format!("'{text}' bukan tanggal; tulis sebagai TTTT-BB-HH"),
            (Lang::En, BadDate { text }) => format!("'{text}' is not a date; write it as YYYY-MM-DD"),
            (Lang::Id, BadAsset { text }) => format!(
                "Jenis aset '{text}' tidak dikenal; gunakan salah satu dari {}",
                crate::domain::codes::Asset::codes()
            ),
            (Lang::En, BadAsset { text }) => {
                format!("Unknown asset kind '{text}'; use one of {}", crate::domain::codes::Asset::codes())
            }
            (Lang::Id, BadValue { text }) => {
                format!("Nilai '{text}' bukan angka rupiah; tulis tanpa titik, misalnya 25000000")
            }
            (Lang::En, BadValue { text }) => {
                format!("Value '{text}' is not a rupiah amount; write it without dots, e.g. 25000000")
            }
            (_, Refused(r)) => r.message(lang),
        }
    }
}

/// The fixed words of `dtks nonaktif` and `dtks monev`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CliMsg {
    Proposals,
    PerState,
    NoProposals,
    Reactivation,
    AllProgrammes,
    Subject,
    Reason,
    Scope,
    Origin,
    ProposedBy,
    Evidence,
    Decision,
    AppealDecision,
    Urgent,
    EffectiveFrom,
    DtksStatusFrom,
    Changes,
    History,
    Line,
    DraftsMade,
    AlreadyOpen,
    LinesRejected,
}

impl CliMsg {
    pub const ALL: &'static [CliMsg] = &[
        CliMsg::Proposals,
        CliMsg::PerState,
        CliMsg::NoProposals,
        CliMsg::Reactivation,
        CliMsg::AllProgrammes,
        CliMsg::Subject,
        CliMsg::Reason,
        CliMsg::Scope,
        CliMsg::Origin,
        CliMsg::ProposedBy,
        CliMsg::Evidence,
        CliMsg::Decision,
        CliMsg::AppealDecision,
        CliMsg::Urgent,
        CliMsg::EffectiveFrom,
        CliMsg::DtksStatusFrom,
        CliMsg::Changes,
        CliMsg::History,
        CliMsg::Line,
        CliMsg::DraftsMade,
        CliMsg::AlreadyOpen,
        CliMsg::LinesRejected,
    ];
}

pub fn cli_text(lang: Lang, m: CliMsg) -> &'static str {
    use CliMsg::*;
    match (lang, m) {
        (Lang::Id, Proposals) => "usulan penonaktifan",
        (Lang::En, Proposals) => "deactivation proposals",
        (Lang::Id, PerState) => "per status",
        (Lang::En, PerState) => "per state",
        (Lang::Id, NoProposals) => "Tidak ada usulan penonaktifan",
        (Lang::En, NoProposals) => "No deactivation proposals",
        (Lang::Id, Reactivation) => "pengaktifan kembali",
        (Lang::En, Reactivation) => "reactivation",
        (Lang::Id, AllProgrammes) => "register dan semua program",
        (Lang::En, AllProgrammes) => "the register and every programme",
        (Lang::Id, Subject) => "Subjek",
        (Lang::En, Subject) => "Subject",
        (Lang::Id, Reason) => "Alasan",
        (Lang::En, Reason) => "Reason",
        (Lang::Id, Scope) => "Cakupan",
        (Lang::En, Scope) => "Scope",
        (Lang::Id, Origin) => "Asal",
        (Lang::En, Origin) => "Source",
        (Lang::Id, ProposedBy) => "Diusulkan oleh",
        (Lang::En, ProposedBy) => "Proposed by",
        (Lang::Id, Evidence) => "Bukti",
        (Lang::En, Evidence) => "Evidence",
        (Lang::Id, Decision) => "Keputusan",
        (Lang::En, Decision) => "Decision",
        (Lang::Id, AppealDecision) => "Keputusan sanggahan",
        (Lang::En, AppealDecision) => "Appeal decision",
        (Lang::Id, Urgent) => "mendesak, sebelum Muskel",
        (Lang::En, Urgent) => "urgent, before the Muskel",
        (Lang::Id, EffectiveFrom) => "berlaku mulai",
        (Lang::En, EffectiveFrom) => "in effect from",
        (Lang::Id, DtksStatusFrom) => "status DTKS berubah sejak",
        (Lang::En, DtksStatusFrom) => "DTKS status changes from",
        (Lang::Id, Changes) => "Perubahan pada register",
        (Lang::En, Changes) => "Changes to the register",
        (Lang::Id, History) => "Riwayat",
        (Lang::En, History) => "History",
        (Lang::Id, Line) => "baris",
        (Lang::En, Line) => "line",
        (Lang::Id, DraftsMade) => "konsep usulan dibuat",
        (Lang::En, DraftsMade) => "draft proposals made",
        (Lang::Id, AlreadyOpen) => "sudah punya usulan terbuka, tidak digandakan",
        (Lang::En, AlreadyOpen) => "already have an open proposal, not doubled",
        (Lang::Id, LinesRejected) => "baris ditolak",
        (Lang::En, LinesRejected) => "lines rejected",
    }
}

/// A `--state` that is none of the state codes.
pub fn unknown_state(lang: Lang, text: &str) -> String {
    let codes = State::ALL.iter().map(|s| s.code()).collect::<Vec<_>>().join(", ");
    match lang {
        Lang::Id => format!("status '{text}' tidak dikenal; gunakan salah satu dari {codes}"),
        Lang::En => format!("unknown state '{text}'; use one of {codes}"),
    }
}

/// `nonaktif show ID` for an id with no proposal.
pub fn no_proposal(lang: Lang, id: u64) -> String {
    match lang {
        Lang::Id => format!("tidak ada usulan penonaktifan #{id}; lihat daftarnya dengan `dtks nonaktif list`"),
        Lang::En => format!("there is no deactivation proposal #{id}; list them with `dtks nonaktif list`"),
    }
}

/// "Usulan #12, baris 3: …" — the line of a monev file that drafted nothing.
pub fn monev_line(lang: Lang, file: &str, line: usize, problem: &LineProblem) -> String {
    format!("{file}, {} {line}: {}", cli_text(lang, CliMsg::Line), problem.message(lang))
}

/// "Line 4 already has open proposal #12".
pub fn already_open_line(lang: Lang, file: &str, line: usize, id: u64) -> String {
    match lang {
        Lang::Id => format!("{file}, baris {line}: usulan #{id} masih terbuka untuk orang yang sama"),
        Lang::En => format!("{file}, line {line}: proposal #{id} is still open for the same person"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_words_exist_in_both_languages_and_differ_where_words_do() {
        for &m in CliMsg::ALL {
            let (id, en) = (cli_text(Lang::Id, m), cli_text(Lang::En, m));
            assert!(!id.is_empty() && id != en, "{m:?}: {id}");
        }
        let mut ids: Vec<&str> = CliMsg::ALL.iter().map(|&m| cli_text(Lang::Id, m)).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), CliMsg::ALL.len());
        assert!(unknown_state(Lang::Id, "x").contains("konsep, diajukan, disetujui_muskel"));
        assert!(no_proposal(Lang::En, 7).contains("#7"));
        let dup = LineProblem::DuplicateLine { first: 2 };
        assert_eq!(
            monev_line(Lang::Id, "a.csv", 3, &dup),
            "a.csv, baris 3: Temuan yang sama sudah ada di baris 2; hapus baris ini"
        );
        assert_eq!(
            monev_line(Lang::En, "a.csv", 3, &dup),
            "a.csv, line 3: The same finding is already on line 2; remove this line"
        );
    }
}
