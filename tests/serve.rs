//! `dtks serve` through the binary, reached with the OpenSSH client: who
//! may log in, exec requests answered as the local command answers, write
//! commands refused, and the screens over a pty (drawn, resized, quit, and
//! given back when the server stops). Skipped where `ssh` or `ssh-keygen`
//! is not installed.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "support/pty.rs"]
mod pty;
use pty::*;

fn have_openssh() -> bool {
    let found = |p: &str| Command::new(p).arg("-V").output().is_ok();
    let ok = found("ssh") && Command::new("ssh-keygen").arg("-?").output().is_ok();
    if !ok {
        eprintln!("skipped: the OpenSSH client (ssh, ssh-keygen) is not installed");
    }
    ok
}

/// A new ed25519 (or RSA) key pair in `dir`; returns the private key's path.
fn keygen(dir: &Path, name: &str, kind: &str) -> PathBuf {
    let path = dir.join(name);
    let out =
        Command::new("ssh-keygen").args(["-q", "-t", kind, "-N", "", "-C", name, "-f"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "ssh-keygen: {}", String::from_utf8_lossy(&out.stderr));
    path
}

fn pub_of(key: &Path) -> PathBuf {
    key.with_extension("pub")
}

fn dtks(db: &Path, args: &[&str]) -> Output {
    dtks_command().arg("--db").arg(db).args(args).output().unwrap()
}

/// A running `dtks serve` on a free loopback port, with what it logged.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
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
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line.clone());
                lines.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let first = rx.recv_timeout(WAIT).expect("dtks serve printed no line");
        let port = first
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {first:?}"));
        Server { child, port, log }
    }

    fn ssh_args(&self, user: &str, key: &Path) -> Vec<String> {
        let mut a: Vec<String> = [
            "-F",
            "/dev/null",
            "-p",
            &self.port.to_string(),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "IdentityAgent=none",
            "-i",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.push(key.to_str().unwrap().to_string());
        a.push(format!("{user}@127.0.0.1"));
        a
    }

    fn ssh(&self, user: &str, key: &Path, command: &[&str]) -> Output {
        Command::new("ssh")
            .args(self.ssh_args(user, key))
            // The command line is the server's to read, never ssh's options.
            .arg("--")
            .args(command)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(start.elapsed() < WAIT, "dtks serve still running {WAIT:?} after SIGTERM");
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

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A sample register with user sari (an ed25519 key) and budi (an RSA key).
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let (dir, db) = sample_db();
    let sari = keygen(dir.path(), "sari", "ed25519");
    let budi = keygen(dir.path(), "budi", "rsa");
    let out = dtks(&db, &["user", "add", "sari", "--role", "operator", "--key", pub_of(&sari).to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = dtks(&db, &["user", "add", "budi", "--area", "all", "--key", pub_of(&budi).to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    (dir, db, sari, budi)
}

#[test]
fn only_enabled_users_with_their_own_keys_log_in() {
    if !have_openssh() {
        return;
    }
    let (dir, db, sari, budi) = setup();
    let stranger = keygen(dir.path(), "stranger", "ed25519");
    let list = dtks(&db, &["--lang", "en", "user", "list"]);
    assert!(
        text(&list.stdout).contains("sari") && text(&list.stdout).contains("ssh-rsa budi"),
        "{}",
        text(&list.stdout)
    );

    let server = Server::start(&db);
    let host_key = db.with_file_name("register.ssh_host_ed25519_key");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&host_key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "host key mode {mode:o}");
    }
    assert_eq!(server.ssh("sari", &sari, &["stats"]).status.code(), Some(0));
    // An RSA key logs in too.
    assert_eq!(server.ssh("budi", &budi, &["stats"]).status.code(), Some(0));
    // Someone else's key, an unknown key, an unknown name: refused.
    let wrong = server.ssh("sari", &budi, &["stats"]);
    assert_eq!(wrong.status.code(), Some(255), "{}", text(&wrong.stderr));
    assert!(text(&wrong.stderr).contains("Permission denied"), "{}", text(&wrong.stderr));
    assert_eq!(server.ssh("sari", &stranger, &["stats"]).status.code(), Some(255));
    assert_eq!(server.ssh("tamu", &sari, &["stats"]).status.code(), Some(255));
    let log = server.log();
    assert!(log.contains("login 'sari'") && log.contains("kunci tidak terdaftar"), "{log}");
    assert!(log.contains("login 'tamu'") && log.contains("tidak ada pengguna"), "{log}");
    drop(server);

    let out = dtks(&db, &["user", "disable", "budi"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let server = Server::start(&db);
    let host_key_again = std::fs::read(&host_key).unwrap();
    assert_eq!(server.ssh("budi", &budi, &["stats"]).status.code(), Some(255));
    assert_eq!(server.ssh("sari", &sari, &["stats"]).status.code(), Some(0));
    assert!(server.log().contains("dinonaktifkan"), "{}", server.log());
    // The host key is made once and kept.
    drop(server);
    assert_eq!(std::fs::read(&host_key).unwrap(), host_key_again);
}

#[test]
fn exec_lookup_answers_as_the_local_command_does() {
    if !have_openssh() {
        return;
    }
    let (_dir, db, sari, _) = setup();
    let persons =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register/persons.csv"))
            .unwrap();
    let nik = persons.lines().nth(1).unwrap().split(',').next().unwrap().to_string();
    let queries: Vec<Vec<&str>> = vec![
        vec!["lookup", &nik],
        vec!["lookup", &nik, "--json"],
        vec!["--lang", "en", "lookup", "siti nur", "--limit", "3"],
        vec!["lookup", "3175999999999999"],
        vec!["stats", "--json"],
        vec!["usulan", "list"],
    ];
    // The local answers first: the server will hold the register.
    let local: Vec<Output> = queries.iter().map(|q| dtks(&db, q)).collect();
    let server = Server::start(&db);
    for (q, want) in queries.iter().zip(&local) {
        // The remote side splits the line as a shell would.
        let line: Vec<String> =
            q.iter().map(|w| if w.contains(' ') { format!("'{w}'") } else { w.to_string() }).collect();
        let got = server.ssh("sari", &sari, &[&line.join(" ")]);
        assert_eq!(got.status.code(), want.status.code(), "{q:?}: {}", text(&got.stderr));
        assert_eq!(text(&got.stdout), text(&want.stdout), "{q:?}");
        assert_eq!(text(&got.stderr), text(&want.stderr), "{q:?}");
    }
    assert_eq!(local[0].status.code(), Some(0));
    assert_eq!(local[3].status.code(), Some(1));
}

#[test]
fn commands_that_write_or_name_another_register_are_refused_with_exit_2() {
    if !have_openssh() {
        return;
    }
    let (_dir, db, sari, _) = setup();
    let server = Server::start(&db);
    for line in ["import /tmp", "user add tamu", "tahap freeze 2026-T4 --program KLJ", "serve", "", "lookup 'siti"] {
        let out = server.ssh("sari", &sari, &[line]);
        assert_eq!(out.status.code(), Some(2), "{line:?}: {}", text(&out.stdout));
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{line:?}: {err}");
        assert!(err.starts_with("dtks: "), "{line:?}: {err}");
        assert!(out.stdout.is_empty(), "{line:?}");
    }
    let out = server.ssh("sari", &sari, &["lookup --db /tmp/other 3175"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--db"), "{}", text(&out.stderr));
    let out = server.ssh("sari", &sari, &["--lang en import /tmp"]);
    assert!(text(&out.stderr).contains("cannot be run over SSH"), "{}", text(&out.stderr));
}

#[test]
fn the_screens_open_over_ssh_follow_resizes_and_are_given_back_when_the_server_stops() {
    if !have_openssh() {
        return;
    }
    let (_dir, db, sari, budi) = setup();
    let mut server = Server::start(&db);
    let mut args = server.ssh_args("sari", &sari);
    args.insert(0, "-t".to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    // Browse, then quit with q: exit 0, the terminal given back.
    let mut t = Tui::spawn_program("ssh", &args);
    t.wait_crumbs(&["Beranda"]);
    t.wait_for(&["Keluarga:", "q Keluar"]);
    t.send(b"r");
    t.wait_crumbs(&["Beranda", "Rumah Tangga"]);
    t.type_text("siti nur");
    t.wait_for(&["Siti Nurhaliza"]);
    t.esc(&["Beranda"]);
    t.resize(60, 20);
    t.wait_for(&["80×24", "60×20"]);
    t.resize(0, 0);
    t.resize(80, 24);
    t.wait_for(&["Keluarga:", "q Keluar"]);
    t.send(b"q");
    let status = t.wait_exit(WAIT);
    assert!(status.success(), "exit status {status:?}");
    t.assert_restored();

    // Two screens open when the server stops: each told, each given back.
    let mut budi_args = server.ssh_args("budi", &budi);
    budi_args.insert(0, "-t".to_string());
    let budi_args: Vec<&str> = budi_args.iter().map(String::as_str).collect();
    let mut a = Tui::spawn_program("ssh", &args);
    let mut b = Tui::spawn_program("ssh", &budi_args);
    a.wait_crumbs(&["Beranda"]);
    b.wait_crumbs(&["Beranda"]);
    assert!(server.terminate().success());
    for t in [&mut a, &mut b] {
        let status = t.wait_exit(WAIT);
        assert!(status.success(), "exit status {status:?}");
        assert!(t.raw.windows(LEAVE_ALT.len()).any(|w| w == LEAVE_ALT), "never left the alternate screen");
        assert!(!t.raw.is_empty());
        t.wait_for(&["server dihentikan"]);
    }
}

#[test]
fn an_overlong_exec_line_is_refused_in_one_line_and_a_megabyte_one_ends_only_its_connection() {
    if !have_openssh() {
        return;
    }
    let (_dir, db, sari, _) = setup();
    let server = Server::start(&db);
    // In words under the OS's limit per argument; ssh joins them with spaces.
    let word = "3".repeat(100 * 1024);
    let out = server.ssh("sari", &sari, &["lookup", &word, &word]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("terlalu panjang"), "{err}");
    // 1 MB, past the SSH transport's packet limit: that connection ends and
    // the server goes on.
    let words: Vec<String> = (0..8).map(|_| "3".repeat(128 * 1024 - 1)).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    assert_ne!(server.ssh("sari", &sari, &words).status.code(), Some(0));
    assert_eq!(server.ssh("sari", &sari, &["stats"]).status.code(), Some(0));
}

#[test]
fn the_audit_over_ssh_shows_who_looked_and_from_where_to_a_supervisor_only() {
    if !have_openssh() {
        return;
    }
    let (_dir, db, sari, budi) = setup();
    let server = Server::start(&db);
    let got = server.ssh("budi", &budi, &["lookup 'siti nur'"]);
    assert_eq!(got.status.code(), Some(0), "{}", text(&got.stderr));
    // `--user` here names whose events; sari (operator) asks.
    let out = server.ssh("sari", &sari, &["--lang en audit show --user budi"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("budi  SSH from 127.0.0.1:") && shown.contains("looked up «siti nur»"), "{shown}");
    let out = server.ssh("budi", &budi, &["audit show --user sari"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("perlu peran supervisor untuk membaca log audit"), "{}", text(&out.stderr));
    // On the host, through the socket: the chain holds every one of them.
    let out = dtks(&db, &["--lang", "en", "audit", "verify"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("audit log whole"), "{}", text(&out.stdout));
}
