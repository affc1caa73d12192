//! Rejected rows, written so the user can fix them in Excel and import the
//! file again as it is: the original columns plus a reason column, which
//! import ignores.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::atomic::AtomicFile;
use super::safe_cell::escape;
use super::{FormatError, RowError};
use crate::i18n::Lang;

/// The reason column added to a rejects file.
pub const REASON_COLUMN: &str = "alasan";

/// Writes rejected rows to a CSV file, created only when the first row is
/// rejected (no empty rejects files lying around).
pub struct RejectsWriter {
    path: PathBuf,
    header: Vec<String>,
    /// Position of a reason column already present (re-importing a rejects file).
    old_reason: Option<usize>,
    delimiter: u8,
    /// The language of the reason column.
    lang: Lang,
    writer: Option<csv::Writer<AtomicFile>>,
    count: u64,
}

impl RejectsWriter {
    /// Where the rejects of `source` go: beside it, so the user finds them
    /// with the file they imported. `data/persons.csv` →
    /// `data/persons.rejects.csv`; sheet `anggota` of `data/dtks.xlsx` →
    /// `data/dtks.anggota.rejects.csv`.
    pub fn path_for(source: &Path, sheet: Option<&str>) -> PathBuf {
        let stem = source.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "import".into());
        let name = match sheet {
            Some(s) => format!("{stem}.{s}.rejects.csv"),
            None => format!("{stem}.rejects.csv"),
        };
        source.with_file_name(name)
    }

    /// `header` is the source's header row as read; `delimiter` the source's,
    /// so the file opens in columns in the same Excel.
    pub fn new(path: PathBuf, header: &[String], delimiter: u8, lang: Lang) -> RejectsWriter {
        let old_reason = header.iter().position(|h| h.trim().eq_ignore_ascii_case(REASON_COLUMN));
        RejectsWriter { path, header: header.to_vec(), old_reason, delimiter, lang, writer: None, count: 0 }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    fn keep<'a>(&self, fields: &'a [String], width: usize) -> Vec<&'a str> {
        (0..width).filter(|i| Some(*i) != self.old_reason).map(|i| fields.get(i).map_or("", String::as_str)).collect()
    }

    pub fn write(&mut self, e: &RowError) -> Result<(), FormatError> {
        let werr = |path: &Path, e: csv::Error| FormatError::csv_write(path, e);
        if self.writer.is_none() {
            let mut buf = AtomicFile::create(&self.path).map_err(|e| FormatError::io(&self.path, e))?;
            buf.write_all(b"\xEF\xBB\xBF").map_err(|e| FormatError::io(&self.path, e))?;
            let mut w = csv::WriterBuilder::new().delimiter(self.delimiter).flexible(true).from_writer(buf);
            let mut head = self.keep(&self.header, self.header.len());
            head.push(REASON_COLUMN);
            w.write_record(&head).map_err(|e| werr(&self.path, e))?;
            self.writer = Some(w);
        }
        let width = self.header.len().max(e.raw.len());
        let mut rec = self.keep(&e.raw, width);
        rec.truncate(self.header.len() - usize::from(self.old_reason.is_some()));
        let reason = e.line_message(self.lang);
        rec.push(&reason);
        // The rows are opened in Excel to be fixed: no cell may run as a formula.
        if let Some(w) = self.writer.as_mut() {
            w.write_record(rec.iter().map(|f| escape(f).into_owned())).map_err(|e| werr(&self.path, e))?;
        }
        self.count += 1;
        Ok(())
    }

    /// Flushes the file and puts it in place; returns its path if any row
    /// was rejected. Dropped unfinished, it leaves no file.
    pub fn finish(self) -> Result<Option<PathBuf>, FormatError> {
        match self.writer {
            None => Ok(None),
            Some(w) => {
                let buf = w.into_inner().map_err(|e| FormatError::io(&self.path, e.into_error()))?;
                buf.commit().map_err(|e| FormatError::io(&self.path, e))?;
                Ok(Some(self.path))
            }
        }
    }
}
