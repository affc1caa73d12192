//! What the `App` consumes. A front end (the local terminal, later an SSH
//! channel) turns its input into these and sends them down one channel.

use crossterm::event::KeyEvent;

use super::job::JobDone;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Key(KeyEvent),
    Resize(u16, u16),
    /// A background job finished.
    Job(Box<JobDone>),
    /// A second went by with no other event: a screen another session's
    /// write made stale reads again (see `App::tick`).
    Tick,
    /// Leave now, without asking: the process was told to stop (SIGTERM,
    /// SIGHUP) or the terminal is gone.
    Quit,
}
