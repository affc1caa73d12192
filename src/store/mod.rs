//! The register on disk: one sled tree behind typed operations.
//!
//! A household, its index entries and the audit event of the write that
//! changed it are written by one `apply_batch`, so a killed process leaves
//! either all of them or none. Every write is flushed before it returns.
//!
//! sled 0.34 writes its snapshot only when a database is opened, so the first
//! open after a large import replays the whole log; an importer should end
//! with [`Store::reopen`] so that the user's next open is fast.

mod audit;
mod browse;
mod check;
pub(crate) mod codec;
mod error;
mod keys;
mod records;

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use audit::{AuditDraft, AuditEvent, ChangeKind, FieldChange, TargetChange};
pub use browse::{Dir, Walk};
pub use check::{CheckReport, Problem};
pub use codec::CodecError;
pub use error::StoreError;
pub use records::{RecordPuts, kinds, record_id};

use crate::domain::diff::diff_household;
use crate::domain::wilayah::Region;
use crate::domain::{EnrolmentStatus, Household, Programme};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Layout version this code writes and reads. Raise it with a migration in
/// `Store::open` whenever the key layout or a value's meaning changes.
/// Version 2 added the street-word index (`S`); version 1 databases get it
/// built when they are opened.
pub const SCHEMA_VERSION: u32 = 2;
/// Households per batch while a migration rebuilds an index.
const MIGRATE_BATCH: usize = 1000;

const META_SCHEMA: &str = "schema";
const META_NEXT_SEQ: &str = "next_seq";
const META_HOUSEHOLDS: &str = "households";

/// How often sled's background thread flushes, as sled's default.
const FLUSH_EVERY_MS: u64 = 500;
/// Tries at opening a locked database, 50 ms apart.
const LOCK_RETRIES: u32 = 10;
/// Epoch flushes after each batch: sled frees old tree nodes through
/// crossbeam-epoch, whose cleanup barely runs in a write-only loop, so a long
/// import grows without bound unless it is nudged.
const EPOCH_FLUSHES: usize = 32;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenOptions {
    /// Create the database when the path does not exist (or is an empty
    /// directory).
    pub create: bool,
    /// sled's page cache, in bytes.
    pub cache_bytes: u64,
}

impl Default for OpenOptions {
    /// Open an existing database with a cache sized for low-spec laptops.
    fn default() -> Self {
        OpenOptions { create: false, cache_bytes: 32 * 1024 * 1024 }
    }
}

/// One person found by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameHit {
    pub no_kk: String,
    pub nik: String,
    /// The person's folded full name.
    pub folded: String,
}

/// What one [`Store::write`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// The audit event written; `None` when nothing changed.
    pub seq: Option<u64>,
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    /// Households equal to the stored version, neither written nor audited.
    pub unchanged: usize,
    /// Deletions of households that were not stored.
    pub not_found: usize,
}

pub struct Store {
    db: sled::Db,
    path: PathBuf,
    options: OpenOptions,
    temporary: bool,
    /// Writes read the previous versions before they batch the changes; one
    /// writer at a time keeps the index entries exact.
    write_lock: Mutex<()>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the database directory at `path`, creating it when it is missing
    /// and `options.create` is set.
    pub fn open(path: &Path, options: &OpenOptions) -> Result<Store> {
        let path = path.to_path_buf();
        let not_db = |reason: &str| StoreError::NotADatabase { path: path.clone(), reason: reason.into() };
        match fs::metadata(&path) {
            Ok(m) if !m.is_dir() => {
                return Err(not_db("it is a file; a dtks database is a directory"));
            }
            Ok(_) => {
                let sled_files = path.join("db").is_file() && path.join("conf").is_file();
                let empty = fs::read_dir(&path)
                    .map_err(|source| StoreError::Io { path: path.clone(), action: "read the directory", source })?
                    .next()
                    .is_none();
                if !sled_files && !empty {
                    return Err(not_db(
                        "the directory holds other files; choose a new or empty directory for a new database",
                    ));
                }
                if !sled_files && !options.create {
                    return Err(StoreError::Missing { path });
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if !options.create {
                    return Err(StoreError::Missing { path });
                }
            }
            Err(source) => {
                return Err(StoreError::Io { path, action: "read the directory", source });
            }
        }

        let config =
            sled::Config::new().path(&path).cache_capacity(options.cache_bytes).flush_every_ms(Some(FLUSH_EVERY_MS));
        // sled's background threads may hold the file lock for a moment after
        // this process dropped its last handle (reopen; close then open): wait
        // up to half a second before calling the database in use.
        let mut tries = 0;
        let db = loop {
            match config.open().map_err(|e| open_error(&path, e)) {
                Err(StoreError::Locked { .. }) if tries < LOCK_RETRIES => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => break other?,
            }
        };
        let store = Store { db, path, options: options.clone(), temporary: false, write_lock: Mutex::new(()) };
        store.check_schema()?;
        Ok(store)
    }

    /// An empty database in temporary storage, deleted when dropped: for
    /// tests, and as a stand-in while the real one is closed and reopened.
    pub fn open_temporary() -> Result<Store> {
        let path = PathBuf::from("(temporary database)");
        let options = OpenOptions { create: true, cache_bytes: 1024 * 1024 };
        let db = sled::Config::new()
            .temporary(true)
            .cache_capacity(options.cache_bytes)
            .open()
            .map_err(|e| open_error(&path, e))?;
        let store = Store { db, path, options, temporary: true, write_lock: Mutex::new(()) };
        store.check_schema()?;
        Ok(store)
    }

    fn check_schema(&self) -> Result<()> {
        match self.meta::<u32>(META_SCHEMA)? {
            Some(found) if found > SCHEMA_VERSION => {
                Err(StoreError::NewerSchema { path: self.path.clone(), found, supported: SCHEMA_VERSION })
            }
            Some(SCHEMA_VERSION) => Ok(()),
            Some(1) => self.migrate_1_to_2(),
            Some(found) => {
                Err(StoreError::Corrupt { path: self.path.clone(), detail: format!("unknown schema version {found}") })
            }
            None if !self.db.is_empty() => Err(StoreError::NotADatabase {
                path: self.path.clone(),
                reason: "it is a sled database without dtks data".into(),
            }),
            None if !self.options.create => Err(StoreError::Missing { path: self.path.clone() }),
            None => {
                let mut b = sled::Batch::default();
                b.insert(keys::meta(META_SCHEMA), encode("schema version", &SCHEMA_VERSION)?);
                b.insert(keys::meta(META_NEXT_SEQ), encode("audit sequence", &1u64)?);
                b.insert(keys::meta(META_HOUSEHOLDS), encode("household count", &0u64)?);
                self.apply(b, "create the database")
            }
        }
    }

    /// Builds the street index. Batches are idempotent and the schema
    /// version is raised last, so a killed migration is redone at next open.
    fn migrate_1_to_2(&self) -> Result<()> {
        let mut batch = sled::Batch::default();
        let mut in_batch = 0;
        for r in self.iter_households() {
            let h = r?;
            for (k, v) in keys::index_entries(&h)? {
                if k.first() == Some(&keys::STREET) {
                    batch.insert(k, v);
                }
            }
            in_batch += 1;
            if in_batch == MIGRATE_BATCH {
                self.apply(std::mem::take(&mut batch), "build the street index")?;
                in_batch = 0;
            }
        }
        batch.insert(keys::meta(META_SCHEMA), encode("schema version", &SCHEMA_VERSION)?);
        self.apply(batch, "build the street index")
    }

    /// The database directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes and opens the database again. sled writes its snapshot at open,
    /// so doing this after a large import makes the next open fast.
    /// A temporary database is returned as it is.
    pub fn reopen(self) -> Result<Store> {
        if self.temporary {
            return Ok(self);
        }
        let (path, options) = (self.path.clone(), self.options.clone());
        self.flush()?;
        drop(self);
        Store::open(&path, &options)
    }

    /// Writes everything to disk (writes already do this before returning).
    pub fn flush(&self) -> Result<()> {
        self.db.flush().map(|_| ()).map_err(|e| self.err("flush to disk", e))
    }

    fn err(&self, action: &'static str, e: sled::Error) -> StoreError {
        StoreError::sled(&self.path, action, e)
    }

    fn get<T: DeserializeOwned>(&self, key: &[u8]) -> Result<Option<T>> {
        match self.db.get(key).map_err(|e| self.err("read", e))? {
            None => Ok(None),
            Some(v) => decode(key, &v).map(Some),
        }
    }

    fn meta<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>> {
        self.get(&keys::meta(name))
    }

    /// Applies a batch, lets go of old tree nodes, and flushes.
    fn apply(&self, batch: sled::Batch, action: &'static str) -> Result<()> {
        self.db.apply_batch(batch).map_err(|e| self.err(action, e))?;
        for _ in 0..EPOCH_FLUSHES {
            crossbeam_epoch::pin().flush();
        }
        self.flush()
    }

    /// Keys (and values) under a prefix.
    fn scan(&self, prefix: &[u8]) -> impl Iterator<Item = Result<(sled::IVec, sled::IVec)>> + '_ {
        self.db.scan_prefix(prefix).map(move |r| r.map_err(|e| self.err("read", e)))
    }

    // ---- households -------------------------------------------------------

    pub fn household(&self, no_kk: &str) -> Result<Option<Household>> {
        self.get(&keys::household(no_kk))
    }

    /// The households a NIK is recorded in: more than one is a duplicate
    /// finding for an operator to resolve.
    pub fn kks_by_nik(&self, nik: &str) -> Result<Vec<String>> {
        if !keys::is_id(nik) {
            return Ok(Vec::new());
        }
        let prefix = keys::with(keys::NIK, &[nik.as_bytes()]);
        self.scan(&prefix).map(|r| r.map(|(k, _)| keys::owner(&k).unwrap_or_default().to_string())).collect()
    }

    /// Persons whose folded name matches the folded query (`names::matches`:
    /// each query word a prefix of a distinct name word, in order), at most
    /// `limit`, in the index order of the query's longest word.
    pub fn search_names(&self, query_folded: &str, limit: usize) -> Result<Vec<NameHit>> {
        self.name_walk(query_folded).take(limit).collect()
    }

    /// No. KKs of the households in a region (dotted code prefix such as
    /// `31.71` or `31.71.01.1001`), optionally one RW and RT, in address order.
    pub fn households_in(&self, region: &str, rw: Option<u16>, rt: Option<u16>) -> Result<Vec<String>> {
        self.places_walk(region, rw, rt, None, Dir::Forward)?.collect()
    }

    /// `(nik, no_kk)` of every person with an enrolment in `programme` with
    /// `status`, in NIK order.
    pub fn enrolled(&self, programme: Programme, status: EnrolmentStatus) -> Result<Vec<(String, String)>> {
        self.scan(&keys::programme(programme, status))
            .map(|r| {
                let (k, _) = r?;
                let (nik, kk) = keys::tail_ids(&k).unwrap_or_default();
                Ok((nik.to_string(), kk.to_string()))
            })
            .collect()
    }

    /// Every household, in No. KK order.
    pub fn iter_households(&self) -> impl Iterator<Item = Result<Household>> + '_ {
        self.scan(&[keys::HOUSEHOLD]).map(|r| {
            let (k, v) = r?;
            decode(&k, &v)
        })
    }

    pub fn household_count(&self) -> Result<u64> {
        Ok(self.meta(META_HOUSEHOLDS)?.unwrap_or(0))
    }

    /// Saves `puts` and removes `deletes` in one atomic, flushed write with
    /// one audit event. Households equal to their stored version are skipped;
    /// when nothing changes, nothing is written.
    pub fn write(&self, puts: &[Household], deletes: &[String], audit: &AuditDraft) -> Result<WriteReport> {
        let mut seen = HashSet::new();
        for h in puts {
            keys::check_keys(h)?;
            if !seen.insert(h.no_kk.as_str()) {
                return Err(StoreError::Twice { no_kk: h.no_kk.clone() });
            }
        }
        for kk in deletes {
            if !seen.insert(kk.as_str()) {
                return Err(StoreError::Twice { no_kk: kk.clone() });
            }
        }

        let _one_writer = self.write_lock.lock().unwrap_or_else(PoisonError::into_inner);
        let mut pending = Pending::default();
        self.stage_households(&mut pending, puts, deletes)?;
        if pending.targets.is_empty() {
            return Ok(pending.report);
        }
        self.commit(pending, audit, "save")
    }

    /// Adds the household puts and deletes to a pending write: the records,
    /// their index changes and their audit targets. Callers hold the write lock
    /// and have checked keys and duplicates.
    fn stage_households(&self, pending: &mut Pending, puts: &[Household], deletes: &[String]) -> Result<()> {
        let Pending { batch, report, targets, count } = pending;
        if count.is_none() {
            *count = Some(self.household_count()?);
        }
        let count = count.get_or_insert(0);

        for h in puts {
            let key = keys::household(&h.no_kk);
            let old: Option<Household> = self.get(&key)?;
            if old.as_ref() == Some(h) {
                report.unchanged += 1;
                continue;
            }
            let new_entries = keys::index_entries(h)?;
            let old_entries = match &old {
                Some(o) => keys::index_entries(o)?,
                None => Default::default(),
            };
            for k in old_entries.keys().filter(|k| !new_entries.contains_key(*k)) {
                batch.remove(k.as_slice());
            }
            for (k, v) in new_entries {
                if old_entries.get(&k) != Some(&v) {
                    batch.insert(k, v);
                }
            }
            batch.insert(key, encode(&format!("household {}", h.no_kk), h)?);
            let (kind, changes) = match &old {
                Some(o) => {
                    report.updated += 1;
                    (ChangeKind::Updated, diff_household(o, h))
                }
                None => {
                    report.created += 1;
                    *count += 1;
                    (ChangeKind::Created, Vec::new())
                }
            };
            targets.push(TargetChange { no_kk: h.no_kk.clone(), kind, changes });
        }

        for kk in deletes {
            let key = keys::household(kk);
            let Some(old) = self.get::<Household>(&key)? else {
                report.not_found += 1;
                continue;
            };
            for k in keys::index_entries(&old)?.into_keys() {
                batch.remove(k);
            }
            batch.remove(key);
            report.deleted += 1;
            *count = count.saturating_sub(1);
            targets.push(TargetChange { no_kk: kk.clone(), kind: ChangeKind::Deleted, changes: Vec::new() });
        }
        Ok(())
    }

    /// Adds the audit event (and the household count, when households were
    /// staged) to a pending write and applies it as one flushed batch.
    /// Callers hold the write lock.
    fn commit(&self, pending: Pending, audit: &AuditDraft, action: &'static str) -> Result<WriteReport> {
        let Pending { mut batch, mut report, targets, count } = pending;
        let seq: u64 = self.meta(META_NEXT_SEQ)?.unwrap_or(1);
        for t in &targets {
            batch.insert(keys::audit_by_kk(&t.no_kk, seq), Vec::new());
        }
        let event = AuditEvent { seq, at: audit.at, user: audit.user.clone(), action: audit.action.clone(), targets };
        batch.insert(keys::audit(seq), encode("audit event", &event)?);
        batch.insert(keys::meta(META_NEXT_SEQ), encode("audit sequence", &(seq + 1))?);
        if let Some(count) = count {
            batch.insert(keys::meta(META_HOUSEHOLDS), encode("household count", &count)?);
        }
        self.apply(batch, action)?;
        report.seq = Some(seq);
        Ok(report)
    }

    // ---- audit ------------------------------------------------------------

    /// The audit events that touched a household, oldest first, each holding
    /// only that household's target.
    pub fn audit_for(&self, no_kk: &str) -> Result<Vec<AuditEvent>> {
        let mut out = Vec::new();
        for r in self.scan(&keys::with(keys::AUDIT_BY_KK, &[no_kk.as_bytes()])) {
            let (k, _) = r?;
            let Some(seq) = k.get(k.len().saturating_sub(8)..).and_then(|b| b.try_into().ok()).map(u64::from_be_bytes)
            else {
                continue;
            };
            if let Some(mut e) = self.audit_event(seq)? {
                e.targets.retain(|t| t.no_kk == no_kk);
                out.push(e);
            }
        }
        Ok(out)
    }

    pub fn audit_event(&self, seq: u64) -> Result<Option<AuditEvent>> {
        self.get(&keys::audit(seq))
    }

    /// Audit events from `from_seq` on, at most `limit`, oldest first.
    pub fn audit_log(&self, from_seq: u64, limit: usize) -> Result<Vec<AuditEvent>> {
        self.db
            .range(keys::audit(from_seq)..keys::audit(u64::MAX))
            .take(limit)
            .map(|r| {
                let (k, v) = r.map_err(|e| self.err("read", e))?;
                decode(&k, &v)
            })
            .collect()
    }

    // ---- regions ----------------------------------------------------------

    /// Saves imported regions (replacing those with the same code).
    pub fn put_regions(&self, regions: &[Region]) -> Result<usize> {
        let mut b = sled::Batch::default();
        for r in regions {
            b.insert(keys::region(&r.code), encode(&format!("region {}", r.code), r)?);
        }
        self.apply(b, "save regions")?;
        Ok(regions.len())
    }

    /// Imported regions, in code order.
    pub fn regions(&self) -> Result<Vec<Region>> {
        self.scan(&[keys::REGION])
            .map(|r| {
                let (k, v) = r?;
                decode(&k, &v)
            })
            .collect()
    }

    // ---- other records ----------------------------------------------------

    /// Saves a record of a kind the layout above does not name (usulan,
    /// muskel, drafts, ...), keyed by `kind` and `id`; flushed, unaudited.
    pub fn put_record<T: Serialize>(&self, kind: u8, id: &str, value: &T) -> Result<()> {
        let key = record_key(kind, id)?;
        let mut b = sled::Batch::default();
        b.insert(key, encode(&format!("record {}", keys::describe(&[kind])), value)?);
        self.apply(b, "save")
    }

    pub fn get_record<T: DeserializeOwned>(&self, kind: u8, id: &str) -> Result<Option<T>> {
        self.get(&record_key(kind, id)?)
    }

    /// Removes a record; false when there was none.
    pub fn delete_record(&self, kind: u8, id: &str) -> Result<bool> {
        let key = record_key(kind, id)?;
        let old = self.db.remove(key).map_err(|e| self.err("delete", e))?;
        self.flush()?;
        Ok(old.is_some())
    }

    /// Every record of a kind as `(id, value)`, in id order.
    pub fn scan_records<T: DeserializeOwned>(&self, kind: u8) -> Result<Vec<(String, T)>> {
        record_key(kind, "")?;
        self.scan(&[kind])
            .map(|r| {
                let (k, v) = r?;
                Ok((String::from_utf8_lossy(&k[1..]).into_owned(), decode(&k, &v)?))
            })
            .collect()
    }

    // ---- damage, for tests of `check` ---------------------------------------

    #[doc(hidden)]
    pub fn plant_for_tests(&self, plant: Plant) -> Result<()> {
        let mut b = sled::Batch::default();
        match plant {
            Plant::NikEntry { nik, no_kk } => {
                b.insert(keys::with(keys::NIK, &[nik.as_bytes(), no_kk.as_bytes()]), Vec::new())
            }
            Plant::RemoveNikEntry { nik, no_kk } => {
                b.remove(keys::with(keys::NIK, &[nik.as_bytes(), no_kk.as_bytes()]))
            }
            Plant::Schema(v) => b.insert(keys::meta(META_SCHEMA), encode("schema version", &v)?),
            Plant::DropStreetIndex => {
                for r in self.scan(&[keys::STREET]) {
                    b.remove(r?.0);
                }
            }
        }
        self.apply(b, "save")
    }
}

/// A write being assembled: the batch, what it did so far, the audit targets
/// and the household count when households were staged.
#[derive(Default)]
struct Pending {
    batch: sled::Batch,
    report: WriteReport,
    targets: Vec<TargetChange>,
    count: Option<u64>,
}

/// Raw damage that only tests plant.
#[doc(hidden)]
#[derive(Debug)]
pub enum Plant {
    NikEntry {
        nik: String,
        no_kk: String,
    },
    RemoveNikEntry {
        nik: String,
        no_kk: String,
    },
    Schema(u32),
    /// Removes every street-index entry, as a version 1 database lacks them.
    DropStreetIndex,
}

fn record_key(kind: u8, id: &str) -> Result<Vec<u8>> {
    if keys::RESERVED.contains(&kind) || !kind.is_ascii_alphabetic() {
        return Err(StoreError::ReservedKind { kind: kind as char });
    }
    Ok(keys::with(kind, &[id.as_bytes()]))
}

fn encode<T: Serialize + ?Sized>(what: &str, value: &T) -> Result<Vec<u8>> {
    codec::encode(value).map_err(|source| StoreError::Encode { what: what.to_string(), source })
}

fn decode<T: DeserializeOwned>(key: &[u8], value: &[u8]) -> Result<T> {
    codec::decode(value).map_err(|source| StoreError::Decode { key: keys::describe(key), source })
}

/// Turns sled's open failures into errors a person can act on.
fn open_error(path: &Path, e: sled::Error) -> StoreError {
    let path = path.to_path_buf();
    match e {
        sled::Error::Io(io)
            if io.kind() == io::ErrorKind::WouldBlock || io.to_string().contains("could not acquire lock") =>
        {
            StoreError::Locked { path }
        }
        sled::Error::Io(source) => StoreError::Io { path, action: "open", source },
        sled::Error::Unsupported(msg) => {
            StoreError::NotADatabase { path, reason: format!("sled cannot open it: {msg}") }
        }
        sled::Error::Corruption { .. } => StoreError::Corrupt { path, detail: format!("sled: {e}") },
        other => StoreError::Sled { path, action: "open", detail: format!("sled: {other}") },
    }
}
