//! One `App` per user session: a screen stack, an optional overlay, the
//! keymap and the pending key sequence. `update` only routes: keys become
//! actions, actions go to the overlay, then the screen, then the global
//! handler.

use crossterm::event::KeyEventKind;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::action::Action;
use super::event::Event;
use super::keymap::{Context, KeyChord, Keymap, Lookup};
use super::screens::{Dashboard, Effect, Screen};
use super::theme::Theme;
use super::widgets::status_bar::{Notice, StatusBar};
use super::widgets::{ConfirmDialog, HelpOverlay, OverlayResult, Palette, too_small};
use super::{MIN_HEIGHT, MIN_WIDTH, Ui};
use crate::i18n::{Lang, Msg};

#[derive(Debug)]
pub enum Overlay {
    Help(HelpOverlay),
    Palette(Palette),
    Confirm(ConfirmDialog),
}

impl Overlay {
    fn context(&self) -> Context {
        match self {
            Overlay::Help(_) => Context::Help,
            Overlay::Palette(_) => Context::Palette,
            Overlay::Confirm(_) => Context::Dialog,
        }
    }

    fn handle(&mut self, action: Action) -> OverlayResult {
        match self {
            Overlay::Help(h) => h.handle(action),
            Overlay::Palette(p) => p.handle(action),
            Overlay::Confirm(c) => c.handle(action),
        }
    }

    fn hints(&self) -> &'static [(Action, Msg)] {
        match self {
            Overlay::Help(_) => HelpOverlay::HINTS,
            Overlay::Palette(_) => Palette::HINTS,
            Overlay::Confirm(_) => ConfirmDialog::HINTS,
        }
    }
}

pub struct App {
    pub ui: Ui,
    pub keymap: Keymap,
    /// Never empty: the first screen is the dashboard.
    screens: Vec<Screen>,
    overlay: Option<Overlay>,
    pending: Vec<KeyChord>,
    notice: Option<Notice>,
    pub quit: bool,
    /// Set by screens holding edits not yet saved; quitting then asks first.
    pub unsaved: bool,
}

impl App {
    pub fn new(lang: Lang, theme: Theme, keymap: Keymap) -> Self {
        App {
            ui: Ui { lang, theme },
            keymap,
            screens: vec![Screen::Dashboard(Dashboard::new())],
            overlay: None,
            pending: Vec::new(),
            notice: None,
            quit: false,
            unsaved: false,
        }
    }

    pub fn screen(&self) -> &Screen {
        // `screens` is never empty; see `pop`.
        &self.screens[self.screens.len() - 1]
    }

    fn screen_mut(&mut self) -> &mut Screen {
        let last = self.screens.len() - 1;
        &mut self.screens[last]
    }

    pub fn screen_depth(&self) -> usize {
        self.screens.len()
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    pub fn pending(&self) -> &[KeyChord] {
        &self.pending
    }

    pub fn set_notice(&mut self, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice { text: text.into(), error });
    }

    fn text_focused(&self) -> bool {
        match &self.overlay {
            Some(Overlay::Palette(_)) => true,
            Some(_) => false,
            None => self.screen().text_focused(),
        }
    }

    /// Contexts for key lookup, innermost first.
    pub fn contexts(&self) -> Vec<Context> {
        match &self.overlay {
            Some(o) => vec![o.context(), Context::Global],
            None => self.screen_contexts(),
        }
    }

    fn screen_contexts(&self) -> Vec<Context> {
        let s = self.screen();
        let mut v = Vec::with_capacity(3);
        if s.text_focused() {
            v.push(Context::Input);
        }
        v.push(s.context());
        v.push(Context::Global);
        v
    }

    /// Applies one event; returns whether the screen must be drawn again.
    pub fn update(&mut self, event: Event) -> bool {
        match event {
            Event::Key(k) if k.kind == KeyEventKind::Press => self.key(KeyChord::from(k)),
            Event::Key(_) => false,
            Event::Resize(..) => true,
            Event::Quit => {
                self.quit = true;
                true
            }
        }
    }

    fn key(&mut self, chord: KeyChord) -> bool {
        // An info notice lasts until the next key; an error stays until
        // dismissed with Back.
        let mut dirty = false;
        if self.notice.as_ref().is_some_and(|n| !n.error) {
            self.notice = None;
            dirty = true;
        }
        if self.pending.is_empty() && self.text_focused() && chord.is_text() {
            return self.type_key(chord) | dirty;
        }
        let had_pending = !self.pending.is_empty();
        let contexts = self.contexts();
        match self.keymap.feed(&mut self.pending, &contexts, chord) {
            Lookup::Action(a) => self.dispatch(a) | dirty | had_pending,
            Lookup::Pending => true,
            Lookup::None => dirty | had_pending,
        }
    }

    fn type_key(&mut self, chord: KeyChord) -> bool {
        if let Some(Overlay::Palette(p)) = &mut self.overlay {
            return p.type_key(chord);
        }
        let effect = self.screen_mut().type_key(chord);
        self.apply(effect)
    }

    /// Runs an action as if its key was pressed now.
    pub fn dispatch(&mut self, action: Action) -> bool {
        let Some(overlay) = &mut self.overlay else {
            return self.run(action);
        };
        match overlay.handle(action) {
            OverlayResult::Stay(dirty) => dirty,
            OverlayResult::Close => {
                self.overlay = None;
                true
            }
            OverlayResult::Run(a) => {
                self.overlay = None;
                self.run(a);
                true
            }
            OverlayResult::PassThrough => {
                self.overlay = None;
                self.run(action);
                true
            }
            OverlayResult::Quit => {
                self.overlay = None;
                self.quit = true;
                true
            }
        }
    }

    /// The screen first, then the global actions.
    fn run(&mut self, action: Action) -> bool {
        match self.screen_mut().handle(action) {
            Effect::Unhandled => self.global(action),
            effect => self.apply(effect),
        }
    }

    fn apply(&mut self, effect: Effect) -> bool {
        match effect {
            Effect::None | Effect::Unhandled => false,
            Effect::Redraw => true,
            Effect::Push(s) => {
                self.screens.push(s);
                true
            }
            Effect::Pop => self.pop(),
        }
    }

    fn pop(&mut self) -> bool {
        if self.screens.len() > 1 {
            self.screens.pop();
            true
        } else {
            false
        }
    }

    fn global(&mut self, action: Action) -> bool {
        match action {
            Action::Quit if self.unsaved => {
                self.overlay = Some(Overlay::Confirm(ConfirmDialog::new(Msg::ConfirmQuit, Action::ForceQuit)));
                true
            }
            Action::Quit | Action::ForceQuit => {
                self.quit = true;
                true
            }
            Action::Help => {
                self.overlay = Some(Overlay::Help(HelpOverlay::new()));
                true
            }
            Action::Palette => {
                self.overlay = Some(Overlay::Palette(Palette::new(self.ui.lang)));
                true
            }
            Action::Back if self.notice.is_some() => {
                self.notice = None;
                true
            }
            Action::Back => self.pop(),
            Action::GoDashboard => {
                let deeper = self.screens.len() > 1;
                self.screens.truncate(1);
                deeper
            }
            _ => {
                self.set_notice(self.ui.t(Msg::NotAvailable), false);
                true
            }
        }
    }

    /// Draws the whole UI. Reads state only; never fails.
    pub fn view(&mut self, f: &mut Frame) {
        let area = f.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small::render(f, area, &self.ui);
            return;
        }
        let [header, body, status] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)]).areas(area);

        let ui = self.ui;
        let crumbs: Vec<&str> = self.screens.iter().map(|s| ui.t(s.title())).collect();
        let title =
            Line::from(vec![Span::styled(" DTKS ", ui.theme.title()), Span::raw(format!("│ {}", crumbs.join(" › ")))]);
        f.render_widget(Paragraph::new(title), header);

        self.screen_mut().render(f, body, &ui);

        let screen_contexts = self.screen_contexts();
        match &mut self.overlay {
            Some(Overlay::Help(h)) => h.render(f, body, &ui, &self.keymap),
            Some(Overlay::Palette(p)) => p.render(f, body, &ui, &self.keymap, &screen_contexts),
            Some(Overlay::Confirm(c)) => c.render(f, body, &ui),
            None => {}
        }

        let contexts = self.contexts();
        let (hints, with_global) = match &self.overlay {
            Some(o) => (o.hints(), false),
            None => (self.screen().hints(), true),
        };
        let bar = StatusBar {
            keymap: &self.keymap,
            contexts: &contexts,
            hints,
            with_global,
            pending: &self.pending,
            notice: self.notice.as_ref(),
        };
        bar.render(f, status, &ui);
    }
}

#[cfg(test)]
mod tests;
