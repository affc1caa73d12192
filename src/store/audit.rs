//! The audit log: one event per saving write, naming who did what to which
//! households, field by field, and one per view of persons (a detail
//! opened, a lookup answered, a search, an export, a reveal, a refusal).
//!
//! Events are hash-chained: each holds the SHA-256 of the event before it,
//! taken over that event's stored encoding (bincode, which has one encoding
//! per value), so an event edited, removed or put in between breaks the
//! chain at a place `verify` can name.

use chrono::NaiveDateTime;
use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};

use super::codec::{FORMAT_V3, reading_format};
pub use crate::domain::diff::FieldChange;

/// The link of the first event: nothing came before it.
pub const GENESIS: [u8; 32] = [0; 32];

/// What the caller says about a write; the store adds the sequence number
/// and the link. The time comes from the caller (the store never reads the
/// clock).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditDraft {
    pub at: NaiveDateTime,
    pub user: String,
    /// Short verb: `import`, `edit`, `verify`, `delete`, `view.detail`, ...
    pub action: String,
    /// Where the call came from (`Origin::code` of the service): `local`,
    /// `socket:UID`, `ssh:IP:PORT`; empty when not known.
    pub origin: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    Created,
    Updated,
    Deleted,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetChange {
    pub no_kk: String,
    pub kind: ChangeKind,
    /// Field changes of an update; empty for a creation or deletion.
    pub changes: Vec<FieldChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    /// 1, 2, 3, ... in the order the events were saved.
    pub seq: u64,
    pub at: NaiveDateTime,
    pub user: String,
    pub action: String,
    pub targets: Vec<TargetChange>,
    /// As [`AuditDraft::origin`]; empty for events saved before origins were.
    pub origin: String,
    /// NIKs of the persons a view showed, revealed or exported.
    pub subjects: Vec<String>,
    /// SHA-256 of the event before this one ([`GENESIS`] for the first).
    pub prev: [u8; 32],
}

/// The hash the next event links to: SHA-256 of an event's stored bytes
/// (format byte included).
pub(crate) fn hash_bytes(stored: &[u8]) -> [u8; 32] {
    Sha256::digest(stored).into()
}

/// The shape of events of formats 1 and 2, before the chain.
#[derive(Deserialize)]
struct EventV2 {
    seq: u64,
    at: NaiveDateTime,
    user: String,
    action: String,
    targets: Vec<TargetChange>,
}

#[derive(Deserialize)]
struct EventV3 {
    seq: u64,
    at: NaiveDateTime,
    user: String,
    action: String,
    targets: Vec<TargetChange>,
    origin: String,
    subjects: Vec<String>,
    prev: [u8; 32],
}

impl<'de> Deserialize<'de> for AuditEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if reading_format() >= FORMAT_V3 {
            let EventV3 { seq, at, user, action, targets, origin, subjects, prev } = EventV3::deserialize(d)?;
            return Ok(AuditEvent { seq, at, user, action, targets, origin, subjects, prev });
        }
        let EventV2 { seq, at, user, action, targets } = EventV2::deserialize(d)?;
        Ok(AuditEvent { seq, at, user, action, targets, origin: String::new(), subjects: Vec::new(), prev: GENESIS })
    }
}

/// Where the chain ends: the last event's number and hash.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    pub seq: u64,
    pub hash: [u8; 32],
}

/// One thing `verify` found wrong, naming the event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainFault {
    /// The event cannot be read back.
    Unreadable { seq: u64 },
    /// The event's stored number is not the number of its key.
    Renumbered { key: u64, stored: u64 },
    /// Events `from..=to` are missing.
    Missing { from: u64, to: u64 },
    /// Event `at` does not link to event `after`: `after` was changed since
    /// it was saved, or `at` was put in its place.
    Broken { after: u64, at: u64 },
    /// The last event was changed since it was saved (the recorded head
    /// holds another hash).
    Changed { seq: u64 },
    /// The chain's recorded end does not match the last event.
    HeadMismatch { recorded: u64, found: u64 },
    /// Against a checkpoint: the database is another one.
    OtherDatabase { checkpoint: String, database: String },
    /// Against a checkpoint: events up to `seq` are gone.
    Truncated { seq: u64, last: u64 },
    /// Against a checkpoint: event `seq` is not the one the checkpoint saw.
    CheckpointMismatch { seq: u64 },
}

/// What `verify` read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChainReport {
    pub events: u64,
    pub last: u64,
    pub head: [u8; 32],
    pub faults: Vec<ChainFault>,
}

/// A chain's end, written to a file kept elsewhere, so that a removed tail
/// is found later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub database: String,
    pub seq: u64,
    /// Hex SHA-256 of event `seq`.
    pub head: String,
    pub at: NaiveDateTime,
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
