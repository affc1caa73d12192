//! The real binary in a pseudo-terminal, its output read through a terminal
//! emulator: the key reader, the draw loop, signals and the terminal's
//! restoration, which the in-process `App` tests cannot reach.
//!
//! `tui_idle_and_browse_figures` is ignored: it measures idle CPU and peak
//! RSS for the benchmarks on the database named by `DTKS_TUI_BENCH_DB`.

#![cfg(unix)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, PtySize, native_pty_system};

const EXE: &str = env!("CARGO_BIN_EXE_dtks");
const WAIT: Duration = Duration::from_secs(10);
/// Between keys: crossterm reads ESC followed quickly by a key as Alt+key.
const KEY_PAUSE: Duration = Duration::from_millis(60);
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";

/// A dtks process on an 80×24 pseudo-terminal, with everything it wrote.
struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    // The master end must outlive the child, or it sees a hang-up.
    _master: Box<dyn portable_pty::MasterPty + Send>,
    _home: tempfile::TempDir,
}

impl Tui {
    fn spawn(args: &[&str]) -> Tui {
        let pty = native_pty_system().openpty(PtySize { rows: 24, cols: 80, ..PtySize::default() }).unwrap();
        let mut cmd = CommandBuilder::new(EXE);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        // No user keymap file from the machine running the tests.
        let home = tempfile::tempdir().unwrap();
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Tui {
            child,
            writer,
            output: rx,
            parser: vt100::Parser::new(24, 80, 0),
            raw: Vec::new(),
            _master: pty.master,
            _home: home,
        }
    }

    fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// Takes in whatever output arrived within `timeout`.
    fn pump(&mut self, timeout: Duration) {
        if let Ok(bytes) = self.output.recv_timeout(timeout) {
            self.feed(&bytes);
            while let Ok(more) = self.output.try_recv() {
                self.feed(&more);
            }
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.raw.extend_from_slice(bytes);
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows every one of `texts`; fails with the
    /// last screen.
    fn wait_for(&mut self, texts: &[&str]) -> Duration {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if texts.iter().all(|t| screen.contains(t)) {
                return start.elapsed();
            }
            if start.elapsed() > WAIT {
                panic!("waited {WAIT:?} for {texts:?}; the screen shows:\n{screen}");
            }
            self.pump(Duration::from_millis(20));
        }
    }

    /// The header's breadcrumbs, e.g. "Beranda › Rumah Tangga".
    fn crumbs(&self) -> String {
        let top = self.parser.screen().rows(0, 80).next().unwrap_or_default();
        top.split_once('│').map(|(_, c)| c.trim().to_string()).unwrap_or_default()
    }

    /// Waits until the breadcrumbs read exactly `crumbs`.
    fn wait_crumbs(&mut self, crumbs: &[&str]) {
        let want = crumbs.join(" › ");
        let start = Instant::now();
        while self.crumbs() != want {
            if start.elapsed() > WAIT {
                panic!("waited {WAIT:?} for the screen {want:?}; it shows:\n{}", self.screen());
            }
            self.pump(Duration::from_millis(20));
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
        thread::sleep(KEY_PAUSE);
        self.pump(Duration::ZERO);
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(c.to_string().as_bytes());
        }
    }

    /// Esc alone (so that it is not read as Alt+key), then waits for the
    /// screen `back_to`.
    fn esc(&mut self, back_to: &[&str]) {
        self.send(b"\x1b");
        self.wait_crumbs(back_to);
    }

    /// Waits for the process to end, reading its output until it does.
    fn wait_exit(&mut self, within: Duration) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // What it wrote before exiting may still be in the pipe.
                self.pump(Duration::from_millis(200));
                return status;
            }
            if start.elapsed() > within {
                let _ = self.child.kill();
                panic!("dtks still running after {within:?}; the screen shows:\n{}", self.screen());
            }
            self.pump(Duration::from_millis(20));
        }
    }

    /// The last thing written leaves the alternate screen: nothing was
    /// drawn after the terminal was given back.
    fn assert_restored(&self) {
        let at = self.raw.windows(LEAVE_ALT.len()).rposition(|w| w == LEAVE_ALT);
        let Some(at) = at else {
            panic!("the alternate screen was never left; output ends {:?}", tail(&self.raw));
        };
        let after = &self.raw[at + LEAVE_ALT.len()..];
        // Showing the cursor again may follow; no drawing may.
        assert!(
            after.iter().all(|b| b"\x1b[?25h\r\n".contains(b)),
            "output after leaving the alternate screen: {after:?}"
        );
        assert!(!self.parser.screen().alternate_screen());
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn tail(b: &[u8]) -> String {
    String::from_utf8_lossy(&b[b.len().saturating_sub(80)..]).into_owned()
}

/// A fresh database holding sample-data/register.
fn sample_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
    let out = Command::new(EXE).arg("--db").arg(&db).arg("import").arg(&sample).output().unwrap();
    assert!(out.status.success(), "import failed: {}", String::from_utf8_lossy(&out.stderr));
    (dir, db)
}

fn db_arg(db: &Path) -> String {
    db.to_str().unwrap().to_string()
}

struct Words {
    dashboard: &'static str,
    households: &'static str,
    household: &'static str,
    person: &'static str,
    address: &'static str,
    because: &'static str,
}

const ID: Words = Words {
    dashboard: "Beranda",
    households: "Rumah Tangga",
    household: "Detail Keluarga",
    person: "Detail Anggota",
    address: "Alamat",
    because: "karena",
};
const EN: Words = Words {
    dashboard: "Dashboard",
    households: "Households",
    household: "Household",
    person: "Person",
    address: "Address",
    because: "because",
};

fn browse_and_quit(lang: &str, w: &Words) {
    let (_dir, db) = sample_db();
    let db = db_arg(&db);
    let mut t = Tui::spawn(&["--db", &db, "--lang", lang]);
    t.wait_crumbs(&[w.dashboard]);

    t.send(b"r");
    t.wait_crumbs(&[w.dashboard, w.households]);
    t.type_text("siti nur");
    // The box echoes the whole query (the list is redrawn in the same
    // frame), and the list is narrowed to it: a member, not always the
    // head, matches, but the first row is a Siti Nur… household.
    t.wait_for(&["siti nur", "Siti Nurhaliza"]);
    let first = t.screen().lines().find(|l| l.contains("│3175")).map(String::from).unwrap_or_default();
    assert!(first.contains("Siti Nurhali"), "first row {first:?}; the screen shows:\n{}", t.screen());

    t.send(b"\r");
    t.wait_crumbs(&[w.dashboard, w.households, w.household]);
    t.wait_for(&["KK ", w.address]);
    t.send(b"\r");
    t.wait_crumbs(&[w.dashboard, w.households, w.household, w.person]);
    t.wait_for(&["KLJ", w.because]);

    // Back one screen at a time.
    t.esc(&[w.dashboard, w.households, w.household]);
    t.wait_for(&["KK ", w.address]);
    t.esc(&[w.dashboard, w.households]);
    t.wait_for(&["Siti Nurhaliza"]);
    t.esc(&[w.dashboard]);

    t.send(b"q");
    let status = t.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    t.assert_restored();
}

#[test]
fn browse_a_household_and_quit_indonesian() {
    browse_and_quit("id", &ID);
}

#[test]
fn browse_a_household_and_quit_english() {
    browse_and_quit("en", &EN);
}

/// A signal ends the session as `q` does: exit 0, terminal restored, the
/// database left openable.
fn signal_ends_cleanly(signal: &str) {
    let (_dir, db) = sample_db();
    let db_s = db_arg(&db);
    let mut t = Tui::spawn(&["--db", &db_s]);
    t.wait_crumbs(&[ID.dashboard]);
    let pid = t.pid().to_string();
    let killed = Command::new("kill").args([signal, &pid]).status().unwrap();
    assert!(killed.success(), "kill {signal} {pid} failed");
    let status = t.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "after {signal}: exit status {status:?}");
    t.assert_restored();

    let check = Command::new(EXE).arg("--db").arg(&db).arg("check").output().unwrap();
    assert!(
        check.status.success(),
        "dtks check after {signal}: {}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn sighup_exits_cleanly_and_the_database_opens() {
    signal_ends_cleanly("-HUP");
}

#[test]
fn sigterm_exits_cleanly_and_the_database_opens() {
    signal_ends_cleanly("-TERM");
}

/// (utime + stime) of a process in clock ticks, from /proc (Linux).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The command name may hold spaces; fields count from after its ')'.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

/// Per thread of `pid`: its name and (utime + stime) in clock ticks.
fn thread_ticks(pid: u32) -> std::collections::BTreeMap<String, (String, u64)> {
    let mut out = std::collections::BTreeMap::new();
    for e in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap().flatten() {
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else { continue };
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else { continue };
        let name = stat[open + 1..close].to_string();
        let f: Vec<&str> = stat[close + 2..].split_whitespace().collect();
        let ticks = f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
        out.insert(e.file_name().to_string_lossy().into_owned(), (name, ticks));
    }
    out
}

fn proc_status_kib(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap()
}

/// Idle CPU and peak RSS while browsing, on a database given by
/// `DTKS_TUI_BENCH_DB` (left unchanged apart from sled's own files). Run
/// with `cargo test --release --test tui_pty -- --ignored --nocapture`.
#[test]
#[ignore]
fn tui_idle_and_browse_figures() {
    let Some(db) = std::env::var_os("DTKS_TUI_BENCH_DB") else {
        panic!("set DTKS_TUI_BENCH_DB to a database directory");
    };
    let db = db.to_str().unwrap().to_string();
    let idle_secs = 10;

    let start = Instant::now();
    let mut t = Tui::spawn(&["--db", &db]);
    let pid = t.pid();
    t.wait_crumbs(&[ID.dashboard]);
    let first = start.elapsed();
    let rss_first = proc_status_kib(pid, "VmRSS:");
    // The dashboard's counts come from a background job.
    t.wait_for(&["Jiwa:"]);
    println!(
        "pty: spawn to first frame {:.0} ms (RSS then {} MiB); to the counts shown {:.0} ms",
        first.as_secs_f64() * 1e3,
        rss_first / 1024,
        start.elapsed().as_secs_f64() * 1e3
    );
    thread::sleep(Duration::from_secs(1));
    t.pump(Duration::from_millis(50));
    let written = t.raw.len();
    let before = cpu_ticks(pid);
    let threads_before = thread_ticks(pid);
    let t0 = Instant::now();
    thread::sleep(Duration::from_secs(idle_secs));
    let after = cpu_ticks(pid);
    for (tid, (name, ticks)) in thread_ticks(pid) {
        let was = threads_before.get(&tid).map_or(0, |(_, t)| *t);
        if ticks > was {
            println!("pty: idle: thread {name} used {} ticks", ticks - was);
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    t.pump(Duration::from_millis(50));
    let out = Command::new("getconf").arg("CLK_TCK").output().unwrap();
    let ticks_per_s: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    let pct = (after - before) as f64 / ticks_per_s / wall * 100.0;
    println!(
        "pty: idle CPU over {wall:.1} s: {} ticks = {pct:.2} %; bytes written meanwhile: {}",
        after - before,
        t.raw.len() - written
    );
    let rss_idle = proc_status_kib(pid, "VmRSS:");
    println!("pty: RSS on the dashboard: {} MiB", rss_idle / 1024);

    // Browse: the list, then ten households opened from ten searches.
    let list = [ID.dashboard, ID.households];
    t.send(b"r");
    t.wait_crumbs(&list);
    let queries = ["siti", "budi", "dewi", "agus", "nur", "rina", "yusuf", "ahmad", "sri", "eko"];
    for q in queries {
        t.type_text(q);
        t.send(b"\r");
        t.wait_crumbs(&[ID.dashboard, ID.households, ID.household]);
        t.esc(&list);
        // Clear the search box: one backspace per character.
        for _ in q.chars() {
            t.send(b"\x7f");
        }
    }
    // And the whole list paged through.
    t.send(b"\t");
    for _ in 0..20 {
        t.send(b"\x1b[6~");
    }
    let hwm = proc_status_kib(pid, "VmHWM:");
    println!("pty: peak RSS (VmHWM) after opening {} households: {} MiB", queries.len(), hwm / 1024);

    t.esc(&[ID.dashboard]);
    t.send(b"q");
    assert!(t.wait_exit(Duration::from_secs(5)).success());
}
