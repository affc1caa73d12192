//! `dtks import DIR` over nested folders: the register tables of sub-folders
//! are read and named, other tables there are passed over and named, and a
//! folder with no register table is refused.

use std::path::Path;
use std::process::{Command, Output, Stdio};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW, sample_dir};

fn dtks(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .env("DTKS_NOW", NOW)
        .env_remove("DTKS_TODAY")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run dtks")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const TABLES: [&str; 4] = ["households.csv", "persons.csv", "history.csv", "enrolments.csv"];

#[test]
fn sub_folders_give_their_register_tables_and_pass_over_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let top = tmp.path().join("data");
    // households and persons two levels down, history and enrolments one.
    let deep = top.join("kelurahan").join("register");
    let side = top.join("riwayat");
    let monev = deep.join("monev");
    let hidden = top.join(".cache");
    for d in [&deep, &side, &monev, &hidden] {
        std::fs::create_dir_all(d).unwrap();
    }
    for (name, dir) in TABLES.iter().zip([&deep, &deep, &side, &side]) {
        std::fs::copy(sample_dir().join(name), dir.join(name)).unwrap();
    }
    // A matching result shares nik/no_kk with the register's tables.
    std::fs::copy(sample_dir().join("monev/padan-dukcapil-2026-10.csv"), monev.join("padan.csv")).unwrap();
    std::fs::write(hidden.join("persons.csv"), "nik,no_kk\n1,2\n").unwrap();
    std::fs::write(top.join("catatan.txt"), "bukan tabel").unwrap();

    let db = tmp.path().join("db");
    let out = dtks(&db, &["import", top.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.starts_with("Impor selesai: 1.500 keluarga, 5.884 jiwa"), "{said}");
    assert!(said.contains("Berkas dibaca (4):"), "{said}");
    for (name, dir) in TABLES.iter().zip([&deep, &deep, &side, &side]) {
        assert!(said.contains(&format!("  {}\n", dir.join(name).display())), "{name}: {said}");
    }
    assert!(said.contains("Dilewati, bukan tabel register (1;"), "{said}");
    assert!(said.contains(&format!("  {}\n", monev.join("padan.csv").display())), "{said}");
    assert!(!said.contains(".cache") && !said.contains("catatan"), "{said}");

    // The same register as importing the sample's folder itself.
    let db2 = tmp.path().join("db2");
    let flat = tmp.path().join("flat");
    std::fs::create_dir_all(&flat).unwrap();
    for name in TABLES {
        std::fs::copy(sample_dir().join(name), flat.join(name)).unwrap();
    }
    assert!(dtks(&db2, &["import", flat.to_str().unwrap()]).status.success());
    let stats = |db: &Path| text(&dtks(db, &["stats", "--json"]).stdout);
    assert_eq!(stats(&db), stats(&db2));
}

#[test]
fn a_folder_without_register_tables_is_refused_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let top = tmp.path().join("kosong");
    let monev = top.join("monev");
    std::fs::create_dir_all(&monev).unwrap();
    std::fs::copy(sample_dir().join("monev/aset-bappeda-2026-10.csv"), monev.join("aset.csv")).unwrap();
    let db = tmp.path().join("db");
    let out = dtks(&db, &["import", top.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("tidak ada tabel register (.csv, .xlsx, .jsonl) di direktori ini maupun sub-foldernya"),
        "{err}"
    );
    let out = dtks(&db, &["--lang", "en", "import", top.to_str().unwrap()]);
    assert!(
        text(&out.stderr).contains("no register tables (.csv, .xlsx, .jsonl) in this directory or its sub-folders")
    );
    // At the top a table with a bad header still refuses, naming what is missing.
    std::fs::write(top.join("persons.csv"), "nik,no_kk,nama\n").unwrap();
    let out = dtks(&db, &["--lang", "en", "import", top.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("persons.csv"), "{}", text(&out.stderr));
}
