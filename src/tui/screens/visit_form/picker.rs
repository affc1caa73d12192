//! The pick list of a field holding a list of codes (assets, the 15
//! tidak-layak reasons, programmes): every value in words, Enter ticks or
//! unticks the highlighted one and saves at once, Esc closes.

use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState};

use super::*;

#[derive(Debug)]
pub(super) struct Picker {
    pub field: FieldId,
    values: Vec<Choice>,
    ticked: Vec<bool>,
    state: ListState,
}

impl Picker {
    pub fn new(form: &VisitForm, field: FieldId) -> Option<Picker> {
        let (values, current) = list_values(form, field)?;
        let ticked = values.iter().map(|v| current.contains(&v.code)).collect();
        Some(Picker { field, values, ticked, state: ListState::default().with_selected(Some(0)) })
    }

    pub fn step(&mut self, action: Action) {
        let n = self.values.len();
        let cur = self.state.selected().unwrap_or(0);
        self.state.select(Some(super::super::step(Some(cur), n, action, 10).unwrap_or(0)));
    }

    /// Ticks or unticks the highlighted value; the field's new text.
    pub fn toggle(&mut self) -> String {
        if let Some(t) = self.state.selected().and_then(|i| self.ticked.get_mut(i)) {
            *t = !*t;
        }
        self.values.iter().zip(&self.ticked).filter(|(_, t)| **t).map(|(v, _)| v.code).collect::<Vec<_>>().join(",")
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, title: String, ui: &Ui) {
        let items: Vec<ListItem> = self
            .values
            .iter()
            .zip(&self.ticked)
            .map(|(v, t)| ListItem::new(format!("[{}] {}", if *t { "x" } else { " " }, v.label(ui.lang))))
            .collect();
        let at = Rect { height: area.height.min(self.values.len() as u16 + 2), ..area };
        f.render_widget(Clear, at);
        let list = List::new(items)
            .block(Block::default().borders(Borders::ALL).title(title))
            .highlight_style(ui.theme.selected());
        f.render_stateful_widget(list, at, &mut self.state);
    }
}
