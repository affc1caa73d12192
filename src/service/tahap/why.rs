//! "Why was my mother not on the list?": for a NIK and a period, per
//! programme with a plan for it, the row and its payment, or the rule that
//! left the person out, or the place on the waiting list.

use serde::Serialize;

use crate::domain::codes::Programme;
use crate::domain::tahap::Period;
use crate::domain::tahap::list::ListRow;
use crate::domain::tahap::quota::Standing;
use crate::domain::tahap::reconcile::BankStatus;
use crate::service::{Result, Service};

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
    /// eligible now, for a supplementary list.
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
        let Some((household, _)) = self.person_by_nik(nik)? else { return Ok(None) };
        let Some(person) = household.member(nik) else { return Ok(None) };
        let v = self.verdict(&plan, &household, person)?;
        if let Some(first) = v.first_failure() {
            return Ok(Some(Standing::Excluded { first, all: v.failures().collect() }));
        }
        Ok(waiting.iter().position(|n| n == nik).map(|i| Standing::Waiting { position: i + 1 }))
    }

    fn person_by_nik(&self, nik: &str) -> Result<Option<(crate::domain::Household, String)>> {
        for kk in self.store().kks_by_nik(nik)? {
            if let Some(h) = self.store().household(&kk)? {
                return Ok(Some((h, kk)));
            }
        }
        Ok(None)
    }

    /// The answer for every programme planned in `period` that the person
    /// is enrolled in or listed for.
    pub fn why(&self, nik: &str, period: Period) -> Result<Why> {
        let found = self.person_by_nik(nik)?;
        let person = found.as_ref().and_then(|(h, _)| h.member(nik));
        let mut entries = Vec::new();
        for plan in self.plans(Some(period.year()))?.into_iter().filter(|p| p.period == period) {
            let programme = plan.programme;
            let lists = self.frozen_lists(programme, period)?;
            let mut row = None;
            for l in &lists {
                if let Some(r) = self.list_rows(l)?.into_iter().find(|r| r.nik == nik) {
                    row = Some(r);
                    break;
                }
            }
            let enrolled = person.is_some_and(|p| p.enrolment(programme).is_some());
            if row.is_none() && !enrolled {
                continue;
            }
            let payment = match &row {
                Some(r) => self.results(programme, period)?.into_iter().rev().find(|b| {
                    b.reference.as_deref() == Some(r.reference.as_str()) || b.account.as_deref() == Some(&r.account)
                }),
                None => None,
            }
            .map(|b| b.status);
            let standing = match &row {
                Some(_) => Some(Standing::OnList),
                None => {
                    let waiting = lists.first().map(|l| l.waiting.clone()).unwrap_or_default();
                    match self.standing_now(programme, period, nik, &waiting)? {
                        Some(s) => Some(s),
                        // Not frozen yet: the build decides the waiting place.
                        None if lists.is_empty() => {
                            let built = self.build_list(programme, period)?;
                            if built.rows.iter().any(|r| r.nik == nik) {
                                Some(Standing::OnList)
                            } else {
                                built
                                    .waiting
                                    .iter()
                                    .position(|n| n == nik)
                                    .map(|i| Standing::Waiting { position: i + 1 })
                            }
                        }
                        None => None,
                    }
                }
            };
            entries.push(WhyEntry { programme, frozen: !lists.is_empty(), row, payment, standing });
        }
        Ok(Why { nik: nik.to_string(), name: person.map(|p| p.name.clone()), entries })
    }
}
