//! `dtks keymap check`: every problem of a keymap file, one per line.

use std::path::Path;
use std::process::ExitCode;

use crate::i18n::Lang;
use crate::i18n::cli::keymap_problem;
use crate::tui::Keymap;
use crate::tui::keymap::Context;

pub(super) fn check(lang: Lang, file: &Path) -> ExitCode {
    let errors = Keymap::check_file(file);
    let contexts: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
    let contexts = contexts.join(", ");
    for e in &errors {
        let what = keymap_problem(lang, &e.kind, &contexts);
        if e.line == 0 {
            eprintln!("{}: {what}", e.path.display());
        } else {
            eprintln!("{}:{}:{}: {what}", e.path.display(), e.line, e.col);
        }
    }
    if errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
