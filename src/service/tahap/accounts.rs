//! Burekol accounts: the bank's collective-account file imported (rejects
//! by line), and the account of a person.

use std::path::Path;

use chrono::NaiveDate;

use super::table::{Table, cell};
use super::{LineProblem, Reject};
use crate::domain::tahap::account::{AccountNumber, AccountStatus, BurekolAccount};
use crate::service::{Actor, Result, Service};
use crate::store::{RecordPuts, kinds};

/// The header an account file must hold.
pub const ACCOUNT_COLUMNS: &str = "nik, bank, account, opened, status";

/// What an account import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct AccountImport {
    pub saved: usize,
    pub rejects: Vec<Reject>,
}

/// Accounts per write.
const ACCOUNT_CHUNK: usize = 2_000;

impl Service {
    /// The person's Burekol account, if the bank has opened one.
    pub fn account(&self, nik: &str) -> Result<Option<BurekolAccount>> {
        Ok(self.store().get_record(kinds::BUREKOL, nik)?)
    }

    /// Saves accounts (the newest line of a NIK wins), in audited writes of
    /// [`ACCOUNT_CHUNK`]: one sled batch of a whole bank file's accounts
    /// would take over a gigabyte. Each account is whole; a kill leaves the
    /// first chunks saved, and saving the same file again completes it.
    pub fn save_accounts(&self, accounts: &[(String, BurekolAccount)], actor: &Actor) -> Result<()> {
        self.require(actor, crate::domain::access::Right::Import)?;
        for part in accounts.chunks(ACCOUNT_CHUNK) {
            let mut r = RecordPuts::new();
            for (nik, a) in part {
                r.put(kinds::BUREKOL, nik, a)?;
            }
            self.store().write_records(r, &self.audit(actor, format!("burekol.import {} rekening", part.len())))?;
        }
        Ok(())
    }

    /// Imports the bank's account file (CSV or .xlsx); lines that cannot be
    /// read are returned by number and nothing of them is saved.
    pub fn import_accounts(&self, path: &Path, actor: &Actor) -> Result<AccountImport> {
        self.require(actor, crate::domain::access::Right::Import)?;
        let table = Table::read(path)?;
        let col = |c| table.column(path, c, ACCOUNT_COLUMNS);
        let (nik_c, bank_c, acc_c, opened_c, status_c) =
            (col("nik")?, col("bank")?, col("account")?, col("opened")?, col("status")?);
        let mut out = AccountImport::default();
        let mut accounts = Vec::new();
        for (line, cells) in &table.lines {
            let line = *line;
            let reject = |problem| Reject { line, problem };
            let Some(cells) = cells else {
                out.rejects.push(reject(LineProblem::NotUtf8));
                continue;
            };
            let nik = cell(cells, nik_c);
            if nik.len() != 16 || !nik.bytes().all(|b| b.is_ascii_digit()) {
                out.rejects.push(reject(LineProblem::BadNik { text: nik.to_string() }));
                continue;
            }
            let bank = cell(cells, bank_c);
            if bank.is_empty() {
                out.rejects.push(reject(LineProblem::Missing { column: "bank" }));
                continue;
            }
            let text = cell(cells, acc_c);
            let number = match AccountNumber::parse(text) {
                Ok(n) => n,
                Err(error) => {
                    out.rejects.push(reject(LineProblem::BadAccount { text: text.to_string(), error }));
                    continue;
                }
            };
            let Some(opened) = parse_date(cell(cells, opened_c)) else {
                out.rejects.push(reject(LineProblem::BadDate { text: cell(cells, opened_c).to_string() }));
                continue;
            };
            let Some(status) = AccountStatus::parse(cell(cells, status_c)) else {
                out.rejects.push(reject(LineProblem::BadStatus { text: cell(cells, status_c).to_string() }));
                continue;
            };
            accounts.push((nik.to_string(), BurekolAccount { bank: bank.to_string(), number, opened, status }));
        }
        out.saved = accounts.len();
        if !accounts.is_empty() {
            self.save_accounts(&accounts, actor)?;
        }
        Ok(out)
    }
}

/// `2026-10-05` or `05/10/2026`.
pub(super) fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y")).ok()
}
