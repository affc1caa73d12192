//! Backup and restore: one file holding every entry of the database and
//! every attachment, with a manifest of SHA-256 hashes.
//!
//! The file, all integers little-endian:
//!
//! ```text
//! "DTKSBAK\n" u32 format        magic and format version (1)
//! part*                          kind u8, name_len u16, name, body_len u64, body
//!   kind 'S'  store-NNNNNN       entries of one tree: (key_len u32, key, value_len u32, value)*
//!   kind 'A'  <sha256>           one attachment file's bytes, named by their SHA-256
//!   kind 'M'  manifest           JSON: format, time, counts, and each part's kind, name,
//!                                tree, entries, length and SHA-256, in file order
//! "DTKSEND\n" [u8; 32]           end marker and the SHA-256 of the manifest's body
//! ```
//!
//! A backup is written under a temporary name beside `--out` and renamed
//! when whole. A restore reads the file twice: first it checks every hash,
//! every length and the end marker, writing nothing; then it writes a new
//! database in a temporary directory beside the target and renames it into
//! place (attachments first, the database last), so the target either is
//! the whole restored database or is not there.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Refusal, Result, Service, ServiceError};
use crate::store::{SCHEMA_VERSION, Store};

pub const FORMAT: u32 = 1;
const MAGIC: &[u8; 8] = b"DTKSBAK\n";
const END: &[u8; 8] = b"DTKSEND\n";
/// A store part is closed once its body passes this size.
const PART_BYTES: usize = 4 * 1024 * 1024;
/// Entries per restore batch, whatever a part holds.
const RESTORE_BATCH: usize = 10_000;
/// A manifest larger than this is not one dtks wrote.
const MANIFEST_MAX: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartKind {
    Store,
    Attachment,
}

impl PartKind {
    fn byte(self) -> u8 {
        match self {
            PartKind::Store => b'S',
            PartKind::Attachment => b'A',
        }
    }
}

/// One part as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartEntry {
    pub kind: PartKind,
    pub name: String,
    /// Store parts: the tree's name, hex.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tree: String,
    /// Store parts: how many entries; its first is entry `first + 1`.
    #[serde(default)]
    pub entries: u64,
    #[serde(default)]
    pub first: u64,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: NaiveDateTime,
    /// The database directory backed up, as it was given.
    pub database: String,
    pub schema: u32,
    pub households: u64,
    pub entries: u64,
    pub attachments: u64,
    /// Record ids of the restored database start above this.
    pub id_floor: u64,
    pub parts: Vec<PartEntry>,
    /// An encrypted database's `vault.json` (its data key, sealed by the
    /// passphrase): the entries are in the backup as stored, encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault: Option<String>,
}

/// What `backup` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub households: u64,
    pub entries: u64,
    pub attachments: u64,
    pub parts: usize,
}

/// What `restore` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    pub path: PathBuf,
    pub households: u64,
    pub entries: u64,
    pub attachments: u64,
    pub created_at: NaiveDateTime,
}

/// Where in a backup file something is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartName {
    /// Store entries `first + 1 ..= first + entries` (part `name`).
    Store {
        name: String,
        first: u64,
        entries: u64,
    },
    Attachment {
        sha256: String,
    },
    Manifest,
}

/// Why a backup file is refused, or a restore target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupRefusal {
    NotABackup {
        path: PathBuf,
    },
    NewerFormat {
        path: PathBuf,
        format: u32,
        schema: u32,
    },
    /// The file ends before its end marker: inside `part`, or after the last
    /// whole part.
    Truncated {
        path: PathBuf,
        at: u64,
        part: Option<PartName>,
    },
    /// A part's bytes do not give the hash the manifest recorded.
    PartDamaged {
        path: PathBuf,
        part: PartName,
    },
    /// The manifest does not match its hash or cannot be read.
    ManifestDamaged {
        path: PathBuf,
    },
    /// Bytes at `at` are not a part header (kind, name, length).
    HeaderDamaged {
        path: PathBuf,
        at: u64,
    },
    /// The parts found differ from those the manifest lists.
    PartsDiffer {
        path: PathBuf,
        listed: usize,
        found: usize,
    },
    TargetNotEmpty {
        path: PathBuf,
    },
}

impl From<BackupRefusal> for ServiceError {
    fn from(r: BackupRefusal) -> Self {
        ServiceError::Refused(Refusal::Backup(r))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn is_sha256_name(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The attachment area of the database at `db` (see `attachments_dir`).
pub(crate) fn attachments_of(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_os_string();
    p.push(".attachments");
    PathBuf::from(p)
}

/// Writes parts to the backup file, hashing each body.
struct PartWriter<W: Write> {
    out: W,
    written: u64,
}

impl<W: Write> PartWriter<W> {
    fn part(&mut self, kind: u8, name: &str, body: &[u8]) -> io::Result<String> {
        self.header(kind, name, body.len() as u64)?;
        self.out.write_all(body)?;
        self.written += body.len() as u64;
        Ok(hex(&Sha256::digest(body)))
    }

    fn header(&mut self, kind: u8, name: &str, len: u64) -> io::Result<()> {
        let name = name.as_bytes();
        self.out.write_all(&[kind])?;
        self.out.write_all(&(name.len() as u16).to_le_bytes())?;
        self.out.write_all(name)?;
        self.out.write_all(&len.to_le_bytes())?;
        self.written += 1 + 2 + name.len() as u64 + 8;
        Ok(())
    }
}

/// A store part being filled.
struct Chunk {
    tree: Vec<u8>,
    body: Vec<u8>,
    entries: u64,
}

impl Service {
    /// Writes a backup of the whole database and its attachments to `out`
    /// (replacing it only once the new backup is whole). The store is read
    /// while no audited write can run, so the copy is consistent.
    pub fn backup(&self, out: &Path) -> Result<BackupReport> {
        let dir = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".dtks-backup-")
            .tempfile_in(&dir)
            .map_err(|e| ServiceError::io(&dir, e))?;
        let io_err = |e: io::Error| ServiceError::io(out, e);
        let mut w = PartWriter { out: BufWriter::new(tmp.as_file()), written: 0 };
        w.out.write_all(MAGIC).map_err(io_err)?;
        w.out.write_all(&FORMAT.to_le_bytes()).map_err(io_err)?;
        w.written = 12;

        let store = self.store();
        let households = store.household_count()?;
        let id_floor = store.id_floor()?;
        let mut parts = Vec::new();
        let mut chunk = Chunk { tree: Vec::new(), body: Vec::new(), entries: 0 };
        let mut done = 0u64;
        let mut close = |w: &mut PartWriter<_>, chunk: &mut Chunk, parts: &mut Vec<PartEntry>| -> Result<()> {
            if chunk.entries == 0 {
                return Ok(());
            }
            let name = format!("store-{:06}", parts.len() + 1);
            let sha256 = w.part(b'S', &name, &chunk.body).map_err(io_err)?;
            parts.push(PartEntry {
                kind: PartKind::Store,
                name,
                tree: hex(&chunk.tree),
                entries: chunk.entries,
                first: done,
                bytes: chunk.body.len() as u64,
                sha256,
            });
            done += chunk.entries;
            chunk.body.clear();
            chunk.entries = 0;
            Ok(())
        };
        let entries = store.for_each_entry(|tree, k, v| -> Result<()> {
            if tree != chunk.tree.as_slice() || chunk.body.len() >= PART_BYTES {
                close(&mut w, &mut chunk, &mut parts)?;
                chunk.tree = tree.to_vec();
            }
            chunk.body.extend_from_slice(&(k.len() as u32).to_le_bytes());
            chunk.body.extend_from_slice(k);
            chunk.body.extend_from_slice(&(v.len() as u32).to_le_bytes());
            chunk.body.extend_from_slice(v);
            chunk.entries += 1;
            Ok(())
        })?;
        close(&mut w, &mut chunk, &mut parts)?;

        // After the store: a record in the copy has its file kept already
        // (files are kept before the record is written), and files are
        // never changed once kept.
        let mut attachments = 0;
        for (sha, path) in attachment_files(&self.attachments_dir())? {
            let sha256 = copy_attachment(&mut w, &sha, &path)?;
            let bytes = fs::metadata(&path).map_err(|e| ServiceError::io(&path, e))?.len();
            parts.push(PartEntry {
                kind: PartKind::Attachment,
                name: sha,
                tree: String::new(),
                entries: 0,
                first: 0,
                bytes,
                sha256,
            });
            attachments += 1;
        }

        let manifest = Manifest {
            format: FORMAT,
            created_at: self.now(),
            database: self.path().display().to_string(),
            schema: SCHEMA_VERSION,
            households,
            entries,
            attachments,
            id_floor,
            parts,
            vault: match store.is_encrypted() {
                true => {
                    let at = self.path().join(crate::store::VAULT_FILE);
                    Some(fs::read_to_string(&at).map_err(|e| ServiceError::io(&at, e))?)
                }
                false => None,
            },
        };
        let body = serde_json::to_vec_pretty(&manifest)
            .map_err(|e| ServiceError::io(out, io::Error::new(io::ErrorKind::InvalidData, e)))?;
        w.part(b'M', "manifest", &body).map_err(io_err)?;
        w.out.write_all(END).map_err(io_err)?;
        w.out.write_all(&Sha256::digest(&body)).map_err(io_err)?;
        w.out.flush().map_err(io_err)?;
        let bytes = w.written + 8 + 32;
        drop(w);
        tmp.as_file().sync_all().map_err(io_err)?;
        tmp.persist(out).map_err(|e| ServiceError::io(out, e.error))?;
        Ok(BackupReport {
            path: out.to_path_buf(),
            bytes,
            households,
            entries,
            attachments,
            parts: manifest.parts.len(),
        })
    }
}

/// The kept files of an attachment area (named by their SHA-256), in name
/// order; temporary files of an attach in progress are left out.
fn attachment_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(ServiceError::io(dir, e)),
    };
    let mut out = Vec::new();
    for entry in rd {
        let entry = entry.map_err(|e| ServiceError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_sha256_name(&name) && entry.path().is_file() {
            out.push((name, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// Streams one attachment into the backup; its header's length is the
/// size read when it starts, and a file that changes size meanwhile is an
/// error rather than a part that lies about its length.
fn copy_attachment<W: Write>(w: &mut PartWriter<W>, sha: &str, path: &Path) -> Result<String> {
    let file = File::open(path).map_err(|e| ServiceError::io(path, e))?;
    let len = file.metadata().map_err(|e| ServiceError::io(path, e))?.len();
    w.header(b'A', sha, len).map_err(|e| ServiceError::io(path, e))?;
    let mut h = Sha256::new();
    let mut src = file.take(len);
    let mut buf = vec![0u8; 64 * 1024];
    let mut copied = 0;
    loop {
        let n = src.read(&mut buf).map_err(|e| ServiceError::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        w.out.write_all(&buf[..n]).map_err(|e| ServiceError::io(path, e))?;
        copied += n as u64;
    }
    if copied != len {
        return Err(ServiceError::io(path, io::Error::from(io::ErrorKind::UnexpectedEof)));
    }
    w.written += len;
    Ok(hex(&h.finalize()))
}

// ---- reading a backup ------------------------------------------------------

/// Reads a backup file part by part, counting bytes so that a problem can
/// say where it is.
struct PartReader<R: Read> {
    inner: R,
    at: u64,
    path: PathBuf,
}

struct Header {
    kind: u8,
    name: String,
    len: u64,
}

enum Next {
    Part(Header),
    /// The end marker; the manifest's hash follows.
    End([u8; 32]),
}

impl<R: Read> PartReader<R> {
    /// Fills `buf`, or says how many bytes were there before the file ended.
    fn fill(&mut self, buf: &mut [u8]) -> Result<std::result::Result<(), usize>> {
        let mut got = 0;
        while got < buf.len() {
            match self.inner.read(&mut buf[got..]) {
                Ok(0) => return Ok(Err(got)),
                Ok(n) => {
                    got += n;
                    self.at += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(ServiceError::io(&self.path, e)),
            }
        }
        Ok(Ok(()))
    }

    fn truncated(&self, part: Option<PartName>) -> ServiceError {
        BackupRefusal::Truncated { path: self.path.clone(), at: self.at, part }.into()
    }

    fn start(&mut self) -> Result<()> {
        let mut head = [0u8; 12];
        if self.fill(&mut head)?.is_err() || &head[..8] != MAGIC {
            return Err(BackupRefusal::NotABackup { path: self.path.clone() }.into());
        }
        let format = u32::from_le_bytes([head[8], head[9], head[10], head[11]]);
        if format != FORMAT {
            return Err(BackupRefusal::NewerFormat { path: self.path.clone(), format, schema: 0 }.into());
        }
        Ok(())
    }

    /// The next part's header, or the end marker. `after` names the last
    /// whole part, for a file that ends here.
    fn next(&mut self, after: Option<PartName>) -> Result<Next> {
        let at = self.at;
        let mut kind = [0u8; 1];
        if self.fill(&mut kind)?.is_err() {
            return Err(self.truncated(after));
        }
        let path = self.path.clone();
        let damaged = move || ServiceError::from(BackupRefusal::HeaderDamaged { path: path.clone(), at });
        if kind[0] == END[0] {
            let mut rest = [0u8; 7 + 32];
            if self.fill(&mut rest)?.is_err() {
                return Err(self.truncated(after));
            }
            if rest[..7] != END[1..] {
                return Err(damaged());
            }
            let mut sha = [0u8; 32];
            sha.copy_from_slice(&rest[7..]);
            return Ok(Next::End(sha));
        }
        if ![b'S', b'A', b'M'].contains(&kind[0]) {
            return Err(damaged());
        }
        let mut n = [0u8; 2];
        if self.fill(&mut n)?.is_err() {
            return Err(self.truncated(after));
        }
        let mut name = vec![0u8; u16::from_le_bytes(n) as usize];
        if self.fill(&mut name)?.is_err() {
            return Err(self.truncated(after));
        }
        let Ok(name) = String::from_utf8(name) else { return Err(damaged()) };
        let mut len = [0u8; 8];
        if self.fill(&mut len)?.is_err() {
            return Err(self.truncated(after));
        }
        Ok(Next::Part(Header { kind: kind[0], name, len: u64::from_le_bytes(len) }))
    }

    /// Streams a body of `len` bytes to `sink`, hashing it.
    fn body(&mut self, len: u64, part: &PartName, mut sink: impl FnMut(&[u8]) -> Result<()>) -> Result<String> {
        let mut h = Sha256::new();
        let mut left = len;
        let mut buf = vec![0u8; 64 * 1024];
        while left > 0 {
            let want = left.min(buf.len() as u64) as usize;
            if self.fill(&mut buf[..want])?.is_err() {
                return Err(self.truncated(Some(part.clone())));
            }
            h.update(&buf[..want]);
            sink(&buf[..want])?;
            left -= want as u64;
        }
        Ok(hex(&h.finalize()))
    }
}

fn part_name(kind: u8, name: &str, listed: Option<&PartEntry>) -> PartName {
    match (kind, listed) {
        (b'M', _) => PartName::Manifest,
        (b'A', _) => PartName::Attachment { sha256: name.to_string() },
        (_, Some(p)) => PartName::Store { name: name.to_string(), first: p.first, entries: p.entries },
        (_, None) => PartName::Store { name: name.to_string(), first: 0, entries: 0 },
    }
}

fn open_backup(path: &Path) -> Result<PartReader<BufReader<File>>> {
    let f = File::open(path).map_err(|e| ServiceError::io(path, e))?;
    let mut r = PartReader { inner: BufReader::with_capacity(256 * 1024, f), at: 0, path: path.to_path_buf() };
    r.start()?;
    Ok(r)
}

/// Reads the whole backup at `path` and checks every part's length and
/// hash against its manifest, and the manifest against the end marker.
/// Writes nothing; returns the manifest of a sound backup.
pub fn verify(path: &Path) -> Result<Manifest> {
    let mut r = open_backup(path)?;
    let mut found: Vec<(u8, String, u64, String)> = Vec::new();
    let mut manifest_body = None;
    let mut after = None;
    let end_sha = loop {
        match r.next(after.clone())? {
            Next::End(sha) => break sha,
            Next::Part(h) => {
                let name = part_name(h.kind, &h.name, None);
                if h.kind == b'M' {
                    if h.len > MANIFEST_MAX {
                        return Err(BackupRefusal::ManifestDamaged { path: path.to_path_buf() }.into());
                    }
                    let mut body = Vec::new();
                    r.body(h.len, &name, |b| {
                        body.extend_from_slice(b);
                        Ok(())
                    })?;
                    manifest_body = Some(body);
                } else {
                    let sha = r.body(h.len, &name, |_| Ok(()))?;
                    found.push((h.kind, h.name, h.len, sha));
                }
                after = Some(name);
            }
        }
    };
    // Nothing may follow the end marker.
    let mut extra = [0u8; 1];
    if r.fill(&mut extra)?.is_ok() {
        return Err(BackupRefusal::HeaderDamaged { path: path.to_path_buf(), at: r.at - 1 }.into());
    }
    let Some(body) = manifest_body else {
        return Err(BackupRefusal::ManifestDamaged { path: path.to_path_buf() }.into());
    };
    if Sha256::digest(&body).as_slice() != end_sha {
        return Err(BackupRefusal::ManifestDamaged { path: path.to_path_buf() }.into());
    }
    let manifest: Manifest = serde_json::from_slice(&body)
        .map_err(|_| ServiceError::from(BackupRefusal::ManifestDamaged { path: path.to_path_buf() }))?;
    if manifest.format > FORMAT || manifest.schema > SCHEMA_VERSION {
        return Err(BackupRefusal::NewerFormat {
            path: path.to_path_buf(),
            format: manifest.format,
            schema: manifest.schema,
        }
        .into());
    }
    for (listed, (kind, name, len, sha)) in manifest.parts.iter().zip(&found) {
        let same_header = listed.kind.byte() == *kind && listed.name == *name && listed.bytes == *len;
        if !same_header || listed.sha256 != *sha {
            let part = part_name(listed.kind.byte(), &listed.name, Some(listed));
            return Err(BackupRefusal::PartDamaged { path: path.to_path_buf(), part }.into());
        }
    }
    let entries: u64 = manifest.parts.iter().map(|p| p.entries).sum();
    if manifest.parts.len() != found.len() || entries != manifest.entries {
        return Err(BackupRefusal::PartsDiffer {
            path: path.to_path_buf(),
            listed: manifest.parts.len(),
            found: found.len(),
        }
        .into());
    }
    Ok(manifest)
}

/// True when `path` is missing or an empty directory.
fn is_free(path: &Path) -> Result<bool> {
    match fs::read_dir(path) {
        Ok(mut rd) => Ok(rd.next().is_none()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => Ok(false),
        Err(e) => Err(ServiceError::io(path, e)),
    }
}

/// Restores the backup at `file` into a new database at `target` (missing
/// or an empty directory), with its attachments beside it. Every hash is
/// checked before anything is written; a damaged backup is refused naming
/// the part.
pub fn restore(file: &Path, target: &Path) -> Result<RestoreReport> {
    let target_att = attachments_of(target);
    for t in [target, target_att.as_path()] {
        if !is_free(t)? {
            return Err(BackupRefusal::TargetNotEmpty { path: t.to_path_buf() }.into());
        }
    }
    let manifest = verify(file)?;

    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| ServiceError::io(&parent, e))?;
    let work = tempfile::Builder::new()
        .prefix(".dtks-restore-")
        .tempdir_in(&parent)
        .map_err(|e| ServiceError::io(&parent, e))?;
    let (db_dir, att_dir) = (work.path().join("db"), work.path().join("attachments"));
    fs::create_dir(&att_dir).map_err(|e| ServiceError::io(&att_dir, e))?;
    if let Some(vault) = &manifest.vault {
        fs::create_dir(&db_dir).map_err(|e| ServiceError::io(&db_dir, e))?;
        let at = db_dir.join(crate::store::VAULT_FILE);
        fs::write(&at, vault).map_err(|e| ServiceError::io(&at, e))?;
    }
    {
        let store = Store::create_for_restore(&db_dir)?;
        write_parts(file, &manifest, &store, &att_dir)?;
        store.restore_id_floor(manifest.id_floor)?;
        store.flush()?;
    }
    // The restored database opens as any other before it is put in place.
    let households = {
        let opened = Store::open(&db_dir, &crate::store::OpenOptions::default())?;
        opened.household_count()?
    };
    if manifest.attachments > 0 {
        fs::rename(&att_dir, &target_att).map_err(|e| ServiceError::io(&target_att, e))?;
    }
    // An empty target directory is replaced (rename cannot replace one everywhere).
    if target.is_dir() {
        fs::remove_dir(target).map_err(|e| ServiceError::io(target, e))?;
    }
    fs::rename(&db_dir, target).map_err(|e| ServiceError::io(target, e))?;
    Ok(RestoreReport {
        path: target.to_path_buf(),
        households,
        entries: manifest.entries,
        attachments: manifest.attachments,
        created_at: manifest.created_at,
    })
}

/// The second reading: every part into the new database or attachment
/// area, its hash checked again (the file could have changed since).
fn write_parts(file: &Path, manifest: &Manifest, store: &Store, att_dir: &Path) -> Result<()> {
    let mut r = open_backup(file)?;
    for listed in &manifest.parts {
        let Next::Part(h) = r.next(None)? else {
            return Err(BackupRefusal::PartsDiffer {
                path: file.to_path_buf(),
                listed: manifest.parts.len(),
                found: 0,
            }
            .into());
        };
        let name = part_name(h.kind, &h.name, Some(listed));
        let damaged =
            || ServiceError::from(BackupRefusal::PartDamaged { path: file.to_path_buf(), part: name.clone() });
        if h.name != listed.name || h.len != listed.bytes {
            return Err(damaged());
        }
        let sha = match listed.kind {
            PartKind::Store => {
                let tree = unhex(&listed.tree).ok_or_else(damaged)?;
                let mut entries = EntryParser::default();
                let sha = r.body(h.len, &name, |b| {
                    entries.feed(b);
                    if entries.done.len() >= RESTORE_BATCH {
                        store.restore_entries(&tree, std::mem::take(&mut entries.done))?;
                    }
                    Ok(())
                })?;
                if !entries.pending.is_empty() {
                    return Err(damaged());
                }
                store.restore_entries(&tree, entries.done)?;
                sha
            }
            PartKind::Attachment => {
                let dest = att_dir.join(&listed.name);
                let mut out = BufWriter::new(File::create(&dest).map_err(|e| ServiceError::io(&dest, e))?);
                let sha = r.body(h.len, &name, |b| out.write_all(b).map_err(|e| ServiceError::io(&dest, e)))?;
                let f = out.into_inner().map_err(|e| ServiceError::io(&dest, e.into_error()))?;
                f.sync_all().map_err(|e| ServiceError::io(&dest, e))?;
                sha
            }
        };
        if sha != listed.sha256 {
            return Err(damaged());
        }
    }
    Ok(())
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// Splits a store part's body, fed in pieces, into `(key, value)` pairs.
#[derive(Default)]
struct EntryParser {
    pending: Vec<u8>,
    done: Vec<(Vec<u8>, Vec<u8>)>,
}

impl EntryParser {
    fn feed(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        let mut at = 0;
        while let Some((k, v, next)) = entry_at(&self.pending, at) {
            self.done.push((k.to_vec(), v.to_vec()));
            at = next;
        }
        self.pending.drain(..at);
    }
}

/// The entry starting at `at`, and where the next starts; `None` until
/// all of it is there.
fn entry_at(b: &[u8], at: usize) -> Option<(&[u8], &[u8], usize)> {
    let len = |i: usize| b.get(i..i + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize);
    let kl = len(at)?;
    let k = b.get(at + 4..at + 4 + kl)?;
    let vl = len(at + 4 + kl)?;
    let vs = at + 8 + kl;
    let v = b.get(vs..vs + vl)?;
    Some((k, v, vs + vl))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_split_across_pieces_come_out_whole() {
        let mut body = Vec::new();
        for (k, v) in [(&b"ab"[..], &b"xyz"[..]), (b"", b""), (b"k", &[7u8; 300][..])] {
            body.extend_from_slice(&(k.len() as u32).to_le_bytes());
            body.extend_from_slice(k);
            body.extend_from_slice(&(v.len() as u32).to_le_bytes());
            body.extend_from_slice(v);
        }
        for piece in [1, 3, 7, body.len()] {
            let mut p = EntryParser::default();
            for c in body.chunks(piece) {
                p.feed(c);
            }
            assert!(p.pending.is_empty(), "piece {piece}");
            assert_eq!(p.done.len(), 3);
            assert_eq!(p.done[0], (b"ab".to_vec(), b"xyz".to_vec()));
            assert_eq!(p.done[2].1.len(), 300);
        }
        let mut p = EntryParser::default();
        p.feed(&body[..body.len() - 1]);
        assert_eq!(p.done.len(), 2, "a cut last entry stays pending");
        assert!(!p.pending.is_empty());
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(unhex(&hex(b"__sled__default")).unwrap(), b"__sled__default");
        assert_eq!(unhex("0"), None);
        assert_eq!(unhex("zz"), None);
        assert!(is_sha256_name(&"a1".repeat(32)));
        assert!(!is_sha256_name(".tmpAbc"));
    }
}
