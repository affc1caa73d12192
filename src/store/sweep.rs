//! A damaged page is noticed when it is read: sled checks each log
//! message's CRC as it reads it, and a bad one is an error or a caught
//! panic ([`guard`](super::guard)). A household record that decodes was read
//! whole. A pass over the households never reads the index and audit pages,
//! though, so a command that reads "everything" (stats, export) sweeps the
//! rest of the database too, as `check` does, and says when a page of it is
//! damaged.

use super::{Result, Store, guard, keys};

impl Store {
    /// Reads every entry outside the household records (the store is one
    /// tree) and returns how many; the first unreadable page is the error `Damaged`.
    pub fn sweep_beyond_households(&self) -> Result<u64> {
        let mut n = 0;
        let before = self.db.range(..[keys::HOUSEHOLD].as_slice());
        let after = self.db.range([keys::HOUSEHOLD + 1].as_slice()..);
        for part in [before, after] {
            let it = part.map(|r| r.map_err(|e| self.err("read", e)));
            for r in guard::Caught::new(&self.path, it) {
                r?;
                n += 1;
            }
        }
        Ok(n)
    }
}
