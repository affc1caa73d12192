//! Reconciliation of a frozen list against the bank's results: every
//! mismatch by kind, the failed payments (which may become arrears), and the
//! totals against the list's control total.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::list::{ListRow, Totals};

/// What the bank says happened to one payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BankStatus {
    Paid,
    /// Failed, with the bank's reason as written in its file.
    Failed(String),
    AccountClosed,
    AccountDormant,
}

/// One line of the bank's result file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankResult {
    /// 1-based line in the file, for messages.
    pub line: usize,
    pub reference: Option<String>,
    pub account: Option<String>,
    pub amount: i64,
    pub date: NaiveDate,
    pub status: BankStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mismatch {
    /// More than one "paid" line for one recipient.
    PaidTwice { reference: String, lines: Vec<usize> },
    /// A reference the list does not hold.
    NotOnList { line: usize, reference: String },
    /// On the list, no line in the results.
    Absent { reference: String },
    /// Paid another amount than the list's.
    AmountDifferent { line: usize, reference: String, expected: i64, paid: i64 },
    /// An account the list does not hold (without a reference), or not the
    /// account of the referenced row.
    UnknownAccount { line: usize, account: String, reference: Option<String> },
    /// The bank paid more than the control total allows.
    OverControl { control: Totals, paid: Totals },
}

/// A payment the bank did not make, to be carried as arrears.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedPayment {
    pub line: usize,
    pub reference: String,
    pub status: BankStatus,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reconciliation {
    pub mismatches: Vec<Mismatch>,
    pub failed: Vec<FailedPayment>,
    /// The list's own totals: equal to the control total of a good file.
    pub listed: Totals,
    /// Distinct recipients paid, and every amount paid (double payments
    /// included: that money is out).
    pub paid: Totals,
    pub control: Totals,
}

impl Reconciliation {
    /// The list disagrees with its control total (the bank file was edited).
    pub fn list_off_control(&self) -> bool {
        self.listed != self.control
    }
}

/// Matches `results` to `rows` by reference, or by account for lines
/// without one, and reports every mismatch. `control` is the control total
/// written in the bank file.
pub fn reconcile(rows: &[ListRow], results: &[BankResult], control: Totals) -> Reconciliation {
    let by_ref: HashMap<&str, &ListRow> = rows.iter().map(|r| (r.reference.as_str(), r)).collect();
    let by_account: HashMap<&str, &ListRow> = rows.iter().map(|r| (r.account.as_str(), r)).collect();
    let mut mismatches = Vec::new();
    let mut failed = Vec::new();
    let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut paid_lines: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut paid = Totals::default();
    for res in results {
        let row = match (&res.reference, &res.account) {
            (Some(reference), account) => match by_ref.get(reference.as_str()) {
                None => {
                    mismatches.push(Mismatch::NotOnList { line: res.line, reference: reference.clone() });
                    None
                }
                Some(row) => {
                    if let Some(a) = account
                        && a != &row.account
                    {
                        mismatches.push(Mismatch::UnknownAccount {
                            line: res.line,
                            account: a.clone(),
                            reference: Some(reference.clone()),
                        });
                    }
                    Some(*row)
                }
            },
            (None, Some(account)) => {
                let row = by_account.get(account.as_str()).copied();
                if row.is_none() {
                    mismatches.push(Mismatch::UnknownAccount {
                        line: res.line,
                        account: account.clone(),
                        reference: None,
                    });
                }
                row
            }
            // The import refuses a line with neither; nothing to match.
            (None, None) => None,
        };
        if res.status == BankStatus::Paid {
            paid.amount += res.amount;
        }
        let Some(row) = row else { continue };
        seen.entry(row.reference.as_str()).or_default().push(res.line);
        if res.status == BankStatus::Paid {
            paid_lines.entry(row.reference.as_str()).or_default().push(res.line);
            if res.amount != row.amount {
                mismatches.push(Mismatch::AmountDifferent {
                    line: res.line,
                    reference: row.reference.clone(),
                    expected: row.amount,
                    paid: res.amount,
                });
            }
        } else {
            failed.push(FailedPayment { line: res.line, reference: row.reference.clone(), status: res.status.clone() });
        }
    }
    // In list order, so the report reads like the list.
    for row in rows {
        let r = row.reference.as_str();
        match paid_lines.get(r) {
            Some(lines) if lines.len() > 1 => {
                mismatches.push(Mismatch::PaidTwice { reference: row.reference.clone(), lines: lines.clone() })
            }
            _ => {}
        }
        if !seen.contains_key(r) {
            mismatches.push(Mismatch::Absent { reference: row.reference.clone() });
        }
    }
    paid.recipients = paid_lines.len() as u64;
    // A recipient paid after a failed line is paid, not failed.
    failed.retain(|f| !paid_lines.contains_key(f.reference.as_str()));
    if paid.amount > control.amount || paid.recipients > control.recipients {
        mismatches.push(Mismatch::OverControl { control, paid });
    }
    Reconciliation { mismatches, failed, listed: Totals::of(rows), paid, control }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::Programme;
    use crate::domain::tahap::list::payment_reference;
    use crate::domain::tahap::period::Period;
    use crate::testkit::date;

    fn row(nik: &str) -> ListRow {
        let p = Period::tahap(2026, 3).unwrap();
        ListRow {
            nik: nik.into(),
            no_kk: "3171061203180007".into(),
            name: "Warga Contoh".into(),
            kelurahan: "31.71.06.1003".into(),
            bank: "Bank DKI".into(),
            account: format!("101203{nik}"),
            months: p.months(),
            arrears_of: vec![],
            amount: 900_000,
            reference: payment_reference(Programme::Klj, p, nik),
        }
    }

    fn rows() -> Vec<ListRow> {
        vec![row("0000001"), row("0000002"), row("0000003")]
    }

    fn paid(line: usize, r: &ListRow) -> BankResult {
        BankResult {
            line,
            reference: Some(r.reference.clone()),
            account: Some(r.account.clone()),
            amount: r.amount,
            date: date(2026, 9, 20),
            status: BankStatus::Paid,
        }
    }

    fn control() -> Totals {
        Totals { recipients: 3, amount: 2_700_000 }
    }

    #[test]
    fn a_clean_result_has_no_mismatch() {
        let rs = rows();
        let results: Vec<BankResult> = rs.iter().enumerate().map(|(i, r)| paid(i + 2, r)).collect();
        let rec = reconcile(&rs, &results, control());
        assert_eq!(rec.mismatches, []);
        assert!(rec.failed.is_empty());
        assert_eq!(rec.paid, control());
        assert!(!rec.list_off_control());
    }

    #[test]
    fn every_mismatch_kind() {
        let rs = rows();
        let mut stranger = paid(5, &row("0000009"));
        stranger.account = None;
        let mut by_account = paid(6, &rs[2]);
        by_account.reference = None;
        by_account.account = Some("999999999999".into());
        let mut wrong_account = paid(7, &rs[1]);
        wrong_account.account = Some("888888888888".into());
        wrong_account.amount = 600_000;
        let results = vec![paid(2, &rs[0]), paid(3, &rs[0]), stranger, by_account, wrong_account];
        let rec = reconcile(&rs, &results, control());
        let r = |i: usize| rs[i].reference.clone();
        assert_eq!(
            rec.mismatches,
            [
                Mismatch::NotOnList { line: 5, reference: row("0000009").reference },
                Mismatch::UnknownAccount { line: 6, account: "999999999999".into(), reference: None },
                Mismatch::UnknownAccount { line: 7, account: "888888888888".into(), reference: Some(r(1)) },
                Mismatch::AmountDifferent { line: 7, reference: r(1), expected: 900_000, paid: 600_000 },
                Mismatch::PaidTwice { reference: r(0), lines: vec![2, 3] },
                Mismatch::Absent { reference: r(2) },
                Mismatch::OverControl {
                    control: control(),
                    paid: Totals { recipients: 2, amount: 900_000 * 4 + 600_000 }
                },
            ]
        );
    }

    #[test]
    fn failures_are_kept_for_arrears_unless_paid_later() {
        let rs = rows();
        let mut f1 = paid(2, &rs[0]);
        f1.status = BankStatus::AccountDormant;
        let mut f2 = paid(3, &rs[1]);
        f2.status = BankStatus::Failed("rekening tidak sesuai".into());
        let retry = paid(4, &rs[1]);
        let mut f3 = paid(5, &rs[2]);
        f3.status = BankStatus::AccountClosed;
        let rec = reconcile(&rs, &[f1, f2, retry, f3], control());
        assert_eq!(rec.mismatches, []);
        let failed: Vec<(&str, &BankStatus)> = rec.failed.iter().map(|f| (f.reference.as_str(), &f.status)).collect();
        assert_eq!(
            failed,
            [
                (rs[0].reference.as_str(), &BankStatus::AccountDormant),
                (rs[2].reference.as_str(), &BankStatus::AccountClosed)
            ]
        );
        assert_eq!(rec.paid, Totals { recipients: 1, amount: 900_000 });
    }

    #[test]
    fn a_control_total_that_differs_from_the_list_is_flagged() {
        let rs = rows();
        let rec = reconcile(&rs, &[], Totals { recipients: 3, amount: 2_600_000 });
        assert!(rec.list_off_control());
        assert_eq!(rec.mismatches.len(), 3);
        assert!(rec.mismatches.iter().all(|m| matches!(m, Mismatch::Absent { .. })));
    }
}
