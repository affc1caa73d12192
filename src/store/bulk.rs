//! A bulk load: an import into a register without households writes its
//! entries in key order, all at the end, instead of batch by batch.
//!
//! sled inserts keys in order about three times as fast as keys spread over
//! the keyspace (an import's index entries are), so while a bulk load runs
//! every write is held: sorted in runs of bounded size spilled to a folder
//! inside the database directory, and merged into the tree when the load
//! finishes. Meta entries (the audit sequence, the chain's head, the
//! household count) are held in memory, read back from there, and written
//! last. What the user sees is one switch: a load killed while it reads
//! wrote nothing; one killed while it merges left a marker, and the next
//! open removes every key the runs name, so the register is again as it
//! was before the import.

use std::collections::{BTreeMap, BinaryHeap};
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};

use super::*;

/// The folder of the runs, inside the database directory.
const BULK_DIR: &str = "bulk-load";
/// Present while the merge runs: the runs' keys may be partly written.
const META_BULK: &str = "bulk_load";
/// Bytes of entries held in memory before they are sorted into a run.
const RUN_BYTES: usize = 48 << 20;
/// What an entry costs in memory beyond its bytes (two vectors).
const ENTRY_OVERHEAD: usize = 56;
/// Entries per sled batch of the merge: sled's leaf copies grow with a
/// batch, and a few hundred ordered keys were fastest when measured.
const MERGE_BATCH: usize = 300;
/// How many duplicate NIKs a load lists.
const MAX_DUPLICATES: usize = 1000;

type Entry = (Vec<u8>, Option<Vec<u8>>);

/// The writes of a bulk load not yet in the tree.
pub(super) struct BulkLoad {
    dir: PathBuf,
    held: Vec<Entry>,
    held_bytes: usize,
    /// The runs written, with the entries each holds.
    runs: Vec<(PathBuf, u64)>,
    /// The run being sorted and written on the second core while the
    /// import goes on reading (one at a time, so memory holds two runs).
    writing: Option<std::thread::JoinHandle<io::Result<(PathBuf, u64)>>>,
    /// Meta entries as written (unsealed): read back while the load runs.
    meta: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
}

/// What a finished bulk load wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BulkReport {
    /// Entries merged into the tree.
    pub entries: u64,
    /// NIKs found in more than one household: the NIK and its No. KKs.
    pub duplicate_niks: Vec<(String, Vec<String>)>,
}

impl Store {
    /// Starts a bulk load when the register holds no household; false (and
    /// nothing changes) otherwise. Until [`Store::finish_bulk`] every write
    /// is held, and reads see the register as it was (meta entries aside).
    pub fn begin_bulk(&self) -> Result<bool> {
        if self.household_count()? > 0 {
            return Ok(false);
        }
        let io = |source| StoreError::Io { path: self.path.clone(), action: "sort the import", source };
        let dir = match self.bulk_dir() {
            Some(dir) => {
                let _ = fs::remove_dir_all(&dir);
                fs::create_dir_all(&dir).map_err(io)?;
                dir
            }
            // A temporary database (tests) is never reopened: its runs go
            // to a folder of their own.
            None => tempfile::Builder::new().prefix("dtks-bulk-load-").tempdir().map_err(io)?.keep(),
        };
        let load =
            BulkLoad { dir, held: Vec::new(), held_bytes: 0, runs: Vec::new(), writing: None, meta: BTreeMap::new() };
        *self.bulk.lock().unwrap_or_else(PoisonError::into_inner) = Some(load);
        Ok(true)
    }

    /// Drops a bulk load's held writes and runs: the register stays as it
    /// was before it began.
    pub fn abandon_bulk(&self) {
        if let Some(mut load) = self.bulk.lock().unwrap_or_else(PoisonError::into_inner).take() {
            // The run being written first, so that nothing is written after the folder is gone.
            let _ = load.written();
            let _ = fs::remove_dir_all(&load.dir);
        }
    }

    /// Merges a bulk load's writes into the tree in key order, then its meta
    /// entries in one last atomic, flushed write. `progress` hears of the
    /// entries written and their total.
    pub fn finish_bulk(&self, progress: &mut dyn FnMut(u64, u64)) -> Result<BulkReport> {
        let Some(mut load) = self.bulk.lock().unwrap_or_else(PoisonError::into_inner).take() else {
            return Ok(BulkReport::default());
        };
        let io = |source| StoreError::Io { path: self.path.clone(), action: "sort the import", source };
        // Every held entry goes to a run before the marker, so that an
        // interrupted merge can be undone from the runs alone.
        load.spill(false).map_err(io)?;
        let total: u64 = load.runs.iter().map(|(_, n)| n).sum();
        let mut marker = Batch::default();
        marker.insert(keys::meta(META_BULK), encode("bulk load", &total)?);
        self.apply(marker, "save")?;
        match self.merge_bulk(load, total, progress) {
            Ok(report) => Ok(report),
            Err(e) => {
                // A full disk, say: undone now when it can be, else at the
                // next open, which finds the marker.
                let _ = self.undo_interrupted_bulk();
                Err(e)
            }
        }
    }

    fn merge_bulk(&self, mut load: BulkLoad, total: u64, progress: &mut dyn FnMut(u64, u64)) -> Result<BulkReport> {
        let io = |source| StoreError::Io { path: self.path.clone(), action: "sort the import", source };
        let mut report = BulkReport::default();
        let ids = self.ids();
        let runs: Vec<PathBuf> = load.runs.iter().map(|(p, _)| p.clone()).collect();
        // The runs are merged on the second core while this one writes the
        // batches into sled: a few batches ahead, no more.
        let merged = std::thread::scope(|scope| -> Result<Vec<(String, Vec<String>)>> {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Entry>>(16);
            let merger = scope.spawn(move || -> io::Result<Vec<(String, Vec<String>)>> {
                let mut dupes = Duplicates::new(ids);
                let mut found = Vec::new();
                let mut merge = Merge::new(&runs)?;
                let mut batch = Vec::with_capacity(MERGE_BATCH);
                while let Some(entry) = merge.next_entry()? {
                    dupes.see(&entry.0, &mut found);
                    batch.push(entry);
                    if batch.len() == MERGE_BATCH && tx.send(std::mem::take(&mut batch)).is_err() {
                        // The writer stopped (an error it reports itself).
                        return Ok(found);
                    }
                }
                dupes.end(&mut found);
                let _ = tx.send(batch);
                Ok(found)
            });
            for entries in rx {
                let mut batch = sled::Batch::default();
                for (key, value) in entries {
                    match value {
                        Some(v) => batch.insert(key, v),
                        None => batch.remove(key),
                    }
                    report.entries += 1;
                }
                self.apply_unflushed(batch, "save")?;
                if report.entries % 100_000 < MERGE_BATCH as u64 {
                    progress(report.entries, total);
                }
            }
            match merger.join() {
                Ok(found) => found.map_err(io),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })?;
        report.duplicate_niks = merged;
        self.flush()?;
        let mut last = Batch::default();
        for (k, v) in std::mem::take(&mut load.meta) {
            match v {
                Some(v) => last.insert(k, v),
                None => last.remove(k),
            }
        }
        last.remove(keys::meta(META_BULK));
        self.apply(last, "save")?;
        self.household_generation.fetch_add(1, Ordering::AcqRel);
        if total > 0 {
            progress(report.entries, total);
        }
        let _ = fs::remove_dir_all(&load.dir);
        Ok(report)
    }

    /// Takes a batch into the running bulk load; gives it back when none runs.
    pub(super) fn hold_in_bulk(&self, batch: Batch) -> Result<Option<Batch>> {
        let mut guard = self.bulk.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(load) = guard.as_mut() else { return Ok(Some(batch)) };
        for (k, v) in batch.ops {
            if k.first() == Some(&keys::META) {
                load.meta.insert(k, v);
                continue;
            }
            let v = match (v, &self.vault) {
                (Some(v), Some(vault)) => Some(vault.seal(&k, &v)),
                (v, _) => v,
            };
            load.held_bytes += k.len() + v.as_ref().map_or(0, Vec::len) + ENTRY_OVERHEAD;
            load.held.push((k, v));
        }
        if load.held_bytes >= RUN_BYTES {
            load.spill(true).map_err(|source| StoreError::Io {
                path: self.path.clone(),
                action: "sort the import",
                source,
            })?;
        }
        Ok(None)
    }

    /// A meta entry the running bulk load holds: `Some(None)` when it was
    /// removed, `None` when the load holds nothing for it (or none runs).
    pub(super) fn bulk_meta(&self, key: &[u8]) -> Option<Option<Vec<u8>>> {
        let guard = self.bulk.lock().unwrap_or_else(PoisonError::into_inner);
        guard.as_ref()?.meta.get(key).cloned()
    }

    /// At open: undoes a bulk load whose merge was interrupted, by removing
    /// every key its runs name, and removes the runs of one that never got
    /// that far. A database opened read-only is left as it is.
    pub(super) fn undo_interrupted_bulk(&self) -> Result<()> {
        let Some(dir) = self.bulk_dir() else { return Ok(()) };
        let interrupted = self.meta::<u64>(META_BULK)?.is_some();
        if interrupted {
            let io = |source| StoreError::Io { path: self.path.clone(), action: "undo the interrupted import", source };
            let mut runs: Vec<PathBuf> = match fs::read_dir(&dir) {
                Ok(rd) => rd.flatten().map(|e| e.path()).collect(),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
                Err(e) => return Err(io(e)),
            };
            runs.sort();
            for run in &runs {
                let mut r = RunReader::open(run).map_err(io)?;
                let mut batch = sled::Batch::default();
                let mut n = 0;
                while let Some((k, _)) = r.next_entry().map_err(io)? {
                    batch.remove(k);
                    n += 1;
                    if n % MERGE_BATCH == 0 {
                        self.apply_unflushed(std::mem::take(&mut batch), "undo the interrupted import")?;
                    }
                }
                self.apply_unflushed(batch, "undo the interrupted import")?;
            }
            let mut b = Batch::default();
            b.remove(keys::meta(META_BULK));
            self.apply(b, "undo the interrupted import")?;
        }
        if dir.exists() {
            let _ = fs::remove_dir_all(&dir);
        }
        Ok(())
    }

    /// The runs' folder; `None` for a temporary database.
    fn bulk_dir(&self) -> Option<PathBuf> {
        (!self.temporary).then(|| self.path.join(BULK_DIR))
    }
}

impl BulkLoad {
    /// Sorts the held entries into the next run, once the run before them
    /// is written: on the second core while the import reads on (`behind`),
    /// or here and now.
    fn spill(&mut self, behind: bool) -> io::Result<()> {
        self.written()?;
        if self.held.is_empty() {
            return Ok(());
        }
        let held = std::mem::take(&mut self.held);
        self.held_bytes = 0;
        let path = self.dir.join(format!("run-{:06}", self.runs.len()));
        if behind {
            let spawned =
                std::thread::Builder::new().name("dtks-bulk-run".into()).spawn(move || write_run(held, path))?;
            self.writing = Some(spawned);
        } else {
            self.runs.push(write_run(held, path)?);
        }
        Ok(())
    }

    /// Waits for the run being written, if one is.
    fn written(&mut self) -> io::Result<()> {
        if let Some(handle) = self.writing.take() {
            match handle.join() {
                Ok(run) => self.runs.push(run?),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        Ok(())
    }
}

/// `held` sorted into the run file `path` (the last write of a key wins),
/// synced to disk; the path and the entries written.
fn write_run(mut held: Vec<Entry>, path: PathBuf) -> io::Result<(PathBuf, u64)> {
    // Stable, so equal keys keep their order and the last is the newest.
    held.sort_by(|a, b| a.0.cmp(&b.0));
    let file = File::create(&path)?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let mut n = 0;
    let mut it = held.into_iter().peekable();
    while let Some((k, v)) = it.next() {
        if it.peek().is_some_and(|(next, _)| *next == k) {
            continue;
        }
        write_entry(&mut w, &k, v.as_deref())?;
        n += 1;
    }
    let file = w.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok((path, n))
}

fn write_entry(w: &mut impl Write, k: &[u8], v: Option<&[u8]>) -> io::Result<()> {
    w.write_all(&(k.len() as u32).to_le_bytes())?;
    w.write_all(k)?;
    // 0 marks a removal; a value's length is stored plus one.
    let vlen = v.map_or(0, |v| v.len() as u32 + 1);
    w.write_all(&vlen.to_le_bytes())?;
    if let Some(v) = v {
        w.write_all(v)?;
    }
    Ok(())
}

struct RunReader {
    r: BufReader<File>,
}

impl RunReader {
    fn open(path: &Path) -> io::Result<RunReader> {
        Ok(RunReader { r: BufReader::with_capacity(1 << 20, File::open(path)?) })
    }

    /// The next entry; `None` at the end. A run cut short (a kill while it
    /// was written) ends where it was cut.
    fn next_entry(&mut self) -> io::Result<Option<Entry>> {
        let mut len = [0u8; 4];
        match self.r.read_exact(&mut len) {
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            other => other?,
        }
        let mut key = vec![0; u32::from_le_bytes(len) as usize];
        self.r.read_exact(&mut key)?;
        self.r.read_exact(&mut len)?;
        let value = match u32::from_le_bytes(len) {
            0 => None,
            n => {
                let mut v = vec![0; n as usize - 1];
                self.r.read_exact(&mut v)?;
                Some(v)
            }
        };
        Ok(Some((key, value)))
    }
}

/// An entry of a run in the merge: key, run, value; the smallest key first.
type Head = std::cmp::Reverse<(Vec<u8>, usize, Option<Vec<u8>>)>;

/// The runs merged into one ordered stream; of equal keys the later run's
/// entry wins.
struct Merge {
    readers: Vec<RunReader>,
    heap: BinaryHeap<Head>,
}

impl Merge {
    fn new(runs: &[PathBuf]) -> io::Result<Merge> {
        let mut m = Merge { readers: Vec::new(), heap: BinaryHeap::new() };
        for (i, path) in runs.iter().enumerate() {
            m.readers.push(RunReader::open(path)?);
            m.refill(i)?;
        }
        Ok(m)
    }

    fn refill(&mut self, i: usize) -> io::Result<()> {
        if let Some((k, v)) = self.readers[i].next_entry()? {
            self.heap.push(std::cmp::Reverse((k, i, v)));
        }
        Ok(())
    }

    fn next_entry(&mut self) -> io::Result<Option<Entry>> {
        let Some(std::cmp::Reverse((key, i, mut value))) = self.heap.pop() else { return Ok(None) };
        self.refill(i)?;
        while self.heap.peek().is_some_and(|std::cmp::Reverse((k, _, _))| *k == key) {
            if let Some(std::cmp::Reverse((_, j, v))) = self.heap.pop() {
                value = v;
                self.refill(j)?;
            }
        }
        Ok(Some((key, value)))
    }
}

/// NIKs held by more than one household, noticed as the merge passes the
/// NIK index in order (its keys are NIK then No. KK).
struct Duplicates<'a> {
    ids: keys::Ids<'a>,
    nik: Vec<u8>,
    kks: Vec<Vec<u8>>,
}

impl<'a> Duplicates<'a> {
    fn new(ids: keys::Ids<'a>) -> Self {
        Duplicates { ids, nik: Vec::new(), kks: Vec::new() }
    }

    fn see(&mut self, key: &[u8], out: &mut Vec<(String, Vec<String>)>) {
        let Some((nik, kk)) = keys::nik_entry(key) else { return };
        if nik != self.nik.as_slice() {
            self.end(out);
            self.nik = nik.to_vec();
        }
        self.kks.push(kk.to_vec());
    }

    fn end(&mut self, out: &mut Vec<(String, Vec<String>)>) {
        let kks = std::mem::take(&mut self.kks);
        if kks.len() < 2 || out.len() >= MAX_DUPLICATES {
            return;
        }
        let text = |b: &[u8]| self.ids.back(&String::from_utf8_lossy(b));
        out.push((text(&self.nik), kks.iter().map(|k| text(k)).collect()));
    }
}
