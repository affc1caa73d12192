//! `dtks bench --eligible`: the eligible-not-enrolled queue on the big
//! benchmark database — the whole-register pass the dashboard and the queue
//! screen start with, and the pass over one kelurahan a pick makes. Reads
//! only, so it runs on `--dir/db` itself.

use std::time::Instant;

use crate::bench::{BenchError, Report, Row, median, ms, peak_rss_kib};
use crate::cli::BenchArgs;
use crate::domain::Programme;
use crate::service::eligible::EligibleQuery;
use crate::service::{Clock, Service};

type Result<T> = std::result::Result<T, BenchError>;

/// Persons the screen keeps per programme from a whole-register pass.
const KEPT: usize = crate::tui::screens::eligible_queue::KEPT;

pub fn run(args: &BenchArgs) -> Result<()> {
    let svc = Service::open(&args.dir.join("db"), false, Clock::System)?;
    let mut report = Report::default();
    report.push(Row("peak RSS after open".into(), format!("{} MiB", peak_rss_kib().unwrap_or(0) / 1024), "—".into()));
    // For scale: the dashboard's other full pass, the counts.
    let t = Instant::now();
    let stats = svc.stats("")?;
    report.push(Row(
        format!("for scale: the dashboard counts (stats), one full pass of {} households", stats.households),
        ms(t.elapsed()),
        "background job".into(),
    ));
    let all = EligibleQuery { limit: Some(KEPT), ..EligibleQuery::default() };
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let t = Instant::now();
        last = Some(svc.eligible(&all)?);
        times.push(t.elapsed());
    }
    let Some(r) = last else { return Err(BenchError::Failed("no run".into())) };
    let totals: Vec<String> = Programme::ALL.iter().map(|&p| format!("{} {}", p.code(), r.total(p))).collect();
    report.push(Row(
        "eligible-not-enrolled, whole register (counts + first persons per programme), median of 3".into(),
        format!("{} ({} persons in a queue; {})", ms(median(times)), r.persons_in(""), totals.join(", ")),
        "background job; none set".into(),
    ));
    // The kelurahan with the most persons in a queue.
    let Some((kel, n)) = r.persons_by_kelurahan.iter().max_by_key(|(_, n)| **n) else {
        return Err(BenchError::Failed("nobody in any queue".into()));
    };
    let one = EligibleQuery { regions: vec![kel.clone()], ..EligibleQuery::default() };
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let r = svc.eligible(&one)?;
        times.push(t.elapsed());
        if r.persons_in("") != *n {
            return Err(BenchError::Failed(format!(
                "kelurahan {kel}: {} persons, whole pass said {n}",
                r.persons_in("")
            )));
        }
    }
    report.push(Row(
        format!("eligible-not-enrolled, one kelurahan ({kel}, {n} persons), every person kept, median of 5"),
        ms(median(times)),
        "keystroke ≤ 16 ms (runs as a job)".into(),
    ));
    report.push(Row(
        "peak RSS after the passes".into(),
        format!("{} MiB", peak_rss_kib().unwrap_or(0) / 1024),
        "≤ 250 MB browsing".into(),
    ));
    report.print();
    Ok(())
}
