//! The deactivation proposal form, opened from a person or a household:
//! whom (the person or the whole household), the reason picked from the 15
//! tidak-layak reasons and the deletion grounds in words, the evidence
//! (document kind, number, date, attached files, note), and the Muskel of
//! the kelurahan to put it to. Saved as a draft; submitted after asking.

use crate::i18n::visible::shown;
use std::path::Path;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row as TRow, Table, TableState};

use super::muskel_form::cycle;
use super::{Cx, Effect, titled_block};
use crate::domain::deactivation::{
    DeletionGround, Direction, DocumentKind, Evidence, Ground, Origin, Proposal, Scope, Subject,
};
use crate::domain::muskel::Muskel;
use crate::domain::visit::{format_date, parse_date};
use crate::domain::{Household, NotEligibleReason};
use crate::i18n::screens_nonaktif::{self as t, N, n};
use crate::i18n::{Lang, Msg};
use crate::service::deactivation::{NewProposal, Target};
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::keymap::KeyChord;
use crate::tui::widgets::TextInput;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FRow {
    Subject,
    Scope,
    Reason,
    DocKind,
    DocNumber,
    DocDate,
    Files,
    Note,
    Muskel,
}

const ROWS: [FRow; 9] = [
    FRow::Subject,
    FRow::Scope,
    FRow::Reason,
    FRow::DocKind,
    FRow::DocNumber,
    FRow::DocDate,
    FRow::Files,
    FRow::Note,
    FRow::Muskel,
];

const DOC_KINDS: [DocumentKind; 4] =
    [DocumentKind::DeathCertificate, DocumentKind::DukcapilMatch, DocumentKind::BappedaAsset, DocumentKind::Other];

/// Every ground in picking order: the deletion grounds, moved out,
/// improved, then the 15 tidak-layak reasons.
fn grounds() -> Vec<Ground> {
    let mut g = vec![
        Ground::Deletion(DeletionGround::Deceased),
        Ground::Deletion(DeletionGround::Double),
        Ground::Deletion(DeletionGround::NotEligible),
        Ground::MovedOut,
        Ground::Improved,
    ];
    g.extend(NotEligibleReason::ALL.iter().map(|r| Ground::NotEligible(*r)));
    g
}

#[derive(Debug)]
pub struct NonaktifForm {
    household: Household,
    /// The person it was opened on, if any.
    nik: Option<String>,
    /// The whole household rather than the person.
    whole: bool,
    ground: Ground,
    kind: DocumentKind,
    number: String,
    date_text: String,
    files: Vec<(String, String)>,
    note: String,
    muskels: Vec<Muskel>,
    muskel: Option<u64>,
    /// The saved draft, once there is one.
    id: u64,
    table: TableState,
    editing: Option<(FRow, TextInput)>,
    attaching: Option<TextInput>,
}

impl NonaktifForm {
    const HINTS: &'static [(Action, Msg)] = &[
        (Action::Open, Msg::HintEdit),
        (Action::ChoiceNext, Msg::HintChoice),
        (Action::Submit, Msg::HintSave),
        (Action::Attach, Msg::HintAttach),
        (Action::SendMuskel, Msg::HintSendMuskel),
    ];
    const EDIT_HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintDone), (Action::Back, Msg::HintCancel)];

    /// The form for person `nik` of household `no_kk` (the household when
    /// `None`); an open draft of the same subject is opened again.
    pub fn open(cx: &Cx, household: &Household, nik: Option<&str>) -> Self {
        let muskels = cx.svc.muskel_list(cx.actor, &household.address.kelurahan).unwrap_or_default();
        // The nearest Muskel to come, else the latest held.
        let muskel = muskels.iter().rev().find(|m| m.date >= cx.today).or(muskels.first()).map(|m| m.id);
        let mut table = TableState::default();
        // The reason is what there is to choose first.
        table.select(Some(2));
        let mut f = NonaktifForm {
            household: household.clone(),
            nik: nik.map(str::to_string),
            whole: nik.is_none(),
            ground: grounds()[0],
            kind: DocumentKind::DeathCertificate,
            number: String::new(),
            date_text: String::new(),
            files: Vec::new(),
            note: String::new(),
            muskels,
            muskel,
            id: 0,
            table,
            editing: None,
            attaching: None,
        };
        let subject = f.subject();
        let open = cx.svc.proposals_of(&household.no_kk).unwrap_or_default();
        if let Some(p) =
            open.iter().find(|p| p.state == crate::domain::deactivation::State::Draft && p.subject == subject)
        {
            f.take(p);
        }
        f
    }

    /// Fills the form from a saved draft.
    fn take(&mut self, p: &Proposal) {
        self.id = p.id;
        if let Direction::Deactivate(g) = p.direction {
            self.ground = g;
        }
        if let Some(e) = p.evidence.first() {
            self.kind = e.kind;
            self.number = e.number.clone();
            self.date_text = e.date.map(format_date).unwrap_or_default();
            self.files = e.files.iter().map(|s| (s.chars().take(12).collect(), s.clone())).collect();
            self.note = e.note.clone();
        }
    }

    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn text_focused(&self) -> bool {
        self.editing.is_some() || self.attaching.is_some()
    }

    pub fn hints(&self) -> &'static [(Action, Msg)] {
        if self.text_focused() { Self::EDIT_HINTS } else { Self::HINTS }
    }

    pub fn type_key(&mut self, chord: KeyChord) -> Effect {
        match (&mut self.editing, &mut self.attaching) {
            (Some((_, input)), _) | (None, Some(input)) => super::typed(Some(input), chord),
            _ => Effect::None,
        }
    }

    fn subject(&self) -> Subject {
        match (&self.nik, self.whole) {
            (Some(nik), false) => Subject::Person { nik: nik.clone(), no_kk: self.household.no_kk.clone() },
            _ => Subject::Household { no_kk: self.household.no_kk.clone() },
        }
    }

    fn selected(&self) -> FRow {
        self.table.selected().and_then(|i| ROWS.get(i)).copied().unwrap_or(FRow::Subject)
    }

    /// The evidence as filled in; none when nothing is.
    fn evidence(&self, lang: Lang) -> Result<Vec<Evidence>, String> {
        let date = match self.date_text.trim() {
            "" => None,
            s => Some(parse_date(s).ok_or_else(|| format!("'{s}' {}", n(lang, N::BadDate)))?),
        };
        if self.number.trim().is_empty() && date.is_none() && self.files.is_empty() && self.note.trim().is_empty() {
            return Ok(Vec::new());
        }
        Ok(vec![Evidence {
            kind: self.kind,
            number: self.number.trim().to_string(),
            date,
            files: self.files.iter().map(|(_, sha)| sha.clone()).collect(),
            reference: None,
            asset: None,
            note: self.note.trim().to_string(),
        }])
    }

    /// Saves the draft (opens it the first time); the notice says so.
    fn save(&mut self, cx: &Cx) -> Result<String, String> {
        let evidence = self.evidence(cx.lang)?;
        let saved = if self.id == 0 {
            let target = match self.subject() {
                Subject::Person { nik, .. } => Target::Nik(nik),
                Subject::Household { no_kk } => Target::NoKk(no_kk),
            };
            let new = NewProposal {
                target,
                direction: Direction::Deactivate(self.ground),
                evidence,
                scope: Scope::All,
                origin: Origin::Petugas,
            };
            cx.svc.propose(new, cx.actor)
        } else {
            cx.svc.edit_proposal(self.id, evidence, Scope::All, cx.actor)
        };
        let p = saved.map_err(|e| e.message(cx.lang))?;
        self.id = p.id;
        Ok(t::draft_saved(cx.lang, p.id))
    }

    fn muskel_text(&self, lang: Lang) -> String {
        match self.muskels.iter().find(|m| Some(m.id) == self.muskel) {
            Some(m) => t::muskel_choice(lang, m.date, &m.place),
            None => n(lang, N::NoMuskel).to_string(),
        }
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        if let Some(mut input) = self.attaching.take() {
            return match action {
                Action::Open => match cx.svc.keep_file(Path::new(input.value().trim())) {
                    Ok(k) => {
                        self.files.push((k.file_name, k.sha256));
                        match self.save(cx) {
                            Ok(s) => Effect::Notice(s, false),
                            Err(e) => Effect::Notice(e, true),
                        }
                    }
                    Err(e) => {
                        let v = input.value().to_string();
                        input.set(&v);
                        self.attaching = Some(input);
                        Effect::Notice(e.message(cx.lang), true)
                    }
                },
                Action::Back | Action::Cancel => Effect::Redraw,
                _ => {
                    self.attaching = Some(input);
                    Effect::None
                }
            };
        }
        if let Some((row, input)) = self.editing.take() {
            return match action {
                Action::Open => {
                    let v = input.value().to_string();
                    match row {
                        FRow::DocNumber => self.number = v,
                        FRow::DocDate => self.date_text = v,
                        FRow::Note => self.note = v,
                        _ => {}
                    }
                    // A draft already saved keeps every change.
                    if self.id != 0 {
                        return match self.save(cx) {
                            Ok(s) => Effect::Notice(s, false),
                            Err(e) => Effect::Notice(e, true),
                        };
                    }
                    Effect::Redraw
                }
                Action::Back | Action::Cancel => Effect::Redraw,
                _ => {
                    self.editing = Some((row, input));
                    Effect::None
                }
            };
        }
        match action {
            Action::Up | Action::Down | Action::Home | Action::End | Action::PageUp | Action::PageDown => {
                self.table.select(super::step(self.table.selected(), ROWS.len(), action, 4));
                Effect::Redraw
            }
            Action::ChoiceNext | Action::ChoicePrev => {
                let fwd = action == Action::ChoiceNext;
                match self.selected() {
                    FRow::Scope if self.nik.is_some() && self.id == 0 => self.whole = !self.whole,
                    FRow::Reason if self.id == 0 => {
                        self.ground = cycle(&grounds(), Some(self.ground), fwd, false).unwrap_or(self.ground);
                    }
                    FRow::DocKind => self.kind = cycle(&DOC_KINDS, Some(self.kind), fwd, false).unwrap_or(self.kind),
                    FRow::Muskel => {
                        let ids: Vec<u64> = self.muskels.iter().map(|m| m.id).collect();
                        self.muskel = cycle(&ids, self.muskel, fwd, false).or(self.muskel);
                    }
                    _ => return Effect::None,
                }
                Effect::Redraw
            }
            Action::Open => {
                let row = self.selected();
                let text = match row {
                    FRow::DocNumber => self.number.clone(),
                    FRow::DocDate => self.date_text.clone(),
                    FRow::Note => self.note.clone(),
                    FRow::Files => return self.handle(Action::Attach, cx),
                    _ => return self.handle(Action::ChoiceNext, cx),
                };
                let mut input = TextInput::default();
                input.set(&text);
                self.editing = Some((row, input));
                Effect::Redraw
            }
            Action::Attach => {
                self.attaching = Some(TextInput::default());
                Effect::Redraw
            }
            Action::Submit => match self.save(cx) {
                Ok(s) => Effect::Notice(s, false),
                Err(e) => Effect::Notice(e, true),
            },
            Action::SendMuskel => {
                let Some(m) = self.muskel else { return Effect::Notice(n(cx.lang, N::NoMuskel).into(), true) };
                if let Err(e) = self.save(cx) {
                    return Effect::Notice(e, true);
                }
                let _ = m;
                let detail = t::send_detail(cx.lang, self.id, &self.muskel_text(cx.lang));
                Effect::AskWith(Msg::AskSendMuskel, detail, Action::Confirm)
            }
            Action::Confirm => {
                let Some(m) = self.muskel else { return Effect::None };
                match cx.svc.submit_proposal(self.id, m, cx.actor) {
                    Ok(p) => Effect::PopNotice(t::done(cx.lang, p.state, p.id, &self.name())),
                    Err(e) => Effect::Notice(e.message(cx.lang), true),
                }
            }
            _ => Effect::Unhandled,
        }
    }

    fn name(&self) -> String {
        let p = match (&self.nik, self.whole) {
            (Some(nik), false) => self.household.member(nik),
            _ => self.household.head().or(self.household.members.first()),
        };
        p.map(|p| p.name.clone()).unwrap_or_default()
    }

    fn value(&self, row: FRow, lang: Lang) -> String {
        match row {
            FRow::Subject => format!("{} ({})", self.name(), self.subject().label(lang)),
            FRow::Scope => n(lang, if self.whole { N::ScopeHousehold } else { N::ScopePerson }).to_string(),
            FRow::Reason => self.ground.label(lang),
            FRow::DocKind => self.kind.label(lang).to_string(),
            FRow::DocNumber => self.number.clone(),
            FRow::DocDate => self.date_text.clone(),
            FRow::Files if self.files.is_empty() => n(lang, N::None).to_string(),
            FRow::Files => self.files.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>().join(", "),
            FRow::Note => self.note.clone(),
            FRow::Muskel => self.muskel_text(lang),
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let lang = ui.lang;
        let title = if self.id == 0 {
            ui.t(Msg::TitleNonaktifForm).to_string()
        } else {
            format!("{} #{}", ui.t(Msg::TitleNonaktifForm), self.id)
        };
        let block = titled_block(ui, title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [body, ask_area] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        let label = |r: FRow| match r {
            FRow::Subject => N::LblSubject,
            FRow::Scope => N::LblScope,
            FRow::Reason => N::LblReason,
            FRow::DocKind => N::LblDocKind,
            FRow::DocNumber => N::LblDocNumber,
            FRow::DocDate => N::LblDocDate,
            FRow::Files => N::LblFiles,
            FRow::Note => N::LblNote,
            FRow::Muskel => N::LblMuskel,
        };
        let rows: Vec<TRow> = ROWS
            .iter()
            .map(|r| {
                let v = match &self.editing {
                    Some((row, input)) if row == r => with_cursor(input),
                    // Imported text may hold control characters; typed text cannot.
                    _ => shown(&self.value(*r, lang)),
                };
                TRow::new([n(lang, label(*r)).to_string(), v])
            })
            .collect();
        let table =
            Table::new(rows, [Constraint::Length(17), Constraint::Fill(1)]).row_highlight_style(ui.theme.selected());
        f.render_stateful_widget(table, body, &mut self.table);
        if let Some(input) = &self.attaching {
            let line = Line::from(vec![
                Span::styled(format!("{}: ", n(lang, N::AskAttachPath)), ui.theme.heading()),
                Span::raw(with_cursor(input)),
            ]);
            f.render_widget(Paragraph::new(line), ask_area);
        }
    }
}

fn with_cursor(input: &TextInput) -> String {
    let mut v = input.value().to_string();
    let at = v.char_indices().nth(input.cursor()).map_or(v.len(), |(i, _)| i);
    v.insert(at, '▏');
    v
}
