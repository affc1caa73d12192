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
mod backup;
mod browse;
mod bulk;
mod chain;
mod check;
pub(crate) mod codec;
mod encrypt;
mod error;
mod guard;
mod keys;
mod layouts;
mod open;
mod records;
mod sweep;
mod vault;
mod versions;
mod write;

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use audit::{
    AuditDraft, AuditEvent, ChainFault, ChainReport, ChangeKind, Checkpoint, FieldChange, TargetChange, hex,
};
pub use backup::TreeName;
pub use browse::{Dir, Walk};
pub use bulk::BulkReport;
pub use chain::ViewDraft;
pub use check::{CheckReport, Problem};
pub use codec::CodecError;
pub use error::{Damage, StoreError};
pub use guard::panic_is_caught;
pub use open::set_process_secret;
pub use records::{RecordPuts, kinds, record_id};
pub use vault::{MIN_PASSPHRASE, Secret, VAULT_FILE, Vault, VaultFault, is_encrypted};
pub use versions::{Expect, Target, Version};

use crate::domain::diff::diff_household;
use crate::domain::wilayah::Region;
use crate::domain::{EnrolmentStatus, Household, Programme};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Layout version this code writes and reads. Raise it with a migration in
/// `Store::open` whenever the key layout or a value's meaning changes.
/// Version 2 added the street-word index (`S`); version 1 databases get it
/// built when they are opened. Version 3 chained the audit log (each event
/// links to the one before it) and added its NIK and user indexes.
pub const SCHEMA_VERSION: u32 = 3;
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
    /// What unlocks an encrypted database; `None` takes the process's
    /// secret ([`set_process_secret`]).
    pub secret: Option<Secret>,
}

impl Default for OpenOptions {
    /// Open an existing database with a cache sized for low-spec laptops.
    fn default() -> Self {
        OpenOptions { create: false, cache_bytes: 32 * 1024 * 1024, secret: None }
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
    /// Held while an event takes its number and link and is applied: by
    /// every write's commit, and alone by a view, which so waits for no
    /// write's staging (an import batch reads and diffs first).
    chain_lock: Mutex<()>,
    /// Moves on every write of this process, so that a screen can tell on
    /// its tick whether what it shows may be stale (one process holds the
    /// database, so no other writer exists).
    generation: AtomicU64,
    /// Moves on every write that changed households.
    household_generation: AtomicU64,
    /// The keys of an encrypted database.
    vault: Option<Arc<Vault>>,
    /// The writes held by a running bulk load (`bulk`).
    bulk: Mutex<Option<bulk::BulkLoad>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Store {
    fn from_db(db: sled::Db, path: PathBuf, options: OpenOptions, temporary: bool, vault: Option<Arc<Vault>>) -> Store {
        Store {
            vault,
            db,
            path,
            options,
            temporary,
            write_lock: Mutex::new(()),
            chain_lock: Mutex::new(()),
            generation: AtomicU64::new(0),
            household_generation: AtomicU64::new(0),
            bulk: Mutex::new(None),
        }
    }

    /// A number that moves on every write (see `generation`).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// A number that moves on every write that changed households.
    pub fn household_generation(&self) -> u64 {
        self.household_generation.load(Ordering::Acquire)
    }

    /// The database directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes everything to disk (writes already do this before returning).
    pub fn flush(&self) -> Result<()> {
        self.db.flush().map(|_| ()).map_err(|e| self.err("flush to disk", e))
    }

    fn err(&self, action: &'static str, e: sled::Error) -> StoreError {
        StoreError::sled(&self.path, action, e)
    }

    /// Whether the database is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.vault.is_some()
    }

    /// A file's bytes as an encrypted database keeps them beside it (its
    /// Muskel attachments), sealed for `name`; as they are when the
    /// database is not encrypted.
    pub fn seal_file(&self, name: &str, bytes: &[u8]) -> Vec<u8> {
        match &self.vault {
            Some(v) => v.seal(&[b"file ".as_slice(), name.as_bytes()].concat(), bytes),
            None => bytes.to_vec(),
        }
    }

    /// The bytes [`Store::seal_file`] kept for `name`; `None` when they do
    /// not open (changed, or kept for another name).
    pub fn open_file(&self, name: &str, stored: &[u8]) -> Option<Vec<u8>> {
        match &self.vault {
            Some(v) => v.open(&[b"file ".as_slice(), name.as_bytes()].concat(), stored),
            None => Some(stored.to_vec()),
        }
    }

    /// How ids and words become key parts in this database.
    fn ids(&self) -> keys::Ids<'_> {
        keys::Ids(self.vault.as_deref())
    }

    /// A stored value as it was written: opened when the database is
    /// encrypted.
    fn value(&self, key: &[u8], v: sled::IVec) -> Result<sled::IVec> {
        let Some(vault) = &self.vault else { return Ok(v) };
        match vault.open(key, &v) {
            Some(open) => Ok(open.into()),
            None => Err(StoreError::Vault {
                path: self.path.clone(),
                fault: VaultFault::Sealed { key: keys::describe_stored(key) },
            }),
        }
    }

    /// The value at `key`, opened.
    fn get_raw(&self, key: &[u8]) -> Result<Option<sled::IVec>> {
        if key.first() == Some(&keys::META)
            && let Some(held) = self.bulk_meta(key)
        {
            return Ok(held.map(sled::IVec::from));
        }
        match guard::catch(&self.path, || self.db.get(key))?.map_err(|e| self.err("read", e))? {
            None => Ok(None),
            Some(v) => self.value(key, v).map(Some),
        }
    }

    fn get<T: DeserializeOwned>(&self, key: &[u8]) -> Result<Option<T>> {
        match self.get_raw(key)? {
            None => Ok(None),
            Some(v) => decode(key, &v).map(Some),
        }
    }

    fn meta<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>> {
        self.get(&keys::meta(name))
    }

    /// The sled batch of `batch`, its values sealed when the database is
    /// encrypted.
    fn sealed(&self, batch: Batch) -> sled::Batch {
        let mut b = sled::Batch::default();
        for (k, v) in batch.ops {
            match (v, &self.vault) {
                (None, _) => b.remove(k),
                (Some(v), None) => b.insert(k, v),
                (Some(v), Some(vault)) => {
                    let sealed = vault.seal(&k, &v);
                    b.insert(k, sealed)
                }
            }
        }
        b
    }

    /// Applies a batch, lets go of old tree nodes, and flushes.
    /// While a bulk load runs, the batch is held by it instead.
    fn apply(&self, batch: Batch, action: &'static str) -> Result<()> {
        let Some(batch) = self.hold_in_bulk(batch)? else {
            self.generation.fetch_add(1, Ordering::AcqRel);
            return Ok(());
        };
        self.apply_stored(self.sealed(batch), action)
    }

    /// [`Store::apply`] of entries already as stored (a restore's).
    fn apply_stored(&self, batch: sled::Batch, action: &'static str) -> Result<()> {
        self.apply_unflushed(batch, action)?;
        self.flush()
    }

    /// Applies a batch of entries as stored and lets go of old tree nodes,
    /// without the flush: for the steps of a longer write flushed at its end.
    fn apply_unflushed(&self, batch: sled::Batch, action: &'static str) -> Result<()> {
        guard::catch(&self.path, || self.db.apply_batch(batch))?.map_err(|e| self.err(action, e))?;
        self.generation.fetch_add(1, Ordering::AcqRel);
        for _ in 0..EPOCH_FLUSHES {
            crossbeam_epoch::pin().flush();
        }
        Ok(())
    }

    /// Keys (and values) under a prefix.
    fn scan(&self, prefix: &[u8]) -> impl Iterator<Item = Result<(sled::IVec, sled::IVec)>> + '_ {
        let it = self.db.scan_prefix(prefix).map(move |r| r.map_err(|e| self.err("read", e)));
        self.opened(guard::Caught::new(&self.path, it))
    }

    /// The entries of a walk with their values opened.
    fn opened<'a>(
        &'a self,
        it: impl Iterator<Item = Result<(sled::IVec, sled::IVec)>> + 'a,
    ) -> impl Iterator<Item = Result<(sled::IVec, sled::IVec)>> + 'a {
        it.map(move |r| {
            let (k, v) = r?;
            let v = self.value(&k, v)?;
            Ok((k, v))
        })
    }

    // ---- households -------------------------------------------------------

    pub fn household(&self, no_kk: &str) -> Result<Option<Household>> {
        self.get(&keys::household(self.ids(), no_kk))
    }

    /// The households a NIK is recorded in: more than one is a duplicate
    /// finding for an operator to resolve.
    pub fn kks_by_nik(&self, nik: &str) -> Result<Vec<String>> {
        if !keys::is_id(nik) {
            return Ok(Vec::new());
        }
        let ids = self.ids();
        let prefix = keys::with(keys::NIK, &[ids.id(nik).as_bytes()]);
        self.scan(&prefix).map(|r| r.map(|(k, _)| ids.back(keys::owner(&k).unwrap_or_default()))).collect()
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
        let ids = self.ids();
        self.scan(&keys::programme(programme, status))
            .map(|r| {
                let (k, _) = r?;
                let (nik, kk) = keys::tail_ids(&k).unwrap_or_default();
                Ok((ids.back(nik), ids.back(kk)))
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

    // ---- audit ------------------------------------------------------------

    // ---- regions ----------------------------------------------------------

    /// Saves imported regions (replacing those with the same code).
    pub fn put_regions(&self, regions: &[Region]) -> Result<usize> {
        let mut b = Batch::default();
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
        let key = self.record_key(kind, id)?;
        let mut b = Batch::default();
        b.insert(key, encode(&format!("record {}", keys::describe(&[kind])), value)?);
        self.apply(b, "save")
    }

    pub fn get_record<T: DeserializeOwned>(&self, kind: u8, id: &str) -> Result<Option<T>> {
        self.get(&self.record_key(kind, id)?)
    }

    /// Removes a record; false when there was none.
    pub fn delete_record(&self, kind: u8, id: &str) -> Result<bool> {
        let key = self.record_key(kind, id)?;
        let old = self.db.remove(key).map_err(|e| self.err("delete", e))?;
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.flush()?;
        Ok(old.is_some())
    }

    /// Every record of a kind as `(id, value)`, in id order.
    pub fn scan_records<T: DeserializeOwned>(&self, kind: u8) -> Result<Vec<(String, T)>> {
        record_key(kind, "")?;
        self.scan(&[kind])
            .map(|r| {
                let (k, v) = r?;
                Ok((self.stored_record_id(&k), decode(&k, &v)?))
            })
            .collect()
    }

    /// The key of record `kind` + `id` as stored.
    fn record_key(&self, kind: u8, id: &str) -> Result<Vec<u8>> {
        record_key(kind, id)?;
        Ok(self.ids().record(kind, id))
    }

    /// The id of a stored record key.
    fn stored_record_id(&self, key: &[u8]) -> String {
        let Some((&kind, id)) = key.split_first() else { return String::new() };
        self.ids().record_id_back(kind, &String::from_utf8_lossy(id))
    }

    // ---- damage, for tests of `check` ---------------------------------------

    #[doc(hidden)]
    pub fn plant_for_tests(&self, plant: Plant) -> Result<()> {
        let mut b = Batch::default();
        match plant {
            Plant::NikEntry { nik, no_kk } => {
                let ids = self.ids();
                b.insert(keys::with(keys::NIK, &[ids.id(&nik).as_bytes(), ids.id(&no_kk).as_bytes()]), Vec::new())
            }
            Plant::RemoveNikEntry { nik, no_kk } => {
                let ids = self.ids();
                b.remove(keys::with(keys::NIK, &[ids.id(&nik).as_bytes(), ids.id(&no_kk).as_bytes()]))
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

/// Puts and removes to apply in one atomic write. Values are as written
/// (sealed by [`Store::apply`] when the database is encrypted); keys are as
/// stored.
#[derive(Default)]
pub(crate) struct Batch {
    ops: Vec<(Vec<u8>, Option<Vec<u8>>)>,
}

impl Batch {
    pub(crate) fn insert(&mut self, key: impl AsRef<[u8]>, value: impl Into<Vec<u8>>) {
        self.ops.push((key.as_ref().to_vec(), Some(value.into())));
    }

    pub(crate) fn remove(&mut self, key: impl AsRef<[u8]>) {
        self.ops.push((key.as_ref().to_vec(), None));
    }
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
