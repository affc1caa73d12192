//! `dtks keymap check`: every problem of a keymap file, one per line.

use std::path::Path;
use std::process::ExitCode;

use crate::i18n::Lang;
use crate::i18n::cli::{Msg, text};
use crate::tui::Keymap;
use crate::tui::keymap::KeymapErrorKind;

pub(super) fn check(lang: Lang, file: &Path) -> ExitCode {
    let errors = Keymap::check_file(file);
    for e in &errors {
        // The TOML parser's and the OS's details are English library text:
        // those two problems are said in our words, with the position only.
        let own = match &e.kind {
            KeymapErrorKind::Syntax(_) => Some(text(lang, Msg::KeymapSyntax)),
            KeymapErrorKind::Read(_) => Some(text(lang, Msg::KeymapUnreadable)),
            _ => None,
        };
        match own {
            Some(what) if e.line == 0 => super::say(&format!("{}: {what}", e.path.display())),
            Some(what) => super::say(&format!("{}:{}:{}: {what}", e.path.display(), e.line, e.col)),
            None => super::say(&e.message(lang)),
        }
    }
    if errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
