//! The audit of views: who saw which persons and households, from where,
//! beside the changes the store already records; and the reading and
//! verifying of the chained log.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
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
    /// A list of persons shown whole (duplicates, deactivation proposals,
    /// the eligible queue, usulan), with the NIKs and No. KKs on it.
    List { what: Listed, shown: Vec<String> },
    /// A file written with whole numbers; `count` is what it holds
    /// (households, proposals or list rows, as `what` says).
    Export { what: &'a str, dest: &'a Path, count: u64, shown: Vec<String> },
    /// A masked NIK and No. KK shown whole.
    Reveal { no_kk: &'a str, nik: &'a str },
    /// A call refused for want of a right.
    Denied { right: Right },
}

/// The lists of persons whose showing is a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    Duplicates,
    Deactivations,
    Eligible,
    Usulan,
    /// The verification cycle's work queues.
    WorkQueue,
}

impl Listed {
    pub fn code(self) -> &'static str {
        match self {
            Listed::Duplicates => "duplicates",
            Listed::Deactivations => "nonaktif",
            Listed::Eligible => "layak",
            Listed::Usulan => "usulan",
            Listed::WorkQueue => "queue",
        }
    }

    pub fn parse(code: &str) -> Option<Listed> {
        [Listed::Duplicates, Listed::Deactivations, Listed::Eligible, Listed::Usulan]
            .into_iter()
            .find(|l| l.code() == code)
    }
}

/// Characters of a query an event keeps.
const QUERY_KEPT: usize = 80;

/// What `audit show` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditQuery {
    Nik(String),
    User(String),
    Since(NaiveDateTime),
}

impl View<'_> {
    fn action(&self) -> String {
        // What was typed is kept to its first characters: a pasted page of
        // text is not an audit event's business.
        let typed = |q: &str| -> String {
            if q.chars().count() <= QUERY_KEPT {
                q.to_string()
            } else {
                q.chars().take(QUERY_KEPT).chain(['…']).collect()
            }
        };
        match self {
            View::Detail { .. } => "view.detail".into(),
            View::Lookup { query, .. } => format!("view.lookup {}", typed(query)),
            View::Search { query, .. } => format!("view.search {}", typed(query)).trim_end().to_string(),
            View::List { what, .. } => format!("view.list {}", what.code()),
            View::Export { what, dest, count, .. } => {
                format!("export.{what} {count} {}", dest.display())
            }
            View::Reveal { .. } => "view.reveal".into(),
            View::Denied { right } => format!("denied {}", right.code()),
        }
    }

    fn subjects(self) -> Vec<String> {
        match self {
            View::Detail { no_kk } => vec![no_kk.to_string()],
            View::Lookup { shown, .. }
            | View::Search { shown, .. }
            | View::List { shown, .. }
            | View::Export { shown, .. } => shown,
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

/// A view shown again within this long, by the same user from the same
/// place, with the same persons, is the same view: a screen redrawn after a
/// resize or reloaded on a tick, or a query typed on that finds the same
/// persons, is not recorded twice.
const SAME_VIEW: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

/// The last ordinary view of each (user, origin): its digest and time.
#[derive(Default)]
pub(crate) struct LastViews(std::sync::Mutex<HashMap<(String, String), (u64, NaiveDateTime)>>);

impl Service {
    /// Records `view` by `actor` in the audit chain; None when it repeats
    /// the actor's last ordinary view of the last minute (exports, reveals
    /// and refusals are recorded every time).
    pub fn audit_view(&self, actor: &Actor, view: View) -> Result<Option<u64>> {
        // A list that showed nobody showed no one's data.
        if matches!(&view, View::List { shown, .. } if shown.is_empty()) {
            return Ok(None);
        }
        let audit = self.audit(actor, view.action());
        let flush = view.flushed();
        let subjects = view.subjects();
        if !flush && self.repeats_last_view(&audit, &subjects) {
            return Ok(None);
        }
        Ok(Some(self.store().write_view(ViewDraft { audit: &audit, subjects: &subjects, flush })?))
    }

    fn repeats_last_view(&self, audit: &crate::store::AuditDraft, subjects: &[String]) -> bool {
        // The same persons shown again are the same view, whatever was typed
        // to find them (a longer query of the same hits, a redraw).
        let kind = audit.action.split(' ').next().unwrap_or_default();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (kind, subjects).hash(&mut h);
        let digest = h.finish();
        let mut last = self.last_views.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = (audit.user.clone(), audit.origin.clone());
        let same = last.get(&key).is_some_and(|&(d, at)| d == digest && audit.at - at < SAME_VIEW);
        if !same {
            // One entry per connection: a long-running server forgets them all now and then.
            if last.len() >= 10_000 {
                last.clear();
            }
            last.insert(key, (digest, audit.at));
        }
        same
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_query_is_kept_to_its_first_characters() {
        let long = "siti ".repeat(100);
        let action = View::Search { query: &long, shown: Vec::new() }.action();
        assert_eq!(action.chars().count(), "view.search ".len() + QUERY_KEPT + 1, "{action}");
        assert!(action.ends_with('…'));
        assert_eq!(View::Lookup { query: "siti", shown: Vec::new() }.action(), "view.lookup siti");
    }
}
