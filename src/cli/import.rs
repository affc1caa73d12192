//! `dtks import`, `dtks export` and `dtks sample`: files in and out, with
//! their progress and summary lines.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Global, Io, emit};
use crate::i18n::cli::{
    Msg, import_files, import_restorable, import_restored, import_skipped, progress_line, progress_template,
    restoration_line, text,
};
use crate::i18n::{Lang, fmt_count};
use crate::service::export::ExportReport;
use crate::service::import::{ImportOptions, ImportProgress, ImportReport};

pub(super) fn import(
    io: &mut Io,
    g: &Global,
    lang: Lang,
    paths: &[PathBuf],
    restore_rounded: bool,
    kelurahan: Option<String>,
) -> anyhow::Result<ExitCode> {
    let mut svc = io.open_with(g, lang, true)?;
    let me = io.actor(g);
    let mut line = ImportProgressLine::new(lang, io.err_tty);
    let options = ImportOptions { restore_rounded, kelurahan };
    let report = svc.import_with(paths, &me, lang, options, &mut |p| line.show(p, io))?;
    drop(line);
    // Alone locally; under the server others share it and the step is skipped.
    if let Some(svc) = std::sync::Arc::get_mut(&mut svc) {
        svc.settle_after_import(&report)?;
    }
    io.emit(&import_report(lang, &report))?;
    Ok(if report.rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub(super) fn export(io: &mut Io, g: &Global, lang: Lang, out: &Path, xlsx: bool) -> anyhow::Result<ExitCode> {
    let svc = io.open(g, lang)?;
    let report = svc.export(&io.actor(g), out, xlsx)?;
    io.emit(&export_report(lang, &report))?;
    Ok(match &report.damaged {
        Some(d) => {
            io.say(&format!("dtks: {}", crate::i18n::backup::export_whole_but_damaged(lang, &d.db, &d.file)));
            ExitCode::from(1)
        }
        None => ExitCode::SUCCESS,
    })
}

/// `dtks import --explain`: what an office file would become, nothing written.
pub(super) fn explain(
    io: &mut Io,
    g: &Global,
    lang: Lang,
    paths: &[PathBuf],
    kelurahan: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let svc = io.open_with(g, lang, true)?;
    let mut s = String::new();
    for p in paths {
        for e in svc.explain_office(p, kelurahan)? {
            s.push_str(&crate::i18n::office::explanation(lang, &e));
        }
    }
    s.push_str(crate::i18n::office::explain_text(lang, crate::i18n::office::ExplainMsg::NothingImported));
    s.push('\n');
    io.emit(&s)?;
    Ok(ExitCode::SUCCESS)
}

/// `dtks export --format siks-ng-usulan`.
pub(super) fn export_siks(io: &mut Io, g: &Global, lang: Lang, out: &Path) -> anyhow::Result<ExitCode> {
    let svc = io.open(g, lang)?;
    let is_file = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let dest = if is_file { out.to_path_buf() } else { out.join("usulan-siks-ng.csv") };
    if !is_file {
        std::fs::create_dir_all(out).map_err(|e| crate::service::ServiceError::io(out, e))?;
    }
    let rows = svc.export_siks_usulan(&io.actor(g), &dest)?;
    io.emit(&crate::i18n::office::siks_export_done(lang, rows, &dest))?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn sample(lang: Lang, spec: &crate::sample::SampleSpec, out: &Path) -> anyhow::Result<ExitCode> {
    let mut summary = crate::sample::write_sample(spec, out)?;
    let (tahap, scratch) = crate::sample::tahap::write_tahap(out, spec.as_of)?;
    summary.files.push(tahap);
    summary.files.extend(crate::sample::nonaktif::write_nonaktif(&scratch.svc, out, spec.as_of)?);
    emit(&sample_summary(lang, out, &summary))?;
    Ok(ExitCode::SUCCESS)
}

/// Shows an import's progress on stderr: a spinner with where it is when
/// stderr is a terminal, else one line per step (scripts and the kill tests
/// read these).
struct ImportProgressLine {
    lang: Lang,
    bar: Option<indicatif::ProgressBar>,
}

impl ImportProgressLine {
    fn new(lang: Lang, tty: bool) -> ImportProgressLine {
        let bar = tty.then(|| {
            let b = indicatif::ProgressBar::new_spinner();
            b.set_style(
                indicatif::ProgressStyle::with_template(progress_template(lang))
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            b
        });
        ImportProgressLine { lang, bar }
    }

    fn show(&mut self, p: ImportProgress, io: &mut Io) {
        match &self.bar {
            Some(b) => b.set_message(progress_line(self.lang, p)),
            None => io.say(&progress_line(self.lang, p)),
        }
    }
}

impl Drop for ImportProgressLine {
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

pub(super) fn import_report(lang: Lang, r: &ImportReport) -> String {
    let t = |m| text(lang, m);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} {}, {} {} ({} {}, {} {}), {} {}",
        t(Msg::ImportDone),
        fmt_count(lang, r.households),
        t(Msg::HouseholdsLower),
        fmt_count(lang, r.persons),
        t(Msg::PersonsLower),
        fmt_count(lang, r.created),
        t(Msg::New),
        fmt_count(lang, r.updated),
        t(Msg::Updated),
        fmt_count(lang, r.rejected),
        t(Msg::RowsRejected)
    );
    if r.regions > 0 {
        let _ = writeln!(s, "{}: {}", t(Msg::Regions), fmt_count(lang, r.regions));
    }
    if r.cycle_records > 0 {
        let _ = writeln!(s, "{}: {}", t(Msg::CycleRecords), fmt_count(lang, r.cycle_records));
    }
    s.push_str(&import_files(lang, r.files.len()));
    for f in &r.files {
        let _ = writeln!(s, "  {}", f.display());
    }
    if !r.skipped.is_empty() {
        s.push_str(&import_skipped(lang, r.skipped.len()));
        for f in &r.skipped {
            let _ = writeln!(s, "  {}", f.display());
        }
    }
    if !r.restored.is_empty() {
        s.push_str(&import_restored(lang, r.restored.len()));
        for x in &r.restored {
            let _ = writeln!(s, "  {}", restoration_line(lang, x));
        }
    }
    if r.restorable > 0 {
        let _ = writeln!(s, "{}", import_restorable(lang, r.restorable));
    }
    for w in &r.warnings {
        let _ = writeln!(s, "  ! {}", w.message(lang));
    }
    for o in &r.office {
        s.push_str(&crate::i18n::office::report_lines(lang, o));
    }
    for f in &r.rejects_files {
        let _ = writeln!(s, "{}: {}", t(Msg::RejectsWrittenTo), f.display());
    }
    s
}

fn export_report(lang: Lang, r: &ExportReport) -> String {
    let t = |m| text(lang, m);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} {}, {} {}",
        t(Msg::ExportDone),
        fmt_count(lang, r.households),
        t(Msg::HouseholdsLower),
        fmt_count(lang, r.persons),
        t(Msg::PersonsLower)
    );
    for f in &r.files {
        let _ = writeln!(s, "  {}", f.display());
    }
    s
}

fn sample_summary(lang: Lang, out: &Path, sum: &crate::sample::SampleSummary) -> String {
    let t = |m| text(lang, m);
    format!(
        "{} {} {}, {} {} → {}\n",
        t(Msg::SyntheticData),
        fmt_count(lang, sum.households),
        t(Msg::HouseholdsLower),
        fmt_count(lang, sum.persons),
        t(Msg::PersonsLower),
        out.display()
    )
}
