//! One file per screen, each holding its state, its `handle` and its
//! `render`. `Screen` is the closed set the `App` keeps on its stack.

pub mod dashboard;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::Ui;
use super::action::Action;
use super::keymap::{Context, KeyChord};
use crate::i18n::Msg;

pub use dashboard::Dashboard;

/// What a screen asks of the `App` after handling an action. A screen never
/// reaches into another screen.
#[derive(Debug)]
pub enum Effect {
    /// Handled; nothing visible changed.
    None,
    /// Handled; draw again.
    Redraw,
    /// Not for this screen: the `App` tries the global actions.
    Unhandled,
    Push(Screen),
    Pop,
}

#[derive(Debug)]
pub enum Screen {
    Dashboard(Dashboard),
}

impl Screen {
    pub fn title(&self) -> Msg {
        match self {
            Screen::Dashboard(_) => Msg::TitleDashboard,
        }
    }

    /// The keymap context of this screen, tried before [global].
    pub fn context(&self) -> Context {
        match self {
            Screen::Dashboard(_) => Context::List,
        }
    }

    /// Whether a text field of the screen takes printable keys first.
    pub fn text_focused(&self) -> bool {
        match self {
            Screen::Dashboard(_) => false,
        }
    }

    /// The actions worth a place in the status bar, with short labels.
    pub fn hints(&self) -> &'static [(Action, Msg)] {
        match self {
            Screen::Dashboard(_) => Dashboard::HINTS,
        }
    }

    pub fn handle(&mut self, action: Action) -> Effect {
        match self {
            Screen::Dashboard(s) => s.handle(action),
        }
    }

    /// A key typed into the focused text field.
    pub fn type_key(&mut self, chord: KeyChord) -> Effect {
        match self {
            Screen::Dashboard(_) => {
                let _ = chord;
                Effect::Unhandled
            }
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        match self {
            Screen::Dashboard(s) => s.render(f, area, ui),
        }
    }
}
