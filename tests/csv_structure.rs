//! CSV files that would lie: a quote left open, or a quoted field running
//! over a line end where no value ever does, is refused naming the line the
//! quote opened on; nothing of the file is imported.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use dtks::formats::*;

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

/// The first lines of the sample's persons.csv (header included).
fn sample_persons(n: usize) -> Vec<String> {
    let text = std::fs::read_to_string(sample_dir().join("persons.csv")).unwrap();
    text.lines().take(n).map(|l| l.trim_start_matches('\u{feff}').to_string()).collect()
}

/// Sets field `col` of a CSV line (no quotes in the sample lines).
fn with_field(line: &str, col: usize, value: &str) -> String {
    let mut f: Vec<&str> = line.split(',').collect();
    f[col] = value;
    f.join(",")
}

/// What reading the file all through yields: the structural error, if any.
fn read_all(p: &Path) -> Option<FormatError> {
    let err = survey_csv(p).err();
    let mut through = None;
    for r in open_csv(p).unwrap() {
        if let Err(ReadError::File(e)) = r {
            through = Some(e);
        }
    }
    assert_eq!(err.is_some(), through.is_some(), "the pre-pass and the reader agree");
    err
}

#[test]
fn a_quote_left_open_names_the_line_it_opened_on() {
    let dir = tempfile::tempdir().unwrap();
    for nl in ["\n", "\r\n"] {
        let mut lines = sample_persons(12);
        lines[3] = with_field(&lines[3], 2, "\"Dewi Lestari");
        let p = dir.path().join("persons.csv");
        std::fs::write(&p, lines.join(nl) + nl).unwrap();
        match read_all(&p) {
            Some(FormatError::UnclosedQuote { line, .. }) => assert_eq!(line, 4, "{nl:?}"),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_quoted_name_over_a_line_end_is_refused_where_an_address_may_span_lines() {
    let dir = tempfile::tempdir().unwrap();
    // A stray quote on line 5 that a quote on line 8 "closes".
    let mut lines = sample_persons(12);
    lines[4] = with_field(&lines[4], 2, "\"Rina");
    lines[7] = with_field(&lines[7], 6, "Sri\" Wahyuni");
    let p = dir.path().join("persons.csv");
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    match read_all(&p) {
        Some(FormatError::QuoteRunsOver { line, column, .. }) => assert_eq!((line, column), (5, "nama")),
        other => panic!("{other:?}"),
    }
    // The quote opens in a later field of a record that began lines before.
    let text = "code,name\n31,DKI\n\"31.71\",\"Jakarta\nPusat\"\n31.72,\"Jakarta\nUtara\"\n";
    std::fs::write(&p, text).unwrap();
    match read_all(&p) {
        Some(FormatError::QuoteRunsOver { line, column, .. }) => assert_eq!((line, column), (3, "name")),
        other => panic!("{other:?}"),
    }
    // An address on two lines is an address; the lines after it count right.
    let hh = std::fs::read_to_string(sample_dir().join("households.csv")).unwrap();
    let mut lines: Vec<String> = hh.lines().take(6).map(|l| l.trim_start_matches('\u{feff}').to_string()).collect();
    lines[2] = with_field(&lines[2], 4, "\"Jl. Melati\nGg. 2\"");
    lines[4] = with_field(&lines[4], 3, "x");
    std::fs::write(&p, lines.join("\r\n")).unwrap();
    assert!(read_all(&p).is_none());
    let bad: Vec<u64> = open_csv(&p)
        .unwrap()
        .filter_map(|r| match r {
            Err(ReadError::Row(e)) => Some(e.line),
            _ => None,
        })
        .collect();
    assert_eq!(bad, [6], "physical line of the bad RT after a two-line address");
}

#[test]
fn import_of_a_file_with_an_open_quote_imports_nothing_and_says_where() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::copy(sample_dir().join("households.csv"), data.join("households.csv")).unwrap();
    let mut lines = sample_persons(400);
    lines[3] = with_field(&lines[3], 2, "\"Dewi Lestari");
    std::fs::write(data.join("persons.csv"), lines.join("\r\n") + "\r\n").unwrap();
    let db = tmp.path().join("db");
    for (lang, words) in [("id", "baris 4: tanda petik"), ("en", "line 4: a quote")] {
        let out = dtks(&db, &["--lang", lang, "import", data.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("persons.csv") && err.contains(words), "{err}");
    }
    // Not even the rows before the broken quote are in.
    let nik = lines[1].split(',').next().unwrap();
    let out = dtks(&db, &["lookup", nik]);
    assert_ne!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn free_text_over_its_limit_is_rejected_saying_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("persons.csv");
    let mut lines = sample_persons(6);
    let huge = "A".repeat(1 << 20);
    lines[2] = with_field(&lines[2], 2, &huge);
    lines[3] = with_field(&lines[3], 6, &"B".repeat(101));
    lines[4] = with_field(&lines[4], 2, &"C".repeat(100));
    std::fs::write(&p, lines.join("\n")).unwrap();
    let mut rejected = Vec::new();
    let mut names = Vec::new();
    for r in open_csv(&p).unwrap() {
        match r {
            Ok(Parsed { row: Row::Person(p), .. }) => names.push(p.person.name.chars().count()),
            Err(ReadError::Row(e)) => rejected.push((e.line, e.problem.message(dtks::i18n::Lang::En))),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(rejected.len(), 2, "{rejected:?}");
    assert_eq!(rejected[0].0, 3);
    assert!(rejected[0].1.contains("nama") && rejected[0].1.contains("1048576") && rejected[0].1.contains("100"));
    assert_eq!(rejected[1].0, 4);
    assert!(rejected[1].1.contains("nama_ibu") && rejected[1].1.contains("limit of 100"), "{}", rejected[1].1);
    assert!(names.contains(&100), "a name of exactly the limit is kept");
    let id = open_csv(&p).unwrap().find_map(|r| match r {
        Err(ReadError::Row(e)) => Some(e.problem.message(dtks::i18n::Lang::Id)),
        _ => None,
    });
    assert!(id.unwrap().contains("melebihi batas 100"));
}
