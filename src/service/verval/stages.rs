//! The stages after a submitted visit: finalise, return with a reason, and
//! pengesahan, which checks every visit first and then writes the register
//! in atomic, audited batches.

use super::*;

impl Service {
    /// Officer submits: period open, form free of errors → diverifikasi.
    pub fn submit_visit(&self, visit_id: u64, actor: &Actor) -> Result<VisitLine> {
        self.submit_visit_at(visit_id, None, actor)
    }

    /// [`Service::submit_visit`] of the form a screen shows at version
    /// `shown`: refused, naming who and when, when another session saved
    /// the form since, so nobody submits what they have not seen.
    pub fn submit_visit_at(&self, visit_id: u64, shown: Option<Version>, actor: &Actor) -> Result<VisitLine> {
        self.require(actor, crate::domain::access::Right::Visit)?;
        let mut seen = Seen::new();
        if let Some(v) = shown {
            self.still_at(kinds::VISIT, &record_id(visit_id), v)?;
        }
        let form = self.load_form_seen(visit_id, &mut seen)?;
        let mut rec = self.load_record_seen(visit_id, &mut seen)?;
        if rec.officer != actor.user && rec.verification.editable() {
            return Err(Refusal::NotYourVisit { visit: visit_id, no_kk: form.no_kk, officer: rec.officer }.into());
        }
        let period = self.period(&form.period)?;
        rec.verification
            .submit(&period, &form, &actor.user, self.today())
            .map_err(|e| stage_err(visit_id, &form.no_kk, &e))?;
        self.save_record(&form, &rec, &seen, actor, "submit")
    }

    /// Supervisor finalises a submitted visit.
    pub fn finalise(&self, visit_id: u64, actor: &Actor) -> Result<VisitLine> {
        self.require(actor, crate::domain::access::Right::Finalise)?;
        let mut seen = Seen::new();
        let form = self.load_form_seen(visit_id, &mut seen)?;
        let mut rec = self.load_record_seen(visit_id, &mut seen)?;
        rec.verification.finalise(&actor.user, self.today()).map_err(|e| stage_err(visit_id, &form.no_kk, &e))?;
        self.save_record(&form, &rec, &seen, actor, "finalise")
    }

    /// Supervisor returns a submitted visit to its officer with a reason; it
    /// becomes the officer's draft again, showing the reason.
    pub fn return_visit(&self, visit_id: u64, reason: &str, actor: &Actor) -> Result<VisitLine> {
        self.require(actor, crate::domain::access::Right::Finalise)?;
        let mut seen = Seen::new();
        let form = self.load_form_seen(visit_id, &mut seen)?;
        let mut rec = self.load_record_seen(visit_id, &mut seen)?;
        rec.verification
            .return_to_officer(reason, &actor.user, self.today())
            .map_err(|e| stage_err(visit_id, &form.no_kk, &e))?;
        self.save_record(&form, &rec, &seen, actor, "return")
    }

    /// Pengesahan: records the letter on each finalised visit and applies
    /// its findings to the register, in batches of [`RATIFY_BATCH`], each one
    /// atomic audited write (households, verification records, one event).
    /// Every visit is checked first (stage, letter, household present, the
    /// household still valid after its findings, one visit per household);
    /// any problem refuses the whole call with nothing written. Each batch
    /// is written only if its visits and households are as they were read;
    /// one that another session changed meanwhile is refused, naming who,
    /// and the batches before it stay written.
    pub fn ratify(&self, visit_ids: &[u64], letter: &Letter, actor: &Actor) -> Result<RatifyReport> {
        self.ratify_batched(visit_ids, letter, actor, RATIFY_BATCH)
    }

    #[doc(hidden)]
    pub fn ratify_batched(
        &self,
        visit_ids: &[u64],
        letter: &Letter,
        actor: &Actor,
        batch: usize,
    ) -> Result<RatifyReport> {
        self.require(actor, crate::domain::access::Right::Ratify)?;
        let today = self.today();
        let mut problems: Vec<Refusal> = Vec::new();
        let mut ids_seen = HashSet::new();
        let mut kks_seen = HashSet::new();
        let mut ready = Vec::with_capacity(visit_ids.len());
        for &id in visit_ids {
            if !ids_seen.insert(id) {
                problems.push(Refusal::ListedTwice { visit: id });
                continue;
            }
            // What each visit's write expects unchanged: its records and
            // its household, so a decision saved meanwhile is never undone.
            let mut seen = Seen::new();
            let (form, mut rec) = match (self.load_form_seen(id, &mut seen), self.load_record_seen(id, &mut seen)) {
                (Ok(f), Ok(r)) => (f, r),
                (Err(ServiceError::Refused(r)), _) | (_, Err(ServiceError::Refused(r))) => {
                    problems.push(r);
                    continue;
                }
                (Err(e), _) | (_, Err(e)) => return Err(e),
            };
            if !kks_seen.insert(form.no_kk.clone()) {
                problems.push(Refusal::TwoVisitsOneKk { visit: id, no_kk: form.no_kk.clone() });
                continue;
            }
            if let Err(e) = rec.verification.ratify(letter.clone(), &actor.user, today) {
                problems.push(Refusal::Stage { visit: id, no_kk: form.no_kk.clone(), error: e });
                continue;
            }
            let Some(h) = self.household_seen(&form.no_kk, &mut seen)? else {
                problems.push(Refusal::HouseholdGone { visit: id, no_kk: form.no_kk.clone() });
                continue;
            };
            let (after, changes) = apply_findings(&h, &form, letter, today);
            let after_errors = validate_household_in(&after, &self.wilayah(), today);
            // Errors the household already had are not the findings' doing.
            let before =
                if after_errors.is_empty() { Vec::new() } else { validate_household_in(&h, &self.wilayah(), today) };
            if let Some(first) = after_errors.into_iter().find(|e| !before.contains(e)) {
                problems.push(Refusal::FindingsLeaveInvalid {
                    visit: id,
                    no_kk: form.no_kk.clone(),
                    error: Box::new(first),
                });
                continue;
            }
            rec.applied = changes;
            ready.push((after, rec, seen));
        }
        if !problems.is_empty() {
            return Err(Refusal::PengesahanRefused { problems }.into());
        }

        let mut report = RatifyReport { visits: ready.len(), ..RatifyReport::default() };
        let chunks: Vec<_> = ready.chunks(batch.max(1)).collect();
        let n = chunks.len();
        for (i, chunk) in chunks.into_iter().enumerate() {
            let mut r = RecordPuts::new();
            let mut households = Vec::with_capacity(chunk.len());
            let mut seen = Seen::new();
            for (h, rec, s) in chunk {
                seen.extend(s);
                r.put(kinds::VERIFICATION, &record_id(rec.verification.visit_id), rec)?;
                households.push(h.clone());
                for c in &rec.applied {
                    if let AppliedChange::Excluded { cause: Cause::Rule(_), .. } = c {
                        report.cascades.push(c.clone());
                    }
                }
            }
            let audit = self.audit(
                actor,
                format!(
                    "verval.ratify surat {} {} batch {}/{n} ({} visits)",
                    letter.number.trim(),
                    format_date(letter.date),
                    i + 1,
                    chunk.len()
                ),
            );
            let w = self.write_cycle_seen(r, &households, &seen, &audit)?;
            report.households_changed += w.created + w.updated;
            report.audit_seqs.extend(w.seq);
            report.batches += 1;
        }
        Ok(report)
    }
}
