//! A dtks process in a pseudo-terminal, read through a terminal emulator:
//! shared by the end-to-end tests.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, PtySize, native_pty_system};

pub const EXE: &str = env!("CARGO_BIN_EXE_dtks");
/// The fixed moment every spawned dtks reads as now (`DTKS_NOW`).
pub const NOW: &str = "2026-11-24 10:42";

pub fn clock() -> dtks::service::Clock {
    dtks::service::Clock::parse_fixed(NOW).unwrap()
}

/// `dtks` with the tests' fixed clock.
pub fn dtks_command() -> Command {
    let mut c = Command::new(EXE);
    c.env("DTKS_NOW", NOW);
    c
}
pub const WAIT: Duration = Duration::from_secs(10);
/// Between keys: crossterm reads ESC followed quickly by a key as Alt+key.
pub const KEY_PAUSE: Duration = Duration::from_millis(60);
pub const LEAVE_ALT: &[u8] = b"\x1b[?1049l";

/// A dtks process on an 80×24 pseudo-terminal, with everything it wrote.
pub struct Tui {
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    pub raw: Vec<u8>,
    // The master end must outlive the child, or it sees a hang-up.
    _master: Box<dyn portable_pty::MasterPty + Send>,
    _home: tempfile::TempDir,
}

impl Tui {
    pub fn spawn(args: &[&str]) -> Tui {
        Tui::spawn_program_with(EXE, args, &[])
    }

    /// As [`Tui::spawn`], with `env` set after the usual environment.
    pub fn spawn_with(args: &[&str], env: &[(&str, &str)]) -> Tui {
        Tui::spawn_program_with(EXE, args, env)
    }

    /// Another program on the same kind of terminal (`ssh -t` to `dtks serve`).
    #[allow(dead_code)]
    pub fn spawn_program(program: &str, args: &[&str]) -> Tui {
        Tui::spawn_program_with(program, args, &[])
    }

    fn spawn_program_with(program: &str, args: &[&str], env: &[(&str, &str)]) -> Tui {
        let pty = native_pty_system().openpty(PtySize { rows: 24, cols: 80, ..PtySize::default() }).unwrap();
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("DTKS_NOW", NOW);
        cmd.env_remove("NO_COLOR");
        // No user keymap file from the machine running the tests.
        let home = tempfile::tempdir().unwrap();
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        for (k, v) in env {
            cmd.env(k, v);
        }
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

    /// Resizes the terminal, as a user dragging the window would.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self._master.resize(PtySize { rows, cols, ..PtySize::default() }).unwrap();
        // The emulator has no 0×0; the program still sees it.
        if rows > 0 && cols > 0 {
            self.parser.screen_mut().set_size(rows, cols);
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// Takes in whatever output arrived within `timeout`.
    pub fn pump(&mut self, timeout: Duration) {
        if let Ok(bytes) = self.output.recv_timeout(timeout) {
            self.feed(&bytes);
            while let Ok(more) = self.output.try_recv() {
                self.feed(&more);
            }
        }
    }

    pub fn feed(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.raw.extend_from_slice(bytes);
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows every one of `texts`; fails with the
    /// last screen.
    pub fn wait_for(&mut self, texts: &[&str]) -> Duration {
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
    pub fn crumbs(&self) -> String {
        let top = self.parser.screen().rows(0, 80).next().unwrap_or_default();
        top.split_once('│').map(|(_, c)| c.trim().to_string()).unwrap_or_default()
    }

    /// Waits until the breadcrumbs read exactly `crumbs`.
    pub fn wait_crumbs(&mut self, crumbs: &[&str]) {
        let want = crumbs.join(" › ");
        let start = Instant::now();
        while self.crumbs() != want {
            if start.elapsed() > WAIT {
                panic!("waited {WAIT:?} for the screen {want:?}; it shows:\n{}", self.screen());
            }
            self.pump(Duration::from_millis(20));
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
        thread::sleep(KEY_PAUSE);
        self.pump(Duration::ZERO);
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(c.to_string().as_bytes());
        }
    }

    /// Esc alone (so that it is not read as Alt+key), then waits for the
    /// screen `back_to`.
    pub fn esc(&mut self, back_to: &[&str]) {
        self.send(b"\x1b");
        self.wait_crumbs(back_to);
    }

    /// Waits for the process to end, reading its output until it does.
    pub fn wait_exit(&mut self, within: Duration) -> ExitStatus {
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
    pub fn assert_restored(&self) {
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

pub fn tail(b: &[u8]) -> String {
    String::from_utf8_lossy(&b[b.len().saturating_sub(80)..]).into_owned()
}

/// A fresh database holding sample-data/register.
pub fn sample_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
    let out = dtks_command().arg("--db").arg(&db).arg("import").arg(&sample).output().unwrap();
    assert!(out.status.success(), "import failed: {}", String::from_utf8_lossy(&out.stderr));
    (dir, db)
}

pub fn db_arg(db: &Path) -> String {
    db.to_str().unwrap().to_string()
}

/// Registers `name` as a petugas of the whole register with the public key
/// in `public`.
pub fn add_user(db: &Path, name: &str, public: &Path) {
    let out = dtks_command()
        .arg("--db")
        .arg(db)
        .args(["user", "add", name, "--area", "all", "--key"])
        .arg(public)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
