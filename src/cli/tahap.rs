//! `dtks tahap` and `dtks burekol`: plans, building and freezing lists,
//! diffs, the bank file, the bank's results and reconciliation, and "why
//! was this person not on the list?". The `--json` views are in
//! `tahap_json`.

use std::fmt::Write;
use std::process::ExitCode;

use super::{BurekolCommand, Global, Io, TahapCommand, TariffCommand, found, tahap_json};
use crate::domain::codes::Programme;
use crate::domain::tahap::tariff::Tariff;
use crate::domain::tahap::{Period, PeriodPlan};
use crate::i18n::tahap::{bank_status, days_late, mismatch, month, period, rule_name, standing, state};
use crate::i18n::tahap_service::{Msg, announced_counts, reject, rows_written, text};
use crate::i18n::{Lang, fmt_count, fmt_date, fmt_money};
use crate::service::Service;
use crate::service::tahap::{
    BuiltList, Counts, FrozenList, ListChanges, Reject, Why, parse_amount, parse_month, parse_period, parse_programme,
};

fn target(program: &str, p: &str) -> anyhow::Result<(Programme, Period)> {
    Ok((
        parse_programme(program).map_err(crate::service::ServiceError::from)?,
        parse_period(p).map_err(crate::service::ServiceError::from)?,
    ))
}

/// 0 with nothing set aside, 1 when lines were.
fn clean(rejects: &[Reject]) -> ExitCode {
    if rejects.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

pub(super) fn run(io: &mut Io, g: &Global, lang: Lang, command: TahapCommand) -> anyhow::Result<ExitCode> {
    let svc = io.open(g, lang)?;
    match command {
        TahapCommand::List { year, json } => {
            let plans = svc.plans(year)?;
            if json {
                io.json(&tahap_json::plans(lang, &plans, svc.today()))?;
            } else {
                io.emit(&plan_list(lang, &plans, svc.today()))?;
            }
            Ok(found(plans.len()))
        }
        TahapCommand::Show { period: p, program, json } => {
            let (programme, p) = target(&program, &p)?;
            let plan = svc.plan_or_refuse(programme, p)?;
            let lists = svc.frozen_lists(programme, p)?;
            let counts = svc.period_counts(p)?;
            if json {
                io.json(&tahap_json::show(lang, &plan, &lists, &counts, svc.today()))?;
            } else {
                io.emit(&show(lang, &svc, &plan, &lists, &counts))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        TahapCommand::Build { period: p, program, json } => {
            let (programme, p) = target(&program, &p)?;
            let built = svc.build_list(programme, p)?;
            if json {
                io.json(&tahap_json::built(lang, &built))?;
            } else {
                io.emit(&built_text(lang, &built))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        TahapCommand::Freeze { period: p, program, susulan, json } => {
            let (programme, p) = target(&program, &p)?;
            // One line per chunk for a stderr that is not a terminal
            // (scripts and the kill test read these).
            let (lines, me) = (!io.err_tty, io.actor(g));
            let mut progress = |n| {
                if lines {
                    io.say(&rows_written(lang, n));
                }
            };
            let list = svc.freeze_list_reporting(programme, p, susulan, &me, &mut progress)?;
            if json {
                io.json(&tahap_json::frozen(lang, &list))?;
            } else {
                io.emit(&frozen_text(lang, &list))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        TahapCommand::Diff { period: p, program, out: Some(out), xlsx, .. } => {
            let (programme, p) = target(&program, &p)?;
            let f = svc.write_list_changes(&io.actor(g), programme, p, &out, xlsx, lang)?;
            io.emit(&format!(
                "{} → {}: {} {}\n",
                text(lang, Msg::DiffWritten),
                f.path.display(),
                fmt_count(lang, f.rows as u64),
                text(lang, Msg::Recipients)
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        TahapCommand::Diff { period: p, program, json, out: None, .. } => {
            let (programme, p) = target(&program, &p)?;
            let changes = svc.list_changes(&io.actor(g), programme, p)?;
            if json {
                io.json(&tahap_json::changes(lang, &changes))?;
            } else {
                io.emit(&changes_text(lang, &changes))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        TahapCommand::Tariff { command: TariffCommand::List { json } } => {
            let table = svc.tariffs()?;
            if json {
                io.json(&tahap_json::tariffs(lang, table.rows()))?;
            } else if table.rows().is_empty() {
                io.emit(&format!("{}\n", text(lang, Msg::NoTariffs)))?;
            } else {
                let mut s = String::new();
                for t in table.rows() {
                    let _ = writeln!(s, "  {}", tariff_line(lang, t));
                }
                io.emit(&s)?;
            }
            Ok(found(table.rows().len()))
        }
        TahapCommand::Tariff { command: TariffCommand::Set { program, from, until, monthly, yes } } => {
            let tariff = Tariff {
                programme: parse_programme(&program).map_err(crate::service::ServiceError::from)?,
                from: parse_month(&from).map_err(crate::service::ServiceError::from)?,
                until: until.as_deref().map(parse_month).transpose().map_err(crate::service::ServiceError::from)?,
                monthly: parse_amount(&monthly).map_err(crate::service::ServiceError::from)?,
            };
            // The preview refuses what the save would refuse, so an overlap
            // is told before --yes is typed.
            let (beside, ends) = svc.tariff_preview(&tariff)?;
            let ended_line = |e: &Tariff| {
                let now = Tariff { until: Some(tariff.from.prev()), ..e.clone() };
                format!("{}: {}\n", text(lang, Msg::EndsTariff), tariff_line(lang, &now))
            };
            if yes {
                let ended = svc.set_tariff(&tariff, &io.actor(g))?;
                let mut s = format!("{}: {}\n", text(lang, Msg::TariffSaved), tariff_line(lang, &tariff));
                s.extend(ended.as_ref().map(ended_line));
                io.emit(&s)?;
                return Ok(ExitCode::SUCCESS);
            }
            let mut s = format!("{}: {}\n", text(lang, Msg::WouldSet), tariff_line(lang, &tariff));
            s.extend(ends.as_ref().map(ended_line));
            if !beside.is_empty() {
                let _ = writeln!(s, "{}:", text(lang, Msg::ExistingTariffs));
                for t in &beside {
                    let _ = writeln!(s, "  {}", tariff_line(lang, t));
                }
            }
            let _ = writeln!(s, "{}", text(lang, Msg::AddYes));
            io.emit(&s)?;
            Ok(ExitCode::from(1))
        }
        TahapCommand::BankFile { period: p, program, out, xlsx } => {
            let (programme, p) = target(&program, &p)?;
            let f = svc.write_bank_file(programme, p, &out, xlsx, &io.actor(g))?;
            io.emit(&format!(
                "{} → {}: {} {}, {} (SHA-256 {})\n",
                text(lang, Msg::BankFileWritten),
                f.path.display(),
                fmt_count(lang, f.totals.recipients),
                text(lang, Msg::Recipients),
                fmt_money(f.totals.amount),
                f.hash
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        TahapCommand::ImportResults { file, json } => {
            let (lines, me) = (!io.err_tty, io.actor(g));
            let mut progress = |n| {
                if lines {
                    io.say(&rows_written(lang, n));
                }
            };
            let imp = svc.import_results_reporting(&file, &me, &mut progress)?;
            if json {
                io.json(&tahap_json::results(lang, &imp))?;
            } else {
                let mut s = format!(
                    "{} {} {} {}\n",
                    fmt_count(lang, imp.saved as u64),
                    text(lang, Msg::ResultsSaved),
                    imp.programme.code(),
                    period(lang, imp.period)
                );
                rejects_text(lang, &mut s, &imp.rejects);
                io.emit(&s)?;
            }
            Ok(clean(&imp.rejects))
        }
        TahapCommand::Reconcile { period: p, program, json } => {
            let (programme, p) = target(&program, &p)?;
            let rec = svc.reconcile(programme, p)?;
            if json {
                io.json(&tahap_json::reconciliation(lang, &rec))?;
            } else {
                let t = |m| text(lang, m);
                let tot = |x: crate::domain::tahap::list::Totals| {
                    format!("{} {}, {}", fmt_count(lang, x.recipients), t(Msg::Recipients), fmt_money(x.amount))
                };
                let mut s = format!("{} {}\n", programme.code(), period(lang, p));
                let _ = writeln!(s, "  {}: {}", t(Msg::Listed), tot(rec.listed));
                let _ = writeln!(s, "  {}: {}", t(Msg::Control), tot(rec.control));
                let _ = writeln!(s, "  {}: {}", t(Msg::Paid), tot(rec.paid));
                let _ = writeln!(s, "{} {}", fmt_count(lang, rec.mismatches.len() as u64), t(Msg::Mismatches));
                for m in &rec.mismatches {
                    let _ = writeln!(s, "  {}", mismatch(lang, m));
                }
                let _ = writeln!(s, "{} {}", fmt_count(lang, rec.failed.len() as u64), t(Msg::Failed));
                for f in &rec.failed {
                    let _ = writeln!(s, "  {}  {}", f.reference, bank_status(lang, &f.status));
                }
                io.emit(&s)?;
            }
            Ok(if rec.mismatches.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        TahapCommand::Why { nik, period: p, json } => {
            let p = parse_period(&p).map_err(crate::service::ServiceError::from)?;
            let why = svc.why(&io.actor(g), nik.trim(), p)?;
            if json {
                io.json(&tahap_json::why(lang, &why))?;
            } else {
                io.emit(&why_text(lang, p, &why))?;
            }
            Ok(found(why.entries.len()))
        }
    }
}

pub(super) fn burekol(io: &mut Io, g: &Global, lang: Lang, command: BurekolCommand) -> anyhow::Result<ExitCode> {
    let svc = io.open(g, lang)?;
    match command {
        BurekolCommand::Import { file, json } => {
            let imp = svc.import_accounts(&file, &io.actor(g))?;
            if json {
                io.json(&tahap_json::accounts(lang, &imp))?;
            } else {
                let mut s = format!("{} {}\n", fmt_count(lang, imp.saved as u64), text(lang, Msg::AccountsSaved));
                rejects_text(lang, &mut s, &imp.rejects);
                io.emit(&s)?;
            }
            Ok(clean(&imp.rejects))
        }
    }
}

/// "KLJ    Januari 2027 – Desember 2027 (12 bulan): Rp 300.000 per bulan".
fn tariff_line(lang: Lang, t: &Tariff) -> String {
    let until = match t.until {
        Some(u) => {
            let n = t.from.through(u).len() as u64;
            format!("{} ({} {})", month(lang, u), fmt_count(lang, n), text(lang, Msg::Months))
        }
        None => text(lang, Msg::Onward).to_string(),
    };
    format!(
        "{:<6} {} – {until}: {} {}",
        t.programme.code(),
        month(lang, t.from),
        fmt_money(t.monthly),
        text(lang, Msg::PerMonth)
    )
}

fn rejects_text(lang: Lang, s: &mut String, rejects: &[Reject]) {
    if rejects.is_empty() {
        return;
    }
    let _ = writeln!(s, "{} {}", fmt_count(lang, rejects.len() as u64), text(lang, Msg::Rejected));
    for r in rejects {
        let _ = writeln!(s, "  {}", reject(lang, r));
    }
}

fn plan_list(lang: Lang, plans: &[PeriodPlan], today: chrono::NaiveDate) -> String {
    let t = |m| text(lang, m);
    let mut s = String::new();
    if plans.is_empty() {
        let _ = writeln!(s, "{}", t(Msg::NoPlans));
        return s;
    }
    for p in plans {
        let announced =
            p.announced.map(|d| format!("  {} {}", t(Msg::Announced), fmt_date(lang, d))).unwrap_or_default();
        let late = p.days_late(today).map(|d| format!("  ({})", days_late(lang, d))).unwrap_or_default();
        let _ = writeln!(
            s,
            "  {:<6} {:<28} {:<30} {} {}{announced}{late}",
            p.programme.code(),
            period(lang, p.period),
            state(lang, p.state),
            t(Msg::Planned),
            fmt_date(lang, p.planned),
        );
    }
    s
}

fn counts_text(lang: Lang, svc: &Service, s: &mut String, c: &Counts) {
    let per: Vec<(String, u64)> = c.programmes.iter().map(|(p, n, _)| (p.code().to_string(), *n)).collect();
    let _ = writeln!(s, "{}", announced_counts(lang, c.recipients, &per));
    let wilayah = svc.wilayah();
    for (kel, p, n) in &c.kelurahan {
        let name = wilayah.name(kel).unwrap_or(kel);
        let _ = writeln!(s, "  {kel} {name:<18} {:<6} {}", p.code(), fmt_count(lang, *n));
    }
}

fn show(lang: Lang, svc: &Service, plan: &PeriodPlan, lists: &[FrozenList], counts: &Counts) -> String {
    let t = |m| text(lang, m);
    let mut s = plan_list(lang, std::slice::from_ref(plan), svc.today());
    let _ = writeln!(s, "  {}: {}", t(Msg::ReferenceDate), fmt_date(lang, plan.reference_date));
    if lists.is_empty() {
        let _ = writeln!(s, "  {}", t(Msg::NotFrozen));
    }
    for l in lists {
        let _ = write!(s, "{}", frozen_text(lang, l));
    }
    counts_text(lang, svc, &mut s, counts);
    s
}

fn frozen_text(lang: Lang, l: &FrozenList) -> String {
    let t = |m| text(lang, m);
    let kind = if l.number == 0 { String::new() } else { format!(" ({} {})", t(Msg::Susulan), l.number) };
    format!(
        "  {} {}{kind}: {} {}, {}; {} {} {} {}; SHA-256 {}\n",
        l.programme.code(),
        period(lang, l.period),
        fmt_count(lang, l.totals.recipients),
        t(Msg::Recipients),
        fmt_money(l.totals.amount),
        t(Msg::FrozenBy),
        l.frozen_by,
        fmt_date(lang, l.frozen_at.date()),
        l.frozen_at.format("%H:%M"),
        l.hash
    )
}

fn built_text(lang: Lang, b: &BuiltList) -> String {
    let t = |m| text(lang, m);
    let rows = crate::domain::tahap::list::Totals::of(&b.rows);
    let mut s = format!(
        "{} {} ({} {}): {} {}, {}\n",
        b.programme.code(),
        period(lang, b.period),
        t(Msg::ReferenceDate),
        fmt_date(lang, b.reference_date),
        fmt_count(lang, rows.recipients),
        t(Msg::Recipients),
        fmt_money(rows.amount)
    );
    let _ = writeln!(s, "  {}: {}", t(Msg::Evaluated), fmt_count(lang, b.evaluated));
    let _ = writeln!(s, "  {}: {}", t(Msg::WithArrears), fmt_count(lang, b.with_arrears));
    let _ = writeln!(s, "  {}: {}", t(Msg::Waiting), fmt_count(lang, b.waiting.len() as u64));
    let _ = writeln!(s, "  {}:", t(Msg::LeftOutBy));
    for (rule, n) in &b.excluded {
        let _ = writeln!(s, "    {:<40} {}", rule_name(lang, *rule), fmt_count(lang, *n));
    }
    s
}

fn changes_text(lang: Lang, c: &ListChanges) -> String {
    let t = |m| text(lang, m);
    let mut s = format!("{} {}", c.programme.code(), period(lang, c.period));
    match c.previous {
        Some(p) => {
            let _ = writeln!(s, " {} {}", t(Msg::SincePrevious), period(lang, p));
        }
        None => {
            let _ = writeln!(s, ": {}", t(Msg::NoPrevious));
        }
    }
    let _ = writeln!(s, "{} {}", fmt_count(lang, c.entered.len() as u64), t(Msg::Entered));
    for r in &c.entered {
        let _ = writeln!(s, "  + {}  {:<24} {}", r.nik, r.name, fmt_money(r.amount));
    }
    let _ = writeln!(s, "{} {}", fmt_count(lang, c.left.len() as u64), t(Msg::Left));
    for (r, why) in &c.left {
        let why = why.as_ref().map(|w| standing(lang, w)).unwrap_or_else(|| t(Msg::NotInRegister).to_string());
        let _ = writeln!(s, "  - {}  {:<24} {why}", r.nik, r.name);
    }
    let _ = writeln!(s, "{} {}", fmt_count(lang, c.amount_changed.len() as u64), t(Msg::AmountChanged));
    for (r, old) in &c.amount_changed {
        let _ = writeln!(s, "  ~ {}  {:<24} {} → {}", r.nik, r.name, fmt_money(*old), fmt_money(r.amount));
    }
    s
}

fn why_text(lang: Lang, p: Period, w: &Why) -> String {
    let t = |m| text(lang, m);
    let mut s = format!("{} {}  {}\n", w.nik, w.name.as_deref().unwrap_or(t(Msg::NotInRegister)), period(lang, p));
    if w.entries.is_empty() {
        let _ = writeln!(s, "  {}", t(Msg::NoPlanForPerson));
    }
    for e in &w.entries {
        let line = match (&e.row, &e.standing) {
            (Some(r), _) => {
                let paid = e.payment.as_ref().map(|b| format!("; {}", bank_status(lang, b))).unwrap_or_default();
                format!(
                    "{}, {}{paid}",
                    standing(lang, &crate::domain::tahap::quota::Standing::OnList),
                    fmt_money(r.amount)
                )
            }
            (None, Some(st)) => standing(lang, st),
            (None, None) => t(Msg::NotListedEligible).to_string(),
        };
        let frozen = if e.frozen { String::new() } else { format!(" ({})", t(Msg::NotFrozen)) };
        let _ = writeln!(s, "  {:<6} {line}{frozen}", e.programme.code());
    }
    s
}
