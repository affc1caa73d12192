//! A file named twice in one `dtks import` (or named and inside a directory
//! given too) is read once.

use std::path::Path;
use std::process::{Command, Output, Stdio};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW, sample_dir};

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

#[test]
fn a_path_given_twice_is_read_once() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for f in ["households.csv", "persons.csv"] {
        std::fs::copy(sample_dir().join(f), data.join(f)).unwrap();
    }
    let (hh, p) = (data.join("households.csv"), data.join("persons.csv"));
    let once = dtks(&tmp.path().join("db1"), &["--lang", "en", "import", hh.to_str().unwrap(), p.to_str().unwrap()]);
    assert!(once.status.success(), "{}", String::from_utf8_lossy(&once.stderr));
    let alias = data.join(".").join("persons.csv");
    let twice = dtks(
        &tmp.path().join("db2"),
        &[
            "--lang",
            "en",
            "import",
            hh.to_str().unwrap(),
            p.to_str().unwrap(),
            alias.to_str().unwrap(),
            data.to_str().unwrap(),
            hh.to_str().unwrap(),
        ],
    );
    let out = String::from_utf8_lossy(&twice.stdout);
    assert!(twice.status.success(), "{out}{}", String::from_utf8_lossy(&twice.stderr));
    assert!(!out.contains("second household row") && out.contains(" 0 rows rejected"), "{out}");
    let first_line = |o: &Output| String::from_utf8_lossy(&o.stdout).lines().next().unwrap_or_default().to_string();
    assert_eq!(first_line(&once), first_line(&twice));
    assert!(!data.join("households.rejects.csv").exists() && !data.join("persons.rejects.csv").exists());
}
