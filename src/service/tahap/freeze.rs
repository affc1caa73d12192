//! Freezing a built list: an immutable snapshot with its SHA-256 content
//! hash, who froze it and when. The rows are written first, in chunks under
//! a new building id; one last atomic write saves the list's header, moves
//! the plan to "list frozen", marks carried arrears and removes the chunks of
//! any earlier freeze that was killed before its header. Until that write a
//! list is absent: readers only follow headers.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{ledger_id, plan_id};
use crate::domain::codes::Programme;
use crate::domain::tahap::ledger::Ledger;
use crate::domain::tahap::list::{ListRow, Totals, content_hash};
use crate::domain::tahap::rules::RecipientRule;
use crate::domain::tahap::{Period, PeriodPlan, Step, YearMonth};
use crate::service::error::TahapRefusal;
use crate::service::{Actor, Result, Service};
use crate::store::{RecordPuts, kinds, record_id};

/// Rows per stored chunk: small writes, few keys.
const CHUNK: usize = 5000;

/// A frozen list's header; its rows are in `chunks` records under `building`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrozenList {
    pub programme: Programme,
    pub period: Period,
    /// 0 the main list, 1… the supplementary lists (*susulan*).
    pub number: u8,
    pub reference_date: NaiveDate,
    pub months: Vec<YearMonth>,
    pub hash: String,
    pub totals: Totals,
    pub frozen_at: NaiveDateTime,
    pub frozen_by: String,
    pub evaluated: u64,
    pub excluded: Vec<(RecipientRule, u64)>,
    /// NIKs beyond the quota, in waiting-list order.
    pub waiting: Vec<String>,
    building: u64,
    chunks: u32,
}

fn list_id(programme: Programme, period: Period, number: u8) -> String {
    format!("{}/{number:02}", plan_id(programme, period))
}

fn chunk_id(building: u64, chunk: u32) -> String {
    format!("{}/{chunk:06}", record_id(building))
}

impl Service {
    /// The frozen lists of a programme's period, the main list first.
    pub fn frozen_lists(&self, programme: Programme, period: Period) -> Result<Vec<FrozenList>> {
        let prefix = format!("{}/", plan_id(programme, period));
        Ok(self.store().scan_records_prefix(kinds::TAHAP_LIST, &prefix)?.into_iter().map(|(_, l)| l).collect())
    }

    /// Every frozen list of a programme, in period then number order.
    pub fn frozen_lists_of(&self, programme: Programme) -> Result<Vec<FrozenList>> {
        let prefix = format!("{}/", programme.code());
        let mut v: Vec<FrozenList> =
            self.store().scan_records_prefix(kinds::TAHAP_LIST, &prefix)?.into_iter().map(|(_, l)| l).collect();
        v.sort_by_key(|l| (l.period, l.number));
        Ok(v)
    }

    /// The rows of one frozen list, in reference order.
    pub fn list_rows(&self, list: &FrozenList) -> Result<Vec<ListRow>> {
        let mut rows = Vec::with_capacity(list.totals.recipients as usize);
        for c in 0..list.chunks {
            let chunk: Vec<ListRow> =
                self.store().get_record(kinds::TAHAP_ROWS, &chunk_id(list.building, c))?.unwrap_or_default();
            rows.extend(chunk);
        }
        Ok(rows)
    }

    /// How many row chunks the list holds.
    pub(super) fn chunk_count(list: &FrozenList) -> u32 {
        list.chunks
    }

    /// One chunk of a list's rows (in reference order, so by NIK).
    pub(super) fn list_chunk(&self, list: &FrozenList, chunk: u32) -> Result<Vec<ListRow>> {
        Ok(self.store().get_record(kinds::TAHAP_ROWS, &chunk_id(list.building, chunk))?.unwrap_or_default())
    }

    /// The rows of every frozen list of the period (main and supplementary).
    pub fn period_rows(&self, programme: Programme, period: Period) -> Result<Vec<ListRow>> {
        let mut rows = Vec::new();
        for l in self.frozen_lists(programme, period)? {
            rows.extend(self.list_rows(&l)?);
        }
        Ok(rows)
    }

    /// Builds and freezes the main list of the period (`susulan`: a
    /// supplementary list of those on no list of it yet).
    pub fn freeze_list(
        &self,
        programme: Programme,
        period: Period,
        susulan: bool,
        actor: &Actor,
    ) -> Result<FrozenList> {
        self.freeze_list_reporting(programme, period, susulan, actor, &mut |_| {})
    }

    /// [`Service::freeze_list`], calling `progress` with the rows written
    /// after each chunk (they stay invisible until the last write).
    pub fn freeze_list_reporting(
        &self,
        programme: Programme,
        period: Period,
        susulan: bool,
        actor: &Actor,
        progress: &mut dyn FnMut(u64),
    ) -> Result<FrozenList> {
        self.require(actor, crate::domain::access::Right::TahapFreeze)?;
        let mut plan = self.plan_or_refuse(programme, period)?;
        let existing = self.frozen_lists(programme, period)?;
        match (existing.first(), susulan) {
            (Some(main), false) => {
                return Err(TahapRefusal::AlreadyFrozen {
                    programme,
                    period,
                    at: main.frozen_at,
                    by: main.frozen_by.clone(),
                }
                .into());
            }
            (None, true) => return Err(TahapRefusal::NotFrozen { programme, period }.into()),
            (None, false) => {
                PeriodPlan::next_state(plan.state, Step::FreezeList).map_err(|error| TahapRefusal::Step {
                    programme,
                    period,
                    error,
                })?;
            }
            (Some(_), true) => {}
        }
        // A cut-off result import leaves some ledgers without the rest:
        // the arrears of the next list would be wrong until it is finished.
        if let Some(p) = self.interrupted_results(programme)? {
            return Err(p.into());
        }
        let built = self.build_list(programme, period)?;
        let mut rows = built.rows;
        if susulan {
            let listed: HashSet<String> = self.period_rows(programme, period)?.into_iter().map(|r| r.nik).collect();
            rows.retain(|r| !listed.contains(&r.nik));
            if rows.is_empty() {
                return Err(TahapRefusal::NobodyNew { programme, period }.into());
            }
        }
        let number = existing.iter().map(|l| l.number + 1).max().unwrap_or(0);
        let id = list_id(programme, period, number);
        let building = self.store().new_id()?;
        let mut chunks = 0u32;
        for part in rows.chunks(CHUNK) {
            let mut r = RecordPuts::new();
            r.put(kinds::TAHAP_ROWS, &chunk_id(building, chunks), &part)?;
            let action = format!("tahap.freeze.rows {id} {} {chunks}", record_id(building));
            self.store().write_records(r, &self.audit(actor, action))?;
            chunks += 1;
            progress((chunks as usize * CHUNK).min(rows.len()) as u64);
        }
        let list = FrozenList {
            programme,
            period,
            number,
            reference_date: built.reference_date,
            months: built.months,
            hash: content_hash(&rows),
            totals: Totals::of(&rows),
            frozen_at: self.now(),
            frozen_by: actor.user.clone(),
            evaluated: built.evaluated,
            excluded: built.excluded,
            waiting: built.waiting,
            building,
            chunks,
        };
        let mut r = RecordPuts::new();
        r.put(kinds::TAHAP_LIST, &id, &list)?;
        if !susulan {
            plan.freeze_list().map_err(|error| TahapRefusal::Step { programme, period, error })?;
            r.put(kinds::TAHAP_PLAN, &plan_id(programme, period), &plan)?;
        }
        for row in rows.iter().filter(|r| !r.arrears_of.is_empty()) {
            let lid = ledger_id(programme, &row.nik);
            let Some(mut ledger) = self.store().get_record::<Ledger>(kinds::TAHAP_LEDGER, &lid)? else { continue };
            for reference in &row.arrears_of {
                // The build took only failures not carried yet.
                let _ = ledger.carry(reference, period);
            }
            r.put(kinds::TAHAP_LEDGER, &lid, &ledger)?;
        }
        self.stage_leftover_cleanup(&mut r, building)?;
        self.store().write_records(r, &self.audit(actor, format!("tahap.freeze {id} {}", list.hash)))?;
        Ok(list)
    }

    /// Deletes the row chunks no header points to (a freeze killed before
    /// its last write), except those of the freeze under way.
    fn stage_leftover_cleanup(&self, r: &mut RecordPuts, current: u64) -> Result<()> {
        let mut kept: HashSet<String> = self
            .store()
            .scan_records::<FrozenList>(kinds::TAHAP_LIST)?
            .into_iter()
            .map(|(_, l)| record_id(l.building))
            .collect();
        kept.insert(record_id(current));
        for id in self.store().record_ids(kinds::TAHAP_ROWS, "")? {
            let building = id.split('/').next().unwrap_or_default();
            if !kept.contains(building) {
                r.delete(kinds::TAHAP_ROWS, &id)?;
            }
        }
        Ok(())
    }
}
