//! russh's own client, blocking, for the tests of `dtks serve`: nothing
//! beyond Cargo is needed (no OpenSSH). A `Server` is the `dtks serve`
//! process on a free loopback port.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh::{ChannelMsg, client};

use super::pty::{WAIT, dtks_command};

/// A new ed25519 key; its public half written to `dir/NAME.pub`.
pub fn new_key(dir: &Path, name: &str) -> (Arc<PrivateKey>, PathBuf) {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).unwrap();
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    let public = dir.join(format!("{name}.pub"));
    std::fs::write(&public, key.public_key().to_openssh().unwrap() + "\n").unwrap();
    // The private half too, for tests that hand it to another program.
    std::fs::write(dir.join(name), key.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    (Arc::new(key), public)
}

/// A running `dtks serve` on a free loopback port, with what it logged.
pub struct Server {
    pub child: Child,
    pub port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    pub fn start(db: &Path) -> Server {
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

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// SIGTERM, then the exit status.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap();
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

struct Trusting;

impl client::Handler for Trusting {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// One logged-in SSH connection.
pub struct Ssh {
    rt: tokio::runtime::Runtime,
    handle: client::Handle<Trusting>,
}

/// Whether a connection reads its socket: one that stops leaves the
/// server's output unread in the kernel, as a stalled laptop would, while
/// it goes on sending.
#[derive(Default)]
pub struct ReadSwitch {
    off: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl ReadSwitch {
    pub fn stop(&self) {
        self.off.store(true, Ordering::SeqCst);
    }

    pub fn resume(&self) {
        self.off.store(false, Ordering::SeqCst);
        if let Some(w) = self.waker.lock().unwrap().take() {
            w.wake();
        }
    }
}

/// A TCP stream whose reading a [`ReadSwitch`] turns off and on.
struct Switched {
    inner: tokio::net::TcpStream,
    switch: Arc<ReadSwitch>,
}

impl tokio::io::AsyncRead for Switched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.switch.off.load(Ordering::SeqCst) {
            *self.switch.waker.lock().unwrap() = Some(cx.waker().clone());
            if self.switch.off.load(Ordering::SeqCst) {
                return Poll::Pending;
            }
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Switched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// What an exec request gave back.
pub struct Exec {
    pub stdout: String,
    pub stderr: String,
    pub code: Option<u32>,
}

/// The connection `h` logged in as `user` with `key`; Err when refused.
async fn authenticated(
    mut h: client::Handle<Trusting>,
    user: &str,
    key: &Arc<PrivateKey>,
) -> Result<client::Handle<Trusting>, String> {
    let auth = h
        .authenticate_publickey(user, PrivateKeyWithHashAlg::new(key.clone(), None))
        .await
        .map_err(|e| e.to_string())?;
    if auth.success() { Ok(h) } else { Err(format!("{user}: refused")) }
}

impl Ssh {
    /// Logs in as `user` with `key`; Err when the server refuses the key.
    pub fn login(port: u16, user: &str, key: &Arc<PrivateKey>) -> Result<Ssh, String> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let handle = rt.block_on(async {
            let config = Arc::new(client::Config { nodelay: true, ..Default::default() });
            let h = client::connect(config, ("127.0.0.1", port), Trusting).await.map_err(|e| e.to_string())?;
            authenticated(h, user, key).await
        })?;
        Ok(Ssh { rt, handle })
    }

    /// As [`Ssh::login`], over a socket whose reading the returned switch
    /// turns off and on. The window it offers the server is small
    /// (`window` bytes), so the server soon has to hold its output.
    pub fn login_switched(
        port: u16,
        user: &str,
        key: &Arc<PrivateKey>,
        window: u32,
    ) -> Result<(Ssh, Arc<ReadSwitch>), String> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let switch = Arc::new(ReadSwitch::default());
        let handle = rt.block_on(async {
            let config = Arc::new(client::Config { nodelay: true, window_size: window, ..Default::default() });
            let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.map_err(|e| e.to_string())?;
            tcp.set_nodelay(true).map_err(|e| e.to_string())?;
            let stream = Switched { inner: tcp, switch: switch.clone() };
            let h = client::connect_stream(config, stream, Trusting).await.map_err(|e| e.to_string())?;
            authenticated(h, user, key).await
        })?;
        Ok((Ssh { rt, handle }, switch))
    }

    /// Runs `line` as an exec request and reads it to its end.
    pub fn exec(&self, line: &str) -> Exec {
        self.rt.block_on(async {
            let mut ch = self.handle.channel_open_session().await.unwrap();
            ch.exec(true, line).await.unwrap();
            let (mut out, mut err, mut code) = (Vec::new(), Vec::new(), None);
            let deadline = tokio::time::Instant::now() + WAIT;
            while let Ok(Some(msg)) = tokio::time::timeout_at(deadline, ch.wait()).await {
                match msg {
                    ChannelMsg::Data { data } => out.extend_from_slice(&data),
                    ChannelMsg::ExtendedData { data, ext: 1 } => err.extend_from_slice(&data),
                    ChannelMsg::ExitStatus { exit_status } => code = Some(exit_status),
                    ChannelMsg::Close => break,
                    _ => {}
                }
            }
            Exec {
                stdout: String::from_utf8_lossy(&out).into_owned(),
                stderr: String::from_utf8_lossy(&err).into_owned(),
                code,
            }
        })
    }

    /// Opens the screens on a pty of `cols`×`rows`.
    pub fn screen(self, cols: u16, rows: u16) -> Screen {
        let ch = self.rt.block_on(async {
            let ch = self.handle.channel_open_session().await.unwrap();
            ch.request_pty(true, "xterm-256color", cols.into(), rows.into(), 0, 0, &[]).await.unwrap();
            ch.request_shell(true).await.unwrap();
            ch
        });
        Screen { ssh: self, ch, parser: vt100::Parser::new(rows, cols, 0), raw: Vec::new(), exit: None, closed: false }
    }
}

/// The screens over one SSH channel, read through a terminal emulator.
pub struct Screen {
    ssh: Ssh,
    ch: russh::Channel<client::Msg>,
    parser: vt100::Parser,
    pub raw: Vec<u8>,
    pub exit: Option<u32>,
    pub closed: bool,
}

impl Screen {
    /// Reads what arrives within `timeout`.
    pub fn pump(&mut self, timeout: Duration) {
        let Screen { ssh, ch, parser, raw, exit, closed } = self;
        ssh.rt.block_on(async {
            let mut wait = timeout;
            while let Ok(msg) = tokio::time::timeout(wait, ch.wait()).await {
                match msg {
                    Some(ChannelMsg::Data { data }) => {
                        parser.process(&data);
                        raw.extend_from_slice(&data);
                    }
                    Some(ChannelMsg::ExitStatus { exit_status }) => *exit = Some(exit_status),
                    Some(ChannelMsg::Close) | None => {
                        *closed = true;
                        return;
                    }
                    Some(_) => {}
                }
                // Once something came, what follows at once belongs to it.
                wait = Duration::from_millis(10);
            }
        });
    }

    pub fn contents(&self) -> String {
        self.parser.screen().contents()
    }

    pub fn wait_for(&mut self, texts: &[&str]) {
        let start = Instant::now();
        loop {
            let screen = self.contents();
            if texts.iter().all(|t| screen.contains(t)) {
                return;
            }
            if start.elapsed() > WAIT || self.closed {
                panic!("waited for {texts:?}; the screen shows:\n{screen}");
            }
            self.pump(Duration::from_millis(50));
        }
    }

    /// Waits until `done` holds for the screen; fails naming `what`.
    pub fn wait_until(&mut self, what: &str, done: impl Fn(&Screen) -> bool) {
        let start = Instant::now();
        while !done(self) {
            if start.elapsed() > WAIT || self.closed {
                panic!("waited for {what}; the screen shows:\n{}", self.contents());
            }
            self.pump(Duration::from_millis(50));
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.ssh.rt.block_on(self.ch.data(bytes)).unwrap();
        self.pump(Duration::from_millis(60));
    }

    /// Sends `bytes` and reads nothing.
    pub fn push(&mut self, bytes: &[u8]) {
        self.ssh.rt.block_on(self.ch.data(bytes)).unwrap();
    }

    /// Tells the server of a new size and reads nothing.
    pub fn push_size(&mut self, cols: u16, rows: u16) {
        self.ssh.rt.block_on(self.ch.window_change(cols.into(), rows.into(), 0, 0)).unwrap();
        self.parser.screen_mut().set_size(rows, cols);
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(c.to_string().as_bytes());
        }
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.ssh.rt.block_on(self.ch.window_change(cols.into(), rows.into(), 0, 0)).unwrap();
        if cols > 0 && rows > 0 {
            self.parser.screen_mut().set_size(rows, cols);
        }
        self.pump(Duration::from_millis(60));
    }

    /// Waits for the server to close the channel; its exit status.
    pub fn wait_closed(&mut self) -> Option<u32> {
        let start = Instant::now();
        while !self.closed {
            assert!(start.elapsed() < WAIT, "the channel is still open; the screen shows:\n{}", self.contents());
            self.pump(Duration::from_millis(50));
        }
        self.exit
    }

    /// Drops the connection without a word, as a lost network would.
    pub fn drop_connection(self) {
        drop(self);
    }
}
