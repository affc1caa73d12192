//! Every screen drawn on the sample register at 80×24 and 120×40, with a
//! fixed "today", compared with reviewed snapshots; plus the walk a new
//! user takes: search a name, open the household, open a member, read why.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crossterm::event::KeyEvent;
use dtks::domain::DtksStatus;
use dtks::i18n::Lang;
use dtks::service::browse::Filter;
use dtks::service::{Actor, Clock, Service};
use dtks::tui::keymap::KeyChord;
use dtks::tui::screens::Screen;
use dtks::tui::{App, Event};

#[path = "support/app.rs"]
mod app_support;
use app_support::{app_as, press, screen, typed};

/// The tests' fixed moment: no result depends on the day they run.
const NOW: &str = "2026-11-24 10:42";

fn clock() -> Clock {
    Clock::parse_fixed(NOW).unwrap()
}

/// One imported sample register shared by all tests (import is the slow part).
fn service() -> Arc<Service> {
    static SVC: OnceLock<Arc<Service>> = OnceLock::new();
    SVC.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let svc = Service::open(&path, true, clock()).unwrap();
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
        svc.import(&[data], &Actor::new("tes"), Lang::Id, &mut |_| {}).unwrap();
        // The directory must outlive the store; the test process ends first.
        std::mem::forget(dir);
        // Screens read the rules as of a fixed earlier day (the reviewed
        // ages and eligibility); the import itself ran at NOW.
        Arc::new(svc.with_today(chrono::NaiveDate::from_ymd_opt(2024, 12, 13).unwrap()))
    })
    .clone()
}

fn app(lang: Lang) -> App {
    app_as(service(), lang, "tes")
}

fn snap(name: &str, a: &mut App) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(a, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), screen(a, 120, 40));
}

/// Households screen with "sukarno" typed, then household, then the first
/// member.
fn to_person(lang: Lang) -> App {
    let mut a = app(lang);
    press(&mut a, &["r"]);
    typed(&mut a, "sukarno");
    press(&mut a, &["enter", "enter"]);
    a
}

#[test]
fn dashboard() {
    let mut a = app(Lang::Id);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Keluarga: 1.500   Jiwa: 5.884"), "{text}");
    assert!(text.contains("Tahap 4 2024 (Okt–Des)"), "{text}");
    snap("dashboard", &mut a);
    let mut en = app(Lang::En);
    snap("dashboard_en", &mut en);
}

#[test]
fn dashboard_scope_counts_one_kelurahan() {
    let mut a = app(Lang::Id);
    press(&mut a, &["end", "enter"]);
    let Screen::Dashboard(d) = a.screen() else { panic!() };
    assert_eq!(d.scope(), "31.75.03.1001");
    let stats = d.stats().unwrap().as_ref().unwrap();
    assert_eq!(stats.households, 1500);
    snap("dashboard_kelurahan", &mut a);
}

#[test]
fn households_filter_as_you_type_folds_names() {
    let mut a = app(Lang::Id);
    press(&mut a, &["r"]);
    snap("households", &mut a);
    typed(&mut a, "sukarno");
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.query(), "sukarno");
    assert_eq!(s.lines().len(), 34);
    assert!(s.lines().iter().any(|l| l.head == "Soekarno"));
    snap("households_sukarno", &mut a);
    // Backspace narrows back; q is typed, not quit, while the box has focus.
    typed(&mut a, "q");
    assert!(!a.quit);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert!(s.lines().is_empty());
    snap("households_no_match", &mut a);
}

#[test]
fn households_by_nik_and_kk() {
    let mut a = app(Lang::Id);
    press(&mut a, &["r"]);
    typed(&mut a, "3175037112450899");
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.lines().iter().map(|l| l.no_kk.as_str()).collect::<Vec<_>>(), ["3175030102053599"]);
    press(&mut a, &["backspace"; 16]);
    typed(&mut a, "3175030102053599");
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.lines().len(), 1);
}

#[test]
fn household_detail() {
    let mut a = app(Lang::Id);
    press(&mut a, &["r"]);
    typed(&mut a, "sukarno");
    press(&mut a, &["enter"]);
    let Screen::Household(h) = a.screen() else { panic!() };
    assert_eq!(h.household().no_kk, "3175030102053599");
    snap("household", &mut a);
    let mut en = app(Lang::En);
    press(&mut en, &["r"]);
    typed(&mut en, "sukarno");
    press(&mut en, &["enter"]);
    snap("household_en", &mut en);
}

#[test]
fn person_detail_says_why() {
    let mut a = to_person(Lang::Id);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("KLJ      Layak        karena Berusia 60 tahun atau lebih"), "{text}");
    snap("person", &mut a);
    let mut en = to_person(Lang::En);
    snap("person_en", &mut en);
}

#[test]
fn person_not_eligible_for_klj_names_the_rule() {
    // Soekarno (KK 3175030104222698) is inactive in DTKS.
    let mut a = app(Lang::Id);
    press(&mut a, &["r"]);
    typed(&mut a, "3175030104222698");
    press(&mut a, &["enter", "enter"]);
    let Screen::Person(p) = a.screen() else { panic!() };
    let klj = &p.assessments()[0];
    assert!(!klj.eligible);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("KLJ      Tidak layak  karena"), "{text}");
    snap("person_not_eligible", &mut a);
}

#[test]
fn counts_and_the_households_behind_one() {
    let mut a = app(Lang::Id);
    press(&mut a, &["r"]);
    typed(&mut a, "sukarno");
    let Screen::Households(s) = a.screen() else { panic!() };
    let listed = s.lines().len() as u64;
    assert!(!s.more());
    press(&mut a, &["tab", "f"]);
    let Screen::Counts(c) = a.screen() else { panic!() };
    assert!(!c.counting());
    assert_eq!(c.groups().iter().map(|g| g.households).sum::<u64>(), listed);
    press(&mut a, &["tab"]);
    snap("counts_rw", &mut a);
    // Enter on an RW count lists exactly those households, by filter.
    let Screen::Counts(c) = a.screen() else { panic!() };
    let first = c.groups()[0].clone();
    press(&mut a, &["enter"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.lines().len() as u64, first.households);
    let (kel, rw) = first.code.split_once('/').unwrap();
    assert_eq!(s.filter().region.as_deref(), Some(kel));
    assert_eq!(s.filter().rw, Some(rw.parse().unwrap()));
    assert_eq!(s.query(), "sukarno");
    snap("counts_opened", &mut a);
    press(&mut a, &["esc", "tab", "tab"]);
    let Screen::Counts(c) = a.screen() else { panic!() };
    assert_eq!(c.column(), dtks::service::browse::CountColumn::Status);
    let aktif = c.groups().iter().position(|g| g.code == "aktif").unwrap();
    snap("counts_status", &mut a);
    for _ in 0..aktif {
        press(&mut a, &["down"]);
    }
    press(&mut a, &["enter"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.filter().status, Some(DtksStatus::Active));
    assert!(!s.lines().is_empty() && s.lines().iter().all(|l| l.status == "Aktif"));
}

#[test]
fn counts_show_counting_until_the_job_is_done() {
    let mut a = app(Lang::Id);
    press(&mut a, &["r", "tab"]);
    // Without running the job: the screen says it is counting.
    let chord: KeyChord = "f".parse().unwrap();
    a.update(Event::Key(KeyEvent::new(chord.code, chord.mods)));
    assert!(screen(&mut a, 80, 24).contains("Menghitung…"));
    a.run_queued_jobs();
    let Screen::Counts(c) = a.screen() else { panic!() };
    assert_eq!(c.groups().iter().map(|g| g.households).sum::<u64>(), 1500);
}

/// The No. KK of the household at `i` in the unfiltered list.
fn kk_at(i: usize) -> String {
    service().page(&dtks::testkit::owner(), &Filter::default(), None, i + 1).unwrap().lines[i].no_kk.clone()
}

#[test]
fn typing_narrows_the_list() {
    let mut a = app(Lang::Id);
    press(&mut a, &["r"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert!(s.more());
    assert_eq!(s.position(), Some(0));
    typed(&mut a, "sit");
    let Screen::Households(s) = a.screen() else { panic!() };
    let sit: Vec<String> = s.lines().iter().map(|l| l.no_kk.clone()).collect();
    assert!(!sit.is_empty());
    typed(&mut a, "i nur");
    let Screen::Households(s) = a.screen() else { panic!() };
    assert!(!s.lines().is_empty() && s.lines().len() < sit.len(), "{}", s.lines().len());
    // A member found who is not the head is named beside the head.
    assert!(
        s.lines()
            .iter()
            .all(|l| l.head.starts_with("Siti Nur") || l.matched.as_deref().is_some_and(|m| m.starts_with("Siti Nur")))
    );
    snap("households_siti_nur", &mut a);
    // A street fragment finds households too.
    press(&mut a, &["ctrl-l"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.query(), "");
}

#[test]
fn end_then_home_returns_to_the_first_household() {
    let mut a = app(Lang::Id);
    press(&mut a, &["r", "tab"]);
    snap("households_list_focus", &mut a);
    press(&mut a, &["end"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.position(), Some(1499));
    assert_eq!(s.selected_line().unwrap().no_kk, kk_at(1499));
    // Only a window is read, not the register.
    assert!(s.lines().len() < 100, "{}", s.lines().len());
    snap("households_end", &mut a);
    press(&mut a, &["up"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.selected_line().unwrap().no_kk, kk_at(1498));
    press(&mut a, &["home"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.position(), Some(0));
    assert_eq!(s.selected_line().unwrap().no_kk, kk_at(0));
}

#[test]
fn paging_down_and_up_stays_on_the_right_household() {
    let mut a = app(Lang::Id);
    press(&mut a, &["r", "tab"]);
    // Draw once so the page is the 80×24 table.
    screen(&mut a, 80, 24);
    press(&mut a, &["pgdn"; 12]);
    let Screen::Households(s) = a.screen() else { panic!() };
    let pos = s.position().unwrap() as usize;
    assert!(pos > 100, "{pos}");
    assert_eq!(s.selected_line().unwrap().no_kk, kk_at(pos));
    assert!(s.lines().len() < 100, "{}", s.lines().len());
    press(&mut a, &["pgup"; 12]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.position(), Some(0));
    assert_eq!(s.selected_line().unwrap().no_kk, kk_at(0));
    press(&mut a, &["down", "down", "down"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.selected_line().unwrap().no_kk, kk_at(3));
}

#[test]
fn a_filter_reduces_the_list_and_clears() {
    let mut a = app(Lang::Id);
    press(&mut a, &["r", "f2"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert!(s.filter_open());
    snap("households_filter_popup", &mut a);
    // RW: the second line; digits are typed.
    press(&mut a, &["down", "3", "enter"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert!(!s.filter_open());
    assert_eq!(s.filter().rw, Some(3));
    assert!(!s.lines().is_empty() && s.lines().iter().all(|l| l.rt_rw.ends_with("/003")));
    // Status from a list: Diusulkan is the first value after "(semua)".
    press(&mut a, &["f2", "down", "down", "down", "down", "enter"]);
    snap("households_filter_status_list", &mut a);
    press(&mut a, &["down", "enter", "esc"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.filter().status, Some(DtksStatus::Proposed));
    let narrowed = s.lines().len();
    assert!(narrowed > 0 && s.lines().iter().all(|l| l.status == "Diusulkan" && l.rt_rw.ends_with("/003")));
    snap("households_filtered", &mut a);
    // One key clears every filter.
    press(&mut a, &["ctrl-l"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.filter(), Filter::default());
    assert!(s.more());
    assert!(screen(&mut a, 80, 24).contains("Baris 1 dari 1.500 keluarga"));
}

#[test]
fn the_filter_is_in_the_palette_and_english() {
    let mut a = app(Lang::En);
    press(&mut a, &["r", "tab", ":"]);
    typed(&mut a, "filter");
    press(&mut a, &["enter"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert!(s.filter_open());
    snap("households_filter_popup_en", &mut a);
    // Programme: Enter opens the list of Programme::ALL.
    press(&mut a, &["down", "down", "down", "enter", "down", "enter", "esc"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.filter().programme, Some(dtks::domain::Programme::ALL[0]));
    assert!(screen(&mut a, 80, 24).contains("Filters: KLJ"));
}

#[test]
fn search_box_hints_do_not_offer_letter_keys() {
    let mut a = app(Lang::Id);
    press(&mut a, &["r"]);
    let text = screen(&mut a, 80, 24);
    let bar = text.lines().nth(23).unwrap();
    assert!(bar.contains("Esc") && bar.contains("Tab") && !bar.contains("Keluar"), "{bar}");
    press(&mut a, &["tab"]);
    let text = screen(&mut a, 80, 24);
    let bar = text.lines().nth(23).unwrap();
    assert!(bar.contains("Keluar") && bar.contains("F2"), "{bar}");
}

#[test]
fn recent_lists_opened_households_newest_first() {
    let mut a = app(Lang::Id);
    press(&mut a, &["t"]);
    snap("recent_empty", &mut a);
    press(&mut a, &["esc", "r"]);
    typed(&mut a, "sukarno");
    press(&mut a, &["enter", "esc", "down", "enter", "esc", "esc", "t"]);
    let kks: Vec<&str> = a.recent().iter().map(|r| r.no_kk.as_str()).collect();
    assert_eq!(kks, ["3175030104222698", "3175030102053599"]);
    snap("recent", &mut a);
    press(&mut a, &["down", "enter"]);
    let Screen::Household(h) = a.screen() else { panic!() };
    assert_eq!(h.household().no_kk, "3175030102053599");
}

#[test]
fn back_stack_and_quit() {
    let mut a = to_person(Lang::Id);
    assert_eq!(a.screen_depth(), 4);
    press(&mut a, &["esc"]);
    assert!(matches!(a.screen(), Screen::Household(_)));
    press(&mut a, &["b"]);
    assert_eq!(a.screen_depth(), 1);
    press(&mut a, &["q"]);
    assert!(a.quit);
}

#[test]
fn the_list_export_asks_where_and_writes_only_on_enter() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(Lang::Id);
    press(&mut a, &["r", "tab", "x"]);
    let asked = screen(&mut a, 120, 40);
    assert!(asked.contains("Simpan daftar ke berkas .xlsx:"), "{asked}");
    assert!(asked.contains("dtks-rumah-tangga-"), "prefilled with a dated name: {asked}");
    press(&mut a, &["esc"]);
    assert!(!screen(&mut a, 120, 40).contains("Simpan daftar ke"), "Esc withdraws the question");

    press(&mut a, &["x"]);
    press(&mut a, &vec!["backspace"; 300]);
    let dest = dir.path().join("daftar.xlsx");
    typed(&mut a, dest.to_str().unwrap());
    assert!(!dest.exists(), "nothing is written before Enter");
    press(&mut a, &["enter"]);
    assert!(dest.exists());
    let done = screen(&mut a, 200, 40);
    assert!(done.contains(dest.to_str().unwrap()), "the notice names the whole path: {done}");

    // Asked again for the same file: refused, the file is left as it was.
    let before = std::fs::read(&dest).unwrap();
    press(&mut a, &["x"]);
    press(&mut a, &vec!["backspace"; 300]);
    typed(&mut a, dest.to_str().unwrap());
    press(&mut a, &["enter"]);
    assert_eq!(std::fs::read(&dest).unwrap(), before);
}

#[test]
fn the_list_says_its_true_total_after_counting_and_agrees_with_counts() {
    let mut a = app(Lang::Id);
    press(&mut a, &["r"]);
    // Typed without running the job: what is known, and that it counts.
    for c in "sit".chars() {
        let chord: KeyChord = c.to_string().parse().unwrap();
        a.update(Event::Key(KeyEvent::new(chord.code, chord.mods)));
    }
    let Screen::Households(s) = a.screen() else { panic!() };
    assert!(s.more() && s.count().is_none());
    let foot = screen(&mut a, 80, 24);
    assert!(foot.contains("Baris 1 dari sedikitnya") && foot.contains("menghitung…"), "{foot}");
    a.run_queued_jobs();
    let want = service()
        .whole_list(&dtks::testkit::owner(), &Filter { query: "sit".into(), ..Filter::default() })
        .unwrap()
        .len() as u64;
    assert!(want > 60, "{want}");
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.count(), Some(want));
    let shown = screen(&mut a, 80, 24);
    assert!(shown.contains(&format!("Baris 1 dari {want} keluarga")), "{shown}");
    assert!(!shown.contains("menghitung"));
    // End is the true last row.
    press(&mut a, &["tab", "end"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.position(), Some(want - 1));
    assert!(screen(&mut a, 80, 24).contains(&format!("Baris {want} dari {want} keluarga")));

    // The counts screen and the list it opens say the same number.
    let mut a = app(Lang::En);
    press(&mut a, &["r", "tab", "f", "tab"]);
    let Screen::Counts(c) = a.screen() else { panic!() };
    let biggest = c.groups().iter().max_by_key(|g| g.households).unwrap().clone();
    assert!(biggest.households > 60, "{}", biggest.households);
    let at = c.groups().iter().position(|g| g.code == biggest.code).unwrap();
    press(&mut a, &vec!["down"; at]);
    press(&mut a, &["enter"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.count(), Some(biggest.households));
    assert!(screen(&mut a, 80, 24).contains(&format!("Row 1 of {} households", biggest.households)));
}

#[test]
fn backspace_in_the_list_edits_the_search_and_keeps_the_filters() {
    let mut a = app(Lang::Id);
    // RW 003 from the filter popup, then "sit" typed and the table focused.
    press(&mut a, &["r", "f2", "down", "3", "enter"]);
    typed(&mut a, "sit");
    press(&mut a, &["tab", "down"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!((s.query(), s.filter().rw, s.text_focused()), ("sit", Some(3), false));
    press(&mut a, &["backspace"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!((s.query(), s.filter().rw), ("si", Some(3)), "one letter, the filter kept");
    assert!(s.lines().iter().all(|l| l.rt_rw.ends_with("/003")));
    // In the box: Ctrl-w a word, Ctrl-u the field; filters clear only with their key.
    typed(&mut a, " nur");
    press(&mut a, &["ctrl-w"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.query(), "si ");
    press(&mut a, &["ctrl-u"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!((s.query(), s.filter().rw), ("", Some(3)));
    press(&mut a, &["backspace", "tab", "backspace"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.filter().rw, Some(3), "backspace on an empty search clears nothing");
    press(&mut a, &["ctrl-l"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.filter(), Filter::default());
}
