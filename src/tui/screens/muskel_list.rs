//! Muskel per kelurahan: the recorded sessions, latest first, and the
//! kelurahan whose Muskel is due (none in three months, or never held).
//! Enter opens one in the form; `n` records a new one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Table, TableState};

use super::muskel_form::MuskelForm;
use super::{Cx, Effect, Screen, step, titled_block};
use crate::domain::muskel::{Decision, Muskel};
use crate::i18n::{Msg, fmt_date};
use crate::service::muskel::MuskelDue;
use crate::tui::Ui;
use crate::tui::action::Action;

#[derive(Debug)]
pub struct MuskelList {
    list: Vec<Muskel>,
    due: Vec<MuskelDue>,
    table: TableState,
    error: Option<String>,
}

impl MuskelList {
    pub const HINTS: &'static [(Action, Msg)] =
        &[(Action::Open, Msg::HintOpen), (Action::New, Msg::HintNew), (Action::Back, Msg::HintBack)];

    pub fn load(cx: &Cx) -> Self {
        let mut error = None;
        let list = cx.svc.muskel_list("").unwrap_or_else(|e| {
            error = Some(e.message(cx.lang));
            Vec::new()
        });
        let due = cx.svc.muskel_due(cx.today).unwrap_or_else(|e| {
            error = Some(e.message(cx.lang));
            Vec::new()
        });
        let mut table = TableState::default();
        table.select(if list.is_empty() { None } else { Some(0) });
        MuskelList { list, due, table, error }
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.table.select(step(self.table.selected(), self.list.len(), action, 10));
                Effect::Redraw
            }
            Action::Open => match self.table.selected().and_then(|i| self.list.get(i)) {
                Some(m) => Effect::Push(Screen::MuskelForm(Box::new(MuskelForm::open(m.clone(), cx)))),
                None => Effect::None,
            },
            Action::New => {
                let kel = self.due.first().map(|d| d.kelurahan.clone()).unwrap_or_default();
                Effect::Push(Screen::MuskelForm(Box::new(MuskelForm::new_for(&kel, cx))))
            }
            _ => Effect::Unhandled,
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let due_h = (self.due.len().min(6) + 2) as u16;
        let [top, bottom] = Layout::vertical([Constraint::Fill(1), Constraint::Length(due_h)]).areas(area);
        let block = titled_block(ui, format!("{} ({})", ui.t(Msg::TitleMuskel), self.list.len()));
        if let Some(e) = &self.error {
            f.render_widget(Paragraph::new(e.clone()).style(ui.theme.error()).block(block), top);
        } else {
            let header = Row::new([
                ui.t(Msg::ColDate),
                ui.t(Msg::ColKelurahan),
                ui.t(Msg::ColPlace),
                ui.t(Msg::ColAttendees),
                ui.t(Msg::ColItems),
            ])
            .style(ui.theme.heading());
            let rows = self.list.iter().map(|m| {
                let agreed = m.items.iter().filter(|i| i.decision == Some(Decision::Agreed)).count();
                let total = m.items.len();
                Row::new([
                    fmt_date(ui.lang, m.date),
                    m.kelurahan.clone(),
                    m.place.clone(),
                    m.attendees.len().to_string(),
                    format!("{agreed}/{total}"),
                ])
            });
            let widths = [
                Constraint::Length(11),
                Constraint::Length(14),
                Constraint::Fill(1),
                Constraint::Length(6),
                Constraint::Length(7),
            ];
            let t = Table::new(rows, widths).header(header).block(block).row_highlight_style(ui.theme.selected());
            f.render_stateful_widget(t, top, &mut self.table);
        }
        let block = titled_block(ui, format!("{} ({})", ui.t(Msg::MuskelDueTitle), self.due.len()));
        let lines: Vec<Line> = self
            .due
            .iter()
            .take(6)
            .map(|d| {
                let last = match d.last {
                    Some(l) => format!("{} {}", ui.t(Msg::MuskelLast), fmt_date(ui.lang, l)),
                    None => ui.t(Msg::MuskelNever).to_string(),
                };
                Line::from(format!("{} {} · {last}", d.kelurahan, d.name))
            })
            .collect();
        f.render_widget(Paragraph::new(lines).block(block), bottom);
    }
}
