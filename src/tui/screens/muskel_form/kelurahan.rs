//! Choosing the Muskel's kelurahan from the wilayah: type part of its name
//! (spellings folded) or of its code, pick with the arrows, Enter takes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph};

use crate::domain::names;
use crate::domain::wilayah::{Level, Wilayah};
use crate::i18n::Msg;
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::keymap::KeyChord;
use crate::tui::widgets::TextInput;

/// Rows shown at most; typing narrows the rest.
const SHOWN: usize = 200;

#[derive(Debug)]
struct Place {
    code: String,
    /// "Kampung Melayu, Jatinegara".
    text: String,
    folded: String,
}

#[derive(Debug)]
pub(super) struct KelurahanPick {
    input: TextInput,
    all: Vec<Place>,
    /// Indexes into `all` of the places the query matches.
    matched: Vec<usize>,
    state: ListState,
}

impl KelurahanPick {
    pub fn new(w: &Wilayah, current: &str) -> Self {
        let all = w
            .all(Level::Kelurahan)
            .into_iter()
            .map(|r| {
                let kec = r.code.get(..8).and_then(|k| w.name(k)).unwrap_or_default();
                let text = if kec.is_empty() { r.name.clone() } else { format!("{}, {kec}", r.name) };
                Place { folded: names::fold(&text), code: r.code.clone(), text }
            })
            .collect();
        let mut p =
            KelurahanPick { input: TextInput::default(), all, matched: Vec::new(), state: ListState::default() };
        p.narrow();
        if let Some(i) = p.matched.iter().position(|&i| p.all[i].code == current) {
            p.state.select(Some(i));
        }
        p
    }

    fn narrow(&mut self) {
        let q = self.input.value().trim();
        let digits = !q.is_empty() && q.chars().all(|c| c.is_ascii_digit() || c == '.');
        let folded = names::fold_query(q);
        self.matched = (0..self.all.len())
            .filter(|&i| {
                let p = &self.all[i];
                if digits { p.code.starts_with(q) } else { names::matches(&folded, &p.folded) }
            })
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
        let n = self.matched.len().min(SHOWN);
        self.state.select(super::super::step(self.state.selected(), n, action, 10));
    }

    /// The code of the highlighted kelurahan.
    pub fn chosen(&self) -> Option<String> {
        self.state.selected().and_then(|i| self.matched.get(i)).map(|&i| self.all[i].code.clone())
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        f.render_widget(Clear, area);
        let block = Block::default().borders(Borders::ALL).title(format!(
            "{} ({})",
            ui.t(Msg::ColKelurahan),
            crate::i18n::fmt_count(ui.lang, self.matched.len() as u64)
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height < 2 {
            return;
        }
        let mut v = self.input.value().to_string();
        let at = v.char_indices().nth(self.input.cursor()).map_or(v.len(), |(i, _)| i);
        v.insert(at, '▏');
        let search =
            Line::from(vec![Span::styled(format!("{}: ", ui.t(Msg::PickKelurahan)), ui.theme.heading()), Span::raw(v)]);
        f.render_widget(Paragraph::new(search), Rect { height: 1, ..inner });
        let items: Vec<ListItem> = self
            .matched
            .iter()
            .take(SHOWN)
            .map(|&i| ListItem::new(format!("{}  {}", self.all[i].code, self.all[i].text)))
            .collect();
        let list = List::new(items).highlight_style(ui.theme.selected());
        let rest = Rect { y: inner.y + 1, height: inner.height - 1, ..inner };
        f.render_stateful_widget(list, rest, &mut self.state);
    }
}
