//! Export of the register in the import format, household by household, so
//! that a large register never sits in memory whole.

use std::path::{Path, PathBuf};

use super::{Result, Service};
use crate::formats::{CsvExporter, XlsxExporter, write_regions};

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
}
