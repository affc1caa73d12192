//! Versions for writes from many sessions at once. A record's version is
//! the sequence number of the last audit event that wrote it: for a
//! household the newest `a` entry it already has, for other records an `e`
//! entry written in the same batch as the record. A save names the versions
//! it read ([`Expect`]); under the write lock they are compared with the
//! stored ones, and a save over a changed version is refused with the event
//! that changed it, so the caller can say who and when. Records written
//! before versions existed have version 0 until their next write.

use std::fmt;

use super::{Result, Store, StoreError, keys};

/// The sequence number of the audit event that last wrote a record; 0 when
/// none did.
pub type Version = u64;

/// What a conditional write expects to find as it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    Household {
        no_kk: String,
        version: Version,
    },
    Record {
        kind: u8,
        id: String,
        version: Version,
    },
    /// The ids of the records of `kind` under `prefix` are exactly `ids`
    /// (none added or removed): a household's visits, say.
    Ids {
        kind: u8,
        prefix: String,
        ids: Vec<String>,
    },
}

/// What a refused write found changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Household(String),
    /// A record by kind and id (for `Expect::Ids`, the prefix).
    Record {
        kind: u8,
        id: String,
    },
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Household(kk) => write!(f, "household {kk}"),
            Target::Record { kind, id } => write!(f, "record {} {id}", *kind as char),
        }
    }
}

impl Store {
    /// The version of household `no_kk`: its newest audit entry.
    pub fn household_version(&self, no_kk: &str) -> Result<Version> {
        let prefix = keys::with(keys::AUDIT_BY_KK, &[self.ids().id(no_kk).as_bytes()]);
        let last = super::guard::catch(&self.path, || self.db.scan_prefix(&prefix).next_back())?;
        let Some(r) = last else { return Ok(0) };
        let (k, _) = r.map_err(|e| self.err("read", e))?;
        Ok(k.get(k.len().saturating_sub(8)..).and_then(|b| b.try_into().ok()).map(u64::from_be_bytes).unwrap_or(0))
    }

    /// The version of the record `kind` + `id`.
    pub fn record_version(&self, kind: u8, id: &str) -> Result<Version> {
        self.version_at(&self.record_key(kind, id)?)
    }

    fn version_at(&self, record_key: &[u8]) -> Result<Version> {
        let key = keys::version(record_key);
        Ok(self.get(&key)?.unwrap_or(0))
    }

    /// Refuses when any expectation no longer holds. Callers hold the write
    /// lock, so nothing changes between this and their batch.
    pub(super) fn check_expects(&self, expects: &[Expect]) -> Result<()> {
        for e in expects {
            match e {
                Expect::Household { no_kk, version } => {
                    let now = self.household_version(no_kk)?;
                    if now != *version {
                        return Err(StoreError::Changed { target: Target::Household(no_kk.clone()), seq: now });
                    }
                }
                Expect::Record { kind, id, version } => {
                    let now = self.record_version(*kind, id)?;
                    if now != *version {
                        let target = Target::Record { kind: *kind, id: id.clone() };
                        return Err(StoreError::Changed { target, seq: now });
                    }
                }
                Expect::Ids { kind, prefix, ids } => {
                    let now = self.record_ids(*kind, prefix)?;
                    if now != *ids {
                        // The newest write among the ids that came or went.
                        let mut seq = 0;
                        for id in now.iter().filter(|i| !ids.contains(i)).chain(ids.iter().filter(|i| !now.contains(i)))
                        {
                            seq = seq.max(self.record_version(*kind, id)?);
                        }
                        let target = Target::Record { kind: *kind, id: prefix.clone() };
                        return Err(StoreError::Changed { target, seq });
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Relationship, Sex};
    use crate::store::{AuditDraft, RecordPuts, kinds, record_id};
    use crate::testkit::{date, household, person};

    fn audit(user: &str) -> AuditDraft {
        AuditDraft {
            at: date(2026, 12, 3).and_hms_opt(10, 42, 0).unwrap(),
            user: user.into(),
            action: "edit".into(),
            origin: String::new(),
        }
    }

    fn muskel_put(text: &str) -> RecordPuts {
        let mut r = RecordPuts::new();
        r.put(kinds::MUSKEL, &record_id(5), &text).unwrap();
        r
    }

    #[test]
    fn a_save_over_a_changed_record_is_refused_and_writes_nothing() {
        let s = Store::open_temporary().unwrap();
        let id = record_id(5);
        assert_eq!(s.record_version(kinds::MUSKEL, &id).unwrap(), 0);
        let first = s.write_records(muskel_put("siti's"), &audit("siti")).unwrap();
        assert_eq!(s.record_version(kinds::MUSKEL, &id).unwrap(), first);

        // budi read version `first`; siti saves again; budi's save is refused.
        let second = s.write_records(muskel_put("siti's again"), &audit("siti")).unwrap();
        let expect = [Expect::Record { kind: kinds::MUSKEL, id: id.clone(), version: first }];
        let before = s.next_audit_seq().unwrap();
        match s.write_records_if(muskel_put("budi's"), &expect, &audit("budi")) {
            Err(StoreError::Changed { target: Target::Record { kind: kinds::MUSKEL, .. }, seq }) => {
                assert_eq!(seq, second);
                assert_eq!(s.audit_event(seq).unwrap().unwrap().user, "siti");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(s.get_record::<String>(kinds::MUSKEL, &id).unwrap().as_deref(), Some("siti's again"));
        assert_eq!(s.next_audit_seq().unwrap(), before, "no audit event for a refused save");

        // At the current version the save goes through and moves it.
        let expect = [Expect::Record { kind: kinds::MUSKEL, id: id.clone(), version: second }];
        let third = s.write_records_if(muskel_put("budi's"), &expect, &audit("budi")).unwrap();
        assert_eq!(s.record_version(kinds::MUSKEL, &id).unwrap(), third);
    }

    #[test]
    fn household_versions_follow_its_audit_entries() {
        let s = Store::open_temporary().unwrap();
        let kk = "3171010101010001";
        let mut h = household(
            kk,
            "31.71.01.1001",
            vec![person("3171014101800001", "Siti Aminah", Relationship::Head, Sex::Female, date(1980, 1, 1))],
        );
        assert_eq!(s.household_version(kk).unwrap(), 0);
        let v1 = s.write(std::slice::from_ref(&h), &[], &audit("import")).unwrap().seq.unwrap();
        assert_eq!(s.household_version(kk).unwrap(), v1);
        h.address.rt = 7;
        let v2 = s.write(std::slice::from_ref(&h), &[], &audit("siti")).unwrap().seq.unwrap();
        h.address.rt = 8;
        let stale = [Expect::Household { no_kk: kk.into(), version: v1 }];
        let err = s.write_cycle_if(RecordPuts::new(), std::slice::from_ref(&h), &stale, &audit("budi"));
        assert!(matches!(err, Err(StoreError::Changed { target: Target::Household(_), seq }) if seq == v2));
        assert_eq!(s.household(kk).unwrap().unwrap().address.rt, 7);
        assert!(s.check().unwrap().problems.is_empty());
    }

    #[test]
    fn a_record_added_under_a_prefix_refuses_a_save_that_saw_none() {
        let s = Store::open_temporary().unwrap();
        let saw = [Expect::Ids { kind: kinds::VISIT_BY_KK, prefix: "3171".into(), ids: Vec::new() }];
        let mut r = RecordPuts::new();
        r.put(kinds::VISIT_BY_KK, &format!("3171{}", record_id(1)), &()).unwrap();
        let seq = s.write_records(r, &audit("siti")).unwrap();
        let mut r = RecordPuts::new();
        r.put(kinds::VISIT_BY_KK, &format!("3171{}", record_id(2)), &()).unwrap();
        let err = s.write_records_if(r, &saw, &audit("budi"));
        assert!(matches!(err, Err(StoreError::Changed { seq: found, .. }) if found == seq));
        assert_eq!(s.record_ids(kinds::VISIT_BY_KK, "3171").unwrap().len(), 1);
    }

    #[test]
    fn generations_move_on_writes() {
        let s = Store::open_temporary().unwrap();
        let (g, hg) = (s.generation(), s.household_generation());
        s.write_records(muskel_put("x"), &audit("siti")).unwrap();
        assert!(s.generation() > g);
        assert_eq!(s.household_generation(), hg, "a record write leaves households alone");
    }
}
