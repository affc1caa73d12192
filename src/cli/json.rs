//! The `--json` views of the register: the stable interface for scripts.
//! A household, person, history entry or enrolment is an object whose keys
//! are the columns of its import file and whose values are the cells as
//! that file writes them (codes such as `pln_meteran`, `JKN-PBI`, dates
//! YYYY-MM-DD), so a script reads both with one vocabulary. The domain's
//! serde form is the store's, so it is never shown here directly. Texts
//! for people sit under `message`, the only keys that follow `--lang`.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::domain::Household;
use crate::formats::Kind;
use crate::formats::rows::{enrolment_fields, history_fields, household_fields, person_fields};
use crate::service::duplicates::{Duplicate, Place};
use crate::service::lookup::{HouseholdReport, LookupResult, MatchedBy, MemberReport};

/// The columns of `kind` paired with the fields of one row.
fn row(kind: Kind, fields: Vec<String>) -> Map<String, Value> {
    kind.header().into_iter().map(str::to_string).zip(fields.into_iter().map(Value::String)).collect()
}

#[derive(Serialize)]
pub struct Lookup {
    query: String,
    /// `nik`, `kk` or `name`.
    matched_by: &'static str,
    /// Persons matched in all, and the households they live in.
    total: usize,
    households_total: usize,
    /// Persons shown, and whether some matched persons are left out.
    shown: usize,
    truncated: bool,
    households: Vec<Value>,
}

pub fn lookup(r: &LookupResult) -> Lookup {
    Lookup {
        query: r.query.clone(),
        matched_by: match r.matched_by {
            MatchedBy::Nik => "nik",
            MatchedBy::Kk => "kk",
            MatchedBy::Name => "name",
        },
        total: r.total,
        households_total: r.households_total,
        shown: r.shown,
        truncated: r.truncated,
        households: r.households.iter().map(household).collect(),
    }
}

fn household(hr: &HouseholdReport) -> Value {
    let h: &Household = &hr.household;
    let mut obj = row(Kind::Households, household_fields(&h.no_kk, &h.address, &h.info));
    obj.insert("wilayah".into(), Value::from(hr.region.clone()));
    obj.insert(
        "riwayat".into(),
        Value::Array(
            h.history.iter().map(|e| Value::Object(row(Kind::History, history_fields(&h.no_kk, None, e)))).collect(),
        ),
    );
    obj.insert("cocok".into(), Value::from(hr.matched.clone()));
    let members = h.members.iter().zip(&hr.members).map(|(p, m)| member(h, p, m)).collect();
    obj.insert("anggota".into(), Value::Array(members));
    Value::Object(obj)
}

fn member(h: &Household, p: &crate::domain::Person, m: &MemberReport) -> Value {
    let mut obj = row(Kind::Persons, person_fields(&h.no_kk, p));
    obj.insert("umur".into(), Value::from(m.age));
    let history =
        p.history.iter().map(|e| Value::Object(row(Kind::History, history_fields(&h.no_kk, Some(&p.nik), e))));
    obj.insert("riwayat".into(), Value::Array(history.collect()));
    let enrolments =
        p.enrolments.iter().map(|e| Value::Object(row(Kind::Enrolments, enrolment_fields(&h.no_kk, &p.nik, e))));
    obj.insert("kepesertaan".into(), Value::Array(enrolments.collect()));
    let eligible: Map<String, Value> = m.eligible.iter().map(|(code, ok)| (code.clone(), Value::Bool(*ok))).collect();
    obj.insert("layak".into(), Value::Object(eligible));
    obj.insert("juga_di_kk".into(), Value::from(m.also_in.clone()));
    let notes = m.nik_error.iter().chain(&m.warnings).map(|w| serde_json::json!({ "message": w }));
    obj.insert("peringatan_nik".into(), Value::Array(notes.collect()));
    Value::Object(obj)
}

#[derive(Serialize)]
pub struct DuplicateView {
    /// `nik` (one NIK in two KKs) or `probable` (same person, other NIK).
    kind: &'static str,
    places: Vec<PlaceView>,
}

/// A person's place, keyed like the persons and households columns.
#[derive(Serialize)]
struct PlaceView {
    nik: String,
    no_kk: String,
    nama: String,
    kelurahan: String,
    rw: String,
    rt: String,
}

fn place(p: &Place) -> PlaceView {
    PlaceView {
        nik: p.nik.clone(),
        no_kk: p.no_kk.clone(),
        nama: p.name.clone(),
        kelurahan: p.kelurahan.clone(),
        rw: p.rw.to_string(),
        rt: p.rt.to_string(),
    }
}

pub fn duplicates(dups: &[Duplicate]) -> Vec<DuplicateView> {
    dups.iter().map(|d| DuplicateView { kind: d.kind, places: d.places.iter().map(place).collect() }).collect()
}

#[derive(Serialize)]
pub struct UserView {
    name: String,
    disabled: bool,
    created_at: String,
    created_by: String,
    keys: Vec<KeyView>,
}

#[derive(Serialize)]
pub struct KeyView {
    fingerprint: String,
    openssh: String,
    added_at: String,
    added_by: String,
}

pub fn users(users: &[crate::domain::user::User]) -> Vec<UserView> {
    let at = |t: &chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M:%S").to_string();
    users
        .iter()
        .map(|u| UserView {
            name: u.name.clone(),
            disabled: u.disabled,
            created_at: at(&u.created_at),
            created_by: u.created_by.clone(),
            keys: u
                .keys
                .iter()
                .map(|k| KeyView {
                    fingerprint: k.fingerprint.clone(),
                    openssh: k.openssh.clone(),
                    added_at: at(&k.added_at),
                    added_by: k.added_by.clone(),
                })
                .collect(),
        })
        .collect()
}
