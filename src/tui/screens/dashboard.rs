//! Beranda: counts per programme and status for the register or one area,
//! the current tahap of each programme (state, days late, merged), and the
//! work queues. The counts need a full scan, so they come from a background
//! job; the first frame shows "counting…". After a write in the session the
//! `App` asks `refresh` when the dashboard is on top again, and the counts
//! are taken again.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Row, Table};

use super::eligible_queue;
use super::{Cx, Effect, step, titled_block};
use crate::domain::tahap::{Period, PeriodKind};
use crate::domain::{DtksStatus, EnrolmentStatus, Programme};
use crate::i18n::screens_details::{self as details, Word};
use crate::i18n::screens_eligible as eligible_words;
use crate::i18n::{Lang, Msg, fmt_count};
use crate::service::Service;
use crate::service::eligible::EligibleReport;
use crate::service::stats::Stats;
use crate::service::tahap::CurrentPeriod;
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::job::{Job, JobDone};
use crate::tui::widgets::status_bar::fit;
use std::sync::Arc;

/// One choosable area: a code prefix and its name, indented by level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub code: String,
    pub name: String,
    pub depth: usize,
}

#[derive(Debug)]
pub struct Dashboard {
    today: NaiveDate,
    scopes: Vec<Scope>,
    list: ListState,
    /// The scope whose counts are shown (or being counted).
    scope: String,
    stats: Option<Result<Stats, String>>,
    queues: Option<Result<([usize; 6], usize), String>>,
    /// The selected queue line when the queue pane has the focus.
    queue_focus: Option<usize>,
    /// Each scheduled programme's current period (a few point reads).
    tahap: Result<Vec<CurrentPeriod>, String>,
    /// The store's write mark when the counts were asked for.
    mark: u64,
    /// The eligible-not-enrolled queue, counted after the other counts.
    eligible: Option<Result<Arc<EligibleReport>, String>>,
    /// The eligible count is to be taken (again) once the counts are in.
    want_eligible: bool,
    /// The counts asked for last have come back (figures shown meanwhile
    /// may be the older ones).
    stats_in: bool,
    /// Something was written since the eligible count was taken.
    eligible_stale: bool,
}

impl Dashboard {
    pub const HINTS: &'static [(Action, Msg)] = &[
        (Action::Open, Msg::HintArea),
        (Action::GoHouseholds, Msg::HintHouseholds),
        (Action::GoRecent, Msg::HintRecent),
    ];

    /// The dashboard and the job that fills it.
    pub fn new(svc: &Service, lang: Lang) -> (Self, Job) {
        let today = svc.today();
        let d = Dashboard {
            today,
            scopes: Vec::new(),
            list: ListState::default(),
            scope: String::new(),
            stats: None,
            queues: None,
            queue_focus: None,
            tahap: svc.current_periods(today).map_err(|e| e.message(lang)),
            // Unreadable: 0 never matches, so the next look counts again.
            mark: svc.write_mark().unwrap_or(0),
            eligible: None,
            want_eligible: true,
            stats_in: false,
            eligible_stale: false,
        };
        (d, Job::Stats { scope: String::new() })
    }

    /// When something was written since the counts were taken: reads the
    /// tahap plans again and returns the job that recounts the shown scope
    /// (the figures on screen stay until the new ones arrive).
    pub fn refresh(&mut self, svc: &Service, lang: Lang) -> Option<Job> {
        let mark = svc.write_mark().ok()?;
        if mark == self.mark {
            return None;
        }
        self.mark = mark;
        self.tahap = svc.current_periods(self.today).map_err(|e| e.message(lang));
        self.want_eligible = true;
        self.stats_in = false;
        self.eligible_stale = true;
        Some(Job::Stats { scope: self.scope.clone() })
    }

    /// Another session wrote. When households changed the counts are taken
    /// again (the figures on screen stay until the new ones arrive), but
    /// never while a count runs: `None` then, and the caller asks again on
    /// a later tick. Other writes only move the work lists.
    pub fn changed_elsewhere(&mut self, svc: &Service, lang: Lang, households: bool) -> Option<Vec<Job>> {
        let queues = Job::Queues;
        if !households {
            return Some(vec![queues]);
        }
        if !self.stats_in {
            return None;
        }
        Some(self.refresh(svc, lang).into_iter().chain([queues]).collect())
    }

    /// The eligible count, asked once the other counts came back, so that
    /// the two full passes do not run at once.
    pub fn next_job(&mut self) -> Option<Job> {
        if !self.want_eligible || !self.stats_in {
            return None;
        }
        self.want_eligible = false;
        Some(Job::Eligible(eligible_queue::whole_query()))
    }

    pub fn eligible(&self) -> Option<&Result<Arc<EligibleReport>, String>> {
        self.eligible.as_ref()
    }

    pub fn stats(&self) -> Option<&Result<Stats, String>> {
        self.stats.as_ref()
    }

    pub fn scope(&self) -> &str {
        &self.scope
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        if let Some(i) = self.queue_focus {
            // The verification queues, then the eligible-not-enrolled line.
            let n = super::queue::TABS.len() + 1;
            match action {
                Action::Up => self.queue_focus = Some(i.saturating_sub(1)),
                Action::Down => self.queue_focus = Some((i + 1).min(n - 1)),
                Action::NextPane | Action::PrevPane => self.queue_focus = None,
                Action::Open if i == super::queue::TABS.len() => return self.open_eligible(cx),
                Action::Open => {
                    let q = super::queue::Queue::load(cx, i);
                    return Effect::Push(super::Screen::Queue(Box::new(q)));
                }
                _ => return Effect::Unhandled,
            }
            return Effect::Redraw;
        }
        match action {
            Action::NextPane | Action::PrevPane => {
                self.queue_focus = Some(0);
                Effect::Redraw
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                let next = step(self.list.selected(), self.scopes.len(), action, 10);
                let changed = next != self.list.selected();
                self.list.select(next);
                if changed { Effect::Redraw } else { Effect::None }
            }
            Action::Open => {
                let Some(s) = self.list.selected().and_then(|i| self.scopes.get(i)) else {
                    return Effect::None;
                };
                if s.code == self.scope && self.stats.is_some() {
                    return Effect::None;
                }
                self.scope = s.code.clone();
                self.stats = None;
                self.stats_in = false;
                Effect::Job(Job::Stats { scope: self.scope.clone() })
            }
            _ => Effect::Unhandled,
        }
    }

    /// The queue screen; it takes the dashboard's count when that is in and
    /// nothing was written since, else counts.
    fn open_eligible(&self, cx: &Cx) -> Effect {
        let report = self.eligible.as_ref().and_then(|r| r.as_ref().ok()).filter(|_| !self.eligible_stale);
        let (mut screen, job) = eligible_queue::EligibleQueue::open(Programme::ALL[0]);
        match report {
            Some(r) => {
                screen.set_whole(Arc::clone(r));
                screen.audit_shown(cx);
                Effect::Push(super::Screen::Eligible(Box::new(screen)))
            }
            None => Effect::PushJob(super::Screen::Eligible(Box::new(screen)), job),
        }
    }

    pub fn on_job(&mut self, done: &JobDone, cx: &Cx) -> bool {
        if let JobDone::Queues { result } = done {
            self.queues = Some(result.clone());
            return true;
        }
        if let JobDone::Eligible { query, result } = done {
            if *query != eligible_queue::whole_query() {
                return false;
            }
            self.eligible = Some(result.clone());
            self.eligible_stale = false;
            return true;
        }
        let JobDone::Stats { scope, result } = done else {
            return false;
        };
        if *scope != self.scope {
            return false; // an older request
        }
        if scope.is_empty()
            && let Ok(s) = result
        {
            self.scopes = scopes_of(s, cx);
            if self.list.selected().is_none() {
                self.list.select(Some(0));
            }
        }
        self.stats = Some(result.clone());
        self.stats_in = true;
        true
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let [left, right] = Layout::horizontal([Constraint::Length(30), Constraint::Fill(1)]).areas(area);
        let tahap = self.tahap_lines(ui, left.width.saturating_sub(2) as usize);
        let [scopes, tahap_area] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(tahap.len() as u16 + 2)]).areas(left);
        self.render_scopes(f, scopes, ui);
        let quarter = Period::containing(PeriodKind::Quarterly, self.today);
        let block = titled_block(ui, crate::i18n::tahap::period(ui.lang, quarter));
        f.render_widget(Paragraph::new(tahap).block(block), tahap_area);
        let title = self.scopes.iter().find(|s| s.code == self.scope).map_or(ui.t(Msg::DashAll), |s| s.name.as_str());
        let block = titled_block(ui, format!("{} · {}", ui.t(Msg::TitleDashboard), title));
        let inner = block.inner(right);
        f.render_widget(block, right);
        let lines = self.summary_lines(ui, inner.width as usize);
        let n = lines.len() as u16;
        let [top, table, bottom] =
            Layout::vertical([Constraint::Length(n), Constraint::Length(8), Constraint::Fill(1)]).areas(inner);
        f.render_widget(Paragraph::new(lines), top);
        if let Some(Ok(stats)) = &self.stats {
            render_programmes(f, table, ui, stats);
        }
        f.render_widget(Paragraph::new(self.queue_lines(ui)), bottom);
    }

    fn render_scopes(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = titled_block(ui, ui.t(Msg::DashScope).to_string());
        let room = area.width.saturating_sub(4) as usize;
        let items: Vec<ListItem> = self
            .scopes
            .iter()
            .map(|s| {
                let mark = if s.code == self.scope { "● " } else { "  " };
                let name = fit(&short_region(&s.name), room.saturating_sub(2 * s.depth));
                ListItem::new(format!("{mark}{}{name}", "  ".repeat(s.depth)))
            })
            .collect();
        let list = List::new(items).block(block).highlight_style(ui.theme.selected());
        f.render_stateful_widget(list, area, &mut self.list);
    }

    /// Each programme's current period: code, then its state wrapped under
    /// itself; a period other than the quarter's (a monthly one) is named.
    fn tahap_lines(&self, ui: &Ui, width: usize) -> Vec<Line<'static>> {
        let lang = ui.lang;
        let current = match &self.tahap {
            Err(e) => return vec![Line::styled(e.clone(), ui.theme.error())],
            Ok(c) if c.is_empty() => {
                return vec![Line::styled(details::word(lang, Word::NoTahapSchedule), ui.theme.dim())];
            }
            Ok(c) => c,
        };
        let quarter = Period::containing(PeriodKind::Quarterly, self.today);
        let mut out = Vec::new();
        for c in current {
            let mut text = details::current_state(lang, c, self.today);
            if c.period != quarter {
                text = format!("{}: {text}", details::period_short(lang, c.period));
            }
            let late = c.plan.as_ref().and_then(|p| p.days_late(self.today)).is_some()
                || c.paid_with.as_ref().and_then(|p| p.days_late(self.today)).is_some();
            let style = if late { ui.theme.error() } else { ratatui::style::Style::default() };
            let parts = super::detail_lines::wrap(&text, width.saturating_sub(6).max(10));
            for (i, part) in parts.into_iter().enumerate() {
                let head = if i == 0 { format!("{:<6}", c.programme.code()) } else { " ".repeat(6) };
                out.push(Line::from(vec![Span::raw(head), Span::styled(part, style)]));
            }
        }
        out
    }

    fn summary_lines(&self, ui: &Ui, width: usize) -> Vec<Line<'static>> {
        let lang = ui.lang;
        let mut lines = Vec::new();
        match &self.stats {
            None => lines.push(Line::styled(ui.t(Msg::DashCounting), ui.theme.dim())),
            Some(Err(e)) => lines.push(Line::styled(format!("{}: {e}", ui.t(Msg::StatsFailed)), ui.theme.error())),
            Some(Ok(s)) => {
                lines.push(Line::from(format!(
                    "{}: {}   {}: {}",
                    ui.t(Msg::DashHouseholds),
                    fmt_count(lang, s.households),
                    ui.t(Msg::DashPersons),
                    fmt_count(lang, s.persons)
                )));
                let parts: Vec<String> = [DtksStatus::Active, DtksStatus::Inactive, DtksStatus::Proposed]
                    .iter()
                    .map(|st| format!("{} {}", st.label(lang), fmt_count(lang, s.status_count(*st))))
                    .collect();
                lines.extend(status_lines(ui, &parts, width));
            }
        }
        lines
    }

    fn queue_lines(&self, ui: &Ui) -> Vec<Line<'static>> {
        let mut out = vec![Line::from(vec![
            Span::styled(ui.t(Msg::DashQueues), ui.theme.heading()),
            Span::styled(format!("  {}", ui.t(Msg::QueueHint)), ui.theme.dim()),
        ])];
        match &self.queues {
            None => out.push(Line::styled(ui.t(Msg::QueueLoading), ui.theme.dim())),
            Some(Err(e)) => out.push(Line::styled(e.clone(), ui.theme.error())),
            Some(Ok((c, muskel_due))) => {
                // Two sections a line, so all six fit at 80×24; one a line
                // when a label would not fit in half the width.
                let fits =
                    (0..c.len()).all(|i| format!("{}: {}", ui.t(super::queue::TABS[i]), c[i]).chars().count() < 24);
                for pair in (0..c.len()).collect::<Vec<_>>().chunks(if fits { 2 } else { 1 }) {
                    let spans: Vec<Span<'static>> = pair
                        .iter()
                        .map(|&i| {
                            let text = format!("{:<24}", format!("{}: {}", ui.t(super::queue::TABS[i]), c[i]));
                            if self.queue_focus == Some(i) {
                                Span::styled(text, ui.theme.selected())
                            } else {
                                Span::raw(text)
                            }
                        })
                        .collect();
                    out.push(Line::from(spans));
                }
                out.push(self.eligible_line(ui));
                let due = format!("{}: {muskel_due}", ui.t(Msg::DashMuskelDue));
                out.push(if *muskel_due > 0 { Line::styled(due, ui.theme.error()) } else { Line::raw(due) });
            }
        }
        out
    }
}

impl Dashboard {
    /// "Layak belum terdaftar: N", the distinct persons of the shown area,
    /// or "menghitung…" until the first count is in.
    fn eligible_line(&self, ui: &Ui) -> Line<'static> {
        let label = eligible_words::e(ui.lang, eligible_words::E::DashLine);
        let (value, error) = match &self.eligible {
            None => (eligible_words::e(ui.lang, eligible_words::E::Counting).to_string(), false),
            Some(Err(e)) => (e.clone(), true),
            Some(Ok(r)) => (fmt_count(ui.lang, r.persons_in(&self.scope)), false),
        };
        let text = format!("{label}: {value}");
        let style = if self.queue_focus == Some(super::queue::TABS.len()) {
            ui.theme.selected()
        } else if error {
            ui.theme.error()
        } else {
            ratatui::style::Style::default()
        };
        Line::styled(text, style)
    }
}

/// A kab/kota name as it is usually written short ("Kab. Adm. Kepulauan
/// Seribu", "Kota Adm. Jakarta Timur", "DKI Jakarta"), so the area list fits
/// in 28 columns and a household's region on one line.
pub(super) fn short_region(name: &str) -> String {
    for (long, short) in [
        ("Kabupaten Administrasi ", "Kab. Adm. "),
        ("Kota Administrasi ", "Kota Adm. "),
        ("Daerah Khusus Ibukota ", "DKI "),
    ] {
        if let Some(rest) = name.strip_prefix(long) {
            return format!("{short}{rest}");
        }
    }
    name.to_string()
}

/// The DTKS status heading and its counts in two lines: the heading above
/// the counts where they fit on one line, else the counts wrapped after the
/// heading (large registers at 80 columns), so nothing is cut and the
/// queues below keep their room.
fn status_lines(ui: &Ui, parts: &[String], width: usize) -> Vec<Line<'static>> {
    let heading = ui.t(Msg::DashStatus);
    let joined = parts.join(" · ");
    if joined.chars().count() <= width {
        return vec![Line::styled(heading, ui.theme.heading()), Line::from(joined)];
    }
    let mut first = vec![Span::styled(heading, ui.theme.heading())];
    let mut used = heading.chars().count();
    let mut rest: Vec<&str> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let sep = if i == 0 { "  " } else { " · " };
        if rest.is_empty() && used + sep.chars().count() + p.chars().count() <= width {
            used += sep.chars().count() + p.chars().count();
            first.push(Span::raw(format!("{sep}{p}")));
        } else {
            rest.push(p);
        }
    }
    vec![Line::from(first), Line::from(rest.join(" · "))]
}

const SHOWN_STATUSES: [EnrolmentStatus; 4] =
    [EnrolmentStatus::Active, EnrolmentStatus::Proposed, EnrolmentStatus::Suspended, EnrolmentStatus::Stopped];

/// Persons per programme and enrolment status. Each column is as wide as
/// its label or its largest figure, so no label is cut at 80 columns; the
/// heading row names the programme column ("Program (jiwa)" where it fits,
/// else "Program"), in place of a heading line, so the queues keep room.
fn render_programmes(f: &mut Frame, area: Rect, ui: &Ui, s: &Stats) {
    let lang = ui.lang;
    let mut header: Vec<String> = std::iter::once(ui.t(Msg::DashProgrammes).to_string())
        .chain(SHOWN_STATUSES.iter().map(|st| st.label(lang).to_string()))
        .collect();
    let rows: Vec<Vec<String>> = Programme::ALL
        .iter()
        .map(|p| {
            std::iter::once(p.code().to_string())
                .chain(SHOWN_STATUSES.iter().map(|st| fmt_count(lang, s.programme_count(*p, *st))))
                .collect()
        })
        .collect();
    let widths = |header: &Vec<String>| -> Vec<u16> {
        (0..header.len())
            .map(|i| std::iter::once(header).chain(&rows).map(|r| r[i].chars().count()).max().unwrap_or(0) as u16)
            .collect()
    };
    let needed = |w: &[u16], gap: u16| w.iter().sum::<u16>() + gap * w.len().saturating_sub(1) as u16;
    if needed(&widths(&header), 1) > area.width {
        header[0] = eligible_words::e(lang, eligible_words::E::ColProgramme).to_string();
    }
    let w = widths(&header);
    // Two spaces between columns where they fit, one where they do not.
    let gap = if needed(&w, 2) <= area.width { 2 } else { 1 };
    let widths: Vec<Constraint> = w.into_iter().map(Constraint::Length).collect();
    let table = Table::new(rows.into_iter().map(Row::new), widths)
        .header(Row::new(header).style(ui.theme.heading()))
        .column_spacing(gap);
    f.render_widget(table, area);
}

/// The areas holding data, from the whole-register counts: each kab/kota,
/// its kecamatan and their kelurahan, in code order.
fn scopes_of(s: &Stats, cx: &Cx) -> Vec<Scope> {
    // A user of some areas counts their own, not the whole register.
    let whole = cx.svc.access(cx.actor).is_ok_and(|a| a.whole_register());
    let all = crate::i18n::text(cx.lang, if whole { Msg::DashAll } else { Msg::DashMine }).to_string();
    let mut out = vec![Scope { code: String::new(), name: all, depth: 0 }];
    out.extend(regions_of(s, &cx.svc.wilayah()));
    out
}

/// Each kab/kota holding data, its kecamatan and their kelurahan, in code
/// order (depth 0, 1, 2).
pub fn regions_of(s: &Stats, w: &crate::domain::wilayah::Wilayah) -> Vec<Scope> {
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for k in &s.kelurahan {
        let code = &k.code;
        for (depth, len) in [(0, 5), (1, 8)] {
            let prefix = code.get(..len).unwrap_or(code).to_string();
            if !seen.contains(&prefix) {
                seen.push(prefix.clone());
                let name = w.name(&prefix).unwrap_or(&prefix).to_string();
                out.push(Scope { code: prefix, name, depth });
            }
        }
        out.push(Scope { code: code.clone(), name: k.name.clone(), depth: 2 });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::Theme;

    fn text(l: &Line) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn status_counts_wrap_after_the_heading_when_one_line_cannot_hold_them() {
        let ui = Ui { lang: Lang::Id, theme: Theme::new(false) };
        let small = ["Aktif 4.027".to_string(), "Nonaktif 490".into(), "Diusulkan 1.367".into()];
        let lines: Vec<String> = status_lines(&ui, &small, 48).iter().map(text).collect();
        assert_eq!(lines, ["Status DTKS (jiwa)", "Aktif 4.027 · Nonaktif 490 · Diusulkan 1.367"]);
        let big = ["Aktif 691.312".to_string(), "Nonaktif 93.001".into(), "Diusulkan 216.969".into()];
        let lines: Vec<String> = status_lines(&ui, &big, 48).iter().map(text).collect();
        assert_eq!(lines, ["Status DTKS (jiwa)  Aktif 691.312", "Nonaktif 93.001 · Diusulkan 216.969"]);
        assert!(lines.iter().all(|l| l.chars().count() <= 48));
    }

    #[test]
    fn long_region_names_are_shortened_then_cut_with_an_ellipsis() {
        assert_eq!(short_region("Kabupaten Administrasi Kepulauan Seribu"), "Kab. Adm. Kepulauan Seribu");
        assert_eq!(short_region("Kota Administrasi Jakarta Timur"), "Kota Adm. Jakarta Timur");
        assert_eq!(short_region("Jatinegara"), "Jatinegara");
        assert_eq!(fit("Kebayoran Lama Selatan", 10), "Kebayoran…");
        assert_eq!(fit("Jatinegara", 10), "Jatinegara");
    }
}
