//! `dtks bench --audit`: what the audit of views costs at a million
//! persons — a NIK lookup and a list page with their view events beside
//! the same reads without, the event alone, `audit verify` over the whole
//! chain, and the open after many views. Runs on a copy of `--dir/db`.

use std::time::{Duration, Instant};

use crate::bench::{BenchError, Report, Row, ms, percentile as pct, sample_rows, work_copy};
use crate::cli::BenchArgs;
use crate::i18n::Lang;
use crate::service::audit::View;
use crate::service::browse::Filter;
use crate::service::lookup::NameLookup;
use crate::service::{Actor, Clock, Origin, Service};

type Result<T> = std::result::Result<T, BenchError>;

fn sorted(mut v: Vec<Duration>) -> Vec<Duration> {
    v.sort();
    v
}

fn p50_p99(v: &[Duration]) -> String {
    format!("{} / {}", ms(pct(v, 0.5)), ms(pct(v, 0.99)))
}

pub fn run(args: &BenchArgs) -> Result<()> {
    let (_, work) = work_copy(args, "db-audit")?;
    let persons = sample_rows(&args.dir.join("data").join("persons.csv"), 997)?;
    let svc = Service::open(&work, false, Clock::System)?;
    // The owner of the files at this terminal: an operator of the whole register.
    let actor = Actor::from("bench", Origin::Local);
    // The bare event is another session's, so it never repeats the view the
    // lookup just recorded (a repeat is not written).
    let beside = Actor::from("bench-event", Origin::Local);
    let how = NameLookup::limited(50);
    let mut report = Report::default();
    let first_seq = svc.store().next_audit_seq()?;

    // The same NIK lookups, first through the service (a view event each),
    // then the store's reads alone.
    let (mut audited, mut bare, mut event) = (Vec::new(), Vec::new(), Vec::new());
    for row in &persons {
        let t = Instant::now();
        let r = svc.lookup(&actor, &row[0], &how, Lang::Id)?;
        audited.push(t.elapsed());
        if r.households.is_empty() {
            return Err(BenchError::Failed(format!("lookup of {} found nothing", row[0])));
        }
        let t = Instant::now();
        for kk in svc.store().kks_by_nik(&row[0])? {
            let _ = svc.store().household(&kk)?;
        }
        bare.push(t.elapsed());
        let t = Instant::now();
        svc.audit_view(&beside, View::Lookup { query: &row[0], shown: vec![row[1].clone(), row[0].clone()] })?;
        event.push(t.elapsed());
    }
    let (audited, bare, event) = (sorted(audited), sorted(bare), sorted(event));
    report.push(Row(
        "NIK lookup through the service, with its view event, p50 / p99".into(),
        format!("{} ({} lookups)", p50_p99(&audited), audited.len()),
        "p99 ≤ 1 ms".into(),
    ));
    report.push(Row("the same reads without an event, p50 / p99".into(), p50_p99(&bare), "—".into()));
    report.push(Row("one view event alone (unflushed), p50 / p99".into(), p50_p99(&event), "—".into()));

    // A list page for the first four letters of a name, with and without.
    let (mut page_a, mut page_b) = (Vec::new(), Vec::new());
    for row in &persons {
        let q: String = row[2].split_whitespace().next().unwrap_or_default().chars().take(4).collect();
        let f = Filter { query: q, ..Filter::default() };
        let t = Instant::now();
        svc.page(&actor, &f, None, 20)?;
        page_a.push(t.elapsed());
        let t = Instant::now();
        svc.page_unaudited(&actor, &f, None, 20)?;
        page_b.push(t.elapsed());
    }
    let (page_a, page_b) = (sorted(page_a), sorted(page_b));
    let p95 = |v: &[Duration]| format!("{} / {}", ms(pct(v, 0.5)), ms(pct(v, 0.95)));
    report.push(Row(
        "list page of 20 for a name, with its view event, p50 / p95".into(),
        p95(&page_a),
        "p95 ≤ 20 ms".into(),
    ));
    report.push(Row("the same page without an event, p50 / p95".into(), p95(&page_b), "—".into()));

    // A flushed event: an export's, a reveal's, a refusal's.
    let mut flushed = Vec::new();
    for row in persons.iter().take(200) {
        let t = Instant::now();
        svc.audit_view(&actor, View::Reveal { no_kk: &row[1], nik: &row[0] })?;
        flushed.push(t.elapsed());
    }
    report.push(Row("one flushed event (a reveal), p50 / p99".into(), p50_p99(&sorted(flushed)), "—".into()));

    let events = svc.store().next_audit_seq()? - 1;
    let views = events + 1 - first_seq;
    let t = Instant::now();
    let r = svc.store().verify_chain(None)?;
    let verify = t.elapsed();
    if !r.faults.is_empty() {
        return Err(BenchError::Failed(format!("the chain has {} faults", r.faults.len())));
    }
    report.push(Row(format!("audit verify over {events} events"), ms(verify), "—".into()));
    drop(svc);

    let mut opens = Vec::new();
    for _ in 0..4 {
        let t = Instant::now();
        drop(Service::open(&work, false, Clock::System)?);
        opens.push(t.elapsed());
    }
    report.push(Row(format!("first open after {views} view events"), ms(opens[0]), "≤ 150 ms".into()));
    report.push(Row("the opens after it, median".into(), ms(sorted(opens[1..].to_vec())[1]), "≤ 150 ms".into()));
    report.print();
    std::fs::remove_dir_all(&work)?;
    Ok(())
}
