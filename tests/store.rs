//! Store behaviour on temporary databases: round trips, index upkeep, audit,
//! consistency check, and the errors a person meets when opening.

use chrono::NaiveDateTime;
use dtks::domain::diff::{FieldChange, diff_household};
use dtks::domain::wilayah::Region;
use dtks::domain::*;
use dtks::store::*;
use dtks::testkit::{self, date};
use tempfile::TempDir;

const KEL: &str = "31.71.01.1001";

fn at(min: u32) -> NaiveDateTime {
    date(2024, 12, 13).and_hms_opt(9, min, 0).unwrap()
}

fn draft(action: &str) -> AuditDraft {
    AuditDraft { at: at(0), user: "operator1".into(), action: action.into(), origin: String::new() }
}

fn kk(n: u32) -> String {
    format!("3171010000{n:06}")
}

fn nik(n: u32) -> String {
    format!("317101010180{n:04}")
}

/// Lower-case text, as a careless entry would have it.
fn person(nik: String, name: &str, rel: Relationship) -> Person {
    Person {
        birthplace: "jakarta".into(),
        mother_name: "ibu".into(),
        occupation: Occupation::Homemaker,
        ..testkit::person(&nik, name, rel, Sex::Female, date(1980, 1, 1))
    }
}

/// Household `n` in RW 2 / RT 3 of `KEL` with members named `names`
/// (NIKs n*10+1, n*10+2, ...).
fn household(n: u32, names: &[&str]) -> Household {
    let members = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let rel = if i == 0 { Relationship::Head } else { Relationship::Child };
            person(nik(n * 10 + i as u32 + 1), name, rel)
        })
        .collect();
    Household {
        address: Address { kelurahan: KEL.into(), rw: 2, rt: 3, street: "jl. melati".into() },
        info: HouseholdInfo { assets: vec![Asset::Television], decile: Some(2), ..testkit::info() },
        ..testkit::household(&kk(n), KEL, members)
    }
}

fn enrol(p: &mut Person, programme: Programme, status: EnrolmentStatus) {
    p.enrolments = vec![testkit::enrolment(programme, status, date(2024, 1, 1))];
}

fn create() -> OpenOptions {
    OpenOptions { create: true, ..OpenOptions::default() }
}

fn new_store() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&dir.path().join("db"), &create()).unwrap();
    (dir, store)
}

fn assert_clean(store: &Store) -> CheckReport {
    let report = store.check().unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
    report
}

#[test]
fn write_read_round_trip_survives_reopen() {
    let (dir, store) = new_store();
    let mut h = household(1, &["siti aminah", "budi santoso"]);
    h.history.push(StatusEntry {
        period: Some("2024-01".into()),
        note: "muskel januari".into(),
        ..testkit::status_entry(DtksStatus::Active, date(2024, 1, 15))
    });
    enrol(&mut h.members[0], Programme::Klj, EnrolmentStatus::Active);
    let report = store.write(std::slice::from_ref(&h), &[], &draft("import")).unwrap();
    assert_eq!(report, WriteReport { seq: Some(1), created: 1, ..WriteReport::default() });
    assert_eq!(store.household(&h.no_kk).unwrap().as_ref(), Some(&h));
    assert_eq!(store.household(&kk(2)).unwrap(), None);

    let store = store.reopen().unwrap();
    assert_eq!(store.household(&h.no_kk).unwrap().as_ref(), Some(&h));
    assert_eq!(store.household_count().unwrap(), 1);
    drop(store);
    let store = Store::open(&dir.path().join("db"), &OpenOptions::default()).unwrap();
    let all: Vec<Household> = store.iter_households().collect::<Result<_, _>>().unwrap();
    assert_eq!(all, vec![h]);
}

#[test]
fn indexes_follow_update_and_delete() {
    let (_dir, store) = new_store();
    let mut h = household(1, &["siti aminah"]);
    enrol(&mut h.members[0], Programme::Klj, EnrolmentStatus::Active);
    store.write(std::slice::from_ref(&h), &[], &draft("import")).unwrap();
    let a = nik(11);

    assert_eq!(store.kks_by_nik(&a).unwrap(), vec![kk(1)]);
    assert_eq!(store.search_names("amin", 10).unwrap().len(), 1);
    assert_eq!(store.households_in(KEL, Some(2), Some(3)).unwrap(), vec![kk(1)]);
    assert_eq!(store.enrolled(Programme::Klj, EnrolmentStatus::Active).unwrap(), vec![(a.clone(), kk(1))]);

    h.members[0].name = "siti rahayu".into();
    h.address.rt = 4;
    enrol(&mut h.members[0], Programme::Klj, EnrolmentStatus::Stopped);
    let r = store.write(std::slice::from_ref(&h), &[], &draft("edit")).unwrap();
    assert_eq!((r.updated, r.created), (1, 0));

    assert!(store.search_names("amin", 10).unwrap().is_empty());
    let hits = store.search_names("rahayu", 10).unwrap();
    assert_eq!(hits, vec![NameHit { no_kk: kk(1), nik: a.clone(), folded: "siti rahayu".into() }]);
    assert_eq!(store.search_names("siti", 10).unwrap().len(), 1);
    assert!(store.households_in(KEL, Some(2), Some(3)).unwrap().is_empty());
    assert_eq!(store.households_in(KEL, Some(2), Some(4)).unwrap(), vec![kk(1)]);
    assert!(store.enrolled(Programme::Klj, EnrolmentStatus::Active).unwrap().is_empty());
    assert_eq!(store.enrolled(Programme::Klj, EnrolmentStatus::Stopped).unwrap(), vec![(a.clone(), kk(1))]);
    let report = assert_clean(&store);
    assert_eq!(report.index_entries, 1 + 2 + 1 + 1 + 1); // nik, two words, place, programme, street

    let r = store.write(&[], &[kk(1)], &draft("delete")).unwrap();
    assert_eq!(r.deleted, 1);
    assert_eq!(store.household(&kk(1)).unwrap(), None);
    assert!(store.kks_by_nik(&a).unwrap().is_empty());
    assert!(store.search_names("siti", 10).unwrap().is_empty());
    assert!(store.households_in("31", None, None).unwrap().is_empty());
    assert!(store.enrolled(Programme::Klj, EnrolmentStatus::Stopped).unwrap().is_empty());
    assert_eq!(store.household_count().unwrap(), 0);
    let report = assert_clean(&store);
    assert_eq!((report.records, report.index_entries, report.audit_events), (0, 0, 3));
}

#[test]
fn a_nik_in_two_households_is_listed_twice() {
    let (_dir, store) = new_store();
    let a = household(1, &["siti aminah"]);
    let mut b = household(2, &["budi santoso", "siti aminah"]);
    b.members[1].nik = a.members[0].nik.clone();
    store.write(&[a.clone(), b], &[], &draft("import")).unwrap();
    assert_eq!(store.kks_by_nik(&a.members[0].nik).unwrap(), vec![kk(1), kk(2)]);
    assert!(store.kks_by_nik("317101010180001").unwrap().is_empty()); // 15 digits: no prefix match
    assert_clean(&store);
}

#[test]
fn name_search_is_word_prefix_in_order_deduplicated_and_limited() {
    let (_dir, store) = new_store();
    let hs = vec![
        household(1, &["siti nurhaliza", "nur nurjanah"]),
        household(2, &["siti aminah"]),
        household(3, &["dewi siti"]),
        household(4, &["siti rahma", "siti rahayu"]),
    ];
    store.write(&hs, &[], &draft("import")).unwrap();
    let niks =
        |q: &str, limit| -> Vec<String> { store.search_names(q, limit).unwrap().into_iter().map(|h| h.nik).collect() };
    // "nur" is a prefix of both words of one person: one hit, not two.
    assert_eq!(niks("nur", 10), vec![nik(12), nik(11)]);
    assert_eq!(niks("siti nur", 10), vec![nik(11)]);
    assert_eq!(niks("nur siti", 10), Vec::<String>::new());
    assert_eq!(niks("siti rah", 10), vec![nik(41), nik(42)]);
    assert_eq!(niks("siti", 10).len(), 5);
    assert_eq!(niks("siti", 3).len(), 3);
    assert_eq!(niks("siti", 0).len(), 0);
    // An empty query matches everyone (a typed "d" folds to it).
    assert_eq!(niks("   ", 4).len(), 4);
    assert_eq!(niks("sitix", 10).len(), 0);
}

#[test]
fn households_by_region_rw_rt() {
    let (_dir, store) = new_store();
    let mut hs: Vec<Household> = (1..=5).map(|n| household(n, &["warga"])).collect();
    hs[1].address.rt = 4; // kk 2: rw 2 rt 4
    hs[2].address.rw = 12; // kk 3: rw 12 rt 3
    hs[3].address.kelurahan = "31.71.01.1002".into(); // kk 4
    hs[4].address.kelurahan = "31.72.01.1001".into(); // kk 5
    store.write(&hs, &[], &draft("import")).unwrap();
    assert_eq!(store.households_in("31", None, None).unwrap().len(), 5);
    assert_eq!(store.households_in("31.71", None, None).unwrap().len(), 4);
    assert_eq!(store.households_in(KEL, None, None).unwrap(), vec![kk(1), kk(2), kk(3)]);
    assert_eq!(store.households_in(KEL, Some(2), None).unwrap(), vec![kk(1), kk(2)]);
    assert_eq!(store.households_in(KEL, Some(12), None).unwrap(), vec![kk(3)]);
    assert_eq!(store.households_in(KEL, Some(2), Some(4)).unwrap(), vec![kk(2)]);
    assert_eq!(store.households_in(KEL, None, Some(3)).unwrap(), vec![kk(1), kk(3)]);
    // RT without a full kelurahan code filters instead of narrowing the scan.
    assert_eq!(store.households_in("31.71", Some(2), Some(3)).unwrap(), vec![kk(1), kk(4)]);
    assert!(store.households_in("31.71.01.1003", None, None).unwrap().is_empty());
}

#[test]
fn check_is_clean_after_many_writes_and_finds_planted_damage() {
    let (_dir, store) = new_store();
    for round in 0..4u32 {
        let batch: Vec<Household> = (1..=40)
            .map(|n| {
                let mut h = household(n, &["siti aminah", "budi santoso", "dewi lestari"]);
                h.address.rt = (n + round) as u16 % 7 + 1;
                h.members[1].name = format!("budi {}", ["a", "b", "c", "d"][round as usize]);
                if (n + round) % 3 == 0 {
                    h.members.pop();
                }
                enrol(&mut h.members[0], Programme::Klj, EnrolmentStatus::ALL[(n + round) as usize % 4]);
                h
            })
            .collect();
        store.write(&batch, &[], &draft("import")).unwrap();
    }
    let deletes: Vec<String> = (1..=10).map(kk).collect();
    store.write(&[], &deletes, &draft("delete")).unwrap();
    let report = assert_clean(&store);
    assert_eq!((report.records, report.audit_events), (30, 5));
    assert_eq!(store.household_count().unwrap(), 30);

    // An entry pointing at a household that does not exist.
    store.plant_for_tests(Plant::NikEntry { nik: nik(999), no_kk: kk(77) }).unwrap();
    // An entry for an existing household that does not have that NIK.
    store.plant_for_tests(Plant::NikEntry { nik: nik(998), no_kk: kk(20) }).unwrap();
    // A household missing one of its entries.
    store.plant_for_tests(Plant::RemoveNikEntry { nik: nik(301), no_kk: kk(30) }).unwrap();
    let report = store.check().unwrap();
    assert_eq!(report.problems_total, 3, "{:?}", report.problems);
    let orphans: Vec<&str> = report
        .problems
        .iter()
        .filter_map(|p| match p {
            Problem::OrphanEntry { no_kk, .. } => Some(no_kk.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(orphans, vec![kk(20).as_str(), kk(77).as_str()]);
    assert!(
        report.problems.contains(&Problem::MissingEntry { no_kk: kk(30), entry: format!("N{}{}", nik(301), kk(30)) })
    );
}

#[test]
fn audit_records_who_what_and_field_changes() {
    let (_dir, store) = new_store();
    let mut h = household(1, &["siti aminah", "budi santoso"]);
    let other = household(2, &["dewi lestari"]);
    store.write(&[h.clone(), other.clone()], &[], &draft("import")).unwrap();

    // Saving an equal household changes nothing and logs nothing.
    let r = store.write(std::slice::from_ref(&h), &[], &draft("edit")).unwrap();
    assert_eq!(r, WriteReport { unchanged: 1, ..WriteReport::default() });
    assert_eq!(store.audit_log(1, 10).unwrap().len(), 1);

    h.address.rt = 4;
    h.members[1].name = "budi setiawan".into();
    h.members.push(person(nik(13), "rina", Relationship::Child));
    let edit = AuditDraft { at: at(30), user: "petugas2".into(), action: "verify".into(), origin: String::new() };
    let r = store.write(&[h.clone(), other], &[], &edit).unwrap();
    assert_eq!(r, WriteReport { seq: Some(2), updated: 1, unchanged: 1, ..WriteReport::default() });
    store.write(&[], &[kk(1), kk(9)], &draft("delete")).unwrap();

    let events = store.audit_for(&kk(1)).unwrap();
    assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
    let kinds: Vec<ChangeKind> = events.iter().map(|e| e.targets[0].kind).collect();
    assert_eq!(kinds, vec![ChangeKind::Created, ChangeKind::Updated, ChangeKind::Deleted]);
    assert!(events.iter().all(|e| e.targets.len() == 1 && e.targets[0].no_kk == kk(1)));
    let e = &events[1];
    assert_eq!((e.user.as_str(), e.action.as_str(), e.at), ("petugas2", "verify", at(30)));
    let changes: Vec<String> = e.targets[0].changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        changes,
        vec![
            "address.rt: 3 → 4".to_string(),
            format!("member {} name: budi santoso → budi setiawan", nik(12)),
            format!("member {}: - → rina", nik(13)),
        ]
    );
    // The import event named both households; kk 2 sees only its own part.
    assert_eq!(store.audit_event(1).unwrap().unwrap().targets.len(), 2);
    assert_eq!(store.audit_for(&kk(2)).unwrap().len(), 1);
    assert!(store.audit_for(&kk(9)).unwrap().is_empty());
    assert_eq!(store.audit_log(2, 1).unwrap().iter().map(|e| e.seq).collect::<Vec<_>>(), vec![2]);
}

#[test]
fn diff_lists_fields_members_added_and_removed() {
    let before = household(1, &["siti aminah", "budi santoso"]);
    let mut after = before.clone();
    assert!(diff_household(&before, &after).is_empty());
    after.info.assets.push(Asset::Motorcycle);
    after.info.decile = None;
    after.members.remove(1);
    after.members[0].disability = Some(Disability::Physical);
    after.members.push(person(nik(19), "rina", Relationship::Grandchild));
    let d = diff_household(&before, &after);
    let ch = |field: String, b: &str, a: &str| FieldChange { field, before: b.into(), after: a.into() };
    assert_eq!(
        d,
        vec![
            ch("info.assets".into(), "tv", "tv,sepeda_motor"),
            ch("info.decile".into(), "2", ""),
            ch(format!("member {} disability", nik(11)), "", "fisik"),
            ch(format!("member {}", nik(19)), "", "rina"),
            ch(format!("member {}", nik(12)), "budi santoso", ""),
        ]
    );
}

#[test]
fn a_write_with_an_unstorable_key_writes_nothing() {
    let (_dir, store) = new_store();
    let good = household(1, &["siti aminah"]);
    let mut bad = household(2, &["budi santoso"]);
    bad.members[0].nik = "317101010180002".into(); // 15 digits
    let err = store.write(&[good.clone(), bad], &[], &draft("import")).unwrap_err();
    assert!(matches!(&err, StoreError::Unstorable { field, .. } if field == "nik"), "{err}");
    assert!(err.to_string().contains(&kk(2)), "{err}");

    let mut far = household(3, &["dewi"]);
    far.address.rt = 1000;
    assert!(matches!(store.write(&[far], &[], &draft("x")), Err(StoreError::Unstorable { .. })));
    let err = store.write(std::slice::from_ref(&good), &[kk(1)], &draft("x")).unwrap_err();
    assert!(matches!(err, StoreError::Twice { .. }));

    assert_eq!(store.household(&kk(1)).unwrap(), None);
    assert_eq!(store.household_count().unwrap(), 0);
    assert!(store.audit_log(0, 10).unwrap().is_empty());
}

#[test]
fn newer_schema_is_refused_with_a_clear_message() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("db");
    let store = Store::open(&path, &create()).unwrap();
    store.plant_for_tests(Plant::Schema(SCHEMA_VERSION + 1)).unwrap();
    drop(store);
    let err = Store::open(&path, &OpenOptions::default()).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found, supported, .. } if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION)
    );
    assert_eq!(
        err.to_string(),
        format!(
            "database {} was written by a newer dtks (schema {}, this dtks reads up to {}); use the newer dtks",
            path.display(),
            SCHEMA_VERSION + 1,
            SCHEMA_VERSION
        )
    );
}

#[test]
fn a_second_open_of_a_held_database_is_locked() {
    let (dir, store) = new_store();
    let path = dir.path().join("db");
    let err = Store::open(&path, &OpenOptions::default()).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()) && msg.contains("another dtks"), "{msg}");
    drop(store);
    Store::open(&path, &OpenOptions::default()).unwrap();
}

#[test]
fn opening_what_is_not_a_database() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("none");
    let err = Store::open(&missing, &OpenOptions::default()).unwrap_err();
    assert!(matches!(err, StoreError::Missing { .. }), "{err:?}");
    assert!(!missing.exists(), "a refused open must not create anything");

    let file = dir.path().join("file.csv");
    std::fs::write(&file, "nik,nama\n").unwrap();
    let err = Store::open(&file, &create()).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("file.csv"));

    let other = dir.path().join("docs");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "x").unwrap();
    let err = Store::open(&other, &create()).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert!(!other.join("db").exists());

    // An empty directory is created into when allowed.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(matches!(Store::open(&empty, &OpenOptions::default()), Err(StoreError::Missing { .. })));
    Store::open(&empty, &create()).unwrap();
}

#[test]
fn regions_and_other_records() {
    let (_dir, store) = new_store();
    let regions = vec![
        Region { code: "31.71.01.1001".into(), name: "Gambir".into() },
        Region { code: "31.71".into(), name: "Kota Jakarta Pusat".into() },
    ];
    assert_eq!(store.put_regions(&regions).unwrap(), 2);
    let codes: Vec<String> = store.regions().unwrap().into_iter().map(|r| r.code).collect();
    assert_eq!(codes, vec!["31.71", "31.71.01.1001"]);

    store.put_record(b'U', "usulan-2", &("budi".to_string(), 2u32)).unwrap();
    store.put_record(b'U', "usulan-1", &("siti".to_string(), 1u32)).unwrap();
    store.put_record(b'V', "visit-1", &"x".to_string()).unwrap();
    assert_eq!(store.get_record::<(String, u32)>(b'U', "usulan-1").unwrap(), Some(("siti".into(), 1)));
    let all = store.scan_records::<(String, u32)>(b'U').unwrap();
    assert_eq!(all.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), vec!["usulan-1", "usulan-2"]);
    assert!(store.delete_record(b'U', "usulan-1").unwrap());
    assert!(!store.delete_record(b'U', "usulan-1").unwrap());
    for kind in [b'H', b'N', b'T', b'W', b'P', b'A', b'a', b'R', b'M', b'0'] {
        assert!(matches!(store.put_record(kind, "x", &1u8), Err(StoreError::ReservedKind { .. })));
    }
    // Regions and records are not households and do not upset the check.
    assert_clean(&store);
}

#[test]
fn a_temporary_database_works_and_leaves_nothing() {
    let store = Store::open_temporary().unwrap();
    store.write(&[household(1, &["siti aminah"])], &[], &draft("import")).unwrap();
    assert_eq!(store.kks_by_nik(&nik(11)).unwrap(), vec![kk(1)]);
    let store = store.reopen().unwrap();
    assert_eq!(store.household_count().unwrap(), 1);
    // A second one is independent.
    assert_eq!(Store::open_temporary().unwrap().household_count().unwrap(), 0);
}

fn kks(hs: &[Household]) -> Vec<String> {
    hs.iter().map(|h| h.no_kk.clone()).collect()
}

#[test]
fn households_page_forward_and_back_in_kk_order() {
    let (_dir, store) = new_store();
    let all: Vec<Household> = (1..=25).map(|n| household(n, &["siti"])).collect();
    store.write(&all, &[], &draft("import")).unwrap();
    let want: Vec<String> = (1..=25).map(kk).collect();

    let mut got = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store.households_after(after.as_deref(), 7).unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().map(|h| h.no_kk.clone());
        got.extend(kks(&page));
    }
    assert_eq!(got, want);

    // Back from the end in pages of 7: 19..25, 12..18, 5..11, 1..4.
    let mut back = Vec::new();
    let mut before = "9".repeat(16);
    loop {
        let page = store.households_before(&before, 7).unwrap();
        if page.is_empty() {
            break;
        }
        before = page[0].no_kk.clone();
        back.splice(0..0, kks(&page));
    }
    assert_eq!(back, want);
    assert_eq!(kks(&store.households_before(&kk(5), 7).unwrap()), (1..=4).map(kk).collect::<Vec<_>>());
    // A cursor that is not stored still places the page.
    assert!(store.households_after(Some(&kk(105)), 2).unwrap().is_empty());
    assert_eq!(kks(&store.households_after(Some("3171010000000010"), 2).unwrap()), vec![kk(11), kk(12)]);
    assert_eq!(store.household_count().unwrap(), 25);
}

#[test]
fn street_index_follows_edits_and_skips_stop_words_and_numbers() {
    let (_dir, store) = new_store();
    let mut a = household(1, &["siti"]);
    a.address.street = "Jl. Melati Raya No. 12, RT 003/RW 002".into();
    let mut b = household(2, &["budi"]);
    b.address.street = "Gg. Mawar Merah".into();
    let mut c = household(3, &["dewi"]);
    c.address.street = "JALAN".into();
    store.write(&[a.clone(), b.clone(), c], &[], &draft("import")).unwrap();

    assert_eq!(store.search_streets("mel", 10).unwrap(), vec![kk(1)]);
    assert_eq!(store.search_streets("m", 10).unwrap(), vec![kk(2), kk(1)]); // mawar, then melati
    assert_eq!(store.search_streets("melati ra", 10).unwrap(), vec![kk(1)]);
    assert!(store.search_streets("raya melati", 10).unwrap().is_empty(), "words in order");
    // Stop words in the query are left out; alone they find nothing.
    assert_eq!(store.search_streets(&names::fold_query("jl mawar"), 10).unwrap(), vec![kk(2)]);
    assert!(store.search_streets(&names::fold("jalan"), 10).unwrap().is_empty());
    assert!(store.search_streets("12", 10).unwrap().is_empty(), "house numbers are not indexed");
    assert!(store.search_streets("003", 10).unwrap().is_empty());
    assert_eq!(store.search_streets("m", 1).unwrap(), vec![kk(2)]);
    // Only "melati raya" and "mawar merah" words: household 3 has none.
    assert_eq!(assert_clean(&store).index_entries, 3 * 3 + 2 + 2);

    a.address.street = "Jl. Kenanga".into();
    store.write(&[a], &[kk(2)], &draft("edit")).unwrap();
    assert!(store.search_streets("mel", 10).unwrap().is_empty());
    assert!(store.search_streets("maw", 10).unwrap().is_empty());
    assert_eq!(store.search_streets("kenanga", 10).unwrap(), vec![kk(1)]);
    assert_clean(&store);
}

#[test]
fn a_schema_1_database_gets_its_street_index_at_open() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("db");
    let store = Store::open(&path, &create()).unwrap();
    let hs: Vec<Household> = (1..=999).map(|n| household(n, &["siti"])).collect();
    store.write(&hs, &[], &draft("import")).unwrap();
    store.plant_for_tests(Plant::DropStreetIndex).unwrap();
    store.plant_for_tests(Plant::Schema(1)).unwrap();
    assert!(store.search_streets("melati", 1).unwrap().is_empty());
    assert_eq!(store.check().unwrap().problems_total, 999);
    drop(store);

    let store = Store::open(&path, &OpenOptions::default()).unwrap();
    assert_eq!(store.search_streets("melati", 2000).unwrap().len(), 999);
    assert_clean(&store);
    drop(store);
    // Opened again, nothing is rebuilt or refused.
    let store = Store::open(&path, &OpenOptions::default()).unwrap();
    assert_clean(&store);
}

#[test]
fn nik_and_kk_prefixes() {
    let (_dir, store) = new_store();
    // NIKs 3171010101800011.., 0021.., 0111..; KKs 3171010000000001, 2, 11.
    let hs = vec![household(1, &["a", "b"]), household(2, &["c"]), household(11, &["d"])];
    store.write(&hs, &[], &draft("import")).unwrap();
    assert_eq!(store.niks_with_prefix("317101010180001", 10).unwrap(), vec![(nik(11), kk(1)), (nik(12), kk(1))]);
    assert_eq!(store.niks_with_prefix("31710101018000", 10).unwrap().len(), 3);
    assert_eq!(store.niks_with_prefix("31710101018000", 2).unwrap().len(), 2);
    assert_eq!(store.niks_with_prefix(&nik(111), 10).unwrap(), vec![(nik(111), kk(11))]);
    assert!(store.niks_with_prefix(&format!("{}0", nik(111)), 10).unwrap().is_empty(), "17 digits");
    assert!(store.niks_with_prefix("3171x", 10).unwrap().is_empty());
    assert_eq!(store.kks_with_prefix("317101000000000", 10).unwrap(), vec![kk(1), kk(2)]);
    assert_eq!(store.kks_with_prefix("31710100000000", 10).unwrap(), vec![kk(1), kk(2), kk(11)]);
    assert_eq!(store.kks_with_prefix(&kk(11), 10).unwrap(), vec![kk(11)]);
    assert!(store.kks_with_prefix("9", 10).unwrap().is_empty());
}

#[test]
fn address_walk_pages_both_ways_and_filters_rw_rt() {
    let (_dir, store) = new_store();
    let kel2 = "31.75.03.1005";
    let hs: Vec<Household> = (1..=30)
        .map(|n| {
            let mut h = household(n, &["siti"]);
            h.address.rw = (n % 3) as u16 + 1;
            h.address.rt = (n % 2) as u16 + 1;
            if n > 20 {
                h.address.kelurahan = kel2.into();
            }
            h
        })
        .collect();
    store.write(&hs, &[], &draft("import")).unwrap();
    let all: Vec<String> =
        store.places_walk("31", None, None, None, Dir::Forward).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(all.len(), 30);
    // Address order: kelurahan, RW, RT, No. KK.
    let mut want = hs.clone();
    want.sort_by_key(|h| (h.address.kelurahan.clone(), h.address.rw, h.address.rt, h.no_kk.clone()));
    assert_eq!(all, kks(&want));
    for (i, kk_at) in all.iter().enumerate() {
        let fwd: Vec<String> =
            store.places_walk("31", None, None, Some(kk_at), Dir::Forward).unwrap().map(|r| r.unwrap()).collect();
        assert_eq!(fwd, all[i + 1..]);
        let back: Vec<String> =
            store.places_walk("31", None, None, Some(kk_at), Dir::Back).unwrap().map(|r| r.unwrap()).collect();
        let mut want_back = all[..i].to_vec();
        want_back.reverse();
        assert_eq!(back, want_back);
    }
    let rw2: Vec<String> = store.households_in("31.71", Some(2), None).unwrap();
    assert_eq!(
        rw2,
        kks(&want.iter().filter(|h| h.address.kelurahan == KEL && h.address.rw == 2).cloned().collect::<Vec<_>>())
    );
    // From a household outside the region: before it, all; after it, none.
    let outside = kk(21);
    let in_kel: Vec<String> = store.households_in(KEL, None, None).unwrap();
    assert_eq!(in_kel.len(), 20);
    assert_eq!(store.places_walk(KEL, None, None, Some(&outside), Dir::Forward).unwrap().count(), 0);
    assert_eq!(store.places_walk(KEL, None, None, Some(&outside), Dir::Back).unwrap().count(), 20);
    assert_eq!(store.places_walk(kel2, None, None, Some(&kk(1)), Dir::Forward).unwrap().count(), 10);
    // A cursor that is not stored gives nothing rather than a guess.
    assert_eq!(store.places_walk("31", None, None, Some(&kk(99)), Dir::Forward).unwrap().count(), 0);
}

#[test]
fn enrolled_walk_lists_each_household_once_at_its_first_member() {
    let (_dir, store) = new_store();
    // Household 1: members 11 (PKH aktif) and 13 (PKH ditangguhkan);
    // household 2: member 21 (PKH aktif); household 3: none.
    let mut h1 = household(1, &["a", "b", "c"]);
    enrol(&mut h1.members[0], Programme::Pkh, EnrolmentStatus::Active);
    enrol(&mut h1.members[2], Programme::Pkh, EnrolmentStatus::Suspended);
    let mut h2 = household(2, &["d"]);
    enrol(&mut h2.members[0], Programme::Pkh, EnrolmentStatus::Active);
    let h3 = household(3, &["e"]);
    store.write(&[h1, h2, h3], &[], &draft("import")).unwrap();
    let walk = |pairs: &[(Programme, EnrolmentStatus)], from: Option<&str>, dir| -> Vec<String> {
        store.enrolled_walk(pairs, from, dir).unwrap().map(|r| r.unwrap().no_kk).collect()
    };
    let all: Vec<(Programme, EnrolmentStatus)> = EnrolmentStatus::ALL.iter().map(|&s| (Programme::Pkh, s)).collect();
    assert_eq!(walk(&all, None, Dir::Forward), vec![kk(1), kk(2)]);
    assert_eq!(walk(&all, None, Dir::Back), vec![kk(2), kk(1)]);
    assert_eq!(walk(&all, Some(&kk(1)), Dir::Forward), vec![kk(2)]);
    assert_eq!(walk(&all, Some(&kk(2)), Dir::Back), vec![kk(1)]);
    assert_eq!(walk(&[(Programme::Pkh, EnrolmentStatus::Suspended)], None, Dir::Forward), vec![kk(1)]);
    assert!(walk(&[(Programme::Klj, EnrolmentStatus::Active)], None, Dir::Forward).is_empty());
    // Household 3 has no such member: its place in the list is unknown.
    assert!(walk(&all, Some(&kk(3)), Dir::Forward).is_empty());
}

/// A bulk load holds every write until it finishes, then writes them in key
/// order: the result is the register the same writes make one by one, its
/// indexes and audit chain whole, and a NIK in two households is named.
#[test]
fn a_bulk_load_writes_what_batches_write_and_names_a_nik_in_two_households() {
    let (_d1, bulk) = new_store();
    let (_d2, plain) = new_store();
    let mut twice = household(2, &["rina wati"]);
    twice.members[0].nik = nik(11);
    let batches = [vec![household(1, &["siti aminah", "budi santoso"])], vec![twice, household(3, &["joko"])]];
    assert!(bulk.begin_bulk().unwrap());
    for b in &batches {
        bulk.write(b, &[], &draft("import")).unwrap();
        plain.write(b, &[], &draft("import")).unwrap();
    }
    // Held until the end: the register reads as before.
    assert_eq!(bulk.household(&kk(1)).unwrap(), None);
    assert!(bulk.search_names("siti", 10).unwrap().is_empty());
    assert_eq!(bulk.next_audit_seq().unwrap(), 3, "the audit sequence is read from the load");
    let report = bulk.finish_bulk(&mut |_, _| {}).unwrap();
    assert_eq!(report.duplicate_niks, vec![(nik(11), vec![kk(1), kk(2)])]);
    assert_clean(&bulk);
    assert!(bulk.verify_chain(None).unwrap().faults.is_empty());
    for n in 1..=3 {
        assert_eq!(bulk.household(&kk(n)).unwrap(), plain.household(&kk(n)).unwrap());
    }
    assert_eq!(bulk.household_count().unwrap(), 3);
    assert_eq!(bulk.search_names("siti", 10).unwrap(), plain.search_names("siti", 10).unwrap());
    assert_eq!(bulk.kks_by_nik(&nik(11)).unwrap(), vec![kk(1), kk(2)]);
    assert_eq!(bulk.next_audit_seq().unwrap(), plain.next_audit_seq().unwrap());
}

/// A register that has households takes no bulk load; an abandoned one
/// leaves the register as it was.
#[test]
fn a_bulk_load_is_only_for_an_empty_register_and_an_abandoned_one_writes_nothing() {
    let (dir, store) = new_store();
    assert!(store.begin_bulk().unwrap());
    store.write(&[household(1, &["siti aminah"])], &[], &draft("import")).unwrap();
    assert!(dir.path().join("db/bulk-load").is_dir());
    store.abandon_bulk();
    assert!(!dir.path().join("db/bulk-load").exists());
    assert_eq!(store.household_count().unwrap(), 0);
    assert_eq!(store.next_audit_seq().unwrap(), 1);
    assert_clean(&store);
    store.write(&[household(1, &["siti aminah"])], &[], &draft("import")).unwrap();
    assert!(!store.begin_bulk().unwrap());
}
