//! Encryption at rest as the commands use it: a new encrypted register, a
//! plain one encrypted in place, and a new passphrase.
//!
//! What it protects and what it does not is README's "Encryption at rest".

use std::path::Path;

use super::{Result, ServiceError};
use crate::formats::atomic;
use crate::store::{OpenOptions, Secret, Store, StoreError, Vault, VaultFault};

fn vault_err(path: &Path, fault: VaultFault) -> ServiceError {
    StoreError::Vault { path: path.to_path_buf(), fault }.into()
}

/// Makes a new, empty encrypted register at `path` (missing or empty).
pub fn create(path: &Path, secret: &Secret) -> Result<()> {
    let store = Store::create_encrypted(path, secret, &OpenOptions::default())?;
    store.flush()?;
    Ok(())
}

/// What [`encrypt`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encrypted {
    /// Entries copied (records, index entries, audit events, the rest).
    pub entries: u64,
    /// Muskel attachments sealed.
    pub attachments: u64,
}

/// Encrypts the plain register at `path`: it is copied, encrypted, into a
/// new directory beside it, which then takes its place in one exchange and
/// the plain directory is deleted. A kill before the exchange leaves the
/// plain register as it was; after it, the encrypted one.
pub fn encrypt(path: &Path, secret: &Secret) -> Result<Encrypted> {
    if crate::store::is_encrypted(path) {
        // A run killed after the exchange may have left attachments plain.
        let attachments = seal_attachments(path, secret)?;
        if attachments == 0 {
            return Err(vault_err(path, VaultFault::AlreadyEncrypted));
        }
        return Ok(Encrypted { entries: 0, attachments });
    }
    let parent = atomic::parent_of(path);
    // A copy a killed run left (encrypted, or the plain one after the
    // exchange) goes first.
    atomic::remove_stale(parent);
    let work = tempfile::Builder::new()
        .prefix(&atomic::tmp_prefix())
        .tempdir_in(parent)
        .map_err(|e| ServiceError::io(parent, e))?;
    let new = work.path().join("db");
    let entries = {
        let plain = Store::open(path, &OpenOptions::default())?;
        plain.copy_encrypted(&new, secret)?
    };
    atomic::swap_in(&new, path).map_err(|e| ServiceError::io(path, e))?;
    drop(work);
    let attachments = seal_attachments(path, secret)?;
    Ok(Encrypted { entries, attachments })
}

/// Seals, each in one rename, the Muskel attachments of the encrypted
/// register at `path` that are still plain (their bytes hash to their
/// name); returns how many.
fn seal_attachments(path: &Path, secret: &Secret) -> Result<u64> {
    use sha2::{Digest, Sha256};
    let dir = super::backup::attachments_of(path);
    let Ok(files) = std::fs::read_dir(&dir) else { return Ok(0) };
    let store = Store::open(path, &OpenOptions { secret: Some(secret.clone()), ..OpenOptions::default() })?;
    let mut sealed = 0;
    for file in files.flatten() {
        let name = file.file_name().to_string_lossy().into_owned();
        let at = file.path();
        if !super::backup::is_sha256_name(&name) || !at.is_file() {
            continue;
        }
        let bytes = std::fs::read(&at).map_err(|e| ServiceError::io(&at, e))?;
        let plain = crate::store::hex(&Sha256::digest(&bytes)) == name;
        if !plain || store.open_file(&name, &bytes).is_some() {
            continue;
        }
        let mut out = atomic::AtomicFile::create(&at).map_err(|e| ServiceError::io(&at, e))?;
        std::io::Write::write_all(&mut out, &store.seal_file(&name, &bytes)).map_err(|e| ServiceError::io(&at, e))?;
        out.commit().map_err(|e| ServiceError::io(&at, e))?;
        sealed += 1;
    }
    Ok(sealed)
}

/// Wraps the register's key with `new` in place of `old`. The data stays
/// as it is; the key file is replaced in one rename.
pub fn rekey(path: &Path, old: &Secret, new: &Secret) -> Result<()> {
    if !crate::store::is_encrypted(path) {
        return Err(vault_err(path, VaultFault::NotEncrypted));
    }
    Store::check_not_locked(path)?;
    Vault::rewrap(path, old, new).map_err(|f| vault_err(path, f))
}
