//! `dtks export` killed part way leaves the previous export whole: the new
//! one is written beside it and takes its place in one step.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW};

fn dtks(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .env("DTKS_NOW", NOW)
        .env("DTKS_USER", "uji")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run dtks")
}

/// Every file of a directory with its bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Temporary directories left beside the export by a killed run.
fn staging(parent: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".dtks-tmp-")))
        .collect()
}

/// Rows per sheet of a workbook, as import reads it.
fn rows_of(path: &Path) -> Vec<(String, usize)> {
    let (sheets, _) = dtks::formats::read_xlsx(path).unwrap();
    sheets.into_iter().map(|s| (s.name, s.rows.len())).collect()
}

fn rows_of_bytes(bytes: &[u8]) -> Vec<(String, usize)> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("before.xlsx");
    std::fs::write(&p, bytes).unwrap();
    rows_of(&p)
}

#[test]
fn a_killed_export_leaves_the_previous_export_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, db) = (tmp.path().join("data"), tmp.path().join("db"));
    let out = Command::new(BIN)
        .env("DTKS_NOW", NOW)
        .args(["sample", "--households", "5000", "--seed", "4", "--out", data.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = dtks(&db, &["import", data.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let parent = tmp.path().join("out");
    std::fs::create_dir(&parent).unwrap();
    let ex = parent.join("export");
    let start = Instant::now();
    let out = dtks(&db, &["export", "--out", ex.to_str().unwrap(), "--xlsx"]);
    let whole = start.elapsed();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let before = contents(&ex);
    assert!(before.contains_key("persons.csv") && before.contains_key("dtks.xlsx"), "{:?}", before.keys());

    // Kills spread over the run: early (files being opened), middle (rows
    // being written), late (the workbook being saved).
    let mut mid_write = 0;
    let mut leftovers = Vec::new();
    for k in 1..=6u32 {
        let mut child = Command::new(BIN)
            .env("DTKS_NOW", NOW)
            .env("DTKS_USER", "uji")
            .arg("--db")
            .arg(&db)
            .args(["export", "--out", ex.to_str().unwrap(), "--xlsx"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole.mul_f64(f64::from(k) / 7.0));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        // Only this run's leftover counts: an earlier one may still be there.
        let left: Vec<PathBuf> = staging(&parent).into_iter().filter(|d| !leftovers.contains(d)).collect();
        if !left.is_empty() {
            mid_write += 1;
        }
        let after = contents(&ex);
        assert_eq!(after.keys().collect::<Vec<_>>(), before.keys().collect::<Vec<_>>(), "kill {k}");
        for (name, bytes) in &after {
            // A run that finished before the kill wrote a new workbook:
            // whole, with the same rows, but its own creation time inside.
            if name == "dtks.xlsx" && bytes != &before[name] {
                assert_eq!(rows_of(&ex.join(name)), rows_of_bytes(&before[name]), "kill {k}: {name} is not whole");
                continue;
            }
            assert!(bytes == &before[name], "kill {k}: {name} is not the previous export");
        }
        // The next run removes what a killed one left (checked below).
        leftovers.extend(left);
    }
    assert!(mid_write >= 2, "only {mid_write} of 6 kills landed while files were being written");

    // A complete run after the kills replaces the export, still whole. The
    // test removes no leftover: each run removes those of the killed ones.
    let out = dtks(&db, &["export", "--out", ex.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut again = contents(&ex);
    assert!(!again.contains_key("dtks.xlsx"), "the old workbook went with the old export");
    let mut expected = before;
    expected.remove("dtks.xlsx");
    again.retain(|k, _| k != "dtks.xlsx");
    assert!(again == expected, "{:?}", again.keys());
    assert!(staging(&parent).is_empty(), "left: {:?} (of {leftovers:?})", staging(&parent));
}

#[test]
fn an_export_into_a_directory_of_other_files_is_refused_and_touches_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
    assert!(dtks(&db, &["import", sample.to_str().unwrap()]).status.success());
    let ex = tmp.path().join("laporan");
    std::fs::create_dir(&ex).unwrap();
    std::fs::write(ex.join("catatan.txt"), "milik petugas").unwrap();
    std::fs::write(ex.join("persons.csv"), "lama").unwrap();
    for (lang, words) in [("id", "bukan hasil ekspor"), ("en", "no export wrote")] {
        let out = dtks(&db, &["--lang", lang, "export", "--out", ex.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words) && err.contains("catatan.txt"), "{err}");
        assert!(!err.contains("persons.csv"), "an export's own file is not named: {err}");
    }
    assert_eq!(std::fs::read_to_string(ex.join("catatan.txt")).unwrap(), "milik petugas");
    assert_eq!(std::fs::read_to_string(ex.join("persons.csv")).unwrap(), "lama");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2, "no temporary directory left");
}
