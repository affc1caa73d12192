//! `dtks nonaktif list|show` (the deactivation queue and one proposal with
//! its history) and `dtks monev import` (monitoring results into draft
//! proposals). Decisions are made in the screens, not here. The `--json`
//! views are in `nonaktif_json`.

use std::fmt::Write;
use std::process::ExitCode;

use super::{Global, Io, MonevCommand, NonaktifCommand, found, nonaktif_json, said};
use crate::domain::deactivation::{Decision, Direction, Evidence, Proposal, Reference, Scope, State};
use crate::i18n::deactivation::{CliMsg, already_open_line, cli_text, monev_line, no_proposal, unknown_state};
use crate::i18n::{Lang, fmt_count, fmt_date, fmt_money};
use crate::service::Service;
use crate::service::deactivation::MonevReport;

pub(super) fn run(io: &mut Io, g: &Global, lang: Lang, command: NonaktifCommand) -> anyhow::Result<ExitCode> {
    match command {
        NonaktifCommand::List { state, json } => {
            let state = match state.as_deref() {
                Some(s) => Some(State::parse(s).ok_or_else(|| said(unknown_state(lang, s)))?),
                None => None,
            };
            let svc = io.open(g, lang)?;
            let queue = svc.proposal_queue(&io.actor(g), state)?;
            let mut proposals = Vec::with_capacity(queue.lines.len());
            for l in &queue.lines {
                proposals.extend(svc.proposal(l.id)?);
            }
            if json {
                io.json(&nonaktif_json::list(lang, &queue, &proposals))?;
            } else {
                io.emit(&list_text(lang, &queue.counts, &proposals, state))?;
            }
            Ok(found(proposals.len()))
        }
        NonaktifCommand::Show { id, json } => {
            let svc = io.open(g, lang)?;
            let Some(p) = svc.proposal(id)? else {
                io.say(&format!("dtks: {}", no_proposal(lang, id)));
                return Ok(ExitCode::from(1));
            };
            let name = subject_name(&svc, &p)?;
            if json {
                io.json(&nonaktif_json::proposal(lang, &p, name.as_deref()))?;
            } else {
                io.emit(&show_text(lang, &p, name.as_deref()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub(super) fn monev(io: &mut Io, g: &Global, lang: Lang, command: MonevCommand) -> anyhow::Result<ExitCode> {
    let MonevCommand::Import { file, json } = command;
    let svc = io.open(g, lang)?;
    let report = svc.import_monev(&file, &io.actor(g))?;
    let name = file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    if json {
        io.json(&nonaktif_json::monev(lang, &name, &report))?;
    } else {
        io.emit(&monev_text(lang, &name, &report))?;
    }
    Ok(if report.rejects.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The person's name, or the household head's for a household.
fn subject_name(svc: &Service, p: &Proposal) -> anyhow::Result<Option<String>> {
    let Some(h) = svc.household(p.subject.no_kk())? else { return Ok(None) };
    Ok(match &p.subject {
        crate::domain::deactivation::Subject::Person { nik, .. } => h.member(nik).map(|m| m.name.clone()),
        crate::domain::deactivation::Subject::Household { .. } => h.head().map(|m| m.name.clone()),
    })
}

fn reason(lang: Lang, d: Direction) -> String {
    match d {
        Direction::Deactivate(g) => g.label(lang),
        Direction::Reactivate { answers: Some(id) } => format!("{} (#{id})", cli_text(lang, CliMsg::Reactivation)),
        Direction::Reactivate { answers: None } => cli_text(lang, CliMsg::Reactivation).to_string(),
    }
}

fn list_text(lang: Lang, counts: &[(State, usize)], proposals: &[Proposal], state: Option<State>) -> String {
    let t = |m| cli_text(lang, m);
    let mut s = String::new();
    if proposals.is_empty() {
        let _ = match state {
            Some(st) => writeln!(s, "{} ({})", t(CliMsg::NoProposals), st.label(lang)),
            None => writeln!(s, "{}", t(CliMsg::NoProposals)),
        };
        return s;
    }
    let _ = writeln!(s, "{} {}", fmt_count(lang, proposals.len() as u64), t(CliMsg::Proposals));
    let per: Vec<String> =
        counts.iter().filter(|(_, n)| *n > 0).map(|(st, n)| format!("{} {}", st.label(lang), n)).collect();
    let _ = writeln!(s, "{}: {}", t(CliMsg::PerState), per.join(", "));
    for p in proposals {
        let _ = writeln!(
            s,
            "  #{:<5} {:<22} {:<32} {}  ({}, {})",
            p.id,
            p.state.label(lang),
            p.subject.label(lang),
            reason(lang, p.direction),
            p.proposed_by,
            fmt_date(lang, p.created)
        );
    }
    s
}

fn evidence_line(lang: Lang, e: &Evidence) -> String {
    let mut parts = vec![e.kind.label(lang).to_string()];
    if !e.number.trim().is_empty() {
        parts.push(e.number.clone());
    }
    if let Some(d) = e.date {
        parts.push(fmt_date(lang, d));
    }
    match &e.reference {
        Some(Reference::FileLine { file, line }) => {
            parts.push(format!("{file}, {} {line}", cli_text(lang, CliMsg::Line)))
        }
        Some(Reference::Pair { keep, remove }) => parts.push(format!("No. KK {keep} / {remove}")),
        None => {}
    }
    if let Some((asset, value)) = e.asset {
        parts.push(format!("{} {}", asset.label(lang), fmt_money(value)));
    }
    if !e.files.is_empty() {
        parts.push(e.files.iter().map(|f| f.get(..12).unwrap_or(f)).collect::<Vec<_>>().join(" "));
    }
    if !e.note.trim().is_empty() {
        parts.push(e.note.clone());
    }
    parts.join(" · ")
}

fn decision_lines(lang: Lang, s: &mut String, title: CliMsg, d: &Decision) {
    let t = |m| cli_text(lang, m);
    let urgent = if d.urgent { format!(" ({})", t(CliMsg::Urgent)) } else { String::new() };
    let note = if d.note.is_empty() { String::new() } else { format!(" — {}", d.note) };
    let _ = writeln!(s, "{}: {}, {}, {}{urgent}{note}", t(title), d.outcome.label(lang), d.by, fmt_date(lang, d.on));
    if let Some(plan) = &d.plan {
        for e in &plan.programmes {
            let (programme, from) = (e.programme.code(), fmt_date(lang, e.from));
            let _ = match &e.period {
                Some(period) => writeln!(s, "  {programme} {} {period} ({from})", t(CliMsg::EffectiveFrom)),
                // Not paid in lists: from the decision's own date.
                None => writeln!(s, "  {programme} {} {from}", t(CliMsg::EffectiveFrom)),
            };
        }
        if let Some(from) = plan.status_from {
            let _ = writeln!(s, "  {} {}", t(CliMsg::DtksStatusFrom), fmt_date(lang, from));
        }
    }
}

fn show_text(lang: Lang, p: &Proposal, name: Option<&str>) -> String {
    let t = |m| cli_text(lang, m);
    let mut s = String::new();
    let _ = writeln!(s, "#{} · {}", p.id, p.state.label(lang));
    let name = name.map(|n| format!(" — {n}")).unwrap_or_default();
    let _ = writeln!(s, "{}: {}{name} (No. KK {})", t(CliMsg::Subject), p.subject.label(lang), p.subject.no_kk());
    let _ = writeln!(s, "{}: {}", t(CliMsg::Reason), reason(lang, p.direction));
    let scope = match &p.scope {
        Scope::All => t(CliMsg::AllProgrammes).to_string(),
        Scope::Named(ps) => ps.iter().map(|p| p.code()).collect::<Vec<_>>().join(", "),
    };
    let _ = writeln!(s, "{}: {scope}", t(CliMsg::Scope));
    let _ = writeln!(s, "{}: {}", t(CliMsg::Origin), p.origin.label(lang));
    let _ = writeln!(s, "{}: {}, {}", t(CliMsg::ProposedBy), p.proposed_by, fmt_date(lang, p.created));
    if let Some(m) = p.muskel {
        let _ = writeln!(s, "Muskel: #{m}");
    }
    if !p.evidence.is_empty() {
        let _ = writeln!(s, "{}:", t(CliMsg::Evidence));
        for e in &p.evidence {
            let _ = writeln!(s, "  - {}", evidence_line(lang, e));
        }
    }
    if let Some(d) = &p.decision {
        decision_lines(lang, &mut s, CliMsg::Decision, d);
    }
    if let Some(d) = &p.appeal_decision {
        decision_lines(lang, &mut s, CliMsg::AppealDecision, d);
    }
    if !p.changes.is_empty() {
        let _ = writeln!(s, "{}:", t(CliMsg::Changes));
        for c in &p.changes {
            let _ = writeln!(s, "  - {}", c.message(lang));
        }
    }
    let _ = writeln!(s, "{}:", t(CliMsg::History));
    for e in &p.events {
        let note = if e.note.is_empty() { String::new() } else { format!(" — {}", e.note) };
        let _ = writeln!(s, "  {}  {:<22} {}{note}", fmt_date(lang, e.on), e.state.label(lang), e.by);
    }
    s
}

fn monev_text(lang: Lang, file: &str, r: &MonevReport) -> String {
    let t = |m| cli_text(lang, m);
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", fmt_count(lang, r.drafted.len() as u64), t(CliMsg::DraftsMade));
    if !r.already_open.is_empty() {
        let _ = writeln!(s, "{} {}", fmt_count(lang, r.already_open.len() as u64), t(CliMsg::AlreadyOpen));
        for (line, id) in &r.already_open {
            let _ = writeln!(s, "  {}", already_open_line(lang, file, *line, *id));
        }
    }
    if !r.rejects.is_empty() {
        let _ = writeln!(s, "{} {}", fmt_count(lang, r.rejects.len() as u64), t(CliMsg::LinesRejected));
        for (line, p) in &r.rejects {
            let _ = writeln!(s, "  {}", monev_line(lang, file, *line, p));
        }
    }
    s
}
