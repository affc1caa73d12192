//! `dtks import` killed part way (SIGKILL). Into a register without
//! households the import is written whole at the end (`store::bulk`), so a
//! kill at any moment leaves the register as it was or, once the last
//! write is done, the whole import; into a register with households each
//! reported batch is kept. `dtks check` passes after every kill.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use dtks::service::Service;
use dtks::testkit;

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW, clock};

fn dtks(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .env("DTKS_NOW", NOW)
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run dtks")
}

fn sample(out: &Path, households: &str, seed: &str) {
    let out = Command::new(BIN)
        .env("DTKS_NOW", NOW)
        .args(["sample", "--households", households, "--seed", seed, "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
}

fn spawn_import(db: &Path, data: &Path) -> Child {
    Command::new(BIN)
        .env("DTKS_NOW", NOW)
        .arg("--db")
        .arg(db)
        .args(["--lang", "en", "import", data.to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The No. KKs of a persons.csv, in file order, each once.
fn kks(persons: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(persons).unwrap();
    let mut kks: Vec<String> = r.records().map(|rec| rec.unwrap()[1].to_string()).collect();
    kks.dedup();
    kks
}

fn households(db: &Path) -> u64 {
    let svc = Service::open(db, false, clock()).unwrap();
    testkit::store(&svc).household_count().unwrap()
}

fn check_passes(db: &Path) {
    let out = dtks(db, &["--lang", "en", "check"]);
    assert!(out.status.success(), "check after kill: {}", String::from_utf8_lossy(&out.stdout));
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Moment {
    /// At least this many households read.
    Read(u64),
    /// Entries being written.
    Saving,
}

impl Moment {
    fn is(self, line: &str) -> bool {
        match self {
            Moment::Read(n) => line
                .strip_prefix("read: ")
                .and_then(|rest| rest.split(' ').next())
                .and_then(|h| h.parse::<u64>().ok())
                .is_some_and(|h| h >= n),
            Moment::Saving => line.starts_with("saving: "),
        }
    }
}

#[test]
fn killed_import_into_an_empty_register_leaves_it_as_it_was_or_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    sample(&data, "12000", "3");
    let all = kks(&data.join("persons.csv"));
    let db = tmp.path().join("db");
    // A register that has what an office keeps before its first import.
    let wilayah = tmp.path().join("wilayah.csv");
    std::fs::write(&wilayah, "code,name\n31.71.01.9999,KELURAHAN UJI\n").unwrap();
    assert!(dtks(&db, &["import", wilayah.to_str().unwrap()]).status.success());

    // While the rows are read, early and late, and while the entries are
    // written in key order.
    for moment in [Moment::Read(2500), Moment::Read(9000), Moment::Saving] {
        let mut child = spawn_import(&db, &data);
        let stderr = child.stderr.take().unwrap();
        let mut seen = false;
        for line in BufReader::new(stderr).lines() {
            if moment.is(&line.unwrap()) {
                child.kill().unwrap(); // SIGKILL
                seen = true;
                break;
            }
        }
        child.wait().unwrap();
        assert!(seen, "no line starting {moment:?}");
        check_passes(&db);
        let n = households(&db);
        if moment != Moment::Saving {
            assert_eq!(n, 0, "killed at {moment:?}: nothing is written before the end");
        } else {
            assert!(n == 0 || n == all.len() as u64, "killed at {moment:?}: {n} households, neither none nor all");
        }
        assert!(!db.join("bulk-load").exists(), "the runs of the killed import are gone");
        if n > 0 {
            break;
        }
    }
    let svc = Service::open(&db, false, clock()).unwrap();
    assert_eq!(svc.wilayah().name("31.71.01.9999"), Some("KELURAHAN UJI"), "what was there before is kept");
    drop(svc);

    let out = dtks(&db, &["import", data.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    check_passes(&db);
    assert_eq!(households(&db), all.len() as u64);
}

#[test]
fn killed_import_into_a_register_with_households_keeps_every_reported_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let (first, data) = (tmp.path().join("first"), tmp.path().join("data"));
    sample(&first, "200", "9");
    sample(&data, "12000", "3");
    let before = kks(&first.join("persons.csv"));
    let kks = kks(&data.join("persons.csv"));
    assert!(before.iter().all(|k| !kks.contains(k)), "the two samples share a No. KK");
    let db = tmp.path().join("db");
    assert!(
        dtks(
            &db,
            &["import", first.join("households.csv").to_str().unwrap(), first.join("persons.csv").to_str().unwrap()]
        )
        .status
        .success()
    );

    let mut child = spawn_import(&db, &data);
    let stderr = child.stderr.take().unwrap();
    let mut reported = 0usize;
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        assert!(!line.starts_with("read: "), "a register with households is written batch by batch");
        if let Some(rest) = line.strip_prefix("committed: ") {
            reported = rest.split(' ').next().unwrap().parse().unwrap();
            if reported >= 2500 {
                child.kill().unwrap(); // SIGKILL
                break;
            }
        }
    }
    child.wait().unwrap();
    assert!((2500..12000).contains(&reported), "killed part way: {reported}");
    check_passes(&db);
    let svc = Service::open(&db, false, clock()).unwrap();
    let store = testkit::store(&svc);
    for kk in &kks[..reported] {
        assert!(store.household(kk).unwrap().is_some(), "reported {kk} missing");
    }
    let stored = store.household_count().unwrap() as usize - before.len();
    assert!(stored >= reported, "{stored} < {reported}");
    // A batch is whole or absent: the stored households are a prefix of the input.
    for kk in &kks[stored..] {
        assert!(store.household(kk).unwrap().is_none(), "{kk} beyond the stored prefix");
    }
}
