//! Reading an office file: its header recognised, its rows read whole.

use std::path::{Path, PathBuf};

use calamine::{Reader, open_workbook_auto};

use super::{Layout, OfficeFileError, OfficeTable, ProgramSheet, Recognised, norm_header, recognise};
use crate::formats::safe_cell::unescape_cell;
use crate::formats::value::Cell;
use crate::formats::xlsx_in::to_cell;
use crate::formats::{FormatError, csv_in};

/// Why an office file was not read.
#[derive(Debug)]
pub enum ReadFail {
    Format(FormatError),
    Office(OfficeFileError),
}

impl From<FormatError> for ReadFail {
    fn from(e: FormatError) -> Self {
        ReadFail::Format(e)
    }
}

/// The office tables of a file (one per recognised sheet of a workbook), or
/// None when no header in it is an office layout.
pub fn read_office(path: &Path) -> Result<Option<Vec<OfficeTable>>, ReadFail> {
    // Only a file with an office header is read whole: a register
    // workbook of a million rows is not (the import streams it).
    let headers = match super::is_workbook(path) {
        true => crate::formats::xlsx_in::first_rows(path)?,
        false => vec![csv_in::first_record(path)?.unwrap_or_default()],
    };
    if headers.iter().all(|h| recognise(h) == Recognised::None) {
        return Ok(None);
    }
    let raw = if super::is_workbook(path) { read_workbook(path)? } else { read_csv(path)? };
    let program = raw.iter().find_map(|(sheet, rows, _)| program_sheet(sheet.as_deref(), rows));
    let mut out = Vec::new();
    for (sheet, rows, delimiter) in raw {
        let Some(at) = rows.iter().position(|(_, r)| r.iter().any(|c| !c.is_blank())) else { continue };
        let header: Vec<String> = rows[at].1.iter().map(Cell::text).collect();
        let (layout, columns, ignored) = match recognise(&header) {
            Recognised::None => continue,
            Recognised::Ambiguous(candidates) => {
                return Err(ReadFail::Office(OfficeFileError::Ambiguous {
                    path: path.to_path_buf(),
                    sheet,
                    candidates,
                }));
            }
            Recognised::One(l, c, i) => (l, c, i),
        };
        let mut data = Vec::new();
        for (line, cells) in rows.into_iter().skip(at + 1) {
            if cells.iter().all(Cell::is_blank) || is_column_numbers(&cells) {
                continue;
            }
            // OpenSID's template ends its data with `###` in the second column.
            if layout == Layout::OpenSid && cells.get(1).is_some_and(|c| c.text() == "###") {
                break;
            }
            data.push((line, cells));
        }
        out.push(OfficeTable {
            path: path.to_path_buf(),
            sheet,
            layout,
            header,
            columns,
            ignored,
            rows: data,
            delimiter,
            program: if layout == Layout::OpenSidProgram { program.clone() } else { None },
        });
    }
    Ok(if out.is_empty() { None } else { Some(out) })
}

/// A key of OpenSID's Program sheet, compared: lower case, letters and
/// digits only ("Rentang Waktu (Awal)" → `rentangwaktuawal`).
fn program_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// OpenSID's "Program" sheet, told by its keys (a name and a sasaran or
/// a time span), never by the sheet's name: key in the first cell, value
/// in the next non-blank one (a `:` between them is passed over).
fn program_sheet(sheet: Option<&str>, rows: &[(u64, Vec<Cell>)]) -> Option<ProgramSheet> {
    let mut name = None;
    let (mut target, mut start, mut end, mut others) = (String::new(), Cell::Empty, Cell::Empty, 0);
    for (_, cells) in rows {
        let Some(key) = cells.first().map(|c| program_key(&c.text())) else { continue };
        let value = cells.iter().skip(1).find(|c| !c.is_blank() && c.text() != ":").cloned().unwrap_or(Cell::Empty);
        match key.as_str() {
            "nama" | "namaprogram" | "namaprogrambantuan" => name = Some(value.text()),
            "sasaran" | "sasaranprogram" => target = value.text(),
            "rentangwaktuawal" | "tanggalmulai" | "sdate" | "mulai" => start = value,
            "rentangwaktuakhir" | "tanggalselesai" | "tanggalakhir" | "edate" | "selesai" => end = value,
            "programid" | "id" | "keterangan" | "asaldana" | "sumberdana" => others += 1,
            _ => {}
        }
    }
    let name = name.filter(|n| !n.is_empty())?;
    let has_more = !target.is_empty() || !start.is_blank() || !end.is_blank() || others > 0;
    has_more.then(|| ProgramSheet { sheet: sheet.unwrap_or_default().to_string(), name, target, start, end })
}

/// BDT 2015's second row, `KOLOM 2 3 …`, numbers the columns.
fn is_column_numbers(cells: &[Cell]) -> bool {
    cells.iter().find(|c| !c.is_blank()).is_some_and(|c| norm_header(&c.text()).starts_with("kolom"))
}

type RawSheet = (Option<String>, Vec<(u64, Vec<Cell>)>, u8);

fn read_csv(path: &Path) -> Result<Vec<RawSheet>, FormatError> {
    let (records, delimiter) = csv_in::read_records(path)?;
    let rows = records.into_iter().map(|(line, fields)| (line, fields.into_iter().map(Cell::Text).collect())).collect();
    Ok(vec![(None, rows, delimiter)])
}

fn read_workbook(path: &Path) -> Result<Vec<RawSheet>, FormatError> {
    let wb_err = |e: calamine::Error| FormatError::Workbook { path: PathBuf::from(path), message: e.to_string() };
    let mut book = open_workbook_auto(path).map_err(wb_err)?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(wb_err)?;
        let Some((row0, _)) = range.start() else { continue };
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, r)| (row0 as u64 + i as u64 + 1, r.iter().map(|c| unescape_cell(to_cell(c))).collect()))
            .collect();
        out.push((Some(name.clone()), rows, b','));
    }
    Ok(out)
}
