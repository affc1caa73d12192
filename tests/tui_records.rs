//! What the detail screens say about the records themselves, on the sample
//! register: a NIK recorded in two KKs is flagged on the person and the
//! household with both households, and one key goes to the other; a
//! stopped enrolment says when it started and when it ended.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use dtks::i18n::Lang;
use dtks::service::{Actor, Clock, Service};
use dtks::tui::App;
use dtks::tui::screens::Screen;

#[path = "support/app.rs"]
mod app_support;
use app_support::{app_as, press, screen, typed};

const NOW: &str = "2026-11-24 10:42";
/// Cicih Pratama, recorded in two KKs (`dtks duplicates` lists her).
const CICIH: &str = "3175035504691898";
const CICIH_KK: &str = "3175032612211967";
const CICIH_OTHER_KK: &str = "3175032701069215";
/// A KLJ enrolment stopped on 24 Jun 2025, begun on 1 Jan 2024.
const STOPPED: &str = "3175032708492018";

fn service() -> Arc<Service> {
    static SVC: OnceLock<Arc<Service>> = OnceLock::new();
    SVC.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let svc = Service::open(&dir.path().join("db"), true, Clock::parse_fixed(NOW).unwrap()).unwrap();
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
        svc.import(&[data], &Actor::new("tes"), Lang::Id, &mut |_| {}).unwrap();
        // The directory must outlive the store; the test process ends first.
        std::mem::forget(dir);
        Arc::new(svc)
    })
    .clone()
}

/// The household of the NIK found by the search, its member selected.
fn household_of(nik: &str, lang: Lang) -> App {
    let mut a = app_as(service(), lang, "tes");
    press(&mut a, &["r"]);
    typed(&mut a, nik);
    press(&mut a, &["enter"]);
    assert!(matches!(a.screen(), Screen::Household(_)));
    a
}

fn snap(name: &str, a: &mut App) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(a, 80, 24));
}

#[test]
fn the_service_finds_both_households_of_a_shared_nik_through_the_index() {
    let svc = service();
    let homes = svc.nik_homes(&dtks::testkit::owner(), CICIH).unwrap();
    let kks: Vec<&str> = homes.iter().map(|h| h.no_kk.as_str()).collect();
    assert_eq!(kks, [CICIH_KK, CICIH_OTHER_KK]);
    assert!(homes.iter().all(|h| h.kelurahan_name == "Kampung Melayu" && h.name == "Cicih Pratama"));
    assert_eq!(homes[0].head, "Darsono Nasution");
    assert_eq!(homes[1].head, "Arif Simanjuntak");
    assert_eq!((homes[0].rt, homes[0].rw), (10, 11));
    // One household only: nothing shared.
    let alone = svc.nik_homes(&dtks::testkit::owner(), STOPPED).unwrap();
    assert_eq!(alone.len(), 1);
    let h = svc.household(&alone[0].no_kk).unwrap().unwrap();
    assert!(svc.shared_niks(&dtks::testkit::owner(), &h).unwrap().is_empty());
    let h = svc.household(CICIH_KK).unwrap().unwrap();
    let shared = svc.shared_niks(&dtks::testkit::owner(), &h).unwrap();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0].0, CICIH);
    assert_eq!(shared[0].1, homes);
}

#[test]
fn a_shared_nik_is_flagged_on_the_person_with_both_places_and_o_goes_to_the_other() {
    let mut a = household_of(CICIH, Lang::Id);
    press(&mut a, &["enter"]);
    let Screen::Person(p) = a.screen() else { panic!() };
    assert_eq!(p.homes().len(), 2);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("NIK ini tercatat di 2 KK"), "{text}");
    assert!(text.contains(&format!("KK {CICIH_KK} (KK ini)")), "{text}");
    assert!(text.contains(&format!("KK {CICIH_OTHER_KK} · Kampung Melayu RT 002/RW 013")), "{text}");
    assert!(text.contains("O KK lain (NIK ganda)"), "the footer names the key: {text}");
    snap("person_shared_nik", &mut a);
    // Further down, the NIK section no longer says all is well.
    press(&mut a, &["end"]);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("NIK tercatat di 2 KK (lihat di atas)"), "{text}");
    assert!(!text.contains("NIK sesuai dengan data"), "{text}");

    // O: the other household, the same person selected there.
    press(&mut a, &["O"]);
    let Screen::Household(h) = a.screen() else { panic!("O opened no household") };
    assert_eq!(h.household().no_kk, CICIH_OTHER_KK);
    let sel = h.selected_member().unwrap();
    assert_eq!(h.household().members[sel].nik, CICIH);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains(&format!("juga di KK {CICIH_KK}")), "{text}");
    // And back again from there.
    press(&mut a, &["O"]);
    let Screen::Household(h) = a.screen() else { panic!() };
    assert_eq!(h.household().no_kk, CICIH_KK);
}

#[test]
fn a_shared_nik_is_flagged_on_the_household_in_both_languages() {
    let mut a = household_of(CICIH, Lang::Id);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains(&format!("! NIK ganda: Cicih Pratama ({CICIH}) juga di KK {CICIH_OTHER_KK}")), "{text}");
    assert!(text.contains("O KK lain (NIK ganda)"), "{text}");
    snap("household_shared_nik", &mut a);
    let mut a = household_of(CICIH, Lang::En);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("! Duplicate NIK: Cicih Pratama"), "{text}");
    snap("household_shared_nik_en", &mut a);
    // A household without one has neither the flag nor the key.
    let mut a = household_of(STOPPED, Lang::Id);
    let text = screen(&mut a, 80, 24);
    assert!(!text.contains("NIK ganda") && !text.contains("KK lain"), "{text}");
    press(&mut a, &["O"]);
    assert!(matches!(a.screen(), Screen::Household(_)));
}

#[test]
fn a_stopped_enrolment_shows_since_and_until() {
    let mut a = household_of(STOPPED, Lang::Id);
    press(&mut a, &["pgdn", "pgdn", "pgdn"]);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Berhenti     (sejak 1 Jan 2024, sampai 24 Jun 2025)"), "{text}");
    press(&mut a, &["enter"]);
    let Screen::Person(_) = a.screen() else { panic!() };
    let mut text = String::new();
    for _ in 0..6 {
        text.push_str(&screen(&mut a, 80, 24));
        press(&mut a, &["pgdn"]);
    }
    assert!(text.contains("KLJ Berhenti (sejak 1 Jan 2024, sampai 24 Jun 2025)"), "{text}");
    let mut a = household_of(STOPPED, Lang::En);
    press(&mut a, &["enter"]);
    let mut text = String::new();
    for _ in 0..6 {
        text.push_str(&screen(&mut a, 80, 24));
        press(&mut a, &["pgdn"]);
    }
    assert!(text.contains("(since 1 Jan 2024, until 24 Jun 2025)"), "{text}");
}
