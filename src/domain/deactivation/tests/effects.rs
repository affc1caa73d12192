//! What approval, undo, reinstatement and reactivation do to the record.

use super::effect::HistoryRef;
use super::*;

#[test]
fn approval_makes_the_person_inactive_with_the_decision_in_the_history_and_ends_enrolments() {
    let (h, mut cal) = (family(), TestCalendar::default());
    cal.freeze(Programme::Klj, "2026-T1");
    let (p, after) = effective(deceased(), &h, &cal);
    let budi = after.member(BUDI).unwrap();
    let last = budi.history.last().unwrap();
    assert_eq!((last.status, last.since), (DtksStatus::Inactive, date(2026, 4, 1)));
    assert_eq!(HistoryRef::parse(&last.note), Some(HistoryRef::Decision(p.id)));
    assert_eq!(budi.history.len(), 2, "the earlier entry stays");
    let klj = budi.enrolment(Programme::Klj).unwrap();
    assert_eq!((klj.status, klj.until), (EnrolmentStatus::Stopped, Some(date(2026, 4, 1))));
    // Siti and the household are not the subject.
    assert_eq!(after.member(SITI).unwrap(), h.member(SITI).unwrap());
    assert_eq!(after.history, h.history);
    assert_eq!(p.changes.len(), 2);
    assert!(matches!(&p.changes[0], Change::PersonStatus { to: DtksStatus::Inactive, .. }));
    assert_eq!(p.changes[1].ended_programme(), Some(Programme::Klj));
}

#[test]
fn a_household_proposal_reaches_every_member_and_the_household() {
    let (h, cal) = (family(), TestCalendar::default());
    let subject = Subject::Household { no_kk: KK.into() };
    let mut p =
        Proposal::draft(input(subject, Direction::Deactivate(Ground::Improved), vec![note_evidence()]), &h).unwrap();
    p.submit(7, "petugas1", date(2026, 2, 11)).unwrap();
    p.agree("operator", date(2026, 2, 20)).unwrap();
    p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 25), &h, &cal).unwrap();
    let (after, changes) = effect::apply(&h, &p).unwrap();
    assert_eq!(after.status(), DtksStatus::Inactive);
    assert!(after.members.iter().all(|m| m.status() == DtksStatus::Inactive));
    assert!(after.members.iter().flat_map(|m| &m.enrolments).all(|e| e.status == EnrolmentStatus::Stopped));
    assert_eq!(changes.len(), 5);
}

#[test]
fn a_member_already_inactive_keeps_their_history_when_the_household_goes() {
    let (mut h, cal) = (family(), TestCalendar::default());
    h.members[1].history.push(status_entry(DtksStatus::Inactive, date(2025, 6, 1)));
    let subject = Subject::Household { no_kk: KK.into() };
    let mut p =
        Proposal::draft(input(subject, Direction::Deactivate(Ground::MovedOut), vec![note_evidence()]), &h).unwrap();
    p.submit(7, "petugas1", date(2026, 2, 11)).unwrap();
    p.agree("operator", date(2026, 2, 20)).unwrap();
    p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 25), &h, &cal).unwrap();
    let (after, changes) = effect::apply(&h, &p).unwrap();
    assert_eq!(after.member(SITI).unwrap().history, h.member(SITI).unwrap().history);
    assert!(!changes.iter().any(|c| matches!(c, Change::PersonStatus { nik, .. } if nik == SITI)));
}

#[test]
fn named_programmes_end_only_those_enrolments_and_leave_the_status() {
    let (h, cal) = (family(), TestCalendar::default());
    let other = Direction::Deactivate(Ground::NotEligible(NotEligibleReason::OtherAssistance));
    let mut i = input(budi(), other, vec![note_evidence()]);
    i.scope = Scope::Named(vec![Programme::Kaj]);
    let mut p = Proposal::draft(i.clone(), &h).unwrap();
    p.submit(7, "petugas1", date(2026, 2, 11)).unwrap();
    p.agree("operator", date(2026, 2, 20)).unwrap();
    let r = p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 25), &h, &cal);
    assert_eq!(r, Err(Refusal::NothingEnrolled { programmes: vec![Programme::Kaj] }));
    i.scope = Scope::Named(vec![Programme::Klj]);
    let mut p = Proposal::draft(i, &h).unwrap();
    p.submit(7, "petugas1", date(2026, 2, 11)).unwrap();
    p.agree("operator", date(2026, 2, 20)).unwrap();
    p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 25), &h, &cal).unwrap();
    let (after, _) = effect::apply(&h, &p).unwrap();
    let budi = after.member(BUDI).unwrap();
    assert_eq!(budi.status(), DtksStatus::Active);
    assert_eq!(budi.enrolment(Programme::Klj).unwrap().status, EnrolmentStatus::Stopped);
}

#[test]
fn apply_needs_an_approved_proposal() {
    let h = family();
    let p = agreed(refuses(), &h);
    assert_eq!(effect::apply(&h, &p), Err(Refusal::Illegal { step: Step::TakeEffect, from: State::Agreed }));
}

#[test]
fn undo_restores_status_and_enrolments_and_keeps_both_entries() {
    let (h, cal) = (family(), TestCalendar::default());
    let (mut p, after) = effective(refuses(), &h, &cal);
    assert_eq!(effect::undo(&after, &p), Err(Refusal::Illegal { step: Step::Revert, from: State::Effective }));
    p.revert("Salah orang", "supervisor", date(2026, 2, 26), &cal).unwrap();
    let (back, changes) = effect::undo(&after, &p).unwrap();
    let budi = back.member(BUDI).unwrap();
    assert_eq!(budi.status(), DtksStatus::Active);
    assert_eq!(budi.enrolments, h.member(BUDI).unwrap().enrolments);
    assert_eq!(budi.history.len(), 3);
    assert_eq!(HistoryRef::parse(&budi.history[2].note), Some(HistoryRef::Reverted(p.id)));
    assert_eq!(budi.history[2].since, budi.history[1].since);
    assert_eq!(changes.len(), 2);
}

#[test]
fn reinstatement_restarts_from_its_own_effective_date_and_keeps_the_history() {
    let (h, mut cal) = (family(), TestCalendar::default());
    let (mut p, after) = effective(deceased(), &h, &cal);
    p.appeal("Masih hidup", "petugas2", date(2026, 3, 1)).unwrap();
    cal.freeze(Programme::Klj, "2026-T1");
    cal.freeze(Programme::Klj, "2026-T2");
    p.decide_appeal(Outcome::Approve, "KTP asli ditunjukkan", "kepala", date(2026, 5, 10), &cal).unwrap();
    assert_eq!(
        effect::reinstate(&after, &agreed(refuses(), &h)).map(|_| ()),
        Err(Refusal::Illegal { step: Step::DecideAppeal, from: State::Agreed })
    );
    let (back, _) = effect::reinstate(&after, &p).unwrap();
    let budi = back.member(BUDI).unwrap();
    let statuses: Vec<(DtksStatus, NaiveDate)> = budi.history.iter().map(|e| (e.status, e.since)).collect();
    assert_eq!(
        statuses,
        [
            (DtksStatus::Active, date(2023, 1, 1)),
            (DtksStatus::Inactive, date(2026, 1, 1)),
            (DtksStatus::Active, date(2026, 7, 1)),
        ]
    );
    let klj = budi.enrolment(Programme::Klj).unwrap();
    assert_eq!((klj.status, klj.since, klj.until), (EnrolmentStatus::Active, date(2026, 7, 1), None));

    let proposals = [p.clone()];
    let off = deactivated_since(budi, date(2026, 6, 30), &proposals).unwrap();
    assert_eq!(
        off,
        Deactivated { since: date(2026, 1, 1), ground: Ground::Deletion(DeletionGround::Deceased), proposal: p.id }
    );
    assert_eq!(deactivated_since(budi, date(2026, 7, 1), &proposals), None);
    assert_eq!(deactivated_since(budi, date(2025, 12, 31), &proposals), None);
    assert_eq!(
        off.message(crate::i18n::Lang::Id),
        "nonaktif sejak 1 Jan 2026 karena penghapusan: meninggal dunia (keputusan #1)"
    );
    assert_eq!(
        off.message(crate::i18n::Lang::En),
        "inactive since 1 Jan 2026 because deletion: deceased (decision #1)"
    );
}

#[test]
fn inactive_by_another_cause_is_not_called_a_decision() {
    let mut h = family();
    h.members[0].history.push(status_entry(DtksStatus::Inactive, date(2025, 6, 1)));
    assert_eq!(deactivated_since(&h.members[0], date(2026, 1, 1), &[]), None);
}

#[test]
fn reactivation_goes_the_same_way_and_restarts_stopped_enrolments() {
    let (h, cal) = (family(), TestCalendar::default());
    let (first, off) = effective(refuses(), &h, &cal);
    let back = Direction::Reactivate { answers: Some(first.id) };
    let mut p = Proposal::draft(input(budi(), back, vec![note_evidence()]), &off).unwrap();
    p.id = 2;
    p.submit(8, "petugas1", date(2026, 4, 2)).unwrap();
    let r = p.decide(Outcome::Approve, "", "supervisor", date(2026, 4, 3), &off, &cal);
    assert_eq!(r, Err(Refusal::BeforeMuskel { state: State::Proposed }));
    p.agree("operator", date(2026, 4, 20)).unwrap();
    p.decide(Outcome::Approve, "", "supervisor", date(2026, 4, 25), &off, &cal).unwrap();
    let (on, changes) = effect::apply(&off, &p).unwrap();
    let budi = on.member(BUDI).unwrap();
    assert_eq!(budi.status(), DtksStatus::Active);
    assert_eq!(budi.history.len(), 3);
    let klj = budi.enrolment(Programme::Klj).unwrap();
    assert_eq!((klj.status, klj.since), (EnrolmentStatus::Active, date(2026, 4, 1)));
    assert_eq!(changes.len(), 2);
    p.take_effect(changes, "supervisor", date(2026, 4, 25)).unwrap();
    assert_eq!(p.appeal("Keberatan", "x", date(2026, 5, 1)), Err(Refusal::NotADeactivation));
}
