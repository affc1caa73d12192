//! Import of CSV files and workbooks into the register.
//!
//! Files are recognised by their header row. A structural problem (missing
//! columns, unreadable file, a path that does not exist) stops the import
//! before anything is written. Rows are then merged by No. KK: each
//! household is assembled from its household, person, history and enrolment
//! rows, checked against the household invariants, and written in batches of
//! about a thousand persons; each batch is one atomic, audited, flushed write.
//! A household that fails a check is rejected whole: every row of it goes to
//! the rejects file beside its source, with the reason in the user's
//! language, to be fixed and
//! imported again. Re-importing the same rows updates, never duplicates.
//!
//! Files sorted by No. KK (as export and `dtks sample` write them) are
//! streamed; other files are read into memory and sorted first.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::domain::validate::validate_household_in;
use crate::domain::{Household, wilayah::Region};
use crate::formats::{
    self, CsvReader, FormatError, Kind, Parsed, ReadError, ReadWarning, RejectsWriter, Row, RowError, RowProblem,
    rows::{EnrolmentRow, HistoryRow, HouseholdRow, PersonRow},
};
use crate::i18n::Lang;
use crate::store::AuditDraft;

use super::{Actor, Refusal, Result, Service, ServiceError};

/// Persons per atomic write.
const BATCH_PERSONS: usize = 1000;
/// Warnings listed one by one before they are only counted.
const MAX_WARNINGS: usize = 20;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct ImportReport {
    pub files: Vec<PathBuf>,
    pub regions: u64,
    /// Households written (new or changed) and their persons.
    pub households: u64,
    pub persons: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub rejects_files: Vec<PathBuf>,
    pub warnings: Vec<ImportWarning>,
    /// Verification-cycle records put from `.jsonl` files (`cycle_io`).
    pub cycle_records: u64,
}

/// What the user should know of an import that went on.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportWarning {
    Read(ReadWarning),
    Rejected(RowError),
    /// A new member's NIK is also in other households; kept in both.
    DuplicateNik {
        nik: String,
        kk: String,
        others: Vec<String>,
    },
    /// More warnings than are listed one by one.
    More,
}

impl ImportReport {
    fn warn(&mut self, w: ImportWarning) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(w);
        } else if self.warnings.len() == MAX_WARNINGS {
            self.warnings.push(ImportWarning::More);
        }
    }
}

/// One table being read: a streamed CSV file or rows held in memory.
struct Source {
    path: PathBuf,
    sheet: Option<String>,
    kind: Kind,
    rows: Box<dyn Iterator<Item = std::result::Result<Parsed, RowError>>>,
    head: Option<Parsed>,
    rejects: RejectsWriter,
}

/// A row with the source it came from, kept until its household is written.
struct Held {
    source: usize,
    parsed: Parsed,
}

fn row_kk(row: &Row) -> Option<&str> {
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
    fn advance(&mut self, report: &mut ImportReport) -> Result<()> {
        self.head = None;
        for next in self.rows.by_ref() {
            match next {
                Ok(p) => {
                    self.head = Some(p);
                    break;
                }
                Err(e) => {
                    report.rejected += 1;
                    self.rejects.write(&e)?;
                    report.warn(ImportWarning::Rejected(e));
                }
            }
        }
        Ok(())
    }

    fn head_kk(&self) -> Option<&str> {
        self.head.as_ref().and_then(|p| row_kk(&p.row))
    }

    fn reject(&mut self, parsed: Parsed, problem: &RowProblem, report: &mut ImportReport) -> Result<()> {
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

/// The files a list of paths names: a directory gives its .csv and .xlsx
/// files (not earlier rejects files), sorted by name.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| ServiceError::io(p, e))?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| ServiceError::io(p, e))?
                .flatten()
                .map(|e| e.path())
                .filter(|f| {
                    let name = f.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
                    f.is_file()
                        && (name.ends_with(".csv")
                            || name.ends_with(".xlsx")
                            || name.ends_with(".xls")
                            || name.ends_with(".jsonl"))
                        && !name.ends_with(".rejects.csv")
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Refusal::NoImportFiles { dir: p.clone() }.into());
            }
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

fn is_xlsx(p: &Path) -> bool {
    let ext = p.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    ext == "xlsx" || ext == "xls" || ext == "xlsm" || ext == "ods"
}

/// Reads a CSV to the end into memory, sorted by No. KK (stable).
fn sorted_in_memory(reader: CsvReader) -> std::result::Result<Vec<std::result::Result<Parsed, RowError>>, FormatError> {
    let mut rows = Vec::new();
    for r in reader {
        match r {
            Ok(p) => rows.push(Ok(p)),
            Err(ReadError::Row(e)) => rows.push(Err(e)),
            Err(ReadError::File(e)) => return Err(e),
        }
    }
    sort_rows(&mut rows);
    Ok(rows)
}

fn sort_rows(rows: &mut [std::result::Result<Parsed, RowError>]) {
    rows.sort_by(|a, b| {
        let ka = a.as_ref().ok().and_then(|p| row_kk(&p.row)).unwrap_or("");
        let kb = b.as_ref().ok().and_then(|p| row_kk(&p.row)).unwrap_or("");
        ka.cmp(kb)
    });
}

/// Opens every file, checking its structure; nothing is written yet.
fn open_sources(files: &[PathBuf], lang: Lang, report: &mut ImportReport) -> Result<(Vec<Source>, Vec<Region>)> {
    let mut sources = Vec::new();
    let mut regions = Vec::new();
    for f in files {
        if is_xlsx(f) {
            let (sheets, warnings) = formats::read_xlsx(f)?;
            for w in warnings {
                report.warn(ImportWarning::Read(w));
            }
            if sheets.is_empty() {
                return Err(Refusal::NoRegisterSheet { path: f.clone() }.into());
            }
            for s in sheets {
                let mut rows = s.rows;
                sort_rows(&mut rows);
                let rejects =
                    RejectsWriter::new(RejectsWriter::path_for(f, Some(&s.name)), &s.header.names, b',', lang);
                sources.push(Source {
                    path: f.clone(),
                    sheet: Some(s.name),
                    kind: s.kind,
                    rows: Box::new(rows.into_iter()),
                    head: None,
                    rejects,
                });
            }
        } else {
            let reader = formats::open_csv(f)?;
            for w in reader.warnings() {
                report.warn(ImportWarning::Read(w.clone()));
            }
            let kind = reader.kind();
            let rejects =
                RejectsWriter::new(RejectsWriter::path_for(f, None), &reader.header().names, reader.delimiter(), lang);
            let rows: Box<dyn Iterator<Item = std::result::Result<Parsed, RowError>>> =
                if kind == Kind::Wilayah || formats::sorted_by_kk(f)? {
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
                    Box::new(sorted_in_memory(reader)?.into_iter())
                };
            sources.push(Source { path: f.clone(), sheet: None, kind, rows, head: None, rejects });
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

/// The rows of one No. KK gathered from every source.
#[derive(Default)]
struct Group {
    household: Option<(HouseholdRow, Held)>,
    persons: Vec<(PersonRow, Held)>,
    history: Vec<(HistoryRow, Held)>,
    enrolments: Vec<(EnrolmentRow, Held)>,
}

impl Group {
    fn rows(self) -> Vec<Held> {
        let mut v: Vec<Held> = self.household.into_iter().map(|(_, h)| h).collect();
        v.extend(self.persons.into_iter().map(|(_, h)| h));
        v.extend(self.history.into_iter().map(|(_, h)| h));
        v.extend(self.enrolments.into_iter().map(|(_, h)| h));
        v
    }
}

/// Builds the household a group describes, over the stored one if any:
/// the household row replaces address and conditions; a person row replaces
/// the member with that NIK or adds one; history and enrolment rows replace
/// those of the household or member they name.
fn merge(existing: Option<&Household>, g: &Group) -> std::result::Result<Household, RowProblem> {
    let mut h = match (&g.household, existing) {
        (Some((row, _)), Some(ex)) => Household { address: row.address.clone(), info: row.info.clone(), ..ex.clone() },
        (Some((row, _)), None) => Household {
            no_kk: row.no_kk.clone(),
            address: row.address.clone(),
            info: row.info.clone(),
            members: Vec::new(),
            history: Vec::new(),
        },
        (None, Some(ex)) => ex.clone(),
        (None, None) => return Err(RowProblem::UnknownKk),
    };
    for (p, _) in &g.persons {
        let mut person = p.person.clone();
        match h.members.iter_mut().find(|m| m.nik == person.nik) {
            Some(m) => {
                // History and enrolments come from their own tables; keep the stored ones.
                person.history = std::mem::take(&mut m.history);
                person.enrolments = std::mem::take(&mut m.enrolments);
                *m = person;
            }
            None => h.members.push(person),
        }
    }
    if !g.history.is_empty() {
        let mut named: HashMap<Option<&str>, bool> = HashMap::new();
        for (r, _) in &g.history {
            let key = r.nik.as_deref();
            let first = named.insert(key, true).is_none();
            let list = match key {
                None => &mut h.history,
                Some(nik) => match h.members.iter_mut().find(|m| m.nik == nik) {
                    Some(m) => &mut m.history,
                    None => return Err(RowProblem::HistoryNotMember { nik: nik.to_string() }),
                },
            };
            if first {
                list.clear();
            }
            list.push(r.entry.clone());
        }
    }
    if !g.enrolments.is_empty() {
        let mut named: HashMap<&str, bool> = HashMap::new();
        for (r, _) in &g.enrolments {
            let first = named.insert(r.nik.as_str(), true).is_none();
            let m = h
                .members
                .iter_mut()
                .find(|m| m.nik == r.nik)
                .ok_or_else(|| RowProblem::EnrolmentNotMember { nik: r.nik.clone() })?;
            if first {
                m.enrolments.clear();
            }
            m.enrolments.push(r.enrolment.clone());
        }
    }
    Ok(h)
}

/// How far an import has got: households and persons committed so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProgress {
    pub households: u64,
    pub persons: u64,
}

impl Service {
    /// Imports the files and directories in `paths` on behalf of `actor`.
    /// `progress` hears of every committed batch (the totals so far): the
    /// front end draws it; the service never writes to a terminal.
    pub fn import(
        &mut self,
        paths: &[PathBuf],
        actor: &Actor,
        lang: Lang,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let (cycle_files, files): (Vec<PathBuf>, Vec<PathBuf>) =
            expand(paths)?.into_iter().partition(|f| formats::jsonl::is_jsonl(f));
        // Read before anything is written, so a bad line refuses the import.
        let mut cycle = Vec::new();
        for f in &cycle_files {
            cycle.extend(super::cycle_io::read_cycle_file(f)?);
        }
        let (mut sources, regions) = open_sources(&files, lang, &mut report)?;
        let today = self.today();
        let audit = AuditDraft { at: self.now(), user: actor.user.clone(), action: "import".to_string() };
        if !regions.is_empty() {
            report.regions = regions.len() as u64;
            for r in &regions {
                self.wilayah.insert(r.clone());
            }
            self.store().put_regions(&regions)?;
        }
        for s in &mut sources {
            s.advance(&mut report)?;
        }
        let mut batch: Vec<Household> = Vec::new();
        let mut batch_persons = 0;
        let mut batch_new = 0;
        while let Some(kk) = sources.iter().filter_map(|s| s.head_kk()).min().map(str::to_string) {
            let mut g = Group::default();
            for (i, s) in sources.iter_mut().enumerate() {
                while s.head_kk() == Some(kk.as_str()) {
                    let Some(parsed) = s.head.take() else { break };
                    s.advance(&mut report)?;
                    let held_row = parsed.row.clone();
                    let held = Held { source: i, parsed };
                    match held_row {
                        Row::Household(r) => {
                            if g.household.is_some() {
                                s.reject(held.parsed, &RowProblem::SecondHouseholdRow, &mut report)?;
                            } else {
                                g.household = Some((r, held));
                            }
                        }
                        Row::Person(r) => g.persons.push((r, held)),
                        Row::History(r) => g.history.push((r, held)),
                        Row::Enrolment(r) => g.enrolments.push((r, held)),
                        Row::Region(_) => {}
                    }
                }
            }
            let existing = self.store().household(&kk)?;
            let built = merge(existing.as_ref(), &g).and_then(|h| {
                let errors = validate_household_in(&h, &self.wilayah, today);
                if errors.is_empty() { Ok(h) } else { Err(RowProblem::Invalid(errors)) }
            });
            let h = match built {
                Ok(h) => h,
                Err(reason) => {
                    for held in g.rows() {
                        let Held { source, parsed } = held;
                        sources[source].reject(parsed, &reason, &mut report)?;
                    }
                    continue;
                }
            };
            if existing.as_ref() == Some(&h) {
                report.unchanged += 1;
                continue;
            }
            if existing.is_none() {
                batch_new += 1;
            }
            for p in &h.members {
                if existing.as_ref().is_none_or(|ex| ex.member(&p.nik).is_none()) {
                    let mut elsewhere: Vec<String> =
                        self.store().kks_by_nik(&p.nik)?.into_iter().filter(|k| *k != h.no_kk).collect();
                    // Households of this batch are not in the store yet.
                    elsewhere.extend(
                        batch
                            .iter()
                            .filter(|b| b.no_kk != h.no_kk && b.member(&p.nik).is_some())
                            .map(|b| b.no_kk.clone()),
                    );
                    if !elsewhere.is_empty() {
                        report.warn(ImportWarning::DuplicateNik {
                            nik: p.nik.clone(),
                            kk: h.no_kk.clone(),
                            others: elsewhere,
                        });
                    }
                }
            }
            batch_persons += h.members.len();
            batch.push(h);
            if batch_persons >= BATCH_PERSONS {
                self.commit(&mut batch, &mut batch_persons, &mut batch_new, &audit, &mut report, progress)?;
            }
        }
        self.commit(&mut batch, &mut batch_persons, &mut batch_new, &audit, &mut report, progress)?;
        for s in sources {
            if let Some(p) = s.rejects.finish()? {
                report.rejects_files.push(p);
            }
        }
        if !cycle.is_empty() {
            report.cycle_records = self.import_cycle_records(&cycle, actor)?.total();
            report.files.extend(cycle_files);
        }
        if report.households > 10_000 {
            // sled 0.34 writes its snapshot when it opens: do it now so the
            // user's next open is fast.
            self.reopen()?;
        }
        Ok(report)
    }

    fn commit(
        &self,
        batch: &mut Vec<Household>,
        persons: &mut usize,
        created: &mut u64,
        audit: &AuditDraft,
        report: &mut ImportReport,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        self.store().write(batch, &[], audit)?;
        report.households += batch.len() as u64;
        report.persons += *persons as u64;
        report.created += *created;
        report.updated += batch.len() as u64 - *created;
        progress(ImportProgress { households: report.households, persons: report.persons });
        batch.clear();
        *persons = 0;
        *created = 0;
        Ok(())
    }
}
