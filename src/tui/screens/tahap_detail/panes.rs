//! The diff and bank panes of the tahap detail: who entered, left and
//! changed amount since the previous list, and the bank file, what the bank
//! paid and every mismatch by kind.

use crate::i18n::visible::shown;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Wrap};

use super::{TahapDetail, totals_words};
use crate::domain::tahap::PeriodState;
use crate::domain::tahap::reconcile::Mismatch;
use crate::i18n::tahap::{bank_status, mismatch, period, standing};
use crate::i18n::{Msg, fmt_count, fmt_money};
use crate::tui::Ui;

impl TahapDetail {
    pub(super) fn render_changes(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let lang = ui.lang;
        let Some(c) = self.changes().cloned() else {
            f.render_widget(
                Paragraph::new(Line::styled(ui.t(Msg::TahapNotFrozenYet), ui.theme.dim())).wrap(Wrap { trim: true }),
                area,
            );
            return;
        };
        let [head, table, why] =
            Layout::vertical([Constraint::Length(2), Constraint::Fill(1), Constraint::Length(2)]).areas(area);
        let mut since = match c.previous {
            Some(p) => format!("{} {}", ui.t(Msg::TahapSince), period(lang, p)),
            None => ui.t(Msg::TahapNoPrevious).to_string(),
        };
        if !self.frozen() {
            since.push_str(&format!(" ({})", ui.t(Msg::TahapPreview)));
        }
        let counts = format!(
            "{}: {} · {}: {} · {}: {}",
            ui.t(Msg::TahapEntered),
            fmt_count(lang, c.entered.len() as u64),
            ui.t(Msg::TahapLeft),
            fmt_count(lang, c.left.len() as u64),
            ui.t(Msg::TahapAmountChanged),
            fmt_count(lang, c.amount_changed.len() as u64)
        );
        let lines = vec![Line::styled(since, ui.theme.heading()), Line::raw(counts)];
        f.render_widget(Paragraph::new(lines), head);
        let mut rows: Vec<Row> = Vec::new();
        let mut reasons: Vec<String> = Vec::new();
        for r in &c.entered {
            rows.push(Row::new([
                ui.t(Msg::TahapEnteredOne).to_string(),
                r.nik.clone(),
                shown(&r.name),
                fmt_money(r.amount),
            ]));
            reasons.push(format!("{} {}", ui.t(Msg::TahapEnteredWhy), fmt_money(r.amount)));
        }
        for (r, s) in &c.left {
            let why = s.as_ref().map_or(ui.t(Msg::TahapNotInRegister).to_string(), |s| standing(lang, s));
            rows.push(Row::new([ui.t(Msg::TahapLeftOne).to_string(), r.nik.clone(), shown(&r.name), why.clone()]));
            reasons.push(why);
        }
        for (r, old) in &c.amount_changed {
            let change = format!("{} → {}", fmt_money(*old), fmt_money(r.amount));
            rows.push(Row::new([
                ui.t(Msg::TahapChangedOne).to_string(),
                r.nik.clone(),
                shown(&r.name),
                change.clone(),
            ]));
            reasons.push(format!("{}: {change}", ui.t(Msg::TahapAmountChanged)));
        }
        let header = Row::new(["", "NIK", ui.t(Msg::TahapColName), ui.t(Msg::TahapColWhy)]).style(ui.theme.heading());
        let widths = [Constraint::Length(7), Constraint::Length(16), Constraint::Fill(1), Constraint::Min(28)];
        let t = Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected());
        let why_text = self.changes.selected().and_then(|i| reasons.get(i)).cloned().unwrap_or_default();
        f.render_stateful_widget(t, table, &mut self.changes);
        f.render_widget(Paragraph::new(Line::styled(why_text, ui.theme.dim())).wrap(Wrap { trim: true }), why);
    }

    pub(super) fn render_bank(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let lang = ui.lang;
        let Some(v) = self.loaded() else { return };
        let Some(rec) = &v.reconciliation else {
            f.render_widget(
                Paragraph::new(Line::styled(ui.t(Msg::TahapNotFrozenYet), ui.theme.dim())).wrap(Wrap { trim: true }),
                area,
            );
            return;
        };
        let label = |m: Msg| Span::styled(format!("{}: ", ui.t(m)), ui.theme.heading());
        let mut lines = vec![
            Line::from(vec![label(Msg::TahapBankState), Span::raw(ui.t(bank_file_state(v.plan.state)).to_string())]),
            Line::from(vec![label(Msg::TahapControl), Span::raw(totals_words(lang, rec.control))]),
            Line::from(vec![
                label(Msg::TahapResults),
                Span::raw(format!("{} {}", fmt_count(lang, v.results as u64), ui.t(Msg::TahapLines))),
            ]),
            Line::from(vec![label(Msg::TahapPaid), Span::raw(totals_words(lang, rec.paid))]),
        ];
        if v.results == 0 {
            lines.push(Line::styled(ui.t(Msg::TahapNoResults), ui.theme.dim()));
        }
        // Each kind of mismatch under its heading with its count.
        let kinds = [
            Msg::TahapMmPaidTwice,
            Msg::TahapMmNotOnList,
            Msg::TahapMmAbsent,
            Msg::TahapMmAmount,
            Msg::TahapMmAccount,
            Msg::TahapMmOverControl,
        ];
        if v.results > 0 {
            let n = rec.mismatches.len() as u64;
            lines.push(Line::styled(
                format!("{}: {}", ui.t(Msg::TahapMismatches), fmt_count(lang, n)),
                ui.theme.title(),
            ));
            for title in kinds {
                let of: Vec<&Mismatch> = rec.mismatches.iter().filter(|m| kind_of(m) == title).collect();
                if of.is_empty() {
                    continue;
                }
                let head = format!("  {} ({})", ui.t(title), fmt_count(lang, of.len() as u64));
                lines.push(Line::styled(head, ui.theme.heading()));
                lines.extend(of.iter().map(|m| Line::raw(format!("  · {}", mismatch(lang, m)))));
            }
            let head = format!("{}: {}", ui.t(Msg::TahapFailed), fmt_count(lang, rec.failed.len() as u64));
            lines.push(Line::styled(head, ui.theme.title()));
            for x in &rec.failed {
                let l = format!(
                    "  · {} {}: {} — {}",
                    ui.t(Msg::TahapLine),
                    x.line,
                    x.reference,
                    bank_status(lang, &x.status)
                );
                lines.push(Line::raw(l));
            }
        }
        let p = Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((self.bank_scroll, 0));
        f.render_widget(p, area);
    }
}

/// Whether the bank has the file yet, in words.
fn bank_file_state(s: PeriodState) -> Msg {
    match s {
        PeriodState::Planned | PeriodState::Announced | PeriodState::ListFrozen | PeriodState::Cancelled => {
            Msg::TahapBankNotSent
        }
        PeriodState::Merged => Msg::TahapBankMerged,
        PeriodState::BankFileSent | PeriodState::PartlyPaid | PeriodState::Paid | PeriodState::Closed => {
            Msg::TahapBankSent
        }
    }
}

/// The heading a mismatch is listed under.
fn kind_of(m: &Mismatch) -> Msg {
    match m {
        Mismatch::PaidTwice { .. } => Msg::TahapMmPaidTwice,
        Mismatch::NotOnList { .. } => Msg::TahapMmNotOnList,
        Mismatch::Absent { .. } => Msg::TahapMmAbsent,
        Mismatch::AmountDifferent { .. } => Msg::TahapMmAmount,
        Mismatch::UnknownAccount { .. } => Msg::TahapMmAccount,
        Mismatch::OverControl { .. } => Msg::TahapMmOverControl,
    }
}
