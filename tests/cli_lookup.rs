//! `dtks lookup NAME` on the bundled sample: true totals, exact names first,
//! the limit and its way out, and the narrowing options, checked against the
//! sample's own persons.csv.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, OnceLock};

use dtks::domain::names;
use dtks::domain::search::{NameRank, rank_name};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW, sample_dir};

struct Row {
    nik: String,
    kk: String,
    name: String,
    born: String,
}

fn rows() -> Vec<Row> {
    let mut r = csv::Reader::from_path(sample_dir().join("persons.csv")).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            Row { nik: rec[0].into(), kk: rec[1].into(), name: rec[2].into(), born: rec[4].into() }
        })
        .collect()
}

/// One imported sample for every test of this file.
fn db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, db) = DB.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("db");
        let out = run(&db, &["import", sample_dir().to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        (tmp, db)
    });
    db
}

/// One dtks at a time: a process holds the database while it runs.
fn run(db: &Path, args: &[&str]) -> Output {
    static ONE: Mutex<()> = Mutex::new(());
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    Command::new(BIN)
        .env("DTKS_NOW", NOW)
        .env("DTKS_USER", "uji")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["lookup"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = run(db(), &all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The matched NIKs in the order the households list them.
fn matched(v: &serde_json::Value) -> Vec<String> {
    v["households"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|h| h["cocok"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()))
        .collect()
}

/// Sample persons the folded name search should find for `q`.
fn expected<'a>(all: &'a [Row], q: &str) -> Vec<&'a Row> {
    let fq = names::fold(q);
    all.iter().filter(|r| names::matches(&fq, &names::fold(&r.name))).collect()
}

#[test]
fn a_name_of_more_than_fifty_persons_gives_its_true_total_and_exact_names_first() {
    let all = rows();
    let want = expected(&all, "Yusuf");
    assert!(want.len() > 50, "the sample must share the name among more than 50: {}", want.len());
    let exact: HashSet<&str> = want.iter().filter(|r| r.name == "Yusuf").map(|r| r.nik.as_str()).collect();
    assert!(exact.len() > 10 && exact.len() < 50, "{}", exact.len());
    let households: HashSet<&str> = want.iter().map(|r| r.kk.as_str()).collect();

    let v = json(&["Yusuf"]);
    assert_eq!(v["total"], want.len());
    assert_eq!(v["households_total"], households.len());
    assert_eq!(v["shown"], 50);
    assert_eq!(v["truncated"], true);
    let shown = matched(&v);
    assert_eq!(shown.len(), 50);
    // Every person named exactly Yusuf is shown, and the households that
    // hold one come before any that holds none.
    let shown_set: HashSet<&str> = shown.iter().map(String::as_str).collect();
    assert!(exact.iter().all(|n| shown_set.contains(n)), "an exact Yusuf is missing");
    let has_exact: Vec<bool> = v["households"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["cocok"].as_array().unwrap().iter().any(|n| exact.contains(n.as_str().unwrap())))
        .collect();
    let first_without = has_exact.iter().position(|e| !e).unwrap();
    assert!(has_exact[first_without..].iter().all(|e| !e), "an exact Yusuf after the word-prefix matches");
    // The other 50 − exact are word prefixes as typed ("Yusuf Hidayat"),
    // never an old spelling while word prefixes remain.
    let rank = |nik: &str| {
        let r = all.iter().find(|r| r.nik == nik).unwrap();
        rank_name("Yusuf", &r.name)
    };
    let prefixes = want.iter().filter(|r| rank_name("Yusuf", &r.name) == NameRank::WordPrefix).count();
    assert!(prefixes > 50 - exact.len(), "{prefixes}");
    assert_eq!(shown.iter().filter(|n| rank(n) == NameRank::WordPrefix).count(), 50 - exact.len());
    assert_eq!(shown.iter().filter(|n| rank(n) == NameRank::Variant).count(), 0);

    // --all shows every one; old spellings (Joesoef) come last.
    let v = json(&["Yusuf", "--all"]);
    assert_eq!(v["shown"], want.len());
    assert_eq!(v["truncated"], false);
    let shown = matched(&v);
    let got: HashSet<&str> = shown.iter().map(String::as_str).collect();
    let want_set: HashSet<&str> = want.iter().map(|r| r.nik.as_str()).collect();
    assert_eq!(got, want_set);
    let last = all.iter().find(|r| &r.nik == shown.last().unwrap()).unwrap();
    assert!(last.name.starts_with("Joesoef"), "last: {}", last.name);

    // --limit N above the default.
    let v = json(&["Yusuf", "--limit", "60"]);
    assert_eq!((v["shown"].as_u64(), v["truncated"].as_bool()), (Some(60), Some(true)));
    assert_eq!(matched(&v).len(), 60);
}

#[test]
fn the_text_says_the_total_how_many_are_exact_and_how_to_see_the_rest() {
    let all = rows();
    let want = expected(&all, "Yusuf").len();
    let exact = all.iter().filter(|r| r.name == "Yusuf").count();
    let out = run(db(), &["lookup", "Yusuf"]);
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    let mut lines = s.lines();
    assert!(lines.next().unwrap().starts_with(&format!("{want} orang cocok dengan nama 'Yusuf'")), "{s}");
    assert_eq!(lines.next().unwrap(), format!("{exact} bernama persis 'Yusuf' (ditampilkan lebih dulu)"));
    assert!(lines.next().unwrap().starts_with(&format!("Ditampilkan 50 teratas dari {want}; semua: --all")));
    // The first person listed is named exactly Yusuf.
    let first = s.lines().find(|l| l.starts_with(" * ")).unwrap();
    assert_eq!(first.split_whitespace().nth(2), Some("Yusuf"));

    let out = run(db(), &["--lang", "en", "lookup", "Yusuf", "--all"]);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.starts_with(&format!("{want} persons match the name 'Yusuf'")), "{s}");
    assert!(!s.contains("Showing the best"), "nothing is left out with --all");
    assert_eq!(s.lines().filter(|l| l.starts_with(" * ")).count(), want);
}

#[test]
fn lookups_narrow_by_birth_and_kelurahan() {
    let all = rows();
    let want = expected(&all, "Sitompul");
    assert!(want.len() > 50);
    let year = &want[0].born[..4];
    let in_year = want.iter().filter(|r| r.born.starts_with(year)).count();
    let v = json(&["Sitompul", "--lahir", year]);
    assert_eq!(v["total"], in_year);
    let day = &want[0].born;
    let on_day = want.iter().filter(|r| &r.born == day).count();
    let v = json(&["Sitompul", "--lahir", day, "--all"]);
    assert_eq!(v["total"], on_day);
    assert!(matched(&v).contains(&want[0].nik));
    // The sample is one kelurahan: by code or by name, all of it; elsewhere
    // nothing, and an unknown name is an error that says what to write.
    let kel = "31.75.03.1001";
    assert_eq!(json(&["Sitompul", "--kelurahan", kel])["total"], want.len());
    assert_eq!(json(&["Sitompul", "--kelurahan", "kampung melayu"])["total"], want.len());
    let out = run(db(), &["lookup", "Sitompul", "--kelurahan", "31.71.01.1001"]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(db(), &["lookup", "Sitompul", "--kelurahan", "Atlantis"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("'Atlantis'") && err.contains("--kelurahan"), "{err}");
    let out = run(db(), &["--lang", "en", "lookup", "Sitompul", "--lahir", "1980-13"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("'1980-13'") && err.contains("1980-01-05"), "{err}");
}

#[test]
fn an_empty_blank_or_wildcard_lookup_is_refused_with_what_to_type() {
    for q in ["", "   ", "%", "*", " %* ", "\t"] {
        for (lang, words) in [("id", "ketik NIK"), ("en", "type a NIK")] {
            let out = run(db(), &["--lang", lang, "lookup", q]);
            assert_eq!(out.status.code(), Some(2), "{q:?}");
            assert!(out.stdout.is_empty(), "{q:?} printed a result");
            let err = String::from_utf8(out.stderr).unwrap();
            assert!(err.contains(words) && err.contains("dtks lookup"), "{q:?}: {err}");
            assert_eq!(err.trim().lines().count(), 1, "{err}");
        }
        let out = run(db(), &["lookup", "--json", q]);
        assert_eq!(out.status.code(), Some(2), "--json {q:?}");
    }
    // One letter is a query.
    assert_eq!(run(db(), &["lookup", "y"]).status.code(), Some(0));
}
