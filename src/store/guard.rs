//! sled 0.34 panics on some damaged files (an index out of bounds in its
//! segment reader, "tried to serialize Uninitialized") instead of returning
//! an error. Calls into sled that read or open go through [`catch`], which
//! turns such a panic into [`StoreError::Damaged`] and keeps the default
//! panic message off the user's terminal.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Once;

use super::{Damage, Result, StoreError};

thread_local! {
    /// Depth of `catch` calls on this thread: a panic inside one is ours to report.
    static CATCHING: Cell<u32> = const { Cell::new(0) };
    /// The database file sled was reading when it panicked (from where in
    /// sled's source the panic happened).
    static PANICKED_IN: Cell<Option<&'static str>> = const { Cell::new(None) };
}

static HOOK: Once = Once::new();

/// Installs, once per process, a panic hook that stays silent for panics
/// `catch` will report and passes every other panic to the hook before it.
pub(crate) fn install_hook() {
    HOOK.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if panic_is_caught() {
                PANICKED_IN.with(|p| p.set(info.location().map(|l| damaged_file(l.file()))));
                return;
            }
            prev(info);
        }));
    });
}

/// True while this thread runs a sled call whose panic the store reports as
/// damage; other panic hooks (the terminal's) leave such a panic alone.
pub fn panic_is_caught() -> bool {
    CATCHING.with(|c| c.get() > 0)
}

/// Runs `f`, a call into sled on the database at `path`; a panic becomes
/// `Damaged`, naming the file sled was reading when it panicked.
pub(crate) fn catch<T>(path: &Path, f: impl FnOnce() -> T) -> Result<T> {
    install_hook();
    CATCHING.with(|c| c.set(c.get() + 1));
    let out = catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(c.get().saturating_sub(1)));
    out.map_err(|_| {
        let file = PANICKED_IN.with(|p| p.take()).unwrap_or("db");
        StoreError::Damaged { path: path.to_path_buf(), file: in_dir(path, file), damage: Damage::Unreadable }
    })
}

/// The file of a sled database directory that sled's source file `src`
/// reads: the snapshot, the config, or else the log (`db`).
fn damaged_file(src: &str) -> &'static str {
    if src.ends_with("snapshot.rs") {
        "snap"
    } else if src.ends_with("config.rs") {
        "conf"
    } else {
        "db"
    }
}

/// The file `name` in the database directory; for the snapshot, the
/// `snap.*` file there, as sled names it by its log position.
fn in_dir(path: &Path, name: &str) -> std::path::PathBuf {
    if name == "snap" {
        let snap = std::fs::read_dir(path)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("snap.")));
        if let Some(p) = snap {
            return p;
        }
    }
    path.join(name)
}

/// An iterator over sled results whose every step is caught as above.
pub(crate) struct Caught<'a, I> {
    pub(crate) path: &'a Path,
    pub(crate) inner: I,
    /// After a panic sled's iterator is in an unknown state: stop.
    pub(crate) done: bool,
}

impl<'a, I> Caught<'a, I> {
    pub(crate) fn new(path: &'a Path, inner: I) -> Self {
        Caught { path, inner, done: false }
    }
}

impl<I: Iterator<Item = Result<T>>, T> Iterator for Caught<'_, I> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.done {
            return None;
        }
        let inner = &mut self.inner;
        match catch(self.path, || inner.next()) {
            Ok(step) => step,
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_becomes_damage_naming_the_file() {
        let path = Path::new("/data/register");
        let r: Result<()> = catch(path, || panic!("index out of bounds"));
        match r {
            Err(StoreError::Damaged { file, damage: Damage::Unreadable, .. }) => {
                assert_eq!(file, path.join("db"));
            }
            other => panic!("{other:?}"),
        }
        assert!(!panic_is_caught(), "the depth is back to zero");
        assert_eq!(catch(path, || 7).unwrap(), 7);
    }

    #[test]
    fn the_file_is_named_from_where_sled_panicked() {
        assert_eq!(damaged_file("/x/sled-0.34.7/src/pagecache/snapshot.rs"), "snap");
        assert_eq!(damaged_file("/x/sled-0.34.7/src/config.rs"), "conf");
        assert_eq!(damaged_file("/x/sled-0.34.7/src/pagecache/segment.rs"), "db");
    }

    #[test]
    fn an_iterator_stops_after_a_caught_panic() {
        let path = Path::new("/data/register");
        let mut n = 0;
        let it = std::iter::from_fn(move || {
            n += 1;
            if n == 2 { panic!("bad page") } else { Some(Ok::<u32, StoreError>(n)) }
        });
        let got: Vec<_> = Caught::new(path, it).collect();
        assert_eq!(got.len(), 2);
        assert!(got[0].is_ok());
        assert!(matches!(got[1], Err(StoreError::Damaged { .. })));
    }
}
