//! `dtks stats` and `dtks check`: counts of the register and the agreement
//! of its indexes.

use std::fmt::Write;
use std::process::ExitCode;

use super::{Global, Io};
use crate::domain::{DtksStatus, EnrolmentStatus, Programme};
use crate::i18n::cli::{Msg, text};
use crate::i18n::{Lang, fmt_count};
use crate::service::stats::Stats;
use crate::store::CheckReport;

pub(super) fn stats(io: &mut Io, g: &Global, lang: Lang, as_json: bool) -> anyhow::Result<ExitCode> {
    let svc = io.open(g, lang)?;
    let stats = svc.stats_for(&io.actor(g), "")?;
    // Counts of the whole register say it is sound: read the rest too.
    svc.verify_pages()?;
    if as_json {
        io.json(&stats)?;
    } else {
        io.emit(&stats_text(lang, &stats))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn check(io: &mut Io, g: &Global, lang: Lang) -> anyhow::Result<ExitCode> {
    let svc = io.open(g, lang)?;
    let report = svc.check()?;
    io.emit(&check_text(lang, &report))?;
    Ok(if report.is_clean() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub(super) fn stats_text(lang: Lang, st: &Stats) -> String {
    let t = |m| text(lang, m);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {}   {}: {}",
        t(Msg::Households),
        fmt_count(lang, st.households),
        t(Msg::Persons),
        fmt_count(lang, st.persons)
    );
    let _ = writeln!(s, "\n{}", t(Msg::DtksStatusPersons));
    for d in DtksStatus::ALL {
        let _ = writeln!(s, "  {:<12} {:>10}", d.label(lang), fmt_count(lang, st.status_count(*d)));
    }
    let _ = writeln!(s, "\n{}", t(Msg::ProgrammesByStatus));
    let _ = write!(s, "  {:<10}", "");
    for e in EnrolmentStatus::ALL {
        let _ = write!(s, " {:>13}", e.label(lang));
    }
    let _ = writeln!(s);
    for p in Programme::ALL {
        let _ = write!(s, "  {:<10}", p.code());
        for e in EnrolmentStatus::ALL {
            let _ = write!(s, " {:>13}", fmt_count(lang, st.programme_count(*p, *e)));
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "\n{}", t(Msg::PerKelurahan));
    for k in &st.kelurahan {
        let _ = writeln!(
            s,
            "  {} {:<28} {:>8} {} {:>9} {}",
            k.code,
            k.name,
            fmt_count(lang, k.households),
            t(Msg::KkShort),
            fmt_count(lang, k.persons),
            t(Msg::PersonsLower)
        );
    }
    s
}

fn check_text(lang: Lang, r: &CheckReport) -> String {
    let t = |m| text(lang, m);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} {}, {} {}",
        t(Msg::Checked),
        fmt_count(lang, r.records),
        t(Msg::HouseholdsLower),
        fmt_count(lang, r.index_entries),
        t(Msg::IndexEntries)
    );
    if r.is_clean() {
        let _ = writeln!(s, "{}", t(Msg::IndexesAgree));
    } else {
        let _ = writeln!(s, "{} {}:", fmt_count(lang, r.problems.len() as u64), t(Msg::Disagreements));
        for p in &r.problems {
            let _ = writeln!(s, "  {}", crate::i18n::cli::check_problem(lang, p));
        }
    }
    s
}
