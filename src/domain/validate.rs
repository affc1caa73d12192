//! Household invariants checked on every write.
//!
//! [`validate_household`] returns every problem at once, so an import
//! report or a form can show them all. Disagreements that are common and
//! legitimate (a NIK issued in another kecamatan, a birth date that differs
//! from the NIK) are warnings from [`super::nik::check_person`], not errors.

use chrono::NaiveDate;

use super::codes::Relationship;
use super::model::{Household, Person};
use super::nik::{NumberError, decode_kk, decode_nik};
use super::wilayah::Wilayah;

/// Highest RW/RT number accepted.
pub const MAX_RW_RT: u16 = 999;

/// A broken household invariant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HouseholdError {
    NoHead {
        kk: String,
    },
    SeveralHeads {
        kk: String,
        count: usize,
        niks: String,
    },
    NikTwiceInHousehold {
        kk: String,
        nik: String,
    },
    Number(NumberError),
    MemberNik {
        who: MemberRef,
        error: NumberError,
    },
    UnknownKelurahan {
        kk: String,
        code: String,
    },
    /// `field` is "RW" or "RT".
    RwRt {
        kk: String,
        field: &'static str,
        value: u16,
    },
    EmptyName {
        who: MemberRef,
    },
    BirthAfterToday {
        who: MemberRef,
        birth: NaiveDate,
    },
}

impl From<NumberError> for HouseholdError {
    fn from(e: NumberError) -> Self {
        HouseholdError::Number(e)
    }
}

/// A member as messages name them: the name, or the position (`index`
/// from 0) when the name is empty, with the NIK when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRef {
    pub index: usize,
    pub name: String,
    pub nik: String,
}

fn who(p: &Person, index: usize) -> MemberRef {
    MemberRef { index, name: p.name.trim().to_string(), nik: p.nik.clone() }
}

/// Every invariant a household must satisfy before it is written, checked
/// against the built-in region list.
pub fn validate_household(h: &Household, today: NaiveDate) -> Vec<HouseholdError> {
    validate_household_in(h, Wilayah::builtin(), today)
}

/// Like [`validate_household`], against a given region list (one holding
/// imported kelurahan).
pub fn validate_household_in(h: &Household, wilayah: &Wilayah, today: NaiveDate) -> Vec<HouseholdError> {
    let mut errors = Vec::new();
    let kk = h.no_kk.clone();

    if let Err(e) = decode_kk(&h.no_kk, today) {
        errors.push(HouseholdError::Number(e));
    }
    if !wilayah.is_kelurahan(&h.address.kelurahan) {
        errors.push(HouseholdError::UnknownKelurahan { kk: kk.clone(), code: h.address.kelurahan.clone() });
    }
    for (field, value) in [("RW", h.address.rw), ("RT", h.address.rt)] {
        if !(1..=MAX_RW_RT).contains(&value) {
            errors.push(HouseholdError::RwRt { kk: kk.clone(), field, value });
        }
    }

    let heads: Vec<&Person> = h.members.iter().filter(|p| p.relationship == Relationship::Head).collect();
    match heads.len() {
        0 => errors.push(HouseholdError::NoHead { kk: kk.clone() }),
        1 => {}
        n => errors.push(HouseholdError::SeveralHeads {
            kk: kk.clone(),
            count: n,
            niks: heads.iter().map(|p| p.nik.as_str()).collect::<Vec<_>>().join(", "),
        }),
    }

    for (i, p) in h.members.iter().enumerate() {
        if let Err(error) = decode_nik(&p.nik, Some(p.birth_date), today) {
            errors.push(HouseholdError::MemberNik { who: who(p, i), error });
        }
        if p.birth_date > today {
            errors.push(HouseholdError::BirthAfterToday { who: who(p, i), birth: p.birth_date });
        }
        if p.name.trim().is_empty() {
            errors.push(HouseholdError::EmptyName { who: who(p, i) });
        }
        let first = h.members.iter().position(|q| q.nik == p.nik);
        let later = h.members[i + 1..].iter().any(|q| q.nik == p.nik);
        // Report each repeated NIK once, at its first occurrence.
        if first == Some(i) && later {
            errors.push(HouseholdError::NikTwiceInHousehold { kk: kk.clone(), nik: p.nik.clone() });
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::*;
    use crate::domain::model::*;
    use crate::domain::wilayah::Region;
    use crate::i18n::Lang;
    use crate::testkit::{date, household, person};

    fn today() -> NaiveDate {
        date(2025, 6, 15)
    }

    fn good() -> Household {
        household(
            "3171061203180007",
            "31.71.06.1003",
            vec![
                person("3171061708800001", "Budi Santoso", Relationship::Head, Sex::Male, date(1980, 8, 17)),
                person("3171065712850002", "Siti Aminah", Relationship::Spouse, Sex::Female, date(1985, 12, 17)),
                person("3171060101100003", "Andi", Relationship::Child, Sex::Male, date(2010, 1, 1)),
            ],
        )
    }

    #[test]
    fn a_good_household_passes() {
        assert_eq!(validate_household(&good(), today()), vec![]);
    }

    #[test]
    fn heads_exactly_one() {
        let mut h = good();
        h.members[0].relationship = Relationship::Relative;
        assert_eq!(validate_household(&h, today()), vec![HouseholdError::NoHead { kk: h.no_kk.clone() }]);
        let mut h = good();
        h.members[1].relationship = Relationship::Head;
        assert_eq!(
            validate_household(&h, today()),
            vec![HouseholdError::SeveralHeads {
                kk: h.no_kk.clone(),
                count: 2,
                niks: "3171061708800001, 3171065712850002".into()
            }]
        );
        let mut h = good();
        h.members.clear();
        assert_eq!(validate_household(&h, today()), vec![HouseholdError::NoHead { kk: h.no_kk.clone() }]);
    }

    #[test]
    fn every_problem_is_reported() {
        let mut h = good();
        h.no_kk = "3171063212180007".into();
        h.address.kelurahan = "31.71.06.1099".into();
        h.address.rw = 0;
        h.address.rt = 1000;
        h.members[1].nik = "3171067212850002".into();
        h.members[2].name = "  ".into();
        h.members[2].nik = h.members[0].nik.clone();
        let errors = validate_household(&h, today());
        let kinds: Vec<String> =
            errors.iter().map(|e| format!("{e:?}").split([' ', '(']).next().unwrap_or("").to_string()).collect();
        assert_eq!(
            kinds,
            ["Number", "UnknownKelurahan", "RwRt", "RwRt", "NikTwiceInHousehold", "MemberNik", "EmptyName"]
        );
        assert_eq!(errors[2], HouseholdError::RwRt { kk: h.no_kk.clone(), field: "RW", value: 0 });
        assert_eq!(errors[3], HouseholdError::RwRt { kk: h.no_kk.clone(), field: "RT", value: 1000 });
        // The child's copy of the head's NIK decodes; its birth-date
        // mismatch is a warning, the repetition an error.
        assert_eq!(
            errors[4],
            HouseholdError::NikTwiceInHousehold { kk: h.no_kk.clone(), nik: "3171061708800001".into() }
        );
        let who = MemberRef { index: 2, name: String::new(), nik: "3171061708800001".into() };
        assert_eq!(errors[6], HouseholdError::EmptyName { who });
        assert_eq!(errors[6].message(Lang::Id), "Nama anggota 3 (NIK 3171061708800001) kosong; isi nama sesuai KTP/KK");
        assert_eq!(
            errors[6].message(Lang::En),
            "name of member 3 (NIK 3171061708800001) is empty; enter the name as on the KTP/KK"
        );
    }

    #[test]
    fn rw_rt_bounds() {
        for (rw, rt, n) in [(1, 1, 0), (999, 999, 0), (0, 1, 1), (1, 0, 1), (1000, 1000, 2)] {
            let mut h = good();
            h.address.rw = rw;
            h.address.rt = rt;
            assert_eq!(validate_household(&h, today()).len(), n, "rw {rw} rt {rt}");
        }
    }

    #[test]
    fn member_nik_errors_name_the_member() {
        let mut h = good();
        h.members[2].nik = "31710601011000".into();
        let errors = validate_household(&h, today());
        assert_eq!(
            errors,
            vec![HouseholdError::MemberNik {
                who: MemberRef { index: 2, name: "Andi".into(), nik: "31710601011000".into() },
                error: NumberError::Length { what: "NIK", value: "31710601011000".into(), len: 14 },
            }]
        );
        assert_eq!(
            errors[0].to_string(),
            "NIK of Andi (NIK 31710601011000): '31710601011000' has 14 characters; a NIK has 16 digits"
        );
        assert_eq!(
            errors[0].message(Lang::Id),
            "NIK Andi (NIK 31710601011000): '31710601011000' terdiri dari 14 karakter; NIK harus 16 digit"
        );
    }

    #[test]
    fn leap_day_nik_uses_recorded_century() {
        let mut h = good();
        h.members.push(person("3171066902000004", "Nenek", Relationship::Parent, Sex::Female, date(1900, 2, 28)));
        // 29-02-00 with a recorded year 1900 (not leap): impossible.
        assert!(matches!(
            validate_household(&h, today()).as_slice(),
            [HouseholdError::MemberNik { error: NumberError::BadDate { .. }, .. }]
        ));
        h.members[3].birth_date = date(2000, 2, 29);
        assert_eq!(validate_household(&h, today()), vec![]);
    }

    #[test]
    fn birth_date_not_after_today() {
        let mut h = good();
        let baby = person("3171061506250005", "Bayi", Relationship::Child, Sex::Male, today());
        h.members.push(baby);
        assert_eq!(validate_household(&h, today()), vec![]);
        h.members[3].birth_date = date(2025, 6, 16);
        h.members[3].nik = "3171061606250005".into();
        let errors = validate_household(&h, today());
        assert_eq!(
            errors,
            vec![HouseholdError::BirthAfterToday {
                who: MemberRef { index: 3, name: "Bayi".into(), nik: "3171061606250005".into() },
                birth: date(2025, 6, 16)
            }]
        );
        assert!(errors[0].message(Lang::Id).contains("16-06-2025"));
    }

    #[test]
    fn imported_kelurahan_is_accepted_with_its_list() {
        let mut h = good();
        h.address.kelurahan = "32.73.01.1001".into();
        assert_eq!(
            validate_household(&h, today()),
            vec![HouseholdError::UnknownKelurahan { kk: h.no_kk.clone(), code: "32.73.01.1001".into() }]
        );
        let mut w = Wilayah::builtin_owned();
        w.insert(Region { code: "32.73.01.1001".into(), name: "Desa Contoh".into() });
        assert_eq!(validate_household_in(&h, &w, today()), vec![]);
    }

    #[test]
    fn messages_in_indonesian() {
        let e = HouseholdError::NoHead { kk: "3171061203180007".into() };
        assert_eq!(
            e.message(Lang::Id),
            "KK 3171061203180007 tidak punya kepala keluarga; tandai satu anggota sebagai 'kepala'"
        );
        assert_eq!(e.message(Lang::En), e.to_string());
        let e = HouseholdError::UnknownKelurahan { kk: "1".into(), code: "31.71.06.1099".into() };
        assert!(e.message(Lang::Id).contains("tidak ada dalam daftar wilayah"));
    }
}
