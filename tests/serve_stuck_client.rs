//! A client that never reads its output, against `dtks serve`, with
//! russh's own client: the server holds a bounded amount for it however
//! much it types, other sessions answer as before, and once it reads again
//! it gets the whole screen as it is then.

use std::time::{Duration, Instant};

#[path = "support/pty.rs"]
mod pty;

#[path = "support/ssh_client.rs"]
mod ssh_client;
use ssh_client::{Server, Ssh, new_key};

/// The server's resident memory now, in KiB (Linux).
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A NIK of the sample register.
fn a_nik() -> String {
    let persons =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sample-data/register/persons.csv")).unwrap();
    persons.lines().nth(1).unwrap().split(',').next().unwrap().to_string()
}

/// Bytes typed by the client that never reads, a key each: short of the
/// 2 MiB the server's window takes before the client must read its
/// window adjustments (which it does not).
const TYPED: usize = 1792 << 10;
const CHUNK: usize = 32 << 10;
/// What the server may grow by while it holds that client: about 7 MiB
/// measured; a queue of keys without a bound grew by 50 MiB here.
const BOUND_KIB: u64 = 24 << 10;
/// How long another session may take to answer meanwhile.
const RESPONSIVE: Duration = Duration::from_secs(5);

#[test]
fn a_client_that_never_reads_its_output_holds_a_bounded_server_and_slows_no_other_session() {
    let (dir, db) = pty::sample_db();
    let (sari_key, sari_pub) = new_key(dir.path(), "sari");
    let (budi_key, budi_pub) = new_key(dir.path(), "budi");
    pty::add_user(&db, "sari", &sari_pub);
    pty::add_user(&db, "budi", &budi_pub);
    let server = Server::start(&db);
    let pid = server.child.id();

    // sari's screen on the largest terminal drawn, at the household search.
    let (ssh, switch) = Ssh::login_switched(server.port, "sari", &sari_key, 64 << 10).unwrap();
    let mut stuck = ssh.screen(400, 200);
    stuck.wait_for(&["Beranda", "q Keluar"]);
    stuck.send(b"r");
    stuck.wait_for(&["Rumah Tangga"]);
    let before = rss_kib(pid);

    // From now on nothing of its output is read; it types on, and its
    // window changes size back and forth (a whole screen drawn each time).
    switch.stop();
    let chunk = vec![b'a'; CHUNK];
    let mut peak = before;
    for i in 0..TYPED / CHUNK {
        stuck.push(&chunk);
        for j in 0..4 {
            stuck.push_size(400 - ((i + j) % 2) as u16, 200);
        }
        peak = peak.max(rss_kib(pid));
    }
    // The server has taken in what was sent: another connection's answer
    // comes after it on the same runtime.
    let other = Ssh::login(server.port, "budi", &budi_key).unwrap();
    let asked = Instant::now();
    let answer = other.exec(&format!("lookup {}", a_nik()));
    let took = asked.elapsed();
    assert_eq!(answer.code, Some(0), "{}{}", answer.stdout, answer.stderr);
    assert!(took < RESPONSIVE, "a lookup took {took:?} beside the stuck client");
    let mut budi = Ssh::login(server.port, "budi", &budi_key).unwrap().screen(80, 24);
    let start = Instant::now();
    budi.wait_for(&["Beranda", "q Keluar"]);
    budi.send(b"r");
    budi.type_text("siti nur");
    budi.wait_for(&["Siti Nurhaliza"]);
    assert!(start.elapsed() < RESPONSIVE, "another screen took {:?} to search", start.elapsed());
    // Give the stuck session time to work through whatever it kept.
    std::thread::sleep(Duration::from_secs(2));
    peak = peak.max(rss_kib(pid));
    let grew = peak.saturating_sub(before);
    assert!(
        grew < BOUND_KIB,
        "the server grew by {grew} KiB (from {before} KiB) for a client that reads nothing; bound {BOUND_KIB} KiB"
    );

    // It reads again: the whole screen as it is now, the search typed.
    switch.resume();
    stuck.wait_for(&["Rumah Tangga", "aaaaaaaa"]);
    stuck.send(b"\x1b");
    stuck.wait_for(&["Beranda", "q Keluar"]);
    eprintln!("server RSS {before} KiB before, peak {peak} KiB; lookup beside it {took:?}");
}
