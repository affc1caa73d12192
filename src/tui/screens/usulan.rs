//! Usulan: every proposal (all three kinds), its source, and where it
//! stands against the 30-day rule (days left, or layak otomatis since …).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Paragraph, Row, Table, TableState};

use super::{Cx, Effect, step, titled_block};
use crate::i18n::{Msg, fmt_date};
use crate::service::usulan::{UsulanFilter, UsulanLine};
use crate::tui::Ui;
use crate::tui::action::Action;

#[derive(Debug)]
pub struct UsulanList {
    lines: Vec<UsulanLine>,
    table: TableState,
    error: Option<String>,
}

impl UsulanList {
    pub const HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintHousehold), (Action::Back, Msg::HintBack)];

    pub fn load(cx: &Cx) -> Self {
        let (lines, error) = match cx.svc.usulan_list(&UsulanFilter::default()) {
            Ok(l) => (l, None),
            Err(e) => (Vec::new(), Some(e.message(cx.lang))),
        };
        let mut table = TableState::default();
        table.select(if lines.is_empty() { None } else { Some(0) });
        UsulanList { lines, table, error }
    }

    pub fn handle(&mut self, action: Action) -> Effect {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.table.select(step(self.table.selected(), self.lines.len(), action, 10));
                Effect::Redraw
            }
            Action::Open => match self.table.selected().and_then(|i| self.lines.get(i)) {
                Some(l) if !l.usulan.no_kk.is_empty() => Effect::OpenHousehold(l.usulan.no_kk.clone()),
                _ => Effect::None,
            },
            _ => Effect::Unhandled,
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = titled_block(ui, format!("{} ({})", ui.t(Msg::TitleUsulan), self.lines.len()));
        if let Some(e) = &self.error {
            f.render_widget(Paragraph::new(e.clone()).style(ui.theme.error()).block(block), area);
            return;
        }
        let t = usulan_table(&self.lines, ui).block(block);
        f.render_stateful_widget(t, area, &mut self.table);
    }
}

/// Proposals as a table: kind, source, KK, first person, submitted, rule.
pub fn usulan_table<'a>(lines: &'a [UsulanLine], ui: &Ui) -> Table<'a> {
    let lang = ui.lang;
    let header = Row::new([
        ui.t(Msg::ColKind),
        ui.t(Msg::ColSource),
        ui.t(Msg::ColKk),
        ui.t(Msg::ColPerson),
        ui.t(Msg::ColDate),
        ui.t(Msg::ColDeadline),
    ])
    .style(ui.theme.heading());
    let rows = lines.iter().map(|l| {
        let u = &l.usulan;
        Row::new([
            u.kind.code().to_string(),
            u.source.label(lang).to_string(),
            u.no_kk.clone(),
            u.persons.first().map(|p| p.name.clone()).unwrap_or_default(),
            fmt_date(ui.lang, u.submitted),
            l.deadline.message(lang),
        ])
    });
    let widths = [
        Constraint::Length(10),
        Constraint::Length(12),
        Constraint::Length(16),
        Constraint::Fill(1),
        Constraint::Length(11),
        Constraint::Fill(2),
    ];
    Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected())
}
