//! The local socket beside the database (`register.sock`, mode 0600):
//! every `dtks` command on this host comes in here while the server runs.
//! One thread per connection (a command blocks on the store and on its
//! client only); a request that does not come within `REQUEST_WAIT`, or is
//! longer than `MAX_REQUEST`, ends the connection. The peer's OS user comes
//! from its credentials: the server's own user (and root) act as they would
//! locally; any other must be an enabled dtks user of the same name.

use std::io::{self, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::input::InputParser;
use super::tui::{self, ChannelOut, FRAME_QUEUE, Input};
use super::{ServeError, Shared};
use crate::cli::{Peer, Served, run_served};
use crate::client::wire::{self, ERR, EXIT, INPUT, MAX_REQUEST, OUT, REQUEST, RESIZE, Request};
use crate::i18n::Lang;
use crate::i18n::serve::{line_too_long, not_a_user, too_many_connections};
use crate::service::{Actor, Origin};
use crate::tui::{App, Event, Keymap, KeymapChoice, Theme};

/// How long a connection may take to send its request.
const REQUEST_WAIT: Duration = Duration::from_secs(10);
/// Connections served at once; more are told so in one line.
const MAX_CONNECTIONS: usize = 128;
/// A too-long request is read and dropped up to this, so that its one line
/// reaches a client still writing; beyond it the connection just ends.
const DRAIN_AT_MOST: usize = 8 * 1024 * 1024;

/// The socket while the server runs; removed when dropped.
pub struct Socket {
    path: PathBuf,
    listener: UnixListener,
}

impl Socket {
    /// Binds `register.sock` beside `db`. The register is already held by
    /// this process, so a socket left there is a dead server's: replaced.
    pub fn bind(db: &Path) -> Result<Socket, ServeError> {
        let path = crate::client::socket_path(db);
        let fail = |e: io::Error| ServeError::Socket { path: path.clone(), kind: e.kind() };
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(fail(e)),
            _ => {}
        }
        // Made 0600 from the start: nobody else can connect in between.
        // SAFETY: umask only sets the process's file mode mask; nothing else runs yet.
        let old = unsafe { libc::umask(0o177) };
        let bound = UnixListener::bind(&path);
        // SAFETY: as above, the previous mask put back.
        unsafe { libc::umask(old) };
        let listener = bound.map_err(fail)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).map_err(fail)?;
        Ok(Socket { path, listener })
    }

    /// Serves connections on threads of their own until the server stops.
    pub fn spawn(self, shared: Arc<Shared>) -> Result<SocketHandle, ServeError> {
        let listener = self.listener.try_clone().map_err(|e| ServeError::Start(e.kind()))?;
        let live = Arc::new(AtomicUsize::new(0));
        let s = shared.clone();
        std::thread::Builder::new()
            .name("dtks-socket".into())
            .spawn(move || accept(&listener, &s, &live))
            .map_err(|e| ServeError::Start(e.kind()))?;
        Ok(SocketHandle { socket: self, shared })
    }
}

/// Stops the accept loop and removes the socket when dropped.
pub struct SocketHandle {
    socket: Socket,
    shared: Arc<Shared>,
}

impl Drop for SocketHandle {
    fn drop(&mut self) {
        // `stopping` is set: one connection wakes the loop to see it.
        debug_assert!(self.shared.stopping.load(Ordering::SeqCst));
        let _ = UnixStream::connect(&self.socket.path);
        let _ = std::fs::remove_file(&self.socket.path);
    }
}

fn accept(listener: &UnixListener, shared: &Arc<Shared>, live: &Arc<AtomicUsize>) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(mut stream) = stream else {
            // Out of descriptors or the like: a moment, then serve again.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if live.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            live.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(REQUEST_WAIT));
            refuse(&mut stream, too_many_connections(shared.lang));
            continue;
        }
        let (shared, done) = (shared.clone(), live.clone());
        let started = std::thread::Builder::new().name("dtks-local".into()).spawn(move || {
            let _ = serve_connection(stream, &shared);
            done.fetch_sub(1, Ordering::SeqCst);
        });
        if started.is_err() {
            // The thread never ran: its slot is freed here.
            live.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// One line on the client's stderr and exit 2.
fn refuse(stream: &mut UnixStream, line: &str) {
    let _ = wire::write_frame(stream, ERR, format!("{line}\n").as_bytes());
    let _ = wire::write_frame(stream, EXIT, &[2]);
}

/// `--lang en` as the client typed it, for what is said before parsing.
fn typed_lang(req: &Request, default: Lang) -> Lang {
    let mut it = req.args.iter();
    while let Some(a) = it.next() {
        match a.as_slice() {
            b"--lang" => return it.next().and_then(|v| std::str::from_utf8(v).ok()?.parse().ok()).unwrap_or(default),
            b"--lang=en" => return Lang::En,
            b"--lang=id" => return Lang::Id,
            _ => {}
        }
    }
    default
}

fn serve_connection(mut stream: UnixStream, shared: &Arc<Shared>) -> io::Result<()> {
    stream.set_read_timeout(Some(REQUEST_WAIT))?;
    let Some((tag, len)) = wire::read_head(&mut stream)? else { return Ok(()) };
    if tag != REQUEST {
        return Ok(());
    }
    if len > MAX_REQUEST {
        if len <= DRAIN_AT_MOST {
            io::copy(&mut (&mut stream).take(len as u64), &mut io::sink())?;
        }
        refuse(&mut stream, &line_too_long(shared.lang, len, MAX_REQUEST));
        return Ok(());
    }
    let mut payload = vec![0u8; len];
    stream.read_exact(&mut payload)?;
    let Some(req) = Request::decode(&payload) else { return Ok(()) };
    stream.set_read_timeout(None)?;
    let lang = typed_lang(&req, shared.lang);
    let Some(peer) = peer_of(&stream, &req, shared) else {
        let name = peer_uid(&stream).map_or_else(|_| "?".to_string(), os_name);
        refuse(&mut stream, &not_a_user(lang, &name));
        return Ok(());
    };
    let cwd = PathBuf::from(<std::ffi::OsString as std::os::unix::ffi::OsStringExt>::from_vec(req.cwd.clone()));
    let served = {
        let (mut out, mut err) = (FrameOut { stream: &stream, tag: OUT }, FrameOut { stream: &stream, tag: ERR });
        run_served(shared.svc.clone(), &peer, &req.args, &cwd, &mut out, &mut err)
    };
    match served {
        Served::Exit(code) => {
            // A user just disabled loses the sessions still open.
            shared.end_disabled_sessions();
            wire::write_frame(&mut stream, EXIT, &[code])
        }
        Served::Screen { lang, keymap } => {
            let size = req.screen.unwrap_or((80, 24));
            screen(stream, shared, peer.actor, lang, keymap, size, req.no_color)
        }
    }
}

/// Writes what a command prints as frames of one tag.
struct FrameOut<'a> {
    stream: &'a UnixStream,
    tag: u8,
}

impl Write for FrameOut<'_> {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        if !b.is_empty() {
            wire::write_frame(&mut self.stream, self.tag, b)?;
        }
        Ok(b.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Who is on the other end, or `None` when they may not use the server.
fn peer_of(stream: &UnixStream, req: &Request, shared: &Shared) -> Option<Peer> {
    let uid = peer_uid(stream).ok()?;
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    if uid == me || uid == 0 {
        let name = if req.actor.trim().is_empty() { os_name(uid) } else { req.actor.clone() };
        return Some(Peer { actor: Actor::from(name, Origin::Socket { uid }), operator: true });
    }
    let name = os_name(uid);
    match shared.svc.user(&name) {
        Ok(Some(u)) if !u.disabled => Some(Peer { actor: Actor::from(name, Origin::Socket { uid }), operator: false }),
        _ => None,
    }
}

/// The name of `uid` in /etc/passwd, else `uid N`.
fn os_name(uid: u32) -> String {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    crate::cli::account_of(&passwd, uid).unwrap_or_else(|| format!("uid {uid}"))
}

/// The OS user of the process at the other end (SO_PEERCRED).
#[cfg(target_os = "linux")]
fn peer_uid(stream: &UnixStream) -> io::Result<u32> {
    use std::os::fd::AsRawFd;
    let mut cred = libc::ucred { pid: 0, uid: 0, gid: 0 };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: `cred` and `len` are valid for writing and sized for SO_PEERCRED.
    let r = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(cred.uid)
}

#[cfg(not(target_os = "linux"))]
fn peer_uid(stream: &UnixStream) -> io::Result<u32> {
    use std::os::fd::AsRawFd;
    let (mut uid, mut gid) = (0, 0);
    // SAFETY: both out-parameters are valid for writing.
    if unsafe { libc::getpeereid(stream.as_raw_fd(), &mut uid, &mut gid) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(uid)
}

/// The screens for `actor`, relayed over the socket as over SSH: frames out
/// through a short bounded queue, typed bytes and sizes in.
fn screen(
    stream: UnixStream,
    shared: &Arc<Shared>,
    actor: Actor,
    lang: Lang,
    keymap: Option<String>,
    size: (u16, u16),
    no_color: Option<String>,
) -> io::Result<()> {
    let (events, rx) = std::sync::mpsc::channel();
    let (frames, mut frames_rx) = tokio::sync::mpsc::channel::<Vec<u8>>(FRAME_QUEUE);
    let (id, end) = shared.add_session(&actor.user, events.clone());
    let (svc, tx) = (shared.svc.clone(), events.clone());
    let gate = Arc::new(Input::new(size.0, size.1));
    let theirs = gate.clone();
    let screen = std::thread::Builder::new().name("dtks-session".into()).spawn(move || {
        let choice = KeymapChoice::parse(keymap.as_deref().unwrap_or("default"));
        let (keymap, _) = Keymap::load(&choice, None);
        let app =
            App::new(lang, Theme::from_no_color(no_color.as_deref().map(std::ffi::OsStr::new)), keymap, svc, actor);
        let _ = tui::run(app, size, ChannelOut::new(frames), theirs, &rx, tx, &end);
    });
    if let Err(e) = screen {
        shared.remove_session(id);
        return Err(e);
    }
    let mut out = stream.try_clone()?;
    let writer = std::thread::Builder::new().name("dtks-frames".into()).spawn(move || {
        while let Some(frame) = frames_rx.blocking_recv() {
            if wire::write_frame(&mut out, OUT, &frame).is_err() {
                break;
            }
        }
        let _ = wire::write_frame(&mut out, EXIT, &[0]);
        // Ends the reading side below as well.
        let _ = out.shutdown(std::net::Shutdown::Both);
    });
    let mut input = io::BufReader::new(&stream);
    let mut parser = InputParser::default();
    let mut keys = Vec::new();
    while let Ok(Some((tag, payload))) = wire::read_frame(&mut input, MAX_REQUEST) {
        match (tag, payload.as_slice()) {
            (INPUT, bytes) => {
                parser.feed(bytes, &mut keys);
                // Keys beyond what the screen may have waiting are dropped.
                let admitted = keys.drain(..).filter(|_| gate.admit_key());
                if admitted.map(|k| events.send(Event::Key(k))).collect::<Result<Vec<_>, _>>().is_err() {
                    break;
                }
            }
            (RESIZE, &[a, b, c, d]) => {
                let (w, h) = (u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d]));
                if gate.resized(w, h) {
                    let _ = events.send(Event::Resize(w, h));
                }
            }
            _ => break,
        }
    }
    // The client left, or the screen ended and closed the socket.
    let _ = events.send(Event::Quit);
    if let Ok(w) = writer {
        let _ = w.join();
    }
    shared.remove_session(id);
    Ok(())
}
