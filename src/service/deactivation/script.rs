//! `nonaktif.jsonl`: a history of deactivation decisions, one step per
//! JSON line (`{"kind": "decide", "data": {...}}`), each dated and taken by
//! its user through the use cases, so the four-eyes rule, the Muskel and the
//! frozen lists are checked on replay as they were. `dtks sample` writes
//! one; `dtks import` replays it after the register, the cycle and the
//! tahap history. Proposals are named by the order of their `propose` (or
//! `double`) step, since the ids are the register's own.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{NewProposal, Target};
use crate::domain::deactivation::{Direction, Evidence, Origin, Outcome, Scope};
use crate::formats::jsonl::{JsonlWriter, read_jsonl};
use crate::service::{Actor, Result, Service, ServiceError};

/// The file name `dtks import` replays.
pub const NONAKTIF_FILE: &str = "nonaktif.jsonl";

/// Whom a scripted proposal is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScriptTarget {
    Nik(String),
    NoKk(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum NonaktifStep {
    Propose {
        by: String,
        on: NaiveDate,
        target: ScriptTarget,
        direction: Direction,
        evidence: Vec<Evidence>,
        scope: Scope,
        origin: Origin,
    },
    /// "Keep `keep`, propose deleting the record in `remove`".
    Double {
        by: String,
        on: NaiveDate,
        nik: String,
        keep: String,
        remove: String,
    },
    Submit {
        proposal: usize,
        muskel: u64,
        by: String,
        on: NaiveDate,
    },
    Agree {
        proposal: usize,
        by: String,
        on: NaiveDate,
    },
    Decide {
        proposal: usize,
        outcome: Outcome,
        note: String,
        by: String,
        on: NaiveDate,
    },
    Revert {
        proposal: usize,
        reason: String,
        by: String,
        on: NaiveDate,
    },
    Appeal {
        proposal: usize,
        note: String,
        by: String,
        on: NaiveDate,
    },
    DecideAppeal {
        proposal: usize,
        outcome: Outcome,
        note: String,
        by: String,
        on: NaiveDate,
    },
    /// A monev result file, its text kept here, imported under its name.
    Monev {
        file: String,
        body: String,
        by: String,
        on: NaiveDate,
    },
}

pub fn is_nonaktif_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == NONAKTIF_FILE)
}

pub fn read_nonaktif_file(path: &Path) -> Result<Vec<NonaktifStep>> {
    Ok(read_jsonl(path)?.into_iter().map(|(_, s)| s).collect())
}

pub fn write_nonaktif_file(path: &Path, steps: &[NonaktifStep]) -> Result<()> {
    let mut w = JsonlWriter::create(path)?;
    for s in steps {
        w.push(s)?;
    }
    w.finish()?;
    Ok(())
}

/// The proposals a replay has made so far, by step order.
#[derive(Debug, Default)]
pub struct Replay {
    pub ids: Vec<u64>,
}

impl Replay {
    fn id(&self, n: usize) -> Result<u64> {
        self.ids.get(n).copied().ok_or(ServiceError::Refused(crate::service::Refusal::NoProposal { id: n as u64 }))
    }
}

impl Service {
    /// Takes one step on its own date.
    pub fn take_nonaktif_step(&self, step: &NonaktifStep, replay: &mut Replay) -> Result<()> {
        let cal = || self.deactivation_calendar();
        match step {
            NonaktifStep::Propose { by, on, target, direction, evidence, scope, origin } => {
                let target = match target {
                    ScriptTarget::Nik(n) => Target::Nik(n.clone()),
                    ScriptTarget::NoKk(k) => Target::NoKk(k.clone()),
                };
                let new = NewProposal {
                    target,
                    direction: *direction,
                    evidence: evidence.clone(),
                    scope: scope.clone(),
                    origin: *origin,
                };
                replay.ids.push(self.propose_on(new, &Actor::new(by.as_str()), *on)?.id);
            }
            NonaktifStep::Double { by, on, nik, keep, remove } => {
                let p = self.propose_double_deletion_on(nik, keep, remove, &Actor::new(by.as_str()), *on)?;
                replay.ids.push(p.id);
            }
            NonaktifStep::Submit { proposal, muskel, by, on } => {
                self.submit_proposal_on(replay.id(*proposal)?, *muskel, &Actor::new(by.as_str()), *on)?;
            }
            NonaktifStep::Agree { proposal, by, on } => {
                self.agree_proposal_on(replay.id(*proposal)?, &Actor::new(by.as_str()), *on)?;
            }
            NonaktifStep::Decide { proposal, outcome, note, by, on } => {
                let lists = cal()?;
                let id = replay.id(*proposal)?;
                self.decide_proposal_on(id, *outcome, note, &Actor::new(by.as_str()), &lists.calendar(), *on)?;
            }
            NonaktifStep::Revert { proposal, reason, by, on } => {
                let lists = cal()?;
                let id = replay.id(*proposal)?;
                self.revert_proposal_on(id, reason, &Actor::new(by.as_str()), &lists.calendar(), *on)?;
            }
            NonaktifStep::Appeal { proposal, note, by, on } => {
                self.appeal_proposal_on(replay.id(*proposal)?, note, &Actor::new(by.as_str()), *on)?;
            }
            NonaktifStep::DecideAppeal { proposal, outcome, note, by, on } => {
                let lists = cal()?;
                let id = replay.id(*proposal)?;
                self.decide_appeal_on(id, *outcome, note, &Actor::new(by.as_str()), &lists.calendar(), *on)?;
            }
            NonaktifStep::Monev { file, body, by, on } => {
                let dir = tempfile::tempdir().map_err(|e| ServiceError::io(Path::new("."), e))?;
                let path = dir.path().join(file);
                crate::formats::atomic::write_whole(&path, body.as_bytes()).map_err(|e| ServiceError::io(&path, e))?;
                self.import_monev_on(&path, &Actor::new(by.as_str()), *on)?;
            }
        }
        Ok(())
    }

    /// Replays a steps file; returns the steps taken. A register that
    /// already holds proposals has its history: the file is read (so a bad
    /// one is still refused) and nothing is replayed.
    pub fn import_nonaktif_file(&self, path: &Path) -> Result<u64> {
        let steps = read_nonaktif_file(path)?;
        if !self.all_proposals()?.is_empty() {
            return Ok(0);
        }
        let mut replay = Replay::default();
        for s in &steps {
            self.take_nonaktif_step(s, &mut replay)?;
        }
        Ok(steps.len() as u64)
    }
}
