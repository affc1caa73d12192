//! `dtks bench --serve`: `dtks serve` on a copy of the benchmark database,
//! reached the way workers reach it. An exec lookup over SSH (russh's client
//! in this process, then the OpenSSH client as a whole command beside
//! `ssh host sqlite3 …` through a private sshd when one is installed), then
//! many screen sessions at once typing names and opening households:
//! keystroke to frame, and the server's memory per session.

use std::path::{Path, PathBuf};
use std::process::{Child as Process, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh::{ChannelMsg, client};

use super::{BenchError, Report, Row, median, ms, percentile, sample_rows, work_copy};
use crate::cli::BenchArgs;
use crate::service::{Actor, Clock, Service};

type Result<T> = std::result::Result<T, BenchError>;

/// Screen sessions of the load.
const SESSIONS: usize = 50;
/// How long the sessions type.
const LOAD_FOR: Duration = Duration::from_secs(30);
/// A worker's pause between keys (about five keys a second).
const THINK: Duration = Duration::from_millis(200);
/// A keystroke whose frame takes longer is counted as missing.
const FRAME_WAIT: Duration = Duration::from_secs(5);

fn fail(what: impl Into<String>) -> BenchError {
    BenchError::Failed(what.into())
}

fn ssh_fail(what: &str, e: impl std::fmt::Display) -> BenchError {
    fail(format!("{what}: {e}"))
}

/// Trusts the server it just started.
struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _: &PublicKeyOrCertificate) -> std::result::Result<bool, Self::Error> {
        Ok(true)
    }
}

fn new_key() -> Result<PrivateKey> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| ssh_fail("random seed", e))?;
    Ok(PrivateKey::from(Ed25519Keypair::from_seed(&seed)))
}

/// `dtks serve` on a free loopback port; killed when dropped.
struct Server {
    process: Process,
    port: u16,
}

impl Server {
    fn start(db: &Path) -> Result<Server> {
        use std::io::{BufRead, BufReader};
        let exe = std::env::current_exe()?;
        let mut process = Command::new(exe)
            .arg("--db")
            .arg(db)
            .args(["--lang", "en", "serve", "--listen", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()?;
        let mut lines = BufReader::new(process.stderr.take().ok_or_else(|| fail("no stderr"))?).lines();
        let first = lines.next().transpose()?.unwrap_or_default();
        // The rest of the log (refused logins) is drained so that the server never blocks on it.
        std::thread::spawn(move || for _ in lines.map_while(std::result::Result::ok) {});
        let port = first
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|p| p.parse().ok());
        match port {
            Some(port) => Ok(Server { process, port }),
            None => {
                let _ = process.kill();
                Err(fail(format!("dtks serve did not say where it listens: {first}")))
            }
        }
    }

    /// Resident memory now, in KiB.
    fn rss_kib(&self) -> u64 {
        proc_status(self.process.id(), "VmRSS:")
    }

    fn peak_kib(&self) -> u64 {
        proc_status(self.process.id(), "VmHWM:")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn proc_status(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

async fn login(port: u16, user: &str, key: &Arc<PrivateKey>) -> Result<client::Handle<Client>> {
    let config = Arc::new(client::Config { nodelay: true, ..Default::default() });
    let mut handle = client::connect(config, ("127.0.0.1", port), Client).await.map_err(|e| ssh_fail("connect", e))?;
    let auth = handle
        .authenticate_publickey(user, PrivateKeyWithHashAlg::new(key.clone(), None))
        .await
        .map_err(|e| ssh_fail("login", e))?;
    if !auth.success() {
        return Err(fail(format!("{user} was refused")));
    }
    Ok(handle)
}

/// Whether a lookup's output names `nik`: a petugas over SSH sees it masked.
fn shows(out: &str, nik: &str) -> bool {
    out.contains(nik) || out.contains(&crate::domain::access::mask(nik))
}

/// One exec request on a new connection: its output and exit code.
async fn exec(port: u16, user: &str, key: &Arc<PrivateKey>, command: &str) -> Result<(String, u32)> {
    let handle = login(port, user, key).await?;
    let mut ch = handle.channel_open_session().await.map_err(|e| ssh_fail("channel", e))?;
    ch.exec(true, command).await.map_err(|e| ssh_fail("exec", e))?;
    let (mut out, mut code) = (Vec::new(), None);
    while let Some(msg) = ch.wait().await {
        match msg {
            ChannelMsg::Data { data } => out.extend_from_slice(&data),
            ChannelMsg::ExitStatus { exit_status } => code = Some(exit_status),
            ChannelMsg::Close | ChannelMsg::Eof if code.is_some() => break,
            _ => {}
        }
    }
    let _ = handle.disconnect(russh::Disconnect::ByApplication, "", "en").await;
    Ok((String::from_utf8_lossy(&out).into_owned(), code.unwrap_or(255)))
}

/// What one screen session measured.
#[derive(Default)]
struct Typed {
    latencies: Vec<Duration>,
    missing: usize,
}

/// Waits for the next frame bytes after a keystroke; the rest of a frame
/// split over several messages is read before the next key.
async fn frame_after(ch: &mut russh::Channel<client::Msg>) -> Option<Duration> {
    let start = Instant::now();
    let first = tokio::time::timeout(FRAME_WAIT, async {
        loop {
            match ch.wait().await {
                Some(ChannelMsg::Data { .. }) => return true,
                Some(_) => {}
                None => return false,
            }
        }
    })
    .await;
    let took = start.elapsed();
    // Drains what follows at once (the rest of the same frame).
    while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(5), ch.wait()).await {}
    matches!(first, Ok(true)).then_some(took)
}

async fn key(ch: &mut russh::Channel<client::Msg>, bytes: &[u8], typed: &mut Typed) -> Result<()> {
    ch.data(bytes).await.map_err(|e| ssh_fail("send key", e))?;
    match frame_after(ch).await {
        Some(t) => typed.latencies.push(t),
        None => typed.missing += 1,
    }
    tokio::time::sleep(THINK).await;
    Ok(())
}

/// A worker at 80×24: the households screen, a name typed key by key, the
/// first household opened and left, the name erased; again until `until`.
async fn worker(
    port: u16,
    user: String,
    key_pair: Arc<PrivateKey>,
    names: Vec<String>,
    ready: Arc<tokio::sync::Barrier>,
    until: Arc<std::sync::OnceLock<Instant>>,
) -> Result<Typed> {
    let handle = login(port, &user, &key_pair).await?;
    let mut ch = handle.channel_open_session().await.map_err(|e| ssh_fail("channel", e))?;
    ch.request_pty(true, "xterm-256color", 80, 24, 0, 0, &[]).await.map_err(|e| ssh_fail("pty", e))?;
    ch.request_shell(true).await.map_err(|e| ssh_fail("shell", e))?;
    // The dashboard's first frame, then whatever follows at once.
    if frame_after(&mut ch).await.is_none() {
        return Err(fail(format!("{user}: no first frame")));
    }
    ready.wait().await;
    let mut typed = Typed::default();
    let end = *until.get_or_init(|| Instant::now() + LOAD_FOR);
    key(&mut ch, b"r", &mut typed).await?;
    for name in names.iter().cycle() {
        if Instant::now() >= end {
            break;
        }
        let q = super::tui::typed(name);
        for c in q.chars() {
            key(&mut ch, c.to_string().as_bytes(), &mut typed).await?;
        }
        key(&mut ch, b"\r", &mut typed).await?;
        key(&mut ch, b"\x1b", &mut typed).await?;
        for _ in q.chars() {
            key(&mut ch, b"\x7f", &mut typed).await?;
        }
    }
    let _ = handle.disconnect(russh::Disconnect::ByApplication, "", "en").await;
    Ok(typed)
}

/// A user per session, added to the copy before the server starts.
fn add_users(db: &Path, n: usize) -> Result<Vec<(String, Arc<PrivateKey>)>> {
    let svc = Service::open(db, false, Clock::System)?;
    let actor = Actor::new("bench");
    // Petugas of the whole register: the bench measures the server, not the areas.
    let petugas = crate::domain::access::Access { role: crate::domain::access::Role::Petugas, areas: Vec::new() };
    let mut users = Vec::with_capacity(n);
    for i in 0..n {
        let name = format!("beban{i:02}");
        let key = new_key()?;
        if svc.user(&name)?.is_none() {
            svc.add_user(&name, Some(key.public_key()), &petugas, &actor)?;
        } else {
            svc.add_user_key(&name, key.public_key(), &actor)?;
        }
        users.push((name, Arc::new(key)));
    }
    Ok(users)
}

pub fn run(args: &BenchArgs) -> Result<()> {
    let data = args.dir.join("data");
    if !args.dir.join("db").is_dir() || !data.join("persons.csv").is_file() {
        return Err(fail(format!(
            "{} has no benchmark database: build it first with dtks bench --dir {}",
            args.dir.display(),
            args.dir.display()
        )));
    }
    let (_, db) = work_copy(args, "serve-db")?;
    let users = add_users(&db, SESSIONS + 1)?;
    let persons = sample_rows(&data.join("persons.csv"), 997)?;
    let names: Vec<String> = persons.iter().map(|r| r[2].clone()).collect();
    let niks: Vec<String> = persons.iter().take(20).map(|r| r[0].clone()).collect();
    let mut report = Report::default();

    let start = Instant::now();
    let server = Server::start(&db)?;
    report.push(Row("`dtks serve` start to listening".into(), ms(start.elapsed()), "—".into()));
    let idle_kib = server.rss_kib();
    report.push(Row("server RSS, no session".into(), format!("{} MiB", idle_kib / 1024), "—".into()));

    // On the server's host `dtks lookup` goes through the local socket.
    let db_s = db.to_string_lossy().into_owned();
    let mut walls = Vec::new();
    let mut peak = 0;
    for nik in &niks {
        let c = super::child(&["--db", &db_s, "lookup", nik])?;
        peak = peak.max(c.peak_kib.unwrap_or(0));
        walls.push(c.wall);
        if !c.stdout.contains(nik.as_str()) {
            return Err(fail(format!("dtks lookup {nik} through the socket did not print it")));
        }
    }
    let through = median(walls);
    let against = match super::sqlite_lookup(&args.dir, &data, &persons)? {
        Some(sq) => {
            format!(" → socket/sqlite3 = {:.2}× (sqlite3 {})", through.as_secs_f64() / sq.as_secs_f64(), ms(sq))
        }
        None => String::new(),
    };
    report.push(Row(
        "`dtks lookup NIK` through the local socket, whole process, median of 20".into(),
        format!("{}{against}; client peak RSS {} KiB", ms(through), peak),
        "goal ≤ 1× sqlite3".into(),
    ));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ssh_fail("runtime", e))?;
    let (lookup_user, lookup_key) = users[SESSIONS].clone();

    // Exec lookups over SSH, russh's client in this process: each a new connection.
    let mut walls = Vec::new();
    for nik in &niks {
        let t = Instant::now();
        let (out, code) = runtime.block_on(exec(server.port, &lookup_user, &lookup_key, &format!("lookup {nik}")))?;
        walls.push(t.elapsed());
        if code != 0 || !shows(&out, nik) {
            return Err(fail(format!("lookup {nik} over SSH: exit {code}: {out}")));
        }
    }
    report.push(Row(
        "exec `lookup NIK` over SSH (russh client, new connection each), median of 20".into(),
        ms(median(walls)),
        "—".into(),
    ));
    openssh(args, &server, &lookup_user, &lookup_key, &niks, &data, &persons, &mut report)?;

    // The load: every session logs in and draws its dashboard, then all type at once.
    let ready = Arc::new(tokio::sync::Barrier::new(SESSIONS + 1));
    let until = Arc::new(std::sync::OnceLock::new());
    let before = server.rss_kib();
    let tasks: Vec<_> = users[..SESSIONS]
        .iter()
        .enumerate()
        .map(|(i, (user, k))| {
            let mut mine = names.clone();
            mine.rotate_left(i % names.len().max(1));
            runtime.spawn(worker(server.port, user.clone(), k.clone(), mine, ready.clone(), until.clone()))
        })
        .collect();
    runtime.block_on(ready.wait());
    let with_sessions = server.rss_kib();
    report.push(Row(
        format!("server RSS with {SESSIONS} sessions on their dashboards"),
        format!(
            "{} MiB = {:.1} MiB per session over the {} MiB before",
            with_sessions / 1024,
            (with_sessions.saturating_sub(before)) as f64 / 1024.0 / SESSIONS as f64,
            before / 1024
        ),
        "≤ 600 MB; ≤ 10 MB per session".into(),
    ));
    let mut all = Typed::default();
    for t in tasks {
        let typed = runtime.block_on(t).map_err(|e| ssh_fail("session task", e))??;
        all.latencies.extend(typed.latencies);
        all.missing += typed.missing;
    }
    all.latencies.sort();
    report.push(Row(
        format!("keystroke to frame, {SESSIONS} sessions typing for {} s, p50 / p95", LOAD_FOR.as_secs()),
        format!(
            "{} / {} ({} keys, {} without a frame in {} s)",
            ms(percentile(&all.latencies, 0.5)),
            ms(percentile(&all.latencies, 0.95)),
            all.latencies.len(),
            all.missing,
            FRAME_WAIT.as_secs()
        ),
        "p95 ≤ 50 ms".into(),
    ));
    report.push(Row(
        "server peak RSS over the whole run".into(),
        format!("{} MiB", server.peak_kib() / 1024),
        "≤ 600 MB".into(),
    ));
    drop(server);
    report.print();
    Ok(())
}

/// Whole commands with the OpenSSH client: `ssh … lookup NIK` against this
/// server, and `ssh … sqlite3 DB "SELECT …"` through a private sshd on
/// loopback when `/usr/sbin/sshd` is installed (scripts/bench-serve.sh
/// installs it). Skipped, and said so, where the tools are missing.
#[allow(clippy::too_many_arguments)]
fn openssh(
    args: &BenchArgs,
    server: &Server,
    user: &str,
    key: &PrivateKey,
    niks: &[String],
    data: &Path,
    persons: &[Vec<String>],
    report: &mut Report,
) -> Result<()> {
    if Command::new("ssh").arg("-V").output().is_err() {
        report.push(Row("OpenSSH client".into(), "not installed: skipped".into(), "—".into()));
        return Ok(());
    }
    let key_file = args.dir.join("serve-bench-key");
    let text = key.to_openssh(LineEnding::LF).map_err(|e| ssh_fail("key file", e))?;
    crate::formats::atomic::write_new(&key_file, text.as_bytes())?;
    let dtks_ssh = |port: u16, login: &str, command: &[&str]| -> Result<(Duration, String)> {
        let t = Instant::now();
        let out = Command::new("ssh")
            .args(ssh_options(port, &key_file))
            .arg(format!("{login}@127.0.0.1"))
            .arg("--")
            .args(command)
            .stdin(Stdio::null())
            .output()?;
        Ok((t.elapsed(), String::from_utf8_lossy(&out.stdout).into_owned()))
    };
    let sqlite = super::ensure_sqlite(&args.dir, data)?;
    let sshd = match &sqlite {
        Some(_) => Sshd::start(&args.dir, &key_file)?,
        None => None,
    };
    let me = current_user();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    // In turn, pair by pair, so that the machine's load falls on both alike.
    for (nik, row) in niks.iter().zip(persons) {
        let (t, out) = dtks_ssh(server.port, user, &["lookup", nik])?;
        if !shows(&out, nik) {
            return Err(fail(format!("ssh lookup {nik} did not print it")));
        }
        a.push(t);
        if let (Some(sshd), Some(sq)) = (&sshd, &sqlite) {
            let q = super::sqlite_query(&row[0]);
            let (t, out) = dtks_ssh(sshd.port, &me, &["sqlite3", &sq.to_string_lossy(), &format!("\"{q}\"")])?;
            if !out.contains(nik.as_str()) {
                return Err(fail(format!("ssh sqlite3 did not find {nik}")));
            }
            b.push(t);
        }
    }
    let a = median(a);
    report.push(Row(
        "`ssh -p PORT user@127.0.0.1 lookup NIK` (OpenSSH client, whole command), median of 20".into(),
        ms(a),
        "—".into(),
    ));
    if b.is_empty() {
        report.push(Row("`ssh host sqlite3 …`".into(), "no sshd or sqlite3 installed: skipped".into(), "—".into()));
    } else {
        let b = median(b);
        report.push(Row(
            "`ssh 127.0.0.1 sqlite3 DB \"SELECT …\"` through sshd, median of 20".into(),
            format!("{} → dtks serve / sshd+sqlite3 = {:.2}×", ms(b), a.as_secs_f64() / b.as_secs_f64()),
            "goal ≤ 1×".into(),
        ));
    }
    let _ = std::fs::remove_file(&key_file);
    Ok(())
}

fn ssh_options(port: u16, key: &Path) -> Vec<String> {
    let mut v: Vec<String> = [
        "-F",
        "/dev/null",
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
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(["-p".into(), port.to_string(), "-i".into(), key.to_string_lossy().into_owned()]);
    v
}

fn current_user() -> String {
    let out = Command::new("id").arg("-un").output().ok();
    out.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_else(|| "root".into())
}

/// The system's sshd on a private config and a free loopback port, letting
/// in the benchmark key for the current user only.
struct Sshd {
    process: Process,
    port: u16,
}

impl Sshd {
    fn start(dir: &Path, key_file: &Path) -> Result<Option<Sshd>> {
        let bin = PathBuf::from("/usr/sbin/sshd");
        if !bin.is_file() {
            return Ok(None);
        }
        let home = dir.join("sshd");
        std::fs::create_dir_all(&home)?;
        let host = home.join("host_ed25519");
        if !host.exists() {
            let text = new_key()?.to_openssh(LineEnding::LF).map_err(|e| ssh_fail("host key", e))?;
            crate::formats::atomic::write_new(&host, text.as_bytes())?;
        }
        let public = PrivateKey::from_openssh(std::fs::read_to_string(key_file)?)
            .map_err(|e| ssh_fail("key file", e))?
            .public_key()
            .to_openssh()
            .map_err(|e| ssh_fail("public key", e))?;
        std::fs::write(home.join("authorized_keys"), public + "\n")?;
        // sshd as root wants its privilege-separation directory.
        let _ = std::fs::create_dir_all("/run/sshd");
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nAuthorizedKeysFile {}\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\nPidFile none\n",
            host.display(),
            home.join("authorized_keys").display()
        );
        let conf = home.join("sshd_config");
        std::fs::write(&conf, config)?;
        let process =
            Command::new(&bin).arg("-D").arg("-f").arg(&conf).stdin(Stdio::null()).stderr(Stdio::null()).spawn()?;
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(5) {
                return Err(fail("sshd did not start listening"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(Some(Sshd { process, port }))
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}
