//! The words for what is wrong in an imported file: a cell, a row, a
//! warning. Written into rejects files and shown by the CLI.

use super::Lang;
use crate::formats::{CellProblem, ReadWarning, RowError, RowProblem};

const TEXT_HINT_ID: &str = "format kolom sebagai Teks (Text) di Excel lalu ketik ulang 16 digitnya";
const TEXT_HINT_EN: &str = "format the column as Text in Excel and type the 16 digits again";
const DATE_FORMS_ID: &str = "tulis seperti 2024-12-13, 13-12-2024, 13/12/2024 atau 13 Des 2024";
const DATE_FORMS_EN: &str = "write it as 2024-12-13, 13-12-2024, 13/12/2024 or 13 Des 2024";

impl CellProblem {
    pub fn message(&self, lang: Lang) -> String {
        use CellProblem::*;
        match (lang, self) {
            (Lang::Id, Empty) => "kosong".into(),
            (Lang::En, Empty) => "is empty".into(),
            (Lang::Id, NumberLostDigits { shown }) => {
                format!("{shown} tersimpan sebagai angka dan Excel hanya menyimpan 15 digit; {TEXT_HINT_ID}")
            }
            (Lang::En, NumberLostDigits { shown }) => {
                format!("{shown} is stored as a number and Excel keeps only 15 digits; {TEXT_HINT_EN}")
            }
            (Lang::Id, NotANumber { shown }) => format!("'{shown}' bukan angka 16 digit"),
            (Lang::En, NotANumber { shown }) => format!("'{shown}' is not a number of 16 digits"),
            (Lang::Id, Scientific { shown }) => {
                format!("'{shown}' diubah Excel menjadi notasi ilmiah dan digitnya hilang; {TEXT_HINT_ID}")
            }
            (Lang::En, Scientific { shown }) => {
                format!(
                    "'{shown}' was turned into scientific notation by Excel and its digits are lost; {TEXT_HINT_EN}"
                )
            }
            (Lang::Id, NotAllDigits { digits, position }) => {
                format!("'{digits}' tidak seluruhnya angka (posisi {position})")
            }
            (Lang::En, NotAllDigits { digits, position }) => {
                format!("'{digits}' is not all digits (position {position})")
            }
            (Lang::Id, WrongLength { digits, len }) => format!("'{digits}' berisi {len} digit; harus 16"),
            (Lang::En, WrongLength { digits, len }) => format!("'{digits}' has {len} digits; it must have 16"),
            (Lang::Id, TwoDigitYear { text }) => {
                format!("'{text}' memakai tahun dua digit; tulis tahun lengkap (2024)")
            }
            (Lang::En, TwoDigitYear { text }) => {
                format!("'{text}' has a two-digit year; write the year in full (2024)")
            }
            (Lang::Id, NotADate { text }) => format!("'{text}' bukan tanggal; {DATE_FORMS_ID}"),
            (Lang::En, NotADate { text }) => format!("'{text}' is not a date; {DATE_FORMS_EN}"),
            (Lang::Id, NotARealDate { text }) => format!("'{text}' bukan tanggal yang ada"),
            (Lang::En, NotARealDate { text }) => format!("'{text}' is not a real date"),
            (Lang::Id, DateIsNumber { shown }) => format!(
                "{shown} adalah angka, bukan tanggal; format kolom sebagai Tanggal (Date) di Excel, atau tulis 2024-12-13"
            ),
            (Lang::En, DateIsNumber { shown }) => {
                format!("{shown} is a number, not a date; format the column as Date in Excel, or write 2024-12-13")
            }
            (Lang::Id, NotYesNo { text }) => format!("'{text}' bukan ya atau tidak; tulis ya atau tidak"),
            (Lang::En, NotYesNo { text }) => format!("'{text}' is not yes or no; write ya or tidak"),
            (Lang::Id, NotSmallNumber { text, max }) => format!("'{text}' bukan bilangan bulat 0 sampai {max}"),
            (Lang::En, NotSmallNumber { text, max }) => format!("'{text}' is not a whole number from 0 to {max}"),
            (Lang::Id, NotRegionCode { text }) => {
                format!("'{text}' bukan kode wilayah seperti 31, 31.71, 31.71.01 atau 31.71.01.1001")
            }
            (Lang::En, NotRegionCode { text }) => {
                format!("'{text}' is not a region code such as 31, 31.71, 31.71.01 or 31.71.01.1001")
            }
            (Lang::Id, NotKelurahanCode { code }) => format!("'{code}' bukan kode kelurahan seperti 31.71.01.1001"),
            (Lang::En, NotKelurahanCode { code }) => format!("'{code}' is not a kelurahan code such as 31.71.01.1001"),
            (Lang::Id, EmptyCode { codes }) => format!("kosong; isi salah satu: {codes}"),
            (Lang::En, EmptyCode { codes }) => format!("is empty; use one of: {codes}"),
            (Lang::Id, NotOneOf { value, codes }) => format!("'{value}' bukan salah satu dari: {codes}"),
            (Lang::En, NotOneOf { value, codes }) => format!("'{value}' is not one of: {codes}"),
            (Lang::Id, TooLong { len, max }) => {
                format!("panjangnya {len} karakter, melebihi batas {max}; persingkat isinya")
            }
            (Lang::En, TooLong { len, max }) => {
                format!("is {len} characters long, over the limit of {max}; shorten it")
            }
        }
    }
}

impl RowProblem {
    pub fn message(&self, lang: Lang) -> String {
        use RowProblem::*;
        match (lang, self) {
            (Lang::Id, Cell { column, problem }) => format!("kolom {column}: {}", problem.message(lang)),
            (Lang::En, Cell { column, problem }) => format!("column {column}: {}", problem.message(lang)),
            (Lang::Id, SecondHouseholdRow) => "No. KK ini punya baris keluarga kedua; sisakan satu".into(),
            (Lang::En, SecondHouseholdRow) => "this No. KK has a second household row; keep one".into(),
            (Lang::Id, TooManyRows { limit }) => {
                format!(
                    "No. KK ini punya lebih dari {limit} baris, lebih dari keluarga mana pun; periksa kolom no_kk berkas ini"
                )
            }
            (Lang::En, TooManyRows { limit }) => {
                format!(
                    "this No. KK has more than {limit} rows, more than any household; check the file's no_kk column"
                )
            }
            (Lang::Id, UnknownKk) => {
                "No. KK ini tidak ada di register maupun di berkas keluarga; tambahkan baris keluarganya".into()
            }
            (Lang::En, UnknownKk) => {
                "this No. KK is neither in the register nor in the households file; add its household row".into()
            }
            (Lang::Id, HistoryNotMember { nik }) => {
                format!("baris riwayat menyebut NIK {nik}, yang bukan anggota keluarga ini")
            }
            (Lang::En, HistoryNotMember { nik }) => {
                format!("history row names NIK {nik}, who is not a member of this household")
            }
            (Lang::Id, EnrolmentNotMember { nik }) => {
                format!("baris kepesertaan menyebut NIK {nik}, yang bukan anggota keluarga ini")
            }
            (Lang::En, EnrolmentNotMember { nik }) => {
                format!("enrolment row names NIK {nik}, who is not a member of this household")
            }
            (_, Office(p)) => p.message(lang),
            (Lang::Id, WithUnreadableRow(at)) => format!(
                "ditolak bersama keluarganya karena baris {} {}{} tidak dapat dibaca (alasannya tercantum di sana); perbaiki baris itu lalu impor lagi semua baris keluarga ini",
                at.line,
                at.file.display(),
                at.sheet.as_ref().map(|s| format!(" (lembar {s})")).unwrap_or_default()
            ),
            (Lang::En, WithUnreadableRow(at)) => format!(
                "rejected with its household because line {} of {}{} cannot be read (the reason is given there); fix that row, then import all of this household's rows again",
                at.line,
                at.file.display(),
                at.sheet.as_ref().map(|s| format!(" (sheet {s})")).unwrap_or_default()
            ),
            (Lang::Id, RoundedNotIdentifiable(c)) => format!(
                "kolom {}: '{}' dibulatkan oleh spreadsheet dan tidak dapat dikenali: ketik ulang 16 digitnya",
                c.column, c.shown
            ),
            (Lang::En, RoundedNotIdentifiable(c)) => format!(
                "column {}: '{}' was rounded by a spreadsheet and not identifiable: type the 16 digits again",
                c.column, c.shown
            ),
            (Lang::Id, RoundedRestorable(c)) => format!(
                "kolom {}: '{}' dibulatkan oleh spreadsheet; register dapat memulihkannya — impor lagi dengan dtks import --restore-rounded untuk melihat dan memulihkan nilainya",
                c.column, c.shown
            ),
            (Lang::En, RoundedRestorable(c)) => format!(
                "column {}: '{}' was rounded by a spreadsheet; the register can restore it — import again with dtks import --restore-rounded to see and restore the values",
                c.column, c.shown
            ),
            (_, Invalid(errors)) => errors.iter().map(|e| e.message(lang)).collect::<Vec<_>>().join("; "),
            (_, Unreadable(e)) => crate::service::error::format_message(lang, &e.0),
        }
    }
}

impl RowError {
    /// "data/persons.csv (sheet anggota), baris 12: …".
    pub fn message(&self, lang: Lang) -> String {
        let sheet = match (&self.sheet, lang) {
            (None, _) => String::new(),
            (Some(s), Lang::Id) => format!(" (lembar {s})"),
            (Some(s), Lang::En) => format!(" (sheet {s})"),
        };
        format!("{}{sheet}, {}", self.file.display(), self.line_message(lang))
    }

    /// "baris 12: …", as the rejects file's reason column has it.
    pub fn line_message(&self, lang: Lang) -> String {
        let line = match lang {
            Lang::Id => "baris",
            Lang::En => "line",
        };
        format!("{line} {}: {}", self.line, self.problem.message(lang))
    }
}

impl ReadWarning {
    pub fn message(&self, lang: Lang) -> String {
        use ReadWarning::*;
        match (lang, self) {
            (Lang::Id, NotUtf8 { path, line }) => format!(
                "{}: baris {line} bukan teks UTF-8; dibaca sebagai Windows-1252. Simpan sebagai \"CSV UTF-8\" di Excel agar tidak terjadi",
                path.display()
            ),
            (Lang::En, NotUtf8 { path, line }) => format!(
                "{}: line {line} is not UTF-8 text; read as Windows-1252. Save as \"CSV UTF-8\" in Excel to avoid this",
                path.display()
            ),
            (Lang::Id, IgnoredColumn { path, column, kind }) => {
                format!("{}: kolom '{column}' bukan bagian tabel {kind} dan diabaikan", path.display())
            }
            (Lang::En, IgnoredColumn { path, column, kind }) => {
                format!("{}: column '{column}' is not part of a {kind} table and is ignored", path.display())
            }
            (Lang::Id, SkippedSheet { path, sheet }) => {
                format!("{}: lembar '{sheet}' bukan tabel register dan dilewati", path.display())
            }
            (Lang::En, SkippedSheet { path, sheet }) => {
                format!("{}: sheet '{sheet}' is not a register table and is skipped", path.display())
            }
            (Lang::Id, HeaderCellTolerated { path, shown, column, bom: true }) => format!(
                "{}: sel judul pertama '{shown}' dibaca sebagai '{column}': awalnya sisa penanda BOM yang terbaca dengan pengodean salah (berkas dibuka sebagai Windows-1252 lalu disimpan lagi); saat membuka CSV di Excel pilih pengodean UTF-8",
                path.display()
            ),
            (Lang::En, HeaderCellTolerated { path, shown, column, bom: true }) => format!(
                "{}: the first header cell '{shown}' was read as '{column}': it starts with a byte-order mark read in the wrong encoding (the file was opened as Windows-1252 and saved again); choose UTF-8 when opening a CSV in a spreadsheet",
                path.display()
            ),
            (Lang::Id, HeaderCellTolerated { path, shown, column, bom: false }) => format!(
                "{}: sel judul pertama '{shown}' berisi spasi lebih dan dibaca sebagai '{column}'",
                path.display()
            ),
            (Lang::En, HeaderCellTolerated { path, shown, column, bom: false }) => format!(
                "{}: the first header cell '{shown}' has stray spaces and was read as '{column}'",
                path.display()
            ),
        }
    }
}

impl crate::service::import::ImportWarning {
    pub fn message(&self, lang: Lang) -> String {
        use crate::service::import::ImportWarning::*;
        match (lang, self) {
            (_, Read(w)) => w.message(lang),
            (_, Rejected(e)) => e.message(lang),
            (Lang::Id, DuplicateNik { nik, kk, others }) => format!(
                "NIK {nik} di KK {kk} juga ada di KK {} — disimpan di keduanya; lihat dtks duplicates",
                others.join(", ")
            ),
            (Lang::En, DuplicateNik { nik, kk, others }) => {
                format!("NIK {nik} in KK {kk} is also in KK {} — kept in both; see dtks duplicates", others.join(", "))
            }
            (Lang::Id, IdenticalRow { file, line, first_file, first }) => format!(
                "{}, baris {line}: sama persis dengan baris {first} {}; dibaca sekali — hapus salah satunya",
                file.display(),
                first_file.display()
            ),
            (Lang::En, IdenticalRow { file, line, first_file, first }) => format!(
                "{}, line {line}: the same as line {first} of {} word for word; read once — delete one of them",
                file.display(),
                first_file.display()
            ),
            (_, More) => "…".into(),
        }
    }
}
