//! `dtks lookup` and `dtks duplicates`: persons and households found, with
//! what the rules say of them.

use std::fmt::Write;
use std::process::ExitCode;

use super::args::LookupArgs;
use super::{Global, Io, json, said};
use crate::i18n::cli::{Msg, exact_names, name_matches, shown_of, text, unknown_region};
use crate::i18n::visible::visible;
use crate::i18n::{Lang, fmt_count, fmt_date};
use crate::service::Service;
use crate::service::duplicates::Duplicate;
use crate::service::lookup::{LookupResult, MatchedBy, NameLookup};

/// Persons a name lookup shows without `--limit` or `--all`.
const DEFAULT_LIMIT: usize = 50;

pub(super) fn lookup(io: &mut Io, g: &Global, lang: Lang, a: &LookupArgs) -> anyhow::Result<ExitCode> {
    let svc = io.open(g, lang)?;
    let regions = match &a.kelurahan {
        Some(k) => match svc.regions_named(k) {
            r if r.is_empty() => return Err(said(unknown_region(lang, k))),
            r => r,
        },
        None => Vec::new(),
    };
    let limit = if a.all { None } else { Some(a.limit.map_or(DEFAULT_LIMIT, |l| l as usize)) };
    let how = NameLookup { limit, regions, born: a.lahir };
    let result = svc.lookup(&io.actor(g), &a.query, &how, lang)?;
    if a.json {
        io.json(&json::lookup(&result))?;
    } else {
        io.emit(&lookup_text(lang, &result))?;
    }
    Ok(if result.households.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub(super) fn duplicates(io: &mut Io, g: &Global, lang: Lang, as_json: bool) -> anyhow::Result<ExitCode> {
    let svc = io.open(g, lang)?;
    let dups = svc.duplicates(&io.actor(g))?;
    if as_json {
        io.json(&json::duplicates(&dups))?;
    } else {
        io.emit(&duplicates_text(lang, &svc, &dups))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn lookup_text(lang: Lang, r: &LookupResult) -> String {
    let t = |m| text(lang, m);
    let mut s = String::new();
    if r.households.is_empty() {
        let _ = writeln!(s, "{} '{}'", t(Msg::NotFound), r.query);
        return s;
    }
    match r.matched_by {
        MatchedBy::Name => {
            let _ = writeln!(s, "{}", name_matches(lang, r.total as u64, r.households_total as u64, &r.query));
            if r.exact > 0 {
                let _ = writeln!(s, "{}", exact_names(lang, r.exact as u64, &r.query));
            }
            if r.truncated {
                let _ = writeln!(s, "{}", shown_of(lang, r.shown as u64, r.total as u64));
            }
        }
        MatchedBy::Nik | MatchedBy::Kk => {
            let by = if r.matched_by == MatchedBy::Nik { "NIK" } else { "No. KK" };
            let n = fmt_count(lang, r.households.len() as u64);
            let _ = writeln!(s, "{n} {} {} ({by})", t(Msg::HouseholdsFoundFor), r.query);
        }
    }
    for hr in &r.households {
        let h = &hr.household;
        let a = &h.address;
        let _ = writeln!(s);
        let _ = writeln!(s, "KK {}  {}, RT {:03}/RW {:03}", h.no_kk, a.street, a.rt, a.rw);
        let mut region = hr.region.clone();
        region.reverse();
        let _ = writeln!(s, "   {} ({})", region.join(", "), a.kelurahan);
        let status = h.history.last();
        let _ = writeln!(
            s,
            "   {}: {}{}",
            t(Msg::DtksStatus),
            h.status().label(lang),
            status
                .map(|e| format!(
                    " ({} {}{})",
                    t(Msg::Since),
                    fmt_date(lang, e.since),
                    e.period.as_ref().map(|p| format!(", {p}")).unwrap_or_default()
                ))
                .unwrap_or_default()
        );
        for (p, m) in h.members.iter().zip(&hr.members) {
            let mark = if hr.matched.contains(&p.nik) { '*' } else { ' ' };
            let _ = writeln!(
                s,
                " {mark} {}  {:<28} {:<16} {} {} ({} {})",
                p.nik,
                // Padded as shown, escapes and all, so the columns keep in line.
                visible(&p.name),
                p.relationship.label(lang),
                p.sex.code(),
                fmt_date(lang, p.birth_date),
                m.age,
                t(Msg::YearsShort)
            );
            let progs: Vec<String> = p
                .enrolments
                .iter()
                .map(|e| format!("{} {}", e.programme.code(), e.status.label(lang).to_lowercase()))
                .collect();
            if !progs.is_empty() {
                let _ = writeln!(s, "      {}: {}", t(Msg::Programmes), progs.join(", "));
            }
            let eligible: Vec<&str> = m.assessments.iter().filter(|a| a.eligible).map(|a| a.programme.code()).collect();
            let _ = writeln!(
                s,
                "      {}: {}",
                t(Msg::EligibleToday),
                if eligible.is_empty() { "-".to_string() } else { eligible.join(", ") }
            );
            if let Some(e) = &m.nik_error {
                let _ = writeln!(s, "      ! {e}");
            }
            for w in &m.warnings {
                let _ = writeln!(s, "      ! {w}");
            }
            if !m.also_in.is_empty() {
                let _ = writeln!(s, "      ! {} {}", t(Msg::SameNikAlsoInKk), m.also_in.join(", "));
            }
        }
    }
    s
}

fn duplicates_text(lang: Lang, svc: &Service, dups: &[Duplicate]) -> String {
    let t = |m| text(lang, m);
    let mut s = String::new();
    let nik = dups.iter().filter(|d| d.kind == "nik").count() as u64;
    let _ = writeln!(
        s,
        "{} {}, {} {}",
        fmt_count(lang, nik),
        t(Msg::NiksInMoreThanOneKk),
        fmt_count(lang, dups.len() as u64 - nik),
        t(Msg::ProbableSamePersons)
    );
    let wilayah = svc.wilayah();
    for d in dups {
        let kind = if d.kind == "nik" { t(Msg::DuplicateNik) } else { t(Msg::ProbableDuplicate) };
        let _ = writeln!(s, "\n{kind}:");
        for p in &d.places {
            let kel = wilayah.name(&p.kelurahan).unwrap_or("?");
            let _ = writeln!(
                s,
                "  NIK {}  {:<28} KK {}  {} RT {:03}/RW {:03}",
                p.nik,
                visible(&p.name),
                p.no_kk,
                kel,
                p.rt,
                p.rw
            );
        }
    }
    s
}
