//! Streaming CSV reader that copes with what Excel writes in Indonesian
//! offices: a UTF-8 BOM, CRLF, `;` or tab as delimiter, Windows-1252 text,
//! a `sep=;` first line, and blank rows of bare delimiters.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::date_order::DateSurvey;
use super::rows::parse_row;
use super::safe_cell::unescape;
use super::value::{Cell, decode_cp1252};
use super::{FormatError, Header, Kind, Parsed, ReadError, ReadWarning, RowError};

/// Reads one table from a CSV file, one row at a time; memory stays flat
/// whatever the file's size.
pub struct CsvReader {
    path: PathBuf,
    header: Header,
    delimiter: u8,
    reader: csv::Reader<LineCounter<BufReader<File>>>,
    lines: Arc<Mutex<Lines>>,
    record: csv::ByteRecord,
    warnings: Vec<ReadWarning>,
    latin1_warned: bool,
    records: u64,
    failed: bool,
}

/// Opens a CSV file and recognises its table from the header row.
/// A file with a header and no rows opens fine and yields nothing.
pub fn open_csv(path: impl AsRef<Path>) -> Result<CsvReader, FormatError> {
    let path = path.as_ref().to_path_buf();
    let file = File::open(&path).map_err(|e| FormatError::io(&path, e))?;
    let mut buf = BufReader::with_capacity(64 * 1024, file);
    let head = buf.fill_buf().map_err(|e| FormatError::io(&path, e))?;
    if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        return Err(FormatError::Utf16 { path });
    }
    if head.starts_with(&[0xef, 0xbb, 0xbf]) {
        buf.consume(3);
    }
    let head = buf.fill_buf().map_err(|e| FormatError::io(&path, e))?;
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let first_line = first_line.strip_suffix(b"\r").unwrap_or(first_line);
    let mut delimiter = None;
    let mut first_line_no = 1;
    // Excel honours a "sep=;" line and so do we.
    if first_line.len() == 5 && first_line[..4].eq_ignore_ascii_case(b"sep=") {
        delimiter = Some(first_line[4]);
        let n = (head.iter().position(|&b| b == b'\n').map_or(head.len(), |p| p + 1)).min(head.len());
        buf.consume(n);
        first_line_no = 2;
    }
    let delimiter = match delimiter {
        Some(d) => d,
        None => {
            let head = buf.fill_buf().map_err(|e| FormatError::io(&path, e))?;
            let line = head.split(|&b| b == b'\n').find(|l| l.iter().any(|b| !b.is_ascii_whitespace()));
            detect_delimiter(line.unwrap_or_default())
        }
    };
    let quotes =
        Quotes { delimiter, state: QuoteState::FieldStart, line: first_line_no, opened: (0, 0), unclosed: None };
    let lines = Arc::new(Mutex::new(Lines { read: 0, newlines: VecDeque::new(), line: first_line_no, quotes }));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(LineCounter { inner: buf, lines: lines.clone() });
    let mut record = csv::ByteRecord::new();
    let mut warnings = Vec::new();
    let mut latin1_warned = false;
    let header_fields = loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => {
                return Err(FormatError::Empty { path, expected: "nik,no_kk,nama,...".into() });
            }
            Ok(true) => {
                let line = line_of(&lines, reader.position().byte(), &record);
                let fields = decode(&record, line, &path, &mut warnings, &mut latin1_warned);
                if fields.iter().any(|f| !f.trim().is_empty()) {
                    break fields;
                }
            }
            Err(e) => return Err(csv_error(&path, e)),
        }
    };
    let header = Header::recognise(&path, &header_fields)?;
    warnings.extend(header.warnings.iter().cloned());
    Ok(CsvReader { path, header, delimiter, reader, lines, record, warnings, latin1_warned, records: 0, failed: false })
}

fn csv_error(path: &Path, e: csv::Error) -> FormatError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => FormatError::io(path, io),
        other => FormatError::io(path, std::io::Error::other(format!("{other:?}"))),
    }
}

/// The delimiter used most often outside quotes in the header line; a comma
/// when none appears (a one-column file).
fn detect_delimiter(line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => counts[0] += 1,
            b',' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], i == 1)).unwrap_or(1);
    if counts[best] == 0 { b',' } else { [b';', b',', b'\t'][best] }
}

/// Line numbers counted here: csv's own count goes astray on CRLF files.
struct Lines {
    /// Bytes handed to the csv reader so far.
    read: u64,
    /// Offsets of newlines read ahead but not yet passed by a record.
    newlines: VecDeque<u64>,
    /// Line number at the last record start.
    line: u64,
    /// The quoting as the csv reader sees it, followed byte by byte over
    /// what was handed to it, to tell where an unclosed quote opened.
    quotes: Quotes,
}

/// Where the bytes read so far leave the quoting (as csv reads it: a quote
/// is special only at the start of a field; `""` inside quotes is a quote).
#[derive(Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside quotes: the closing one, or the first of `""`.
    QuoteInQuoted,
}

struct Quotes {
    delimiter: u8,
    state: QuoteState,
    /// Physical line of the next byte.
    line: u64,
    /// Line and offset of the quote that opened the current quoted field.
    opened: (u64, u64),
    /// Set at the end of the file when a quote is still open.
    unclosed: Option<(u64, u64)>,
}

impl Quotes {
    fn feed(&mut self, base: u64, bytes: &[u8]) {
        use QuoteState::*;
        for (i, &b) in bytes.iter().enumerate() {
            let end_of_field = b == self.delimiter || b == b'\n' || b == b'\r';
            self.state = match (self.state, b) {
                (FieldStart, b'"') => {
                    self.opened = (self.line, base + i as u64);
                    Quoted
                }
                (Quoted, b'"') => QuoteInQuoted,
                (Quoted, _) => Quoted,
                (QuoteInQuoted, b'"') => Quoted,
                (FieldStart | Unquoted | QuoteInQuoted, _) if end_of_field => FieldStart,
                _ => Unquoted,
            };
            if b == b'\n' {
                self.line += 1;
            }
        }
    }
}

struct LineCounter<R> {
    inner: R,
    lines: Arc<Mutex<Lines>>,
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut l) = self.lines.lock() {
            let base = l.read;
            for (i, _) in buf[..n].iter().enumerate().filter(|(_, b)| **b == b'\n') {
                l.newlines.push_back(base + i as u64);
            }
            l.read += n as u64;
            l.quotes.feed(base, &buf[..n]);
            if n == 0 && !buf.is_empty() && l.quotes.state == QuoteState::Quoted {
                l.quotes.unclosed = Some(l.quotes.opened);
            }
        }
        Ok(n)
    }
}

/// The line on which the record just read starts: the line it ends on
/// (`end` is the reader's position after it, past the record's `\n`, or
/// past the `\r` of a CRLF) less the newlines inside its quoted fields.
fn line_of(lines: &Mutex<Lines>, end: u64, record: &csv::ByteRecord) -> u64 {
    let inside = record.iter().map(|f| f.iter().filter(|b| **b == b'\n').count() as u64).sum::<u64>();
    let Ok(mut l) = lines.lock() else { return 0 };
    while l.newlines.front().is_some_and(|&b| b + 1 < end) {
        l.newlines.pop_front();
        l.line += 1;
    }
    l.line.saturating_sub(inside)
}

/// Columns whose values may span lines (an address, a note); a quoted
/// field of any other column that runs over a line end means a quote is
/// missing or stray.
const MULTILINE: [&str; 2] = ["alamat", "catatan"];

/// Refuses a record that only a broken quote can have produced: one that
/// runs to the end of the file inside a quote, or a field that spans lines
/// in a column that never does. `line` is the record's first line; `end`
/// the reader's position after it.
fn check_structure(
    path: &Path,
    header: &Header,
    lines: &Mutex<Lines>,
    record: &csv::ByteRecord,
    line: u64,
    end: u64,
) -> Result<(), FormatError> {
    if let Ok(l) = lines.lock()
        && let Some((open_line, open_at)) = l.quotes.unclosed
        && open_at < end
    {
        return Err(FormatError::UnclosedQuote { path: path.to_path_buf(), line: open_line });
    }
    let mut at = line;
    for (i, field) in record.iter().enumerate() {
        let breaks = field.iter().filter(|b| **b == b'\n').count() as u64;
        if breaks > 0 || field.contains(&b'\r') {
            let column =
                header.kind.columns().iter().zip(&header.positions).find(|(_, p)| **p == Some(i)).map(|(c, _)| c.name);
            if let Some(column) = column.filter(|c| !MULTILINE.contains(c)) {
                return Err(FormatError::QuoteRunsOver { path: path.to_path_buf(), line: at, column });
            }
        }
        at += breaks;
    }
    Ok(())
}

fn decode(
    record: &csv::ByteRecord,
    line: u64,
    path: &Path,
    warnings: &mut Vec<ReadWarning>,
    warned: &mut bool,
) -> Vec<String> {
    record
        .iter()
        .map(|bytes| match std::str::from_utf8(bytes) {
            Ok(s) => unescape(s).to_string(),
            Err(_) => {
                if !*warned {
                    *warned = true;
                    warnings.push(ReadWarning::NotUtf8 { path: path.to_path_buf(), line });
                }
                let s = decode_cp1252(bytes);
                unescape(&s).to_string()
            }
        })
        .collect()
}

impl CsvReader {
    pub fn kind(&self) -> Kind {
        self.header.kind
    }
    pub fn header(&self) -> &Header {
        &self.header
    }
    pub fn path(&self) -> &Path {
        &self.path
    }
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }
    /// Warnings so far: ignored columns, non-UTF-8 text.
    pub fn warnings(&self) -> &[ReadWarning] {
        &self.warnings
    }
    /// Data records read so far (blank rows not counted).
    pub fn records(&self) -> u64 {
        self.records
    }
    /// Reads the dates in the order the survey of the file found.
    pub fn read_dates_as(&mut self, survey: &Survey) {
        self.header.month_first = survey.month_first.clone();
    }
}

/// Records with their lines, and the delimiter.
pub(crate) type Records = (Vec<(u64, Vec<String>)>, u8);

/// Every record of a CSV file as text, with its line, for files that are
/// not one of the register's tables (office layouts, read whole): the same
/// BOM, `sep=` line, delimiter and Windows-1252 handling as [`open_csv`].
/// Returns the records and the delimiter.
pub(crate) fn read_records(path: &Path) -> Result<Records, FormatError> {
    let bytes = std::fs::read(path).map_err(|e| FormatError::io(path, e))?;
    records_of(path, &bytes, usize::MAX)
}

/// The first non-blank record of a CSV file, read from its first 64 KiB
/// only, so that telling a large register table from an office file costs
/// nothing.
pub(crate) fn first_record(path: &Path) -> Result<Option<Vec<String>>, FormatError> {
    let mut head = Vec::new();
    File::open(path).and_then(|f| f.take(64 * 1024).read_to_end(&mut head)).map_err(|e| FormatError::io(path, e))?;
    Ok(records_of(path, &head, 1)?.0.into_iter().next().map(|(_, r)| r))
}

fn records_of(path: &Path, bytes: &[u8], limit: usize) -> Result<Records, FormatError> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(FormatError::Utf16 { path: path.to_path_buf() });
    }
    let mut body: &[u8] = bytes.strip_prefix(&[0xef, 0xbb, 0xbf][..]).unwrap_or(bytes);
    let mut line = 1u64;
    let first = body.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    let delimiter = if first.len() == 5 && first[..4].eq_ignore_ascii_case(b"sep=") {
        let d = first[4];
        body = body.get(body.iter().position(|&b| b == b'\n').map_or(body.len(), |p| p + 1)..).unwrap_or_default();
        line = 2;
        d
    } else {
        detect_delimiter(
            body.split(|&b| b == b'\n').find(|l| l.iter().any(|b| !b.is_ascii_whitespace())).unwrap_or_default(),
        )
    };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(body);
    let mut record = csv::ByteRecord::new();
    let (mut counted, mut out, mut warnings, mut warned) = (0usize, Vec::new(), Vec::new(), false);
    while out.len() < limit {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let start = record.position().map_or(counted, |p| p.byte() as usize).clamp(counted, body.len());
                line += body[counted..start].iter().filter(|&&b| b == b'\n').count() as u64;
                counted = start;
                let fields = decode(&record, line, path, &mut warnings, &mut warned);
                if fields.iter().any(|f| !f.trim().is_empty()) {
                    out.push((line, fields));
                }
            }
            Err(e) => return Err(csv_error(path, e)),
        }
    }
    Ok((out, delimiter))
}

/// What a first pass over a CSV file tells before it is imported.
#[derive(Debug)]
pub struct Survey {
    /// The rows come in No. KK order (as export and `dtks sample` write
    /// them), so an import can stream the file; wilayah files count as sorted.
    pub sorted: bool,
    /// Date columns to read month first.
    month_first: Vec<&'static str>,
}

/// Reads the file once through: whether it is sorted by No. KK (from the
/// No. KK column), which order its numeric dates are in, and its broken
/// quotes, before anything is imported. A date column that cannot be told
/// day first from month first refuses the file.
pub fn survey_csv(path: impl AsRef<Path>) -> Result<Survey, FormatError> {
    let mut r = open_csv(path)?;
    // Wilayah files have no No. KK and count as sorted.
    let col = r.header.position("no_kk");
    let mut dates = DateSurvey::new(&r.header);
    let mut last: Vec<u8> = Vec::new();
    let mut sorted = true;
    // Read to the end even when unsorted: the dates and the broken quotes
    // are the whole file's.
    loop {
        match r.reader.read_byte_record(&mut r.record) {
            Ok(false) => return Ok(Survey { sorted, month_first: dates.month_first(&r.path)? }),
            Ok(true) => {}
            Err(e) => return Err(csv_error(&r.path, e)),
        }
        let end = r.reader.position().byte();
        let line = line_of(&r.lines, end, &r.record);
        check_structure(&r.path, &r.header, &r.lines, &r.record, line, end)?;
        dates.see(|i| r.record.get(i));
        let Some(col) = col.filter(|_| sorted) else { continue };
        let kk = r.record.get(col).unwrap_or_default().trim_ascii();
        if kk.is_empty() {
            continue;
        }
        if kk < last.as_slice() {
            sorted = false;
            continue;
        }
        last.clear();
        last.extend_from_slice(kk);
    }
}

impl Iterator for CsvReader {
    type Item = Result<Parsed, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => return None,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(ReadError::File(csv_error(&self.path, e))));
                }
                Ok(true) => {}
            }
            let end = self.reader.position().byte();
            let line = line_of(&self.lines, end, &self.record);
            if let Err(e) = check_structure(&self.path, &self.header, &self.lines, &self.record, line, end) {
                self.failed = true;
                return Some(Err(ReadError::File(e)));
            }
            let fields = decode(&self.record, line, &self.path, &mut self.warnings, &mut self.latin1_warned);
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            self.records += 1;
            let cells: Vec<Cell> = fields.iter().map(|f| Cell::Text(f.clone())).collect();
            return Some(match parse_row(&self.header, &cells) {
                Ok((row, rounded)) => Ok(Parsed { row, line, raw: fields, rounded }),
                Err(problem) => {
                    Err(ReadError::Row(RowError { file: self.path.clone(), sheet: None, line, problem, raw: fields }))
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_detection() {
        assert_eq!(detect_delimiter(b"nik;no_kk;nama"), b';');
        assert_eq!(detect_delimiter(b"nik,no_kk,nama"), b',');
        assert_eq!(detect_delimiter(b"nik\tno_kk\tnama"), b'\t');
        assert_eq!(detect_delimiter(b"\"a,b\";c;d"), b';');
        assert_eq!(detect_delimiter(b"code"), b',');
        assert_eq!(detect_delimiter(b"a;b,c"), b',');
    }
}
