//! Writing the register: five CSV files, or one workbook with a sheet per
//! table. Both are streaming in the sense that households are pushed one at
//! a time and never collected.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::atomic::AtomicFile;
use super::rows::{enrolment_fields, history_fields, household_fields, person_fields, region_fields};
use super::safe_cell::{escape_in_workbook, escape_owned};
use super::{FormatError, Kind};
use crate::domain::codes::*;
use crate::domain::model::Household;
use crate::domain::wilayah::Region;
use crate::i18n::Lang;

/// Ends the header of a workbook column that holds the labels of the coded
/// column before it (`lantai` → `lantai (keterangan)`): people read words,
/// import reads the codes and passes these columns over.
pub const LABEL_SUFFIX: &str = " (keterangan)";

/// The Indonesian label of a coded cell (`keramik` → "Marmer/granit/
/// keramik"), lists joined as they are written; None for a column of no
/// code list.
fn label_of(kind: Kind, col: &str, v: &str) -> Option<String> {
    fn one<T: Copy>(parse: fn(&str) -> Option<T>, label: fn(T, Lang) -> &'static str, v: &str) -> String {
        v.split('|')
            .filter(|c| !c.is_empty())
            .map(|c| parse(c).map_or(c, |x| label(x, Lang::Id)))
            .collect::<Vec<_>>()
            .join("; ")
    }
    Some(match (kind, col) {
        (Kind::Households, "lantai") => one(Floor::parse, Floor::label, v),
        (Kind::Households, "dinding") => one(Wall::parse, Wall::label, v),
        (Kind::Households, "atap") => one(Roof::parse, Roof::label, v),
        (Kind::Households, "penerangan") => one(Lighting::parse, Lighting::label, v),
        (Kind::Households, "air_minum") => one(DrinkingWater::parse, DrinkingWater::label, v),
        (Kind::Households, "sanitasi") => one(Sanitation::parse, Sanitation::label, v),
        (Kind::Households, "bahan_bakar") => one(CookingFuel::parse, CookingFuel::label, v),
        (Kind::Households, "aset") => one(Asset::parse, Asset::label, v),
        (Kind::Persons, "jenis_kelamin") => one(Sex::parse, Sex::label, v),
        (Kind::Persons, "hubungan") => one(Relationship::parse, Relationship::label, v),
        (Kind::Persons, "status_kawin") => one(MaritalStatus::parse, MaritalStatus::label, v),
        (Kind::Persons, "pekerjaan") => one(Occupation::parse, Occupation::label, v),
        (Kind::Persons, "disabilitas") => one(Disability::parse, Disability::label, v),
        (Kind::Persons, "tidak_layak") => one(NotEligibleReason::parse, NotEligibleReason::label, v),
        (Kind::History, "status") => one(DtksStatus::parse, DtksStatus::label, v),
        (Kind::History, "sumber") => one(Source::parse, Source::label, v),
        (Kind::Enrolments, "status") => one(EnrolmentStatus::parse, EnrolmentStatus::label, v),
        _ => return None,
    })
}

/// Whether the workbook puts a label column beside `col`.
fn labelled(kind: Kind, col: &str) -> bool {
    label_of(kind, col, "").is_some()
}

/// File names of an export, by kind.
pub const FILE_NAMES: [(Kind, &str); 5] = [
    (Kind::Wilayah, "wilayah.csv"),
    (Kind::Households, "households.csv"),
    (Kind::Persons, "persons.csv"),
    (Kind::History, "history.csv"),
    (Kind::Enrolments, "enrolments.csv"),
];

fn file_name(kind: Kind) -> &'static str {
    FILE_NAMES.iter().find(|(k, _)| *k == kind).map_or("export.csv", |(_, n)| n)
}

/// The rows of one household, table by table.
fn household_rows(
    h: &Household,
    mut emit: impl FnMut(Kind, Vec<String>) -> Result<(), FormatError>,
) -> Result<(), FormatError> {
    emit(Kind::Households, household_fields(&h.no_kk, &h.address, &h.info))?;
    for p in &h.members {
        emit(Kind::Persons, person_fields(&h.no_kk, p))?;
    }
    for e in &h.history {
        emit(Kind::History, history_fields(&h.no_kk, None, e))?;
    }
    for p in &h.members {
        for e in &p.history {
            emit(Kind::History, history_fields(&h.no_kk, Some(&p.nik), e))?;
        }
    }
    for p in &h.members {
        for e in &p.enrolments {
            emit(Kind::Enrolments, enrolment_fields(&h.no_kk, &p.nik, e))?;
        }
    }
    Ok(())
}

struct CsvFile {
    path: PathBuf,
    writer: csv::Writer<AtomicFile>,
}

impl CsvFile {
    fn create(dir: &Path, kind: Kind) -> Result<CsvFile, FormatError> {
        let path = dir.join(file_name(kind));
        let mut buf = AtomicFile::create(&path).map_err(|e| FormatError::io(&path, e))?;
        // The BOM makes Excel read the file as UTF-8.
        buf.write_all(b"\xEF\xBB\xBF").map_err(|e| FormatError::io(&path, e))?;
        let mut f =
            CsvFile { path, writer: csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(buf) };
        f.write(kind.header().iter().map(|s| s.to_string()).collect())?;
        Ok(f)
    }
    fn write(&mut self, fields: Vec<String>) -> Result<(), FormatError> {
        // Excel must show every cell as text, never run it as a formula.
        self.writer
            .write_record(fields.into_iter().map(escape_owned))
            .map_err(|e| FormatError::csv_write(&self.path, e))
    }
    fn finish(self) -> Result<(), FormatError> {
        let buf = self.writer.into_inner().map_err(|e| FormatError::io(&self.path, e.into_error()))?;
        buf.commit().map_err(|e| FormatError::io(&self.path, e))
    }
}

/// Writes households.csv, persons.csv, history.csv and enrolments.csv into a
/// directory, one household at a time, in the order pushed.
pub struct CsvExporter {
    households: CsvFile,
    persons: CsvFile,
    history: CsvFile,
    enrolments: CsvFile,
    count: u64,
}

impl CsvExporter {
    /// Creates the directory if needed and the four files (replacing any).
    pub fn create(dir: impl AsRef<Path>) -> Result<CsvExporter, FormatError> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| FormatError::io(dir, e))?;
        Ok(CsvExporter {
            households: CsvFile::create(dir, Kind::Households)?,
            persons: CsvFile::create(dir, Kind::Persons)?,
            history: CsvFile::create(dir, Kind::History)?,
            enrolments: CsvFile::create(dir, Kind::Enrolments)?,
            count: 0,
        })
    }

    pub fn push(&mut self, h: &Household) -> Result<(), FormatError> {
        self.count += 1;
        household_rows(h, |kind, fields| match kind {
            Kind::Households => self.households.write(fields),
            Kind::Persons => self.persons.write(fields),
            Kind::History => self.history.write(fields),
            Kind::Enrolments | Kind::Wilayah => self.enrolments.write(fields),
        })
    }

    /// Households pushed so far.
    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn finish(self) -> Result<u64, FormatError> {
        self.households.finish()?;
        self.persons.finish()?;
        self.history.finish()?;
        self.enrolments.finish()?;
        Ok(self.count)
    }
}

/// Writes wilayah.csv with the given regions.
pub fn write_regions(dir: &Path, regions: &[Region]) -> Result<(), FormatError> {
    std::fs::create_dir_all(dir).map_err(|e| FormatError::io(dir, e))?;
    let mut f = CsvFile::create(dir, Kind::Wilayah)?;
    for r in regions {
        f.write(region_fields(r))?;
    }
    f.finish()
}

/// Exports the register as five CSV files (UTF-8 with BOM, comma, CRLF)
/// into `dir`. Returns the number of households written.
pub fn export_csv<'a>(
    dir: impl AsRef<Path>,
    households: impl Iterator<Item = &'a Household>,
    regions: &[Region],
) -> Result<u64, FormatError> {
    let dir = dir.as_ref();
    write_regions(dir, regions)?;
    let mut ex = CsvExporter::create(dir)?;
    for h in households {
        ex.push(h)?;
    }
    ex.finish()
}

/// Excel's limit, header row included.
const EXCEL_ROWS: u32 = 1_048_576;

struct SheetSet {
    /// The workbook's indexes of the table's sheets.
    sheets: Vec<usize>,
    /// Next row in the last sheet.
    row: u32,
}

/// Writes one workbook with a sheet per table; NIK and No. KK as text so
/// Excel keeps all 16 digits, dates as real dates. A table longer than
/// Excel's row limit continues on a second sheet (`anggota_2`), which import
/// reads as the same table (it comes after the other tables). Each sheet
/// keeps its rows in a nameless temporary file beside the workbook
/// (rust_xlsxwriter's constant memory mode), so a register of any size is
/// written in bounded memory; [`XlsxExporter::finish`] writes the workbook.
pub struct XlsxExporter {
    path: PathBuf,
    wb: Workbook,
    sets: Vec<SheetSet>,
    rows_per_sheet: u32,
    text: Format,
    date: Format,
    count: u64,
}

fn xerr(path: &Path, e: rust_xlsxwriter::XlsxError) -> FormatError {
    FormatError::xlsx_write(path, e)
}

impl XlsxExporter {
    pub fn create(path: impl AsRef<Path>) -> Result<XlsxExporter, FormatError> {
        Self::with_rows_per_sheet(path, EXCEL_ROWS - 1)
    }

    pub(crate) fn with_rows_per_sheet(path: impl AsRef<Path>, rows: u32) -> Result<XlsxExporter, FormatError> {
        let path = path.as_ref().to_path_buf();
        let mut wb = Workbook::new();
        // Beside the workbook, as its own temporary file is: never a shared /tmp.
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        wb.set_tempdir(&dir).map_err(|e| xerr(&path, e))?;
        let mut ex = XlsxExporter {
            path,
            wb,
            sets: Vec::new(),
            rows_per_sheet: rows.max(1),
            text: Format::new().set_num_format("@"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            count: 0,
        };
        for kind in Kind::ALL {
            let ws = ex.new_sheet(kind, 1)?;
            ex.sets.push(SheetSet { sheets: vec![ws], row: 1 });
        }
        Ok(ex)
    }

    /// Adds the table's `n`th sheet with its header row; its index.
    fn new_sheet(&mut self, kind: Kind, n: usize) -> Result<usize, FormatError> {
        let index = self.wb.worksheets().len();
        let ws = self.wb.add_worksheet_with_constant_memory();
        let name = if n == 1 { kind.sheet_name().to_string() } else { format!("{}_{n}", kind.sheet_name()) };
        ws.set_name(name).map_err(|e| xerr(&self.path, e))?;
        let mut next = 0u16;
        for col in kind.columns() {
            let c = next;
            next += 1;
            ws.write_string(0, c, col.name).map_err(|e| xerr(&self.path, e))?;
            if labelled(kind, col.name) {
                next += 1;
                ws.write_string(0, c + 1, format!("{}{LABEL_SUFFIX}", col.name)).map_err(|e| xerr(&self.path, e))?;
                ws.set_column_width(c + 1, 24).map_err(|e| xerr(&self.path, e))?;
            }
            if is_number16(col.name) {
                ws.set_column_format(c, &self.text).map_err(|e| xerr(&self.path, e))?;
                ws.set_column_width(c, 19).map_err(|e| xerr(&self.path, e))?;
            } else if is_date(col.name) {
                ws.set_column_width(c, 11).map_err(|e| xerr(&self.path, e))?;
            }
        }
        Ok(index)
    }

    fn write(&mut self, kind: Kind, fields: Vec<String>) -> Result<(), FormatError> {
        let i = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        if self.sets[i].row > self.rows_per_sheet {
            let ws = self.new_sheet(kind, self.sets[i].sheets.len() + 1)?;
            self.sets[i].sheets.push(ws);
            self.sets[i].row = 1;
        }
        let (text, date, path) = (&self.text, &self.date, &self.path);
        let set = &mut self.sets[i];
        let row = set.row;
        let Some(&index) = set.sheets.last() else {
            return Ok(());
        };
        let ws = self.wb.worksheet_from_index(index).map_err(|e| xerr(path, e))?;
        let mut next = 0u16;
        for (col, v) in kind.columns().iter().zip(&fields) {
            let c = next;
            next += 1;
            if let Some(label) = label_of(kind, col.name, v) {
                next += 1;
                if !label.is_empty() {
                    ws.write_string(row, c + 1, label).map_err(|e| xerr(path, e))?;
                }
            }
            let r = if v.is_empty() {
                Ok(&mut *ws)
            } else if is_number16(col.name) {
                ws.write_string_with_format(row, c, v, text)
            } else if let Some(d) = is_date(col.name).then(|| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()).flatten() {
                let xd = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                    .map_err(|e| xerr(path, e))?;
                ws.write_datetime_with_format(row, c, &xd, date)
            } else if matches!(col.name, "rw" | "rt" | "desil") && v.parse::<u16>().is_ok() {
                ws.write_number(row, c, v.parse::<u16>().map_or(0.0, f64::from))
            } else {
                ws.write_string(row, c, escape_in_workbook(v))
            };
            r.map_err(|e| xerr(path, e))?;
        }
        set.row += 1;
        Ok(())
    }

    pub fn push_region(&mut self, r: &Region) -> Result<(), FormatError> {
        self.write(Kind::Wilayah, region_fields(r))
    }

    pub fn push(&mut self, h: &Household) -> Result<(), FormatError> {
        self.count += 1;
        household_rows(h, |kind, fields| self.write(kind, fields))
    }

    pub fn finish(mut self) -> Result<u64, FormatError> {
        // A list export has no regions: open on its households, not on an
        // empty first sheet.
        let open_on = if self.sets.first().is_some_and(|s| s.row > 1) { Kind::Wilayah } else { Kind::Households };
        let at = Kind::ALL.iter().position(|k| *k == open_on).unwrap_or(0);
        if let Some(&first) = self.sets.get(at).and_then(|s| s.sheets.first()) {
            self.wb.worksheet_from_index(first).map_err(|e| xerr(&self.path, e))?.set_active(true);
        }
        let wb = &mut self.wb;
        let mut out = AtomicFile::create(&self.path).map_err(|e| FormatError::io(&self.path, e))?;
        wb.save_to_writer(&mut out).map_err(|e| xerr(&self.path, e))?;
        out.commit().map_err(|e| FormatError::io(&self.path, e))?;
        Ok(self.count)
    }
}

fn is_number16(col: &str) -> bool {
    matches!(col, "nik" | "no_kk")
}

fn is_date(col: &str) -> bool {
    matches!(col, "tanggal_lahir" | "sejak" | "sampai")
}

/// Exports the register as one workbook. Returns the number of households.
pub fn export_xlsx<'a>(
    path: impl AsRef<Path>,
    households: impl Iterator<Item = &'a Household>,
    regions: &[Region],
) -> Result<u64, FormatError> {
    let mut ex = XlsxExporter::create(path)?;
    for r in regions {
        ex.push_region(r)?;
    }
    for h in households {
        ex.push(h)?;
    }
    ex.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{Row, read_xlsx};
    use crate::sample::{SampleSpec, generate};

    #[test]
    fn long_tables_continue_on_a_second_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.xlsx");
        let spec =
            SampleSpec { households: 5, seed: 1, kelurahan: None, as_of: NaiveDate::from_ymd_opt(2024, 6, 1).unwrap() };
        let hs: Vec<Household> = generate(spec).collect();
        let mut ex = XlsxExporter::with_rows_per_sheet(&path, 4).unwrap();
        for h in &hs {
            ex.push(h).unwrap();
        }
        ex.finish().unwrap();
        let (sheets, _) = read_xlsx(&path).unwrap();
        let names: Vec<&str> = sheets.iter().filter(|s| s.kind == Kind::Households).map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["rumah_tangga", "rumah_tangga_2"]);
        let kks: Vec<String> = sheets
            .iter()
            .flat_map(|s| s.rows.iter())
            .filter_map(|r| match r {
                Ok(p) => match &p.row {
                    Row::Household(h) => Some(h.no_kk.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        assert_eq!(kks, hs.iter().map(|h| h.no_kk.clone()).collect::<Vec<_>>());
        let persons: usize = sheets.iter().filter(|s| s.kind == Kind::Persons).map(|s| s.rows.len()).sum();
        assert_eq!(persons, hs.iter().map(|h| h.members.len()).sum::<usize>());
        // No regions pushed (a list export): the workbook opens on its households.
        assert_eq!(active_sheet(&path), "rumah_tangga");
    }

    #[test]
    fn a_register_export_opens_on_its_first_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.xlsx");
        let mut ex = XlsxExporter::create(&path).unwrap();
        ex.push_region(&Region { code: "31".into(), name: "DKI Jakarta".into() }).unwrap();
        ex.finish().unwrap();
        assert_eq!(active_sheet(&path), "wilayah");
    }

    #[test]
    fn coded_cells_have_their_label_beside_them_and_import_reads_the_codes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.xlsx");
        let spec =
            SampleSpec { households: 3, seed: 2, kelurahan: None, as_of: NaiveDate::from_ymd_opt(2024, 6, 1).unwrap() };
        let mut hs: Vec<Household> = generate(spec).collect();
        hs[0].info.floor = Floor::Ceramic;
        let mut ex = XlsxExporter::create(&path).unwrap();
        for h in &hs {
            ex.push(h).unwrap();
        }
        ex.finish().unwrap();
        // The cells as written: code, then its label.
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let range = calamine::Reader::worksheet_range(&mut book, "rumah_tangga").unwrap();
        let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
        let at = header.iter().position(|h| h == "lantai").unwrap();
        assert_eq!(header[at + 1], "lantai (keterangan)");
        let first: Vec<String> = range.rows().nth(1).unwrap().iter().map(|c| c.to_string()).collect();
        assert_eq!((first[at].as_str(), first[at + 1].as_str()), ("keramik", "Marmer/granit/keramik"));
        // Import reads the same households back, with no warning about the labels.
        let (sheets, warnings) = read_xlsx(&path).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let floors: Vec<Floor> = sheets
            .iter()
            .flat_map(|s| s.rows.iter())
            .filter_map(|r| match r.as_ref().map(|p| &p.row) {
                Ok(Row::Household(h)) => Some(h.info.floor),
                _ => None,
            })
            .collect();
        assert_eq!(floors, hs.iter().map(|h| h.info.floor).collect::<Vec<_>>());
    }

    /// The sheet a workbook opens on: `activeTab` in xl/workbook.xml.
    fn active_sheet(path: &Path) -> String {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut xml).unwrap();
        let tab: usize =
            xml.split("activeTab=\"").nth(1).and_then(|r| r.split('"').next()).map_or(0, |n| n.parse().unwrap());
        let names: Vec<&str> = xml.split("<sheet name=\"").skip(1).filter_map(|r| r.split('"').next()).collect();
        names[tab].to_string()
    }
}
