//! The terminal UI: keys become `Action`s through the keymap, `App::update`
//! changes state, `App::view` draws it. The `App` only consumes `Event`s and
//! draws into a `Frame`; `terminal` is the local front end that owns the
//! real terminal.

pub mod action;
pub mod app;
pub mod event;
pub mod job;
pub mod keymap;
pub mod screens;
pub mod terminal;
pub mod theme;
pub mod widgets;

pub use action::Action;
pub use app::App;
pub use event::Event;
pub use keymap::{Keymap, KeymapChoice, KeymapError};
pub use theme::Theme;

use crate::i18n::{Lang, Msg, text};

/// Below this size only a message asking for a larger terminal is drawn.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// What every view needs besides its own state: the language and styles.
#[derive(Clone, Copy, Debug)]
pub struct Ui {
    pub lang: Lang,
    pub theme: Theme,
}

impl Ui {
    pub fn t(&self, msg: Msg) -> &'static str {
        text(self.lang, msg)
    }
}

/// A one-line summary of keymap errors for the notice line, or None when
/// there are none. The full list belongs on stderr before the UI starts.
pub fn keymap_notice(lang: Lang, errors: &[KeymapError]) -> Option<String> {
    let first = errors.first()?;
    let more = errors.len() - 1;
    let label = text(lang, Msg::KeymapErrors);
    let first = first.message(lang);
    Some(match (more, lang) {
        (0, _) => format!("{label}: {first}"),
        (n, Lang::Id) => format!("{label}: {first} (+{n} lagi)"),
        (n, Lang::En) => format!("{label}: {first} (+{n} more)"),
    })
}

/// Opens the screens on `service` for `actor` in the local terminal. Keymap
/// errors are printed to stderr first and shown in the notice line; the good
/// bindings are kept.
pub fn start(
    service: crate::service::Service,
    actor: crate::service::Actor,
    lang: Lang,
    keymap: Option<&str>,
) -> std::io::Result<()> {
    let choice = KeymapChoice::parse(keymap.unwrap_or("default"));
    let user = keymap::user_keymap_path();
    let (km, errors) = Keymap::load(&choice, user.as_deref().filter(|p| p.exists()));
    for e in &errors {
        eprintln!("{}", e.message(lang));
    }
    let mut app = App::new(lang, terminal::local_theme(), km, std::sync::Arc::new(service), actor);
    if let Some(n) = keymap_notice(lang, &errors) {
        app.set_notice(n, true);
    }
    terminal::run(&mut app)
}
