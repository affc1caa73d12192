use super::fixtures::*;
use super::*;
use crate::i18n::Lang;

fn today() -> NaiveDate {
    date(2025, 6, 10)
}

fn mf(index: usize, field: MemberField) -> FieldId {
    FieldId::Member { index, field }
}

/// A form with everything filled in and every member found, layak.
fn filled() -> VisitForm {
    let mut f = VisitForm::start(7, &household(), "KLJ-2025-06", "petugas1", now());
    f.edit(FieldId::Household(HouseholdField::VisitDate), "09-06-2025", now()).unwrap();
    for i in 0..f.members.len() {
        f.edit(mf(i, MemberField::Presence), "ditemukan", now()).unwrap();
        f.edit(mf(i, MemberField::Finding), "layak", now()).unwrap();
    }
    f
}

fn problems(f: &VisitForm) -> Vec<(FieldId, FormProblem)> {
    f.validate(today()).into_iter().map(|m| (m.field, m.problem)).collect()
}

#[test]
fn a_filled_form_has_no_message() {
    assert_eq!(problems(&filled()), vec![]);
}

#[test]
fn start_prefills_and_shows_registered_values() {
    let mut f = VisitForm::start(7, &household(), "KLJ-2025-06", "petugas1", now());
    assert_eq!(f.value(mf(0, MemberField::BirthDate), Lang::Id), "17-08-1960");
    f.edit(mf(0, MemberField::Name), "Budi Santosa", now()).unwrap();
    assert_eq!(f.value(mf(0, MemberField::Name), Lang::Id), "Budi Santosa");
    assert_eq!(f.registered_value(mf(0, MemberField::Name), Lang::Id).as_deref(), Some("Budi Santoso"));
    assert_eq!(f.registered_value(mf(0, MemberField::Finding), Lang::Id), None);
    assert_eq!(
        f.registered_value(FieldId::Household(HouseholdField::Floor), Lang::Id).as_deref(),
        Some("Semen/bata merah")
    );
    let i = f.add_member(MemberPresence::Born, now());
    assert_eq!(f.registered_value(mf(i, MemberField::Name), Lang::Id), None);
}

#[test]
fn edit_moves_cursor_and_stamps_save_and_refuses_bad_choices() {
    let mut f = filled();
    let later = now() + chrono::Duration::seconds(5);
    f.edit(mf(1, MemberField::Occupation), "pedagang", later).unwrap();
    assert_eq!(f.cursor, mf(1, MemberField::Occupation));
    assert_eq!(f.saved_at, later);
    assert_eq!(f.members[1].fields.occupation, Some(Occupation::Trader));
    let before = f.clone();
    let err = f.edit(mf(1, MemberField::Sex), "X", later + chrono::Duration::seconds(1)).unwrap_err();
    assert_eq!(f, before);
    assert_eq!(
        err.message(Lang::Id),
        "Anggota 2 (Siti Aminah), Jenis kelamin: 'X' bukan salah satu dari L, P; pilih dari daftar"
    );
    assert_eq!(err.message(Lang::En), "Member 2 (Siti Aminah), Sex: 'X' is not one of L, P; pick one from the list");
    // Registered members cannot be "born"; added ones cannot be "found".
    assert!(f.edit(mf(0, MemberField::Presence), "lahir", later).is_err());
    let i = f.add_member(MemberPresence::MovedIn, later);
    assert!(f.edit(mf(i, MemberField::Presence), "ditemukan", later).is_err());
    assert!(f.remove_added_member(0, later).is_err());
    f.remove_added_member(i, later).unwrap();
    assert_eq!(f.members.len(), 3);
}

#[test]
fn dates_must_exist() {
    assert_eq!(parse_date("29-02-2024"), Some(date(2024, 2, 29)));
    assert_eq!(parse_date("29-02-2025"), None);
    assert_eq!(parse_date("31-04-2025"), None);
    assert_eq!(parse_date("2025-06-10"), Some(date(2025, 6, 10)));
    assert_eq!(parse_date("10/6/2025"), Some(date(2025, 6, 10)));
    assert_eq!(parse_date("10-06-25"), None);
    let mut f = filled();
    f.edit(mf(2, MemberField::BirthDate), "31-02-2010", now()).unwrap();
    let msgs = f.validate(today());
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0].field, mf(2, MemberField::BirthDate));
    assert_eq!(
        msgs[0].message(&f, Lang::Id),
        "Anggota 3 (Andi), Tanggal lahir: '31-02-2010' bukan tanggal yang ada; tulis sebagai HH-BB-TTTT, misalnya 17-08-1980"
    );
    f.edit(FieldId::Household(HouseholdField::VisitDate), "11-06-2025", now()).unwrap();
    assert!(problems(&f).contains(&(
        FieldId::Household(HouseholdField::VisitDate),
        FormProblem::DateAfterToday { date: date(2025, 6, 11) }
    )));
}

#[test]
fn required_fields_name_the_field() {
    let mut f = filled();
    f.edit(mf(1, MemberField::MotherName), "  ", now()).unwrap();
    f.edit(mf(1, MemberField::Marital), "", now()).unwrap();
    f.edit(FieldId::Household(HouseholdField::Rt), "0", now()).unwrap();
    assert_eq!(
        problems(&f),
        vec![
            (FieldId::Household(HouseholdField::Rt), FormProblem::BadRwRt { text: "0".into() }),
            (mf(1, MemberField::MotherName), FormProblem::Required),
            (mf(1, MemberField::Marital), FormProblem::Choose),
        ]
    );
}

#[test]
fn nik_disagreement_is_an_acknowledgeable_warning() {
    let mut f = filled();
    f.edit(mf(1, MemberField::BirthDate), "18-12-1985", now()).unwrap();
    let msgs = f.validate(today());
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0].severity(), Severity::Warning);
    assert!(!msgs[0].acknowledged);
    assert_eq!(f.errors(today()), vec![]);
    let key = msgs[0].key().unwrap();
    assert_eq!(key, "3171065712850002|birth_date|18-12-1985");
    f.acknowledge(&key, now());
    assert!(f.validate(today())[0].acknowledged);
    // Another value brings the warning back unacknowledged.
    f.edit(mf(1, MemberField::BirthDate), "19-12-1985", now()).unwrap();
    assert!(!f.validate(today())[0].acknowledged);
    f.edit(mf(1, MemberField::BirthDate), "17-12-1985", now()).unwrap();
    f.edit(mf(1, MemberField::Sex), "L", now()).unwrap();
    let msgs = f.validate(today());
    assert_eq!(msgs[0].field, mf(1, MemberField::Sex));
    assert_eq!(msgs[0].severity(), Severity::Warning);
}

#[test]
fn nik_that_does_not_decode_is_an_error() {
    let mut f = filled();
    f.edit(mf(2, MemberField::Nik), "317106010110000", now()).unwrap();
    let errs = f.errors(today());
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].field, mf(2, MemberField::Nik));
    assert!(matches!(errs[0].problem, FormProblem::NikInvalid(_)));
    f.edit(mf(2, MemberField::Nik), "3171065712850002", now()).unwrap();
    let errs = f.errors(today());
    assert!(errs.iter().any(|m| m.problem == FormProblem::NikTwice { nik: "3171065712850002".into() }));
}

#[test]
fn one_head_per_kk() {
    let mut f = filled();
    f.edit(mf(1, MemberField::Relationship), "kepala", now()).unwrap();
    assert_eq!(problems(&f), vec![(mf(1, MemberField::Relationship), FormProblem::SeveralHeads { count: 2 })]);
    f.edit(mf(1, MemberField::Relationship), "pasangan", now()).unwrap();
    f.edit(mf(0, MemberField::Relationship), "famili", now()).unwrap();
    assert_eq!(problems(&f), vec![(mf(0, MemberField::Relationship), FormProblem::NoHead)]);
}

#[test]
fn deceased_only_head_needs_a_new_head() {
    let mut f = filled();
    f.edit(mf(0, MemberField::Presence), "meninggal", now()).unwrap();
    f.edit(mf(0, MemberField::Finding), "pemutakhiran", now()).unwrap();
    f.edit(mf(0, MemberField::UpdateReason), "meninggal", now()).unwrap();
    let msgs = f.validate(today());
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0].field, mf(0, MemberField::Presence));
    assert_eq!(msgs[0].problem, FormProblem::GoneOnlyHead { died: true });
    assert_eq!(
        msgs[0].message(&f, Lang::En),
        "Member 1 (Budi Santoso), Presence: the head died and no new head is chosen; choose a new head in another member's Relationship field"
    );
    f.edit(mf(1, MemberField::Relationship), "kepala", now()).unwrap();
    assert_eq!(problems(&f), vec![]);
}

#[test]
fn deceased_presence_and_finding_agree() {
    let mut f = filled();
    f.edit(mf(2, MemberField::Presence), "meninggal", now()).unwrap();
    assert_eq!(problems(&f), vec![(mf(2, MemberField::Finding), FormProblem::DeceasedMismatch { died: true })]);
    f.edit(mf(2, MemberField::Finding), "tidak_layak", now()).unwrap();
    assert_eq!(
        problems(&f),
        vec![
            (mf(2, MemberField::NotEligible), FormProblem::NoReason),
            (mf(2, MemberField::Finding), FormProblem::DeceasedMismatch { died: true }),
        ]
    );
    f.edit(mf(2, MemberField::NotEligible), "3", now()).unwrap();
    assert_eq!(problems(&f), vec![]);
    f.edit(mf(2, MemberField::Presence), "ditemukan", now()).unwrap();
    assert_eq!(problems(&f), vec![(mf(2, MemberField::Finding), FormProblem::DeceasedMismatch { died: false })]);
}

#[test]
fn added_member_needs_every_field() {
    let mut f = filled();
    let i = f.add_member(MemberPresence::Born, now());
    let fields: Vec<FieldId> = f.errors(today()).iter().map(|m| m.field).collect();
    for field in [
        MemberField::Nik,
        MemberField::Name,
        MemberField::Birthplace,
        MemberField::MotherName,
        MemberField::BirthDate,
        MemberField::Sex,
        MemberField::Relationship,
        MemberField::Marital,
        MemberField::Occupation,
        MemberField::Finding,
    ] {
        assert!(fields.contains(&mf(i, field)), "{field:?}");
    }
    assert!(!fields.contains(&mf(i, MemberField::Presence)));
}

#[test]
fn form_round_trips_through_json() {
    let f = filled();
    let s = serde_json::to_string(&f).unwrap();
    assert_eq!(serde_json::from_str::<VisitForm>(&s).unwrap(), f);
}
