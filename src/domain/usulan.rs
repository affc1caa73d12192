//! Usulan: proposals to enter DTKS and/or to receive assistance (seed 004).
//!
//! Three kinds, as the seed lists them: (1) enter DTKS; (2) enter DTKS and
//! receive assistance; (3) receive assistance and/or JKN-PBI while already in
//! DTKS. Sources: the regional government, the Ministry, residents
//! themselves (usulan mandiri).
//!
//! A self-proposal is accepted only when [`check_usulan`] finds no problem:
//! the person is not already in DTKS (kinds 1 and 2) or is in it (kind 3),
//! is not already a recipient of a programme it asks for, its population
//! fields are complete, its NIK decodes and agrees with the birth date and
//! sex, and, where the register already holds the person, the address
//! agrees at least 80% (the seed's "paling sedikit 80% padan").
//!
//! The 30-day rule ([`deadline`]): the submission day is day 0 and day 30
//! (`submitted + 30`) is the last day on which a verification is in time. A
//! self-proposal not verified by the end of day 30 is *layak otomatis* from
//! day 31 (`submitted + 31`), the date shown beside it. A verification made
//! after the deadline is recorded but does not undo the automatic
//! eligibility that had already happened.

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::codes::{
    Disability, DtksStatus, EnrolmentStatus, MaritalStatus, Occupation, Programme, Relationship, Sex, Source, coded,
};
use super::model::{Address, Household, Person, Pregnancy};
use super::names::fold;
use super::nik::{NumberError, decode_nik};
use super::validate::MemberRef;

coded!(
    /// Jenis usulan, numbered as in seed 004.
    UsulanKind {
        Entry = "masuk_dtks", "Usulan masuk DTKS", "Enter DTKS";
        EntryWithAssistance = "masuk_dtks_bansos", "Usulan masuk DTKS sekaligus mendapatkan bansos", "Enter DTKS and receive assistance";
        Assistance = "bansos_pbi", "Usulan mendapatkan bansos dan/atau JKN-PBI (sudah di DTKS)", "Receive assistance and/or JKN-PBI (already in DTKS)";
    }
);

impl UsulanKind {
    /// Kinds 1 and 2 bring someone into DTKS; kind 3 needs them there.
    pub fn enters_dtks(self) -> bool {
        !matches!(self, UsulanKind::Assistance)
    }
    /// Kinds 2 and 3 ask for at least one programme; kind 1 for none.
    pub fn asks_assistance(self) -> bool {
        !matches!(self, UsulanKind::Entry)
    }
}

coded!(
    /// The population fields a self-proposal must fill.
    PopField {
        Nik = "nik", "NIK", "NIK";
        Name = "nama", "Nama lengkap", "Full name";
        Birthplace = "tempat_lahir", "Tempat lahir", "Birthplace";
        BirthDate = "tanggal_lahir", "Tanggal lahir", "Birth date";
        Sex = "jenis_kelamin", "Jenis kelamin", "Sex";
        MotherName = "nama_ibu", "Nama ibu kandung", "Mother's maiden name";
        Relationship = "hubungan", "Hubungan dalam keluarga", "Relationship to the head";
        Marital = "status_kawin", "Status perkawinan", "Marital status";
        NoKk = "no_kk", "Nomor KK", "No. KK";
        Kelurahan = "kelurahan", "Kelurahan/desa", "Kelurahan/village";
        Rw = "rw", "RW", "RW";
        Rt = "rt", "RT", "RT";
        Street = "alamat", "Alamat jalan", "Street address";
    }
);

/// What the proposal is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// The whole household (keluarga) of `Usulan::no_kk`.
    Household,
    /// One person of it.
    Person { nik: String },
}

/// A person's population data as proposed. Choices left open are `None`
/// and texts left empty are missing. Deserialize is in `store::layouts`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProposedPerson {
    pub nik: String,
    pub name: String,
    pub birthplace: String,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub mother_name: String,
    pub relationship: Option<Relationship>,
    pub marital: Option<MaritalStatus>,
    /// What the proposal says of work, disability and pregnancy (SIKS-NG's
    /// template carries them); None where it says nothing.
    pub occupation: Option<Occupation>,
    pub disability: Option<Disability>,
    pub pregnancy: Option<Pregnancy>,
}

impl ProposedPerson {
    /// A person's registered data, proposed as it stands.
    pub fn of(p: &Person) -> ProposedPerson {
        ProposedPerson {
            nik: p.nik.clone(),
            name: p.name.clone(),
            birthplace: p.birthplace.clone(),
            birth_date: Some(p.birth_date),
            sex: Some(p.sex),
            mother_name: p.mother_name.clone(),
            relationship: Some(p.relationship),
            marital: Some(p.marital),
            occupation: Some(p.occupation),
            disability: p.disability,
            pregnancy: p.pregnancy.clone(),
        }
    }
}

/// The outcome of the regional government's verification of a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsulanVerification {
    pub on: NaiveDate,
    pub by: String,
    pub layak: bool,
    pub note: String,
}

/// One proposal, kept as its own record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usulan {
    pub id: u64,
    pub kind: UsulanKind,
    pub source: Source,
    pub target: Target,
    pub no_kk: String,
    /// RW or RT 0 means not filled in.
    pub address: Address,
    /// The persons named: every member for a household proposal.
    pub persons: Vec<ProposedPerson>,
    pub programmes: Vec<Programme>,
    /// Who entered it (user name) and when.
    pub entered_by: String,
    pub entered_at: NaiveDateTime,
    /// The day it was submitted; the 30-day rule counts from here.
    pub submitted: NaiveDate,
    pub verification: Option<UsulanVerification>,
}

/// Days the regional government has to verify a self-proposal.
pub const VERIFY_WITHIN_DAYS: u64 = 30;
/// Address agreement a self-proposal needs with the register, in percent.
pub const ADDRESS_MATCH_PERCENT: u32 = 80;

/// Why a proposal cannot be accepted. Each names the condition that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsulanProblem {
    NoPersons,
    TargetNotNamed {
        nik: String,
    },
    /// Kind 1 asks for no programme.
    ProgrammesOnEntry,
    /// Kinds 2 and 3 must name a programme.
    NoProgramme {
        kind: UsulanKind,
    },
    NoEnteredBy,
    AlreadyInDtks {
        nik: String,
    },
    NotInDtks {
        nik: String,
    },
    AlreadyRecipient {
        nik: String,
        programme: Programme,
    },
    Missing {
        who: Whose,
        field: PopField,
    },
    NikInvalid {
        who: Whose,
        error: NumberError,
    },
    NikBirthDate {
        nik: String,
        in_nik: NaiveDate,
        proposed: NaiveDate,
    },
    NikSex {
        nik: String,
        in_nik: Sex,
        proposed: Sex,
    },
    AddressMismatch {
        nik: String,
        percent: u32,
        differing: Vec<PopField>,
    },
}

/// Whose data a problem is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whose {
    /// The household's own fields (the address), by its No. KK.
    Household { no_kk: String },
    /// A person of the proposal, `index` from 0 in `Usulan::persons`.
    Person(MemberRef),
}

fn who(p: &ProposedPerson, index: usize) -> Whose {
    Whose::Person(MemberRef { index, name: p.name.trim().to_string(), nik: p.nik.trim().to_string() })
}

/// A person is "in DTKS" when the register holds them with status active.
/// A proposed or deactivated record does not count.
fn find<'a>(known: &'a [Household], nik: &str) -> Option<(&'a Household, &'a Person)> {
    known.iter().find_map(|h| h.member(nik).map(|p| (h, p)))
}

fn live(p: &Person, programme: Programme) -> bool {
    p.enrolment(programme).is_some_and(|e| e.status != EnrolmentStatus::Stopped)
}

/// Agreement of two addresses over province, kab/kota, kecamatan,
/// kelurahan, RW, RT and street (folded), in whole percent, with the fields
/// that differ (the region levels are reported as the kelurahan).
pub fn address_agreement(proposed: &Address, registered: &Address) -> (u32, Vec<PopField>) {
    let region = [
        proposed.province() == registered.province(),
        proposed.kabkota() == registered.kabkota(),
        proposed.kecamatan() == registered.kecamatan(),
        proposed.kelurahan == registered.kelurahan,
    ];
    let rest = [
        (proposed.rw == registered.rw, PopField::Rw),
        (proposed.rt == registered.rt, PopField::Rt),
        (fold(&proposed.street) == fold(&registered.street), PopField::Street),
    ];
    let same = region.iter().filter(|x| **x).count() + rest.iter().filter(|x| x.0).count();
    let mut differing = Vec::new();
    if region.iter().any(|x| !x) {
        differing.push(PopField::Kelurahan);
    }
    differing.extend(rest.iter().filter(|x| !x.0).map(|x| x.1));
    let total = region.len() + rest.len();
    (u32::try_from(same * 100 / total).unwrap_or(0), differing)
}

/// Every problem of a proposal. Shape problems apply to every source; the
/// self-proposal conditions of seed 004 apply when `source` is
/// [`Source::SelfProposal`]. `known` holds the households the register
/// returned for the proposal's No. KK and NIKs (empty when none).
pub fn check_usulan(u: &Usulan, known: &[Household], today: NaiveDate) -> Vec<UsulanProblem> {
    use UsulanProblem as P;
    let mut out = Vec::new();
    if u.persons.is_empty() {
        out.push(P::NoPersons);
    }
    if let Target::Person { nik } = &u.target
        && !u.persons.iter().any(|p| p.nik.trim() == nik.trim())
    {
        out.push(P::TargetNotNamed { nik: nik.clone() });
    }
    match (u.kind.asks_assistance(), u.programmes.is_empty()) {
        (false, false) => out.push(P::ProgrammesOnEntry),
        (true, true) => out.push(P::NoProgramme { kind: u.kind }),
        _ => {}
    }
    if u.entered_by.trim().is_empty() {
        out.push(P::NoEnteredBy);
    }
    if u.source != Source::SelfProposal {
        return out;
    }

    let household_missing = [
        (u.no_kk.trim().is_empty(), PopField::NoKk),
        (u.address.kelurahan.trim().is_empty(), PopField::Kelurahan),
        (u.address.rw == 0, PopField::Rw),
        (u.address.rt == 0, PopField::Rt),
        (u.address.street.trim().is_empty(), PopField::Street),
    ];
    for (missing, field) in household_missing {
        if missing {
            out.push(P::Missing { who: Whose::Household { no_kk: u.no_kk.trim().to_string() }, field });
        }
    }

    for (i, p) in u.persons.iter().enumerate() {
        // Only the persons the proposal is about are held to the conditions.
        if let Target::Person { nik } = &u.target
            && p.nik.trim() != nik.trim()
        {
            continue;
        }
        let w = who(p, i);
        let nik = p.nik.trim();
        let texts = [
            (nik, PopField::Nik),
            (p.name.as_str(), PopField::Name),
            (p.birthplace.as_str(), PopField::Birthplace),
            (p.mother_name.as_str(), PopField::MotherName),
        ];
        for (t, field) in texts {
            if t.trim().is_empty() {
                out.push(P::Missing { who: w.clone(), field });
            }
        }
        let choices = [
            (p.birth_date.is_none(), PopField::BirthDate),
            (p.sex.is_none(), PopField::Sex),
            (p.relationship.is_none(), PopField::Relationship),
            (p.marital.is_none(), PopField::Marital),
        ];
        for (missing, field) in choices {
            if missing {
                out.push(P::Missing { who: w.clone(), field });
            }
        }
        if !nik.is_empty() {
            match decode_nik(nik, p.birth_date, today) {
                Err(error) => out.push(P::NikInvalid { who: w.clone(), error }),
                Ok(info) => {
                    if let Some(b) = p.birth_date
                        && b != info.birth_date
                    {
                        out.push(P::NikBirthDate { nik: nik.into(), in_nik: info.birth_date, proposed: b });
                    }
                    if let Some(s) = p.sex
                        && s != info.sex
                    {
                        out.push(P::NikSex { nik: nik.into(), in_nik: info.sex, proposed: s });
                    }
                }
            }
        }

        let found = find(known, nik).filter(|_| !nik.is_empty());
        let active = found.is_some_and(|(_, q)| q.status() == DtksStatus::Active);
        match (u.kind.enters_dtks(), active) {
            (true, true) => out.push(P::AlreadyInDtks { nik: nik.into() }),
            (false, false) => out.push(P::NotInDtks { nik: nik.into() }),
            _ => {}
        }
        if let Some((h, q)) = found {
            for &programme in &u.programmes {
                if live(q, programme) {
                    out.push(P::AlreadyRecipient { nik: nik.into(), programme });
                }
            }
            let (percent, differing) = address_agreement(&u.address, &h.address);
            if percent < ADDRESS_MATCH_PERCENT {
                out.push(P::AddressMismatch { nik: nik.into(), percent, differing });
            }
        }
    }
    out
}

/// Where a proposal stands against the 30-day rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Deadline {
    /// Not a self-proposal: no deadline.
    NotApplicable,
    /// Not yet verified; `days_left` is 0 on the deadline day itself.
    Open {
        deadline: NaiveDate,
        days_left: i64,
    },
    VerifiedInTime {
        on: NaiveDate,
    },
    /// Layak otomatis since `since` (the day after the deadline).
    AutoEligible {
        since: NaiveDate,
    },
}

/// Last day on which verifying a self-proposal is in time.
pub fn verification_deadline(submitted: NaiveDate) -> NaiveDate {
    submitted.checked_add_days(Days::new(VERIFY_WITHIN_DAYS)).unwrap_or(NaiveDate::MAX)
}

/// The 30-day rule on `today`; see the module docs for the day count.
pub fn deadline(u: &Usulan, today: NaiveDate) -> Deadline {
    if u.source != Source::SelfProposal {
        return Deadline::NotApplicable;
    }
    let last = verification_deadline(u.submitted);
    let since = last.succ_opt().unwrap_or(last);
    match &u.verification {
        Some(v) if v.on <= last => Deadline::VerifiedInTime { on: v.on },
        Some(_) => Deadline::AutoEligible { since },
        None if today <= last => Deadline::Open { deadline: last, days_left: (last - today).num_days() },
        None => Deadline::AutoEligible { since },
    }
}

#[cfg(test)]
mod tests;
