//! Pengesahan: what a ratified visit changes in the register, change by change.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::*;

/// What caused a programme change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cause {
    NotEligible(Vec<NotEligibleReason>),
    Update(UpdateReason),
    /// An eligibility rule by its name (`eligibility::Rule::name`).
    Rule(String),
}

/// One change pengesahan made to the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppliedChange {
    HouseholdField {
        field: HouseholdField,
        old: String,
        new: String,
    },
    HouseholdStatus {
        from: DtksStatus,
        to: DtksStatus,
    },
    PersonField {
        nik: String,
        field: MemberField,
        old: String,
        new: String,
    },
    PersonStatus {
        nik: String,
        from: DtksStatus,
        to: DtksStatus,
    },
    PersonAdded {
        nik: String,
        presence: MemberPresence,
    },
    /// Left the household; the final record, for the store to archive or move.
    PersonRemoved {
        person: Box<Person>,
        presence: MemberPresence,
    },
    NotEligibleRecorded {
        nik: String,
        reasons: Vec<NotEligibleReason>,
    },
    NotEligibleCleared {
        nik: String,
        reasons: Vec<NotEligibleReason>,
    },
    EnrolmentStarted {
        nik: String,
        programme: Programme,
    },
    /// Not eligible for the programme; `stopped` when a live enrolment ended.
    Excluded {
        nik: String,
        programme: Programme,
        cause: Cause,
        stopped: bool,
    },
    EnrolmentSuspended {
        nik: String,
        programme: Programme,
        cause: Cause,
    },
    /// A value on the form that could not be applied (a form that passed
    /// validation has none).
    Skipped {
        what: Skip,
        value: String,
    },
}

/// What a value that could not be applied was for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Skip {
    /// A field of the registered person with this NIK.
    Field { nik: String, field: MemberField },
    /// The registered NIK of the member at `index` on the form, no longer
    /// in the household; `name` as on the form.
    RegisteredNik { index: usize, name: String },
    /// The added member at `index`, whose fields do not make a person.
    NewMember { index: usize, name: String },
}

pub(super) fn live(e: &Enrolment) -> bool {
    matches!(e.status, EnrolmentStatus::Active | EnrolmentStatus::Proposed | EnrolmentStatus::Suspended)
}

struct Ctx<'a> {
    letter: &'a Letter,
    period: &'a str,
    changes: Vec<AppliedChange>,
}

impl Ctx<'_> {
    fn entry(&self, status: DtksStatus) -> StatusEntry {
        StatusEntry {
            status,
            since: self.letter.date,
            period: Some(self.period.to_string()),
            source: Source::Regional,
            note: format!("Pengesahan surat {} tanggal {}", self.letter.number.trim(), d(&self.letter.date)),
        }
    }

    fn set_status(&mut self, p: &mut Person, to: DtksStatus) {
        let from = p.status();
        if from != to || p.history.is_empty() {
            p.history.push(self.entry(to));
            self.changes.push(AppliedChange::PersonStatus { nik: p.nik.clone(), from, to });
        }
    }

    fn exclude(&mut self, p: &mut Person, programme: Programme, cause: Cause) {
        let mut stopped = false;
        for e in p.enrolments.iter_mut().filter(|e| e.programme == programme && live(e)) {
            e.status = EnrolmentStatus::Stopped;
            e.until = Some(self.letter.date);
            stopped = true;
        }
        self.changes.push(AppliedChange::Excluded { nik: p.nik.clone(), programme, cause, stopped });
    }

    fn start(&mut self, p: &mut Person, programme: Programme) {
        if p.enrolments.iter().any(|e| e.programme == programme && e.status == EnrolmentStatus::Active) {
            return;
        }
        let new = Enrolment {
            programme,
            status: EnrolmentStatus::Active,
            since: self.letter.date,
            until: None,
            source: None,
        };
        match p.enrolments.iter_mut().find(|e| e.programme == programme) {
            Some(e) => *e = new,
            None => p.enrolments.push(new),
        }
        self.changes.push(AppliedChange::EnrolmentStarted { nik: p.nik.clone(), programme });
    }

    /// Not eligible for `named` (empty = all); when JKN-PBI is among them the
    /// reasons are recorded and every other programme follows by the cascade.
    fn not_eligible(&mut self, p: &mut Person, reasons: &[NotEligibleReason], named: &[Programme]) {
        let all = named.is_empty();
        let covers_jkn = all || named.contains(&Programme::JknPbi);
        if covers_jkn {
            let new: Vec<NotEligibleReason> = reasons.iter().copied().filter(|r| !p.not_eligible.contains(r)).collect();
            if !new.is_empty() {
                p.not_eligible.extend(new.iter().copied());
                self.changes.push(AppliedChange::NotEligibleRecorded { nik: p.nik.clone(), reasons: new });
            }
        }
        for &q in Programme::ALL {
            if all || named.contains(&q) {
                self.exclude(p, q, Cause::NotEligible(reasons.to_vec()));
            } else if covers_jkn {
                self.exclude(p, q, Cause::Rule(Rule::JknPbiCascade.name().to_string()));
            }
        }
    }

    fn finding(&mut self, p: &mut Person, m: &MemberEntry) {
        let named = &m.programmes;
        match m.finding() {
            None => {}
            Some(Finding::Layak) => {
                self.set_status(p, DtksStatus::Active);
                if !p.not_eligible.is_empty() {
                    let reasons = std::mem::take(&mut p.not_eligible);
                    self.changes.push(AppliedChange::NotEligibleCleared { nik: p.nik.clone(), reasons });
                }
                for &q in named {
                    self.start(p, q);
                }
            }
            Some(Finding::TidakLayak(reasons)) => self.not_eligible(p, &reasons, named),
            Some(Finding::Update(UpdateReason::Improved)) => self.not_eligible(p, &[NotEligibleReason::WellOff], named),
            Some(Finding::Update(UpdateReason::Deceased)) => self.not_eligible(p, &[NotEligibleReason::Deceased], &[]),
            Some(Finding::Update(u @ UpdateReason::Moved)) => {
                for &q in Programme::ALL {
                    if named.is_empty() || named.contains(&q) {
                        self.exclude(p, q, Cause::Update(u));
                    }
                }
            }
            Some(Finding::Update(u)) => {
                for e in p.enrolments.iter_mut().filter(|e| {
                    (named.is_empty() || named.contains(&e.programme))
                        && matches!(e.status, EnrolmentStatus::Active | EnrolmentStatus::Proposed)
                }) {
                    e.status = EnrolmentStatus::Suspended;
                    self.changes.push(AppliedChange::EnrolmentSuspended {
                        nik: p.nik.clone(),
                        programme: e.programme,
                        cause: Cause::Update(u),
                    });
                }
            }
        }
    }

    /// Copies the form's valid values onto `p`, recording each change.
    fn correct(&mut self, p: &mut Person, f: &PersonFields, today: NaiveDate) {
        let before = PersonFields::from_person(p);
        let who = p.nik.clone();
        let mut skip = |field: MemberField, value: &str| {
            self.changes.push(AppliedChange::Skipped {
                what: Skip::Field { nik: who.clone(), field },
                value: value.to_string(),
            })
        };
        let text = |s: &str| s.trim().to_string();
        if !f.nik.trim().is_empty() {
            p.nik = text(&f.nik);
        }
        if !f.name.trim().is_empty() {
            p.name = text(&f.name);
        }
        if !f.birthplace.trim().is_empty() {
            p.birthplace = text(&f.birthplace);
        }
        match parse_date(&f.birth_date) {
            Some(b) if b <= today => p.birth_date = b,
            _ => skip(MemberField::BirthDate, &f.birth_date),
        }
        if !f.mother_name.trim().is_empty() {
            p.mother_name = text(&f.mother_name);
        }
        p.sex = f.sex.unwrap_or(p.sex);
        p.relationship = f.relationship.unwrap_or(p.relationship);
        p.marital = f.marital.unwrap_or(p.marital);
        p.occupation = f.occupation.unwrap_or(p.occupation);
        p.disability = f.disability;
        let after = PersonFields::from_person(p);
        let pairs = [
            (MemberField::Nik, &before.nik, &after.nik),
            (MemberField::Name, &before.name, &after.name),
            (MemberField::Birthplace, &before.birthplace, &after.birthplace),
            (MemberField::BirthDate, &before.birth_date, &after.birth_date),
            (MemberField::MotherName, &before.mother_name, &after.mother_name),
        ];
        for (field, old, new) in pairs {
            if old != new {
                self.changes.push(AppliedChange::PersonField {
                    nik: p.nik.clone(),
                    field,
                    old: old.clone(),
                    new: new.clone(),
                });
            }
        }
        let code = |x: Option<&'static str>| x.unwrap_or("").to_string();
        let coded = [
            (MemberField::Sex, code(before.sex.map(Sex::code)), code(after.sex.map(Sex::code))),
            (
                MemberField::Relationship,
                code(before.relationship.map(Relationship::code)),
                code(after.relationship.map(Relationship::code)),
            ),
            (
                MemberField::Marital,
                code(before.marital.map(MaritalStatus::code)),
                code(after.marital.map(MaritalStatus::code)),
            ),
            (
                MemberField::Occupation,
                code(before.occupation.map(Occupation::code)),
                code(after.occupation.map(Occupation::code)),
            ),
            (
                MemberField::Disability,
                code(before.disability.map(Disability::code)),
                code(after.disability.map(Disability::code)),
            ),
        ];
        for (field, old, new) in coded {
            if old != new {
                self.changes.push(AppliedChange::PersonField { nik: p.nik.clone(), field, old, new });
            }
        }
    }
}

fn new_person(f: &PersonFields, today: NaiveDate) -> Option<Person> {
    let birth_date = parse_date(&f.birth_date).filter(|b| *b <= today)?;
    if f.nik.trim().is_empty() || f.name.trim().is_empty() {
        return None;
    }
    Some(Person {
        nik: f.nik.trim().to_string(),
        name: f.name.trim().to_string(),
        birthplace: f.birthplace.trim().to_string(),
        birth_date,
        sex: f.sex?,
        mother_name: f.mother_name.trim().to_string(),
        relationship: f.relationship?,
        marital: f.marital?,
        occupation: f.occupation?,
        disability: f.disability,
        parent_died_covid: false,
        not_eligible: Vec::new(),
        history: Vec::new(),
        enrolments: Vec::new(),
        pregnancy: None,
    })
}

/// The register changes pengesahan makes for one ratified visit: the new
/// household record and every change, in order. Pure: the caller writes the
/// household (and archives the removed persons) in one atomic write. See
/// the module docs for what each finding does.
pub fn apply_findings(
    household: &Household,
    visit: &VisitForm,
    letter: &Letter,
    today: NaiveDate,
) -> (Household, Vec<AppliedChange>) {
    let mut h = household.clone();
    let mut cx = Ctx { letter, period: &visit.period, changes: Vec::new() };

    // Household fields.
    let mut field = |f: HouseholdField, old: String, new: String| {
        if old != new {
            cx.changes.push(AppliedChange::HouseholdField { field: f, old, new });
            true
        } else {
            false
        }
    };
    if crate::domain::wilayah::level(&visit.kelurahan) == Some(crate::domain::wilayah::Level::Kelurahan)
        && field(HouseholdField::Kelurahan, h.address.kelurahan.clone(), visit.kelurahan.clone())
    {
        h.address.kelurahan = visit.kelurahan.clone();
    }
    for (f, text) in [(HouseholdField::Rw, &visit.rw), (HouseholdField::Rt, &visit.rt)] {
        if let Ok(n) = text.trim().parse::<u16>()
            && (1..=crate::domain::validate::MAX_RW_RT).contains(&n)
        {
            let slot = if f == HouseholdField::Rw { &mut h.address.rw } else { &mut h.address.rt };
            if field(f, slot.to_string(), n.to_string()) {
                *slot = n;
            }
        }
    }
    if !visit.street.trim().is_empty()
        && field(HouseholdField::Street, h.address.street.clone(), visit.street.trim().to_string())
    {
        h.address.street = visit.street.trim().to_string();
    }
    let (o, n) = (&household.info, &visit.info);
    let info_pairs = [
        (HouseholdField::Floor, o.floor.code(), n.floor.code()),
        (HouseholdField::Wall, o.wall.code(), n.wall.code()),
        (HouseholdField::Roof, o.roof.code(), n.roof.code()),
        (HouseholdField::Lighting, o.lighting.code(), n.lighting.code()),
        (HouseholdField::Water, o.water.code(), n.water.code()),
        (HouseholdField::Sanitation, o.sanitation.code(), n.sanitation.code()),
        (HouseholdField::CookingFuel, o.cooking_fuel.code(), n.cooking_fuel.code()),
    ];
    for (f, old, new) in info_pairs {
        field(f, old.to_string(), new.to_string());
    }
    let list = |a: &[Asset]| a.iter().map(|x| x.code()).collect::<Vec<_>>().join(", ");
    field(HouseholdField::Assets, list(&o.assets), list(&n.assets));
    let dec = |x: Option<u8>| x.map(|v| v.to_string()).unwrap_or_default();
    field(HouseholdField::Decile, dec(o.decile), dec(n.decile));
    h.info = visit.info.clone();

    // Members.
    let mut members = Vec::new();
    for (i, m) in visit.members.iter().enumerate() {
        let presence = m.presence.unwrap_or(MemberPresence::Found);
        let mut p = match &m.registered_nik {
            Some(nik) => match household.member(nik) {
                Some(p) => {
                    let mut p = p.clone();
                    cx.correct(&mut p, &m.fields, today);
                    p
                }
                None => {
                    cx.changes.push(AppliedChange::Skipped {
                        what: Skip::RegisteredNik { index: i, name: m.fields.name.clone() },
                        value: nik.clone(),
                    });
                    continue;
                }
            },
            None => match new_person(&m.fields, today) {
                Some(mut p) => {
                    p.history.push(cx.entry(DtksStatus::Proposed));
                    cx.changes.push(AppliedChange::PersonAdded { nik: p.nik.clone(), presence });
                    p
                }
                None => {
                    cx.changes.push(AppliedChange::Skipped {
                        what: Skip::NewMember { index: i, name: m.fields.name.clone() },
                        value: m.fields.name.clone(),
                    });
                    continue;
                }
            },
        };
        cx.finding(&mut p, m);
        if presence.is_gone() {
            let cause = Cause::Update(if presence == MemberPresence::Died {
                UpdateReason::Deceased
            } else {
                UpdateReason::Moved
            });
            for q in Programme::ALL {
                if p.enrolments.iter().any(|e| e.programme == *q && live(e)) {
                    cx.exclude(&mut p, *q, cause.clone());
                }
            }
            cx.set_status(&mut p, DtksStatus::Inactive);
            cx.changes.push(AppliedChange::PersonRemoved { person: Box::new(p), presence });
        } else {
            members.push(p);
        }
    }
    h.members = members;

    let from = h.status();
    let to = if h.members.is_empty() {
        DtksStatus::Inactive
    } else if h.members.iter().any(|p| p.status() == DtksStatus::Active) {
        DtksStatus::Active
    } else {
        from
    };
    if to != from {
        h.history.push(cx.entry(to));
        cx.changes.push(AppliedChange::HouseholdStatus { from, to });
    }
    (h, cx.changes)
}
