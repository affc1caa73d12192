//! The schedule of one programme's period: planned, announced and actual
//! payment dates, the recipient list's reference date, and the state
//! machine planned → announced → list frozen → bank file sent → paid (partly
//! or fully) → closed, with cancel allowed only before the bank file is sent.
//! A late period may instead be merged into a later one of the same
//! programme, whose list then pays its months (see `ledger`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::period::Period;
use crate::domain::codes::Programme;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PeriodState {
    Planned,
    Announced,
    ListFrozen,
    BankFileSent,
    PartlyPaid,
    Paid,
    Closed,
    Cancelled,
    /// Paid together with a later period (`PeriodPlan::merged_into`).
    Merged,
}

impl PeriodState {
    pub const ALL: &'static [PeriodState] = &[
        PeriodState::Planned,
        PeriodState::Announced,
        PeriodState::ListFrozen,
        PeriodState::BankFileSent,
        PeriodState::PartlyPaid,
        PeriodState::Paid,
        PeriodState::Closed,
        PeriodState::Cancelled,
        PeriodState::Merged,
    ];
    /// Some money has gone out.
    pub fn has_payment(self) -> bool {
        matches!(self, PeriodState::PartlyPaid | PeriodState::Paid | PeriodState::Closed)
    }
    /// Nothing more can happen.
    pub fn is_final(self) -> bool {
        matches!(self, PeriodState::Closed | PeriodState::Cancelled | PeriodState::Merged)
    }
}

/// A step an operator (or an imported bank result) takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Announce,
    FreezeList,
    SendBankFile,
    /// Some recipients paid; more payments to come.
    PayPart,
    /// The last recipients paid.
    PayAll,
    Close,
    Cancel,
    /// Pay this period's months with a later period's list.
    Merge,
}

impl Step {
    pub const ALL: &'static [Step] = &[
        Step::Announce,
        Step::FreezeList,
        Step::SendBankFile,
        Step::PayPart,
        Step::PayAll,
        Step::Close,
        Step::Cancel,
        Step::Merge,
    ];
}

/// Why a step was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepRefused {
    /// The period is closed or cancelled.
    Finished { state: PeriodState },
    /// Cancel or merge once the bank has the file: the money may already
    /// be out.
    AfterBankFile { step: Step, state: PeriodState },
    /// A merge into a period that does not come later, or of another
    /// programme.
    MergeNotLater { into: Period },
    /// The step was already taken (announce twice, freeze twice…).
    AlreadyDone { step: Step, state: PeriodState },
    /// An earlier step is missing: the period must first reach `needs`.
    TooEarly { step: Step, state: PeriodState, needs: PeriodState },
    /// The reference date is fixed once the list is frozen.
    ReferenceFixed { state: PeriodState },
    /// A payment date before the bank file could have been sent, i.e.
    /// before the announcement or an earlier payment.
    DateOutOfOrder { date: NaiveDate, after: NaiveDate },
}

/// One programme's period: its dates and its state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodPlan {
    pub programme: Programme,
    pub period: Period,
    pub planned: NaiveDate,
    pub announced: Option<NaiveDate>,
    /// Actual payment dates, in order (a partial payment then the rest).
    pub payments: Vec<NaiveDate>,
    /// The date the recipient rules are evaluated on.
    pub reference_date: NaiveDate,
    pub state: PeriodState,
    /// The later period that pays this one's months, once merged.
    pub merged_into: Option<Period>,
}

impl PeriodPlan {
    /// A planned period whose list is evaluated on the period's first day.
    pub fn new(programme: Programme, period: Period, planned: NaiveDate) -> PeriodPlan {
        PeriodPlan {
            programme,
            period,
            planned,
            announced: None,
            payments: Vec::new(),
            reference_date: period.first_day(),
            state: PeriodState::Planned,
            merged_into: None,
        }
    }

    /// The state `step` leads to from `state`, or why it may not be taken.
    pub fn next_state(state: PeriodState, step: Step) -> Result<PeriodState, StepRefused> {
        use PeriodState as S;
        if state.is_final() {
            return Err(StepRefused::Finished { state });
        }
        let too_early = |needs| Err(StepRefused::TooEarly { step, state, needs });
        let already = Err(StepRefused::AlreadyDone { step, state });
        match (step, state) {
            (Step::Cancel, S::Planned | S::Announced | S::ListFrozen) => Ok(S::Cancelled),
            (Step::Merge, S::Planned | S::Announced | S::ListFrozen) => Ok(S::Merged),
            (Step::Cancel | Step::Merge, _) => Err(StepRefused::AfterBankFile { step, state }),
            (Step::Announce, S::Planned) => Ok(S::Announced),
            (Step::Announce, _) => already,
            (Step::FreezeList, S::Announced) => Ok(S::ListFrozen),
            (Step::FreezeList, S::Planned) => too_early(S::Announced),
            (Step::FreezeList, _) => already,
            (Step::SendBankFile, S::ListFrozen) => Ok(S::BankFileSent),
            (Step::SendBankFile, S::Planned | S::Announced) => too_early(S::ListFrozen),
            (Step::SendBankFile, _) => already,
            (Step::PayPart, S::BankFileSent | S::PartlyPaid) => Ok(S::PartlyPaid),
            (Step::PayAll, S::BankFileSent | S::PartlyPaid) => Ok(S::Paid),
            (Step::PayPart | Step::PayAll, S::Planned | S::Announced | S::ListFrozen) => too_early(S::BankFileSent),
            (Step::PayPart | Step::PayAll, _) => already,
            (Step::Close, S::PartlyPaid | S::Paid) => Ok(S::Closed),
            (Step::Close, _) => too_early(S::PartlyPaid),
        }
    }

    fn apply(&mut self, step: Step) -> Result<(), StepRefused> {
        self.state = Self::next_state(self.state, step)?;
        Ok(())
    }

    /// Moves the date the recipient rules are evaluated on, while the list
    /// is not yet frozen.
    pub fn set_reference_date(&mut self, on: NaiveDate) -> Result<(), StepRefused> {
        match self.state {
            PeriodState::Planned | PeriodState::Announced => {
                self.reference_date = on;
                Ok(())
            }
            state => Err(StepRefused::ReferenceFixed { state }),
        }
    }

    pub fn announce(&mut self, on: NaiveDate) -> Result<(), StepRefused> {
        self.apply(Step::Announce)?;
        self.announced = Some(on);
        Ok(())
    }
    pub fn freeze_list(&mut self) -> Result<(), StepRefused> {
        self.apply(Step::FreezeList)
    }
    pub fn send_bank_file(&mut self) -> Result<(), StepRefused> {
        self.apply(Step::SendBankFile)
    }
    /// Records a payment on `on`; `complete` when no recipient is left.
    pub fn record_payment(&mut self, on: NaiveDate, complete: bool) -> Result<(), StepRefused> {
        let step = if complete { Step::PayAll } else { Step::PayPart };
        Self::next_state(self.state, step)?;
        if let Some(after) = self.payments.last().copied().or(self.announced)
            && on < after
        {
            return Err(StepRefused::DateOutOfOrder { date: on, after });
        }
        self.apply(step)?;
        self.payments.push(on);
        Ok(())
    }
    pub fn close(&mut self) -> Result<(), StepRefused> {
        self.apply(Step::Close)
    }
    pub fn cancel(&mut self) -> Result<(), StepRefused> {
        self.apply(Step::Cancel)
    }
    /// Merges this period into `into`, a later period of the programme.
    pub fn merge_into(&mut self, into: Period) -> Result<(), StepRefused> {
        Self::next_state(self.state, Step::Merge)?;
        if into.first_month() <= self.period.last_month() {
            return Err(StepRefused::MergeNotLater { into });
        }
        self.apply(Step::Merge)?;
        self.merged_into = Some(into);
        Ok(())
    }

    /// Days past the planned date while nothing is paid yet; `None` when on
    /// time, paid (a partial payment counts: the rest is arrears), cancelled
    /// or merged (the later period's delay is the one that counts).
    pub fn days_late(&self, today: NaiveDate) -> Option<i64> {
        if self.state.has_payment() || matches!(self.state, PeriodState::Cancelled | PeriodState::Merged) {
            return None;
        }
        let days = (today - self.planned).num_days();
        (days > 0).then_some(days)
    }

    /// The next step the operator should take, if any.
    pub fn next_step(&self) -> Option<Step> {
        match self.state {
            PeriodState::Planned => Some(Step::Announce),
            PeriodState::Announced => Some(Step::FreezeList),
            PeriodState::ListFrozen => Some(Step::SendBankFile),
            PeriodState::BankFileSent | PeriodState::PartlyPaid => Some(Step::PayAll),
            PeriodState::Paid => Some(Step::Close),
            PeriodState::Closed | PeriodState::Cancelled | PeriodState::Merged => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::date;
    use PeriodState as S;

    fn plan() -> PeriodPlan {
        PeriodPlan::new(Programme::Klj, Period::tahap(2024, 4).unwrap(), date(2024, 11, 15))
    }

    #[test]
    fn the_whole_way_with_a_partial_payment() {
        let mut p = plan();
        assert_eq!(p.reference_date, date(2024, 10, 1));
        assert_eq!(p.next_step(), Some(Step::Announce));
        p.announce(date(2024, 11, 28)).unwrap();
        p.freeze_list().unwrap();
        p.send_bank_file().unwrap();
        assert_eq!(p.next_step(), Some(Step::PayAll));
        p.record_payment(date(2024, 12, 10), false).unwrap();
        assert_eq!(p.state, S::PartlyPaid);
        p.record_payment(date(2024, 12, 20), true).unwrap();
        assert_eq!(p.state, S::Paid);
        assert_eq!(p.payments, [date(2024, 12, 10), date(2024, 12, 20)]);
        p.close().unwrap();
        assert_eq!(p.state, S::Closed);
        assert_eq!(p.next_step(), None);
    }

    /// The full transition table: every (state, step) pair, legal or not.
    #[test]
    fn every_transition_legal_or_refused() {
        let refused = |state, step| PeriodPlan::next_state(state, step).unwrap_err();
        use Step::*;
        let legal = [
            (S::Planned, Announce, S::Announced),
            (S::Planned, Cancel, S::Cancelled),
            (S::Planned, Merge, S::Merged),
            (S::Announced, FreezeList, S::ListFrozen),
            (S::Announced, Cancel, S::Cancelled),
            (S::Announced, Merge, S::Merged),
            (S::ListFrozen, SendBankFile, S::BankFileSent),
            (S::ListFrozen, Cancel, S::Cancelled),
            (S::ListFrozen, Merge, S::Merged),
            (S::BankFileSent, PayPart, S::PartlyPaid),
            (S::BankFileSent, PayAll, S::Paid),
            (S::PartlyPaid, PayPart, S::PartlyPaid),
            (S::PartlyPaid, PayAll, S::Paid),
            (S::PartlyPaid, Close, S::Closed),
            (S::Paid, Close, S::Closed),
        ];
        for &state in S::ALL {
            for &step in Step::ALL {
                let got = PeriodPlan::next_state(state, step);
                match legal.iter().find(|(s, st, _)| *s == state && *st == step) {
                    Some((_, _, to)) => assert_eq!(got, Ok(*to), "{state:?} {step:?}"),
                    None => assert!(got.is_err(), "{state:?} {step:?} should be refused"),
                }
            }
        }
        assert_eq!(refused(S::Closed, Announce), StepRefused::Finished { state: S::Closed });
        assert_eq!(refused(S::Cancelled, Cancel), StepRefused::Finished { state: S::Cancelled });
        assert_eq!(refused(S::Merged, Announce), StepRefused::Finished { state: S::Merged });
        for s in [S::BankFileSent, S::PartlyPaid, S::Paid] {
            assert_eq!(refused(s, Cancel), StepRefused::AfterBankFile { step: Cancel, state: s });
            assert_eq!(refused(s, Merge), StepRefused::AfterBankFile { step: Merge, state: s });
        }
        assert_eq!(
            refused(S::Planned, FreezeList),
            StepRefused::TooEarly { step: FreezeList, state: S::Planned, needs: S::Announced }
        );
        assert_eq!(
            refused(S::Announced, PayAll),
            StepRefused::TooEarly { step: PayAll, state: S::Announced, needs: S::BankFileSent }
        );
        assert_eq!(
            refused(S::Planned, Close),
            StepRefused::TooEarly { step: Close, state: S::Planned, needs: S::PartlyPaid }
        );
        assert_eq!(
            refused(S::ListFrozen, FreezeList),
            StepRefused::AlreadyDone { step: FreezeList, state: S::ListFrozen }
        );
        assert_eq!(refused(S::Paid, PayAll), StepRefused::AlreadyDone { step: PayAll, state: S::Paid });
    }

    #[test]
    fn a_refused_step_changes_nothing() {
        let mut p = plan();
        p.announce(date(2024, 11, 1)).unwrap();
        assert!(p.announce(date(2024, 11, 2)).is_err());
        assert_eq!(p.announced, Some(date(2024, 11, 1)));
        assert!(p.record_payment(date(2024, 12, 1), true).is_err());
        assert!(p.payments.is_empty());
        assert_eq!(p.state, S::Announced);
    }

    #[test]
    fn the_reference_date_moves_only_before_the_freeze() {
        let mut p = plan();
        p.set_reference_date(date(2024, 10, 15)).unwrap();
        p.announce(date(2024, 11, 28)).unwrap();
        p.set_reference_date(date(2024, 11, 1)).unwrap();
        p.freeze_list().unwrap();
        assert_eq!(p.set_reference_date(date(2024, 12, 1)), Err(StepRefused::ReferenceFixed { state: S::ListFrozen }));
        assert_eq!(p.reference_date, date(2024, 11, 1));
    }

    #[test]
    fn payment_dates_may_not_go_backwards() {
        let mut p = plan();
        p.announce(date(2024, 11, 28)).unwrap();
        p.freeze_list().unwrap();
        p.send_bank_file().unwrap();
        assert_eq!(
            p.record_payment(date(2024, 11, 27), true),
            Err(StepRefused::DateOutOfOrder { date: date(2024, 11, 27), after: date(2024, 11, 28) })
        );
        assert_eq!(p.state, S::BankFileSent);
        p.record_payment(date(2024, 12, 10), false).unwrap();
        assert!(p.record_payment(date(2024, 12, 9), true).is_err());
    }

    #[test]
    fn a_late_period_merges_only_into_a_later_one() {
        let mut t3 = PeriodPlan::new(Programme::Klj, Period::tahap(2026, 3).unwrap(), date(2026, 8, 15));
        t3.announce(date(2026, 8, 1)).unwrap();
        assert_eq!(t3.days_late(date(2026, 10, 1)), Some(47));
        let same = Period::tahap(2026, 3).unwrap();
        assert_eq!(t3.merge_into(same), Err(StepRefused::MergeNotLater { into: same }));
        assert_eq!(t3.state, S::Announced);
        let t4 = Period::tahap(2026, 4).unwrap();
        t3.merge_into(t4).unwrap();
        assert_eq!((t3.state, t3.merged_into), (S::Merged, Some(t4)));
        assert_eq!(t3.days_late(date(2026, 10, 1)), None);
        assert_eq!(t3.next_step(), None);
        assert!(t3.merge_into(Period::tahap(2027, 1).unwrap()).is_err());
        assert_eq!(t3.merged_into, Some(t4));
    }

    #[test]
    fn delayed_until_something_is_paid() {
        let mut p = plan();
        assert_eq!(p.days_late(date(2024, 11, 15)), None);
        assert_eq!(p.days_late(date(2024, 11, 16)), Some(1));
        assert_eq!(p.days_late(date(2024, 11, 25)), Some(10));
        p.announce(date(2024, 11, 28)).unwrap();
        p.freeze_list().unwrap();
        p.send_bank_file().unwrap();
        assert_eq!(p.days_late(date(2024, 12, 5)), Some(20));
        p.record_payment(date(2024, 12, 6), false).unwrap();
        assert_eq!(p.days_late(date(2024, 12, 7)), None);
        let mut c = plan();
        c.cancel().unwrap();
        assert_eq!(c.days_late(date(2025, 1, 1)), None);
    }
}
