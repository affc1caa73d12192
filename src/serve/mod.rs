//! `dtks serve`: one process holds the register and serves it over SSH
//! (russh on ring). Each connection is a [`session::Connection`]; each
//! screen session an `App` on its own thread; exec requests run the CLI's
//! read commands off the async workers. Beside it, the local socket
//! (`socket`) takes every `dtks` command of this host. SIGTERM or SIGINT
//! stops it: every screen is told, given its terminal back and its exit
//! status, then the connections are closed and the socket removed.

mod host_key;
mod input;
mod session;
mod socket;
mod tui;

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use russh::keys::HashAlg;
use russh::server::Config;
use russh::{Disconnect, MethodKind, MethodSet};

pub use host_key::path_for as host_key_path;

use crate::i18n::Lang;
use crate::i18n::serve::login_timeout;
use crate::i18n::users::{cannot_listen, host_key_unusable, listening, stopped};
use crate::service::Service;
use crate::service::error::io_reason;
use crate::tui::Event;

/// How long open screens get to leave before the connections are closed.
const STOP_GRACE: Duration = Duration::from_secs(3);
/// Refused logins from one address within `FAIL_WINDOW` before every
/// further attempt from it is refused unchecked until the window ends.
const MAX_FAILURES: u32 = 20;
const FAIL_WINDOW: Duration = Duration::from_secs(60);
/// Addresses remembered at most; older entries go first.
const MAX_TRACKED: usize = 4096;
/// How long a connection may take to log in before it is closed.
const AUTH_WAIT: Duration = Duration::from_secs(60);
/// SSH connections served at once; more are closed as they come.
const MAX_CONNECTIONS: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}")]
    Listen { addr: SocketAddr, kind: io::ErrorKind },
    #[error("host key {path:?} unusable")]
    HostKey { path: PathBuf },
    #[error("{path:?}: {kind:?}")]
    Io { path: PathBuf, kind: io::ErrorKind },
    #[error("cannot start: {0:?}")]
    Start(io::ErrorKind),
    #[error("socket {path:?}: {kind:?}")]
    Socket { path: PathBuf, kind: io::ErrorKind },
}

impl ServeError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ServeError::Listen { addr, kind } => cannot_listen(lang, *addr, io_reason(lang, *kind)),
            ServeError::HostKey { path } => host_key_unusable(lang, path),
            ServeError::Io { path, kind } => format!("{}: {}", path.display(), io_reason(lang, *kind)),
            ServeError::Start(kind) => crate::i18n::cli::os_failure(lang, io_reason(lang, *kind)),
            ServeError::Socket { path, kind } => {
                crate::i18n::serve::socket_unusable(lang, path, io_reason(lang, *kind))
            }
        }
    }
}

/// What every connection shares.
pub struct Shared {
    svc: Arc<Service>,
    lang: Lang,
    stopping: Arc<AtomicBool>,
    /// Open screen sessions (SSH and socket), to end them when the server
    /// stops or their user is disabled.
    sessions: Mutex<HashMap<u64, OpenSession>>,
    next: AtomicU64,
    /// Refused logins per client address: the count and when the window began.
    failures: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

/// One open screen session: whose, its events, and why it was ended.
struct OpenSession {
    user: String,
    events: Sender<Event>,
    end: Arc<AtomicU8>,
}

impl OpenSession {
    fn end(&self, why: u8) {
        self.end.store(why, Ordering::SeqCst);
        let _ = self.events.send(Event::Quit);
    }
}

impl Shared {
    fn new(svc: Service, lang: Lang) -> Shared {
        Shared {
            svc: Arc::new(svc),
            lang,
            stopping: Arc::new(AtomicBool::new(false)),
            sessions: Mutex::new(HashMap::new()),
            next: AtomicU64::new(1),
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Registers a screen session of `user`; its id and the flag that says
    /// why it was ended.
    fn add_session(&self, user: &str, events: Sender<Event>) -> (u64, Arc<AtomicU8>) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let end = Arc::new(AtomicU8::new(0));
        let s = OpenSession { user: user.to_string(), events, end: end.clone() };
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner).insert(id, s);
        (id, end)
    }

    /// Ends the sessions of users who are disabled by now. (The operator's
    /// own sessions through the socket may act as no dtks user at all.)
    fn end_disabled_sessions(&self) {
        let sessions = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        for s in sessions.values() {
            if matches!(self.svc.user(&s.user), Ok(Some(u)) if u.disabled) {
                s.end(tui::ENDS_DISABLED);
            }
        }
    }

    fn remove_session(&self, id: u64) {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner).remove(&id);
    }

    /// Whether `ip` has used up its refused logins for now.
    fn blocked(&self, ip: IpAddr) -> bool {
        let failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        failures.get(&ip).is_some_and(|(n, since)| *n >= MAX_FAILURES && since.elapsed() < FAIL_WINDOW)
    }

    fn failed(&self, ip: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        if failures.len() >= MAX_TRACKED {
            failures.retain(|_, (_, since)| since.elapsed() < FAIL_WINDOW);
        }
        if failures.len() >= MAX_TRACKED {
            return;
        }
        let entry = failures.entry(ip).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= FAIL_WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    fn open_sessions(&self) -> usize {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

/// Serves `svc` (the register at `db`) on `listen` until SIGTERM or SIGINT.
pub fn run(svc: Service, db: &Path, listen: SocketAddr, lang: Lang) -> Result<(), ServeError> {
    let key = host_key::load_or_create(db)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("dtks-serve")
        .enable_all()
        .build()
        .map_err(|e| ServeError::Start(e.kind()))?;
    let shared = Arc::new(Shared::new(svc, lang));
    let socket = socket::Socket::bind(db)?;
    let result = runtime.block_on(serve(shared.clone(), key, db, listen, socket));
    drop(runtime);
    result
}

fn config(key: russh::keys::PrivateKey) -> Config {
    Config {
        methods: MethodSet::from(&[MethodKind::PublicKey][..]),
        keys: vec![key],
        // Refusals take a second (guessing is slow); OpenSSH's first probe is answered at once.
        auth_rejection_time: Duration::from_secs(1),
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: 6,
        inactivity_timeout: Some(Duration::from_secs(3600)),
        keepalive_interval: Some(Duration::from_secs(30)),
        keepalive_max: 4,
        nodelay: true,
        ..Default::default()
    }
}

async fn serve(
    shared: Arc<Shared>,
    key: russh::keys::PrivateKey,
    db: &Path,
    listen: SocketAddr,
    socket: socket::Socket,
) -> Result<(), ServeError> {
    let lang = shared.lang;
    let listener =
        tokio::net::TcpListener::bind(listen).await.map_err(|e| ServeError::Listen { addr: listen, kind: e.kind() })?;
    let addr = listener.local_addr().unwrap_or(listen);
    let fp = key.public_key().fingerprint(HashAlg::Sha256).to_string();
    let local = socket.spawn(shared.clone())?;
    eprintln!("{}", listening(lang, addr, db, &fp));
    let config = Arc::new(config(key));
    let (shutdown, _) = tokio::sync::broadcast::channel::<()>(1);
    let live = Arc::new(AtomicUsize::new(0));
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| ServeError::Start(e.kind()))?;
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    if live.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
                        continue;
                    }
                    let _ = stream.set_nodelay(true);
                    let (config, shared, live, stop) = (config.clone(), shared.clone(), live.clone(), shutdown.subscribe());
                    tokio::spawn(connection(config, stream, peer, shared, live, stop));
                }
                // Out of descriptors or the like: a moment, then serve again.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            _ = term.recv() => break,
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    shared.stopping.store(true, Ordering::SeqCst);
    drop(local);
    let open: Vec<OpenSession> = shared
        .sessions
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .values()
        .map(|s| OpenSession { user: s.user.clone(), events: s.events.clone(), end: s.end.clone() })
        .collect();
    for s in open {
        s.end(tui::ENDS_ON_STOP);
    }
    let deadline = tokio::time::Instant::now() + STOP_GRACE;
    while shared.open_sessions() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Lets the last exit statuses and closes go out before the connections end.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let _ = shutdown.send(());
    tokio::time::sleep(Duration::from_millis(100)).await;
    eprintln!("{}", stopped(lang));
    Ok(())
}

/// One SSH connection, closed when the server stops or when it has not
/// logged in within `AUTH_WAIT`.
async fn connection(
    config: Arc<Config>,
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    live: Arc<AtomicUsize>,
    mut stop: tokio::sync::broadcast::Receiver<()>,
) {
    struct Slot(Arc<AtomicUsize>);
    impl Drop for Slot {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::SeqCst);
        }
    }
    live.fetch_add(1, Ordering::SeqCst);
    let _slot = Slot(live);
    let authed = Arc::new(AtomicBool::new(false));
    let lang = shared.lang;
    let handler = session::Connection::new(shared, Some(peer), authed.clone());
    let Ok(Ok(session)) = tokio::time::timeout(AUTH_WAIT, russh::server::run_stream(config, stream, handler)).await
    else {
        return;
    };
    let handle = session.handle();
    let login_deadline = async {
        tokio::time::sleep(AUTH_WAIT).await;
        if authed.load(Ordering::SeqCst) {
            std::future::pending::<()>().await;
        }
    };
    let why = tokio::select! {
        _ = session => return,
        _ = stop.recv() => stopped(lang),
        () = login_deadline => login_timeout(lang),
    };
    let _ = handle.disconnect(Disconnect::ByApplication, why.to_string(), String::new()).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::Clock;

    #[test]
    fn an_address_is_refused_unchecked_after_too_many_failures_and_others_are_not() {
        let shared = Shared::new(Service::open_temporary(Clock::System).unwrap(), Lang::Id);
        let (a, b): (IpAddr, IpAddr) = ("127.0.0.2".parse().unwrap(), "127.0.0.3".parse().unwrap());
        for _ in 0..MAX_FAILURES - 1 {
            shared.failed(a);
        }
        assert!(!shared.blocked(a));
        shared.failed(a);
        assert!(shared.blocked(a));
        assert!(!shared.blocked(b));
    }
}
