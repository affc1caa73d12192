//! The ledger of one recipient in one programme: which months are owed,
//! which are paid and by which payment, and the failed payments that may be
//! carried (*rapel*) into a later list.
//!
//! A month is paid at most once. A payment may cover months of several
//! periods (tahap 4 paid in December for Oct–Dec, a late tahap paid with the
//! next, 2024's six months in tahap 2 for those unpaid in tahap 1); the whole
//! payment is refused when any of its months is already paid.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::period::{Period, YearMonth};
use crate::domain::codes::Programme;

/// A failed payment and where its months went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub reference: String,
    pub period: Period,
    pub months: Vec<YearMonth>,
    /// The later period the months were carried into, once.
    pub carried_into: Option<Period>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LedgerError {
    /// `month` was already paid by `reference`.
    AlreadyPaid {
        month: YearMonth,
        reference: String,
    },
    /// `month` was never owed to the recipient.
    NotOwed {
        month: YearMonth,
    },
    /// A payment or failure with no months.
    NoMonths,
    /// The reference was already used for a payment or a failure.
    DuplicateReference {
        reference: String,
    },
    UnknownFailure {
        reference: String,
    },
    /// The failure was already carried into `into`.
    AlreadyCarried {
        reference: String,
        into: Period,
    },
    /// Arrears go into a later period than the failed one.
    CarryNotLater {
        from: Period,
        into: Period,
    },
    /// Every month of the failure has since been paid.
    NothingToCarry {
        reference: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub nik: String,
    pub programme: Programme,
    owed: BTreeSet<YearMonth>,
    /// Month → the reference of the payment that paid it.
    paid: BTreeMap<YearMonth, String>,
    failures: Vec<Failure>,
}

impl Ledger {
    pub fn new(nik: &str, programme: Programme) -> Ledger {
        Ledger { nik: nik.to_string(), programme, owed: BTreeSet::new(), paid: BTreeMap::new(), failures: Vec::new() }
    }

    /// Records months the recipient is entitled to; owing a month twice is
    /// harmless.
    pub fn owe(&mut self, months: &[YearMonth]) {
        self.owed.extend(months.iter().copied());
    }

    /// Months owed and not paid, in order.
    pub fn outstanding(&self) -> Vec<YearMonth> {
        self.owed.iter().copied().filter(|m| !self.paid.contains_key(m)).collect()
    }

    /// The payment that paid `month`, if any.
    pub fn paid_by(&self, month: YearMonth) -> Option<&str> {
        self.paid.get(&month).map(String::as_str)
    }

    pub fn failures(&self) -> &[Failure] {
        &self.failures
    }

    fn reference_used(&self, reference: &str) -> bool {
        self.paid.values().any(|r| r == reference) || self.failures.iter().any(|f| f.reference == reference)
    }

    /// Checks that `months` may be paid: owed, unpaid, not empty.
    fn payable(&self, months: &[YearMonth]) -> Result<(), LedgerError> {
        if months.is_empty() {
            return Err(LedgerError::NoMonths);
        }
        for &m in months {
            if let Some(r) = self.paid.get(&m) {
                return Err(LedgerError::AlreadyPaid { month: m, reference: r.clone() });
            }
            if !self.owed.contains(&m) {
                return Err(LedgerError::NotOwed { month: m });
            }
        }
        Ok(())
    }

    /// Records a payment of `months` under `reference`: all of them or, when
    /// one is refused, none.
    pub fn pay(&mut self, reference: &str, months: &[YearMonth]) -> Result<(), LedgerError> {
        self.payable(months)?;
        if self.reference_used(reference) {
            return Err(LedgerError::DuplicateReference { reference: reference.to_string() });
        }
        for &m in months {
            self.paid.insert(m, reference.to_string());
        }
        Ok(())
    }

    /// Records a failed payment; its months stay owed.
    pub fn fail(&mut self, reference: &str, period: Period, months: &[YearMonth]) -> Result<(), LedgerError> {
        self.payable(months)?;
        if self.reference_used(reference) {
            return Err(LedgerError::DuplicateReference { reference: reference.to_string() });
        }
        self.failures.push(Failure {
            reference: reference.to_string(),
            period,
            months: months.to_vec(),
            carried_into: None,
        });
        Ok(())
    }

    /// Carries a failed payment into the list of a later period, once.
    /// Returns the months still owed, which that list pays as arrears.
    pub fn carry(&mut self, reference: &str, into: Period) -> Result<Vec<YearMonth>, LedgerError> {
        let paid = &self.paid;
        let f = self
            .failures
            .iter_mut()
            .find(|f| f.reference == reference)
            .ok_or_else(|| LedgerError::UnknownFailure { reference: reference.to_string() })?;
        if let Some(done) = f.carried_into {
            return Err(LedgerError::AlreadyCarried { reference: reference.to_string(), into: done });
        }
        if into.first_month() <= f.period.last_month() {
            return Err(LedgerError::CarryNotLater { from: f.period, into });
        }
        let months: Vec<YearMonth> = f.months.iter().copied().filter(|m| !paid.contains_key(m)).collect();
        if months.is_empty() {
            return Err(LedgerError::NothingToCarry { reference: reference.to_string() });
        }
        f.carried_into = Some(into);
        Ok(months)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }
    fn t(y: i32, n: u8) -> Period {
        Period::tahap(y, n).unwrap()
    }

    fn ledger() -> Ledger {
        Ledger::new("3171065708500001", Programme::Klj)
    }

    #[test]
    fn tahap_4_paid_in_december_for_october_to_december() {
        let mut l = ledger();
        l.owe(&t(2024, 4).months());
        assert_eq!(l.outstanding().len(), 3);
        l.pay("KLJ-2024-T4-3171065708500001", &t(2024, 4).months()).unwrap();
        assert!(l.outstanding().is_empty());
        assert_eq!(l.paid_by(ym(2024, 11)), Some("KLJ-2024-T4-3171065708500001"));
    }

    #[test]
    fn a_month_is_never_paid_twice() {
        let mut l = ledger();
        l.owe(&ym(2024, 1).through(ym(2024, 6)));
        l.pay("T1", &[ym(2024, 1), ym(2024, 2)]).unwrap();
        // A merged payment that would pay February again is refused whole.
        let merged = ym(2024, 2).through(ym(2024, 6));
        assert_eq!(l.pay("T2", &merged), Err(LedgerError::AlreadyPaid { month: ym(2024, 2), reference: "T1".into() }));
        assert_eq!(l.outstanding(), ym(2024, 3).through(ym(2024, 6)));
        l.pay("T2", &ym(2024, 3).through(ym(2024, 6))).unwrap();
        assert!(l.outstanding().is_empty());
        assert!(matches!(l.pay("T3", &[ym(2024, 6)]), Err(LedgerError::AlreadyPaid { .. })));
        assert_eq!(l.pay("T3", &[ym(2024, 7)]), Err(LedgerError::NotOwed { month: ym(2024, 7) }));
        assert_eq!(l.pay("T3", &[]), Err(LedgerError::NoMonths));
    }

    #[test]
    fn unpaid_in_tahap_1_get_six_months_in_tahap_2() {
        // 2024: tahap 1 failed for this recipient; tahap 2 pays Jan–Jun.
        let mut l = ledger();
        l.owe(&t(2024, 1).months());
        l.fail("KLJ-2024-T1-X", t(2024, 1), &t(2024, 1).months()).unwrap();
        assert_eq!(l.outstanding().len(), 3);
        l.owe(&t(2024, 2).months());
        let mut months = l.carry("KLJ-2024-T1-X", t(2024, 2)).unwrap();
        months.extend(t(2024, 2).months());
        assert_eq!(months.len(), 6);
        l.pay("KLJ-2024-T2-X", &months).unwrap();
        assert!(l.outstanding().is_empty());
    }

    #[test]
    fn arrears_are_carried_once_and_only_forward() {
        let mut l = ledger();
        l.owe(&t(2026, 3).months());
        l.fail("R3", t(2026, 3), &t(2026, 3).months()).unwrap();
        assert_eq!(l.carry("R3", t(2026, 3)), Err(LedgerError::CarryNotLater { from: t(2026, 3), into: t(2026, 3) }));
        assert_eq!(l.carry("R3", t(2026, 4)).unwrap(), t(2026, 3).months());
        assert_eq!(
            l.carry("R3", t(2027, 1)),
            Err(LedgerError::AlreadyCarried { reference: "R3".into(), into: t(2026, 4) })
        );
        assert_eq!(l.failures()[0].carried_into, Some(t(2026, 4)));
        assert_eq!(l.carry("R9", t(2026, 4)), Err(LedgerError::UnknownFailure { reference: "R9".into() }));
    }

    #[test]
    fn a_failure_paid_by_other_means_leaves_nothing_to_carry() {
        let mut l = ledger();
        l.owe(&t(2026, 3).months());
        l.fail("R3", t(2026, 3), &t(2026, 3).months()).unwrap();
        l.pay("manual", &[ym(2026, 7)]).unwrap();
        let mut other = l.clone();
        assert_eq!(other.carry("R3", t(2026, 4)).unwrap(), [ym(2026, 8), ym(2026, 9)]);
        l.pay("manual-2", &[ym(2026, 8), ym(2026, 9)]).unwrap();
        assert_eq!(l.carry("R3", t(2026, 4)), Err(LedgerError::NothingToCarry { reference: "R3".into() }));
        // A failure of a month already paid is refused like a payment.
        assert!(matches!(l.fail("R4", t(2026, 3), &[ym(2026, 7)]), Err(LedgerError::AlreadyPaid { .. })));
    }

    #[test]
    fn a_reference_is_used_once() {
        let mut l = ledger();
        l.owe(&t(2026, 1).months());
        l.owe(&t(2026, 2).months());
        l.pay("R", &t(2026, 1).months()).unwrap();
        assert_eq!(l.pay("R", &t(2026, 2).months()), Err(LedgerError::DuplicateReference { reference: "R".into() }));
        assert_eq!(l.outstanding(), t(2026, 2).months());
        assert!(matches!(l.fail("R", t(2026, 2), &t(2026, 2).months()), Err(LedgerError::DuplicateReference { .. })));
    }
}
