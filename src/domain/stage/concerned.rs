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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::visit::FieldId;
    use crate::domain::visit::fixtures::*;

    fn budi_with(finding: &str, detail: Option<(MemberField, &str)>, programmes: &str) -> (VisitForm, Household) {
        let h = household();
        let period = Period::monthly(Programme::Klj, 2025, 6).unwrap().id();
        let mut f = VisitForm::start(7, &h, &period, "petugas1", now());
        let mf = |field| FieldId::Member { index: 0, field };
        f.edit(mf(MemberField::Presence), "ditemukan", now()).unwrap();
        f.edit(mf(MemberField::Finding), finding, now()).unwrap();
        if let Some((field, value)) = detail {
            f.edit(mf(field), value, now()).unwrap();
        }
        if !programmes.is_empty() {
            f.edit(mf(MemberField::Programmes), programmes, now()).unwrap();
        }
        (f, h)
    }

    /// Before pengesahan, and from what pengesahan applied.
    fn both(f: &VisitForm, h: &Household) -> (Vec<Programme>, Vec<Programme>) {
        let letter = Letter { number: "460/1/2025".into(), date: date(2025, 6, 10) };
        let (_, applied) = apply_findings(h, f, &letter, date(2025, 6, 10));
        let m = &f.members[0];
        (programmes_concerned(m, h.members.first(), &[]), programmes_concerned(m, h.members.first(), &applied))
    }

    #[test]
    fn a_finding_without_programmes_names_the_enrolments_it_stops() {
        use Programme::{JknPbi, Klj};
        // Not eligible, no programme named: every live enrolment stops.
        let (f, h) = budi_with("tidak_layak", Some((MemberField::NotEligible, "5")), "");
        assert_eq!(both(&f, &h), (vec![Klj, JknPbi], vec![Klj, JknPbi]));
        // KLJ named: KLJ only, JKN-PBI stays.
        let (f, h) = budi_with("tidak_layak", Some((MemberField::NotEligible, "5")), "KLJ");
        assert_eq!(both(&f, &h), (vec![Klj], vec![Klj]));
        // JKN-PBI named: the cascade stops KLJ too.
        let (f, h) = budi_with("tidak_layak", Some((MemberField::NotEligible, "5")), "JKN-PBI");
        assert_eq!(both(&f, &h), (vec![Klj, JknPbi], vec![Klj, JknPbi]));
        // Anomalous data suspends what is live.
        let (f, h) = budi_with("pemutakhiran", Some((MemberField::UpdateReason, "data_anomali")), "");
        assert_eq!(both(&f, &h), (vec![Klj, JknPbi], vec![Klj, JknPbi]));
        // Eligible with no programme named changes no enrolment.
        let (f, h) = budi_with("layak", None, "");
        assert_eq!(both(&f, &h), (vec![], vec![]));
    }
}
