//! What the screen tests share: an `App` on a service as a user, keys
//! pressed and text typed as a terminal sends them (background jobs run
//! after each key), and the screen as text.
#![allow(dead_code)]

use std::sync::Arc;

use crossterm::event::KeyEvent;
use dtks::i18n::Lang;
use dtks::service::{Actor, Service};
use dtks::tui::keymap::{KeyChord, KeymapChoice};
use dtks::tui::{App, Event, Keymap, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The app with the default keymap, acting as `user`, its first jobs run.
pub fn app_as(svc: Arc<Service>, lang: Lang, user: &str) -> App {
    let (keymap, errors) = Keymap::load(&KeymapChoice::Default, None);
    assert!(errors.is_empty());
    let mut a = App::new(lang, Theme::new(false), keymap, svc, Actor::new(user));
    a.run_queued_jobs();
    a
}

pub fn press(a: &mut App, keys: &[&str]) {
    for k in keys {
        let chord: KeyChord = k.parse().unwrap();
        a.update(Event::Key(KeyEvent::new(chord.code, chord.mods)));
        a.run_queued_jobs();
    }
}

pub fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        let key = if c == ' ' { "space".to_string() } else { c.to_string() };
        press(a, &[&key]);
    }
}

/// The screen as text: the clock is fixed, so nothing needs masking.
pub fn screen(a: &mut App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| a.view(f)).unwrap();
    term.backend().to_string()
}
