//! The local socket of `dtks serve`: while the server runs, `dtks`
//! commands on this host go through it (reads, writes with their progress,
//! the screens) and nobody meets "in use"; a disabled user's screens end;
//! a second server is refused; a stale socket is replaced; an over-long
//! request gets one line; connections opened and dropped stay bounded;
//! another OS user acts as the dtks user of its name.

#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "support/pty.rs"]
mod pty;
use pty::*;

fn dtks(db: &Path, args: &[&str]) -> Output {
    dtks_command().arg("--db").arg(db).args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn socket_of(db: &Path) -> PathBuf {
    db.with_file_name("register.sock")
}

/// A running `dtks serve` (SSH on a free loopback port) and its TCP port.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(db: &Path) -> Server {
        let mut child = dtks_command()
            .arg("--db")
            .arg(db)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let first = lines.next().expect("dtks serve printed no line").unwrap();
        // The rest of its log is read and dropped so that it never blocks.
        std::thread::spawn(move || lines.map_while(Result::ok).for_each(drop));
        let port = first
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {first:?}"));
        Server { child, port }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn stop(&mut self, signal: &str) -> std::process::ExitStatus {
        Command::new("kill").args([signal, &self.pid().to_string()]).status().unwrap();
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(start.elapsed() < WAIT, "dtks serve still running {WAIT:?} after {signal}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn first_nik() -> String {
    let persons =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register/persons.csv"))
            .unwrap();
    persons.lines().nth(1).unwrap().split(',').next().unwrap().to_string()
}

/// Waits until `cond` holds, up to `WAIT`.
fn eventually(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < WAIT, "never: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn reads_answer_through_the_server_while_a_screen_is_open_as_they_do_locally() {
    let (_dir, db) = sample_db();
    let nik = first_nik();
    let queries: Vec<Vec<&str>> = vec![
        vec!["lookup", &nik],
        vec!["lookup", &nik, "--json"],
        vec!["--lang", "en", "lookup", "siti nur", "--limit", "3"],
        vec!["lookup", "3175999999999999"],
        vec!["stats", "--json"],
        vec!["check"],
        vec!["lookup"],
        // Options after the command: the client's parser first, then the server.
        vec!["lookup", &nik, "--lang", "en"],
        vec!["stats", "--help"],
    ];
    let local: Vec<Output> = queries.iter().map(|q| dtks(&db, q)).collect();
    let server = Server::start(&db);
    let sock = socket_of(&db);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&sock).unwrap().permissions().mode() & 0o777, 0o600);

    // The screens through the server, then the same commands beside them.
    let mut t = Tui::spawn(&["--db", &db_arg(&db)]);
    t.wait_crumbs(&["Beranda"]);
    t.send(b"r");
    t.wait_crumbs(&["Beranda", "Rumah Tangga"]);
    for (q, want) in queries.iter().zip(&local) {
        let got = dtks(&db, q);
        assert_eq!(got.status.code(), want.status.code(), "{q:?}: {}", text(&got.stderr));
        assert_eq!(text(&got.stdout), text(&want.stdout), "{q:?}");
        assert_eq!(text(&got.stderr), text(&want.stderr), "{q:?}");
    }
    assert_eq!(local[0].status.code(), Some(0));
    assert_eq!(local[3].status.code(), Some(1));
    assert_eq!(local[6].status.code(), Some(2));
    // The screen follows its window and gives the terminal back on q.
    t.resize(60, 20);
    t.wait_for(&["80×24", "60×20"]);
    t.resize(80, 24);
    t.wait_for(&["Rumah Tangga"]);
    t.esc(&["Beranda"]);
    t.send(b"q");
    assert!(t.wait_exit(WAIT).success());
    t.assert_restored();
    drop(server);
}

#[test]
fn writes_run_in_the_server_with_their_progress_and_paths_from_the_callers_directory() {
    let (dir, db) = sample_db();
    let mut server = Server::start(&db);
    let out = dtks(&db, &["user", "add", "tamu", "--area", "all"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("'tamu' (petugas, wilayah seluruh register) ditambahkan"),
        "{}",
        text(&out.stdout)
    );

    // A relative --out is the caller's, not the server's.
    let out = dtks_command().current_dir(dir.path()).arg("--db").arg(&db).args(["export", "--out", "ekspor"]).output();
    let out = out.unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("ekspor/households.csv").is_file());
    let out = dtks(&db, &["import", dir.path().join("ekspor").to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Impor selesai"), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("tersimpan:"), "no progress lines: {}", text(&out.stderr));
    let out = dtks(&db, &["import", "/tidak/ada"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr).lines().count(), 1, "{}", text(&out.stderr));
    // Restoring over the served register is refused in one line.
    let out = dtks(&db, &["restore", "/tidak/ada.dtksbak"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("dtks serve"), "{}", text(&out.stderr));

    // Kept once the server is gone, and the socket with it.
    assert!(server.stop("-TERM").success());
    assert!(!socket_of(&db).exists());
    let out = dtks(&db, &["user", "list"]);
    assert!(text(&out.stdout).contains("tamu"), "{}", text(&out.stdout));
}

#[test]
fn disabling_a_user_ends_their_open_screen_with_a_line_and_the_terminal_back() {
    let (_dir, db) = sample_db();
    assert!(dtks(&db, &["user", "add", "sari", "--area", "all"]).status.success());
    let _server = Server::start(&db);
    let mut sari = Tui::spawn(&["--db", &db_arg(&db), "--user", "sari"]);
    let mut other = Tui::spawn(&["--db", &db_arg(&db), "--user", "budi"]);
    sari.wait_crumbs(&["Beranda"]);
    other.wait_crumbs(&["Beranda"]);
    let out = dtks(&db, &["user", "disable", "sari"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(sari.wait_exit(WAIT).success());
    assert!(sari.raw.windows(LEAVE_ALT.len()).any(|w| w == LEAVE_ALT), "never left the alternate screen");
    sari.wait_for(&["dinonaktifkan"]);
    // Another user's screen goes on.
    other.send(b"r");
    other.wait_crumbs(&["Beranda", "Rumah Tangga"]);
    assert!(other.child.try_wait().unwrap().is_none());
}

#[test]
fn a_second_server_is_refused_and_a_dead_ones_socket_is_replaced() {
    let (_dir, db) = sample_db();
    let mut server = Server::start(&db);
    let out = dtks(&db, &["serve", "--listen", "127.0.0.1:0"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("sudah dilayani"), "{err}");

    // Killed outright: the socket stays, commands open the register themselves.
    server.stop("-KILL");
    assert!(socket_of(&db).exists());
    let out = dtks(&db, &["lookup", &first_nik()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let _again = Server::start(&db);
    let out = dtks(&db, &["stats"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// A request frame announcing `len` bytes, then the bytes.
fn raw_request(len: usize) -> Vec<u8> {
    let mut b = Vec::with_capacity(len + 5);
    b.extend_from_slice(&(len as u32 + 1).to_be_bytes());
    b.push(b'R');
    b.resize(len + 5, b'x');
    b
}

/// Every frame the server sends until it closes: (tag, payload).
fn frames(s: &mut UnixStream) -> Vec<(u8, Vec<u8>)> {
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let mut out = Vec::new();
    let mut rest = &all[..];
    while rest.len() >= 5 {
        let len = u32::from_be_bytes(rest[..4].try_into().unwrap()) as usize;
        out.push((rest[4], rest[5..4 + len].to_vec()));
        rest = &rest[4 + len..];
    }
    out
}

#[test]
fn a_one_megabyte_request_is_refused_in_one_line() {
    let (_dir, db) = sample_db();
    let _server = Server::start(&db);
    let mut s = UnixStream::connect(socket_of(&db)).unwrap();
    s.write_all(&raw_request(1024 * 1024)).unwrap();
    let got = frames(&mut s);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, b'E');
    let line = text(&got[0].1);
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.contains("terlalu panjang"), "{line}");
    assert_eq!(got[1], (b'X', vec![2]));
}

fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map(|d| d.count()).unwrap_or(0)
}

fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task")).map(|d| d.count()).unwrap_or(0)
}

#[test]
fn connections_opened_and_dropped_in_a_loop_leave_nothing_behind() {
    let (_dir, db) = sample_db();
    let server = Server::start(&db);
    let pid = server.pid();
    // One command first, so that everything made once is made.
    assert!(dtks(&db, &["stats"]).status.success());
    let (fds, tasks) = (open_fds(pid), threads(pid));
    for i in 0..200 {
        let s = UnixStream::connect(socket_of(&db)).unwrap();
        if i % 2 == 0 {
            // Half of them send a cut frame before going.
            (&s).write_all(&[0, 0, 1]).unwrap();
        }
        drop(s);
        drop(std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap());
    }
    eventually("descriptors back where they were", || open_fds(pid) <= fds + 4);
    eventually("threads back where they were", || threads(pid) <= tasks + 2);
    let out = dtks(&db, &["lookup", &first_nik()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// `dtks` as the OS user `nobody`, where the tests run as root and
/// `setpriv` is there to switch; `None` elsewhere.
fn as_nobody(db: &Path, args: &[&str]) -> Option<Output> {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if !root || Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("skipped: needs root and setpriv to act as another OS user");
        return None;
    }
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", EXE, "--db"])
        .arg(db)
        .args(args)
        .env("DTKS_NOW", NOW)
        .output()
        .unwrap();
    Some(out)
}

#[test]
fn another_os_user_acts_as_the_dtks_user_of_its_name_and_names_no_files() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, db) = sample_db();
    let _server = Server::start(&db);
    // The operator opens the way: the directory and the socket for everyone.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(socket_of(&db), std::fs::Permissions::from_mode(0o666)).unwrap();
    let nik = first_nik();
    let Some(out) = as_nobody(&db, &["lookup", &nik]) else { return };
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("'nobody' bukan pengguna aktif"), "{err}");

    assert!(dtks(&db, &["user", "add", "nobody", "--area", "all"]).status.success());
    let out = as_nobody(&db, &["lookup", &nik]).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A petugas: the NIK comes back masked.
    assert!(text(&out.stdout).contains(&dtks::domain::access::mask(&nik)), "{}", text(&out.stdout));
    assert!(!text(&out.stdout).contains(&nik));
    let refused = [
        vec!["--user", "sari", "stats"],
        vec!["export", "--out", "/tmp/ekspor-nobody"],
        vec!["user", "add", "tamu", "--area", "all"],
        vec!["user", "disable", "nobody"],
    ];
    for args in refused {
        let out = as_nobody(&db, &args).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&out.stderr).lines().count(), 1, "{args:?}: {}", text(&out.stderr));
    }
    assert!(!Path::new("/tmp/ekspor-nobody").exists());
    let list = text(&as_nobody(&db, &["user", "list"]).unwrap().stdout);
    assert!(list.lines().any(|l| l.starts_with("nobody") && l.contains("aktif")), "{list}");
    assert!(!list.contains("tamu"), "{list}");
}
