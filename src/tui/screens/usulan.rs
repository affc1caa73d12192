//! Usulan: every proposal (all three kinds), its source, and where it
//! stands against the 30-day rule (days left, or layak otomatis since …).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::Table;

use super::{Cx, Effect, titled_block};
use crate::i18n::{Msg, fmt_date};
use crate::service::usulan::{UsulanFilter, UsulanLine};
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::widgets::ListTable;
use crate::tui::widgets::list_table::fitted_table;

#[derive(Debug)]
pub struct UsulanList {
    list: ListTable<UsulanLine>,
}

impl UsulanList {
    pub const HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintHousehold), (Action::Back, Msg::HintBack)];

    pub fn load(cx: &Cx) -> Self {
        UsulanList { list: ListTable::loaded(cx.svc.usulan_list_for(cx.actor, &UsulanFilter::default()), cx.lang) }
    }

    /// Reads the list again (another session wrote).
    pub fn reload(&mut self, cx: &Cx) {
        let mut fresh = UsulanList::load(cx);
        fresh.list.select_like(&self.list);
        *self = fresh;
    }

    pub fn handle(&mut self, action: Action) -> Effect {
        self.list
            .handle(action, |l| (!l.usulan.no_kk.is_empty()).then(|| Effect::OpenHousehold(l.usulan.no_kk.clone())))
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = titled_block(ui, format!("{} ({})", ui.t(Msg::TitleUsulan), self.list.items().len()));
        let width = block.inner(area).width;
        self.list.render(f, area, ui, block, |lines| usulan_table(lines, ui, width));
    }
}

/// Proposals as a table `width` cells wide: kind, source, KK, first
/// person, submitted, rule.
pub fn usulan_table(lines: &[UsulanLine], ui: &Ui, width: u16) -> Table<'static> {
    let lang = ui.lang;
    let header = [Msg::ColKind, Msg::ColSource, Msg::ColKk, Msg::ColPerson, Msg::ColDate, Msg::ColDeadline];
    let rows = lines.iter().map(|l| {
        let u = &l.usulan;
        [
            u.kind.short_label(lang).to_string(),
            u.source.short_label(lang).to_string(),
            u.no_kk.clone(),
            u.persons.first().map(|p| p.name.clone()).unwrap_or_default(),
            fmt_date(ui.lang, u.submitted),
            l.deadline.message(lang),
        ]
    });
    let widths = [
        Constraint::Length(12),
        Constraint::Length(9),
        Constraint::Length(16),
        Constraint::Fill(1),
        Constraint::Length(11),
        Constraint::Fill(2),
    ];
    fitted_table(ui, width, header, rows, widths)
}
