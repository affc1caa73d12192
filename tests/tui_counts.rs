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
            assert_eq!(svc.list_total(&dtks::testkit::owner(), &f).unwrap(), g.households, "{what}");
            let whole = svc.whole_list(&dtks::testkit::owner(), &f).unwrap();
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

/// The key a terminal sends for one character.
fn key(c: char) -> dtks::tui::keymap::KeyChord {
    c.to_string().parse().unwrap()
}

#[test]
fn a_list_count_for_an_older_search_is_cancelled_never_shown_and_a_new_one_started() {
    use dtks::service::browse::Filter;
    use dtks::tui::job::{Job, JobDone};
    use dtks::tui::screens::{Cx, Effect, Households};

    let svc = service();
    let actor = Actor::new("tes");
    let cx = Cx::new(&svc, Lang::Id, &[], &actor);
    // The whole register is counted already: no job.
    let mut s = Households::new(&cx);
    assert!(s.next_job().is_none());
    assert_eq!(s.count(), Some(svc.household_count().unwrap()));

    // "s" starts a count; "si", typed before it ran, cancels it and starts
    // its own at once.
    let Effect::Job(first) = s.type_key(key('s'), &cx) else { panic!("no count started for 's'") };
    let Job::ListTotal { filter: f1, cancel: c1 } = first.clone() else { panic!() };
    assert_eq!(f1.query, "s");
    let Effect::Job(second) = s.type_key(key('i'), &cx) else { panic!("no count started for 'si'") };
    let Job::ListTotal { filter: f2, cancel: c2 } = second.clone() else { panic!() };
    assert_eq!(f2.query, "si");
    assert!(c1.is_cancelled() && !c2.is_cancelled());
    assert_eq!(s.counting().map(|(f, _)| f.query.as_str()), Some("si"));

    // The cancelled job stops without a total and is not taken.
    let done = first.run(&svc, &dtks::testkit::owner(), Lang::Id);
    assert!(matches!(&done, JobDone::ListTotal { result: Ok(None), .. }), "{done:?}");
    assert!(!s.on_job(&done, &cx));
    assert_eq!(s.count(), None);
    // Nor is the old list's total had it finished first.
    let stale = JobDone::ListTotal { filter: f1.clone(), cancel: c1, result: Ok(Some(7)) };
    assert!(!s.on_job(&stale, &cx));
    assert_eq!(s.count(), None);
    assert!(screen_of(&mut s).contains("menghitung"));

    // The new one gives the new list's total, and nothing more is asked.
    let done = second.run(&svc, &dtks::testkit::owner(), Lang::Id);
    assert!(s.on_job(&done, &cx));
    let want = svc.list_total(&dtks::testkit::owner(), &Filter { query: "si".into(), ..Filter::default() }).unwrap();
    assert!(want > 50, "{want}");
    assert_eq!(s.count(), Some(want));
    assert!(s.next_job().is_none());

    // Back to "s": counted afresh, with a flag of its own.
    let Effect::Job(third) = s.type_key(dtks::tui::keymap::KeyChord::plain(crossterm::event::KeyCode::Backspace), &cx)
    else {
        panic!("no count started for 's' again")
    };
    let Job::ListTotal { filter: f3, cancel: c3 } = third.clone() else { panic!() };
    assert_eq!(f3, f1);
    // Leaving the screen stops its count.
    drop(s);
    assert!(c3.is_cancelled());
    assert!(matches!(third.run(&svc, &dtks::testkit::owner(), Lang::Id), JobDone::ListTotal { result: Ok(None), .. }));
}

#[test]
fn a_list_total_stops_reading_once_told_to() {
    use dtks::service::browse::{Filter, STOP_EVERY};
    let svc = service();
    let f = Filter { query: "a".into(), ..Filter::default() };
    assert_eq!(svc.list_total_until(&dtks::testkit::owner(), &f, &|| true).unwrap(), None);
    // Told to stop at its second look: it has read about one stretch.
    let looks = std::cell::Cell::new(0);
    let stop = || {
        looks.set(looks.get() + 1);
        looks.get() >= 2
    };
    assert_eq!(svc.list_total_until(&dtks::testkit::owner(), &f, &stop).unwrap(), None);
    assert_eq!(looks.get(), 2);
    // Never told: the full count, having looked once per stretch read.
    let looks = std::cell::Cell::new(0);
    let total = svc
        .list_total_until(&dtks::testkit::owner(), &f, &|| {
            looks.set(looks.get() + 1);
            false
        })
        .unwrap()
        .unwrap();
    assert_eq!(total, svc.list_total(&dtks::testkit::owner(), &f).unwrap());
    assert!(looks.get() >= 2 && looks.get() <= 1 + 1500 / STOP_EVERY + 1, "{}", looks.get());
}

/// A households screen drawn alone at 80×24.
fn screen_of(s: &mut dtks::tui::screens::Households) -> String {
    let ui = dtks::tui::Ui { lang: Lang::Id, theme: dtks::tui::Theme::new(false) };
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| s.render(f, f.area(), &ui)).unwrap();
    term.backend().to_string()
}

#[test]
fn a_count_of_the_column_left_or_of_a_closed_counts_screen_is_cancelled() {
    use dtks::service::browse::Filter;
    use dtks::tui::action::Action;
    use dtks::tui::job::{Job, JobDone};
    use dtks::tui::screens::{Counts, Cx, Effect};

    let svc = service();
    let actor = Actor::new("tes");
    let cx = Cx::new(&svc, Lang::Id, &[], &actor);
    let (mut c, first) = Counts::new(Filter::default(), None);
    let Some(first @ Job::Count { .. }) = first else { panic!("no count started") };
    let Job::Count { cancel: c1, .. } = first.clone() else { panic!() };
    // Tab before it ran: the kelurahan count is cancelled, the RW one runs.
    let Effect::Job(second) = c.handle(Action::NextPane, &cx) else { panic!("no count for the next column") };
    let Job::Count { cancel: c2, .. } = second.clone() else { panic!() };
    assert!(c1.is_cancelled() && !c2.is_cancelled());
    let done = first.run(&svc, &dtks::testkit::owner(), Lang::Id);
    assert!(matches!(&done, JobDone::Count { result: Ok(None), .. }), "{done:?}");
    assert!(!c.on_job(&done, &cx));
    assert!(c.counting());
    let done = second.run(&svc, &dtks::testkit::owner(), Lang::Id);
    assert!(c.on_job(&done, &cx));
    assert!(!c.counting() && !c.groups().is_empty());
    // Closing the screen stops the count it still runs.
    let Effect::Job(third) = c.handle(Action::NextPane, &cx) else { panic!() };
    let Job::Count { cancel: c3, .. } = third.clone() else { panic!() };
    drop(c);
    assert!(c3.is_cancelled());
    assert!(matches!(third.run(&svc, &dtks::testkit::owner(), Lang::Id), JobDone::Count { result: Ok(None), .. }));
}
