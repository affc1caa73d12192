//! Household writes, each one atomic and flushed with its audit event and
//! index entries, and the audit log's reads.

use super::*;

impl Store {
    /// Saves `puts` and removes `deletes` in one atomic, flushed write with
    /// one audit event. Households equal to their stored version are skipped;
    /// when nothing changes, nothing is written.
    pub fn write(&self, puts: &[Household], deletes: &[String], audit: &AuditDraft) -> Result<WriteReport> {
        let mut seen = HashSet::new();
        for h in puts {
            keys::check_keys(h)?;
            if !seen.insert(h.no_kk.as_str()) {
                return Err(StoreError::Twice { no_kk: h.no_kk.clone() });
            }
        }
        for kk in deletes {
            if !seen.insert(kk.as_str()) {
                return Err(StoreError::Twice { no_kk: kk.clone() });
            }
        }

        let _one_writer = self.write_lock.lock().unwrap_or_else(PoisonError::into_inner);
        let mut pending = Pending::default();
        self.stage_households(&mut pending, puts, deletes)?;
        if pending.targets.is_empty() {
            return Ok(pending.report);
        }
        self.commit(pending, audit, "save")
    }

    /// Adds the household puts and deletes to a pending write: the records,
    /// their index changes and their audit targets. Callers hold the write lock
    /// and have checked keys and duplicates.
    pub(super) fn stage_households(&self, pending: &mut Pending, puts: &[Household], deletes: &[String]) -> Result<()> {
        let Pending { batch, report, targets, count, .. } = pending;
        if count.is_none() {
            *count = Some(self.household_count()?);
        }
        let count = count.get_or_insert(0);

        for h in puts {
            let key = keys::household(self.ids(), &h.no_kk);
            let old: Option<Household> = self.get(&key)?;
            if old.as_ref() == Some(h) {
                report.unchanged += 1;
                continue;
            }
            let new_entries = keys::index_entries(self.ids(), h)?;
            let old_entries = match &old {
                Some(o) => keys::index_entries(self.ids(), o)?,
                None => Default::default(),
            };
            for k in old_entries.keys().filter(|k| !new_entries.contains_key(*k)) {
                batch.remove(k.as_slice());
            }
            for (k, v) in new_entries {
                if old_entries.get(&k) != Some(&v) {
                    batch.insert(k, v);
                }
            }
            batch.insert(key, encode(&format!("household {}", h.no_kk), h)?);
            let (kind, changes) = match &old {
                Some(o) => {
                    report.updated += 1;
                    (ChangeKind::Updated, diff_household(o, h))
                }
                None => {
                    report.created += 1;
                    *count += 1;
                    (ChangeKind::Created, Vec::new())
                }
            };
            targets.push(TargetChange { no_kk: h.no_kk.clone(), kind, changes });
        }

        for kk in deletes {
            let key = keys::household(self.ids(), kk);
            let Some(old) = self.get::<Household>(&key)? else {
                report.not_found += 1;
                continue;
            };
            for k in keys::index_entries(self.ids(), &old)?.into_keys() {
                batch.remove(k);
            }
            batch.remove(key);
            report.deleted += 1;
            *count = count.saturating_sub(1);
            targets.push(TargetChange { no_kk: kk.clone(), kind: ChangeKind::Deleted, changes: Vec::new() });
        }
        Ok(())
    }

    /// Adds the audit event (and the household count, when households were
    /// staged) to a pending write and applies it as one flushed batch.
    /// Callers hold the write lock.
    pub(super) fn commit(&self, pending: Pending, audit: &AuditDraft, action: &'static str) -> Result<WriteReport> {
        let Pending { mut batch, mut report, targets, count, records } = pending;
        let _chain = self.chain_lock.lock().unwrap_or_else(PoisonError::into_inner);
        let seq: u64 = self.meta(META_NEXT_SEQ)?.unwrap_or(1);
        for t in &targets {
            batch.insert(keys::audit_by_kk(self.ids(), &t.no_kk, seq), Vec::new());
        }
        let version = encode("record version", &seq)?;
        for k in &records {
            batch.insert(keys::version(k), version.clone());
        }
        let households_changed = !targets.is_empty();
        self.stage_change(&mut batch, seq, audit, targets)?;
        if let Some(count) = count {
            batch.insert(keys::meta(META_HOUSEHOLDS), encode("household count", &count)?);
        }
        self.apply(batch, action)?;
        if households_changed {
            self.household_generation.fetch_add(1, Ordering::AcqRel);
        }
        report.seq = Some(seq);
        Ok(report)
    }

    /// The audit events that touched a household, oldest first, each holding
    /// only that household's target.
    pub fn audit_for(&self, no_kk: &str) -> Result<Vec<AuditEvent>> {
        let mut out = Vec::new();
        for r in self.scan(&keys::with(keys::AUDIT_BY_KK, &[self.ids().id(no_kk).as_bytes()])) {
            let (k, _) = r?;
            let Some(seq) = k.get(k.len().saturating_sub(8)..).and_then(|b| b.try_into().ok()).map(u64::from_be_bytes)
            else {
                continue;
            };
            if let Some(mut e) = self.audit_event(seq)? {
                e.targets.retain(|t| t.no_kk == no_kk);
                out.push(e);
            }
        }
        Ok(out)
    }

    /// The sequence number the next audited write will take: it moves on
    /// every write, from this process or another, so a screen can tell
    /// whether what it counted is stale.
    pub fn next_audit_seq(&self) -> Result<u64> {
        Ok(self.meta(META_NEXT_SEQ)?.unwrap_or(1))
    }

    pub fn audit_event(&self, seq: u64) -> Result<Option<AuditEvent>> {
        self.get(&keys::audit(seq))
    }

    /// Audit events from `from_seq` on, at most `limit`, oldest first.
    pub fn audit_log(&self, from_seq: u64, limit: usize) -> Result<Vec<AuditEvent>> {
        let it = self.db.range(keys::audit(from_seq)..keys::audit(u64::MAX)).take(limit);
        self.opened(it.map(|r| r.map_err(|e| self.err("read", e))))
            .map(|r| {
                let (k, v) = r?;
                decode(&k, &v)
            })
            .collect()
    }
}

/// A write being assembled: the batch, what it did so far, the audit targets
/// and the household count when households were staged.
#[derive(Default)]
pub(super) struct Pending {
    pub(super) batch: Batch,
    report: WriteReport,
    targets: Vec<TargetChange>,
    count: Option<u64>,
    /// Keys of the records put or deleted, which get a version entry.
    pub(super) records: Vec<Vec<u8>>,
}
