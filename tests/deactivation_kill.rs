//! A batch of approvals killed part way: each decision is whole (the
//! proposal in effect, its household changed, its audit event written) or
//! absent (the draft untouched), and `dtks check` is clean after. The batch
//! runs in a child process: this test binary itself, running the ignored
//! test `batch_child`, which the parent kills with SIGKILL.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use dtks::domain::deactivation::{
    DeletionGround, Direction, DocumentKind, Evidence, Ground, Origin, Outcome, Scope, State,
};
use dtks::domain::tahap::period::ScheduleEntry;
use dtks::domain::tahap::{PeriodKind, PeriodSchedule, YearMonth};
use dtks::domain::*;
use dtks::service::deactivation::{NewProposal, Target};
use dtks::service::{Actor, Service};
use dtks::store::AuditDraft;
use dtks::testkit::{self, date};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW, clock};

const N: u32 = 300;
const CHILD_DB: &str = "DTKS_BATCH_CHILD_DB";

fn nik(i: u32) -> String {
    format!("31710641015{i:05}")
}

fn kk(i: u32) -> String {
    format!("31710612030{i:05}")
}

/// `N` households of one KLJ recipient each, every one with a draft
/// deactivation on a death certificate (decidable before the Muskel).
fn database(db: &Path) -> Vec<u64> {
    let svc = Service::open(db, true, clock()).unwrap();
    let hs: Vec<Household> = (1..=N)
        .map(|i| {
            let mut p =
                testkit::person(&nik(i), &format!("Warga {i}"), Relationship::Head, Sex::Female, date(1950, 1, 1));
            p.history = vec![testkit::status_entry(DtksStatus::Active, date(2022, 2, 1))];
            p.enrolments = vec![testkit::enrolment(Programme::Klj, EnrolmentStatus::Active, date(2023, 1, 1))];
            let mut h = testkit::household(&kk(i), "31.71.06.1003", vec![p]);
            h.history = vec![testkit::status_entry(DtksStatus::Active, date(2022, 2, 1))];
            h
        })
        .collect();
    let at = date(2026, 1, 2).and_hms_opt(9, 0, 0).unwrap();
    testkit::store(&svc)
        .write(&hs, &[], &AuditDraft { at, user: "import".into(), action: "import".into(), origin: String::new() })
        .unwrap();
    let quarterly = PeriodSchedule::new(vec![ScheduleEntry {
        from: YearMonth::new(2026, 1).unwrap(),
        kind: PeriodKind::Quarterly,
    }])
    .unwrap();
    svc.set_schedule(Programme::Klj, &quarterly, &Actor::new("kabid")).unwrap();
    let certificate = Evidence {
        kind: DocumentKind::DeathCertificate,
        number: "3171-KM-01112026-0001".into(),
        date: Some(date(2026, 11, 1)),
        files: vec![],
        reference: None,
        asset: None,
        note: String::new(),
    };
    (1..=N)
        .map(|i| {
            let new = NewProposal {
                target: Target::Nik(nik(i)),
                direction: Direction::Deactivate(Ground::Deletion(DeletionGround::Deceased)),
                evidence: vec![certificate.clone()],
                scope: Scope::All,
                origin: Origin::Monev,
            };
            svc.propose(new, &Actor::new("petugas")).unwrap().id
        })
        .collect()
}

/// The child: approves every draft in one batch, saying after each one.
#[test]
#[ignore = "run by a_killed_batch_leaves_each_decision_whole_or_absent"]
fn batch_child() {
    let db = std::env::var(CHILD_DB).unwrap();
    let svc = Service::open(Path::new(&db), false, clock()).unwrap();
    let ids: Vec<u64> =
        svc.proposal_queue(&dtks::testkit::owner(), Some(State::Draft)).unwrap().lines.iter().map(|l| l.id).collect();
    let lists = svc.deactivation_calendar().unwrap();
    let mut done = 0;
    svc.decide_batch_with(
        &ids,
        Outcome::Approve,
        "akta diperiksa",
        &Actor::new("kabid"),
        &lists.calendar(),
        &mut |o| {
            assert!(o.result.is_ok(), "{o:?}");
            done += 1;
            eprintln!("decided: {done}");
        },
    );
}

#[test]
fn a_killed_batch_leaves_each_decision_whole_or_absent() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let ids = database(&db);
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["batch_child", "--exact", "--ignored", "--nocapture", "--test-threads", "1"])
        .env(CHILD_DB, &db)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Killed once a few decisions are written, in the middle of the batch.
    let mut reported = 0u32;
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        if let Some(n) = line.unwrap().strip_prefix("decided: ") {
            reported = n.parse().unwrap();
            if reported >= 5 {
                break;
            }
        }
    }
    let _ = child.kill(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(reported, 5, "the child said nothing or failed");
    let o = Command::new(BIN).env("DTKS_NOW", NOW).arg("--db").arg(&db).arg("check").output().unwrap();
    assert!(o.status.success(), "check after kill: {}", String::from_utf8_lossy(&o.stdout));
    let svc = Service::open(&db, false, clock()).unwrap();
    let mut effective = 0;
    for (i, &id) in (1..=N).zip(&ids) {
        let p = svc.proposal(id).unwrap().unwrap();
        let h = svc.household(&kk(i)).unwrap().unwrap();
        let person = h.member(&nik(i)).unwrap();
        let approvals = testkit::store(&svc)
            .audit_for(&kk(i))
            .unwrap()
            .iter()
            .filter(|e| e.action.starts_with("nonaktif.approve"))
            .count();
        match p.state {
            State::Effective => {
                effective += 1;
                assert_eq!(p.decision.as_ref().unwrap().by, "kabid");
                assert_eq!(person.status(), DtksStatus::Inactive, "{i}");
                assert_eq!(person.history.last().unwrap().note, format!("penonaktifan:{id}"));
                assert_eq!(person.enrolments[0].status, EnrolmentStatus::Stopped);
                assert_eq!(approvals, 1, "{i}");
            }
            State::Draft => {
                assert!(p.decision.is_none() && p.changes.is_empty(), "{i}: {p:?}");
                assert_eq!(person.status(), DtksStatus::Active, "{i}");
                assert_eq!(person.enrolments[0].status, EnrolmentStatus::Active);
                assert_eq!(approvals, 0, "{i}");
            }
            other => panic!("{i}: {other:?}"),
        }
    }
    // Decided in order: the written ones are a prefix of the batch.
    assert!((5..N).contains(&effective), "killed part way: {effective} of {N}");
    for &id in &ids[..effective as usize] {
        assert_eq!(svc.proposal(id).unwrap().unwrap().state, State::Effective);
    }
    // The rest can still be decided after the kill.
    drop(svc);
    let svc = Service::open(&db, false, clock()).unwrap();
    let lists = svc.deactivation_calendar().unwrap();
    let rest = &ids[effective as usize..];
    let out = svc.decide_batch(rest, Outcome::Approve, "", &Actor::new("kabid"), &lists.calendar());
    assert!(out.iter().all(|o| matches!(o.result, Ok(State::Effective))));
}
