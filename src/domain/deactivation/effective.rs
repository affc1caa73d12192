//! The effective period: a frozen list is never changed, so a decision
//! takes effect, per programme, from the first period whose list for that
//! programme is not frozen yet. Undo is possible only while none of those
//! lists has been frozen since.
//!
//! Periods come in through [`Calendar`]; [`TahapCalendar`] is the one the
//! service uses, over each programme's `tahap::PeriodSchedule` (a tahap of
//! three months or a month, changing with the setting) and its period plans.

use std::collections::BTreeMap;
use std::fmt::Display;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::state::Refusal;
use crate::domain::codes::Programme;
use crate::domain::tahap::{Period, PeriodPlan, PeriodSchedule, PeriodState};

/// How far ahead the next unfrozen period is looked for: ten years of
/// monthly lists. Beyond that the calendar is wrong, not the decision.
const HORIZON: usize = 120;

/// The payment periods of each programme and which lists are frozen.
pub trait Calendar {
    type Period: Display;
    /// The period of `programme` that contains `date`; None where the
    /// programme has no period setting.
    fn containing(&self, programme: Programme, date: NaiveDate) -> Option<Self::Period>;
    /// The period of `programme` after `period`.
    fn next(&self, programme: Programme, period: &Self::Period) -> Option<Self::Period>;
    fn first_day(&self, period: &Self::Period) -> NaiveDate;
    /// Whether the recipient list of `programme` for `period` is frozen.
    fn is_frozen(&self, programme: Programme, period: &Self::Period) -> bool;
}

/// When a decision reaches one programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeEffect {
    pub programme: Programme,
    /// The period's written form (`2026-T4`, `2026-11`); None for a
    /// programme not paid in lists (no period setting, e.g. JKN-PBI): the
    /// decision holds from its own date.
    pub period: Option<String>,
    /// Its first day: the date enrolments end or restart.
    pub from: NaiveDate,
}

/// When an approved decision takes effect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub programmes: Vec<ProgrammeEffect>,
    /// The date the DTKS status changes; None when only some programmes are
    /// affected and the register status stays.
    pub status_from: Option<NaiveDate>,
}

/// The first period of `programme`, from the one containing `on`, whose
/// list is not frozen. Its list is still being built, so the decision holds
/// from its first day: on any reference date of that list the status has
/// already changed.
pub fn effective_period<C: Calendar>(cal: &C, programme: Programme, on: NaiveDate) -> Result<ProgrammeEffect, Refusal> {
    let Some(mut period) = cal.containing(programme, on).map(Some) else {
        return Ok(ProgrammeEffect { programme, period: None, from: on });
    };
    for _ in 0..HORIZON {
        let Some(p) = period else { break };
        if !cal.is_frozen(programme, &p) {
            return Ok(ProgrammeEffect { programme, period: Some(p.to_string()), from: cal.first_day(&p) });
        }
        period = cal.next(programme, &p);
    }
    Err(Refusal::NoOpenPeriod { programme })
}

/// The plan for `programmes`, decided on `on`. With `register` the DTKS
/// status changes from the earliest programme's date (or `on` when no
/// programme is concerned).
pub fn plan<C: Calendar>(cal: &C, programmes: &[Programme], register: bool, on: NaiveDate) -> Result<Plan, Refusal> {
    let effects = programmes.iter().map(|&p| effective_period(cal, p, on)).collect::<Result<Vec<_>, _>>()?;
    let status_from = register.then(|| effects.iter().map(|e| e.from).min().unwrap_or(on));
    Ok(Plan { programmes: effects, status_from })
}

/// Refuses an undo when the effect has reached a frozen list: the list of an
/// effective period was frozen after the decision.
pub fn check_undo<C: Calendar>(cal: &C, plan: &Plan) -> Result<(), Refusal> {
    for e in &plan.programmes {
        let Some(period) = &e.period else { continue };
        if cal.containing(e.programme, e.from).is_some_and(|p| cal.is_frozen(e.programme, &p)) {
            return Err(Refusal::ReachedFrozenList { programme: e.programme, period: period.clone() });
        }
    }
    Ok(())
}

/// The calendar of the tahap domain: each programme's period setting, and
/// its period plans, whose list is frozen from `ListFrozen` on. A cancelled
/// period has no list to keep, so a decision may take effect in it.
pub struct TahapCalendar<'a> {
    pub schedules: &'a BTreeMap<Programme, PeriodSchedule>,
    pub plans: &'a [PeriodPlan],
}

impl Calendar for TahapCalendar<'_> {
    type Period = Period;
    fn containing(&self, programme: Programme, date: NaiveDate) -> Option<Period> {
        self.schedules.get(&programme)?.period_on(date)
    }
    fn next(&self, programme: Programme, period: &Period) -> Option<Period> {
        self.schedules.get(&programme)?.next(*period)
    }
    fn first_day(&self, period: &Period) -> NaiveDate {
        period.first_day()
    }
    fn is_frozen(&self, programme: Programme, period: &Period) -> bool {
        self.plans.iter().any(|p| {
            p.programme == programme
                && p.period == *period
                && !matches!(p.state, PeriodState::Planned | PeriodState::Announced | PeriodState::Cancelled)
        })
    }
}
