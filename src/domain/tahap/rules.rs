//! The rules a person must pass to be on a programme's recipient list for a
//! period, evaluated on the list's reference date. Each rule has a stable
//! name and fails with a typed reason; the age and condition rules are the
//! eligibility rules (`crate::domain::eligibility`) on that date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::account::{self, AccountUnusable, BurekolAccount};
use super::period::Period;
use crate::domain::codes::{DtksStatus, EnrolmentStatus, Programme};
use crate::domain::deactivation::Ground;
use crate::domain::eligibility::{self, DKI_PROVINCE, Rule};
use crate::domain::model::{Household, Person};

/// A recipient rule, in the order they are applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RecipientRule {
    /// KK (and so KTP) of DKI, and the address in DKI. The NIK's region is
    /// not asked: a NIK keeps the region of first issue after a move.
    DkiResidence,
    /// No deactivation decision in effect by the period's first day. Before
    /// the status and enrolment rules: a decision makes the person inactive
    /// and ends the enrolment, and the decision is the reason to name.
    NotDeactivated,
    /// Active in DTKS on the reference date.
    DtksActive,
    /// In the programme's age or condition category on the reference date.
    InCategory,
    /// The enrolment passed verification and is neither stopped nor
    /// suspended on the reference date.
    EnrolmentActive,
    /// An open Burekol account.
    AccountUsable,
}

impl RecipientRule {
    pub const ALL: &'static [RecipientRule] = &[
        RecipientRule::DkiResidence,
        RecipientRule::NotDeactivated,
        RecipientRule::DtksActive,
        RecipientRule::InCategory,
        RecipientRule::EnrolmentActive,
        RecipientRule::AccountUsable,
    ];
    /// Stable snake_case id, used in files, JSON and filters.
    pub fn name(self) -> &'static str {
        match self {
            RecipientRule::DkiResidence => "dki_residence",
            RecipientRule::DtksActive => "dtks_active",
            RecipientRule::InCategory => "in_category",
            RecipientRule::EnrolmentActive => "enrolment_active",
            RecipientRule::NotDeactivated => "not_deactivated",
            RecipientRule::AccountUsable => "account_usable",
        }
    }
    pub fn parse(name: &str) -> Option<RecipientRule> {
        RecipientRule::ALL.iter().copied().find(|r| r.name() == name.trim())
    }
}

/// Why a rule left a person out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Exclusion {
    /// Whether the KK (the KTP follows it) or the address lies outside DKI.
    OutsideDki {
        kk: bool,
        address: bool,
    },
    /// The DTKS status on the reference date (never registered: proposed).
    DtksStatus(DtksStatus),
    /// The failed eligibility rule (age 60+, 0–6, disability, COVID orphan…).
    NotInCategory(#[serde(with = "rule_by_name")] Rule),
    NotEnrolled,
    /// The enrolment's status on the reference date.
    Enrolment(EnrolmentStatus),
    /// The enrolment started after, or ended before, the reference date.
    EnrolmentNotCurrent {
        since: NaiveDate,
        until: Option<NaiveDate>,
    },
    /// Deactivated by a decision in effect.
    Deactivated(DecisionRef),
    Account(AccountUnusable),
}

impl Exclusion {
    pub fn rule(self) -> RecipientRule {
        match self {
            Exclusion::OutsideDki { .. } => RecipientRule::DkiResidence,
            Exclusion::DtksStatus(_) => RecipientRule::DtksActive,
            Exclusion::NotInCategory(_) => RecipientRule::InCategory,
            Exclusion::NotEnrolled | Exclusion::Enrolment(_) | Exclusion::EnrolmentNotCurrent { .. } => {
                RecipientRule::EnrolmentActive
            }
            Exclusion::Deactivated { .. } => RecipientRule::NotDeactivated,
            Exclusion::Account(_) => RecipientRule::AccountUsable,
        }
    }
}

/// `eligibility::Rule` is kept by its stable name.
mod rule_by_name {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::domain::eligibility::Rule;

    pub fn serialize<S: Serializer>(rule: &Rule, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(rule.name())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Rule, D::Error> {
        let name = String::deserialize(d)?;
        Rule::parse(&name).ok_or_else(|| D::Error::custom(format!("unknown eligibility rule '{name}'")))
    }
}

/// The deactivation decision that keeps a person off a programme's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRef {
    /// The proposal's number.
    pub decision: u64,
    pub ground: Ground,
    /// The day it was decided.
    pub decided: NaiveDate,
    /// The first day it holds for the programme.
    pub effective: NaiveDate,
}

/// Deactivation decisions, supplied by whoever keeps them.
pub trait Deactivations {
    /// The decision that has `nik` out of `programme` on `on`, if any.
    fn in_effect(&self, nik: &str, programme: Programme, on: NaiveDate) -> Option<DecisionRef>;
}

/// No deactivation decisions recorded.
pub struct NoDeactivations;

impl Deactivations for NoDeactivations {
    fn in_effect(&self, _: &str, _: Programme, _: NaiveDate) -> Option<DecisionRef> {
        None
    }
}

impl Deactivations for std::collections::HashMap<(String, Programme), DecisionRef> {
    fn in_effect(&self, nik: &str, programme: Programme, on: NaiveDate) -> Option<DecisionRef> {
        self.get(&(nik.to_string(), programme)).copied().filter(|d| d.effective <= on)
    }
}

/// What the rules are evaluated against.
pub struct Subject<'a> {
    pub person: &'a Person,
    pub household: &'a Household,
    pub account: Option<&'a BurekolAccount>,
}

/// The outcome of every rule for one person, in [`RecipientRule::ALL`] order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub outcomes: Vec<(RecipientRule, Result<(), Exclusion>)>,
}

impl Verdict {
    pub fn passes(&self) -> bool {
        self.outcomes.iter().all(|(_, r)| r.is_ok())
    }
    /// The rule that decides: the first failed one.
    pub fn first_failure(&self) -> Option<Exclusion> {
        self.failures().next()
    }
    pub fn failures(&self) -> impl Iterator<Item = Exclusion> + '_ {
        self.outcomes.iter().filter_map(|(_, r)| r.err())
    }
}

/// The category rule of a programme: the eligibility rule naming its age or
/// condition. BPNT and JKN-PBI have none.
pub fn category_rule(programme: Programme) -> Option<Rule> {
    match programme {
        Programme::Klj => Some(Rule::Age60Plus),
        Programme::Kaj => Some(Rule::Age0To6),
        Programme::Kpdj => Some(Rule::Disability),
        Programme::Kparj => Some(Rule::CovidOrphan),
        Programme::Pkh => Some(Rule::PkhHousehold),
        Programme::Bpnt | Programme::JknPbi => None,
    }
}

/// The DTKS status on `on`: the latest history entry since then.
fn dtks_status_on(person: &Person, on: NaiveDate) -> DtksStatus {
    person.history.iter().filter(|e| e.since <= on).max_by_key(|e| e.since).map_or(DtksStatus::Proposed, |e| e.status)
}

fn check(
    rule: RecipientRule,
    s: &Subject,
    programme: Programme,
    period: Period,
    reference: NaiveDate,
    deactivations: &dyn Deactivations,
) -> Result<(), Exclusion> {
    let p = s.person;
    match rule {
        RecipientRule::DkiResidence => {
            let kk = s.household.no_kk.get(..2) != Some(DKI_PROVINCE);
            let address = s.household.address.province() != DKI_PROVINCE;
            if kk || address { Err(Exclusion::OutsideDki { kk, address }) } else { Ok(()) }
        }
        RecipientRule::DtksActive => match dtks_status_on(p, reference) {
            DtksStatus::Active => Ok(()),
            other => Err(Exclusion::DtksStatus(other)),
        },
        RecipientRule::InCategory => {
            let Some(rule) = category_rule(programme) else { return Ok(()) };
            let a = eligibility::assess(p, s.household, programme, reference);
            match a.outcomes.iter().find(|o| o.rule == rule) {
                Some(o) if !o.passed => Err(Exclusion::NotInCategory(rule)),
                _ => Ok(()),
            }
        }
        RecipientRule::EnrolmentActive => {
            let e = p.enrolment(programme).ok_or(Exclusion::NotEnrolled)?;
            if e.status != EnrolmentStatus::Active {
                return Err(Exclusion::Enrolment(e.status));
            }
            if e.since > reference || e.until.is_some_and(|u| u < reference) {
                return Err(Exclusion::EnrolmentNotCurrent { since: e.since, until: e.until });
            }
            Ok(())
        }
        RecipientRule::NotDeactivated => match deactivations.in_effect(&p.nik, programme, period.first_day()) {
            Some(d) => Err(Exclusion::Deactivated(d)),
            None => Ok(()),
        },
        RecipientRule::AccountUsable => account::usable(s.account, reference).map_err(Exclusion::Account),
    }
}

/// Every recipient rule for one person, one programme and one period whose
/// list is evaluated on `reference`.
pub fn evaluate(
    s: &Subject,
    programme: Programme,
    period: Period,
    reference: NaiveDate,
    deactivations: &dyn Deactivations,
) -> Verdict {
    let outcomes =
        RecipientRule::ALL.iter().map(|&r| (r, check(r, s, programme, period, reference, deactivations))).collect();
    Verdict { outcomes }
}

#[cfg(test)]
mod tests;
