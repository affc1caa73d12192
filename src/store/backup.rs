//! The raw side of backup and restore: every entry of every tree, read
//! while no audited write can run, and written back into a new database.
//! Entries stay opaque bytes here; the backup file's layout is the
//! service's.

use super::*;

/// Meta key holding the smallest record id a restored database may hand
/// out: sled keeps its id counter outside the trees, so a restored database
/// would otherwise count from 1 again over the restored records.
const META_ID_FLOOR: &str = "id_floor";

/// One tree of the database, as the backup names it.
pub type TreeName = Vec<u8>;

impl Store {
    /// Calls `f` with every `(tree, key, value)` of the database, tree by
    /// tree in name order and keys in order, holding the writer lock so that
    /// no audited write (households, records, cycle steps, audit events)
    /// lands half inside the copy. Single-record saves that do not take the
    /// lock (drafts) are each whole, either before or after.
    pub fn for_each_entry<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&[u8], &[u8], &[u8]) -> std::result::Result<(), E>,
    ) -> std::result::Result<u64, E> {
        let _one_writer = self.write_lock.lock().unwrap_or_else(PoisonError::into_inner);
        // Views too: a copy holds each event with the chain's end that names it.
        let _chain = self.chain_lock.lock().unwrap_or_else(PoisonError::into_inner);
        let mut names = self.db.tree_names();
        names.sort();
        let mut n = 0;
        for name in names {
            let tree = guard::catch(&self.path, || self.db.open_tree(&name))?.map_err(|e| self.err("read", e))?;
            let it = tree.iter().map(|r| r.map_err(|e| self.err("read", e)));
            for r in guard::Caught::new(&self.path, it) {
                let (k, v) = r?;
                f(&name, &k, &v)?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// The record id the next `new_id` would give at least: a restored
    /// database starts its ids above it.
    pub fn id_floor(&self) -> Result<u64> {
        self.new_id()
    }

    /// Opens a new, empty database directory for a restore: no schema is
    /// written, the restored entries bring theirs (sealed as they were, when
    /// the backup's vault is written into `path` first).
    pub fn create_for_restore(path: &Path) -> Result<Store> {
        let options = OpenOptions { create: true, ..OpenOptions::default() };
        let config =
            sled::Config::new().path(path).cache_capacity(options.cache_bytes).flush_every_ms(Some(FLUSH_EVERY_MS));
        let db = guard::catch(path, || config.open())?.map_err(|e| open::open_error(path, e))?;
        Ok(Store::from_db(db, path.to_path_buf(), options, false, None))
    }

    /// Writes restored entries of one tree in one batch, flushed.
    pub fn restore_entries(&self, tree: &[u8], entries: Vec<(Vec<u8>, Vec<u8>)>) -> Result<()> {
        let mut b = sled::Batch::default();
        for (k, v) in entries {
            b.insert(k, v);
        }
        if tree == self.db.name().as_ref() {
            return self.apply_stored(b, "restore");
        }
        let t = guard::catch(&self.path, || self.db.open_tree(tree))?.map_err(|e| self.err("restore", e))?;
        guard::catch(&self.path, || t.apply_batch(b))?.map_err(|e| self.err("restore", e))?;
        self.flush()
    }

    /// Records the id floor of the database a restore came from.
    pub fn restore_id_floor(&self, floor: u64) -> Result<()> {
        let mut b = Batch::default();
        b.insert(keys::meta(META_ID_FLOOR), encode("record id floor", &floor)?);
        self.apply(b, "restore")
    }

    /// The floor a restore set, 0 for a database never restored.
    pub(super) fn restored_id_floor(&self) -> Result<u64> {
        Ok(self.meta(META_ID_FLOOR)?.unwrap_or(0))
    }

    /// Whether `key` of the default tree is bookkeeping a restore adds (the
    /// id floor), so that a comparison of two databases can leave it out.
    pub fn is_restore_bookkeeping(tree: &[u8], key: &[u8]) -> bool {
        tree == b"__sled__default" && key == keys::meta(META_ID_FLOOR).as_slice()
    }
}
