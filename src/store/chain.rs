//! The audit chain: appending events with their link, views beside the
//! changes, reading who saw or changed a person, and verifying the chain.

use std::sync::PoisonError;

use chrono::NaiveDateTime;

use super::audit::{ChainFault, ChainHead, ChainReport, Checkpoint, GENESIS, hash_bytes, hex};
use super::codec::{self, FORMAT_V3};
use super::*;

pub(super) const META_CHAIN_HEAD: &str = "chain_head";
pub(super) const META_DATABASE_ID: &str = "database_id";
/// The number of the last event that changed something (not a view).
pub(super) const META_LAST_CHANGE: &str = "last_change";
/// Events rewritten per batch while an old log is chained.
const CHAIN_BATCH: usize = 2000;

/// A view of persons, for [`Store::write_view`].
pub struct ViewDraft<'a> {
    pub audit: &'a AuditDraft,
    /// NIKs of the persons shown.
    pub subjects: &'a [String],
    /// Flush before returning: exports, reveals and refusals are; an
    /// ordinary view is saved with sled's next background flush (0.5 s),
    /// which keeps a lookup fast.
    pub flush: bool,
}

impl Store {
    pub(super) fn chain_head(&self) -> Result<ChainHead> {
        Ok(self.meta(META_CHAIN_HEAD)?.unwrap_or_default())
    }

    /// Adds event `seq` to `batch` with its link and index entries, and
    /// moves the chain's head; returns the new head.
    pub(super) fn stage_event(
        &self,
        batch: &mut Batch,
        seq: u64,
        draft: &AuditDraft,
        targets: Vec<TargetChange>,
        subjects: Vec<String>,
    ) -> Result<ChainHead> {
        let prev = self.chain_head()?.hash;
        let event = AuditEvent {
            seq,
            at: draft.at,
            user: draft.user.clone(),
            action: draft.action.clone(),
            targets,
            origin: draft.origin.clone(),
            subjects,
            prev,
        };
        let bytes = codec::encode_as(FORMAT_V3, &event)
            .map_err(|source| StoreError::Encode { what: "audit event".into(), source })?;
        let head = ChainHead { seq, hash: hash_bytes(&bytes) };
        for nik in event.subjects.iter().filter(|n| keys::is_id(n)) {
            batch.insert(keys::audit_by_nik(self.ids(), nik, seq), Vec::new());
        }
        batch.insert(keys::audit_by_user(self.ids(), &event.user, seq), Vec::new());
        batch.insert(keys::audit(seq), bytes);
        batch.insert(keys::meta(META_CHAIN_HEAD), encode("audit chain head", &head)?);
        batch.insert(keys::meta(META_NEXT_SEQ), encode("audit sequence", &(seq + 1))?);
        Ok(head)
    }

    /// Records a view of persons (or an export, a reveal, a refusal) as one
    /// chained event. It moves neither the write generation nor the change
    /// mark, so no screen reads its lists again because someone looked.
    pub fn write_view(&self, view: ViewDraft) -> Result<u64> {
        let _chain = self.chain_lock.lock().unwrap_or_else(PoisonError::into_inner);
        let seq: u64 = self.meta(META_NEXT_SEQ)?.unwrap_or(1);
        let mut batch = Batch::default();
        self.stage_event(&mut batch, seq, view.audit, Vec::new(), view.subjects.to_vec())?;
        let batch = self.sealed(batch);
        guard::catch(&self.path, || self.db.apply_batch(batch))?.map_err(|e| self.err("save the audit", e))?;
        if view.flush {
            self.flush()?;
        }
        Ok(seq)
    }

    /// A mark that moves on every write that changed something, and not on
    /// views.
    pub fn change_mark(&self) -> Result<u64> {
        match self.meta(META_LAST_CHANGE)? {
            Some(seq) => Ok(seq),
            None => self.next_audit_seq(),
        }
    }

    /// This database's id, made when it was created (or chained), so that
    /// a checkpoint of another database is told apart.
    pub fn database_id(&self) -> Result<String> {
        Ok(self.meta(META_DATABASE_ID)?.unwrap_or_default())
    }

    pub(super) fn stage_database_id(&self, batch: &mut Batch) -> Result<()> {
        let mut id = [0u8; 16];
        // A clock-based id is unique enough when the OS has no randomness.
        if getrandom::fill(&mut id).is_err() {
            let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            id[..16].copy_from_slice(&t.as_nanos().to_be_bytes());
        }
        batch.insert(keys::meta(META_DATABASE_ID), encode("database id", &hex(&id))?);
        Ok(())
    }

    /// Links every event of a log saved before the chain, in batches; the
    /// head moves with each batch, so a killed run goes on where it stopped.
    pub(super) fn chain_old_log(&self) -> Result<()> {
        let mut head = self.chain_head()?;
        if self.database_id()?.is_empty() {
            let mut b = Batch::default();
            self.stage_database_id(&mut b)?;
            self.apply(b, "chain the audit log")?;
        }
        loop {
            let mut batch = Batch::default();
            let mut n = 0;
            let old = self.db.range(keys::audit(head.seq + 1)..keys::audit(u64::MAX)).take(CHAIN_BATCH);
            for r in self.opened(old.map(|r| r.map_err(|e| self.err("read", e)))) {
                let (k, v) = r?;
                let mut e: AuditEvent = decode(&k, &v)?;
                e.prev = head.hash;
                let bytes = codec::encode_as(FORMAT_V3, &e)
                    .map_err(|source| StoreError::Encode { what: "audit event".into(), source })?;
                head = ChainHead { seq: e.seq, hash: hash_bytes(&bytes) };
                batch.insert(keys::audit_by_user(self.ids(), &e.user, e.seq), Vec::new());
                batch.insert(k, bytes);
                n += 1;
            }
            if n == 0 {
                return Ok(());
            }
            batch.insert(keys::meta(META_CHAIN_HEAD), encode("audit chain head", &head)?);
            batch.insert(keys::meta(META_LAST_CHANGE), encode("change mark", &head.seq)?);
            self.apply(batch, "chain the audit log")?;
        }
    }

    /// Walks the whole chain and says what is wrong, naming each event;
    /// with a checkpoint, also that the chain still holds the event it saw.
    pub fn verify_chain(&self, checkpoint: Option<&Checkpoint>) -> Result<ChainReport> {
        let mut report = ChainReport::default();
        let mut prev = GENESIS;
        let mut last = 0u64;
        let mut at_checkpoint = None;
        for r in self.scan(&[keys::AUDIT]) {
            let (k, v) = r?;
            let Some(key_seq) = k.get(1..9).and_then(|b| b.try_into().ok()).map(u64::from_be_bytes) else {
                continue;
            };
            report.events += 1;
            if key_seq > last + 1 {
                report.faults.push(ChainFault::Missing { from: last + 1, to: key_seq - 1 });
            }
            let hash = hash_bytes(&v);
            match decode::<AuditEvent>(&k, &v) {
                Err(_) => report.faults.push(ChainFault::Unreadable { seq: key_seq }),
                Ok(e) if e.seq != key_seq => report.faults.push(ChainFault::Renumbered { key: key_seq, stored: e.seq }),
                Ok(e) if e.prev != prev && key_seq == last + 1 => {
                    report.faults.push(ChainFault::Broken { after: last, at: key_seq })
                }
                Ok(_) => {}
            }
            if checkpoint.is_some_and(|c| c.seq == key_seq) {
                at_checkpoint = Some(hash);
            }
            prev = hash;
            last = key_seq;
        }
        report.last = last;
        report.head = prev;
        let head = self.chain_head()?;
        if head.seq != last {
            report.faults.push(ChainFault::HeadMismatch { recorded: head.seq, found: last });
        } else if last > 0 && head.hash != prev {
            report.faults.push(ChainFault::Changed { seq: last });
        }
        if let Some(c) = checkpoint {
            let database = self.database_id()?;
            if c.database != database {
                report.faults.push(ChainFault::OtherDatabase { checkpoint: c.database.clone(), database });
            } else {
                match at_checkpoint {
                    None => report.faults.push(ChainFault::Truncated { seq: c.seq, last }),
                    Some(h) if hex(&h) != c.head => report.faults.push(ChainFault::CheckpointMismatch { seq: c.seq }),
                    Some(_) => {}
                }
            }
        }
        Ok(report)
    }

    /// The chain's end as a checkpoint to keep elsewhere.
    pub fn checkpoint(&self, at: NaiveDateTime) -> Result<Checkpoint> {
        let head = self.chain_head()?;
        Ok(Checkpoint { database: self.database_id()?, seq: head.seq, head: hex(&head.hash), at })
    }

    /// Events that showed person `nik` (or their household), or changed a
    /// household they are in, oldest first. A No. KK works as well.
    pub fn audit_of_nik(&self, nik: &str) -> Result<Vec<AuditEvent>> {
        let ids = self.ids();
        let under = |kind: u8, id: &str| keys::with(kind, &[ids.id(id).as_bytes()]);
        let mut seqs = self.seqs_under(&under(keys::AUDIT_BY_NIK, nik))?;
        for kk in self.kks_by_nik(nik)? {
            seqs.extend(self.seqs_under(&under(keys::AUDIT_BY_KK, &kk))?);
            seqs.extend(self.seqs_under(&under(keys::AUDIT_BY_NIK, &kk))?);
        }
        // A No. KK given for the NIK: that household's changes too.
        seqs.extend(self.seqs_under(&under(keys::AUDIT_BY_KK, nik))?);
        self.events_of(seqs)
    }

    /// Events of user `user`, oldest first.
    pub fn audit_of_user(&self, user: &str) -> Result<Vec<AuditEvent>> {
        let seqs = self.seqs_under(&keys::audit_by_user_prefix(self.ids(), user))?;
        self.events_of(seqs)
    }

    /// Events at or after `since`, oldest first.
    pub fn audit_since(&self, since: NaiveDateTime) -> Result<Vec<AuditEvent>> {
        let mut out = Vec::new();
        for r in self.scan(&[keys::AUDIT]) {
            let (k, v) = r?;
            let e: AuditEvent = decode(&k, &v)?;
            if e.at >= since {
                out.push(e);
            }
        }
        Ok(out)
    }

    fn seqs_under(&self, prefix: &[u8]) -> Result<Vec<u64>> {
        self.scan(prefix)
            .map(|r| {
                let (k, _) = r?;
                Ok(k.get(k.len().saturating_sub(8)..).and_then(|b| b.try_into().ok()).map(u64::from_be_bytes))
            })
            .filter_map(|r| r.transpose())
            .collect()
    }

    fn events_of(&self, mut seqs: Vec<u64>) -> Result<Vec<AuditEvent>> {
        seqs.sort_unstable();
        seqs.dedup();
        let mut out = Vec::with_capacity(seqs.len());
        for seq in seqs {
            if let Some(e) = self.audit_event(seq)? {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// Adds the audit event of a change to a pending write.
    pub(super) fn stage_change(
        &self,
        batch: &mut Batch,
        seq: u64,
        audit: &AuditDraft,
        targets: Vec<TargetChange>,
    ) -> Result<()> {
        self.stage_event(batch, seq, audit, targets, Vec::new())?;
        batch.insert(keys::meta(META_LAST_CHANGE), encode("change mark", &seq)?);
        Ok(())
    }
}
