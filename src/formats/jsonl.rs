//! JSON-lines record files (`cycle.jsonl`): one JSON object per line, each
//! with a `"kind"` field naming the record. Blank lines are skipped.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::FormatError;
use super::atomic::AtomicFile;

/// The file name `dtks export` and `dtks sample` write the verification
/// cycle's records to.
pub const CYCLE_FILE: &str = "cycle.jsonl";

/// A JSON-lines file is recognised by its extension.
pub fn is_jsonl(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
}

/// Reads every line of `path` as a `T`, with its 1-based line number. The
/// first line that does not parse refuses the whole file.
pub fn read_jsonl<T: DeserializeOwned>(path: &Path) -> Result<Vec<(usize, T)>, FormatError> {
    let f = std::fs::File::open(path).map_err(|e| FormatError::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|e| FormatError::io(path, e))?;
        let text = line.trim().trim_start_matches('\u{feff}');
        if text.is_empty() {
            continue;
        }
        let v = serde_json::from_str(text).map_err(|e| FormatError::JsonLine {
            path: path.to_path_buf(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.push((i + 1, v));
    }
    Ok(out)
}

/// Writes records one per line.
pub struct JsonlWriter {
    path: PathBuf,
    out: AtomicFile,
    count: u64,
}

impl JsonlWriter {
    pub fn create(path: impl Into<PathBuf>) -> Result<JsonlWriter, FormatError> {
        let path = path.into();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| FormatError::io(dir, e))?;
        }
        let out = AtomicFile::create(&path).map_err(|e| FormatError::io(&path, e))?;
        Ok(JsonlWriter { path, out, count: 0 })
    }

    pub fn push<T: Serialize>(&mut self, record: &T) -> Result<(), FormatError> {
        let line = serde_json::to_string(record)
            .map_err(|e| FormatError::Write { path: self.path.clone(), message: e.to_string() })?;
        writeln!(self.out, "{line}").map_err(|e| FormatError::io(&self.path, e))?;
        self.count += 1;
        Ok(())
    }

    /// Flushes and puts the file in place; returns the number of records
    /// written. Dropped unfinished, it leaves no file.
    pub fn finish(self) -> Result<u64, FormatError> {
        self.out.commit().map_err(|e| FormatError::io(&self.path, e))?;
        Ok(self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bad_line_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.jsonl");
        let mut w = JsonlWriter::create(&p).unwrap();
        w.push(&serde_json::json!({"kind": "a", "n": 1})).unwrap();
        w.push(&serde_json::json!({"kind": "b", "n": 2})).unwrap();
        assert_eq!(w.finish().unwrap(), 2);
        let v: Vec<(usize, serde_json::Value)> = read_jsonl(&p).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].0, 2);
        std::fs::write(&p, "{\"kind\":\"a\"}\n\n{bad\n").unwrap();
        let e = read_jsonl::<serde_json::Value>(&p).unwrap_err().to_string();
        assert!(e.contains("line 3"), "{e}");
        assert!(is_jsonl(Path::new("a/cycle.JSONL")) && !is_jsonl(Path::new("a.json")));
    }
}
