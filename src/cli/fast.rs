//! The quick way to a running server: a plain command line (global options
//! first, then a command the server runs) is sent through the socket
//! before clap builds its whole parser, which is most of a short command's
//! start-up. The server parses it with the same parser, so errors and
//! output are the same; anything unusual takes the ordinary way.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::i18n::Lang;

/// Commands the server runs (not the screens, not the client's own).
const SERVED: [&str; 17] = [
    "import",
    "export",
    "lookup",
    "duplicates",
    "stats",
    "check",
    "backup",
    "restore",
    "usulan",
    "muskel",
    "verval",
    "tahap",
    "burekol",
    "nonaktif",
    "monev",
    "layak",
    "user",
];

/// Global options that take a value.
const GLOBALS: [&str; 6] = ["--db", "--lang", "--user", "--keymap", "--today", "--now"];

/// What the quick way needs of a command line.
#[derive(Debug, Default, PartialEq)]
struct Plain {
    db: Option<PathBuf>,
    user: Option<String>,
    lang: Lang,
}

/// The globals of `args` when the line is plain: only known global options
/// (each once) before a served command, none after it, no help asked.
fn plain(args: &[OsString]) -> Option<Plain> {
    let mut p = Plain::default();
    let mut seen: Vec<&str> = Vec::new();
    let mut it = args.iter().skip(1);
    loop {
        let word = it.next()?.to_str()?;
        if SERVED.contains(&word) {
            break;
        }
        let (name, value) = match word.split_once('=') {
            Some((n, v)) => (n, v.to_string()),
            None => (word, it.next()?.to_str()?.to_string()),
        };
        let name = *GLOBALS.iter().find(|g| **g == name)?;
        if seen.contains(&name) || value.is_empty() {
            return None;
        }
        seen.push(name);
        match name {
            "--db" => p.db = Some(PathBuf::from(value)),
            "--user" => p.user = Some(value),
            "--lang" => p.lang = value.parse().ok()?,
            _ => {}
        }
    }
    let unusual = |w: &OsString| {
        let w = w.to_string_lossy();
        let name = w.split('=').next().unwrap_or("");
        GLOBALS.contains(&name) || ["-h", "--help", "-V", "--version"].contains(&name)
    };
    if it.any(unusual) {
        return None;
    }
    Some(p)
}

/// Runs `args` through the server of its register, when the line is plain
/// and a server runs; `None` otherwise (the ordinary way then).
pub fn run_fast(args: &[OsString]) -> Option<ExitCode> {
    let p = plain(args)?;
    let env = |name: &str| match std::env::var_os(name) {
        None => Some(None),
        // Set but empty or not UTF-8: clap decides what that means.
        Some(v) if v.is_empty() => None,
        Some(v) => v.into_string().ok().map(Some),
    };
    let db = match p.db {
        Some(db) => db,
        None => env("DTKS_DB")?.map(PathBuf::from).or_else(super::default_db)?,
    };
    let user = match p.user {
        Some(u) => Some(u),
        None => env("DTKS_USER")?,
    };
    // DTKS_TODAY and DTKS_NOW are not read: the server's clock applies.
    super::send_to_server(&db, args, super::actor_named(user), p.lang, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(words: &[&str]) -> Vec<OsString> {
        std::iter::once("dtks").chain(words.iter().copied()).map(OsString::from).collect()
    }

    #[test]
    fn only_plain_lines_take_the_quick_way() {
        let p = plain(&line(&["--db", "/r", "--lang=en", "--user", "sari", "lookup", "3171"])).unwrap();
        assert_eq!(p, Plain { db: Some("/r".into()), user: Some("sari".into()), lang: Lang::En });
        assert_eq!(plain(&line(&["lookup", "3171", "--json"])), Some(Plain::default()));
        for unusual in [
            &["lookup", "3171", "--db", "/r"][..],
            &["--db", "/r", "--db", "/s", "stats"],
            &["--lang", "fr", "stats"],
            &["-x", "stats"],
            &["stats", "--help"],
            &["--db"],
            &[],
            &["serve"],
            &["tui"],
            &["--db", "", "stats"],
        ] {
            assert_eq!(plain(&line(unusual)), None, "{unusual:?}");
        }
    }
}
