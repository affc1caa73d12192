//! The per-person file of a month's home-visit results that a kelurahan
//! operator uploads: CSV (UTF-8, comma) and optionally one .xlsx sheet with
//! the same columns.

use std::path::{Path, PathBuf};

use super::FormatError;

/// Column names, in order.
pub const UPLOAD_COLUMNS: [&str; 12] = [
    "nik",
    "no_kk",
    "nama",
    "kelurahan",
    "rw",
    "rt",
    "temuan",
    "alasan",
    "program",
    "tahap",
    "nomor_surat_pengesahan",
    "tanggal_surat_pengesahan",
];

/// One person on one visit; codes, not labels, so an upload reads them back.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct UploadRow {
    pub nik: String,
    pub no_kk: String,
    pub nama: String,
    pub kelurahan: String,
    pub rw: String,
    pub rt: String,
    pub temuan: String,
    pub alasan: String,
    pub program: String,
    pub tahap: String,
    pub nomor_surat: String,
    pub tanggal_surat: String,
}

impl UploadRow {
    fn cells(&self) -> [&str; 12] {
        [
            &self.nik,
            &self.no_kk,
            &self.nama,
            &self.kelurahan,
            &self.rw,
            &self.rt,
            &self.temuan,
            &self.alasan,
            &self.program,
            &self.tahap,
            &self.nomor_surat,
            &self.tanggal_surat,
        ]
    }
}

fn werr(path: &Path, e: impl std::fmt::Display) -> FormatError {
    FormatError::Write { path: path.to_path_buf(), message: e.to_string() }
}

/// Writes `verval-<month>.csv` (and `.xlsx`) into `dir`; returns the files.
pub fn write_upload(dir: &Path, month: &str, rows: &[UploadRow], xlsx: bool) -> Result<Vec<PathBuf>, FormatError> {
    std::fs::create_dir_all(dir).map_err(|e| FormatError::io(dir, e))?;
    let csv_path = dir.join(format!("verval-{month}.csv"));
    let mut w = csv::Writer::from_path(&csv_path).map_err(|e| werr(&csv_path, e))?;
    w.write_record(UPLOAD_COLUMNS).map_err(|e| werr(&csv_path, e))?;
    for r in rows {
        w.write_record(r.cells()).map_err(|e| werr(&csv_path, e))?;
    }
    w.flush().map_err(|e| FormatError::io(&csv_path, e))?;
    let mut files = vec![csv_path];
    if xlsx {
        let path = dir.join(format!("verval-{month}.xlsx"));
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("verval").map_err(|e| werr(&path, e))?;
        for (c, name) in UPLOAD_COLUMNS.iter().enumerate() {
            ws.write_string(0, c as u16, *name).map_err(|e| werr(&path, e))?;
        }
        for (i, r) in rows.iter().enumerate() {
            for (c, v) in r.cells().iter().enumerate() {
                // Strings, so NIK and No. KK keep all 16 digits.
                ws.write_string(i as u32 + 1, c as u16, *v).map_err(|e| werr(&path, e))?;
            }
        }
        book.save(&path).map_err(|e| werr(&path, e))?;
        files.push(path);
    }
    Ok(files)
}
