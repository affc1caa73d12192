//! Import/export format: round trips and the quirks of files made in Excel.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use dtks::domain::wilayah::Region;
use dtks::domain::*;
use dtks::formats::*;
use dtks::i18n::Lang;
use dtks::sample::{SampleSpec, generate};
use dtks::testkit::{self, date as d};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

/// The shared valid person, with the mother every row here was written with.
fn person(nik: &str, name: &str, rel: Relationship, sex: Sex, birth: NaiveDate) -> Person {
    Person { mother_name: "Romlah".into(), ..testkit::person(nik, name, rel, sex, birth) }
}

/// Two households touching every optional field and awkward text.
fn households() -> Vec<Household> {
    let entry = |status, since, period: Option<&str>, note: &str| StatusEntry {
        period: period.map(String::from),
        source: Source::Ministry,
        note: note.into(),
        ..testkit::status_entry(status, since)
    };
    let mut head = person("3171010501900012", "Rojali", Relationship::Head, Sex::Male, d(1990, 1, 5));
    head.history = vec![entry(DtksStatus::Active, d(2024, 1, 1), Some("2024-01"), "")];
    head.enrolments = vec![
        testkit::enrolment(Programme::JknPbi, EnrolmentStatus::Active, d(2024, 1, 1)),
        Enrolment {
            until: Some(d(2024, 2, 29)),
            ..testkit::enrolment(Programme::Bpnt, EnrolmentStatus::Stopped, d(2022, 2, 1))
        },
    ];
    let mut wife =
        person("3171014501920013", "Siti Nur'aini \"Ani\"", Relationship::Spouse, Sex::Female, d(1992, 1, 5));
    wife.mother_name = "Hj. Maesaroh, S.Pd.".into();
    wife.occupation = Occupation::Homemaker;
    wife.disability = Some(Disability::Sensory);
    wife.not_eligible = vec![NotEligibleReason::Refused, NotEligibleReason::OtherAssistance];
    let mut kid = person("3171015302200001", "Zahra", Relationship::Child, Sex::Female, d(2020, 2, 13));
    kid.marital = MaritalStatus::Single;
    kid.occupation = Occupation::None;
    kid.parent_died_covid = true;
    kid.birthplace = "Café Tegal; Brebes".into();
    let a = Household {
        no_kk: "3171011212150003".into(),
        address: Address { kelurahan: "31.71.01.1001".into(), rw: 5, rt: 12, street: "Gg. Haji Naim, No. 3".into() },
        info: HouseholdInfo { assets: vec![Asset::Television, Asset::Motorcycle], decile: Some(1), ..testkit::info() },
        members: vec![head, wife, kid],
        history: vec![
            entry(DtksStatus::Proposed, d(2023, 10, 2), None, "usulan muskel\nRW 05"),
            entry(DtksStatus::Active, d(2024, 1, 1), Some("2024-01"), ""),
        ],
    };
    let mut lone = person("3175064107550001", "Mpok Romlah", Relationship::Head, Sex::Female, d(1955, 7, 1));
    lone.marital = MaritalStatus::Widowed;
    let b = Household {
        no_kk: "3175060101100001".into(),
        address: Address { kelurahan: "31.75.06.1001".into(), rw: 1, rt: 1, street: String::new() },
        info: HouseholdInfo {
            floor: Floor::Earth,
            wall: Wall::Other,
            roof: Roof::Thatch,
            lighting: Lighting::NoElectricity,
            water: DrinkingWater::Rain,
            sanitation: Sanitation::None,
            cooking_fuel: CookingFuel::Firewood,
            assets: vec![],
            decile: None,
        },
        members: vec![lone],
        history: vec![],
    };
    vec![a, b]
}

/// Rows read back from a set of tables, grouped and assembled per No. KK.
#[derive(Default)]
struct Collected {
    regions: Vec<Region>,
    households: Vec<HouseholdRow>,
    persons: BTreeMap<String, Vec<PersonRow>>,
    history: BTreeMap<String, Vec<HistoryRow>>,
    enrolments: BTreeMap<String, Vec<EnrolmentRow>>,
    rejects: Vec<RowError>,
}

impl Collected {
    fn add(&mut self, row: Row) {
        match row {
            Row::Region(r) => self.regions.push(r),
            Row::Household(h) => self.households.push(h),
            Row::Person(p) => self.persons.entry(p.no_kk.clone()).or_default().push(p),
            Row::History(h) => self.history.entry(h.no_kk.clone()).or_default().push(h),
            Row::Enrolment(e) => self.enrolments.entry(e.no_kk.clone()).or_default().push(e),
        }
    }
    fn add_csv(&mut self, path: &Path) {
        for r in open_csv(path).unwrap() {
            match r {
                Ok(p) => self.add(p.row),
                Err(ReadError::Row(e)) => self.rejects.push(e),
                Err(ReadError::File(e)) => panic!("{e}"),
            }
        }
    }
    fn assemble(mut self) -> Vec<Household> {
        assert!(self.rejects.is_empty(), "{:?}", self.rejects);
        self.households
            .into_iter()
            .map(|hh| {
                let kk = hh.no_kk.clone();
                let (h, unmatched) = assemble(
                    hh,
                    self.persons.remove(&kk).unwrap_or_default(),
                    self.history.remove(&kk).unwrap_or_default(),
                    self.enrolments.remove(&kk).unwrap_or_default(),
                );
                assert!(unmatched.is_empty(), "{unmatched:?}");
                h
            })
            .collect()
    }
}

fn read_dir(dir: &Path) -> Collected {
    let mut c = Collected::default();
    for (_, name) in FILE_NAMES {
        c.add_csv(&dir.join(name));
    }
    c
}

fn regions() -> Vec<Region> {
    vec![
        Region { code: "31.71".into(), name: "Kota Administrasi Jakarta Pusat".into() },
        Region { code: "31.71.01.1001".into(), name: "Gambir".into() },
    ]
}

#[test]
fn csv_round_trip_reproduces_households_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let hs = households();
    assert_eq!(export_csv(dir.path(), hs.iter(), &regions()).unwrap(), 2);
    let bytes = std::fs::read(dir.path().join("persons.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFnik,no_kk,nama,"));
    assert!(String::from_utf8_lossy(&bytes).contains(",1990-01-05,"));
    let c = read_dir(dir.path());
    assert_eq!(c.regions, regions());
    assert_eq!(c.assemble(), hs);
}

#[test]
fn csv_round_trip_of_generated_sample() {
    let dir = tempfile::tempdir().unwrap();
    let spec = SampleSpec { households: 300, seed: 11, kelurahan: None, as_of: d(2024, 12, 13) };
    let hs: Vec<Household> = generate(spec).collect();
    export_csv(dir.path(), hs.iter(), &[]).unwrap();
    assert_eq!(read_dir(dir.path()).assemble(), hs);
}

#[test]
fn xlsx_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dtks.xlsx");
    let mut hs = households();
    let spec = SampleSpec { households: 40, seed: 5, kelurahan: None, as_of: d(2024, 12, 13) };
    hs.extend(generate(spec));
    assert_eq!(export_xlsx(&path, hs.iter(), &regions()).unwrap(), hs.len() as u64);
    let (sheets, warnings) = read_xlsx(&path).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["wilayah", "rumah_tangga", "anggota", "riwayat", "kepesertaan"]);
    let mut c = Collected::default();
    for s in sheets {
        for r in s.rows {
            c.add(r.unwrap().row);
        }
    }
    assert_eq!(c.regions, regions());
    let mut back = c.assemble();
    back.sort_by(|a, b| a.no_kk.cmp(&b.no_kk));
    hs.sort_by(|a, b| a.no_kk.cmp(&b.no_kk));
    assert_eq!(back, hs);
}

#[test]
fn xlsx_dates_numbers_and_sheet_recognition() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kerja.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("Petunjuk").unwrap().write_string(0, 0, "Isi tabel di lembar berikut").unwrap();
    // Sheet named for something else: recognised by its header anyway.
    let ws = wb.add_worksheet().set_name("Sheet2").unwrap();
    for (c, h) in ["NIK", "No_KK", "Program", "Status", "Sejak", "Sampai"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let xd = ExcelDateTime::from_ymd(2024, 12, 13).unwrap();
    // Row 4: a real date cell. Row 5: a serial typed as a plain number.
    // Row 6: NIK typed as a number that lost its last digit.
    ws.write_string(3, 0, "3171010501900012").unwrap();
    ws.write_string(3, 1, "3171011212150003").unwrap();
    ws.write_string(3, 2, "KLJ").unwrap();
    ws.write_string(3, 3, "Aktif").unwrap();
    ws.write_datetime_with_format(3, 4, &xd, &date).unwrap();
    ws.write_string(4, 0, "3171010501900012").unwrap();
    ws.write_string(4, 1, "3171011212150003").unwrap();
    ws.write_string(4, 2, "KAJ").unwrap();
    ws.write_string(4, 3, "aktif").unwrap();
    ws.write_number(4, 4, 45639).unwrap();
    ws.write_number(5, 0, 3171010501900010.0).unwrap();
    ws.write_string(5, 1, "3171011212150003").unwrap();
    ws.write_string(5, 2, "KAJ").unwrap();
    ws.write_string(5, 3, "aktif").unwrap();
    ws.write_string(5, 4, "2024-12-13").unwrap();
    wb.save(&path).unwrap();

    let (sheets, warnings) = read_xlsx(&path).unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].message(Lang::En).contains("'Petunjuk'"), "{warnings:?}");
    assert_eq!(sheets.len(), 1);
    assert_eq!(sheets[0].kind, Kind::Enrolments);
    let rows = &sheets[0].rows;
    assert_eq!(rows.len(), 3);
    match &rows[0] {
        Ok(Parsed { row: Row::Enrolment(e), .. }) => {
            assert_eq!(e.enrolment.since, d(2024, 12, 13));
            assert_eq!(e.enrolment.programme, Programme::Klj);
            assert_eq!(e.enrolment.status, EnrolmentStatus::Active);
        }
        other => panic!("{other:?}"),
    }
    // A serial in a date column is the date it stands for.
    match &rows[1] {
        Ok(Parsed { row: Row::Enrolment(e), line: 5, .. }) => assert_eq!(e.enrolment.since, d(2024, 12, 13)),
        other => panic!("{other:?}"),
    }
    // A NIK that lost its last digit is read as shown and marked, for the
    // import to restore from the register or reject.
    let p = rows[2].as_ref().unwrap();
    assert_eq!(p.line, 6);
    assert_eq!(p.rounded.len(), 1);
    assert_eq!((p.rounded[0].column, p.rounded[0].certain), ("nik", true));
    assert_eq!((p.rounded[0].lo, p.rounded[0].hi), (3171010501900005, 3171010501900015));
}

#[test]
fn excel_indonesian_locale_file() {
    // BOM, ';', CRLF, apostrophe and spaces in NIKs, dd/mm/yyyy and
    // "5 Jan 1992", a NIK in scientific notation, a date serial, blank rows.
    let path = fixture("persons_excel_id.csv");
    let mut r = open_csv(&path).unwrap();
    assert_eq!(r.kind(), Kind::Persons);
    assert_eq!(r.delimiter(), b';');
    let rows: Vec<_> = r.by_ref().collect();
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
    assert_eq!(rows.len(), 4, "blank rows of bare delimiters are skipped");
    let ok: Vec<&Parsed> = rows.iter().filter_map(|x| x.as_ref().ok()).collect();
    assert_eq!(ok.len(), 4, "{rows:?}");
    let person = |i: usize| match &ok[i].row {
        Row::Person(p) => p.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(person(0).person.nik, "3171010501900012");
    assert_eq!(person(0).person.birth_date, d(1990, 1, 5));
    assert_eq!(person(1).person.nik, "3171014501920013");
    assert_eq!(person(1).person.birth_date, d(1992, 1, 5));
    assert_eq!(person(1).person.sex, Sex::Female);
    // A NIK in scientific notation: read as shown and marked for the import
    // to restore from the register or reject.
    assert_eq!(ok[2].line, 4);
    assert_eq!(ok[2].raw[0], "3.17101E+15");
    assert_eq!(person(2).person.nik, "3171010000000000");
    assert_eq!((ok[2].rounded[0].lo, ok[2].rounded[0].hi), (3171005000000000, 3171015000000000));
    // A date serial as text: the date it stands for.
    assert_eq!((ok[3].line, person(3).person.birth_date), (5, d(2024, 12, 13)));
}

#[test]
fn windows_1252_text_is_read_with_a_warning() {
    let mut r = open_csv(fixture("households_cp1252.csv")).unwrap();
    assert_eq!(r.kind(), Kind::Households);
    let row = r.next().unwrap().unwrap().row;
    assert!(r.next().is_none());
    let Row::Household(h) = row else { panic!() };
    assert_eq!(h.address.street, "Gg. Café Haji Naïm No. 3");
    assert_eq!((h.address.rw, h.address.rt), (5, 12));
    assert_eq!(h.info.assets, vec![Asset::Television, Asset::Motorcycle]);
    assert_eq!(h.info.decile, Some(2));
    let w = r.warnings().iter().map(|w| w.message(Lang::En)).collect::<Vec<_>>().join("\n");
    assert!(w.contains("'catatan_petugas'") && w.contains("ignored"), "{w}");
    assert!(w.contains("line 2") && w.contains("Windows-1252"), "{w}");
}

#[test]
fn tab_delimited_with_trailing_empty_lines() {
    let mut r = open_csv(fixture("enrolments_tab.txt")).unwrap();
    assert_eq!((r.kind(), r.delimiter()), (Kind::Enrolments, b'\t'));
    let Row::Enrolment(e) = r.next().unwrap().unwrap().row else { panic!() };
    assert_eq!(e.enrolment.programme, Programme::JknPbi);
    assert_eq!(e.enrolment.since, d(2024, 12, 13));
    assert_eq!(e.enrolment.until, None);
    assert!(r.next().is_none());
    assert_eq!(r.records(), 1);
}

#[test]
fn sep_line_sets_the_delimiter() {
    let mut r = open_csv(fixture("sep_line.csv")).unwrap();
    assert_eq!((r.kind(), r.delimiter()), (Kind::Wilayah, b';'));
    let Row::Region(reg) = r.next().unwrap().unwrap().row else { panic!() };
    assert_eq!(reg.code, "31.71");
}

#[test]
fn structural_errors_name_the_file_and_the_problem() {
    let e = open_csv(fixture("missing_columns.csv")).err().unwrap();
    let msg = e.to_string();
    assert!(msg.contains("missing_columns.csv") && msg.contains("tempat_lahir, nama_ibu"), "{msg}");
    assert!(matches!(e, FormatError::MissingColumns { kind: Kind::Persons, .. }));

    let e = open_csv(fixture("empty.csv")).err().unwrap();
    assert!(matches!(e, FormatError::Empty { .. }), "{e}");
    assert!(e.to_string().contains("empty.csv"));

    let e = open_csv(fixture("unicode_text.txt")).err().unwrap();
    assert!(e.to_string().contains("CSV UTF-8"), "{e}");

    let mut r = open_csv(fixture("header_only.csv")).unwrap();
    assert_eq!(r.kind(), Kind::History);
    assert!(r.next().is_none());
    assert_eq!(r.records(), 0);

    let e = open_csv(fixture("does_not_exist.csv")).err().unwrap();
    assert!(matches!(e, FormatError::Io { .. }));
}

#[test]
fn rejects_file_reimports_as_is_and_after_fixing() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("persons.csv");
    let original = std::fs::read_to_string(fixture("persons_excel_id.csv")).unwrap();
    std::fs::write(&src, original.replace("3.17101E+15", "3171011312A80014").replace(";45639;", ";99999;")).unwrap();
    let reader = open_csv(&src).unwrap();
    let rejects_path = RejectsWriter::path_for(&src, None);
    assert_eq!(rejects_path, dir.path().join("persons.rejects.csv"));
    let mut rw = RejectsWriter::new(rejects_path.clone(), &reader.header().names, reader.delimiter(), Lang::Id);
    for r in reader {
        if let Err(ReadError::Row(e)) = r {
            rw.write(&e).unwrap();
        }
    }
    assert_eq!(rw.count(), 2);
    assert_eq!(rw.finish().unwrap(), Some(rejects_path.clone()));
    let text = std::fs::read_to_string(&rejects_path).unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.ends_with(";alasan") && first.starts_with("\u{feff}nik;no_kk;"), "{first}");
    assert!(text.contains("baris 4: kolom nik:"), "{text}");

    // As is: same rows rejected again, the reason column ignored silently.
    let mut again = open_csv(&rejects_path).unwrap();
    let rows: Vec<_> = again.by_ref().collect();
    assert!(again.warnings().is_empty(), "{:?}", again.warnings());
    assert_eq!(rows.iter().filter(|r| r.is_err()).count(), 2);
    let mut rw2 = RejectsWriter::new(dir.path().join("again.csv"), &again.header().names, b';', Lang::En);
    for r in rows {
        if let Err(ReadError::Row(e)) = r {
            rw2.write(&e).unwrap();
        }
    }
    rw2.finish().unwrap();
    let again_text = std::fs::read_to_string(dir.path().join("again.csv")).unwrap();
    assert_eq!(again_text.lines().next().unwrap().matches("alasan").count(), 1);

    // Fixed by the user: every row now reads.
    let fixed = text.replace("3171011312A80014", "3171011312180014").replace(";99999;", ";13-12-2018;");
    std::fs::write(&rejects_path, fixed).unwrap();
    let rows: Vec<_> = open_csv(&rejects_path).unwrap().collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.is_ok()), "{rows:?}");
}

#[test]
fn no_rejects_means_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.rejects.csv");
    let rw = RejectsWriter::new(p.clone(), &["nik".into()], b',', Lang::Id);
    assert_eq!(rw.finish().unwrap(), None);
    assert!(!p.exists());
}

#[test]
fn assemble_reports_rows_for_unknown_members() {
    let hs = households();
    let h = &hs[0];
    let hh = HouseholdRow { no_kk: h.no_kk.clone(), address: h.address.clone(), info: h.info.clone() };
    let stray = EnrolmentRow {
        nik: "3171019999990001".into(),
        no_kk: h.no_kk.clone(),
        enrolment: h.members[0].enrolments[0].clone(),
    };
    let other_kk = HistoryRow { no_kk: "3175060101100001".into(), nik: None, entry: h.history[0].clone() };
    let (out, unmatched) = assemble(hh, vec![], vec![other_kk.clone()], vec![stray.clone()]);
    assert!(out.members.is_empty() && out.history.is_empty());
    assert_eq!(unmatched, vec![Unmatched::History(other_kk), Unmatched::Enrolment(stray)]);
}

#[test]
fn line_numbers_count_blank_lines_and_multiline_cells_in_crlf_files() {
    let dir = tempfile::tempdir().unwrap();
    for nl in ["\r\n", "\n"] {
        let p = dir.path().join("w.csv");
        let text = ["code,name", "31,DKI", "", "", "3x,X", "\"3y\",\"a", "b\"", "3z,X"].join(nl);
        std::fs::write(&p, text).unwrap();
        // A region name never spans lines: the quoted one on line 6 stops
        // the file there, naming its line (an address that does span lines
        // is in tests/csv_structure.rs).
        let lines: Vec<(u64, bool)> = open_csv(&p)
            .unwrap()
            .filter_map(|r| match r {
                Err(ReadError::Row(e)) => Some((e.line, false)),
                Err(ReadError::File(FormatError::QuoteRunsOver { line, .. })) => Some((line, true)),
                _ => None,
            })
            .collect();
        assert_eq!(lines, [(5, false), (6, true)], "{nl:?}");
    }
}

/// Strings Excel would run as formulas, and values that begin with an
/// apostrophe of their own.
const FORMULAS: [&str; 9] = [
    "=HYPERLINK(\"http://contoh.invalid\",\"klik\")",
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)",
    "-2+3",
    "@SUM(A1)",
    "'=1+1",
    "'Ujang",
    "''",
    "Siti =Aminah",
];

/// The sample households with a formula string in every free-text field,
/// each string used at least once.
fn hostile_households() -> Vec<Household> {
    let mut hs = households();
    let mut k = 0;
    let mut next = || {
        k += 1;
        String::from(FORMULAS[(k - 1) % FORMULAS.len()])
    };
    for h in hs.iter_mut() {
        h.address.street = next();
        for p in h.members.iter_mut() {
            p.name = next();
            p.mother_name = next();
            p.birthplace = next();
        }
        for e in h.history.iter_mut() {
            e.note = next();
        }
    }
    assert!(k >= FORMULAS.len());
    hs
}

#[test]
fn formula_strings_are_text_in_the_csv_export_and_read_back_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let hs = hostile_households();
    let regions = vec![Region { code: "31.71".into(), name: "=HYPERLINK(\"x\")".into() }];
    export_csv(dir.path(), hs.iter(), &regions).unwrap();
    let mut cells = 0;
    for (_, name) in FILE_NAMES {
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_path(dir.path().join(name)).unwrap();
        for rec in r.records() {
            for f in rec.unwrap().iter() {
                cells += 1;
                assert!(!f.starts_with(['=', '+', '-', '@', '\t', '\r']), "{name}: {f:?} would run in Excel");
            }
        }
    }
    assert!(cells > 50);
    let all: String = FILE_NAMES.iter().map(|(_, n)| std::fs::read_to_string(dir.path().join(n)).unwrap()).collect();
    for marked in ["\"'=HYPERLINK(", ",'-2+3,", ",''Ujang,", ",''=1+1,", ",'@SUM(A1),", ",Siti =Aminah,"] {
        assert!(all.contains(marked), "{marked} in {all}");
    }
    let c = read_dir(dir.path());
    assert_eq!(c.regions, regions);
    assert_eq!(c.assemble(), hs);
}

#[test]
fn formula_strings_stay_plain_text_in_the_workbook_and_read_back_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dtks.xlsx");
    let hs = hostile_households();
    export_xlsx(&path, hs.iter(), &regions()).unwrap();
    // Stored as text cells (never run), without a mark unless import needs one.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let mut cells = Vec::new();
    for sheet in ["rumah_tangga", "anggota", "riwayat"] {
        let range = calamine::Reader::worksheet_range(&mut book, sheet).unwrap();
        cells.extend(range.rows().skip(1).flat_map(|r| r.to_vec()));
    }
    assert!(cells.contains(&calamine::Data::String(FORMULAS[0].into())), "{cells:?}");
    assert!(cells.contains(&calamine::Data::String("''=1+1".into())), "{cells:?}");
    assert!(cells.contains(&calamine::Data::String("'Ujang".into())), "{cells:?}");
    let (sheets, _) = read_xlsx(&path).unwrap();
    let mut c = Collected::default();
    for s in sheets {
        for r in s.rows {
            c.add(r.unwrap().row);
        }
    }
    assert_eq!(c.assemble(), hs);
}
