use std::io;
use std::path::PathBuf;

use super::codec::CodecError;

/// Everything that can go wrong in the store. Each message names the database
/// or record and says what to do; sled's own text only ever appears after it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {} is in use by another dtks; close that dtks (or wait until it finishes) and try again", path.display())]
    Locked { path: PathBuf },

    #[error("database {} was written by a newer dtks (schema {found}, this dtks reads up to {supported}); use the newer dtks", path.display())]
    NewerSchema { path: PathBuf, found: u32, supported: u32 },

    #[error("no database at {}; check the path, or import data to create one", path.display())]
    Missing { path: PathBuf },

    #[error("{} is not a dtks database: {reason}", path.display())]
    NotADatabase { path: PathBuf, reason: String },

    #[error("database {} is damaged ({detail}); restore it from a backup", path.display())]
    Corrupt { path: PathBuf, detail: String },

    /// A file of the database directory is missing, or sled cannot read it
    /// (it panicked or reported corruption). Said without sled's text.
    #[error("database {} is damaged: {} {damage}; run dtks check, or restore it from a backup with dtks restore", path.display(), file.display())]
    Damaged { path: PathBuf, file: PathBuf, damage: Damage },

    /// The files are there but may not be written: sled 0.34 has no
    /// read-only mode (it opens its log for writing and locks it), so a
    /// database this user cannot write cannot be read either.
    #[error("database {} cannot be opened: dtks must write to its files even to read them, and may not; ask for write permission or open a copy", path.display())]
    ReadOnly { path: PathBuf },

    #[error("database {}: cannot {action}: {source}", path.display())]
    Io { path: PathBuf, action: &'static str, source: io::Error },

    #[error("database {}: cannot {action} ({detail})", path.display())]
    Sled { path: PathBuf, action: &'static str, detail: String },

    #[error("record {key} cannot be read: {source}")]
    Decode { key: String, source: CodecError },

    #[error("{what} cannot be saved: {source}")]
    Encode { what: String, source: CodecError },

    #[error("household {no_kk}: {field} {value:?} cannot be saved (expected {expected}); correct it and save again")]
    Unstorable { no_kk: String, field: String, value: String, expected: &'static str },

    #[error("household {no_kk} appears twice in one save; save each household once")]
    Twice { no_kk: String },

    #[error("record kind {kind:?} is reserved by the store layout; use another byte")]
    ReservedKind { kind: char },

    /// A conditional write found `target` changed since it was read, by the
    /// audited write `seq` (0: the change left no audit event). Nothing was
    /// written.
    #[error("{target} was changed by another session (audit event {seq}) since it was read; read it again")]
    Changed { target: super::versions::Target, seq: u64 },

    /// The encryption of the database at `path` refused: no or a wrong
    /// passphrase, a key file others may read, a value that does not open.
    #[error("database {}: {fault:?}", path.display())]
    Vault { path: PathBuf, fault: super::vault::VaultFault },
}

/// What is wrong with the damaged file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    Missing,
    Unreadable,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Damage::Missing => "is missing",
            Damage::Unreadable => "cannot be read",
        })
    }
}

impl StoreError {
    /// Wraps an error sled returned while working on an open database.
    pub(crate) fn sled(path: &std::path::Path, action: &'static str, e: sled::Error) -> Self {
        let path = path.to_path_buf();
        match e {
            sled::Error::Io(source) => StoreError::Io { path, action, source },
            sled::Error::Corruption { .. } => {
                StoreError::Damaged { file: path.join("db"), path, damage: Damage::Unreadable }
            }
            other => StoreError::Sled { path, action, detail: format!("sled: {other}") },
        }
    }
}
