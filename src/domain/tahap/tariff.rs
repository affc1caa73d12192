//! Tariffs: the monthly amount of each programme, with validity. The table is
//! data the operator sets and confirms; no amount is written in code.
//!
//! A recipient's amount is the sum, month by month, of the tariff valid in
//! each month paid, so a merged payment across a tariff change adds up.

use serde::{Deserialize, Serialize};

use super::period::YearMonth;
use crate::domain::codes::Programme;

/// Rupiah per month for `programme` from `from` through `until` (inclusive;
/// open-ended when `None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tariff {
    pub programme: Programme,
    pub from: YearMonth,
    pub until: Option<YearMonth>,
    pub monthly: i64,
}

impl Tariff {
    pub fn covers(&self, month: YearMonth) -> bool {
        self.from <= month && self.until.is_none_or(|u| month <= u)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TariffError {
    /// No tariff of `programme` is valid in `month`.
    Missing { programme: Programme, month: YearMonth },
    /// Two tariffs of `programme` are both valid in `month`.
    Overlap { programme: Programme, month: YearMonth },
    /// `until` lies before `from`.
    EndsBeforeStart { programme: Programme, from: YearMonth, until: YearMonth },
    /// Zero or negative amounts are typing errors.
    NotPositive { programme: Programme, from: YearMonth, monthly: i64 },
}

/// Every programme's tariffs; at most one is valid per programme and month.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffTable {
    rows: Vec<Tariff>,
}

impl TariffTable {
    pub fn new(rows: Vec<Tariff>) -> Result<TariffTable, TariffError> {
        let mut table = TariffTable::default();
        for t in rows {
            table.insert(t)?;
        }
        Ok(table)
    }

    /// Adds a tariff, refusing one that overlaps a tariff already there.
    pub fn insert(&mut self, t: Tariff) -> Result<(), TariffError> {
        if let Some(until) = t.until
            && until < t.from
        {
            return Err(TariffError::EndsBeforeStart { programme: t.programme, from: t.from, until });
        }
        if t.monthly <= 0 {
            return Err(TariffError::NotPositive { programme: t.programme, from: t.from, monthly: t.monthly });
        }
        for o in self.rows.iter().filter(|o| o.programme == t.programme) {
            // The later start lies inside both when they overlap.
            let start = o.from.max(t.from);
            if o.covers(start) && t.covers(start) {
                return Err(TariffError::Overlap { programme: t.programme, month: start });
            }
        }
        self.rows.push(t);
        self.rows.sort_by_key(|r| (r.programme, r.from));
        Ok(())
    }

    /// Sets a tariff the operator confirms: a new amount from a month that
    /// an open-ended tariff of the programme already covers ends that one
    /// the month before (returned as it was); any other overlap is refused.
    pub fn set(&mut self, t: Tariff) -> Result<Option<Tariff>, TariffError> {
        let open = self.rows.iter().position(|o| o.programme == t.programme && o.until.is_none() && o.from < t.from);
        let mut trial = self.clone();
        let ended = open.map(|i| {
            let was = trial.rows[i].clone();
            trial.rows[i].until = Some(t.from.prev());
            was
        });
        trial.insert(t)?;
        *self = trial;
        Ok(ended)
    }

    pub fn rows(&self) -> &[Tariff] {
        &self.rows
    }

    /// The monthly amount of `programme` in `month`.
    pub fn monthly(&self, programme: Programme, month: YearMonth) -> Result<i64, TariffError> {
        self.rows
            .iter()
            .find(|t| t.programme == programme && t.covers(month))
            .map(|t| t.monthly)
            .ok_or(TariffError::Missing { programme, month })
    }

    /// The amount for `months` of `programme`; the first month without a
    /// tariff is the error.
    pub fn amount(&self, programme: Programme, months: &[YearMonth]) -> Result<i64, TariffError> {
        months.iter().map(|&m| self.monthly(programme, m)).sum()
    }

    /// Every month of `months` without a tariff, for a refusal that names
    /// them all.
    pub fn missing(&self, programme: Programme, months: &[YearMonth]) -> Vec<YearMonth> {
        months.iter().copied().filter(|&m| self.monthly(programme, m).is_err()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    fn table() -> TariffTable {
        TariffTable::new(vec![
            Tariff { programme: Programme::Klj, from: ym(2018, 1), until: Some(ym(2018, 12)), monthly: 600_000 },
            Tariff { programme: Programme::Klj, from: ym(2019, 1), until: None, monthly: 300_000 },
            Tariff { programme: Programme::Kaj, from: ym(2024, 1), until: None, monthly: 300_000 },
        ])
        .unwrap()
    }

    #[test]
    fn amount_sums_the_tariff_of_each_month() {
        let t = table();
        assert_eq!(t.monthly(Programme::Klj, ym(2018, 6)), Ok(600_000));
        assert_eq!(t.monthly(Programme::Klj, ym(2026, 10)), Ok(300_000));
        let tahap4: Vec<_> = ym(2024, 10).through(ym(2024, 12));
        assert_eq!(t.amount(Programme::Klj, &tahap4), Ok(900_000));
        // Across the change: Nov and Dec 2018 at 600.000, Jan 2019 at 300.000.
        assert_eq!(t.amount(Programme::Klj, &ym(2018, 11).through(ym(2019, 1))), Ok(1_500_000));
        assert_eq!(t.amount(Programme::Klj, &[]), Ok(0));
    }

    #[test]
    fn a_missing_tariff_names_the_month_and_programme() {
        let t = table();
        let months = ym(2023, 11).through(ym(2024, 1));
        assert_eq!(
            t.amount(Programme::Kaj, &months),
            Err(TariffError::Missing { programme: Programme::Kaj, month: ym(2023, 11) })
        );
        assert_eq!(t.missing(Programme::Kaj, &months), [ym(2023, 11), ym(2023, 12)]);
        assert_eq!(
            t.monthly(Programme::Kpdj, ym(2024, 1)),
            Err(TariffError::Missing { programme: Programme::Kpdj, month: ym(2024, 1) })
        );
    }

    #[test]
    fn a_new_amount_ends_the_open_tariff_the_month_before() {
        let mut t = table();
        let new = Tariff { programme: Programme::Klj, from: ym(2027, 1), until: None, monthly: 350_000 };
        let ended = t.set(new).unwrap().unwrap();
        assert_eq!((ended.from, ended.until), (ym(2019, 1), None));
        assert_eq!(t.monthly(Programme::Klj, ym(2026, 12)), Ok(300_000));
        assert_eq!(t.monthly(Programme::Klj, ym(2027, 1)), Ok(350_000));
        // Reaching back into a closed tariff is still an overlap, and the
        // table is left as it was.
        let before = t.clone();
        let back = Tariff { programme: Programme::Klj, from: ym(2018, 6), until: Some(ym(2018, 8)), monthly: 1 };
        assert_eq!(t.set(back), Err(TariffError::Overlap { programme: Programme::Klj, month: ym(2018, 6) }));
        assert_eq!(t, before);
        // Nothing to end: an ordinary insert.
        let kpdj = Tariff { programme: Programme::Kpdj, from: ym(2026, 1), until: None, monthly: 300_000 };
        assert_eq!(t.set(kpdj), Ok(None));
    }

    #[test]
    fn overlapping_or_malformed_tariffs_are_refused() {
        let mut t = table();
        let over = Tariff { programme: Programme::Klj, from: ym(2025, 4), until: None, monthly: 350_000 };
        assert_eq!(t.insert(over), Err(TariffError::Overlap { programme: Programme::Klj, month: ym(2025, 4) }));
        let inside = Tariff { programme: Programme::Klj, from: ym(2017, 1), until: Some(ym(2018, 1)), monthly: 1 };
        assert_eq!(t.insert(inside), Err(TariffError::Overlap { programme: Programme::Klj, month: ym(2018, 1) }));
        let back = Tariff { programme: Programme::Kpdj, from: ym(2025, 4), until: Some(ym(2025, 3)), monthly: 1 };
        assert!(matches!(t.insert(back), Err(TariffError::EndsBeforeStart { .. })));
        let zero = Tariff { programme: Programme::Kpdj, from: ym(2025, 4), until: None, monthly: 0 };
        assert!(matches!(t.insert(zero), Err(TariffError::NotPositive { .. })));
        // Adjacent is fine, and another programme never overlaps.
        let before = Tariff { programme: Programme::Klj, from: ym(2017, 1), until: Some(ym(2017, 12)), monthly: 1 };
        t.insert(before).unwrap();
        let kpdj = Tariff { programme: Programme::Kpdj, from: ym(2018, 1), until: None, monthly: 300_000 };
        t.insert(kpdj).unwrap();
        assert_eq!(t.rows().len(), 5);
    }
}
