//! `dtks serve` reached with russh's own client, so that these run wherever
//! Cargo does (the OpenSSH tests in serve.rs skip without it): a key logs
//! in and another is refused, an exec lookup answers with its exit code, and
//! the screens are drawn, searched, resized and quit.

#![cfg(unix)]

use std::path::Path;

#[path = "support/pty.rs"]
mod pty;
#[path = "support/ssh_client.rs"]
mod ssh_client;
use pty::*;
use ssh_client::*;

fn first_person() -> (String, String) {
    let persons =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register/persons.csv"))
            .unwrap();
    let row: Vec<String> = persons.lines().nth(1).unwrap().split(',').map(str::to_string).collect();
    (row[0].clone(), row[2].clone())
}

#[test]
fn a_registered_key_logs_in_and_looks_up_and_any_other_is_refused() {
    let (dir, db) = sample_db();
    let (sari, sari_pub) = new_key(dir.path(), "sari");
    let (stranger, _) = new_key(dir.path(), "stranger");
    add_user(&db, "sari", &sari_pub);
    let (nik, name) = first_person();
    let server = Server::start(&db);

    let ssh = Ssh::login(server.port, "sari", &sari).expect("sari's key logs in");
    let found = ssh.exec(&format!("lookup {nik}"));
    assert_eq!(found.code, Some(0), "{}", found.stderr);
    // A petugas sees the NIK masked, over SSH as everywhere.
    let masked = dtks::domain::access::mask(&nik);
    assert!(found.stdout.contains(&masked) && found.stdout.contains(&name), "{}", found.stdout);
    assert!(!found.stdout.contains(&nik), "{}", found.stdout);
    // A NIK nobody holds: exit 1, as the local command.
    let none = ssh.exec("lookup 3175999999999999");
    assert_eq!(none.code, Some(1), "{}", none.stdout);
    // Writing over SSH: one line on stderr, exit 2, nothing on stdout.
    let refused = ssh.exec("import /tmp");
    assert_eq!(refused.code, Some(2));
    assert_eq!(refused.stderr.lines().count(), 1, "{}", refused.stderr);
    assert!(refused.stdout.is_empty());

    assert!(Ssh::login(server.port, "sari", &stranger).is_err(), "a key sari does not hold");
    assert!(Ssh::login(server.port, "tamu", &sari).is_err(), "a user nobody added");
    let log = server.log();
    assert!(log.contains("login 'tamu'"), "{log}");
}

#[test]
fn the_screens_are_drawn_searched_resized_and_quit_over_russh() {
    let (dir, db) = sample_db();
    let (sari, sari_pub) = new_key(dir.path(), "sari");
    add_user(&db, "sari", &sari_pub);
    let server = Server::start(&db);

    let mut s = Ssh::login(server.port, "sari", &sari).unwrap().screen(80, 24);
    s.wait_for(&["Beranda", "Keluarga:", "q Keluar"]);
    s.send(b"r");
    s.wait_for(&["Rumah Tangga"]);
    s.type_text("siti nur");
    s.wait_for(&["Siti Nurhaliza"]);
    // Too small: the screen says what size it needs; back to size, drawn again.
    s.resize(60, 20);
    s.wait_for(&["80×24", "60×20"]);
    s.resize(0, 0);
    s.resize(100, 30);
    s.wait_for(&["Siti Nurhaliza"]);
    s.send(b"\x1b");
    s.wait_for(&["Keluarga:", "q Keluar"]);
    s.send(b"q");
    assert_eq!(s.wait_closed(), Some(0));
    assert!(s.raw.windows(LEAVE_ALT.len()).any(|w| w == LEAVE_ALT), "the alternate screen was never left");
    drop(server);
}

#[test]
fn a_dropped_connection_frees_its_session_and_the_server_stops_cleanly() {
    let (dir, db) = sample_db();
    let (sari, sari_pub) = new_key(dir.path(), "sari");
    add_user(&db, "sari", &sari_pub);
    let mut server = Server::start(&db);

    let mut s = Ssh::login(server.port, "sari", &sari).unwrap().screen(80, 24);
    s.wait_for(&["Beranda"]);
    s.send(b"r");
    s.type_text("siti");
    s.drop_connection();
    // Another session still works after the first vanished mid-search.
    let mut t = Ssh::login(server.port, "sari", &sari).unwrap().screen(80, 24);
    t.wait_for(&["Beranda", "Keluarga:"]);
    assert!(server.terminate().success(), "{}", server.log());
    assert_eq!(t.wait_closed(), Some(0));
    t.wait_for(&["server dihentikan"]);
}
