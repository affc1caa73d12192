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
//! streamed; other files are sorted first in runs spilled to disk
//! (`spill`), so memory stays bounded whatever the file's size.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::domain::limits;
use crate::domain::validate::validate_household_in;
use crate::domain::{Household, wilayah::Region};
use crate::formats::{
    self, FormatError, Kind, Parsed, ReadError, ReadWarning, RejectsWriter, Row, RowError, RowProblem,
    rows::{EnrolmentRow, HistoryRow, HouseholdRow, PersonRow},
};
use crate::i18n::Lang;
use crate::store::AuditDraft;

use super::{Actor, Refusal, Result, Service, ServiceError};

mod merge;
pub mod office;
pub mod office_usulan;
mod rounded;
mod sources;
mod spill;

use merge::*;
pub use rounded::{Evidence, Restoration};
use sources::*;

/// Persons per atomic write.
const BATCH_PERSONS: usize = 1000;
/// Households, or writes, past which an import closes and reopens the
/// store (`settle_after_import`).
const SETTLE_HOUSEHOLDS: u64 = 10_000;
const SETTLE_WRITES: u64 = 1_000;
/// Warnings listed one by one before they are only counted.
const MAX_WARNINGS: usize = 20;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct ImportReport {
    /// Every file read, in the order read.
    pub files: Vec<PathBuf>,
    /// Files in sub-folders of a named directory that are not register
    /// tables, passed over.
    pub skipped: Vec<PathBuf>,
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
    /// Every NIK and No. KK restored from the register, in file order.
    pub restored: Vec<Restoration>,
    /// Rows rejected because a spreadsheet rounded their NIK or No. KK and
    /// the register could restore it (the import ran without restoring).
    pub restorable: u64,
    /// Office files read (FORMATS.md): the layout, schemes and ignored
    /// columns of each, and the proposals they became.
    pub office: Vec<office::OfficeReport>,
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
    /// A person row repeated word for word (the same member twice in a
    /// file): read once, and said, since it usually means rows were pasted
    /// twice.
    IdenticalRow {
        file: PathBuf,
        line: u64,
        /// The row it repeats: its file and line.
        first_file: PathBuf,
        first: u64,
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

/// How an import treats what a spreadsheet did to a file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Restore NIKs and No. KKs a spreadsheet rounded, from the register,
    /// where a row proves whose they are (`--restore-rounded`).
    pub restore_rounded: bool,
    /// The kelurahan of an office file that carries no region code (an
    /// OpenSID village's), `--kelurahan`.
    pub kelurahan: Option<String>,
}

/// How far an import has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportProgress {
    /// Households and persons committed so far (an import into a register
    /// that has households: batch by batch).
    Committed { households: u64, persons: u64 },
    /// Households and persons read and checked so far, to be written at the
    /// end (an import into a register without households, written whole in
    /// key order: see `store::bulk`).
    Read { households: u64, persons: u64 },
    /// The entries (records and index entries) written of the total.
    Writing { written: u64, total: u64 },
}

impl Service {
    /// Imports the files and directories in `paths` on behalf of `actor`.
    /// `progress` hears of every committed batch (the totals so far): the
    /// front end draws it; the service never writes to a terminal.
    pub fn import(
        &self,
        paths: &[PathBuf],
        actor: &Actor,
        lang: Lang,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        self.import_with(paths, actor, lang, ImportOptions::default(), progress)
    }

    /// [`Service::import`] with its options.
    pub fn import_with(
        &self,
        paths: &[PathBuf],
        actor: &Actor,
        lang: Lang,
        options: ImportOptions,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        self.require(actor, crate::domain::access::Right::Import)?;
        let (all, skipped) = expand(paths)?;
        let mut report = ImportReport { skipped, ..ImportReport::default() };
        let (cycle_files, files): (Vec<PathBuf>, Vec<PathBuf>) =
            once_each(all).into_iter().partition(|f| formats::jsonl::is_jsonl(f));
        // Tahap steps are replayed over the imported register, last.
        let (tahap_files, cycle_files): (Vec<PathBuf>, Vec<PathBuf>) =
            cycle_files.into_iter().partition(|f| super::tahap::script::is_tahap_file(f));
        // Deactivation decisions after that: they are planned on its lists.
        let (nonaktif_files, cycle_files): (Vec<PathBuf>, Vec<PathBuf>) =
            cycle_files.into_iter().partition(|f| super::deactivation::script::is_nonaktif_file(f));
        // Read before anything is written, so a bad line refuses the import.
        let mut cycle = Vec::new();
        for f in &cycle_files {
            cycle.extend(super::cycle_io::read_cycle_file(f)?);
        }
        // Sort runs go inside the database directory: they hold register data.
        let spill_in = if self.path().is_dir() { self.path().to_path_buf() } else { std::env::temp_dir() };
        spill::remove_stale(&spill_in);
        let (office_in, files) = office::split_office(files, options.kelurahan.as_deref(), &self.wilayah())?;
        let (mut sources, regions) = open_sources(&files, &spill_in, lang, &mut report)?;
        let mut bdt_ids = std::collections::BTreeMap::new();
        sources.extend(self.office_sources(
            &office_in.register,
            options.kelurahan.as_deref(),
            lang,
            &mut bdt_ids,
            &mut report,
        )?);
        sources.extend(self.program_sources(&office_in.programs, lang, &mut report)?);
        let today = self.today();
        let audit = self.audit(actor, "import");
        if !regions.is_empty() {
            report.regions = regions.len() as u64;
            let mut w = (*self.wilayah()).clone();
            for r in &regions {
                w.insert(r.clone());
            }
            self.store().put_regions(&regions)?;
            self.set_wilayah(w);
        }
        for s in &mut sources {
            s.advance(&mut report)?;
        }
        let bulk = Bulk { store: self.store(), on: self.store().begin_bulk()? };
        let mut run = Run {
            wilayah: self.wilayah(),
            today,
            audit,
            files_of: sources.iter().map(|s| s.path.clone()).collect(),
            batch: Vec::new(),
            batch_persons: 0,
            batch_new: 0,
            office_ids: bdt_ids,
            id_puts: crate::store::RecordPuts::new(),
            progress,
            bulk: bulk.on,
        };
        while let Some(kk) = sources.iter().filter_map(|s| s.head_kk()).min().map(str::to_string) {
            let mut taken = Vec::new();
            let mut rows = 0;
            let too_many = RowProblem::TooManyRows { limit: limits::HOUSEHOLD_ROWS };
            for (i, s) in sources.iter_mut().enumerate() {
                while s.head_kk() == Some(kk.as_str()) {
                    let Some(parsed) = s.head.take() else { break };
                    s.advance(&mut report)?;
                    rows += 1;
                    // Rows past the limit are rejected as they come, not held.
                    if rows > limits::HOUSEHOLD_ROWS {
                        s.reject(parsed, &too_many, &mut report)?;
                        continue;
                    }
                    taken.push(Held { source: i, parsed });
                }
            }
            // A row of this household that could not be read: the rest is
            // rejected with it, never imported short.
            let unreadable = sources.iter().find_map(|s| s.unreadable_row(&kk));
            for s in &mut sources {
                s.forget_up_to(&kk);
            }
            if let Some(reason) = unreadable.or((rows > limits::HOUSEHOLD_ROWS).then_some(too_many)) {
                for Held { source, parsed } in taken {
                    sources[source].reject(parsed, &reason, &mut report)?;
                }
                continue;
            }
            if taken.iter().any(|h| !h.parsed.rounded.is_empty()) {
                for (kk, rows) in self.restore_rounded(taken, &options, &mut sources, &mut report)? {
                    // A restored household may sit in the batch not yet written.
                    if run.batch.iter().any(|h| h.no_kk == kk) {
                        self.commit(&mut run, &mut report)?;
                    }
                    self.import_group(&kk, rows, &mut run, &mut sources, &mut report)?;
                }
            } else {
                self.import_group(&kk, taken, &mut run, &mut sources, &mut report)?;
            }
        }
        self.commit(&mut run, &mut report)?;
        if let Some(written) =
            bulk.finish(&mut |written, total| (run.progress)(ImportProgress::Writing { written, total }))?
        {
            for (nik, mut kks) in written.duplicate_niks {
                let Some(kk) = kks.pop() else { continue };
                report.warn(ImportWarning::DuplicateNik { nik, kk, others: kks });
            }
        }
        if !office_in.is_empty() {
            for t in &office_in.ruta {
                self.import_ruta(t, lang, &run.audit, &mut report)?;
            }
            for t in &office_in.usulan {
                self.import_siks_usulan(t, actor, lang, &mut report)?;
            }
            for t in &office_in.padan {
                self.import_siks_padan(t, lang, &mut report)?;
            }
        }
        for s in sources {
            if let Some(p) = s.rejects.finish()? {
                report.rejects_files.push(p);
            }
        }
        if !cycle.is_empty() {
            report.cycle_records = self.import_cycle_records(&cycle, actor)?.total();
            report.files.extend(cycle_files);
        }
        for f in tahap_files {
            self.import_tahap_file(&f, actor)?;
            report.files.push(f);
        }
        for f in nonaktif_files {
            self.import_nonaktif_file(&f)?;
            report.files.push(f);
        }
        Ok(report)
    }

    /// After a large import, closes and opens the store so that sled 0.34
    /// writes its snapshot now and the user's next open is fast. Large is
    /// many households, or many writes of any kind (a tahap file replayed).
    /// Needs the service alone (`&mut`): a shared service skips it.
    pub fn settle_after_import(&mut self, report: &ImportReport) -> Result<()> {
        if report.households > SETTLE_HOUSEHOLDS || self.store().generation() > SETTLE_WRITES {
            self.reopen()?;
        }
        Ok(())
    }

    /// Merges one household's rows over the stored household, checks it and
    /// puts it in the batch; a household that fails is rejected whole.
    fn import_group(
        &self,
        kk: &str,
        taken: Vec<Held>,
        run: &mut Run<'_>,
        sources: &mut [Source],
        report: &mut ImportReport,
    ) -> Result<()> {
        let mut g = Group::default();
        for held in taken {
            let s = &mut sources[held.source];
            match held.parsed.row.clone() {
                Row::Household(r) => {
                    if g.household.is_some() {
                        s.reject(held.parsed, &RowProblem::SecondHouseholdRow, report)?;
                    } else {
                        g.household = Some((r, held));
                    }
                }
                Row::Person(r) => {
                    if let Some((_, first)) = g.persons.iter().find(|(p, _)| *p == r) {
                        report.warn(ImportWarning::IdenticalRow {
                            file: s.path.clone(),
                            line: held.parsed.line,
                            first_file: run.files_of[first.source].clone(),
                            first: first.parsed.line,
                        });
                    }
                    g.persons.push((r, held));
                }
                Row::History(r) => g.history.push((r, held)),
                Row::Enrolment(r) => g.enrolments.push((r, held)),
                Row::Region(_) => {}
            }
        }
        let existing = self.store().household(kk)?;
        let held = match &existing {
            Some(ex) => decided_enrolments(ex, &self.proposals_of(kk)?),
            None => Vec::new(),
        };
        let built = merge(existing.as_ref(), &g, &held).and_then(|h| {
            let errors = validate_household_in(&h, &run.wilayah, run.today);
            if errors.is_empty() { Ok(h) } else { Err(RowProblem::Invalid(errors)) }
        });
        let h = match built {
            Ok(h) => h,
            Err(reason) => {
                for held in g.rows() {
                    let Held { source, parsed } = held;
                    sources[source].reject(parsed, &reason, report)?;
                }
                return Ok(());
            }
        };
        // The ID DTKS goes in the same write as its household.
        if let Some(ids) = self.household_ids_to_write(kk, &run.office_ids)? {
            run.id_puts.put(crate::store::kinds::OFFICE_IDS, kk, &ids)?;
        }
        if existing.as_ref() == Some(&h) {
            report.unchanged += 1;
            return Ok(());
        }
        if existing.is_none() {
            run.batch_new += 1;
        }
        // A bulk load finds the NIKs in two households as it writes them.
        for p in h.members.iter().filter(|_| !run.bulk) {
            if existing.as_ref().is_none_or(|ex| ex.member(&p.nik).is_none()) {
                let mut elsewhere: Vec<String> =
                    self.store().kks_by_nik(&p.nik)?.into_iter().filter(|k| *k != h.no_kk).collect();
                // Households of this batch are not in the store yet.
                elsewhere.extend(
                    run.batch
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
        run.batch_persons += h.members.len();
        run.batch.push(h);
        if run.batch_persons >= BATCH_PERSONS {
            self.commit(run, report)?;
        }
        Ok(())
    }
    fn commit(&self, run: &mut Run<'_>, report: &mut ImportReport) -> Result<()> {
        if run.batch.is_empty() && run.id_puts.is_empty() {
            return Ok(());
        }
        let ids = std::mem::take(&mut run.id_puts);
        if run.batch.is_empty() {
            self.store().write_records(ids, &run.audit)?;
        } else {
            self.store().write_cycle(ids, &run.batch, &run.audit)?;
        }
        report.households += run.batch.len() as u64;
        report.persons += run.batch_persons as u64;
        report.created += run.batch_new;
        report.updated += run.batch.len() as u64 - run.batch_new;
        let (households, persons) = (report.households, report.persons);
        (run.progress)(if run.bulk {
            ImportProgress::Read { households, persons }
        } else {
            ImportProgress::Committed { households, persons }
        });
        run.batch.clear();
        run.batch_persons = 0;
        run.batch_new = 0;
        Ok(())
    }
}

/// What an import carries from one household to the next.
struct Run<'a> {
    wilayah: std::sync::Arc<crate::domain::wilayah::Wilayah>,
    today: chrono::NaiveDate,
    audit: AuditDraft,
    /// Each source's file, by source index.
    files_of: Vec<PathBuf>,
    /// Households to write next, their persons, and how many are new.
    batch: Vec<Household>,
    batch_persons: usize,
    batch_new: u64,
    /// The ID DTKS office files gave each No. KK, and those to write with
    /// the next batch.
    office_ids: std::collections::BTreeMap<String, String>,
    id_puts: crate::store::RecordPuts,
    progress: &'a mut dyn FnMut(ImportProgress),
    /// The writes go to a bulk load, whole at the end.
    bulk: bool,
}

/// The bulk load of an import into a register without households:
/// abandoned (nothing written) unless it is finished.
struct Bulk<'a> {
    store: &'a crate::store::Store,
    on: bool,
}

impl Bulk<'_> {
    fn finish(mut self, progress: &mut dyn FnMut(u64, u64)) -> Result<Option<crate::store::BulkReport>> {
        if !self.on {
            return Ok(None);
        }
        self.on = false;
        Ok(Some(self.store.finish_bulk(progress)?))
    }
}

impl Drop for Bulk<'_> {
    fn drop(&mut self) {
        if self.on {
            self.store.abandon_bulk();
        }
    }
}

/// Each file once, in the order first given: the same file named twice (or
/// named and inside a directory given too) would otherwise read its rows
/// twice and reject them as "second household row".
fn once_each(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    files.into_iter().filter(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone()))).collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::service::Clock;

    /// An import runs on a shared service (a background job of the TUI or
    /// the server): regions it adds are seen by every later reader.
    #[test]
    fn a_shared_service_imports_and_sees_the_new_regions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("wilayah.csv"), "code,name\n31.71.01.9999,KELURAHAN UJI\n").unwrap();
        let svc = Arc::new(Service::open_temporary(Clock::parse_fixed("2026-11-24 10:42").unwrap()).unwrap());
        assert_eq!(svc.wilayah().name("31.71.01.9999"), None);
        let shared = Arc::clone(&svc);
        let path = dir.path().to_path_buf();
        let report = std::thread::spawn(move || shared.import(&[path], &Actor::new("uji"), Lang::Id, &mut |_| {}))
            .join()
            .unwrap()
            .unwrap();
        assert_eq!(report.regions, 1);
        assert_eq!(svc.wilayah().name("31.71.01.9999"), Some("KELURAHAN UJI"));
    }
}
