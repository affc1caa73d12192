//! Property tests of every parser a file or a user can reach: arbitrary
//! input never panics and always gives a value or a located error.
//!
//! `cargo test` runs a modest number of cases per target; a longer run is
//! `PROPTEST_CASES=5000 cargo test --release --test fuzz_parsers` (figures in
//! BENCHMARKS.md).

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use dtks::domain::nik::{decode_kk, decode_nik, normalize_number};
use dtks::domain::visit::parse_date;
use dtks::formats::value::{Cell, number16, parse_date_text};
use dtks::formats::{Kind, ReadError, open_csv, read_xlsx};
use dtks::i18n::Lang;
use dtks::service::cycle_io::{CycleRecord, read_cycle_file};
use dtks::service::{Actor, Clock, Service};
use dtks::tui::{Keymap, KeymapChoice};

fn config() -> ProptestConfig {
    // PROPTEST_CASES overrides this for a longer run.
    ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

/// Text made of what breaks CSV readers: delimiters, quotes, line ends,
/// digits, letters, Windows-1252 bytes and a stray BOM.
fn nasty_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"3175031304772586".to_vec()),
        Just(b"3175030101109120".to_vec()),
        Just(b"1977-04-13".to_vec()),
        Just(b"31.75.03.1001".to_vec()),
        Just(b"kepala".to_vec()),
        Just(vec![0xef, 0xbb, 0xbf]),
        Just(vec![0xe9, 0x80, 0xff]),
        Just(vec![0]),
        "[a-zA-Z ]{1,8}".prop_map(String::into_bytes),
        any::<u8>().prop_map(|b| vec![b]),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn header_of(kind: Kind) -> String {
    kind.columns().iter().map(|c| c.name).collect::<Vec<_>>().join(",")
}

fn kinds() -> impl Strategy<Value = Kind> {
    prop_oneof![Just(Kind::Households), Just(Kind::Persons), Just(Kind::History), Just(Kind::Enrolments)]
}

/// Reads a whole CSV file; every row error must point at a line of the file.
fn read_all(path: &Path, bytes: &[u8]) -> Result<(), TestCaseError> {
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    match open_csv(path) {
        Err(e) => prop_assert!(!e.to_string().is_empty()),
        Ok(reader) => {
            for item in reader {
                match item {
                    Ok(_) => {}
                    Err(ReadError::Row(e)) => {
                        prop_assert!(e.line >= 1 && e.line <= lines, "line {} of a {lines}-line file", e.line);
                        prop_assert!(!e.message(Lang::Id).is_empty());
                    }
                    Err(ReadError::File(e)) => prop_assert!(!e.to_string().is_empty()),
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn csv_rows_under_a_good_header_never_panic(kind in kinds(), body in nasty_bytes()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let mut bytes = format!("{}\n", header_of(kind)).into_bytes();
        bytes.extend_from_slice(&body);
        std::fs::write(&path, &bytes).unwrap();
        read_all(&path, &bytes)?;
    }

    #[test]
    fn header_recognition_never_panics(
        words in prop::collection::vec(prop_oneof![
            Just("nik".to_string()), Just("no_kk".to_string()), Just(" NAMA ".to_string()),
            Just("kelurahan".to_string()), Just("program".to_string()), Just("\u{feff}nik".to_string()),
            Just("ï»¿nik".to_string()), Just("sep=;".to_string()), "[a-z_]{0,6}",
        ], 0..16),
        delim in prop_oneof![Just(","), Just(";"), Just("\t"), Just("\n")],
        tail in nasty_bytes(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let mut bytes = words.join(delim).into_bytes();
        bytes.push(b'\n');
        bytes.extend_from_slice(&tail);
        std::fs::write(&path, &bytes).unwrap();
        read_all(&path, &bytes)?;
    }

    #[test]
    fn a_workbook_of_garbage_is_an_error_not_a_panic(bytes in nasty_bytes(), zip_head in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        let mut all = if zip_head { b"PK\x03\x04".to_vec() } else { Vec::new() };
        all.extend_from_slice(&bytes);
        std::fs::write(&path, &all).unwrap();
        if let Err(e) = read_xlsx(&path) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn nik_and_kk_parsers_never_panic(s in "[0-9 '.,eE+\\-\u{a0}a-z]{0,24}", digits in "[0-9]{16}") {
        for text in [s.as_str(), digits.as_str()] {
            if let Ok(n) = normalize_number(text) {
                // What normalising keeps is decoded or refused with a reason.
                match decode_nik(&n, None, today()) {
                    Ok(_) => prop_assert!(n.len() == 16 && n.bytes().all(|b| b.is_ascii_digit()), "{n}"),
                    Err(e) => prop_assert!(!e.message(Lang::Id).is_empty()),
                }
                if let Err(e) = decode_kk(&n, today()) {
                    prop_assert!(!e.message(Lang::En).is_empty());
                }
            }
        }
    }

    #[test]
    fn spreadsheet_numbers_never_panic(x in any::<f64>(), s in "\\PC{0,20}") {
        for cell in [Cell::Number(x), Cell::Text(s.clone())] {
            if let Ok(n) = number16(&cell) {
                prop_assert_eq!(n.len(), 16);
                prop_assert!(n.bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }

    #[test]
    fn dates_parse_to_what_they_say_or_not_at_all(s in "[0-9]{0,4}[-/. ]?[0-9A-Za-z]{0,9}[-/. ]?[0-9]{0,4}", d in 0i32..80_000) {
        if let Ok(date) = parse_date_text(&s) {
            // A date read back from its own form is the same date.
            prop_assert_eq!(parse_date_text(&date.format("%Y-%m-%d").to_string()), Ok(date));
        }
        if let Some(date) = parse_date(&s) {
            prop_assert_eq!(parse_date(&date.format("%d-%m-%Y").to_string()), Some(date));
        }
        let date = NaiveDate::from_num_days_from_ce_opt(700_000 + d).unwrap();
        let typed = format!("{:02}-{:02}-{}", date.day(), date.month(), date.year());
        prop_assert_eq!(parse_date(&typed), Some(date));
    }

    #[test]
    fn a_user_keymap_of_any_text_loads_the_good_bindings(text in "(\\[[a-z]{0,8}\\]\n|[a-z\\-]{0,10} ?= ?(\"[a-zA-Z\\-+ ]{0,8}\"|\\[\"[a-z]{0,3}\"\\]|[0-9]{0,3})\n|\\PC{0,10}\n){0,12}") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keymap.toml");
        std::fs::write(&path, &text).unwrap();
        let (km, errors) = Keymap::load(&KeymapChoice::Default, Some(&path));
        // The built-in bindings are always there to fall back on.
        prop_assert!(!km.bindings().is_empty());
        for e in &errors {
            prop_assert!(!e.message(Lang::Id).is_empty());
        }
    }

    #[test]
    fn a_cycle_file_of_any_lines_is_read_or_refused_with_a_line(
        lines in prop::collection::vec(prop_oneof![
            Just("{\"kind\":\"visit\"}".to_string()), Just("{".to_string()), Just("".to_string()),
            Just("[1,2,3]".to_string()), Just("{\"kind\":\"usulan\",\"id\":\"x\"}".to_string()),
            "\\PC{0,30}",
        ], 0..12),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cycle.jsonl");
        std::fs::write(&path, lines.join("\n")).unwrap();
        // The first line that is neither blank nor a record is the one named.
        let first_bad = lines.iter().position(|l| {
            let t = l.trim().trim_start_matches('\u{feff}');
            !t.is_empty() && serde_json::from_str::<CycleRecord>(t).is_err()
        });
        match (read_cycle_file(&path), first_bad) {
            (Ok(records), None) => prop_assert!(records.len() <= lines.len()),
            (Err(e), Some(i)) => {
                let said = e.message(Lang::Id);
                prop_assert!(said.contains(&format!("{}", i + 1)), "{said}");
            }
            (got, bad) => prop_assert!(false, "read {:?} with first bad line {bad:?}", got.map(|r| r.len())),
        }
    }

    #[test]
    fn an_import_of_damaged_tables_keeps_the_store_consistent(households in nasty_bytes(), persons in nasty_bytes()) {
        let (dir, files) = tables_with(&households, &persons);
        let svc = Service::open_temporary(Clock::parse_fixed("2026-06-15 10:00").unwrap()).unwrap();
        match svc.import(&files, &Actor::new("uji"), Lang::Id, &mut |_| {}) {
            Ok(r) => prop_assert!(r.households <= 1 + households.iter().filter(|&&b| b == b'\n').count() as u64),
            Err(e) => prop_assert!(!e.message(Lang::Id).is_empty()),
        }
        let check = svc.check().unwrap();
        prop_assert!(check.problems.is_empty(), "{:?}", check.problems);
        drop(dir);
    }
}

/// households.csv and persons.csv holding the sample's first row, then `damage`.
fn tables_with(households: &[u8], persons: &[u8]) -> (tempfile::TempDir, Vec<std::path::PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
    // A good first row from the sample, then the damage.
    for (name, tail) in [("households.csv", households), ("persons.csv", persons)] {
        let good = std::fs::read_to_string(sample.join(name)).unwrap();
        let mut bytes: Vec<u8> = good.lines().take(2).collect::<Vec<_>>().join("\n").into_bytes();
        bytes.push(b'\n');
        bytes.extend_from_slice(tail);
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let files = vec![dir.path().join("households.csv"), dir.path().join("persons.csv")];
    (dir, files)
}

#[test]
fn the_undamaged_fixture_imports_its_household() {
    let (_dir, files) = tables_with(b"", b"");
    let svc = Service::open_temporary(Clock::parse_fixed("2026-06-15 10:00").unwrap()).unwrap();
    let r = svc.import(&files, &Actor::new("uji"), Lang::Id, &mut |_| {}).unwrap();
    assert_eq!((r.households, r.persons, r.rejected), (1, 1, 0));
}
