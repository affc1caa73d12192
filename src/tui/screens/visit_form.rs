//! The home-visit form: each field with the register's value beside the
//! value being confirmed or corrected. Every change is saved at once
//! (`save_draft_field`); messages from `VisitForm::validate` stand beside
//! their field and in a list below.

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};

use super::{Cx, Effect, titled_block};
use crate::domain::codes::*;
use crate::domain::stage::Stage;
use crate::domain::visit::{
    FieldId, FindingKind, FormMessage, HouseholdField, MemberField, MemberPresence, Severity, UpdateReason, VisitForm,
};
use crate::i18n::{Lang, Msg, fmt_date};
use crate::service::ServiceError;
use crate::service::versions::Version;
use crate::service::verval::{DraftChange, DraftSaved, VisitSession};
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::keymap::KeyChord;
use crate::tui::widgets::TextInput;
use crate::tui::widgets::list_table::column_widths;
use crate::tui::widgets::status_bar::fit;

mod fields;
mod picker;
use fields::*;
use picker::Picker;

/// A line of the form: a member's heading or a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FormRow {
    Member(usize),
    Field(FieldId),
}

#[derive(Debug)]
pub struct VisitScreen {
    form: VisitForm,
    stage: Stage,
    returned_reason: Option<String>,
    /// Set while "Draf tersimpan … — lanjutkan / buang" waits for an answer.
    draft_prompt: Option<NaiveDateTime>,
    rows: Vec<FormRow>,
    table: TableState,
    messages: Vec<FormMessage>,
    today: NaiveDate,
    editing: Option<TextInput>,
    /// The pick list of a list field, while open.
    picking: Option<Picker>,
    saved: Option<NaiveDateTime>,
    /// The form version shown; every change names it, so one made over
    /// another session's save is refused rather than lost.
    version: Version,
    /// Set while "changed by … — reload?" waits for an answer.
    conflict: bool,
    /// Region names, so the kelurahan row says a place, not a code.
    places: std::sync::Arc<crate::domain::wilayah::Wilayah>,
}

impl VisitScreen {
    const HINTS: &'static [(Action, Msg)] = &[
        (Action::Open, Msg::HintEdit),
        (Action::ChoiceNext, Msg::HintChoice),
        (Action::Submit, Msg::HintSubmit),
        (Action::Acknowledge, Msg::HintAck),
        (Action::AddRow, Msg::HintAddRow),
        (Action::Back, Msg::HintBack),
    ];
    const PROMPT_HINTS: &'static [(Action, Msg)] =
        &[(Action::Open, Msg::HintContinue), (Action::Discard, Msg::HintDiscard), (Action::Back, Msg::HintBack)];
    const PICK_HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintTick), (Action::Back, Msg::HintDone)];
    const EDIT_HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintDone), (Action::Back, Msg::HintCancel)];

    pub fn new(
        session: VisitSession,
        today: NaiveDate,
        places: std::sync::Arc<crate::domain::wilayah::Wilayah>,
    ) -> Self {
        let rows = rows_of(&session.form);
        let mut s = VisitScreen {
            messages: session.form.validate(today),
            stage: session.record.verification.stage,
            returned_reason: session.returned_reason,
            draft_prompt: session.draft_saved_at,
            rows,
            table: TableState::default(),
            today,
            editing: None,
            picking: None,
            saved: None,
            version: session.version,
            conflict: false,
            places,
            form: session.form,
        };
        let at = s.rows.iter().position(|r| *r == FormRow::Field(s.form.cursor)).unwrap_or(1);
        s.table.select(Some(at));
        s
    }

    /// A kelurahan code as its name ("Pulau Panggang"); an unknown code as
    /// typed, so the worker sees what the check refuses.
    fn place(&self, code: String) -> String {
        match self.places.name(&code) {
            Some(name) => super::dashboard::short_region(name),
            None => code,
        }
    }

    pub fn form(&self) -> &VisitForm {
        &self.form
    }

    pub fn draft_prompt(&self) -> Option<NaiveDateTime> {
        self.draft_prompt
    }

    /// The field under the cursor.
    pub fn selected_field(&self) -> Option<FieldId> {
        match self.table.selected().and_then(|i| self.rows.get(i)) {
            Some(FormRow::Field(f)) => Some(*f),
            _ => None,
        }
    }

    pub fn text_focused(&self) -> bool {
        self.editing.is_some()
    }

    pub fn hints(&self) -> &'static [(Action, Msg)] {
        if self.picking.is_some() {
            Self::PICK_HINTS
        } else if self.editing.is_some() {
            Self::EDIT_HINTS
        } else if self.draft_prompt.is_some() {
            Self::PROMPT_HINTS
        } else {
            Self::HINTS
        }
    }

    pub fn type_key(&mut self, chord: KeyChord) -> Effect {
        super::typed(self.editing.as_mut(), chord)
    }

    fn reload(&mut self, cx: &Cx) -> Result<(), String> {
        let d = cx.svc.visit(self.form.id).map_err(|e| e.message(cx.lang))?;
        let selected = self.selected_field();
        self.version = d.version;
        self.form = d.form;
        self.stage = d.record.verification.stage;
        self.rows = rows_of(&self.form);
        self.messages = self.form.validate(self.today);
        let at = selected.and_then(|f| self.rows.iter().position(|r| *r == FormRow::Field(f)));
        self.table.select(at.or(Some(1.min(self.rows.len().saturating_sub(1)))));
        Ok(())
    }

    fn saved_notice(&mut self, at: NaiveDateTime, cx: &Cx) -> Effect {
        self.saved = Some(at);
        Effect::Notice(format!("{} {}", crate::i18n::text(cx.lang, Msg::Saved), at.format("%H:%M")), false)
    }

    /// Saves one change over the version shown.
    fn change(&mut self, change: DraftChange, cx: &Cx) -> Result<DraftSaved, ServiceError> {
        let saved = cx.svc.change_draft(self.form.id, Some(self.version), &change, cx.actor)?;
        self.version = saved.version;
        Ok(saved)
    }

    /// A refused change: another session saved the form since it was shown
    /// asks whether to reload it (no by default); anything else is said.
    fn refused(&mut self, e: &ServiceError, cx: &Cx) -> Effect {
        match super::reload_question(e, cx.lang) {
            Some(question) => {
                self.conflict = true;
                Effect::AskText(question, Action::Confirm)
            }
            None => Effect::Notice(e.message(cx.lang), true),
        }
    }

    fn save(&mut self, field: FieldId, text: &str, cx: &Cx) -> Effect {
        match self.change(DraftChange::Field(field, text.to_string()), cx) {
            Ok(saved) => {
                // The service accepted it, so the same edit applies here.
                let _ = self.form.edit(field, text, saved.at);
                self.messages = self.form.validate(self.today);
                self.saved_notice(saved.at, cx)
            }
            Err(e) => {
                // What was typed stays in its field, to be saved again.
                if self.picking.is_none() && choices(&self.form, field).is_none() {
                    let mut input = TextInput::default();
                    input.set(text);
                    self.editing = Some(input);
                }
                self.refused(&e, cx)
            }
        }
    }

    fn move_to(&mut self, action: Action) {
        let len = self.rows.len();
        if len == 0 {
            return;
        }
        let cur = self.table.selected().unwrap_or(0);
        let target = match action {
            Action::Up => cur.saturating_sub(1),
            Action::Down => (cur + 1).min(len - 1),
            Action::PageUp => cur.saturating_sub(10),
            Action::PageDown => (cur + 10).min(len - 1),
            Action::Home => 0,
            _ => len - 1,
        };
        // Member headings are not fields: step over them in the direction moved.
        let down = target >= cur;
        let mut i = target;
        while let Some(FormRow::Member(_)) = self.rows.get(i) {
            match (down, i) {
                (true, i2) if i2 + 1 < len => i = i2 + 1,
                (false, i2) if i2 > 0 => i = i2 - 1,
                _ => return,
            }
        }
        self.table.select(Some(i));
    }

    /// Whether the pick list of a list field is open.
    pub fn picking(&self) -> bool {
        self.picking.is_some()
    }

    /// Whether "changed by … — reload?" waits for an answer.
    pub fn conflict(&self) -> bool {
        self.conflict
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        // The reload question's "yes": the latest version, with what was
        // typed still in its field.
        if self.conflict {
            self.conflict = false;
            if action == Action::Confirm {
                return match self.reload(cx) {
                    Ok(()) => Effect::Notice(crate::i18n::versions::reloaded(cx.lang).to_string(), false),
                    Err(e) => Effect::Notice(e, true),
                };
            }
        }
        if let Some(p) = self.picking.as_mut() {
            return match action {
                Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                    p.step(action);
                    Effect::Redraw
                }
                // Each tick is saved at once, as every other change.
                Action::Open | Action::ChoiceNext | Action::ChoicePrev => {
                    let (field, text) = (p.field, p.toggle());
                    self.save(field, &text, cx)
                }
                Action::Back | Action::Cancel => {
                    self.picking = None;
                    Effect::Redraw
                }
                _ => Effect::None,
            };
        }
        if let Some(input) = &self.editing {
            return match action {
                Action::Open => {
                    let text = input.value().to_string();
                    self.editing = None;
                    match self.selected_field() {
                        Some(f) => self.save(f, &text, cx),
                        None => Effect::Redraw,
                    }
                }
                Action::Back | Action::Cancel => {
                    self.editing = None;
                    Effect::Redraw
                }
                _ => Effect::None,
            };
        }
        if self.draft_prompt.is_some() {
            return match action {
                Action::Open => {
                    self.draft_prompt = None;
                    Effect::Redraw
                }
                // Discarding loses every saved field: asked first, "no" by default.
                Action::Discard => Effect::Ask(Msg::ConfirmDiscardDraft, Action::Confirm),
                // Only the question's "yes" sends Confirm here.
                Action::Confirm => match cx.svc.discard_draft(self.form.id, cx.actor) {
                    Ok(()) => Effect::PopNotice(crate::i18n::text(cx.lang, Msg::DraftDiscarded).to_string()),
                    Err(e) => Effect::Notice(e.message(cx.lang), true),
                },
                Action::Back | Action::Quit | Action::ForceQuit | Action::Help | Action::Palette => Effect::Unhandled,
                _ => Effect::None,
            };
        }
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.move_to(action);
                Effect::Redraw
            }
            Action::Open => {
                let Some(f) = self.selected_field() else { return Effect::None };
                if let Some(p) = Picker::new(&self.form, f) {
                    self.picking = Some(p);
                    return Effect::Redraw;
                }
                let mut input = TextInput::default();
                input.set(&edit_text(&self.form, f));
                self.editing = Some(input);
                Effect::Redraw
            }
            Action::ChoiceNext | Action::ChoicePrev => {
                let Some(f) = self.selected_field() else { return Effect::None };
                let Some((values, current)) = choices(&self.form, f) else { return Effect::None };
                let i = values.iter().position(|c| c.code == current).unwrap_or(0);
                let n = values.len();
                let next = if action == Action::ChoiceNext { (i + 1) % n } else { (i + n - 1) % n };
                self.save(f, values[next].code, cx)
            }
            Action::Acknowledge => {
                let f = self.selected_field();
                let key =
                    self.messages.iter().filter(|m| Some(m.field) == f && !m.acknowledged).find_map(FormMessage::key);
                let Some(key) = key else {
                    return Effect::Notice(crate::i18n::text(cx.lang, Msg::NothingToAck).to_string(), false);
                };
                match self.change(DraftChange::Acknowledge(key.clone()), cx) {
                    Ok(saved) => {
                        self.form.acknowledge(&key, saved.at);
                        self.messages = self.form.validate(self.today);
                        self.saved_notice(saved.at, cx)
                    }
                    Err(e) => self.refused(&e, cx),
                }
            }
            Action::AddRow => match self.change(DraftChange::AddMember(MemberPresence::Born), cx) {
                Ok(DraftSaved { added: Some(index), .. }) => {
                    if let Err(e) = self.reload(cx) {
                        return Effect::Notice(e, true);
                    }
                    let at = FormRow::Field(FieldId::Member { index, field: MemberField::Nik });
                    if let Some(i) = self.rows.iter().position(|r| *r == at) {
                        self.table.select(Some(i));
                    }
                    Effect::Notice(crate::i18n::text(cx.lang, Msg::MemberAdded).to_string(), false)
                }
                Ok(_) => Effect::None,
                Err(e) => self.refused(&e, cx),
            },
            Action::RemoveRow => {
                let Some(FieldId::Member { index, .. }) = self.selected_field() else { return Effect::None };
                match self.change(DraftChange::RemoveMember(index), cx) {
                    Ok(saved) => {
                        if let Err(e) = self.reload(cx) {
                            return Effect::Notice(e, true);
                        }
                        self.saved = Some(saved.at);
                        Effect::Notice(crate::i18n::text(cx.lang, Msg::MemberRemoved).to_string(), false)
                    }
                    Err(e) => self.refused(&e, cx),
                }
            }
            Action::Submit => match cx.svc.submit_visit_at(self.form.id, Some(self.version), cx.actor) {
                Ok(line) => Effect::PopNotice(format!(
                    "{}: KK {} ({})",
                    crate::i18n::text(cx.lang, Msg::Submitted),
                    line.no_kk,
                    line.stage.label(cx.lang)
                )),
                Err(e) => self.refused(&e, cx),
            },
            Action::Discard => Effect::None,
            _ => Effect::Unhandled,
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let lang = ui.lang;
        let block = titled_block(ui, format!("{} · KK {}", ui.t(Msg::TitleVisit), self.form.no_kk));
        let inner = block.inner(area);
        f.render_widget(block, area);

        let mut top = vec![self.summary_line(ui)];
        if let Some(r) = &self.returned_reason {
            top.push(Line::styled(format!("{} {r}", ui.t(Msg::ReturnedBecause)), ui.theme.error()));
        }
        if let Some(at) = self.draft_prompt {
            top.push(Line::from(vec![
                Span::styled(
                    format!("{} {} {} — ", ui.t(Msg::DraftSaved), fmt_date(ui.lang, at.date()), at.format("%H:%M")),
                    ui.theme.heading(),
                ),
                Span::styled(ui.t(Msg::DraftPromptKeys), ui.theme.key()),
            ]));
        }
        let shown_msgs = self.messages.len().min(4) as u16;
        let [top_area, table_area, edit_area, msg_area] = Layout::vertical([
            Constraint::Length(top.len() as u16),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(shown_msgs + 1),
        ])
        .areas(inner);
        f.render_widget(Paragraph::new(top), top_area);

        let header = Row::new(["", ui.t(Msg::LblField), ui.t(Msg::LblRegistered), ui.t(Msg::LblConfirmed)])
            .style(ui.theme.heading());
        let widths = [Constraint::Length(1), Constraint::Length(26), Constraint::Fill(1), Constraint::Fill(1)];
        // A value longer than its column ends in "…" rather than mid-word.
        let cols = column_widths(table_area.width, &widths);
        let fitted = |i: usize, text: String| fit(&text, cols.get(i).copied().unwrap_or(0));
        let rows = self.rows.iter().map(|r| match r {
            FormRow::Member(i) => {
                let member = self.form.members.get(*i);
                let presence = member.and_then(|m| m.presence).map(|p| p.label(lang)).unwrap_or("");
                // The name gets a column of its own: beside "Anggota 1" it
                // did not fit the field column.
                let name = member.map(|m| m.fields.name.trim().to_string()).unwrap_or_default();
                Row::new(vec![
                    String::new(),
                    fitted(1, format!("── {}", self.form.member_number(*i, lang))),
                    fitted(2, name),
                    fitted(3, presence.to_string()),
                ])
                .style(ui.theme.heading())
            }
            FormRow::Field(fid) => {
                let mark = self.mark(*fid);
                let label = match fid {
                    FieldId::Household(h) => h.label(lang).to_string(),
                    FieldId::Member { field, .. } => format!("  {}", field.label(lang)),
                };
                let reg = self.form.registered_value(*fid, lang).unwrap_or_default();
                let val = self.form.value(*fid, lang);
                let changed = !reg.is_empty() && reg != val;
                let (reg, val) = if *fid == FieldId::Household(HouseholdField::Kelurahan) {
                    (self.place(reg), self.place(val))
                } else {
                    (reg, val)
                };
                let (label, reg, val) = (fitted(1, label), fitted(2, reg), fitted(3, val));
                let val_cell = if changed {
                    ratatui::widgets::Cell::from(Span::styled(val, ui.theme.key()))
                } else {
                    ratatui::widgets::Cell::from(val)
                };
                Row::new(vec![
                    ratatui::widgets::Cell::from(mark),
                    ratatui::widgets::Cell::from(label),
                    ratatui::widgets::Cell::from(reg),
                    val_cell,
                ])
            }
        });
        let t = Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected());
        f.render_stateful_widget(t, table_area, &mut self.table);

        f.render_widget(Paragraph::new(self.edit_line(ui)), edit_area);

        let mut lines = vec![Line::styled(
            if self.messages.is_empty() {
                ui.t(Msg::NoMessages).to_string()
            } else {
                format!("{} ({})", ui.t(Msg::LblMessages), self.messages.len())
            },
            ui.theme.heading(),
        )];
        // The messages of the selected field first, then the rest in order.
        let sel = self.selected_field();
        let mut ordered: Vec<&FormMessage> = self.messages.iter().filter(|m| Some(m.field) == sel).collect();
        ordered.extend(self.messages.iter().filter(|m| Some(m.field) != sel));
        for m in ordered.into_iter().take(shown_msgs as usize) {
            let (mark, style) = match (m.severity(), m.acknowledged) {
                (Severity::Error, _) => ("✗", ui.theme.error()),
                (Severity::Warning, false) => ("!", ui.theme.key()),
                (Severity::Warning, true) => ("✓", ui.theme.dim()),
            };
            let text = format!("{mark} {}", m.message(&self.form, lang));
            lines.push(Line::styled(fit(&text, usize::from(msg_area.width)), style));
        }
        f.render_widget(Paragraph::new(lines), msg_area);
        let title = self.selected_field().map(|field| self.form.field_label(field, lang)).unwrap_or_default();
        if let Some(p) = self.picking.as_mut() {
            // Over the table and the lines below it: all fifteen reasons fit at 80×24.
            let height = table_area.height + edit_area.height + msg_area.height;
            p.render(f, Rect { height, ..table_area }, title, ui);
        }
    }

    fn mark(&self, field: FieldId) -> &'static str {
        let mut mark = "";
        for m in self.messages.iter().filter(|m| m.field == field) {
            match (m.severity(), m.acknowledged) {
                (Severity::Error, _) => return "✗",
                (Severity::Warning, false) => mark = "!",
                (Severity::Warning, true) if mark.is_empty() => mark = "✓",
                _ => {}
            }
        }
        mark
    }

    fn summary_line(&self, ui: &Ui) -> Line<'static> {
        let lang = ui.lang;
        let head = self.form.registered.head().map(|p| p.name.clone()).unwrap_or_default();
        let mut spans = vec![
            Span::raw(format!("{head} · ")),
            Span::styled(format!("{}: ", ui.t(Msg::LblPeriod)), ui.theme.heading()),
            Span::raw(format!("{} · ", self.form.period)),
            Span::styled(format!("{}: ", ui.t(Msg::LblStage)), ui.theme.heading()),
            Span::raw(self.stage.label(lang).to_string()),
        ];
        if let Some(at) = self.saved {
            spans.push(Span::styled(format!(" · {} {}", ui.t(Msg::Saved), at.format("%H:%M")), ui.theme.info()));
        }
        Line::from(spans)
    }

    fn edit_line(&self, ui: &Ui) -> Line<'static> {
        let lang = ui.lang;
        let Some(field) = self.selected_field() else { return Line::default() };
        let label = self.form.field_label(field, lang);
        if let Some(input) = &self.editing {
            let mut v = input.value().to_string();
            let at = v.char_indices().nth(input.cursor()).map_or(v.len(), |(i, _)| i);
            v.insert(at, '▏');
            return Line::from(vec![Span::styled(format!("{label}: "), ui.theme.heading()), Span::raw(v)]);
        }
        if let Some((values, _)) = choices(&self.form, field) {
            // Labels, as the table shows the value; codes are for files.
            let list: Vec<&str> = values.iter().filter(|c| !c.code.is_empty()).map(|c| c.label(lang)).collect();
            return Line::styled(format!("{} ←→: {}", ui.t(Msg::LblChoices), list.join(" · ")), ui.theme.dim());
        }
        if is_list(field) {
            return Line::styled(format!("Enter: {}", ui.t(Msg::PickFromList)), ui.theme.dim());
        }
        Line::default()
    }
}
