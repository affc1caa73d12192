//! Opening a database: the lock, the schema check and its migrations, and
//! the reopen that makes sled write its snapshot after a large import.

use super::*;

impl Store {
    /// Says `Locked` when another process holds the database at `path`, as
    /// `open` would, without opening it: the screens ask this first so that
    /// they can draw before the (slow) open. sled locks its `db` file with
    /// `flock`, the lock `File::try_lock` takes too; ours is dropped at once.
    /// A directory without a `db` file is left for `open` to judge.
    pub fn check_not_locked(path: &Path) -> Result<()> {
        let file = match fs::OpenOptions::new().read(true).write(true).open(path.join("db")) {
            Ok(f) => f,
            Err(_) => return Ok(()),
        };
        match file.try_lock() {
            Ok(()) => Ok(()),
            Err(fs::TryLockError::WouldBlock) => Err(StoreError::Locked { path: path.to_path_buf() }),
            // A file system without locks: `open` will say what it can.
            Err(fs::TryLockError::Error(_)) => Ok(()),
        }
    }

    /// Opens the database directory at `path`, creating it when it is missing
    /// and `options.create` is set. An encrypted database is unlocked with
    /// `options.secret`, or else the process's secret.
    pub fn open(path: &Path, options: &OpenOptions) -> Result<Store> {
        let vault = if vault::is_encrypted(path) {
            let secret = options.secret.clone().or_else(process_secret);
            let vault_err = |fault| StoreError::Vault { path: path.to_path_buf(), fault };
            let secret = secret.ok_or_else(|| vault_err(VaultFault::NoSecret))?;
            Some(Vault::unlock(path, &secret).map_err(vault_err)?)
        } else {
            None
        };
        Store::open_with(path, options, vault)
    }

    /// Makes a new encrypted database at `path` (missing, or an empty
    /// directory), its key wrapped by `secret`.
    pub fn create_encrypted(path: &Path, secret: &Secret, options: &OpenOptions) -> Result<Store> {
        let vault_err = |fault| StoreError::Vault { path: path.to_path_buf(), fault };
        if vault::is_encrypted(path) {
            return Err(vault_err(VaultFault::AlreadyEncrypted));
        }
        let io = |source| StoreError::Io { path: path.to_path_buf(), action: "create the database", source };
        fs::create_dir_all(path).map_err(io)?;
        if fs::read_dir(path).map_err(io)?.next().is_some() {
            return Err(StoreError::NotADatabase {
                path: path.to_path_buf(),
                reason: "the directory holds other files; choose a new or empty directory for a new database".into(),
            });
        }
        let vault = Vault::create(path, secret).map_err(vault_err)?;
        Store::open_with(path, &OpenOptions { create: true, ..options.clone() }, Some(vault))
    }

    fn open_with(path: &Path, options: &OpenOptions, vault: Option<Arc<Vault>>) -> Result<Store> {
        let path = path.to_path_buf();
        let not_db = |reason: &str| StoreError::NotADatabase { path: path.clone(), reason: reason.into() };
        match fs::metadata(&path) {
            Ok(m) if !m.is_dir() => {
                return Err(not_db("it is a file; a dtks database is a directory"));
            }
            Ok(_) => {
                let sled_files = path.join("db").is_file() && path.join("conf").is_file();
                // An encrypted database's key comes before sled's files.
                let empty = fs::read_dir(&path)
                    .map_err(|source| StoreError::Io { path: path.clone(), action: "read the directory", source })?
                    .flatten()
                    .all(|e| e.file_name() == VAULT_FILE);
                if !sled_files && let Some(gone) = missing_sled_file(&path) {
                    return Err(StoreError::Damaged { file: path.join(gone), path, damage: Damage::Missing });
                }
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
        let had_files = path.join("db").is_file();
        let db = loop {
            // A damaged file can make sled panic here rather than fail.
            match guard::catch(&path, || config.open()).and_then(|r| r.map_err(|e| open_error(&path, e))) {
                Err(StoreError::Locked { .. }) if tries < LOCK_RETRIES => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => break other?,
            }
        };
        let store = Store::from_db(db, path, options.clone(), false, vault);
        // dtks writes its schema when it creates the files, so sled files
        // that hold nothing lost their contents (an emptied or cut `db`).
        if had_files && store.db.is_empty() {
            return Err(StoreError::Damaged {
                file: store.path.join("db"),
                path: store.path.clone(),
                damage: Damage::Unreadable,
            });
        }
        store.check_schema()?;
        store.undo_interrupted_bulk()?;
        Ok(store)
    }

    /// An empty database in temporary storage, deleted when dropped: for
    /// tests, and as a stand-in while the real one is closed and reopened.
    pub fn open_temporary() -> Result<Store> {
        let path = PathBuf::from("(temporary database)");
        let options = OpenOptions { create: true, cache_bytes: 1024 * 1024, secret: None };
        let db = sled::Config::new()
            .temporary(true)
            .cache_capacity(options.cache_bytes)
            .open()
            .map_err(|e| open_error(&path, e))?;
        let store = Store::from_db(db, path, options, true, None);
        store.check_schema()?;
        Ok(store)
    }

    fn check_schema(&self) -> Result<()> {
        match self.meta::<u32>(META_SCHEMA)? {
            Some(found) if found > SCHEMA_VERSION => {
                Err(StoreError::NewerSchema { path: self.path.clone(), found, supported: SCHEMA_VERSION })
            }
            Some(SCHEMA_VERSION) => Ok(()),
            Some(1) => {
                self.migrate_1_to_2()?;
                self.migrate_2_to_3()
            }
            Some(2) => self.migrate_2_to_3(),
            Some(found) => {
                Err(StoreError::Corrupt { path: self.path.clone(), detail: format!("unknown schema version {found}") })
            }
            None if !self.db.is_empty() => Err(StoreError::NotADatabase {
                path: self.path.clone(),
                reason: "it is a sled database without dtks data".into(),
            }),
            None if !self.options.create => Err(StoreError::Missing { path: self.path.clone() }),
            None => {
                let mut b = Batch::default();
                b.insert(keys::meta(META_SCHEMA), encode("schema version", &SCHEMA_VERSION)?);
                b.insert(keys::meta(META_NEXT_SEQ), encode("audit sequence", &1u64)?);
                b.insert(keys::meta(META_HOUSEHOLDS), encode("household count", &0u64)?);
                self.stage_database_id(&mut b)?;
                self.apply(b, "create the database")
            }
        }
    }

    /// Builds the street index. Batches are idempotent and the schema
    /// version is raised last, so a killed migration is redone at next open.
    fn migrate_1_to_2(&self) -> Result<()> {
        let mut batch = Batch::default();
        let mut in_batch = 0;
        for r in self.iter_households() {
            let h = r?;
            for (k, v) in keys::index_entries(self.ids(), &h)? {
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
        batch.insert(keys::meta(META_SCHEMA), encode("schema version", &2u32)?);
        self.apply(batch, "build the street index")
    }

    /// Chains the audit log; resumable, and the schema version is raised
    /// last.
    fn migrate_2_to_3(&self) -> Result<()> {
        self.chain_old_log()?;
        let mut batch = Batch::default();
        batch.insert(keys::meta(META_SCHEMA), encode("schema version", &SCHEMA_VERSION)?);
        self.apply(batch, "chain the audit log")
    }

    /// Closes and opens the database again. sled writes its snapshot at open,
    /// so doing this after a large import makes the next open fast.
    /// A temporary database is returned as it is.
    pub fn reopen(self) -> Result<Store> {
        if self.temporary {
            return Ok(self);
        }
        let (path, options, vault) = (self.path.clone(), self.options.clone(), self.vault.clone());
        self.flush()?;
        drop(self);
        Store::open_with(&path, &options, vault)
    }
}

static PROCESS_SECRET: std::sync::Mutex<Option<Secret>> = std::sync::Mutex::new(None);

/// Sets what unlocks the encrypted databases this process opens without a
/// secret of their own: the front end asks for it (a passphrase typed, a
/// key file named) before it opens a database.
pub fn set_process_secret(secret: Option<Secret>) {
    *PROCESS_SECRET.lock().unwrap_or_else(PoisonError::into_inner) = secret;
}

fn process_secret() -> Option<Secret> {
    PROCESS_SECRET.lock().unwrap_or_else(PoisonError::into_inner).clone()
}

/// Turns sled's open failures into errors a person can act on.
pub(super) fn open_error(path: &Path, e: sled::Error) -> StoreError {
    let path = path.to_path_buf();
    match e {
        sled::Error::Io(io)
            if io.kind() == io::ErrorKind::WouldBlock || io.to_string().contains("could not acquire lock") =>
        {
            StoreError::Locked { path }
        }
        sled::Error::Io(source)
            if matches!(source.kind(), io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem)
                && path.join("db").is_file() =>
        {
            StoreError::ReadOnly { path }
        }
        sled::Error::Io(source) => StoreError::Io { path, action: "open", source },
        sled::Error::Unsupported(msg) => {
            StoreError::NotADatabase { path, reason: format!("sled cannot open it: {msg}") }
        }
        sled::Error::Corruption { .. } => {
            StoreError::Damaged { file: path.join("db"), path, damage: Damage::Unreadable }
        }
        other => StoreError::Sled { path, action: "open", detail: format!("sled: {other}") },
    }
}

/// The sled file missing from a directory that holds the rest of a sled
/// database (the other of `db`/`conf`, a snapshot or the blobs directory):
/// such a directory is a damaged database, not some other directory.
fn missing_sled_file(path: &Path) -> Option<&'static str> {
    let (db, conf) = (path.join("db").is_file(), path.join("conf").is_file());
    let snapshot = fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with("snap."));
    let sled_trace = db || conf || snapshot || path.join("blobs").is_dir();
    match (db, conf) {
        _ if !sled_trace => None,
        (false, _) => Some("db"),
        (true, false) => Some("conf"),
        (true, true) => None,
    }
}
