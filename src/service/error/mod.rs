//! What a use case refuses, and the one function that says it to a person:
//! `ServiceError::message(lang)`. Errors carry typed causes (the domain's
//! own errors, paths, ids); the words are chosen here, in both languages,
//! with no catch-all arm, so a message without its translation does not
//! compile. Every message says what went wrong, where, and what to do.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::deactivation::Refusal as DeactivationRefusal;
use crate::domain::muskel::MuskelProblem;
use crate::domain::stage::{Stage, StageError};
use crate::domain::usulan::UsulanProblem;
use crate::domain::validate::HouseholdError;
use crate::domain::visit::EditError;
use crate::formats::FormatError;
use crate::i18n::{Lang, fmt_date};
use crate::store::StoreError;

mod access;
mod tahap;
mod user;
mod words;
pub use access::{AccessRefusal, right_words, role_words};
pub use tahap::TahapRefusal;
pub use user::UserRefusal;
pub use words::{format_message, io_advice, io_reason, store_message};

#[derive(Debug)]
pub enum ServiceError {
    Store(StoreError),
    Format(FormatError),
    /// A file or directory the use case had to read or write.
    Io {
        path: PathBuf,
        kind: io::ErrorKind,
    },
    /// The call was understood and refused: nothing was changed.
    Refused(Refusal),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        ServiceError::Store(e)
    }
}

impl From<FormatError> for ServiceError {
    fn from(e: FormatError) -> Self {
        ServiceError::Format(e)
    }
}

impl From<Refusal> for ServiceError {
    fn from(r: Refusal) -> Self {
        ServiceError::Refused(r)
    }
}

impl std::error::Error for ServiceError {}

/// English, for logs and `anyhow` chains; people see `message(lang)`.
impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Why a use case said no, with what it needs to say so in either language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A file given as an audit checkpoint is not one.
    NotACheckpoint {
        path: PathBuf,
        detail: String,
    },
    NoVisit {
        visit: u64,
    },
    NoVerificationRecord {
        visit: u64,
        no_kk: Option<String>,
    },
    NotYourVisit {
        visit: u64,
        no_kk: String,
        officer: String,
    },
    NoLongerEditable {
        visit: u64,
        no_kk: String,
        stage: Stage,
    },
    VisitInProgress {
        no_kk: String,
        visit: u64,
        stage: Stage,
        officer: String,
    },
    NotInRegister {
        no_kk: String,
    },
    NotAPeriod {
        text: String,
    },
    NotAMonth {
        text: String,
    },
    ReturnedCannotBeDiscarded {
        visit: u64,
        no_kk: String,
    },
    Stage {
        visit: u64,
        no_kk: String,
        error: StageError,
    },
    Form(EditError),
    ListedTwice {
        visit: u64,
    },
    TwoVisitsOneKk {
        visit: u64,
        no_kk: String,
    },
    HouseholdGone {
        visit: u64,
        no_kk: String,
    },
    FindingsLeaveInvalid {
        visit: u64,
        no_kk: String,
        error: Box<HouseholdError>,
    },
    /// Pengesahan checks every visit first; these are all it found.
    PengesahanRefused {
        problems: Vec<Refusal>,
    },
    VisitRecordMismatch {
        visit: u64,
        no_kk: String,
        record_visit: u64,
        record_kk: String,
    },
    NoMuskel {
        id: u64,
    },
    MuskelNotSaved {
        kelurahan: String,
        problems: Vec<MuskelProblem>,
    },
    EvidenceUnreadable {
        path: PathBuf,
        kind: io::ErrorKind,
    },
    EvidenceNotAFile {
        path: PathBuf,
    },
    NoUsulan {
        id: u64,
    },
    UsulanExists {
        id: u64,
    },
    UsulanNotRecorded {
        no_kk: String,
        problems: Vec<UsulanProblem>,
    },
    UsulanAlreadyVerified {
        id: u64,
        on: NaiveDate,
        by: String,
    },
    NoImportFiles {
        dir: PathBuf,
    },
    NoRegisterSheet {
        path: PathBuf,
    },
    WouldOverwrite {
        path: PathBuf,
    },
    /// A lookup with nothing to look for: empty, blanks, or only `%`, `*`
    /// and other signs.
    EmptyLookup {
        query: String,
    },
    /// An export directory holding files no export wrote (`names`, sorted).
    ExportDirHoldsOther {
        dir: PathBuf,
        names: Vec<String>,
    },
    /// A deactivation step the domain refused, about proposal `id` (0: a
    /// draft not yet saved).
    Deactivation {
        id: u64,
        refusal: DeactivationRefusal,
    },
    NoProposal {
        id: u64,
    },
    NikNotInRegister {
        nik: String,
    },
    /// Another proposal about the same person or household is still open.
    ProposalOpen {
        id: u64,
    },
    /// A monev file whose header is neither the Dukcapil nor the Bappeda one.
    MonevHeader {
        path: PathBuf,
    },
    /// Tahap disbursement, its words in `tahap.rs`.
    Tahap(TahapRefusal),
    /// A backup file or restore target, its words in `i18n/backup.rs`.
    Backup(crate::service::backup::BackupRefusal),
    /// Users of `dtks serve`, their words in `user.rs`.
    User(UserRefusal),
    /// A role or area check; words in `error/access.rs`.
    Access(AccessRefusal),
    /// Another session saved `target` since it was read (by `by` at `at`,
    /// when its audit event says so); nothing was written. Words in
    /// `i18n/versions.rs`.
    Changed {
        target: crate::store::Target,
        by: Option<String>,
        at: Option<chrono::NaiveDateTime>,
    },
    /// An office file (FORMATS.md), its words in `i18n/office.rs`.
    Office(crate::formats::office::OfficeFileError),
}

impl ServiceError {
    pub fn io(path: &Path, e: io::Error) -> ServiceError {
        ServiceError::Io { path: path.to_path_buf(), kind: e.kind() }
    }

    /// The whole message, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ServiceError::Store(e) => store_message(lang, e),
            ServiceError::Format(e) => format_message(lang, e),
            ServiceError::Io { path, kind } => {
                let advice = match lang {
                    Lang::Id => io_advice(lang, *kind, "periksa jalur dan izinnya"),
                    Lang::En => io_advice(lang, *kind, "check the path and its permissions"),
                };
                format!("{}: {}; {advice}", path.display(), io_reason(lang, *kind))
            }
            ServiceError::Refused(r) => r.message(lang),
        }
    }
}

impl Refusal {
    pub fn message(&self, lang: Lang) -> String {
        use Lang::{En, Id};
        use Refusal::*;
        match (self, lang) {
            (NotACheckpoint { path, detail }, Id) => format!(
                "{}: bukan berkas checkpoint audit ({detail}); buat dengan dtks audit checkpoint --out BERKAS",
                path.display()
            ),
            (NotACheckpoint { path, detail }, En) => format!(
                "{}: not an audit checkpoint file ({detail}); make one with dtks audit checkpoint --out FILE",
                path.display()
            ),
            (NoVisit { visit }, Id) => format!("tidak ada kunjungan {visit}; pilih satu dari daftar"),
            (NoVisit { visit }, En) => format!("no visit {visit}; pick one from the list"),
            (NoVerificationRecord { visit, no_kk }, Id) => {
                let kk = no_kk.as_ref().map(|k| format!(" (KK {k})")).unwrap_or_default();
                format!("kunjungan {visit}{kk} tidak punya catatan verifikasi; jalankan dtks check")
            }
            (NoVerificationRecord { visit, no_kk }, En) => {
                let kk = no_kk.as_ref().map(|k| format!(" (KK {k})")).unwrap_or_default();
                format!("visit {visit}{kk} has no verification record; run dtks check")
            }
            (NotYourVisit { visit, no_kk, officer }, Id) => {
                format!("kunjungan {visit} (KK {no_kk}) milik {officer}; hanya petugas itu yang dapat mengubahnya")
            }
            (NotYourVisit { visit, no_kk, officer }, En) => {
                format!("visit {visit} (KK {no_kk}) is {officer}'s; only that officer can change it")
            }
            (NoLongerEditable { visit, no_kk, stage }, Id) => format!(
                "kunjungan {visit} (KK {no_kk}) sudah {} dan tidak dapat diubah lagi",
                stage.label(lang).to_lowercase()
            ),
            (NoLongerEditable { visit, no_kk, stage }, En) => {
                format!(
                    "visit {visit} (KK {no_kk}) is {} and can no longer be edited",
                    stage.label(lang).to_lowercase()
                )
            }
            (VisitInProgress { no_kk, visit, stage, officer }, Id) => format!(
                "KK {no_kk} sudah punya kunjungan {visit} ({}, petugas {officer}); selesaikan yang itu dulu",
                stage.label(lang).to_lowercase()
            ),
            (VisitInProgress { no_kk, visit, stage, officer }, En) => format!(
                "KK {no_kk} already has visit {visit} ({}, officer {officer}); finish that one first",
                stage.label(lang).to_lowercase()
            ),
            (NotInRegister { no_kk }, Id) => {
                format!("KK {no_kk} tidak ada di register; periksa nomornya atau impor keluarganya")
            }
            (NotInRegister { no_kk }, En) => {
                format!("KK {no_kk} is not in the register; check the number or import the household")
            }
            (NotAPeriod { text }, Id) => {
                format!("'{text}' bukan periode; tulis sebagai PROGRAM-TTTT-BB, misalnya KLJ-2025-06")
            }
            (NotAPeriod { text }, En) => {
                format!("'{text}' is not a period; write it as PROGRAMME-YYYY-MM, e.g. KLJ-2025-06")
            }
            (NotAMonth { text }, Id) => format!("'{text}' bukan bulan; tulis sebagai TTTT-BB, misalnya 2025-06"),
            (NotAMonth { text }, En) => format!("'{text}' is not a month; write it as YYYY-MM, e.g. 2025-06"),
            (ReturnedCannotBeDiscarded { visit, no_kk }, Id) => format!(
                "kunjungan {visit} (KK {no_kk}) dikembalikan supervisor dan tidak dapat dibuang; perbaiki lalu ajukan lagi"
            ),
            (ReturnedCannotBeDiscarded { visit, no_kk }, En) => format!(
                "visit {visit} (KK {no_kk}) was returned by the supervisor and cannot be discarded; correct it and submit it again"
            ),
            (Stage { visit: 0, no_kk, error }, Id) => format!("KK {no_kk}: {}", error.message(lang)),
            (Stage { visit: 0, no_kk, error }, En) => format!("KK {no_kk}: {}", error.message(lang)),
            (Stage { visit, no_kk, error }, Id) => format!("kunjungan {visit} (KK {no_kk}): {}", error.message(lang)),
            (Stage { visit, no_kk, error }, En) => format!("visit {visit} (KK {no_kk}): {}", error.message(lang)),
            (Form(e), _) => e.message(lang),
            (ListedTwice { visit }, Id) => format!("kunjungan {visit} tercantum dua kali"),
            (ListedTwice { visit }, En) => format!("visit {visit} is listed twice"),
            (TwoVisitsOneKk { visit, no_kk }, Id) => {
                format!("kunjungan {visit}: KK {no_kk} punya kunjungan lain dalam pengesahan ini")
            }
            (TwoVisitsOneKk { visit, no_kk }, En) => {
                format!("visit {visit}: KK {no_kk} has another visit in this pengesahan")
            }
            (HouseholdGone { visit, no_kk }, Id) => format!(
                "kunjungan {visit}: KK {no_kk} tidak ada lagi di register; kembalikan kunjungannya atau pulihkan keluarganya"
            ),
            (HouseholdGone { visit, no_kk }, En) => format!(
                "visit {visit}: KK {no_kk} is no longer in the register; return the visit or restore the household"
            ),
            (FindingsLeaveInvalid { visit, no_kk, error }, Id) => format!(
                "kunjungan {visit}: temuannya membuat KK {no_kk} tidak sah: {}; kembalikan kunjungan untuk diperbaiki",
                error.message(lang)
            ),
            (FindingsLeaveInvalid { visit, no_kk, error }, En) => format!(
                "visit {visit}: the findings would leave KK {no_kk} invalid: {}; return the visit to correct it",
                error.message(lang)
            ),
            (PengesahanRefused { problems }, _) => {
                let shown = problems.iter().take(10).map(|p| p.message(lang)).collect::<Vec<_>>().join("; ");
                let more = problems.len().saturating_sub(10);
                match (lang, more) {
                    (Id, 0) => {
                        format!("pengesahan ditolak, tidak ada yang berubah: {} masalah: {shown}", problems.len())
                    }
                    (Id, m) => format!(
                        "pengesahan ditolak, tidak ada yang berubah: {} masalah: {shown} (dan {m} lagi)",
                        problems.len()
                    ),
                    (En, 0) => format!("pengesahan refused, nothing changed: {} problem(s): {shown}", problems.len()),
                    (En, m) => format!(
                        "pengesahan refused, nothing changed: {} problem(s): {shown} (and {m} more)",
                        problems.len()
                    ),
                }
            }
            (VisitRecordMismatch { visit, no_kk, record_visit, record_kk }, Id) => format!(
                "kunjungan {visit} (KK {no_kk}): catatan verifikasinya menyebut kunjungan {record_visit} (KK {record_kk}); perbaiki catatannya"
            ),
            (VisitRecordMismatch { visit, no_kk, record_visit, record_kk }, En) => format!(
                "visit {visit} (KK {no_kk}): its verification names visit {record_visit} (KK {record_kk}); fix the record"
            ),
            (NoMuskel { id }, Id) => format!("tidak ada Muskel {id}; pilih satu dari daftar"),
            (NoMuskel { id }, En) => format!("no Muskel {id}; pick one from the list"),
            (MuskelNotSaved { kelurahan, problems }, Id) => {
                format!(
                    "Muskel kelurahan {kelurahan} tidak disimpan: {}",
                    join(problems.iter().map(|p| p.message(lang)))
                )
            }
            (MuskelNotSaved { kelurahan, problems }, En) => {
                format!("Muskel of kelurahan {kelurahan} not saved: {}", join(problems.iter().map(|p| p.message(lang))))
            }
            (EvidenceUnreadable { path, kind }, Id) => format!(
                "{}: berkas bukti ini tidak dapat dilampirkan ({}); periksa jalurnya lalu lampirkan lagi",
                path.display(),
                io_reason(lang, *kind)
            ),
            (EvidenceUnreadable { path, kind }, En) => format!(
                "{}: cannot attach this evidence file ({}); check the path and attach it again",
                path.display(),
                io_reason(lang, *kind)
            ),
            (EvidenceNotAFile { path }, Id) => {
                format!("{}: bukan berkas; lampirkan sebuah berkas (foto, pindaian atau PDF)", path.display())
            }
            (EvidenceNotAFile { path }, En) => {
                format!("{}: is not a file; attach a file (photo, scan or PDF)", path.display())
            }
            (NoUsulan { id }, Id) => format!("tidak ada usulan {id}; pilih satu dari daftar"),
            (NoUsulan { id }, En) => format!("no usulan {id}; pick one from the list"),
            (UsulanExists { id }, Id) => format!("usulan {id} sudah ada; tambahkan yang baru dengan id 0"),
            (UsulanExists { id }, En) => format!("usulan {id} already exists; add a new one with id 0"),
            (UsulanNotRecorded { no_kk, problems }, Id) => format!(
                "usulan untuk KK {no_kk} tidak dicatat ({} masalah): {}",
                problems.len(),
                join(problems.iter().map(|p| p.message(lang)))
            ),
            (UsulanNotRecorded { no_kk, problems }, En) => format!(
                "usulan for KK {no_kk} not recorded ({} problem(s)): {}",
                problems.len(),
                join(problems.iter().map(|p| p.message(lang)))
            ),
            (UsulanAlreadyVerified { id, on, by }, Id) => {
                format!("usulan {id} sudah diverifikasi pada {} oleh {by}", fmt_date(lang, *on))
            }
            (UsulanAlreadyVerified { id, on, by }, En) => {
                format!("usulan {id} was already verified on {} by {by}", fmt_date(lang, *on))
            }
            (NoImportFiles { dir }, Id) => format!(
                "{}: tidak ada tabel register (.csv, .xlsx, .jsonl) di direktori ini maupun sub-foldernya; sebutkan folder yang berisi households.csv, persons.csv, …",
                dir.display()
            ),
            (NoImportFiles { dir }, En) => format!(
                "{}: no register tables (.csv, .xlsx, .jsonl) in this directory or its sub-folders; name the folder that holds households.csv, persons.csv, …",
                dir.display()
            ),
            (NoRegisterSheet { path }, Id) => format!(
                "{}: tidak ada lembar dengan baris judul tabel register; lihat README untuk kolomnya",
                path.display()
            ),
            (NoRegisterSheet { path }, En) => format!(
                "{}: no sheet has a header row of the register's tables; see the README for the columns",
                path.display()
            ),
            (Tahap(t), _) => t.message(lang),
            (Office(o), _) => o.message(lang),
            (User(u), _) => u.message(lang),
            (Access(a), _) => a.message(lang),
            (Changed { target, by, at }, _) => crate::i18n::versions::changed(lang, target, by.as_deref(), *at),
            (Backup(r), _) => crate::i18n::backup::refusal(lang, r),
            (EmptyLookup { query }, Id) => format!(
                "pencarian '{}' tidak berisi huruf atau angka; ketik NIK (16 digit), No. KK (16 digit) atau sebagian nama, misalnya: dtks lookup \"siti nur\"",
                query.escape_debug()
            ),
            (EmptyLookup { query }, En) => format!(
                "the query '{}' has no letter or digit; type a NIK (16 digits), a No. KK (16 digits) or part of a name, for example: dtks lookup \"siti nur\"",
                query.escape_debug()
            ),
            (ExportDirHoldsOther { dir, names }, Id) => format!(
                "{} berisi berkas yang bukan hasil ekspor ({}); ekspor mengganti seluruh isi direktori, jadi pilih direktori baru atau pindahkan berkas itu",
                dir.display(),
                some_names(names)
            ),
            (ExportDirHoldsOther { dir, names }, En) => format!(
                "{} holds files that no export wrote ({}); an export replaces the whole directory, so choose a new directory or move those files",
                dir.display(),
                some_names(names)
            ),
            (WouldOverwrite { path }, Id) => {
                format!("{} sudah ada dan tidak ditimpa; pilih nama lain atau pindahkan berkas itu", path.display())
            }
            (WouldOverwrite { path }, En) => {
                format!(
                    "{} already exists and is not overwritten; choose another name or move that file",
                    path.display()
                )
            }
            (Deactivation { id: 0, refusal }, _) => refusal.message(lang),
            (Deactivation { id, refusal }, Id) => format!("usulan penonaktifan {id}: {}", refusal.message(lang)),
            (Deactivation { id, refusal }, En) => format!("deactivation proposal {id}: {}", refusal.message(lang)),
            (NoProposal { id }, Id) => format!("tidak ada usulan penonaktifan {id}; pilih satu dari daftar"),
            (NoProposal { id }, En) => format!("no deactivation proposal {id}; pick one from the list"),
            (NikNotInRegister { nik }, Id) => {
                format!("NIK {nik} tidak ada di register; periksa nomornya atau cari orangnya dengan nama")
            }
            (NikNotInRegister { nik }, En) => {
                format!("NIK {nik} is not in the register; check the number or look the person up by name")
            }
            (ProposalOpen { id }, Id) => {
                format!("usulan penonaktifan {id} untuk orang yang sama masih terbuka; lanjutkan usulan itu")
            }
            (ProposalOpen { id }, En) => {
                format!("deactivation proposal {id} for the same person is still open; carry on with that one")
            }
            (MonevHeader { path }, Id) => format!(
                "{}: baris judulnya bukan hasil padan Dukcapil (nik,status,tanggal_meninggal,alamat_baru) atau aset Bappeda (nik,no_kk,jenis_aset,nilai); periksa kolomnya",
                path.display()
            ),
            (MonevHeader { path }, En) => format!(
                "{}: its header row is neither a Dukcapil match result (nik,status,tanggal_meninggal,alamat_baru) nor a Bappeda asset result (nik,no_kk,jenis_aset,nilai); check the columns",
                path.display()
            ),
        }
    }
}

fn join(parts: impl Iterator<Item = String>) -> String {
    parts.collect::<Vec<_>>().join("; ")
}

/// The first few of `names`, "…" when there are more.
fn some_names(names: &[String]) -> String {
    let mut s = names.iter().take(3).map(String::as_str).collect::<Vec<_>>().join(", ");
    if names.len() > 3 {
        s.push_str(", …");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::muskel::MuskelProblem;
    use crate::domain::usulan::UsulanProblem;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Errors a user can reach, one of each kind the service returns.
    fn reachable() -> Vec<ServiceError> {
        let p = || PathBuf::from("/data/kampung-melayu/anggota.csv");
        let kk = || "3175030102053599".to_string();
        let mut v: Vec<ServiceError> = vec![
            StoreError::Locked { path: p() }.into(),
            StoreError::NewerSchema { path: p(), found: 9, supported: 2 }.into(),
            StoreError::Missing { path: p() }.into(),
            StoreError::NotADatabase { path: p(), reason: "sled: bad magic".into() }.into(),
            StoreError::Corrupt { path: p(), detail: "sled: Corruption { at: 7 }".into() }.into(),
            StoreError::Io { path: p(), action: "open", source: io::Error::from(io::ErrorKind::PermissionDenied) }
                .into(),
            StoreError::Sled { path: p(), action: "save", detail: "sled: Unsupported".into() }.into(),
            StoreError::Twice { no_kk: kk() }.into(),
            StoreError::ReadOnly { path: p() }.into(),
            FormatError::Io { path: p(), source: io::Error::from(io::ErrorKind::NotFound) }.into(),
            FormatError::Empty { path: p(), expected: "nik,no_kk,nama".into() }.into(),
            FormatError::Unrecognised { path: p(), header: "a|b|c".into() }.into(),
            FormatError::DuplicateColumn { path: p(), column: "nik".into() }.into(),
            FormatError::Utf16 { path: p() }.into(),
            FormatError::Workbook { path: p(), message: "calamine: Zip error".into() }.into(),
            FormatError::Write { path: p(), message: "No space left on device (os error 28)".into() }.into(),
            FormatError::JsonLine { path: p(), line: 3, message: "expected value at line 1".into() }.into(),
            FormatError::UnclosedQuote { path: p(), line: 4 }.into(),
            FormatError::QuoteRunsOver { path: p(), line: 4, column: "nama" }.into(),
            FormatError::AmbiguousDates { path: p(), column: "sampai" }.into(),
            ServiceError::Io { path: p(), kind: io::ErrorKind::StorageFull },
        ];
        let refusals = vec![
            Refusal::NoVisit { visit: 7 },
            Refusal::NoVerificationRecord { visit: 7, no_kk: Some(kk()) },
            Refusal::NotYourVisit { visit: 7, no_kk: kk(), officer: "petugas.sari".into() },
            Refusal::NoLongerEditable { visit: 7, no_kk: kk(), stage: Stage::Finalised },
            Refusal::VisitInProgress { no_kk: kk(), visit: 7, stage: Stage::Verified, officer: "petugas.sari".into() },
            Refusal::NotInRegister { no_kk: kk() },
            Refusal::NotAPeriod { text: "juni".into() },
            Refusal::NotAMonth { text: "2025/06".into() },
            Refusal::ReturnedCannotBeDiscarded { visit: 7, no_kk: kk() },
            Refusal::Stage {
                visit: 7,
                no_kk: kk(),
                error: StageError::PeriodClosed { period: "KLJ-2026-11".into(), closes: d(2026, 11, 30) },
            },
            Refusal::Stage { visit: 7, no_kk: kk(), error: StageError::NoReturnReason },
            Refusal::Form(EditError::RegisteredMember),
            Refusal::ListedTwice { visit: 7 },
            Refusal::TwoVisitsOneKk { visit: 7, no_kk: kk() },
            Refusal::HouseholdGone { visit: 7, no_kk: kk() },
            Refusal::FindingsLeaveInvalid {
                visit: 7,
                no_kk: kk(),
                error: Box::new(HouseholdError::NoHead { kk: kk() }),
            },
            Refusal::PengesahanRefused {
                problems: vec![Refusal::ListedTwice { visit: 7 }, Refusal::HouseholdGone { visit: 8, no_kk: kk() }],
            },
            Refusal::VisitRecordMismatch { visit: 7, no_kk: kk(), record_visit: 8, record_kk: kk() },
            Refusal::NoMuskel { id: 3 },
            Refusal::MuskelNotSaved { kelurahan: "31.75.03.1001".into(), problems: vec![MuskelProblem::NoAttendees] },
            Refusal::EvidenceUnreadable { path: p(), kind: io::ErrorKind::NotFound },
            Refusal::EvidenceNotAFile { path: p() },
            Refusal::NoUsulan { id: 4 },
            Refusal::UsulanExists { id: 4 },
            Refusal::UsulanNotRecorded { no_kk: kk(), problems: vec![UsulanProblem::NoPersons] },
            Refusal::UsulanAlreadyVerified { id: 4, on: d(2026, 11, 2), by: "operator".into() },
            Refusal::NoImportFiles { dir: p() },
            Refusal::NoRegisterSheet { path: p() },
            Refusal::WouldOverwrite { path: p() },
            Refusal::ExportDirHoldsOther { dir: p(), names: vec!["catatan.txt".into()] },
            Refusal::EmptyLookup { query: "%".into() },
            Refusal::Deactivation { id: 5, refusal: DeactivationRefusal::OwnProposal { user: "operator".into() } },
            Refusal::Deactivation { id: 0, refusal: DeactivationRefusal::NoEvidence },
            Refusal::NoProposal { id: 5 },
            Refusal::NikNotInRegister { nik: "3175030102050001".into() },
            Refusal::ProposalOpen { id: 5 },
            Refusal::MonevHeader { path: p() },
        ];
        v.extend(crate::i18n::backup::examples().into_iter().map(|r| ServiceError::from(Refusal::Backup(r))));
        v.push(
            StoreError::Damaged { path: p(), file: p().join("db"), damage: crate::store::Damage::Unreadable }.into(),
        );
        v.push(StoreError::Damaged { path: p(), file: p().join("conf"), damage: crate::store::Damage::Missing }.into());
        v.extend(refusals.into_iter().map(ServiceError::from));
        v
    }

    /// Words that give away a message in the other language.
    const ENGLISH: &[&str] =
        &[" the ", " is ", " not ", "cannot", "check ", "visit ", "database", "file", " and ", " has ", "pick "];
    const INDONESIAN: &[&str] =
        &["tidak", "periksa", "kunjungan", "basis data", "berkas", " dan ", "sudah", "pilih", " ini", "lagi"];
    /// Rust type names and raw library text that must never reach a person.
    const RAW: &[&str] = &["sled", "calamine", "os error", "Error", "::", "Some(", "{ ", "Corruption", "Kind"];

    #[test]
    fn every_reachable_error_speaks_the_chosen_language_only() {
        let all = reachable();
        assert!(all.len() >= 30, "{} errors", all.len());
        for e in &all {
            // Commands and paths are names, the same in both languages.
            let words = |m: String| m.replace("dtks check", "").replace("/data/kampung-melayu/anggota.csv", "");
            let id = words(e.message(Lang::Id));
            let en = words(e.message(Lang::En));
            assert_ne!(id, en, "{e:?}");
            for w in ENGLISH {
                assert!(!format!(" {id} ").contains(w), "English {w:?} in Indonesian: {id}");
            }
            for w in INDONESIAN {
                assert!(!format!(" {en} ").contains(w), "Indonesian {w:?} in English: {en}");
            }
            for w in RAW {
                assert!(!id.contains(w) && !en.contains(w), "raw text {w:?}: {id} / {en}");
            }
        }
    }

    #[test]
    fn a_full_disk_is_said_in_words_with_what_was_kept() {
        let full = || io::Error::from(io::ErrorKind::StorageFull);
        let p = || PathBuf::from("/media/flashdisk/ekspor/persons.csv");
        let db = || PathBuf::from("/home/sari/register");
        let csv = csv::Error::from(full());
        let cases: Vec<ServiceError> = vec![
            ServiceError::io(&p(), full()),
            FormatError::io(p(), full()).into(),
            FormatError::csv_write(p(), csv).into(),
            FormatError::xlsx_write(p(), rust_xlsxwriter::XlsxError::IoError(full())).into(),
            StoreError::Io { path: db(), action: "save", source: full() }.into(),
        ];
        for e in cases {
            let (id, en) = (e.message(Lang::Id), e.message(Lang::En));
            assert!(id.contains("disk penuh") && id.contains("tetap"), "{id}");
            assert!(en.contains("disk is full") && (en.contains("kept")), "{en}");
            for m in [&id, &en] {
                assert!(!m.contains("Os {") && !m.contains("os error") && !m.contains("StorageFull"), "{m}");
            }
        }
    }

    #[test]
    fn display_is_the_english_message() {
        let e = ServiceError::from(Refusal::NoVisit { visit: 7 });
        assert_eq!(e.to_string(), e.message(Lang::En));
    }
}
