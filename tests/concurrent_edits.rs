//! Many sessions on one register: a save over another session's change is
//! refused with who made it and when, the refused edit stays where it was
//! typed, and the screen offers to reload; lists another session changed
//! are read again on the next tick. Through the service, through `App`s
//! sharing one service as `dtks serve` does, and through `dtks serve` with
//! russh's own client (no OpenSSH needed).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dtks::domain::muskel::{Attendee, AttendeeRole, Muskel};
use dtks::domain::stage::Letter;
use dtks::domain::visit::{FieldId, HouseholdField, MemberField};
use dtks::i18n::Lang;
use dtks::service::verval::DraftChange;
use dtks::service::{Actor, Clock, Refusal, Service, ServiceError};
use dtks::tui::screens::Screen;
use dtks::tui::{App, Event};

#[path = "support/app.rs"]
mod app_support;
use app_support::{app_as, press, screen, typed};

const NOW: &str = "2026-11-24 10:42";
const KK: &str = "3175030102053599";

fn clock() -> Clock {
    Clock::parse_fixed(NOW).unwrap()
}

/// A fresh imported register per test.
fn service() -> (tempfile::TempDir, Arc<Service>) {
    let dir = tempfile::tempdir().unwrap();
    let svc = Service::open(&dir.path().join("db"), true, clock()).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
    svc.import(&[data], &Actor::new("tes"), Lang::Id, &mut |_| {}).unwrap();
    (dir, Arc::new(svc))
}

fn open_visit(a: &mut App) {
    press(a, &["r"]);
    typed(a, KK);
    press(a, &["enter", "v"]);
}

fn visit(a: &App) -> &dtks::tui::screens::VisitScreen {
    match a.screen() {
        Screen::Visit(v) => v,
        _ => panic!("not the visit form"),
    }
}

const STREET: FieldId = FieldId::Household(HouseholdField::Street);

/// Opens a visit of `KK` as `tes`, fills it in (every member found and
/// layak) with `street`, and submits it; the visit's id.
fn submitted_visit(svc: &Service, street: &str) -> u64 {
    let tes = Actor::new("tes");
    let s = svc.open_household_visit(KK, &tes).unwrap().unwrap();
    let id = s.form.id;
    svc.save_draft_field(id, FieldId::Household(HouseholdField::VisitDate), "24-11-2026", &tes).unwrap();
    svc.save_draft_field(id, STREET, street, &tes).unwrap();
    for index in 0..s.form.members.len() {
        let f = |field| FieldId::Member { index, field };
        svc.save_draft_field(id, f(MemberField::Presence), "ditemukan", &tes).unwrap();
        svc.save_draft_field(id, f(MemberField::Finding), "layak", &tes).unwrap();
    }
    svc.submit_visit(id, &tes).unwrap();
    id
}

/// Session A saves the floor; session B, still showing the older form,
/// saves the street: refused with who and when, the typed street kept in
/// its field; "yes" reloads (A's floor shown) and the street saved again
/// leaves both changes stored.
fn two_sessions_on_one_visit(lang: Lang, snapshot: &str) {
    let (_dir, svc) = service();
    let mut a = app_as(svc.clone(), lang, "tes");
    let mut b = app_as(svc.clone(), lang, "tes");
    open_visit(&mut a);
    open_visit(&mut b);
    press(&mut b, &["enter"]); // continue the draft
    assert!(visit(&b).draft_prompt().is_none());

    // A: down to the floor (visit date, kelurahan, rw, rt, street, floor), next choice.
    press(&mut a, &["down", "down", "down", "down", "down", "right"]);
    assert!(!a.notice().unwrap().error, "{}", a.notice().unwrap().text);
    let floor = visit(&a).form().info.floor;
    let id = visit(&a).form().id;

    // B: the street, typed over the form it showed before A's save.
    press(&mut b, &["down", "down", "down", "down", "enter", "end"]);
    typed(&mut b, " Blok C");
    press(&mut b, &["enter"]);
    let shown = screen(&mut b, 80, 24);
    let who = match lang {
        Lang::Id => "diubah oleh tes pada 24 Nov 2026 10:42",
        Lang::En => "changed by tes on 24 Nov 2026 at 10:42",
    };
    assert!(shown.replace('\n', " ").split_whitespace().collect::<Vec<_>>().join(" ").contains(who), "{shown}");
    insta::assert_snapshot!(snapshot, shown);
    // Nothing of B's was written; A's floor is stored.
    let stored = svc.visit(id).unwrap().form;
    assert_eq!(stored.info.floor, floor);
    assert!(!stored.street.ends_with(" Blok C"));
    assert!(visit(&b).text_focused(), "the typed street stays in its field");

    // Yes: the latest form, the typed street still in the field; saved again.
    press(&mut b, &["y"]);
    assert_eq!(visit(&b).form().info.floor, floor, "A's change shown after the reload");
    assert!(visit(&b).text_focused());
    press(&mut b, &["enter"]);
    assert!(!b.notice().unwrap().error, "{}", b.notice().unwrap().text);
    let stored = svc.visit(id).unwrap().form;
    assert_eq!(stored.info.floor, floor, "A's change kept");
    assert!(stored.street.ends_with(" Blok C"), "B's change saved: {}", stored.street);
    assert!(svc.check().unwrap().problems.is_empty());
}

#[test]
fn a_visit_edited_in_two_sessions_refuses_the_stale_save_and_keeps_the_typed_text() {
    two_sessions_on_one_visit(Lang::Id, "refused_reload_question_id_80x24");
}

#[test]
fn the_reload_question_in_english() {
    two_sessions_on_one_visit(Lang::En, "refused_reload_question_en_80x24");
}

#[test]
fn no_lets_the_form_stay_as_it_is_with_the_edit_kept() {
    let (_dir, svc) = service();
    let mut a = app_as(svc.clone(), Lang::Id, "tes");
    let mut b = app_as(svc.clone(), Lang::Id, "tes");
    open_visit(&mut a);
    open_visit(&mut b);
    press(&mut b, &["enter"]);
    press(&mut a, &["down", "down", "down", "down", "down", "right"]);
    press(&mut b, &["down", "down", "down", "down", "enter", "end"]);
    typed(&mut b, "9");
    press(&mut b, &["enter", "esc"]); // "no" is the answer Esc gives
    assert!(b.overlay().is_none());
    assert!(visit(&b).text_focused(), "the edit is still being made");
    // Saving again over the same old version asks again.
    press(&mut b, &["enter"]);
    assert!(b.overlay().is_some());
}

fn muskel() -> Muskel {
    Muskel {
        id: 0,
        kelurahan: "31.75.03.1001".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        place: "Aula Kantor Kelurahan".into(),
        number: "05/BA/XI/2026".into(),
        attendees: vec![Attendee {
            name: "Lurah Contoh".into(),
            role: AttendeeRole::Lurah,
            from: String::new(),
            signed: true,
        }],
        items: vec![],
        evidence: vec![],
    }
}

fn changed_by(e: ServiceError) -> (Option<String>, String) {
    let text = e.message(Lang::En);
    match e {
        ServiceError::Refused(Refusal::Changed { by, .. }) => (by, text),
        other => panic!("not a refusal over a change: {other:?}"),
    }
}

#[test]
fn two_workers_saving_one_muskel_the_second_is_refused_with_the_first_ones_name() {
    let (_dir, svc) = service();
    let (sari, budi) = (Actor::new("sari"), Actor::new("budi"));
    let saved = svc.save_muskel(muskel(), &sari).unwrap();
    // Both open it.
    let (mut hers, v) = svc.muskel_versioned(saved.id).unwrap().unwrap();
    let (mut his, v2) = svc.muskel_versioned(saved.id).unwrap().unwrap();
    assert_eq!(v, v2);
    hers.place = "Balai Warga RW 03".into();
    let s = svc.save_muskel_at(hers, Some(v), &sari).unwrap();
    his.number = "06/BA/XI/2026".into();
    let e = svc.save_muskel_at(his.clone(), Some(v), &budi).unwrap_err();
    let (by, text) = changed_by(e);
    assert_eq!(by.as_deref(), Some("sari"));
    assert!(text.contains("Muskel") && text.contains("sari") && text.contains("10:42"), "{text}");
    let stored = svc.muskel(saved.id).unwrap().unwrap();
    assert_eq!(stored.place, "Balai Warga RW 03", "sari's change stays");
    assert_eq!(stored.number, "05/BA/XI/2026", "budi's refused save wrote nothing");
    // At the version now stored, his save goes through.
    his.place = stored.place.clone();
    svc.save_muskel_at(his, Some(s.version), &budi).unwrap();
    let stored = svc.muskel(saved.id).unwrap().unwrap();
    assert_eq!((stored.place.as_str(), stored.number.as_str()), ("Balai Warga RW 03", "06/BA/XI/2026"));
}

#[test]
fn a_draft_change_over_a_version_another_session_saved_is_refused() {
    let (_dir, svc) = service();
    let tes = Actor::new("tes");
    let s = svc.open_household_visit(KK, &tes).unwrap().unwrap();
    let id = s.form.id;
    let first = svc.change_draft(id, Some(s.version), &DraftChange::Field(STREET, "Jl. Satu".into()), &tes).unwrap();
    let e = svc.change_draft(id, Some(s.version), &DraftChange::Field(STREET, "Jl. Dua".into()), &tes).unwrap_err();
    assert_eq!(changed_by(e).0.as_deref(), Some("tes"));
    assert_eq!(svc.visit(id).unwrap().form.street, "Jl. Satu");
    // Submitting what the screen has not seen is refused the same way.
    assert!(svc.submit_visit_at(id, Some(s.version), &tes).is_err());
    assert_eq!(svc.visit(id).unwrap().version, first.version);
}

#[test]
fn a_second_pengesahan_of_one_visit_changes_nothing() {
    let (_dir, svc) = service();
    let (spv, kadis) = (Actor::new("spv"), Actor::new("kadis"));
    let id = submitted_visit(&svc, "Jl. Baru 1");
    svc.finalise(id, &spv).unwrap();
    // Two supervisors ratify the same visit at once: the second finds its
    // records and household changed and writes nothing.
    let letter = Letter { number: "460/1/DINSOS/2026".into(), date: svc.today() };
    let v = svc.household_version(KK).unwrap();
    svc.ratify(&[id], &letter, &kadis).unwrap();
    assert_ne!(svc.household_version(KK).unwrap(), v, "the household's version moved");
    assert!(svc.ratify(&[id], &letter, &Actor::new("kadis2")).is_err());
    assert_eq!(svc.household(KK).unwrap().unwrap().address.street, "Jl. Baru 1");
    assert!(svc.check().unwrap().problems.is_empty());
}

#[test]
fn lists_and_details_another_session_changed_are_read_again_on_the_tick() {
    let (_dir, svc) = service();
    // The supervisor's queue, open in one session.
    let mut spv = app_as(svc.clone(), Lang::En, "spv");
    let mut detail = app_as(svc.clone(), Lang::En, "budi");
    press(&mut spv, &["a"]);
    let Screen::Queue(_) = spv.screen() else { panic!("not the queue: {}", screen(&mut spv, 80, 24)) };
    press(&mut detail, &["r"]);
    typed(&mut detail, KK);
    press(&mut detail, &["enter"]);
    let Screen::Household(_) = detail.screen() else { panic!("not the household") };
    let before = screen(&mut spv, 80, 24);
    // Nothing written: a tick changes nothing.
    assert!(!spv.update(Event::Tick));

    // Another session submits a visit and the register changes.
    let id = submitted_visit(&svc, "Jl. Tanpa Nama 7");
    assert!(spv.update(Event::Tick), "the queue reads again without a key");
    spv.run_queued_jobs();
    let after = screen(&mut spv, 80, 24);
    assert_ne!(before, after);

    svc.finalise(id, &Actor::new("spv")).unwrap();
    let letter = Letter { number: "460/2/DINSOS/2026".into(), date: svc.today() };
    svc.ratify(&[id], &letter, &Actor::new("kadis")).unwrap();
    assert!(!screen(&mut detail, 120, 40).contains("Jl. Tanpa Nama 7"));
    assert!(detail.update(Event::Tick));
    assert!(screen(&mut detail, 120, 40).contains("Jl. Tanpa Nama 7"), "the household read again");
}

// ---- through `dtks serve`, with russh's own client -------------------------

#[path = "support/pty.rs"]
mod pty;

#[path = "support/ssh_client.rs"]
mod ssh_client;
use ssh_client::{Screen as Ssh, Server, new_key};

/// The screens of `user` at 80×24.
fn login(server: &Server, user: &str, key: &Arc<russh::keys::PrivateKey>) -> Ssh {
    ssh_client::Ssh::login(server.port, user, key).unwrap().screen(80, 24)
}

fn keys(s: &mut Ssh, keys: &[&[u8]]) {
    for k in keys {
        s.send(k);
    }
}

/// SIGKILL: no shutdown, nothing flushed beyond what each save did.
fn kill(server: &mut Server) {
    server.child.kill().unwrap();
    server.child.wait().unwrap();
}

const ENTER: &[u8] = b"\r";
const DOWN: &[u8] = b"\x1b[B";
const UP: &[u8] = b"\x1b[A";
const RIGHT: &[u8] = b"\x1b[C";
const END: &[u8] = b"\x1b[F";

/// Households of the sample register with no visit yet, `n` of them.
fn unvisited(db: &Path, n: usize) -> Vec<String> {
    let svc = Service::open(db, false, clock()).unwrap();
    let csv =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register/households.csv"))
            .unwrap();
    csv.lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .filter(|kk| svc.verval_show(kk).unwrap().is_empty())
        .map(str::to_string)
        .take(n)
        .collect()
}

fn open_visit_over_ssh(s: &mut Ssh, kk: &str) {
    s.wait_for(&["q Keluar"]);
    s.send(b"r");
    s.type_text(kk);
    // A petugas sees the KK masked as they type it.
    s.wait_for(&[&dtks::domain::access::mask(kk)]);
    keys(s, &[ENTER]);
    s.wait_for(&["Detail Keluarga"]);
    s.send(b"v");
}

#[test]
fn two_ssh_sessions_on_one_household_one_refused_with_the_others_name_nothing_lost() {
    let (dir, db) = pty::sample_db();
    let kk = unvisited(&db, 1).remove(0);
    let (sari_key, sari_pub) = new_key(dir.path(), "sari");
    let (budi_key, budi_pub) = new_key(dir.path(), "budi");
    pty::add_user(&db, "sari", &sari_pub);
    pty::add_user(&db, "budi", &budi_pub);
    let mut server = Server::start(&db);

    // sari opens the visit on her laptop, and again on her tablet.
    let mut a = login(&server, "sari", &sari_key);
    open_visit_over_ssh(&mut a, &kk);
    a.wait_for(&["Kunjungan rumah", "Tahap: Konsep"]);
    let mut b = login(&server, "sari", &sari_key);
    open_visit_over_ssh(&mut b, &kk);
    b.wait_for(&["Draf tersimpan"]);
    keys(&mut b, &[ENTER]);

    // budi cannot start a second visit of that household: sari is named.
    let mut c = login(&server, "budi", &budi_key);
    open_visit_over_ssh(&mut c, &kk);
    c.wait_for(&["petugas sari"]);

    // The laptop saves the floor; the tablet, still on the older form, the street.
    keys(&mut a, &[DOWN, DOWN, DOWN, DOWN, DOWN, RIGHT]);
    a.wait_for(&["Tersimpan 10:42"]);
    keys(&mut b, &[DOWN, DOWN, DOWN, DOWN, ENTER, END]);
    b.type_text(" Blok C");
    keys(&mut b, &[ENTER]);
    b.wait_for(&["diubah oleh sari", "Muat ulang"]);
    b.send(b"y");
    b.wait_for(&["Dimuat ulang", "Blok C"]);
    keys(&mut b, &[ENTER]);
    b.wait_for(&["Tersimpan 10:42"]);

    // A client cut off mid-form loses nothing it saved.
    let mut d = login(&server, "sari", &sari_key);
    open_visit_over_ssh(&mut d, &kk);
    d.wait_for(&["Draf tersimpan"]);
    // The cursor is back on the street, the last field saved; up is the RT.
    keys(&mut d, &[ENTER, UP, ENTER, END]);
    d.type_text("5");
    keys(&mut d, &[ENTER]);
    d.wait_for(&["Tersimpan 10:42"]);
    keys(&mut d, &[DOWN, ENTER]);
    d.type_text(" typed, never saved");
    d.drop_connection();
    // The server goes on serving.
    let mut e = login(&server, "budi", &budi_key);
    e.wait_for(&["q Keluar"]);
    kill(&mut server);
    drop((a, b, c, e));

    let svc = Service::open(&db, false, clock()).unwrap();
    let visits = svc.verval_show(&kk).unwrap();
    assert_eq!(visits.len(), 1, "one visit of the household");
    let form = &visits[0].form;
    let registered = svc.household(&kk).unwrap().unwrap();
    assert_ne!(form.info.floor, registered.info.floor, "the laptop's floor is kept");
    assert!(form.street.ends_with(" Blok C"), "the tablet's street is saved: {}", form.street);
    assert!(form.rt.ends_with('5'), "the cut client's saved RT is there: {}", form.rt);
    assert!(svc.check().unwrap().problems.is_empty());
}

/// The RT the visit form shows as confirmed (its third column).
fn shown_rt(s: &Ssh) -> Option<String> {
    let screen = s.contents();
    let line = screen.lines().find(|l| l.trim_start_matches('│').trim_start().starts_with("RT "))?;
    line.trim_matches('│').split_whitespace().last().map(str::to_string)
}

fn set_rt(s: &mut Ssh, rt: &str) {
    keys(s, &[ENTER, END, b"\x7f", b"\x7f", b"\x7f"]);
    s.type_text(rt);
    keys(s, &[ENTER]);
}

/// Sessions waiting for the word to make their last save, and for the
/// server to be killed: 0 waiting, 1 save, 2 killed.
type Signal = Arc<(std::sync::Mutex<u8>, std::sync::Condvar)>;

fn wait_signal(signal: &Signal, at_least: u8) {
    let (lock, cv) = &**signal;
    let state = lock.lock().unwrap();
    // A session never told (the test failed elsewhere) ends on its own.
    let _ = cv.wait_timeout_while(state, Duration::from_secs(120), |s| *s < at_least).unwrap();
}

fn state(signal: &Signal) -> u8 {
    *signal.0.lock().unwrap()
}

/// What a session tells the test: its last save typed, then shown saved.
enum Ready {
    Typed,
    Saved,
}

fn raise(signal: &Signal, to: u8) {
    let (lock, cv) = &**signal;
    *lock.lock().unwrap() = to;
    cv.notify_all();
}

/// `sessions` screen sessions, shared out among `users` users, each on a
/// household of its own and each driven from a thread of its own, save
/// their visit's RT `rounds` times, each time waiting to see it saved;
/// then every one saves once more and the server is SIGKILLed while those
/// saves are under way. Afterwards `dtks check` passes and each visit's RT
/// is the last its screen acknowledged, or the one in flight. The database
/// is left for the caller.
fn killed_while_saving(sessions: usize, users: usize, rounds: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = pty::sample_db();
    let kks = unvisited(&db, sessions);
    assert_eq!(kks.len(), sessions, "the sample has too few households without a visit");
    let names: Vec<String> = (0..users).map(|u| format!("petugas{u}")).collect();
    let mut user_keys = Vec::new();
    for u in &names {
        let (k, public) = new_key(dir.path(), u);
        pty::add_user(&db, u, &public);
        user_keys.push(k);
    }
    let mut server = Server::start(&db);
    let port = server.port;
    let signal: Signal = Arc::default();
    let (ready, readied) = std::sync::mpsc::channel();
    let acknowledged: Vec<String> = std::thread::scope(|scope| {
        let threads: Vec<_> = kks
            .iter()
            .enumerate()
            .map(|(i, kk)| {
                let (user, key) = (&names[i % users], &user_keys[i % users]);
                let (signal, ready) = (signal.clone(), ready.clone());
                scope.spawn(move || {
                    let mut s = ssh_client::Ssh::login(port, user, key).unwrap().screen(80, 24);
                    open_visit_over_ssh(&mut s, kk);
                    s.wait_for(&["Kunjungan rumah", "Tahap: Konsep"]);
                    // Visit date, kelurahan, RW, then the RT.
                    keys(&mut s, &[DOWN, DOWN, DOWN]);
                    // Round after round, the session saves its RT and sees it saved.
                    let mut acknowledged = String::new();
                    for round in 1..=rounds {
                        let rt = format!("{}{round}", i % 10);
                        set_rt(&mut s, &rt);
                        s.wait_until(&format!("RT {rt} shown saved"), |s| shown_rt(s).as_deref() == Some(rt.as_str()));
                        acknowledged = rt;
                    }
                    // One more save, typed, then sent at the word.
                    keys(&mut s, &[ENTER, END, b"\x7f", b"\x7f", b"\x7f"]);
                    let in_flight = format!("{}9", i % 10);
                    s.type_text(&in_flight);
                    let _ = ready.send(Ready::Typed);
                    wait_signal(&signal, 1);
                    s.push(ENTER);
                    // Read until the server is gone: a save shown saved
                    // before it died counts as acknowledged.
                    let mut told = false;
                    loop {
                        let killed = state(&signal) >= 2;
                        s.pump(Duration::from_millis(50));
                        if shown_rt(&s).as_deref() == Some(in_flight.as_str()) {
                            acknowledged = in_flight.clone();
                            if !told {
                                let _ = ready.send(Ready::Saved);
                                told = true;
                            }
                        }
                        if killed {
                            break;
                        }
                        if s.closed {
                            wait_signal(&signal, 2);
                        }
                    }
                    acknowledged
                })
            })
            .collect();
        drop(ready);
        let mut typed = 0;
        while typed < sessions {
            match readied.recv_timeout(Duration::from_secs(120)) {
                Ok(Ready::Typed) => typed += 1,
                Ok(Ready::Saved) => {}
                Err(_) => {
                    raise(&signal, 2);
                    panic!("not every session got as far as its last save");
                }
            }
        }
        raise(&signal, 1);
        // The server dies among the last saves: once a fifth of them (at
        // least one) are shown saved, the others still under way.
        let mut saved = 0;
        while saved < (sessions / 5).max(1) {
            match readied.recv_timeout(Duration::from_secs(20)) {
                Ok(Ready::Saved) => saved += 1,
                Ok(Ready::Typed) => {}
                Err(_) => break,
            }
        }
        kill(&mut server);
        raise(&signal, 2);
        assert!(saved > 0, "no last save was shown saved within 20 s");
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });

    let check = pty::dtks_command().arg("--db").arg(&db).arg("check").output().unwrap();
    assert!(check.status.success(), "dtks check: {}", String::from_utf8_lossy(&check.stdout));
    let svc = Service::open(&db, false, clock()).unwrap();
    let (mut in_flight_saved, mut in_flight_shown) = (0, 0);
    for (i, kk) in kks.iter().enumerate() {
        let visits = svc.verval_show(kk).unwrap();
        let rt = &visits[0].form.rt;
        let in_flight = format!("{}9", i % 10);
        assert!(*rt == acknowledged[i] || *rt == in_flight, "KK {kk}: RT {rt}, acknowledged {}", acknowledged[i]);
        in_flight_saved += usize::from(*rt == in_flight);
        in_flight_shown += usize::from(acknowledged[i] == in_flight);
    }
    eprintln!(
        "{sessions} sessions: of the last saves {in_flight_shown} were shown saved before the kill, {in_flight_saved} stored"
    );
    (dir, db)
}

#[test]
fn the_server_killed_while_sessions_save_keeps_every_save_acknowledged_on_screen() {
    killed_while_saving(3, 3, 4);
}

/// Fifty sessions connected, all saving, the server SIGKILLed among their
/// saves; then it starts again on the same database and serves.
#[test]
fn the_server_killed_among_fifty_saving_sessions_keeps_every_acknowledged_save_and_starts_again() {
    let started = Instant::now();
    let (dir, db) = killed_while_saving(50, 10, 2);
    let (key, public) = new_key(dir.path(), "sari");
    pty::add_user(&db, "sari", &public);
    let mut server = Server::start(&db);
    let mut s = login(&server, "sari", &key);
    s.wait_for(&["Beranda", "q Keluar"]);
    let lookup = ssh_client::Ssh::login(server.port, "sari", &key).unwrap().exec(&format!("lookup {KK}"));
    assert_eq!(lookup.code, Some(0), "{}{}", lookup.stdout, lookup.stderr);
    let status = server.terminate();
    assert!(status.success(), "dtks serve after the restart: {status:?}\n{}", server.log());
    s.wait_closed();
    eprintln!("fifty sessions killed and restarted in {:?}", started.elapsed());
}
