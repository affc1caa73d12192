//! Muskel per kelurahan: the recorded sessions, latest first, and the
//! kelurahan whose Muskel is due (none in three months, or never held).
//! Enter opens one in the form; `n` records a new one.

use crate::i18n::visible::shown;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row};

use super::muskel_form::MuskelForm;
use super::{Cx, Effect, Screen, titled_block};
use crate::domain::muskel::{Decision, Muskel};
use crate::i18n::{Msg, fmt_date};
use crate::service::muskel::MuskelDue;
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::widgets::ListTable;
use crate::tui::widgets::list_table::table;

#[derive(Debug)]
pub struct MuskelList {
    list: ListTable<Muskel>,
    due: Vec<MuskelDue>,
    /// Kelurahan names by code, read at load so drawing does no lookups.
    names: std::collections::HashMap<String, String>,
}

impl MuskelList {
    pub const HINTS: &'static [(Action, Msg)] =
        &[(Action::Open, Msg::HintOpen), (Action::New, Msg::HintNew), (Action::Back, Msg::HintBack)];

    pub fn load(cx: &Cx) -> Self {
        let mut list = ListTable::loaded(cx.svc.muskel_list(cx.actor, ""), cx.lang);
        let due = cx.svc.muskel_due(cx.actor, cx.today).unwrap_or_else(|e| {
            list.set_error(e.message(cx.lang));
            Vec::new()
        });
        let wilayah = cx.svc.wilayah();
        let names = list
            .items()
            .iter()
            .map(|m| (m.kelurahan.clone(), wilayah.name(&m.kelurahan).unwrap_or(&m.kelurahan).to_string()))
            .collect();
        MuskelList { list, due, names }
    }

    /// Reads the list again (another session wrote); the cursor keeps its
    /// place.
    pub fn reload(&mut self, cx: &Cx) {
        let mut fresh = MuskelList::load(cx);
        fresh.list.select_like(&self.list);
        *self = fresh;
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        if action == Action::New {
            let kel = self.due.first().map(|d| d.kelurahan.clone()).unwrap_or_default();
            return Effect::Push(Screen::MuskelForm(Box::new(MuskelForm::new_for(&kel, cx))));
        }
        self.list.handle(action, |m| Some(Effect::Push(Screen::MuskelForm(Box::new(MuskelForm::open(m.clone(), cx))))))
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let due_h = (self.due.len().min(6) + 2) as u16;
        let [top, bottom] = Layout::vertical([Constraint::Fill(1), Constraint::Length(due_h)]).areas(area);
        let block = titled_block(ui, format!("{} ({})", ui.t(Msg::TitleMuskel), self.list.items().len()));
        let names = &self.names;
        self.list.render(f, top, ui, block, |list| {
            let rows = list.iter().map(|m| {
                let agreed = m.items.iter().filter(|i| i.decision == Some(Decision::Agreed)).count();
                let total = m.items.len();
                Row::new([
                    fmt_date(ui.lang, m.date),
                    names.get(&m.kelurahan).cloned().unwrap_or_else(|| m.kelurahan.clone()),
                    shown(&m.place),
                    m.attendees.len().to_string(),
                    format!("{agreed}/{total}"),
                ])
            });
            let widths = [
                Constraint::Length(11),
                Constraint::Length(14),
                Constraint::Fill(1),
                Constraint::Length(7),
                Constraint::Length(7),
            ];
            let header = [Msg::ColDate, Msg::ColKelurahan, Msg::ColPlace, Msg::ColAttendees, Msg::ColItems];
            table(ui, header, rows, widths)
        });
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
