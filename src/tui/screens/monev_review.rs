//! Tinjauan monev: the findings of a monev import (or of every import) in
//! tabs by kind (deceased, moved, asset, not matching) with their counts.
//! Each finding already is a draft proposal; one key accepts it as one, one
//! dismisses it with a reason and withdraws the draft.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row as TRow, Table, TableState, Tabs};

use super::{Cx, Effect, step, titled_block};
use crate::domain::deactivation::monev::{AssetHolder, DukcapilStatus, FindingKind};
use crate::i18n::screens_nonaktif::{self as t, N, n};
use crate::i18n::{Lang, Msg, fmt_date, fmt_money};
use crate::service::deactivation::{FindingLine, ReviewMark};
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::keymap::KeyChord;
use crate::tui::widgets::TextInput;
use crate::tui::widgets::list_table::{column_widths, fit_cells};

const GROUPS: [N; 4] = [N::GroupDeceased, N::GroupMoved, N::GroupAsset, N::GroupNotMatching];

fn group_of(k: &FindingKind) -> usize {
    match k {
        FindingKind::Dukcapil { status: DukcapilStatus::Deceased { .. }, .. } => 0,
        FindingKind::Dukcapil { status: DukcapilStatus::Moved { .. }, .. } => 1,
        FindingKind::Bappeda { .. } => 2,
        FindingKind::Dukcapil { status: DukcapilStatus::NotMatching, .. } => 3,
    }
}

#[derive(Debug)]
pub struct MonevReview {
    file: Option<String>,
    lines: Vec<FindingLine>,
    /// What the import just did, when opened after one.
    report: Option<String>,
    error: Option<String>,
    tab: usize,
    table: TableState,
    /// The reason being typed for dismissing the finding (file, line).
    dismissing: Option<((String, usize), TextInput)>,
}

impl MonevReview {
    const HINTS: &'static [(Action, Msg)] = &[
        (Action::NextPane, Msg::HintTab),
        (Action::Approve, Msg::HintAccept),
        (Action::Reject, Msg::HintDismiss),
        (Action::Back, Msg::HintBack),
    ];
    const ASK_HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintDone), (Action::Back, Msg::HintCancel)];

    pub fn load(cx: &Cx, file: Option<&str>, report: Option<String>) -> Self {
        let mut r = MonevReview {
            file: file.map(str::to_string),
            lines: Vec::new(),
            report,
            error: None,
            tab: 0,
            table: TableState::default(),
            dismissing: None,
        };
        r.reload(cx);
        // Open on the first kind that has findings.
        r.tab = (0..GROUPS.len()).find(|&g| r.counts()[g] > 0).unwrap_or(0);
        r.table.select(if r.len() == 0 { None } else { Some(0) });
        r
    }

    fn reload(&mut self, cx: &Cx) {
        match cx.svc.monev_findings(self.file.as_deref()) {
            Ok(l) => {
                self.lines = l;
                self.error = None;
            }
            Err(e) => self.error = Some(e.message(cx.lang)),
        }
        let len = self.len();
        let sel = self.table.selected().map(|i| i.min(len.saturating_sub(1)));
        self.table.select(if len == 0 { None } else { sel.or(Some(0)) });
    }

    pub fn counts(&self) -> [usize; 4] {
        let mut c = [0; 4];
        for l in &self.lines {
            c[group_of(&l.finding.kind)] += 1;
        }
        c
    }

    pub fn visible(&self) -> Vec<&FindingLine> {
        self.lines.iter().filter(|l| group_of(&l.finding.kind) == self.tab).collect()
    }

    fn len(&self) -> usize {
        self.counts()[self.tab]
    }

    fn selected(&self) -> Option<&FindingLine> {
        self.table.selected().and_then(|i| self.visible().get(i).copied())
    }

    pub fn text_focused(&self) -> bool {
        self.dismissing.is_some()
    }

    pub fn hints(&self) -> &'static [(Action, Msg)] {
        if self.dismissing.is_some() { Self::ASK_HINTS } else { Self::HINTS }
    }

    pub fn type_key(&mut self, chord: KeyChord) -> Effect {
        super::typed(self.dismissing.as_mut().map(|(_, i)| i), chord)
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        if self.dismissing.is_some() {
            return match action {
                Action::Open => {
                    let Some(((file, line), input)) = self.dismissing.take() else { return Effect::None };
                    let effect = match cx.svc.dismiss_finding(&file, line, input.value(), cx.actor) {
                        Ok(()) => Effect::Notice(t::dismissed(cx.lang, line), false),
                        Err(e) => Effect::Notice(e.message(cx.lang), true),
                    };
                    self.reload(cx);
                    effect
                }
                Action::Back | Action::Cancel => {
                    self.dismissing = None;
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
                self.tab = super::next_tab(self.tab, GROUPS.len(), action);
                self.table.select(if self.len() == 0 { None } else { Some(0) });
                Effect::Redraw
            }
            Action::Approve => {
                let Some(l) = self.selected() else { return Effect::None };
                let (file, line) = (l.finding.file.clone(), l.finding.line);
                let effect = match cx.svc.accept_finding(&file, line, cx.actor) {
                    Ok(p) => Effect::Notice(t::accepted(cx.lang, line, p.id), false),
                    Err(e) => Effect::Notice(e.message(cx.lang), true),
                };
                self.reload(cx);
                // On to the next finding.
                let next = self.table.selected().map(|i| (i + 1).min(self.len().saturating_sub(1)));
                self.table.select(next);
                effect
            }
            Action::Reject => {
                let Some(l) = self.selected() else { return Effect::None };
                self.dismissing = Some(((l.finding.file.clone(), l.finding.line), TextInput::default()));
                Effect::Redraw
            }
            Action::Open => self
                .selected()
                .and_then(|l| l.proposal.as_ref())
                .map_or(Effect::None, |p| Effect::OpenHousehold(p.subject.no_kk().to_string())),
            _ => Effect::Unhandled,
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let title = match &self.file {
            Some(file) => format!("{} · {file}", ui.t(Msg::TitleMonevReview)),
            None => ui.t(Msg::TitleMonevReview).to_string(),
        };
        let block = titled_block(ui, title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [report_area, tabs_area, body, ask_area] = Layout::vertical([
            Constraint::Length(if self.report.is_some() { 2 } else { 0 }),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        if let Some(r) = &self.report {
            f.render_widget(Paragraph::new(r.clone()).wrap(ratatui::widgets::Wrap { trim: true }), report_area);
        }
        let c = self.counts();
        let titles: Vec<String> = GROUPS.iter().zip(c).map(|(g, k)| t::group(ui.lang, *g, k)).collect();
        let tabs = Tabs::new(titles).select(self.tab).highlight_style(ui.theme.selected()).divider("│");
        f.render_widget(tabs, tabs_area);
        if let Some(e) = &self.error {
            f.render_widget(Paragraph::new(e.clone()).style(ui.theme.error()), body);
        } else if self.lines.is_empty() {
            f.render_widget(Paragraph::new(n(ui.lang, N::NoFindings)).style(ui.theme.dim()), body);
        } else {
            let table = self.table_widget(ui, body.width);
            f.render_stateful_widget(table, body, &mut self.table);
        }
        if let Some((_, input)) = &self.dismissing {
            let mut v = input.value().to_string();
            let at = v.char_indices().nth(input.cursor()).map_or(v.len(), |(i, _)| i);
            v.insert(at, '▏');
            let label = format!("{}: ", n(ui.lang, N::AskDismissReason));
            f.render_widget(
                Paragraph::new(Line::from(vec![Span::styled(label, ui.theme.heading()), Span::raw(v)])),
                ask_area,
            );
        }
    }

    fn table_widget(&self, ui: &Ui, width: u16) -> Table<'static> {
        let lang = ui.lang;
        let header = [N::ColLine, N::ColName, N::ColFinding, N::ColState];
        // Room for a NIK with a date; what does not fit ends in "…".
        let widths = [Constraint::Length(5), Constraint::Fill(2), Constraint::Length(30), Constraint::Fill(3)];
        let cols = column_widths(width, &widths);
        let rows: Vec<TRow> = self
            .visible()
            .into_iter()
            .map(|l| {
                TRow::new(fit_cells(
                    &cols,
                    [
                        l.finding.line.to_string(),
                        l.name.clone(),
                        finding_text(lang, &l.finding.kind),
                        status_text(lang, l),
                    ],
                ))
            })
            .collect();
        let header = TRow::new(fit_cells(&cols, header.map(|m| n(lang, m).to_string()))).style(ui.theme.heading());
        Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected())
    }
}

/// Who and what: the NIK (or No. KK) and the particulars of the finding.
fn finding_text(lang: Lang, k: &FindingKind) -> String {
    match k {
        FindingKind::Dukcapil { nik, status: DukcapilStatus::Deceased { date } } => {
            format!("{nik} · {}", fmt_date(lang, *date))
        }
        FindingKind::Dukcapil { nik, status: DukcapilStatus::Moved { new_address } } => {
            format!("{nik} · {new_address}")
        }
        FindingKind::Dukcapil { nik, status: DukcapilStatus::NotMatching } => nik.clone(),
        FindingKind::Bappeda { holder, asset, value } => {
            let who = match holder {
                AssetHolder::Nik(x) => x.clone(),
                AssetHolder::NoKk(x) => format!("KK {x}"),
            };
            format!("{who} · {} {}", asset.label(lang), fmt_money(*value))
        }
    }
}

fn status_text(lang: Lang, l: &FindingLine) -> String {
    match (&l.review, &l.proposal) {
        (Some(r), _) => match &r.mark {
            ReviewMark::Accepted => format!("{} #{}", n(lang, N::Accepted), l.proposal_id),
            ReviewMark::Dismissed { reason } => format!("{}: {reason}", n(lang, N::Dismissed)),
        },
        (None, Some(p)) if p.state == crate::domain::deactivation::State::Draft => n(lang, N::Waiting).to_string(),
        (None, Some(p)) => p.state.label(lang).to_string(),
        (None, None) => n(lang, N::Withdrawn).to_string(),
    }
}
