//! OpenSID's programme workbooks (its "Program" and "Peserta" sheets)
//! become enrolments that name their file, recognised by their contents.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use dtks::domain::{EnrolmentStatus, Household, Programme};
use dtks::formats::office::{Layout, OfficeFileError};
use dtks::service::import::office::Preview;
use dtks::service::{Refusal, Service, ServiceError};

#[path = "support/office.rs"]
mod office;
use office::{fixtures, import, import_in, service};

const KK: &str = "3171012003150001";
const SRI: &str = "3171014708830002";
const ANDI: &str = "3171011501100003";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn household(svc: &Service, kk: &str) -> Household {
    svc.household(kk).unwrap().unwrap_or_else(|| panic!("household {kk} not in the register"))
}

/// A workbook as OpenSID writes one: the Program sheet's key/value rows
/// (with `program` replacing rows by key) and the Peserta sheet.
fn workbook(dir: &Path, name: &str, program: &[(&str, &str)], peserta: Option<&str>) -> PathBuf {
    let sheet_rows = std::fs::read_to_string(dir.join("opensid-program-sheet.csv")).unwrap();
    let participants = match peserta {
        Some(p) => p.to_string(),
        None => std::fs::read_to_string(dir.join("opensid-peserta.csv")).unwrap(),
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet().set_name("Program").unwrap();
    for (r, line) in sheet_rows.lines().enumerate() {
        let (key, value) = line.split_once(',').unwrap();
        let value = program.iter().find(|(k, _)| *k == key).map_or(value, |(_, v)| *v);
        s.write_string(r as u32, 0, key).unwrap();
        s.write_string(r as u32, 1, ":").unwrap();
        s.write_string(r as u32, 2, value).unwrap();
    }
    let s = book.add_worksheet().set_name("Peserta").unwrap();
    for (r, line) in participants.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            s.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let path = dir.join(name);
    book.save(&path).unwrap();
    path
}

#[test]
fn a_programme_workbook_enrols_its_participants_with_their_source() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    import(&svc, &dir.join("siak.csv"));
    let book = workbook(&dir, "bantuan.xlsx", &[], None);
    let r = import(&svc, &book);
    assert_eq!(r.office[0].layout, Layout::OpenSidProgram);
    assert_eq!((r.updated, r.rejected), (1, 2), "{:?}", r.warnings);
    // Sasaran 2 (keluarga): the card holder of the KK is enrolled.
    let h = household(&svc, KK);
    let sri = h.member(SRI).unwrap().enrolment(Programme::Pkh).unwrap();
    assert_eq!((sri.status, sri.since, sri.until), (EnrolmentStatus::Active, date(2026, 1, 1), None));
    let source = sri.source.as_ref().unwrap();
    assert_eq!((source.layout.as_str(), source.file.as_str()), ("opensid-program", "bantuan.xlsx#Peserta"));
    assert!(h.head().unwrap().enrolments.is_empty());
    // A KK the register lacks, and a card holder who is no member of the KK.
    let text = std::fs::read_to_string(dir.join("bantuan.Peserta.rejects.csv")).unwrap();
    assert!(text.contains("participant 3171019912310001 is not in the register"), "{text}");
    assert!(text.contains("the card holder's NIK 3171011010800009 is no member of KK 3171012003150001"), "{text}");
    // Again: nothing changes.
    let again = import(&svc, &book);
    assert_eq!((again.households, again.unchanged), (0, 1));
    assert_eq!(household(&svc, KK), h);
}

#[test]
fn a_programme_for_persons_names_a_nik_and_one_that_ended_is_stopped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    import(&svc, &dir.join("siak.csv"));
    let peserta = format!("Peserta,No. Peserta,NIK,Nama\n{ANDI},,{ANDI},ANDI SANTOSO\n");
    let program = [
        ("Nama Program", "Program Sembako"),
        ("Sasaran Program", "1 (Penduduk)"),
        ("Rentang Waktu (Awal)", "2025-01-01"),
        ("Rentang Waktu (Akhir)", "2025-12-31"),
    ];
    let r = import(&svc, &workbook(&dir, "sembako.xlsx", &program, Some(&peserta)));
    assert_eq!((r.updated, r.rejected), (1, 0), "{:?}", r.warnings);
    let e = household(&svc, KK).member(ANDI).unwrap().enrolment(Programme::Bpnt).unwrap().clone();
    assert_eq!((e.status, e.since, e.until), (EnrolmentStatus::Stopped, date(2025, 1, 1), Some(date(2025, 12, 31))));
}

#[test]
fn a_programme_dtks_does_not_run_or_for_groups_is_rejected_row_by_row() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    import(&svc, &dir.join("siak.csv"));
    let before = household(&svc, KK);
    let r = import(&svc, &workbook(&dir, "blt.xlsx", &[("Nama Program", "BLT Dana Desa")], None));
    assert_eq!((r.households, r.rejected), (0, 3));
    let text = std::fs::read_to_string(dir.join("blt.Peserta.rejects.csv")).unwrap();
    assert_eq!(text.matches("programme 'BLT Dana Desa' is not one dtks runs").count(), 3, "{text}");
    let r = import(&svc, &workbook(&dir, "kelompok.xlsx", &[("Sasaran Program", "4")], None));
    assert_eq!((r.households, r.rejected), (0, 3));
    let text = std::fs::read_to_string(dir.join("kelompok.Peserta.rejects.csv")).unwrap();
    assert!(text.contains("the programme's sasaran '4' is a group"), "{text}");
    assert_eq!(household(&svc, KK), before);
}

#[test]
fn a_participants_sheet_alone_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    match import_in(&svc, &dir.join("opensid-peserta.csv"), None) {
        Err(ServiceError::Refused(Refusal::Office(OfficeFileError::NoProgramme { .. }))) => {}
        other => panic!("{other:?}"),
    }
    let e = import_in(&svc, &dir.join("opensid-peserta.csv"), None).unwrap_err();
    assert!(
        e.message(dtks::i18n::Lang::En).contains("its Program and Peserta sheets together"),
        "{}",
        e.message(dtks::i18n::Lang::En)
    );
}

#[test]
fn explain_shows_the_enrolments_a_workbook_would_make() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    import(&svc, &dir.join("siak.csv"));
    let book = workbook(&dir, "bantuan.xlsx", &[], None);
    let ex = svc.explain_office(&book, None).unwrap();
    assert_eq!(ex.len(), 1, "the Program sheet is the programme, not a table");
    let rows: Vec<String> = ex[0].preview.iter().map(|p| format!("{p:?}")).collect();
    assert!(ex[0].preview.iter().any(|p| matches!(p, Preview::Stored { .. })), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains(SRI) && r.contains("PKH")), "{rows:?}");
    assert_eq!(ex[0].preview.iter().filter(|p| matches!(p, Preview::Rejected { .. })).count(), 2);
    assert!(svc.household(KK).unwrap().unwrap().member(SRI).unwrap().enrolments.is_empty(), "nothing imported");
}
