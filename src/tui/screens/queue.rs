//! Antrean verval: the supervisor's work lists in sections (visits to do,
//! drafts, waiting for finalisation, waiting for pengesahan, returned,
//! self-proposals). On a visit: finalise, return with a reason, or ratify
//! the selected or every finalised visit with the letter's number and date.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Table, TableState, Tabs};

use super::drafts::visit_table;
use super::usulan::usulan_table;
use super::{Cx, Effect, step, titled_block};
use crate::domain::stage::Letter;
use crate::domain::visit::parse_date;
use crate::i18n::screens_queue::{finalise_question, ratify_question};
use crate::i18n::{Msg, fmt_date, text};
use crate::service::verval::{Queues, VisitLine};
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::keymap::KeyChord;
use crate::tui::widgets::TextInput;
use crate::tui::widgets::list_table::fitted_table;

/// The sections, in tab order.
pub const TABS: [Msg; 6] =
    [Msg::QToVisit, Msg::QDrafts, Msg::QWaitFinal, Msg::QWaitRatify, Msg::QReturned, Msg::QSelfProposals];

/// Short section names for the tab line, so six fit in 80 columns.
const TAB_SHORT: [Msg; 6] =
    [Msg::QtToVisit, Msg::QtDrafts, Msg::QtWaitFinal, Msg::QtWaitRatify, Msg::QtReturned, Msg::QtSelf];

/// What the text input at the bottom is asking for.
#[derive(Debug, Clone)]
enum Ask {
    ReturnReason(u64),
    LetterNumber(Vec<u64>),
    LetterDate(Vec<u64>, String),
}

/// The irreversible step a yes to the question will take.
#[derive(Debug, Clone)]
enum Pending {
    Finalise(u64),
    Ratify(Vec<u64>, Letter),
}

#[derive(Debug)]
pub struct Queue {
    queues: Queues,
    error: Option<String>,
    tab: usize,
    table: TableState,
    ask: Option<(Ask, TextInput)>,
    pending: Option<Pending>,
}

/// The number of entries in each section, in [`TABS`] order.
pub fn counts(q: &Queues) -> [usize; 6] {
    [
        q.to_visit.len(),
        q.drafts.len(),
        q.waiting_finalisation.len(),
        q.waiting_pengesahan.len(),
        q.returned.len(),
        q.self_proposals.len(),
    ]
}

impl Queue {
    const HINTS: &'static [(Action, Msg)] = &[
        (Action::NextPane, Msg::HintTab),
        (Action::Open, Msg::HintOpen),
        (Action::Finalise, Msg::HintFinalise),
        (Action::ReturnVisit, Msg::HintReturn),
        (Action::Ratify, Msg::HintRatify),
        (Action::RatifyAll, Msg::HintRatifyAll),
    ];
    const ASK_HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintDone), (Action::Back, Msg::HintCancel)];

    pub fn load(cx: &Cx, tab: usize) -> Self {
        let mut q = Queue {
            queues: Queues::default(),
            error: None,
            tab: tab.min(TABS.len() - 1),
            table: TableState::default(),
            ask: None,
            pending: None,
        };
        q.reload(cx);
        q
    }

    fn reload(&mut self, cx: &Cx) {
        match cx.svc.verval_queue_shown(cx.actor) {
            Ok(q) => {
                self.queues = q;
                self.error = None;
            }
            Err(e) => self.error = Some(e.message(cx.lang)),
        }
        let len = self.len();
        let sel = self.table.selected().map(|i| i.min(len.saturating_sub(1)));
        self.table.select(if len == 0 { None } else { sel.or(Some(0)) });
    }

    /// Reads the lists again when another session wrote, unless a reason
    /// is being typed (the rows it is about stay as they were).
    pub fn changed_elsewhere(&mut self, cx: &Cx) -> bool {
        if self.ask.is_some() {
            return false;
        }
        self.reload(cx);
        true
    }

    pub fn tab(&self) -> usize {
        self.tab
    }

    pub fn queues(&self) -> &Queues {
        &self.queues
    }

    fn len(&self) -> usize {
        counts(&self.queues)[self.tab]
    }

    fn visits(&self) -> &[VisitLine] {
        match self.tab {
            1 => &self.queues.drafts,
            2 => &self.queues.waiting_finalisation,
            3 => &self.queues.waiting_pengesahan,
            4 => &self.queues.returned,
            _ => &[],
        }
    }

    fn selected_visit(&self) -> Option<&VisitLine> {
        self.table.selected().and_then(|i| self.visits().get(i))
    }

    pub fn text_focused(&self) -> bool {
        self.ask.is_some()
    }

    pub fn hints(&self) -> &'static [(Action, Msg)] {
        if self.ask.is_some() { Self::ASK_HINTS } else { Self::HINTS }
    }

    pub fn type_key(&mut self, chord: KeyChord) -> Effect {
        super::typed(self.ask.as_mut().map(|(_, input)| input), chord)
    }

    fn answer(&mut self, cx: &Cx) -> Effect {
        let Some((ask, input)) = self.ask.take() else { return Effect::None };
        let value = input.value().trim().to_string();
        let effect = match ask {
            Ask::ReturnReason(id) => match cx.svc.return_visit(id, &value, cx.actor) {
                Ok(l) => Effect::Notice(format!("{}: KK {}", text(cx.lang, Msg::Returned), l.no_kk), false),
                Err(e) => Effect::Notice(e.message(cx.lang), true),
            },
            Ask::LetterNumber(ids) => {
                self.ask = Some((Ask::LetterDate(ids, value), TextInput::default()));
                return Effect::Redraw;
            }
            Ask::LetterDate(ids, number) => {
                let Some(date) = parse_date(&value) else {
                    let msg = format!("'{value}': {}", text(cx.lang, Msg::BadLetterDate));
                    let mut again = TextInput::default();
                    again.set(&value);
                    self.ask = Some((Ask::LetterDate(ids, number), again));
                    return Effect::Notice(msg, true);
                };
                let q = ratify_question(cx.lang, ids.len(), &number, date);
                self.pending = Some(Pending::Ratify(ids, Letter { number, date }));
                return Effect::AskText(q, Action::Confirm);
            }
        };
        self.reload(cx);
        effect
    }

    /// Takes the step the worker said yes to.
    fn confirmed(&mut self, cx: &Cx) -> Effect {
        let effect = match self.pending.take() {
            None => return Effect::None,
            Some(Pending::Finalise(id)) => match cx.svc.finalise(id, cx.actor) {
                Ok(l) => Effect::Notice(format!("{}: KK {}", text(cx.lang, Msg::Finalised), l.no_kk), false),
                Err(e) => Effect::Notice(e.message(cx.lang), true),
            },
            Some(Pending::Ratify(ids, letter)) => match cx.svc.ratify(&ids, &letter, cx.actor) {
                Ok(r) => Effect::Notice(
                    format!(
                        "{} {} · {} {} ({}) · {} {}{}",
                        text(cx.lang, Msg::RatifiedReport),
                        r.visits,
                        text(cx.lang, Msg::RatifiedLetter),
                        letter.number,
                        fmt_date(cx.lang, letter.date),
                        r.households_changed,
                        text(cx.lang, Msg::RatifiedHouseholds),
                        if r.cascades.is_empty() {
                            String::new()
                        } else {
                            let said: Vec<String> = r.cascades.iter().map(|c| c.message(cx.lang)).collect();
                            format!(" · {}", said.join("; "))
                        }
                    ),
                    false,
                ),
                Err(e) => Effect::Notice(e.message(cx.lang), true),
            },
        };
        self.reload(cx);
        effect
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        if self.ask.is_some() {
            return match action {
                Action::Open => self.answer(cx),
                Action::Back | Action::Cancel => {
                    self.ask = None;
                    Effect::Redraw
                }
                _ => Effect::None,
            };
        }
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.table.select(step(self.table.selected(), self.len(), action, 10));
                Effect::Redraw
            }
            Action::NextPane | Action::PrevPane => {
                self.tab = super::next_tab(self.tab, TABS.len(), action);
                self.table.select(if self.len() == 0 { None } else { Some(0) });
                Effect::Redraw
            }
            Action::Open => {
                let i = self.table.selected().unwrap_or(0);
                match self.tab {
                    0 => self
                        .queues
                        .to_visit
                        .get(i)
                        .map_or(Effect::None, |p| Effect::OpenHousehold(p.item.no_kk.clone())),
                    1 | 4 => self.selected_visit().map_or(Effect::None, |v| Effect::OpenVisit(v.no_kk.clone())),
                    2 | 3 => self.selected_visit().map_or(Effect::None, |v| Effect::OpenHousehold(v.no_kk.clone())),
                    _ => self
                        .queues
                        .self_proposals
                        .get(i)
                        .filter(|u| !u.usulan.no_kk.is_empty())
                        .map_or(Effect::None, |u| Effect::OpenHousehold(u.usulan.no_kk.clone())),
                }
            }
            Action::Finalise => {
                if self.tab != 2 {
                    return Effect::Notice(text(cx.lang, Msg::WrongTab).into(), false);
                }
                let Some(v) = self.selected_visit() else {
                    return Effect::Notice(text(cx.lang, Msg::NothingSelected).into(), false);
                };
                let q = finalise_question(cx.lang, &v.no_kk, &v.head);
                self.pending = Some(Pending::Finalise(v.visit_id));
                Effect::AskText(q, Action::Confirm)
            }
            Action::ReturnVisit => {
                if self.tab != 2 && self.tab != 3 {
                    return Effect::Notice(text(cx.lang, Msg::WrongTab).into(), false);
                }
                let Some(id) = self.selected_visit().map(|v| v.visit_id) else {
                    return Effect::Notice(text(cx.lang, Msg::NothingSelected).into(), false);
                };
                self.ask = Some((Ask::ReturnReason(id), TextInput::default()));
                Effect::Redraw
            }
            Action::Ratify | Action::RatifyAll => {
                if self.tab != 3 {
                    return Effect::Notice(text(cx.lang, Msg::WrongTab).into(), false);
                }
                let ids: Vec<u64> = if action == Action::RatifyAll {
                    self.queues.waiting_pengesahan.iter().map(|v| v.visit_id).collect()
                } else {
                    self.selected_visit().map(|v| v.visit_id).into_iter().collect()
                };
                if ids.is_empty() {
                    return Effect::Notice(text(cx.lang, Msg::NothingSelected).into(), false);
                }
                self.ask = Some((Ask::LetterNumber(ids), TextInput::default()));
                Effect::Redraw
            }
            Action::Confirm => self.confirmed(cx),
            _ => Effect::Unhandled,
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = titled_block(ui, ui.t(Msg::TitleQueue).to_string());
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [tabs_area, body, ask_area] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        let c = counts(&self.queues);
        let titles: Vec<String> = TAB_SHORT.iter().zip(c).map(|(m, n)| format!("{} {n}", ui.t(*m))).collect();
        let tabs = Tabs::new(titles).select(self.tab).highlight_style(ui.theme.selected()).divider("│").padding("", "");
        f.render_widget(tabs, tabs_area);
        if let Some(e) = &self.error {
            f.render_widget(Paragraph::new(e.clone()).style(ui.theme.error()), body);
        } else if self.len() == 0 {
            f.render_widget(Paragraph::new(ui.t(Msg::QEmptyTab)).style(ui.theme.dim()), body);
        } else {
            match self.tab {
                0 => f.render_stateful_widget(self.prelist_table(ui, body.width), body, &mut self.table),
                5 => f.render_stateful_widget(
                    usulan_table(&self.queues.self_proposals, ui, body.width),
                    body,
                    &mut self.table,
                ),
                tab => {
                    let q = &self.queues;
                    let lines = match tab {
                        1 => &q.drafts,
                        2 => &q.waiting_finalisation,
                        3 => &q.waiting_pengesahan,
                        _ => &q.returned,
                    };
                    f.render_stateful_widget(visit_table(lines, ui, body.width), body, &mut self.table)
                }
            }
        }
        if let Some((ask, input)) = &self.ask {
            let label = match ask {
                Ask::ReturnReason(_) => Msg::AskReturnReason,
                Ask::LetterNumber(_) => Msg::AskLetterNumber,
                Ask::LetterDate(..) => Msg::AskLetterDate,
            };
            let mut v = input.value().to_string();
            let at = v.char_indices().nth(input.cursor()).map_or(v.len(), |(i, _)| i);
            v.insert(at, '▏');
            let line = Line::from(vec![Span::styled(format!("{}: ", ui.t(label)), ui.theme.heading()), Span::raw(v)]);
            f.render_widget(Paragraph::new(line), ask_area);
        }
    }

    fn prelist_table(&self, ui: &Ui, width: u16) -> Table<'static> {
        let lang = ui.lang;
        let header = [Msg::ColKk, Msg::ColPerson, Msg::ColKind, Msg::ColKelurahan, Msg::ColDate];
        let rows = self.queues.to_visit.iter().map(|p| {
            [
                p.item.no_kk.clone(),
                p.item.name.clone(),
                p.item.kind.short_label(lang).to_string(),
                p.kelurahan_name.clone(),
                fmt_date(ui.lang, p.muskel_date),
            ]
        });
        let widths = [
            Constraint::Length(16),
            Constraint::Fill(1),
            Constraint::Fill(1),
            Constraint::Length(14),
            Constraint::Length(11),
        ];
        fitted_table(ui, width, header, rows, widths)
    }
}
