//! Draf saya: the actor's visits still editable (drafts and returned),
//! latest save first. Enter resumes one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Row, Table, TableState};

use super::{Cx, Effect, step, titled_block};
use crate::i18n::{Msg, fmt_date};
use crate::service::verval::VisitLine;
use crate::tui::Ui;
use crate::tui::action::Action;

#[derive(Debug)]
pub struct Drafts {
    lines: Vec<VisitLine>,
    table: TableState,
    error: Option<String>,
}

impl Drafts {
    pub const HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintResume), (Action::Back, Msg::HintBack)];

    pub fn load(cx: &Cx) -> Self {
        let (lines, error) = match cx.svc.my_drafts(cx.actor) {
            Ok(l) => (l, None),
            Err(e) => (Vec::new(), Some(e.message(cx.lang))),
        };
        let mut table = TableState::default();
        table.select(if lines.is_empty() { None } else { Some(0) });
        Drafts { lines, table, error }
    }

    pub fn lines(&self) -> &[VisitLine] {
        &self.lines
    }

    pub fn handle(&mut self, action: Action) -> Effect {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.table.select(step(self.table.selected(), self.lines.len(), action, 10));
                Effect::Redraw
            }
            Action::Open => match self.table.selected().and_then(|i| self.lines.get(i)) {
                Some(l) => Effect::OpenVisit(l.no_kk.clone()),
                None => Effect::None,
            },
            _ => Effect::Unhandled,
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = titled_block(ui, format!("{} ({})", ui.t(Msg::TitleDrafts), self.lines.len()));
        if let Some(e) = &self.error {
            let p = ratatui::widgets::Paragraph::new(e.clone()).style(ui.theme.error()).block(block);
            f.render_widget(p, area);
            return;
        }
        let t = visit_table(&self.lines, ui).block(block);
        f.render_stateful_widget(t, area, &mut self.table);
    }
}

/// The table of visit lines shared by the drafts list and the queue.
pub fn visit_table<'a>(lines: &'a [VisitLine], ui: &Ui) -> Table<'a> {
    let lang = ui.lang;
    let header = Row::new([
        ui.t(Msg::ColKk),
        ui.t(Msg::ColHead),
        ui.t(Msg::ColStage),
        ui.t(Msg::LblPeriod),
        ui.t(Msg::ColSaved),
    ])
    .style(ui.theme.heading());
    let rows = lines.iter().map(|l| {
        let stage = match &l.returned_reason {
            Some(r) => format!("{}: {r}", l.stage.label(lang)),
            None => l.stage.label(lang).to_string(),
        };
        Row::new([
            l.no_kk.clone(),
            l.head.clone(),
            stage,
            l.period.clone(),
            format!("{} {}", fmt_date(ui.lang, l.saved_at.date()), l.saved_at.format("%H:%M")),
        ])
    });
    let widths = [
        Constraint::Length(16),
        Constraint::Fill(1),
        Constraint::Fill(1),
        Constraint::Length(12),
        Constraint::Length(17),
    ];
    Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected())
}
