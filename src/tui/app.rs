//! One `App` per user session: a screen stack, an optional overlay, the
//! keymap and the pending key sequence. `update` only routes: keys become
//! actions, actions go to the overlay, then the screen, then the global
//! handler.

use std::sync::Arc;
use std::sync::mpsc::Sender;

use crossterm::event::KeyEventKind;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::action::Action;
use super::event::Event;
use super::job::{Job, JobDone};
use super::keymap::{Context, KeyChord, Keymap, Lookup};
use super::screens::dashboard::{Scope, regions_of};
use super::screens::recent::{RecentItem, remember};
use super::screens::{
    Cx, Dashboard, Drafts, Effect, HouseholdDetail, Households, MuskelList, NonaktifQueue, Queue, Recent, Screen,
    UsulanList, VisitScreen,
};
use super::theme::Theme;
use super::widgets::status_bar::{Notice, StatusBar};
use super::widgets::{ConfirmDialog, HelpOverlay, OverlayResult, Palette, too_small};
use super::{MIN_HEIGHT, MIN_WIDTH, Ui};
use crate::i18n::{Lang, Msg};
use crate::service::{Actor, Service};

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
    service: Arc<Service>,
    actor: Actor,
    /// Where finished jobs are sent; None until a front end attaches (jobs
    /// wait in `queued`).
    jobs: Option<Sender<Event>>,
    queued: Vec<Job>,
    recent: Vec<RecentItem>,
    /// The areas holding data (from the dashboard's whole-register counts),
    /// for the households filter.
    regions: Vec<Scope>,
    pub keymap: Keymap,
    /// Never empty: the first screen is the dashboard.
    screens: Vec<Screen>,
    overlay: Option<Overlay>,
    pending: Vec<KeyChord>,
    notice: Option<Notice>,
    pub quit: bool,
    /// Set by screens holding edits not yet saved; quitting then asks first.
    pub unsaved: bool,
    /// The last frame was the "terminal too small" notice: keys other than
    /// quitting do nothing, since their effect could not be seen.
    too_small: bool,
    /// `Service::generation` and `household_generation` when the screens
    /// last caught up with other sessions' writes.
    generation: u64,
    household_generation: u64,
    /// NIKs and KK numbers this session was allowed to see whole.
    revealed: std::collections::HashSet<String>,
    /// Idle time before the lock (None: never), and the last key's time.
    idle_lock: Option<std::time::Duration>,
    last_key: std::time::Instant,
    /// Set while the session is locked: drawn instead of everything.
    lock: Option<crate::tui::widgets::lock::Lock>,
    /// Whether the user's role sees NIK and No. KK masked; read again on
    /// the tick after any write (a `user set` is one).
    masks: bool,
}

/// Whether `actor` sees numbers masked: a refused or unknown user does.
fn masks_for(service: &Service, actor: &Actor) -> bool {
    service.access(actor).map_or(true, |a| a.role.masks())
}

impl App {
    pub fn new(lang: Lang, theme: Theme, keymap: Keymap, service: Arc<Service>, actor: Actor) -> Self {
        let (dashboard, job) = Dashboard::new(&service, lang);
        let queues = Job::Queues;
        let masks = masks_for(&service, &actor);
        App {
            ui: Ui { lang, theme },
            actor,
            jobs: None,
            queued: vec![job, queues],
            recent: Vec::new(),
            regions: Vec::new(),
            keymap,
            screens: vec![Screen::Dashboard(dashboard)],
            overlay: None,
            pending: Vec::new(),
            notice: None,
            quit: false,
            unsaved: false,
            too_small: false,
            generation: service.generation(),
            household_generation: service.household_generation(),
            revealed: Default::default(),
            idle_lock: service.idle_lock(),
            last_key: std::time::Instant::now(),
            lock: None,
            masks,
            service,
        }
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Jobs from now on run on their own threads and report to `tx`; the
    /// ones already asked for start now.
    pub fn attach_jobs(&mut self, tx: Sender<Event>) {
        self.jobs = Some(tx);
        for job in std::mem::take(&mut self.queued) {
            self.start_job(job);
        }
    }

    /// Runs the waiting jobs on this thread and applies their results (for
    /// tests and for front ends without threads).
    pub fn run_queued_jobs(&mut self) -> bool {
        let mut dirty = false;
        while !self.queued.is_empty() {
            for job in std::mem::take(&mut self.queued) {
                let done = job.run(&self.service, &self.actor, self.ui.lang);
                dirty |= self.job_done(&done);
            }
        }
        dirty
    }

    fn start_job(&mut self, job: Job) {
        let Some(tx) = &self.jobs else {
            self.queued.push(job);
            return;
        };
        let tx = tx.clone();
        let service = Arc::clone(&self.service);
        let (lang, actor) = (self.ui.lang, self.actor.clone());
        let spawned = std::thread::Builder::new().name("dtks-job".into()).spawn(move || {
            let done = job.run(&service, &actor, lang);
            let _ = tx.send(Event::Job(Box::new(done)));
        });
        if let Err(e) = spawned {
            let why = crate::service::error::io_reason(self.ui.lang, e.kind());
            self.set_notice(format!("{}: {why}", self.ui.t(Msg::LoadFailed)), true);
        }
    }

    fn job_done(&mut self, done: &JobDone) -> bool {
        if let JobDone::Stats { scope, result: Ok(stats) } = done
            && scope.is_empty()
        {
            self.regions = regions_of(stats, &self.service.wilayah());
        }
        let cx = Cx::new(&self.service, self.ui.lang, &self.regions, &self.actor);
        let mut dirty = false;
        for s in &mut self.screens {
            dirty |= s.on_job(done, &cx);
        }
        // A count that came back for an older list is asked again for the new.
        let next: Vec<Job> = self.screens.iter_mut().filter_map(Screen::next_job).collect();
        for job in next {
            self.start_job(job);
        }
        dirty
    }

    pub fn recent(&self) -> &[RecentItem] {
        &self.recent
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
        v.extend_from_slice(s.contexts());
        v.push(Context::Global);
        v
    }

    /// Applies one event; returns whether the screen must be drawn again.
    pub fn update(&mut self, event: Event) -> bool {
        match event {
            Event::Key(k) if k.kind == KeyEventKind::Press && self.lock.is_some() => self.lock_key(KeyChord::from(k)),
            Event::Key(k) if k.kind == KeyEventKind::Press => {
                self.last_key = std::time::Instant::now();
                self.key(KeyChord::from(k))
            }
            Event::Key(_) => false,
            Event::Resize(w, h) => {
                self.too_small = w < MIN_WIDTH || h < MIN_HEIGHT;
                true
            }
            Event::Job(done) => self.job_done(&done),
            Event::Tick => self.tick(),
            Event::Quit => {
                self.quit = true;
                true
            }
        }
    }

    /// Catches up with writes made since the last tick (by other sessions,
    /// or by this one's jobs): the screen on top reads again what it shows,
    /// the dashboard counts again when households changed. Two atomic loads
    /// when nothing was written.
    fn tick(&mut self) -> bool {
        if self.lock.is_none() && self.idle_lock.is_some_and(|idle| self.last_key.elapsed() >= idle) {
            self.lock_now();
            return true;
        }
        let generation = self.service.generation();
        if generation == self.generation {
            return false;
        }
        self.masks = masks_for(&self.service, &self.actor);
        let households = self.service.household_generation();
        let cx = Cx::new(&self.service, self.ui.lang, &self.regions, &self.actor);
        let last = self.screens.len() - 1;
        let dirty = self.screens[last].changed_elsewhere(&cx);
        if let [Screen::Dashboard(d)] = self.screens.as_mut_slice() {
            let moved = households != self.household_generation;
            // A count still running: catch up on a later tick.
            let Some(jobs) = d.changed_elsewhere(&self.service, self.ui.lang, moved) else {
                return dirty;
            };
            for job in jobs {
                self.start_job(job);
            }
        }
        self.generation = generation;
        self.household_generation = households;
        dirty
    }

    fn key(&mut self, chord: KeyChord) -> bool {
        if self.too_small {
            let mut pending = Vec::new();
            return match self.keymap.feed(&mut pending, &[Context::Global], chord) {
                Lookup::Action(a @ (Action::Quit | Action::ForceQuit)) => self.dispatch(a),
                _ => false,
            };
        }
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
        let cx = Cx::new(&self.service, self.ui.lang, &self.regions, &self.actor);
        let last = self.screens.len() - 1;
        let effect = self.screens[last].type_key(chord, &cx);
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
        let cx = Cx::new(&self.service, self.ui.lang, &self.regions, &self.actor);
        let last = self.screens.len() - 1;
        match self.screens[last].handle(action, &cx) {
            Effect::Unhandled => self.global(action),
            effect => self.apply(effect),
        }
    }

    /// Sets the idle time before the lock (None: never).
    pub fn set_idle_lock(&mut self, idle: Option<std::time::Duration>) {
        self.idle_lock = idle;
    }

    /// Locks the session: nothing of the register is drawn until the user
    /// proves who they are again.
    fn lock_now(&mut self) {
        let has_password = self.service.has_password(&self.actor.user).unwrap_or(false);
        let remote = !matches!(self.actor.origin, crate::service::Origin::Local);
        let minutes = self.idle_lock.map_or(0, |d| d.as_secs() / 60);
        self.lock = Some(crate::tui::widgets::lock::Lock::new(has_password, remote, minutes));
    }

    fn lock_key(&mut self, chord: KeyChord) -> bool {
        use crate::tui::widgets::lock::LockKey;
        let Some(lock) = self.lock.as_mut() else { return false };
        match lock.key(chord) {
            LockKey::Stay => {}
            LockKey::Open => self.unlock(),
            LockKey::End => self.quit = true,
            LockKey::Try(password) => match self.service.check_password(&self.actor.user, &password) {
                Ok(true) => self.unlock(),
                _ => {
                    if lock.wrong() {
                        self.quit = true;
                    }
                }
            },
        }
        true
    }

    fn unlock(&mut self) {
        self.lock = None;
        self.last_key = std::time::Instant::now();
    }

    /// Whether the session is locked.
    pub fn locked(&self) -> bool {
        self.lock.is_some()
    }

    /// Draws the whole UI. Reads state only; never fails.
    pub fn view(&mut self, f: &mut Frame) {
        let area = f.area();
        if let Some(lock) = &self.lock {
            lock.render(f, area, &self.ui, &self.actor.user);
            return;
        }
        self.too_small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
        if self.too_small {
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
        // While typing, the global keys that are letters (q, ?, :) would be
        // typed, so only the screen's own hints are shown.
        let (hints, with_global) = match &self.overlay {
            Some(o) => (o.hints(), false),
            None => (self.screen().hints(), !self.screen().text_focused()),
        };
        // Numbers are whole for an operator: nothing to reveal.
        let hints: Vec<(Action, Msg)> =
            hints.iter().copied().filter(|(a, _)| self.masks || *a != Action::Reveal).collect();
        let bar = StatusBar {
            keymap: &self.keymap,
            contexts: &contexts,
            hints: &hints,
            with_global,
            pending: &self.pending,
            notice: self.notice.as_ref(),
        };
        bar.render(f, status, &ui);
        // Last, over everything drawn: no screen can forget it.
        if self.masks {
            crate::tui::mask::mask_buffer(f.buffer_mut(), &self.revealed);
        }
    }
}

mod navigate;

#[cfg(test)]
mod tests;
