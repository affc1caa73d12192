//! Reading a workbook: each sheet whose header row is a register table.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;

use super::date_order::DateSurvey;
use super::rows::parse_row;
use super::safe_cell::unescape_cell;
use super::value::{Cell, parse_date_text};
use super::{FormatError, Header, Kind, Parsed, ReadWarning, RowError};

/// One recognised sheet of a workbook, read whole (a workbook is loaded in
/// memory by its nature; use CSV for very large registers).
#[derive(Debug)]
pub struct Sheet {
    pub name: String,
    pub kind: Kind,
    pub header: Header,
    /// Rows in sheet order; line numbers are Excel row numbers.
    pub rows: Vec<Result<Parsed, RowError>>,
}

/// Reads every sheet of an xlsx (or xls/ods) workbook whose header row is one
/// of the register's tables, recognised by its columns rather than its name.
/// Sheets that are empty or hold something else (notes, pivot tables) are
/// skipped and reported in the returned warnings.
pub fn read_xlsx(path: impl AsRef<Path>) -> Result<(Vec<Sheet>, Vec<ReadWarning>), FormatError> {
    let path = path.as_ref();
    let wb_err = |e: calamine::Error| FormatError::Workbook { path: path.to_path_buf(), message: e.to_string() };
    let mut book = open_workbook_auto(path).map_err(wb_err)?;
    let mut sheets = Vec::new();
    let mut warnings = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(wb_err)?;
        let Some((row0, _)) = range.start() else {
            continue;
        };
        let mut rows = range.rows().enumerate().map(|(i, r)| (row0 as u64 + i as u64 + 1, r));
        let Some((_, header_row)) = rows.by_ref().find(|(_, r)| r.iter().any(|c| !to_cell(c).is_blank())) else {
            continue;
        };
        let header_fields: Vec<String> = header_row.iter().map(|c| to_cell(c).text()).collect();
        let sheet_path = PathBuf::from(format!("{} (sheet {name})", path.display()));
        let mut header = match Header::recognise(&sheet_path, &header_fields) {
            Ok(h) => h,
            Err(FormatError::Unrecognised { .. }) => {
                warnings.push(ReadWarning::SkippedSheet { path: path.to_path_buf(), sheet: name.clone() });
                continue;
            }
            Err(e) => return Err(e),
        };
        warnings.extend(header.warnings.iter().cloned());
        // The sheet's dates are surveyed before a row is read: their order
        // is the whole column's.
        let mut dates = DateSurvey::new(&header);
        for r in range.rows() {
            dates.see(|i| match r.get(i) {
                Some(Data::String(t)) => Some(t.as_bytes()),
                _ => None,
            });
        }
        header.month_first = dates.month_first(&sheet_path)?;
        let mut out = Vec::new();
        for (line, r) in rows {
            let cells: Vec<Cell> = r.iter().map(|c| unescape_cell(to_cell(c))).collect();
            if cells.iter().all(Cell::is_blank) {
                continue;
            }
            let raw: Vec<String> = cells.iter().map(Cell::display).collect();
            out.push(match parse_row(&header, &cells) {
                Ok((row, rounded)) => Ok(Parsed { row, line, raw, rounded }),
                Err(problem) => {
                    Err(RowError { file: path.to_path_buf(), sheet: Some(name.clone()), line, problem, raw })
                }
            });
        }
        sheets.push(Sheet { name: name.clone(), kind: header.kind, header, rows: out });
    }
    Ok((sheets, warnings))
}

pub(crate) fn to_cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(y as i32, m as u32, day as u32).map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => parse_date_text(s).map_or_else(|_| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}
