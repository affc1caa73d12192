//! Enrolments an office file brings name that file, its layout and the
//! import, wherever enrolments are shown and through dtks's own CSV; the ID
//! DTKS is written in the same atomic write as its household.

use std::sync::Arc;

use dtks::domain::{EnrolmentSource, Household, Programme};
use dtks::i18n::Lang;
use dtks::service::{Actor, Service};
use dtks::store::kinds;

#[path = "support/office.rs"]
mod office;
use office::{fixtures, import, service};
#[path = "support/app.rs"]
mod app_support;
use app_support::{app_as, press, screen, typed};

const KK: &str = "3174041106180002";

fn household(svc: &Service, kk: &str) -> Household {
    svc.household(kk).unwrap().unwrap_or_else(|| panic!("household {kk} not in the register"))
}

fn at(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// The register after the SIAK household and the DTKS rows of it.
fn dtks_imported(dir: &std::path::Path) -> Service {
    let svc = service();
    import(&svc, &dir.join("siak-dtks-households.csv"));
    let r = import(&svc, &dir.join("dtks-art.csv"));
    assert_eq!(r.rejected, 0, "{:?}", r.warnings);
    svc
}

#[test]
fn dtks_flags_become_enrolments_that_name_their_file_layout_and_import() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = dtks_imported(&dir);
    let h = household(&svc, KK);
    let want =
        EnrolmentSource { layout: "dtks-art".into(), file: "dtks-art.csv".into(), imported_at: at("2026-11-24 10:42") };
    assert_eq!(h.members[0].enrolment(Programme::Pkh).unwrap().source.as_ref(), Some(&want));
    assert_eq!(h.members[1].enrolment(Programme::JknPbi).unwrap().source.as_ref(), Some(&want));
    // Again: nothing changes, the source included.
    let again = import(&svc, &dir.join("dtks-art.csv"));
    assert_eq!((again.households, again.unchanged, again.rejected), (0, 1, 0));
    assert_eq!(household(&svc, KK), h);
}

#[test]
fn the_source_goes_through_dtks_own_csv_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = dtks_imported(&dir);
    let out = tmp.path().join("ekspor");
    svc.export(&dtks::testkit::owner(), &out, false).unwrap();
    let enrolments = std::fs::read_to_string(out.join("enrolments.csv")).unwrap();
    assert!(enrolments.lines().next().unwrap().ends_with("sampai,sumber_format,sumber_berkas,sumber_diimpor"));
    assert!(enrolments.contains(",PKH,aktif,2026-11-24,,dtks-art,dtks-art.csv,2026-11-24 10:42:00"), "{enrolments}");
    let copy = service();
    let r = copy.import(&[out], &Actor::new("uji"), Lang::En, &mut |_| {}).unwrap();
    assert_eq!(r.rejected, 0, "{:?}", r.warnings);
    assert_eq!(household(&copy, KK), household(&svc, KK));
}

#[test]
fn the_id_dtks_is_written_in_its_households_write_and_not_for_a_rejected_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    // DTKS rows of a household the register lacks are rejected (no RT/RW):
    // no ID DTKS is kept for it.
    let svc = service();
    let r = import(&svc, &dir.join("dtks-art.csv"));
    assert_eq!(r.rejected, 3);
    assert_eq!(svc.household_ids(KK).unwrap(), None);
    assert_eq!(svc.record_version(kinds::OFFICE_IDS, KK).unwrap(), 0);
    let svc = dtks_imported(&dir);
    assert_eq!(svc.household_ids(KK).unwrap().unwrap().bdt_id, "3174040002000123");
    let written = svc.household_version(KK).unwrap();
    assert!(written > 0);
    assert_eq!(svc.record_version(kinds::OFFICE_IDS, KK).unwrap(), written, "one write, one audit event");
}

#[test]
fn the_household_and_person_screens_say_where_an_enrolment_came_from() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = Arc::new(dtks_imported(&dir));
    let mut a = app_as(Arc::clone(&svc), Lang::Id, "uji");
    press(&mut a, &["r"]);
    typed(&mut a, "slamet");
    press(&mut a, &["enter", "pagedown"]);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("dari dtks-art.csv (baris individu (ART) DTKS), diimpor 24 Nov 2026 10:42"), "{s}");
    insta::assert_snapshot!("household_enrolment_source_80x24", s);
    let mut a = app_as(svc, Lang::En, "uji");
    press(&mut a, &["r"]);
    typed(&mut a, "slamet");
    press(&mut a, &["enter", "enter", "end"]);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("from dtks-art.csv (DTKS individual (ART) rows), imported 24 Nov 2026 10:42"), "{s}");
}

/// Sta_hamil 1 on a DTKS row: the person screen says so, with no date.
#[test]
fn the_person_screen_says_a_pregnancy_the_file_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = Arc::new(dtks_imported(&dir));
    let mut a = app_as(svc, Lang::Id, "uji");
    press(&mut a, &["r"]);
    typed(&mut a, "dewi lestari");
    press(&mut a, &["enter", "enter", "pagedown"]);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("DEWI LESTARI"), "{s}");
    assert!(s.contains("Hamil                 ya (tanggal mulai tidak tercatat)"), "{s}");
}
