//! Control characters in the data and in the arguments reach the terminal
//! escaped (`\u{1b}`), never raw: a name imported with an ESC and a C1 byte,
//! through `dtks lookup` (text and JSON) and on the screens, and an ESC in
//! an argument echoed by an error line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use dtks::i18n::Lang;
use dtks::service::{Actor, Service};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW, clock, sample_dir};
#[path = "support/app.rs"]
mod app_support;
use app_support::{app_as, press, screen, typed};

const NIK: &str = "3175031304772586";
/// Dimas Saputra of the sample, with an ESC sequence that would turn the
/// terminal red and a C1 CSI.
const HOSTILE: &str = "Dimas\u{1b}[31mSaputra\u{9b}";
const SHOWN: &str = "Dimas\\u{1b}[31mSaputra\\u{9b}";

/// The sample with the hostile name, in `dir`.
fn hostile_sample(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir(&data).unwrap();
    for f in ["households.csv", "persons.csv", "history.csv", "enrolments.csv"] {
        std::fs::copy(sample_dir().join(f), data.join(f)).unwrap();
    }
    let persons = std::fs::read_to_string(data.join("persons.csv")).unwrap();
    assert!(persons.contains("Dimas Saputra"));
    std::fs::write(data.join("persons.csv"), persons.replacen("Dimas Saputra", HOSTILE, 1)).unwrap();
    data
}

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN).env("DTKS_NOW", NOW).arg("--db").arg(db).args(args).stdin(Stdio::null()).output().unwrap()
}

/// No control byte but line breaks (and tabs) in what a command wrote.
fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let raw: Vec<char> = text.chars().filter(|c| c.is_control() && *c != '\n' && *c != '\t').collect();
    assert!(raw.is_empty(), "{what} sent {raw:?} raw:\n{text}");
}

#[test]
fn lookup_shows_a_hostile_name_escaped_and_json_keeps_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let (data, db) = (hostile_sample(dir.path()), dir.path().join("register"));
    let o = run(&db, &["import", data.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    for args in [&["lookup", NIK][..], &["lookup", "dimas"], &["--lang", "en", "lookup", NIK]] {
        let o = run(&db, args);
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        assert_clean(&format!("{args:?}"), &o.stdout);
        assert!(String::from_utf8_lossy(&o.stdout).contains(SHOWN), "{args:?}");
    }
    // The escaped name is padded as shown: the column after it starts where
    // it does on every other member's line.
    let o = run(&db, &["lookup", NIK]);
    let text = String::from_utf8_lossy(&o.stdout);
    let members: Vec<Vec<char>> = text
        .lines()
        .map(|l| l.chars().collect::<Vec<char>>())
        .filter(|c| c.len() > 51 && c[0] == ' ' && c[3..19].iter().all(char::is_ascii_digit))
        .collect();
    assert!(members.len() > 1 && members.iter().any(|c| c.iter().collect::<String>().contains(SHOWN)), "{text}");
    assert!(members.iter().all(|c| c[49] == ' ' && c[50] != ' '), "columns out of line:\n{text}");

    let o = run(&db, &["lookup", NIK, "--json"]);
    assert_clean("lookup --json", &o.stdout);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> =
        v["households"][0]["anggota"].as_array().unwrap().iter().filter_map(|p| p["nama"].as_str()).collect();
    assert!(names.contains(&HOSTILE), "the JSON value changed: {names:?}");

    // An argument with escapes, echoed back in an error line.
    let o = run(&db.join("x\u{1b}]0;judul\u{7}"), &["stats"]);
    assert_eq!(o.status.code(), Some(2));
    assert_clean("an error line", &o.stderr);
    assert!(String::from_utf8_lossy(&o.stderr).contains("x\\u{1b}]0;judul\\u{7}"));
}

#[test]
fn the_screens_show_a_hostile_name_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let data = hostile_sample(dir.path());
    let svc = Service::open(&dir.path().join("register"), true, clock()).unwrap();
    svc.import(&[data], &Actor::new("tes"), Lang::Id, &mut |_| {}).unwrap();
    let mut a = app_as(Arc::new(svc), Lang::Id, "tes");
    press(&mut a, &["r"]);
    typed(&mut a, NIK);
    // The list at 120 columns, where the name has room.
    let list = screen(&mut a, 120, 40);
    assert!(list.contains(SHOWN), "households list:\n{list}");
    press(&mut a, &["enter", "enter"]);
    let detail = screen(&mut a, 120, 40);
    assert!(detail.contains("Detail Keluarga") && detail.contains(SHOWN), "household:\n{detail}");
    let small = screen(&mut a, 80, 24);
    assert!(small.contains("Dimas\\u{1b}"), "household at 80×24:\n{small}");
    press(&mut a, &["enter"]);
    let person = screen(&mut a, 120, 40);
    assert!(person.contains(SHOWN), "person:\n{person}");
    // The recently opened households name its head.
    press(&mut a, &["t"]);
    let recent = screen(&mut a, 120, 40);
    assert!(recent.contains("Dimas\\u{1b}[31m"), "recent:\n{recent}");
}
