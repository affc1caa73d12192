//! Typed records of the verification cycle beside the households: usulan,
//! Muskel, visit forms, verifications, attachment metadata, periods,
//! deactivation proposals and monev findings.
//!
//! Every write here is audited: records alone ([`Store::write_records`], the
//! fast path of a draft save: one small record and one compact audit event)
//! or records together with households ([`Store::write_cycle`], the write of
//! pengesahan), each one atomic, flushed `apply_batch`. Record-only audit
//! events carry no household target; the action names the record.

use std::sync::PoisonError;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::write::Pending;
use super::{AuditDraft, Expect, Result, Store, StoreError, WriteReport, decode, encode, keys, record_key};
use crate::domain::Household;

/// Kind bytes of the verification cycle's records (none is reserved by the
/// household layout).
pub mod kinds {
    /// `U` id → `Usulan`.
    pub const USULAN: u8 = b'U';
    /// `K` id → `Muskel`.
    pub const MUSKEL: u8 = b'K';
    /// `V` visit id → `VisitForm` (the draft and, later, the submitted form).
    pub const VISIT: u8 = b'V';
    /// `v` no_kk visit id → empty: the visits of a household.
    pub const VISIT_BY_KK: u8 = b'v';
    /// `Y` visit id → the verification stages of that visit.
    pub const VERIFICATION: u8 = b'Y';
    /// `F` muskel id, index → attachment metadata.
    pub const ATTACHMENT: u8 = b'F';
    /// `Q` period id → a period with its closing date.
    pub const PERIOD: u8 = b'Q';
    /// `D` id → a deactivation (or reactivation) `Proposal` with its
    /// decisions and the changes they made.
    pub const DEACTIVATION: u8 = b'D';
    /// `d` no_kk id → empty: the deactivation proposals of a household, so
    /// a new one finds the open ones without scanning them all.
    pub const DEACTIVATION_BY_KK: u8 = b'd';
    /// `O` file digest, line → the monev `Finding` imported from that line
    /// and the proposal it became.
    pub const MONEV: u8 = b'O';
    /// `o` file, line (as in `O`) → what a reviewer did with that finding.
    pub const MONEV_REVIEW: u8 = b'o';
    /// `t` `table` → the tariff table of every programme.
    pub const TAHAP_TARIFFS: u8 = b't';
    /// `j` programme code → that programme's period schedule.
    pub const TAHAP_SCHEDULE: u8 = b'j';
    /// `p` programme/period → the period's plan (dates and state).
    pub const TAHAP_PLAN: u8 = b'p';
    /// `q` programme code → the quota setting and waiting-list order.
    pub const TAHAP_QUOTA: u8 = b'q';
    /// `b` NIK → the person's Burekol account.
    pub const BUREKOL: u8 = b'b';
    /// `l` programme/period/number → a frozen list (0 the main list, 1… the
    /// supplementary lists); written last, so a list without it is absent.
    pub const TAHAP_LIST: u8 = b'l';
    /// `r` building id/chunk → rows of a list being frozen or frozen.
    pub const TAHAP_ROWS: u8 = b'r';
    /// `g` programme/NIK → the recipient's ledger of months.
    pub const TAHAP_LEDGER: u8 = b'g';
    /// `x` programme/period → the bank's result lines for that list.
    pub const TAHAP_RESULTS: u8 = b'x';
    /// `w` programme/period → a result import under way: its ledgers are
    /// written in chunks, and this marker goes with the last write.
    pub const TAHAP_RESULTS_PENDING: u8 = b'w';
    /// `u` user name → the `User` who may log in to `dtks serve`.
    pub const USER: u8 = b'u';
    /// `i` No. KK → the ID DTKS an office file gave its household.
    pub const OFFICE_IDS: u8 = b'i';
    /// `c` usulan id → the Dukcapil matching result SIKS-NG returned for it.
    pub const USULAN_PADAN: u8 = b'c';
    /// `k` user name → their password's argon2id hash (PHC string), for the idle lock.
    pub const PASSWORD: u8 = b'k';
}

/// A numeric record id as a key part that sorts in numeric order.
pub fn record_id(n: u64) -> String {
    format!("{n:020}")
}

/// Record puts and deletes to write in one atomic batch.
#[derive(Default)]
pub struct RecordPuts {
    puts: Vec<(Vec<u8>, Vec<u8>)>,
    deletes: Vec<Vec<u8>>,
}

impl RecordPuts {
    pub fn new() -> RecordPuts {
        RecordPuts::default()
    }

    /// Saves `value` as the record `kind` + `id`.
    pub fn put<T: Serialize>(&mut self, kind: u8, id: &str, value: &T) -> Result<()> {
        let key = record_key(kind, id)?;
        let v = encode(&format!("record {}", keys::describe(&key)), value)?;
        self.puts.push((key, v));
        Ok(())
    }

    /// Removes the record `kind` + `id` (nothing when there is none).
    pub fn delete(&mut self, kind: u8, id: &str) -> Result<()> {
        self.deletes.push(record_key(kind, id)?);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.puts.len() + self.deletes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds the puts and deletes to a pending write, their keys as stored;
    /// `commit` gives each key its new version.
    fn stage(self, pending: &mut Pending, ids: keys::Ids) {
        let stored = |k: &[u8]| match k.split_first() {
            Some((&kind, id)) => ids.record(kind, &String::from_utf8_lossy(id)),
            None => k.to_vec(),
        };
        for k in self.deletes {
            let k = stored(&k);
            pending.batch.remove(k.as_slice());
            pending.records.push(k);
        }
        for (k, v) in self.puts {
            let k = stored(&k);
            pending.batch.insert(k.as_slice(), v);
            pending.records.push(k);
        }
    }
}

/// `3171011001` → `31.71.01.1001`.
fn dotted(compact: &str) -> Option<String> {
    let b = compact.as_bytes();
    if b.len() != 10 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(format!("{}.{}.{}.{}", &compact[..2], &compact[2..4], &compact[4..6], &compact[6..]))
}

impl Store {
    /// A new record id, unique for this database, never 0 (above the ids
    /// of the database it was restored from, if it was).
    pub fn new_id(&self) -> Result<u64> {
        let floor = self.restored_id_floor()?;
        self.db.generate_id().map(|n| n + 1 + floor).map_err(|e| self.err("make a record id", e))
    }

    /// Writes records with one audit event (no household target) in one
    /// atomic, flushed batch; returns the event's sequence number.
    pub fn write_records(&self, records: RecordPuts, audit: &AuditDraft) -> Result<u64> {
        self.write_records_if(records, &[], audit)
    }

    /// [`Store::write_records`] when every expectation still holds; refused
    /// with [`StoreError::Changed`] (nothing written) otherwise.
    pub fn write_records_if(&self, records: RecordPuts, expects: &[Expect], audit: &AuditDraft) -> Result<u64> {
        let _one_writer = self.write_lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.check_expects(expects)?;
        let mut pending = Pending::default();
        records.stage(&mut pending, self.ids());
        let report = self.commit(pending, audit, "save")?;
        Ok(report.seq.unwrap_or(0))
    }

    /// Writes records and households (with their index entries) in one
    /// atomic, flushed batch with one audit event naming every household
    /// changed. Households equal to their stored version are not rewritten.
    /// The event is written even when only records change.
    pub fn write_cycle(
        &self,
        records: RecordPuts,
        households: &[Household],
        audit: &AuditDraft,
    ) -> Result<WriteReport> {
        self.write_cycle_if(records, households, &[], audit)
    }

    /// [`Store::write_cycle`] when every expectation still holds; refused
    /// with [`StoreError::Changed`] (nothing written) otherwise.
    pub fn write_cycle_if(
        &self,
        records: RecordPuts,
        households: &[Household],
        expects: &[Expect],
        audit: &AuditDraft,
    ) -> Result<WriteReport> {
        let mut seen = std::collections::HashSet::new();
        for h in households {
            keys::check_keys(h)?;
            if !seen.insert(h.no_kk.as_str()) {
                return Err(StoreError::Twice { no_kk: h.no_kk.clone() });
            }
        }
        let _one_writer = self.write_lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.check_expects(expects)?;
        let mut pending = Pending::default();
        self.stage_households(&mut pending, households, &[])?;
        records.stage(&mut pending, self.ids());
        self.commit(pending, audit, "save")
    }

    /// Records of a kind whose id starts with `prefix`, as `(id, value)` in
    /// id order.
    pub fn scan_records_prefix<T: DeserializeOwned>(&self, kind: u8, prefix: &str) -> Result<Vec<(String, T)>> {
        let key = self.record_key(kind, prefix)?;
        self.scan(&key)
            .map(|r| {
                let (k, v) = r?;
                Ok((self.stored_record_id(&k), decode(&k, &v)?))
            })
            .collect()
    }

    /// Ids of the records of a kind whose id starts with `prefix`, values
    /// left unread.
    pub fn record_ids(&self, kind: u8, prefix: &str) -> Result<Vec<String>> {
        let key = self.record_key(kind, prefix)?;
        self.scan(&key).map(|r| r.map(|(k, _)| self.stored_record_id(&k))).collect()
    }

    /// Dotted codes of every kelurahan that holds a household, in code
    /// order: one seek per kelurahan over the place index.
    pub fn kelurahan_codes(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut from = vec![keys::PLACE];
        let end = keys::prefix_end(&[keys::PLACE]);
        loop {
            let next = super::guard::catch(&self.path, || self.db.range(from.clone()..end.clone()).next())?;
            let Some(r) = next else { break };
            let (k, _) = r.map_err(|e| self.err("read", e))?;
            let Some(code) = k.get(1..11) else { break };
            let compact = String::from_utf8_lossy(code).into_owned();
            if let Some(d) = dotted(&compact) {
                out.push(d);
            }
            from = keys::prefix_end(&k[..11]);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_codes() {
        assert_eq!(dotted("3171011001").as_deref(), Some("31.71.01.1001"));
        assert_eq!(dotted("317101100").as_deref(), None);
    }

    #[test]
    fn record_writes_are_audited_and_atomic() {
        let s = Store::open_temporary().unwrap();
        let at = chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap().and_hms_opt(9, 0, 0).unwrap();
        let audit = AuditDraft { at, user: "u".into(), action: "draft.edit nama".into(), origin: String::new() };
        let mut r = RecordPuts::new();
        r.put(kinds::VISIT, &record_id(7), &"form").unwrap();
        r.put(kinds::VISIT_BY_KK, &format!("1234{}", record_id(7)), &()).unwrap();
        let seq = s.write_records(r, &audit).unwrap();
        assert_eq!(s.audit_event(seq).unwrap().unwrap().action, "draft.edit nama");
        assert_eq!(s.get_record::<String>(kinds::VISIT, &record_id(7)).unwrap().as_deref(), Some("form"));
        assert_eq!(s.record_ids(kinds::VISIT_BY_KK, "1234").unwrap(), vec![format!("1234{}", record_id(7))]);
        let mut r = RecordPuts::new();
        assert!(matches!(r.put(b'H', "x", &1u8), Err(StoreError::ReservedKind { .. })));
        r.delete(kinds::VISIT, &record_id(7)).unwrap();
        let seq2 = s.write_records(r, &audit).unwrap();
        assert_eq!(seq2, seq + 1);
        assert_eq!(s.get_record::<String>(kinds::VISIT, &record_id(7)).unwrap(), None);
        assert!(s.new_id().unwrap() > 0);
    }
}
