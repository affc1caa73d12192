//! The tahap overview: per year and programme, each payment period with its
//! months, planned, announced and paid dates, its state in words, how late
//! it is, what it was merged into, and the next thing to do. Enter opens
//! the period ([`TahapDetail`]). Plans are a few records: read at once.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState, Wrap};

use super::tahap_detail::TahapDetail;
use super::{Cx, Effect, Screen, step, titled_block};
use crate::domain::codes::Programme;
use crate::domain::tahap::{PeriodPlan, PeriodState, Step, YearMonth};
use crate::i18n::tahap::{days_late, month, period, state};
use crate::i18n::{Lang, Msg, fmt_date};
use crate::tui::Ui;
use crate::tui::action::Action;

/// The programmes paid in tahap lists, in the order the tabs show them.
pub const PROGRAMMES: [Programme; 4] = [Programme::Klj, Programme::Kaj, Programme::Kpdj, Programme::Kparj];

/// One period of the overview, with the months its list pays.
#[derive(Clone, Debug)]
pub struct PlanLine {
    pub plan: PeriodPlan,
    pub months: Vec<YearMonth>,
}

#[derive(Debug)]
pub struct Tahap {
    year: i32,
    programme: usize,
    /// Every programme's periods of `year`.
    lines: Vec<PlanLine>,
    error: Option<String>,
    table: TableState,
    today: NaiveDate,
    page: usize,
}

impl Tahap {
    pub const HINTS: &'static [(Action, Msg)] = &[
        (Action::Open, Msg::HintOpen),
        (Action::NextPane, Msg::HintTahapProgramme),
        (Action::NextYear, Msg::HintTahapYear),
        (Action::Back, Msg::HintBack),
    ];

    /// The overview of today's year, KLJ first, the current period selected.
    pub fn load(cx: &Cx) -> Tahap {
        let mut s = Tahap {
            year: chrono::Datelike::year(&cx.today),
            programme: 0,
            lines: Vec::new(),
            error: None,
            table: TableState::default(),
            today: cx.today,
            page: 8,
        };
        s.reload(cx);
        s
    }

    fn reload(&mut self, cx: &Cx) {
        let read = || -> crate::service::Result<Vec<PlanLine>> {
            let mut v = Vec::new();
            for plan in cx.svc.plans(Some(self.year))? {
                let months = cx.svc.list_months(plan.programme, plan.period)?;
                v.push(PlanLine { plan, months });
            }
            Ok(v)
        };
        match read() {
            Ok(lines) => {
                self.lines = lines;
                self.error = None;
            }
            Err(e) => {
                self.lines.clear();
                self.error = Some(e.message(cx.lang));
            }
        }
        self.select_current();
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn programme(&self) -> Programme {
        PROGRAMMES[self.programme]
    }

    /// The shown programme's periods, in period order.
    pub fn shown(&self) -> Vec<&PlanLine> {
        self.lines.iter().filter(|l| l.plan.programme == self.programme()).collect()
    }

    pub fn selected(&self) -> Option<&PlanLine> {
        self.table.selected().and_then(|i| self.shown().get(i).copied())
    }

    /// The period today falls in, else the first.
    fn select_current(&mut self) {
        let shown = self.shown();
        let at = shown.iter().position(|l| l.plan.period.contains(self.today)).unwrap_or(0);
        let n = shown.len();
        self.table.select((n > 0).then_some(at.min(n.saturating_sub(1))));
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.table.select(step(self.table.selected(), self.shown().len(), action, self.page));
                Effect::Redraw
            }
            Action::NextPane | Action::PrevPane => {
                let n = PROGRAMMES.len();
                self.programme =
                    if action == Action::NextPane { (self.programme + 1) % n } else { (self.programme + n - 1) % n };
                self.select_current();
                Effect::Redraw
            }
            Action::NextYear | Action::PrevYear => {
                self.year += if action == Action::NextYear { 1 } else { -1 };
                self.reload(cx);
                Effect::Redraw
            }
            Action::Open => match self.selected() {
                Some(l) => {
                    let (screen, job) = TahapDetail::open(l.plan.programme, l.plan.period, cx.today);
                    Effect::PushJob(Screen::TahapDetail(Box::new(screen)), job)
                }
                None => Effect::None,
            },
            _ => Effect::Unhandled,
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = titled_block(ui, format!("{} {}", ui.t(Msg::TahapTitle), self.year));
        let inner = block.inner(area);
        f.render_widget(block, area);
        // The table as tall as its rows (a monthly programme has twelve),
        // the selected period's particulars right under it.
        let rows_wanted = self.shown().len() as u16 + 2;
        let room = inner.height.saturating_sub(2 + 9).max(3);
        let [tabs, table, detail] =
            Layout::vertical([Constraint::Length(2), Constraint::Length(rows_wanted.min(room)), Constraint::Fill(1)])
                .areas(inner);
        f.render_widget(Paragraph::new(self.tabs_line(ui)), tabs);
        if let Some(e) = &self.error {
            let l = Line::styled(format!("{}: {e}", ui.t(Msg::LoadFailed)), ui.theme.error());
            f.render_widget(Paragraph::new(l).wrap(Wrap { trim: true }), table);
            return;
        }
        let today = self.today;
        self.page = table.height.saturating_sub(1).max(1) as usize;
        let shown = self.shown();
        if shown.is_empty() {
            let l = Line::styled(ui.t(Msg::TahapNoPlans), ui.theme.dim());
            f.render_widget(Paragraph::new(l).wrap(Wrap { trim: true }), table);
            return;
        }
        let header = Row::new([
            ui.t(Msg::TahapColPeriod),
            ui.t(Msg::TahapColPlanned),
            ui.t(Msg::TahapColPaid),
            ui.t(Msg::TahapColState),
        ])
        .style(ui.theme.heading());
        let rows: Vec<Row> = shown
            .iter()
            .map(|l| {
                let p = &l.plan;
                let paid = p.payments.last().map_or("–".to_string(), |d| fmt_date(ui.lang, *d));
                Row::new([
                    period(ui.lang, p.period),
                    fmt_date(ui.lang, p.planned),
                    paid,
                    state_words(ui.lang, p, today),
                ])
            })
            .collect();
        let first = if ui.lang == Lang::En { 25 } else { 22 };
        let widths = [Constraint::Length(first), Constraint::Length(11), Constraint::Length(11), Constraint::Fill(1)];
        let t = Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected());
        let detail_lines = self.selected().map(|l| detail_lines(ui, l, today)).unwrap_or_default();
        f.render_stateful_widget(t, table, &mut self.table);
        f.render_widget(Paragraph::new(detail_lines).wrap(Wrap { trim: false }), detail);
    }

    fn tabs_line(&self, ui: &Ui) -> Line<'static> {
        let mut spans = vec![
            Span::styled(format!("{}: ", ui.t(Msg::TahapYear)), ui.theme.heading()),
            Span::raw(format!("◂ {} ▸   ", self.year)),
            Span::styled(format!("{}: ", ui.t(Msg::TahapProgramme)), ui.theme.heading()),
        ];
        for (i, p) in PROGRAMMES.iter().enumerate() {
            // Brackets as well as the colour: the choice shows without colour too.
            let (text, style) = if i == self.programme {
                (format!("[{}]", p.code()), ui.theme.selected())
            } else {
                (format!(" {} ", p.code()), ui.theme.dim())
            };
            spans.push(Span::styled(text, style));
            spans.push(Span::raw(" "));
        }
        Line::from(spans)
    }
}

/// The state in words, with the days late when delayed.
pub fn state_words(lang: Lang, p: &PeriodPlan, today: NaiveDate) -> String {
    match p.days_late(today) {
        Some(d) => format!("{}, {}", state(lang, p.state), days_late(lang, d)),
        None => state(lang, p.state).to_string(),
    }
}

/// The next thing to do, in words a worker acts on.
pub fn next_words(ui: &Ui, p: &PeriodPlan) -> String {
    let m = match (p.state, p.next_step()) {
        (PeriodState::Merged, _) => Msg::TahapNextMerged,
        (_, Some(Step::Announce)) => Msg::TahapNextAnnounce,
        (_, Some(Step::FreezeList)) => Msg::TahapNextFreeze,
        (_, Some(Step::SendBankFile)) => Msg::TahapNextBankFile,
        (_, Some(Step::PayAll | Step::PayPart)) => Msg::TahapNextResults,
        (_, Some(Step::Close)) => Msg::TahapNextClose,
        (_, Some(Step::Cancel | Step::Merge) | None) => Msg::TahapNextNothing,
    };
    ui.t(m).to_string()
}

fn detail_lines(ui: &Ui, l: &PlanLine, today: NaiveDate) -> Vec<Line<'static>> {
    let p = &l.plan;
    let lang = ui.lang;
    let label = |m: Msg| Span::styled(format!("{}: ", ui.t(m)), ui.theme.heading());
    let date_or_dash = |d: Option<NaiveDate>| d.map_or("–".to_string(), |d| fmt_date(lang, d));
    let months: Vec<String> = l.months.iter().map(|m| month(lang, *m)).collect();
    let paid: Vec<String> = p.payments.iter().map(|d| fmt_date(lang, *d)).collect();
    let mut v = vec![
        Line::styled(format!("{} · {}", p.programme.code(), period(lang, p.period)), ui.theme.title()),
        Line::from(vec![label(Msg::TahapMonths), Span::raw(months.join(", "))]),
        Line::from(vec![
            label(Msg::TahapColPlanned),
            Span::raw(fmt_date(lang, p.planned)),
            Span::raw("   "),
            label(Msg::TahapAnnounced),
            Span::raw(date_or_dash(p.announced)),
        ]),
        Line::from(vec![
            label(Msg::TahapColPaid),
            Span::raw(if paid.is_empty() { ui.t(Msg::TahapNotPaidYet).to_string() } else { paid.join(", ") }),
        ]),
        Line::from(vec![label(Msg::TahapColState), Span::raw(state_words(lang, p, today))]),
    ];
    if let Some(into) = p.merged_into {
        v.push(Line::from(vec![label(Msg::TahapMergedInto), Span::raw(period(lang, into))]));
    }
    v.push(Line::from(vec![label(Msg::TahapReference), Span::raw(fmt_date(lang, p.reference_date))]));
    v.push(Line::from(vec![label(Msg::TahapNext), Span::styled(next_words(ui, p), ui.theme.heading())]));
    v
}
