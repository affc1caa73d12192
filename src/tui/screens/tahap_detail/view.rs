//! Drawing the tahap detail: a header naming the list and its reference
//! date, the pane tabs, the pane, and a foot line for the path being typed
//! or the outcome of the last action.

use crate::i18n::visible::shown;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Row, Table, Wrap};

use super::{Pane, Prompt, TahapDetail, totals_words};
use crate::i18n::tahap::{exclusion, period, rule_name};
use crate::i18n::{Msg, fmt_count, fmt_date, fmt_money};
use crate::tui::Ui;
use crate::tui::screens::titled_block;

impl TahapDetail {
    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let title = format!("{} · {}", self.programme.code(), period(ui.lang, self.period));
        let block = titled_block(ui, title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [head, tabs, body, foot] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(2),
            Constraint::Fill(1),
            Constraint::Length(if self.prompt.is_some() { 3 } else { 2 }),
        ])
        .areas(inner);
        self.page = body.height.saturating_sub(2).max(1) as usize;
        f.render_widget(Paragraph::new(self.head_line(ui)), head);
        f.render_widget(Paragraph::new(self.tabs_line(ui)), tabs);
        match &self.view {
            None => {
                let l = Line::styled(ui.t(Msg::DashCounting), ui.theme.dim());
                f.render_widget(Paragraph::new(l), body);
            }
            Some(Err(e)) => {
                let l = Line::styled(format!("{}: {e}", ui.t(Msg::LoadFailed)), ui.theme.error());
                f.render_widget(Paragraph::new(l).wrap(Wrap { trim: true }), body);
            }
            Some(Ok(_)) => match self.pane {
                Pane::Summary => self.render_summary(f, body, ui),
                Pane::Recipients => self.render_recipients(f, body, ui),
                Pane::Excluded => self.render_excluded(f, body, ui),
                Pane::Changes => self.render_changes(f, body, ui),
                Pane::Bank => self.render_bank(f, body, ui),
            },
        }
        self.render_foot(f, foot, ui);
    }

    /// State and reference date: every pane shows whose list it is.
    fn head_line(&self, ui: &Ui) -> Vec<Line<'static>> {
        let Some(plan) = self.plan() else {
            return vec![Line::styled(ui.t(Msg::DashCounting), ui.theme.dim())];
        };
        let label = |m: Msg| Span::styled(format!("{}: ", ui.t(m)), ui.theme.heading());
        let mut second = vec![label(Msg::TahapReference), Span::raw(fmt_date(ui.lang, plan.reference_date))];
        if !self.frozen() && self.preview().is_some() {
            second.push(Span::styled(format!("  ({})", ui.t(Msg::TahapPreview)), ui.theme.info()));
        }
        vec![
            Line::from(vec![
                label(Msg::TahapColState),
                Span::raw(crate::tui::screens::tahap::state_words(ui.lang, plan, self.today)),
            ]),
            Line::from(second),
        ]
    }

    /// Why a pane is empty: the preview failed (a missing tariff…), nothing
    /// is built or frozen yet, or there is truly nothing (`empty`).
    fn empty_note(&self, ui: &Ui, empty: Msg) -> Line<'static> {
        match (&self.preview, self.frozen()) {
            (Some(Err(e)), false) => Line::styled(e.clone(), ui.theme.error()),
            (None, false) => Line::styled(ui.t(Msg::TahapNotFrozenYet), ui.theme.dim()),
            _ => Line::styled(ui.t(empty), ui.theme.dim()),
        }
    }

    fn tabs_line(&self, ui: &Ui) -> Line<'static> {
        let mut spans = Vec::new();
        for p in Pane::ALL {
            let (t, style) = if p == self.pane {
                (format!("[{}]", ui.t(p.title())), ui.theme.selected())
            } else {
                (format!(" {} ", ui.t(p.title())), ui.theme.dim())
            };
            spans.push(Span::styled(t, style));
        }
        Line::from(spans)
    }

    fn render_summary(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let lang = ui.lang;
        let mut lines = Vec::new();
        let lists = self.loaded().map(|v| v.lists.clone()).unwrap_or_default();
        for l in &lists {
            let kind = if l.number == 0 {
                ui.t(Msg::TahapMainList).to_string()
            } else {
                format!("{} {}", ui.t(Msg::TahapSusulan), l.number)
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{kind}: "), ui.theme.heading()),
                Span::raw(totals_words(lang, l.totals)),
            ]));
            let hash: String = l.hash.chars().take(if area.width >= 100 { 64 } else { 16 }).collect();
            let more = if hash.len() < l.hash.len() { "…" } else { "" };
            lines.push(Line::styled(
                format!(
                    "  {} {} {} {} · SHA-256 {hash}{more}",
                    ui.t(Msg::TahapFrozenBy),
                    l.frozen_by,
                    fmt_date(lang, l.frozen_at.date()),
                    l.frozen_at.format("%H:%M")
                ),
                ui.theme.dim(),
            ));
        }
        if lists.is_empty() {
            match self.preview() {
                Some(b) => {
                    lines.push(Line::from(vec![
                        Span::styled(format!("{}: ", ui.t(Msg::TahapPreview)), ui.theme.heading()),
                        Span::raw(totals_words(lang, crate::domain::tahap::list::Totals::of(&b.rows))),
                    ]));
                    lines.push(Line::styled(
                        format!(
                            "  {} {} · {} {} · {} {}",
                            ui.t(Msg::TahapEvaluated),
                            fmt_count(lang, b.evaluated),
                            ui.t(Msg::TahapWaiting),
                            fmt_count(lang, b.waiting.len() as u64),
                            ui.t(Msg::TahapWithArrears),
                            fmt_count(lang, b.with_arrears)
                        ),
                        ui.theme.dim(),
                    ));
                }
                None => lines.push(self.empty_note(ui, Msg::TahapNotFrozenYet)),
            }
        }
        let [top, table] =
            Layout::vertical([Constraint::Length(lines.len() as u16 + 1), Constraint::Fill(1)]).areas(area);
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), top);
        let counts = self.kelurahan_counts();
        if counts.is_empty() {
            return;
        }
        let header =
            Row::new([ui.t(Msg::TahapColKelurahan), ui.t(Msg::TahapRecipientsTitle), ui.t(Msg::TahapColAmount)])
                .style(ui.theme.heading());
        let rows: Vec<Row> = counts
            .iter()
            .map(|k| Row::new([k.name.clone(), fmt_count(lang, k.recipients), fmt_money(k.amount)]))
            .collect();
        let widths = [Constraint::Fill(1), Constraint::Length(10), Constraint::Length(18)];
        let t = Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected());
        f.render_stateful_widget(t, table, &mut self.kelurahan_table);
    }

    fn render_recipients(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let lang = ui.lang;
        let [search, table] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        let kel = self
            .kelurahan
            .and_then(|i| self.kelurahan_counts().get(i))
            .map_or(ui.t(Msg::TahapAllKelurahan).to_string(), |k| k.name.clone());
        let mut q = self.search.value().to_string();
        if self.searching {
            let at = q.char_indices().nth(self.search.cursor()).map_or(q.len(), |(i, _)| i);
            q.insert(at, '▏');
        }
        let line = Line::from(vec![
            Span::styled(format!("{}: ", ui.t(Msg::TahapSearch)), ui.theme.heading()),
            Span::raw(format!("{q}  ")),
            Span::styled(format!("{}: ", ui.t(Msg::TahapColKelurahan)), ui.theme.heading()),
            Span::raw(format!("{kel}  ")),
            Span::styled(
                format!(
                    "{} / {}{}",
                    fmt_count(lang, self.found.len() as u64),
                    fmt_count(lang, self.rows().len() as u64),
                    if self.frozen() { String::new() } else { format!(" ({})", ui.t(Msg::TahapPreviewShort)) }
                ),
                ui.theme.dim(),
            ),
        ]);
        f.render_widget(Paragraph::new(line), search);
        if self.rows().is_empty() {
            f.render_widget(Paragraph::new(self.empty_note(ui, Msg::TahapNoRows)).wrap(Wrap { trim: true }), table);
            return;
        }
        let names = self.kelurahan_counts();
        let kel_name = |code: &str| names.iter().find(|k| k.code == code).map_or(code.to_string(), |k| k.name.clone());
        let header = Row::new([
            "NIK".to_string(),
            ui.t(Msg::TahapColName).to_string(),
            ui.t(Msg::TahapColKelurahan).to_string(),
            ui.t(Msg::TahapColAmount).to_string(),
        ])
        .style(ui.theme.heading());
        // Only the rows in view are built: a list may hold 250.000.
        let height = table.height.saturating_sub(1) as usize;
        let sel = self.recipients.selected().unwrap_or(0);
        let offset = sel.saturating_sub(height.saturating_sub(1));
        let rows = self.rows();
        let shown: Vec<Row> = self
            .found
            .iter()
            .skip(offset)
            .take(height)
            .filter_map(|&i| rows.get(i))
            .map(|r| Row::new([r.nik.clone(), shown(&r.name), kel_name(&r.kelurahan), fmt_money(r.amount)]))
            .collect();
        let widths = [Constraint::Length(16), Constraint::Fill(2), Constraint::Fill(1), Constraint::Length(13)];
        let t = Table::new(shown, widths).header(header).row_highlight_style(ui.theme.selected());
        let mut state = ratatui::widgets::TableState::default().with_selected(Some(sel - offset));
        if self.found.is_empty() {
            state.select(None);
        }
        f.render_stateful_widget(t, table, &mut state);
    }

    fn render_excluded(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let lang = ui.lang;
        if let Some((rule, people)) = &self.people {
            let [head, table, why] =
                Layout::vertical([Constraint::Length(2), Constraint::Fill(1), Constraint::Length(2)]).areas(area);
            let mut title = format!("{}: {}", ui.t(Msg::TahapLeftOutBy), rule_name(lang, *rule));
            // The list's count was taken when it was built; the people are
            // judged on the register as it is now, and the two may differ.
            if let Some(Ok(p)) = people {
                let then = self.excluded().iter().find(|(r, _)| r == rule).map_or(0, |(_, n)| *n);
                title.push_str(&format!(
                    " — {} {}; {} {}",
                    ui.t(Msg::TahapPeopleNow),
                    fmt_count(lang, p.len() as u64),
                    ui.t(Msg::TahapPeopleThen),
                    fmt_count(lang, then)
                ));
            }
            f.render_widget(Paragraph::new(Line::styled(title, ui.theme.heading())).wrap(Wrap { trim: true }), head);
            let people = match people {
                None => {
                    f.render_widget(Paragraph::new(Line::styled(ui.t(Msg::DashCounting), ui.theme.dim())), table);
                    return;
                }
                Some(Err(e)) => {
                    f.render_widget(Paragraph::new(Line::styled(e.clone(), ui.theme.error())), table);
                    return;
                }
                Some(Ok(p)) => p,
            };
            let header = Row::new(["NIK", ui.t(Msg::TahapColName)]).style(ui.theme.heading());
            let rows: Vec<Row> = people.iter().map(|p| Row::new([p.nik.clone(), shown(&p.name)])).collect();
            let t = Table::new(rows, [Constraint::Length(16), Constraint::Fill(1)])
                .header(header)
                .row_highlight_style(ui.theme.selected());
            let reason = self
                .people_table
                .selected()
                .and_then(|i| people.get(i))
                .map(|p| exclusion(lang, &p.reason))
                .unwrap_or_default();
            f.render_stateful_widget(t, table, &mut self.people_table);
            f.render_widget(Paragraph::new(reason).wrap(Wrap { trim: true }), why);
            return;
        }
        let excluded = self.excluded().to_vec();
        let waiting = match (self.loaded().and_then(|v| v.lists.first()), self.preview()) {
            (Some(l), _) => l.waiting.len(),
            (None, Some(b)) => b.waiting.len(),
            _ => 0,
        };
        let [table, foot] = Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(area);
        if excluded.is_empty() {
            let note = self.empty_note(ui, Msg::TahapNoExclusions);
            f.render_widget(Paragraph::new(note).wrap(Wrap { trim: true }), table);
        } else {
            let header = Row::new([ui.t(Msg::TahapColRule), ui.t(Msg::TahapColLeftOut)]).style(ui.theme.heading());
            let rows: Vec<Row> = excluded
                .iter()
                .map(|(r, n)| Row::new([rule_name(lang, *r).to_string(), fmt_count(lang, *n)]))
                .collect();
            let t = Table::new(rows, [Constraint::Fill(1), Constraint::Length(12)])
                .header(header)
                .row_highlight_style(ui.theme.selected());
            f.render_stateful_widget(t, table, &mut self.rules);
        }
        let note = format!(
            "{}: {}. {}",
            ui.t(Msg::TahapWaiting),
            fmt_count(lang, waiting as u64),
            ui.t(Msg::TahapExcludedNote)
        );
        f.render_widget(Paragraph::new(Line::styled(note, ui.theme.dim())).wrap(Wrap { trim: true }), foot);
    }

    fn render_foot(&self, f: &mut Frame, area: Rect, ui: &Ui) {
        if let Some(prompt) = &self.prompt {
            let (label, input) = match prompt {
                Prompt::BankFile(i) => (ui.t(Msg::TahapAskBankPath), i),
                Prompt::Import(i) => (ui.t(Msg::TahapAskResultsPath), i),
            };
            let mut v = input.value().to_string();
            let at = v.char_indices().nth(input.cursor()).map_or(v.len(), |(i, _)| i);
            v.insert(at, '▏');
            // The whole path, wrapped: the worker sees exactly where it goes.
            let line = Line::from(vec![Span::styled(format!("{label}: "), ui.theme.heading()), Span::raw(v)]);
            f.render_widget(Clear, area);
            f.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), area);
            return;
        }
        let line = match (&self.busy, &self.message) {
            (Some(m), _) => Line::styled(ui.t(*m), ui.theme.info()),
            (None, Some((m, true))) => Line::styled(m.clone(), ui.theme.error()),
            (None, Some((m, false))) => Line::styled(m.clone(), ui.theme.info()),
            (None, None) => return,
        };
        f.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), area);
    }
}
