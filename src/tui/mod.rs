//! The terminal UI: keys become `Action`s through the keymap, `App::update`
//! changes state, `App::view` draws it. The `App` only consumes `Event`s and
//! draws into a `Frame`; `terminal` is the local front end that owns the
//! real terminal.

pub mod action;
pub mod app;
pub mod event;
pub mod job;
pub mod keymap;
pub mod mask;
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
    let loaded = load_keymap(lang, keymap);
    let mut app = app_for(std::sync::Arc::new(service), actor, lang, loaded);
    terminal::run(&mut app)
}

/// As [`start`], but the first frame is drawn before the store is opened:
/// `open` runs on a thread while "Membuka register…" shows. An open that
/// fails is returned after the terminal is restored.
pub fn start_opening<E: Send + 'static>(
    open: impl FnOnce() -> Result<crate::service::Service, E> + Send + 'static,
    actor: crate::service::Actor,
    lang: Lang,
    keymap: Option<&str>,
) -> std::io::Result<Result<(), E>> {
    let ui = Ui { lang, theme: terminal::local_theme() };
    // Before the screen starts, so that its errors go to the shell's screen.
    let loaded = load_keymap(lang, keymap);
    let make = move |svc| app_for(std::sync::Arc::new(svc), actor, lang, loaded);
    Ok(match terminal::run_opening(ui, open, make)? {
        terminal::Opened::Ran => Ok(()),
        terminal::Opened::Failed(e) => Err(e),
        terminal::Opened::Stopped => return Err(std::io::Error::other(text(lang, Msg::OpeningStopped))),
    })
}

/// The keymap chosen and the user's file over it; each error printed to
/// stderr (the terminal is not yet the screens').
fn load_keymap(lang: Lang, keymap: Option<&str>) -> (Keymap, Vec<KeymapError>) {
    let choice = KeymapChoice::parse(keymap.unwrap_or("default"));
    let user = keymap::user_keymap_path();
    let (km, errors) = Keymap::load(&choice, user.as_deref().filter(|p| p.exists()));
    for e in &errors {
        eprintln!("{}", e.message(lang));
    }
    (km, errors)
}

fn app_for(
    service: std::sync::Arc<crate::service::Service>,
    actor: crate::service::Actor,
    lang: Lang,
    (km, errors): (Keymap, Vec<KeymapError>),
) -> App {
    let mut app = App::new(lang, terminal::local_theme(), km, service, actor);
    if let Some(n) = keymap_notice(lang, &errors) {
        app.set_notice(n, true);
    }
    app
}
