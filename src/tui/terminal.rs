//! The local front end: the process's own terminal, its key reader and its
//! signals. Nothing here is used by the `App` itself.

use std::ffi::OsString;
use std::io;
use std::sync::Once;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

use crossterm::cursor::{Hide, Show};
use crossterm::event::{self as ct, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::Ui;
use super::app::App;
use super::event::Event;
use super::theme::Theme;
use super::widgets::opening;

/// The theme for this process, from its NO_COLOR variable.
pub fn local_theme() -> Theme {
    let value: Option<OsString> = std::env::var_os("NO_COLOR");
    Theme::from_no_color(value.as_deref())
}

/// Restores the terminal when dropped, including on an early `?` return.
pub struct TermGuard(());

static PANIC_HOOK: Once = Once::new();

/// Raw mode, alternate screen (cleared), hidden cursor. The panic hook goes in first
/// and chains the previous one, so a panic restores the terminal before its
/// message is printed.
pub fn enter() -> io::Result<TermGuard> {
    PANIC_HOOK.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A panic the store catches and reports as damage leaves the TUI running.
            if !crate::store::panic_is_caught() {
                restore();
            }
            prev(info);
        }));
    });
    enable_raw_mode()?;
    let guard = TermGuard(());
    // Clearing here, not with `Terminal::clear`, avoids a cursor position
    // query: a round trip on a slow link, and a race with the input thread.
    execute!(io::stdout(), EnterAlternateScreen, Hide, Clear(ClearType::All))?;
    Ok(guard)
}

impl Drop for TermGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Undoes `enter`. Errors are ignored: after SIGHUP the terminal may be
/// gone, and there is nobody left to tell.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), LeaveAlternateScreen, Show);
}

/// Reads terminal input on its own thread, blocking (no polling timer), and
/// sends key presses and resizes. A read error means the terminal is gone.
///
/// The thread stays blocked in `read` after the app ends; the process is
/// expected to exit soon after `run` returns.
pub fn spawn_input(tx: Sender<Event>) -> io::Result<()> {
    thread::Builder::new().name("dtks-input".into()).spawn(move || {
        loop {
            let event = match ct::read() {
                Ok(ct::Event::Key(k)) if k.kind == KeyEventKind::Press => Event::Key(k),
                Ok(ct::Event::Resize(w, h)) => Event::Resize(w, h),
                Ok(_) => continue,
                Err(_) => Event::Quit,
            };
            let last = event == Event::Quit;
            if tx.send(event).is_err() || last {
                break;
            }
        }
    })?;
    Ok(())
}

/// Turns SIGTERM, SIGHUP and SIGINT into `Event::Quit`, so the normal exit
/// path restores the terminal. Close the returned handle to stop the thread.
pub fn spawn_signals(tx: Sender<Event>) -> io::Result<signal_hook::iterator::Handle> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let handle = signals.handle();
    thread::Builder::new().name("dtks-signals".into()).spawn(move || {
        for _ in signals.forever() {
            if tx.send(Event::Quit).is_err() {
                break;
            }
        }
    })?;
    Ok(handle)
}

/// Runs `app` on the local terminal until it quits. Blocks on the event
/// channel, applies everything queued, and draws only when something
/// changed: an idle UI wakes only for its tick.
pub fn run(app: &mut App) -> io::Result<()> {
    let (tx, rx) = mpsc::channel();
    app.attach_jobs(tx.clone());
    let signals = spawn_signals(tx.clone())?;
    let result = enter().and_then(|_guard| {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        let result = event_loop(app, &mut terminal, &rx, Some(tx));
        // ratatui's Drop shows the cursor and, if that fails because the
        // terminal hung up, prints to the dead terminal and panics.
        if terminal.show_cursor().is_err() {
            std::mem::forget(terminal);
        }
        result
    });
    signals.close();
    result
}

/// How `run_opening` ended.
pub enum Opened<E> {
    /// The app ran and quit.
    Ran,
    /// The open failed; the terminal is restored before this is returned.
    Failed(E),
    /// The open ended without an answer.
    Stopped,
}

/// Draws a first frame at once, opens the store with `open` on a thread
/// meanwhile, then runs the app `make_app` builds on it. While opening only
/// quitting keys act (q, Esc, Ctrl-c) and signals end it; other keys are
/// dropped, since nothing on screen could take them.
pub fn run_opening<S, E>(
    ui: Ui,
    open: impl FnOnce() -> Result<S, E> + Send + 'static,
    make_app: impl FnOnce(S) -> App,
) -> io::Result<Opened<E>>
where
    S: Send + 'static,
    E: Send + 'static,
{
    let (tx, rx) = mpsc::channel();
    let (opened_tx, opened_rx) = mpsc::channel();
    let signals = spawn_signals(tx.clone())?;
    let result = enter().and_then(|_guard| {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        terminal.draw(|f| opening::render(f, f.area(), &ui))?;
        spawn_input(tx.clone())?;
        thread::Builder::new().name("dtks-open".into()).spawn(move || {
            let _ = opened_tx.send(open());
        })?;
        // Polled while opening only: the app's own loop blocks with no timer.
        let opened = loop {
            match opened_rx.try_recv() {
                Ok(r) => break Some(Some(r)),
                // The open thread ended without an answer (it panicked).
                Err(mpsc::TryRecvError::Disconnected) => break Some(None),
                Err(mpsc::TryRecvError::Empty) => {}
            }
            match rx.recv_timeout(Duration::from_millis(10)) {
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) | Ok(Event::Quit) => break None,
                Ok(Event::Key(k)) if quits(&k) => break None,
                Ok(Event::Resize(..)) => {
                    terminal.draw(|f| opening::render(f, f.area(), &ui))?;
                }
                Ok(_) => {}
            }
        };
        let outcome = match opened {
            None => Opened::Ran,
            Some(None) => Opened::Stopped,
            Some(Some(Err(e))) => Opened::Failed(e),
            Some(Some(Ok(store))) => {
                let mut app = make_app(store);
                app.attach_jobs(tx.clone());
                event_loop(&mut app, &mut terminal, &rx, None)?;
                Opened::Ran
            }
        };
        if terminal.show_cursor().is_err() {
            std::mem::forget(terminal);
        }
        Ok(outcome)
    });
    signals.close();
    result
}

/// The keys that leave while the store is still opening.
fn quits(k: &ct::KeyEvent) -> bool {
    use crossterm::event::{KeyCode, KeyModifiers};
    match k.code {
        KeyCode::Char('c') => k.modifiers.contains(KeyModifiers::CONTROL),
        KeyCode::Char('q') | KeyCode::Esc => true,
        _ => false,
    }
}

fn event_loop(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    rx: &Receiver<Event>,
    input: Option<Sender<Event>>,
) -> io::Result<()> {
    terminal.draw(|f| app.view(f))?;
    // Keys are read from after the first frame (see `enter`).
    if let Some(tx) = input {
        spawn_input(tx)?;
    }
    follow_events(app, terminal, rx, &mut Local)
}

/// How long the loop waits for an event before it ticks: an idle screen
/// wakes once a second for an atomic load (`Service::generation`), and
/// reads again only when another session wrote.
pub const TICK: Duration = Duration::from_secs(1);

/// What a front end does around the event loop: the local terminal draws
/// what changed; a remote one (`dtks serve`) also follows the size its
/// client reports and holds back frames its client does not read.
pub(crate) trait Frontend<W: io::Write> {
    /// Hears each event before the app does, and may change it (a remote
    /// terminal has no size of its own for the backend to follow).
    fn event(&mut self, _terminal: &mut Terminal<CrosstermBackend<W>>, event: Event) -> io::Result<Event> {
        Ok(event)
    }

    /// Called after every burst of events and every tick; `dirty` when the
    /// screen changed.
    fn draw(&mut self, terminal: &mut Terminal<CrosstermBackend<W>>, app: &mut App, dirty: bool) -> io::Result<()> {
        if dirty {
            terminal.draw(|f| app.view(f))?;
        }
        Ok(())
    }
}

/// The process's own terminal.
struct Local;

impl<W: io::Write> Frontend<W> for Local {}

/// Takes events as they come, a burst at a time, and draws again when one
/// changed the screen; ticks when none came for [`TICK`]; ends when the app
/// quits or the events end. `front` hears each event first and draws.
pub(crate) fn follow_events<W: io::Write>(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<W>>,
    rx: &Receiver<Event>,
    front: &mut impl Frontend<W>,
) -> io::Result<()> {
    loop {
        let first = match rx.recv_timeout(TICK) {
            Ok(e) => e,
            Err(RecvTimeoutError::Timeout) => Event::Tick,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let mut dirty = false;
        for event in std::iter::once(first).chain(rx.try_iter()) {
            let event = front.event(terminal, event)?;
            dirty |= app.update(event);
            if app.quit {
                return Ok(());
            }
        }
        front.draw(terminal, app, dirty)?;
    }
    Ok(())
}
