//! Choosing the kelurahan of the queue by name: the kelurahan holding anyone
//! in the programme's queue, with how many; typing narrows by name
//! (spellings folded), Enter takes the highlighted one, the first line
//! ("all") goes back to the whole register.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph};

use crate::domain::names;
use crate::i18n::screens_eligible::{E, e};
use crate::i18n::{Lang, fmt_count};
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::keymap::KeyChord;
use crate::tui::widgets::TextInput;

#[derive(Debug)]
struct Place {
    /// `None`: the whole register.
    code: Option<String>,
    name: String,
    folded: String,
    persons: Option<u64>,
}

#[derive(Debug)]
pub(super) struct KelurahanPick {
    input: TextInput,
    all: Vec<Place>,
    matched: Vec<usize>,
    state: ListState,
}

impl KelurahanPick {
    /// `places`: (code, name, persons) of the programme's queue.
    pub fn new(lang: Lang, places: Vec<(String, String, u64)>, current: Option<&str>) -> Self {
        let mut all = vec![Place {
            code: None,
            name: e(lang, E::AllKelurahan).to_string(),
            folded: String::new(),
            persons: None,
        }];
        all.extend(places.into_iter().map(|(code, name, n)| Place {
            folded: names::fold(&name),
            code: Some(code),
            name,
            persons: Some(n),
        }));
        let mut p =
            KelurahanPick { input: TextInput::default(), all, matched: Vec::new(), state: ListState::default() };
        p.narrow();
        if let Some(i) = p.matched.iter().position(|&i| p.all[i].code.as_deref() == current) {
            p.state.select(Some(i));
        }
        p
    }

    fn narrow(&mut self) {
        let q = names::fold_query(self.input.value().trim());
        self.matched = (0..self.all.len())
            .filter(|&i| q.is_empty() || (self.all[i].code.is_some() && names::matches(&q, &self.all[i].folded)))
            .collect();
        self.state.select((!self.matched.is_empty()).then_some(0));
    }

    pub fn type_key(&mut self, chord: KeyChord) -> bool {
        let changed = self.input.handle(chord);
        if changed {
            self.narrow();
        }
        changed
    }

    pub fn step(&mut self, action: Action) {
        self.state.select(super::super::step(self.state.selected(), self.matched.len(), action, 10));
    }

    /// The highlighted line: `Some(None)` is "all", `None` nothing matched.
    pub fn chosen(&self) -> Option<Option<(String, String)>> {
        let i = *self.matched.get(self.state.selected()?)?;
        let p = &self.all[i];
        Some(p.code.clone().map(|c| (c, p.name.clone())))
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let lang = ui.lang;
        let rect = area.centered(Constraint::Length(area.width.min(50)), Constraint::Length(area.height));
        f.render_widget(Clear, rect);
        let block = Block::bordered()
            .border_style(ui.theme.border())
            .title(Line::styled(format!(" {} ", e(lang, E::PickTitle)), ui.theme.title()));
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        if inner.height < 2 {
            return;
        }
        let mut v = self.input.value().to_string();
        let at = v.char_indices().nth(self.input.cursor()).map_or(v.len(), |(i, _)| i);
        v.insert(at, '▏');
        let search =
            Line::from(vec![Span::styled(format!("{}: ", e(lang, E::PickSearch)), ui.theme.heading()), Span::raw(v)]);
        f.render_widget(Paragraph::new(search), Rect { height: 1, ..inner });
        let width = inner.width as usize;
        let items: Vec<ListItem> = self
            .matched
            .iter()
            .map(|&i| {
                let p = &self.all[i];
                let n = p.persons.map(|n| fmt_count(lang, n)).unwrap_or_default();
                let room = width.saturating_sub(n.chars().count() + 1);
                let name: String = p.name.chars().take(room).collect();
                ListItem::new(format!("{name:<room$} {n}"))
            })
            .collect();
        let list = List::new(items).highlight_style(ui.theme.selected());
        let rest = Rect { y: inner.y + 1, height: inner.height - 1, ..inner };
        f.render_stateful_widget(list, rest, &mut self.state);
    }
}
