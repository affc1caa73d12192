//! The local front end: the process's own terminal, its key reader and its
//! signals. Nothing here is used by the `App` itself.

use std::ffi::OsString;
use std::io;
use std::sync::Once;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

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

use super::app::App;
use super::event::Event;
use super::theme::Theme;

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
/// changed: an idle UI uses no CPU.
pub fn run(app: &mut App) -> io::Result<()> {
    let (tx, rx) = mpsc::channel();
    app.attach_jobs(tx.clone());
    let signals = spawn_signals(tx.clone())?;
    let result = enter().and_then(|_guard| {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        let result = event_loop(app, &mut terminal, &rx, tx);
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

fn event_loop(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    rx: &Receiver<Event>,
    tx: Sender<Event>,
) -> io::Result<()> {
    terminal.draw(|f| app.view(f))?;
    spawn_input(tx)?;
    while let Ok(first) = rx.recv() {
        let mut dirty = false;
        for event in std::iter::once(first).chain(rx.try_iter()) {
            dirty |= app.update(event);
            if app.quit {
                return Ok(());
            }
        }
        if dirty {
            terminal.draw(|f| app.view(f))?;
        }
    }
    Ok(())
}
