use super::*;
use crate::domain::model::StatusEntry;
use crate::domain::visit::fixtures::*;
use crate::i18n::Lang;

fn today() -> NaiveDate {
    date(2025, 6, 10)
}

fn proposed(p: &Person) -> ProposedPerson {
    ProposedPerson::of(p)
}

/// Andi, child of the fixture household, asking for KAJ... as kind 3.
fn self_proposal(kind: UsulanKind, programmes: Vec<Programme>) -> Usulan {
    let h = household();
    Usulan {
        id: 1,
        kind,
        source: Source::SelfProposal,
        target: Target::Person { nik: h.members[2].nik.clone() },
        no_kk: h.no_kk.clone(),
        address: h.address.clone(),
        persons: vec![proposed(&h.members[2])],
        programmes,
        entered_by: "operator1".into(),
        entered_at: now(),
        submitted: date(2025, 1, 1),
        verification: None,
    }
}

#[test]
fn self_proposal_conditions_pass() {
    let u = self_proposal(UsulanKind::Assistance, vec![Programme::Pkh]);
    assert_eq!(check_usulan(&u, &[household()], today()), vec![]);
    // A newcomer the register does not hold, asking to enter.
    let mut u = self_proposal(UsulanKind::EntryWithAssistance, vec![Programme::Bpnt]);
    u.persons[0].nik = "3171060202120004".into();
    u.persons[0].birth_date = Some(date(2012, 2, 2));
    u.target = Target::Person { nik: "3171060202120004".into() };
    assert_eq!(check_usulan(&u, &[household()], today()), vec![]);
}

#[test]
fn already_in_dtks_fails_alone() {
    let u = self_proposal(UsulanKind::Entry, vec![]);
    assert_eq!(
        check_usulan(&u, &[household()], today()),
        vec![UsulanProblem::AlreadyInDtks { nik: "3171060101100003".into() }]
    );
    // Deactivated in the register: may enter again.
    let mut h = household();
    h.members[2].history.push(StatusEntry { status: DtksStatus::Inactive, ..active(date(2024, 1, 1)) });
    assert_eq!(check_usulan(&u, &[h], today()), vec![]);
}

#[test]
fn kind_3_needs_dtks() {
    let u = self_proposal(UsulanKind::Assistance, vec![Programme::Pkh]);
    let p = check_usulan(&u, &[], today());
    assert_eq!(p, vec![UsulanProblem::NotInDtks { nik: "3171060101100003".into() }]);
    assert!(p[0].message(Lang::Id).contains("belum aktif di DTKS"));
}

#[test]
fn already_recipient_fails_alone() {
    let mut h = household();
    h.members[2].enrolments = vec![enrol(Programme::Pkh)];
    let u = self_proposal(UsulanKind::Assistance, vec![Programme::Pkh, Programme::Bpnt]);
    assert_eq!(
        check_usulan(&u, std::slice::from_ref(&h), today()),
        vec![UsulanProblem::AlreadyRecipient { nik: "3171060101100003".into(), programme: Programme::Pkh }]
    );
    // A stopped enrolment is no longer "receiving".
    h.members[2].enrolments[0].status = EnrolmentStatus::Stopped;
    assert_eq!(check_usulan(&u, &[h], today()), vec![]);
}

#[test]
fn missing_field_fails_alone() {
    let mut u = self_proposal(UsulanKind::Assistance, vec![Programme::Pkh]);
    u.persons[0].mother_name = " ".into();
    let p = check_usulan(&u, &[household()], today());
    assert_eq!(
        p,
        vec![UsulanProblem::Missing {
            who: Whose::Person(MemberRef { index: 0, name: "Andi".into(), nik: "3171060101100003".into() }),
            field: PopField::MotherName
        }]
    );
    assert_eq!(p[0].message(Lang::Id), "Nama ibu kandung milik Andi (NIK 3171060101100003) kosong; isi sesuai KTP/KK");
    let mut u = self_proposal(UsulanKind::Assistance, vec![Programme::Pkh]);
    u.address.rt = 0;
    assert_eq!(
        check_usulan(&u, &[household()], today()),
        vec![UsulanProblem::Missing {
            who: Whose::Household { no_kk: "3171061203180007".into() },
            field: PopField::Rt
        }]
    );
}

#[test]
fn nik_problems_fail_alone() {
    let mut u = self_proposal(UsulanKind::Assistance, vec![Programme::Pkh]);
    u.persons[0].birth_date = Some(date(2010, 1, 2));
    assert_eq!(
        check_usulan(&u, &[household()], today()),
        vec![UsulanProblem::NikBirthDate {
            nik: "3171060101100003".into(),
            in_nik: date(2010, 1, 1),
            proposed: date(2010, 1, 2)
        }]
    );
    let mut u = self_proposal(UsulanKind::Assistance, vec![Programme::Pkh]);
    u.persons[0].sex = Some(Sex::Female);
    assert_eq!(
        check_usulan(&u, &[household()], today()),
        vec![UsulanProblem::NikSex { nik: "3171060101100003".into(), in_nik: Sex::Male, proposed: Sex::Female }]
    );
    let mut u = self_proposal(UsulanKind::EntryWithAssistance, vec![Programme::Pkh]);
    u.persons[0].nik = "3171063201100003".into(); // day 32
    u.target = Target::Person { nik: "3171063201100003".into() };
    let p = check_usulan(&u, &[household()], today());
    assert_eq!(p.len(), 1);
    assert!(matches!(p[0], UsulanProblem::NikInvalid { .. }), "{p:?}");
}

#[test]
fn address_agreement_boundary() {
    let h = household();
    // Only the street differs: 6 of 7 = 85% ≥ 80%.
    let mut u = self_proposal(UsulanKind::Assistance, vec![Programme::Pkh]);
    u.address.street = "Gang Mawar 9".into();
    assert_eq!(address_agreement(&u.address, &h.address).0, 85);
    assert_eq!(check_usulan(&u, std::slice::from_ref(&h), today()), vec![]);
    // Spelling variants of the street agree.
    u.address.street = "jl contoh no 3".into();
    assert_eq!(address_agreement(&u.address, &h.address).0, 100);
    // Street and RT differ: 5 of 7 = 71% < 80%.
    u.address.street = "Gang Mawar 9".into();
    u.address.rt = 6;
    assert_eq!(
        check_usulan(&u, &[h], today()),
        vec![UsulanProblem::AddressMismatch {
            nik: "3171060101100003".into(),
            percent: 71,
            differing: vec![PopField::Rt, PopField::Street]
        }]
    );
}

#[test]
fn shape_problems_for_every_source() {
    let mut u = self_proposal(UsulanKind::Entry, vec![Programme::Klj]);
    u.source = Source::Regional;
    assert_eq!(check_usulan(&u, &[household()], today()), vec![UsulanProblem::ProgrammesOnEntry]);
    u.kind = UsulanKind::EntryWithAssistance;
    u.programmes.clear();
    u.entered_by.clear();
    assert_eq!(
        check_usulan(&u, &[], today()),
        vec![UsulanProblem::NoProgramme { kind: UsulanKind::EntryWithAssistance }, UsulanProblem::NoEnteredBy]
    );
}

#[test]
fn thirty_day_rule_boundary() {
    // Submitted 1 Jan: day 30 is 31 Jan, layak otomatis from 1 Feb.
    let mut u = self_proposal(UsulanKind::Assistance, vec![Programme::Pkh]);
    assert_eq!(verification_deadline(u.submitted), date(2025, 1, 31));
    assert_eq!(deadline(&u, date(2025, 1, 1)), Deadline::Open { deadline: date(2025, 1, 31), days_left: 30 });
    let day30 = deadline(&u, date(2025, 1, 31));
    assert_eq!(day30, Deadline::Open { deadline: date(2025, 1, 31), days_left: 0 });
    assert_eq!(day30.message(Lang::Id), "sisa 0 hari (batas 31-01-2025)");
    let day31 = deadline(&u, date(2025, 2, 1));
    assert_eq!(day31, Deadline::AutoEligible { since: date(2025, 2, 1) });
    assert_eq!(day31.message(Lang::Id), "layak otomatis sejak 01-02-2025");
    // Verified on day 30: in time. On day 31: too late.
    let v = |on| UsulanVerification { on, by: "verifikator".into(), layak: false, note: String::new() };
    u.verification = Some(v(date(2025, 1, 31)));
    assert_eq!(deadline(&u, date(2025, 3, 1)), Deadline::VerifiedInTime { on: date(2025, 1, 31) });
    u.verification = Some(v(date(2025, 2, 1)));
    assert_eq!(deadline(&u, date(2025, 3, 1)), Deadline::AutoEligible { since: date(2025, 2, 1) });
    u.source = Source::Ministry;
    assert_eq!(deadline(&u, date(2025, 3, 1)), Deadline::NotApplicable);
}

#[test]
fn usulan_round_trips_through_json() {
    let u = self_proposal(UsulanKind::Assistance, vec![Programme::Pkh]);
    let s = serde_json::to_string(&u).unwrap();
    assert_eq!(serde_json::from_str::<Usulan>(&s).unwrap(), u);
    assert_eq!(UsulanKind::parse("masuk_dtks_bansos"), Some(UsulanKind::EntryWithAssistance));
}
