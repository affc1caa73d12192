//! `dtks backup` and `dtks restore`: one file with everything, and a new
//! database made from it.

use std::path::Path;
use std::process::ExitCode;

use super::{Global, Io, db_path, emit};
use crate::i18n::Lang;
use crate::i18n::backup::{backup_done, restore_done};

pub(super) fn backup(io: &mut Io, g: &Global, lang: Lang, out: &Path) -> anyhow::Result<ExitCode> {
    let svc = io.open(g, lang)?;
    let report = svc.backup(out)?;
    io.emit(&backup_done(lang, &report))?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn restore(g: &Global, lang: Lang, file: &Path) -> anyhow::Result<ExitCode> {
    let target = db_path(g, lang)?;
    let report = crate::service::backup::restore(file, &target)?;
    emit(&restore_done(lang, &report))?;
    Ok(ExitCode::SUCCESS)
}
