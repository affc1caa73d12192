//! Saves from many sessions at once without lost updates. A use case that
//! reads a record and writes it back notes the version it read ([`Seen`])
//! and writes only if that version is still the stored one; otherwise the
//! save is refused with who changed the record and when
//! ([`Refusal::Changed`]) and nothing is written. A screen that keeps a
//! record open passes the version it showed, so an edit made over another
//! session's change is refused the same way.
//!
//! The version is always read before the record: a write landing between
//! the two reads then makes the save refused, never lost.

use serde::de::DeserializeOwned;

pub use crate::store::Version;

use super::{Refusal, Result, Service, ServiceError};
use crate::domain::Household;
use crate::store::{AuditDraft, Expect, RecordPuts, StoreError, Target, WriteReport};

/// The versions a use case read, to be checked by its write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seen(Vec<Expect>);

impl Seen {
    pub fn new() -> Seen {
        Seen::default()
    }

    /// Expects the record `kind` + `id` at `version`.
    pub fn record_at(&mut self, kind: u8, id: &str, version: Version) {
        self.0.push(Expect::Record { kind, id: id.to_string(), version });
    }

    /// Expects household `no_kk` at `version`.
    pub fn household_at(&mut self, no_kk: &str, version: Version) {
        self.0.push(Expect::Household { no_kk: no_kk.to_string(), version });
    }

    /// Expects the ids of `kind` under `prefix` to be `ids`.
    pub fn ids(&mut self, kind: u8, prefix: &str, ids: Vec<String>) {
        self.0.push(Expect::Ids { kind, prefix: prefix.to_string(), ids });
    }

    /// Adds what another read noted.
    pub fn extend(&mut self, other: &Seen) {
        self.0.extend_from_slice(&other.0);
    }

    pub fn expects(&self) -> &[Expect] {
        &self.0
    }
}

impl Service {
    /// Moves on every write of this process: a screen that compares it on
    /// its tick knows when what it shows may be stale. An atomic load.
    pub fn generation(&self) -> u64 {
        self.store().generation()
    }

    /// Moves on every write that changed households.
    pub fn household_generation(&self) -> u64 {
        self.store().household_generation()
    }

    /// The current version of a record (0 when never written since
    /// versions exist).
    pub fn record_version(&self, kind: u8, id: &str) -> Result<Version> {
        Ok(self.store().record_version(kind, id)?)
    }

    pub fn household_version(&self, no_kk: &str) -> Result<Version> {
        Ok(self.store().household_version(no_kk)?)
    }

    /// Reads a record and notes its version in `seen`.
    pub(crate) fn read_seen<T: DeserializeOwned>(&self, kind: u8, id: &str, seen: &mut Seen) -> Result<Option<T>> {
        let version = self.store().record_version(kind, id)?;
        let value = self.store().get_record(kind, id)?;
        seen.record_at(kind, id, version);
        Ok(value)
    }

    /// Reads a household and notes its version in `seen`.
    pub(crate) fn household_seen(&self, no_kk: &str, seen: &mut Seen) -> Result<Option<Household>> {
        let version = self.store().household_version(no_kk)?;
        let h = self.store().household(no_kk)?;
        seen.household_at(no_kk, version);
        Ok(h)
    }

    /// Refuses at once when the record is no longer at `version` (what a
    /// screen showed); the write checks again.
    pub(crate) fn still_at(&self, kind: u8, id: &str, version: Version) -> Result<()> {
        let now = self.store().record_version(kind, id)?;
        if now == version {
            return Ok(());
        }
        Err(self.changed(StoreError::Changed { target: Target::Record { kind, id: id.to_string() }, seq: now }))
    }

    /// Writes records when everything in `seen` is unchanged; the new
    /// version of every record written.
    pub(crate) fn write_records_seen(&self, r: RecordPuts, seen: &Seen, audit: &AuditDraft) -> Result<Version> {
        self.store().write_records_if(r, seen.expects(), audit).map_err(|e| self.changed(e))
    }

    /// Writes records and households when everything in `seen` is
    /// unchanged.
    pub(crate) fn write_cycle_seen(
        &self,
        r: RecordPuts,
        households: &[Household],
        seen: &Seen,
        audit: &AuditDraft,
    ) -> Result<WriteReport> {
        self.store().write_cycle_if(r, households, seen.expects(), audit).map_err(|e| self.changed(e))
    }

    /// A store refusal of a changed version as the user's refusal, naming
    /// who changed it and when from its audit event; other errors as they
    /// are.
    pub(crate) fn changed(&self, e: StoreError) -> ServiceError {
        let StoreError::Changed { target, seq } = e else { return e.into() };
        let event = if seq == 0 { None } else { self.store().audit_event(seq).ok().flatten() };
        Refusal::Changed { target, by: event.as_ref().map(|e| e.user.clone()), at: event.map(|e| e.at) }.into()
    }
}
