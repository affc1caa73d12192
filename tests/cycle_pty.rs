//! The home-visit form under faults, with the real binary in a
//! pseudo-terminal: killed (SIGKILL) or hung up (SIGHUP) in the middle of a
//! visit, the draft keeps every edit the screen showed as saved, the
//! register is unchanged, and reopening the household offers the draft.

#![cfg(unix)]

use std::process::Command;
use std::time::Duration;

#[path = "support/pty.rs"]
mod pty;
use pty::*;

use dtks::domain::Household;
use dtks::service::{Actor, Service};
use dtks::testkit;

const USER: &str = "petugas.uji";

/// A household of the sample with no visit yet, and the register's copy.
fn unvisited(db: &std::path::Path) -> Household {
    let svc = Service::open(db, false, pty::clock()).unwrap();
    for h in testkit::store(&svc).households_after(None, 200).unwrap() {
        if h.members.len() >= 2 && svc.verval_show(&h.no_kk).unwrap().is_empty() {
            return h;
        }
    }
    panic!("no unvisited household in the sample");
}

/// Opens the household's visit form and makes two edits, each waited for
/// on screen: the visit date, then text added to the street address.
fn edit_visit(t: &mut Tui, kk: &str) {
    t.wait_for(&["Beranda"]);
    t.send(b"r");
    t.wait_for(&["Rumah Tangga"]);
    t.type_text(kk);
    t.wait_for(&[&format!("│{kk}")]);
    t.send(b"\r");
    t.wait_for(&["Detail Keluarga", "Alamat"]);
    t.send(b"v");
    t.wait_for(&["Kunjungan rumah", "Tanggal kunjungan"]);
    // The cursor starts on the visit date.
    t.send(b"\r");
    t.type_text("24-11-2026");
    t.send(b"\r");
    t.wait_for(&["24-11-2026", "Tersimpan"]);
    // Visit date, Kelurahan, RW, RT, then the street address.
    for _ in 0..4 {
        t.send(b"\x1b[B");
    }
    t.send(b"\r");
    t.type_text(" Gg. Uji");
    t.send(b"\r");
    t.wait_for(&["Gg. Uji"]);
}

/// The draft holds both edits, its cursor on the last one, and the
/// register's household is as it was.
fn assert_draft(db: &std::path::Path, before: &Household) {
    let svc = Service::open(db, false, pty::clock()).unwrap();
    let drafts = svc.my_drafts(&Actor::new(USER)).unwrap();
    let line = drafts.iter().find(|l| l.no_kk == before.no_kk).expect("the draft survived");
    let form = svc.visit(line.visit_id).unwrap().form;
    assert_eq!(form.visit_date, "24-11-2026");
    assert_eq!(form.street, format!("{} Gg. Uji", before.address.street));
    assert_eq!(
        form.cursor,
        dtks::domain::visit::FieldId::Household(dtks::domain::visit::HouseholdField::Street),
        "the cursor is where the last edit was"
    );
    assert_eq!(&testkit::store(&svc).household(&before.no_kk).unwrap().unwrap(), before, "register unchanged");
}

fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill").arg(sig).arg(pid.to_string()).status().unwrap();
    assert!(ok.success());
}

#[test]
fn killed_mid_visit_keeps_the_draft_and_offers_it_again() {
    let (_dir, db) = sample_db();
    let h = unvisited(&db);
    let dbs = db_arg(&db);
    let mut t = Tui::spawn(&["--db", &dbs, "--user", USER]);
    edit_visit(&mut t, &h.no_kk);
    signal(t.pid(), "-KILL");
    t.wait_exit(Duration::from_secs(5));
    assert_draft(&db, &h);

    // Reopening the household's visit offers the draft, then continues it.
    let mut t = Tui::spawn(&["--db", &dbs, "--user", USER]);
    t.wait_for(&["Beranda"]);
    t.send(b"r");
    t.wait_for(&["Rumah Tangga"]);
    t.type_text(&h.no_kk);
    t.wait_for(&[&format!("│{}", h.no_kk)]);
    t.send(b"\r");
    t.wait_for(&["Detail Keluarga"]);
    t.send(b"v");
    t.wait_for(&["Draf tersimpan", "lanjutkan", "buang"]);
    t.send(b"l");
    t.wait_for(&["Gg. Uji", "24-11-2026"]);
}

#[test]
fn hung_up_mid_visit_exits_cleanly_and_keeps_the_draft() {
    let (_dir, db) = sample_db();
    let h = unvisited(&db);
    let dbs = db_arg(&db);
    let mut t = Tui::spawn(&["--db", &dbs, "--user", USER]);
    edit_visit(&mut t, &h.no_kk);
    signal(t.pid(), "-HUP");
    let status = t.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit after SIGHUP: {status:?}");
    t.assert_restored();
    assert_draft(&db, &h);
}
