use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::service::Clock;
use crate::tui::keymap::KeymapChoice;

fn app_with(choice: KeymapChoice) -> App {
    let (keymap, errors) = Keymap::load(&choice, None);
    assert!(errors.is_empty(), "{errors:?}");
    let svc =
        Service::open_temporary(Clock::fixed(chrono::NaiveDate::from_ymd_opt(2024, 12, 13).unwrap(), 10, 42)).unwrap();
    let mut a = App::new(Lang::Id, Theme::new(false), keymap, Arc::new(svc), Actor::new("tes"));
    a.run_queued_jobs();
    a
}

fn app() -> App {
    app_with(KeymapChoice::Default)
}

fn press(app: &mut App, key: &str) -> bool {
    let chord: KeyChord = key.parse().unwrap();
    app.update(Event::Key(KeyEvent::new(chord.code, chord.mods)))
}

fn press_all(app: &mut App, keys: &[&str]) {
    for k in keys {
        press(app, k);
    }
}

fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.view(f)).unwrap();
    term
}

fn screen_text(term: &Terminal<TestBackend>) -> String {
    term.backend().to_string()
}

#[test]
fn quit_without_unsaved_changes_leaves_at_once() {
    let mut a = app();
    assert!(press(&mut a, "q"));
    assert!(a.quit);
    assert!(a.overlay().is_none());
}

#[test]
fn quit_with_unsaved_changes_asks_and_n_stays() {
    let mut a = app();
    a.unsaved = true;
    press(&mut a, "q");
    assert!(!a.quit);
    assert!(matches!(a.overlay(), Some(Overlay::Confirm(_))));
    // The dialog is modal: a screen key does nothing.
    assert!(!press(&mut a, "b"));
    assert!(matches!(a.overlay(), Some(Overlay::Confirm(_))));
    press(&mut a, "n");
    assert!(!a.quit);
    assert!(a.overlay().is_none());
    press_all(&mut a, &["q", "y"]);
    assert!(a.quit);
}

#[test]
fn quit_event_from_a_signal_never_asks() {
    let mut a = app();
    a.unsaved = true;
    assert!(a.update(Event::Quit));
    assert!(a.quit);
}

#[test]
fn key_releases_are_ignored() {
    let mut a = app();
    let mut ev = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    ev.kind = KeyEventKind::Release;
    assert!(!a.update(Event::Key(ev)));
    assert!(!a.quit);
}

#[test]
fn help_toggles_and_esc_closes_it() {
    let mut a = app();
    press(&mut a, "?");
    assert!(matches!(a.overlay(), Some(Overlay::Help(_))));
    assert_eq!(a.contexts(), [Context::Help, Context::Global]);
    press(&mut a, "?");
    assert!(a.overlay().is_none());
    press_all(&mut a, &["f1", "esc"]);
    assert!(a.overlay().is_none());
    // In help, q closes the overlay instead of quitting.
    press_all(&mut a, &["?", "q"]);
    assert!(a.overlay().is_none());
    assert!(!a.quit);
}

#[test]
fn help_scrolls_within_its_content() {
    let mut a = app();
    press(&mut a, "?");
    render(&mut a, 80, 24);
    let scroll = |a: &App| match a.overlay() {
        Some(Overlay::Help(h)) => h.scroll(),
        _ => panic!("help closed"),
    };
    assert!(!press(&mut a, "up"));
    assert!(press(&mut a, "down"));
    assert_eq!(scroll(&a), 1);
    press(&mut a, "end");
    let end = scroll(&a);
    assert!(end > 1);
    assert!(!press(&mut a, "down"));
    assert!(!press(&mut a, "pgdn"));
    assert_eq!(scroll(&a), end);
    press(&mut a, "home");
    assert_eq!(scroll(&a), 0);
}

#[test]
fn palette_filters_as_you_type_and_runs_the_selection() {
    let mut a = app();
    press(&mut a, ":");
    assert!(matches!(a.overlay(), Some(Overlay::Palette(_))));
    // Printable keys go to the query, even ones bound globally ("q", "b").
    press_all(&mut a, &["b", "a", "n", "t", "u", "a", "n"]);
    assert!(!a.quit);
    let Some(Overlay::Palette(p)) = a.overlay() else { panic!("palette closed") };
    assert_eq!(p.query(), "bantuan");
    assert_eq!(p.matches().first(), Some(&Action::Help));
    press(&mut a, "enter");
    assert!(matches!(a.overlay(), Some(Overlay::Help(_))));
}

#[test]
fn palette_runs_quit_and_esc_closes_without_running() {
    let mut a = app();
    press_all(&mut a, &[":", "k", "e", "l", "u", "a", "r", "esc"]);
    assert!(a.overlay().is_none());
    assert!(!a.quit);
    press_all(&mut a, &[":", "k", "e", "l", "u", "a", "r", "enter"]);
    assert!(a.quit);
}

#[test]
fn unavailable_action_shows_a_notice_until_the_next_key() {
    let mut a = app();
    press(&mut a, "x");
    let n = a.notice().expect("notice");
    assert_eq!(n.text, "Perintah ini belum tersedia di sini.");
    assert!(!n.error);
    assert!(press(&mut a, "z"));
    assert!(a.notice().is_none());
}

#[test]
fn error_notice_stays_until_back() {
    let mut a = app();
    a.set_notice("keymap.toml:3:1: unknown action 'x'", true);
    press(&mut a, "z");
    assert!(a.notice().is_some());
    press(&mut a, "esc");
    assert!(a.notice().is_none());
}

#[test]
fn vim_sequence_g_g_waits_for_the_second_key() {
    let mut a = app_with(KeymapChoice::Vim);
    assert!(press(&mut a, "g"));
    assert_eq!(a.pending().len(), 1);
    let text = screen_text(&render(&mut a, 80, 24));
    assert!(text.contains("g …"), "{text}");
    press(&mut a, "g");
    assert!(a.pending().is_empty());
    // Cancelled by an unrelated key, which is then dropped (q does not quit).
    press_all(&mut a, &["g", "q"]);
    assert!(a.pending().is_empty());
    assert!(!a.quit);
}

#[test]
fn too_small_below_80_by_24_only() {
    let mut a = app();
    let text = screen_text(&render(&mut a, 80, 24));
    assert!(text.contains("Beranda"));
    assert!(!text.contains("terlalu kecil"));
    for (w, h) in [(79, 24), (80, 23)] {
        let text = screen_text(&render(&mut a, w, h));
        assert!(text.contains(&format!("sekarang {w}×{h}")), "{text}");
        assert!(!text.contains("Beranda"));
    }
}

#[test]
fn status_bar_shows_keys_from_the_keymap() {
    let mut a = app();
    let term = render(&mut a, 80, 24);
    let buf = term.backend().buffer();
    let last: String = (0..80).map(|x| buf[(x, 23)].symbol().to_string()).collect();
    assert_eq!(last.trim_end(), "Enter pilih wilayah  r rumah tangga  t terakhir  ? Bantuan  : Perintah  q Keluar");
    press(&mut a, "?");
    let term = render(&mut a, 80, 24);
    let buf = term.backend().buffer();
    let last: String = (0..80).map(|x| buf[(x, 23)].symbol().to_string()).collect();
    assert_eq!(last.trim_end(), "↓ Gulir  Esc Tutup");
}

#[test]
fn snapshot_dashboard_80x24() {
    let mut a = app();
    insta::assert_snapshot!(render(&mut a, 80, 24).backend());
}

#[test]
fn snapshot_help_overlay_80x24() {
    let mut a = app();
    press(&mut a, "?");
    insta::assert_snapshot!(render(&mut a, 80, 24).backend());
}

#[test]
fn snapshot_palette_filtered_80x24() {
    let mut a = app();
    press_all(&mut a, &[":", "k", "e"]);
    let term = render(&mut a, 80, 24);
    // Snapshots hold no styles: the selected row must be reversed.
    let buf = term.backend().buffer();
    let reversed = |y: u16| buf[(10, y)].modifier.contains(ratatui::style::Modifier::REVERSED);
    assert!(reversed(4) && !reversed(5));
    insta::assert_snapshot!(term.backend());
}

#[test]
fn keymap_errors_become_one_notice_line() {
    use crate::tui::keymap_notice;
    let (_, errors) = Keymap::load(&KeymapChoice::File("/nonexistent/k.toml".into()), None);
    let n = keymap_notice(Lang::En, &errors).unwrap();
    assert!(n.starts_with("Keymap errors: /nonexistent/k.toml: cannot read"), "{n}");
    assert!(keymap_notice(Lang::Id, &[]).is_none());
    let twice = [errors[0].clone(), errors[0].clone()];
    assert!(keymap_notice(Lang::Id, &twice).unwrap().ends_with("(+1 lagi)"));
}

#[test]
fn snapshot_quit_confirmation_80x24() {
    let mut a = app();
    a.unsaved = true;
    press(&mut a, "q");
    insta::assert_snapshot!(render(&mut a, 80, 24).backend());
}

#[test]
fn snapshot_too_small_79x24() {
    let mut a = app();
    insta::assert_snapshot!(render(&mut a, 79, 24).backend());
}

#[test]
fn snapshot_too_small_english_40x10() {
    let mut a = app();
    a.ui.lang = Lang::En;
    insta::assert_snapshot!(render(&mut a, 40, 10).backend());
}

#[test]
fn colours_are_dropped_under_no_color() {
    let mut a = app();
    a.set_notice("gagal", true);
    let term = render(&mut a, 80, 24);
    let buf = term.backend().buffer();
    assert!(buf.content().iter().all(|c| c.fg == ratatui::style::Color::Reset));
    a.ui.theme = Theme::new(true);
    let term = render(&mut a, 80, 24);
    assert_eq!(term.backend().buffer()[(0, 23)].fg, ratatui::style::Color::Red);
}

#[test]
fn a_global_jump_replaces_the_screens_above_the_dashboard() {
    let mut a = app();
    press_all(&mut a, &["r", "tab", "d", "a", "m", "u"]);
    assert_eq!(a.screens.len(), 2, "dashboard and the last jump");
    let top = screen_text(&render(&mut a, 80, 24));
    assert!(top.lines().next().unwrap().contains("Beranda › Usulan  "), "{top}");
    press_all(&mut a, &["r"]);
    let top = screen_text(&render(&mut a, 80, 24));
    assert!(top.lines().next().unwrap().contains("Beranda › Rumah Tangga  "), "{top}");
    press_all(&mut a, &["esc"]);
    assert_eq!(a.screens.len(), 1, "back goes to the dashboard, not through every jump");
}

#[test]
fn keys_do_nothing_while_the_terminal_is_too_small_but_quit() {
    let mut a = app();
    render(&mut a, 79, 24);
    assert!(!press(&mut a, "r"));
    assert_eq!(a.screens.len(), 1);
    assert!(!press(&mut a, "?"));
    assert!(a.overlay.is_none());
    // Grown again (a resize event, then the frame): keys act.
    a.update(Event::Resize(80, 24));
    render(&mut a, 80, 24);
    press(&mut a, "r");
    assert_eq!(a.screens.len(), 2);
    a.update(Event::Resize(60, 20));
    press(&mut a, "esc");
    assert_eq!(a.screens.len(), 2, "Back did nothing while too small");
    press(&mut a, "q");
    assert!(a.quit, "quitting still works");
}

#[test]
fn every_keymap_opens_the_households_list_where_its_keys_work() {
    // Default: focus in the search box, so typing searches.
    let mut a = app();
    press_all(&mut a, &["r", "j"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.query(), "j");
    // Vim: focus on the table, so j moves rather than types; / searches.
    let mut a = app_with(KeymapChoice::Vim);
    press_all(&mut a, &["r", "j"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.query(), "");
    assert!(!s.text_focused());
    press_all(&mut a, &["/", "j"]);
    let Screen::Households(s) = a.screen() else { panic!() };
    assert_eq!(s.query(), "j");
}

#[test]
fn slash_starts_a_search_from_the_dashboard() {
    for choice in [KeymapChoice::Default, KeymapChoice::Vim] {
        let mut a = app_with(choice);
        press_all(&mut a, &["/", "s", "i"]);
        let Screen::Households(s) = a.screen() else { panic!("/ did not open the search") };
        assert_eq!(s.query(), "si");
        assert_eq!(a.screens.len(), 2);
    }
}
