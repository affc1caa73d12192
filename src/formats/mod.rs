//! The register's file format: five kinds of table (wilayah, households,
//! persons, history, enrolments), read from CSV or xlsx and written to both,
//! so that importing an export reproduces the register exactly.
//!
//! A table is recognised by its header row, never by its file or sheet name:
//! column names are matched case-insensitively, in any order; unknown
//! columns are ignored with a warning. Values use the codes of
//! [`crate::domain::codes`] (labels are accepted too); lists are separated
//! by `|`. Dates are written ISO (2024-12-13) and read in the forms people
//! type. Rows that cannot be read are rejected one by one with a reason and
//! can be written to a rejects file ([`RejectsWriter`]), fixed, and imported
//! again as they are.

mod assemble;
pub mod atomic;
mod csv_in;
mod date_order;
mod export;
pub mod jsonl;
pub mod office;
pub mod problem;
pub(crate) mod rejects;
pub mod rows;
pub mod safe_cell;
pub mod value;
pub mod verval_export;
pub(crate) mod xlsx_in;

use std::fmt;
use std::path::{Path, PathBuf};

pub use assemble::{Unmatched, assemble};
pub use csv_in::{CsvReader, Survey, open_csv, survey_csv};
pub use export::{CsvExporter, FILE_NAMES, XlsxExporter, export_csv, export_xlsx, write_regions};
pub use problem::{CellProblem, ReadWarning, RowProblem};
pub use rejects::{REASON_COLUMN, RejectsWriter};
pub use rows::{
    EnrolmentRow, HistoryRow, HouseholdRow, PersonRow, Row, enrolment_fields, history_fields, household_fields,
    person_fields, region_fields,
};
pub use value::Cell;
pub use xlsx_in::{Sheet, SheetHead, has_register_sheet, parse_sheet_row, read_xlsx, sheet_heads, sheet_rows};

/// A row read from a file, with where it was and what it said, so that a
/// row accepted here can still be sent to the rejects file later (when its
/// household fails a check).
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub row: Row,
    /// Line in the file (CSV) or Excel row number (xlsx), from 1.
    pub line: u64,
    /// The original record, field by field.
    pub raw: Vec<String>,
    /// Its NIKs and No. KKs that a spreadsheet may have rounded.
    pub rounded: Vec<value::Rounded>,
}

/// The five kinds of table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Wilayah,
    Households,
    Persons,
    History,
    Enrolments,
}

/// A column of a table: its name in files and whether a file may leave it out.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

const fn req(name: &'static str) -> Column {
    Column { name, required: true }
}
const fn opt(name: &'static str) -> Column {
    Column { name, required: false }
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Wilayah, Kind::Households, Kind::Persons, Kind::History, Kind::Enrolments];

    /// Columns in the order they are written.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Kind::Wilayah => const { &[req("code"), req("name")] },
            Kind::Households => {
                const {
                    &[
                        req("no_kk"),
                        req("kelurahan"),
                        req("rw"),
                        req("rt"),
                        req("alamat"),
                        req("lantai"),
                        req("dinding"),
                        req("atap"),
                        req("penerangan"),
                        req("air_minum"),
                        req("sanitasi"),
                        req("bahan_bakar"),
                        opt("aset"),
                        opt("desil"),
                    ]
                }
            }
            Kind::Persons => {
                const {
                    &[
                        req("nik"),
                        req("no_kk"),
                        req("nama"),
                        req("tempat_lahir"),
                        req("tanggal_lahir"),
                        req("jenis_kelamin"),
                        req("nama_ibu"),
                        req("hubungan"),
                        req("status_kawin"),
                        req("pekerjaan"),
                        opt("disabilitas"),
                        opt("ortu_wafat_covid"),
                        opt("tidak_layak"),
                        opt("hamil"),
                        opt("hamil_sejak"),
                    ]
                }
            }
            Kind::History => {
                const {
                    &[
                        req("no_kk"),
                        req("nik"),
                        req("status"),
                        req("sejak"),
                        opt("periode"),
                        req("sumber"),
                        opt("catatan"),
                    ]
                }
            }
            Kind::Enrolments => {
                const {
                    &[
                        req("nik"),
                        req("no_kk"),
                        req("program"),
                        req("status"),
                        req("sejak"),
                        opt("sampai"),
                        opt("sumber_format"),
                        opt("sumber_berkas"),
                        opt("sumber_diimpor"),
                    ]
                }
            }
        }
    }

    /// Column names in order, for writing a header.
    pub fn header(self) -> Vec<&'static str> {
        self.columns().iter().map(|c| c.name).collect()
    }

    /// Other names accepted for a column on import.
    fn aliases(self, column: &str) -> &'static [&'static str] {
        match (self, column) {
            (Kind::Wilayah, "code") => &["kode"],
            (Kind::Wilayah, "name") => &["nama"],
            _ => &[],
        }
    }

    /// Columns that carry nothing we keep but are expected in the files
    /// (the region lists' parent codes, a rejects file's reason column).
    fn silently_ignored(self, column: &str) -> bool {
        column == rejects::REASON_COLUMN
            || column.ends_with(&norm(export::LABEL_SUFFIX))
            || (self == Kind::Wilayah && matches!(column, "district_code" | "regency_code" | "province_code"))
    }

    /// The base name of the kind's CSV file and xlsx sheet.
    pub fn file_stem(self) -> &'static str {
        match self {
            Kind::Wilayah => "wilayah",
            Kind::Households => "households",
            Kind::Persons => "persons",
            Kind::History => "history",
            Kind::Enrolments => "enrolments",
        }
    }

    /// Sheet name in an exported workbook.
    pub fn sheet_name(self) -> &'static str {
        match self {
            Kind::Wilayah => "wilayah",
            Kind::Households => "rumah_tangga",
            Kind::Persons => "anggota",
            Kind::History => "riwayat",
            Kind::Enrolments => "kepesertaan",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file_stem())
    }
}

/// A file that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: the file is empty; expected a header row such as {expected}")]
    Empty { path: PathBuf, expected: String },
    #[error(
        "{path}: the header row ({header}) matches none of the register's tables; expected the columns of wilayah (code,name), households (no_kk,kelurahan,...), persons (nik,no_kk,nama,...), history (no_kk,nik,status,...) or enrolments (nik,no_kk,program,...)"
    )]
    Unrecognised { path: PathBuf, header: String },
    #[error("{path}: looks like a {kind} table but misses the column(s) {}; add them to the header row", missing.join(", "))]
    MissingColumns { path: PathBuf, kind: Kind, missing: Vec<&'static str> },
    #[error("{path}: the column '{column}' appears twice in the header row; keep one")]
    DuplicateColumn { path: PathBuf, column: String },
    #[error(
        "{path}: the file is UTF-16 text (Excel's \"Unicode Text\"); save it again as \"CSV UTF-8 (Comma delimited)\""
    )]
    Utf16 { path: PathBuf },
    #[error("{path}: cannot read the workbook: {message}")]
    Workbook { path: PathBuf, message: String },
    #[error("{path}: cannot write: {message}")]
    Write { path: PathBuf, message: String },
    /// A quote opened on `line` is never closed: the rest of the file
    /// would be one field.
    #[error("{path}, line {line}: a quote opened here is never closed")]
    UnclosedQuote { path: PathBuf, line: u64 },
    /// A quoted field opened on `line` runs over a line end in a column that
    /// cannot hold one: a quote is missing or stray.
    #[error("{path}, line {line}: the quoted {column} runs over the end of the line")]
    QuoteRunsOver { path: PathBuf, line: u64, column: &'static str },
    /// Every date of `column` reads day first or month first alike, while
    /// the file's other dates are month first.
    #[error("{path}: the dates of column {column} can be read day first or month first")]
    AmbiguousDates { path: PathBuf, column: &'static str },
    #[error("{path}, line {line}: {message}; each line must be one JSON object with a \"kind\" field")]
    JsonLine { path: PathBuf, line: usize, message: String },
}

impl FormatError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> FormatError {
        FormatError::Io { path: path.into(), source }
    }

    /// A CSV write that failed; an I/O failure keeps its kind, so that a
    /// full disk is said as such.
    pub(crate) fn csv_write(path: impl Into<PathBuf>, e: csv::Error) -> FormatError {
        match e.kind() {
            csv::ErrorKind::Io(io) => FormatError::Io { path: path.into(), source: io.kind().into() },
            _ => FormatError::Write { path: path.into(), message: e.to_string() },
        }
    }

    /// A workbook write that failed, as [`FormatError::csv_write`].
    pub(crate) fn xlsx_write(path: impl Into<PathBuf>, e: rust_xlsxwriter::XlsxError) -> FormatError {
        match e {
            rust_xlsxwriter::XlsxError::IoError(source) => FormatError::Io { path: path.into(), source },
            other => FormatError::Write { path: path.into(), message: other.to_string() },
        }
    }

    /// The error with `from` (a staging directory) in its path replaced
    /// by `to`, the directory the user named.
    pub(crate) fn moved(self, from: &Path, to: &Path) -> FormatError {
        let re = |p: PathBuf| p.strip_prefix(from).map_or_else(|_| p.clone(), |rest| to.join(rest));
        use FormatError::*;
        match self {
            Io { path, source } => Io { path: re(path), source },
            Write { path, message } => Write { path: re(path), message },
            other => other,
        }
    }
}

/// One row that could not be read; the rest of the file goes on.
#[derive(Clone, Debug, PartialEq)]
pub struct RowError {
    pub file: PathBuf,
    /// The xlsx sheet, if any.
    pub sheet: Option<String>,
    /// Line in the file (CSV) or Excel row number (xlsx), from 1.
    pub line: u64,
    pub problem: RowProblem,
    /// The original record as it was in the file, field by field.
    pub raw: Vec<String>,
}

/// What reading a CSV file can yield besides a row.
#[derive(Debug)]
pub enum ReadError {
    /// This row is rejected; carry on with the next.
    Row(RowError),
    /// The file cannot be read further.
    File(FormatError),
}

/// A header row matched to a kind: for each of the kind's columns, its
/// position in the record, if present.
#[derive(Clone, Debug)]
pub struct Header {
    pub kind: Kind,
    /// The header fields as written in the file.
    pub names: Vec<String>,
    pub(crate) positions: Vec<Option<usize>>,
    /// Columns that are ignored.
    pub warnings: Vec<ReadWarning>,
    /// Date columns a spreadsheet rewrote month first (12/13/2024).
    pub(crate) month_first: Vec<&'static str>,
}

/// What a byte-order mark becomes when a program reads it in the wrong
/// encoding: UTF-8's read as Windows-1252 (`ï»¿`), UTF-16's (`þÿ`, `ÿþ`), or
/// the mark itself kept as a character.
const BOM_REMNANTS: [&str; 4] = ["\u{feff}", "\u{ef}\u{bb}\u{bf}", "\u{fe}\u{ff}", "\u{ff}\u{fe}"];

/// The first header cell without a byte-order mark left at its start, and
/// whether one was there.
fn strip_bom(name: &str) -> (&str, bool) {
    let t = name.trim_start();
    match BOM_REMNANTS.iter().find(|b| t.starts_with(*b)) {
        Some(b) => (&t[b.len()..], true),
        None => (name, false),
    }
}

fn norm(name: &str) -> String {
    strip_bom(name).0.trim().to_lowercase().replace([' ', '-'], "_")
}

/// A header cell with its invisible characters named, for a message.
fn visible(s: &str) -> String {
    s.chars().map(|c| if c == '\u{feff}' { "U+FEFF".to_string() } else { c.to_string() }).collect()
}

impl Header {
    /// Recognises the kind of a table from its header fields.
    pub fn recognise(path: &std::path::Path, fields: &[String]) -> Result<Header, FormatError> {
        let normed: Vec<String> = fields.iter().map(|f| norm(f)).collect();
        let find =
            |kind: Kind, col: &str| normed.iter().position(|n| n == col || kind.aliases(col).contains(&n.as_str()));
        let mut best: Option<(Kind, usize, f64)> = None;
        for kind in Kind::ALL {
            let cols = kind.columns();
            let matched = cols.iter().filter(|c| find(kind, c.name).is_some()).count();
            let frac = matched as f64 / cols.len() as f64;
            if best.is_none_or(|(_, m, f)| matched > m || (matched == m && frac > f)) {
                best = Some((kind, matched, frac));
            }
        }
        let header_text = || fields.iter().map(|f| f.trim()).collect::<Vec<_>>().join(",");
        let Some((kind, matched, _)) = best.filter(|(_, m, _)| *m >= 2) else {
            return Err(FormatError::Unrecognised { path: path.into(), header: header_text() });
        };
        let _ = matched;
        let positions: Vec<Option<usize>> = kind.columns().iter().map(|c| find(kind, c.name)).collect();
        let missing: Vec<&'static str> = kind
            .columns()
            .iter()
            .zip(&positions)
            .filter(|(c, p)| c.required && p.is_none())
            .map(|(c, _)| c.name)
            .collect();
        if !missing.is_empty() {
            return Err(FormatError::MissingColumns { path: path.into(), kind, missing });
        }
        for (i, n) in normed.iter().enumerate() {
            if !n.is_empty() && normed[..i].contains(n) {
                return Err(FormatError::DuplicateColumn { path: path.into(), column: fields[i].trim().to_string() });
            }
        }
        let mut warnings = Vec::new();
        // What a spreadsheet leaves in the first cell when it opened the file
        // in the wrong encoding: read past it, and say so.
        if let Some(first) = fields.first()
            && (strip_bom(first).1 || first.trim() != first)
            && !normed[0].is_empty()
        {
            warnings.push(ReadWarning::HeaderCellTolerated {
                path: path.into(),
                shown: visible(first),
                column: normed[0].clone(),
                bom: strip_bom(first).1,
            });
        }
        for (i, n) in normed.iter().enumerate() {
            if n.is_empty() || positions.contains(&Some(i)) || kind.silently_ignored(n) {
                continue;
            }
            warnings.push(ReadWarning::IgnoredColumn { path: path.into(), column: fields[i].trim().to_string(), kind });
        }
        Ok(Header { kind, names: fields.to_vec(), positions, warnings, month_first: Vec::new() })
    }

    /// Position of `column` in the file's records, when present.
    pub fn position(&self, column: &str) -> Option<usize> {
        self.kind.columns().iter().position(|c| c.name == column).and_then(|i| self.positions[i])
    }

    /// The cell of `column` in a record (empty when the column is absent or
    /// the record is short).
    pub(crate) fn cell<'a>(&self, record: &'a [Cell], column: &str) -> &'a Cell {
        static EMPTY: Cell = Cell::Empty;
        self.kind
            .columns()
            .iter()
            .position(|c| c.name == column)
            .and_then(|i| self.positions[i])
            .and_then(|p| record.get(p))
            .unwrap_or(&EMPTY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn h(s: &str) -> Result<Header, FormatError> {
        Header::recognise(Path::new("x.csv"), &s.split(',').map(String::from).collect::<Vec<_>>())
    }

    #[test]
    fn recognises_each_kind_in_any_order_and_case() {
        for kind in Kind::ALL {
            let mut cols = kind.header();
            cols.reverse();
            let up = cols.iter().map(|c| format!(" {} ", c.to_uppercase())).collect::<Vec<_>>().join(",");
            assert_eq!(h(&up).unwrap().kind, kind);
        }
        assert_eq!(h("\u{feff}code,district_code,name").unwrap().kind, Kind::Wilayah);
        assert!(h("CODE,Name").unwrap().warnings.is_empty());
        assert!(h("code,district_code,name").unwrap().warnings.is_empty());
    }

    /// A spreadsheet that opened dtks's CSV as Windows-1252 keeps the BOM's
    /// bytes as letters in the first cell.
    #[test]
    fn a_bom_read_in_the_wrong_encoding_is_read_past_and_said() {
        for (first, bom) in
            [("ï»¿nik", true), ("\u{feff}NIK", true), ("þÿnik", true), ("ÿþ Nik ", true), ("  NIK ", false)]
        {
            let header = h(&format!(
                "{first},no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,nama_ibu,hubungan,status_kawin,pekerjaan"
            ))
            .unwrap();
            assert_eq!(header.kind, Kind::Persons, "{first}");
            assert_eq!(header.position("nik"), Some(0));
            assert_eq!(
                header.warnings,
                vec![ReadWarning::HeaderCellTolerated {
                    path: "x.csv".into(),
                    shown: visible(first),
                    column: "nik".into(),
                    bom
                }],
                "{first}"
            );
        }
    }

    #[test]
    fn missing_and_unknown_columns() {
        let e = h("nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan,status_kawin,pekerjaan").unwrap_err();
        match e {
            FormatError::MissingColumns { kind, missing, .. } => {
                assert_eq!(kind, Kind::Persons);
                assert_eq!(missing, vec!["tempat_lahir", "nama_ibu"]);
            }
            other => panic!("{other}"),
        }
        let ok = h("nik,no_kk,program,status,sejak,keterangan,alasan").unwrap();
        assert_eq!(ok.kind, Kind::Enrolments);
        assert_eq!(ok.warnings.len(), 1);
        assert!(matches!(&ok.warnings[0], ReadWarning::IgnoredColumn { column, .. } if column == "keterangan"));
        assert!(matches!(h("a,b,c").unwrap_err(), FormatError::Unrecognised { .. }));
        assert!(matches!(h("code,name,Name").unwrap_err(), FormatError::DuplicateColumn { .. }));
    }
}
