//! `dtks layak list`: the eligible not enrolled (*layak belum terdaftar*)
//! per programme, with true totals.

use crate::service::audit::{Listed, View};
use std::fmt::Write;
use std::process::ExitCode;

use serde_json::{Value, json};

use super::{Global, Io, LayakCommand, said};
use crate::domain::Programme;
use crate::i18n::Lang;
use crate::i18n::cli::unknown_region;
use crate::i18n::screens_eligible::{self as t, E, e};
use crate::service::eligible::{EligibleQuery, EligibleReport};
use crate::service::tahap::parse_programme;

pub(super) fn run(io: &mut Io, g: &Global, lang: Lang, command: LayakCommand) -> anyhow::Result<ExitCode> {
    let LayakCommand::List { program, kelurahan, json } = command;
    let programme = match program {
        Some(p) => Some(parse_programme(&p.to_uppercase()).map_err(crate::service::ServiceError::from)?),
        None => None,
    };
    let svc = io.open(g, lang)?;
    let regions = match &kelurahan {
        Some(k) => match svc.regions_named(k) {
            r if r.is_empty() => return Err(said(unknown_region(lang, k))),
            r => r,
        },
        None => Vec::new(),
    };
    let report =
        svc.eligible(&svc.eligible_within(&io.actor(g), &EligibleQuery { programme, regions, limit: None })?)?;
    let shown: Vec<Programme> = programme.map_or_else(|| Programme::ALL.to_vec(), |p| vec![p]);
    let persons = report
        .persons
        .iter()
        .filter(|x| shown.contains(&x.programme))
        .flat_map(|x| [x.nik.clone(), x.no_kk.clone()])
        .collect();
    svc.audit_view(&io.actor(g), View::List { what: Listed::Eligible, shown: persons })?;
    if json {
        io.json(&to_json(&report, &shown))?;
    } else {
        let w = svc.wilayah();
        let place = report.query.regions.iter().map(|r| w.name(r).unwrap_or(r)).collect::<Vec<_>>().join(", ");
        io.emit(&text(lang, &report, &shown, &place))?;
    }
    let any = shown.iter().any(|&p| report.total(p) > 0);
    Ok(if any { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn proposed(r: &EligibleReport, p: Programme) -> u64 {
    r.counts.iter().filter(|c| c.programme == p).map(|c| c.proposed).sum()
}

fn text(lang: Lang, r: &EligibleReport, shown: &[Programme], place: &str) -> String {
    let mut s = String::new();
    let place = if place.is_empty() { String::new() } else { t::cli_place(lang, place) };
    if shown.iter().all(|&p| r.total(p) == 0) {
        let _ = writeln!(s, "{}{place}", e(lang, E::NoneAnywhere));
        return s;
    }
    for &p in shown {
        let _ = writeln!(s, "{}", t::cli_heading(lang, p, r.total(p), proposed(r, p), &place));
        for x in r.persons_of(p) {
            let usulan = x.usulan.map(|id| format!("  [{} #{id}]", e(lang, E::Proposed))).unwrap_or_default();
            let _ = writeln!(
                s,
                "  {}  {:<28} {:>7}  KK {}  {:<18} {}{usulan}",
                x.nik,
                x.name,
                t::age(lang, x.age),
                x.no_kk,
                x.kelurahan_name,
                t::reason_short(lang, x.rule),
            );
        }
    }
    if shown.len() > 1 {
        let _ = writeln!(s, "{}", t::cli_total(lang, r.persons_in("")));
    }
    s
}

/// Coded values as the import files write them, the same in every language.
fn to_json(r: &EligibleReport, shown: &[Programme]) -> Value {
    let programmes: Vec<Value> = shown
        .iter()
        .map(|&p| {
            let persons: Vec<Value> = r
                .persons_of(p)
                .map(|x| {
                    json!({
                        "nik": x.nik,
                        "nama": x.name,
                        "no_kk": x.no_kk,
                        "kelurahan": x.kelurahan,
                        "kelurahan_name": x.kelurahan_name,
                        "tanggal_lahir": x.birth_date.to_string(),
                        "age": x.age,
                        "reason": x.rule.name(),
                        "usulan": x.usulan,
                    })
                })
                .collect();
            json!({ "programme": p.code(), "total": r.total(p), "proposed": proposed(r, p), "persons": persons })
        })
        .collect();
    json!({ "regions": r.query.regions, "total_persons": r.persons_in(""), "programmes": programmes })
}
