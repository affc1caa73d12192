//! The audit of views: who saw which persons and households, from where,
//! beside the changes the store already records; and the reading and
//! verifying of the chained log.

use std::path::Path;

use chrono::NaiveDateTime;

use super::{Actor, Result, Service, ServiceError};
use crate::domain::access::Right;
use crate::store::{AuditEvent, ChainReport, Checkpoint, ViewDraft};

/// Something shown to a user, as the audit log records it. The numbers
/// are the 16-digit NIKs and No. KKs shown: `audit show --nik` finds a
/// person through either.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View<'a> {
    /// A household's detail screen.
    Detail { no_kk: &'a str },
    /// A lookup by NIK, No. KK or name, with the households and persons it
    /// showed.
    Lookup { query: &'a str, shown: Vec<String> },
    /// A page of the household list (with or without a query).
    Search { query: &'a str, shown: Vec<String> },
    /// A file written with whole numbers.
    Export { what: &'a str, dest: &'a Path, households: u64, shown: Vec<String> },
    /// A masked NIK and No. KK shown whole.
    Reveal { no_kk: &'a str, nik: &'a str },
    /// A call refused for want of a right.
    Denied { right: Right },
}

/// What `audit show` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditQuery {
    Nik(String),
    User(String),
    Since(NaiveDateTime),
}

impl View<'_> {
    fn action(&self) -> String {
        match self {
            View::Detail { .. } => "view.detail".into(),
            View::Lookup { query, .. } => format!("view.lookup {query}"),
            View::Search { query, .. } => format!("view.search {query}").trim_end().to_string(),
            View::Export { what, dest, households, .. } => {
                format!("export.{what} {households} {}", dest.display())
            }
            View::Reveal { .. } => "view.reveal".into(),
            View::Denied { right } => format!("denied {}", right.code()),
        }
    }

    fn subjects(self) -> Vec<String> {
        match self {
            View::Detail { no_kk } => vec![no_kk.to_string()],
            View::Lookup { shown, .. } | View::Search { shown, .. } | View::Export { shown, .. } => shown,
            View::Reveal { no_kk, nik } => vec![no_kk.to_string(), nik.to_string()],
            View::Denied { .. } => Vec::new(),
        }
    }

    /// Exports, reveals and refusals are flushed before the call returns;
    /// ordinary views go with sled's next background flush (half a second).
    fn flushed(&self) -> bool {
        matches!(self, View::Export { .. } | View::Reveal { .. } | View::Denied { .. })
    }
}

impl Service {
    /// Records `view` by `actor` in the audit chain.
    pub fn audit_view(&self, actor: &Actor, view: View) -> Result<u64> {
        let audit = self.audit(actor, view.action());
        let flush = view.flushed();
        let subjects = view.subjects();
        Ok(self.store().write_view(ViewDraft { audit: &audit, subjects: &subjects, flush })?)
    }

    /// The events that answer "who saw or changed this person", "what did
    /// this user do", or "what happened since".
    pub fn audit_events(&self, actor: &Actor, q: &AuditQuery) -> Result<Vec<AuditEvent>> {
        self.require(actor, Right::ReadAudit)?;
        let store = self.store();
        Ok(match q {
            AuditQuery::Nik(nik) => store.audit_of_nik(nik)?,
            AuditQuery::User(u) => store.audit_of_user(u)?,
            AuditQuery::Since(at) => store.audit_since(*at)?,
        })
    }

    /// Walks the whole chain, and checks it against `checkpoint` if given.
    pub fn audit_verify(&self, actor: &Actor, checkpoint: Option<&Checkpoint>) -> Result<ChainReport> {
        self.require(actor, Right::ReadAudit)?;
        Ok(self.store().verify_chain(checkpoint)?)
    }

    /// The chain's end now, to be kept away from this machine.
    pub fn audit_checkpoint(&self, actor: &Actor) -> Result<Checkpoint> {
        self.require(actor, Right::ReadAudit)?;
        Ok(self.store().checkpoint(self.now())?)
    }

    /// Reads a checkpoint file; a file that is not one is refused in words.
    pub fn read_checkpoint(&self, path: &Path) -> Result<Checkpoint> {
        let text = std::fs::read_to_string(path).map_err(|e| ServiceError::io(path, e))?;
        serde_json::from_str(&text)
            .map_err(|e| super::Refusal::NotACheckpoint { path: path.to_path_buf(), detail: e.to_string() }.into())
    }
}
