//! The bank file of a programme's period (CSV or .xlsx, written whole, never
//! over an existing file), the bank's result file imported with rejects by
//! line, and the reconciliation of the results against the frozen rows.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::accounts::parse_date;
use super::table::{Table, cell};
use super::{LineProblem, Reject, ledger_id, parse_period, parse_programme, plan_id};
use crate::domain::codes::Programme;
use crate::domain::tahap::ledger::Ledger;
use crate::domain::tahap::list::{ListRow, Totals, content_hash};
use crate::domain::tahap::reconcile::{self, BankResult, BankStatus, Reconciliation};
use crate::domain::tahap::{Period, PeriodPlan, PeriodState, Step};
use crate::service::error::{Refusal, TahapRefusal};
use crate::service::{Actor, Result, Service, ServiceError};
use crate::store::{RecordPuts, kinds};

/// The bank file's columns, in order.
pub const BANK_COLUMNS: [&str; 7] = ["reference", "account", "name", "nik", "programme", "months", "amount"];
/// What a result file must hold: a reference or an account column, and these.
pub const RESULT_COLUMNS: &str = "reference (or account), amount, date, status";

/// A bank file written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BankFile {
    pub path: PathBuf,
    pub totals: Totals,
    pub hash: String,
}

/// Ledgers per write of a result import.
const LEDGER_CHUNK: usize = 2_000;

/// A result import under way (see [`Service::import_results`]).
#[derive(Debug, Serialize, serde::Deserialize)]
struct PendingResults {
    /// SHA-256 of the file, hex.
    digest: String,
    file: String,
    at: chrono::NaiveDateTime,
}

fn file_digest(path: &Path) -> Result<String> {
    use sha2::{Digest, Sha256};
    let bytes = std::fs::read(path).map_err(|e| ServiceError::io(path, e))?;
    Ok(Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect())
}

/// What a result import did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResultImport {
    pub programme: Programme,
    pub period: Period,
    pub saved: usize,
    pub rejects: Vec<Reject>,
}

impl Service {
    /// Writes the bank file of the period's frozen rows and moves the plan
    /// to "bank file sent" (writing it again, elsewhere, gives the same file).
    pub fn write_bank_file(
        &self,
        programme: Programme,
        period: Period,
        out: &Path,
        xlsx: bool,
        actor: &Actor,
    ) -> Result<BankFile> {
        self.require(actor, crate::domain::access::Right::BankFile)?;
        let mut plan = self.plan_or_refuse(programme, period)?;
        let lists = self.frozen_lists(programme, period)?;
        if lists.is_empty() {
            return Err(TahapRefusal::NotFrozen { programme, period }.into());
        }
        let send = plan.state == PeriodState::ListFrozen;
        if !send {
            PeriodPlan::next_state(PeriodState::ListFrozen, Step::SendBankFile)
                .and_then(|_| match plan.state {
                    PeriodState::Planned | PeriodState::Announced => {
                        PeriodPlan::next_state(plan.state, Step::SendBankFile)
                    }
                    s => Ok(s),
                })
                .map_err(|error| TahapRefusal::Step { programme, period, error })?;
        }
        if out.exists() {
            return Err(Refusal::WouldOverwrite { path: out.to_path_buf() }.into());
        }
        let mut rows = self.period_rows(programme, period)?;
        rows.sort_by(|a, b| a.reference.cmp(&b.reference));
        let totals = Totals::of(&rows);
        let hash = content_hash(&rows);
        let table = bank_table(programme, &rows, totals, &hash);
        write_table_file(out, &table, xlsx)?;
        if send {
            plan.send_bank_file().map_err(|error| TahapRefusal::Step { programme, period, error })?;
            let mut r = RecordPuts::new();
            r.put(kinds::TAHAP_PLAN, &plan_id(programme, period), &plan)?;
            let action = format!("tahap.bank-file {} {hash}", plan_id(programme, period));
            self.store().write_records(r, &self.audit(actor, action))?;
        }
        Ok(BankFile { path: out.to_path_buf(), totals, hash })
    }

    /// The bank's result lines imported for a list, in import order.
    pub fn results(&self, programme: Programme, period: Period) -> Result<Vec<BankResult>> {
        Ok(self.store().get_record(kinds::TAHAP_RESULTS, &plan_id(programme, period))?.unwrap_or_default())
    }

    /// Imports the bank's result file: its list is the one its references
    /// name; lines that cannot be used are returned by number. Payments go
    /// into the ledgers (a failure stays owed, for arrears) and the plan.
    pub fn import_results(&self, path: &Path, actor: &Actor) -> Result<ResultImport> {
        self.import_results_reporting(path, actor, &mut |_| {})
    }

    /// [`Service::import_results`], calling `progress` with the ledgers
    /// written after each chunk.
    pub fn import_results_reporting(
        &self,
        path: &Path,
        actor: &Actor,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ResultImport> {
        self.require(actor, crate::domain::access::Right::Import)?;
        let table = Table::read(path)?;
        let ref_c = table.optional("reference");
        let acc_c = table.optional("account");
        if ref_c.is_none() && acc_c.is_none() {
            table.column(path, "reference", RESULT_COLUMNS)?;
        }
        let amount_c = table.column(path, "amount", RESULT_COLUMNS)?;
        let date_c = table.column(path, "date", RESULT_COLUMNS)?;
        let status_c = table.column(path, "status", RESULT_COLUMNS)?;
        let reason_c = table.optional("reason");
        let (programme, period) = table
            .lines
            .iter()
            .filter_map(|(_, c)| c.as_ref())
            .find_map(|c| ref_c.and_then(|i| list_of(cell(c, i))))
            .ok_or_else(|| TahapRefusal::NoListInResults { path: path.to_path_buf() })?;
        let mut plan = self.plan_or_refuse(programme, period)?;
        let rows = self.period_rows(programme, period)?;
        if rows.is_empty() {
            return Err(TahapRefusal::NotFrozen { programme, period }.into());
        }
        PeriodPlan::next_state(plan.state, Step::PayPart).map_err(|error| TahapRefusal::Step {
            programme,
            period,
            error,
        })?;
        let digest = file_digest(path)?;
        let pending: Option<PendingResults> =
            self.store().get_record(kinds::TAHAP_RESULTS_PENDING, &plan_id(programme, period))?;
        if let Some(p) = pending.as_ref().filter(|p| p.digest != digest) {
            return Err(TahapRefusal::ResultsInterrupted { programme, period, file: p.file.clone(), at: p.at }.into());
        }
        let mut stored = self.results(programme, period)?;
        let mut seen: HashMap<LineKey, usize> = stored.iter().map(|b| (key(b), b.line)).collect();
        let mut rejects = Vec::new();
        let mut new = Vec::new();
        for (line, cells) in &table.lines {
            let line = *line;
            match result_line(
                line,
                cells.as_deref(),
                programme,
                period,
                [ref_c, acc_c, reason_c],
                [amount_c, date_c, status_c],
            ) {
                Err(problem) => rejects.push(Reject { line, problem }),
                Ok(b) => match seen.get(&key(&b)) {
                    Some(&first) => rejects.push(Reject { line, problem: LineProblem::Duplicate { first } }),
                    None => {
                        seen.insert(key(&b), line);
                        new.push(b);
                    }
                },
            }
        }
        let file = path.file_name().map_or_else(|| path.display().to_string(), |f| f.to_string_lossy().into_owned());
        let pending = PendingResults { digest, file, at: self.now() };
        self.write_ledgers((programme, period), &rows, &new, pending, actor, progress)?;
        let mut r = RecordPuts::new();
        r.delete(kinds::TAHAP_RESULTS_PENDING, &plan_id(programme, period))?;
        stored.extend(new.iter().cloned());
        // The payment began on the first day these lines were paid.
        let first_paid = new.iter().filter(|b| b.status == BankStatus::Paid).map(|b| b.date).min();
        if let Some(on) = first_paid.map(|d| plan.payments.last().map_or(d, |&last| d.max(last))) {
            let rec = reconcile::reconcile(&rows, &stored, Totals::of(&rows));
            let absent = rec.mismatches.iter().any(|m| matches!(m, reconcile::Mismatch::Absent { .. }));
            let complete = !absent && rec.failed.is_empty();
            plan.record_payment(on, complete).map_err(|error| TahapRefusal::Step { programme, period, error })?;
            r.put(kinds::TAHAP_PLAN, &plan_id(programme, period), &plan)?;
        }
        r.put(kinds::TAHAP_RESULTS, &plan_id(programme, period), &stored)?;
        let action = format!("tahap.results {} {} baris", plan_id(programme, period), new.len());
        self.store().write_records(r, &self.audit(actor, action))?;
        Ok(ResultImport { programme, period, saved: new.len(), rejects })
    }

    /// The refusal that names a result import of `programme` cut off before
    /// it finished, if there is one.
    pub fn interrupted_results(&self, programme: Programme) -> Result<Option<TahapRefusal>> {
        let prefix = format!("{}/", programme.code());
        let pending = self.store().scan_records_prefix::<PendingResults>(kinds::TAHAP_RESULTS_PENDING, &prefix)?;
        Ok(pending.into_iter().find_map(|(id, p)| {
            let period = id.strip_prefix(&prefix).and_then(|t| t.parse::<Period>().ok())?;
            Some(TahapRefusal::ResultsInterrupted { programme, period, file: p.file, at: p.at })
        }))
    }

    /// Records each new result in its recipient's ledger: a payment pays the
    /// row's months once, a failure keeps them owed for arrears. The ledgers
    /// go in chunks (one sled batch of a whole list's ledgers takes over a
    /// gigabyte), after a marker that holds the file's digest: a kill leaves
    /// the marker, and only the same file may then be imported, whose lines
    /// already in a ledger change nothing (a reference is used once).
    fn write_ledgers(
        &self,
        (programme, period): (Programme, Period),
        rows: &[ListRow],
        new: &[BankResult],
        pending: PendingResults,
        actor: &Actor,
        progress: &mut dyn FnMut(u64),
    ) -> Result<()> {
        let id = plan_id(programme, period);
        let mut r = RecordPuts::new();
        r.put(kinds::TAHAP_RESULTS_PENDING, &id, &pending)?;
        self.store().write_records(r, &self.audit(actor, format!("tahap.results.start {id} {}", pending.file)))?;
        let by_ref: HashMap<&str, &ListRow> = rows.iter().map(|r| (r.reference.as_str(), r)).collect();
        let by_acc: HashMap<&str, &ListRow> = rows.iter().map(|r| (r.account.as_str(), r)).collect();
        let mut ledgers: HashMap<String, Ledger> = HashMap::new();
        for b in new {
            let row = b
                .reference
                .as_deref()
                .and_then(|x| by_ref.get(x))
                .or_else(|| b.account.as_deref().and_then(|a| by_acc.get(a)));
            let Some(row) = row else { continue };
            let id = ledger_id(programme, &row.nik);
            if !ledgers.contains_key(&id) {
                let l = self
                    .store()
                    .get_record(kinds::TAHAP_LEDGER, &id)?
                    .unwrap_or_else(|| Ledger::new(&row.nik, programme));
                ledgers.insert(id.clone(), l);
            }
            let Some(ledger) = ledgers.get_mut(&id) else { continue };
            ledger.owe(&row.months);
            // A second payment or failure of a row is a reconciliation
            // finding, not a ledger entry: the month stays paid once.
            let _ = match b.status {
                BankStatus::Paid => ledger.pay(&row.reference, &row.months),
                _ => ledger.fail(&row.reference, period, &row.months),
            };
        }
        let mut ledgers: Vec<(String, Ledger)> = ledgers.into_iter().collect();
        ledgers.sort_by(|a, b| a.0.cmp(&b.0));
        for (i, part) in ledgers.chunks(LEDGER_CHUNK).enumerate() {
            let mut r = RecordPuts::new();
            for (lid, l) in part {
                r.put(kinds::TAHAP_LEDGER, lid, l)?;
            }
            self.store().write_records(r, &self.audit(actor, format!("tahap.results.ledgers {id} {i}")))?;
            progress(((i + 1) * LEDGER_CHUNK).min(ledgers.len()) as u64);
        }
        Ok(())
    }

    /// Every mismatch between the period's frozen rows and the bank's
    /// results, and the totals against the control total.
    pub fn reconcile(&self, programme: Programme, period: Period) -> Result<Reconciliation> {
        let rows = self.period_rows(programme, period)?;
        if rows.is_empty() {
            return Err(TahapRefusal::NotFrozen { programme, period }.into());
        }
        let results = self.results(programme, period)?;
        Ok(reconcile::reconcile(&rows, &results, Totals::of(&rows)))
    }
}

/// What makes two result lines the same line.
type LineKey = (Option<String>, Option<String>, i64, chrono::NaiveDate, String);

fn key(b: &BankResult) -> LineKey {
    (b.reference.clone(), b.account.clone(), b.amount, b.date, format!("{:?}", b.status))
}

/// The programme and period a payment reference names
/// (`KLJ-2026-T4-<NIK>`, `KLJ-2026-11-<NIK>`).
fn list_of(reference: &str) -> Option<(Programme, Period)> {
    let parts: Vec<&str> = reference.split('-').collect();
    let [p, y, n, nik] = parts.as_slice() else { return None };
    if nik.len() != 16 || !nik.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((parse_programme(p).ok()?, parse_period(&format!("{y}-{n}")).ok()?))
}

fn result_line(
    line: usize,
    cells: Option<&[String]>,
    programme: Programme,
    period: Period,
    [ref_c, acc_c, reason_c]: [Option<usize>; 3],
    [amount_c, date_c, status_c]: [usize; 3],
) -> std::result::Result<BankResult, LineProblem> {
    let cells = cells.ok_or(LineProblem::NotUtf8)?;
    let opt = |c: Option<usize>| c.map(|i| cell(cells, i).to_string()).filter(|s| !s.is_empty());
    let reference = opt(ref_c);
    let account = opt(acc_c);
    if let Some(x) = &reference
        && list_of(x) != Some((programme, period))
    {
        return Err(LineProblem::UnknownReference { reference: x.clone() });
    }
    if reference.is_none() && account.is_none() {
        return Err(LineProblem::Missing { column: "reference" });
    }
    let amount_text = cell(cells, amount_c);
    let amount = amount_text
        .trim_start_matches("Rp")
        .trim()
        .replace('.', "")
        .parse::<i64>()
        .map_err(|_| LineProblem::BadAmount { text: amount_text.to_string() })?;
    let date_text = cell(cells, date_c);
    let date = parse_date(date_text).ok_or_else(|| LineProblem::BadDate { text: date_text.to_string() })?;
    let status_text = cell(cells, status_c);
    let reason = opt(reason_c).unwrap_or_default();
    let status = match status_text.to_lowercase().as_str() {
        "paid" | "dibayar" | "berhasil" | "sukses" => BankStatus::Paid,
        "failed" | "gagal" => BankStatus::Failed(reason),
        "closed" | "account_closed" | "tutup" => BankStatus::AccountClosed,
        "dormant" | "account_dormant" | "pasif" => BankStatus::AccountDormant,
        _ => return Err(LineProblem::BadStatus { text: status_text.to_string() }),
    };
    Ok(BankResult { line, reference, account, amount, date, status })
}

/// The bank file as text cells: a header, one line per row, the control
/// total line and the list's hash.
fn bank_table(programme: Programme, rows: &[ListRow], totals: Totals, hash: &str) -> Vec<Vec<String>> {
    let mut t = vec![BANK_COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
    for r in rows {
        let months: Vec<String> = r.months.iter().map(ToString::to_string).collect();
        t.push(vec![
            r.reference.clone(),
            r.account.clone(),
            r.name.clone(),
            r.nik.clone(),
            programme.code().to_string(),
            months.join(" "),
            r.amount.to_string(),
        ]);
    }
    let blank = String::new;
    t.push(vec![
        "TOTAL".into(),
        blank(),
        blank(),
        totals.recipients.to_string(),
        blank(),
        blank(),
        totals.amount.to_string(),
    ]);
    t.push(vec!["SHA256".into(), hash.to_string(), blank(), blank(), blank(), blank(), blank()]);
    t
}

/// Writes a table of text cells as CSV or .xlsx, whole or not at all
/// (temp file then rename), never over an existing file.
pub(super) fn write_table_file(out: &Path, table: &[Vec<String>], xlsx: bool) -> Result<()> {
    let bytes = if xlsx { xlsx_bytes(out, table)? } else { csv_bytes(table) };
    crate::formats::atomic::write_new(out, &bytes).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Refusal::WouldOverwrite { path: out.to_path_buf() }.into(),
        _ => ServiceError::io(out, e),
    })?;
    Ok(())
}

/// The cells go through the formula rule of `formats::safe_cell`, the bank
/// file's too. A bank reads its file literally, so a mark would reach the
/// bank as part of the value; but only a value that starts with `=`, `+`,
/// `-`, `@`, a tab or a CR gets one, and no real reference, account, name,
/// NIK, month or amount does. A real row reaches the bank unchanged, and a
/// formula planted in a name (which the bank would refuse anyway, as it
/// matches no account holder) stays text when the file is checked in Excel
/// at the Dinas before it is sent.
fn csv_bytes(table: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for line in table {
        // Writing into memory cannot fail.
        let _ = w.write_record(line.iter().map(|c| crate::formats::safe_cell::escape(c).into_owned()));
    }
    w.into_inner().unwrap_or_default()
}

fn xlsx_bytes(out: &Path, table: &[Vec<String>]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| ServiceError::Format(crate::formats::FormatError::xlsx_write(out, e));
    let mut wb = Workbook::new();
    // A fixed creation date keeps the file the same when written again.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(err)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    for (i, line) in table.iter().enumerate() {
        for (c, v) in line.iter().enumerate() {
            ws.write_string(i as u32, c as u16, v).map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bank_csv_keeps_real_rows_as_they_are_and_a_planted_formula_as_text() {
        let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let table = vec![
            cells(&BANK_COLUMNS),
            cells(&[
                "KLJ-2026-T4-3175031304772586",
                "0012345678",
                "Dimas Saputra",
                "3175031304772586",
                "KLJ",
                "2026-10 2026-11",
                "600000",
            ]),
            cells(&[
                "KLJ-2026-T4-3175035006810478",
                "0012345679",
                "=cmd|' /C calc'!A0",
                "3175035006810478",
                "KLJ",
                "2026-10",
                "300000",
            ]),
        ];
        let text = String::from_utf8(csv_bytes(&table)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1],
            "KLJ-2026-T4-3175031304772586,0012345678,Dimas Saputra,3175031304772586,KLJ,2026-10 2026-11,600000"
        );
        assert!(lines[2].contains(",'=cmd|' /C calc'!A0,"), "{}", lines[2]);
    }
}
