//! Deactivation decisions through the service: each step and its refusals,
//! four-eyes, the Muskel before the decision, the effective period against
//! frozen lists, revert, appeal and reactivation, the queue and batches.
//! On a temporary database with hand-built households.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use dtks::domain::deactivation::{
    Calendar, DeletionGround, Direction, DocumentKind, Evidence, Ground, Origin, Outcome, Proposal, Refusal as Why,
    Scope, State,
};
use dtks::domain::muskel::{Attendee, AttendeeRole, Muskel};
use dtks::domain::*;
use dtks::service::deactivation::{NewProposal, Target};
use dtks::service::{Actor, Clock, Refusal, Service, ServiceError};
use dtks::store::AuditDraft;
use dtks::testkit;
use tempfile::TempDir;

const KEL: &str = "31.71.06.1003";
const KK: &str = "3171061203000001";
const BUDI: &str = "3171061708600001";
const SITI: &str = "3171065712850002";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    date(2025, 6, 10)
}

/// Monthly periods for every programme; the months in `frozen` have a
/// frozen list.
struct Months {
    frozen: BTreeSet<(Programme, i32, u32)>,
}

#[derive(Clone, Copy)]
struct Month(i32, u32);

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.0, self.1)
    }
}

impl Calendar for Months {
    type Period = Month;
    fn containing(&self, _: Programme, d: NaiveDate) -> Option<Month> {
        Some(Month(d.year(), d.month()))
    }
    fn next(&self, _: Programme, m: &Month) -> Option<Month> {
        Some(if m.1 == 12 { Month(m.0 + 1, 1) } else { Month(m.0, m.1 + 1) })
    }
    fn first_day(&self, m: &Month) -> NaiveDate {
        date(m.0, m.1, 1)
    }
    fn is_frozen(&self, p: Programme, m: &Month) -> bool {
        self.frozen.contains(&(p, m.0, m.1))
    }
}

fn open_lists() -> Months {
    Months { frozen: BTreeSet::new() }
}

fn frozen(months: &[(i32, u32)]) -> Months {
    let mut f = BTreeSet::new();
    for &(y, m) in months {
        for p in [Programme::Klj, Programme::JknPbi] {
            f.insert((p, y, m));
        }
    }
    Months { frozen: f }
}

fn officer() -> Actor {
    Actor::new("petugas1")
}

fn head() -> Actor {
    Actor::new("kabid")
}

fn person(nik: &str, name: &str, rel: Relationship, birth: NaiveDate, sex: Sex) -> Person {
    let mut p = testkit::person(nik, name, rel, sex, birth);
    p.history = vec![testkit::status_entry(DtksStatus::Active, date(2022, 2, 1))];
    p
}

fn household() -> Household {
    let mut budi = person(BUDI, "Budi Santoso", Relationship::Head, date(1960, 8, 17), Sex::Male);
    budi.enrolments = vec![
        testkit::enrolment(Programme::Klj, EnrolmentStatus::Active, date(2023, 1, 1)),
        testkit::enrolment(Programme::JknPbi, EnrolmentStatus::Active, date(2023, 1, 1)),
    ];
    let siti = person(SITI, "Siti Aminah", Relationship::Spouse, date(1985, 12, 17), Sex::Female);
    let mut h = testkit::household(KK, KEL, vec![budi, siti]);
    h.history = vec![testkit::status_entry(DtksStatus::Active, date(2022, 2, 1))];
    h
}

fn setup() -> (TempDir, Service) {
    let dir = TempDir::new().unwrap();
    let svc = Service::open(&dir.path().join("db"), true, Clock::fixed(today(), 10, 42)).unwrap();
    let at = date(2025, 1, 2).and_hms_opt(9, 0, 0).unwrap();
    testkit::store(&svc)
        .write(
            &[household()],
            &[],
            &AuditDraft { at, user: "import".into(), action: "import".into(), origin: String::new() },
        )
        .unwrap();
    (dir, svc)
}

fn muskel(svc: &Service) -> u64 {
    let m = Muskel {
        id: 0,
        kelurahan: KEL.into(),
        date: date(2025, 6, 2),
        place: "Aula Kantor Kelurahan".into(),
        number: "05/BA/VI/2025".into(),
        attendees: vec![Attendee {
            name: "Lurah Contoh".into(),
            role: AttendeeRole::Lurah,
            from: String::new(),
            signed: true,
        }],
        items: vec![],
        evidence: vec![],
    };
    svc.save_muskel(m, &officer()).unwrap().id
}

fn certificate() -> Evidence {
    Evidence {
        kind: DocumentKind::DeathCertificate,
        number: "3171-KM-05062025-0001".into(),
        date: Some(date(2025, 6, 5)),
        files: vec![],
        reference: None,
        asset: None,
        note: String::new(),
    }
}

fn note_evidence() -> Evidence {
    Evidence {
        kind: DocumentKind::Other,
        number: "BA-RT-05".into(),
        date: Some(date(2025, 6, 1)),
        files: vec![],
        reference: None,
        asset: None,
        note: "pindah ke luar kota".into(),
    }
}

fn new(target: Target, ground: Ground, evidence: Vec<Evidence>) -> NewProposal {
    NewProposal {
        target,
        direction: Direction::Deactivate(ground),
        evidence,
        scope: Scope::All,
        origin: Origin::Petugas,
    }
}

fn moved_out(svc: &Service) -> Proposal {
    svc.propose(new(Target::Nik(BUDI.into()), Ground::MovedOut, vec![note_evidence()]), &officer()).unwrap()
}

fn refusal<T: fmt::Debug>(r: Result<T, ServiceError>) -> Refusal {
    match r {
        Err(ServiceError::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn domain_refusal<T: fmt::Debug>(r: Result<T, ServiceError>) -> Why {
    match refusal(r) {
        Refusal::Deactivation { refusal, .. } => refusal,
        other => panic!("expected a deactivation refusal, got {other:?}"),
    }
}

fn budi(svc: &Service) -> Person {
    svc.household(KK).unwrap().unwrap().member(BUDI).unwrap().clone()
}

/// Drafted, put to the Muskel and agreed there.
fn agreed(svc: &Service) -> Proposal {
    let p = moved_out(svc);
    let m = muskel(svc);
    svc.submit_proposal(p.id, m, &officer()).unwrap();
    svc.agree_proposal(p.id, &officer()).unwrap()
}

#[test]
fn a_proposal_goes_draft_muskel_decision_and_takes_effect_with_its_household() {
    let (_d, svc) = setup();
    let p = moved_out(&svc);
    assert_eq!(p.state, State::Draft);
    let m = muskel(&svc);
    assert_eq!(svc.submit_proposal(p.id, m, &officer()).unwrap().state, State::Proposed);
    assert_eq!(svc.agree_proposal(p.id, &officer()).unwrap().state, State::Agreed);
    let done = svc.decide_proposal(p.id, Outcome::Approve, "", &head(), &open_lists()).unwrap();
    assert_eq!(done.state, State::Effective);
    let stored = svc.proposal(p.id).unwrap().unwrap();
    assert_eq!(stored, done);
    let states: Vec<State> = stored.events.iter().map(|e| e.state).collect();
    assert_eq!(states, [State::Draft, State::Proposed, State::Agreed, State::Approved, State::Effective]);
    let b = budi(&svc);
    assert_eq!(b.status(), DtksStatus::Inactive);
    assert!(b.enrolments.iter().all(|e| e.status == EnrolmentStatus::Stopped));
    // Siti is untouched.
    let h = svc.household(KK).unwrap().unwrap();
    assert_eq!(h.member(SITI).unwrap().status(), DtksStatus::Active);
    assert!(svc.check().unwrap().is_clean());
}

#[test]
fn refused_for_unknown_nik_unknown_kk_inactive_person_and_an_open_proposal() {
    let (_d, svc) = setup();
    let r = svc.propose(new(Target::Nik("3171069999990009".into()), Ground::MovedOut, vec![]), &officer());
    assert_eq!(refusal(r), Refusal::NikNotInRegister { nik: "3171069999990009".into() });
    let r = svc.propose(new(Target::NoKk("3171069999990009".into()), Ground::MovedOut, vec![]), &officer());
    assert_eq!(refusal(r), Refusal::NotInRegister { no_kk: "3171069999990009".into() });
    let p = moved_out(&svc);
    let r = svc.propose(new(Target::Nik(BUDI.into()), Ground::Improved, vec![]), &officer());
    assert_eq!(refusal(r), Refusal::ProposalOpen { id: p.id });
    // The household covers Budi too.
    let r = svc.propose(new(Target::NoKk(KK.into()), Ground::Improved, vec![]), &officer());
    assert_eq!(refusal(r), Refusal::ProposalOpen { id: p.id });
    // Siti is someone else.
    assert!(svc.propose(new(Target::Nik(SITI.into()), Ground::Improved, vec![note_evidence()]), &officer()).is_ok());
    let m = muskel(&svc);
    svc.submit_proposal(p.id, m, &officer()).unwrap();
    svc.agree_proposal(p.id, &officer()).unwrap();
    svc.decide_proposal(p.id, Outcome::Approve, "", &head(), &open_lists()).unwrap();
    let r = svc.propose(new(Target::Nik(BUDI.into()), Ground::Improved, vec![note_evidence()]), &officer());
    assert!(matches!(domain_refusal(r), Why::AlreadyInactive { .. }));
}

#[test]
fn four_eyes_and_no_decision_before_the_muskel() {
    let (_d, svc) = setup();
    let p = moved_out(&svc);
    let r = svc.decide_proposal(p.id, Outcome::Approve, "", &head(), &open_lists());
    assert_eq!(domain_refusal(r), Why::BeforeMuskel { state: State::Draft });
    let m = muskel(&svc);
    svc.submit_proposal(p.id, m, &officer()).unwrap();
    let r = svc.decide_proposal(p.id, Outcome::Approve, "", &head(), &open_lists());
    assert_eq!(domain_refusal(r), Why::BeforeMuskel { state: State::Proposed });
    svc.agree_proposal(p.id, &officer()).unwrap();
    let r = svc.decide_proposal(p.id, Outcome::Approve, "", &officer(), &open_lists());
    assert_eq!(domain_refusal(r), Why::OwnProposal { user: "petugas1".into() });
    // Nothing was written by the refusals.
    assert_eq!(svc.proposal(p.id).unwrap().unwrap().state, State::Agreed);
    assert_eq!(budi(&svc).status(), DtksStatus::Active);
}

#[test]
fn a_deceased_person_with_a_certificate_is_decided_before_the_muskel() {
    let (_d, svc) = setup();
    let ground = Ground::Deletion(DeletionGround::Deceased);
    let p = svc.propose(new(Target::Nik(BUDI.into()), ground, vec![certificate()]), &officer()).unwrap();
    let done = svc.decide_proposal(p.id, Outcome::Approve, "", &head(), &open_lists()).unwrap();
    assert_eq!(done.state, State::Effective);
    assert!(done.decision.unwrap().urgent);
    assert_eq!(budi(&svc).status(), DtksStatus::Inactive);
}

#[test]
fn submit_needs_an_existing_muskel_and_evidence() {
    let (_d, svc) = setup();
    let p = svc.propose(new(Target::Nik(BUDI.into()), Ground::MovedOut, vec![]), &officer()).unwrap();
    assert_eq!(refusal(svc.submit_proposal(p.id, 999, &officer())), Refusal::NoMuskel { id: 999 });
    let m = muskel(&svc);
    assert_eq!(domain_refusal(svc.submit_proposal(p.id, m, &officer())), Why::NoEvidence);
    svc.edit_proposal(p.id, vec![note_evidence()], Scope::All, &officer()).unwrap();
    assert_eq!(svc.submit_proposal(p.id, m, &officer()).unwrap().state, State::Proposed);
    let r = svc.edit_proposal(p.id, vec![], Scope::All, &officer());
    assert!(matches!(domain_refusal(r), Why::Illegal { .. }));
    assert_eq!(refusal(svc.agree_proposal(77_777, &officer())), Refusal::NoProposal { id: 77_777 });
}

#[test]
fn the_effective_period_is_the_first_with_an_unfrozen_list() {
    let (_d, svc) = setup();
    let p = agreed(&svc);
    let cal = frozen(&[(2025, 6), (2025, 7)]);
    let done = svc.decide_proposal(p.id, Outcome::Approve, "", &head(), &cal).unwrap();
    let plan = done.decision.unwrap().plan.unwrap();
    assert!(
        plan.programmes.iter().all(|e| e.period.as_deref() == Some("2025-08") && e.from == date(2025, 8, 1)),
        "{plan:?}"
    );
    let b = budi(&svc);
    assert!(b.enrolments.iter().all(|e| e.until == Some(date(2025, 8, 1))));
}

#[test]
fn revert_undoes_the_effect_only_before_a_frozen_list() {
    let (_d, svc) = setup();
    let p = agreed(&svc);
    svc.decide_proposal(p.id, Outcome::Approve, "", &head(), &open_lists()).unwrap();
    let r = svc.revert_proposal(p.id, "salah orang", &head(), &frozen(&[(2025, 6)]));
    assert!(matches!(domain_refusal(r), Why::ReachedFrozenList { .. }));
    assert_eq!(budi(&svc).status(), DtksStatus::Inactive);
    let r = svc.revert_proposal(p.id, " ", &head(), &open_lists());
    assert!(matches!(domain_refusal(r), Why::NoNote { .. }));
    let back = svc.revert_proposal(p.id, "salah orang", &head(), &open_lists()).unwrap();
    assert_eq!(back.state, State::Reverted);
    let b = budi(&svc);
    assert_eq!(b.status(), DtksStatus::Active);
    assert!(b.enrolments.iter().all(|e| e.status == EnrolmentStatus::Active && e.until.is_none()));
    assert!(svc.check().unwrap().is_clean());
}

#[test]
fn an_appeal_is_decided_by_another_user_and_reinstates() {
    let (_d, svc) = setup();
    let p = agreed(&svc);
    let r = svc.appeal_proposal(p.id, "masih tinggal di sini", &officer());
    assert!(matches!(domain_refusal(r), Why::Illegal { .. }));
    svc.decide_proposal(p.id, Outcome::Approve, "", &head(), &open_lists()).unwrap();
    svc.appeal_proposal(p.id, "masih tinggal di sini", &officer()).unwrap();
    let r = svc.decide_appeal(p.id, Outcome::Approve, "", &head(), &open_lists());
    assert_eq!(domain_refusal(r), Why::OwnDecision { user: "kabid".into() });
    let done = svc.decide_appeal(p.id, Outcome::Approve, "terbukti", &Actor::new("kadis"), &open_lists()).unwrap();
    assert_eq!(done.state, State::Reinstated);
    let b = budi(&svc);
    assert_eq!(b.status(), DtksStatus::Active);
    assert!(b.enrolments.iter().all(|e| e.status == EnrolmentStatus::Active));
}

#[test]
fn an_upheld_appeal_leaves_the_person_inactive() {
    let (_d, svc) = setup();
    let p = agreed(&svc);
    svc.decide_proposal(p.id, Outcome::Approve, "", &head(), &open_lists()).unwrap();
    svc.appeal_proposal(p.id, "keberatan", &officer()).unwrap();
    let done = svc.decide_appeal(p.id, Outcome::Reject, "bukti kuat", &Actor::new("kadis"), &open_lists()).unwrap();
    assert_eq!(done.state, State::Upheld);
    assert_eq!(budi(&svc).status(), DtksStatus::Inactive);
}

#[test]
fn a_reactivation_brings_an_inactive_person_back() {
    let (_d, svc) = setup();
    let p = agreed(&svc);
    svc.decide_proposal(p.id, Outcome::Approve, "", &head(), &open_lists()).unwrap();
    let back = NewProposal {
        target: Target::Nik(BUDI.into()),
        direction: Direction::Reactivate { answers: Some(p.id) },
        evidence: vec![note_evidence()],
        scope: Scope::All,
        origin: Origin::Petugas,
    };
    let r = svc.propose(back.clone(), &officer()).unwrap();
    let m = muskel(&svc);
    svc.submit_proposal(r.id, m, &officer()).unwrap();
    svc.agree_proposal(r.id, &officer()).unwrap();
    svc.decide_proposal(r.id, Outcome::Approve, "", &head(), &open_lists()).unwrap();
    assert_eq!(budi(&svc).status(), DtksStatus::Active);
    // Active again: a second reactivation is refused.
    assert!(matches!(domain_refusal(svc.propose(back, &officer())), Why::NotInactive { .. }));
}

#[test]
fn reject_and_revise_write_no_effect() {
    let (_d, svc) = setup();
    let p = agreed(&svc);
    let r = svc.decide_proposal(p.id, Outcome::Revise, "", &head(), &open_lists());
    assert!(matches!(domain_refusal(r), Why::NoNote { .. }));
    let back = svc.decide_proposal(p.id, Outcome::Revise, "tambahkan surat RT", &head(), &open_lists()).unwrap();
    assert_eq!((back.state, back.muskel), (State::Draft, None));
    let m = muskel(&svc);
    svc.submit_proposal(p.id, m, &officer()).unwrap();
    svc.agree_proposal(p.id, &officer()).unwrap();
    let no = svc.decide_proposal(p.id, Outcome::Reject, "masih tinggal", &head(), &open_lists()).unwrap();
    assert_eq!(no.state, State::Rejected);
    assert_eq!(budi(&svc).status(), DtksStatus::Active);
}

#[test]
fn the_queue_counts_every_state_and_lists_one() {
    let (_d, svc) = setup();
    let a = agreed(&svc);
    let b = svc.propose(new(Target::Nik(SITI.into()), Ground::MovedOut, vec![note_evidence()]), &officer()).unwrap();
    let q = svc.proposal_queue(&dtks::testkit::owner(), None).unwrap();
    assert_eq!(q.counts.len(), State::ALL.len());
    let count = |q: &dtks::service::deactivation::Queue, s| q.counts.iter().find(|(x, _)| *x == s).unwrap().1;
    assert_eq!((count(&q, State::Agreed), count(&q, State::Draft), count(&q, State::Effective)), (1, 1, 0));
    assert_eq!(q.lines.iter().map(|l| l.id).collect::<Vec<_>>(), [a.id, b.id]);
    let drafts = svc.proposal_queue(&dtks::testkit::owner(), Some(State::Draft)).unwrap();
    assert_eq!(drafts.lines.len(), 1);
    assert_eq!((drafts.lines[0].id, drafts.lines[0].nik.as_deref()), (b.id, Some(SITI)));
    assert_eq!(drafts.lines[0].state, "konsep");
}

#[test]
fn a_batch_decides_each_proposal_on_its_own() {
    let (_d, svc) = setup();
    let a = agreed(&svc);
    let b = svc.propose(new(Target::Nik(SITI.into()), Ground::MovedOut, vec![note_evidence()]), &officer()).unwrap();
    let out = svc.decide_batch(&[a.id, b.id, 424_242], Outcome::Approve, "", &head(), &open_lists());
    assert_eq!(out.len(), 3);
    assert_eq!(out[0].result.as_ref().unwrap(), &State::Effective);
    assert!(matches!(&out[1].result, Err(ServiceError::Refused(Refusal::Deactivation { .. }))));
    assert!(matches!(&out[2].result, Err(ServiceError::Refused(Refusal::NoProposal { id: 424_242 }))));
    assert_eq!(svc.proposal(b.id).unwrap().unwrap().state, State::Draft);
    assert!(svc.check().unwrap().is_clean());
}

fn write_file(dir: &TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn monev_findings_become_drafts_with_rejects_by_line_and_no_doubles() {
    let (dir, svc) = setup();
    let mut dukcapil = format!(
        "nik;status;tanggal_meninggal;alamat_baru\n\
         {BUDI};meninggal;2025-06-01;\n\
         {BUDI};meninggal;2025-06-01;\n\
         3171069999990009;meninggal;2025-06-01;\n\
         {SITI};meninggal;2025-07-01;\n"
    )
    .into_bytes();
    dukcapil.extend_from_slice(b"3171065712850002;pindah;;Jl. Caf\xe9 1\n");
    let path = write_file(&dir, "padan.csv", &dukcapil);
    let report = svc.import_monev(&path, &officer()).unwrap();
    assert_eq!(report.drafted.len(), 1, "{report:?}");
    let lines: Vec<usize> = report.rejects.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [3, 4, 5, 6], "{report:?}");
    use dtks::domain::deactivation::monev::LineProblem;
    assert_eq!(report.rejects[0].1, LineProblem::DuplicateLine { first: 2 });
    assert_eq!(report.rejects[1].1, LineProblem::UnknownNik { nik: "3171069999990009".into() });
    assert_eq!(report.rejects[2].1, LineProblem::Refused(Why::DeathDateInFuture { date: date(2025, 7, 1) }));
    assert_eq!(report.rejects[3].1, LineProblem::WrongEncoding);
    for (_, p) in &report.rejects {
        assert_ne!(p.message(dtks::i18n::Lang::Id), p.message(dtks::i18n::Lang::En));
    }
    let p = svc.proposal(report.drafted[0]).unwrap().unwrap();
    assert_eq!((p.state, p.origin, p.subject.no_kk()), (State::Draft, Origin::Monev, KK));
    assert_eq!(
        p.evidence[0].reference,
        Some(dtks::domain::deactivation::Reference::FileLine { file: "padan.csv".into(), line: 2 })
    );
    // Again: the open draft is not doubled.
    let again = svc.import_monev(&path, &officer()).unwrap();
    assert!(again.drafted.is_empty());
    assert_eq!(again.already_open, [(2, p.id)]);
    // A household asset overlaps Budi's open draft; a person's does not.
    let bappeda =
        format!("nik,no_kk,jenis_aset,nilai\n,{KK},mobil,150000000\n{SITI},,mobil,90000000\n{SITI},,kapal,1\n");
    let assets = svc.import_monev(&write_file(&dir, "aset.csv", bappeda.as_bytes()), &officer()).unwrap();
    assert_eq!(assets.already_open, [(2, p.id)]);
    assert_eq!(assets.drafted.len(), 1);
    assert!(matches!(assets.rejects[..], [(4, LineProblem::BadAsset { .. })]), "{assets:?}");
    let siti = svc.proposal(assets.drafted[0]).unwrap().unwrap();
    assert_eq!(siti.evidence[0].asset, Some((dtks::domain::codes::Asset::Car, 90_000_000)));
    assert!(svc.check().unwrap().is_clean());
}

#[test]
fn a_monev_file_of_neither_layout_is_refused_whole() {
    let (dir, svc) = setup();
    let path = write_file(&dir, "lain.csv", b"nama,umur\nBudi,60\n");
    assert_eq!(refusal(svc.import_monev(&path, &officer())), Refusal::MonevHeader { path: path.clone() });
    assert!(svc.proposal_queue(&dtks::testkit::owner(), None).unwrap().lines.is_empty());
}

#[test]
fn a_double_record_is_seen_as_a_pair_and_its_copy_proposed_for_deletion() {
    let (_d, svc) = setup();
    const KK2: &str = "3171061203000002";
    let copy = person(BUDI, "Budi Santoso", Relationship::Head, date(1960, 8, 17), Sex::Male);
    let mut h2 = testkit::household(KK2, KEL, vec![copy]);
    h2.history = vec![testkit::status_entry(DtksStatus::Active, date(2024, 2, 1))];
    let at = date(2025, 1, 3).and_hms_opt(9, 0, 0).unwrap();
    testkit::store(&svc)
        .write(&[h2], &[], &AuditDraft { at, user: "import".into(), action: "import".into(), origin: String::new() })
        .unwrap();
    let pairs = svc.double_pairs(&Actor::new("tes")).unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!((pairs[0].suggestion.keep.as_str(), pairs[0].suggestion.remove.as_str()), (KK, KK2));
    let p = svc.propose_double_deletion(BUDI, KK, KK2, &officer()).unwrap();
    assert_eq!(p.subject, dtks::domain::deactivation::Subject::Person { nik: BUDI.into(), no_kk: KK2.into() });
    assert_eq!(p.direction, Direction::Deactivate(Ground::Deletion(DeletionGround::Double)));
    assert_eq!(p.origin, Origin::DoubleRecord);
    let again = svc.propose_double_deletion(BUDI, KK, KK2, &officer());
    assert_eq!(refusal(again), Refusal::ProposalOpen { id: p.id });
    let r = svc.propose_double_deletion(BUDI, KK, "3171069999990009", &officer());
    assert_eq!(refusal(r), Refusal::NotInRegister { no_kk: "3171069999990009".into() });
}

#[test]
fn the_berita_acara_counts_and_lists_the_muskels_deactivation_proposals() {
    let (_d, svc) = setup();
    let m = muskel(&svc);
    let plain = svc.berita_acara(&testkit::owner(), m, dtks::i18n::Lang::Id).unwrap();
    assert!(!plain.contains("Usulan penonaktifan data"));
    let a = moved_out(&svc);
    svc.submit_proposal(a.id, m, &officer()).unwrap();
    svc.agree_proposal(a.id, &officer()).unwrap();
    let b = svc.propose(new(Target::Nik(SITI.into()), Ground::Improved, vec![note_evidence()]), &officer()).unwrap();
    svc.submit_proposal(b.id, m, &officer()).unwrap();
    let text = svc.berita_acara(&testkit::owner(), m, dtks::i18n::Lang::Id).unwrap();
    assert!(text.contains("### Usulan penonaktifan data"), "{text}");
    assert!(text.contains("Disetujui Muskel: **1**. Ditolak: **0**. Belum diputuskan: **1**."), "{text}");
    assert!(text.contains(&format!("| 1 | {} | ", a.id)) && text.contains(&format!("| 2 | {} | ", b.id)), "{text}");
    assert!(!text.contains(BUDI), "no individual data in the Berita Acara");
    let en = svc.berita_acara(&testkit::owner(), m, dtks::i18n::Lang::En).unwrap();
    assert!(en.contains("Agreed in the Muskel: **1**. Rejected: **0**. Undecided: **1**."), "{en}");
}

#[test]
fn the_tahap_plans_give_the_calendar_a_decision_is_planned_on() {
    use dtks::domain::tahap::period::ScheduleEntry;
    use dtks::domain::tahap::{Period, PeriodKind, PeriodPlan, PeriodSchedule, PeriodState, YearMonth};
    let (_d, svc) = setup();
    let monthly =
        PeriodSchedule::new(vec![ScheduleEntry { from: YearMonth::new(2025, 1).unwrap(), kind: PeriodKind::Monthly }])
            .unwrap();
    for p in [Programme::Klj, Programme::JknPbi] {
        svc.set_schedule(p, &monthly, &head()).unwrap();
    }
    let mut june = PeriodPlan::new(Programme::Klj, Period::month(2025, 6).unwrap(), date(2025, 6, 1));
    june.state = PeriodState::ListFrozen;
    svc.save_plans(&[june], &head()).unwrap();
    let p = agreed(&svc);
    let lists = svc.deactivation_calendar().unwrap();
    let done = svc.decide_proposal(p.id, Outcome::Approve, "", &head(), &lists.calendar()).unwrap();
    let plan = done.decision.unwrap().plan.unwrap();
    let from = |prog| plan.programmes.iter().find(|e| e.programme == prog).unwrap().from;
    assert_eq!((from(Programme::Klj), from(Programme::JknPbi)), (date(2025, 7, 1), date(2025, 6, 1)));
}

#[test]
fn a_programme_not_paid_in_lists_takes_effect_on_the_decision_date() {
    use dtks::domain::tahap::period::{ScheduleEntry, YearMonth};
    use dtks::domain::tahap::{PeriodKind, PeriodSchedule};
    let (_d, svc) = setup();
    // KLJ is paid per tahap; JKN-PBI has no period setting at all.
    let quarterly = ScheduleEntry { from: YearMonth::new(2018, 1).unwrap(), kind: PeriodKind::Quarterly };
    svc.set_schedule(Programme::Klj, &PeriodSchedule::new(vec![quarterly]).unwrap(), &officer()).unwrap();
    let p = agreed(&svc);
    let lists = svc.deactivation_calendar().unwrap();
    let done = svc.decide_proposal(p.id, Outcome::Approve, "", &head(), &lists.calendar()).unwrap();
    assert_eq!(done.state, State::Effective);
    let plan = done.decision.unwrap().plan.unwrap();
    let by: Vec<(Programme, Option<&str>, NaiveDate)> =
        plan.programmes.iter().map(|e| (e.programme, e.period.as_deref(), e.from)).collect();
    assert_eq!(by, [(Programme::Klj, Some("2025-T2"), date(2025, 4, 1)), (Programme::JknPbi, None, today())]);
}
