//! Styles, from the 16 ANSI colours only. With NO_COLOR set (and not empty,
//! per no-color.org) no colour is used, only bold and reverse.

use std::ffi::OsStr;

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Self {
        Theme { color }
    }

    /// From the value of the NO_COLOR environment variable of the session.
    pub fn from_no_color(value: Option<&OsStr>) -> Self {
        Theme::new(value.is_none_or(|v| v.is_empty()))
    }

    pub fn has_color(&self) -> bool {
        self.color
    }

    fn fg(&self, style: Style, color: Color) -> Style {
        if self.color { style.fg(color) } else { style }
    }

    pub fn title(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
    }

    pub fn heading(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Yellow)
    }

    pub fn key(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn error(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Red)
    }

    pub fn info(&self) -> Style {
        self.fg(Style::new(), Color::Green)
    }

    pub fn dim(&self) -> Style {
        self.fg(Style::new(), Color::DarkGray)
    }

    pub fn border(&self) -> Style {
        self.fg(Style::new(), Color::Blue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_drops_colours_but_keeps_emphasis() {
        let plain = Theme::from_no_color(Some(OsStr::new("1")));
        assert!(!plain.has_color());
        assert_eq!(plain.error().fg, None);
        assert!(plain.error().add_modifier.contains(Modifier::BOLD));
        assert!(plain.selected().add_modifier.contains(Modifier::REVERSED));
        // Empty means unset.
        assert!(Theme::from_no_color(Some(OsStr::new(""))).has_color());
        let colored = Theme::from_no_color(None);
        assert_eq!(colored.error().fg, Some(Color::Red));
    }
}
