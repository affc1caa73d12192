//! Field-level differences between two versions of a household, as the
//! audit log records them and the history screen shows them.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::model::{Enrolment, Household, Person, StatusEntry};

/// One changed field. Values are rendered as text (codes for coded values,
/// ISO dates), so the log stays readable after the model changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// `address.rt`, `info.floor`, `member 3171014708900002`,
    /// `member 3171014708900002 name`, ...
    pub field: String,
    /// Empty when the field did not exist before (a member added).
    pub before: String,
    /// Empty when the field no longer exists (a member removed).
    pub after: String,
}

impl fmt::Display for FieldChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |s: &str| {
            if s.is_empty() { "-".to_string() } else { s.to_string() }
        };
        write!(f, "{}: {} → {}", self.field, show(&self.before), show(&self.after))
    }
}

/// The changes from `before` to `after`, in a stable order: address, household
/// information, household status, then members in `after`'s order (removed
/// members last). Empty when the two are equal.
pub fn diff_household(before: &Household, after: &Household) -> Vec<FieldChange> {
    let mut d = Diff(Vec::new());
    d.field("no_kk", &before.no_kk, &after.no_kk);
    let (a, b) = (&before.address, &after.address);
    d.field("address.kelurahan", &a.kelurahan, &b.kelurahan);
    d.field("address.rw", &a.rw, &b.rw);
    d.field("address.rt", &a.rt, &b.rt);
    d.field("address.street", &a.street, &b.street);
    let (a, b) = (&before.info, &after.info);
    d.field("info.floor", &a.floor, &b.floor);
    d.field("info.wall", &a.wall, &b.wall);
    d.field("info.roof", &a.roof, &b.roof);
    d.field("info.lighting", &a.lighting, &b.lighting);
    d.field("info.water", &a.water, &b.water);
    d.field("info.sanitation", &a.sanitation, &b.sanitation);
    d.field("info.cooking_fuel", &a.cooking_fuel, &b.cooking_fuel);
    d.field("info.assets", &join(&a.assets), &join(&b.assets));
    d.field("info.decile", &opt(&a.decile), &opt(&b.decile));
    d.field("history", &history(&before.history), &history(&after.history));

    for p in &after.members {
        match before.member(&p.nik) {
            Some(old) => d.person(old, p),
            None => d.push(format!("member {}", p.nik), String::new(), p.name.clone()),
        }
    }
    for p in &before.members {
        if after.member(&p.nik).is_none() {
            d.push(format!("member {}", p.nik), p.name.clone(), String::new());
        }
    }
    d.0
}

struct Diff(Vec<FieldChange>);

impl Diff {
    fn push(&mut self, field: String, before: String, after: String) {
        self.0.push(FieldChange { field, before, after });
    }

    fn field<T: fmt::Display + PartialEq + ?Sized>(&mut self, name: &str, a: &T, b: &T) {
        if a != b {
            self.push(name.to_string(), a.to_string(), b.to_string());
        }
    }

    fn person(&mut self, a: &Person, b: &Person) {
        let n = |f: &str| format!("member {} {f}", a.nik);
        let mut f = |name: &str, x: String, y: String| {
            if x != y {
                self.0.push(FieldChange { field: n(name), before: x, after: y });
            }
        };
        f("name", a.name.clone(), b.name.clone());
        f("birthplace", a.birthplace.clone(), b.birthplace.clone());
        f("birth_date", a.birth_date.to_string(), b.birth_date.to_string());
        f("sex", a.sex.to_string(), b.sex.to_string());
        f("mother_name", a.mother_name.clone(), b.mother_name.clone());
        f("relationship", a.relationship.to_string(), b.relationship.to_string());
        f("marital", a.marital.to_string(), b.marital.to_string());
        f("occupation", a.occupation.to_string(), b.occupation.to_string());
        f("disability", opt(&a.disability), opt(&b.disability));
        f("parent_died_covid", a.parent_died_covid.to_string(), b.parent_died_covid.to_string());
        f("not_eligible", join(&a.not_eligible), join(&b.not_eligible));
        f("history", history(&a.history), history(&b.history));
        f("enrolments", enrolments(&a.enrolments), enrolments(&b.enrolments));
        f("pregnancy", pregnancy(a), pregnancy(b));
    }
}

fn opt<T: fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map_or(String::new(), T::to_string)
}

fn join<T: fmt::Display>(v: &[T]) -> String {
    v.iter().map(T::to_string).collect::<Vec<_>>().join(",")
}

/// Status histories are short; render them whole so any edit shows.
fn history(h: &[StatusEntry]) -> String {
    let one = |e: &StatusEntry| {
        let mut s = format!("{} {} {}", e.status, e.since, e.source);
        if let Some(p) = &e.period {
            s.push_str(&format!(" {p}"));
        }
        if !e.note.is_empty() {
            s.push_str(&format!(" \"{}\"", e.note));
        }
        s
    };
    h.iter().map(one).collect::<Vec<_>>().join("; ")
}

fn pregnancy(p: &Person) -> String {
    match &p.pregnancy {
        None => String::new(),
        Some(g) => g.since.map_or("ya".to_string(), |d| format!("ya {d}")),
    }
}

fn enrolments(v: &[Enrolment]) -> String {
    let one = |e: &Enrolment| {
        let until = e.until.map(|d| format!("..{d}")).unwrap_or_default();
        let from = e.source.as_ref().map(|s| format!(" ({} {})", s.layout, s.file)).unwrap_or_default();
        format!("{}:{} {}{until}{from}", e.programme, e.status, e.since)
    };
    v.iter().map(one).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EnrolmentSource, EnrolmentStatus, Pregnancy, Programme, Relationship, Sex};
    use crate::testkit::{self, date};

    #[test]
    fn a_pregnancy_and_an_enrolments_source_show_in_the_diff() {
        let p = testkit::person("3171014501900001", "Siti", Relationship::Head, Sex::Female, date(1990, 1, 5));
        let before = testkit::household("3171011212150003", "31.71.01.1001", vec![p]);
        let mut after = before.clone();
        after.members[0].pregnancy = Some(Pregnancy { since: Some(date(2026, 9, 1)) });
        let mut e = testkit::enrolment(Programme::Pkh, EnrolmentStatus::Active, date(2026, 11, 24));
        e.source = Some(EnrolmentSource {
            layout: "dtks-art".into(),
            file: "art.csv".into(),
            imported_at: date(2026, 11, 24).and_hms_opt(10, 42, 0).unwrap(),
        });
        after.members[0].enrolments.push(e);
        let shown: Vec<String> = diff_household(&before, &after).iter().map(|c| c.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "member 3171014501900001 enrolments: - → PKH:aktif 2026-11-24 (dtks-art art.csv)",
                "member 3171014501900001 pregnancy: - → ya 2026-09-01",
            ]
        );
    }
}
