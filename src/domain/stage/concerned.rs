//! Which programmes a visit's finding concerns for one person, as the
//! upload file names them: a finding that names no programme stops every
//! one, and a blank column would hide which.

use super::apply::{AppliedChange, live};
use super::*;

/// The programmes `m`'s finding concerns, in [`Programme::ALL`] order.
/// After pengesahan (`applied` not empty) they are the ones named on the
/// form plus those pengesahan started, stopped or suspended for the person
/// (the JKN-PBI cascade included). Before it, a finding that stops
/// enrolments names the live enrolments of the registered person it would
/// stop: all of them when the form names none or when the finding reaches
/// JKN-PBI.
pub fn programmes_concerned(m: &MemberEntry, registered: Option<&Person>, applied: &[AppliedChange]) -> Vec<Programme> {
    let mut out: Vec<Programme> = m.programmes.clone();
    let niks: Vec<&str> = m.registered_nik.iter().map(String::as_str).chain([m.fields.nik.trim()]).collect();
    if !applied.is_empty() {
        for c in applied {
            let (nik, programme) = match c {
                AppliedChange::EnrolmentStarted { nik, programme } => (nik, *programme),
                AppliedChange::Excluded { nik, programme, stopped: true, .. } => (nik, *programme),
                AppliedChange::EnrolmentSuspended { nik, programme, .. } => (nik, *programme),
                _ => continue,
            };
            if niks.contains(&nik.as_str()) {
                out.push(programme);
            }
        }
    } else if let Some(p) = registered {
        let named = &m.programmes;
        let reaches_jkn = named.is_empty() || named.contains(&Programme::JknPbi);
        let all = match m.finding() {
            None | Some(Finding::Layak) => false,
            Some(Finding::TidakLayak(_) | Finding::Update(UpdateReason::Improved)) => reaches_jkn,
            Some(Finding::Update(UpdateReason::Deceased)) => true,
            Some(Finding::Update(_)) => named.is_empty(),
        };
        if all {
            out.extend(p.enrolments.iter().filter(|e| live(e)).map(|e| e.programme));
        }
    }
    Programme::ALL.iter().copied().filter(|p| out.contains(p)).collect()
}
