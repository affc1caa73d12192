//! Drawing the household browser: search box, active filters, the
//! visible part of the window and the position line.

use super::*;
use crate::tui::widgets::list_table::{column_widths, fit_cells};

impl Households {
    /// The whole list is known: the window holds every row.
    pub(super) fn whole(&self) -> bool {
        !self.more_after && !self.more_before && self.base == Some(0)
    }

    pub(super) fn foot(&self, ui: &Ui) -> Line<'static> {
        if let Some(e) = &self.error {
            return Line::styled(format!("{}: {e}", ui.t(Msg::LoadFailed)), ui.theme.error());
        }
        if self.lines.is_empty() {
            let typed = self.input.value().trim();
            let part_of_id = (1..16).contains(&typed.len()) && typed.bytes().all(|b| b.is_ascii_digit());
            let msg = if self.encrypted && part_of_id { Msg::NoResultsWholeId } else { Msg::NoResults };
            return Line::styled(ui.t(msg), ui.theme.dim());
        }
        let unit = ui.t(Msg::UnitHouseholds);
        let total = self.count();
        let pos = self.position().map(|p| format!("{} {}", ui.t(Msg::Row), fmt_count(ui.lang, p + 1)));
        let known = self.base.unwrap_or(0) + self.lines.len() as u64;
        // Until the background count is back: what is known, and that more
        // is being counted.
        let at_least = format!("{} {}", ui.t(Msg::AtLeast), fmt_count(ui.lang, known));
        let s = match (pos, total) {
            (Some(p), Some(t)) => format!("{p} {} {} {unit}", ui.t(Msg::Of), fmt_count(ui.lang, t)),
            (Some(p), None) => format!("{p} {} {at_least} {unit} · {}", ui.t(Msg::Of), ui.t(Msg::CountingList)),
            (None, Some(t)) => format!("{} {unit}", fmt_count(ui.lang, t)),
            (None, None) => format!("{at_least} {unit} · {}", ui.t(Msg::CountingList)),
        };
        Line::styled(s, ui.theme.dim())
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = titled_block(ui, ui.t(Msg::TitleHouseholds).to_string());
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [search, filters, table, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(inner);

        let label = format!("{}: ", ui.t(Msg::SearchLabel));
        let box_style = if self.focus == Focus::Search { ui.theme.selected() } else { ui.theme.dim() };
        let value = self.input.value();
        let line = Line::from(vec![
            Span::styled(label.clone(), ui.theme.heading()),
            Span::styled(format!("{value} "), box_style),
        ]);
        f.render_widget(Paragraph::new(line), search);
        if self.focus == Focus::Search && self.popup.is_none() {
            let x = search.x + (label.chars().count() + self.input.cursor()) as u16;
            f.set_cursor_position((x.min(search.right().saturating_sub(1)), search.y));
        }

        let active = if self.filter_text.is_empty() {
            Span::styled(ui.t(Msg::FilterNone), ui.theme.dim())
        } else {
            Span::styled(self.filter_text.clone(), ui.theme.info())
        };
        let fl = Line::from(vec![Span::styled(format!("{}: ", ui.t(Msg::FilterLabel)), ui.theme.heading()), active]);
        f.render_widget(Paragraph::new(fl), filters);

        self.page = table.height.saturating_sub(1).max(1) as usize;
        self.scroll_into_view();
        let end = (self.offset + self.page).min(self.lines.len());
        let shown = self.lines.get(self.offset..end).unwrap_or(&[]);
        // A name query that found members other than heads shows who
        // matched in place of the address (which the household screen has).
        let with_member = shown.iter().any(|l| l.matched.is_some());
        let third = if with_member { Msg::ColMatched } else { Msg::ColAddress };
        let header = Row::new([
            ui.t(Msg::ColKk),
            ui.t(Msg::ColHead),
            ui.t(third),
            ui.t(Msg::ColRtRw),
            ui.t(Msg::ColMembers),
            ui.t(Msg::ColStatus),
        ])
        .style(ui.theme.heading());
        let member = ui.t(Msg::Member);
        let widths = [
            Constraint::Length(16),
            Constraint::Fill(1),
            Constraint::Fill(1),
            Constraint::Length(7),
            Constraint::Length(5),
            Constraint::Length(9),
        ];
        // Long names and addresses end in "…" rather than mid-word.
        let cols = column_widths(table.width, &widths);
        let rows = shown.iter().map(|l| {
            let third = match (&l.matched, with_member) {
                (Some(m), _) => format!("{m} ({member})"),
                (None, true) => String::new(),
                (None, false) => l.address.clone(),
            };
            Row::new(fit_cells(
                &cols,
                [l.no_kk.clone(), l.head.clone(), third, l.rt_rw.clone(), l.members.to_string(), l.status.clone()],
            ))
        });
        let highlight = if self.focus == Focus::List {
            ui.theme.selected()
        } else {
            ui.theme.dim().add_modifier(ratatui::style::Modifier::REVERSED)
        };
        let t = Table::new(rows, widths).header(header).row_highlight_style(highlight);
        let mut state = TableState::default().with_selected(self.selected.map(|s| s.saturating_sub(self.offset)));
        f.render_stateful_widget(t, table, &mut state);

        f.render_widget(Paragraph::new(self.foot(ui)), foot);

        if self.popup.is_some() {
            self.render_popup(f, area, ui);
        }
        if let Some((csv, input)) = &self.export_to {
            // The question over the foot line: where, whole, before anything is written.
            let label = ui.t(if *csv { Msg::AskExportCsvPath } else { Msg::AskExportXlsxPath });
            let mut v = input.value().to_string();
            let at = v.char_indices().nth(input.cursor()).map_or(v.len(), |(i, _)| i);
            v.insert(at, '▏');
            let line = Line::from(vec![Span::styled(format!("{label}: "), ui.theme.heading()), Span::raw(v)]);
            f.render_widget(Clear, foot);
            f.render_widget(Paragraph::new(line).wrap(ratatui::widgets::Wrap { trim: false }), foot);
        }
    }
}
