//! Export of the register in the import format, household by household, so
//! that a large register never sits in memory whole.

use std::path::{Path, PathBuf};

use super::audit::View;
use super::browse::Filter;
use super::{Actor, Refusal, Result, Service, ServiceError};
use crate::domain::Household;
use crate::domain::access::{Access, Right};
use crate::formats::atomic::AtomicDir;
use crate::formats::jsonl::CYCLE_FILE;
use crate::formats::{CsvExporter, FILE_NAMES, XlsxExporter, write_regions};
use crate::store::StoreError;

/// Households read per call when gathering a whole filtered list.
const LIST_CHUNK: usize = 1000;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExportReport {
    pub households: u64,
    pub persons: u64,
    pub files: Vec<PathBuf>,
    /// A damaged page found beyond the households (an index or the audit
    /// log): the export itself is whole, the database needs `dtks check`.
    pub damaged: Option<DamagedPage>,
}

/// Where a read found a damaged page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedPage {
    /// The database directory.
    pub db: PathBuf,
    /// Its file that holds the page.
    pub file: PathBuf,
}

/// The files a `dtks export` directory may hold: what an export writes.
/// Anything else in it is the user's, and the export will not replace it.
fn export_owned(name: &str) -> bool {
    FILE_NAMES.iter().any(|(_, n)| *n == name) || name == XLSX_FILE || name == CYCLE_FILE
}

/// The workbook an export with `xlsx` adds.
const XLSX_FILE: &str = "dtks.xlsx";

/// Refuses a destination that is a file, or a directory holding files that
/// no export wrote (they would be lost when the new export takes its place).
fn check_replaceable(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Refusal::WouldOverwrite { path: dir.to_path_buf() }.into());
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(ServiceError::io(dir, e)),
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !export_owned(n))
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    Err(Refusal::ExportDirHoldsOther { dir: dir.to_path_buf(), names }.into())
}

/// An error about a file in the staging directory `stage`, said of the
/// directory the user named: the temporary name means nothing to them.
fn at_destination(e: ServiceError, stage: &Path, dir: &Path) -> ServiceError {
    match e {
        ServiceError::Format(f) => ServiceError::Format(f.moved(stage, dir)),
        ServiceError::Io { path, kind } => {
            let path = path.strip_prefix(stage).map_or_else(|_| path.clone(), |rest| dir.join(rest));
            ServiceError::Io { path, kind }
        }
        other => other,
    }
}

impl Service {
    /// Writes the whole export into `dir`: wilayah.csv (the regions imported
    /// into this database), the four register tables as CSV, with `xlsx`
    /// also `dtks.xlsx`, and the verification cycle's records
    /// (`cycle.jsonl`) when there are any. The files are written into a new
    /// directory beside `dir` that takes its place when complete, so a kill
    /// leaves the previous export whole or the new one whole. A `dir`
    /// holding files an export did not write is refused before anything is
    /// written. Needs the operator's right to export unmasked data; an
    /// operator of some areas gets their households only, and the cycle's
    /// records only when their reach is the whole register.
    pub fn export(&self, actor: &Actor, dir: &Path, xlsx: bool) -> Result<ExportReport> {
        let access = self.require(actor, Right::ExportUnmasked)?;
        check_replaceable(dir)?;
        let stage = AtomicDir::create(dir).map_err(|e| ServiceError::io(dir, e))?;
        let here = |e| at_destination(e, stage.path(), dir);
        let mut report = self.export_into(stage.path(), xlsx, &access).map_err(here)?;
        if access.whole_register() && self.export_cycle(stage.path()).map_err(here)?.is_some() {
            report.files.push(stage.path().join(CYCLE_FILE));
        }
        // Every household was read and checked; a damaged index page does
        // not spoil the export, which may be what rebuilds the register.
        match self.verify_pages() {
            Ok(()) => {}
            Err(ServiceError::Store(StoreError::Damaged { path, file, .. })) => {
                report.damaged = Some(DamagedPage { db: path, file })
            }
            Err(e) => return Err(e),
        }
        stage.commit().map_err(|e| ServiceError::io(dir, e))?;
        let view = View::Export { what: "register", dest: dir, count: report.households, shown: Vec::new() };
        self.audit_view(actor, view)?;
        for f in &mut report.files {
            if let Some(name) = f.file_name() {
                *f = dir.join(name);
            }
        }
        Ok(report)
    }

    fn export_into(&self, dir: &Path, xlsx: bool, access: &Access) -> Result<ExportReport> {
        let mut report = ExportReport::default();
        let regions = self.store().regions()?;
        if !regions.is_empty() {
            write_regions(dir, &regions)?;
            report.files.push(dir.join("wilayah.csv"));
        }
        let mut csv = CsvExporter::create(dir)?;
        let mut book = if xlsx { Some(XlsxExporter::create(dir.join(XLSX_FILE))?) } else { None };
        if let Some(b) = book.as_mut() {
            for r in &regions {
                b.push_region(r)?;
            }
        }
        for h in self.store().iter_households() {
            let h = h?;
            if !self.reaches(access, &h) {
                continue;
            }
            report.households += 1;
            report.persons += h.members.len() as u64;
            csv.push(&h)?;
            if let Some(b) = book.as_mut() {
                b.push(&h)?;
            }
        }
        csv.finish()?;
        for f in ["households.csv", "persons.csv", "history.csv", "enrolments.csv"] {
            report.files.push(dir.join(f));
        }
        if let Some(b) = book {
            b.finish()?;
            report.files.push(dir.join(XLSX_FILE));
        }
        Ok(report)
    }

    /// Every household the filter admits (not just a screen's window).
    pub fn whole_list(&self, actor: &Actor, f: &Filter) -> Result<Vec<Household>> {
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = self.page_unaudited(actor, f, after.as_deref(), LIST_CHUNK)?;
            for l in &page.lines {
                if let Some(h) = self.store().household(&l.no_kk)? {
                    out.push(h);
                }
            }
            match (page.more, page.resume) {
                (true, Some(r)) => after = Some(r),
                _ => return Ok(out),
            }
        }
    }

    /// Writes a list of households in the import format: the four tables as
    /// CSV into the directory `dest`, or one workbook at `dest`. Never
    /// overwrites: an existing workbook, or a directory that already holds
    /// files, refuses the export before anything is written.
    ///
    /// The files hold whole NIKs and KK numbers: the operator's right.
    pub fn export_list(&self, actor: &Actor, households: &[Household], dest: &Path, csv: bool) -> Result<u64> {
        self.require(actor, Right::ExportUnmasked)?;
        let taken = if csv { std::fs::read_dir(dest).is_ok_and(|mut d| d.next().is_some()) } else { dest.exists() };
        if taken {
            return Err(Refusal::WouldOverwrite { path: dest.to_path_buf() }.into());
        }
        if csv {
            // Written beside, then moved into place whole.
            let stage = AtomicDir::create(dest).map_err(|e| ServiceError::io(dest, e))?;
            let here = |e: crate::formats::FormatError| e.moved(stage.path(), dest);
            let mut ex = CsvExporter::create(stage.path()).map_err(here)?;
            for h in households {
                ex.push(h).map_err(here)?;
            }
            let n = ex.finish().map_err(here)?;
            stage.commit().map_err(|e| ServiceError::io(dest, e))?;
            self.audit_list_export(actor, households, dest)?;
            Ok(n)
        } else {
            let mut ex = XlsxExporter::create(dest)?;
            for h in households {
                ex.push(h)?;
            }
            let n = ex.finish()?;
            self.audit_list_export(actor, households, dest)?;
            Ok(n)
        }
    }

    /// A list export names each household it wrote.
    fn audit_list_export(&self, actor: &Actor, households: &[Household], dest: &Path) -> Result<()> {
        let shown = households.iter().map(|h| h.no_kk.clone()).collect();
        let view = View::Export { what: "list", dest, count: households.len() as u64, shown };
        self.audit_view(actor, view)?;
        Ok(())
    }
}
