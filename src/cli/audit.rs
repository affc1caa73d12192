//! `dtks audit`: who saw or changed a person, what a user did, and whether
//! the chained log is whole.

use std::process::ExitCode;

use serde::Serialize;

use super::{AuditCommand, Global, Io, found};
use crate::i18n::Lang;
use crate::i18n::audit::{action_words, checkpoint_written, origin_words, show, verify};
use crate::service::audit::AuditQuery;
use crate::store::AuditEvent;

pub(super) fn run(io: &mut Io, g: &Global, lang: Lang, command: AuditCommand) -> anyhow::Result<ExitCode> {
    let me = match (&io.remote, asker(&command)) {
        (None, Some(me)) => me,
        _ => io.actor(g),
    };
    let svc = io.open(g, lang)?;
    io.masks.set(svc.access(&me).is_ok_and(|a| a.role.masks()));
    match command {
        AuditCommand::Verify { checkpoint } => {
            let c = checkpoint.as_deref().map(|p| svc.read_checkpoint(p)).transpose()?;
            let report = svc.audit_verify(&me, c.as_ref())?;
            io.emit(&verify(lang, &report, checkpoint.as_deref()))?;
            Ok(if report.faults.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        AuditCommand::Checkpoint { out } => {
            let c = svc.audit_checkpoint(&me)?;
            let text = format!("{}\n", serde_json::to_string_pretty(&c)?);
            crate::formats::atomic::write_whole(&out, text.as_bytes())
                .map_err(|e| crate::service::ServiceError::io(&out, e))?;
            io.emit(&checkpoint_written(lang, &c, &out))?;
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Show { nik, user, since, json } => {
            let q = match (nik, user, since) {
                (Some(n), _, _) => AuditQuery::Nik(n.trim().to_string()),
                (_, Some(u), _) => AuditQuery::User(u),
                (_, _, Some(d)) => AuditQuery::Since(d.and_time(chrono::NaiveTime::MIN)),
                // clap requires one of the three.
                (None, None, None) => return Ok(ExitCode::from(2)),
            };
            let events = svc.audit_events(&me, &q)?;
            if json {
                let views: Vec<EventView> = events.iter().map(|e| EventView::of(lang, e)).collect();
                io.json(&views)?;
            } else {
                io.emit(&show(lang, &events))?;
            }
            Ok(found(events.len()))
        }
    }
}

/// Who asks `audit show --user U`: that `--user` names whose events, and
/// clap gives the global `--user` the same value, so the one asking is
/// DTKS_USER or the OS account. None for every other command.
pub(super) fn asker(command: &AuditCommand) -> Option<crate::service::Actor> {
    matches!(command, AuditCommand::Show { user: Some(_), .. })
        .then(|| super::actor_named(std::env::var("DTKS_USER").ok()))
}

/// An event as `audit show --json` gives it.
#[derive(Serialize)]
struct EventView {
    seq: u64,
    at: String,
    user: String,
    origin: String,
    origin_text: String,
    action: String,
    text: String,
    households: Vec<String>,
    shown: Vec<String>,
}

impl EventView {
    fn of(lang: Lang, e: &AuditEvent) -> EventView {
        EventView {
            seq: e.seq,
            at: e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            user: e.user.clone(),
            origin: e.origin.clone(),
            origin_text: origin_words(lang, &e.origin),
            action: e.action.clone(),
            text: action_words(lang, e),
            households: e.targets.iter().map(|t| t.no_kk.clone()).collect(),
            shown: e.subjects.clone(),
        }
    }
}
