//! The counts screen and the lists it opens agree: for every row of every
//! column on the sample register, Enter opens a list whose total (shown,
//! counted by the list itself, and read whole) is the row's count.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use dtks::i18n::{Lang, fmt_count};
use dtks::service::{Actor, Clock, Service};
use dtks::tui::App;
use dtks::tui::screens::Screen;

#[path = "support/app.rs"]
mod app_support;
use app_support::{app_as, press, screen, typed};

const NOW: &str = "2026-11-24 10:42";

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

/// From the counts screen: every row of all six columns opened and its
/// list's totals compared with the row; returns the rows checked.
fn every_row_agrees_with_its_list(a: &mut App, svc: &Service) -> usize {
    let mut checked = 0;
    for _ in 0..6 {
        let Screen::Counts(c) = a.screen() else { panic!("not on the counts screen") };
        assert!(!c.counting());
        let (column, groups) = (c.column(), c.groups().to_vec());
        assert!(!groups.is_empty(), "{column:?}");
        for (i, g) in groups.iter().enumerate() {
            press(a, &["home"]);
            press(a, &vec!["down"; i]);
            press(a, &["enter"]);
            let Screen::Households(s) = a.screen() else { panic!("{column:?} {} opened no list", g.code) };
            let f = s.filter();
            let what = format!("{column:?} {} ({f:?})", g.code);
            assert_eq!(s.count(), Some(g.households), "{what}");
            assert_eq!(svc.list_total(&f).unwrap(), g.households, "{what}");
            let whole = svc.whole_list(&f).unwrap();
            assert_eq!(whole.len() as u64, g.households, "{what}");
            // The persons of the row are members of those households.
            let members: u64 = whole.iter().map(|h| h.members.len() as u64).sum();
            assert!(g.persons <= members && (g.households == 0) == (g.persons == 0), "{what}");
            if g.households > 0 {
                let shown = screen(a, 80, 24);
                let total = format!("dari {} keluarga", fmt_count(Lang::Id, g.households));
                assert!(shown.contains(&total), "{what}: {shown}");
            }
            press(a, &["esc"]);
            checked += 1;
        }
        press(a, &["tab"]);
    }
    checked
}

#[test]
fn every_count_of_the_whole_register_is_the_total_of_its_list() {
    let svc = service();
    let mut a = app_as(svc.clone(), Lang::Id, "tes");
    press(&mut a, &["r", "tab", "f"]);
    // Kelurahan, its RWs, 7 programmes, 3 statuses, 2 sexes, 4 age bands.
    assert!(every_row_agrees_with_its_list(&mut a, &svc) >= 1 + 10 + 7 + 3 + 2 + 4);
}

#[test]
fn every_count_of_a_searched_list_is_the_total_of_its_list() {
    let svc = service();
    let mut a = app_as(svc.clone(), Lang::Id, "tes");
    press(&mut a, &["r"]);
    typed(&mut a, "sit");
    press(&mut a, &["tab", "f"]);
    assert!(every_row_agrees_with_its_list(&mut a, &svc) >= 17);
}

#[test]
fn a_count_opened_from_a_count_agrees_too() {
    // Women first, then their households counted by age band: the list of
    // one band keeps both the sex and the band.
    let svc = service();
    let mut a = app_as(svc.clone(), Lang::Id, "tes");
    press(&mut a, &["r", "tab", "f", "tab", "tab", "tab", "tab"]);
    let Screen::Counts(c) = a.screen() else { panic!() };
    assert_eq!(c.column(), dtks::service::browse::CountColumn::Sex);
    let women = c.groups().iter().position(|g| g.code == "P").unwrap();
    press(&mut a, &vec!["down"; women]);
    press(&mut a, &["enter"]);
    let shown = screen(&mut a, 80, 24);
    assert!(shown.contains("ada anggota Perempuan"), "{shown}");
    press(&mut a, &["f"]);
    assert!(every_row_agrees_with_its_list(&mut a, &svc) >= 1 + 10 + 7 + 3 + 1 + 4);
}
