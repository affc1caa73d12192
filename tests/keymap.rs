//! Keymap loading: the shipped files, one fixture per kind of error, user
//! overrides and key sequences.

use std::path::{Path, PathBuf};

use dtks::tui::Action;
use dtks::tui::keymap::{Context, KeyChord, Keymap, KeymapChoice, KeymapError, KeymapErrorKind, Lookup, parse_keys};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/keymaps").join(name)
}

fn check(name: &str) -> (Keymap, Vec<KeymapError>) {
    let path = fixture(name);
    let mut km = Keymap::new();
    let errors = km.merge_file(&path);
    for e in &errors {
        assert_eq!(e.path, path);
    }
    (km, errors)
}

fn keys(s: &str) -> Vec<KeyChord> {
    parse_keys(s).unwrap()
}

fn k(s: &str) -> KeyChord {
    s.parse().unwrap()
}

#[test]
fn shipped_keymaps_load_without_errors() {
    for choice in [KeymapChoice::Default, KeymapChoice::Vim] {
        let (km, errors) = Keymap::load(&choice, None);
        assert!(errors.is_empty(), "{choice:?}: {errors:#?}");
        assert_eq!(km.get(Context::Global, &keys("q")), Some(Action::Quit));
        assert_eq!(km.get(Context::Global, &keys("?")), Some(Action::Help));
        assert_eq!(km.get(Context::Global, &keys(":")), Some(Action::Palette));
        assert_eq!(km.get(Context::Global, &keys("F")), Some(Action::Counts));
        assert_eq!(km.get(Context::List, &keys("enter")), Some(Action::Open));
        assert_eq!(km.get(Context::List, &keys("shift-tab")), Some(Action::PrevPane));
        assert_eq!(km.get(Context::Dialog, &keys("y")), Some(Action::Confirm));
    }
    let (vim, _) = Keymap::load(&KeymapChoice::Vim, None);
    assert_eq!(vim.get(Context::List, &keys("j")), Some(Action::Down));
    assert_eq!(vim.get(Context::List, &keys("g g")), Some(Action::Home));
    assert_eq!(vim.get(Context::List, &keys("G")), Some(Action::End));
    assert_eq!(vim.get(Context::List, &keys("ctrl-d")), Some(Action::PageDown));
    let (default, _) = Keymap::load(&KeymapChoice::Default, None);
    assert_eq!(default.get(Context::List, &keys("j")), None);
}

#[test]
fn every_action_used_by_the_ui_is_reachable_in_the_default_keymap() {
    let (km, _) = Keymap::load(&KeymapChoice::Default, None);
    for (action, name, _) in dtks::tui::action::ACTIONS {
        // force-quit is reachable from the palette and the quit dialog only.
        if *action == Action::ForceQuit {
            continue;
        }
        assert!(km.bindings().iter().any(|b| b.action == *action), "{name} unbound");
    }
}

#[test]
fn unknown_action_names_file_line_key_and_action() {
    let (km, errors) = check("unknown_action.toml");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!((e.line, e.col), (4, 7));
    assert!(matches!(&e.kind, KeymapErrorKind::UnknownAction { action, key, .. }
        if action == "frobnicate" && key == "x"));
    let shown = e.to_string();
    assert!(shown.ends_with("unknown_action.toml:4:7: unknown action 'frobnicate' for key 'x' in [list]"), "{shown}");
    // The good lines around it are kept.
    assert_eq!(km.get(Context::List, &keys("j")), Some(Action::Down));
    assert_eq!(km.get(Context::List, &keys("k")), Some(Action::Up));
}

#[test]
fn malformed_key_is_reported_at_the_key() {
    let (km, errors) = check("malformed_key.toml");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!((errors[0].line, errors[0].col), (5, 1));
    assert!(matches!(&errors[0].kind, KeymapErrorKind::BadKey { key, context, .. }
        if key == "ctl-d" && context == "list"));
    assert!(errors[0].to_string().contains("malformed key 'ctl-d' in [list]: 'ctl-d' is not a key"));
    assert_eq!(km.get(Context::List, &keys("j")), Some(Action::Down));
}

#[test]
fn unknown_context_lists_the_known_ones() {
    let (km, errors) = check("unknown_context.toml");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].line, 4);
    let shown = errors[0].to_string();
    assert!(shown.contains("unknown context [lists]; use one of: global, list, detail"), "{shown}");
    assert_eq!(km.get(Context::Global, &keys("q")), Some(Action::Quit));
    assert_eq!(km.get(Context::List, &keys("j")), None);
}

#[test]
fn two_spellings_of_one_key_are_a_duplicate() {
    let (km, errors) = check("duplicate_key.toml");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!((errors[0].line, errors[0].col), (7, 1));
    assert!(matches!(&errors[0].kind, KeymapErrorKind::Duplicate { key, other, other_action, .. }
        if key == "shift-g" && other == "G" && *other_action == Action::End));
    // The first one wins.
    assert_eq!(km.get(Context::List, &keys("G")), Some(Action::End));
}

#[test]
fn a_prefix_of_a_sequence_is_a_conflict() {
    let (km, errors) = check("prefix_conflict.toml");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].line, 8);
    assert!(matches!(&errors[0].kind, KeymapErrorKind::PrefixConflict { key, other, .. }
        if key == "g" && other == "g g"));
    assert!(errors[0].to_string().contains("key 'g' in [list] clashes with 'g g' (bound to 'home')"));
    assert_eq!(km.get(Context::List, &keys("g g")), Some(Action::Home));
    assert_eq!(km.get(Context::List, &keys("g")), None);
    assert_eq!(km.get(Context::List, &keys("j")), Some(Action::Down));
}

#[test]
fn toml_syntax_error_gives_line_and_keeps_earlier_bindings() {
    let (km, errors) = check("syntax_error.toml");
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|e| matches!(e.kind, KeymapErrorKind::Syntax(_))), "{errors:#?}");
    assert_eq!(errors[0].line, 5, "{errors:#?}");
    assert!(errors[0].to_string().contains("TOML syntax error"));
    // The unclosed quote, said in our words in each language; nothing of
    // the parser's own (English) text.
    assert_eq!(errors[0].kind, KeymapErrorKind::Syntax(dtks::i18n::SyntaxHint::Quote), "{errors:#?}");
    let id = errors[0].kind.message(dtks::i18n::Lang::Id);
    assert!(id.contains("tanda kutip tidak ditutup") && !id.contains("invalid"), "{id}");
    assert!(errors[0].kind.message(dtks::i18n::Lang::En).contains("a quote is not closed"));
    assert_eq!(km.get(Context::Global, &keys("q")), Some(Action::Quit));
}

#[test]
fn non_string_action_is_reported() {
    let (km, errors) = check("not_a_string.toml");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!((errors[0].line, errors[0].col), (3, 7));
    assert!(matches!(&errors[0].kind, KeymapErrorKind::NotAString { key, .. } if key == "?"));
    assert_eq!(km.get(Context::Global, &keys("q")), Some(Action::Quit));
}

#[test]
fn errors_come_back_in_file_order_and_all_at_once() {
    let mut km = Keymap::new();
    let text = "[list]\n\"zz\" = \"down\"\n\"a\" = \"nope\"\n[nowhere]\n\"b\" = \"up\"\n";
    let errors = km.merge_toml(Path::new("mixed.toml"), text);
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 4]);
}

#[test]
fn user_file_replaces_one_binding_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let user = dir.path().join("keymap.toml");
    std::fs::write(&user, "[global]\n\"q\" = \"help\"\n\"ctrl-q\" = \"quit\"\n[list]\n\"g g\" = \"home\"\n").unwrap();
    let (km, errors) = Keymap::load(&KeymapChoice::Default, Some(&user));
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(km.get(Context::Global, &keys("q")), Some(Action::Help));
    assert_eq!(km.get(Context::Global, &keys("ctrl-q")), Some(Action::Quit));
    assert_eq!(km.get(Context::Global, &keys("?")), Some(Action::Help));
    assert_eq!(km.get(Context::Global, &keys("b")), Some(Action::GoDashboard));
    assert_eq!(km.get(Context::List, &keys("enter")), Some(Action::Open));
    assert_eq!(km.get(Context::List, &keys("g g")), Some(Action::Home));
}

#[test]
fn user_file_errors_keep_the_base_and_good_user_lines() {
    let dir = tempfile::tempdir().unwrap();
    let user = dir.path().join("keymap.toml");
    std::fs::write(&user, "[list]\n\"j\" = \"down\"\n\"k\" = \"upp\"\n").unwrap();
    let (km, errors) = Keymap::load(&KeymapChoice::Default, Some(&user));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, user);
    assert_eq!(errors[0].line, 3);
    assert!(errors[0].to_string().ends_with("did you mean 'up'?"), "{}", errors[0]);
    assert_eq!(km.get(Context::List, &keys("j")), Some(Action::Down));
    assert_eq!(km.get(Context::List, &keys("up")), Some(Action::Up));
}

#[test]
fn missing_user_file_is_silent_but_a_missing_base_file_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let absent = dir.path().join("keymap.toml");
    let (_, errors) = Keymap::load(&KeymapChoice::Default, Some(&absent));
    assert!(errors.is_empty());
    let (km, errors) = Keymap::load(&KeymapChoice::parse(absent.to_str().unwrap()), None);
    assert_eq!(errors.len(), 1);
    assert!(matches!(errors[0].kind, KeymapErrorKind::Read(_)));
    assert_eq!(errors[0].line, 0);
    // Falls back to the default keymap.
    assert_eq!(km.get(Context::Global, &keys("q")), Some(Action::Quit));
}

#[test]
fn a_keymap_without_quit_gets_ctrl_c_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("mine.toml");
    std::fs::write(&base, "[list]\n\"j\" = \"down\"\n").unwrap();
    let (km, errors) = Keymap::load(&KeymapChoice::parse(base.to_str().unwrap()), None);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind, KeymapErrorKind::NoQuit);
    assert_eq!(km.get(Context::Global, &keys("ctrl-c")), Some(Action::Quit));
    assert_eq!(km.get(Context::List, &keys("j")), Some(Action::Down));
}

#[test]
fn keymap_choice_names_resolve_to_shipped_files() {
    assert_eq!(KeymapChoice::parse("default"), KeymapChoice::Default);
    assert_eq!(KeymapChoice::parse("vim"), KeymapChoice::Vim);
    assert_eq!(KeymapChoice::parse("./vim"), KeymapChoice::File(PathBuf::from("./vim")));
}

#[test]
fn sequence_resolves_after_two_keys_and_unrelated_key_cancels() {
    let (km, _) = Keymap::load(&KeymapChoice::Vim, None);
    let ctxs = [Context::List, Context::Global];
    let mut pending = Vec::new();
    assert_eq!(km.feed(&mut pending, &ctxs, k("g")), Lookup::Pending);
    assert_eq!(km.feed(&mut pending, &ctxs, k("g")), Lookup::Action(Action::Home));
    assert_eq!(km.feed(&mut pending, &ctxs, k("g")), Lookup::Pending);
    assert_eq!(km.feed(&mut pending, &ctxs, k("z")), Lookup::None);
    assert!(pending.is_empty());
    assert_eq!(km.feed(&mut pending, &ctxs, k("j")), Lookup::Action(Action::Down));
}

#[test]
fn hints_render_keys_readably() {
    let (km, _) = Keymap::load(&KeymapChoice::Vim, None);
    let hints = km.hints(Context::List);
    let keys_for =
        |a: Action| -> Vec<&str> { hints.iter().filter(|(_, x)| *x == a).map(|(k, _)| k.as_str()).collect() };
    assert_eq!(keys_for(Action::Home), ["g g", "Home"]);
    assert_eq!(keys_for(Action::PageDown), ["Ctrl-d", "Ctrl-f", "PgDn"]);
    assert_eq!(keys_for(Action::Up), ["k", "↑"]);
    assert_eq!(keys_for(Action::Open), ["l", "Enter"]);
}
