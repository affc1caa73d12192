//! The people who may reach the register through `dtks serve`: a name, the
//! public keys they log in with, and whether they may still log in.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// Longest user name, as most systems allow for an account.
pub const MAX_NAME: usize = 32;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub name: String,
    pub keys: Vec<UserKey>,
    /// A disabled user can no longer log in; the record stays for the audit log.
    pub disabled: bool,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    /// What the user may do; `None` until roles are introduced.
    pub role: Option<String>,
    /// Dotted region codes the user works in; empty until areas are introduced.
    pub areas: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserKey {
    /// The key in OpenSSH's one-line form (`ssh-ed25519 AAAA… comment`).
    pub openssh: String,
    /// `SHA256:…`, as `ssh-keygen -l` shows it.
    pub fingerprint: String,
    pub added_at: NaiveDateTime,
    pub added_by: String,
}

/// Why a user name cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    TooLong,
    /// Names start with a lowercase letter and hold only lowercase letters,
    /// digits, `.`, `-` and `_`: the login name typed in `ssh NAME@host`.
    BadCharacter,
}

/// Checks a user name as typed for `dtks user add`.
pub fn check_name(name: &str) -> Result<(), NameProblem> {
    let first = name.chars().next().ok_or(NameProblem::Empty)?;
    if name.len() > MAX_NAME {
        return Err(NameProblem::TooLong);
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_');
    if !first.is_ascii_lowercase() || !name.chars().all(allowed) {
        return Err(NameProblem::BadCharacter);
    }
    Ok(())
}

impl User {
    pub fn has_key(&self, fingerprint: &str) -> bool {
        self.keys.iter().any(|k| k.fingerprint == fingerprint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_login_names() {
        assert_eq!(check_name("sari"), Ok(()));
        assert_eq!(check_name("s.aminah-2_x"), Ok(()));
        assert_eq!(check_name(""), Err(NameProblem::Empty));
        assert_eq!(check_name("Sari"), Err(NameProblem::BadCharacter));
        assert_eq!(check_name("1sari"), Err(NameProblem::BadCharacter));
        assert_eq!(check_name("sari aminah"), Err(NameProblem::BadCharacter));
        assert_eq!(check_name("sari@host"), Err(NameProblem::BadCharacter));
        assert_eq!(check_name(&"a".repeat(MAX_NAME)), Ok(()));
        assert_eq!(check_name(&"a".repeat(MAX_NAME + 1)), Err(NameProblem::TooLong));
    }
}
