//! Verification stages: monthly periods per programme, and the order
//! verifikasi → finalisasi → pengesahan (seed 004).
//!
//! A [`Verification`] record follows one home visit through the stages:
//!
//! ```text
//! konsep ──submit──▶ diverifikasi ──finalise──▶ finalisasi ──ratify(letter)──▶ disahkan
//!   ▲                   │
//!   └──── dikembalikan ◀┘ return(reason)      (dikembalikan ──submit──▶ diverifikasi)
//! ```
//!
//! Nothing can be skipped or reversed; a refused step says why. Submitting
//! (and resubmitting a returned visit) needs the period open: a period takes
//! submissions up to and including its closing date, and refuses them from
//! the day after, naming that date. Only pengesahan changes the register,
//! through [`apply_findings`].
//!
//! What pengesahan applies ([`apply_findings`]):
//! - corrected household and person fields; members added (birth, moved in)
//!   join; members who died or moved out leave the household record and are
//!   returned whole in [`AppliedChange::PersonRemoved`] (inactive, every
//!   enrolment stopped) so the store can archive or move them;
//! - layak: DTKS status becomes active, enrolments start in the programmes
//!   named, earlier not-eligible reasons are cleared;
//! - tidak layak (and "improved socio-economic status", recorded as reason
//!   11): enrolments in the programmes named stop (no programme named = all).
//!   When the finding covers JKN-PBI its reasons are recorded on the person
//!   and every other programme stops too, by the rule `jkn_pbi_cascade`,
//!   which the change names. `Person::not_eligible` thus holds only findings
//!   that reach JKN-PBI, matching `eligibility`'s `no_tidak_layak` rule;
//! - anomalous data and not matching Dukcapil suspend the enrolments named
//!   until the data is corrected;
//! - DTKS status is otherwise left alone: deactivation is its own process.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::*;
use super::eligibility::Rule;
use super::model::{Enrolment, Household, Person, StatusEntry};
use super::visit::{
    FieldName, Finding, FormProblem, HouseholdField, MemberEntry, MemberField, MemberPresence, PersonFields,
    UpdateReason, VisitForm, format_date, parse_date,
};
use crate::i18n::Lang;

fn d(x: &NaiveDate) -> String {
    format_date(*x)
}

/// One programme's monthly verification period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub programme: Programme,
    pub year: i32,
    pub month: u32,
    /// Last day submissions are accepted.
    pub closes: NaiveDate,
}

impl Period {
    /// A period closing on the last day of its month; None for a month
    /// that does not exist.
    pub fn monthly(programme: Programme, year: i32, month: u32) -> Option<Period> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = first.checked_add_months(chrono::Months::new(1))?;
        Some(Period { programme, year, month, closes: next.pred_opt()? })
    }

    /// Stable id, e.g. `KLJ-2025-06`.
    pub fn id(&self) -> String {
        format!("{}-{:04}-{:02}", self.programme.code(), self.year, self.month)
    }

    pub fn is_open(&self, today: NaiveDate) -> bool {
        today <= self.closes
    }
}

/// The periods of every programme for one month.
pub fn periods_for_month(year: i32, month: u32) -> Vec<Period> {
    Programme::ALL.iter().filter_map(|&p| Period::monthly(p, year, month)).collect()
}

coded!(
    /// Where a verification stands.
    Stage {
        Draft = "konsep", "Konsep", "Draft";
        Returned = "dikembalikan", "Dikembalikan", "Returned";
        Verified = "diverifikasi", "Diverifikasi", "Verified";
        Finalised = "finalisasi", "Difinalisasi", "Finalised";
        Ratified = "disahkan", "Disahkan", "Ratified";
    }
);

coded!(
    /// A step of the stage machine.
    StageAction {
        Submit = "ajukan", "mengajukan", "submit";
        Finalise = "finalisasi", "memfinalisasi", "finalise";
        Return = "kembalikan", "mengembalikan", "return";
        Ratify = "sahkan", "mengesahkan", "ratify";
    }
);

/// The ratification letter (surat pengesahan).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub number: String,
    pub date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageEvent {
    pub stage: Stage,
    pub on: NaiveDate,
    pub by: String,
    /// The reason of a return; empty otherwise.
    pub note: String,
}

/// One visit's way through the stages; a record of its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub id: u64,
    pub visit_id: u64,
    pub no_kk: String,
    /// `Period::id`.
    pub period: String,
    pub stage: Stage,
    pub letter: Option<Letter>,
    pub events: Vec<StageEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageError {
    Illegal {
        action: StageAction,
        from: Stage,
    },
    PeriodClosed {
        period: String,
        closes: NaiveDate,
    },
    WrongPeriod {
        verification: String,
        period: String,
    },
    /// `field` and `problem` are the first error on the form.
    FormErrors {
        count: usize,
        field: Box<FieldName>,
        problem: Box<FormProblem>,
    },
    NoReturnReason,
    NoLetterNumber,
    LetterAfterToday {
        date: NaiveDate,
    },
    LetterBeforeFinalisation {
        date: NaiveDate,
        finalised: NaiveDate,
    },
}

impl Verification {
    pub fn new(id: u64, visit: &VisitForm, by: &str, today: NaiveDate) -> Verification {
        Verification {
            id,
            visit_id: visit.id,
            no_kk: visit.no_kk.clone(),
            period: visit.period.clone(),
            stage: Stage::Draft,
            letter: None,
            events: vec![StageEvent { stage: Stage::Draft, on: today, by: by.to_string(), note: String::new() }],
        }
    }

    /// The officer may edit the visit form.
    pub fn editable(&self) -> bool {
        matches!(self.stage, Stage::Draft | Stage::Returned)
    }

    /// The supervisor's reason, while the visit is back with the officer.
    pub fn return_reason(&self) -> Option<&str> {
        if self.stage != Stage::Returned {
            return None;
        }
        self.events.last().map(|e| e.note.as_str())
    }

    fn legal(&self, action: StageAction, from: &[Stage]) -> Result<(), StageError> {
        if from.contains(&self.stage) { Ok(()) } else { Err(StageError::Illegal { action, from: self.stage }) }
    }

    fn push(&mut self, stage: Stage, by: &str, note: &str, today: NaiveDate) {
        self.stage = stage;
        self.events.push(StageEvent { stage, on: today, by: by.to_string(), note: note.to_string() });
    }

    /// Officer submits (or resubmits a returned visit): the period must be
    /// open and the form free of errors.
    pub fn submit(&mut self, period: &Period, form: &VisitForm, by: &str, today: NaiveDate) -> Result<(), StageError> {
        self.legal(StageAction::Submit, &[Stage::Draft, Stage::Returned])?;
        if self.period != period.id() || form.period != period.id() {
            return Err(StageError::WrongPeriod { verification: self.period.clone(), period: period.id() });
        }
        if !period.is_open(today) {
            return Err(StageError::PeriodClosed { period: period.id(), closes: period.closes });
        }
        let errors = form.errors(today);
        if let Some(first) = errors.first() {
            return Err(StageError::FormErrors {
                count: errors.len(),
                field: Box::new(form.field_name(first.field)),
                problem: Box::new(first.problem.clone()),
            });
        }
        self.push(Stage::Verified, by, "", today);
        Ok(())
    }

    /// Supervisor finalises a verified visit.
    pub fn finalise(&mut self, by: &str, today: NaiveDate) -> Result<(), StageError> {
        self.legal(StageAction::Finalise, &[Stage::Verified])?;
        self.push(Stage::Finalised, by, "", today);
        Ok(())
    }

    /// Supervisor returns a verified visit to the officer with a reason.
    pub fn return_to_officer(&mut self, reason: &str, by: &str, today: NaiveDate) -> Result<(), StageError> {
        self.legal(StageAction::Return, &[Stage::Verified])?;
        if reason.trim().is_empty() {
            return Err(StageError::NoReturnReason);
        }
        self.push(Stage::Returned, by, reason.trim(), today);
        Ok(())
    }

    /// Records pengesahan. The caller then applies [`apply_findings`] in the
    /// same write.
    pub fn ratify(&mut self, letter: Letter, by: &str, today: NaiveDate) -> Result<(), StageError> {
        self.legal(StageAction::Ratify, &[Stage::Finalised])?;
        if letter.number.trim().is_empty() {
            return Err(StageError::NoLetterNumber);
        }
        if letter.date > today {
            return Err(StageError::LetterAfterToday { date: letter.date });
        }
        let finalised = self.events.iter().rev().find(|e| e.stage == Stage::Finalised).map(|e| e.on);
        if let Some(f) = finalised
            && letter.date < f
        {
            return Err(StageError::LetterBeforeFinalisation { date: letter.date, finalised: f });
        }
        let note = letter.number.trim().to_string();
        self.letter = Some(letter);
        self.push(Stage::Ratified, by, &note, today);
        Ok(())
    }
}

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
        who: String,
        field: String,
        value: String,
    },
}

fn live(e: &Enrolment) -> bool {
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
        let new = Enrolment { programme, status: EnrolmentStatus::Active, since: self.letter.date, until: None };
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
                who: format!("NIK {who}"),
                field: field.label(Lang::Id).to_string(),
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
    if super::wilayah::level(&visit.kelurahan) == Some(super::wilayah::Level::Kelurahan)
        && field(HouseholdField::Kelurahan, h.address.kelurahan.clone(), visit.kelurahan.clone())
    {
        h.address.kelurahan = visit.kelurahan.clone();
    }
    for (f, text) in [(HouseholdField::Rw, &visit.rw), (HouseholdField::Rt, &visit.rt)] {
        if let Ok(n) = text.trim().parse::<u16>()
            && (1..=super::validate::MAX_RW_RT).contains(&n)
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
                        who: visit.who(i, Lang::Id),
                        field: "NIK".into(),
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
                        who: visit.who(i, Lang::Id),
                        field: "anggota baru".into(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::eligibility::assess;
    use crate::domain::validate::validate_household;
    use crate::domain::visit::FieldId;
    use crate::domain::visit::fixtures::*;

    fn today() -> NaiveDate {
        date(2025, 6, 10)
    }

    fn period() -> Period {
        Period::monthly(Programme::Klj, 2025, 6).unwrap()
    }

    fn mf(index: usize, field: MemberField) -> FieldId {
        FieldId::Member { index, field }
    }

    fn form() -> VisitForm {
        let mut f = VisitForm::start(7, &household(), &period().id(), "petugas1", now());
        f.edit(FieldId::Household(HouseholdField::VisitDate), "09-06-2025", now()).unwrap();
        for i in 0..f.members.len() {
            f.edit(mf(i, MemberField::Presence), "ditemukan", now()).unwrap();
            f.edit(mf(i, MemberField::Finding), "layak", now()).unwrap();
        }
        f
    }

    fn letter() -> Letter {
        Letter { number: "460/123/DINSOS/2025".into(), date: date(2025, 6, 10) }
    }

    #[test]
    fn monthly_periods() {
        let p = Period::monthly(Programme::JknPbi, 2024, 2).unwrap();
        assert_eq!(p.id(), "JKN-PBI-2024-02");
        assert_eq!(p.closes, date(2024, 2, 29));
        assert!(Period::monthly(Programme::Klj, 2024, 13).is_none());
        assert_eq!(periods_for_month(2025, 6).len(), 7);
    }

    #[test]
    fn the_whole_way_in_order() {
        let f = form();
        let mut v = Verification::new(1, &f, "petugas1", today());
        assert!(v.editable());
        v.submit(&period(), &f, "petugas1", today()).unwrap();
        assert!(!v.editable());
        v.return_to_officer("  ", "spv", today()).unwrap_err();
        v.return_to_officer("Foto rumah kurang jelas", "spv", today()).unwrap();
        assert_eq!(v.stage, Stage::Returned);
        assert_eq!(v.return_reason(), Some("Foto rumah kurang jelas"));
        assert!(v.editable());
        v.submit(&period(), &f, "petugas1", today()).unwrap();
        assert_eq!(v.return_reason(), None);
        v.finalise("spv", today()).unwrap();
        v.ratify(letter(), "kadis", today()).unwrap();
        assert_eq!(v.stage, Stage::Ratified);
        let stages: Vec<Stage> = v.events.iter().map(|e| e.stage).collect();
        use Stage::*;
        assert_eq!(stages, [Draft, Verified, Returned, Verified, Finalised, Ratified]);
    }

    fn at(stage: Stage) -> Verification {
        let f = form();
        let mut v = Verification::new(1, &f, "petugas1", today());
        if stage == Stage::Draft {
            return v;
        }
        v.submit(&period(), &f, "p", today()).unwrap();
        match stage {
            Stage::Returned => v.return_to_officer("alasan", "s", today()).unwrap(),
            Stage::Finalised => v.finalise("s", today()).unwrap(),
            Stage::Ratified => {
                v.finalise("s", today()).unwrap();
                v.ratify(letter(), "k", today()).unwrap()
            }
            _ => {}
        }
        assert_eq!(v.stage, stage);
        v
    }

    #[test]
    fn every_illegal_transition_says_why() {
        let legal = [
            (StageAction::Submit, Stage::Draft),
            (StageAction::Submit, Stage::Returned),
            (StageAction::Finalise, Stage::Verified),
            (StageAction::Return, Stage::Verified),
            (StageAction::Ratify, Stage::Finalised),
        ];
        let f = form();
        for &action in StageAction::ALL {
            for &from in Stage::ALL {
                let mut v = at(from);
                let r = match action {
                    StageAction::Submit => v.submit(&period(), &f, "p", today()),
                    StageAction::Finalise => v.finalise("s", today()),
                    StageAction::Return => v.return_to_officer("alasan", "s", today()),
                    StageAction::Ratify => v.ratify(letter(), "k", today()),
                };
                if legal.contains(&(action, from)) {
                    assert_eq!(r, Ok(()), "{action:?} from {from:?}");
                } else {
                    let e = r.unwrap_err();
                    assert_eq!(e, StageError::Illegal { action, from });
                    assert!(!e.message(Lang::Id).ends_with(": "), "{action:?} {from:?}");
                    assert!(!e.message(Lang::En).ends_with(": "), "{action:?} {from:?}");
                    assert_eq!(v.stage, from, "a refused step changes nothing");
                }
            }
        }
        assert_eq!(
            StageError::Illegal { action: StageAction::Ratify, from: Stage::Verified }.message(Lang::Id),
            "Tidak bisa mengesahkan verifikasi berstatus diverifikasi: belum difinalisasi supervisor; finalisasi dulu"
        );
        assert_eq!(
            StageError::Illegal { action: StageAction::Finalise, from: Stage::Draft }.message(Lang::En),
            "Cannot finalise a verification that is draft: it is not submitted yet; the officer must submit it first"
        );
    }

    #[test]
    fn closed_period_refuses_with_its_closing_date() {
        let f = form();
        let p = period();
        let mut v = Verification::new(1, &f, "p", today());
        // The closing day itself still accepts; the day after refuses.
        let mut on_last = v.clone();
        on_last.submit(&p, &f, "p", date(2025, 6, 30)).unwrap();
        let e = v.submit(&p, &f, "p", date(2025, 7, 1)).unwrap_err();
        assert_eq!(e, StageError::PeriodClosed { period: "KLJ-2025-06".into(), closes: date(2025, 6, 30) });
        assert_eq!(
            e.message(Lang::Id),
            "Periode KLJ-2025-06 sudah ditutup pada 30-06-2025; pengajuan baru tidak diterima. Ajukan pada periode berikutnya"
        );
        // A returned visit is refused the same way once the period closed.
        let mut r = at(Stage::Returned);
        assert!(matches!(r.submit(&p, &f, "p", date(2025, 7, 1)), Err(StageError::PeriodClosed { .. })));
    }

    #[test]
    fn submit_needs_a_clean_form_and_its_own_period() {
        let mut f = form();
        f.edit(mf(2, MemberField::BirthDate), "31-02-2010", now()).unwrap();
        let mut v = Verification::new(1, &f, "p", today());
        let e = v.submit(&period(), &f, "p", today()).unwrap_err();
        assert!(matches!(e, StageError::FormErrors { count: 1, .. }), "{e:?}");
        assert!(e.message(Lang::Id).contains("Anggota 3 (Andi), Tanggal lahir"));
        let other = Period::monthly(Programme::Kaj, 2025, 6).unwrap();
        assert!(matches!(v.submit(&other, &form(), "p", today()), Err(StageError::WrongPeriod { .. })));
    }

    #[test]
    fn letter_checks() {
        let mut v = at(Stage::Finalised);
        let e = v.ratify(Letter { number: " ".into(), date: today() }, "k", today()).unwrap_err();
        assert_eq!(e, StageError::NoLetterNumber);
        let e = v.ratify(Letter { number: "1".into(), date: date(2025, 6, 11) }, "k", today()).unwrap_err();
        assert_eq!(e, StageError::LetterAfterToday { date: date(2025, 6, 11) });
        let e = v.ratify(Letter { number: "1".into(), date: date(2025, 6, 9) }, "k", today()).unwrap_err();
        assert_eq!(e, StageError::LetterBeforeFinalisation { date: date(2025, 6, 9), finalised: today() });
        assert_eq!(v.stage, Stage::Finalised);
    }

    #[test]
    fn jkn_pbi_cascade_at_pengesahan() {
        let h = household();
        let mut f = form();
        // Budi (KLJ + JKN-PBI) found working as a civil servant: not eligible for JKN-PBI.
        f.edit(mf(0, MemberField::Finding), "tidak_layak", now()).unwrap();
        f.edit(mf(0, MemberField::NotEligible), "5", now()).unwrap();
        f.edit(mf(0, MemberField::Programmes), "JKN-PBI", now()).unwrap();
        let (after, changes) = apply_findings(&h, &f, &letter(), today());
        let budi = &after.members[0];
        assert_eq!(budi.not_eligible, vec![NotEligibleReason::StateApparatus]);
        assert_eq!(budi.enrolment(Programme::Klj).unwrap().status, EnrolmentStatus::Stopped);
        assert_eq!(budi.enrolment(Programme::Klj).unwrap().until, Some(letter().date));
        assert_eq!(budi.enrolment(Programme::JknPbi).unwrap().status, EnrolmentStatus::Stopped);
        let nik = budi.nik.clone();
        assert!(changes.contains(&AppliedChange::Excluded {
            nik: nik.clone(),
            programme: Programme::JknPbi,
            cause: Cause::NotEligible(vec![NotEligibleReason::StateApparatus]),
            stopped: true
        }));
        let klj = AppliedChange::Excluded {
            nik: nik.clone(),
            programme: Programme::Klj,
            cause: Cause::Rule("jkn_pbi_cascade".into()),
            stopped: true,
        };
        assert!(changes.contains(&klj));
        assert!(
            klj.message(Lang::Id).contains("aturan jkn_pbi_cascade: Tidak layak JKN-PBI"),
            "{}",
            klj.message(Lang::Id)
        );
        // Every other programme follows, enrolled or not.
        let cascaded =
            changes.iter().filter(|c| matches!(c, AppliedChange::Excluded { cause: Cause::Rule(_), .. })).count();
        assert_eq!(cascaded, 6);
        // Eligibility agrees after the write.
        assert!(!assess(budi, &after, Programme::Klj, today()).eligible);
        // The other members were found layak and are untouched.
        assert_eq!(after.members[1].not_eligible, vec![]);
        assert_eq!(validate_household(&after, today()), vec![]);
    }

    #[test]
    fn a_finding_for_another_programme_does_not_cascade() {
        let mut f = form();
        f.edit(mf(0, MemberField::Finding), "tidak_layak", now()).unwrap();
        f.edit(mf(0, MemberField::NotEligible), "11", now()).unwrap();
        f.edit(mf(0, MemberField::Programmes), "KLJ", now()).unwrap();
        let (after, changes) = apply_findings(&household(), &f, &letter(), today());
        let budi = &after.members[0];
        assert_eq!(budi.not_eligible, vec![]);
        assert_eq!(budi.enrolment(Programme::Klj).unwrap().status, EnrolmentStatus::Stopped);
        assert_eq!(budi.enrolment(Programme::JknPbi).unwrap().status, EnrolmentStatus::Active);
        assert!(!changes.iter().any(|c| matches!(c, AppliedChange::Excluded { cause: Cause::Rule(_), .. })));
    }

    #[test]
    fn deceased_head_leaves_and_the_new_head_takes_over() {
        let mut f = form();
        f.edit(mf(0, MemberField::Presence), "meninggal", now()).unwrap();
        f.edit(mf(0, MemberField::Finding), "pemutakhiran", now()).unwrap();
        f.edit(mf(0, MemberField::UpdateReason), "meninggal", now()).unwrap();
        f.edit(mf(1, MemberField::Relationship), "kepala", now()).unwrap();
        f.edit(mf(1, MemberField::Marital), "cerai_mati", now()).unwrap();
        assert_eq!(f.errors(today()), vec![]);
        let (after, changes) = apply_findings(&household(), &f, &letter(), today());
        assert_eq!(after.members.len(), 2);
        assert_eq!(after.head().unwrap().name, "Siti Aminah");
        assert_eq!(validate_household(&after, today()), vec![]);
        let removed = changes
            .iter()
            .find_map(|c| match c {
                AppliedChange::PersonRemoved { person, presence } => Some((person, *presence)),
                _ => None,
            })
            .unwrap();
        assert_eq!(removed.1, MemberPresence::Died);
        assert_eq!(removed.0.status(), DtksStatus::Inactive);
        assert!(removed.0.not_eligible.contains(&NotEligibleReason::Deceased));
        assert!(removed.0.enrolments.iter().all(|e| e.status == EnrolmentStatus::Stopped));
        assert!(changes.contains(&AppliedChange::PersonField {
            nik: "3171065712850002".into(),
            field: MemberField::Relationship,
            old: "pasangan".into(),
            new: "kepala".into()
        }));
    }

    #[test]
    fn a_birth_joins_and_layak_starts_enrolments() {
        let mut f = form();
        let i = f.add_member(MemberPresence::Born, now());
        for (field, v) in [
            (MemberField::Nik, "3171060105250005"),
            (MemberField::Name, "Bayi Contoh"),
            (MemberField::Birthplace, "Jakarta"),
            (MemberField::BirthDate, "01-05-2025"),
            (MemberField::Sex, "L"),
            (MemberField::MotherName, "Siti Aminah"),
            (MemberField::Relationship, "cucu"),
            (MemberField::Marital, "belum_kawin"),
            (MemberField::Occupation, "tidak_bekerja"),
            (MemberField::Finding, "layak"),
            (MemberField::Programmes, "KAJ, JKN-PBI"),
        ] {
            f.edit(mf(i, field), v, now()).unwrap();
        }
        assert_eq!(f.errors(today()), vec![]);
        let (after, changes) = apply_findings(&household(), &f, &letter(), today());
        let baby = after.member("3171060105250005").unwrap();
        assert_eq!(baby.status(), DtksStatus::Active);
        assert_eq!(baby.history.last().unwrap().period.as_deref(), Some("KLJ-2025-06"));
        assert_eq!(baby.enrolment(Programme::Kaj).unwrap().since, letter().date);
        assert!(
            changes.contains(&AppliedChange::PersonAdded {
                nik: "3171060105250005".into(),
                presence: MemberPresence::Born
            })
        );
        assert!(assess(baby, &after, Programme::Kaj, today()).eligible);
        assert_eq!(validate_household(&after, today()), vec![]);
    }

    #[test]
    fn anomalous_data_suspends_and_corrections_are_listed() {
        let mut f = form();
        f.edit(mf(2, MemberField::Finding), "pemutakhiran", now()).unwrap();
        f.edit(mf(2, MemberField::UpdateReason), "data_anomali", now()).unwrap();
        f.edit(FieldId::Household(HouseholdField::Floor), "tanah", now()).unwrap();
        f.edit(FieldId::Household(HouseholdField::Rt), "6", now()).unwrap();
        let mut h = household();
        h.members[2].enrolments = vec![enrol(Programme::Pkh)];
        let (after, changes) = apply_findings(&h, &f, &letter(), today());
        assert_eq!(after.members[2].enrolments[0].status, EnrolmentStatus::Suspended);
        assert_eq!(after.address.rt, 6);
        assert_eq!(after.info.floor, Floor::Earth);
        assert!(changes.contains(&AppliedChange::HouseholdField {
            field: HouseholdField::Floor,
            old: "semen".into(),
            new: "tanah".into()
        }));
        // The input record is never changed.
        assert_eq!(h.members[2].enrolments[0].status, EnrolmentStatus::Active);
    }

    #[test]
    fn verification_round_trips_through_json() {
        let v = at(Stage::Ratified);
        let s = serde_json::to_string(&v).unwrap();
        assert_eq!(serde_json::from_str::<Verification>(&s).unwrap(), v);
        let (_, changes) = apply_findings(&household(), &form(), &letter(), today());
        let s = serde_json::to_string(&changes).unwrap();
        assert_eq!(serde_json::from_str::<Vec<AppliedChange>>(&s).unwrap(), changes);
    }
}
