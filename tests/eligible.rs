//! The eligible-not-enrolled queue (*layak belum terdaftar*): the service
//! on hand-made households, proposing from it, and `dtks layak list`.

use std::path::Path;
use std::process::Command;

use dtks::domain::codes::*;
use dtks::domain::eligibility::Rule;
use dtks::domain::model::{Enrolment, Household};
use dtks::domain::usulan::{ProposedPerson, Target, Usulan, UsulanKind, UsulanVerification};
use dtks::service::eligible::{EligibleQuery, Proposed};
use dtks::service::{Actor, Clock, Service};
use dtks::store::AuditDraft;
use dtks::testkit::{date, enrolment, household, person, status_entry};

const KEL: &str = "31.71.01.1001";
const OTHER_KEL: &str = "31.71.01.1002";
const BIN: &str = env!("CARGO_BIN_EXE_dtks");

fn nik(i: u32) -> String {
    format!("31710101{i:08}")
}

fn kk(i: u32) -> String {
    format!("31710120{i:08}")
}

/// A one-person household of an active elder (76 on 1 Nov 2026).
fn elder(i: u32, kel: &str) -> Household {
    let mut p = person(&nik(i), &format!("Warga {i}"), Relationship::Head, Sex::Female, date(1950, 5, 5));
    p.history.push(status_entry(DtksStatus::Active, date(2020, 1, 1)));
    // Every programme but KLJ is held, so only KLJ can be missing.
    for prog in [Programme::Pkh, Programme::Bpnt, Programme::JknPbi] {
        p.enrolments.push(enrolment(prog, EnrolmentStatus::Active, date(2020, 1, 1)));
    }
    let mut h = household(&kk(i), kel, vec![p]);
    h.history.push(status_entry(DtksStatus::Active, date(2020, 1, 1)));
    h
}

fn officer() -> Actor {
    Actor::new("petugas1")
}

fn open(db: &Path) -> Service {
    Service::open(db, true, Clock::fixed(date(2026, 11, 1), 9, 0)).unwrap()
}

/// 1 eligible and not enrolled; 2 enrolled in KLJ; 3 eligible with an open
/// usulan for KLJ; 4 whose KLJ enrolment was stopped; 5 not active in DTKS;
/// 6 eligible in another kelurahan; 7 with an usulan verified not eligible.
fn setup(db: &Path) -> Service {
    let svc = open(db);
    let mut hs: Vec<Household> = (1..=5).map(|i| elder(i, KEL)).collect();
    hs[1].members[0].enrolments.push(enrolment(Programme::Klj, EnrolmentStatus::Active, date(2020, 1, 1)));
    hs[3].members[0].enrolments.push(Enrolment {
        programme: Programme::Klj,
        status: EnrolmentStatus::Stopped,
        since: date(2020, 1, 1),
        until: Some(date(2024, 6, 30)),
        source: None,
    });
    hs[4].members[0].history.push(status_entry(DtksStatus::Inactive, date(2025, 1, 1)));
    hs.push(elder(6, OTHER_KEL));
    hs.push(elder(7, KEL));
    let draft = AuditDraft { at: svc.now(), user: "import".into(), action: "import".into(), origin: String::new() };
    dtks::testkit::store(&svc).write(&hs, &[], &draft).unwrap();
    for (h, verdict) in [(&hs[2], None), (&hs[6], Some(false))] {
        let id = svc.add_usulan(klj_usulan(h), &officer()).unwrap();
        if let Some(layak) = verdict {
            svc.verify_usulan(id, layak, "", &officer()).unwrap();
        }
    }
    svc
}

fn klj_usulan(h: &Household) -> Usulan {
    let p = &h.members[0];
    Usulan {
        id: 0,
        kind: UsulanKind::Assistance,
        source: Source::Regional,
        target: Target::Person { nik: p.nik.clone() },
        no_kk: h.no_kk.clone(),
        address: h.address.clone(),
        persons: vec![ProposedPerson::of(p)],
        programmes: vec![Programme::Klj],
        entered_by: String::new(),
        entered_at: date(2026, 10, 1).and_hms_opt(9, 0, 0).unwrap(),
        submitted: date(2026, 10, 1),
        verification: None::<UsulanVerification>,
    }
}

fn klj_niks(svc: &Service, q: &EligibleQuery) -> Vec<(String, Option<u64>)> {
    let r = svc.eligible(q).unwrap();
    r.persons_of(Programme::Klj).map(|p| (p.nik.clone(), p.usulan)).collect()
}

#[test]
fn eligible_not_enrolled_are_listed_and_the_enrolled_and_inactive_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let svc = setup(&dir.path().join("db"));
    let r = svc.eligible(&EligibleQuery::default()).unwrap();
    let klj: Vec<&str> = r.persons_of(Programme::Klj).map(|p| p.nik.as_str()).collect();
    assert_eq!(klj, [nik(1), nik(3), nik(4), nik(6), nik(7)].iter().map(String::as_str).collect::<Vec<_>>());
    let one = r.persons_of(Programme::Klj).next().unwrap();
    assert_eq!((one.no_kk.as_str(), one.age, one.rule), (kk(1).as_str(), 76, Rule::Age60Plus));
    assert_eq!(one.kelurahan, KEL);
    assert!(!one.kelurahan_name.is_empty() && one.kelurahan_name != KEL, "{}", one.kelurahan_name);
    // True totals per programme and kelurahan; nobody else misses anything.
    assert_eq!(r.total(Programme::Klj), 5);
    assert_eq!(Programme::ALL.iter().map(|&p| r.total(p)).sum::<u64>(), 5);
    assert_eq!((r.persons_in(""), r.persons_in(KEL), r.persons_in(OTHER_KEL)), (5, 4, 1));
}

#[test]
fn an_open_usulan_flags_the_person_and_a_rejected_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let svc = setup(&dir.path().join("db"));
    let niks = klj_niks(&svc, &EligibleQuery::default());
    let flag = |n: u32| niks.iter().find(|(k, _)| *k == nik(n)).unwrap().1;
    assert!(flag(3).is_some());
    assert_eq!(flag(1), None);
    assert_eq!(flag(7), None, "verified not eligible: no longer open");
    let r = svc.eligible(&EligibleQuery::default()).unwrap();
    let proposed: u64 = r.counts.iter().filter(|c| c.programme == Programme::Klj).map(|c| c.proposed).sum();
    assert_eq!(proposed, 1);
}

#[test]
fn a_kelurahan_pass_agrees_with_the_whole_pass_and_the_limit_keeps_the_totals() {
    let dir = tempfile::tempdir().unwrap();
    let svc = setup(&dir.path().join("db"));
    let whole = klj_niks(&svc, &EligibleQuery::default());
    let local = klj_niks(&svc, &EligibleQuery { regions: vec![KEL.into()], ..EligibleQuery::default() });
    let in_kel: Vec<_> = whole.into_iter().filter(|(n, _)| *n != nik(6)).collect();
    assert_eq!(local, in_kel);
    let limited = svc.eligible(&EligibleQuery { limit: Some(2), ..EligibleQuery::default() }).unwrap();
    assert_eq!(limited.persons_of(Programme::Klj).count(), 2);
    assert_eq!(limited.total(Programme::Klj), 5);
    let kaj = svc.eligible(&EligibleQuery { programme: Some(Programme::Kaj), ..EligibleQuery::default() }).unwrap();
    assert!(kaj.persons.is_empty());
    assert_eq!(kaj.total(Programme::Klj), 5, "counts cover every programme");
}

#[test]
fn proposing_records_one_usulan_and_never_twice() {
    let dir = tempfile::tempdir().unwrap();
    let svc = setup(&dir.path().join("db"));
    let before = svc.usulan_list(&Default::default()).unwrap().len();
    let got = svc.propose_eligible(&kk(1), &nik(1), Programme::Klj, &officer()).unwrap();
    let Proposed::Recorded(id) = got else { panic!("{got:?}") };
    let u = svc.usulan(id).unwrap().unwrap();
    assert_eq!(
        (u.kind, u.source, u.programmes.as_slice()),
        (UsulanKind::Assistance, Source::Regional, &[Programme::Klj][..])
    );
    assert_eq!(u.target, Target::Person { nik: nik(1) });
    assert_eq!((u.entered_by.as_str(), u.submitted), ("petugas1", date(2026, 11, 1)));
    assert_eq!(svc.propose_eligible(&kk(1), &nik(1), Programme::Klj, &officer()).unwrap(), Proposed::AlreadyOpen(id));
    assert_eq!(svc.usulan_list(&Default::default()).unwrap().len(), before + 1);
    // The queue now flags the person.
    let niks = klj_niks(&svc, &EligibleQuery::default());
    assert_eq!(niks.iter().find(|(n, _)| *n == nik(1)).unwrap().1, Some(id));
    // Enrolled, inactive or unknown: nothing written.
    for (k, n) in [(kk(2), nik(2)), (kk(5), nik(5)), (kk(1), nik(99))] {
        assert_eq!(svc.propose_eligible(&k, &n, Programme::Klj, &officer()).unwrap(), Proposed::NotInQueue);
    }
    assert_eq!(svc.usulan_list(&Default::default()).unwrap().len(), before + 1);
}

fn dtks(db: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(BIN).arg("--db").arg(db).args(args).env("DTKS_NOW", "2026-11-01 09:00").output().unwrap();
    let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (s(&out.stdout), s(&out.stderr), out.status.code().unwrap_or(-1))
}

#[test]
fn cli_lists_the_queue_with_true_totals() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    drop(setup(&db));
    let (out, err, code) = dtks(&db, &["layak", "list", "--program", "klj"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("KLJ: 5 orang layak belum terdaftar (1 sudah diusulkan)\n"), "{out}");
    for i in [1, 3, 4, 6, 7] {
        assert!(out.contains(&nik(i)), "{i}: {out}");
    }
    assert!(!out.contains(&nik(2)) && !out.contains(&nik(5)), "{out}");
    assert!(out.contains("Lansia 60+") && out.contains("76 thn"), "{out}");

    let (out, _, code) =
        dtks(&db, &["--lang", "en", "layak", "list", "--program", "KLJ", "--kelurahan", KEL, "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let klj = &v["programmes"][0];
    assert_eq!((klj["programme"].as_str(), klj["total"].as_u64()), (Some("KLJ"), Some(4)));
    assert_eq!(klj["persons"].as_array().unwrap().len(), 4);
    assert_eq!(klj["persons"][0]["reason"], "age_60_plus");
    assert!(klj["persons"].as_array().unwrap().iter().any(|p| p["usulan"].is_u64()));

    let (out, _, code) = dtks(&db, &["layak", "list"]);
    assert_eq!(code, 0);
    assert!(out.contains("KAJ: 0 orang") && out.contains("Jumlah: 5 orang"), "{out}");
    let (_, _, code) = dtks(&db, &["layak", "list", "--program", "KAJ"]);
    assert_eq!(code, 1, "an empty queue exits 1");
    let (_, err, code) = dtks(&db, &["layak", "list", "--program", "KLX"]);
    assert_eq!(code, 2);
    assert!(err.contains("'KLX'") && err.contains("KLJ"), "{err}");
}
