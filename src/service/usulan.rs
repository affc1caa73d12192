//! Usulan: proposals to enter DTKS and/or receive assistance, with the
//! 30-day rule for self-proposals (see `domain::usulan`).

use serde::Serialize;

use super::{Actor, Result, Service};
use crate::domain::Source;
use crate::domain::usulan::{Deadline, Usulan, UsulanKind, UsulanProblem};

/// Which proposals a list shows; `None` admits every value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsulanFilter {
    /// Dotted kelurahan code (or any prefix of one).
    pub region: Option<String>,
    pub kind: Option<UsulanKind>,
    pub source: Option<Source>,
    /// Only self-proposals still open against the 30-day rule.
    pub open_only: bool,
}

/// One proposal as a list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct UsulanLine {
    pub usulan: Usulan,
    /// The 30-day rule on today.
    pub deadline: Deadline,
    /// What `check_usulan` says of it today against the register, as text.
    pub problems: Vec<String>,
}

impl Service {
    /// Records a proposal after `check_usulan` against the register finds no
    /// problem (otherwise refused with every problem, nothing written).
    /// `u.id` 0 gets a new id; `entered_by` and `entered_at` are set from
    /// the actor and the clock. Returns the id.
    pub fn add_usulan(&self, u: Usulan, actor: &Actor) -> Result<u64> {
        let _ = (u, actor);
        todo!()
    }

    /// The problems `check_usulan` finds today, with the register's
    /// households for its No. KK and NIKs.
    pub fn check_self_proposal(&self, u: &Usulan) -> Result<Vec<UsulanProblem>> {
        let _ = u;
        todo!()
    }

    /// Records the regional government's verification of a proposal
    /// (layak or not, with a note) on today.
    pub fn verify_usulan(&self, id: u64, layak: bool, note: &str, actor: &Actor) -> Result<Usulan> {
        let _ = (id, layak, note, actor);
        todo!()
    }

    pub fn usulan(&self, id: u64) -> Result<Option<Usulan>> {
        let _ = id;
        todo!()
    }

    /// Proposals admitted by `filter`, oldest submission first.
    pub fn usulan_list(&self, filter: &UsulanFilter) -> Result<Vec<UsulanLine>> {
        let _ = filter;
        todo!()
    }
}
