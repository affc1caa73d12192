//! The command line's texts: one `Msg` per fixed word or phrase, and one
//! function per text with arguments. Every match is exhaustive over the
//! language (and the message), with no catch-all arm, so a text without its
//! translation does not compile.

use std::path::Path;

use super::Lang;
use crate::service::import::ImportProgress;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    NeedsTerminal,
    /// `TERM=dumb`: no cursor movement, colours or alternate screen.
    DumbTerminal,
    NoTerm,
    // Counted nouns.
    HouseholdsLower,
    PersonsLower,
    KkShort,
    Proposals,
    Visits,
    // lookup
    NotFound,
    HouseholdsFoundFor,
    DtksStatus,
    Since,
    YearsShort,
    Programmes,
    EligibleToday,
    SameNikAlsoInKk,
    // duplicates
    NiksInMoreThanOneKk,
    ProbableSamePersons,
    DuplicateNik,
    ProbableDuplicate,
    // stats
    Households,
    Persons,
    DtksStatusPersons,
    ProgrammesByStatus,
    PerKelurahan,
    // check
    Checked,
    IndexEntries,
    IndexesAgree,
    Disagreements,
    // import, export, sample
    ImportDone,
    New,
    Updated,
    RowsRejected,
    Regions,
    CycleRecords,
    RejectsWrittenTo,
    ExportDone,
    SyntheticData,
    // usulan, Muskel, verval
    Officer,
    ReturnedBecause,
    Verified,
    Eligible,
    NotEligible,
    NotVerifiedYet,
    MuskelSessions,
    Attended,
    Agreed,
    Deactivations,
    NoMuskelDue,
    NeedMuskel,
    BeritaAcaraOf,
    ToVisit,
    DraftsOf,
    ReturnedTo,
    WaitingFinalisation,
    WaitingPengesahan,
    SelfProposals,
    NoVisitYet,
    Visit,
    Stage,
    VisitDate,
    RatificationLetter,
    // Errors without arguments.
    NoHomeDir,
    SampleDataMissing,
    KeymapSyntax,
    KeymapUnreadable,
}

pub fn text(lang: Lang, msg: Msg) -> &'static str {
    use Lang::{En, Id};
    use Msg::*;
    match (lang, msg) {
        (Id, NeedsTerminal) => {
            "dtks: tampilan layar perlu terminal interaktif; gunakan subperintah (dtks lookup, dtks stats, ...) untuk skrip"
        }
        (En, NeedsTerminal) => {
            "dtks: the screen interface needs an interactive terminal; use a subcommand (dtks lookup, dtks stats, ...) in scripts"
        }
        (Id, DumbTerminal) => {
            "dtks: terminal ini (TERM=dumb) tidak dapat menggerakkan kursor atau menggambar layar; buka dtks di terminal biasa (xterm, Windows Terminal, konsol Linux), atau gunakan subperintah (dtks lookup, dtks stats, ...)"
        }
        (En, DumbTerminal) => {
            "dtks: this terminal (TERM=dumb) cannot move the cursor or draw a screen; open dtks in an ordinary terminal (xterm, Windows Terminal, the Linux console), or use a subcommand (dtks lookup, dtks stats, ...)"
        }
        (Id, NoTerm) => {
            "dtks: TERM tidak diatur, jadi jenis terminal tidak diketahui dan layar tidak dapat digambar; atur dulu (export TERM=xterm-256color), atau gunakan subperintah (dtks lookup, dtks stats, ...)"
        }
        (En, NoTerm) => {
            "dtks: TERM is not set, so the kind of terminal is unknown and no screen can be drawn; set it first (export TERM=xterm-256color), or use a subcommand (dtks lookup, dtks stats, ...)"
        }
        (Id, HouseholdsLower) => "keluarga",
        (En, HouseholdsLower) => "households",
        (Id, PersonsLower) => "jiwa",
        (En, PersonsLower) => "persons",
        (Id, KkShort) => "KK",
        (En, KkShort) => "hh",
        (Id, Proposals) => "usulan",
        (En, Proposals) => "proposals",
        (Id, Visits) => "kunjungan",
        (En, Visits) => "visits",
        (Id, NotFound) => "Tidak ditemukan:",
        (En, NotFound) => "Not found:",
        (Id, HouseholdsFoundFor) => "keluarga ditemukan untuk",
        (En, HouseholdsFoundFor) => "households found for",
        (Id, DtksStatus) => "Status DTKS",
        (En, DtksStatus) => "DTKS status",
        (Id, Since) => "sejak",
        (En, Since) => "since",
        (Id, YearsShort) => "th",
        (En, YearsShort) => "y",
        (Id, Programmes) => "Program",
        (En, Programmes) => "Programmes",
        (Id, EligibleToday) => "Layak hari ini",
        (En, EligibleToday) => "Eligible today",
        (Id, SameNikAlsoInKk) => "NIK yang sama juga ada di KK",
        (En, SameNikAlsoInKk) => "the same NIK is also in KK",
        (Id, NiksInMoreThanOneKk) => "NIK di lebih dari satu KK",
        (En, NiksInMoreThanOneKk) => "NIKs in more than one KK",
        (Id, ProbableSamePersons) => "kemungkinan orang yang sama dengan NIK lain",
        (En, ProbableSamePersons) => "probable same persons under another NIK",
        (Id, DuplicateNik) => "NIK ganda",
        (En, DuplicateNik) => "duplicate NIK",
        (Id, ProbableDuplicate) => "kemungkinan ganda",
        (En, ProbableDuplicate) => "probable duplicate",
        (Id, Households) => "Keluarga",
        (En, Households) => "Households",
        (Id, Persons) => "Jiwa",
        (En, Persons) => "Persons",
        (Id, DtksStatusPersons) => "Status DTKS (jiwa)",
        (En, DtksStatusPersons) => "DTKS status (persons)",
        (Id, ProgrammesByStatus) => "Program (jiwa per status kepesertaan)",
        (En, ProgrammesByStatus) => "Programmes (persons by enrolment status)",
        (Id, PerKelurahan) => "Per kelurahan",
        (En, PerKelurahan) => "Per kelurahan",
        (Id, Checked) => "Diperiksa",
        (En, Checked) => "Checked",
        (Id, IndexEntries) => "entri indeks",
        (En, IndexEntries) => "index entries",
        (Id, IndexesAgree) => "Semua indeks sesuai dengan data.",
        (En, IndexesAgree) => "Every index agrees with the records.",
        (Id, Disagreements) => "ketidaksesuaian",
        (En, Disagreements) => "disagreements",
        (Id, ImportDone) => "Impor selesai",
        (En, ImportDone) => "Import done",
        (Id, New) => "baru",
        (En, New) => "new",
        (Id, Updated) => "diperbarui",
        (En, Updated) => "updated",
        (Id, RowsRejected) => "baris ditolak",
        (En, RowsRejected) => "rows rejected",
        (Id, Regions) => "Wilayah",
        (En, Regions) => "Regions",
        (Id, CycleRecords) => "Catatan verval (usulan, Muskel, kunjungan)",
        (En, CycleRecords) => "Verification records (usulan, Muskel, visits)",
        (Id, RejectsWrittenTo) => "Baris ditolak ditulis ke (perbaiki lalu impor ulang)",
        (En, RejectsWrittenTo) => "Rejected rows written to (fix and re-import)",
        (Id, ExportDone) => "Ekspor selesai",
        (En, ExportDone) => "Export done",
        (Id, SyntheticData) => "Data sintetis:",
        (En, SyntheticData) => "Synthetic data:",
        (Id, Officer) => "petugas",
        (En, Officer) => "officer",
        (Id, ReturnedBecause) => "Alasan dikembalikan",
        (En, ReturnedBecause) => "Returned because",
        (Id, Verified) => "diverifikasi:",
        (En, Verified) => "verified:",
        (Id, Eligible) => "layak",
        (En, Eligible) => "eligible",
        (Id, NotEligible) => "tidak layak",
        (En, NotEligible) => "not eligible",
        (Id, NotVerifiedYet) => "belum diverifikasi",
        (En, NotVerifiedYet) => "not verified yet",
        (Id, MuskelSessions) => "musyawarah kelurahan",
        (En, MuskelSessions) => "Muskel sessions",
        (Id, Attended) => "hadir",
        (En, Attended) => "attended",
        (Id, Agreed) => "disetujui",
        (En, Agreed) => "agreed",
        (Id, Deactivations) => "penghentian",
        (En, Deactivations) => "deactivations",
        (Id, NoMuskelDue) => "Tidak ada kelurahan yang terlambat Muskel",
        (En, NoMuskelDue) => "No kelurahan is overdue for a Muskel",
        (Id, NeedMuskel) => "kelurahan perlu Muskel",
        (En, NeedMuskel) => "kelurahan need a Muskel",
        (Id, BeritaAcaraOf) => "Berita Acara Muskel",
        (En, BeritaAcaraOf) => "Berita Acara of Muskel",
        (Id, ToVisit) => "Perlu dikunjungi (prelist akhir)",
        (En, ToVisit) => "To visit (prelist akhir)",
        (Id, DraftsOf) => "Konsep milik",
        (En, DraftsOf) => "Drafts of",
        (Id, ReturnedTo) => "Dikembalikan ke",
        (En, ReturnedTo) => "Returned to",
        (Id, WaitingFinalisation) => "Menunggu finalisasi",
        (En, WaitingFinalisation) => "Waiting for finalisation",
        (Id, WaitingPengesahan) => "Menunggu pengesahan",
        (En, WaitingPengesahan) => "Waiting for pengesahan",
        (Id, SelfProposals) => "Usulan mandiri (batas 30 hari)",
        (En, SelfProposals) => "Self-proposals (30-day rule)",
        (Id, NoVisitYet) => "Belum ada kunjungan untuk",
        (En, NoVisitYet) => "No visit yet for",
        (Id, Visit) => "Kunjungan",
        (En, Visit) => "Visit",
        (Id, Stage) => "tahap",
        (En, Stage) => "stage",
        (Id, VisitDate) => "Tanggal kunjungan",
        (En, VisitDate) => "Visit date",
        (Id, RatificationLetter) => "Surat pengesahan",
        (En, RatificationLetter) => "Ratification letter",
        (Id, NoHomeDir) => "tidak ada direktori rumah; sebutkan basis data dengan --db JALUR atau DTKS_DB",
        (En, NoHomeDir) => "no home directory: give the database with --db PATH or DTKS_DB",
        (Id, SampleDataMissing) => "sample-data/register tidak ditemukan; jalankan dtks demo dari direktori proyek",
        (Id, KeymapSyntax) => {
            "sintaks TOML salah; tiap baris harus seperti \"j\" = \"down\", dengan tanda kutip tertutup"
        }
        (En, KeymapSyntax) => "TOML syntax error; each line must look like \"j\" = \"down\", with closed quotes",
        (Id, KeymapUnreadable) => "berkas keymap tidak dapat dibaca; periksa jalur dan izinnya",
        (En, KeymapUnreadable) => "the keymap file cannot be read; check the path and its permissions",
        (En, SampleDataMissing) => "sample-data/register not found: run dtks demo from the project directory",
    }
}

/// The import progress spinner's template (indicatif placeholders).
pub fn progress_template(lang: Lang) -> &'static str {
    match lang {
        Lang::Id | Lang::En => "{spinner} {msg} [{elapsed}]",
    }
}

/// Where an import is: a committed batch, households read and checked (to
/// be written at the end), or the entries written so far.
pub fn progress_line(lang: Lang, p: ImportProgress) -> String {
    use ImportProgress::*;
    match (p, lang) {
        (Committed { households, persons }, Lang::Id) => {
            format!("tersimpan: {households} keluarga, {persons} orang")
        }
        (Committed { households, persons }, Lang::En) => {
            format!("committed: {households} households, {persons} persons")
        }
        (Read { households, persons }, Lang::Id) => {
            format!("dibaca: {households} keluarga, {persons} orang; disimpan sekaligus di akhir")
        }
        (Read { households, persons }, Lang::En) => {
            format!("read: {households} households, {persons} persons; saved all at once at the end")
        }
        (Writing { written, total }, Lang::Id) => format!("menyimpan: {written} dari {total} entri"),
        (Writing { written, total }, Lang::En) => format!("saving: {written} of {total} entries"),
    }
}

pub fn no_muskel(lang: Lang, id: u64) -> String {
    match lang {
        Lang::Id => format!("tidak ada Muskel {id}; lihat nomornya dengan dtks muskel list"),
        Lang::En => format!("no Muskel {id}; see the ids with dtks muskel list"),
    }
}

pub fn berita_acara_extension(lang: Lang, out: &Path) -> String {
    match lang {
        Lang::Id => format!(
            "{}: beri nama berkas berakhiran .md atau .txt (Markdown) atau .html (HTML untuk dicetak)",
            out.display()
        ),
        Lang::En => {
            format!("{}: give the file an extension .md or .txt (Markdown) or .html (printable HTML)", out.display())
        }
    }
}

/// A file of ours could not be written; `reason` is the OS's, in words.
pub fn cannot_write(lang: Lang, path: &Path, reason: &str) -> String {
    match lang {
        Lang::Id => format!("{}: tidak dapat ditulis ({reason}); periksa jalur dan izin direktorinya", path.display()),
        Lang::En => {
            format!("{}: cannot be written ({reason}); check the path and the directory's permissions", path.display())
        }
    }
}

/// An operation failed on the operating system's side, where no path is known.
pub fn os_failure(lang: Lang, reason: &str) -> String {
    match lang {
        Lang::Id => format!("perintah gagal: {reason}; periksa ruang disk dan izin, lalu coba lagi"),
        Lang::En => format!("the command failed: {reason}; check the disk space and permissions, then try again"),
    }
}

/// The first line of a name lookup: persons matched in all, and where.
pub fn name_matches(lang: Lang, total: u64, households: u64, query: &str) -> String {
    let (n, h) = (super::fmt_count(lang, total), super::fmt_count(lang, households));
    match lang {
        Lang::Id => format!("{n} orang cocok dengan nama '{query}', dalam {h} keluarga"),
        Lang::En => format!("{n} persons match the name '{query}', in {h} households"),
    }
}

/// How many bear the name exactly as typed (they are listed first).
pub fn exact_names(lang: Lang, exact: u64, query: &str) -> String {
    let n = super::fmt_count(lang, exact);
    match lang {
        Lang::Id => format!("{n} bernama persis '{query}' (ditampilkan lebih dulu)"),
        Lang::En => format!("{n} named exactly '{query}' (listed first)"),
    }
}

/// Some matches are not shown: how many are, and how to see the rest.
pub fn shown_of(lang: Lang, shown: u64, total: u64) -> String {
    let (s, t) = (super::fmt_count(lang, shown), super::fmt_count(lang, total));
    match lang {
        Lang::Id => format!(
            "Ditampilkan {s} teratas dari {t}; semua: --all, lebih banyak: --limit N, persempit: --kelurahan, --lahir"
        ),
        Lang::En => {
            format!("Showing the best {s} of {t}; all: --all, more: --limit N, narrow: --kelurahan, --lahir")
        }
    }
}

/// A `--kelurahan` that names no region of the wilayah.
pub fn unknown_region(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Id => format!(
            "tidak ada kelurahan atau wilayah '{text}' dalam daftar wilayah; periksa --kelurahan (kode seperti 31.75.03.1001 atau nama kelurahan)"
        ),
        Lang::En => format!(
            "no kelurahan or region '{text}' in the region list; check --kelurahan (a code such as 31.75.03.1001 or a kelurahan name)"
        ),
    }
}

pub fn bad_kelurahan(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Id => format!("'{code}' bukan kode kelurahan seperti 31.71.01.1001; periksa --kelurahan"),
        Lang::En => format!("'{code}' is not a kelurahan code such as 31.71.01.1001; check --kelurahan"),
    }
}

pub fn unknown_sample_kelurahan(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Id => format!(
            "'{code}' bukan kelurahan DKI Jakarta yang dikenal data contoh; pilih kode dari sample-data/wilayah, misalnya 31.75.03.1001"
        ),
        Lang::En => format!(
            "'{code}' is not a kelurahan of DKI Jakarta the sample knows; pick a code from sample-data/wilayah, for example 31.75.03.1001"
        ),
    }
}

/// The sample's history could not be built; `why` is the register's
/// refusal, in `lang`, when one stopped it.
pub fn sample_cycle_failed(lang: Lang, why: Option<&str>) -> String {
    let why = why.map(|w| format!(" ({w})")).unwrap_or_default();
    match lang {
        Lang::Id => {
            format!("siklus verval data contoh tidak dapat dibuat{why}; coba --households atau --kelurahan lain")
        }
        Lang::En => {
            format!("the sample's verification cycle could not be built{why}; try other --households or --kelurahan")
        }
    }
}

/// The form a refused value should have had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    Date,
    Moment,
    Number,
    /// YYYY, YYYY-MM or YYYY-MM-DD.
    YearOrDate,
    Text,
}

/// What clap refused on the command line, with the names it gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Misuse {
    UnknownCommand {
        name: String,
        suggestion: Option<String>,
    },
    UnknownOption {
        name: String,
        suggestion: Option<String>,
    },
    /// A value outside a fixed list (`--lang jv`).
    NotAChoice {
        arg: String,
        value: String,
        choices: String,
    },
    /// A value of the wrong form (`--today 2026-13-01`).
    BadValue {
        arg: String,
        value: String,
        expect: Expect,
    },
    MissingArgument {
        args: String,
    },
    MissingSubcommand,
    /// Too many or too few values, an argument twice or in conflict.
    WrongUse {
        arg: String,
    },
    NotUtf8,
    Other,
}

pub fn misuse(lang: Lang, m: &Misuse) -> String {
    use Misuse::*;
    let help = "dtks --help";
    let text = match (m, lang) {
        (UnknownCommand { name, .. }, Lang::Id) => format!("perintah '{name}' tidak dikenal"),
        (UnknownCommand { name, .. }, Lang::En) => format!("unknown command '{name}'"),
        // clap says "unknown argument" for a stray value too: say which it is.
        (UnknownOption { name, .. }, Lang::Id) if !name.starts_with('-') => {
            format!(
                "'{name}' tidak diharapkan di sini: perintah ini tidak menerima nilai tanpa nama opsinya di depannya"
            )
        }
        (UnknownOption { name, .. }, Lang::En) if !name.starts_with('-') => {
            format!(
                "'{name}' is not expected here: this command takes no value without the name of its option before it"
            )
        }
        (UnknownOption { name, .. }, Lang::Id) => format!("opsi '{name}' tidak dikenal"),
        (UnknownOption { name, .. }, Lang::En) => format!("unknown option '{name}'"),
        (NotAChoice { arg, value, choices }, Lang::Id) => {
            format!("nilai '{value}' tidak sah untuk {arg}; pilihannya: {choices}")
        }
        (NotAChoice { arg, value, choices }, Lang::En) => {
            format!("the value '{value}' is not valid for {arg}; the choices are: {choices}")
        }
        (BadValue { arg, value, expect }, Lang::Id) => {
            let form = match expect {
                Expect::Date => "tulis tanggal sebagai TTTT-BB-HH, misalnya 2026-11-01",
                Expect::Moment => "tulis waktu sebagai TTTT-BB-HH JJ:MM, misalnya 2026-11-01 09:30",
                Expect::Number => "tulis bilangan bulat tanpa titik, misalnya 1500",
                Expect::YearOrDate => "tulis tahun, bulan atau tanggal: 1980, 1980-01 atau 1980-01-05",
                Expect::Text => "periksa penulisannya",
            };
            format!("nilai '{value}' tidak sah untuk {arg}; {form}")
        }
        (BadValue { arg, value, expect }, Lang::En) => {
            let form = match expect {
                Expect::Date => "write the date as YYYY-MM-DD, e.g. 2026-11-01",
                Expect::Moment => "write the moment as YYYY-MM-DD HH:MM, e.g. 2026-11-01 09:30",
                Expect::Number => "write a whole number without dots, e.g. 1500",
                Expect::YearOrDate => "write a year, month or day: 1980, 1980-01 or 1980-01-05",
                Expect::Text => "check how it is written",
            };
            format!("the value '{value}' is not valid for {arg}; {form}")
        }
        (MissingArgument { args }, Lang::Id) => format!("argumen wajib belum diberikan: {args}"),
        (MissingArgument { args }, Lang::En) => format!("a required argument is missing: {args}"),
        (MissingSubcommand, Lang::Id) => "subperintah belum diberikan".to_string(),
        (MissingSubcommand, Lang::En) => "a subcommand is missing".to_string(),
        (WrongUse { arg }, Lang::Id) => format!("{arg} dipakai dengan cara yang salah"),
        (WrongUse { arg }, Lang::En) => format!("{arg} is used the wrong way"),
        (NotUtf8, Lang::Id) => "sebuah argumen bukan teks UTF-8".to_string(),
        (NotUtf8, Lang::En) => "an argument is not UTF-8 text".to_string(),
        (Other, Lang::Id) => "argumen tidak dapat dipahami".to_string(),
        (Other, Lang::En) => "the arguments cannot be understood".to_string(),
    };
    let suggestion = match m {
        UnknownCommand { suggestion: Some(s), .. } | UnknownOption { suggestion: Some(s), .. } => Some(s),
        _ => None,
    };
    match (suggestion, lang) {
        (Some(s), Lang::Id) => format!("{text}; maksudnya '{s}'? Lihat {help}"),
        (Some(s), Lang::En) => format!("{text}; did you mean '{s}'? See {help}"),
        (None, Lang::Id) => format!("{text}; lihat {help}"),
        (None, Lang::En) => format!("{text}; see {help}"),
    }
}

/// "7 1 3" per stage, as "7 disahkan, 1 difinalisasi".
fn per_stage(lang: Lang, counts: &[(crate::domain::stage::Stage, usize)]) -> String {
    let parts: Vec<String> = counts
        .iter()
        .map(|(s, n)| format!("{} {}", super::fmt_count(lang, *n as u64), s.label(lang).to_lowercase()))
        .collect();
    parts.join(", ")
}

/// The upload file's first line: rows written, per stage.
pub fn upload_written(lang: Lang, written: &[(crate::domain::stage::Stage, usize)]) -> String {
    let total: usize = written.iter().map(|(_, n)| n).sum();
    let n = super::fmt_count(lang, total as u64);
    match (lang, total) {
        (Lang::Id, 0) => "Tidak ada baris disahkan pada bulan ini; tidak ada berkas ditulis\n".to_string(),
        (Lang::En, 0) => "No ratified rows in this month; no file written\n".to_string(),
        (Lang::Id, _) => format!("{n} baris (per jiwa) ditulis: {}\n", per_stage(lang, written)),
        (Lang::En, _) => format!("{n} rows (one per person) written: {}\n", per_stage(lang, written)),
    }
}

/// The rows of the month's visits left out of the upload file, and why.
pub fn upload_left_out(lang: Lang, left_out: &[(crate::domain::stage::Stage, usize)]) -> String {
    use crate::domain::stage::Stage;
    let (finalised, open): (Vec<_>, Vec<_>) = left_out.iter().copied().partition(|(s, _)| *s == Stage::Finalised);
    let mut s = String::new();
    if !open.is_empty() {
        let list = per_stage(lang, &open);
        s.push_str(&match lang {
            Lang::Id => format!("Tidak dimuat, belum disahkan: {list} (baris per jiwa)\n"),
            Lang::En => format!("Left out, not ratified yet: {list} (rows, one per person)\n"),
        });
    }
    if !finalised.is_empty() {
        let list = per_stage(lang, &finalised);
        s.push_str(&match lang {
            Lang::Id => {
                format!("Tidak dimuat: {list} belum disahkan; --with-finalised memuatnya dengan tahap finalisasi\n")
            }
            Lang::En => format!(
                "Left out: {list} not ratified yet; --with-finalised takes them, marked finalisasi in column tahap\n"
            ),
        });
    }
    s
}

/// The heading of the files an import read.
pub fn import_files(lang: Lang, n: usize) -> String {
    let n = super::fmt_count(lang, n as u64);
    match lang {
        Lang::Id => format!("Berkas dibaca ({n}):\n"),
        Lang::En => format!("Files read ({n}):\n"),
    }
}

/// The heading of the NIKs and No. KKs an import restored.
pub fn import_restored(lang: Lang, n: usize) -> String {
    let n = super::fmt_count(lang, n as u64);
    match lang {
        Lang::Id => format!("Dipulihkan dari register, angka yang dibulatkan spreadsheet ({n}):\n"),
        Lang::En => format!("Restored from the register, numbers a spreadsheet rounded ({n}):\n"),
    }
}

/// One restored value: where, before → after, and what proved it.
pub fn restoration_line(lang: Lang, r: &crate::service::import::Restoration) -> String {
    use crate::service::import::Evidence;
    let place = match (&r.sheet, lang) {
        (None, _) => String::new(),
        (Some(s), Lang::Id) => format!(" (lembar {s})"),
        (Some(s), Lang::En) => format!(" (sheet {s})"),
    };
    let line = match lang {
        Lang::Id => "baris",
        Lang::En => "line",
    };
    let evidence = match (&r.evidence, lang) {
        (Evidence::Person { name, birth_date, nik, no_kk }, Lang::Id) => {
            format!("satu-satunya orang di register dengan NIK {nik} di KK {no_kk}, nama {name}, lahir {birth_date}")
        }
        (Evidence::Person { name, birth_date, nik, no_kk }, Lang::En) => {
            format!("the one person in the register with NIK {nik} in KK {no_kk}, named {name}, born {birth_date}")
        }
        (Evidence::HouseholdOfPersons { no_kk }, Lang::Id) => {
            format!("baris anggota keluarga ini dipulihkan ke KK {no_kk}")
        }
        (Evidence::HouseholdOfPersons { no_kk }, Lang::En) => {
            format!("this household's person rows were restored to KK {no_kk}")
        }
        (Evidence::OnlyMember { no_kk }, Lang::Id) => {
            format!("satu-satunya anggota KK {no_kk} dengan NIK dalam rentang itu")
        }
        (Evidence::OnlyMember { no_kk }, Lang::En) => {
            format!("the one member of KK {no_kk} with a NIK in that range")
        }
    };
    format!("{}{place}, {line} {}, {}: {} → {} ({evidence})", r.file.display(), r.line, r.column, r.before, r.after)
}

/// How many rows a spreadsheet rounded that the register could restore.
pub fn import_restorable(lang: Lang, n: u64) -> String {
    let n = super::fmt_count(lang, n);
    match lang {
        Lang::Id => format!(
            "{n} baris berisi NIK atau No. KK yang dibulatkan spreadsheet dan dapat dipulihkan dari register (nama dan tanggal lahirnya cocok dengan satu orang di register); baris itu ditolak, tidak ada yang dipulihkan. Impor lagi dengan dtks import --restore-rounded untuk memulihkannya, setiap nilai akan dicantumkan"
        ),
        Lang::En => format!(
            "{n} rows hold a NIK or No. KK that a spreadsheet rounded and that the register can restore (their name and birth date match one person in the register); they were rejected and nothing was restored. Import again with dtks import --restore-rounded to restore them; every value is listed"
        ),
    }
}

/// The heading of the sub-folders' files an import passed over.
pub fn import_skipped(lang: Lang, n: usize) -> String {
    let n = super::fmt_count(lang, n as u64);
    match lang {
        Lang::Id => format!(
            "Dilewati, bukan tabel register ({n}; baris judulnya bukan wilayah, households, persons, history atau enrolments):\n"
        ),
        Lang::En => format!(
            "Passed over, not register tables ({n}; the header row is none of wilayah, households, persons, history, enrolments):\n"
        ),
    }
}

/// One disagreement `dtks check` found, in words (the decoder's own text
/// is left out: it says nothing a person can act on).
pub fn check_problem(lang: Lang, p: &crate::store::Problem) -> String {
    use crate::store::Problem::*;
    match (p, lang) {
        (Unreadable { key, .. }, Lang::Id) => format!("{key}: tidak dapat dibaca (isinya rusak)"),
        (Unreadable { key, .. }, Lang::En) => format!("{key}: cannot be read (its contents are damaged)"),
        (MisfiledRecord { key, no_kk }, Lang::Id) => format!("{key}: berisi keluarga {no_kk}"),
        (MisfiledRecord { key, no_kk }, Lang::En) => format!("{key}: holds household {no_kk}"),
        (MissingEntry { no_kk, entry }, Lang::Id) => {
            format!("keluarga {no_kk}: entri indeks {entry} hilang atau usang")
        }
        (MissingEntry { no_kk, entry }, Lang::En) => {
            format!("household {no_kk}: index entry {entry} missing or stale")
        }
        (OrphanEntry { entry, no_kk }, Lang::Id) => {
            format!("entri indeks {entry}: keluarga {no_kk} tidak memilikinya")
        }
        (OrphanEntry { entry, no_kk }, Lang::En) => format!("index entry {entry}: household {no_kk} does not have it"),
        (MalformedKey { key }, Lang::Id) => format!("{key}: bukan kunci indeks yang sah"),
        (MalformedKey { key }, Lang::En) => format!("{key}: not a valid index key"),
        (MissingAuditEvent { entry }, Lang::Id) => format!("{entry}: peristiwa audit hilang"),
        (MissingAuditEvent { entry }, Lang::En) => format!("{entry}: audit event missing"),
        (WrongCount { stored, actual }, Lang::Id) => {
            format!("jumlah keluarga tercatat {stored}, padahal tersimpan {actual} keluarga")
        }
        (WrongCount { stored, actual }, Lang::En) => {
            format!("household count is {stored}, but {actual} households are stored")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Problem;

    #[test]
    fn a_stray_value_is_not_called_an_option() {
        let m = |name: &str| Misuse::UnknownOption { name: name.to_string(), suggestion: None };
        assert!(misuse(Lang::Id, &m("/tmp/out")).contains("'/tmp/out' tidak diharapkan di sini"));
        assert!(misuse(Lang::En, &m("/tmp/out")).contains("'/tmp/out' is not expected here"));
        assert!(misuse(Lang::Id, &m("--frob")).contains("opsi '--frob' tidak dikenal"));
    }

    #[test]
    fn check_problems_are_said_in_the_chosen_language_without_the_decoder_text() {
        let s = |v: &str| v.to_string();
        let problems = [
            Problem::Unreadable { key: s("H3175030101109120"), error: s("bincode: UnexpectedEnd { additional: 3 }") },
            Problem::MisfiledRecord { key: s("H3175030101109120"), no_kk: s("3175030101109121") },
            Problem::MissingEntry { no_kk: s("3175030101109120"), entry: s("N3175031304772586") },
            Problem::OrphanEntry { entry: s("N3175031304772586"), no_kk: s("3175030101109120") },
            Problem::MalformedKey { key: s("Nxx") },
            Problem::MissingAuditEvent { entry: s("a3175030101109120") },
            Problem::WrongCount { stored: 3, actual: 2 },
        ];
        for p in &problems {
            let (id, en) = (check_problem(Lang::Id, p), check_problem(Lang::En, p));
            assert_ne!(id, en);
            assert!(!id.contains("bincode") && !en.contains("bincode"), "{id} / {en}");
        }
    }
}
