//! Putting a table that is not in No. KK order into that order without
//! holding it: rows are sorted in runs of bounded size, each run written to
//! a temporary file, and the runs merged back one row at a time. A table
//! that fits in one run never touches the disk.
//!
//! The runs hold register data, so they go in a folder inside the database
//! directory (private like the database, never a shared `/tmp`), removed
//! when the import ends; a folder left by a killed import is removed by
//! the next one.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::formats::{Cell, FormatError, Header, Parsed, ReadError, RowError, RowProblem, SheetHead, rows::parse_row};

use super::sources::{raw_kk, row_kk};

/// Estimated memory of the rows held before a run is written out. A row
/// held as strings costs several times its bytes in the file (each field is
/// its own allocation), so the estimate counts that and not the text alone.
const RUN_BUDGET: usize = 48 * 1024 * 1024;
/// Per field and per row overheads in that estimate.
const FIELD_COST: usize = 48;
const ROW_COST: usize = 96;
/// Names of the sort folders, so that a killed import's can be found.
const FOLDER_PREFIX: &str = ".dtks-sort-";

type Item = std::result::Result<Parsed, RowError>;

/// One cell as a run holds it: CSV's are all text, a workbook's keep the
/// type Excel stored (numbers and dates parse differently from text).
#[derive(bincode::Encode, bincode::Decode)]
enum Held {
    Empty,
    Text(String),
    Number(f64),
    /// Days since 1 January of year 1.
    Date(i32),
    Bool(bool),
}

impl Held {
    fn of(c: Cell) -> Held {
        match c {
            Cell::Empty => Held::Empty,
            Cell::Text(t) => Held::Text(t),
            Cell::Number(n) => Held::Number(n),
            Cell::Date(d) => Held::Date(d.num_days_from_ce()),
            Cell::Bool(b) => Held::Bool(b),
        }
    }

    fn cell(self) -> Cell {
        match self {
            Held::Empty => Cell::Empty,
            Held::Text(t) => Cell::Text(t),
            Held::Number(n) => Cell::Number(n),
            Held::Date(d) => NaiveDate::from_num_days_from_ce_opt(d).map_or(Cell::Empty, Cell::Date),
            Held::Bool(b) => Cell::Bool(b),
        }
    }

    fn cost(&self) -> usize {
        FIELD_COST + if let Held::Text(t) = self { t.len() } else { 0 }
    }
}

/// One row as a run holds it: its sort key, line and cells. The row is
/// parsed again from the cells when it comes out, so the run files hold
/// plain values and nothing of the in-memory types.
#[derive(bincode::Encode, bincode::Decode)]
struct RunRow {
    key: String,
    line: u64,
    cells: Vec<Held>,
}

impl RunRow {
    fn cost(&self) -> usize {
        ROW_COST + self.key.len() + self.cells.iter().map(Held::cost).sum::<usize>()
    }
}

/// Rows read from the CSV reader in No. KK order (stable: rows with the
/// same No. KK keep the file's order; a row that could not be read goes
/// with its No. KK, or first when that cannot be read either).
pub(super) fn sorted(
    reader: crate::formats::CsvReader,
    spill_in: &Path,
) -> std::result::Result<Box<dyn Iterator<Item = Item>>, FormatError> {
    sorted_within(reader, spill_in, RUN_BUDGET)
}

fn sorted_within(
    reader: crate::formats::CsvReader,
    spill_in: &Path,
    budget: usize,
) -> std::result::Result<Box<dyn Iterator<Item = Item>>, FormatError> {
    let header = reader.header().clone();
    let kk_col = header.position("no_kk");
    let mut sorter = Sorter::new(reader.path().to_path_buf(), None, header, spill_in, budget);
    for r in reader {
        let (key, line, raw) = match r {
            Ok(p) => (row_kk(&p.row).unwrap_or("").to_string(), p.line, p.raw),
            // Among its household's rows when its No. KK can be read, so
            // the import meets it with them.
            Err(ReadError::Row(e)) => (raw_kk(kk_col, &e.raw).unwrap_or_default(), e.line, e.raw),
            Err(ReadError::File(e)) => return Err(e),
        };
        sorter.push(RunRow { key, line, cells: raw.into_iter().map(Held::Text).collect() })?;
    }
    sorter.finish()
}

/// The rows of one workbook sheet in No. KK order, read from the file cell
/// by cell and sorted as a CSV table is, so that no sheet is held whole.
pub(super) fn sorted_sheet(
    path: &Path,
    head: &SheetHead,
    spill_in: &Path,
) -> std::result::Result<Box<dyn Iterator<Item = Item>>, FormatError> {
    sorted_sheet_within(path, head, spill_in, RUN_BUDGET)
}

fn sorted_sheet_within(
    path: &Path,
    head: &SheetHead,
    spill_in: &Path,
    budget: usize,
) -> std::result::Result<Box<dyn Iterator<Item = Item>>, FormatError> {
    let kk_col = head.header.position("no_kk");
    let mut sorter = Sorter::new(path.to_path_buf(), Some(head.name.clone()), head.header.clone(), spill_in, budget);
    crate::formats::sheet_rows(path, &head.name, |line, cells| {
        let key = match crate::formats::parse_sheet_row(path, head, line, &cells) {
            Ok(p) => row_kk(&p.row).unwrap_or("").to_string(),
            Err(e) => raw_kk(kk_col, &e.raw).unwrap_or_default(),
        };
        sorter.push(RunRow { key, line, cells: cells.into_iter().map(Held::of).collect() })
    })?;
    sorter.finish()
}

/// Rows held up to a budget, then sorted and written out as a run.
struct Sorter {
    path: PathBuf,
    sheet: Option<String>,
    header: Header,
    spill_in: PathBuf,
    budget: usize,
    run: Vec<RunRow>,
    cost: usize,
    spilled: Option<Spill>,
}

impl Sorter {
    fn new(path: PathBuf, sheet: Option<String>, header: Header, spill_in: &Path, budget: usize) -> Sorter {
        let spill_in = spill_in.to_path_buf();
        Sorter { path, sheet, header, spill_in, budget, run: Vec::new(), cost: 0, spilled: None }
    }

    fn push(&mut self, row: RunRow) -> std::result::Result<(), FormatError> {
        self.cost += row.cost();
        self.run.push(row);
        if self.cost >= self.budget {
            let spill = match &mut self.spilled {
                Some(s) => s,
                None => self.spilled.insert(Spill::new(&self.spill_in)?),
            };
            spill.write_run(&mut self.run)?;
            self.cost = 0;
        }
        Ok(())
    }

    fn finish(mut self) -> std::result::Result<Box<dyn Iterator<Item = Item>>, FormatError> {
        let source = Source { header: self.header, path: self.path, sheet: self.sheet };
        let Some(mut spill) = self.spilled else {
            // One run: sorted in memory, as small tables always were.
            self.run.sort_by(|a, b| a.key.cmp(&b.key));
            return Ok(Box::new(self.run.into_iter().map(move |h| source.reparse(h))));
        };
        if !self.run.is_empty() {
            spill.write_run(&mut self.run)?;
        }
        Ok(Box::new(Merge::open(spill, source)?))
    }
}

/// Where the rows come from, to parse them again and name them.
struct Source {
    header: Header,
    path: PathBuf,
    sheet: Option<String>,
}

impl Source {
    /// The row again from its cells: the same parse the reader made.
    fn reparse(&self, h: RunRow) -> Item {
        let cells: Vec<Cell> = h.cells.into_iter().map(Held::cell).collect();
        let raw: Vec<String> = cells.iter().map(Cell::display).collect();
        match parse_row(&self.header, &cells) {
            Ok((row, rounded)) => Ok(Parsed { row, line: h.line, raw, rounded }),
            Err(problem) => {
                Err(RowError { file: self.path.clone(), sheet: self.sheet.clone(), line: h.line, problem, raw })
            }
        }
    }
}

/// The folder of one import's runs and the runs written to it.
struct Spill {
    dir: tempfile::TempDir,
    runs: Vec<(PathBuf, u64)>,
}

impl Spill {
    fn new(spill_in: &Path) -> std::result::Result<Spill, FormatError> {
        let dir = tempfile::Builder::new()
            .prefix(FOLDER_PREFIX)
            .tempdir_in(spill_in)
            .map_err(|e| FormatError::io(spill_in, e))?;
        Ok(Spill { dir, runs: Vec::new() })
    }

    /// Sorts the rows held and writes them out as the next run.
    fn write_run(&mut self, run: &mut Vec<RunRow>) -> std::result::Result<(), FormatError> {
        run.sort_by(|a, b| a.key.cmp(&b.key));
        let path = self.dir.path().join(format!("run-{:05}", self.runs.len()));
        let file = File::create(&path).map_err(|e| FormatError::io(&path, e))?;
        let mut w = BufWriter::with_capacity(256 * 1024, file);
        let cfg = bincode::config::standard();
        for h in run.iter() {
            bincode::encode_into_std_write(h, &mut w, cfg)
                .map_err(|e| FormatError::io(&path, std::io::Error::other(e.to_string())))?;
        }
        w.flush().map_err(|e| FormatError::io(&path, e))?;
        self.runs.push((path, run.len() as u64));
        run.clear();
        Ok(())
    }
}

/// One run being read back: its file and the rows left in it.
struct RunReader {
    path: PathBuf,
    file: BufReader<File>,
    left: u64,
}

impl RunReader {
    fn next(&mut self) -> Option<std::result::Result<RunRow, FormatError>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let read: std::result::Result<RunRow, _> =
            bincode::decode_from_std_read(&mut self.file, bincode::config::standard());
        Some(read.map_err(|e| FormatError::io(&self.path, std::io::Error::other(e.to_string()))))
    }
}

/// The k-way merge of the runs. Ties go to the earlier run, so rows with
/// the same No. KK come out in the file's order.
struct Merge {
    runs: Vec<RunReader>,
    heads: Vec<Option<RunRow>>,
    heap: BinaryHeap<Reverse<(String, usize)>>,
    source: Source,
    failed: bool,
    /// Removes the folder when the import is done with the rows.
    _spill: tempfile::TempDir,
}

impl Merge {
    fn open(spill: Spill, source: Source) -> std::result::Result<Merge, FormatError> {
        let mut runs = Vec::new();
        for (p, left) in &spill.runs {
            let f = File::open(p).map_err(|e| FormatError::io(p, e))?;
            runs.push(RunReader { path: p.clone(), file: BufReader::with_capacity(64 * 1024, f), left: *left });
        }
        let mut m = Merge {
            heads: (0..runs.len()).map(|_| None).collect(),
            runs,
            heap: BinaryHeap::new(),
            source,
            failed: false,
            _spill: spill.dir,
        };
        for i in 0..m.runs.len() {
            m.refill(i)?;
        }
        Ok(m)
    }

    fn refill(&mut self, i: usize) -> std::result::Result<(), FormatError> {
        if let Some(h) = self.runs[i].next().transpose()? {
            self.heap.push(Reverse((h.key.clone(), i)));
            self.heads[i] = Some(h);
        }
        Ok(())
    }
}

impl Iterator for Merge {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.failed {
            return None;
        }
        let Reverse((_, i)) = self.heap.pop()?;
        let held = self.heads[i].take()?;
        if let Err(e) = self.refill(i) {
            // A run that cannot be read back: said as a rejected "row"
            // naming it, as a read failure mid-file is.
            self.failed = true;
            return Some(Err(RowError {
                file: self.source.path.clone(),
                sheet: self.source.sheet.clone(),
                line: 0,
                problem: RowProblem::from(e),
                raw: Vec::new(),
            }));
        }
        Some(self.source.reparse(held))
    }
}

/// Removes the sort folders a killed import left in `dir`. Called with the
/// database held, so no other import can be using one.
pub(super) fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(FOLDER_PREFIX) {
            // Best effort: a folder that cannot be removed now is tried again next time.
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Persons in reverse No. KK order, members of a household in a given
    /// order, and a bad row: spilled in many runs, they come back in No. KK
    /// order, members in the file's order, the bad row first.
    #[test]
    fn many_runs_come_back_in_kk_order_and_stable() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("persons.csv");
        let mut text = String::from(
            "nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,nama_ibu,hubungan,status_kawin,pekerjaan,disabilitas,ortu_wafat_covid,tidak_layak\n",
        );
        let n = 3000;
        for i in (0..n).rev() {
            let kk = format!("31750{:011}", i);
            // Two members, the second first in the file.
            text.push_str(&format!(
                "31750{i:07}0002,{kk},ANAK {i},Jakarta,2010-01-01,L,IBU,anak,belum_kawin,lainnya,,tidak,\n"
            ));
            text.push_str(&format!(
                "31750{i:07}0001,{kk},KEPALA {i},Jakarta,1980-01-01,P,IBU,kepala,kawin,lainnya,,tidak,\n"
            ));
        }
        text.push_str("bukan-nik,bukan-kk,RUSAK,Jakarta,2010-01-01,L,IBU,anak,belum_kawin,lainnya,,tidak,\n");
        // A bad NIK at the end, of household 5: it comes back among household 5's rows.
        text.push_str("bukan-nik,3175000000000005,RUSAK,Jakarta,2010-01-01,L,IBU,anak,belum_kawin,lainnya,,tidak,\n");
        std::fs::write(&csv, text).unwrap();
        let spill_in = dir.path().join("db");
        std::fs::create_dir(&spill_in).unwrap();
        // A small budget, so that the rows go through many runs.
        let merge = sorted_within(crate::formats::open_csv(&csv).unwrap(), &spill_in, 100_000).unwrap();
        let folders: Vec<PathBuf> = std::fs::read_dir(&spill_in).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(folders.len(), 1, "one sort folder in the database directory");
        assert!(std::fs::read_dir(&folders[0]).unwrap().count() > 5, "many runs");
        let rows: Vec<Item> = merge.collect();
        assert!(!folders[0].exists(), "the runs are removed once read");
        assert_eq!(rows.len(), 2 * n + 2);
        assert!(rows[0].is_err(), "the row with no readable No. KK comes first");
        assert!(rows[13].is_err(), "the other after household 5's two rows (1 + 6 × 2)");
        let ok: Vec<&Parsed> = rows[1..].iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(ok.len(), 2 * n);
        let kks: Vec<&str> = ok.iter().map(|p| row_kk(&p.row).unwrap()).collect();
        assert!(kks.windows(2).all(|w| w[0] <= w[1]), "No. KK order");
        // Within a household the file's order: the child (earlier line) first.
        assert!(ok.chunks(2).all(|c| c[0].line < c[1].line && c[0].raw[2].starts_with("ANAK")));
    }

    /// A workbook sheet out of No. KK order goes through many runs and
    /// comes back in order, its date cells still dates and a bad row named
    /// by its sheet and Excel row.
    #[test]
    fn a_sheet_is_sorted_through_runs_with_its_cells_typed() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("anggota.xlsx");
        let header = [
            "nik",
            "no_kk",
            "nama",
            "tempat_lahir",
            "tanggal_lahir",
            "jenis_kelamin",
            "nama_ibu",
            "hubungan",
            "status_kawin",
            "pekerjaan",
            "disabilitas",
            "ortu_wafat_covid",
            "tidak_layak",
        ];
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("anggota").unwrap();
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        let date = Format::new().set_num_format("dd/mm/yyyy");
        let born = ExcelDateTime::from_ymd(1980, 2, 29).unwrap();
        let n = 2000u32;
        for i in 0..n {
            let row = i + 1;
            let kk = format!("31750{:011}", n - i);
            let fields = [format!("31750{:07}0001", n - i), kk, format!("KEPALA {i}"), "Jakarta".into()];
            for (c, f) in fields.iter().enumerate() {
                ws.write_string(row, c as u16, f).unwrap();
            }
            ws.write_datetime_with_format(row, 4, &born, &date).unwrap();
            for (c, f) in ["P", "IBU", "kepala", "kawin", "lainnya", "", "tidak", ""].iter().enumerate() {
                ws.write_string(row, 5 + c as u16, *f).unwrap();
            }
        }
        // A bad NIK in household 7, on Excel row n + 2.
        ws.write_string(n + 1, 0, "bukan-nik").unwrap();
        ws.write_string(n + 1, 1, "3175000000000007").unwrap();
        wb.save(&path).unwrap();
        let spill_in = dir.path().join("db");
        std::fs::create_dir(&spill_in).unwrap();
        let (heads, _) = crate::formats::sheet_heads(&path).unwrap();
        let merge = sorted_sheet_within(&path, &heads[0], &spill_in, 50_000).unwrap();
        let folder = std::fs::read_dir(&spill_in).unwrap().next().unwrap().unwrap().path();
        assert!(std::fs::read_dir(&folder).unwrap().count() > 5, "many runs");
        let rows: Vec<Item> = merge.collect();
        assert_eq!(rows.len(), n as usize + 1);
        let bad = rows.iter().position(|r| r.is_err()).unwrap();
        assert_eq!(bad, 7, "with household 7, after its row (the file's order)");
        let e = rows[bad].as_ref().unwrap_err();
        assert_eq!((e.sheet.as_deref(), e.line), (Some("anggota"), u64::from(n) + 2));
        let ok: Vec<&Parsed> = rows.iter().filter_map(|r| r.as_ref().ok()).collect();
        let kks: Vec<&str> = ok.iter().map(|p| row_kk(&p.row).unwrap()).collect();
        assert!(kks.windows(2).all(|w| w[0] < w[1]), "No. KK order");
        for p in &ok {
            match &p.row {
                crate::formats::Row::Person(r) => {
                    assert_eq!(r.person.birth_date, NaiveDate::from_ymd_opt(1980, 2, 29).unwrap())
                }
                other => panic!("not a person row: {other:?}"),
            }
        }
    }

    #[test]
    fn a_small_table_is_sorted_without_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("persons.csv");
        std::fs::write(
            &csv,
            "nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,nama_ibu,hubungan,status_kawin,pekerjaan,disabilitas,ortu_wafat_covid,tidak_layak\n\
             3175010101800002,3175010000000002,B,Jakarta,1980-01-01,L,IBU,kepala,kawin,lainnya,,tidak,\n\
             3175010101800001,3175010000000001,A,Jakarta,1980-01-01,L,IBU,kepala,kawin,lainnya,,tidak,\n",
        )
        .unwrap();
        let spill_in = dir.path().join("db");
        std::fs::create_dir(&spill_in).unwrap();
        let rows: Vec<Item> = sorted(crate::formats::open_csv(&csv).unwrap(), &spill_in).unwrap().collect();
        let names: Vec<&str> = rows.iter().map(|r| r.as_ref().unwrap().raw[2].as_str()).collect();
        assert_eq!(names, ["A", "B"]);
        assert_eq!(std::fs::read_dir(&spill_in).unwrap().count(), 0);
    }

    #[test]
    fn a_killed_imports_folder_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(format!("{FOLDER_PREFIX}abc"));
        std::fs::create_dir(&stale).unwrap();
        std::fs::write(stale.join("run-00000"), b"x").unwrap();
        std::fs::write(dir.path().join("conf"), b"keep").unwrap();
        remove_stale(dir.path());
        assert!(!stale.exists());
        assert!(dir.path().join("conf").exists());
    }
}
