//! Antrean penonaktifan: the deactivation proposals in tabs by where they
//! stand (drafts, at the Muskel, to decide, decided, reverted, appeals).
//! One key approves, rejects or returns for revision and the cursor moves
//! on to the next; an approval first says its effective tahap and to whom.
//! The Muskel's agreement is recorded on those at the Muskel (asked first).
//! Revert and appeal on decided ones; reinstate or uphold on appeals. The
//! monev review and the double-record pairs open from here.

use std::path::Path;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row as TRow, Table, TableState, Tabs};

use super::{Cx, Effect, Screen, step, titled_block};
use crate::domain::deactivation::{Direction, Outcome, Proposal, State};
use crate::i18n::screens_nonaktif::{self as t, N, n};
use crate::i18n::{Lang, Msg, fmt_date};
use crate::service::deactivation::{Preview, Row};
use crate::service::{Refusal, ServiceError};
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::keymap::KeyChord;
use crate::tui::widgets::TextInput;
use crate::tui::widgets::list_table::{column_widths, fit_cells};

/// The tabs, in order, and the states each holds.
const TABS: [(N, &[State]); 6] = [
    (N::TabDrafts, &[State::Draft]),
    (N::TabMuskel, &[State::Proposed]),
    (N::TabDecide, &[State::Agreed, State::Approved]),
    (N::TabDecided, &[State::Rejected, State::Effective, State::Reinstated, State::Upheld]),
    (N::TabReverted, &[State::Reverted]),
    (N::TabAppeals, &[State::Appealed]),
];
const AT_MUSKEL: usize = 1;
const DECIDED: usize = 3;
const APPEALS: usize = 5;

/// What the line at the bottom is asking for, about proposal id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ask {
    ReviseNote(u64),
    RejectNote(u64),
    RevertReason(u64),
    AppealNote(u64),
    /// The note of an appeal decision, then the confirmation.
    AppealDecisionNote(u64, Outcome),
    MonevPath,
}

/// A decision waiting for the confirmation's yes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Pending {
    id: u64,
    /// Only the Muskel's agreement, not a decision.
    agree: bool,
    outcome: Outcome,
    appeal: bool,
    note: String,
}

#[derive(Debug)]
pub struct NonaktifQueue {
    rows: Vec<Row>,
    error: Option<String>,
    tab: usize,
    table: TableState,
    ask: Option<(Ask, TextInput)>,
    pending: Option<Pending>,
    /// Why the last decision could not be made (four-eyes, the Muskel
    /// first), shown whole above the bottom line until the next key.
    problem: Option<String>,
}

/// The reason of a proposal in words.
pub fn reason(lang: Lang, p: &Proposal) -> String {
    match p.direction {
        Direction::Deactivate(g) => g.label(lang),
        Direction::Reactivate { .. } => n(lang, N::Reactivation).to_string(),
    }
}

impl NonaktifQueue {
    const HINTS: &'static [(Action, Msg)] = &[
        (Action::NextPane, Msg::HintTab),
        (Action::Approve, Msg::HintApprove),
        (Action::Reject, Msg::HintReject),
        (Action::Revise, Msg::HintRevise),
        (Action::MonevImport, Msg::HintImport),
        (Action::Doubles, Msg::HintDoubles),
    ];
    const MUSKEL_HINTS: &'static [(Action, Msg)] = &[
        (Action::NextPane, Msg::HintTab),
        (Action::AgreeMuskel, Msg::HintAgreeMuskel),
        (Action::Reject, Msg::HintReject),
        (Action::Open, Msg::HintHousehold),
    ];
    const DECIDED_HINTS: &'static [(Action, Msg)] = &[
        (Action::NextPane, Msg::HintTab),
        (Action::Revert, Msg::HintRevert),
        (Action::Appeal, Msg::HintAppealKey),
        (Action::Open, Msg::HintHousehold),
    ];
    const APPEAL_HINTS: &'static [(Action, Msg)] = &[
        (Action::NextPane, Msg::HintTab),
        (Action::Approve, Msg::HintReinstate),
        (Action::Reject, Msg::HintUphold),
        (Action::Open, Msg::HintHousehold),
    ];
    const ASK_HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintDone), (Action::Back, Msg::HintCancel)];

    pub fn load(cx: &Cx, tab: usize) -> Self {
        let mut q = NonaktifQueue {
            rows: Vec::new(),
            error: None,
            tab: tab.min(TABS.len() - 1),
            table: TableState::default(),
            ask: None,
            pending: None,
            problem: None,
        };
        q.reload(cx);
        q
    }

    /// Reads the proposals again; the cursor keeps its place, so the row
    /// after one that left the tab is selected.
    fn reload(&mut self, cx: &Cx) {
        match cx.svc.nonaktif_rows(cx.actor) {
            Ok(rows) => {
                self.rows = rows;
                self.error = None;
            }
            Err(e) => self.error = Some(e.message(cx.lang)),
        }
        let len = self.len();
        let sel = self.table.selected().map(|i| i.min(len.saturating_sub(1)));
        self.table.select(if len == 0 { None } else { sel.or(Some(0)) });
        self.name_window(cx);
    }

    /// Reads the names of the rows around the selection: more than a
    /// screen either way, so every row drawn has its name.
    fn name_window(&mut self, cx: &Cx) {
        const AROUND: usize = 60;
        let states = TABS[self.tab].1;
        let at = self.table.selected().unwrap_or(0);
        let window = self
            .rows
            .iter_mut()
            .filter(|r| states.contains(&r.proposal.state))
            .skip(at.saturating_sub(AROUND))
            .take(2 * AROUND);
        if let Err(e) = cx.svc.name_rows(window) {
            self.error = Some(e.message(cx.lang));
        }
    }

    /// Reads the proposals again (a screen opened from here changed them).
    pub fn refresh(&mut self, cx: &Cx) {
        self.reload(cx);
    }

    pub fn tab(&self) -> usize {
        self.tab
    }

    /// The number of proposals in each tab, in tab order.
    pub fn counts(&self) -> [usize; 6] {
        TABS.map(|(_, states)| self.rows.iter().filter(|r| states.contains(&r.proposal.state)).count())
    }

    /// The rows of the current tab.
    pub fn visible(&self) -> Vec<&Row> {
        let states = TABS[self.tab].1;
        self.rows.iter().filter(|r| states.contains(&r.proposal.state)).collect()
    }

    fn len(&self) -> usize {
        self.counts()[self.tab]
    }

    pub fn selected(&self) -> Option<&Row> {
        self.table.selected().and_then(|i| self.visible().get(i).copied())
    }

    pub fn text_focused(&self) -> bool {
        self.ask.is_some()
    }

    pub fn hints(&self) -> &'static [(Action, Msg)] {
        match (self.ask.is_some(), self.tab) {
            (true, _) => Self::ASK_HINTS,
            (false, AT_MUSKEL) => Self::MUSKEL_HINTS,
            (false, DECIDED) => Self::DECIDED_HINTS,
            (false, APPEALS) => Self::APPEAL_HINTS,
            _ => Self::HINTS,
        }
    }

    pub fn type_key(&mut self, chord: KeyChord) -> Effect {
        super::typed(self.ask.as_mut().map(|(_, input)| input), chord)
    }

    fn notice(cx: &Cx, m: N) -> Effect {
        Effect::Notice(n(cx.lang, m).into(), false)
    }

    /// The selected proposal's id, or the notice why there is none.
    fn target(&self, cx: &Cx, tabs: &[usize]) -> Result<u64, Box<Effect>> {
        if !tabs.contains(&self.tab) {
            return Err(Box::new(Self::notice(cx, N::WrongTab)));
        }
        self.selected().map(|r| r.proposal.id).ok_or_else(|| Box::new(Self::notice(cx, N::NothingSelected)))
    }

    /// Checks the decision as the service would make it; its refusal (the
    /// four-eyes rule, the Muskel first) is said before anything is asked.
    fn preview(&mut self, cx: &Cx, id: u64, outcome: Outcome, appeal: bool) -> Result<Preview, Box<Effect>> {
        let found = cx
            .svc
            .deactivation_calendar()
            .and_then(|lists| cx.svc.preview_decision(id, outcome, appeal, cx.actor, &lists.calendar()));
        found.map_err(|e| {
            // The rule's own words, without the proposal number the row shows.
            self.problem = Some(match e {
                ServiceError::Refused(Refusal::Deactivation { refusal, .. }) => refusal.message(cx.lang),
                e => e.message(cx.lang),
            });
            Box::new(Effect::Redraw)
        })
    }

    /// Why the last decision could not be made, if it could not.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// To whom and why, and for an approval when it takes effect.
    fn detail(&self, cx: &Cx, id: u64, preview: Option<&Preview>) -> String {
        let Some(r) = self.rows.iter().find(|r| r.proposal.id == id) else { return String::new() };
        let lang = cx.lang;
        let mut lines = vec![
            t::to_whom(lang, &r.name, &r.proposal.subject.label(lang), &r.kelurahan),
            t::reason_line(lang, &reason(lang, &r.proposal)),
        ];
        if let Some(p) = preview {
            let plan = t::plan_text(lang, &p.plan, &p.frozen);
            if !plan.is_empty() {
                lines.push(plan);
            }
        }
        lines.join("\n")
    }

    fn ask_for(&mut self, ask: Ask) -> Effect {
        self.ask = Some((ask, TextInput::default()));
        Effect::Redraw
    }

    /// Asks yes/no for a decision; yes comes back as `Action::Confirm`.
    fn confirm(&mut self, cx: &Cx, pending: Pending, preview: Option<&Preview>) -> Effect {
        let question = match (pending.appeal, pending.outcome) {
            _ if pending.agree => Msg::AskAgreeMuskel,
            (false, Outcome::Approve) => Msg::AskApprove,
            (false, _) => Msg::AskReject,
            (true, Outcome::Approve) => Msg::AskReinstate,
            (true, _) => Msg::AskUphold,
        };
        let detail = self.detail(cx, pending.id, preview);
        self.pending = Some(pending);
        Effect::AskWith(question, detail, Action::Confirm)
    }

    /// Runs the confirmed decision.
    fn decide(&mut self, cx: &Cx) -> Effect {
        let Some(p) = self.pending.take() else { return Effect::None };
        let name = self.rows.iter().find(|r| r.proposal.id == p.id).map(|r| r.name.clone()).unwrap_or_default();
        let lists = match cx.svc.deactivation_calendar() {
            Ok(l) => l,
            Err(e) => return Effect::Notice(e.message(cx.lang), true),
        };
        let cal = lists.calendar();
        let done = if p.agree {
            cx.svc.agree_proposal(p.id, cx.actor)
        } else if p.appeal {
            cx.svc.decide_appeal(p.id, p.outcome, &p.note, cx.actor, &cal)
        } else {
            cx.svc.decide_proposal(p.id, p.outcome, &p.note, cx.actor, &cal)
        };
        let effect = match done {
            Ok(d) => Effect::Notice(t::done(cx.lang, d.state, d.id, &name), false),
            Err(e) => Effect::Notice(e.message(cx.lang), true),
        };
        self.reload(cx);
        effect
    }

    fn answer(&mut self, cx: &Cx) -> Effect {
        let Some((ask, input)) = self.ask.take() else { return Effect::None };
        let value = input.value().trim().to_string();
        let lists = match cx.svc.deactivation_calendar() {
            Ok(l) => l,
            Err(e) => return Effect::Notice(e.message(cx.lang), true),
        };
        let cal = lists.calendar();
        let name_of = |id: u64| self.rows.iter().find(|r| r.proposal.id == id).map(|r| r.name.clone());
        let result = match ask {
            Ask::RejectNote(id) => {
                return self.confirm(
                    cx,
                    Pending { id, agree: false, outcome: Outcome::Reject, appeal: false, note: value },
                    None,
                );
            }
            Ask::AppealDecisionNote(id, outcome) => {
                let preview = match outcome {
                    Outcome::Approve => match self.preview(cx, id, outcome, true) {
                        Ok(p) => Some(p),
                        Err(e) => return *e,
                    },
                    _ => None,
                };
                return self.confirm(
                    cx,
                    Pending { id, agree: false, outcome, appeal: true, note: value },
                    preview.as_ref(),
                );
            }
            Ask::MonevPath if value.is_empty() => {
                return Effect::Push(Screen::MonevReview(Box::new(super::MonevReview::load(cx, None, None))));
            }
            Ask::MonevPath => {
                return match cx.svc.import_monev(Path::new(&value), cx.actor) {
                    Ok(report) => {
                        let file = Path::new(&value).file_name().map(|f| f.to_string_lossy().into_owned());
                        let first = report.rejects.first().map(|(l, p)| t::line_of(cx.lang, *l, &p.message(cx.lang)));
                        let said = t::monev_report(
                            cx.lang,
                            report.drafted.len(),
                            report.already_open.len(),
                            report.rejects.len(),
                            first,
                        );
                        self.reload(cx);
                        let review = super::MonevReview::load(cx, file.as_deref(), Some(said));
                        Effect::Push(Screen::MonevReview(Box::new(review)))
                    }
                    Err(e) => Effect::Notice(e.message(cx.lang), true),
                };
            }
            Ask::ReviseNote(id) => cx.svc.decide_proposal(id, Outcome::Revise, &value, cx.actor, &cal),
            Ask::RevertReason(id) => cx.svc.revert_proposal(id, &value, cx.actor, &cal),
            Ask::AppealNote(id) => cx.svc.appeal_proposal(id, &value, cx.actor),
        };
        let effect = match result {
            Ok(p) => Effect::Notice(t::done(cx.lang, p.state, p.id, &name_of(p.id).unwrap_or_default()), false),
            Err(e) => Effect::Notice(e.message(cx.lang), true),
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
        let undecided = [0, 1, 2];
        self.problem = None;
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.table.select(step(self.table.selected(), self.len(), action, 10));
                self.name_window(cx);
                Effect::Redraw
            }
            Action::NextPane | Action::PrevPane => {
                self.tab = super::next_tab(self.tab, TABS.len(), action);
                self.table.select(if self.len() == 0 { None } else { Some(0) });
                self.name_window(cx);
                Effect::Redraw
            }
            Action::Open => {
                self.selected().map_or(Effect::None, |r| Effect::OpenHousehold(r.proposal.subject.no_kk().into()))
            }
            Action::Confirm => self.decide(cx),
            Action::Approve | Action::Reject if self.tab == APPEALS => {
                let outcome = if action == Action::Approve { Outcome::Approve } else { Outcome::Reject };
                let checked = match self.target(cx, &[APPEALS]) {
                    Ok(id) => self.preview(cx, id, outcome, true).map(|_| id),
                    Err(e) => Err(e),
                };
                match checked {
                    Ok(id) => self.ask_for(Ask::AppealDecisionNote(id, outcome)),
                    Err(e) => *e,
                }
            }
            Action::Approve => match self.target(cx, &undecided) {
                Ok(id) => match self.preview(cx, id, Outcome::Approve, false) {
                    Ok(p) => {
                        let pending =
                            Pending { id, agree: false, outcome: Outcome::Approve, appeal: false, note: String::new() };
                        self.confirm(cx, pending, Some(&p))
                    }
                    Err(e) => *e,
                },
                Err(e) => *e,
            },
            Action::Reject | Action::Revise => {
                let outcome = if action == Action::Reject { Outcome::Reject } else { Outcome::Revise };
                let checked = match self.target(cx, &undecided) {
                    Ok(id) => self.preview(cx, id, outcome, false).map(|_| id),
                    Err(e) => Err(e),
                };
                match checked {
                    Ok(id) if outcome == Outcome::Reject => self.ask_for(Ask::RejectNote(id)),
                    Ok(id) => self.ask_for(Ask::ReviseNote(id)),
                    Err(e) => *e,
                }
            }
            Action::AgreeMuskel => match self.target(cx, &[AT_MUSKEL]) {
                Ok(id) => {
                    let pending =
                        Pending { id, agree: true, outcome: Outcome::Approve, appeal: false, note: String::new() };
                    self.confirm(cx, pending, None)
                }
                Err(e) => *e,
            },
            Action::Revert => match self.target(cx, &[DECIDED]) {
                Ok(id) => self.ask_for(Ask::RevertReason(id)),
                Err(e) => *e,
            },
            Action::Appeal => match self.target(cx, &[DECIDED]) {
                Ok(id) => self.ask_for(Ask::AppealNote(id)),
                Err(e) => *e,
            },
            Action::MonevImport => self.ask_for(Ask::MonevPath),
            Action::Doubles => Effect::Push(Screen::DoublePair(Box::new(super::DoublePairView::load(cx)))),
            _ => Effect::Unhandled,
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = titled_block(ui, ui.t(Msg::TitleNonaktif).to_string());
        let inner = block.inner(area);
        f.render_widget(block, area);
        let problem_rows = if self.problem.is_some() { 2 } else { 0 };
        let [tabs_area, body, problem_area, ask_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(problem_rows),
            Constraint::Length(1),
        ])
        .areas(inner);
        if let Some(p) = &self.problem {
            let para = Paragraph::new(p.clone()).style(ui.theme.error()).wrap(ratatui::widgets::Wrap { trim: true });
            f.render_widget(para, problem_area);
        }
        let titles: Vec<String> =
            TABS.iter().zip(self.counts()).map(|((m, _), c)| format!("{} {c}", n(ui.lang, *m))).collect();
        let tabs = Tabs::new(titles).select(self.tab).highlight_style(ui.theme.selected()).divider("│").padding("", "");
        f.render_widget(tabs, tabs_area);
        if let Some(e) = &self.error {
            f.render_widget(Paragraph::new(e.clone()).style(ui.theme.error()), body);
        } else if self.len() == 0 {
            f.render_widget(Paragraph::new(n(ui.lang, N::Empty)).style(ui.theme.dim()), body);
        } else {
            let table = self.table_widget(ui, body.width);
            f.render_stateful_widget(table, body, &mut self.table);
        }
        if let Some((ask, input)) = &self.ask {
            let label = match ask {
                Ask::ReviseNote(_) => N::AskReviseNote,
                Ask::RejectNote(_) => N::AskRejectNote,
                Ask::RevertReason(_) => N::AskRevertReason,
                Ask::AppealNote(_) => N::AskAppealNote,
                Ask::AppealDecisionNote(..) => N::AskAppealDecisionNote,
                Ask::MonevPath => N::AskMonevPath,
            };
            let mut v = input.value().to_string();
            let at = v.char_indices().nth(input.cursor()).map_or(v.len(), |(i, _)| i);
            v.insert(at, '▏');
            let line =
                Line::from(vec![Span::styled(format!("{}: ", n(ui.lang, label)), ui.theme.heading()), Span::raw(v)]);
            f.render_widget(Paragraph::new(line), ask_area);
        }
    }

    fn table_widget(&self, ui: &Ui, width: u16) -> Table<'static> {
        let lang = ui.lang;
        let with_state = self.tab == DECIDED;
        let mut header = vec![N::ColName, N::ColKelurahan, N::ColReason, N::ColProposer, N::ColDate];
        let mut widths = vec![
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Fill(3),
            Constraint::Length(10),
            Constraint::Length(11),
        ];
        if with_state {
            header.push(N::ColState);
            widths.push(Constraint::Fill(2));
        }
        let cols = column_widths(width, &widths);
        let rows: Vec<TRow> = self
            .visible()
            .into_iter()
            .map(|r| {
                let p = &r.proposal;
                let mut cells = vec![
                    r.name.clone(),
                    r.kelurahan.clone(),
                    reason(lang, p),
                    p.proposed_by.clone(),
                    fmt_date(lang, p.created),
                ];
                if with_state {
                    cells.push(p.state.label(lang).to_string());
                }
                TRow::new(fit_cells(&cols, cells))
            })
            .collect();
        let header =
            TRow::new(fit_cells(&cols, header.into_iter().map(|m| n(lang, m).to_string()))).style(ui.theme.heading());
        Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected())
    }
}
