//! Quotas: a programme's list for a period is capped; eligible candidates
//! beyond the cap wait on the *daftar tunggu* in a priority order that is a
//! setting. "Eligible but beyond the quota" is a standing of its own,
//! distinct from being left out by a rule.

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::rules::{Exclusion, Verdict};

/// One key of the priority order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PriorityKey {
    /// Poorest first (DTSEN decile 1 before 10); an unknown decile last.
    DecileAscending,
    /// Oldest first.
    AgeDescending,
    /// Youngest first.
    AgeAscending,
    /// By NIK, for a stable order; always applied last even when not named.
    Nik,
}

impl PriorityKey {
    pub const ALL: &'static [PriorityKey] =
        &[PriorityKey::DecileAscending, PriorityKey::AgeDescending, PriorityKey::AgeAscending, PriorityKey::Nik];
    /// Stable id for settings files.
    pub fn name(self) -> &'static str {
        match self {
            PriorityKey::DecileAscending => "decile_asc",
            PriorityKey::AgeDescending => "age_desc",
            PriorityKey::AgeAscending => "age_asc",
            PriorityKey::Nik => "nik",
        }
    }
    pub fn parse(name: &str) -> Option<PriorityKey> {
        PriorityKey::ALL.iter().copied().find(|k| k.name() == name.trim())
    }
}

/// A programme's quota for a period and the order of its waiting list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaSetting {
    /// `None`: no cap.
    pub quota: Option<usize>,
    pub order: Vec<PriorityKey>,
}

/// An eligible person competing for a place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub nik: String,
    pub decile: Option<u8>,
    pub birth_date: NaiveDate,
}

fn compare(key: PriorityKey, a: &Candidate, b: &Candidate) -> Ordering {
    match key {
        // `None` after every known decile.
        PriorityKey::DecileAscending => match (a.decile, b.decile) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        PriorityKey::AgeDescending => a.birth_date.cmp(&b.birth_date),
        PriorityKey::AgeAscending => b.birth_date.cmp(&a.birth_date),
        PriorityKey::Nik => a.nik.cmp(&b.nik),
    }
}

/// The list and the waiting list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuotaOutcome {
    pub list: Vec<Candidate>,
    /// In order; position 1 is next in line.
    pub waiting: Vec<Candidate>,
}

impl QuotaOutcome {
    /// Where `nik` stands among the candidates.
    pub fn standing_of(&self, nik: &str) -> Option<Standing> {
        if self.list.iter().any(|c| c.nik == nik) {
            return Some(Standing::OnList);
        }
        self.waiting.iter().position(|c| c.nik == nik).map(|i| Standing::Waiting { position: i + 1 })
    }
}

/// Orders `candidates` by `setting.order` (then NIK) and cuts at the quota.
pub fn apply(mut candidates: Vec<Candidate>, setting: &QuotaSetting) -> QuotaOutcome {
    candidates.sort_by(|a, b| {
        setting
            .order
            .iter()
            .chain(std::iter::once(&PriorityKey::Nik))
            .map(|&k| compare(k, a, b))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
    let cut = setting.quota.unwrap_or(candidates.len()).min(candidates.len());
    let waiting = candidates.split_off(cut);
    QuotaOutcome { list: candidates, waiting }
}

/// The answer to "is this person on the list, and if not, why?".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    OnList,
    /// Eligible, but beyond the quota: 1-based place on the waiting list.
    Waiting {
        position: usize,
    },
    /// Left out by the rules: the first failed one decides, all are kept.
    Excluded {
        first: Exclusion,
        all: Vec<Exclusion>,
    },
}

/// One person's standing: the rules first, then the quota. `None` when the
/// person passes the rules but was not among the candidates given.
pub fn standing(nik: &str, verdict: &Verdict, outcome: &QuotaOutcome) -> Option<Standing> {
    match verdict.first_failure() {
        Some(first) => Some(Standing::Excluded { first, all: verdict.failures().collect() }),
        None => outcome.standing_of(nik),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::date;

    fn c(nik: &str, decile: Option<u8>, birth: NaiveDate) -> Candidate {
        Candidate { nik: nik.into(), decile, birth_date: birth }
    }

    fn niks(cs: &[Candidate]) -> Vec<&str> {
        cs.iter().map(|c| c.nik.as_str()).collect()
    }

    fn people() -> Vec<Candidate> {
        vec![
            c("05", Some(2), date(1950, 1, 1)),
            c("04", None, date(1940, 1, 1)),
            c("03", Some(1), date(1960, 1, 1)),
            c("02", Some(1), date(1955, 1, 1)),
            c("01", Some(2), date(1950, 1, 1)),
        ]
    }

    #[test]
    fn decile_then_age_then_nik() {
        let s = QuotaSetting { quota: Some(3), order: vec![PriorityKey::DecileAscending, PriorityKey::AgeDescending] };
        let out = apply(people(), &s);
        // Decile 1 oldest first; "01" and "05" tie on decile and age: NIK decides.
        assert_eq!(niks(&out.list), ["02", "03", "01"]);
        assert_eq!(niks(&out.waiting), ["05", "04"]);
        assert_eq!(out.standing_of("02"), Some(Standing::OnList));
        assert_eq!(out.standing_of("05"), Some(Standing::Waiting { position: 1 }));
        assert_eq!(out.standing_of("04"), Some(Standing::Waiting { position: 2 }));
        assert_eq!(out.standing_of("99"), None);
    }

    #[test]
    fn the_order_is_stable_whatever_the_input_order() {
        let s = QuotaSetting { quota: Some(2), order: vec![PriorityKey::DecileAscending] };
        let mut reversed = people();
        reversed.reverse();
        assert_eq!(apply(people(), &s), apply(reversed, &s));
        assert_eq!(niks(&apply(people(), &s).list), ["02", "03"]);
    }

    #[test]
    fn age_keys_and_no_quota() {
        let young = QuotaSetting { quota: None, order: vec![PriorityKey::AgeAscending] };
        let out = apply(people(), &young);
        assert_eq!(niks(&out.list), ["03", "02", "01", "05", "04"]);
        assert!(out.waiting.is_empty());
        let old = QuotaSetting { quota: Some(1), order: vec![PriorityKey::AgeDescending] };
        assert_eq!(niks(&apply(people(), &old).list), ["04"]);
        let zero = QuotaSetting { quota: Some(0), order: vec![] };
        let out = apply(people(), &zero);
        assert!(out.list.is_empty());
        assert_eq!(niks(&out.waiting), ["01", "02", "03", "04", "05"]);
        let big = QuotaSetting { quota: Some(10), order: vec![] };
        assert_eq!(apply(people(), &big).list.len(), 5);
    }

    #[test]
    fn the_rules_decide_before_the_quota() {
        use crate::domain::eligibility::Rule;
        use crate::domain::tahap::account::AccountUnusable;
        use crate::domain::tahap::rules::RecipientRule;
        let s = QuotaSetting { quota: Some(1), order: vec![PriorityKey::DecileAscending] };
        let out = apply(people(), &s);
        let pass = Verdict { outcomes: RecipientRule::ALL.iter().map(|&r| (r, Ok(()))).collect() };
        assert_eq!(standing("03", &pass, &out), Some(Standing::Waiting { position: 1 }));
        assert_eq!(standing("02", &pass, &out), Some(Standing::OnList));
        assert_eq!(standing("77", &pass, &out), None);
        let mut fail = pass.clone();
        let cat = Exclusion::NotInCategory(Rule::Age60Plus);
        let acc = Exclusion::Account(AccountUnusable::Missing);
        fail.outcomes[2].1 = Err(cat);
        fail.outcomes[5].1 = Err(acc);
        assert_eq!(standing("02", &fail, &out), Some(Standing::Excluded { first: cat, all: vec![cat, acc] }));
    }

    #[test]
    fn key_names_parse_back() {
        for k in PriorityKey::ALL {
            assert_eq!(PriorityKey::parse(k.name()), Some(*k));
        }
        assert_eq!(PriorityKey::parse("desil"), None);
    }
}
