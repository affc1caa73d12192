//! The per-person file of a month's home-visit results that a kelurahan
//! operator uploads: CSV (UTF-8, comma) and optionally one .xlsx sheet with
//! the same columns. Codes as the import files write them, ISO dates.

use std::path::Path;

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

fn werr(path: &Path, e: rust_xlsxwriter::XlsxError) -> FormatError {
    FormatError::xlsx_write(path, e)
}

/// `verval-<month>.csv`, or `.xlsx`: the month is in the name so that two
/// months never share a file.
pub fn upload_file_name(month: &str, xlsx: bool) -> String {
    format!("verval-{month}.{}", if xlsx { "xlsx" } else { "csv" })
}

/// The CSV file's bytes: header, then one line per row.
pub fn upload_csv(rows: &[UploadRow]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = w.write_record(UPLOAD_COLUMNS);
    // Opened in Excel before it is uploaded: a planted formula stays text.
    for r in rows {
        let _ = w.write_record(r.cells().map(|c| super::safe_cell::escape(c).into_owned()));
    }
    w.into_inner().unwrap_or_default()
}

/// The workbook's bytes: one sheet `verval` with the CSV's columns. `path`
/// only names the file in an error.
pub fn upload_xlsx(path: &Path, rows: &[UploadRow]) -> Result<Vec<u8>, FormatError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("verval").map_err(|e| werr(path, e))?;
    for (c, name) in UPLOAD_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, *name).map_err(|e| werr(path, e))?;
    }
    for (i, r) in rows.iter().enumerate() {
        for (c, v) in r.cells().iter().enumerate() {
            // Strings, so NIK and No. KK keep all 16 digits.
            ws.write_string(i as u32 + 1, c as u16, *v).map_err(|e| werr(path, e))?;
        }
    }
    book.save_to_buffer().map_err(|e| werr(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_planted_formula_stays_text_in_the_upload_csv() {
        let row = UploadRow {
            nik: "3175031304772586".into(),
            nama: "=HYPERLINK(\"http://x\",\"klik\")".into(),
            alasan: "@SUM(A1)".into(),
            ..UploadRow::default()
        };
        let text = String::from_utf8(upload_csv(&[row])).unwrap();
        let line = text.lines().nth(1).unwrap();
        assert!(line.starts_with("3175031304772586,,\"'=HYPERLINK("), "{line}");
        assert!(line.contains(",'@SUM(A1),"), "{line}");
    }
}
