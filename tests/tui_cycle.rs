//! The verification-cycle screens on the sample register: the home-visit
//! form (edit → saved, draft prompt and cursor on reopening), the drafts
//! list, the queue with finalisation, and the Muskel and usulan lists.

use std::path::Path;
use std::sync::Arc;

use dtks::domain::codes::NotEligibleReason;
use dtks::domain::visit::{FieldId, HouseholdField, MemberField};
use dtks::i18n::Lang;
use dtks::service::{Actor, Clock, Service};
use dtks::tui::App;
use dtks::tui::screens::Screen;

#[path = "support/app.rs"]
mod app_support;
use app_support::{app_as, press, screen};

/// The tests' fixed moment: no result depends on the day they run.
const NOW: &str = "2026-11-24 10:42";

fn clock() -> Clock {
    Clock::parse_fixed(NOW).unwrap()
}

const KK: &str = "3175030102053599";

/// A fresh imported register per test: the cycle changes it.
fn service() -> (tempfile::TempDir, Arc<Service>) {
    let dir = tempfile::tempdir().unwrap();
    let svc = Service::open(&dir.path().join("db"), true, clock()).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
    svc.import(&[data], &Actor::new("tes"), Lang::Id, &mut |_| {}).unwrap();
    (dir, Arc::new(svc))
}

fn app(svc: &Arc<Service>, lang: Lang) -> App {
    app_as(svc.clone(), lang, "tes")
}

fn open_visit(a: &mut App) {
    press(a, &["r"]);
    for c in KK.chars() {
        press(a, &[&c.to_string()]);
    }
    press(a, &["enter", "v"]);
}

#[test]
fn visit_form_saves_each_change_and_resumes_the_draft() {
    let (_dir, svc) = service();
    let mut a = app(&svc, Lang::Id);
    open_visit(&mut a);
    let Screen::Visit(v) = a.screen() else { panic!("not the visit form") };
    assert!(v.draft_prompt().is_none());
    // Down to Floor (visit date, kelurahan, rw, rt, street, floor), cycle it.
    press(&mut a, &["down", "down", "down", "down", "down", "right"]);
    let notice = a.notice().expect("a save notice").text.clone();
    assert!(notice.starts_with("Tersimpan "), "{notice}");
    let Screen::Visit(v) = a.screen() else { panic!() };
    assert_eq!(v.selected_field(), Some(FieldId::Household(HouseholdField::Floor)));
    let floor = v.form().info.floor;
    // The choices are named in words, in the session's language.
    let shown = screen(&mut a, 80, 24);
    assert!(shown.contains("Pilihan ←→: Marmer/granit/keramik · "), "{shown}");
    assert!(!shown.contains("keramik,"), "{shown}");
    // Typing into the street field.
    press(&mut a, &["up", "enter", "end", "x", "enter"]);
    let Screen::Visit(v) = a.screen() else { panic!() };
    assert!(v.form().street.ends_with('x'), "{}", v.form().street);
    insta::assert_snapshot!("visit_form_80x24", screen(&mut a, 80, 24));
    insta::assert_snapshot!("visit_form_120x40", screen(&mut a, 120, 40));

    // A new session: the draft prompt, the cursor on the last field saved.
    let mut b = app(&svc, Lang::Id);
    open_visit(&mut b);
    let Screen::Visit(v) = b.screen() else { panic!() };
    assert!(v.draft_prompt().is_some());
    assert_eq!(v.selected_field(), Some(FieldId::Household(HouseholdField::Street)));
    assert_eq!(v.form().info.floor, floor);
    insta::assert_snapshot!("visit_draft_prompt_80x24", screen(&mut b, 80, 24));
    press(&mut b, &["l"]);
    let Screen::Visit(v) = b.screen() else { panic!() };
    assert!(v.draft_prompt().is_none());

    // The drafts list holds it; Enter resumes it.
    press(&mut b, &["esc", "esc", "esc", "d"]);
    let Screen::Drafts(d) = b.screen() else { panic!("not the drafts list") };
    assert_eq!(d.lines().len(), 1);
    assert_eq!(d.lines()[0].no_kk, KK);
    insta::assert_snapshot!("drafts_80x24", screen(&mut b, 80, 24));
    press(&mut b, &["enter"]);
    assert!(matches!(b.screen(), Screen::Visit(_)));
    // Discard asks first; "no" (Esc or n) keeps the draft.
    press(&mut b, &["b"]);
    let asked = screen(&mut b, 80, 24);
    assert!(asked.contains("Buang draf ini?"), "{asked}");
    press(&mut b, &["esc"]);
    assert!(matches!(b.screen(), Screen::Visit(_)));
    press(&mut b, &["b", "n"]);
    assert!(matches!(b.screen(), Screen::Visit(_)));
    assert_eq!(svc.my_drafts(&Actor::new("tes")).unwrap().len(), 1, "no keeps it");
    // Yes removes it.
    press(&mut b, &["b", "y"]);
    assert!(matches!(b.screen(), Screen::Drafts(_)));
    assert!(svc.my_drafts(&Actor::new("tes")).unwrap().is_empty());
}

/// The prompt shows when the draft was saved, and nothing of the day it
/// is reopened on: the 1st of a month (a one-digit day, which once shifted
/// this line) and the 24th give the same screen.
#[test]
fn the_draft_prompt_is_the_same_on_the_1st_and_on_the_24th() {
    let (dir, svc) = service();
    let mut a = app(&svc, Lang::Id);
    open_visit(&mut a);
    press(&mut a, &["down", "down", "down", "down", "down", "right"]);
    drop(a);
    drop(svc);
    let prompt_on = |at: &str| {
        let svc = Arc::new(Service::open(&dir.path().join("db"), false, Clock::parse_fixed(at).unwrap()).unwrap());
        let mut b = app(&svc, Lang::Id);
        open_visit(&mut b);
        let Screen::Visit(v) = b.screen() else { panic!("not the visit form") };
        assert!(v.draft_prompt().is_some());
        screen(&mut b, 80, 24)
    };
    let on_the_1st = prompt_on("2026-12-01 00:00");
    let on_the_24th = prompt_on("2026-12-24 23:59");
    assert_eq!(on_the_1st, on_the_24th);
    assert!(on_the_1st.contains("24 Nov 2026 10:42"), "{on_the_1st}");
}

#[test]
fn submit_refused_with_errors_stays_on_the_form() {
    let (_dir, svc) = service();
    let mut a = app(&svc, Lang::En);
    open_visit(&mut a);
    press(&mut a, &["ctrl-s"]);
    assert!(matches!(a.screen(), Screen::Visit(_)));
    assert!(a.notice().is_some_and(|n| n.error), "{:?}", a.notice());
}

#[test]
fn queue_muskel_and_usulan_screens() {
    let (_dir, svc) = service();
    let mut a = app(&svc, Lang::Id);
    press(&mut a, &["a"]);
    let Screen::Queue(q) = a.screen() else { panic!("not the queue") };
    assert_eq!(q.tab(), 0);
    insta::assert_snapshot!("queue_80x24", screen(&mut a, 80, 24));
    // Finalise outside its section says so and changes nothing.
    press(&mut a, &["f"]);
    assert!(a.notice().is_some_and(|n| !n.error));
    press(&mut a, &["tab", "tab"]);
    let Screen::Queue(q) = a.screen() else { panic!() };
    assert_eq!(q.tab(), 2);
    press(&mut a, &["esc", "esc", "m"]);
    assert!(matches!(a.screen(), Screen::Muskel(_)));
    insta::assert_snapshot!("muskel_80x24", screen(&mut a, 80, 24));
    press(&mut a, &["n"]);
    assert!(matches!(a.screen(), Screen::MuskelForm(_)));
    insta::assert_snapshot!("muskel_form_80x24", screen(&mut a, 80, 24));
    press(&mut a, &["esc", "esc", "u"]);
    assert!(matches!(a.screen(), Screen::Usulan(_)));
    insta::assert_snapshot!("usulan_80x24", screen(&mut a, 80, 24));
}

#[test]
fn quitting_with_an_unsaved_muskel_form_asks_first() {
    let (_dir, svc) = service();
    let mut a = app(&svc, Lang::En);
    press(&mut a, &["m", "n"]);
    // Opening the form is not an edit: q quits at once.
    let mut untouched = app(&svc, Lang::En);
    press(&mut untouched, &["m", "n", "q"]);
    assert!(untouched.quit);
    // One attendee added and not saved: q asks, n stays.
    press(&mut a, &["+", "q"]);
    assert!(!a.quit, "quit without asking");
    assert!(screen(&mut a, 80, 24).contains("(y/n)"), "{}", screen(&mut a, 80, 24));
    press(&mut a, &["n"]);
    assert!(!a.quit);
}

#[test]
fn queue_finalises_returns_and_ratifies_from_the_keyboard() {
    let (_dir, svc) = service();
    let mut a = app(&svc, Lang::Id);
    let sup = Actor::new("tes");
    let before = svc.verval_queue(&sup).unwrap();
    assert!(before.waiting_finalisation.len() >= 2 && !before.waiting_pengesahan.is_empty());
    // Finalisasi tab: finalise the first, return the second with a reason.
    // Finalising asks first, naming the household; n and Esc change nothing.
    press(&mut a, &["a", "tab", "tab", "f"]);
    let asked = screen(&mut a, 80, 24);
    assert!(asked.contains("Finalkan kunjungan KK"), "{asked}");
    press(&mut a, &["n", "f", "esc"]);
    assert_eq!(svc.verval_queue(&sup).unwrap().waiting_finalisation.len(), before.waiting_finalisation.len());
    press(&mut a, &["f", "y"]);
    assert!(screen(&mut a, 80, 24).contains("Difinalisasi"), "{}", screen(&mut a, 80, 24));
    press(&mut a, &["k"]);
    for c in "foto rumah kurang".chars() {
        let key = if c == ' ' { "space".to_string() } else { c.to_string() };
        press(&mut a, &[&key]);
    }
    press(&mut a, &["enter"]);
    let after = svc.verval_queue(&sup).unwrap();
    assert_eq!(after.waiting_finalisation.len(), before.waiting_finalisation.len() - 2);
    assert_eq!(after.waiting_pengesahan.len(), before.waiting_pengesahan.len() + 1);
    // Pengesahan tab: ratify all with a letter number and date.
    press(&mut a, &["tab", "P"]);
    for c in "460/9/DINSOS/2026".chars() {
        press(&mut a, &[&c.to_string()]);
    }
    press(&mut a, &["enter"]);
    for c in "24-11-2026".chars() {
        press(&mut a, &[&c.to_string()]);
    }
    press(&mut a, &["enter"]);
    // The question names how many and the letter; Enter is the safe answer.
    let n = after.waiting_pengesahan.len();
    let asked = screen(&mut a, 80, 24);
    assert!(asked.contains(&format!("Sahkan {n} kunjungan dengan surat 460/9/DINSOS/2026")), "{asked}");
    press(&mut a, &["enter"]);
    assert_eq!(svc.verval_queue(&sup).unwrap().waiting_pengesahan.len(), n);
    press(&mut a, &["P"]);
    for c in "460/9/DINSOS/2026".chars() {
        press(&mut a, &[&c.to_string()]);
    }
    press(&mut a, &["enter"]);
    for c in "24-11-2026".chars() {
        press(&mut a, &[&c.to_string()]);
    }
    press(&mut a, &["enter", "y"]);
    let shown = screen(&mut a, 80, 24);
    assert!(shown.contains("Kunjungan disahkan"), "{shown}");
    // The whole report fits the status bar at 80 columns.
    assert!(
        shown
            .lines()
            .any(|l| l.contains("Kunjungan disahkan") && l.trim_matches('"').trim_end().ends_with("KK diperbarui")),
        "{shown}"
    );
    assert!(svc.verval_queue(&sup).unwrap().waiting_pengesahan.is_empty());
}

#[test]
fn the_tidak_layak_reasons_are_a_pick_list_in_words() {
    let (_dir, svc) = service();
    let mut a = app(&svc, Lang::Id);
    open_visit(&mut a);
    let target = FieldId::Member { index: 0, field: MemberField::NotEligible };
    for _ in 0..200 {
        let Screen::Visit(v) = a.screen() else { panic!() };
        if v.selected_field() == Some(target) {
            break;
        }
        press(&mut a, &["down"]);
    }
    let Screen::Visit(v) = a.screen() else { panic!() };
    assert_eq!(v.selected_field(), Some(target));
    assert!(screen(&mut a, 80, 24).contains("Enter: pilih dari daftar"));
    press(&mut a, &["enter"]);
    let Screen::Visit(v) = a.screen() else { panic!() };
    assert!(v.picking());
    let shown = screen(&mut a, 80, 24);
    // All fifteen at 80×24, in words, none ticked yet.
    assert_eq!(shown.matches("[ ] ").count(), 15, "{shown}");
    let first = NotEligibleReason::ALL[0];
    assert!(shown.contains(&format!("[ ] {}", first.label(Lang::Id))), "{shown}");
    assert!(!shown.contains("kode dipisah koma"));
    // Enter ticks the highlighted reason and saves it; again unticks.
    press(&mut a, &["down", "enter"]);
    let Screen::Visit(v) = a.screen() else { panic!() };
    assert_eq!(v.form().members[0].not_eligible, vec![NotEligibleReason::ALL[1]]);
    assert!(a.notice().is_some_and(|n| n.text.starts_with("Tersimpan")));
    press(&mut a, &["up", "enter"]);
    let Screen::Visit(v) = a.screen() else { panic!() };
    assert_eq!(v.form().members[0].not_eligible, vec![NotEligibleReason::ALL[0], NotEligibleReason::ALL[1]]);
    insta::assert_snapshot!("visit_reasons_80x24", screen(&mut a, 80, 24));
    press(&mut a, &["enter", "esc"]);
    let Screen::Visit(v) = a.screen() else { panic!() };
    assert!(!v.picking());
    assert_eq!(v.form().members[0].not_eligible, vec![NotEligibleReason::ALL[1]]);
    // Saved, not just shown: a new session reads the same draft.
    let d = svc.my_drafts(&Actor::new("tes")).unwrap();
    assert_eq!(d.len(), 1);
}

#[test]
fn the_muskel_kelurahan_is_picked_from_the_wilayah_by_name() {
    let (_dir, svc) = service();
    let mut a = app(&svc, Lang::Id);
    press(&mut a, &["m", "n", "enter"]);
    let Screen::MuskelForm(m) = a.screen() else { panic!() };
    assert!(m.picking(), "Enter on Kelurahan opens the pick list");
    // Typed letters narrow by name (spellings folded), not go to the keymap.
    for c in "kampung melayu".chars() {
        let key = if c == ' ' { "space".to_string() } else { c.to_string() };
        press(&mut a, &[&key]);
    }
    let shown = screen(&mut a, 80, 24);
    assert!(shown.contains("31.75.03.1001  Kampung Melayu, Jatinegara"), "{shown}");
    insta::assert_snapshot!("muskel_kelurahan_pick_80x24", shown);
    press(&mut a, &["enter"]);
    let Screen::MuskelForm(m) = a.screen() else { panic!() };
    assert!(!m.picking());
    assert_eq!(m.muskel().kelurahan, "31.75.03.1001");
    assert!(screen(&mut a, 80, 24).contains("Kampung Melayu (31.75.03.1001)"));
    // Esc leaves the choice as it was.
    press(&mut a, &["enter", "x", "esc"]);
    let Screen::MuskelForm(m) = a.screen() else { panic!() };
    assert_eq!(m.muskel().kelurahan, "31.75.03.1001");
}
