//! Building a programme's list for a period: the recipient rules on the
//! plan's reference date over the register, the quota, the months each row
//! pays (the period's, those of periods merged into it, and arrears carried
//! from failed payments) priced with the tariff table.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::ledger_id;
use crate::domain::codes::{EnrolmentStatus, Programme};
use crate::domain::model::{Household, Person};
use crate::domain::tahap::account::BurekolAccount;
use crate::domain::tahap::ledger::Ledger;
use crate::domain::tahap::list::{ListRow, payment_reference};
use crate::domain::tahap::quota::{self, Candidate};
use crate::domain::tahap::rules::{self, RecipientRule, Subject, Verdict};
use crate::domain::tahap::tariff::TariffTable;
use crate::domain::tahap::{Period, PeriodPlan, YearMonth};
use crate::service::deactivation::DecisionsInEffect;
use crate::service::error::TahapRefusal;
use crate::service::{Result, Service};
use crate::store::kinds;

/// A built list, not yet frozen: its rows and who was left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltList {
    pub programme: Programme,
    pub period: Period,
    pub reference_date: NaiveDate,
    /// The months every row pays at least (arrears come on top).
    pub months: Vec<YearMonth>,
    /// In reference order.
    pub rows: Vec<ListRow>,
    /// Persons enrolled in the programme whose rules were evaluated.
    pub evaluated: u64,
    /// Left out, by the first rule each failed, in rule order.
    pub excluded: Vec<(RecipientRule, u64)>,
    /// Eligible beyond the quota, in waiting-list order.
    pub waiting: Vec<String>,
    /// Rows that carry arrears.
    pub with_arrears: u64,
}

/// What a row needs of a person who passed the rules.
struct Passed {
    nik: String,
    no_kk: String,
    name: String,
    kelurahan: String,
    account: BurekolAccount,
}

impl Service {
    /// The months a list of `period` pays: the schedule's months of it (all
    /// its months without a schedule) and those of periods merged into it.
    pub fn list_months(&self, programme: Programme, period: Period) -> Result<Vec<YearMonth>> {
        let schedule = self.schedule(programme)?;
        let months_of = |p: Period| match &schedule {
            Some(s) if !s.months_of(p).is_empty() => s.months_of(p),
            _ => p.months(),
        };
        let mut months = months_of(period);
        for merged in self.plans(None)?.iter().filter(|p| p.programme == programme && p.merged_into == Some(period)) {
            months.extend(months_of(merged.period));
        }
        months.sort();
        months.dedup();
        Ok(months)
    }

    /// Every recipient rule for one person on the plan's reference date,
    /// with the household's deactivation decisions.
    pub(super) fn verdict(&self, plan: &PeriodPlan, household: &Household, person: &Person) -> Result<Verdict> {
        let decisions = self.decisions_in_effect(&household.no_kk)?;
        let account = self.account(&person.nik)?;
        let subject = Subject { person, household, account: account.as_ref() };
        Ok(rules::evaluate(&subject, plan.programme, plan.period, plan.reference_date, &decisions))
    }

    /// Builds the list of `programme` for `period`; refused when a month it
    /// pays has no tariff.
    pub fn build_list(&self, programme: Programme, period: Period) -> Result<BuiltList> {
        let plan = self.plan_or_refuse(programme, period)?;
        let months = self.list_months(programme, period)?;
        let tariffs = self.tariffs()?;
        let missing = tariffs.missing(programme, &months);
        if !missing.is_empty() {
            return Err(TahapRefusal::NoTariff { programme, period, months: missing }.into());
        }
        let mut evaluated = 0u64;
        let mut excluded: BTreeMap<usize, u64> = BTreeMap::new();
        let mut passed: BTreeMap<String, Passed> = BTreeMap::new();
        let mut candidates = Vec::new();
        // Every decision read once, not once per household.
        let decisions = DecisionsInEffect::new(&self.all_proposals()?);
        // Only the households the programme's enrolment index names, in
        // No. KK order (a third of the register for the largest card).
        let mut kks: Vec<String> = Vec::new();
        for &status in EnrolmentStatus::ALL {
            kks.extend(self.store().enrolled(programme, status)?.into_iter().map(|(_, kk)| kk));
        }
        kks.sort_unstable();
        kks.dedup();
        for kk in &kks {
            let Some(h) = self.store().household(kk)? else { continue };
            for p in h.members.iter().filter(|p| p.enrolment(programme).is_some()) {
                evaluated += 1;
                let account = self.account(&p.nik)?;
                let subject = Subject { person: p, household: &h, account: account.as_ref() };
                let v = rules::evaluate(&subject, programme, period, plan.reference_date, &decisions);
                if let Some(first) = v.first_failure() {
                    let at = RecipientRule::ALL.iter().position(|r| *r == first.rule()).unwrap_or(0);
                    *excluded.entry(at).or_default() += 1;
                    continue;
                }
                let Some(account) = account else { continue };
                candidates.push(Candidate { nik: p.nik.clone(), decile: h.info.decile, birth_date: p.birth_date });
                passed.insert(
                    p.nik.clone(),
                    Passed {
                        nik: p.nik.clone(),
                        no_kk: h.no_kk.clone(),
                        name: p.name.clone(),
                        kelurahan: h.address.kelurahan.clone(),
                        account,
                    },
                );
            }
        }
        let outcome = quota::apply(candidates, &self.quota(programme)?);
        let mut rows = Vec::with_capacity(outcome.list.len());
        let mut with_arrears = 0;
        for c in &outcome.list {
            let Some(p) = passed.get(&c.nik) else { continue };
            let ledger: Option<Ledger> = self.store().get_record(kinds::TAHAP_LEDGER, &ledger_id(programme, &p.nik))?;
            if let Some(row) = price(programme, period, &months, p, ledger.as_ref(), &tariffs)? {
                with_arrears += u64::from(!row.arrears_of.is_empty());
                rows.push(row);
            }
        }
        rows.sort_by(|a, b| a.reference.cmp(&b.reference));
        Ok(BuiltList {
            programme,
            period,
            reference_date: plan.reference_date,
            months,
            rows,
            evaluated,
            excluded: excluded.into_iter().map(|(i, n)| (RecipientRule::ALL[i], n)).collect(),
            waiting: outcome.waiting.into_iter().map(|c| c.nik).collect(),
            with_arrears,
        })
    }
}

/// The row of one recipient: the list's months not yet paid, plus the months
/// of earlier failed payments not yet carried, each month once. `None` when
/// nothing is left to pay.
fn price(
    programme: Programme,
    period: Period,
    months: &[YearMonth],
    p: &Passed,
    ledger: Option<&Ledger>,
    tariffs: &TariffTable,
) -> Result<Option<ListRow>> {
    let paid = |m: YearMonth| ledger.is_some_and(|l| l.paid_by(m).is_some());
    let mut pays: Vec<YearMonth> = months.iter().copied().filter(|&m| !paid(m)).collect();
    let mut arrears_of = Vec::new();
    for f in ledger.map(Ledger::failures).unwrap_or_default() {
        if f.carried_into.is_some() || f.period >= period {
            continue;
        }
        let owed: Vec<YearMonth> = f.months.iter().copied().filter(|&m| !paid(m)).collect();
        if !owed.is_empty() {
            pays.extend(owed);
            arrears_of.push(f.reference.clone());
        }
    }
    pays.sort();
    pays.dedup();
    if pays.is_empty() {
        return Ok(None);
    }
    let amount = tariffs.amount(programme, &pays).map_err(|_| TahapRefusal::NoTariff {
        programme,
        period,
        months: tariffs.missing(programme, &pays),
    })?;
    Ok(Some(ListRow {
        nik: p.nik.clone(),
        no_kk: p.no_kk.clone(),
        name: p.name.clone(),
        kelurahan: p.kelurahan.clone(),
        bank: p.account.bank.clone(),
        account: p.account.number.to_string(),
        months: pays,
        arrears_of,
        amount,
        reference: payment_reference(programme, period, &p.nik),
    }))
}
