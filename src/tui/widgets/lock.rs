//! The idle lock: drawn instead of everything else once a session has sat
//! without a key for its idle time. It shows the user's name and nothing
//! of the register; the screens under it stay as they were, drafts too.

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::i18n::lock as words;
use crate::tui::Ui;
use crate::tui::keymap::KeyChord;

/// Wrong passwords before the session ends.
pub const MAX_TRIES: u32 = 5;

#[derive(Debug)]
pub struct Lock {
    typed: String,
    /// The user has a password: it unlocks. Without one a local screen
    /// opens on Enter, and an SSH session ends (the key logs in again).
    has_password: bool,
    remote: bool,
    idle_minutes: u64,
    wrong: u32,
}

/// What a key on the lock asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum LockKey {
    Stay,
    /// Check this password.
    Try(String),
    /// Open without a password (a local screen of a user who has none).
    Open,
    /// End the session.
    End,
}

impl Lock {
    pub fn new(has_password: bool, remote: bool, idle_minutes: u64) -> Lock {
        Lock { typed: String::new(), has_password, remote, idle_minutes, wrong: 0 }
    }

    pub fn key(&mut self, chord: KeyChord) -> LockKey {
        if chord.mods.contains(KeyModifiers::CONTROL) && chord.code == KeyCode::Char('c') {
            return LockKey::End;
        }
        match chord.code {
            KeyCode::Enter if self.has_password => LockKey::Try(std::mem::take(&mut self.typed)),
            KeyCode::Enter if self.remote => LockKey::End,
            KeyCode::Enter => LockKey::Open,
            KeyCode::Backspace => {
                self.typed.pop();
                LockKey::Stay
            }
            KeyCode::Char(c) if self.has_password && !chord.mods.contains(KeyModifiers::CONTROL) => {
                self.typed.push(c);
                LockKey::Stay
            }
            _ => LockKey::Stay,
        }
    }

    /// A wrong password: true when the tries are used up.
    pub fn wrong(&mut self) -> bool {
        self.wrong += 1;
        self.wrong >= MAX_TRIES
    }

    pub fn render(&self, f: &mut Frame, area: Rect, ui: &Ui, user: &str) {
        let lang = ui.lang;
        let mut lines = vec![
            Line::from(words::locked(lang, user, self.idle_minutes)),
            Line::from(""),
            Line::from(match (self.has_password, self.remote) {
                (true, _) => words::type_password(lang).to_string(),
                (false, true) => words::log_in_again(lang).to_string(),
                (false, false) => words::press_enter(lang, user),
            }),
        ];
        if self.has_password {
            lines.push(Line::from(""));
            lines.push(Line::from(format!("> {}", "•".repeat(self.typed.chars().count()))));
        }
        if self.wrong > 0 {
            lines.push(Line::from(""));
            lines.push(Line::styled(words::wrong(lang, MAX_TRIES - self.wrong), ui.theme.error()));
        }
        // Rows once wrapped to the box's inner width, plus its borders.
        let inner = area.width.saturating_sub(2).max(1) as usize;
        let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
        let height = (rows as u16 + 2).min(area.height);
        let [_, middle, _] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(height), Constraint::Fill(1)]).areas(area);
        let block = Block::default().borders(Borders::ALL).title(format!(" DTKS · {} ", words::title(lang)));
        f.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), middle);
    }
}
