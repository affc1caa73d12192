//! The tables an import reads: each file or sheet opened and checked before
//! anything is written, its rows walked in No. KK order, bad rows sent to its
//! rejects file.

use std::collections::BTreeMap;

use crate::formats::problem::RowAt;

use super::*;

/// One table being read: a streamed CSV file or rows held in memory.
pub(super) struct Source {
    pub(super) path: PathBuf,
    pub(super) sheet: Option<String>,
    pub(super) kind: Kind,
    pub(super) rows: Box<dyn Iterator<Item = std::result::Result<Parsed, RowError>>>,
    pub(super) head: Option<Parsed>,
    pub(super) rejects: RejectsWriter,
    /// Position of the No. KK column, to tell whose an unreadable row is.
    pub(super) kk_col: Option<usize>,
    /// No. KK → first line of a row of it that could not be read; pruned
    /// as the import passes each No. KK (`forget_up_to`).
    pub(super) unreadable: BTreeMap<String, u64>,
}

/// A row with the source it came from, kept until its household is written.
pub(super) struct Held {
    pub(super) source: usize,
    pub(super) parsed: Parsed,
}

/// The No. KK of a row that could not be read, when its No. KK column can.
pub(super) fn raw_kk(kk_col: Option<usize>, raw: &[String]) -> Option<String> {
    let v = raw.get(kk_col?)?;
    crate::formats::value::number16(&crate::formats::Cell::Text(v.clone())).ok()
}

pub(super) fn row_kk(row: &Row) -> Option<&str> {
    match row {
        Row::Region(_) => None,
        Row::Household(r) => Some(&r.no_kk),
        Row::Person(r) => Some(&r.no_kk),
        Row::History(r) => Some(&r.no_kk),
        Row::Enrolment(r) => Some(&r.no_kk),
    }
}

impl Source {
    /// Moves to the next good row, sending bad ones to the rejects file.
    pub(super) fn advance(&mut self, report: &mut ImportReport) -> Result<()> {
        self.head = None;
        for next in self.rows.by_ref() {
            match next {
                Ok(p) => {
                    self.head = Some(p);
                    break;
                }
                Err(e) => {
                    if let Some(kk) = raw_kk(self.kk_col, &e.raw) {
                        self.unreadable.entry(kk).or_insert(e.line);
                    }
                    report.rejected += 1;
                    self.rejects.write(&e)?;
                    report.warn(ImportWarning::Rejected(e));
                }
            }
        }
        Ok(())
    }

    /// Where a row of `kk` could not be read in this table, if one could not.
    pub(super) fn unreadable_row(&self, kk: &str) -> Option<RowProblem> {
        self.unreadable.get(kk).map(|&line| {
            RowProblem::WithUnreadableRow(Box::new(RowAt { file: self.path.clone(), sheet: self.sheet.clone(), line }))
        })
    }

    /// Forgets the unreadable rows of `kk` and of every No. KK before it:
    /// households come in No. KK order, so they are never asked for again.
    pub(super) fn forget_up_to(&mut self, kk: &str) {
        let mut later = self.unreadable.split_off(kk);
        later.remove(kk);
        self.unreadable = later;
    }

    pub(super) fn head_kk(&self) -> Option<&str> {
        self.head.as_ref().and_then(|p| row_kk(&p.row))
    }

    pub(super) fn reject(&mut self, parsed: Parsed, problem: &RowProblem, report: &mut ImportReport) -> Result<()> {
        // A row an office file's rows were turned into has no cells of its
        // own: they are in its person rows, rejected with it.
        if parsed.raw.is_empty() {
            return Ok(());
        }
        report.rejected += 1;
        let e = RowError {
            file: self.path.clone(),
            sheet: self.sheet.clone(),
            line: parsed.line,
            problem: problem.clone(),
            raw: parsed.raw,
        };
        self.rejects.write(&e)?;
        report.warn(ImportWarning::Rejected(e));
        Ok(())
    }
}

/// Ends with an extension import reads (rejects files written by an
/// earlier import are not).
fn importable_name(f: &Path) -> bool {
    let name = f.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    (name.ends_with(".csv") || name.ends_with(".xlsx") || name.ends_with(".xls") || name.ends_with(".jsonl"))
        && !name.ends_with(".rejects.csv")
}

/// A table in a sub-folder is taken only when it is one of the register's:
/// sub-folders also hold other files (monev's matching results, say) whose
/// headers share a column or two with them.
fn is_register_table(f: &Path) -> bool {
    if formats::jsonl::is_jsonl(f) {
        return true;
    }
    if is_xlsx(f) {
        return formats::has_register_sheet(f);
    }
    !matches!(formats::open_csv(f), Err(FormatError::Unrecognised { .. } | FormatError::MissingColumns { .. }))
}

/// The importable files of `dir` and, depth first in name order, of its
/// sub-folders (hidden ones and symbolic links to folders left alone).
/// Files at the top are taken as they are, so a bad header there refuses
/// the import; in sub-folders what is not a register table is passed over
/// into `skipped`.
fn walk(dir: &Path, top: bool, files: &mut Vec<PathBuf>, skipped: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<(PathBuf, bool)> = std::fs::read_dir(dir)
        .map_err(|e| ServiceError::io(dir, e))?
        .flatten()
        .filter_map(|e| Some((e.path(), e.file_type().ok()?.is_dir())))
        .collect();
    entries.sort();
    let mut sub = Vec::new();
    for (path, is_dir) in entries {
        if is_dir {
            if !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
                sub.push(path);
            }
        } else if path.is_file() && importable_name(&path) {
            if top || is_register_table(&path) {
                files.push(path);
            } else {
                skipped.push(path);
            }
        }
    }
    for d in sub {
        walk(&d, false, files, skipped)?;
    }
    Ok(())
}

/// The files a list of paths names: a directory gives its .csv, .xlsx and
/// .jsonl files and the register tables of its sub-folders, sorted by
/// path; the second list holds the sub-folders' files passed over. A
/// directory with no file to take is refused.
pub(super) fn expand(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| ServiceError::io(p, e))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(p, true, &mut found, &mut skipped)?;
            if found.is_empty() {
                return Err(Refusal::NoImportFiles { dir: p.clone() }.into());
            }
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    Ok((files, skipped))
}

pub(super) fn is_xlsx(p: &Path) -> bool {
    let ext = p.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    ext == "xlsx" || ext == "xls" || ext == "xlsm" || ext == "ods"
}

/// Opens every file, checking its structure; nothing is written yet. A
/// table out of No. KK order is sorted with its runs in `spill_in`.
pub(super) fn open_sources(
    files: &[PathBuf],
    spill_in: &Path,
    lang: Lang,
    report: &mut ImportReport,
) -> Result<(Vec<Source>, Vec<Region>)> {
    let mut sources = Vec::new();
    let mut regions = Vec::new();
    for f in files {
        if is_xlsx(f) {
            let (sheets, warnings) = formats::sheet_heads(f)?;
            for w in warnings {
                report.warn(ImportWarning::Read(w));
            }
            if sheets.is_empty() {
                return Err(Refusal::NoRegisterSheet { path: f.clone() }.into());
            }
            for s in sheets {
                let rows = super::spill::sorted_sheet(f, &s, spill_in)?;
                let rejects =
                    RejectsWriter::new(RejectsWriter::path_for(f, Some(&s.name)), &s.header.names, b',', lang);
                let kk_col = s.header.position("no_kk");
                sources.push(Source {
                    path: f.clone(),
                    sheet: Some(s.name),
                    kind: s.header.kind,
                    rows,
                    head: None,
                    rejects,
                    kk_col,
                    unreadable: BTreeMap::new(),
                });
            }
        } else {
            let mut reader = formats::open_csv(f)?;
            for w in reader.warnings() {
                report.warn(ImportWarning::Read(w.clone()));
            }
            let kind = reader.kind();
            let kk_col = reader.header().position("no_kk");
            let rejects =
                RejectsWriter::new(RejectsWriter::path_for(f, None), &reader.header().names, reader.delimiter(), lang);
            let survey = if kind == Kind::Wilayah { None } else { Some(formats::survey_csv(f)?) };
            if let Some(s) = &survey {
                reader.read_dates_as(s);
            }
            let rows: Box<dyn Iterator<Item = std::result::Result<Parsed, RowError>>> =
                if survey.as_ref().is_none_or(|s| s.sorted) {
                    Box::new(reader.map(|r| match r {
                        Ok(p) => Ok(p),
                        Err(ReadError::Row(e)) => Err(e),
                        // A read failure mid-file becomes a rejected "row" naming it;
                        // what was read before it is kept.
                        Err(ReadError::File(e)) => Err(RowError {
                            file: PathBuf::new(),
                            sheet: None,
                            line: 0,
                            problem: RowProblem::from(e),
                            raw: Vec::new(),
                        }),
                    }))
                } else {
                    super::spill::sorted(reader, spill_in)?
                };
            sources.push(Source {
                path: f.clone(),
                sheet: None,
                kind,
                rows,
                head: None,
                rejects,
                kk_col,
                unreadable: BTreeMap::new(),
            });
        }
        report.files.push(f.clone());
    }
    // Regions are small: take them out now so they are known before households.
    let mut rest = Vec::new();
    for mut s in sources {
        if s.kind == Kind::Wilayah {
            for r in s.rows.by_ref() {
                match r {
                    Ok(Parsed { row: Row::Region(reg), .. }) => regions.push(reg),
                    Ok(_) => {}
                    Err(e) => {
                        report.rejected += 1;
                        s.rejects.write(&e)?;
                        report.warn(ImportWarning::Rejected(e));
                    }
                }
            }
            if let Some(p) = s.rejects.finish()? {
                report.rejects_files.push(p);
            }
        } else {
            rest.push(s);
        }
    }
    Ok((rest, regions))
}
