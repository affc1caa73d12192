//! The `--json` views of `dtks nonaktif` and `dtks monev`: codes as the
//! store and the files know them (`berlaku`, `hapus:meninggal`, dates
//! YYYY-MM-DD); texts for people only under `message`.

use serde_json::{Value, json};

use crate::domain::deactivation::monev::LineProblem;
use crate::domain::deactivation::{
    Change, Decision, Direction, Evidence, Proposal, Reference, Refusal, Scope, Subject,
};
use crate::i18n::Lang;
use crate::service::deactivation::{MonevReport, Queue};

fn subject(s: &Subject) -> Value {
    match s {
        Subject::Person { nik, no_kk } => json!({ "kind": "person", "nik": nik, "no_kk": no_kk }),
        Subject::Household { no_kk } => json!({ "kind": "household", "nik": null, "no_kk": no_kk }),
    }
}

fn direction(d: Direction) -> Value {
    match d {
        Direction::Deactivate(g) => json!({ "kind": "deactivate", "ground": g.code(), "answers": null }),
        Direction::Reactivate { answers } => json!({ "kind": "reactivate", "ground": null, "answers": answers }),
    }
}

fn scope(s: &Scope) -> Value {
    match s {
        Scope::All => json!("all"),
        Scope::Named(ps) => json!(ps.iter().map(|p| p.code()).collect::<Vec<_>>()),
    }
}

fn evidence(e: &Evidence) -> Value {
    let (file, line, keep, remove) = match &e.reference {
        Some(Reference::FileLine { file, line }) => (Some(file.clone()), Some(*line), None, None),
        Some(Reference::Pair { keep, remove }) => (None, None, Some(keep.clone()), Some(remove.clone())),
        None => (None, None, None, None),
    };
    json!({
        "kind": e.kind.code(),
        "number": e.number,
        "date": e.date.map(|d| d.to_string()),
        "files": e.files,
        "file": file,
        "line": line,
        "keep_no_kk": keep,
        "remove_no_kk": remove,
        "asset": e.asset.map(|(a, _)| a.code()),
        "value": e.asset.map(|(_, v)| v),
        "note": e.note,
    })
}

fn decision(d: &Decision) -> Value {
    let plan = d.plan.as_ref();
    json!({
        "outcome": d.outcome.code(),
        "by": d.by,
        "on": d.on.to_string(),
        "note": d.note,
        "urgent": d.urgent,
        "effective": plan.map(|p| p.programmes.iter().map(|e| json!({
            "programme": e.programme.code(),
            "period": e.period,
            "from": e.from.to_string(),
        })).collect::<Vec<_>>()),
        "status_from": plan.and_then(|p| p.status_from).map(|d| d.to_string()),
    })
}

fn change(lang: Lang, c: &Change) -> Value {
    let mut v = match c {
        Change::PersonStatus { nik, from, to, since } => json!({
            "kind": "person_status", "nik": nik, "from": from.code(), "to": to.code(), "since": since.to_string(),
        }),
        Change::HouseholdStatus { from, to, since } => json!({
            "kind": "household_status", "nik": null, "from": from.code(), "to": to.code(), "since": since.to_string(),
        }),
        Change::Enrolment { nik, before, after } => json!({
            "kind": "enrolment",
            "nik": nik,
            "programme": after.programme.code(),
            "from": before.status.code(),
            "to": after.status.code(),
            "since": after.since.to_string(),
            "until": after.until.map(|d| d.to_string()),
        }),
    };
    v["message"] = json!(c.message(lang));
    v
}

pub fn proposal(lang: Lang, p: &Proposal, name: Option<&str>) -> Value {
    json!({
        "id": p.id,
        "state": p.state.code(),
        "subject": subject(&p.subject),
        "name": name,
        "direction": direction(p.direction),
        "scope": scope(&p.scope),
        "origin": p.origin.code(),
        "proposed_by": p.proposed_by,
        "created": p.created.to_string(),
        "muskel": p.muskel,
        "evidence": p.evidence.iter().map(evidence).collect::<Vec<_>>(),
        "decision": p.decision.as_ref().map(decision),
        "appeal_decision": p.appeal_decision.as_ref().map(decision),
        "changes": p.changes.iter().map(|c| change(lang, c)).collect::<Vec<_>>(),
        "events": p.events.iter().map(|e| json!({
            "state": e.state.code(), "by": e.by, "on": e.on.to_string(), "note": e.note,
        })).collect::<Vec<_>>(),
        "message": p.state.label(lang),
    })
}

pub fn list(lang: Lang, q: &Queue, proposals: &[Proposal]) -> Value {
    json!({
        "counts": q.counts.iter().map(|(s, n)| json!({ "state": s.code(), "count": n, "message": s.label(lang) })).collect::<Vec<_>>(),
        "proposals": proposals.iter().map(|p| json!({
            "id": p.id,
            "state": p.state.code(),
            "subject": subject(&p.subject),
            "direction": direction(p.direction),
            "origin": p.origin.code(),
            "proposed_by": p.proposed_by,
            "created": p.created.to_string(),
            "muskel": p.muskel,
        })).collect::<Vec<_>>(),
    })
}

/// A stable code for why a monev line drafted nothing.
fn problem_code(p: &LineProblem) -> &'static str {
    match p {
        LineProblem::WrongEncoding => "wrong_encoding",
        LineProblem::UnknownNik { .. } => "unknown_nik",
        LineProblem::UnknownKk { .. } => "unknown_kk",
        LineProblem::NoHolder => "no_holder",
        LineProblem::DuplicateLine { .. } => "duplicate_line",
        LineProblem::BadStatus { .. } => "bad_status",
        LineProblem::BadDate { .. } => "bad_date",
        LineProblem::BadAsset { .. } => "bad_asset",
        LineProblem::BadValue { .. } => "bad_value",
        LineProblem::Refused(Refusal::DeathDateInFuture { .. }) => "death_date_in_future",
        LineProblem::Refused(Refusal::AlreadyInactive { .. }) => "already_inactive",
        LineProblem::Refused(_) => "refused",
    }
}

pub fn monev(lang: Lang, file: &str, r: &MonevReport) -> Value {
    json!({
        "file": file,
        "drafted": r.drafted,
        "already_open": r.already_open.iter().map(|(line, id)| json!({ "line": line, "proposal": id })).collect::<Vec<_>>(),
        "rejects": r.rejects.iter().map(|(line, p)| json!({
            "line": line, "code": problem_code(p), "message": p.message(lang),
        })).collect::<Vec<_>>(),
    })
}
