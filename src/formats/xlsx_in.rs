//! Reading a workbook: each sheet whose header row is a register table.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use calamine::{Data, DataRef, Reader, Sheets, Xlsx, open_workbook, open_workbook_auto};
use chrono::NaiveDate;

use super::date_order::DateSurvey;
use super::rows::parse_row;
use super::safe_cell::unescape_cell;
use super::value::{Cell, parse_date_text};
use super::{FormatError, Header, Kind, Parsed, ReadWarning, RowError};

/// One recognised sheet of a workbook with its rows, read whole: for tests
/// and small files. The import streams the rows instead ([`sheet_rows`]).
#[derive(Debug)]
pub struct Sheet {
    pub name: String,
    pub kind: Kind,
    pub header: Header,
    /// Rows in sheet order; line numbers are Excel row numbers.
    pub rows: Vec<Result<Parsed, RowError>>,
}

/// A register sheet of a workbook: its name and header, the order of its
/// dates surveyed over the whole sheet.
#[derive(Debug, Clone)]
pub struct SheetHead {
    pub name: String,
    pub header: Header,
}

/// An open workbook. An .xlsx is read cell by cell from its file, so a
/// sheet of a million rows is never held whole; the older formats (.xls,
/// .ods), which calamine reads only whole, are read a sheet at a time.
enum Book {
    Xlsx(Xlsx<BufReader<File>>),
    Other(Sheets<BufReader<File>>),
}

fn workbook_error(path: &Path, message: String) -> FormatError {
    FormatError::Workbook { path: path.to_path_buf(), message }
}

impl Book {
    fn open(path: &Path) -> Result<Book, FormatError> {
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        if ext == "xlsx" || ext == "xlsm" {
            open_workbook(path).map(Book::Xlsx).map_err(|e: calamine::XlsxError| workbook_error(path, e.to_string()))
        } else {
            open_workbook_auto(path).map(Book::Other).map_err(|e| workbook_error(path, e.to_string()))
        }
    }

    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Other(b) => b.sheet_names(),
        }
    }

    /// Calls `f` with each row of `sheet` that has a cell (its Excel row
    /// number and its cells, unescaped) until `f` says stop.
    fn each_row(
        &mut self,
        path: &Path,
        sheet: &str,
        mut f: impl FnMut(u64, Vec<Cell>) -> Result<bool, FormatError>,
    ) -> Result<(), FormatError> {
        match self {
            Book::Xlsx(b) => {
                let err = |e: calamine::XlsxError| workbook_error(path, e.to_string());
                let mut reader = b.worksheet_cells_reader(sheet).map_err(err)?;
                let mut row: Option<u32> = None;
                let mut cells: Vec<Cell> = Vec::new();
                while let Some(c) = reader.next_cell().map_err(err)? {
                    let (r, col) = c.get_position();
                    // A new row: the one before it is whole.
                    if row != Some(r)
                        && let Some(done) = row.replace(r)
                        && !f(done as u64 + 1, std::mem::take(&mut cells))?
                    {
                        return Ok(());
                    }
                    let col = col as usize;
                    if cells.len() <= col {
                        cells.resize(col + 1, Cell::Empty);
                    }
                    cells[col] = unescape_cell(ref_cell(c.get_value()));
                }
                if let Some(done) = row {
                    f(done as u64 + 1, cells)?;
                }
                Ok(())
            }
            Book::Other(b) => {
                let range = b.worksheet_range(sheet).map_err(|e| workbook_error(path, e.to_string()))?;
                let Some((row0, _)) = range.start() else { return Ok(()) };
                for (i, r) in range.rows().enumerate() {
                    if !f(row0 as u64 + i as u64 + 1, r.iter().map(|c| unescape_cell(to_cell(c))).collect())? {
                        break;
                    }
                }
                Ok(())
            }
        }
    }
}

/// The register sheets of a workbook, recognised by their header row's
/// columns rather than their names, each surveyed for the order of its
/// dates. Sheets that are empty or hold something else (notes, pivot
/// tables) are skipped and reported in the returned warnings.
pub fn sheet_heads(path: impl AsRef<Path>) -> Result<(Vec<SheetHead>, Vec<ReadWarning>), FormatError> {
    let path = path.as_ref();
    let mut book = Book::open(path)?;
    let mut heads = Vec::new();
    let mut warnings = Vec::new();
    for name in book.sheet_names() {
        let sheet_path = PathBuf::from(format!("{} (sheet {name})", path.display()));
        let mut header: Option<Result<Header, FormatError>> = None;
        let mut dates: Option<DateSurvey> = None;
        book.each_row(path, &name, |_, cells| {
            match &header {
                None if cells.iter().all(Cell::is_blank) => {}
                None => {
                    let fields: Vec<String> = cells.iter().map(Cell::text).collect();
                    let h = Header::recognise(&sheet_path, &fields);
                    if let Ok(h) = &h {
                        dates = Some(DateSurvey::new(h));
                    }
                    header = Some(h);
                    return Ok(dates.is_some());
                }
                Some(_) => {
                    if let Some(d) = dates.as_mut() {
                        d.see(|i| match cells.get(i) {
                            Some(Cell::Text(t)) => Some(t.as_bytes()),
                            _ => None,
                        });
                    }
                }
            }
            Ok(true)
        })?;
        let mut header = match header {
            None => continue,
            Some(Ok(h)) => h,
            Some(Err(FormatError::Unrecognised { .. })) => {
                warnings.push(ReadWarning::SkippedSheet { path: path.to_path_buf(), sheet: name.clone() });
                continue;
            }
            Some(Err(e)) => return Err(e),
        };
        warnings.extend(header.warnings.iter().cloned());
        if let Some(d) = dates {
            header.month_first = d.month_first(&sheet_path)?;
        }
        heads.push(SheetHead { name, header });
    }
    Ok((heads, warnings))
}

/// The first row that is not blank of each sheet, as text: enough to tell
/// what a workbook holds without reading its rows.
pub(crate) fn first_rows(path: &Path) -> Result<Vec<Vec<String>>, FormatError> {
    let mut book = Book::open(path)?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        book.each_row(path, &name, |_, cells| {
            if cells.iter().all(Cell::is_blank) {
                return Ok(true);
            }
            out.push(cells.iter().map(Cell::text).collect());
            Ok(false)
        })?;
    }
    Ok(out)
}

/// Whether a sheet of the workbook has a register table's header row.
pub fn has_register_sheet(path: &Path) -> bool {
    first_rows(path).is_ok_and(|rows| rows.iter().any(|r| Header::recognise(path, r).is_ok()))
}

/// Calls `f` with every row below the header of `sheet` that is not blank:
/// its Excel row number and its cells.
pub fn sheet_rows(
    path: impl AsRef<Path>,
    sheet: &str,
    mut f: impl FnMut(u64, Vec<Cell>) -> Result<(), FormatError>,
) -> Result<(), FormatError> {
    let path = path.as_ref();
    let mut book = Book::open(path)?;
    let mut past_header = false;
    book.each_row(path, sheet, |line, cells| {
        if cells.iter().all(Cell::is_blank) {
            return Ok(true);
        }
        if past_header {
            f(line, cells)?;
        }
        past_header = true;
        Ok(true)
    })
}

/// One sheet's row parsed: what the import makes of it, or why not.
pub fn parse_sheet_row(path: &Path, head: &SheetHead, line: u64, cells: &[Cell]) -> Result<Parsed, RowError> {
    let raw: Vec<String> = cells.iter().map(Cell::display).collect();
    match parse_row(&head.header, cells) {
        Ok((row, rounded)) => Ok(Parsed { row, line, raw, rounded }),
        Err(problem) => Err(RowError { file: path.to_path_buf(), sheet: Some(head.name.clone()), line, problem, raw }),
    }
}

/// Reads every register sheet of an xlsx (or xls/ods) workbook whole.
pub fn read_xlsx(path: impl AsRef<Path>) -> Result<(Vec<Sheet>, Vec<ReadWarning>), FormatError> {
    let path = path.as_ref();
    let (heads, warnings) = sheet_heads(path)?;
    let mut sheets = Vec::new();
    for head in heads {
        let mut rows = Vec::new();
        sheet_rows(path, &head.name, |line, cells| {
            rows.push(parse_sheet_row(path, &head, line, &cells));
            Ok(())
        })?;
        sheets.push(Sheet { name: head.name, kind: head.header.kind, header: head.header, rows });
    }
    Ok((sheets, warnings))
}

fn ref_cell(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::Empty => Cell::Empty,
        other => to_cell(&Data::from(other.clone())),
    }
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
