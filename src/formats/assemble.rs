//! Putting a household back together from its rows.

use super::rows::{EnrolmentRow, HistoryRow, HouseholdRow, PersonRow};
use crate::domain::model::Household;

/// A history or enrolment row that names no member of the household (or
/// another No. KK); the caller reports it as a rejected row.
#[derive(Clone, Debug, PartialEq)]
pub enum Unmatched {
    History(HistoryRow),
    Enrolment(EnrolmentRow),
}

/// Builds a household from its rows, keeping their order: members in the
/// order of `persons`, each member's history and enrolments in the order
/// given. Pure; checking the result is `domain::validate`'s job.
pub fn assemble(
    hh: HouseholdRow,
    persons: Vec<PersonRow>,
    history: Vec<HistoryRow>,
    enrolments: Vec<EnrolmentRow>,
) -> (Household, Vec<Unmatched>) {
    let mut h = Household {
        no_kk: hh.no_kk,
        address: hh.address,
        info: hh.info,
        members: persons.into_iter().map(|p| p.person).collect(),
        history: Vec::new(),
    };
    let mut unmatched = Vec::new();
    for row in history {
        if row.no_kk != h.no_kk {
            unmatched.push(Unmatched::History(row));
            continue;
        }
        match &row.nik {
            None => h.history.push(row.entry),
            Some(nik) => match h.members.iter_mut().find(|p| &p.nik == nik) {
                Some(p) => p.history.push(row.entry),
                None => unmatched.push(Unmatched::History(row)),
            },
        }
    }
    for row in enrolments {
        match h.members.iter_mut().find(|p| p.nik == row.nik).filter(|_| row.no_kk == h.no_kk) {
            Some(p) => p.enrolments.push(row.enrolment),
            None => unmatched.push(Unmatched::Enrolment(row)),
        }
    }
    (h, unmatched)
}
