//! One file per screen, each holding its state, its `handle` and its
//! `render`. `Screen` is the closed set the `App` keeps on its stack.

pub mod counts;
pub mod dashboard;
pub mod detail_lines;
pub mod double_pair;
pub mod drafts;
pub mod eligible_queue;
pub mod household_detail;
pub mod households;
pub mod monev_review;
pub mod muskel_form;
pub mod muskel_list;
pub mod nonaktif_form;
pub mod nonaktif_queue;
pub mod person;
pub mod queue;
pub mod recent;
pub mod tahap;
pub mod tahap_detail;
pub mod usulan;
pub mod visit_form;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::Ui;
use super::action::Action;
use super::job::{Job, JobDone};
use super::keymap::{Context, KeyChord};
use crate::i18n::{Lang, Msg};
use crate::service::{Actor, Service};

pub use counts::Counts;
pub use dashboard::Dashboard;
pub use double_pair::DoublePairView;
pub use drafts::Drafts;
pub use eligible_queue::EligibleQueue;
pub use household_detail::HouseholdDetail;
pub use households::Households;
pub use monev_review::MonevReview;
pub use muskel_form::MuskelForm;
pub use muskel_list::MuskelList;
pub use nonaktif_form::NonaktifForm;
pub use nonaktif_queue::NonaktifQueue;
pub use person::PersonDetail;
pub use queue::Queue;
pub use recent::Recent;
pub use tahap::Tahap;
pub use tahap_detail::TahapDetail;
pub use usulan::UsulanList;
pub use visit_form::VisitScreen;

/// What a screen may use while handling an action: the service (for reads)
/// and the session's language and date. Views never get this.
pub struct Cx<'a> {
    pub svc: &'a Service,
    pub lang: Lang,
    pub today: NaiveDate,
    /// The areas holding data, once the dashboard has counted them.
    pub regions: &'a [dashboard::Scope],
    pub actor: &'a Actor,
}

impl<'a> Cx<'a> {
    /// The context of one update, read from the session; today comes from
    /// the service (the real date unless the session pinned one).
    pub fn new(svc: &'a Service, lang: Lang, regions: &'a [dashboard::Scope], actor: &'a Actor) -> Cx<'a> {
        Cx { svc, lang, today: svc.today(), regions, actor }
    }
}

/// The question a form asks when its save was refused over another
/// session's change; None for any other error.
pub fn reload_question(e: &crate::service::ServiceError, lang: Lang) -> Option<String> {
    match e {
        crate::service::ServiceError::Refused(crate::service::Refusal::Changed { target, by, at }) => {
            Some(crate::i18n::versions::reload_question(lang, target, by.as_deref(), *at))
        }
        _ => None,
    }
}

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
    /// Push a screen and start the job that fills it.
    PushJob(Screen, Job),
    Pop,
    /// Open a household by No. KK (the `App` keeps the recent list).
    OpenHousehold(String),
    /// Open a household by No. KK with the member of this NIK selected.
    OpenMember(String, String),
    /// Open (or resume) the actor's visit form of a household by No. KK.
    OpenVisit(String),
    /// Start a background job; its result comes back through `on_job`.
    Job(Job),
    /// Close this screen and show an info line in the status bar.
    PopNotice(String),
    /// Show a line in the status bar (`true` = an error).
    Notice(String, bool),
    /// Ask a yes/no question first; yes sends `Action::Confirm` (or the
    /// action given) back to this screen, no changes nothing.
    Ask(Msg, Action),
    /// `Ask` with the particulars (what will happen, to whom) under the
    /// question.
    AskWith(Msg, String, Action),
    /// [`Effect::Ask`] with a question worded by the screen (what will
    /// happen, to how many).
    AskText(String, Action),
    /// Show these NIKs and KK numbers whole from now on (the service has
    /// allowed and audited it).
    Reveal(Vec<String>),
}

#[derive(Debug)]
pub enum Screen {
    Dashboard(Dashboard),
    Households(Box<Households>),
    Household(Box<HouseholdDetail>),
    Person(Box<PersonDetail>),
    Counts(Counts),
    Recent(Recent),
    Visit(Box<VisitScreen>),
    Drafts(Drafts),
    Queue(Box<Queue>),
    Muskel(Box<MuskelList>),
    MuskelForm(Box<MuskelForm>),
    Usulan(UsulanList),
    Nonaktif(Box<NonaktifQueue>),
    NonaktifForm(Box<NonaktifForm>),
    MonevReview(Box<MonevReview>),
    DoublePair(Box<DoublePairView>),
    Tahap(Box<Tahap>),
    TahapDetail(Box<TahapDetail>),
    Eligible(Box<EligibleQueue>),
}

impl Screen {
    /// Holds edits not saved yet (forms that save on every change never do).
    pub fn has_unsaved(&self) -> bool {
        matches!(self, Screen::MuskelForm(f) if f.has_unsaved())
    }

    pub fn title(&self) -> Msg {
        match self {
            Screen::Dashboard(_) => Msg::TitleDashboard,
            Screen::Households(_) => Msg::TitleHouseholds,
            Screen::Household(_) => Msg::TitleHousehold,
            Screen::Person(_) => Msg::TitlePerson,
            Screen::Counts(_) => Msg::TitleCounts,
            Screen::Recent(_) => Msg::TitleRecent,
            Screen::Visit(_) => Msg::TitleVisit,
            Screen::Drafts(_) => Msg::TitleDrafts,
            Screen::Queue(_) => Msg::TitleQueue,
            Screen::Muskel(_) => Msg::TitleMuskel,
            Screen::MuskelForm(_) => Msg::TitleMuskelForm,
            Screen::Usulan(_) => Msg::TitleUsulan,
            Screen::Nonaktif(_) => Msg::TitleNonaktif,
            Screen::NonaktifForm(_) => Msg::TitleNonaktifForm,
            Screen::MonevReview(_) => Msg::TitleMonevReview,
            Screen::DoublePair(_) => Msg::TitleDoublePair,
            Screen::Tahap(_) => Msg::TitleTahap,
            Screen::TahapDetail(_) => Msg::TitleTahapDetail,
            Screen::Eligible(_) => Msg::TitleEligible,
        }
    }

    /// The keymap contexts of this screen, innermost first, tried before
    /// [global].
    pub fn contexts(&self) -> &'static [Context] {
        match self {
            Screen::Household(_) | Screen::Person(_) => &[Context::Detail],
            Screen::Visit(_) | Screen::MuskelForm(_) | Screen::NonaktifForm(_) => &[Context::Form, Context::Detail],
            Screen::Queue(_) | Screen::Muskel(_) => &[Context::Queue, Context::List],
            Screen::Nonaktif(_) | Screen::MonevReview(_) | Screen::DoublePair(_) => &[Context::Queue, Context::List],
            Screen::Eligible(_) => &[Context::Queue, Context::List],
            Screen::Tahap(_) | Screen::TahapDetail(_) => &[Context::Tahap, Context::List],
            _ => &[Context::List],
        }
    }

    /// Whether a text field of the screen takes printable keys first.
    pub fn text_focused(&self) -> bool {
        match self {
            Screen::Households(s) => s.text_focused(),
            Screen::Visit(s) => s.text_focused(),
            Screen::Queue(s) => s.text_focused(),
            Screen::MuskelForm(s) => s.text_focused(),
            Screen::Nonaktif(s) => s.text_focused(),
            Screen::NonaktifForm(s) => s.text_focused(),
            Screen::MonevReview(s) => s.text_focused(),
            Screen::TahapDetail(s) => s.text_focused(),
            Screen::Eligible(s) => s.text_focused(),
            _ => false,
        }
    }

    /// The actions worth a place in the status bar, with short labels.
    pub fn hints(&self) -> &'static [(Action, Msg)] {
        match self {
            Screen::Dashboard(_) => Dashboard::HINTS,
            Screen::Households(s) => s.hints(),
            Screen::Household(s) => s.hints(),
            Screen::Person(s) => s.hints(),
            Screen::Counts(_) => Counts::HINTS,
            Screen::Recent(_) => Recent::HINTS,
            Screen::Visit(s) => s.hints(),
            Screen::Drafts(_) => Drafts::HINTS,
            Screen::Queue(s) => s.hints(),
            Screen::Muskel(_) => MuskelList::HINTS,
            Screen::MuskelForm(s) => s.hints(),
            Screen::Usulan(_) => UsulanList::HINTS,
            Screen::Nonaktif(s) => s.hints(),
            Screen::NonaktifForm(s) => s.hints(),
            Screen::MonevReview(s) => s.hints(),
            Screen::DoublePair(_) => DoublePairView::HINTS,
            Screen::Tahap(_) => Tahap::HINTS,
            Screen::TahapDetail(s) => s.hints(),
            Screen::Eligible(s) => s.hints(),
        }
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        match self {
            Screen::Dashboard(s) => s.handle(action, cx),
            Screen::Households(s) => s.handle(action, cx),
            Screen::Household(s) => s.handle(action, cx),
            Screen::Person(s) => s.handle(action, cx),
            Screen::Counts(s) => s.handle(action, cx),
            Screen::Recent(s) => s.handle(action),
            Screen::Visit(s) => s.handle(action, cx),
            Screen::Drafts(s) => s.handle(action),
            Screen::Queue(s) => s.handle(action, cx),
            Screen::Muskel(s) => s.handle(action, cx),
            Screen::MuskelForm(s) => s.handle(action, cx),
            Screen::Usulan(s) => s.handle(action),
            Screen::Nonaktif(s) => s.handle(action, cx),
            Screen::NonaktifForm(s) => s.handle(action, cx),
            Screen::MonevReview(s) => s.handle(action, cx),
            Screen::DoublePair(s) => s.handle(action, cx),
            Screen::Tahap(s) => s.handle(action, cx),
            Screen::TahapDetail(s) => s.handle(action, cx),
            Screen::Eligible(s) => s.handle(action, cx),
        }
    }

    /// A key typed into the focused text field.
    pub fn type_key(&mut self, chord: KeyChord, cx: &Cx) -> Effect {
        match self {
            Screen::Households(s) => s.type_key(chord, cx),
            Screen::Visit(s) => s.type_key(chord),
            Screen::Queue(s) => s.type_key(chord),
            Screen::MuskelForm(s) => s.type_key(chord),
            Screen::Nonaktif(s) => s.type_key(chord),
            Screen::NonaktifForm(s) => s.type_key(chord),
            Screen::MonevReview(s) => s.type_key(chord),
            Screen::TahapDetail(s) => s.type_key(chord),
            Screen::Eligible(s) => s.type_key(chord),
            _ => Effect::Unhandled,
        }
    }

    /// Shown again after the screen above it closed: a screen whose rows
    /// the one above may have changed reads them again.
    pub fn refresh(&mut self, cx: &Cx) {
        if let Screen::Nonaktif(s) = self {
            s.refresh(cx);
        }
    }

    /// Another session wrote: a list reads its rows again, a household
    /// detail its household when that changed. Forms keep what is being
    /// typed (their saves are checked against the version they opened).
    /// Whether to draw again.
    pub fn changed_elsewhere(&mut self, cx: &Cx) -> bool {
        match self {
            Screen::Household(s) => s.changed_elsewhere(cx),
            Screen::Queue(s) => s.changed_elsewhere(cx),
            Screen::Drafts(s) => {
                s.reload(cx);
                true
            }
            Screen::Muskel(s) => {
                s.reload(cx);
                true
            }
            Screen::Usulan(s) => {
                s.reload(cx);
                true
            }
            Screen::Nonaktif(s) => {
                s.refresh(cx);
                true
            }
            _ => false,
        }
    }

    /// A background job finished; returns whether to draw again.
    /// A job the screen wants started now (a count whose request went stale).
    pub fn next_job(&mut self) -> Option<Job> {
        match self {
            Screen::Households(s) => s.next_job(),
            Screen::Dashboard(s) => s.next_job(),
            _ => None,
        }
    }

    pub fn on_job(&mut self, done: &JobDone, cx: &Cx) -> bool {
        match self {
            Screen::Dashboard(s) => s.on_job(done, cx),
            Screen::Counts(s) => s.on_job(done, cx),
            Screen::Households(s) => s.on_job(done, cx),
            Screen::TahapDetail(s) => s.on_job(done, cx),
            Screen::Eligible(s) => {
                let taken = s.on_job(done);
                if taken {
                    s.audit_shown(cx);
                }
                taken
            }
            _ => false,
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        match self {
            Screen::Dashboard(s) => s.render(f, area, ui),
            Screen::Households(s) => s.render(f, area, ui),
            Screen::Household(s) => s.render(f, area, ui),
            Screen::Person(s) => s.render(f, area, ui),
            Screen::Counts(s) => s.render(f, area, ui),
            Screen::Recent(s) => s.render(f, area, ui),
            Screen::Visit(s) => s.render(f, area, ui),
            Screen::Drafts(s) => s.render(f, area, ui),
            Screen::Queue(s) => s.render(f, area, ui),
            Screen::Muskel(s) => s.render(f, area, ui),
            Screen::MuskelForm(s) => s.render(f, area, ui),
            Screen::Usulan(s) => s.render(f, area, ui),
            Screen::Nonaktif(s) => s.render(f, area, ui),
            Screen::NonaktifForm(s) => s.render(f, area, ui),
            Screen::MonevReview(s) => s.render(f, area, ui),
            Screen::DoublePair(s) => s.render(f, area, ui),
            Screen::Tahap(s) => s.render(f, area, ui),
            Screen::TahapDetail(s) => s.render(f, area, ui),
            Screen::Eligible(s) => s.render(f, area, ui),
        }
    }
}

/// The tab after (`NextPane`) or before the current one of `n`, round.
pub fn next_tab(tab: usize, n: usize, action: Action) -> usize {
    if action == Action::NextPane { (tab + 1) % n } else { (tab + n - 1) % n }
}

/// Moves a selection within `len` rows; returns the new index.
pub fn step(selected: Option<usize>, len: usize, action: Action, page: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let cur = selected.unwrap_or(0);
    let last = len - 1;
    Some(match action {
        Action::Up => cur.saturating_sub(1),
        Action::Down => (cur + 1).min(last),
        Action::PageUp => cur.saturating_sub(page),
        Action::PageDown => (cur + page).min(last),
        Action::Home => 0,
        Action::End => last,
        _ => cur,
    })
}

/// A bordered block with the screen's title.
pub fn titled_block<'a>(ui: &Ui, title: String) -> ratatui::widgets::Block<'a> {
    ratatui::widgets::Block::bordered()
        .border_style(ui.theme.border())
        .title(ratatui::text::Line::styled(format!(" {title} "), ui.theme.title()))
}

/// A key typed into a screen's open text field, if it has one: redraw when
/// the field took it.
pub(crate) fn typed(field: Option<&mut crate::tui::widgets::text_input::TextInput>, chord: KeyChord) -> Effect {
    if field.is_some_and(|input| input.handle(chord)) { Effect::Redraw } else { Effect::None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_stays_within_bounds() {
        assert_eq!(step(None, 0, Action::Down, 10), None);
        assert_eq!(step(Some(0), 3, Action::Up, 10), Some(0));
        assert_eq!(step(Some(2), 3, Action::Down, 10), Some(2));
        assert_eq!(step(Some(1), 30, Action::PageDown, 10), Some(11));
        assert_eq!(step(Some(25), 30, Action::PageDown, 10), Some(29));
        assert_eq!(step(Some(5), 30, Action::PageUp, 10), Some(0));
        assert_eq!(step(Some(5), 30, Action::End, 10), Some(29));
        assert_eq!(step(Some(5), 30, Action::Home, 10), Some(0));
    }
}
