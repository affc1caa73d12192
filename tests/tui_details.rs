//! The tahap and deactivation lines of the detail screens on the sample
//! register (2026 tahap 1–3 paid, tahap 4 announced late, KPDJ's months
//! merged), with a fixed clock: the dashboard's current tahap, a person's
//! answer per tahap found in two keystrokes from a name search, and the
//! deactivation history; and the dashboard recounting after a write.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use dtks::domain::deactivation::{Direction, DocumentKind, Evidence, Ground, Origin, Outcome, Scope};
use dtks::domain::muskel::{Attendee, AttendeeRole, Muskel};
use dtks::domain::{EnrolmentStatus, Programme};
use dtks::i18n::Lang;
use dtks::service::deactivation::{NewProposal, Target};
use dtks::service::{Actor, Clock, Service};
use dtks::tui::App;
use dtks::tui::screens::Screen;

#[path = "support/app.rs"]
mod app_support;
use app_support::{app_as, press, screen, typed};

/// Inside tahap 4 of 2026, after its planned date (20 Oct).
const NOW: &str = "2026-11-24 10:42";
/// Suparman Lubis: on KLJ tahap 1 (payment failed), 2 (with the arrears)
/// and 3 (paid).
const SUPARMAN: &str = "3175030506480551";
const SUPARMAN_KK: &str = "3175032210207702";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn import() -> Arc<Service> {
    let dir = tempfile::tempdir().unwrap();
    let svc = Service::open(&dir.path().join("db"), true, Clock::parse_fixed(NOW).unwrap()).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
    svc.import(&[data], &Actor::new("tes"), Lang::Id, &mut |_| {}).unwrap();
    // The directory must outlive the store; the test process ends first.
    std::mem::forget(dir);
    Arc::new(svc)
}

/// Suparman moved out of his KLJ (JKN-PBI has no tahap schedule, so a
/// decision on it has no period to take effect in): proposed by "tes",
/// agreed in a Muskel, approved by "kabid".
fn move_out(svc: &Service) {
    let officer = Actor::new("tes");
    let evidence = Evidence {
        kind: DocumentKind::Other,
        number: "BA-RT-007/2026".into(),
        date: Some(date(2026, 11, 2)),
        files: vec![],
        reference: None,
        asset: None,
        note: "pindah ke Bekasi".into(),
    };
    let new = NewProposal {
        target: Target::Nik(SUPARMAN.into()),
        direction: Direction::Deactivate(Ground::MovedOut),
        evidence: vec![evidence],
        scope: Scope::Named(vec![Programme::Klj]),
        origin: Origin::Petugas,
    };
    let p = svc.propose(new, &officer).unwrap();
    let m = Muskel {
        id: 0,
        kelurahan: "31.75.03.1001".into(),
        date: date(2026, 11, 20),
        place: "Aula Kantor Kelurahan".into(),
        number: "11/BA/XI/2026".into(),
        attendees: vec![Attendee {
            name: "Lurah Contoh".into(),
            role: AttendeeRole::Lurah,
            from: String::new(),
            signed: true,
        }],
        items: vec![],
        evidence: vec![],
    };
    let m = svc.save_muskel(m, &officer).unwrap().id;
    svc.submit_proposal(p.id, m, &officer).unwrap();
    svc.agree_proposal(p.id, &officer).unwrap();
    let lists = svc.deactivation_calendar().unwrap();
    svc.decide_proposal(p.id, Outcome::Approve, "sesuai BA RT", &Actor::new("kabid"), &lists.calendar()).unwrap();
}

/// The sample after [`move_out`].
fn service() -> Arc<Service> {
    static SVC: OnceLock<Arc<Service>> = OnceLock::new();
    SVC.get_or_init(|| {
        let svc = import();
        move_out(&svc);
        svc
    })
    .clone()
}

fn app_on(svc: Arc<Service>, lang: Lang) -> App {
    app_as(svc, lang, "tes")
}

/// A name search, then Enter (the household, the found member selected)
/// and Enter again: the person, the tahap answer on top.
fn suparman(lang: Lang) -> App {
    let mut a = app_on(service(), lang);
    press(&mut a, &["r"]);
    typed(&mut a, "suparman lubis");
    press(&mut a, &["enter", "enter"]);
    assert!(matches!(a.screen(), Screen::Person(_)), "two keys from the search open the person");
    a
}

#[test]
fn the_dashboard_shows_each_programmes_current_tahap() {
    let mut a = app_on(service(), Lang::Id);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Tahap 4 2026 (Okt–Des)"), "{s}");
    // Planned for 20 Oct, announced, not paid on 24 Nov: 35 days late.
    assert!(s.contains("KLJ   Diumumkan, terlambat"), "{s}");
    assert!(s.contains("35 hari"), "{s}");
    // KPDJ went monthly in October; November is paid with December.
    assert!(s.contains("KPDJ  Nov 2026: dibayar"), "{s}");
    insta::assert_snapshot!("dashboard_tahap_80x24", s);
    insta::assert_snapshot!("dashboard_tahap_120x40", screen(&mut a, 120, 40));
    let mut en = app_on(service(), Lang::En);
    let s = screen(&mut en, 80, 24);
    assert!(s.contains("together with Dec 2026"), "{s}");
    insta::assert_snapshot!("dashboard_tahap_en_80x24", s);
}

#[test]
fn the_person_answers_per_tahap_paid_failed_and_the_rule_that_left_them_out() {
    let mut a = suparman(Lang::Id);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Tahap 3 2026 KLJ     Di daftar · 3 bulan · Rp 900.000 · Dibayar"), "{s}");
    assert!(s.contains("Gagal: rekening tidak"), "{s}");
    assert!(s.contains("(termasuk rapel)"), "{s}");
    // Deactivated from tahap 4 (its list was not frozen): the rule says so.
    assert!(s.contains("Tahap 4 2026 KLJ"), "{s}");
    assert!(s.contains("tidak akan masuk"), "{s}");
    insta::assert_snapshot!("person_tahap_80x24", s);
    insta::assert_snapshot!("person_tahap_120x40", screen(&mut a, 120, 40));
    let mut en = suparman(Lang::En);
    let s = screen(&mut en, 80, 24);
    assert!(s.contains("On the list · 3 months · Rp 900.000 · Paid"), "{s}");
    insta::assert_snapshot!("person_tahap_en_80x24", s);
}

#[test]
fn the_person_and_household_show_the_deactivation_with_its_decider_and_tahap() {
    let mut a = suparman(Lang::Id);
    press(&mut a, &["end"]);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Penonaktifan #"), "{s}");
    assert!(s.contains("pindah domisili"), "{s}");
    assert!(s.contains("diputuskan: disetujui · kabid"), "the decider: {s}");
    assert!(s.contains("KLJ: berlaku mulai Tahap 4 2026"), "{s}");
    assert!(!s.contains("penonaktifan:"), "codes are worded: {s}");
    insta::assert_snapshot!("person_deactivation_80x24", s);

    press(&mut a, &["esc"]);
    assert!(matches!(a.screen(), Screen::Household(_)));
    press(&mut a, &["pagedown"]);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("(NIK 3175030506480551)"), "the household names whom: {s}");
    insta::assert_snapshot!("household_deactivation_80x24", s);
}

#[test]
fn the_dashboard_recounts_after_a_write_in_the_session() {
    let svc = import();
    let mut a = app_on(Arc::clone(&svc), Lang::Id);
    let stopped = |a: &App| match a.screen() {
        Screen::Dashboard(d) => {
            d.stats().unwrap().as_ref().unwrap().programme_count(Programme::Klj, EnrolmentStatus::Stopped)
        }
        _ => panic!("not on the dashboard"),
    };
    let before = stopped(&a);
    // Leaving and coming back without a write counts nothing again.
    press(&mut a, &["r", "esc"]);
    assert_eq!(stopped(&a), before);

    press(&mut a, &["r"]);
    move_out(&svc);
    press(&mut a, &["esc"]);
    assert_eq!(stopped(&a), before + 1, "back on the dashboard, counted again");
    let h = svc.household(SUPARMAN_KK).unwrap().unwrap();
    assert_eq!(h.member(SUPARMAN).unwrap().enrolment(Programme::Klj).unwrap().status, EnrolmentStatus::Stopped);
}
