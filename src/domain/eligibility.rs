//! Programme eligibility on a reference date. (Signatures fixed; bodies to be written.)

use chrono::NaiveDate;

use super::codes::Programme;
use super::model::{Household, Person};

/// Age in whole years on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    let _ = (birth, on);
    todo!()
}

/// A named rule; each has a reason text in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOutcome {
    pub rule: Rule,
    pub passed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub programme: Programme,
    pub eligible: bool,
    /// Every rule applied, in order; the first failed one decides.
    pub outcomes: Vec<RuleOutcome>,
}

pub fn assess(person: &Person, household: &Household, programme: Programme, today: NaiveDate) -> Assessment {
    let _ = (person, household, programme, today);
    todo!()
}
