//! What a deactivation (or reactivation) proposal says: whom, why, on what
//! evidence, from where, for which programmes; and how a draft is opened
//! against the household record.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::state::{Decision, Event, Refusal, State};
use crate::domain::codes::{Asset, DtksStatus, NotEligibleReason, Programme};
use crate::domain::model::Household;

/// Whom a proposal concerns.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Subject {
    /// One member, by NIK, inside the household record `no_kk`.
    Person { nik: String, no_kk: String },
    /// The whole household and every member.
    Household { no_kk: String },
}

impl Subject {
    pub fn no_kk(&self) -> &str {
        match self {
            Subject::Person { no_kk, .. } | Subject::Household { no_kk } => no_kk,
        }
    }
    /// The NIK (for a person) and No. KK the subject names.
    pub fn ids(&self) -> Vec<String> {
        match self {
            Subject::Person { nik, no_kk } => vec![nik.clone(), no_kk.clone()],
            Subject::Household { no_kk } => vec![no_kk.clone()],
        }
    }

    /// Whether the subject covers the person `nik` of household `no_kk`.
    pub fn covers(&self, no_kk: &str, nik: &str) -> bool {
        match self {
            Subject::Person { nik: n, .. } => n == nik,
            Subject::Household { no_kk: k } => k == no_kk,
        }
    }
}

/// The three grounds on which register data are deleted (seed 004).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeletionGround {
    /// Confirmed double by Dukcapil.
    Double,
    Deceased,
    NotEligible,
}

/// Why someone should leave the register (or a programme).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ground {
    /// One of the 15 tidak-layak reasons.
    NotEligible(NotEligibleReason),
    Deletion(DeletionGround),
    MovedOut,
    Improved,
}

impl DeletionGround {
    pub fn code(self) -> &'static str {
        match self {
            DeletionGround::Double => "ganda",
            DeletionGround::Deceased => "meninggal",
            DeletionGround::NotEligible => "tidak_layak",
        }
    }
}

impl Ground {
    /// The stable code in JSON and files: `tidak_layak:3`, `hapus:meninggal`,
    /// `pindah`, `membaik`.
    pub fn code(self) -> String {
        match self {
            Ground::NotEligible(r) => format!("tidak_layak:{}", r.code()),
            Ground::Deletion(g) => format!("hapus:{}", g.code()),
            Ground::MovedOut => "pindah".into(),
            Ground::Improved => "membaik".into(),
        }
    }
    pub fn is_death(self) -> bool {
        matches!(self, Ground::Deletion(DeletionGround::Deceased) | Ground::NotEligible(NotEligibleReason::Deceased))
    }
    /// Deletion grounds and death take a person out of every programme, so a
    /// proposal on them cannot name only some.
    pub fn needs_all_programmes(self) -> bool {
        self.is_death() || matches!(self, Ground::Deletion(_))
    }
}

/// Which way the proposal goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Deactivate(Ground),
    /// Back into the register; `answers` is the deactivation it undoes,
    /// where known. Its approval restarts the stopped enrolments in its scope.
    Reactivate {
        answers: Option<u64>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentKind {
    DeathCertificate,
    DukcapilMatch,
    BappedaAsset,
    /// The two records of a double, side by side.
    DoubleRecordPair,
    Other,
}

impl DocumentKind {
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::DeathCertificate => "akta_kematian",
            DocumentKind::DukcapilMatch => "padan_dukcapil",
            DocumentKind::BappedaAsset => "aset_bappeda",
            DocumentKind::DoubleRecordPair => "pasangan_ganda",
            DocumentKind::Other => "lain",
        }
    }
}

/// Where a piece of evidence points beyond its document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reference {
    /// A line of an imported monev file.
    FileLine { file: String, line: usize },
    /// The double's two household records: the one kept and the one removed.
    Pair { keep: String, remove: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub kind: DocumentKind,
    pub number: String,
    pub date: Option<NaiveDate>,
    /// SHA-256 of files held by the attachments store.
    pub files: Vec<String>,
    pub reference: Option<Reference>,
    /// The asset a Bappeda finding names, and its value in rupiah.
    pub asset: Option<(Asset, i64)>,
    pub note: String,
}

impl Evidence {
    /// A death certificate with its number and date: the urgent ground that
    /// lets a decision come before the Muskel.
    pub fn is_death_certificate(&self) -> bool {
        self.kind == DocumentKind::DeathCertificate && !self.number.trim().is_empty() && self.date.is_some()
    }
}

/// Where the proposal came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Origin {
    Petugas,
    Monev,
    Muskel,
    DoubleRecord,
}

impl Origin {
    pub fn code(self) -> &'static str {
        match self {
            Origin::Petugas => "petugas",
            Origin::Monev => "monev",
            Origin::Muskel => "muskel",
            Origin::DoubleRecord => "data_ganda",
        }
    }
}

/// The programmes a proposal affects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// The register itself and every programme.
    All,
    Named(Vec<Programme>),
}

impl Scope {
    pub fn includes(&self, p: Programme) -> bool {
        match self {
            Scope::All => true,
            Scope::Named(ps) => ps.contains(&p),
        }
    }
}

/// What the front end fills in to open a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftInput {
    pub id: u64,
    pub subject: Subject,
    pub direction: Direction,
    pub evidence: Vec<Evidence>,
    pub origin: Origin,
    pub scope: Scope,
    pub by: String,
    pub on: NaiveDate,
}

/// One proposal, a record of its own; `events` keeps every step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: u64,
    pub subject: Subject,
    pub direction: Direction,
    pub evidence: Vec<Evidence>,
    pub origin: Origin,
    pub scope: Scope,
    pub proposed_by: String,
    pub created: NaiveDate,
    pub state: State,
    /// The Muskel it was put to.
    pub muskel: Option<u64>,
    pub decision: Option<Decision>,
    /// The appeal's decision, once made.
    pub appeal_decision: Option<Decision>,
    /// What applying the approval changed, kept to undo or reverse it.
    pub changes: Vec<super::effect::Change>,
    pub events: Vec<Event>,
}

impl Proposal {
    /// Opens a draft. The subject must be in `household`; a deactivation
    /// needs it still active (or proposed), a reactivation needs it inactive.
    pub fn draft(input: DraftInput, household: &Household) -> Result<Proposal, Refusal> {
        check_subject(&input.subject, input.direction, household)?;
        check_scope(input.direction, &input.scope)?;
        let event = Event { state: State::Draft, by: input.by.clone(), on: input.on, note: String::new() };
        Ok(Proposal {
            id: input.id,
            subject: input.subject,
            direction: input.direction,
            evidence: input.evidence,
            origin: input.origin,
            scope: input.scope,
            proposed_by: input.by,
            created: input.on,
            state: State::Draft,
            muskel: None,
            decision: None,
            appeal_decision: None,
            changes: Vec::new(),
            events: vec![event],
        })
    }

    pub fn ground(&self) -> Option<Ground> {
        match self.direction {
            Direction::Deactivate(g) => Some(g),
            Direction::Reactivate { .. } => None,
        }
    }

    /// Deceased with a death certificate (number and date) on file.
    pub fn has_urgent_ground(&self) -> bool {
        self.ground().is_some_and(Ground::is_death) && self.evidence.iter().any(Evidence::is_death_certificate)
    }

    /// Whether its Muskel agreed it (whatever came after).
    pub fn agreed_in_muskel(&self) -> bool {
        self.events.iter().any(|e| e.state == super::state::State::Agreed)
    }

    /// Still waiting for something: not yet decided or not yet in effect.
    pub fn is_open(&self) -> bool {
        matches!(self.state, State::Draft | State::Proposed | State::Agreed | State::Approved)
    }
}

/// The subject exists in `household` and its status allows the direction.
pub(super) fn check_subject(subject: &Subject, direction: Direction, household: &Household) -> Result<(), Refusal> {
    if subject.no_kk() != household.no_kk {
        return Err(Refusal::WrongHousehold { expected: subject.no_kk().to_string(), got: household.no_kk.clone() });
    }
    let status = match subject {
        Subject::Person { nik, no_kk } => match household.member(nik) {
            Some(p) => p.status(),
            None => return Err(Refusal::UnknownPerson { nik: nik.clone(), no_kk: no_kk.clone() }),
        },
        Subject::Household { .. } => household.status(),
    };
    match (direction, status) {
        (Direction::Deactivate(_), DtksStatus::Inactive) => Err(Refusal::AlreadyInactive { subject: subject.clone() }),
        (Direction::Reactivate { .. }, DtksStatus::Active | DtksStatus::Proposed) => {
            Err(Refusal::NotInactive { subject: subject.clone() })
        }
        _ => Ok(()),
    }
}

/// Deletion grounds need every programme; a named scope names one at least.
pub(super) fn check_scope(direction: Direction, scope: &Scope) -> Result<(), Refusal> {
    if let (Direction::Deactivate(g), Scope::Named(_)) = (direction, scope)
        && g.needs_all_programmes()
    {
        return Err(Refusal::GroundNeedsAllProgrammes { ground: g });
    }
    if let Scope::Named(ps) = scope
        && ps.is_empty()
    {
        return Err(Refusal::NoProgramme);
    }
    Ok(())
}
