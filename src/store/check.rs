//! Consistency check: every record has all its index entries and every index
//! entry belongs to a record that has it.

use std::collections::BTreeMap;
use std::fmt;

use super::{Household, Result, Store, StoreError, VaultFault, decode, keys};

type Entries = BTreeMap<Vec<u8>, Vec<u8>>;

/// At most this many problems are listed; `problems_total` counts them all.
const MAX_LISTED: usize = 1000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Household records.
    pub records: u64,
    pub persons: u64,
    /// Entries of the NIK, name, address and programme indexes.
    pub index_entries: u64,
    pub audit_events: u64,
    pub problems: Vec<Problem>,
    pub problems_total: u64,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.problems_total == 0
    }

    fn problem(&mut self, p: Problem) {
        self.problems_total += 1;
        if self.problems.len() < MAX_LISTED {
            self.problems.push(p);
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A value that does not decode.
    Unreadable { key: String, error: String },
    /// A household stored under another No. KK than its own.
    MisfiledRecord { key: String, no_kk: String },
    /// A household lacks an index entry (or the entry holds a stale value).
    MissingEntry { no_kk: String, entry: String },
    /// An index entry whose household does not exist or does not have it.
    OrphanEntry { entry: String, no_kk: String },
    /// A key of no known shape under an index prefix.
    MalformedKey { key: String },
    /// A household's audit history names an event that does not exist.
    MissingAuditEvent { entry: String },
    /// The stored household count differs from the records.
    WrongCount { stored: u64, actual: u64 },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Unreadable { key, error } => write!(f, "{key}: unreadable: {error}"),
            Problem::MisfiledRecord { key, no_kk } => write!(f, "{key}: holds household {no_kk}"),
            Problem::MissingEntry { no_kk, entry } => {
                write!(f, "household {no_kk}: index entry {entry} missing or stale")
            }
            Problem::OrphanEntry { entry, no_kk } => {
                write!(f, "index entry {entry}: household {no_kk} does not have it")
            }
            Problem::MalformedKey { key } => write!(f, "{key}: not a valid index key"),
            Problem::MissingAuditEvent { entry } => write!(f, "{entry}: audit event missing"),
            Problem::WrongCount { stored, actual } => {
                write!(f, "household count is {stored}, but {actual} households are stored")
            }
        }
    }
}

impl Store {
    /// Reads the whole database and reports every disagreement between the
    /// records and their index and audit entries.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let mut expected = 0u64;

        let ids = self.ids();
        for r in self.scan(&[keys::HOUSEHOLD]) {
            let (k, v) = match r {
                Err(StoreError::Vault { fault: VaultFault::Sealed { key }, .. }) => {
                    report.problem(Problem::Unreadable { key, error: "does not open with this database's key".into() });
                    continue;
                }
                r => r?,
            };
            let h: Household = match decode(&k, &v) {
                Ok(h) => h,
                Err(e) => {
                    report.problem(Problem::Unreadable { key: keys::describe(&k), error: e.to_string() });
                    continue;
                }
            };
            report.records += 1;
            report.persons += h.members.len() as u64;
            if k[1..] != *ids.id(&h.no_kk).as_bytes() {
                report.problem(Problem::MisfiledRecord { key: keys::describe(&k), no_kk: h.no_kk.clone() });
                continue;
            }
            let entries = keys::index_entries(ids, &h)?;
            expected += entries.len() as u64;
            for (ek, ev) in entries {
                let found = match self.get_raw(&ek) {
                    Err(StoreError::Vault { fault: VaultFault::Sealed { .. }, .. }) => None,
                    r => r?,
                };
                if found.as_deref() != Some(ev.as_slice()) {
                    report.problem(Problem::MissingEntry { no_kk: h.no_kk.clone(), entry: keys::describe(&ek) });
                }
            }
        }

        for kind in keys::INDEXES {
            for r in self.scan(&[kind]) {
                r?;
                report.index_entries += 1;
            }
        }
        // Keys of different households never collide, so when the counts
        // agree and none is missing there is no orphan to look for.
        if report.index_entries != expected || report.problems_total > 0 {
            self.find_orphans(&mut report)?;
        }

        for r in self.scan(&[keys::AUDIT]) {
            let (k, v) = r?;
            report.audit_events += 1;
            if let Err(e) = decode::<super::AuditEvent>(&k, &v) {
                report.problem(Problem::Unreadable { key: keys::describe(&k), error: e.to_string() });
            }
        }
        // Every history entry (by household, by person shown, by user)
        // points at an event that is there.
        for kind in [keys::AUDIT_BY_KK, keys::AUDIT_BY_NIK, keys::AUDIT_BY_USER] {
            for r in self.scan(&[kind]) {
                let (k, _) = r?;
                let seq = k.get(k.len().saturating_sub(8)..).unwrap_or_default();
                let shaped = if kind == keys::AUDIT_BY_USER { k.len() >= 10 } else { k.len() == 25 };
                let present = shaped
                    && super::guard::catch(&self.path, || self.db.contains_key(keys::with(keys::AUDIT, &[seq])))?
                        .map_err(|e| self.err("read", e))?;
                if !present {
                    report.problem(Problem::MissingAuditEvent { entry: keys::describe(&k) });
                }
            }
        }

        // The records of other kinds (tahap, deactivation, regions, meta)
        // are read too, so that no damaged page escapes the check.
        self.sweep_beyond_households()?;
        let stored = self.household_count()?;
        if stored != report.records {
            report.problem(Problem::WrongCount { stored, actual: report.records });
        }
        Ok(report)
    }

    fn find_orphans(&self, report: &mut CheckReport) -> Result<()> {
        // Entries of one household tend to sit together; keep the last one.
        let mut last: Option<(String, Entries)> = None;
        for kind in keys::INDEXES {
            for r in self.scan(&[kind]) {
                let (k, _) = r?;
                let Some(kk) = keys::owner(&k) else {
                    report.problem(Problem::MalformedKey { key: keys::describe(&k) });
                    continue;
                };
                if last.as_ref().is_none_or(|(l, _)| l != kk) {
                    let entries = match self.household(&self.ids().back(kk)) {
                        Ok(Some(h)) if *self.ids().id(&h.no_kk) == *kk => keys::index_entries(self.ids(), &h)?,
                        _ => BTreeMap::new(),
                    };
                    last = Some((kk.to_string(), entries));
                }
                if last.as_ref().is_some_and(|(_, e)| !e.contains_key(k.as_ref())) {
                    report.problem(Problem::OrphanEntry { entry: keys::describe(&k), no_kk: self.ids().back(kk) });
                }
            }
        }
        Ok(())
    }
}
