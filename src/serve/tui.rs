//! One SSH session's screens: an `App` on its own thread, fed key and
//! resize events from the connection and drawing through ratatui into the
//! channel. Frames wait in a short bounded queue; a client that stops
//! reading loses the frames beyond it (its session goes on, holding
//! nothing more), and the first frame it gets once it reads again is the
//! whole screen as it is then. Keys wait in a bounded count too: what a
//! client types beyond [`MAX_PENDING_KEYS`] ahead of its screen is dropped,
//! and of its window changes only the latest waits.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU32, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender};

use crossterm::cursor::{Hide, Show};
use crossterm::execute;
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::i18n::serve::session_disabled;
use crate::i18n::users::server_stopping;
use crate::tui::terminal::Frontend;
use crate::tui::{App, Event};

/// Why a session is being ended from outside, told once its terminal is back.
pub const ENDS_ON_STOP: u8 = 1;
pub const ENDS_DISABLED: u8 = 2;

/// Frames waiting for the connection; beyond this they are dropped and the
/// screen is drawn whole once the queue is empty again.
pub const FRAME_QUEUE: usize = 4;
/// Keys a session may have waiting for its screen thread; more are dropped.
pub const MAX_PENDING_KEYS: usize = 256;
/// Larger terminals are drawn in their top-left corner: a buffer of the
/// size a client claims (up to 65535 × 65535) would be memory for the taking.
pub const MAX_WIDTH: u16 = 400;
pub const MAX_HEIGHT: u16 = 200;

/// What a session's screen writes, sent to the channel at each flush.
pub struct ChannelOut {
    tx: tokio::sync::mpsc::Sender<Vec<u8>>,
    buf: Vec<u8>,
    flow: Arc<Flow>,
}

/// How frames leave, shared by the writer and the drawing loop.
#[derive(Default)]
struct Flow {
    /// While drawing, frames never wait: one the queue has no room for is
    /// dropped. Outside it (entering and leaving the screens) they wait.
    drawing: AtomicBool,
    /// Flushes are held back until the frame is whole.
    held: AtomicBool,
    /// A frame was dropped: nothing more goes out until the screen is drawn whole.
    lost: AtomicBool,
}

impl ChannelOut {
    pub fn new(tx: tokio::sync::mpsc::Sender<Vec<u8>>) -> ChannelOut {
        ChannelOut { tx, buf: Vec::new(), flow: Arc::default() }
    }
}

impl Write for ChannelOut {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() || self.flow.held.load(Ordering::SeqCst) {
            return Ok(());
        }
        let frame = std::mem::take(&mut self.buf);
        if !self.flow.drawing.load(Ordering::SeqCst) {
            // Blocks this session's thread only; an error means the client is gone.
            return self.tx.blocking_send(frame).map_err(|_| io::ErrorKind::BrokenPipe.into());
        }
        if self.flow.lost.load(Ordering::SeqCst) {
            return Ok(());
        }
        match self.tx.try_send(frame) {
            Ok(()) => Ok(()),
            Err(tokio::sync::mpsc::error::TrySendError::Full(_)) => {
                self.flow.lost.store(true, Ordering::SeqCst);
                Ok(())
            }
            Err(tokio::sync::mpsc::error::TrySendError::Closed(_)) => Err(io::ErrorKind::BrokenPipe.into()),
        }
    }
}

/// What the connection and the screen thread share of a session's input:
/// the keys waiting, and the latest window size with whether a resize
/// event is already on its way.
#[derive(Default)]
pub struct Input {
    keys: AtomicUsize,
    size: AtomicU32,
    resize_sent: AtomicBool,
}

impl Input {
    pub fn new(w: u16, h: u16) -> Input {
        let input = Input::default();
        input.size.store(u32::from(w) << 16 | u32::from(h), Ordering::SeqCst);
        input
    }

    /// Whether one more key may wait; counts it when it may.
    pub fn admit_key(&self) -> bool {
        self.keys.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < MAX_PENDING_KEYS).then_some(n + 1)).is_ok()
    }

    /// A key that was counted but could not be sent.
    pub fn forget_key(&self) {
        self.keys.fetch_sub(1, Ordering::SeqCst);
    }

    /// Records the client's new size; true when a resize event should be
    /// sent (none is waiting already).
    pub fn resized(&self, w: u16, h: u16) -> bool {
        self.size.store(u32::from(w) << 16 | u32::from(h), Ordering::SeqCst);
        !self.resize_sent.swap(true, Ordering::SeqCst)
    }

    fn latest_size(&self) -> (u16, u16) {
        let v = self.size.load(Ordering::SeqCst);
        ((v >> 16) as u16, (v & 0xffff) as u16)
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
    input: Arc<Input>,
    rx: &Receiver<Event>,
    tx: Sender<Event>,
    end: &AtomicU8,
) -> io::Result<()> {
    let flow = out.flow.clone();
    let queue = out.tx.clone();
    let mut backend = CrosstermBackend::new(out);
    execute!(backend, EnterAlternateScreen, Hide, Clear(ClearType::All))?;
    let options = TerminalOptions { viewport: Viewport::Fixed(area(size.0, size.1)) };
    let mut terminal = Terminal::with_options(backend, options)?;
    app.attach_jobs(tx);
    app.update(Event::Resize(size.0, size.1));
    flow.drawing.store(true, Ordering::SeqCst);
    let result = event_loop(&mut app, &mut terminal, rx, Remote { input, size, flow: flow.clone(), queue });
    flow.drawing.store(false, Ordering::SeqCst);
    flow.held.store(false, Ordering::SeqCst);
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

/// A terminal at the other end of a channel.
struct Remote {
    input: Arc<Input>,
    size: (u16, u16),
    flow: Arc<Flow>,
    /// The frames' queue, to see when it is empty.
    queue: tokio::sync::mpsc::Sender<Vec<u8>>,
}

impl Frontend<ChannelOut> for Remote {
    fn event(&mut self, terminal: &mut Terminal<CrosstermBackend<ChannelOut>>, event: Event) -> io::Result<Event> {
        match event {
            Event::Key(_) => {
                self.input.forget_key();
                Ok(event)
            }
            Event::Resize(..) => {
                // The size now, not the one the event was sent with.
                self.input.resize_sent.store(false, Ordering::SeqCst);
                let (w, h) = self.input.latest_size();
                self.size = (w, h);
                terminal.resize(area(w, h))?;
                Ok(Event::Resize(w, h))
            }
            _ => Ok(event),
        }
    }

    fn draw(
        &mut self,
        terminal: &mut Terminal<CrosstermBackend<ChannelOut>>,
        app: &mut App,
        dirty: bool,
    ) -> io::Result<()> {
        let lost = self.flow.lost.load(Ordering::SeqCst);
        // A client that missed frames gets the whole screen once it has
        // read what was queued; until then nothing is drawn.
        let whole = lost && self.queue.capacity() == self.queue.max_capacity();
        if !whole && (lost || !dirty) {
            return Ok(());
        }
        self.flow.held.store(true, Ordering::SeqCst);
        let drawn = (|| {
            if whole {
                self.flow.lost.store(false, Ordering::SeqCst);
                terminal.resize(area(self.size.0, self.size.1))?;
            }
            terminal.draw(|f| app.view(f)).map(|_| ())
        })();
        self.flow.held.store(false, Ordering::SeqCst);
        drawn.and_then(|()| terminal.backend_mut().flush())
    }
}

fn event_loop(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<ChannelOut>>,
    rx: &Receiver<Event>,
    mut remote: Remote,
) -> io::Result<()> {
    remote.draw(terminal, app, true)?;
    crate::tui::terminal::follow_events(app, terminal, rx, &mut remote)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_beyond_the_bound_are_refused_until_the_screen_takes_some() {
        let input = Input::new(80, 24);
        assert!((0..MAX_PENDING_KEYS).all(|_| input.admit_key()));
        assert!(!input.admit_key(), "one key more than the bound");
        input.forget_key();
        assert!(input.admit_key());
        assert!(!input.admit_key());
    }

    #[test]
    fn of_window_changes_not_yet_taken_one_event_is_sent_and_the_latest_size_counts() {
        let input = Input::new(80, 24);
        assert_eq!(input.latest_size(), (80, 24));
        assert!(input.resized(100, 30), "the first change is sent");
        assert!(!input.resized(120, 40), "a second one waits behind it");
        assert!(!input.resized(400, 200));
        assert_eq!(input.latest_size(), (400, 200));
        input.resize_sent.store(false, Ordering::SeqCst);
        assert!(input.resized(90, 25), "sent again once the screen took the last");
    }

    #[test]
    fn a_frame_the_queue_has_no_room_for_is_dropped_and_so_is_every_one_after_it() {
        let (tx, mut rx) = tokio::sync::mpsc::channel(FRAME_QUEUE);
        let mut out = ChannelOut::new(tx);
        out.flow.drawing.store(true, Ordering::SeqCst);
        for i in 0..FRAME_QUEUE + 3 {
            out.write_all(format!("frame {i}").as_bytes()).unwrap();
            out.flush().unwrap();
        }
        assert!(out.flow.lost.load(Ordering::SeqCst));
        let mut got = Vec::new();
        while let Ok(f) = rx.try_recv() {
            got.push(String::from_utf8(f).unwrap());
        }
        assert_eq!(got, (0..FRAME_QUEUE).map(|i| format!("frame {i}")).collect::<Vec<_>>());
        // Room again, but a frame drawn over what the client missed would be garbage.
        out.write_all(b"diff").unwrap();
        out.flush().unwrap();
        assert!(rx.try_recv().is_err());
    }
}
