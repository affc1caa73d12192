//! The command palette: every action with its key, filtered by fuzzy
//! matching as you type; Enter runs the selected one.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph};

use super::{OverlayResult, TextInput};
use crate::i18n::{Lang, Msg, text};
use crate::tui::Ui;
use crate::tui::action::{ACTIONS, Action};
use crate::tui::keymap::{Context, KeyChord, Keymap};

pub struct Palette {
    lang: Lang,
    input: TextInput,
    matcher: Matcher,
    /// Matching actions, best first.
    matches: Vec<Action>,
    list: ListState,
    /// Visible rows at the last draw, for paging.
    page: usize,
}

impl std::fmt::Debug for Palette {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Palette").field("query", &self.input.value()).field("matches", &self.matches).finish()
    }
}

impl Palette {
    pub const HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintRun), (Action::Back, Msg::HintClose)];

    pub fn new(lang: Lang) -> Self {
        let mut p = Palette {
            lang,
            input: TextInput::default(),
            matcher: Matcher::new(Config::DEFAULT),
            matches: Vec::new(),
            list: ListState::default(),
            page: 10,
        };
        p.refilter();
        p
    }

    pub fn query(&self) -> &str {
        self.input.value()
    }

    pub fn matches(&self) -> &[Action] {
        &self.matches
    }

    pub fn selected(&self) -> Option<Action> {
        self.list.selected().and_then(|i| self.matches.get(i).copied())
    }

    /// The text an action is matched against: its help text, and the name
    /// keymap files use (not shown, but found when typed).
    fn haystack(lang: Lang, action: Action) -> String {
        format!("{} {}", text(lang, action.help()), action.name())
    }

    fn refilter(&mut self) {
        let query = self.input.value();
        self.matches = if query.trim().is_empty() {
            ACTIONS.iter().map(|(a, ..)| *a).collect()
        } else {
            let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
            let mut buf = Vec::new();
            let mut scored: Vec<(u32, Action)> = ACTIONS
                .iter()
                .filter_map(|(a, ..)| {
                    let hay = Self::haystack(self.lang, *a);
                    let score = pattern.score(Utf32Str::new(&hay, &mut buf), &mut self.matcher)?;
                    Some((score, *a))
                })
                .collect();
            // Stable: equal scores keep registry order.
            scored.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
            scored.into_iter().map(|(_, a)| a).collect()
        };
        self.list = ListState::default().with_selected((!self.matches.is_empty()).then_some(0));
    }

    /// A key typed into the query field.
    pub fn type_key(&mut self, chord: KeyChord) -> bool {
        let changed = self.input.handle(chord);
        if changed {
            self.refilter();
        }
        changed
    }

    fn select(&mut self, i: usize) -> bool {
        let Some(last) = self.matches.len().checked_sub(1) else {
            return false;
        };
        let i = i.min(last);
        let changed = self.list.selected() != Some(i);
        self.list.select(Some(i));
        changed
    }

    pub fn handle(&mut self, action: Action) -> OverlayResult {
        let cur = self.list.selected().unwrap_or(0);
        let page = self.page.max(1);
        let changed = match action {
            Action::Up => self.select(cur.saturating_sub(1)),
            Action::Down => self.select(cur + 1),
            Action::PageUp => self.select(cur.saturating_sub(page)),
            Action::PageDown => self.select(cur + page),
            Action::Home => self.select(0),
            Action::End => self.select(usize::MAX),
            Action::Open => {
                return self.selected().map_or(OverlayResult::Stay(false), OverlayResult::Run);
            }
            Action::Back | Action::Cancel | Action::Palette => return OverlayResult::Close,
            _ => return OverlayResult::PassThrough,
        };
        OverlayResult::Stay(changed)
    }

    /// `contexts` are those of the screen below, so each action shows the
    /// key that would run it there.
    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui, keymap: &Keymap, contexts: &[Context]) {
        let width = area.width.saturating_sub(8).min(72);
        let height = area.height.saturating_sub(2).min(20);
        let rect = area.centered(Constraint::Length(width), Constraint::Length(height));
        let block = Block::bordered()
            .border_style(ui.theme.border())
            .title(Line::styled(format!(" {} ", ui.t(Msg::TitlePalette)), ui.theme.title()));
        let inner = block.inner(rect);
        f.render_widget(Clear, rect);
        f.render_widget(block, rect);
        let [query_row, list_area] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);

        let prompt = Line::from(vec![Span::styled("> ", ui.theme.key()), Span::raw(self.input.value())]);
        f.render_widget(Paragraph::new(prompt), query_row);
        let cursor_x = query_row.x + 2 + u16::try_from(self.input.cursor()).unwrap_or(u16::MAX);
        f.set_cursor_position(Position::new(cursor_x.min(query_row.right().saturating_sub(1)), query_row.y));

        self.page = list_area.height as usize;
        if self.matches.is_empty() {
            f.render_widget(Paragraph::new(ui.t(Msg::PaletteNoMatch)).style(ui.theme.dim()), list_area);
            return;
        }
        let row_width = list_area.width as usize;
        let items: Vec<ListItem> = self
            .matches
            .iter()
            .map(|a| {
                let help = ui.t(a.help());
                let key = keymap.key_for(contexts, *a).unwrap_or_default();
                // A space before the text and one after the key.
                let used = help.chars().count() + key.chars().count() + 2;
                let gap = row_width.saturating_sub(used).max(1);
                ListItem::new(Line::from(vec![
                    Span::raw(" "),
                    Span::raw(help),
                    Span::raw(" ".repeat(gap)),
                    Span::styled(key, ui.theme.key()),
                ]))
            })
            .collect();
        let list = List::new(items).highlight_style(ui.theme.selected());
        f.render_stateful_widget(list, list_area, &mut self.list);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(p: &mut Palette, s: &str) {
        for c in s.chars() {
            p.type_key(KeyChord::plain(crossterm::event::KeyCode::Char(c)));
        }
    }

    #[test]
    fn empty_query_lists_every_action_in_registry_order() {
        let p = Palette::new(Lang::Id);
        assert_eq!(p.matches().len(), ACTIONS.len());
        assert_eq!(p.selected(), Some(ACTIONS[0].0));
    }

    #[test]
    fn query_matches_help_text_in_the_session_language() {
        let mut p = Palette::new(Lang::Id);
        typed(&mut p, "ekspor");
        assert_eq!(p.matches().first(), Some(&Action::Export));
        let mut p = Palette::new(Lang::En);
        typed(&mut p, "dashboard");
        assert_eq!(p.matches().first(), Some(&Action::GoDashboard));
        typed(&mut p, "zzzz");
        assert!(p.matches().is_empty());
        assert_eq!(p.handle(Action::Open), OverlayResult::Stay(false));
    }

    #[test]
    fn selection_stays_within_the_matches() {
        let mut p = Palette::new(Lang::Id);
        assert_eq!(p.handle(Action::Up), OverlayResult::Stay(false));
        assert_eq!(p.handle(Action::End), OverlayResult::Stay(true));
        assert_eq!(p.selected(), ACTIONS.last().map(|(a, ..)| *a));
        assert_eq!(p.handle(Action::Down), OverlayResult::Stay(false));
        assert_eq!(p.handle(Action::Home), OverlayResult::Stay(true));
        assert_eq!(p.handle(Action::Open), OverlayResult::Run(ACTIONS[0].0));
    }
}
