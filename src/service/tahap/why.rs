//! "Why was my mother not on the list?": for a NIK and a period, per
//! programme with a plan for it, the row and its payment, or the rule that
//! left the person out, or the place on the waiting list; and the same for
//! every period of the person's programmes (the person detail).
//!
//! Reading one NIK never scans a whole list: a list's rows are stored in
//! chunks in reference order, which within a list is NIK order, so the row
//! is found by a binary search over the chunks (about log2(chunks) chunk
//! reads). Whether it was paid comes from the person's ledger (one read);
//! only a failed payment reads the period's results, for the bank's reason.

use std::cmp::Ordering;

use serde::Serialize;

use super::ledger_id;
use crate::domain::codes::Programme;
use crate::domain::tahap::Period;
use crate::domain::tahap::PeriodPlan;
use crate::domain::tahap::ledger::Ledger;
use crate::domain::tahap::list::ListRow;
use crate::domain::tahap::quota::Standing;
use crate::domain::tahap::reconcile::BankStatus;
use crate::domain::{Household, Person};
use crate::service::tahap::FrozenList;
use crate::service::{Result, Service};
use crate::store::kinds;

/// One programme's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhyEntry {
    pub programme: Programme,
    pub frozen: bool,
    /// The person's row on a frozen list of the period.
    pub row: Option<ListRow>,
    /// The bank's last word on that row's payment.
    pub payment: Option<BankStatus>,
    /// Off the list: why, on the plan's reference date. `None` with no row:
    /// eligible now (for a supplementary list, or for the list still to be
    /// frozen).
    pub standing: Option<Standing>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Why {
    pub nik: String,
    /// The person's name, when the NIK is in the register.
    pub name: Option<String>,
    #[serde(skip)]
    pub entries: Vec<WhyEntry>,
}

/// One period of one of the person's programmes, for the person detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonPeriod {
    pub period: Period,
    /// `None`: the period has no plan yet.
    pub plan: Option<PeriodPlan>,
    pub entry: WhyEntry,
}

impl Service {
    /// The person's standing on the register as it is now, against the
    /// plan of `period`: the first failed rule, else the waiting-list place.
    pub(super) fn standing_now(
        &self,
        programme: Programme,
        period: Period,
        nik: &str,
        waiting: &[String],
    ) -> Result<Option<Standing>> {
        let Some(plan) = self.plan(programme, period)? else { return Ok(None) };
        let Some(household) = self.person_by_nik(nik)? else { return Ok(None) };
        let Some(person) = household.member(nik) else { return Ok(None) };
        self.standing_of(&plan, &household, person, waiting)
    }

    fn standing_of(
        &self,
        plan: &PeriodPlan,
        household: &Household,
        person: &Person,
        waiting: &[String],
    ) -> Result<Option<Standing>> {
        let v = self.verdict(plan, household, person)?;
        if let Some(first) = v.first_failure() {
            return Ok(Some(Standing::Excluded { first, all: v.failures().collect() }));
        }
        Ok(waiting.iter().position(|n| *n == person.nik).map(|i| Standing::Waiting { position: i + 1 }))
    }

    fn person_by_nik(&self, nik: &str) -> Result<Option<Household>> {
        for kk in self.store().kks_by_nik(nik)? {
            if let Some(h) = self.store().household(&kk)? {
                return Ok(Some(h));
            }
        }
        Ok(None)
    }

    /// The person's row on one frozen list.
    fn row_on_list(&self, list: &FrozenList, nik: &str) -> Result<Option<ListRow>> {
        find_in_chunks(Self::chunk_count(list), nik, |c| self.list_chunk(list, c))
    }

    /// The person's row on any of the period's lists (main list first).
    fn row_on_lists(&self, lists: &[FrozenList], nik: &str) -> Result<Option<ListRow>> {
        for l in lists {
            if let Some(r) = self.row_on_list(l, nik)? {
                return Ok(Some(r));
            }
        }
        Ok(None)
    }

    /// What the bank did with a row: paid by the ledger, or the result
    /// line's own words for a failure; `None` while nothing came back.
    fn payment_of(&self, programme: Programme, period: Period, row: &ListRow) -> Result<Option<BankStatus>> {
        let ledger: Option<Ledger> = self.store().get_record(kinds::TAHAP_LEDGER, &ledger_id(programme, &row.nik))?;
        let Some(ledger) = ledger else { return Ok(None) };
        if row.months.iter().any(|&m| ledger.paid_by(m) == Some(row.reference.as_str())) {
            return Ok(Some(BankStatus::Paid));
        }
        if !ledger.failures().iter().any(|f| f.reference == row.reference) {
            return Ok(None);
        }
        Ok(self
            .results(programme, period)?
            .into_iter()
            .rev()
            .find(|b| {
                b.reference.as_deref() == Some(row.reference.as_str()) || b.account.as_deref() == Some(&row.account)
            })
            .map(|b| b.status))
    }

    /// One programme's answer for a period. `exact_waiting`: for a list not
    /// frozen yet, build it to find the waiting-list place (a full scan);
    /// otherwise such a person is only "eligible, not frozen yet".
    fn why_entry(
        &self,
        plan: &PeriodPlan,
        household: Option<&Household>,
        nik: &str,
        exact_waiting: bool,
    ) -> Result<(WhyEntry, bool)> {
        let (programme, period) = (plan.programme, plan.period);
        let lists = self.frozen_lists(programme, period)?;
        let row = self.row_on_lists(&lists, nik)?;
        let person = household.and_then(|h| h.member(nik));
        let enrolled = person.is_some_and(|p| p.enrolment(programme).is_some());
        let payment = match &row {
            Some(r) => self.payment_of(programme, period, r)?,
            None => None,
        };
        let standing = match (&row, household, person) {
            (Some(_), ..) => Some(Standing::OnList),
            (None, Some(h), Some(p)) => {
                let waiting = lists.first().map(|l| l.waiting.as_slice()).unwrap_or_default();
                match self.standing_of(plan, h, p, waiting)? {
                    Some(s) => Some(s),
                    // Not frozen yet: the build decides the waiting place.
                    None if lists.is_empty() && exact_waiting => {
                        let built = self.build_list(programme, period)?;
                        if built.rows.iter().any(|r| r.nik == nik) {
                            Some(Standing::OnList)
                        } else {
                            built.waiting.iter().position(|n| n == nik).map(|i| Standing::Waiting { position: i + 1 })
                        }
                    }
                    None => None,
                }
            }
            (None, ..) => None,
        };
        let shown = row.is_some() || enrolled;
        Ok((WhyEntry { programme, frozen: !lists.is_empty(), row, payment, standing }, shown))
    }

    /// The answer for every programme planned in `period` that the person
    /// is enrolled in or listed for.
    /// Refused for a person outside `actor`'s areas; a NIK no longer in
    /// the register is answered to an operator of the whole register only.
    pub fn why(&self, actor: &crate::service::Actor, nik: &str, period: Period) -> Result<Why> {
        let access = self.require(actor, crate::domain::access::Right::Read)?;
        let household = self.person_by_nik(nik)?;
        let reached = match &household {
            Some(h) => self.reaches(&access, h),
            None => access == crate::domain::access::Access::whole(),
        };
        if !reached {
            return Err(crate::service::access::out_of_area(actor));
        }
        let mut entries = Vec::new();
        for plan in self.plans(Some(period.year()))?.into_iter().filter(|p| p.period == period) {
            let (entry, shown) = self.why_entry(&plan, household.as_ref(), nik, true)?;
            if shown {
                entries.push(entry);
            }
        }
        let name = household.as_ref().and_then(|h| h.member(nik)).map(|p| p.name.clone());
        Ok(Why { nik: nik.to_string(), name, entries })
    }

    /// For each programme the person is enrolled in (in any status): every
    /// period with a frozen list, and the scheduled period containing today, newest
    /// first (programmes in their order within a period). Never builds a
    /// list: a period not frozen yet says only whether the rules pass.
    pub fn person_periods(&self, household: &Household, nik: &str) -> Result<Vec<PersonPeriod>> {
        let Some(person) = household.member(nik) else { return Ok(Vec::new()) };
        let today = self.today();
        let mut out = Vec::new();
        for e in &person.enrolments {
            let programme = e.programme;
            // A programme without a schedule is not paid per period.
            let current = self.schedule(programme)?.and_then(|s| s.period_on(today));
            let mut periods: Vec<Period> = self.frozen_lists_of(programme)?.iter().map(|l| l.period).collect();
            periods.extend(current);
            periods.sort();
            periods.dedup();
            for period in periods {
                let plan = self.plan(programme, period)?;
                let entry = match &plan {
                    Some(plan) => self.why_entry(plan, Some(household), nik, false)?.0,
                    None => WhyEntry { programme, frozen: false, row: None, payment: None, standing: None },
                };
                out.push(PersonPeriod { period, plan, entry });
            }
        }
        out.sort_by(|a, b| {
            b.period.last_day().cmp(&a.period.last_day()).then(a.entry.programme.cmp(&b.entry.programme))
        });
        Ok(out)
    }
}

/// Binary search for `nik` over `chunks` chunks read by `read`, each sorted
/// by NIK and the chunks in order: about log2(chunks) reads.
fn find_in_chunks(
    chunks: u32,
    nik: &str,
    mut read: impl FnMut(u32) -> Result<Vec<ListRow>>,
) -> Result<Option<ListRow>> {
    let (mut lo, mut hi) = (0u32, chunks);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let chunk = read(mid)?;
        let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else { return Ok(None) };
        match (nik.cmp(first.nik.as_str()), nik.cmp(last.nik.as_str())) {
            (Ordering::Less, _) => hi = mid,
            (_, Ordering::Greater) => lo = mid + 1,
            _ => return Ok(chunk.into_iter().find(|r| r.nik == nik)),
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(nik: String) -> ListRow {
        ListRow {
            nik,
            no_kk: String::new(),
            name: String::new(),
            kelurahan: String::new(),
            bank: String::new(),
            account: String::new(),
            months: vec![],
            arrears_of: vec![],
            amount: 0,
            reference: String::new(),
        }
    }

    #[test]
    fn every_row_is_found_in_few_reads_and_a_missing_one_is_not() {
        // 7 chunks of 4 rows: NIKs 10, 12, 14 … (even numbers only).
        let chunks: Vec<Vec<ListRow>> =
            (0..7).map(|c| (0..4).map(|i| row(format!("{:04}", 10 + 2 * (c * 4 + i)))).collect()).collect();
        for (c, chunk) in chunks.iter().enumerate() {
            for r in chunk {
                let mut reads = 0;
                let found = find_in_chunks(7, &r.nik, |i| {
                    reads += 1;
                    Ok(chunks[i as usize].clone())
                })
                .unwrap();
                assert_eq!(found.as_ref().map(|f| f.nik.as_str()), Some(r.nik.as_str()), "chunk {c}");
                assert!(reads <= 3, "{reads} reads for {}", r.nik);
            }
        }
        for missing in ["0001", "0011", "0027", "0099"] {
            let found = find_in_chunks(7, missing, |i| Ok(chunks[i as usize].clone())).unwrap();
            assert_eq!(found, None, "{missing}");
        }
        assert_eq!(find_in_chunks(0, "0010", |_| Ok(vec![])).unwrap(), None);
    }
}
