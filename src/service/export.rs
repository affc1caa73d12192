//! Export of the register in the import format, household by household, so
//! that a large register never sits in memory whole.

use std::path::{Path, PathBuf};

use super::browse::Filter;
use super::{Refusal, Result, Service};
use crate::domain::Household;
use crate::formats::{CsvExporter, XlsxExporter, write_regions};

/// Households read per call when gathering a whole filtered list.
const LIST_CHUNK: usize = 1000;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExportReport {
    pub households: u64,
    pub persons: u64,
    pub files: Vec<PathBuf>,
}

impl Service {
    /// Writes wilayah.csv (the regions imported into this database), the four
    /// register tables as CSV into `dir`, and with `xlsx` also `dtks.xlsx`.
    pub fn export(&self, dir: &Path, xlsx: bool) -> Result<ExportReport> {
        let mut report = ExportReport::default();
        let regions = self.store().regions()?;
        if !regions.is_empty() {
            write_regions(dir, &regions)?;
            report.files.push(dir.join("wilayah.csv"));
        }
        let mut csv = CsvExporter::create(dir)?;
        let mut book = if xlsx { Some(XlsxExporter::create(dir.join("dtks.xlsx"))?) } else { None };
        if let Some(b) = book.as_mut() {
            for r in &regions {
                b.push_region(r)?;
            }
        }
        for h in self.store().iter_households() {
            let h = h?;
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
            report.files.push(dir.join("dtks.xlsx"));
        }
        Ok(report)
    }

    /// Every household the filter admits (not just a screen's window).
    pub fn whole_list(&self, f: &Filter) -> Result<Vec<Household>> {
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = self.page(f, after.as_deref(), LIST_CHUNK)?;
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
    pub fn export_list(&self, households: &[Household], dest: &Path, csv: bool) -> Result<u64> {
        let taken = if csv { std::fs::read_dir(dest).is_ok_and(|mut d| d.next().is_some()) } else { dest.exists() };
        if taken {
            return Err(Refusal::WouldOverwrite { path: dest.to_path_buf() }.into());
        }
        if csv {
            let mut ex = CsvExporter::create(dest)?;
            for h in households {
                ex.push(h)?;
            }
            Ok(ex.finish()?)
        } else {
            let mut ex = XlsxExporter::create(dest)?;
            for h in households {
                ex.push(h)?;
            }
            Ok(ex.finish()?)
        }
    }
}
