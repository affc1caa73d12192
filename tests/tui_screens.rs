//! Every screen drawn on the sample register at 80×24 and 120×40, with a
//! fixed "today", compared with reviewed snapshots; plus the walk a new
//! user takes: search a name, open the household, open a member, read why.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use dtks::i18n::{Lang, fmt_date};
use dtks::service::{Actor, Service};
use dtks::tui::keymap::{KeyChord, KeymapChoice};
use dtks::tui::screens::Screen;
use dtks::tui::{App, Event, Keymap, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// One imported sample register shared by all tests (import is the slow part).
fn service() -> Arc<Service> {
    static SVC: OnceLock<Arc<Service>> = OnceLock::new();
    SVC.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let mut svc = Service::open(&path, true).unwrap();
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
        svc.import(&[data], &Actor::new("tes"), false).unwrap();
        // The directory must outlive the store; the test process ends first.
        std::mem::forget(dir);
        Arc::new(svc.with_today(NaiveDate::from_ymd_opt(2024, 12, 13).unwrap()))
    })
    .clone()
}

fn app(lang: Lang) -> App {
    let (keymap, errors) = Keymap::load(&KeymapChoice::Default, None);
    assert!(errors.is_empty());
    let mut a = App::new(lang, Theme::new(false), keymap, service(), Actor::new("tes"));
    a.run_queued_jobs();
    a
}

fn press(a: &mut App, keys: &[&str]) {
    for k in keys {
        let chord: KeyChord = k.parse().unwrap();
        a.update(Event::Key(KeyEvent::new(chord.code, chord.mods)));
        a.run_queued_jobs();
    }
}

fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        press(a, &[&c.to_string()]);
    }
}

/// The screen as text, with import times (which change every run) masked.
fn screen(a: &mut App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| a.view(f)).unwrap();
    let mut text = term.backend().to_string();
    for ev in service().store().audit_log(0, 100).unwrap() {
        for lang in [Lang::Id, Lang::En] {
            let at = format!("{} {}", fmt_date(lang, ev.at.date()), ev.at.format("%H:%M"));
            let mask: String = "#".repeat(at.chars().count());
            text = text.replace(&at, &mask);
        }
    }
    text
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
    assert!(text.contains("Tahap sekarang: 4 (1 Okt 2024 – 31 Des 2024)"), "{text}");
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
    assert!(text.contains("KLJ      Layak       karena Berusia 60 tahun atau lebih"), "{text}");
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
    assert!(text.contains("KLJ      Tidak layak karena"), "{text}");
    snap("person_not_eligible", &mut a);
}

#[test]
fn counts_and_the_households_behind_one() {
    let mut a = app(Lang::Id);
    press(&mut a, &["r"]);
    typed(&mut a, "sukarno");
    press(&mut a, &["tab", "f"]);
    let Screen::Counts(c) = a.screen() else { panic!() };
    assert_eq!(c.groups().iter().map(|g| g.count).sum::<u64>(), 34);
    press(&mut a, &["tab"]);
    snap("counts_rw", &mut a);
    press(&mut a, &["tab", "tab"]);
    let Screen::Counts(c) = a.screen() else { panic!() };
    let first = c.groups()[0].clone();
    snap("counts_status", &mut a);
    press(&mut a, &["enter"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.lines().len() as u64, first.count);
    snap("counts_opened", &mut a);
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
