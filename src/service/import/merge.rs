//! One No. KK's rows from every table, merged over the stored household.

use super::*;
use crate::domain::deactivation::Proposal;
use crate::domain::deactivation::effect::HistoryRef;
use crate::domain::deactivation::{Change, Direction, State};
use crate::domain::{Enrolment, StatusEntry};

/// The rows of one No. KK gathered from every source.
#[derive(Default)]
pub(super) struct Group {
    pub(super) household: Option<(HouseholdRow, Held)>,
    pub(super) persons: Vec<(PersonRow, Held)>,
    pub(super) history: Vec<(HistoryRow, Held)>,
    pub(super) enrolments: Vec<(EnrolmentRow, Held)>,
}

impl Group {
    pub(super) fn rows(self) -> Vec<Held> {
        let mut v: Vec<Held> = self.household.into_iter().map(|(_, h)| h).collect();
        v.extend(self.persons.into_iter().map(|(_, h)| h));
        v.extend(self.history.into_iter().map(|(_, h)| h));
        v.extend(self.enrolments.into_iter().map(|(_, h)| h));
        v
    }
}

/// An enrolment a decision wrote, and the one it replaced.
pub(super) struct Decided {
    nik: String,
    before: Enrolment,
    written: Enrolment,
}

/// The stored enrolments a decision in effect wrote, by NIK: those a
/// deactivation stopped, a reactivation restarted, or a reinstatement
/// restarted from its own date. A re-import of the register files must not
/// put the file's enrolment back over them.
pub(super) fn decided_enrolments(stored: &Household, proposals: &[Proposal]) -> Vec<Decided> {
    let mut out = Vec::new();
    for p in proposals {
        let holds = match p.direction {
            Direction::Deactivate(_) => {
                matches!(p.state, State::Effective | State::Appealed | State::Upheld | State::Reinstated)
            }
            Direction::Reactivate { .. } => p.state == State::Effective,
        };
        if !holds {
            continue;
        }
        let reinstated = match p.state {
            State::Reinstated => p.appeal_decision.as_ref().and_then(|d| d.plan.as_ref()),
            _ => None,
        };
        for c in &p.changes {
            let Change::Enrolment { nik, before, after } = c else { continue };
            let Some(m) = stored.member(nik) else { continue };
            let written = match reinstated {
                // What `effect::reinstate` wrote over `after`.
                Some(plan) => plan.programmes.iter().find(|e| e.programme == after.programme).map(|e| Enrolment {
                    programme: before.programme,
                    status: before.status,
                    since: e.from,
                    until: None,
                    source: before.source.clone(),
                }),
                None => Some(after.clone()),
            };
            if let Some(e) = written.filter(|e| m.enrolments.contains(e)) {
                out.push(Decided { nik: nik.clone(), before: before.clone(), written: e });
            }
        }
    }
    out
}

/// Builds the household a group describes, over the stored one if any:
/// the household row replaces address and conditions; a person row replaces
/// the member with that NIK or adds one; history and enrolment rows replace
/// those of the household or member they name.
///
/// The files know nothing of deactivation decisions, so what decisions wrote
/// survives the rows that replace it: the stored history entries whose note
/// references a decision stay after the imported ones (the last entry whose
/// date has come holds), and the enrolments in `decided` (written by a
/// decision in effect) replace the imported enrolment they had replaced.
/// Keeping them is simpler than replaying every decision, revert and
/// reinstatement in order, and lands in the same atomic write.
pub(super) fn merge(
    existing: Option<&Household>,
    g: &Group,
    decided: &[Decided],
) -> std::result::Result<Household, RowProblem> {
    let mut h = match (&g.household, existing) {
        (Some((row, _)), Some(ex)) => Household { address: row.address.clone(), info: row.info.clone(), ..ex.clone() },
        (Some((row, _)), None) => Household {
            no_kk: row.no_kk.clone(),
            address: row.address.clone(),
            info: row.info.clone(),
            members: Vec::new(),
            history: Vec::new(),
        },
        (None, Some(ex)) => ex.clone(),
        (None, None) => return Err(RowProblem::UnknownKk),
    };
    for (p, _) in &g.persons {
        let mut person = p.person.clone();
        match h.members.iter_mut().find(|m| m.nik == person.nik) {
            Some(m) => {
                // History and enrolments come from their own tables; keep the stored ones.
                person.history = std::mem::take(&mut m.history);
                person.enrolments = std::mem::take(&mut m.enrolments);
                *m = person;
            }
            None => h.members.push(person),
        }
    }
    if !g.history.is_empty() {
        let mut named: HashMap<Option<&str>, bool> = HashMap::new();
        let mut kept_history: Vec<(Option<&str>, Vec<StatusEntry>)> = Vec::new();
        for (r, _) in &g.history {
            let key = r.nik.as_deref();
            let first = named.insert(key, true).is_none();
            let list = match key {
                None => &mut h.history,
                Some(nik) => match h.members.iter_mut().find(|m| m.nik == nik) {
                    Some(m) => &mut m.history,
                    None => return Err(RowProblem::HistoryNotMember { nik: nik.to_string() }),
                },
            };
            if first {
                list.retain(|e| HistoryRef::parse(&e.note).is_some());
                let kept = std::mem::take(list);
                kept_history.push((key, kept));
            }
            list.push(r.entry.clone());
        }
        for (key, kept) in kept_history {
            let list = match key {
                None => &mut h.history,
                Some(nik) => match h.members.iter_mut().find(|m| m.nik == nik) {
                    Some(m) => &mut m.history,
                    None => continue,
                },
            };
            list.extend(kept);
        }
    }
    if !g.enrolments.is_empty() {
        let mut named: HashMap<&str, bool> = HashMap::new();
        for (r, _) in &g.enrolments {
            let first = named.insert(r.nik.as_str(), true).is_none();
            let m = h
                .members
                .iter_mut()
                .find(|m| m.nik == r.nik)
                .ok_or_else(|| RowProblem::EnrolmentNotMember { nik: r.nik.clone() })?;
            if first {
                m.enrolments.clear();
            }
            m.enrolments.push(r.enrolment.clone());
        }
        for d in decided {
            let Some(m) = h.members.iter_mut().find(|m| m.nik == d.nik) else { continue };
            if m.enrolments.contains(&d.written) {
                continue;
            }
            // The file's row is normally the enrolment as it was before the
            // decision; failing that, the latest of the same programme.
            let at = m
                .enrolments
                .iter()
                .position(|e| *e == d.before)
                .or_else(|| m.enrolments.iter().rposition(|e| e.programme == d.written.programme));
            match at {
                Some(i) => m.enrolments[i] = d.written.clone(),
                None => m.enrolments.push(d.written.clone()),
            }
        }
    }
    Ok(h)
}
