//! The audit chain: every view and change is one linked event; an event
//! edited, removed or put in by hand is found and named; a cut tail is
//! found against a checkpoint; an old log is chained when opened.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDateTime;
use dtks::domain::*;
use dtks::i18n::Lang;
use dtks::service::audit::AuditQuery;
use dtks::service::browse::Filter;
use dtks::service::lookup::NameLookup;
use dtks::service::{Actor, Clock, Origin, Service};
use dtks::store::{AuditDraft, ChainFault};
use dtks::testkit::{self, date, household, person};
use sha2::Digest;
use tempfile::TempDir;

const KEL: &str = "31.75.03.1001";
const KK: &str = "3175030101000001";
const NIK: &str = "3175034101800001";

fn at() -> NaiveDateTime {
    date(2025, 1, 1).and_hms_opt(9, 0, 0).unwrap()
}

fn register() -> Vec<Household> {
    let p = |nik: &str, name: &str| person(nik, name, Relationship::Head, Sex::Female, date(1980, 1, 1));
    vec![
        household(KK, KEL, vec![p(NIK, "Siti Aminah")]),
        household("3175030101000002", KEL, vec![p("3175034101800002", "Siti Rohmah")]),
    ]
}

fn open(db: &Path) -> Service {
    Service::open(db, true, Clock::fixed(date(2025, 1, 1), 10, 42)).unwrap()
}

/// A register with a few changes and users: events 1 (import) and the
/// users' records after it.
fn service() -> (TempDir, Service) {
    let dir = TempDir::new().unwrap();
    let svc = open(&dir.path().join("db"));
    let draft = AuditDraft { at: at(), user: "operator1".into(), action: "import".into(), origin: String::new() };
    testkit::store(&svc).write(&register(), &[], &draft).unwrap();
    let me = testkit::owner();
    for (name, role) in [("sari", "petugas"), ("yuni", "supervisor")] {
        let access = svc.parse_access(name, role, Some(KEL)).unwrap();
        svc.add_user(name, None, &access, &me).unwrap();
    }
    (dir, svc)
}

fn ssh(user: &str) -> Actor {
    Actor::from(user, Origin::Ssh { addr: Some("10.0.0.7:50022".into()) })
}

fn faults(svc: &Service) -> Vec<ChainFault> {
    svc.audit_verify(&testkit::owner(), None).unwrap().faults
}

#[test]
fn views_and_changes_make_one_chain_and_a_reveal_names_the_supervisor_and_where_they_were() {
    let (dir, svc) = service();
    let mark = svc.write_mark().unwrap();
    let yuni = ssh("yuni");
    let before = testkit::store(&svc).next_audit_seq().unwrap();
    svc.lookup(&yuni, NIK, &NameLookup::default(), Lang::Id).unwrap();
    svc.lookup(&yuni, "siti", &NameLookup::default(), Lang::Id).unwrap();
    svc.household_detail(&yuni, KK).unwrap().unwrap();
    svc.search(&yuni, &Filter { query: "rohmah".into(), ..Filter::default() }, 20).unwrap();
    svc.reveal(&yuni, KK, NIK).unwrap();
    svc.export(&testkit::owner(), &dir.path().join("out"), false).unwrap();
    let events = testkit::store(&svc).audit_log(before, 100).unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions.iter().map(|a| a.split(' ').next().unwrap()).collect::<Vec<_>>(),
        ["view.lookup", "view.lookup", "view.detail", "view.search", "view.reveal", "export.register"],
        "{actions:?}"
    );
    // A search of the list names the households on the page and the person it matched.
    assert!(events[3].subjects.contains(&"3175034101800002".to_string()), "{:?}", events[3].subjects);
    // Views move neither the dashboard's change mark nor the write generation's meaning.
    assert_eq!(svc.write_mark().unwrap(), mark);

    let seen = svc.audit_events(&testkit::owner(), &AuditQuery::Nik(NIK.into())).unwrap();
    let reveal = seen.iter().find(|e| e.action == "view.reveal").expect("the reveal is found by the NIK");
    assert_eq!((reveal.user.as_str(), reveal.origin.as_str()), ("yuni", "ssh:10.0.0.7:50022"));
    let shown = dtks::i18n::audit::show(Lang::Id, &seen);
    assert!(shown.contains("yuni  SSH dari 10.0.0.7:50022  membuka NIK dan No. KK utuh"), "{shown}");
    // The import that made the household, and the detail view, are there too.
    assert!(seen.iter().any(|e| e.action == "import") && seen.iter().any(|e| e.action == "view.detail"));
    assert!(faults(&svc).is_empty(), "{:?}", faults(&svc));
}

#[test]
fn a_list_of_persons_shown_is_a_view_of_each_and_an_empty_one_is_none() {
    let (_d, svc) = service();
    let yuni = ssh("yuni");
    let before = testkit::store(&svc).next_audit_seq().unwrap();
    // Nobody is in two households yet: no list of anyone was shown.
    assert!(svc.duplicates(&yuni).unwrap().is_empty());
    assert_eq!(testkit::store(&svc).next_audit_seq().unwrap(), before);
    let twice = household(
        "3175030101000003",
        KEL,
        vec![person(NIK, "Siti Aminah", Relationship::Head, Sex::Female, date(1980, 1, 1))],
    );
    let draft = AuditDraft { at: at(), user: "operator1".into(), action: "import".into(), origin: String::new() };
    testkit::store(&svc).write(&[twice], &[], &draft).unwrap();
    assert_eq!(svc.duplicates(&yuni).unwrap().len(), 1);
    let seen = svc.audit_events(&testkit::owner(), &AuditQuery::Nik(NIK.into())).unwrap();
    let list = seen.iter().find(|e| e.action == "view.list duplicates").expect("the list is found by the NIK");
    assert!(list.subjects.contains(&KK.to_string()) && list.subjects.contains(&"3175030101000003".to_string()));
    assert_eq!(list.user, "yuni");
    let shown = dtks::i18n::audit::show(Lang::Id, &seen);
    assert!(shown.contains("melihat daftar NIK ganda"), "{shown}");
    assert!(faults(&svc).is_empty());
}

#[test]
fn a_refused_call_is_recorded_and_reading_the_audit_needs_a_supervisor() {
    let (_d, svc) = service();
    let sari = ssh("sari");
    assert!(svc.reveal(&sari, KK, NIK).is_err());
    assert!(svc.audit_events(&sari, &AuditQuery::User("yuni".into())).is_err());
    let hers = svc.audit_events(&ssh("yuni"), &AuditQuery::User("sari".into())).unwrap();
    let denials: Vec<&str> = hers.iter().map(|e| e.action.as_str()).filter(|a| a.starts_with("denied")).collect();
    assert_eq!(denials, ["denied reveal", "denied audit"]);
    let text = dtks::i18n::audit::show(Lang::En, &hers);
    assert!(text.contains("refused: may not reveal whole NIKs and KK numbers"), "{text}");
    assert!(faults(&svc).is_empty());
}

/// The database's raw tree, as someone with the files could change it.
fn raw(db: &Path) -> sled::Db {
    // The closed register's flusher may hold the lock a moment longer.
    for _ in 0..50 {
        if let Ok(t) = sled::open(db) {
            return t;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    sled::open(db).unwrap()
}

fn event_key(seq: u64) -> Vec<u8> {
    let mut k = vec![b'A'];
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

fn meta_key(name: &str) -> Vec<u8> {
    [b"M".as_slice(), name.as_bytes()].concat()
}

/// A stored value as the store writes it: its format byte, then bincode.
fn stored<T: serde::Serialize>(v: &T) -> Vec<u8> {
    [vec![2], bincode::serde::encode_to_vec(v, bincode::config::standard()).unwrap()].concat()
}

fn dtks(db: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args)
        .env_remove("DTKS_USER")
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn audit_verify_passes_then_names_an_event_edited_by_hand() {
    let (dir, svc) = service();
    let db = dir.path().join("db");
    svc.lookup(&ssh("yuni"), NIK, &NameLookup::default(), Lang::Id).unwrap();
    let last = testkit::store(&svc).next_audit_seq().unwrap() - 1;
    drop(svc);
    let (code, out) = dtks(&db, &["audit", "verify"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("audit log whole: {last} events")), "{out}");
    // `--user` names whose events, not who asks: the owner of the files asks.
    let (code, out) = dtks(&db, &["audit", "show", "--user", "yuni"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("yuni  SSH from 10.0.0.7:50022  looked up «{NIK}»")), "{out}");
    assert!(out.contains("1 events"), "{out}");

    // "operator1" becomes "operator2" in event 1: same length, still readable.
    let t = raw(&db);
    let mut v = t.get(event_key(1)).unwrap().unwrap().to_vec();
    let at = v.windows(9).position(|w| w == b"operator1").unwrap();
    v[at + 8] = b'2';
    t.insert(event_key(1), v).unwrap();
    t.flush().unwrap();
    drop(t);
    let (code, out) = dtks(&db, &["audit", "verify"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("between events 1 and 2: event 1 was edited"), "{out}");
    assert!(out.contains("audit log NOT whole: 1 problems"), "{out}");
}

#[test]
fn a_removed_event_is_named_and_a_cut_tail_is_found_against_a_checkpoint() {
    let (dir, svc) = service();
    let db = dir.path().join("db");
    for q in ["siti", "rohmah", NIK] {
        svc.lookup(&ssh("yuni"), q, &NameLookup::default(), Lang::Id).unwrap();
    }
    let checkpoint = svc.audit_checkpoint(&testkit::owner()).unwrap();
    let last = checkpoint.seq;
    let keep = last - 2;
    drop(svc);

    let t = raw(&db);
    let keep_hash: [u8; 32] = sha2::Sha256::digest(t.get(event_key(keep)).unwrap().unwrap()).into();
    let second = t.remove(event_key(2)).unwrap().unwrap();
    t.flush().unwrap();
    drop(t);
    let svc = open(&db);
    assert_eq!(faults(&svc), vec![ChainFault::Missing { from: 2, to: 2 }]);
    drop(svc);

    // The tail cut off, and the recorded end moved with it: the chain alone
    // looks whole; the checkpoint kept elsewhere says what is gone.
    let t = raw(&db);
    t.insert(event_key(2), second).unwrap();
    for seq in keep + 1..=last {
        t.remove(event_key(seq)).unwrap();
    }
    t.insert(meta_key("chain_head"), stored(&(keep, keep_hash))).unwrap();
    t.insert(meta_key("next_seq"), stored(&(keep + 1))).unwrap();
    t.flush().unwrap();
    drop(t);
    let svc = open(&db);
    assert!(faults(&svc).is_empty(), "{:?}", faults(&svc));
    let against = svc.audit_verify(&testkit::owner(), Some(&checkpoint)).unwrap();
    assert!(against.faults.contains(&ChainFault::Truncated { seq: last, last: keep }), "{:?}", against.faults);
}

#[test]
fn an_event_put_in_at_the_end_and_a_checkpoint_of_another_database_are_refused() {
    let (dir, svc) = service();
    let db = dir.path().join("db");
    let last = testkit::store(&svc).next_audit_seq().unwrap() - 1;
    let (_other_dir, other) = service();
    let foreign = other.audit_checkpoint(&testkit::owner()).unwrap();
    let report = svc.audit_verify(&testkit::owner(), Some(&foreign)).unwrap();
    assert!(matches!(&report.faults[..], [ChainFault::OtherDatabase { .. }]), "{:?}", report.faults);
    drop(svc);

    let t = raw(&db);
    let copy = t.get(event_key(1)).unwrap().unwrap();
    t.insert(event_key(last + 1), copy).unwrap();
    t.flush().unwrap();
    drop(t);
    let (code, out) = dtks(&db, &["audit", "verify"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("the event at place {} calls itself number 1", last + 1)), "{out}");
    assert!(
        out.contains(&format!("the chain's recorded end is event {last}, but the log ends at {}", last + 1)),
        "{out}"
    );

    // A file that is not a checkpoint gets one line saying what it should be.
    std::fs::write(dir.path().join("cp.json"), "{}").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dtks"))
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "audit", "verify", "--checkpoint"])
        .arg(dir.path().join("cp.json"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not an audit checkpoint file") && err.contains("dtks audit checkpoint --out"), "{err}");
}

/// An event as formats 1 and 2 stored it, before the chain.
#[derive(serde::Serialize)]
struct OldEvent {
    seq: u64,
    at: NaiveDateTime,
    user: String,
    action: String,
    targets: Vec<()>,
}

/// Turns the register at `db` into one of schema 2 whose log holds events
/// 1 to `n` of the old shape, by `user(seq)`, and nothing of the chain.
fn as_before_the_chain(db: &Path, n: u64, user: impl Fn(u64) -> String) {
    let t = raw(db);
    let mut b = sled::Batch::default();
    for seq in 1..=n {
        let old = OldEvent { seq, at: at(), user: user(seq), action: "edit".into(), targets: Vec::new() };
        b.insert(event_key(seq), stored(&old));
    }
    b.insert(meta_key("next_seq"), stored(&(n + 1)));
    b.insert(meta_key("schema"), stored(&2u32));
    for name in ["chain_head", "last_change", "database_id"] {
        b.remove(meta_key(name));
    }
    for r in t.scan_prefix(b"h") {
        b.remove(r.unwrap().0);
    }
    t.apply_batch(b).unwrap();
    t.flush().unwrap();
}

#[test]
fn a_log_saved_before_the_chain_is_chained_when_the_register_is_opened() {
    let (dir, svc) = service();
    let db = dir.path().join("db");
    let last = testkit::store(&svc).next_audit_seq().unwrap() - 1;
    drop(svc);
    as_before_the_chain(&db, last, |seq| format!("lama{seq}"));

    let svc = open(&db);
    assert!(faults(&svc).is_empty(), "{:?}", faults(&svc));
    let of_user = svc.audit_events(&testkit::owner(), &AuditQuery::User("lama1".into())).unwrap();
    assert_eq!(of_user.len(), 1);
    assert_eq!(of_user[0].origin, "", "an old event has no origin recorded");
    assert!(dtks::i18n::audit::show(Lang::En, &of_user).contains("origin not recorded"));
    assert!(!testkit::store(&svc).database_id().unwrap().is_empty());
    assert!(svc.check().unwrap().is_clean());
}

#[test]
fn a_kill_while_an_old_log_is_being_chained_leaves_a_log_that_chains_whole_at_the_next_open() {
    let (dir, svc) = service();
    let db = dir.path().join("db");
    drop(svc);
    // Twenty thousand events saved before the chain: ten batches to link.
    let n = 20_000u64;
    as_before_the_chain(&db, n, |_| "lama".into());

    // Killed at growing moments of the open that chains it.
    for wait_ms in [30u64, 80, 150] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dtks"))
            .arg("--db")
            .arg(&db)
            .args(["audit", "verify"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        let _ = child.kill();
        let _ = child.wait();
    }
    let (code, out) = dtks(&db, &["audit", "verify"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("audit log whole: {} events", n)), "{out}");
    let (code, _) = dtks(&db, &["check"]);
    assert_eq!(code, 0);
}

#[test]
fn the_same_persons_shown_again_by_the_same_session_are_one_view_a_reveal_is_always_recorded() {
    let (_d, svc) = service();
    let yuni = ssh("yuni");
    let elsewhere = Actor::from("yuni", Origin::Ssh { addr: Some("10.0.0.8:40000".into()) });
    let views = || svc.audit_events(&testkit::owner(), &AuditQuery::User("yuni".into())).unwrap();
    let f = |q: &str| Filter { query: q.into(), ..Filter::default() };
    // A redraw, and a query typed on that finds the same households.
    svc.search(&yuni, &f("siti"), 20).unwrap();
    svc.search(&yuni, &f("siti"), 20).unwrap();
    svc.search(&yuni, &f("sit"), 20).unwrap();
    assert_eq!(views().len(), 1);
    // Other persons, or the same ones from another connection, are new views.
    svc.search(&yuni, &f("rohmah"), 20).unwrap();
    svc.search(&elsewhere, &f("rohmah"), 20).unwrap();
    assert_eq!(views().len(), 3);
    svc.reveal(&yuni, KK, NIK).unwrap();
    svc.reveal(&yuni, KK, NIK).unwrap();
    assert_eq!(views().iter().filter(|e| e.action == "view.reveal").count(), 2);
}

#[test]
fn views_and_writes_from_many_threads_at_once_make_one_whole_chain() {
    let (_d, svc) = service();
    let svc = std::sync::Arc::new(svc);
    let before = testkit::store(&svc).next_audit_seq().unwrap();
    let mut threads = Vec::new();
    for t in 0..4u16 {
        let svc = svc.clone();
        threads.push(std::thread::spawn(move || {
            // Each view from its own connection, so that none repeats the last.
            for i in 0..100u16 {
                let actor = Actor::from("yuni", Origin::Ssh { addr: Some(format!("10.0.{t}.{i}:5000")) });
                svc.household_detail(&actor, KK).unwrap().unwrap();
            }
        }));
    }
    let writer = {
        let svc = svc.clone();
        std::thread::spawn(move || {
            for i in 0..50 {
                let mut puts = dtks::store::RecordPuts::new();
                puts.put(b'Z', &format!("{i}"), &i).unwrap();
                let draft = AuditDraft { at: at(), user: "op".into(), action: "edit".into(), origin: "local".into() };
                testkit::store(&svc).write_records(puts, &draft).unwrap();
            }
        })
    };
    for t in threads {
        t.join().unwrap();
    }
    writer.join().unwrap();
    assert_eq!(testkit::store(&svc).next_audit_seq().unwrap(), before + 400 + 50);
    assert!(faults(&svc).is_empty(), "{:?}", faults(&svc));
}
