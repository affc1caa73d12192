//! One SSH session's screens: an `App` on its own thread, fed key and
//! resize events from the connection and drawing through ratatui into the
//! channel. Frames wait in a short bounded queue, so a client that stops
//! reading stalls its own session only.

use std::io::{self, Write};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::{Receiver, Sender};

use crossterm::cursor::{Hide, Show};
use crossterm::execute;
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::i18n::serve::session_disabled;
use crate::i18n::users::server_stopping;
use crate::tui::{App, Event};

/// Why a session is being ended from outside, told once its terminal is back.
pub const ENDS_ON_STOP: u8 = 1;
pub const ENDS_DISABLED: u8 = 2;

/// Frames waiting for the connection; the screen thread blocks beyond this.
pub const FRAME_QUEUE: usize = 4;
/// Larger terminals are drawn in their top-left corner: a buffer of the
/// size a client claims (up to 65535 × 65535) would be memory for the taking.
pub const MAX_WIDTH: u16 = 400;
pub const MAX_HEIGHT: u16 = 200;

/// What a session's screen writes, sent to the channel at each flush.
pub struct ChannelOut {
    tx: tokio::sync::mpsc::Sender<Vec<u8>>,
    buf: Vec<u8>,
}

impl ChannelOut {
    pub fn new(tx: tokio::sync::mpsc::Sender<Vec<u8>>) -> ChannelOut {
        ChannelOut { tx, buf: Vec::new() }
    }
}

impl Write for ChannelOut {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let frame = std::mem::take(&mut self.buf);
        // Blocks this session's thread only; an error means the client is gone.
        self.tx.blocking_send(frame).map_err(|_| io::ErrorKind::BrokenPipe.into())
    }
}

/// The area drawn for a terminal of `w` × `h` (0 × 0 included).
pub fn area(w: u16, h: u16) -> Rect {
    Rect::new(0, 0, w.min(MAX_WIDTH), h.min(MAX_HEIGHT))
}

/// Clamps what a client says of its size to what the screen thread uses.
pub fn clamp(w: u32, h: u32) -> (u16, u16) {
    let c = |v: u32| u16::try_from(v).unwrap_or(u16::MAX);
    (c(w), c(h))
}

/// Runs `app` until it quits, the client goes, or it is ended from outside
/// (`end` set to why, an `Event::Quit` sent): the terminal is given back
/// (alternate screen left, cursor shown) on every way out but a dead link.
pub fn run(
    mut app: App,
    size: (u16, u16),
    out: ChannelOut,
    rx: &Receiver<Event>,
    tx: Sender<Event>,
    end: &AtomicU8,
) -> io::Result<()> {
    let mut backend = CrosstermBackend::new(out);
    execute!(backend, EnterAlternateScreen, Hide, Clear(ClearType::All))?;
    let options = TerminalOptions { viewport: Viewport::Fixed(area(size.0, size.1)) };
    let mut terminal = Terminal::with_options(backend, options)?;
    app.attach_jobs(tx);
    app.update(Event::Resize(size.0, size.1));
    let result = event_loop(&mut app, &mut terminal, rx);
    let out = terminal.backend_mut();
    execute!(out, LeaveAlternateScreen, Show)?;
    let told = match end.load(Ordering::SeqCst) {
        ENDS_ON_STOP => server_stopping(app.ui.lang),
        ENDS_DISABLED => session_disabled(app.ui.lang),
        _ => "",
    };
    out.write_all(told.as_bytes())?;
    out.flush()?;
    result
}

fn event_loop(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<ChannelOut>>,
    rx: &Receiver<Event>,
) -> io::Result<()> {
    terminal.draw(|f| app.view(f))?;
    crate::tui::terminal::follow_events(app, terminal, rx, |t, w, h| t.resize(area(w, h)))
}
