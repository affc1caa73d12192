//! Files made to look exactly like a spreadsheet's output after a worker
//! opened dtks's CSV export (as Windows-1252, so the BOM became `ï»¿`) and
//! saved it: NIKs and No. KKs as numbers rounded to 15 significant digits,
//! in .xlsx and in CSV, dates as serials or re-formatted. No spreadsheet
//! needed; `scripts/libreoffice-roundtrip.sh` does the same with a real one.

use std::path::{Path, PathBuf};

use dtks::domain::Household;
use dtks::formats::{FormatError, ReadWarning, RowProblem, export_csv, survey_csv};
use dtks::i18n::Lang;
use dtks::sample::{SampleSpec, generate};
use dtks::service::import::{ImportOptions, ImportReport, ImportWarning};
use dtks::service::{Actor, Clock, Service, ServiceError};
use dtks::testkit::{self, date as d};

const TABLES: [&str; 4] = ["households", "persons", "history", "enrolments"];

fn register(svc: &Service) -> Vec<Household> {
    testkit::store(svc).iter_households().map(|h| h.unwrap()).collect()
}

/// A register of generated households, and the CSV export it came from.
fn setup(dir: &Path) -> (Service, Vec<Household>) {
    let svc = Service::open_temporary(Clock::parse_fixed("2026-11-24 10:42").unwrap()).unwrap();
    let spec = SampleSpec { households: 25, seed: 17, kelurahan: None, as_of: d(2026, 11, 1) };
    let hs: Vec<Household> = generate(spec).collect();
    let orig = dir.join("orig");
    export_csv(&orig, hs.iter(), &[]).unwrap();
    let files: Vec<PathBuf> = TABLES.iter().map(|t| orig.join(format!("{t}.csv"))).collect();
    let r = svc.import(&files, &Actor::new("uji"), Lang::En, &mut |_| {}).unwrap();
    assert_eq!(r.rejected, 0, "{r:?}");
    let before = register(&svc);
    assert_eq!(before.len(), 25);
    (svc, before)
}

/// The records of an exported CSV file, header first.
fn records(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_path(path).unwrap();
    r.records().map(|r| r.unwrap().iter().map(|f| f.trim_start_matches('\u{feff}').to_string()).collect()).collect()
}

/// What a spreadsheet keeps of a 16-digit number: 15 significant digits.
fn rounded(n: &str) -> u64 {
    let v: u64 = n.parse().unwrap();
    (v + 5) / 10 * 10
}

fn serial(iso: &str) -> u64 {
    let date = chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap();
    (date - d(1899, 12, 30)).num_days() as u64
}

/// How the spreadsheet rewrote a cell of column `col`, as CSV text.
fn as_saved(col: &str, v: &str) -> String {
    match col {
        "nik" | "no_kk" if !v.is_empty() => rounded(v).to_string(),
        "tanggal_lahir" if !v.is_empty() => serial(v).to_string(),
        "sejak" if !v.is_empty() => format!("{v} 00:00:00"),
        "sampai" if !v.is_empty() => {
            let (y, rest) = v.split_once('-').unwrap();
            let (m, dd) = rest.split_once('-').unwrap();
            format!("{dd}/{m}/{y}")
        }
        _ => v.to_string(),
    }
}

/// Saves the export again as the spreadsheet did, to `out` as .xlsx (one
/// workbook per table) or CSV; `edit` may change a record first.
fn spreadsheet_copy(dir: &Path, out: &Path, xlsx: bool, edit: &dyn Fn(&str, &mut Vec<String>)) -> Vec<PathBuf> {
    std::fs::create_dir_all(out).unwrap();
    let mut files = Vec::new();
    for t in TABLES {
        let mut recs = records(&dir.join("orig").join(format!("{t}.csv")));
        let header = recs[0].clone();
        // The UTF-8 BOM read as Windows-1252.
        recs[0][0] = format!("ï»¿{}", header[0]);
        for r in &mut recs[1..] {
            edit(t, r);
        }
        let path = out.join(format!("{t}.{}", if xlsx { "xlsx" } else { "csv" }));
        if xlsx {
            let mut wb = rust_xlsxwriter::Workbook::new();
            let ws = wb.add_worksheet().set_name(t).unwrap();
            for (i, r) in recs.iter().enumerate() {
                for (c, v) in r.iter().enumerate() {
                    let (row, col) = (i as u32, c as u16);
                    match header[c].as_str() {
                        _ if i == 0 || v.is_empty() => ws.write_string(row, col, v).map(|_| ()),
                        "nik" | "no_kk" => ws.write_number(row, col, rounded(v) as f64).map(|_| ()),
                        "tanggal_lahir" => ws.write_number(row, col, serial(v) as f64).map(|_| ()),
                        name => ws.write_string(row, col, as_saved(name, v)).map(|_| ()),
                    }
                    .unwrap();
                }
            }
            wb.save(&path).unwrap();
        } else {
            let mut w = csv::Writer::from_path(&path).unwrap();
            for (i, r) in recs.iter().enumerate() {
                let row: Vec<String> =
                    if i == 0 { r.clone() } else { r.iter().zip(&header).map(|(v, col)| as_saved(col, v)).collect() };
                w.write_record(&row).unwrap();
            }
            w.flush().unwrap();
        }
        files.push(path);
    }
    files
}

fn import(svc: &Service, files: &[PathBuf], restore_rounded: bool) -> ImportReport {
    let options = ImportOptions { restore_rounded, ..ImportOptions::default() };
    svc.import_with(files, &Actor::new("uji"), Lang::En, options, &mut |_| {}).unwrap()
}

/// Rows with a NIK or No. KK that the rounding changed.
fn damaged_rows(dir: &Path) -> u64 {
    let mut n = 0;
    for t in TABLES {
        let recs = records(&dir.join("orig").join(format!("{t}.csv")));
        let cols: Vec<usize> = (0..recs[0].len()).filter(|&c| matches!(recs[0][c].as_str(), "nik" | "no_kk")).collect();
        n += recs[1..]
            .iter()
            .filter(|r| cols.iter().any(|&c| !r[c].is_empty() && rounded(&r[c]).to_string() != r[c]))
            .count() as u64;
    }
    n
}

fn no_edit(_: &str, _: &mut Vec<String>) {}

#[test]
fn rounded_numbers_in_a_workbook_and_a_csv_are_restored_from_the_register() {
    for xlsx in [true, false] {
        let tmp = tempfile::tempdir().unwrap();
        let (svc, before) = setup(tmp.path());
        let files = spreadsheet_copy(tmp.path(), &tmp.path().join("saved"), xlsx, &no_edit);
        let rows = damaged_rows(tmp.path());

        // Without the flag: nothing restored, every row counted and rejected.
        let plain = import(&svc, &files, false);
        assert!(plain.restored.is_empty());
        let other: Vec<String> = plain
            .warnings
            .iter()
            .filter_map(|w| match w {
                ImportWarning::Rejected(e) if !matches!(e.problem, RowProblem::RoundedRestorable(_)) => {
                    Some(e.message(Lang::En))
                }
                _ => None,
            })
            .collect();
        assert_eq!((plain.restorable, plain.rejected), (rows, rows), "xlsx {xlsx}: {other:?}");
        assert!(
            plain.warnings.iter().any(|w| matches!(w,
                ImportWarning::Read(ReadWarning::HeaderCellTolerated { column, bom: true, .. }) if column == "nik")),
            "{:?}",
            plain.warnings
        );
        assert_eq!(register(&svc), before);

        // With it: every person's NIK and No. KK restored, the register unchanged.
        let restored = import(&svc, &files, true);
        assert_eq!(restored.rejected, 0, "{:?}", restored.warnings);
        let nik_fixes: Vec<_> =
            restored.restored.iter().filter(|r| r.file.ends_with(&files[1]) && r.column == "nik").collect();
        let mut changed = 0;
        for m in before.iter().flat_map(|h| &h.members) {
            let shown = rounded(&m.nik).to_string();
            if shown != m.nik {
                changed += 1;
                assert!(nik_fixes.iter().any(|r| r.after == m.nik && r.before == shown), "{}", m.nik);
            }
        }
        assert_eq!(nik_fixes.len(), changed);
        assert!(changed > 50);
        assert_eq!(register(&svc), before, "xlsx {xlsx}");
    }
}

#[test]
fn a_row_whose_name_or_birth_date_changed_too_is_rejected_with_the_reason() {
    for xlsx in [true, false] {
        let tmp = tempfile::tempdir().unwrap();
        let (svc, before) = setup(tmp.path());
        let (renamed, reborn) = (before[3].members[0].nik.clone(), before[7].members[0].nik.clone());
        let edit = |t: &str, r: &mut Vec<String>| {
            if t == "persons" && r[0] == renamed {
                r[2] = "NAMA LAIN SEKALI".into();
            }
            if t == "persons" && r[0] == reborn {
                r[4] = "1950-01-01".into();
            }
        };
        let files = spreadsheet_copy(tmp.path(), &tmp.path().join("saved"), xlsx, &edit);
        let report = import(&svc, &files, true);
        let rejected: Vec<_> = report
            .warnings
            .iter()
            .filter_map(|w| match w {
                ImportWarning::Rejected(e) => Some(e),
                _ => None,
            })
            .collect();
        assert_eq!(report.rejected, 2, "{rejected:?}");
        for e in &rejected {
            assert!(matches!(&e.problem, RowProblem::RoundedNotIdentifiable(c) if c.column == "nik"), "{e:?}");
            let en = e.problem.message(Lang::En);
            assert!(en.contains("rounded by a spreadsheet and not identifiable: type the 16 digits again"), "{en}");
            let id = e.problem.message(Lang::Id);
            assert!(
                id.contains("dibulatkan oleh spreadsheet dan tidak dapat dikenali: ketik ulang 16 digitnya"),
                "{id}"
            );
        }
        // Neither is restored; everyone else is, and nothing in the register changed.
        let persons_file = &files[1];
        assert!(!report.restored.iter().any(|r| r.file == *persons_file && (r.after == renamed || r.after == reborn)));
        assert_eq!(register(&svc), before);
    }
}

/// Month first where it shows (`sejak` 12/13/2024) and a column whose
/// every date reads both ways: refused, naming it.
#[test]
fn a_column_ambiguous_between_day_and_month_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("enrolments.csv");
    let rows = [
        "nik,no_kk,program,status,sejak,sampai",
        "3171014501900001,3171011212150003,pkh,aktif,12/13/2024,05/06/2025",
        "3171014501900002,3171011212150003,pkh,aktif,01/02/2024,03/04/2025",
    ];
    std::fs::write(&p, rows.join("\n")).unwrap();
    match survey_csv(&p) {
        Err(FormatError::AmbiguousDates { column, .. }) => assert_eq!(column, "sampai"),
        other => panic!("{other:?}"),
    }
    let svc = Service::open_temporary(Clock::parse_fixed("2026-11-24 10:42").unwrap()).unwrap();
    let err = svc.import(std::slice::from_ref(&p), &Actor::new("uji"), Lang::En, &mut |_| {}).unwrap_err();
    assert!(matches!(err, ServiceError::Format(FormatError::AmbiguousDates { column: "sampai", .. })));
    assert!(err.message(Lang::En).contains("column sampai"), "{}", err.message(Lang::En));
    assert!(err.message(Lang::Id).contains("kolom sampai"), "{}", err.message(Lang::Id));
    // Without the month-first column the same dates read day first.
    std::fs::write(&p, rows.join("\n").replace("12/13/2024", "2024-12-13")).unwrap();
    assert!(survey_csv(&p).unwrap().sorted);
}

/// The export for people keeps NIK and No. KK as text cells, so a
/// spreadsheet shows and saves all 16 digits.
#[test]
fn the_workbook_export_writes_nik_and_no_kk_as_text_cells() {
    use calamine::{Data, Reader, open_workbook_auto};
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("dtks.xlsx");
    let spec = SampleSpec { households: 3, seed: 2, kelurahan: None, as_of: d(2026, 11, 1) };
    let hs: Vec<Household> = generate(spec).collect();
    dtks::formats::export_xlsx(&path, hs.iter(), &[]).unwrap();
    let mut book = open_workbook_auto(&path).unwrap();
    let sheet = book.worksheet_range("anggota").unwrap();
    let mut rows = sheet.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let (nik, kk) =
        (header.iter().position(|h| h == "nik").unwrap(), header.iter().position(|h| h == "no_kk").unwrap());
    let mut n = 0;
    for r in rows {
        assert!(matches!(&r[nik], Data::String(s) if s.len() == 16), "{:?}", r[nik]);
        assert!(matches!(&r[kk], Data::String(s) if s.len() == 16), "{:?}", r[kk]);
        n += 1;
    }
    assert_eq!(n, hs.iter().map(|h| h.members.len()).sum::<usize>());
}
