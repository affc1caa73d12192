//! One synthetic household: its members with names, births and NIKs, their
//! status history, programme enrolments and housing conditions.

use super::*;

/// A birth date giving exactly `age` whole years on `as_of`.
pub(super) fn birth_for_age(rng: &mut Rng, as_of: NaiveDate, age: u32) -> NaiveDate {
    let hi = as_of.checked_sub_months(Months::new(12 * age)).unwrap_or(as_of);
    let lo = as_of.checked_sub_months(Months::new(12 * (age + 1))).unwrap_or(as_of) + Days::new(1);
    let span = (hi - lo).num_days().max(0) as u64;
    lo + Days::new(rng.below(span + 1))
}

pub(super) struct Draft {
    name: String,
    birth: NaiveDate,
    sex: Sex,
    relationship: Relationship,
    marital: MaritalStatus,
    mother: String,
}

pub(super) fn adult_occupation(rng: &mut Rng, sex: Sex, age: u32) -> Occupation {
    use Occupation::*;
    if age >= 65 {
        return rng.weighted(&[(None, 80), (Trader, 10), (RetiredOfficial, 5), (Labourer, 5)]);
    }
    if sex == Sex::Female && rng.permille(450) {
        return Homemaker;
    }
    rng.weighted(&[
        (Labourer, 250),
        (Trader, 180),
        (SelfEmployed, 110),
        (Driver, 110),
        (PrivateEmployee, 100),
        (None, 90),
        (Other, 50),
        (CivilServant, 15),
        (Military, 5),
        (Police, 5),
        (RetiredOfficial, 10),
        (CertifiedTeacher, 10),
        (HealthWorker, 10),
        (VillageOfficial, 5),
        (CompanyOfficer, 10),
    ])
}

pub(super) fn build_household(g: &mut Generator, rng: &mut Rng, no_kk: String, kelurahan: String) -> Household {
    let as_of = g.spec.as_of;
    let ordinal = g.ordinal;
    let kec = kelurahan[..8].to_string();
    let covid_widow = ordinal % 150 == 75;

    // Composition.
    let mut size = rng.weighted(&[(1u32, 6), (2, 12), (3, 20), (4, 24), (5, 20), (6, 12), (7, 6)]);
    if covid_widow {
        size = size.max(3);
    }
    let head_sex = if covid_widow || rng.permille(180) { Sex::Female } else { Sex::Male };
    let head_age = if size == 1 && rng.permille(500) { rng.range(60, 88) } else { rng.range(24, 80) };
    let head_age = if covid_widow { head_age.min(rng.range(28, 45)) } else { head_age };
    let head_birth = birth_for_age(rng, as_of, head_age);
    let mut drafts = Vec::new();
    let has_spouse = !covid_widow && head_sex == Sex::Male && size >= 2 && rng.permille(880);
    let head_marital = if has_spouse {
        MaritalStatus::Married
    } else if covid_widow || head_age >= 55 || head_sex == Sex::Female {
        rng.weighted(&[(MaritalStatus::Widowed, 7), (MaritalStatus::Divorced, 3)])
    } else {
        rng.weighted(&[(MaritalStatus::Single, 6), (MaritalStatus::Divorced, 3), (MaritalStatus::Widowed, 1)])
    };
    let head_mother = given_name(rng, Sex::Female, head_birth - Days::new(9000));
    drafts.push(Draft {
        name: given_name(rng, head_sex, head_birth),
        birth: head_birth,
        sex: head_sex,
        relationship: Relationship::Head,
        marital: head_marital,
        mother: head_mother,
    });
    let mut mother_of_children = if head_sex == Sex::Female { Some((drafts[0].name.clone(), head_age)) } else { None };
    if has_spouse {
        let age = (head_age as i64 + rng.range(0, 11) as i64 - 8).max(18) as u32;
        let birth = birth_for_age(rng, as_of, age);
        let name = given_name(rng, Sex::Female, birth);
        mother_of_children = Some((name.clone(), age));
        drafts.push(Draft {
            name,
            birth,
            sex: Sex::Female,
            relationship: Relationship::Spouse,
            marital: MaritalStatus::Married,
            mother: given_name(rng, Sex::Female, birth - Days::new(9000)),
        });
    }
    if size as usize > drafts.len() && size >= 3 && head_age <= 60 && rng.permille(150) {
        let age = (head_age + rng.range(22, 32)).min(95);
        let birth = birth_for_age(rng, as_of, age);
        let in_law = has_spouse && rng.permille(500);
        let sex = if rng.permille(650) { Sex::Female } else { Sex::Male };
        drafts.push(Draft {
            name: given_name(rng, sex, birth),
            birth,
            sex,
            relationship: if in_law { Relationship::ParentInLaw } else { Relationship::Parent },
            marital: MaritalStatus::Widowed,
            mother: given_name(rng, Sex::Female, birth - Days::new(9000)),
        });
    }
    let (mother_name, mother_age) = mother_of_children.unwrap_or_else(|| ("".into(), head_age));
    let max_child = mother_age.saturating_sub(17).min(32);
    let mut child_ages: Vec<u32> = (drafts.len()..size as usize)
        .map(|i| {
            if i == drafts.len() && max_child >= 3 && rng.permille(550) {
                rng.range(0, 6.min(max_child))
            } else {
                rng.range(0, max_child)
            }
        })
        .collect();
    if covid_widow && !child_ages.iter().any(|a| *a < 18) {
        child_ages[0] = rng.range(0, 17.min(max_child));
    }
    child_ages.sort_unstable_by(|a, b| b.cmp(a));
    for age in child_ages {
        let birth = birth_for_age(rng, as_of, age);
        let sex = if rng.permille(500) { Sex::Male } else { Sex::Female };
        let grandchild = head_age >= 62 && rng.permille(300);
        drafts.push(Draft {
            name: given_name(rng, sex, birth),
            birth,
            sex,
            relationship: if grandchild { Relationship::Grandchild } else { Relationship::Child },
            marital: MaritalStatus::Single,
            mother: if grandchild || mother_name.is_empty() {
                given_name(rng, Sex::Female, birth - Days::new(9000))
            } else {
                mother_name.clone()
            },
        });
    }

    // Household status history.
    let periods: Vec<(&str, NaiveDate)> = PERIODS
        .iter()
        .filter_map(|(p, (y, m, d))| NaiveDate::from_ymd_opt(*y, *m, *d).map(|date| (*p, date)))
        .filter(|(_, d)| *d <= as_of)
        .collect();
    let roll = rng.below(100);
    let mut history = Vec::new();
    let mut active_since = None;
    if periods.is_empty() || roll >= 90 {
        let since = as_of - Days::new(rng.below(120));
        history.push(StatusEntry {
            status: DtksStatus::Proposed,
            since,
            period: None,
            source: rng.weighted(&[(Source::SelfProposal, 5), (Source::Regional, 5)]),
            note: String::new(),
        });
    } else {
        let (period, date) = *rng.pick(&periods);
        if rng.permille(300) {
            history.push(StatusEntry {
                status: DtksStatus::Proposed,
                since: date - Days::new(rng.range(30, 90) as u64),
                period: None,
                source: rng.weighted(&[(Source::SelfProposal, 3), (Source::Regional, 7)]),
                note: "usulan muskel".into(),
            });
        }
        history.push(StatusEntry {
            status: DtksStatus::Active,
            since: date,
            period: Some(period.to_string()),
            source: Source::Ministry,
            note: String::new(),
        });
        active_since = Some((period, date));
        if roll >= 80 {
            let span = (as_of - date).num_days().max(1) as u64;
            let note = *rng.pick(&["pindah domisili", "meninggal dunia", "dianggap mampu", "tidak padan Dukcapil"]);
            history.push(StatusEntry {
                status: DtksStatus::Inactive,
                since: date + Days::new(1 + rng.below(span)),
                period: None,
                source: Source::Regional,
                note: note.into(),
            });
        }
    }
    let hh_status = history.last().map_or(DtksStatus::Proposed, |e| e.status);
    let hh_since = history.last().map_or(as_of, |e| e.since);

    // People.
    let born_elsewhere_household = rng.permille(50);
    let mut members = Vec::new();
    for (i, d) in drafts.into_iter().enumerate() {
        let age = age_on(d.birth, as_of);
        let outside = (born_elsewhere_household && i < 2).then(|| *rng.pick(OUTSIDE));
        let birthplace = match outside {
            Some((_, town)) => town.to_string(),
            None if age >= 18 && rng.permille(350) => rng.pick(BIRTHPLACES_MIGRANT).to_string(),
            None => rng.pick(BIRTHPLACES_DKI).to_string(),
        };
        let nik_kec = outside.map_or(kec.clone(), |(code, _)| code.to_string());
        // A deliberate disagreement between NIK and record, about 1 %.
        let (nik_birth, nik_sex) = if rng.permille(10) {
            if rng.permille(500) {
                (d.birth + Days::new(rng.range(1, 27) as u64), d.sex)
            } else {
                (d.birth, if d.sex == Sex::Male { Sex::Female } else { Sex::Male })
            }
        } else {
            (d.birth, d.sex)
        };
        let nik = g.nik(rng, &nik_kec, nik_birth, nik_sex);
        let occupation = match age {
            0..=4 => Occupation::None,
            5..=17 => Occupation::Student,
            18..=22 if rng.permille(500) => Occupation::Student,
            _ => adult_occupation(rng, d.sex, age),
        };
        let disability = rng.permille(30).then(|| *rng.pick(Disability::ALL));
        let parent_died_covid = covid_widow && d.relationship == Relationship::Child && age < 18;
        let mut p = Person {
            nik,
            name: d.name,
            birthplace,
            birth_date: d.birth,
            sex: d.sex,
            mother_name: d.mother,
            relationship: d.relationship,
            marital: d.marital,
            occupation,
            disability,
            parent_died_covid,
            not_eligible: Vec::new(),
            history: Vec::new(),
            enrolments: Vec::new(),
            pregnancy: None,
        };
        if hh_status == DtksStatus::Inactive {
            let note = history.last().map_or("", |e| e.note.as_str());
            if note == "meninggal dunia" && i == 0 {
                p.not_eligible.push(NotEligibleReason::Deceased);
            } else if note == "dianggap mampu" && i == 0 {
                p.not_eligible.push(NotEligibleReason::WellOff);
            }
        }
        person_history(rng, &mut p, &history, as_of);
        if hh_status == DtksStatus::Active && p.status() == DtksStatus::Active {
            let since = active_since.map_or(hh_since, |(_, d)| d);
            enrol(rng, &mut p, since, as_of, outside.is_some());
        }
        members.push(p);
    }
    if let Some((_, since)) = active_since.filter(|_| hh_status == DtksStatus::Active) {
        household_programmes(rng, &mut members, since, as_of);
    }

    // Deliberate duplicates, one household in 500 each.
    if let Some(prev) = g.previous.as_ref().filter(|p| p.no_kk != no_kk) {
        if ordinal % 500 == 250 {
            let src = prev.members.iter().find(|p| p.relationship != Relationship::Head).or(prev.members.first());
            if let Some(src) = src {
                let mut dup = src.clone();
                dup.relationship = Relationship::Relative;
                members.push(dup);
            }
        } else if ordinal % 500 == 400 {
            let src = prev.members.iter().find(|p| p.relationship != Relationship::Head).or(prev.members.first());
            if let Some(src) = src {
                let mut dup = src.clone();
                dup.relationship = Relationship::Relative;
                dup.enrolments.clear();
                dup.nik = g.nik(rng, &kec, src.birth_date, src.sex);
                members.push(dup);
            }
        }
    }

    let street = format!(
        "{} {}{}{}",
        rng.weighted(&[("Jl.", 6), ("Gg.", 3), ("Jl. H.", 1)]),
        rng.pick(STREETS),
        rng.pick(ROMAN),
        if rng.permille(700) { format!(" No. {}", rng.range(1, 120)) } else { String::new() }
    );
    let info = household_info(rng);
    Household {
        no_kk,
        address: Address { kelurahan, rw: rng.range(1, 15) as u16, rt: rng.range(1, 12) as u16, street },
        info,
        members,
        history,
    }
}

pub(super) fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0) as u32
}

/// A member's own history follows the household's; a child born after the
/// household's last change is still only proposed.
pub(super) fn person_history(rng: &mut Rng, p: &mut Person, hh: &[StatusEntry], as_of: NaiveDate) {
    for e in hh {
        if e.since >= p.birth_date {
            p.history.push(e.clone());
        }
    }
    if p.history.is_empty() {
        let since = (p.birth_date + Days::new(rng.range(14, 60) as u64)).min(as_of);
        p.history.push(StatusEntry {
            status: DtksStatus::Proposed,
            since,
            period: None,
            source: Source::Regional,
            note: "kelahiran".into(),
        });
    }
}

/// PKD cards (one per person) and JKN-PBI for an active person.
pub(super) fn enrol(rng: &mut Rng, p: &mut Person, active: NaiveDate, as_of: NaiveDate, ktp_outside: bool) {
    let age = age_on(p.birth_date, as_of);
    let start = |from: NaiveDate| from.max(active).max(p.birth_date).min(as_of);
    if rng.permille(870) {
        p.enrolments.push(Enrolment {
            programme: Programme::JknPbi,
            status: EnrolmentStatus::Active,
            since: start(active),
            until: None,
            source: None,
        });
    }
    if ktp_outside {
        return;
    }
    let birthday = |years: u32| p.birth_date.checked_add_months(Months::new(12 * years)).unwrap_or(p.birth_date);
    let card = if p.parent_died_covid && age < 18 {
        Some((Programme::Kparj, start(active)))
    } else if p.disability.is_some() {
        Some((Programme::Kpdj, start(active)))
    } else if age >= 60 {
        Some((Programme::Klj, start(birthday(60))))
    } else if age <= 6 {
        Some((Programme::Kaj, start(p.birth_date)))
    } else {
        None
    };
    if let Some((programme, since)) = card {
        let (status, until) = match rng.below(100) {
            0..=84 => (EnrolmentStatus::Active, None),
            85..=89 => (EnrolmentStatus::Proposed, None),
            90..=94 => (EnrolmentStatus::Suspended, None),
            _ => {
                let span = (as_of - since).num_days().max(1) as u64;
                (EnrolmentStatus::Stopped, Some(since + Days::new(rng.below(span))))
            }
        };
        p.enrolments.push(Enrolment { programme, status, since, until, source: None });
    } else if (7..=8).contains(&age) && rng.permille(600) && birthday(7) > active {
        // Aged out of KAJ on the 7th birthday.
        p.enrolments.push(Enrolment {
            programme: Programme::Kaj,
            status: EnrolmentStatus::Stopped,
            since: start(p.birth_date),
            until: Some(birthday(7)),
            source: None,
        });
    }
}

/// PKH and BPNT go to the head of an active household.
pub(super) fn household_programmes(rng: &mut Rng, members: &mut [Person], since: NaiveDate, as_of: NaiveDate) {
    let has_dependants = members.iter().any(|p| {
        let a = age_on(p.birth_date, as_of);
        a <= 6 || a >= 60 || p.disability.is_some()
    });
    let Some(head) = members.iter_mut().find(|p| p.relationship == Relationship::Head) else {
        return;
    };
    if head.status() != DtksStatus::Active {
        return;
    }
    if has_dependants && rng.permille(400) {
        head.enrolments.push(Enrolment {
            programme: Programme::Pkh,
            status: EnrolmentStatus::Active,
            since,
            until: None,
            source: None,
        });
    }
    if rng.permille(500) {
        let status = if rng.permille(100) { EnrolmentStatus::Suspended } else { EnrolmentStatus::Active };
        head.enrolments.push(Enrolment { programme: Programme::Bpnt, status, since, until: None, source: None });
    }
}

pub(super) fn household_info(rng: &mut Rng) -> HouseholdInfo {
    let mut assets = Vec::new();
    for (a, pm) in [
        (Asset::Motorcycle, 550),
        (Asset::Car, 30),
        (Asset::Refrigerator, 450),
        (Asset::AirConditioner, 80),
        (Asset::Television, 800),
        (Asset::Gold, 50),
        (Asset::Computer, 80),
        (Asset::Smartphone, 850),
        (Asset::Land, 20),
    ] {
        if rng.permille(pm) {
            assets.push(a);
        }
    }
    HouseholdInfo {
        floor: rng.weighted(&[
            (Floor::Ceramic, 35),
            (Floor::Cement, 30),
            (Floor::Tile, 15),
            (Floor::Wood, 10),
            (Floor::Earth, 3),
            (Floor::Bamboo, 2),
            (Floor::Other, 5),
        ]),
        wall: rng.weighted(&[
            (Wall::Masonry, 75),
            (Wall::Wood, 10),
            (Wall::Zinc, 5),
            (Wall::PlasteredBamboo, 5),
            (Wall::WovenBamboo, 3),
            (Wall::Other, 2),
        ]),
        roof: rng.weighted(&[(Roof::ClayTile, 40), (Roof::Zinc, 30), (Roof::Asbestos, 25), (Roof::Concrete, 5)]),
        lighting: rng.weighted(&[(Lighting::PlnMetered, 75), (Lighting::PlnShared, 22), (Lighting::NonPln, 3)]),
        water: rng.weighted(&[
            (DrinkingWater::Bottled, 60),
            (DrinkingWater::Piped, 20),
            (DrinkingWater::Borehole, 15),
            (DrinkingWater::ProtectedWell, 5),
        ]),
        sanitation: rng.weighted(&[
            (Sanitation::Own, 60),
            (Sanitation::Shared, 25),
            (Sanitation::Public, 13),
            (Sanitation::None, 2),
        ]),
        cooking_fuel: rng.weighted(&[
            (CookingFuel::Lpg, 92),
            (CookingFuel::Kerosene, 3),
            (CookingFuel::Electricity, 2),
            (CookingFuel::NoCooking, 3),
        ]),
        assets,
        decile: rng.weighted(&[
            (Some(1u8), 35),
            (Some(2), 30),
            (Some(3), 18),
            (Some(4), 10),
            (Some(5), 2),
            (Some(6), 1),
            (Some(7), 1),
            (Some(8), 1),
            (None, 2),
        ]),
    }
}
