//! `dtks bench --nonaktif`: the deactivation budgets on the big benchmark
//! database — a monev import of 20,000 Dukcapil findings into draft
//! proposals, approving 1,000 agreed proposals (effects and audit), and
//! the queue read the deactivation screen opens with. Runs on a copy of
//! `--dir/db`.

use std::time::Instant;

use chrono::Days;

use crate::bench::{BenchError, Report, Row, median, ms, work_copy};
use crate::cli::BenchArgs;
use crate::domain::DtksStatus;
use crate::domain::deactivation::{Outcome, State};
use crate::domain::muskel::{Attendee, AttendeeRole, Muskel};
use crate::service::{Actor, Clock, Service};

type Result<T> = std::result::Result<T, BenchError>;

const FINDINGS: usize = 20_000;
const DECIDED: usize = 1_000;

pub fn run(args: &BenchArgs) -> Result<()> {
    let (_, work) = work_copy(args, "db-nonaktif")?;
    let svc = Service::open(&work, false, Clock::System)?;
    let officer = Actor::new("petugas1");
    let head = Actor::new("kabid");
    let mut report = Report::default();

    // One active person in each of 20,000 households, found deceased.
    let households = svc.store().households_after(None, FINDINGS * 2)?;
    let died = (svc.today() - Days::new(30)).to_string();
    let mut csv = String::from("nik,status,tanggal_meninggal,alamat_baru\n");
    let mut n = 0;
    for h in &households {
        if let Some(p) = h.members.iter().find(|p| p.status() == DtksStatus::Active) {
            csv.push_str(&format!("{},meninggal,{died},\n", p.nik));
            n += 1;
            if n == FINDINGS {
                break;
            }
        }
    }
    if n < FINDINGS {
        return Err(BenchError::Failed(format!("only {n} active persons for {FINDINGS} findings")));
    }
    let file = args.dir.join("monev-dukcapil.csv");
    crate::formats::atomic::write_whole(&file, csv.as_bytes())?;
    let t = Instant::now();
    let monev = svc.import_monev(&file, &officer)?;
    let monev_t = t.elapsed();
    report.push(Row(
        format!("monev import of {FINDINGS} findings into draft proposals"),
        format!(
            "{:.2} s ({} drafted, {} rejected, {} already open)",
            monev_t.as_secs_f64(),
            monev.drafted.len(),
            monev.rejects.len(),
            monev.already_open.len()
        ),
        "≤ 5 s".into(),
    ));

    // 1,000 of them put to a Muskel and agreed there, then decided by a
    // second person in one batch.
    let muskel = Muskel {
        id: 0,
        kelurahan: households.first().map(|h| h.address.kelurahan.clone()).unwrap_or_default(),
        date: svc.today(),
        place: "Aula Kantor Kelurahan".into(),
        number: "01/BA/BENCH".into(),
        attendees: vec![Attendee {
            name: "Lurah Contoh".into(),
            role: AttendeeRole::Lurah,
            from: String::new(),
            signed: true,
        }],
        items: vec![],
        evidence: vec![],
    };
    let m = svc.save_muskel(muskel, &officer)?.id;
    let ids: Vec<u64> = monev.drafted.iter().copied().take(DECIDED).collect();
    for &id in &ids {
        svc.submit_proposal(id, m, &officer)?;
        svc.agree_proposal(id, &officer)?;
    }
    let lists = svc.deactivation_calendar()?;
    let t = Instant::now();
    let outcomes = svc.decide_batch(&ids, Outcome::Approve, "", &head, &lists.calendar());
    let decide_t = t.elapsed();
    let refused = outcomes.iter().filter(|o| o.result.is_err()).count();
    let effective = outcomes.iter().filter(|o| matches!(o.result, Ok(State::Effective))).count();
    if let Some(Err(e)) = outcomes.iter().map(|o| &o.result).find(|r| r.is_err()) {
        eprintln!("first refusal: {}", e.message(crate::i18n::Lang::En));
    }
    report.push(Row(
        format!("approve {} agreed proposals (effects and audit)", ids.len()),
        format!("{:.2} s ({effective} effective, {refused} refused)", decide_t.as_secs_f64()),
        "≤ 3 s".into(),
    ));

    let mut queue_t = Vec::new();
    let mut lines = 0;
    for _ in 0..5 {
        let t = Instant::now();
        lines = svc.proposal_queue(&officer, None)?.lines.len();
        queue_t.push(t.elapsed());
    }
    report.push(Row(
        format!("queue read ({lines} proposals, every state counted), median of 5"),
        ms(median(queue_t)),
        "screen opens ≤ 100 ms".into(),
    ));
    // The deactivation screen itself: every proposal counted per tab, the
    // rows it shows named.
    let mut open_t = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let cx = crate::tui::screens::Cx::new(&svc, crate::i18n::Lang::Id, &[], &head);
        let q = crate::tui::screens::NonaktifQueue::load(&cx, 0);
        open_t.push(t.elapsed());
        lines = q.counts().iter().sum();
    }
    report.push(Row(
        format!("deactivation queue screen opens ({lines} proposals), median of 5"),
        ms(median(open_t)),
        "≤ 100 ms".into(),
    ));
    drop(svc);
    std::fs::remove_dir_all(&work)?;
    report.print();
    Ok(())
}
