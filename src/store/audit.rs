//! The audit log: one event per saving write, naming who did what to which
//! households, field by field.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

pub use crate::domain::diff::FieldChange;

/// What the caller says about a write; the store adds the sequence number.
/// The time comes from the caller (the store never reads the clock).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditDraft {
    pub at: NaiveDateTime,
    pub user: String,
    /// Short verb: `import`, `edit`, `verify`, `delete`, ...
    pub action: String,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// 1, 2, 3, ... in the order the writes were saved.
    pub seq: u64,
    pub at: NaiveDateTime,
    pub user: String,
    pub action: String,
    pub targets: Vec<TargetChange>,
}
