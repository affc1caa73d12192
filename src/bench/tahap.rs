//! `dtks bench --tahap`: the disbursement budgets on the big benchmark
//! database (whose sample has 2026 tahap 1–3 frozen and paid and tahap 4
//! announced): build and freeze tahap 4 of the largest card, the diff of two
//! frozen lists, the bank file, importing and reconciling a result file of
//! every recipient. Each step is a whole `dtks` process (open included), so
//! its peak RSS is its own. Runs on a copy of `--dir/db`.

use std::time::Instant;

use crate::bench::{BenchError, Report, Row, child, median, ms, work_copy};
use crate::cli::BenchArgs;
use crate::domain::Programme;
use crate::domain::tahap::Period;
use crate::domain::tahap::reconcile::{BankResult, BankStatus};
use crate::service::tahap::script::results_csv;
use crate::service::{Clock, Service};

type Result<T> = std::result::Result<T, BenchError>;

const PERIOD: &str = "2026-T4";
const PREVIOUS: &str = "2026-T3";

pub fn run(args: &BenchArgs) -> Result<()> {
    let (source, work) = work_copy(args, "db-tahap")?;
    let db = work.to_string_lossy().into_owned();
    let mut report = Report::default();

    // The card with the most recipients on tahap 3.
    let t3: Period = PREVIOUS.parse().map_err(|_| BenchError::Failed("period".into()))?;
    let t4: Period = PERIOD.parse().map_err(|_| BenchError::Failed("period".into()))?;
    let (programme, t3_rows) = {
        let svc = Service::open(&work, false, Clock::System)?;
        let mut best = (Programme::Klj, 0);
        for p in [Programme::Klj, Programme::Kaj, Programme::Kparj] {
            let n = svc.period_rows(p, t3)?.len();
            if n > best.1 {
                best = (p, n);
            }
        }
        best
    };
    if t3_rows == 0 {
        return Err(BenchError::Failed(format!("{} has no frozen tahap 3 list", source.display())));
    }
    let prog = programme.code();
    let mut step = |label: &str, budget: &str, cmd: &[&str]| -> Result<String> {
        let mut full = vec!["--db", db.as_str()];
        full.extend_from_slice(cmd);
        let c = child(&full)?;
        report.push(Row(
            format!("{label} ({prog})"),
            format!("{:.2} s, peak RSS {} MiB", c.wall.as_secs_f64(), c.peak_kib.unwrap_or(0) / 1024),
            budget.into(),
        ));
        Ok(c.stdout)
    };

    step("build tahap 4 list, whole process", "≤ 2 s", &["tahap", "build", PERIOD, "--program", prog])?;
    step(
        "build and freeze tahap 4 list, whole process",
        "≤ 2 s, ≤ 400 MB",
        &["tahap", "freeze", PERIOD, "--program", prog],
    )?;
    step(
        "diff tahap 4 against tahap 3, whole process",
        "≤ 1 s, ≤ 400 MB",
        &["tahap", "diff", PERIOD, "--program", prog],
    )?;
    let csv = args.dir.join("bank-t4.csv");
    let xlsx = args.dir.join("bank-t4.xlsx");
    for f in [&csv, &xlsx] {
        if f.exists() {
            std::fs::remove_file(f)?;
        }
    }
    let csv_s = csv.to_string_lossy().into_owned();
    let xlsx_s = xlsx.to_string_lossy().into_owned();
    step(
        "bank file (CSV), whole process",
        "≤ 2 s, ≤ 400 MB",
        &["tahap", "bank-file", PERIOD, "--program", prog, "--out", &csv_s],
    )?;
    step(
        "bank file (.xlsx), whole process",
        "≤ 2 s, ≤ 400 MB",
        &["tahap", "bank-file", PERIOD, "--program", prog, "--out", &xlsx_s, "--xlsx"],
    )?;

    // The bank's answer: every recipient paid, one in 40 failed.
    let rows = {
        let svc = Service::open(&work, false, Clock::System)?;
        svc.period_rows(programme, t4)?
    };
    let paid_on = t4.first_day() + chrono::Days::new(75);
    let lines: Vec<BankResult> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| BankResult {
            line: i + 2,
            reference: Some(r.reference.clone()),
            account: Some(r.account.clone()),
            amount: r.amount,
            date: paid_on,
            status: if i % 40 == 39 { BankStatus::Failed("rekening tidak aktif".into()) } else { BankStatus::Paid },
        })
        .collect();
    let results = args.dir.join("results-t4.csv");
    crate::formats::atomic::write_whole(&results, &results_csv(&lines))?;
    let results_s = results.to_string_lossy().into_owned();
    step(
        &format!("import {} result lines, whole process", rows.len()),
        "with reconcile ≤ 5 s, ≤ 400 MB",
        &["tahap", "import-results", &results_s],
    )?;
    step(
        "reconcile tahap 4, whole process",
        "with import ≤ 5 s, ≤ 400 MB",
        &["tahap", "reconcile", PERIOD, "--program", prog],
    )?;

    // What the Tahap screen reads when it opens: the year's plans and each
    // plan's frozen lists.
    let svc = Service::open(&work, false, Clock::System)?;
    let mut open_t = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let plans = svc.plans(Some(2026))?;
        for p in &plans {
            svc.frozen_lists(p.programme, p.period)?;
        }
        open_t.push(t.elapsed());
    }
    report.push(Row(
        "Tahap overview reads (2026 plans and their frozen lists), median of 20".into(),
        ms(median(open_t)),
        "screen opens ≤ 100 ms".into(),
    ));
    // What the person detail reads: every period of the person's
    // programmes, each row found by a binary search over the list's chunks.
    let mut person_t = Vec::new();
    for r in rows.iter().step_by((rows.len() / 20).max(1)).take(20) {
        let Some(kk) = svc.household(&r.no_kk)? else { continue };
        let t = Instant::now();
        svc.person_periods(&kk, &r.nik)?;
        person_t.push(t.elapsed());
    }
    let worst = person_t.iter().max().copied().unwrap_or_default();
    report.push(Row(
        format!("Person detail tahap lines, {} recipients, median (max {})", person_t.len(), ms(worst)),
        ms(median(person_t)),
        "one NIK, no list scan".into(),
    ));
    drop(svc);
    std::fs::remove_dir_all(&work)?;
    eprintln!("{} recipients on tahap 4 of {prog}; tahap 3 had {t3_rows}", rows.len());
    report.print();
    Ok(())
}
