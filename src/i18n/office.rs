//! The words for office files (FORMATS.md): layouts, code schemes, fields,
//! what is wrong with a file or a row, and the lines of an import report
//! and of `dtks import --explain`.

use super::Lang;
use crate::formats::office::{Field, Layout, OfficeFileError, OfficeProblem, Scheme};

impl Layout {
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Id, Layout::SiksUsulan) => "templat usulan SIKS-NG",
            (Lang::En, Layout::SiksUsulan) => "SIKS-NG proposal template",
            (Lang::Id, Layout::SiksPadan) => "hasil padan Dukcapil SIKS-NG (8 kolom)",
            (Lang::En, Layout::SiksPadan) => "SIKS-NG Dukcapil matching result (8 columns)",
            (Lang::Id, Layout::DtksArt) => "baris individu (ART) DTKS",
            (Lang::En, Layout::DtksArt) => "DTKS individual (ART) rows",
            (Lang::Id, Layout::DtksRuta) => "tabel rumah tangga DTKS",
            (Lang::En, Layout::DtksRuta) => "DTKS household table",
            (Lang::Id, Layout::Bdt2015) => "lembar lebar BDT 2015 (TNP2K)",
            (Lang::En, Layout::Bdt2015) => "BDT 2015 (TNP2K) wide sheet",
            (Lang::Id, Layout::OpenSid) => "OpenSID \"Data Penduduk\"",
            (Lang::En, Layout::OpenSid) => "OpenSID \"Data Penduduk\"",
            (Lang::Id, Layout::OpenSidSiak) => "contoh format SIAK OpenSID",
            (Lang::En, Layout::OpenSidSiak) => "OpenSID SIAK-format sample",
            (Lang::Id, Layout::Siak) => "kolom SIAK (Dukcapil)",
            (Lang::En, Layout::Siak) => "SIAK (Dukcapil) columns",
            (Lang::Id, Layout::OpenSidProgram) => "peserta program bantuan OpenSID",
            (Lang::En, Layout::OpenSidProgram) => "OpenSID assistance programme participants",
        }
    }
}

/// Where an enrolment came from, for a detail screen: "dari dtks-art.csv
/// (baris individu (ART) DTKS), diimpor 24 Nov 2026 10:42".
pub fn enrolment_source(lang: Lang, s: &crate::domain::EnrolmentSource) -> String {
    let layout = Layout::parse(&s.layout).map_or(s.layout.as_str(), |l| l.label(lang));
    let at = format!("{} {}", super::fmt_date(lang, s.imported_at.date()), s.imported_at.format("%H:%M"));
    match lang {
        Lang::Id => format!("dari {} ({layout}), diimpor {at}", s.file),
        Lang::En => format!("from {} ({layout}), imported {at}", s.file),
    }
}

/// A recorded pregnancy as a person screen's label and value: "Hamil",
/// "ya, sejak 1 Sep 2026".
pub fn pregnancy(lang: Lang, g: &crate::domain::Pregnancy) -> (&'static str, String) {
    let label = match lang {
        Lang::Id => "Hamil",
        Lang::En => "Pregnant",
    };
    let value = match (lang, g.since) {
        (Lang::Id, Some(d)) => format!("ya, sejak {}", super::fmt_date(lang, d)),
        (Lang::En, Some(d)) => format!("yes, since {}", super::fmt_date(lang, d)),
        (Lang::Id, None) => "ya (tanggal mulai tidak tercatat)".to_string(),
        (Lang::En, None) => "yes (start date not recorded)".to_string(),
    };
    (label, value)
}

impl Scheme {
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Id, Scheme::Text) => "teks",
            (Lang::En, Scheme::Text) => "text",
            (_, Scheme::Id16) => "16 digit",
            (Lang::Id, Scheme::Date) => "tanggal",
            (Lang::En, Scheme::Date) => "date",
            (Lang::Id, Scheme::DateDayFirst) => "tanggal hh/bb/tttt",
            (Lang::En, Scheme::DateDayFirst) => "date dd/mm/yyyy",
            (Lang::Id, Scheme::Number) => "angka",
            (Lang::En, Scheme::Number) => "number",
            (_, Scheme::Sex) => "1–2 (L/LK, P/PR)",
            (_, Scheme::Marital) => "1–4 (BK/K/CH/CM)",
            (Lang::Id, Scheme::Shdk) => "SHDK Dukcapil 1–11 (2 suami, 3 istri, 4 anak)",
            (Lang::En, Scheme::Shdk) => "Dukcapil SHDK 1–11 (2 husband, 3 wife, 4 child)",
            (Lang::Id, Scheme::HubKrt) => "Hub_KRT BPS/DTKS 1–8 (2 istri/suami, 3 anak)",
            (Lang::En, Scheme::HubKrt) => "BPS/DTKS Hub_KRT 1–8 (2 wife/husband, 3 child)",
            (Lang::Id, Scheme::PekerjaanSiak) => "pekerjaan Dukcapil 1–89",
            (Lang::En, Scheme::PekerjaanSiak) => "Dukcapil occupation 1–89",
            (Lang::Id, Scheme::YesNo) => "1 ya, 2 tidak",
            (Lang::En, Scheme::YesNo) => "1 yes, 2 no",
            (Lang::Id, Scheme::DtksSector) => "lapangan usaha DTKS 1–21",
            (Lang::En, Scheme::DtksSector) => "DTKS sector of work 1–21",
            (Lang::Id, Scheme::DtksWorkStatus) => "status pekerjaan DTKS 1–7",
            (Lang::En, Scheme::DtksWorkStatus) => "DTKS work status 1–7",
            (Lang::Id, Scheme::CacatDtks) => "jenis cacat DTKS 0–12",
            (Lang::En, Scheme::CacatDtks) => "DTKS disability 0–12",
            (Lang::Id, Scheme::CacatOpenSid) => "cacat OpenSID 1–7",
            (Lang::En, Scheme::CacatOpenSid) => "OpenSID disability 1–7",
            (Lang::Id, Scheme::DisabilitySiks) => {
                "jenis disabilitas SIKS-NG 1–5 (fisik, intelektual, mental, sensorik, ganda)"
            }
            (Lang::En, Scheme::DisabilitySiks) => {
                "SIKS-NG disability kind 1–5 (physical, intellectual, mental, sensory, multiple)"
            }
            (Lang::Id, Scheme::Welfare) => "status kesejahteraan DTKS 1–4 / desil DTSEN 1–10",
            (Lang::En, Scheme::Welfare) => "DTKS welfare status 1–4 / DTSEN desil 1–10",
            (Lang::Id, Scheme::RegionPart) => "bagian kode wilayah",
            (Lang::En, Scheme::RegionPart) => "part of the wilayah code",
            (Lang::Id, Scheme::RegionName) => "nama atau kode wilayah",
            (Lang::En, Scheme::RegionName) => "region name or code",
            (Lang::Id, Scheme::ProgramName) => "nama program (PKH, BPNT/SEMBAKO, PBI)",
            (Lang::En, Scheme::ProgramName) => "programme name (PKH, BPNT/SEMBAKO, PBI)",
        }
    }
}

impl Field {
    pub fn label(self, lang: Lang) -> String {
        let id_en = |id: &str, en: &str| match lang {
            Lang::Id => id.to_string(),
            Lang::En => en.to_string(),
        };
        match self {
            Field::Nik => "nik".into(),
            Field::NoKk => "no_kk".into(),
            Field::Name => "nama".into(),
            Field::Birthplace => "tempat_lahir".into(),
            Field::BirthDate => "tanggal_lahir".into(),
            Field::Sex => "jenis_kelamin".into(),
            Field::MotherName => "nama_ibu".into(),
            Field::Relationship => "hubungan".into(),
            Field::Marital => "status_kawin".into(),
            Field::Occupation => "pekerjaan".into(),
            Field::Working | Field::Sector | Field::WorkStatus => {
                id_en("pekerjaan (dari kolom kerja DTKS)", "pekerjaan (from the DTKS work columns)")
            }
            Field::Disability => "disabilitas".into(),
            Field::DisabilityStatus => id_en("disabilitas (ada atau tidak)", "disabilitas (whether any)"),
            Field::Pregnant => "hamil".into(),
            Field::PregnantSince => "hamil_sejak".into(),
            Field::Kelurahan => "kelurahan".into(),
            Field::Prop => id_en("kelurahan (bagian provinsi)", "kelurahan (province part)"),
            Field::Kab => id_en("kelurahan (bagian kab/kota)", "kelurahan (kab/kota part)"),
            Field::Kec => id_en("kelurahan (bagian kecamatan)", "kelurahan (kecamatan part)"),
            Field::Desa => id_en("kelurahan (bagian desa)", "kelurahan (desa part)"),
            Field::ProvName | Field::KabName | Field::KecName => {
                id_en("kelurahan (penentu nama)", "kelurahan (to tell names apart)")
            }
            Field::KelName => "kelurahan".into(),
            Field::Street => "alamat".into(),
            Field::Rw => "rw".into(),
            Field::Rt => "rt".into(),
            Field::HouseholdId => id_en("ID DTKS (disimpan di samping No. KK)", "ID DTKS (kept beside the No. KK)"),
            Field::PersonId => id_en("ID ART DTKS (hanya dibaca)", "ID ART DTKS (read only)"),
            Field::Welfare => "desil".into(),
            Field::Flag(p) => format!("{}: {}", id_en("kepesertaan", "enrolment"), p.code()),
            Field::Programme => id_en("program usulan", "programme proposed"),
            Field::PadanProgram => id_en("program (hasil padan)", "programme (matching result)"),
            Field::PadanHasil => id_en("hasil padan", "matching result"),
            Field::PadanStatus => id_en("status padan", "match status"),
            Field::PadanName => id_en("nama menurut Dukcapil", "name per Dukcapil"),
            Field::PadanNote => id_en("keterangan validasi", "validation note"),
            Field::Participant => id_en(
                "kepesertaan: peserta (NIK atau No. KK, menurut sasaran)",
                "enrolment: participant (NIK or No. KK, by the sasaran)",
            ),
            Field::NotHeld => id_en("(hanya untuk mengenali format)", "(only to recognise the layout)"),
        }
    }
}

fn candidates(lang: Lang, c: &[Layout]) -> String {
    c.iter().map(|l| l.label(lang)).collect::<Vec<_>>().join(", ")
}

impl OfficeFileError {
    pub fn message(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::Id, OfficeFileError::Ambiguous { path, sheet, candidates: c }) => format!(
                "{}{}: baris judul cocok dengan lebih dari satu format ({}); tidak ada yang diimpor. Hapus kolom format lain sehingga tinggal satu, lalu periksa dengan dtks import --explain",
                path.display(),
                sheet.as_ref().map(|s| format!(" (lembar {s})")).unwrap_or_default(),
                candidates(lang, c)
            ),
            (Lang::En, OfficeFileError::Ambiguous { path, sheet, candidates: c }) => format!(
                "{}{}: the header row fits more than one layout ({}); nothing was imported. Remove the other layout's columns so that one remains, then check with dtks import --explain",
                path.display(),
                sheet.as_ref().map(|s| format!(" (sheet {s})")).unwrap_or_default(),
                candidates(lang, c)
            ),
            (Lang::Id, OfficeFileError::NeedsKelurahan { path, layout }) => format!(
                "{}: berkas {} tidak memuat kode wilayah (desanya adalah instalasi OpenSID itu sendiri); sebutkan kode desa/kelurahannya, misalnya --kelurahan 31.71.01.1001",
                path.display(),
                layout.label(lang)
            ),
            (Lang::En, OfficeFileError::NeedsKelurahan { path, layout }) => format!(
                "{}: an {} file carries no region code (its village is the OpenSID installation itself); give the desa/kelurahan code, e.g. --kelurahan 31.71.01.1001",
                path.display(),
                layout.label(lang)
            ),
            (Lang::Id, OfficeFileError::BadKelurahan { path, code }) => format!(
                "{}: '{code}' bukan kode kelurahan/desa yang dikenal; tulis 10 digit atau bentuk bertitik (31.71.01.1001) dari daftar wilayah",
                path.display()
            ),
            (Lang::En, OfficeFileError::BadKelurahan { path, code }) => format!(
                "{}: '{code}' is not a known kelurahan/desa code; write its 10 digits or dotted form (31.71.01.1001) from the region lists",
                path.display()
            ),
            (Lang::Id, OfficeFileError::NoProgramme { path }) => format!(
                "{}: lembar peserta program bantuan OpenSID tanpa programnya; impor buku kerja aslinya (lembar Program dan Peserta bersama), yang menyebut Nama Program dan Sasaran Program",
                path.display()
            ),
            (Lang::En, OfficeFileError::NoProgramme { path }) => format!(
                "{}: an OpenSID programme participants sheet without its programme; import the workbook as OpenSID wrote it (its Program and Peserta sheets together), which names the Nama Program and Sasaran Program",
                path.display()
            ),
            (Lang::Id, OfficeFileError::NotOffice { path }) => format!(
                "{}: baris judulnya bukan salah satu format kantor (SIKS-NG, DTKS, BDT 2015, OpenSID, SIAK); bila ini tabel dtks sendiri, impor saja tanpa --explain",
                path.display()
            ),
            (Lang::En, OfficeFileError::NotOffice { path }) => format!(
                "{}: its header row is none of the office layouts (SIKS-NG, DTKS, BDT 2015, OpenSID, SIAK); if it is one of dtks's own tables, import it without --explain",
                path.display()
            ),
        }
    }
}

impl OfficeProblem {
    pub fn message(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::Id, OfficeProblem::NoKk) => {
                "baris tanpa No. KK: keluarga dibentuk dari baris yang sama No. KK-nya; isi No. KK lalu impor lagi"
                    .into()
            }
            (Lang::En, OfficeProblem::NoKk) => {
                "a row without a No. KK: households are built from the rows sharing one; fill it in and import again"
                    .into()
            }
            (Lang::Id, OfficeProblem::NoRtRw { layout }) => format!(
                "No. KK ini belum ada di register dan {} tidak memuat RT/RW yang diwajibkan register; impor lebih dulu baris SIAK/OpenSID keluarganya (yang memuat alamat), atau tambahkan kolom RT dan RW",
                layout.label(lang)
            ),
            (Lang::En, OfficeProblem::NoRtRw { layout }) => format!(
                "this No. KK is not in the register yet and {} carry no RT/RW, which the register requires; import the household's SIAK/OpenSID rows (with the address) first, or add RT and RW columns",
                layout.label(lang)
            ),
            (Lang::Id, OfficeProblem::NoRegion { parts }) => format!(
                "kode wilayah '{parts}' tidak membentuk kode kelurahan (provinsi 2, kab/kota 2, kecamatan 2, desa 4 digit); perbaiki kolom kodenya"
            ),
            (Lang::En, OfficeProblem::NoRegion { parts }) => format!(
                "the region code '{parts}' does not make a kelurahan code (province 2, kab/kota 2, kecamatan 2, desa 4 digits); fix the code columns"
            ),
            (Lang::Id, OfficeProblem::UnknownHouseholdId { id }) => format!(
                "ID DTKS '{id}' tidak ada di register maupun di baris ART impor ini; impor baris ART-nya lebih dulu atau bersama berkas ini"
            ),
            (Lang::En, OfficeProblem::UnknownHouseholdId { id }) => format!(
                "ID DTKS '{id}' is neither in the register nor in this import's ART rows; import its ART rows first or with this file"
            ),
            (_, OfficeProblem::Usulan(problems)) => {
                problems.iter().map(|p| p.message(lang)).collect::<Vec<_>>().join("; ")
            }
            (Lang::Id, OfficeProblem::NothingToPropose { nik }) => format!(
                "NIK {nik} sudah ada di register dan barisnya tidak menyebut PROGRAM BANSOS; isi program yang diusulkan"
            ),
            (Lang::En, OfficeProblem::NothingToPropose { nik }) => format!(
                "NIK {nik} is already in the register and its row names no PROGRAM BANSOS; fill in the programme proposed"
            ),
            (Lang::Id, OfficeProblem::NoUsulanForNik { nik }) => {
                format!("tidak ada usulan untuk NIK {nik}; impor templat usulannya lebih dulu")
            }
            (Lang::En, OfficeProblem::NoUsulanForNik { nik }) => {
                format!("no proposal names NIK {nik}; import its proposal template first")
            }
            (Lang::Id, OfficeProblem::PregnantMale { column }) => format!(
                "{column} menyatakan hamil tetapi jenis kelaminnya laki-laki; perbaiki salah satunya lalu impor lagi"
            ),
            (Lang::En, OfficeProblem::PregnantMale { column }) => {
                format!("{column} says pregnant but the sex is male; correct one of them and import again")
            }
            (Lang::Id, OfficeProblem::DisabilityUnclear { status, kind }) => format!(
                "STATUS DISABILITAS '{status}' dan KODE JENIS DISABILITAS '{kind}' tidak sejalan: status ya perlu jenisnya (1 fisik, 2 intelektual, 3 mental, 4 sensorik, 5 ganda), status tidak tanpa jenis"
            ),
            (Lang::En, OfficeProblem::DisabilityUnclear { status, kind }) => format!(
                "STATUS DISABILITAS '{status}' and KODE JENIS DISABILITAS '{kind}' disagree: a yes needs its kind (1 physical, 2 intellectual, 3 mental, 4 sensory, 5 multiple), a no has none"
            ),
            (Lang::Id, OfficeProblem::UnknownProgramme { name }) => format!(
                "program '{name}' bukan program yang dikelola dtks (KLJ, KAJ, KPDJ, KPARJ, PKH, BPNT/Sembako, PBI); ubah Nama Program di lembar Program bila itu nama lain dari salah satunya"
            ),
            (Lang::En, OfficeProblem::UnknownProgramme { name }) => format!(
                "programme '{name}' is not one dtks runs (KLJ, KAJ, KPDJ, KPARJ, PKH, BPNT/Sembako, PBI); change the Nama Program on the Program sheet if it is another name for one of them"
            ),
            (Lang::Id, OfficeProblem::GroupProgramme { target }) => format!(
                "sasaran program '{target}' adalah kelompok, bukan penduduk atau keluarga; dtks hanya mencatat kepesertaan orang"
            ),
            (Lang::En, OfficeProblem::GroupProgramme { target }) => format!(
                "the programme's sasaran '{target}' is a group, not persons or households; dtks records only persons' enrolments"
            ),
            (Lang::Id, OfficeProblem::NotInRegister { peserta }) => format!(
                "peserta {peserta} tidak ada di register; impor data kependudukannya (OpenSID, SIAK) lebih dulu"
            ),
            (Lang::En, OfficeProblem::NotInRegister { peserta }) => format!(
                "participant {peserta} is not in the register; import their population rows (OpenSID, SIAK) first"
            ),
            (Lang::Id, OfficeProblem::NotAMember { nik, no_kk }) => format!(
                "NIK pemegang kartu {nik} bukan anggota KK {no_kk}; perbaiki NIK-nya atau kosongkan agar kepala keluarga yang dicatat"
            ),
            (Lang::En, OfficeProblem::NotAMember { nik, no_kk }) => format!(
                "the card holder's NIK {nik} is no member of KK {no_kk}; correct it, or leave it empty to enrol the head"
            ),
            (Lang::Id, OfficeProblem::UnknownPlace { name }) => format!(
                "kelurahan '{name}' tidak ditemukan (atau ada lebih dari satu) di bawah kecamatan, kabupaten dan provinsi yang disebut; tulis kodenya (31.71.01.1001)"
            ),
            (Lang::En, OfficeProblem::UnknownPlace { name }) => format!(
                "kelurahan '{name}' is not found (or found more than once) under the kecamatan, kabupaten and province named; write its code (31.71.01.1001)"
            ),
        }
    }
}

/// The report lines of one office file in an import.
pub fn report_lines(lang: Lang, r: &crate::service::import::office::OfficeReport) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let sheet = r.sheet.as_ref().map(|x| format!(" ({x})")).unwrap_or_default();
    let _ = match lang {
        Lang::Id => writeln!(s, "{}{}: format {}", r.file.display(), sheet, r.layout.label(lang)),
        Lang::En => writeln!(s, "{}{}: layout {}", r.file.display(), sheet, r.layout.label(lang)),
    };
    if let Some(k) = &r.kelurahan {
        let _ = match lang {
            Lang::Id => writeln!(s, "  kelurahan (dari --kelurahan): {k}"),
            Lang::En => writeln!(s, "  kelurahan (from --kelurahan): {k}"),
        };
    }
    for (col, scheme) in &r.schemes {
        let _ = match lang {
            Lang::Id => writeln!(s, "  kolom {col}: kode {}", scheme.label(lang)),
            Lang::En => writeln!(s, "  column {col}: codes {}", scheme.label(lang)),
        };
    }
    if !r.ignored.is_empty() {
        let _ = match lang {
            Lang::Id => writeln!(s, "  kolom yang tidak disimpan dtks (diabaikan): {}", r.ignored.join(", ")),
            Lang::En => writeln!(s, "  columns dtks does not hold (ignored): {}", r.ignored.join(", ")),
        };
    }
    if r.layout == Layout::SiksUsulan {
        let _ = match lang {
            Lang::Id => writeln!(s, "  usulan: {} baru, {} sudah tercatat", r.usulan_new, r.usulan_unchanged),
            Lang::En => writeln!(s, "  proposals: {} new, {} already recorded", r.usulan_new, r.usulan_unchanged),
        };
    }
    if r.layout == Layout::SiksPadan {
        let _ = match lang {
            Lang::Id => writeln!(s, "  status padan: {} diperbarui, {} tetap", r.padan_updated, r.padan_unchanged),
            Lang::En => writeln!(s, "  match status: {} updated, {} unchanged", r.padan_updated, r.padan_unchanged),
        };
    }
    s
}

/// The words of `dtks import --explain`.
#[derive(Clone, Copy, Debug)]
pub enum ExplainMsg {
    Layout,
    Mapping,
    Ignored,
    FirstRows,
    NothingImported,
    RowRejected,
}

pub fn explain_text(lang: Lang, m: ExplainMsg) -> &'static str {
    match (lang, m) {
        (Lang::Id, ExplainMsg::Layout) => "Format",
        (Lang::En, ExplainMsg::Layout) => "Layout",
        (Lang::Id, ExplainMsg::Mapping) => "Kolom → isian dtks (skema kode)",
        (Lang::En, ExplainMsg::Mapping) => "Column → dtks field (code scheme)",
        (Lang::Id, ExplainMsg::Ignored) => "Kolom yang tidak disimpan dtks (diabaikan)",
        (Lang::En, ExplainMsg::Ignored) => "Columns dtks does not hold (ignored)",
        (Lang::Id, ExplainMsg::FirstRows) => "Baris pertama sebagaimana akan disimpan",
        (Lang::En, ExplainMsg::FirstRows) => "First rows as they would be stored",
        (Lang::Id, ExplainMsg::NothingImported) => "Tidak ada yang diimpor (--explain).",
        (Lang::En, ExplainMsg::NothingImported) => "Nothing was imported (--explain).",
        (Lang::Id, ExplainMsg::RowRejected) => "akan ditolak",
        (Lang::En, ExplainMsg::RowRejected) => "would be rejected",
    }
}

/// The summary of `dtks export --format siks-ng-usulan`.
pub fn siks_export_done(lang: Lang, rows: u64, dest: &std::path::Path) -> String {
    match lang {
        Lang::Id => format!("Usulan ditulis dalam templat SIKS-NG: {rows} baris → {}\n", dest.display()),
        Lang::En => format!("Proposals written in the SIKS-NG template: {rows} rows → {}\n", dest.display()),
    }
}

/// What `dtks import --explain` prints for one table.
pub fn explanation(lang: Lang, e: &crate::service::import::office::Explanation) -> String {
    use crate::service::import::office::Preview;
    use std::fmt::Write;
    let t = |m| explain_text(lang, m);
    let mut s = String::new();
    let sheet = e.sheet.as_ref().map(|x| format!(" ({x})")).unwrap_or_default();
    let _ = writeln!(s, "{}{}", e.file.display(), sheet);
    let _ = writeln!(s, "{}: {} [{}]", t(ExplainMsg::Layout), e.layout.label(lang), e.layout.code());
    if let Some(k) = &e.kelurahan {
        let _ = writeln!(s, "kelurahan (--kelurahan): {k}");
    }
    let _ = writeln!(s, "{}:", t(ExplainMsg::Mapping));
    for m in &e.columns {
        let _ = writeln!(s, "  {} → {} ({})", m.header, m.field.label(lang), m.scheme.label(lang));
    }
    if !e.ignored.is_empty() {
        let _ = writeln!(s, "{}: {}", t(ExplainMsg::Ignored), e.ignored.join(", "));
    }
    let _ = writeln!(s, "{}:", t(ExplainMsg::FirstRows));
    for p in &e.preview {
        let _ = match p {
            Preview::Stored { kind, fields } => writeln!(
                s,
                "  {kind}: {}",
                kind.header()
                    .iter()
                    .zip(fields)
                    .map(|(c, v)| format!("{c}={}", worded(lang, c, v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Preview::Fields(fields) => writeln!(
                s,
                "  {}",
                fields.iter().map(|(f, v)| format!("{}={v}", f.label(lang))).collect::<Vec<_>>().join(", ")
            ),
            Preview::Rejected { line, problem } => {
                writeln!(s, "  {} {line}: {} — {}", line_word(lang), t(ExplainMsg::RowRejected), problem.message(lang))
            }
        };
    }
    s
}

/// A stored field as people read it: a coded value by its label (`lantai`
/// `tidak_diketahui` → "Tidak diketahui"), lists label by label, a date as
/// people write it, anything else as it is.
fn worded(lang: Lang, column: &str, value: &str) -> String {
    use crate::domain::codes::*;
    fn label<T: Copy>(lang: Lang, v: &str, parse: fn(&str) -> Option<T>, word: fn(T, Lang) -> &'static str) -> String {
        v.split('|')
            .map(|one| parse(one).map_or(one.to_string(), |c| word(c, lang).to_string()))
            .collect::<Vec<_>>()
            .join(", ")
    }
    if value.is_empty() {
        return String::new();
    }
    match column {
        "lantai" => label(lang, value, Floor::parse, Floor::label),
        "dinding" => label(lang, value, Wall::parse, Wall::label),
        "atap" => label(lang, value, Roof::parse, Roof::label),
        "penerangan" => label(lang, value, Lighting::parse, Lighting::label),
        "air_minum" => label(lang, value, DrinkingWater::parse, DrinkingWater::label),
        "sanitasi" => label(lang, value, Sanitation::parse, Sanitation::label),
        "bahan_bakar" => label(lang, value, CookingFuel::parse, CookingFuel::label),
        "aset" => label(lang, value, Asset::parse, Asset::label),
        "jenis_kelamin" => label(lang, value, Sex::parse, Sex::label),
        "hubungan" => label(lang, value, Relationship::parse, Relationship::label),
        "status_kawin" => label(lang, value, MaritalStatus::parse, MaritalStatus::label),
        "pekerjaan" => label(lang, value, Occupation::parse, Occupation::label),
        "disabilitas" => label(lang, value, Disability::parse, Disability::label),
        "tidak_layak" => label(lang, value, NotEligibleReason::parse, NotEligibleReason::label),
        "sumber" => label(lang, value, Source::parse, Source::label),
        "status" => match DtksStatus::parse(value) {
            Some(s) => s.label(lang).to_string(),
            None => label(lang, value, EnrolmentStatus::parse, EnrolmentStatus::label),
        },
        "tanggal_lahir" | "sejak" | "sampai" | "hamil_sejak" => {
            chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").map_or(value.to_string(), |d| super::fmt_date(lang, d))
        }
        "ortu_wafat_covid" | "hamil" => match (lang, value) {
            (Lang::En, "ya") => "yes".into(),
            (Lang::En, "tidak") => "no".into(),
            _ => value.to_string(),
        },
        _ => value.to_string(),
    }
}

fn line_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "baris",
        Lang::En => "line",
    }
}
