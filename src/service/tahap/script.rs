//! `tahap.jsonl`: the steps of a disbursement history, one JSON line each
//! (`{"kind": "freeze", "data": {...}}`), replayed through the use cases
//! as an operator would take them. `dtks sample` writes one; `dtks import`
//! replays it after the register, so lists are built from the register
//! imported and every step is audited.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::codes::Programme;
use crate::domain::tahap::account::BurekolAccount;
use crate::domain::tahap::reconcile::{BankResult, BankStatus};
use crate::domain::tahap::tariff::Tariff;
use crate::domain::tahap::{Period, PeriodPlan, PeriodSchedule};
use crate::formats::jsonl::read_jsonl;
use crate::service::{Actor, Result, Service, ServiceError};

/// The file name `dtks import` replays.
pub const TAHAP_FILE: &str = "tahap.jsonl";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum TahapStep {
    Tariff(Tariff),
    Schedule {
        programme: Programme,
        schedule: PeriodSchedule,
    },
    Plan(PeriodPlan),
    Announce {
        programme: Programme,
        period: Period,
        on: NaiveDate,
    },
    Accounts(Vec<(String, BurekolAccount)>),
    Freeze {
        programme: Programme,
        period: Period,
    },
    /// The bank file written and sent (the file itself is not kept).
    BankFileSent {
        programme: Programme,
        period: Period,
    },
    /// The bank's result lines, as its file would hold them.
    Results {
        programme: Programme,
        period: Period,
        lines: Vec<BankResult>,
    },
    Merge {
        programme: Programme,
        period: Period,
        into: Period,
    },
}

/// Whether `path` is a tahap steps file.
pub fn is_tahap_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == TAHAP_FILE)
}

pub fn read_tahap_file(path: &Path) -> Result<Vec<TahapStep>> {
    Ok(read_jsonl(path)?.into_iter().map(|(_, s)| s).collect())
}

impl Service {
    /// Takes one step.
    pub fn take_tahap_step(&self, step: &TahapStep, actor: &Actor) -> Result<()> {
        match step {
            TahapStep::Tariff(t) => self.add_tariffs(std::slice::from_ref(t), actor),
            TahapStep::Schedule { programme, schedule } => self.set_schedule(*programme, schedule, actor),
            TahapStep::Plan(p) => self.save_plans(std::slice::from_ref(p), actor),
            TahapStep::Announce { programme, period, on } => self.announce(*programme, *period, *on, actor),
            TahapStep::Accounts(a) => self.save_accounts(a, actor),
            TahapStep::Freeze { programme, period } => self.freeze_list(*programme, *period, false, actor).map(|_| ()),
            TahapStep::BankFileSent { programme, period } => {
                let dir = tempfile::tempdir().map_err(|e| ServiceError::io(Path::new("."), e))?;
                self.write_bank_file(*programme, *period, &dir.path().join("bank.csv"), false, actor).map(|_| ())
            }
            TahapStep::Results { lines, .. } => {
                let dir = tempfile::tempdir().map_err(|e| ServiceError::io(Path::new("."), e))?;
                let path = dir.path().join("hasil.csv");
                crate::formats::atomic::write_whole(&path, &results_csv(lines))
                    .map_err(|e| ServiceError::io(&path, e))?;
                self.import_results(&path, actor).map(|_| ())
            }
            TahapStep::Merge { programme, period, into } => self.merge_period(*programme, *period, *into, actor),
        }
    }

    /// Replays a steps file; returns the steps taken. A register that
    /// already holds tariffs or plans has its history: the file is read
    /// (so a bad one is still refused) and nothing is replayed, so
    /// importing it twice changes nothing.
    pub fn import_tahap_file(&self, path: &Path, actor: &Actor) -> Result<u64> {
        self.require(actor, crate::domain::access::Right::Import)?;
        let steps = read_tahap_file(path)?;
        if !self.tariffs()?.rows().is_empty() || !self.plans(None)?.is_empty() {
            return Ok(0);
        }
        for s in &steps {
            self.take_tahap_step(s, actor)?;
        }
        Ok(steps.len() as u64)
    }
}

/// Result lines as the bank's CSV: reference, account, amount, date,
/// status, reason.
pub fn results_csv(lines: &[BankResult]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["reference", "account", "amount", "date", "status", "reason"]);
    for b in lines {
        let (status, reason) = match &b.status {
            BankStatus::Paid => ("paid", ""),
            BankStatus::Failed(r) => ("failed", r.as_str()),
            BankStatus::AccountClosed => ("closed", ""),
            BankStatus::AccountDormant => ("dormant", ""),
        };
        let amount = b.amount.to_string();
        let date = b.date.to_string();
        let fields =
            [b.reference.as_deref().unwrap_or(""), b.account.as_deref().unwrap_or(""), &amount, &date, status, reason];
        // Writing into memory cannot fail.
        let _ = w.write_record(fields);
    }
    w.into_inner().unwrap_or_default()
}
