//! `dtks serve`: one process holds the register and serves it over SSH
//! (russh on ring). Each connection is a [`session::Connection`]; each
//! screen session an `App` on its own thread; exec requests run the CLI's
//! read commands off the async workers. SIGTERM or SIGINT stops it: every
//! screen is told, given its terminal back and its exit status, then the
//! connections are closed.

mod host_key;
mod input;
mod session;
mod tui;

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use russh::keys::HashAlg;
use russh::server::{Config, Server as _};
use russh::{MethodKind, MethodSet};

pub use host_key::path_for as host_key_path;

use crate::i18n::Lang;
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
}

impl ServeError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ServeError::Listen { addr, kind } => cannot_listen(lang, *addr, io_reason(lang, *kind)),
            ServeError::HostKey { path } => host_key_unusable(lang, path),
            ServeError::Io { path, kind } => format!("{}: {}", path.display(), io_reason(lang, *kind)),
            ServeError::Start(kind) => crate::i18n::cli::os_failure(lang, io_reason(lang, *kind)),
        }
    }
}

/// What every connection shares.
pub struct Shared {
    svc: Arc<Service>,
    lang: Lang,
    stopping: Arc<AtomicBool>,
    /// Open screen sessions, to tell them when the server stops.
    sessions: Mutex<HashMap<u64, Sender<Event>>>,
    next: AtomicU64,
    /// Refused logins per client address: the count and when the window began.
    failures: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

impl Shared {
    fn add_session(&self, tx: Sender<Event>) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner).insert(id, tx);
        id
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

struct Server(Arc<Shared>);

impl russh::server::Server for Server {
    type Handler = session::Connection;
    fn new_client(&mut self, peer: Option<SocketAddr>) -> session::Connection {
        session::Connection::new(self.0.clone(), peer)
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
    let shared = Arc::new(Shared {
        svc: Arc::new(svc),
        lang,
        stopping: Arc::new(AtomicBool::new(false)),
        sessions: Mutex::new(HashMap::new()),
        next: AtomicU64::new(1),
        failures: Mutex::new(HashMap::new()),
    });
    runtime.block_on(serve(shared, key, db, listen))
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
) -> Result<(), ServeError> {
    let lang = shared.lang;
    let listener =
        tokio::net::TcpListener::bind(listen).await.map_err(|e| ServeError::Listen { addr: listen, kind: e.kind() })?;
    let addr = listener.local_addr().unwrap_or(listen);
    let fp = key.public_key().fingerprint(HashAlg::Sha256).to_string();
    eprintln!("{}", listening(lang, addr, db, &fp));
    let mut server = Server(shared.clone());
    let mut running = server.run_on_socket(Arc::new(config(key)), &listener);
    let handle = running.handle();
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| ServeError::Start(e.kind()))?;
    let result = tokio::select! {
        r = &mut running => r.map_err(|e| ServeError::Start(e.kind())),
        _ = term.recv() => Ok(()),
        _ = tokio::signal::ctrl_c() => Ok(()),
    };
    shared.stopping.store(true, Ordering::SeqCst);
    let open: Vec<Sender<Event>> =
        shared.sessions.lock().unwrap_or_else(PoisonError::into_inner).values().cloned().collect();
    for tx in open {
        let _ = tx.send(Event::Quit);
    }
    let deadline = tokio::time::Instant::now() + STOP_GRACE;
    while shared.open_sessions() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Lets the last exit statuses and closes go out before the connections end.
    tokio::time::sleep(Duration::from_millis(100)).await;
    handle.shutdown(stopped(lang).to_string());
    tokio::time::sleep(Duration::from_millis(100)).await;
    eprintln!("{}", stopped(lang));
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::Clock;

    #[test]
    fn an_address_is_refused_unchecked_after_too_many_failures_and_others_are_not() {
        let shared = Shared {
            svc: Arc::new(Service::open_temporary(Clock::System).unwrap()),
            lang: Lang::Id,
            stopping: Arc::new(AtomicBool::new(false)),
            sessions: Mutex::new(HashMap::new()),
            next: AtomicU64::new(1),
            failures: Mutex::new(HashMap::new()),
        };
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
