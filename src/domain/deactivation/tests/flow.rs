//! States and steps, four-eyes, the Muskel order, the effective period.

use super::*;

fn illegal(r: Result<(), Refusal>, step: Step, from: State) {
    assert_eq!(r, Err(Refusal::Illegal { step, from }));
}

#[test]
fn the_whole_way_from_draft_to_effective() {
    let (h, cal) = (family(), TestCalendar::default());
    let mut p = Proposal::draft(input(budi(), refuses(), vec![note_evidence()]), &h).unwrap();
    assert_eq!(p.state, State::Draft);
    p.submit(7, "petugas1", date(2026, 2, 11)).unwrap();
    assert_eq!((p.state, p.muskel), (State::Proposed, Some(7)));
    p.agree("operator", date(2026, 2, 20)).unwrap();
    assert_eq!(p.state, State::Agreed);
    p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 25), &h, &cal).unwrap();
    assert_eq!(p.state, State::Approved);
    assert!(!p.decision.as_ref().unwrap().urgent);
    let (_, changes) = effect::apply(&h, &p).unwrap();
    p.take_effect(changes, "supervisor", date(2026, 2, 25)).unwrap();
    assert_eq!(p.state, State::Effective);
    let states: Vec<State> = p.events.iter().map(|e| e.state).collect();
    assert_eq!(states, [State::Draft, State::Proposed, State::Agreed, State::Approved, State::Effective]);
}

#[test]
fn every_illegal_step_is_refused_with_where_it_stands() {
    let (h, cal) = (family(), TestCalendar::default());
    let mut p = Proposal::draft(input(budi(), refuses(), vec![note_evidence()]), &h).unwrap();
    illegal(p.agree("x", date(2026, 2, 11)), Step::Agree, State::Draft);
    illegal(p.take_effect(vec![], "x", date(2026, 2, 11)), Step::TakeEffect, State::Draft);
    illegal(p.revert("r", "x", date(2026, 2, 11), &cal), Step::Revert, State::Draft);
    illegal(p.appeal("n", "x", date(2026, 2, 11)), Step::Appeal, State::Draft);
    illegal(p.decide_appeal(Outcome::Approve, "", "x", date(2026, 2, 11), &cal), Step::DecideAppeal, State::Draft);
    p.submit(7, "petugas1", date(2026, 2, 11)).unwrap();
    illegal(p.submit(7, "petugas1", date(2026, 2, 11)), Step::Submit, State::Proposed);
    illegal(p.edit(vec![], Scope::All), Step::Edit, State::Proposed);
    p.agree("operator", date(2026, 2, 20)).unwrap();
    illegal(p.agree("operator", date(2026, 2, 20)), Step::Agree, State::Agreed);
    illegal(p.appeal("n", "x", date(2026, 2, 21)), Step::Appeal, State::Agreed);
    p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 25), &h, &cal).unwrap();
    illegal(p.decide(Outcome::Reject, "", "kepala", date(2026, 2, 25), &h, &cal), Step::Decide, State::Approved);
    illegal(p.appeal("n", "x", date(2026, 2, 26)), Step::Appeal, State::Approved);
    let (_, changes) = effect::apply(&h, &p).unwrap();
    p.take_effect(changes, "supervisor", date(2026, 2, 25)).unwrap();
    illegal(p.take_effect(vec![], "x", date(2026, 2, 26)), Step::TakeEffect, State::Effective);
    illegal(p.decide(Outcome::Approve, "", "kepala", date(2026, 2, 26), &h, &cal), Step::Decide, State::Effective);
    p.appeal("Masih hidup, KTP terlampir", "petugas2", date(2026, 3, 1)).unwrap();
    illegal(p.revert("r", "x", date(2026, 3, 1), &cal), Step::Revert, State::Appealed);
    illegal(
        p.decide_appeal(Outcome::Revise, "n", "kepala", date(2026, 3, 2), &cal),
        Step::DecideAppeal,
        State::Appealed,
    );
    p.decide_appeal(Outcome::Reject, "", "kepala", date(2026, 3, 2), &cal).unwrap();
    assert_eq!(p.state, State::Upheld);
    illegal(p.appeal("again", "x", date(2026, 3, 3)), Step::Appeal, State::Upheld);
}

#[test]
fn rejected_and_reverted_are_final() {
    let (h, cal) = (family(), TestCalendar::default());
    let mut p = agreed(refuses(), &h);
    p.decide(Outcome::Reject, "Masih layak", "supervisor", date(2026, 2, 25), &h, &cal).unwrap();
    assert_eq!(p.state, State::Rejected);
    illegal(p.submit(8, "petugas1", date(2026, 2, 26)), Step::Submit, State::Rejected);
    illegal(p.revert("r", "x", date(2026, 2, 26), &cal), Step::Revert, State::Rejected);
    let (mut q, _) = effective(refuses(), &h, &cal);
    q.revert("Salah orang", "supervisor", date(2026, 2, 26), &cal).unwrap();
    illegal(q.appeal("n", "x", date(2026, 2, 27)), Step::Appeal, State::Reverted);
    illegal(q.revert("r", "x", date(2026, 2, 27), &cal), Step::Revert, State::Reverted);
}

#[test]
fn a_proposal_without_evidence_is_not_put_to_the_muskel() {
    let h = family();
    let mut p = Proposal::draft(input(budi(), refuses(), vec![]), &h).unwrap();
    assert_eq!(p.submit(7, "petugas1", date(2026, 2, 11)), Err(Refusal::NoEvidence));
    p.edit(vec![note_evidence()], Scope::All).unwrap();
    p.submit(7, "petugas1", date(2026, 2, 11)).unwrap();
}

#[test]
fn revision_goes_back_to_draft_with_its_note_and_can_be_put_again() {
    let (h, cal) = (family(), TestCalendar::default());
    let mut p = agreed(refuses(), &h);
    let r = p.decide(Outcome::Revise, "  ", "supervisor", date(2026, 2, 25), &h, &cal);
    assert_eq!(r, Err(Refusal::NoNote { step: Step::Decide }));
    p.decide(Outcome::Revise, "Lampirkan surat pernyataan", "supervisor", date(2026, 2, 25), &h, &cal).unwrap();
    assert_eq!((p.state, p.muskel), (State::Draft, None));
    assert_eq!(p.events.last().unwrap().note, "Lampirkan surat pernyataan");
    p.submit(9, "petugas1", date(2026, 3, 1)).unwrap();
    assert_eq!(p.muskel, Some(9));
}

#[test]
fn the_proposer_never_decides() {
    let (h, cal) = (family(), TestCalendar::default());
    let mut p = agreed(refuses(), &h);
    for who in ["petugas1", " PETUGAS1 "] {
        let r = p.decide(Outcome::Approve, "", who, date(2026, 2, 25), &h, &cal);
        assert_eq!(r, Err(Refusal::OwnProposal { user: who.into() }));
    }
    assert_eq!(p.state, State::Agreed);
    p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 25), &h, &cal).unwrap();
}

#[test]
fn the_appeal_is_decided_by_someone_other_than_the_first_decider() {
    let (h, cal) = (family(), TestCalendar::default());
    let (mut p, _) = effective(refuses(), &h, &cal);
    p.appeal("Tidak pernah menolak", "petugas1", date(2026, 3, 1)).unwrap();
    let r = p.decide_appeal(Outcome::Approve, "", "Supervisor", date(2026, 3, 5), &cal);
    assert_eq!(r, Err(Refusal::OwnDecision { user: "Supervisor".into() }));
    assert_eq!(
        p.appeal("", "x", date(2026, 3, 1)),
        Err(Refusal::Illegal { step: Step::Appeal, from: State::Appealed })
    );
    p.decide_appeal(Outcome::Approve, "Bukti kuat", "kepala", date(2026, 3, 5), &cal).unwrap();
    assert_eq!(p.state, State::Reinstated);
}

#[test]
fn an_appeal_needs_its_note() {
    let (h, cal) = (family(), TestCalendar::default());
    let (mut p, _) = effective(refuses(), &h, &cal);
    assert_eq!(p.appeal(" ", "petugas1", date(2026, 3, 1)), Err(Refusal::NoNote { step: Step::Appeal }));
}

#[test]
fn deciding_before_the_muskel_is_refused_unless_deceased_with_a_certificate() {
    let (h, cal) = (family(), TestCalendar::default());
    let mut p = Proposal::draft(input(budi(), refuses(), vec![note_evidence()]), &h).unwrap();
    let r = p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 12), &h, &cal);
    assert_eq!(r, Err(Refusal::BeforeMuskel { state: State::Draft }));
    p.submit(7, "petugas1", date(2026, 2, 11)).unwrap();
    let r = p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 12), &h, &cal);
    assert_eq!(r, Err(Refusal::BeforeMuskel { state: State::Proposed }));

    let mut no_number = death_certificate();
    no_number.number = " ".into();
    let mut p = Proposal::draft(input(budi(), deceased(), vec![no_number]), &h).unwrap();
    let r = p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 12), &h, &cal);
    assert_eq!(r, Err(Refusal::BeforeMuskel { state: State::Draft }));

    let mut p = Proposal::draft(input(budi(), deceased(), vec![death_certificate()]), &h).unwrap();
    p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 12), &h, &cal).unwrap();
    assert_eq!(p.state, State::Approved);
    assert!(p.decision.as_ref().unwrap().urgent);
    // Urgent or not, the proposer still may not decide.
    let mut q = Proposal::draft(input(budi(), deceased(), vec![death_certificate()]), &h).unwrap();
    let r = q.decide(Outcome::Approve, "", "petugas1", date(2026, 2, 12), &h, &cal);
    assert_eq!(r, Err(Refusal::OwnProposal { user: "petugas1".into() }));
}

#[test]
fn drafts_check_the_subject_against_the_register() {
    let mut h = family();
    let stranger = Subject::Person { nik: "3171010000000009".into(), no_kk: KK.into() };
    let r = Proposal::draft(input(stranger, refuses(), vec![]), &h);
    assert_eq!(r, Err(Refusal::UnknownPerson { nik: "3171010000000009".into(), no_kk: KK.into() }));
    let elsewhere = Subject::Household { no_kk: "3171010101019999".into() };
    assert!(matches!(Proposal::draft(input(elsewhere, refuses(), vec![]), &h), Err(Refusal::WrongHousehold { .. })));
    let back = Direction::Reactivate { answers: None };
    assert_eq!(Proposal::draft(input(budi(), back, vec![]), &h), Err(Refusal::NotInactive { subject: budi() }));
    h.members[0].history.push(status_entry(DtksStatus::Inactive, date(2025, 6, 1)));
    assert_eq!(
        Proposal::draft(input(budi(), refuses(), vec![]), &h),
        Err(Refusal::AlreadyInactive { subject: budi() })
    );
    assert!(Proposal::draft(input(budi(), back, vec![]), &h).is_ok());
}

#[test]
fn approving_a_person_who_became_inactive_meanwhile_is_refused() {
    let (mut h, cal) = (family(), TestCalendar::default());
    let mut p = agreed(refuses(), &h);
    h.members[0].history.push(status_entry(DtksStatus::Inactive, date(2026, 2, 21)));
    let r = p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 25), &h, &cal);
    assert_eq!(r, Err(Refusal::AlreadyInactive { subject: budi() }));
    assert_eq!(p.state, State::Agreed);
}

#[test]
fn deletion_grounds_cover_every_programme() {
    let h = family();
    let mut i = input(budi(), deceased(), vec![]);
    i.scope = Scope::Named(vec![Programme::Klj]);
    let ground = Ground::Deletion(DeletionGround::Deceased);
    assert_eq!(Proposal::draft(i.clone(), &h), Err(Refusal::GroundNeedsAllProgrammes { ground }));
    i.direction = Direction::Deactivate(Ground::NotEligible(NotEligibleReason::OtherAssistance));
    assert!(Proposal::draft(i.clone(), &h).is_ok());
    i.scope = Scope::Named(vec![]);
    assert_eq!(Proposal::draft(i, &h), Err(Refusal::NoProgramme));
    // Editing a draft keeps to the same rule.
    let mut p = Proposal::draft(input(budi(), deceased(), vec![]), &h).unwrap();
    assert_eq!(p.edit(vec![], Scope::Named(vec![Programme::Klj])), Err(Refusal::GroundNeedsAllProgrammes { ground }));
    assert_eq!(p.scope, Scope::All);
}

#[test]
fn state_codes_are_distinct_and_parse_back() {
    let mut codes: Vec<&str> = State::ALL.iter().map(|s| s.code()).collect();
    for s in State::ALL {
        assert_eq!(State::parse(&format!(" {} ", s.code().to_uppercase())), Some(*s));
    }
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), State::ALL.len());
    assert_eq!(State::parse("selesai"), None);
}

#[test]
fn the_effective_period_skips_frozen_lists_per_programme() {
    let mut cal = TestCalendar::default();
    let on = date(2026, 2, 25);
    let e = effective::effective_period(&cal, Programme::Klj, on).unwrap();
    assert_eq!((e.period.as_deref().unwrap_or(""), e.from), ("2026-T1", date(2026, 1, 1)));
    cal.freeze(Programme::Klj, "2026-T1");
    cal.freeze(Programme::Kaj, "2026-02");
    let e = effective::effective_period(&cal, Programme::Klj, on).unwrap();
    assert_eq!((e.period.as_deref().unwrap_or(""), e.from), ("2026-T2", date(2026, 4, 1)));
    let e = effective::effective_period(&cal, Programme::Kaj, on).unwrap();
    assert_eq!((e.period.as_deref().unwrap_or(""), e.from), ("2026-03", date(2026, 3, 1)));
    // A frozen KAJ month does not move KLJ, nor the other way round.
    cal.freeze(Programme::Kaj, "2026-03");
    cal.freeze(Programme::Klj, "2026-T2");
    let e = effective::effective_period(&cal, Programme::Klj, on).unwrap();
    assert_eq!(e.period.as_deref(), Some("2026-T3"));
    let e = effective::effective_period(&cal, Programme::Kaj, on).unwrap();
    assert_eq!(e.period.as_deref(), Some("2026-04"));
}

#[test]
fn the_approval_plans_each_programme_and_the_status_from_the_earliest() {
    let (h, mut cal) = (family(), TestCalendar::default());
    cal.freeze(Programme::Klj, "2026-T1");
    cal.freeze(Programme::Kaj, "2026-02");
    let household = Subject::Household { no_kk: KK.into() };
    let mut p = Proposal::draft(input(household, refuses(), vec![note_evidence()]), &h).unwrap();
    p.submit(7, "petugas1", date(2026, 2, 11)).unwrap();
    p.agree("operator", date(2026, 2, 20)).unwrap();
    p.decide(Outcome::Approve, "", "supervisor", date(2026, 2, 25), &h, &cal).unwrap();
    let plan = p.decision.as_ref().unwrap().plan.clone().unwrap();
    let periods: Vec<(Programme, &str)> =
        plan.programmes.iter().map(|e| (e.programme, e.period.as_deref().unwrap_or(""))).collect();
    assert_eq!(periods, [(Programme::Klj, "2026-T2"), (Programme::Kaj, "2026-03")]);
    assert_eq!(plan.status_from, Some(date(2026, 3, 1)));
}

#[test]
fn a_calendar_with_every_list_frozen_is_refused() {
    struct AllFrozen;
    impl Calendar for AllFrozen {
        type Period = TestPeriod;
        fn containing(&self, p: Programme, d: NaiveDate) -> Option<TestPeriod> {
            TestCalendar::default().containing(p, d)
        }
        fn next(&self, p: Programme, x: &TestPeriod) -> Option<TestPeriod> {
            TestCalendar::default().next(p, x)
        }
        fn first_day(&self, x: &TestPeriod) -> NaiveDate {
            x.start
        }
        fn is_frozen(&self, _: Programme, _: &TestPeriod) -> bool {
            true
        }
    }
    let r = effective::effective_period(&AllFrozen, Programme::Kaj, date(2026, 2, 1));
    assert_eq!(r, Err(Refusal::NoOpenPeriod { programme: Programme::Kaj }));
}

#[test]
fn revert_is_refused_once_the_effect_reached_a_frozen_list() {
    let (h, mut cal) = (family(), TestCalendar::default());
    cal.freeze(Programme::Klj, "2026-T1");
    let (mut p, _) = effective(refuses(), &h, &cal);
    let mut early = p.clone();
    early.revert("Salah NIK", "supervisor", date(2026, 3, 1), &cal).unwrap();
    assert_eq!(early.state, State::Reverted);
    cal.freeze(Programme::Klj, "2026-T2");
    let r = p.revert("Salah NIK", "supervisor", date(2026, 3, 30), &cal);
    assert_eq!(r, Err(Refusal::ReachedFrozenList { programme: Programme::Klj, period: "2026-T2".into() }));
    assert_eq!(p.revert(" ", "supervisor", date(2026, 3, 30), &cal), Err(Refusal::NoNote { step: Step::Revert }));
    assert_eq!(p.state, State::Effective);
}

#[test]
fn the_tahap_calendar_follows_the_schedule_and_the_frozen_plans() {
    use std::collections::BTreeMap;

    use crate::domain::tahap::period::ScheduleEntry;
    use crate::domain::tahap::{PeriodKind, PeriodPlan, PeriodSchedule, PeriodState, YearMonth};
    let entry = |y, m, kind| ScheduleEntry { from: YearMonth::new(y, m).unwrap(), kind };
    // KLJ per tahap until March 2025, then monthly; KAJ per tahap.
    let klj =
        PeriodSchedule::new(vec![entry(2018, 1, PeriodKind::Quarterly), entry(2025, 4, PeriodKind::Monthly)]).unwrap();
    let kaj = PeriodSchedule::new(vec![entry(2018, 1, PeriodKind::Quarterly)]).unwrap();
    let schedules = BTreeMap::from([(Programme::Klj, klj), (Programme::Kaj, kaj)]);
    let plan = |programme, period: &str, state| {
        let mut p = PeriodPlan::new(programme, period.parse().unwrap(), date(2025, 1, 1));
        p.state = state;
        p
    };
    let plans = [
        plan(Programme::Klj, "2025-T1", PeriodState::Paid),
        plan(Programme::Klj, "2025-04", PeriodState::ListFrozen),
        plan(Programme::Klj, "2025-05", PeriodState::Announced),
        plan(Programme::Kaj, "2025-T1", PeriodState::Cancelled),
    ];
    let cal = TahapCalendar { schedules: &schedules, plans: &plans };
    let e = effective::effective_period(&cal, Programme::Klj, date(2025, 3, 20)).unwrap();
    assert_eq!((e.period.as_deref().unwrap_or(""), e.from), ("2025-05", date(2025, 5, 1)));
    let e = effective::effective_period(&cal, Programme::Kaj, date(2025, 3, 20)).unwrap();
    assert_eq!((e.period.as_deref().unwrap_or(""), e.from), ("2025-T1", date(2025, 1, 1)));
    // A programme with no period setting is not paid in lists: the decision
    // holds from its own date.
    let pkh = effective::effective_period(&cal, Programme::Pkh, date(2025, 3, 20)).unwrap();
    assert_eq!((pkh.period, pkh.from), (None, date(2025, 3, 20)));
}
