//! Evidence files of a Muskel: copied into the attachment area beside the
//! database (`<db path>.attachments/`), named by their SHA-256, and
//! verifiable later.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use std::fs::{self, File};
use std::io::{Read, Write};

use sha2::{Digest, Sha256};

use super::versions::Seen;
use super::{Actor, Refusal, Result, Service, ServiceError};
use crate::domain::muskel::{Evidence, EvidenceKind};
use crate::formats::atomic::AtomicFile;
use crate::store::Version;
use crate::store::{RecordPuts, kinds, record_id};

/// Metadata of one attached file (record `F`, keyed by Muskel id and index).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub muskel_id: u64,
    pub kind: EvidenceKind,
    /// The file's name as it was attached (no directory).
    pub file_name: String,
    /// Lower-case hex SHA-256; also the stored file's name.
    pub sha256: String,
    pub size: u64,
    /// The path it was attached from.
    pub source: String,
    pub attached_at: NaiveDateTime,
    pub by: String,
}

/// A file copied into the attachment area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub file_name: String,
    pub sha256: String,
    pub size: u64,
}

/// What `verify_attachments` found of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AttachmentState {
    Intact,
    /// The stored file's bytes no longer give the recorded SHA-256.
    Changed {
        actual: String,
    },
    Missing,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttachmentCheck {
    pub file_name: String,
    pub sha256: String,
    pub stored: PathBuf,
    pub state: AttachmentState,
}

/// Lower-case hex SHA-256 of a file's bytes, streamed.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn attachment_id(muskel_id: u64, index: usize) -> String {
    format!("{}{:06}", record_id(muskel_id), index)
}

impl Service {
    /// The attachment area: a sibling directory `<db path>.attachments/`
    /// (sled's own directory is left to sled).
    pub fn attachments_dir(&self) -> PathBuf {
        let mut p = self.path().as_os_str().to_os_string();
        p.push(".attachments");
        PathBuf::from(p)
    }

    /// Where an attached file with this SHA-256 is kept.
    pub fn attachment_path(&self, sha256: &str) -> PathBuf {
        self.attachments_dir().join(sha256)
    }

    /// Copies the file at `path` into the attachment area and records it as
    /// evidence of Muskel `id` (Muskel record and attachment metadata in one
    /// audited write). A missing or unreadable path is refused with nothing
    /// changed. The copy is hashed as it is written, so the recorded hash is
    /// that of the bytes kept.
    pub fn attach_evidence(&self, id: u64, kind: EvidenceKind, path: &Path, actor: &Actor) -> Result<Attachment> {
        Ok(self.attach_evidence_at(id, None, kind, path, actor)?.0)
    }

    /// [`Service::attach_evidence`] to a Muskel a form shows at version
    /// `shown` (refused, naming who and when, when another session saved it
    /// since); with the Muskel's new version.
    pub fn attach_evidence_at(
        &self,
        id: u64,
        shown: Option<Version>,
        kind: EvidenceKind,
        path: &Path,
        actor: &Actor,
    ) -> Result<(Attachment, Version)> {
        self.require(actor, crate::domain::access::Right::Visit)?;
        if let Some(v) = shown {
            self.still_at(kinds::MUSKEL, &record_id(id), v)?;
        }
        let mut seen = Seen::new();
        let mut m: crate::domain::muskel::Muskel = self
            .read_seen(kinds::MUSKEL, &record_id(id), &mut seen)?
            .ok_or(ServiceError::Refused(Refusal::NoMuskel { id }))?;
        let Kept { file_name, sha256, size } = self.keep_file(path)?;
        let a = Attachment {
            muskel_id: id,
            kind,
            file_name: file_name.clone(),
            sha256: sha256.clone(),
            size,
            source: path.display().to_string(),
            attached_at: self.now(),
            by: actor.user.clone(),
        };
        let index = m.evidence.len();
        m.evidence.push(Evidence { kind, file_name, sha256 });
        let mut r = RecordPuts::new();
        r.put(kinds::MUSKEL, &record_id(id), &m)?;
        r.put(kinds::ATTACHMENT, &attachment_id(id, index), &a)?;
        let version = self.write_records_seen(
            r,
            &seen,
            &self.audit(actor, format!("muskel.attach {id} {} {} {}", kind.code(), a.file_name, a.sha256)),
        )?;
        Ok((a, version))
    }

    /// Copies the file at `path` into the attachment area under its
    /// SHA-256 (hashed as it is written, so the name is that of the bytes
    /// kept). A missing or unreadable path is refused with nothing kept.
    pub fn keep_file(&self, path: &Path) -> Result<Kept> {
        let meta =
            fs::metadata(path).map_err(|e| Refusal::EvidenceUnreadable { path: path.to_path_buf(), kind: e.kind() })?;
        if !meta.is_file() {
            return Err(Refusal::EvidenceNotAFile { path: path.to_path_buf() }.into());
        }
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let dir = self.attachments_dir();
        fs::create_dir_all(&dir).map_err(|e| ServiceError::io(&dir, e))?;
        let mut src = File::open(path).map_err(|e| ServiceError::io(path, e))?;
        // Named once its hash is known: the pending name is never committed.
        let mut tmp = AtomicFile::create(dir.join(".pending")).map_err(|e| ServiceError::io(&dir, e))?;
        let mut h = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut size = 0u64;
        // An encrypted register seals the file whole, so it is read whole.
        let mut whole = Vec::new();
        let encrypted = self.is_encrypted();
        loop {
            let n = src.read(&mut buf).map_err(|e| ServiceError::io(path, e))?;
            if n == 0 {
                break;
            }
            h.update(&buf[..n]);
            if encrypted {
                whole.extend_from_slice(&buf[..n]);
            } else {
                tmp.write_all(&buf[..n]).map_err(|e| ServiceError::io(&dir, e))?;
            }
            size += n as u64;
        }
        let sha256 = hex(&h.finalize());
        if encrypted {
            let sealed = self.store().seal_file(&sha256, &whole);
            tmp.write_all(&sealed).map_err(|e| ServiceError::io(&dir, e))?;
        }
        let stored = self.attachment_path(&sha256);
        // Same bytes already kept: the stored copy stays as it is.
        if !stored.is_file() {
            tmp.commit_as(&stored).map_err(|e| ServiceError::io(&stored, e))?;
        }
        Ok(Kept { file_name, sha256, size })
    }

    /// The attachment metadata of a Muskel, in attaching order.
    pub fn attachments(&self, id: u64) -> Result<Vec<Attachment>> {
        Ok(self.store().scan_records_prefix(kinds::ATTACHMENT, &record_id(id))?.into_iter().map(|(_, a)| a).collect())
    }

    /// The SHA-256 of the bytes kept at `stored` for `sha256`: opened first
    /// in an encrypted register (bytes that do not open are named by the
    /// hash of what is there).
    fn kept_sha256(&self, sha256: &str, stored: &Path) -> std::io::Result<String> {
        if !self.is_encrypted() {
            return sha256_file(stored);
        }
        let bytes = fs::read(stored)?;
        // Bytes that do not open are named by their own hash: the kept file
        // itself when `dtks encrypt` was stopped before it sealed it.
        Ok(match self.store().open_file(sha256, &bytes) {
            Some(open) => hex(&Sha256::digest(&open)),
            None => hex(&Sha256::digest(&bytes)),
        })
    }

    /// Recomputes the SHA-256 of every evidence file of Muskel `id`.
    pub fn verify_attachments(&self, id: u64) -> Result<Vec<AttachmentCheck>> {
        let m = self.require_muskel(id)?;
        let mut out = Vec::new();
        for e in &m.evidence {
            let stored = self.attachment_path(&e.sha256);
            let state = match self.kept_sha256(&e.sha256, &stored) {
                Ok(actual) if actual == e.sha256 => AttachmentState::Intact,
                Ok(actual) => AttachmentState::Changed { actual },
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => AttachmentState::Missing,
                Err(err) => return Err(ServiceError::io(&stored, err)),
            };
            out.push(AttachmentCheck { file_name: e.file_name.clone(), sha256: e.sha256.clone(), stored, state });
        }
        Ok(out)
    }
}
