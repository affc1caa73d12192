//! The key help overlay, generated from the active keymap so it always
//! matches the bindings: one section per context, keys grouped per action.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::OverlayResult;
use crate::i18n::Msg;
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};

#[derive(Clone, Debug, Default)]
pub struct HelpOverlay {
    scroll: usize,
    /// Visible rows at the last draw, for paging.
    page: usize,
    /// Lines at the last draw, to stop scrolling at the end.
    total: usize,
}

impl HelpOverlay {
    pub const HINTS: &'static [(Action, Msg)] = &[(Action::Down, Msg::HintScroll), (Action::Back, Msg::HintClose)];

    pub fn new() -> Self {
        Self::default()
    }

    pub fn scroll(&self) -> usize {
        self.scroll
    }

    fn max_scroll(&self) -> usize {
        self.total.saturating_sub(self.page)
    }

    pub fn handle(&mut self, action: Action) -> OverlayResult {
        let page = self.page.max(1);
        let before = self.scroll;
        self.scroll = match action {
            Action::Up => self.scroll.saturating_sub(1),
            Action::Down => self.scroll + 1,
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::PageDown => self.scroll + page,
            Action::Home => 0,
            Action::End => self.max_scroll(),
            Action::Back | Action::Help | Action::Cancel => return OverlayResult::Close,
            _ => return OverlayResult::PassThrough,
        }
        .min(self.max_scroll());
        OverlayResult::Stay(self.scroll != before)
    }

    /// The text of the overlay: a heading per context that has bindings,
    /// then one line per action with all its keys.
    pub fn lines(keymap: &Keymap, ui: &Ui) -> Vec<Line<'static>> {
        let mut sections: Vec<(Context, Vec<(String, Action)>)> = Vec::new();
        for ctx in Context::ALL {
            let mut rows: Vec<(String, Action)> = Vec::new();
            for (key, action) in keymap.hints(ctx) {
                match rows.last_mut() {
                    Some((keys, a)) if *a == action => {
                        keys.push_str(", ");
                        keys.push_str(&key);
                    }
                    _ => rows.push((key, action)),
                }
            }
            if !rows.is_empty() {
                sections.push((ctx, rows));
            }
        }
        let width = sections
            .iter()
            .flat_map(|(_, rows)| rows.iter().map(|(k, _)| k.chars().count()))
            .max()
            .unwrap_or(0)
            .min(24);
        let mut lines = Vec::new();
        for (ctx, rows) in sections {
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(ui.t(ctx.title()).to_string(), ui.theme.heading()));
            for (keys, action) in rows {
                lines.push(Line::from(vec![
                    Span::raw("  "),
                    Span::styled(format!("{keys:<width$}"), ui.theme.key()),
                    Span::raw("  "),
                    Span::raw(ui.t(action.help())),
                ]));
            }
        }
        lines
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui, keymap: &Keymap) {
        let rect = area.inner(Margin::new(4, 1));
        let lines = Self::lines(keymap, ui);
        self.total = lines.len();
        self.page = rect.height.saturating_sub(2) as usize;
        self.scroll = self.scroll.min(self.max_scroll());
        let last = (self.scroll + self.page).min(self.total);
        let block = Block::bordered()
            .border_style(ui.theme.border())
            .title(Line::styled(format!(" {} ", ui.t(Msg::TitleHelp)), ui.theme.title()))
            .title_bottom(Line::raw(format!(" {}–{}/{} ", self.scroll + 1, last, self.total)).right_aligned());
        f.render_widget(Clear, rect);
        let scroll = u16::try_from(self.scroll).unwrap_or(u16::MAX);
        f.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), rect);
    }
}
