//! Drawn while the store opens in the background: the first frame comes
//! at once, whatever the size of the register.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::i18n::Msg;
use crate::tui::Ui;

pub fn render(f: &mut Frame, area: Rect, ui: &Ui) {
    let lines = vec![
        Line::styled(ui.t(Msg::OpeningRegister), ui.theme.heading()),
        Line::styled(ui.t(Msg::OpeningQuit), ui.theme.dim()),
    ];
    let at = area.centered(Constraint::Fill(1), Constraint::Length(2));
    f.render_widget(Paragraph::new(lines).centered(), at);
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::i18n::Lang;
    use crate::tui::Theme;

    fn shown(lang: Lang, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        let ui = Ui { lang, theme: Theme::from_no_color(None) };
        t.draw(|f| render(f, f.area(), &ui)).unwrap();
        let b = t.backend().buffer().clone();
        (0..h).map(|y| (0..w).map(|x| b[(x, y)].symbol()).collect::<String>() + "\n").collect()
    }

    #[test]
    fn the_opening_frame_says_what_is_happening_in_both_languages() {
        insta::assert_snapshot!("opening_80x24", shown(Lang::Id, 80, 24));
        assert!(shown(Lang::En, 80, 24).contains("Opening the register…"));
        // Any size, even one the screens refuse, gets the words or a part of them.
        assert!(shown(Lang::Id, 10, 1).contains("Membuka"));
    }
}
