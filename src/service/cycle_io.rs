//! The verification cycle's records as a JSON-lines file (`cycle.jsonl`):
//! `dtks export` writes every usulan, Muskel, attachment record, period and
//! visit; `dtks import` puts them back as they are, ids kept, so that
//! import(export) reproduces the database and importing a file twice
//! changes nothing. Evidence files themselves are not carried: only their
//! metadata.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::attachments::Attachment;
use super::verval::VisitRecord;
use super::{Actor, Refusal, Result, Service, ServiceError};
use crate::domain::muskel::Muskel;
use crate::domain::stage::Period;
use crate::domain::usulan::Usulan;
use crate::domain::visit::VisitForm;
use crate::formats::jsonl::{CYCLE_FILE, JsonlWriter, read_jsonl};
use crate::store::{RecordPuts, kinds, record_id};

/// Records per atomic write when importing.
const BATCH: usize = 500;

/// One line of `cycle.jsonl`: `{"kind": "usulan", "data": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum CycleRecord {
    /// The date the records describe (written by `dtks sample`); not stored.
    Meta {
        as_of: NaiveDate,
    },
    Usulan(Usulan),
    Muskel(Muskel),
    /// Attachment metadata under its store key.
    Attachment {
        key: String,
        attachment: Attachment,
    },
    Period(Period),
    /// A visit form with its stages.
    Visit {
        form: Box<VisitForm>,
        record: Box<VisitRecord>,
    },
}

impl CycleRecord {
    fn id(&self) -> u64 {
        match self {
            CycleRecord::Meta { .. } | CycleRecord::Period(_) => 0,
            CycleRecord::Usulan(u) => u.id,
            CycleRecord::Muskel(m) => m.id,
            CycleRecord::Attachment { attachment, .. } => attachment.muskel_id,
            CycleRecord::Visit { form, record } => form.id.max(record.verification.id),
        }
    }
}

/// What importing cycle records did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct CycleImport {
    pub usulan: u64,
    pub muskel: u64,
    pub attachments: u64,
    pub periods: u64,
    pub visits: u64,
}

impl CycleImport {
    pub fn total(&self) -> u64 {
        self.usulan + self.muskel + self.attachments + self.periods + self.visits
    }
}

/// Reads a cycle file; `Meta` lines are kept for the caller.
pub fn read_cycle_file(path: &Path) -> Result<Vec<CycleRecord>> {
    Ok(read_jsonl::<CycleRecord>(path)?.into_iter().map(|(_, r)| r).collect())
}

/// The `as_of` date a cycle file declares, if any.
pub fn cycle_file_as_of(path: &Path) -> Result<Option<NaiveDate>> {
    Ok(read_cycle_file(path)?.into_iter().find_map(|r| match r {
        CycleRecord::Meta { as_of } => Some(as_of),
        _ => None,
    }))
}

impl Service {
    /// Puts already-built records into the store as they are (ids kept;
    /// a record with the same id is replaced), in audited atomic batches,
    /// and moves the id counter past the largest id so new records never
    /// reuse one. Visits are checked for agreeing ids first; a bad one
    /// refuses the call with nothing written.
    pub fn import_cycle_records(&self, records: &[CycleRecord], actor: &Actor) -> Result<CycleImport> {
        self.require(actor, crate::domain::access::Right::Import)?;
        for r in records {
            if let CycleRecord::Visit { form, record } = r
                && (record.verification.visit_id != form.id || record.verification.no_kk != form.no_kk)
            {
                return Err(Refusal::VisitRecordMismatch {
                    visit: form.id,
                    no_kk: form.no_kk.clone(),
                    record_visit: record.verification.visit_id,
                    record_kk: record.verification.no_kk.clone(),
                }
                .into());
            }
        }
        let mut done = CycleImport::default();
        let mut max_id = 0;
        for chunk in records.chunks(BATCH) {
            let mut puts = RecordPuts::new();
            for r in chunk {
                max_id = max_id.max(r.id());
                match r {
                    CycleRecord::Meta { .. } => {}
                    CycleRecord::Usulan(u) => {
                        puts.put(kinds::USULAN, &record_id(u.id), u)?;
                        done.usulan += 1;
                    }
                    CycleRecord::Muskel(m) => {
                        puts.put(kinds::MUSKEL, &record_id(m.id), m)?;
                        done.muskel += 1;
                    }
                    CycleRecord::Attachment { key, attachment } => {
                        puts.put(kinds::ATTACHMENT, key, attachment)?;
                        done.attachments += 1;
                    }
                    CycleRecord::Period(p) => {
                        puts.put(kinds::PERIOD, &p.id(), p)?;
                        done.periods += 1;
                    }
                    CycleRecord::Visit { form, record } => {
                        puts.put(kinds::VISIT, &record_id(form.id), form)?;
                        puts.put(kinds::VERIFICATION, &record_id(form.id), record)?;
                        puts.put(kinds::VISIT_BY_KK, &format!("{}{}", form.no_kk, record_id(form.id)), &())?;
                        done.visits += 1;
                    }
                }
            }
            if !puts.is_empty() {
                let audit = self.audit(actor, format!("import.cycle {} records", puts.len()));
                self.store().write_records(puts, &audit)?;
            }
        }
        // sled hands out ids from one counter; skip past the imported ones.
        while self.store().new_id()? <= max_id {}
        Ok(done)
    }

    /// Imports one cycle file.
    pub fn import_cycle_file(&self, path: &Path, actor: &Actor) -> Result<CycleImport> {
        self.require(actor, crate::domain::access::Right::Import)?;
        self.import_cycle_records(&read_cycle_file(path)?, actor)
    }

    /// Every cycle record in the store, in kind then id order.
    pub fn cycle_records(&self) -> Result<Vec<CycleRecord>> {
        let s = self.store();
        let mut out = Vec::new();
        out.extend(s.scan_records::<Period>(kinds::PERIOD)?.into_iter().map(|(_, p)| CycleRecord::Period(p)));
        out.extend(s.scan_records::<Usulan>(kinds::USULAN)?.into_iter().map(|(_, u)| CycleRecord::Usulan(u)));
        out.extend(s.scan_records::<Muskel>(kinds::MUSKEL)?.into_iter().map(|(_, m)| CycleRecord::Muskel(m)));
        out.extend(
            s.scan_records::<Attachment>(kinds::ATTACHMENT)?
                .into_iter()
                .map(|(key, attachment)| CycleRecord::Attachment { key, attachment }),
        );
        for (id, form) in s.scan_records::<VisitForm>(kinds::VISIT)? {
            let record = s.get_record::<VisitRecord>(kinds::VERIFICATION, &id)?.ok_or_else(|| {
                ServiceError::from(Refusal::NoVerificationRecord { visit: form.id, no_kk: Some(form.no_kk.clone()) })
            })?;
            out.push(CycleRecord::Visit { form: Box::new(form), record: Box::new(record) });
        }
        Ok(out)
    }

    /// Writes `cycle.jsonl` into `dir` when there is any cycle record;
    /// returns the file written.
    pub fn export_cycle(&self, dir: &Path) -> Result<Option<(PathBuf, u64)>> {
        let records = self.cycle_records()?;
        if records.is_empty() {
            return Ok(None);
        }
        let path = dir.join(CYCLE_FILE);
        let mut w = JsonlWriter::create(&path)?;
        for r in &records {
            w.push(r)?;
        }
        let n = w.finish()?;
        Ok(Some((path, n)))
    }
}
