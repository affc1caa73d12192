//! How the structs that changed between stored formats are read: bytes of
//! format 1 through their old shape (bincode keeps fields by position, so
//! the old shape is the only way to read them), anything else through the
//! current one, whose new fields may be left out (older JSON files).

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

use super::codec::reading_format_1;
use crate::domain::codes::{
    Disability, EnrolmentStatus, MaritalStatus, NotEligibleReason, Occupation, Programme, Relationship, Sex,
};
use crate::domain::model::{Enrolment, EnrolmentSource, Person, Pregnancy, StatusEntry};
use crate::domain::usulan::ProposedPerson;

#[derive(Deserialize)]
#[serde(remote = "Enrolment")]
struct EnrolmentNow {
    programme: Programme,
    status: EnrolmentStatus,
    since: NaiveDate,
    until: Option<NaiveDate>,
    #[serde(default)]
    source: Option<EnrolmentSource>,
}

#[derive(Deserialize)]
struct EnrolmentV1 {
    programme: Programme,
    status: EnrolmentStatus,
    since: NaiveDate,
    until: Option<NaiveDate>,
}

impl<'de> Deserialize<'de> for Enrolment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !reading_format_1() {
            return EnrolmentNow::deserialize(d);
        }
        let EnrolmentV1 { programme, status, since, until } = EnrolmentV1::deserialize(d)?;
        Ok(Enrolment { programme, status, since, until, source: None })
    }
}

#[derive(Deserialize)]
#[serde(remote = "Person")]
struct PersonNow {
    nik: String,
    name: String,
    birthplace: String,
    birth_date: NaiveDate,
    sex: Sex,
    mother_name: String,
    relationship: Relationship,
    marital: MaritalStatus,
    occupation: Occupation,
    disability: Option<Disability>,
    parent_died_covid: bool,
    not_eligible: Vec<NotEligibleReason>,
    history: Vec<StatusEntry>,
    enrolments: Vec<Enrolment>,
    #[serde(default)]
    pregnancy: Option<Pregnancy>,
}

#[derive(Deserialize)]
struct PersonV1 {
    nik: String,
    name: String,
    birthplace: String,
    birth_date: NaiveDate,
    sex: Sex,
    mother_name: String,
    relationship: Relationship,
    marital: MaritalStatus,
    occupation: Occupation,
    disability: Option<Disability>,
    parent_died_covid: bool,
    not_eligible: Vec<NotEligibleReason>,
    history: Vec<StatusEntry>,
    enrolments: Vec<Enrolment>,
}

impl<'de> Deserialize<'de> for Person {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !reading_format_1() {
            return PersonNow::deserialize(d);
        }
        let p = PersonV1::deserialize(d)?;
        Ok(Person {
            nik: p.nik,
            name: p.name,
            birthplace: p.birthplace,
            birth_date: p.birth_date,
            sex: p.sex,
            mother_name: p.mother_name,
            relationship: p.relationship,
            marital: p.marital,
            occupation: p.occupation,
            disability: p.disability,
            parent_died_covid: p.parent_died_covid,
            not_eligible: p.not_eligible,
            history: p.history,
            enrolments: p.enrolments,
            pregnancy: None,
        })
    }
}

#[derive(Deserialize)]
#[serde(remote = "ProposedPerson")]
struct ProposedNow {
    nik: String,
    name: String,
    birthplace: String,
    birth_date: Option<NaiveDate>,
    sex: Option<Sex>,
    mother_name: String,
    relationship: Option<Relationship>,
    marital: Option<MaritalStatus>,
    #[serde(default)]
    occupation: Option<Occupation>,
    #[serde(default)]
    disability: Option<Disability>,
    #[serde(default)]
    pregnancy: Option<Pregnancy>,
}

#[derive(Deserialize)]
struct ProposedV1 {
    nik: String,
    name: String,
    birthplace: String,
    birth_date: Option<NaiveDate>,
    sex: Option<Sex>,
    mother_name: String,
    relationship: Option<Relationship>,
    marital: Option<MaritalStatus>,
}

impl<'de> Deserialize<'de> for ProposedPerson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !reading_format_1() {
            return ProposedNow::deserialize(d);
        }
        let p = ProposedV1::deserialize(d)?;
        Ok(ProposedPerson {
            nik: p.nik,
            name: p.name,
            birthplace: p.birthplace,
            birth_date: p.birth_date,
            sex: p.sex,
            mother_name: p.mother_name,
            relationship: p.relationship,
            marital: p.marital,
            occupation: None,
            disability: None,
            pregnancy: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::super::codec::{FORMAT_V1, decode, encode};
    use crate::domain::model::{Address, Household, HouseholdInfo};
    use crate::domain::usulan::ProposedPerson;
    use crate::domain::{EnrolmentStatus, Programme, Relationship, Sex};
    use crate::testkit::{self, date};

    /// The format-1 shapes, as that version wrote them.
    #[derive(Serialize)]
    struct OldEnrolment {
        programme: Programme,
        status: EnrolmentStatus,
        since: chrono::NaiveDate,
        until: Option<chrono::NaiveDate>,
    }
    #[derive(Serialize)]
    struct OldPerson<'a> {
        nik: &'a str,
        name: &'a str,
        birthplace: &'a str,
        birth_date: chrono::NaiveDate,
        sex: Sex,
        mother_name: &'a str,
        relationship: Relationship,
        marital: crate::domain::MaritalStatus,
        occupation: crate::domain::Occupation,
        disability: Option<crate::domain::Disability>,
        parent_died_covid: bool,
        not_eligible: Vec<crate::domain::NotEligibleReason>,
        history: Vec<crate::domain::StatusEntry>,
        enrolments: Vec<OldEnrolment>,
    }
    #[derive(Serialize)]
    struct OldHousehold<'a> {
        no_kk: &'a str,
        address: Address,
        info: HouseholdInfo,
        members: Vec<OldPerson<'a>>,
        history: Vec<crate::domain::StatusEntry>,
    }

    fn format_1<T: Serialize>(v: &T) -> Vec<u8> {
        let mut bytes = encode(v).unwrap();
        bytes[0] = FORMAT_V1;
        bytes
    }

    #[test]
    fn a_household_of_format_1_reads_with_no_source_and_no_pregnancy() {
        let since = date(2023, 1, 1);
        let want = {
            let mut p = testkit::person("3171014501900001", "Siti Aminah", Relationship::Head, Sex::Female, since);
            p.enrolments.push(testkit::enrolment(Programme::Pkh, EnrolmentStatus::Active, since));
            testkit::household("3171011212150003", "31.71.01.1001", vec![p])
        };
        let p = &want.members[0];
        let old = OldHousehold {
            no_kk: &want.no_kk,
            address: want.address.clone(),
            info: want.info.clone(),
            members: vec![OldPerson {
                nik: &p.nik,
                name: &p.name,
                birthplace: &p.birthplace,
                birth_date: p.birth_date,
                sex: p.sex,
                mother_name: &p.mother_name,
                relationship: p.relationship,
                marital: p.marital,
                occupation: p.occupation,
                disability: p.disability,
                parent_died_covid: p.parent_died_covid,
                not_eligible: p.not_eligible.clone(),
                history: p.history.clone(),
                enrolments: vec![OldEnrolment {
                    programme: Programme::Pkh,
                    status: EnrolmentStatus::Active,
                    since,
                    until: None,
                }],
            }],
            history: want.history.clone(),
        };
        let back: Household = decode(&format_1(&old)).unwrap();
        assert_eq!(back, want);
        // The current format keeps what format 1 could not hold.
        let mut now = want.clone();
        now.members[0].pregnancy = Some(crate::domain::Pregnancy { since: Some(date(2026, 9, 1)) });
        now.members[0].enrolments[0].source = Some(crate::domain::EnrolmentSource {
            layout: "dtks-art".into(),
            file: "art.csv".into(),
            imported_at: date(2026, 12, 3).and_hms_opt(9, 0, 0).unwrap(),
        });
        assert_eq!(decode::<Household>(&encode(&now).unwrap()).unwrap(), now);
    }

    #[test]
    fn a_proposed_person_of_format_1_reads_with_nothing_of_work() {
        #[derive(Serialize)]
        struct Old<'a> {
            nik: &'a str,
            name: &'a str,
            birthplace: &'a str,
            birth_date: Option<chrono::NaiveDate>,
            sex: Option<Sex>,
            mother_name: &'a str,
            relationship: Option<Relationship>,
            marital: Option<crate::domain::MaritalStatus>,
        }
        let old = Old {
            nik: "3171014501900001",
            name: "Siti",
            birthplace: "Jakarta",
            birth_date: Some(date(1990, 1, 5)),
            sex: Some(Sex::Female),
            mother_name: "Ibu",
            relationship: None,
            marital: None,
        };
        // A value after it in the same record still reads.
        let back: (Vec<ProposedPerson>, u32) = decode(&format_1(&(vec![old], 7u32))).unwrap();
        assert_eq!(back.1, 7);
        assert_eq!(back.0[0].name, "Siti");
        assert_eq!((back.0[0].occupation, back.0[0].disability, back.0[0].pregnancy.clone()), (None, None, None));
    }

    #[test]
    fn json_without_the_new_fields_still_reads() {
        let e: crate::domain::Enrolment =
            serde_json::from_str(r#"{"programme":"Pkh","status":"Active","since":"2024-01-01","until":null}"#).unwrap();
        assert_eq!(e.source, None);
    }
}
