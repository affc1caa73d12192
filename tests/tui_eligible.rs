//! The eligible-not-enrolled queue on the sample register: opened from the
//! dashboard's line, its tabs, kelurahan pick, search, opening the household
//! and proposing (asked first, safe by default, never twice).

use std::path::Path;
use std::sync::Arc;

use dtks::domain::Programme;
use dtks::i18n::Lang;
use dtks::service::eligible::EligibleQuery;
use dtks::service::{Actor, Clock, Service};
use dtks::tui::App;
use dtks::tui::app::Overlay;
use dtks::tui::screens::Screen;
use dtks::tui::screens::eligible_queue::{KEPT, whole_query};

#[path = "support/app.rs"]
mod app_support;
use app_support::{app_as, press, screen, typed};

const NOW: &str = "2026-11-24 10:42";

/// A fresh imported register per test (proposing writes).
fn service() -> (tempfile::TempDir, Arc<Service>) {
    let dir = tempfile::tempdir().unwrap();
    let svc = Service::open(&dir.path().join("db"), true, Clock::parse_fixed(NOW).unwrap()).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
    svc.import(&[data], &Actor::new("tes"), Lang::Id, &mut |_| {}).unwrap();
    (dir, Arc::new(svc))
}

/// The dashboard, then its eligible line (after the six verification queues).
fn to_queue(svc: &Arc<Service>, lang: Lang) -> App {
    let mut a = app_as(Arc::clone(svc), lang, "petugas1");
    press(&mut a, &["tab", "down", "down", "down", "down", "down", "down", "enter"]);
    assert!(matches!(a.screen(), Screen::Eligible(_)), "{}", screen(&mut a, 80, 24));
    a
}

fn queue(a: &App) -> &dtks::tui::screens::EligibleQueue {
    let Screen::Eligible(s) = a.screen() else { panic!("not the queue") };
    s
}

fn usulan_count(svc: &Service) -> usize {
    svc.usulan_list(&Default::default()).unwrap().len()
}

#[test]
fn the_dashboard_line_gives_the_true_count_and_opens_the_queue() {
    let (_dir, svc) = service();
    let mut a = app_as(Arc::clone(&svc), Lang::Id, "petugas1");
    let whole = svc.eligible(&EligibleQuery::default()).unwrap();
    let line = format!("Layak belum terdaftar: {}", dtks::i18n::fmt_count(Lang::Id, whole.persons_in("")));
    let text = screen(&mut a, 80, 24);
    assert!(text.contains(&line), "{text}");
    // No label of the programme table is cut at 80 columns.
    assert!(text.contains("Ditangguhkan") && text.contains("Berhenti"), "{text}");
    let mut a = to_queue(&svc, Lang::Id);
    let q = queue(&a);
    assert_eq!(q.programme(), Programme::Klj);
    assert_eq!(q.rows().len() as u64, whole.total(Programme::Klj).min(KEPT as u64));
    // The persons shown are a view of each, recorded with who looked.
    let by = dtks::service::audit::AuditQuery::User("petugas1".into());
    let events = svc.audit_events(&dtks::testkit::owner(), &by).unwrap();
    let list = events.iter().find(|e| e.action == "view.list layak").expect("the queue shown is a view");
    assert!(list.subjects.contains(&q.rows()[0].nik), "{:?}", &list.subjects[..4]);
    insta::assert_snapshot!("eligible_klj_80x24", screen(&mut a, 80, 24));
    insta::assert_snapshot!("eligible_klj_120x40", screen(&mut a, 120, 40));
    let mut en = to_queue(&svc, Lang::En);
    insta::assert_snapshot!("eligible_klj_en_80x24", screen(&mut en, 80, 24));
}

#[test]
fn tab_moves_between_programmes_and_search_narrows_by_name() {
    let (_dir, svc) = service();
    let mut a = to_queue(&svc, Lang::Id);
    press(&mut a, &["tab"]);
    assert_eq!(queue(&a).programme(), Programme::Kaj);
    assert!(queue(&a).rows().iter().all(|p| p.programme == Programme::Kaj && p.age < 7));
    press(&mut a, &["backtab"]);
    let first = queue(&a).rows()[0].name.clone();
    let word = first.split_whitespace().next().unwrap().to_string();
    press(&mut a, &["/"]);
    typed(&mut a, &word);
    let rows = queue(&a).rows();
    assert!(!rows.is_empty());
    assert!(rows.len() < queue_total(&svc, Programme::Klj), "{} rows", rows.len());
    let folded = dtks::domain::names::fold(&word);
    assert!(rows.iter().all(|p| dtks::domain::names::fold(&p.name).contains(&folded)), "{word}");
}

fn queue_total(svc: &Service, p: Programme) -> usize {
    svc.eligible(&whole_query()).unwrap().total(p) as usize
}

#[test]
fn the_kelurahan_is_picked_by_name_and_enter_opens_the_household() {
    let (_dir, svc) = service();
    let mut a = to_queue(&svc, Lang::Id);
    press(&mut a, &["f2"]);
    typed(&mut a, "kampung mel");
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Pilih kelurahan") && text.contains("Kampung Melayu"), "{text}");
    press(&mut a, &["enter"]);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Kelurahan: Kampung Melayu"), "{text}");
    assert!(queue(&a).rows().iter().all(|p| p.kelurahan == "31.75.03.1001"));
    assert!(!queue(&a).rows().is_empty());
    let kk = queue(&a).rows()[0].no_kk.clone();
    press(&mut a, &["enter"]);
    let Screen::Household(h) = a.screen() else { panic!("{}", screen(&mut a, 80, 24)) };
    assert_eq!(h.household().no_kk, kk);
}

#[test]
fn proposing_asks_first_defaults_to_no_and_is_not_done_twice() {
    let (_dir, svc) = service();
    let before = usulan_count(&svc);
    let mut a = to_queue(&svc, Lang::Id);
    let (name, nik) = {
        let p = queue(&a).rows().into_iter().find(|p| p.usulan.is_none()).unwrap().clone();
        (p.name, p.nik)
    };
    // The first row is the one without an usulan in the sample; check.
    assert_eq!(queue(&a).rows()[0].nik, nik);
    press(&mut a, &["U"]);
    let Some(Overlay::Confirm(c)) = a.overlay() else { panic!("no question: {}", screen(&mut a, 80, 24)) };
    let question = c.worded.clone().unwrap();
    assert!(question.starts_with(&format!("Usulkan {name} untuk KLJ?")), "{question}");
    insta::assert_snapshot!("eligible_propose_asked_80x24", screen(&mut a, 80, 24));
    // Enter is not yes; n and Esc say no. Nothing is written.
    press(&mut a, &["enter"]);
    assert!(a.overlay().is_some());
    press(&mut a, &["n"]);
    assert!(a.overlay().is_none());
    press(&mut a, &["U", "esc"]);
    assert!(a.overlay().is_none());
    assert_eq!(usulan_count(&svc), before);
    // Yes records one, and the row is marked at once.
    press(&mut a, &["U", "y"]);
    assert_eq!(usulan_count(&svc), before + 1);
    let p = queue(&a).rows().into_iter().find(|p| p.nik == nik).unwrap().clone();
    let id = p.usulan.expect("marked as proposed");
    let text = screen(&mut a, 80, 24);
    assert!(text.contains(&format!("✓ {}", name)), "{text}");
    assert!(text.contains(&format!("usulan #{id}")), "{text}");
    // Again: no question, a notice, nothing written.
    press(&mut a, &["U"]);
    assert!(a.overlay().is_none());
    assert!(screen(&mut a, 80, 24).contains("sudah diusulkan untuk KLJ"));
    assert_eq!(usulan_count(&svc), before + 1);
    // A fresh pass flags them too, and the dashboard counts again on return.
    let r = svc.eligible(&whole_query()).unwrap();
    assert_eq!(r.persons_of(Programme::Klj).find(|p| p.nik == nik).unwrap().usulan, Some(id));
    press(&mut a, &["esc"]);
    let Screen::Dashboard(d) = a.screen() else { panic!("{}", screen(&mut a, 80, 24)) };
    let counted = d.eligible().unwrap().as_ref().unwrap();
    assert_eq!(counted.persons_of(Programme::Klj).find(|p| p.nik == nik).unwrap().usulan, Some(id));
}
