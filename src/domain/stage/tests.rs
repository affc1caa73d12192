use super::*;
use crate::domain::eligibility::assess;
use crate::domain::validate::validate_household;
use crate::domain::visit::FieldId;
use crate::domain::visit::fixtures::*;
use crate::i18n::Lang;

fn today() -> NaiveDate {
    date(2025, 6, 10)
}

fn period() -> Period {
    Period::monthly(Programme::Klj, 2025, 6).unwrap()
}

fn mf(index: usize, field: MemberField) -> FieldId {
    FieldId::Member { index, field }
}

fn form() -> VisitForm {
    let mut f = VisitForm::start(7, &household(), &period().id(), "petugas1", now());
    f.edit(FieldId::Household(HouseholdField::VisitDate), "09-06-2025", now()).unwrap();
    for i in 0..f.members.len() {
        f.edit(mf(i, MemberField::Presence), "ditemukan", now()).unwrap();
        f.edit(mf(i, MemberField::Finding), "layak", now()).unwrap();
    }
    f
}

fn letter() -> Letter {
    Letter { number: "460/123/DINSOS/2025".into(), date: date(2025, 6, 10) }
}

#[test]
fn monthly_periods() {
    let p = Period::monthly(Programme::JknPbi, 2024, 2).unwrap();
    assert_eq!(p.id(), "JKN-PBI-2024-02");
    assert_eq!(p.closes, date(2024, 2, 29));
    assert!(Period::monthly(Programme::Klj, 2024, 13).is_none());
    assert_eq!(periods_for_month(2025, 6).len(), 7);
}

#[test]
fn the_whole_way_in_order() {
    let f = form();
    let mut v = Verification::new(1, &f, "petugas1", today());
    assert!(v.editable());
    v.submit(&period(), &f, "petugas1", today()).unwrap();
    assert!(!v.editable());
    v.return_to_officer("  ", "spv", today()).unwrap_err();
    v.return_to_officer("Foto rumah kurang jelas", "spv", today()).unwrap();
    assert_eq!(v.stage, Stage::Returned);
    assert_eq!(v.return_reason(), Some("Foto rumah kurang jelas"));
    assert!(v.editable());
    v.submit(&period(), &f, "petugas1", today()).unwrap();
    assert_eq!(v.return_reason(), None);
    v.finalise("spv", today()).unwrap();
    v.ratify(letter(), "kadis", today()).unwrap();
    assert_eq!(v.stage, Stage::Ratified);
    let stages: Vec<Stage> = v.events.iter().map(|e| e.stage).collect();
    use Stage::*;
    assert_eq!(stages, [Draft, Verified, Returned, Verified, Finalised, Ratified]);
}

fn at(stage: Stage) -> Verification {
    let f = form();
    let mut v = Verification::new(1, &f, "petugas1", today());
    if stage == Stage::Draft {
        return v;
    }
    v.submit(&period(), &f, "p", today()).unwrap();
    match stage {
        Stage::Returned => v.return_to_officer("alasan", "s", today()).unwrap(),
        Stage::Finalised => v.finalise("s", today()).unwrap(),
        Stage::Ratified => {
            v.finalise("s", today()).unwrap();
            v.ratify(letter(), "k", today()).unwrap()
        }
        _ => {}
    }
    assert_eq!(v.stage, stage);
    v
}

#[test]
fn every_illegal_transition_says_why() {
    let legal = [
        (StageAction::Submit, Stage::Draft),
        (StageAction::Submit, Stage::Returned),
        (StageAction::Finalise, Stage::Verified),
        (StageAction::Return, Stage::Verified),
        (StageAction::Ratify, Stage::Finalised),
    ];
    let f = form();
    for &action in StageAction::ALL {
        for &from in Stage::ALL {
            let mut v = at(from);
            let r = match action {
                StageAction::Submit => v.submit(&period(), &f, "p", today()),
                StageAction::Finalise => v.finalise("s", today()),
                StageAction::Return => v.return_to_officer("alasan", "s", today()),
                StageAction::Ratify => v.ratify(letter(), "k", today()),
            };
            if legal.contains(&(action, from)) {
                assert_eq!(r, Ok(()), "{action:?} from {from:?}");
            } else {
                let e = r.unwrap_err();
                assert_eq!(e, StageError::Illegal { action, from });
                assert!(!e.message(Lang::Id).ends_with(": "), "{action:?} {from:?}");
                assert!(!e.message(Lang::En).ends_with(": "), "{action:?} {from:?}");
                assert_eq!(v.stage, from, "a refused step changes nothing");
            }
        }
    }
    assert_eq!(
        StageError::Illegal { action: StageAction::Ratify, from: Stage::Verified }.message(Lang::Id),
        "Tidak bisa mengesahkan verifikasi berstatus diverifikasi: belum difinalisasi supervisor; finalisasi dulu"
    );
    assert_eq!(
        StageError::Illegal { action: StageAction::Finalise, from: Stage::Draft }.message(Lang::En),
        "Cannot finalise a verification that is draft: it is not submitted yet; the officer must submit it first"
    );
}

#[test]
fn closed_period_refuses_with_its_closing_date() {
    let f = form();
    let p = period();
    let mut v = Verification::new(1, &f, "p", today());
    // The closing day itself still accepts; the day after refuses.
    let mut on_last = v.clone();
    on_last.submit(&p, &f, "p", date(2025, 6, 30)).unwrap();
    let e = v.submit(&p, &f, "p", date(2025, 7, 1)).unwrap_err();
    assert_eq!(e, StageError::PeriodClosed { period: "KLJ-2025-06".into(), closes: date(2025, 6, 30) });
    assert_eq!(
        e.message(Lang::Id),
        "Periode KLJ-2025-06 sudah ditutup pada 30-06-2025; pengajuan baru tidak diterima. Ajukan pada periode berikutnya"
    );
    // A returned visit is refused the same way once the period closed.
    let mut r = at(Stage::Returned);
    assert!(matches!(r.submit(&p, &f, "p", date(2025, 7, 1)), Err(StageError::PeriodClosed { .. })));
}

#[test]
fn submit_needs_a_clean_form_and_its_own_period() {
    let mut f = form();
    f.edit(mf(2, MemberField::BirthDate), "31-02-2010", now()).unwrap();
    let mut v = Verification::new(1, &f, "p", today());
    let e = v.submit(&period(), &f, "p", today()).unwrap_err();
    assert!(matches!(e, StageError::FormErrors { count: 1, .. }), "{e:?}");
    assert!(e.message(Lang::Id).contains("Anggota 3 (Andi), Tanggal lahir"));
    let other = Period::monthly(Programme::Kaj, 2025, 6).unwrap();
    assert!(matches!(v.submit(&other, &form(), "p", today()), Err(StageError::WrongPeriod { .. })));
}

#[test]
fn letter_checks() {
    let mut v = at(Stage::Finalised);
    let e = v.ratify(Letter { number: " ".into(), date: today() }, "k", today()).unwrap_err();
    assert_eq!(e, StageError::NoLetterNumber);
    let e = v.ratify(Letter { number: "1".into(), date: date(2025, 6, 11) }, "k", today()).unwrap_err();
    assert_eq!(e, StageError::LetterAfterToday { date: date(2025, 6, 11) });
    let e = v.ratify(Letter { number: "1".into(), date: date(2025, 6, 9) }, "k", today()).unwrap_err();
    assert_eq!(e, StageError::LetterBeforeFinalisation { date: date(2025, 6, 9), finalised: today() });
    assert_eq!(v.stage, Stage::Finalised);
}

#[test]
fn jkn_pbi_cascade_at_pengesahan() {
    let h = household();
    let mut f = form();
    // Budi (KLJ + JKN-PBI) found working as a civil servant: not eligible for JKN-PBI.
    f.edit(mf(0, MemberField::Finding), "tidak_layak", now()).unwrap();
    f.edit(mf(0, MemberField::NotEligible), "5", now()).unwrap();
    f.edit(mf(0, MemberField::Programmes), "JKN-PBI", now()).unwrap();
    let (after, changes) = apply_findings(&h, &f, &letter(), today());
    let budi = &after.members[0];
    assert_eq!(budi.not_eligible, vec![NotEligibleReason::StateApparatus]);
    assert_eq!(budi.enrolment(Programme::Klj).unwrap().status, EnrolmentStatus::Stopped);
    assert_eq!(budi.enrolment(Programme::Klj).unwrap().until, Some(letter().date));
    assert_eq!(budi.enrolment(Programme::JknPbi).unwrap().status, EnrolmentStatus::Stopped);
    let nik = budi.nik.clone();
    assert!(changes.contains(&AppliedChange::Excluded {
        nik: nik.clone(),
        programme: Programme::JknPbi,
        cause: Cause::NotEligible(vec![NotEligibleReason::StateApparatus]),
        stopped: true
    }));
    let klj = AppliedChange::Excluded {
        nik: nik.clone(),
        programme: Programme::Klj,
        cause: Cause::Rule("jkn_pbi_cascade".into()),
        stopped: true,
    };
    assert!(changes.contains(&klj));
    assert!(klj.message(Lang::Id).contains("aturan jkn_pbi_cascade: Tidak layak JKN-PBI"), "{}", klj.message(Lang::Id));
    // Every other programme follows, enrolled or not.
    let cascaded =
        changes.iter().filter(|c| matches!(c, AppliedChange::Excluded { cause: Cause::Rule(_), .. })).count();
    assert_eq!(cascaded, 6);
    // Eligibility agrees after the write.
    assert!(!assess(budi, &after, Programme::Klj, today()).eligible);
    // The other members were found layak and are untouched.
    assert_eq!(after.members[1].not_eligible, vec![]);
    assert_eq!(validate_household(&after, today()), vec![]);
}

#[test]
fn a_finding_for_another_programme_does_not_cascade() {
    let mut f = form();
    f.edit(mf(0, MemberField::Finding), "tidak_layak", now()).unwrap();
    f.edit(mf(0, MemberField::NotEligible), "11", now()).unwrap();
    f.edit(mf(0, MemberField::Programmes), "KLJ", now()).unwrap();
    let (after, changes) = apply_findings(&household(), &f, &letter(), today());
    let budi = &after.members[0];
    assert_eq!(budi.not_eligible, vec![]);
    assert_eq!(budi.enrolment(Programme::Klj).unwrap().status, EnrolmentStatus::Stopped);
    assert_eq!(budi.enrolment(Programme::JknPbi).unwrap().status, EnrolmentStatus::Active);
    assert!(!changes.iter().any(|c| matches!(c, AppliedChange::Excluded { cause: Cause::Rule(_), .. })));
}

#[test]
fn deceased_head_leaves_and_the_new_head_takes_over() {
    let mut f = form();
    f.edit(mf(0, MemberField::Presence), "meninggal", now()).unwrap();
    f.edit(mf(0, MemberField::Finding), "pemutakhiran", now()).unwrap();
    f.edit(mf(0, MemberField::UpdateReason), "meninggal", now()).unwrap();
    f.edit(mf(1, MemberField::Relationship), "kepala", now()).unwrap();
    f.edit(mf(1, MemberField::Marital), "cerai_mati", now()).unwrap();
    assert_eq!(f.errors(today()), vec![]);
    let (after, changes) = apply_findings(&household(), &f, &letter(), today());
    assert_eq!(after.members.len(), 2);
    assert_eq!(after.head().unwrap().name, "Siti Aminah");
    assert_eq!(validate_household(&after, today()), vec![]);
    let removed = changes
        .iter()
        .find_map(|c| match c {
            AppliedChange::PersonRemoved { person, presence } => Some((person, *presence)),
            _ => None,
        })
        .unwrap();
    assert_eq!(removed.1, MemberPresence::Died);
    assert_eq!(removed.0.status(), DtksStatus::Inactive);
    assert!(removed.0.not_eligible.contains(&NotEligibleReason::Deceased));
    assert!(removed.0.enrolments.iter().all(|e| e.status == EnrolmentStatus::Stopped));
    assert!(changes.contains(&AppliedChange::PersonField {
        nik: "3171065712850002".into(),
        field: MemberField::Relationship,
        old: "pasangan".into(),
        new: "kepala".into()
    }));
}

#[test]
fn a_birth_joins_and_layak_starts_enrolments() {
    let mut f = form();
    let i = f.add_member(MemberPresence::Born, now());
    for (field, v) in [
        (MemberField::Nik, "3171060105250005"),
        (MemberField::Name, "Bayi Contoh"),
        (MemberField::Birthplace, "Jakarta"),
        (MemberField::BirthDate, "01-05-2025"),
        (MemberField::Sex, "L"),
        (MemberField::MotherName, "Siti Aminah"),
        (MemberField::Relationship, "cucu"),
        (MemberField::Marital, "belum_kawin"),
        (MemberField::Occupation, "tidak_bekerja"),
        (MemberField::Finding, "layak"),
        (MemberField::Programmes, "KAJ, JKN-PBI"),
    ] {
        f.edit(mf(i, field), v, now()).unwrap();
    }
    assert_eq!(f.errors(today()), vec![]);
    let (after, changes) = apply_findings(&household(), &f, &letter(), today());
    let baby = after.member("3171060105250005").unwrap();
    assert_eq!(baby.status(), DtksStatus::Active);
    assert_eq!(baby.history.last().unwrap().period.as_deref(), Some("KLJ-2025-06"));
    assert_eq!(baby.enrolment(Programme::Kaj).unwrap().since, letter().date);
    assert!(
        changes
            .contains(&AppliedChange::PersonAdded { nik: "3171060105250005".into(), presence: MemberPresence::Born })
    );
    assert!(assess(baby, &after, Programme::Kaj, today()).eligible);
    assert_eq!(validate_household(&after, today()), vec![]);
}

#[test]
fn anomalous_data_suspends_and_corrections_are_listed() {
    let mut f = form();
    f.edit(mf(2, MemberField::Finding), "pemutakhiran", now()).unwrap();
    f.edit(mf(2, MemberField::UpdateReason), "data_anomali", now()).unwrap();
    f.edit(FieldId::Household(HouseholdField::Floor), "tanah", now()).unwrap();
    f.edit(FieldId::Household(HouseholdField::Rt), "6", now()).unwrap();
    let mut h = household();
    h.members[2].enrolments = vec![enrol(Programme::Pkh)];
    let (after, changes) = apply_findings(&h, &f, &letter(), today());
    assert_eq!(after.members[2].enrolments[0].status, EnrolmentStatus::Suspended);
    assert_eq!(after.address.rt, 6);
    assert_eq!(after.info.floor, Floor::Earth);
    assert!(changes.contains(&AppliedChange::HouseholdField {
        field: HouseholdField::Floor,
        old: "semen".into(),
        new: "tanah".into()
    }));
    // The input record is never changed.
    assert_eq!(h.members[2].enrolments[0].status, EnrolmentStatus::Active);
}

#[test]
fn verification_round_trips_through_json() {
    let v = at(Stage::Ratified);
    let s = serde_json::to_string(&v).unwrap();
    assert_eq!(serde_json::from_str::<Verification>(&s).unwrap(), v);
    let (_, changes) = apply_findings(&household(), &form(), &letter(), today());
    let s = serde_json::to_string(&changes).unwrap();
    assert_eq!(serde_json::from_str::<Vec<AppliedChange>>(&s).unwrap(), changes);
}
