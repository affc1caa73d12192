//! A damaged page of the `db` file (64 KB zeroed) is reported by every
//! command that reads it, in one line, as `dtks check` reports it: stats and
//! export, which read every household, also read the pages beyond them
//! (indexes, audit log, other records), so none of them says nothing while
//! `check` finds damage.

use std::path::Path;
use std::process::{Command, Output};

use dtks::store::{AuditDraft, OpenOptions, RecordPuts, Store};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW};

const PAGE: u64 = 64 * 1024;

fn dtks(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN).arg("--db").arg(db).args(args).env("DTKS_NOW", NOW).env_remove("DTKS_DB").output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn zero(db: &Path, at: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(db.join("db")).unwrap();
    f.seek(SeekFrom::Start(at)).unwrap();
    f.write_all(&vec![0u8; PAGE as usize]).unwrap();
}

/// One line on stderr, in words, naming the database and what to do.
fn one_damage_line(what: &str, o: &Output) {
    let e = stderr(o);
    assert_eq!(e.lines().count(), 1, "{what}: {e}");
    assert!(!e.contains("panicked") && !e.contains("sled"), "{what}: {e}");
    assert!(e.contains("rusak") && e.contains("dtks check"), "{what}: {e}");
}

#[test]
fn a_zeroed_region_is_reported_by_stats_and_export_whenever_check_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let (data, db) = (dir.path().join("data"), dir.path().join("register"));
    let o = Command::new(BIN).args(["sample", "--households", "300", "--out"]).arg(&data).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = dtks(&db, &["import", data.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Records of another kind written after the households: their pages
    // sit after the households' in the log, where no household is read.
    let households_end = std::fs::metadata(db.join("db")).unwrap().len();
    {
        let store = Store::open(&db, &OpenOptions::default()).unwrap();
        let audit = AuditDraft {
            at: cli_support::clock().now(),
            user: "uji".into(),
            action: "uji".into(),
            origin: String::new(),
        };
        for batch in 0..40 {
            let mut r = RecordPuts::new();
            for i in 0..25 {
                r.put(b'z', &format!("{batch:03}-{i:03}"), &"catatan sintetis ".repeat(60)).unwrap();
            }
            store.write_records(r, &audit).unwrap();
        }
    }
    // Opened once more, so that sled's snapshot covers the records: zeroed
    // bytes are then damage, not the torn tail of a killed write.
    drop(Store::open(&db, &OpenOptions::default()).unwrap());
    let len = std::fs::metadata(db.join("db")).unwrap().len();

    let (mut damaged, mut beyond_households) = (0, 0);
    let mut at = 0;
    while at + PAGE <= len {
        let copy = dir.path().join(format!("z{at}"));
        copy_dir(&db, &copy);
        zero(&copy, at);
        let check = dtks(&copy, &["check"]);
        let stats = dtks(&copy, &["stats"]);
        let out = dir.path().join(format!("x{at}"));
        let export = dtks(&copy, &["export", "--out", out.to_str().unwrap()]);
        for (what, o) in [("check", &check), ("stats", &stats), ("export", &export)] {
            assert_ne!(o.status.code(), Some(101), "{what} at {at}: {}", stderr(o));
        }
        if check.status.success() {
            assert!(stats.status.success(), "stats at {at} finds damage that check does not: {}", stderr(&stats));
            assert!(export.status.success(), "export at {at}: {}", stderr(&export));
        } else {
            damaged += 1;
            one_damage_line(&format!("check at {at}"), &check);
            one_damage_line(&format!("stats at {at}"), &stats);
            assert_eq!(stats.status.code(), Some(2), "stats at {at}");
            one_damage_line(&format!("export at {at}"), &export);
            match export.status.code() {
                // Every household read whole: the export is kept, and says so.
                Some(1) => {
                    beyond_households += 1;
                    assert!(stderr(&export).contains("ekspor lengkap"), "{}", stderr(&export));
                    assert!(out.join("households.csv").is_file());
                }
                code => assert_eq!(code, Some(2), "export at {at}: {}", stderr(&export)),
            }
        }
        std::fs::remove_dir_all(&copy).unwrap();
        let _ = std::fs::remove_dir_all(&out);
        at += if at < households_end { 4 * PAGE } else { PAGE };
    }
    assert!(damaged > 0, "no zeroed region was damage: the test found nothing to test");
    assert!(beyond_households > 0, "no zeroed region fell beyond the households (log of {len} bytes)");
}
