//! What the app does with a screen's effect and with the global actions:
//! opening households and visits, moving between screens, notices.

use super::*;

impl App {
    pub(super) fn apply(&mut self, effect: Effect) -> bool {
        match effect {
            Effect::None | Effect::Unhandled => false,
            Effect::Redraw => true,
            Effect::Push(s) => {
                self.screens.push(s);
                true
            }
            Effect::PushJob(s, job) => {
                self.screens.push(s);
                self.start_job(job);
                true
            }
            Effect::Pop => self.pop(),
            Effect::OpenHousehold(kk) => self.open_household(&kk),
            Effect::OpenMember(kk, nik) => {
                self.open_household(&kk);
                if let Some(Screen::Household(d)) = self.screens.last_mut() {
                    d.select_member(&nik);
                }
                true
            }
            Effect::OpenVisit(kk) => self.open_visit(&kk),
            Effect::PopNotice(text) => {
                self.pop();
                self.set_notice(text, false);
                true
            }
            Effect::Job(job) => {
                self.start_job(job);
                true
            }
            Effect::Notice(text, error) => {
                self.set_notice(text, error);
                true
            }
            Effect::Ask(question, on_yes) => {
                self.overlay = Some(Overlay::Confirm(ConfirmDialog::new(question, on_yes)));
                true
            }
            Effect::AskWith(question, detail, on_yes) => {
                self.overlay = Some(Overlay::Confirm(ConfirmDialog::with_detail(question, detail, on_yes)));
                true
            }
            Effect::Reveal(numbers) => {
                self.revealed.extend(numbers);
                self.set_notice(self.ui.t(Msg::RevealedNotice).to_string(), false);
                true
            }
            Effect::AskText(question, on_yes) => {
                self.overlay = Some(Overlay::Confirm(ConfirmDialog::worded(question, on_yes)));
                true
            }
        }
    }

    pub(super) fn open_household(&mut self, no_kk: &str) -> bool {
        let today = self.service.today();
        match HouseholdDetail::load(&self.service, &self.actor, no_kk, today, self.ui.lang) {
            Ok(Some(d)) => {
                let h = d.household();
                let item = RecentItem {
                    no_kk: h.no_kk.clone(),
                    head: h.head().or(h.members.first()).map(|p| p.name.clone()).unwrap_or_default(),
                    address: format!("{}, RT {:03}/RW {:03}", h.address.street, h.address.rt, h.address.rw),
                };
                remember(&mut self.recent, item);
                self.screens.push(Screen::Household(Box::new(d)));
            }
            Ok(None) => self.set_notice(format!("{}: {no_kk}", self.ui.t(Msg::HouseholdNotFound)), true),
            Err(e) => self.set_notice(format!("{}: {}", self.ui.t(Msg::LoadFailed), e.message(self.ui.lang)), true),
        }
        true
    }

    pub(super) fn open_visit(&mut self, no_kk: &str) -> bool {
        match self.service.open_household_visit(no_kk, &self.actor) {
            Ok(Some(session)) => {
                let screen = VisitScreen::new(session, self.service.today(), self.service.wilayah());
                self.screens.push(Screen::Visit(Box::new(screen)));
            }
            Ok(None) => self.set_notice(format!("{}: {no_kk}", self.ui.t(Msg::HouseholdNotFound)), true),
            Err(e) => self.set_notice(e.message(self.ui.lang), true),
        }
        true
    }

    /// Pushes a cycle screen unless it is already on top.
    pub(super) fn go(&mut self, action: Action) -> bool {
        let on_top = matches!(
            (action, self.screen()),
            (Action::GoDrafts, Screen::Drafts(_))
                | (Action::GoQueue, Screen::Queue(_))
                | (Action::GoMuskel, Screen::Muskel(_))
                | (Action::GoUsulan, Screen::Usulan(_))
                | (Action::GoNonaktif, Screen::Nonaktif(_))
        );
        if on_top {
            return false;
        }
        let cx = Cx::new(&self.service, self.ui.lang, &self.regions, &self.actor);
        let screen = match action {
            Action::GoDrafts => Screen::Drafts(Drafts::load(&cx)),
            Action::GoQueue => Screen::Queue(Box::new(Queue::load(&cx, 0))),
            Action::GoMuskel => Screen::Muskel(Box::new(MuskelList::load(&cx))),
            Action::GoNonaktif => Screen::Nonaktif(Box::new(NonaktifQueue::load(&cx, 0))),
            _ => Screen::Usulan(UsulanList::load(&cx)),
        };
        self.jump(screen);
        true
    }

    /// A global jump replaces what lies above the dashboard rather than
    /// piling onto it, so the breadcrumb is the path actually stacked; a
    /// screen holding unsaved edits stays (with what lies under it).
    pub(super) fn jump(&mut self, screen: Screen) {
        let keep = self.screens.iter().rposition(Screen::has_unsaved).map_or(1, |i| i + 1);
        self.screens.truncate(keep.max(1));
        self.screens.push(screen);
    }

    /// Whether the keymap moves in lists with printable keys (vim's j/k).
    fn letters_move_in_lists(&self) -> bool {
        self.keymap.bindings().iter().any(|b| {
            b.context == Context::List
                && matches!(b.action, Action::Up | Action::Down)
                && b.keys.len() == 1
                && b.keys[0].is_text()
        })
    }

    pub(super) fn pop(&mut self) -> bool {
        if self.screens.len() > 1 {
            self.screens.pop();
            let cx = Cx::new(&self.service, self.ui.lang, &self.regions, &self.actor);
            let last = self.screens.len() - 1;
            self.screens[last].refresh(&cx);
            self.refresh_dashboard();
            true
        } else {
            false
        }
    }

    /// The dashboard on top again: if anything was written since it
    /// counted (a submit, a ratification, a freeze…), count again.
    fn refresh_dashboard(&mut self) {
        let [Screen::Dashboard(d)] = self.screens.as_mut_slice() else { return };
        if let Some(job) = d.refresh(&self.service, self.ui.lang) {
            self.start_job(job);
            self.start_job(Job::Queues);
        }
    }

    pub(super) fn global(&mut self, action: Action) -> bool {
        match action {
            Action::Quit if self.unsaved || self.screens.iter().any(Screen::has_unsaved) => {
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
            Action::GoHouseholds | Action::Search => {
                if matches!(self.screen(), Screen::Households(_)) {
                    return false;
                }
                let cx = Cx::new(&self.service, self.ui.lang, &self.regions, &self.actor);
                let mut s = Households::new(&cx);
                // `/` always means typing; the list key otherwise decides.
                if action == Action::Search {
                    s.focus_search();
                } else if self.letters_move_in_lists() {
                    s.focus_list();
                }
                self.jump(Screen::Households(Box::new(s)));
                true
            }
            Action::GoRecent => {
                if matches!(self.screen(), Screen::Recent(_)) {
                    return false;
                }
                self.jump(Screen::Recent(Recent::new(self.recent.clone())));
                true
            }
            Action::GoDrafts | Action::GoQueue | Action::GoMuskel | Action::GoUsulan | Action::GoNonaktif => {
                self.go(action)
            }
            Action::GoTahap => {
                if matches!(self.screen(), Screen::Tahap(_)) {
                    return false;
                }
                let cx = Cx::new(&self.service, self.ui.lang, &self.regions, &self.actor);
                let s = super::super::screens::Tahap::load(&cx);
                self.screens.push(Screen::Tahap(Box::new(s)));
                true
            }
            Action::GoDashboard => {
                let deeper = self.screens.len() > 1;
                self.screens.truncate(1);
                self.refresh_dashboard();
                deeper
            }
            _ => {
                self.set_notice(self.ui.t(Msg::NotAvailable), false);
                true
            }
        }
    }
}
