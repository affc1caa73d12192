//! The client side of the local socket of `dtks serve`: while a server
//! holds a register, every `dtks` command for it is sent there and its
//! output, progress and exit code relayed; plain `dtks` relays a terminal.
//! Kept thin (a whole-process `dtks lookup` through it is timed): plain
//! blocking I/O, no runtime, nothing opened before the request is sent.

pub mod wire;

use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use wire::{ERR, EXIT, INPUT, MAX_FRAME, OUT, REQUEST, RESIZE, Request};

/// `…/register` → `…/register.sock`, beside the database.
pub fn socket_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "register".into());
    name.push(".sock");
    db.with_file_name(name)
}

/// The server of the register at `db`, if one runs: `Ok(None)` when there
/// is no socket or it is left from a server that is gone.
pub fn connect(db: &Path) -> io::Result<Option<UnixStream>> {
    match UnixStream::connect(socket_path(db)) {
        Ok(s) => Ok(Some(s)),
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused) => Ok(None),
        Err(e) => Err(e),
    }
}

/// How a relayed command ended.
pub enum Ended {
    Exit(u8),
    /// The server went before sending the exit code.
    Gone,
}

/// Sends `req` and relays the answer to stdout and stderr until the exit code.
pub fn run_command(mut stream: UnixStream, req: &Request) -> io::Result<Ended> {
    send_request(&mut stream, req)?;
    let (mut stdout, mut stderr) = (io::stdout().lock(), io::stderr().lock());
    relay(&mut stream, &mut stdout, &mut stderr)
}

fn send_request(stream: &mut UnixStream, req: &Request) -> io::Result<()> {
    match wire::write_frame(stream, REQUEST, &req.encode()) {
        // A refused request is closed unread; its one line is still there to read.
        Err(e) if matches!(e.kind(), io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset) => Ok(()),
        other => other,
    }
}

/// Copies output frames until the exit frame. A reader of ours that went
/// away (`| head`) is not an error: the rest is read and dropped.
fn relay(stream: &mut UnixStream, stdout: &mut dyn Write, stderr: &mut dyn Write) -> io::Result<Ended> {
    let mut reader = io::BufReader::new(stream);
    loop {
        let frame = match wire::read_frame(&mut reader, MAX_FRAME) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::ConnectionReset => None,
            Err(e) => return Err(e),
        };
        match frame {
            None => return Ok(Ended::Gone),
            Some((OUT, b)) => {
                let _ = stdout.write_all(&b).and_then(|()| stdout.flush());
            }
            Some((ERR, b)) => {
                let _ = stderr.write_all(&b).and_then(|()| stderr.flush());
            }
            Some((EXIT, b)) => return Ok(Ended::Exit(b.first().copied().unwrap_or(2))),
            Some(_) => return Err(io::ErrorKind::InvalidData.into()),
        }
    }
}

/// Gives the terminal back however the session ends: raw mode off, and,
/// unless the server did it, the alternate screen left and the cursor shown.
struct RawGuard {
    clean: bool,
}

impl Drop for RawGuard {
    fn drop(&mut self) {
        restore_terminal(self.clean);
    }
}

fn restore_terminal(clean: bool) {
    let _ = crossterm::terminal::disable_raw_mode();
    if !clean {
        let mut out = io::stdout();
        let _ = out.write_all(b"\x1b[?1049l\x1b[?25h\r\n").and_then(|()| out.flush());
    }
}

/// Opens the screens through the server: the terminal in raw mode, typed
/// bytes and size changes sent, frames drawn as they come.
pub fn run_screen(mut stream: UnixStream, req: &Request) -> io::Result<Ended> {
    crossterm::terminal::enable_raw_mode()?;
    let mut guard = RawGuard { clean: false };
    send_request(&mut stream, req)?;
    let writer = Arc::new(Mutex::new(stream.try_clone()?));
    let input = writer.clone();
    std::thread::Builder::new().name("dtks-input".into()).spawn(move || {
        let mut stdin = io::stdin().lock();
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdin.read(&mut buf) {
            let mut w = input.lock().unwrap_or_else(PoisonError::into_inner);
            if n == 0 || wire::write_frame(&mut *w, INPUT, &buf[..n]).is_err() {
                break;
            }
        }
    })?;
    watch_signals(writer)?;
    let mut stdout = io::stdout().lock();
    let mut stderr = io::sink();
    let ended = relay(&mut stream, &mut stdout, &mut stderr);
    guard.clean = matches!(ended, Ok(Ended::Exit(_)));
    drop(guard);
    ended
}

/// Window changes go to the server; SIGTERM or SIGHUP give the terminal
/// back before the client ends.
fn watch_signals(writer: Arc<Mutex<UnixStream>>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM, SIGWINCH};
    let mut signals = signal_hook::iterator::Signals::new([SIGWINCH, SIGTERM, SIGHUP])?;
    std::thread::Builder::new().name("dtks-signals".into()).spawn(move || {
        for s in signals.forever() {
            if s != SIGWINCH {
                restore_terminal(false);
                std::process::exit(128 + s);
            }
            let Ok((w, h)) = crossterm::terminal::size() else { continue };
            let mut size = [0u8; 4];
            size[..2].copy_from_slice(&w.to_be_bytes());
            size[2..].copy_from_slice(&h.to_be_bytes());
            let mut out = writer.lock().unwrap_or_else(PoisonError::into_inner);
            if wire::write_frame(&mut *out, RESIZE, &size).is_err() {
                break;
            }
        }
    })?;
    Ok(())
}
