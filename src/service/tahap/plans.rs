//! Tariffs, period schedules, quotas and the plan (dates and state) of each
//! programme's period: what the operator sets and confirms.

use chrono::NaiveDate;

use super::plan_id;
use crate::domain::codes::Programme;
use crate::domain::tahap::quota::QuotaSetting;
use crate::domain::tahap::tariff::{Tariff, TariffTable};
use crate::domain::tahap::{Period, PeriodPlan, PeriodSchedule};
use crate::service::error::TahapRefusal;
use crate::service::versions::Seen;
use crate::service::{Actor, Result, Service};
use crate::store::{RecordPuts, kinds};

const TARIFF_TABLE: &str = "table";

/// A programme's period containing a day, for the dashboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentPeriod {
    pub programme: Programme,
    pub period: Period,
    /// `None`: not planned yet.
    pub plan: Option<PeriodPlan>,
    /// The plan of the later period that pays this one, once merged.
    pub paid_with: Option<PeriodPlan>,
}

impl Service {
    /// Every programme's tariffs (empty when none is set).
    pub fn tariffs(&self) -> Result<TariffTable> {
        Ok(self.store().get_record(kinds::TAHAP_TARIFFS, TARIFF_TABLE)?.unwrap_or_default())
    }

    /// The tariff table, its version noted in `seen`.
    fn tariffs_seen(&self, seen: &mut Seen) -> Result<TariffTable> {
        Ok(self.read_seen(kinds::TAHAP_TARIFFS, TARIFF_TABLE, seen)?.unwrap_or_default())
    }

    /// Adds tariffs to the table; one overlapping a tariff already there
    /// refuses them all.
    pub fn add_tariffs(&self, tariffs: &[Tariff], actor: &Actor) -> Result<()> {
        self.require(actor, crate::domain::access::Right::TahapFreeze)?;
        let mut seen = Seen::new();
        let mut table = self.tariffs_seen(&mut seen)?;
        for t in tariffs {
            table.insert(t.clone()).map_err(TahapRefusal::Tariff)?;
        }
        let mut r = RecordPuts::new();
        r.put(kinds::TAHAP_TARIFFS, TARIFF_TABLE, &table)?;
        let what: Vec<String> = tariffs.iter().map(|t| format!("{} {}", t.programme.code(), t.from)).collect();
        self.write_records_seen(r, &seen, &self.audit(actor, format!("tahap.tariff {}", what.join(","))))?;
        Ok(())
    }

    /// What setting one tariff would do, without saving: the refusal the
    /// save would give (an overlap names the month), else the programme's
    /// tariffs already there and the open-ended one it would end.
    pub fn tariff_preview(&self, tariff: &Tariff) -> Result<(Vec<Tariff>, Option<Tariff>)> {
        let mut table = self.tariffs()?;
        let before: Vec<Tariff> = table.rows().iter().filter(|t| t.programme == tariff.programme).cloned().collect();
        let ended = table.set(tariff.clone()).map_err(TahapRefusal::Tariff)?;
        Ok((before, ended))
    }

    /// Sets one tariff the operator has confirmed, ending the open-ended
    /// tariff it follows (audited; see [`TariffTable::set`]).
    pub fn set_tariff(&self, tariff: &Tariff, actor: &Actor) -> Result<Option<Tariff>> {
        self.require(actor, crate::domain::access::Right::TahapFreeze)?;
        let mut seen = Seen::new();
        let mut table = self.tariffs_seen(&mut seen)?;
        let ended = table.set(tariff.clone()).map_err(TahapRefusal::Tariff)?;
        let mut r = RecordPuts::new();
        r.put(kinds::TAHAP_TARIFFS, TARIFF_TABLE, &table)?;
        let until = tariff.until.map(|u| u.to_string()).unwrap_or_default();
        let mut action =
            format!("tahap.tariff {} {}..{until} {}", tariff.programme.code(), tariff.from, tariff.monthly);
        if let Some(e) = &ended {
            action.push_str(&format!("; ends {} at {}", e.from, tariff.from.prev()));
        }
        self.write_records_seen(r, &seen, &self.audit(actor, action))?;
        Ok(ended)
    }

    pub fn schedule(&self, programme: Programme) -> Result<Option<PeriodSchedule>> {
        Ok(self.store().get_record(kinds::TAHAP_SCHEDULE, programme.code())?)
    }

    pub fn set_schedule(&self, programme: Programme, schedule: &PeriodSchedule, actor: &Actor) -> Result<()> {
        self.require(actor, crate::domain::access::Right::TahapFreeze)?;
        let mut r = RecordPuts::new();
        r.put(kinds::TAHAP_SCHEDULE, programme.code(), schedule)?;
        self.store().write_records(r, &self.audit(actor, format!("tahap.schedule {}", programme.code())))?;
        Ok(())
    }

    /// The quota of a programme; no cap when none is set.
    pub fn quota(&self, programme: Programme) -> Result<QuotaSetting> {
        Ok(self
            .store()
            .get_record(kinds::TAHAP_QUOTA, programme.code())?
            .unwrap_or(QuotaSetting { quota: None, order: Vec::new() }))
    }

    pub fn set_quota(&self, programme: Programme, setting: &QuotaSetting, actor: &Actor) -> Result<()> {
        self.require(actor, crate::domain::access::Right::TahapFreeze)?;
        let mut r = RecordPuts::new();
        r.put(kinds::TAHAP_QUOTA, programme.code(), setting)?;
        self.store().write_records(r, &self.audit(actor, format!("tahap.quota {}", programme.code())))?;
        Ok(())
    }

    pub fn plan(&self, programme: Programme, period: Period) -> Result<Option<PeriodPlan>> {
        Ok(self.store().get_record(kinds::TAHAP_PLAN, &plan_id(programme, period))?)
    }

    /// The plan, or a refusal naming the list.
    pub fn plan_or_refuse(&self, programme: Programme, period: Period) -> Result<PeriodPlan> {
        self.plan(programme, period)?.ok_or_else(|| TahapRefusal::NoPlan { programme, period }.into())
    }

    /// Every plan, or those of one year, in programme then period order.
    pub fn plans(&self, year: Option<i32>) -> Result<Vec<PeriodPlan>> {
        let mut v: Vec<PeriodPlan> = self
            .store()
            .scan_records::<PeriodPlan>(kinds::TAHAP_PLAN)?
            .into_iter()
            .map(|(_, p)| p)
            .filter(|p| year.is_none_or(|y| p.period.year() == y))
            .collect();
        v.sort_by_key(|p| (p.programme, p.period));
        Ok(v)
    }

    /// Saves plans as they are (the operator's dates and the states they
    /// reached), in one audited write.
    pub fn save_plans(&self, plans: &[PeriodPlan], actor: &Actor) -> Result<()> {
        self.require(actor, crate::domain::access::Right::TahapFreeze)?;
        let mut r = RecordPuts::new();
        for p in plans {
            r.put(kinds::TAHAP_PLAN, &plan_id(p.programme, p.period), p)?;
        }
        let what: Vec<String> = plans.iter().map(|p| plan_id(p.programme, p.period)).collect();
        self.store().write_records(r, &self.audit(actor, format!("tahap.plan {}", what.join(","))))?;
        Ok(())
    }

    /// A new plan for a period, its list evaluated on the period's first day.
    pub fn plan_period(&self, programme: Programme, period: Period, planned: NaiveDate, actor: &Actor) -> Result<()> {
        self.require(actor, crate::domain::access::Right::TahapFreeze)?;
        self.save_plans(&[PeriodPlan::new(programme, period, planned)], actor)
    }

    /// Records that the period's payment was announced on `on`.
    pub fn announce(&self, programme: Programme, period: Period, on: NaiveDate, actor: &Actor) -> Result<()> {
        self.require(actor, crate::domain::access::Right::TahapFreeze)?;
        let mut plan = self.plan_or_refuse(programme, period)?;
        plan.announce(on).map_err(|error| TahapRefusal::Step { programme, period, error })?;
        self.save_plans(&[plan], actor)
    }

    /// Merges a late period into a later one of the programme, whose list
    /// then pays its months.
    pub fn merge_period(&self, programme: Programme, period: Period, into: Period, actor: &Actor) -> Result<()> {
        self.require(actor, crate::domain::access::Right::TahapFreeze)?;
        let mut plan = self.plan_or_refuse(programme, period)?;
        plan.merge_into(into).map_err(|error| TahapRefusal::Step { programme, period, error })?;
        self.save_plans(&[plan], actor)
    }

    /// For each programme with a period schedule, the period containing
    /// `on`, its plan, and the plan it was merged into.
    pub fn current_periods(&self, on: NaiveDate) -> Result<Vec<CurrentPeriod>> {
        let mut out = Vec::new();
        for &programme in Programme::ALL {
            let Some(period) = self.schedule(programme)?.and_then(|s| s.period_on(on)) else { continue };
            let plan = self.plan(programme, period)?;
            let paid_with = match plan.as_ref().and_then(|p| p.merged_into) {
                Some(into) => self.plan(programme, into)?,
                None => None,
            };
            out.push(CurrentPeriod { programme, period, plan, paid_with });
        }
        Ok(out)
    }
}
