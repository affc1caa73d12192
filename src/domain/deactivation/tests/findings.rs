//! Monev findings to drafts, double records, and the catalogue's words.

use super::double::{KeepBecause, double_proposal, suggest_keep};
use super::monev::*;
use super::*;
use crate::i18n::Lang;

fn dukcapil(nik: &str, status: DukcapilStatus, line: usize) -> Finding {
    Finding { file: "padan-2026-02.csv".into(), line, kind: FindingKind::Dukcapil { nik: nik.into(), status } }
}

fn today() -> NaiveDate {
    date(2026, 2, 10)
}

#[test]
fn a_death_finding_becomes_a_draft_with_its_line_as_evidence() {
    let h = family();
    let f = dukcapil(BUDI, DukcapilStatus::Deceased { date: date(2026, 1, 30) }, 12);
    let FindingOutcome::Drafted(p) = draft_from_finding(&f, &h, &[], 5, "operator", today()).unwrap() else {
        panic!("not drafted")
    };
    assert_eq!((p.id, p.state, p.origin), (5, State::Draft, Origin::Monev));
    assert_eq!(p.ground(), Some(Ground::Deletion(DeletionGround::Deceased)));
    assert_eq!(p.evidence[0].date, Some(date(2026, 1, 30)));
    assert_eq!(p.evidence[0].reference, Some(Reference::FileLine { file: "padan-2026-02.csv".into(), line: 12 }));
    assert!(!p.has_urgent_ground(), "a match result is no death certificate");
}

#[test]
fn findings_for_a_subject_with_an_open_proposal_are_not_doubled() {
    let h = family();
    let f = dukcapil(BUDI, DukcapilStatus::Moved { new_address: "Bekasi".into() }, 3);
    let FindingOutcome::Drafted(first) = draft_from_finding(&f, &h, &[], 5, "operator", today()).unwrap() else {
        panic!("not drafted")
    };
    assert_eq!(first.ground(), Some(Ground::MovedOut));
    assert_eq!(first.evidence[0].note, "Bekasi");
    let open = [*first.clone()];
    let again = dukcapil(BUDI, DukcapilStatus::NotMatching, 4);
    assert_eq!(
        draft_from_finding(&again, &h, &open, 6, "operator", today()),
        Ok(FindingOutcome::AlreadyOpen { id: 5 })
    );
    // A household-wide finding overlaps Budi's open proposal too.
    let asset = Finding {
        file: "aset.xlsx".into(),
        line: 9,
        kind: FindingKind::Bappeda { holder: AssetHolder::NoKk(KK.into()), asset: Asset::Car, value: 150_000_000 },
    };
    assert_eq!(
        draft_from_finding(&asset, &h, &open, 6, "operator", today()),
        Ok(FindingOutcome::AlreadyOpen { id: 5 })
    );
    // Siti has none: her finding is drafted.
    let siti = dukcapil(SITI, DukcapilStatus::NotMatching, 5);
    assert!(matches!(draft_from_finding(&siti, &h, &open, 6, "operator", today()), Ok(FindingOutcome::Drafted(_))));
    // A closed proposal does not block.
    let mut rejected = *first;
    rejected.state = State::Rejected;
    assert!(matches!(
        draft_from_finding(&again, &h, &[rejected], 6, "operator", today()),
        Ok(FindingOutcome::Drafted(_))
    ));
}

#[test]
fn a_bappeda_finding_by_no_kk_proposes_the_household() {
    let h = family();
    let f = Finding {
        file: "aset.xlsx".into(),
        line: 2,
        kind: FindingKind::Bappeda { holder: AssetHolder::NoKk(KK.into()), asset: Asset::Car, value: 150_000_000 },
    };
    let FindingOutcome::Drafted(p) = draft_from_finding(&f, &h, &[], 5, "operator", today()).unwrap() else {
        panic!("not drafted")
    };
    assert_eq!(p.subject, Subject::Household { no_kk: KK.into() });
    assert_eq!(p.ground(), Some(Ground::NotEligible(NotEligibleReason::WellOff)));
    assert_eq!(p.evidence[0].kind, DocumentKind::BappedaAsset);
    assert_eq!(p.evidence[0].asset, Some((Asset::Car, 150_000_000)));
}

#[test]
fn a_death_date_in_the_future_and_an_unknown_nik_are_refused() {
    let h = family();
    let f = dukcapil(BUDI, DukcapilStatus::Deceased { date: date(2026, 2, 11) }, 7);
    let r = draft_from_finding(&f, &h, &[], 5, "operator", today());
    assert_eq!(r, Err(Refusal::DeathDateInFuture { date: date(2026, 2, 11) }));
    let f = dukcapil(BUDI, DukcapilStatus::Deceased { date: today() }, 7);
    assert!(draft_from_finding(&f, &h, &[], 5, "operator", today()).is_ok());
    let f = dukcapil("3171010000000009", DukcapilStatus::NotMatching, 8);
    assert!(matches!(draft_from_finding(&f, &h, &[], 5, "operator", today()), Err(Refusal::UnknownPerson { .. })));
}

fn copy_of_budi(no_kk: &str) -> Household {
    let mut other = family();
    other.no_kk = no_kk.into();
    other.members.truncate(1);
    other.members[0].enrolments.clear();
    other.history = vec![status_entry(DtksStatus::Active, date(2021, 5, 1))];
    other
}

#[test]
fn the_record_with_active_assistance_is_suggested_then_the_older() {
    let a = family();
    let b = copy_of_budi("3171010101010002");
    let s = suggest_keep(&b, &a, BUDI);
    assert_eq!(
        (s.keep.as_str(), s.remove.as_str(), s.because),
        (KK, "3171010101010002", KeepBecause::ActiveAssistance)
    );
    let mut a2 = a.clone();
    a2.members[0].enrolments.clear();
    let s = suggest_keep(&a2, &b, BUDI);
    assert_eq!((s.keep.as_str(), s.because), ("3171010101010002", KeepBecause::OlderRecord));
    let mut b2 = b.clone();
    b2.history = a2.history.clone();
    b2.members[0].history = a2.members[0].history.clone();
    assert_eq!(suggest_keep(&a2, &b2, BUDI).because, KeepBecause::NoDifference);
    assert!(s.message(Lang::Id).contains("Keputusan tetap pada operator"));
}

#[test]
fn the_double_becomes_a_deletion_proposal_with_the_pair_as_evidence() {
    let (a, b) = (family(), copy_of_budi("3171010101010002"));
    let p = double_proposal(&a, &b, BUDI, 11, "operator", today()).unwrap();
    assert_eq!(p.subject, Subject::Person { nik: BUDI.into(), no_kk: "3171010101010002".into() });
    assert_eq!(p.ground(), Some(Ground::Deletion(DeletionGround::Double)));
    assert_eq!(p.origin, Origin::DoubleRecord);
    assert_eq!(p.evidence[0].reference, Some(Reference::Pair { keep: KK.into(), remove: "3171010101010002".into() }));
    assert!(double_proposal(&a, &b, "3171010000000009", 11, "operator", today()).is_err());
}

#[test]
fn every_refusal_speaks_both_languages() {
    let all = [
        Refusal::Illegal { step: Step::Appeal, from: State::Draft },
        Refusal::OwnProposal { user: "budi".into() },
        Refusal::OwnDecision { user: "budi".into() },
        Refusal::BeforeMuskel { state: State::Proposed },
        Refusal::AlreadyInactive { subject: budi() },
        Refusal::NotInactive { subject: Subject::Household { no_kk: KK.into() } },
        Refusal::UnknownPerson { nik: BUDI.into(), no_kk: KK.into() },
        Refusal::WrongHousehold { expected: KK.into(), got: "x".into() },
        Refusal::GroundNeedsAllProgrammes { ground: Ground::NotEligible(NotEligibleReason::Deceased) },
        Refusal::NoProgramme,
        Refusal::NoEvidence,
        Refusal::NoNote { step: Step::Revert },
        Refusal::NothingEnrolled { programmes: vec![Programme::Klj] },
        Refusal::NoOpenPeriod { programme: Programme::Klj },
        Refusal::ReachedFrozenList { programme: Programme::Klj, period: "2026-T2".into() },
        Refusal::NotADeactivation,
        Refusal::DeathDateInFuture { date: date(2026, 3, 1) },
    ];
    for r in &all {
        let (id, en) = (r.message(Lang::Id), r.message(Lang::En));
        assert!(!id.is_empty() && !en.is_empty() && id != en, "{r:?}");
    }
    assert_eq!(
        all[0].message(Lang::Id),
        "Tidak bisa mencatat sanggahan atas usulan berstatus konsep: hanya keputusan yang berlaku yang bisa disanggah"
    );
    assert_eq!(
        all[14].message(Lang::En),
        "The decision has reached the frozen KLJ list of period 2026-T2; it cannot be reverted, propose a reactivation"
    );
    assert_eq!(Ground::NotEligible(NotEligibleReason::Refused).label(Lang::Id), "4. Menyatakan menolak bantuan");
}
