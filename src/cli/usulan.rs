//! `dtks usulan`: the proposals with the 30-day rule.

use std::fmt::Write;
use std::process::ExitCode;

use super::{Global, Io, UsulanCommand, found, json_cycle};
use crate::domain::usulan::Deadline;
use crate::i18n::cli::{Msg, text};
use crate::i18n::{Lang, fmt_count, fmt_date};
use crate::service::usulan::UsulanLine;

pub(super) fn run(io: &mut Io, g: &Global, lang: Lang, command: UsulanCommand) -> anyhow::Result<ExitCode> {
    let svc = io.open(g, lang)?;
    match command {
        UsulanCommand::List { json } => {
            let lines = svc.usulan_list_for(&io.actor(g), &Default::default())?;
            if json {
                io.json(&json_cycle::usulan_lines(lang, &lines))?;
            } else {
                io.emit(&usulan_list(lang, &lines))?;
            }
            Ok(found(lines.len()))
        }
    }
}

/// One proposal on one line, with its deadline or verification.
pub(super) fn usulan_line(lang: Lang, s: &mut String, l: &UsulanLine) {
    let t = |m| text(lang, m);
    let u = &l.usulan;
    let name = u.persons.first().map(|p| p.name.as_str()).unwrap_or("");
    let programmes: Vec<&str> = u.programmes.iter().map(|p| p.code()).collect();
    let _ = writeln!(
        s,
        "  #{:<5} {}  {}  KK {}  {:<24} {}  {}{}",
        u.id,
        fmt_date(lang, u.submitted),
        u.source.label(lang),
        u.no_kk,
        name,
        u.kind.label(lang),
        if programmes.is_empty() { String::new() } else { format!("[{}]  ", programmes.join(", ")) },
        match (&l.deadline, &u.verification) {
            (Deadline::NotApplicable, Some(v)) => format!(
                "{} {} ({})",
                t(Msg::Verified),
                if v.layak { t(Msg::Eligible) } else { t(Msg::NotEligible) },
                fmt_date(lang, v.on)
            ),
            (Deadline::NotApplicable, None) => t(Msg::NotVerifiedYet).to_string(),
            (d, _) => d.message(lang),
        }
    );
    for p in &l.problems {
        let _ = writeln!(s, "         ! {}", p.message(lang));
    }
}

fn usulan_list(lang: Lang, lines: &[UsulanLine]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", fmt_count(lang, lines.len() as u64), text(lang, Msg::Proposals));
    for l in lines {
        usulan_line(lang, &mut s, l);
    }
    s
}
