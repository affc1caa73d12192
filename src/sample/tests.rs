use super::*;

fn spec(n: usize, seed: u64) -> SampleSpec {
    SampleSpec { households: n, seed, kelurahan: None, as_of: NaiveDate::from_ymd_opt(2024, 12, 13).unwrap() }
}

/// Independent decoder: (kecamatan, birth date, sex, serial).
fn decode(nik: &str) -> Option<(String, NaiveDate, Sex)> {
    if nik.len() != 16 || !nik.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| nik[r].parse::<u32>().ok();
    let kec = format!("{}.{}.{}", &nik[..2], &nik[2..4], &nik[4..6]);
    let (mut day, month, yy) = (n(6..8)?, n(8..10)?, n(10..12)? as i32);
    let sex = if day > 40 {
        day -= 40;
        Sex::Female
    } else {
        Sex::Male
    };
    let year = if yy > 24 { 1900 + yy } else { 2000 + yy };
    Some((kec, NaiveDate::from_ymd_opt(year, month, day)?, sex))
}

#[test]
fn rng_is_fixed() {
    // splitmix64 reference values must not drift between builds.
    let mut r = Rng(0);
    assert_eq!(r.next(), 0xE220_A839_7B1D_CDAF);
    assert_eq!(r.next(), 0x6E78_9E6A_A1B9_65F4);
    let mut r = Rng::new(1, 2);
    assert!((0..1000).all(|_| r.range(3, 5) >= 3 && r.range(3, 5) <= 5));
}

#[test]
fn encoders() {
    let d = NaiveDate::from_ymd_opt(1990, 1, 5).unwrap();
    assert_eq!(encode_nik("31.71.01", d, Sex::Female, 1), "3171014501900001");
    assert_eq!(encode_nik("31.71.01", d, Sex::Male, 12), "3171010501900012");
    assert_eq!(encode_kk("31.71.01", d, 7), "3171010501900007");
    assert_eq!(decode("3171014501900001"), Some(("31.71.01".into(), d, Sex::Female)));
}

#[test]
fn birth_for_age_is_exact_at_the_edges() {
    let as_of = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    let mut r = Rng::new(9, 9);
    for age in [0, 6, 7, 59, 60, 90] {
        for _ in 0..200 {
            assert_eq!(age_on(birth_for_age(&mut r, as_of, age), as_of), age);
        }
    }
}

#[test]
fn deterministic_per_seed() {
    let a: Vec<Household> = generate(spec(300, 7)).collect();
    let b: Vec<Household> = generate(spec(300, 7)).collect();
    let c: Vec<Household> = generate(spec(300, 8)).collect();
    assert_eq!(a.len(), 300);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn sorted_by_kk_over_the_given_kelurahan() {
    let mut s = spec(500, 3);
    s.kelurahan = Some(vec!["31.74.04.1001".into(), "31.71.01.1001".into(), "31.71.01.1002".into(), "bad".into()]);
    let hs: Vec<Household> = generate(s).collect();
    assert_eq!(hs.len(), 500);
    assert!(hs.windows(2).all(|w| w[0].no_kk < w[1].no_kk));
    let on = |k: &str| hs.iter().filter(|h| h.address.kelurahan == k).count();
    // 500 over three kelurahan: 167, 167, 166.
    assert_eq!(on("31.71.01.1001") + on("31.71.01.1002") + on("31.74.04.1001"), 500);
    assert!((166..=167).contains(&on("31.74.04.1001")));
    for h in &hs {
        assert!(h.no_kk.starts_with(&digits6(h.address.kecamatan())));
        assert!((1..=15).contains(&h.address.rw) && (1..=12).contains(&h.address.rt));
    }
}

#[test]
fn population_covers_every_programme_and_defect() {
    let s = spec(1500, 42);
    let as_of = s.as_of;
    let hs: Vec<Household> = generate(s).collect();
    let persons: Vec<(&Household, &Person)> = hs.iter().flat_map(|h| h.members.iter().map(move |p| (h, p))).collect();
    let n = persons.len();
    assert!((5400..6600).contains(&n), "{n} persons");
    let elders = persons.iter().filter(|(_, p)| age_on(p.birth_date, as_of) >= 60).count();
    let kids = persons.iter().filter(|(_, p)| age_on(p.birth_date, as_of) <= 6).count();
    let disabled = persons.iter().filter(|(_, p)| p.disability.is_some()).count();
    let orphans = persons.iter().filter(|(_, p)| p.parent_died_covid && age_on(p.birth_date, as_of) < 18).count();
    assert!(elders > 300 && kids > 300, "elders {elders}, kids {kids}");
    assert!(disabled * 1000 / n >= 15 && disabled * 1000 / n <= 45, "disabled {disabled}");
    assert!(orphans >= 5, "orphans {orphans}");
    for p in Programme::ALL {
        let active = persons
            .iter()
            .filter(|(_, x)| x.enrolment(*p).is_some_and(|e| e.status == EnrolmentStatus::Active))
            .count();
        assert!(active > 0, "no active {p}");
    }
    let excluded = persons.iter().filter(|(_, p)| p.occupation.is_state_apparatus()).count();
    assert!(excluded > 0);

    for h in &hs {
        assert_eq!(h.members.iter().filter(|p| p.relationship == Relationship::Head).count(), 1, "{}", h.no_kk);
    }

    // NIKs agree with the records except the deliberate ~1 %.
    let mut mismatched = 0;
    for (h, p) in &persons {
        let (kec, birth, sex) = decode(&p.nik).expect("NIK decodes");
        if birth != p.birth_date || sex != p.sex {
            mismatched += 1;
        }
        let local = kec == h.address.kecamatan();
        let outside = OUTSIDE.iter().any(|(c, town)| *c == kec && p.birthplace == *town);
        let dup = p.relationship == Relationship::Relative;
        assert!(local || outside || dup, "{} in {}", p.nik, h.address.kelurahan);
    }
    assert!((20..=120).contains(&mismatched), "{mismatched} mismatches of {n}");

    // Duplicates: the same NIK in two KKs, and same name/birth/mother with another NIK.
    let mut by_nik = std::collections::HashMap::new();
    let mut by_identity = std::collections::HashMap::new();
    for (h, p) in &persons {
        by_nik.entry(p.nik.clone()).or_insert_with(Vec::new).push(h.no_kk.clone());
        by_identity
            .entry((p.name.clone(), p.birth_date, p.mother_name.clone()))
            .or_insert_with(Vec::new)
            .push((h.no_kk.clone(), p.nik.clone()));
    }
    let nik_dups = by_nik.values().filter(|v| v.len() > 1 && v[0] != v[1]).count();
    let probable = by_identity.values().filter(|v| v.len() > 1 && v[0].0 != v[1].0 && v[0].1 != v[1].1).count();
    assert_eq!(nik_dups, 3, "one per 500 households");
    assert!(probable >= 3, "{probable}");
}

#[test]
fn write_sample_writes_the_register_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spec(20, 1);
    s.kelurahan = Some(vec!["31.71.01.1001".into()]);
    let sum = write_sample(&s, dir.path()).unwrap();
    assert_eq!(sum.households, 20);
    let persons: usize = generate(s.clone()).map(|h| h.members.len()).sum();
    assert_eq!(sum.persons, persons as u64);
    for f in &sum.files {
        assert!(f.exists(), "{}", f.display());
    }
    assert!(!dir.path().join("wilayah.csv").exists());
    let text = std::fs::read_to_string(dir.path().join("households.csv")).unwrap();
    assert_eq!(text.lines().count(), 21);
    s.kelurahan = Some(vec!["31.71.01".into()]);
    assert!(matches!(write_sample(&s, dir.path()), Err(SampleError::BadKelurahan(_))));
    // Well formed but unknown: refused, nothing written.
    let empty = tempfile::tempdir().unwrap();
    s.kelurahan = Some(vec!["31.75.03.1001".into(), "99.99.99.9999".into()]);
    match write_sample(&s, empty.path()) {
        Err(SampleError::UnknownKelurahan(code)) => assert_eq!(code, "99.99.99.9999"),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
}
