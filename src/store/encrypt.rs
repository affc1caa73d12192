//! A plain database copied into a new encrypted one: every entry, its key
//! as the encrypted layout holds it and its value sealed.

use super::*;

/// Entries per batch of the copy.
const COPY_BATCH: usize = 10_000;

impl Store {
    /// Writes every entry of this (plain) database into a new encrypted
    /// database at `dest`, its key wrapped by `secret`; returns how many.
    /// No audited write runs meanwhile (the copy holds the writer lock).
    pub fn copy_encrypted(&self, dest: &Path, secret: &Secret) -> Result<u64> {
        if self.vault.is_some() {
            return Err(StoreError::Vault { path: self.path.clone(), fault: VaultFault::AlreadyEncrypted });
        }
        let to = Store::create_encrypted(dest, secret, &self.options)?;
        let ids = to.ids();
        let mut batch = Batch::default();
        let n = self.for_each_entry(|_tree, k, v| {
            batch.insert(keys::stored(ids, k), v.to_vec());
            if batch.ops.len() >= COPY_BATCH {
                to.apply(std::mem::take(&mut batch), "encrypt")?;
            }
            Ok::<(), StoreError>(())
        })?;
        to.apply(batch, "encrypt")?;
        to.flush()?;
        Ok(n)
    }
}
