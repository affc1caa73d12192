//! Evidence files of a Muskel: copied into the attachment area beside the
//! database (`<db path>.attachments/`), named by their SHA-256, and
//! verifiable later.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{Actor, Result, Service};
use crate::domain::muskel::EvidenceKind;

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

impl Service {
    /// The attachment area: a sibling directory `<db path>.attachments/`.
    pub fn attachments_dir(&self) -> PathBuf {
        todo!()
    }

    /// Where an attached file with this SHA-256 is kept.
    pub fn attachment_path(&self, sha256: &str) -> PathBuf {
        let _ = sha256;
        todo!()
    }

    /// Copies the file at `path` into the attachment area and records it as
    /// evidence of Muskel `id` (Muskel record and attachment metadata in one
    /// audited write). A missing or unreadable path is refused with nothing
    /// changed.
    pub fn attach_evidence(&self, id: u64, kind: EvidenceKind, path: &Path, actor: &Actor) -> Result<Attachment> {
        let _ = (id, kind, path, actor);
        todo!()
    }

    /// The attachment metadata of a Muskel, in attaching order.
    pub fn attachments(&self, id: u64) -> Result<Vec<Attachment>> {
        let _ = id;
        todo!()
    }

    /// Recomputes the SHA-256 of every evidence file of Muskel `id`.
    pub fn verify_attachments(&self, id: u64) -> Result<Vec<AttachmentCheck>> {
        let _ = id;
        todo!()
    }
}
