//! Draf saya: the actor's visits still editable (drafts and returned),
//! latest save first. Enter resumes one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::Table;

use super::{Cx, Effect, titled_block};
use crate::i18n::{Msg, fmt_date};
use crate::service::verval::VisitLine;
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::widgets::ListTable;
use crate::tui::widgets::list_table::fitted_table;

#[derive(Debug)]
pub struct Drafts {
    list: ListTable<VisitLine>,
}

impl Drafts {
    pub const HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintResume), (Action::Back, Msg::HintBack)];

    pub fn load(cx: &Cx) -> Self {
        Drafts { list: ListTable::loaded(cx.svc.my_drafts(cx.actor), cx.lang) }
    }

    /// Reads the list again (another session wrote).
    pub fn reload(&mut self, cx: &Cx) {
        let mut fresh = Drafts::load(cx);
        fresh.list.select_like(&self.list);
        *self = fresh;
    }

    pub fn lines(&self) -> &[VisitLine] {
        self.list.items()
    }

    pub fn handle(&mut self, action: Action) -> Effect {
        self.list.handle(action, |l| Some(Effect::OpenVisit(l.no_kk.clone())))
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = titled_block(ui, format!("{} ({})", ui.t(Msg::TitleDrafts), self.list.items().len()));
        let width = block.inner(area).width;
        self.list.render(f, area, ui, block, |lines| visit_table(lines, ui, width));
    }
}

/// The table of visit lines shared by the drafts list and the queue,
/// `width` cells wide.
pub fn visit_table(lines: &[VisitLine], ui: &Ui, width: u16) -> Table<'static> {
    let lang = ui.lang;
    let header = [Msg::ColKk, Msg::ColHead, Msg::ColStage, Msg::LblPeriod, Msg::ColSaved];
    let rows = lines.iter().map(|l| {
        let stage = match &l.returned_reason {
            Some(r) => format!("{}: {r}", l.stage.label(lang)),
            None => l.stage.label(lang).to_string(),
        };
        [
            l.no_kk.clone(),
            l.head.clone(),
            stage,
            l.period.clone(),
            format!("{} {}", fmt_date(ui.lang, l.saved_at.date()), l.saved_at.format("%H:%M")),
        ]
    });
    let widths = [
        Constraint::Length(16),
        Constraint::Fill(1),
        Constraint::Fill(1),
        Constraint::Length(12),
        Constraint::Length(17),
    ];
    fitted_table(ui, width, header, rows, widths)
}
