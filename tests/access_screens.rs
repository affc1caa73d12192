//! Roles and areas on the screens: a petugas sees every NIK and No. KK
//! masked and cannot reveal one; a supervisor reveals the selected member's
//! with a key, and the audit log names them and where they came from; a
//! worker of another kelurahan sees only their own households.

use std::path::Path;
use std::sync::Arc;

use dtks::i18n::Lang;
use dtks::service::{Actor, Clock, Origin, Service};
use dtks::store::AuditDraft;
use dtks::testkit::{self, date, household, person};
use dtks::tui::{App, Keymap, Theme};

#[path = "support/app.rs"]
mod app_support;
use app_support::{press, screen};

const NOW: &str = "2026-11-24 10:42";
const BIDARA_CINA: &str = "31.75.03.1002";

/// The sample register (Kampung Melayu), one household in Bidara Cina, and
/// four users.
fn register() -> Arc<Service> {
    let dir = tempfile::tempdir().unwrap();
    let svc = Service::open(&dir.path().join("db"), true, Clock::parse_fixed(NOW).unwrap()).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
    svc.import(&[data], &Actor::new("tes"), Lang::Id, &mut |_| {}).unwrap();
    let other = household(
        "3175030201009999",
        BIDARA_CINA,
        vec![person(
            "3175034101809999",
            "Rina Bidara",
            dtks::domain::Relationship::Head,
            dtks::domain::Sex::Female,
            date(1980, 1, 1),
        )],
    );
    let draft = AuditDraft {
        at: date(2026, 11, 1).and_hms_opt(9, 0, 0).unwrap(),
        user: "tes".into(),
        action: "import".into(),
        origin: String::new(),
    };
    testkit::store(&svc).write(&[other], &[], &draft).unwrap();
    for (name, role, area) in [
        ("sari", "petugas", "31.75.03.1001"),
        ("yuni", "supervisor", "31.75.03.1001"),
        ("budi", "petugas", BIDARA_CINA),
    ] {
        let access = svc.parse_access(name, role, Some(area)).unwrap();
        svc.add_user(name, None, &access, &testkit::owner()).unwrap();
    }
    std::mem::forget(dir);
    Arc::new(svc)
}

fn over_ssh(svc: &Arc<Service>, user: &str) -> App {
    let (keymap, _) = Keymap::load(&dtks::tui::keymap::KeymapChoice::Default, None);
    let actor = Actor::from(user, Origin::Ssh { addr: Some("10.0.0.7:50022".into()) });
    let mut a = App::new(Lang::Id, Theme::new(false), keymap, svc.clone(), actor);
    a.run_queued_jobs();
    a
}

/// Runs of twelve or more digits on the screen: none may be whole.
fn long_numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if run.len() >= 12 {
                out.push(run.clone());
            }
            run.clear();
        }
    }
    out
}

#[test]
fn a_petugas_sees_numbers_masked_on_every_screen_and_cannot_reveal_one() {
    let svc = register();
    let mut a = over_ssh(&svc, "sari");
    press(&mut a, &["r"]);
    let list = screen(&mut a, 100, 30);
    assert!(long_numbers(&list).is_empty(), "{list}");
    assert!(list.contains("3175********"), "{list}");
    assert!(!list.contains("Rina Bidara"), "another kelurahan's household is not listed:\n{list}");
    press(&mut a, &["enter"]);
    let detail = screen(&mut a, 100, 30);
    assert!(long_numbers(&detail).is_empty(), "{detail}");
    press(&mut a, &["R"]);
    let refused = screen(&mut a, 100, 30);
    assert!(refused.contains("perlu peran supervisor untuk membuka NIK"), "{refused}");
    assert!(long_numbers(&refused).is_empty(), "{refused}");
}

#[test]
fn a_supervisor_reveals_the_selected_member_and_the_audit_log_names_them_and_their_origin() {
    let svc = register();
    let mut a = over_ssh(&svc, "yuni");
    press(&mut a, &["r", "enter"]);
    let before = screen(&mut a, 100, 30);
    assert!(long_numbers(&before).is_empty(), "{before}");
    let seq = testkit::store(&svc).next_audit_seq().unwrap();
    press(&mut a, &["R"]);
    let after = screen(&mut a, 100, 30);
    let whole = long_numbers(&after);
    assert_eq!(whole.len(), 2, "the KK in the title and the selected member's NIK:\n{after}");
    assert!(after.contains("tercatat di log audit"), "{after}");
    let events = testkit::store(&svc).audit_log(seq, 10).unwrap();
    let reveal = events.iter().find(|e| e.action == "view.reveal").expect("the reveal is audited");
    assert_eq!(reveal.user, "yuni");
    assert!(reveal.origin.starts_with("ssh"), "{}", reveal.origin);
    for n in &whole {
        assert!(reveal.subjects.contains(n), "{:?} names {n}", reveal.subjects);
    }
}

#[test]
fn a_worker_of_another_kelurahan_sees_only_theirs_on_the_dashboard_and_the_list() {
    let svc = register();
    // The work queues too: the sample's visits are all Kampung Melayu's.
    let theirs = svc.verval_queue(&Actor::from("budi", Origin::Ssh { addr: None })).unwrap();
    assert!(
        theirs.to_visit.is_empty() && theirs.waiting_finalisation.is_empty() && theirs.waiting_pengesahan.is_empty()
    );
    let sari = svc.verval_queue(&Actor::from("sari", Origin::Ssh { addr: None })).unwrap();
    assert!(!sari.waiting_pengesahan.is_empty() || !sari.waiting_finalisation.is_empty() || !sari.to_visit.is_empty());
    let (budi, sari) =
        (Actor::from("budi", Origin::Ssh { addr: None }), Actor::from("sari", Origin::Ssh { addr: None }));
    let all = dtks::service::usulan::UsulanFilter::default();
    assert!(svc.usulan_list_for(&budi, &all).unwrap().is_empty());
    assert!(!svc.usulan_list_for(&sari, &all).unwrap().is_empty());
    assert!(svc.proposal_queue(&budi, None).unwrap().lines.is_empty());
    assert!(svc.proposal_queue(&budi, None).unwrap().counts.iter().all(|(_, n)| *n == 0), "counts are budi's too");
    assert!(svc.nonaktif_rows(&budi).unwrap().is_empty());
    assert!(!svc.nonaktif_rows(&sari).unwrap().is_empty());
    let mut a = over_ssh(&svc, "budi");
    let dash = screen(&mut a, 100, 30);
    assert!(dash.contains("Wilayah kerja Anda"), "{dash}");
    assert!(!dash.contains("1.500") && !dash.contains("1500"), "the sample's 1,500 households are not budi's:\n{dash}");
    press(&mut a, &["r"]);
    let list = screen(&mut a, 100, 30);
    assert!(list.contains("Rina Bidara"), "{list}");
    assert!(!list.contains("Kampung Melayu"), "{list}");
    assert!(long_numbers(&list).is_empty(), "{list}");
}

#[test]
fn an_idle_session_locks_showing_nothing_and_opens_again_with_the_password() {
    let svc = register();
    svc.set_password("sari", "rahasia-sari", &testkit::owner()).unwrap();
    let mut a = over_ssh(&svc, "sari");
    a.set_idle_lock(Some(std::time::Duration::from_secs(3600)));
    press(&mut a, &["r"]);
    a.update(dtks::tui::Event::Tick);
    assert!(!a.locked(), "an hour has not passed");
    a.set_idle_lock(Some(std::time::Duration::ZERO));
    a.update(dtks::tui::Event::Tick);
    assert!(a.locked());
    let locked = screen(&mut a, 80, 24);
    assert!(locked.contains("terkunci") && locked.contains("sari"), "{locked}");
    assert!(!locked.contains("Dimas") && !locked.contains("3175"), "nothing of the register:\n{locked}");
    app_support::typed(&mut a, "salah-sekali");
    press(&mut a, &["enter"]);
    assert!(a.locked());
    let wrong = screen(&mut a, 80, 24);
    assert!(wrong.contains("Kata sandi salah; sisa 4 kali"), "{wrong}");
    app_support::typed(&mut a, "rahasia-sari");
    press(&mut a, &["enter"]);
    assert!(!a.locked());
    assert!(screen(&mut a, 80, 24).contains("Rumah Tangga"), "the list is back as it was");
}

#[test]
fn without_a_password_an_ssh_session_ends_and_a_local_one_opens_on_enter() {
    let svc = register();
    let mut remote = over_ssh(&svc, "budi");
    remote.set_idle_lock(Some(std::time::Duration::ZERO));
    remote.update(dtks::tui::Event::Tick);
    assert!(screen(&mut remote, 160, 24).contains("masuk lagi dengan kunci SSH"));
    press(&mut remote, &["enter"]);
    assert!(remote.quit, "the SSH key is the way back in");

    let (keymap, _) = Keymap::load(&dtks::tui::keymap::KeymapChoice::Default, None);
    let mut local = App::new(Lang::En, Theme::new(false), keymap, svc.clone(), Actor::new("pemilik"));
    local.set_idle_lock(Some(std::time::Duration::ZERO));
    local.update(dtks::tui::Event::Tick);
    assert!(screen(&mut local, 160, 24).contains("dtks user password pemilik"));
    press(&mut local, &["enter"]);
    assert!(!local.locked() && !local.quit);
}

#[test]
fn five_wrong_passwords_end_the_session() {
    let svc = register();
    svc.set_password("yuni", "rahasia-yuni", &testkit::owner()).unwrap();
    assert!(svc.set_password("yuni", "pendek", &testkit::owner()).is_err(), "too short");
    assert!(svc.set_password("yuni", "milik-sari", &Actor::from("sari", Origin::Ssh { addr: None })).is_err());
    let mut a = over_ssh(&svc, "yuni");
    a.set_idle_lock(Some(std::time::Duration::ZERO));
    a.update(dtks::tui::Event::Tick);
    for _ in 0..5 {
        app_support::typed(&mut a, "bukan");
        press(&mut a, &["enter"]);
    }
    assert!(a.quit);
}
