//! One No. KK's rows from every table, merged over the stored household.

use super::*;

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

/// Builds the household a group describes, over the stored one if any:
/// the household row replaces address and conditions; a person row replaces
/// the member with that NIK or adds one; history and enrolment rows replace
/// those of the household or member they name.
pub(super) fn merge(existing: Option<&Household>, g: &Group) -> std::result::Result<Household, RowProblem> {
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
                list.clear();
            }
            list.push(r.entry.clone());
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
    }
    Ok(h)
}
