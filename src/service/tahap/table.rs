//! The bank's files (result files, Burekol account files) as a header and
//! lines of text cells, from CSV (`,` or `;`, a UTF-8 BOM allowed) or a
//! workbook's first sheet (its date cells as dates). A CSV line that is not UTF-8 is kept as a line
//! that failed, so that it is rejected by its number.

use std::collections::HashMap;
use std::path::Path;

use crate::service::error::TahapRefusal;
use crate::service::{Result, ServiceError};

pub(crate) struct Table {
    columns: HashMap<String, usize>,
    /// 1-based line number and the cells, or `None` when the line is not
    /// UTF-8.
    pub lines: Vec<(usize, Option<Vec<String>>)>,
}

impl Table {
    pub fn read(path: &Path) -> Result<Table> {
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        let mut rows = if matches!(ext.as_str(), "xlsx" | "xls" | "ods") { workbook(path)? } else { csv(path)? };
        if rows.is_empty() {
            return Ok(Table { columns: HashMap::new(), lines: Vec::new() });
        }
        let (_, header) = rows.remove(0);
        let columns = header
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, c)| (c.trim().trim_start_matches('\u{feff}').to_lowercase(), i))
            .collect();
        Ok(Table { columns, lines: rows })
    }

    /// The position of a column, or a refusal naming it and the expected header.
    pub fn column(&self, path: &Path, column: &'static str, expected: &'static str) -> Result<usize> {
        self.columns
            .get(column)
            .copied()
            .ok_or_else(|| TahapRefusal::MissingColumn { path: path.to_path_buf(), column, expected }.into())
    }

    pub fn optional(&self, column: &str) -> Option<usize> {
        self.columns.get(column).copied()
    }
}

/// The cell at `i`, trimmed; empty when the line is short.
pub(crate) fn cell(cells: &[String], i: usize) -> &str {
    cells.get(i).map_or("", |s| s.trim())
}

fn csv(path: &Path) -> Result<Vec<(usize, Option<Vec<String>>)>> {
    let bytes = std::fs::read(path).map_err(|e| ServiceError::io(path, e))?;
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = if first.iter().filter(|&&b| b == b';').count() > first.iter().filter(|&&b| b == b',').count() {
        b';'
    } else {
        b','
    };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(bytes.as_slice());
    let mut out = Vec::new();
    for (i, record) in reader.byte_records().enumerate() {
        let line = i + 1;
        let cells = record.ok().and_then(|r| {
            r.iter().map(|c| std::str::from_utf8(c).ok().map(str::to_string)).collect::<Option<Vec<String>>>()
        });
        if cells.as_ref().is_some_and(|c| c.iter().all(|s| s.trim().is_empty())) {
            continue;
        }
        out.push((line, cells));
    }
    Ok(out)
}

/// A cell's text; a date cell as its date, not its serial number.
fn text_of(c: &calamine::Data) -> String {
    match c {
        calamine::Data::DateTime(_) | calamine::Data::DateTimeIso(_) => crate::formats::xlsx_in::to_cell(c).display(),
        other => other.to_string(),
    }
}

fn workbook(path: &Path) -> Result<Vec<(usize, Option<Vec<String>>)>> {
    use calamine::Reader;
    let wb_err = |e: calamine::Error| {
        ServiceError::Format(crate::formats::FormatError::Workbook { path: path.to_path_buf(), message: e.to_string() })
    };
    let mut book = calamine::open_workbook_auto(path).map_err(wb_err)?;
    let Some(name) = book.sheet_names().first().cloned() else { return Ok(Vec::new()) };
    let range = book.worksheet_range(&name).map_err(wb_err)?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, r)| (first_row + i + 1, Some(r.iter().map(text_of).collect::<Vec<_>>())))
        .filter(|(_, c)| c.as_ref().is_some_and(|c| c.iter().any(|s| !s.trim().is_empty())))
        .collect())
}
