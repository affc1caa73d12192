//! Burekol accounts: the collective account (*buka rekening kolektif*) each
//! PKD recipient is paid into.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Shortest and longest account numbers accepted (Indonesian banks use 10
/// to 16 digits).
pub const ACCOUNT_DIGITS: std::ops::RangeInclusive<usize> = 10..=16;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccountStatus {
    Open,
    /// Unused too long; the bank will not credit it until reactivated.
    Dormant,
    Closed,
    Blocked,
}

impl AccountStatus {
    pub const ALL: &'static [AccountStatus] =
        &[AccountStatus::Open, AccountStatus::Dormant, AccountStatus::Closed, AccountStatus::Blocked];
    /// The code in the bank's files and the store.
    pub fn code(self) -> &'static str {
        match self {
            AccountStatus::Open => "open",
            AccountStatus::Dormant => "dormant",
            AccountStatus::Closed => "closed",
            AccountStatus::Blocked => "blocked",
        }
    }
    /// Accepts the code or the Indonesian word the bank uses, any case.
    pub fn parse(s: &str) -> Option<AccountStatus> {
        match s.trim().to_ascii_lowercase().as_str() {
            "open" | "aktif" | "buka" => Some(AccountStatus::Open),
            "dormant" | "pasif" => Some(AccountStatus::Dormant),
            "closed" | "tutup" | "ditutup" => Some(AccountStatus::Closed),
            "blocked" | "blokir" | "diblokir" => Some(AccountStatus::Blocked),
            _ => None,
        }
    }
}

/// A validated account number: digits only, [`ACCOUNT_DIGITS`] long.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AccountNumber(String);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountError {
    Empty,
    /// A character that is not a digit, at 1-based `position`.
    NotDigit {
        position: usize,
        found: char,
    },
    /// Too short or too long.
    Length {
        digits: usize,
    },
}

impl AccountNumber {
    /// Spaces, dots and dashes people type between groups are dropped.
    pub fn parse(s: &str) -> Result<AccountNumber, AccountError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(AccountError::Empty);
        }
        let mut digits = String::with_capacity(t.len());
        for (i, c) in t.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '.' | '-' => {}
                _ => return Err(AccountError::NotDigit { position: i + 1, found: c }),
            }
        }
        if !ACCOUNT_DIGITS.contains(&digits.len()) {
            return Err(AccountError::Length { digits: digits.len() });
        }
        Ok(AccountNumber(digits))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for AccountNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BurekolAccount {
    pub bank: String,
    pub number: AccountNumber,
    pub opened: NaiveDate,
    pub status: AccountStatus,
}

/// Why an account cannot be paid into on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountUnusable {
    Missing,
    /// Opened after the list's reference date.
    NotYetOpened {
        opened: NaiveDate,
    },
    Status(AccountStatus),
}

/// Whether `account` can receive a payment of a list evaluated on `on`.
pub fn usable(account: Option<&BurekolAccount>, on: NaiveDate) -> Result<(), AccountUnusable> {
    let a = account.ok_or(AccountUnusable::Missing)?;
    if a.opened > on {
        return Err(AccountUnusable::NotYetOpened { opened: a.opened });
    }
    match a.status {
        AccountStatus::Open => Ok(()),
        s => Err(AccountUnusable::Status(s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::date;

    #[test]
    fn account_numbers_are_digits_of_a_sensible_length() {
        assert_eq!(AccountNumber::parse(" 1234567890 ").unwrap().as_str(), "1234567890");
        assert_eq!(AccountNumber::parse("101-20-3000 4567").unwrap().as_str(), "1012030004567");
        assert_eq!(AccountNumber::parse(""), Err(AccountError::Empty));
        assert_eq!(AccountNumber::parse("   "), Err(AccountError::Empty));
        assert_eq!(AccountNumber::parse("12345O7890"), Err(AccountError::NotDigit { position: 6, found: 'O' }));
        assert_eq!(AccountNumber::parse("123456789"), Err(AccountError::Length { digits: 9 }));
        assert_eq!(AccountNumber::parse("12345678901234567"), Err(AccountError::Length { digits: 17 }));
        assert!(AccountNumber::parse("1234567890123456").is_ok());
        assert_eq!(AccountNumber::parse("1.2"), Err(AccountError::Length { digits: 2 }));
    }

    #[test]
    fn status_codes_parse_back() {
        for s in AccountStatus::ALL {
            assert_eq!(AccountStatus::parse(s.code()), Some(*s));
        }
        assert_eq!(AccountStatus::parse("BLOKIR"), Some(AccountStatus::Blocked));
        assert_eq!(AccountStatus::parse("unknown"), None);
    }

    #[test]
    fn only_an_open_account_opened_in_time_is_usable() {
        let mut a = BurekolAccount {
            bank: "Bank DKI".into(),
            number: AccountNumber::parse("1012030004567").unwrap(),
            opened: date(2024, 3, 1),
            status: AccountStatus::Open,
        };
        assert_eq!(usable(Some(&a), date(2024, 3, 1)), Ok(()));
        assert_eq!(
            usable(Some(&a), date(2024, 2, 29)),
            Err(AccountUnusable::NotYetOpened { opened: date(2024, 3, 1) })
        );
        assert_eq!(usable(None, date(2024, 3, 1)), Err(AccountUnusable::Missing));
        for s in [AccountStatus::Dormant, AccountStatus::Closed, AccountStatus::Blocked] {
            a.status = s;
            assert_eq!(usable(Some(&a), date(2024, 4, 1)), Err(AccountUnusable::Status(s)));
        }
    }
}
