//! Key bindings per context, key sequences ("g g"), and their lookup.
//! Loading and error reporting live in `load`.

mod chord;
mod context;
mod load;

pub use chord::{KeyChord, keys_label, parse_keys};
pub use context::Context;
pub use load::{DEFAULT_TOML, KeymapChoice, KeymapError, KeymapErrorKind, VIM_TOML, user_keymap_path};

use super::action::Action;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<KeyChord>,
    pub action: Action,
}

/// What a key press resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    Action(Action),
    /// The keys so far start a longer binding; wait for the next key.
    Pending,
    /// Not bound (a pending sequence, if any, is cancelled).
    None,
}

/// Bindings in the order they were made. A keymap holds about a hundred, so
/// a linear scan per key press costs nothing worth indexing.
#[derive(Clone, Debug, Default)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

fn is_prefix(short: &[KeyChord], long: &[KeyChord]) -> bool {
    short.len() < long.len() && long.starts_with(short)
}

/// True when both bindings cannot live in one context: the same keys, or one
/// sequence starting the other.
pub(crate) fn clashes(a: &[KeyChord], b: &[KeyChord]) -> bool {
    a == b || is_prefix(a, b) || is_prefix(b, a)
}

impl Keymap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Binds `keys` in `ctx`, replacing any binding there with the same keys
    /// or a clashing prefix (the newer file wins when merging).
    pub fn bind(&mut self, context: Context, keys: Vec<KeyChord>, action: Action) {
        self.bindings.retain(|b| b.context != context || !clashes(&b.keys, &keys));
        self.bindings.push(Binding { context, keys, action });
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    pub fn get(&self, context: Context, keys: &[KeyChord]) -> Option<Action> {
        self.bindings.iter().find(|b| b.context == context && b.keys == keys).map(|b| b.action)
    }

    /// Feeds one key. `pending` holds the keys typed so far of an unfinished
    /// sequence; contexts are tried innermost first, and the first context
    /// that knows the keys (whole or as a prefix) decides.
    pub fn feed(&self, pending: &mut Vec<KeyChord>, contexts: &[Context], chord: KeyChord) -> Lookup {
        pending.push(chord);
        for ctx in contexts {
            if let Some(a) = self.get(*ctx, pending) {
                pending.clear();
                return Lookup::Action(a);
            }
            let starts = self.bindings.iter().any(|b| b.context == *ctx && is_prefix(pending, &b.keys));
            if starts {
                return Lookup::Pending;
            }
        }
        pending.clear();
        Lookup::None
    }

    /// Every binding of `ctx` as (readable keys, action), in registry order
    /// of the actions, for the help overlay and the status bar.
    pub fn hints(&self, context: Context) -> Vec<(String, Action)> {
        let mut found: Vec<&Binding> = self.bindings.iter().filter(|b| b.context == context).collect();
        found.sort_by_key(|b| b.action.order());
        found.into_iter().map(|b| (keys_label(&b.keys), b.action)).collect()
    }

    /// The first key for `action` in the first of `contexts` that binds it.
    pub fn key_for(&self, contexts: &[Context], action: Action) -> Option<String> {
        contexts.iter().find_map(|ctx| {
            self.bindings.iter().find(|b| b.context == *ctx && b.action == action).map(|b| keys_label(&b.keys))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<KeyChord> {
        parse_keys(s).unwrap()
    }

    fn k(s: &str) -> KeyChord {
        s.parse().unwrap()
    }

    #[test]
    fn inner_context_wins_and_global_is_the_fallback() {
        let mut km = Keymap::new();
        km.bind(Context::Global, keys("q"), Action::Quit);
        km.bind(Context::Help, keys("q"), Action::Back);
        km.bind(Context::Global, keys("?"), Action::Help);
        let mut p = vec![];
        let ctxs = [Context::Help, Context::Global];
        assert_eq!(km.feed(&mut p, &ctxs, k("q")), Lookup::Action(Action::Back));
        assert_eq!(km.feed(&mut p, &ctxs, k("?")), Lookup::Action(Action::Help));
        assert_eq!(km.feed(&mut p, &[Context::Global], k("q")), Lookup::Action(Action::Quit));
        assert_eq!(km.feed(&mut p, &ctxs, k("z")), Lookup::None);
        assert!(p.is_empty());
    }

    #[test]
    fn sequence_waits_then_resolves_or_cancels() {
        let mut km = Keymap::new();
        km.bind(Context::List, keys("g g"), Action::Home);
        km.bind(Context::List, keys("G"), Action::End);
        let ctxs = [Context::List, Context::Global];
        let mut p = vec![];
        assert_eq!(km.feed(&mut p, &ctxs, k("g")), Lookup::Pending);
        assert_eq!(p, keys("g"));
        assert_eq!(km.feed(&mut p, &ctxs, k("g")), Lookup::Action(Action::Home));
        assert!(p.is_empty());
        assert_eq!(km.feed(&mut p, &ctxs, k("g")), Lookup::Pending);
        // A bound key after the prefix still only cancels it.
        assert_eq!(km.feed(&mut p, &ctxs, k("G")), Lookup::None);
        assert!(p.is_empty());
        assert_eq!(km.feed(&mut p, &ctxs, k("G")), Lookup::Action(Action::End));
    }

    #[test]
    fn bind_replaces_same_keys_and_clashing_prefixes() {
        let mut km = Keymap::new();
        km.bind(Context::List, keys("g g"), Action::Home);
        km.bind(Context::List, keys("j"), Action::Down);
        km.bind(Context::Detail, keys("g"), Action::Open);
        km.bind(Context::List, keys("g"), Action::GoDashboard);
        km.bind(Context::List, keys("j"), Action::Up);
        assert_eq!(km.get(Context::List, &keys("g g")), None);
        assert_eq!(km.get(Context::List, &keys("g")), Some(Action::GoDashboard));
        assert_eq!(km.get(Context::List, &keys("j")), Some(Action::Up));
        assert_eq!(km.get(Context::Detail, &keys("g")), Some(Action::Open));
        assert_eq!(km.bindings().len(), 3);
    }

    #[test]
    fn hints_follow_registry_order_and_key_for_prefers_inner_context() {
        let mut km = Keymap::new();
        km.bind(Context::List, keys("enter"), Action::Open);
        km.bind(Context::List, keys("k"), Action::Up);
        km.bind(Context::List, keys("ctrl-d"), Action::PageDown);
        km.bind(Context::Global, keys("esc"), Action::Back);
        km.bind(Context::List, keys("h"), Action::Back);
        let hints = km.hints(Context::List);
        let labels: Vec<_> = hints.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(labels, ["k", "Ctrl-d", "Enter", "h"]);
        assert_eq!(km.key_for(&[Context::List, Context::Global], Action::Back).as_deref(), Some("h"));
        assert_eq!(km.key_for(&[Context::Detail, Context::Global], Action::Back).as_deref(), Some("Esc"));
        assert_eq!(km.key_for(&[Context::Global], Action::Export), None);
    }
}
