//! Monev findings (Dukcapil population status, Bappeda assets) become draft
//! proposals, the file line as evidence. A subject with an open proposal is
//! not proposed twice.
//!
//! Mapping: deceased → deletion on death; moved → moved out; not matching
//! Dukcapil → reason 2 (individual not found); a Bappeda asset → reason 11
//! (considered well-off).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::proposal::{
    DeletionGround, Direction, DocumentKind, DraftInput, Evidence, Ground, Origin, Proposal, Reference, Scope, Subject,
};
use super::state::Refusal;
use crate::domain::codes::{Asset, NotEligibleReason};
use crate::domain::model::Household;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DukcapilStatus {
    Deceased { date: NaiveDate },
    Moved { new_address: String },
    NotMatching,
}

/// Whom a Bappeda finding names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssetHolder {
    Nik(String),
    NoKk(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FindingKind {
    Dukcapil { nik: String, status: DukcapilStatus },
    Bappeda { holder: AssetHolder, asset: Asset, value: i64 },
}

/// One line of a monev result file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub kind: FindingKind,
}

/// What became of a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindingOutcome {
    Drafted(Box<Proposal>),
    /// The subject already has open proposal `id`.
    AlreadyOpen {
        id: u64,
    },
}

/// Turns `finding` about a member of `household` into draft `id`, unless one
/// of `open` (the household's proposals) already covers the subject.
pub fn draft_from_finding(
    finding: &Finding,
    household: &Household,
    open: &[Proposal],
    id: u64,
    by: &str,
    today: NaiveDate,
) -> Result<FindingOutcome, Refusal> {
    let no_kk = household.no_kk.clone();
    let (subject, ground, kind, date, note) = match &finding.kind {
        FindingKind::Dukcapil { nik, status } => {
            let subject = Subject::Person { nik: nik.clone(), no_kk };
            match status {
                DukcapilStatus::Deceased { date } if *date > today => {
                    return Err(Refusal::DeathDateInFuture { date: *date });
                }
                DukcapilStatus::Deceased { date } => (
                    subject,
                    Ground::Deletion(DeletionGround::Deceased),
                    DocumentKind::DukcapilMatch,
                    Some(*date),
                    String::new(),
                ),
                DukcapilStatus::Moved { new_address } => {
                    (subject, Ground::MovedOut, DocumentKind::DukcapilMatch, None, new_address.trim().to_string())
                }
                DukcapilStatus::NotMatching => (
                    subject,
                    Ground::NotEligible(NotEligibleReason::PersonNotFound),
                    DocumentKind::DukcapilMatch,
                    None,
                    String::new(),
                ),
            }
        }
        FindingKind::Bappeda { holder, .. } => {
            let subject = match holder {
                AssetHolder::Nik(nik) => Subject::Person { nik: nik.clone(), no_kk },
                AssetHolder::NoKk(k) => Subject::Household { no_kk: k.clone() },
            };
            (subject, Ground::NotEligible(NotEligibleReason::WellOff), DocumentKind::BappedaAsset, None, String::new())
        }
    };
    if let Some(p) = open.iter().find(|p| p.is_open() && overlaps(&p.subject, &subject, household)) {
        return Ok(FindingOutcome::AlreadyOpen { id: p.id });
    }
    let evidence = Evidence {
        kind,
        number: String::new(),
        date,
        files: Vec::new(),
        reference: Some(Reference::FileLine { file: finding.file.clone(), line: finding.line }),
        asset: match &finding.kind {
            FindingKind::Bappeda { asset, value, .. } => Some((*asset, *value)),
            FindingKind::Dukcapil { .. } => None,
        },
        note,
    };
    let input = DraftInput {
        id,
        subject,
        direction: Direction::Deactivate(ground),
        evidence: vec![evidence],
        origin: Origin::Monev,
        scope: Scope::All,
        by: by.to_string(),
        on: today,
    };
    Proposal::draft(input, household).map(|p| FindingOutcome::Drafted(Box::new(p)))
}

/// Two subjects overlap when one covers a person the other covers.
fn overlaps(a: &Subject, b: &Subject, h: &Household) -> bool {
    h.members.iter().any(|p| a.covers(&h.no_kk, &p.nik) && b.covers(&h.no_kk, &p.nik))
        || matches!((a, b), (Subject::Household { no_kk: x }, Subject::Household { no_kk: y }) if x == y)
}
