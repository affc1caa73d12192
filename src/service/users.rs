//! Users of `dtks serve`: who may log in, with which public keys. Every
//! change is one audited record write.

use std::path::Path;

use russh::keys::{HashAlg, PublicKey};

use super::error::UserRefusal;
use super::{Actor, Refusal, Result, Service, ServiceError};
use crate::domain::access::{Access, Right};
use crate::domain::user::{User, UserKey, check_name};
use crate::store::{RecordPuts, kinds};

/// What a login attempt with a name and a verified key finds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Login {
    Allowed(User),
    NoUser,
    Disabled,
    /// The user exists but has no such key.
    WrongKey,
}

/// Shortest password accepted for the idle lock.
pub const MIN_PASSWORD: usize = 8;

fn refused(r: UserRefusal) -> ServiceError {
    ServiceError::Refused(Refusal::User(r))
}

/// Role and areas as the audit log records them: `role=petugas area=31.75.03.1001`.
fn describe(a: &Access) -> String {
    let areas = if a.areas.is_empty() { "all".to_string() } else { a.areas.join(",") };
    format!("role={} area={areas}", a.role.code())
}

/// `SHA256:…` of a key, as `ssh-keygen -l` prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The first public key in an OpenSSH public-key file (`id_ed25519.pub`,
/// or an `authorized_keys` line).
pub fn read_public_key(path: &Path) -> Result<PublicKey> {
    let text = std::fs::read_to_string(path).map_err(|e| ServiceError::io(path, e))?;
    if text.contains("PRIVATE KEY-----") {
        return Err(refused(UserRefusal::PrivateKey { path: path.to_path_buf() }));
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .find_map(|l| PublicKey::from_openssh(l).ok())
        .ok_or_else(|| refused(UserRefusal::NotAPublicKey { path: path.to_path_buf() }))
}

impl Service {
    pub fn user(&self, name: &str) -> Result<Option<User>> {
        if check_name(name).is_err() {
            return Ok(None);
        }
        Ok(self.store().get_record(kinds::USER, name)?)
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        Ok(self.store().scan_records::<User>(kinds::USER)?.into_iter().map(|(_, u)| u).collect())
    }

    fn require_user(&self, name: &str) -> Result<User> {
        self.user(name)?.ok_or_else(|| refused(UserRefusal::NoUser { name: name.to_string() }))
    }

    fn save_user(&self, user: &User, actor: &Actor, action: String) -> Result<()> {
        let mut r = RecordPuts::new();
        r.put(kinds::USER, &user.name, user)?;
        self.store().write_records(r, &self.audit(actor, action))?;
        Ok(())
    }

    /// A key no user holds yet, ready to be added.
    fn new_key(&self, key: &PublicKey, actor: &Actor) -> Result<UserKey> {
        let fp = fingerprint(key);
        if let Some(owner) = self.users()?.into_iter().find(|u| u.has_key(&fp)) {
            return Err(refused(UserRefusal::KeyTaken { fingerprint: fp, owner: owner.name }));
        }
        // Encoding a key that was parsed does not fail; the fingerprint still identifies it if it did.
        let openssh = key.to_openssh().unwrap_or_else(|_| format!("{} {fp}", key.algorithm()));
        Ok(UserKey { openssh, fingerprint: fp, added_at: self.now(), added_by: actor.user.clone() })
    }

    /// Adds a user with their role and areas, and a first key when one is given.
    pub fn add_user(&self, name: &str, key: Option<&PublicKey>, access: &Access, actor: &Actor) -> Result<User> {
        self.require(actor, Right::ManageUsers)?;
        check_name(name).map_err(|problem| refused(UserRefusal::BadName { name: name.to_string(), problem }))?;
        if self.user(name)?.is_some() {
            return Err(refused(UserRefusal::Exists { name: name.to_string() }));
        }
        let keys = match key {
            Some(k) => vec![self.new_key(k, actor)?],
            None => Vec::new(),
        };
        let user = User {
            name: name.to_string(),
            keys,
            disabled: false,
            created_at: self.now(),
            created_by: actor.user.clone(),
            role: Some(access.role.code().to_string()),
            areas: access.areas.clone(),
        };
        let fp = user.keys.first().map(|k| format!(" {}", k.fingerprint)).unwrap_or_default();
        self.save_user(&user, actor, format!("user.add {name}{fp} {}", describe(access)))?;
        Ok(user)
    }

    /// The first operator of a register that has no users yet: `dtks init`.
    pub fn init_operator(&self, key: Option<&PublicKey>, actor: &Actor) -> Result<User> {
        if let Some(first) = self.users()?.into_iter().next() {
            return Err(refused(UserRefusal::AlreadyInitialised { user: first.name }));
        }
        self.add_user(&actor.user, key, &Access::whole(), actor)
    }

    /// Changes a user's role and areas.
    pub fn set_user_access(&self, name: &str, access: &Access, actor: &Actor) -> Result<User> {
        self.require(actor, Right::ManageUsers)?;
        let mut user = self.require_user(name)?;
        user.role = Some(access.role.code().to_string());
        user.areas = access.areas.clone();
        self.save_user(&user, actor, format!("user.set {name} {}", describe(access)))?;
        Ok(user)
    }

    pub fn add_user_key(&self, name: &str, key: &PublicKey, actor: &Actor) -> Result<UserKey> {
        self.require(actor, Right::ManageUsers)?;
        let mut user = self.require_user(name)?;
        let k = self.new_key(key, actor)?;
        user.keys.push(k.clone());
        self.save_user(&user, actor, format!("user.key.add {name} {}", k.fingerprint))?;
        Ok(k)
    }

    pub fn remove_user_key(&self, name: &str, key: &PublicKey, actor: &Actor) -> Result<UserKey> {
        self.require(actor, Right::ManageUsers)?;
        let mut user = self.require_user(name)?;
        let fp = fingerprint(key);
        let Some(at) = user.keys.iter().position(|k| k.fingerprint == fp) else {
            return Err(refused(UserRefusal::KeyNotRegistered { name: name.to_string(), fingerprint: fp }));
        };
        let removed = user.keys.remove(at);
        self.save_user(&user, actor, format!("user.key.remove {name} {fp}"))?;
        Ok(removed)
    }

    /// Disables a user; true when they were enabled until now.
    pub fn disable_user(&self, name: &str, actor: &Actor) -> Result<bool> {
        self.require(actor, Right::ManageUsers)?;
        let mut user = self.require_user(name)?;
        if user.disabled {
            return Ok(false);
        }
        user.disabled = true;
        self.save_user(&user, actor, format!("user.disable {name}"))?;
        Ok(true)
    }

    /// Sets `name`'s password (for unlocking an idle screen): their own, or
    /// anyone's for an operator. Stored as an argon2id hash only.
    pub fn set_password(&self, name: &str, password: &str, actor: &Actor) -> Result<()> {
        if actor.user != name {
            self.require(actor, Right::ManageUsers)?;
        }
        self.require_user(name)?;
        if password.chars().count() < MIN_PASSWORD {
            return Err(refused(UserRefusal::ShortPassword { min: MIN_PASSWORD }));
        }
        use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
        let salt = SaltString::generate(&mut OsRng);
        let hash = argon2::Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map_err(|_| refused(UserRefusal::ShortPassword { min: MIN_PASSWORD }))?
            .to_string();
        let mut r = RecordPuts::new();
        r.put(kinds::PASSWORD, name, &hash)?;
        self.store().write_records(r, &self.audit(actor, format!("user.password {name}")))?;
        Ok(())
    }

    /// Whether `name` has set a password.
    pub fn has_password(&self, name: &str) -> Result<bool> {
        Ok(check_name(name).is_ok() && self.store().get_record::<String>(kinds::PASSWORD, name)?.is_some())
    }

    /// Whether `password` is `name`'s; false when they have none.
    pub fn check_password(&self, name: &str, password: &str) -> Result<bool> {
        if check_name(name).is_err() {
            return Ok(false);
        }
        let Some(hash) = self.store().get_record::<String>(kinds::PASSWORD, name)? else { return Ok(false) };
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        let Ok(parsed) = PasswordHash::new(&hash) else { return Ok(false) };
        Ok(argon2::Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    }

    /// Whether `name` may log in with the key of fingerprint `fp`.
    pub fn login(&self, name: &str, fp: &str) -> Result<Login> {
        Ok(match self.user(name)? {
            None => Login::NoUser,
            Some(u) if u.disabled => Login::Disabled,
            Some(u) if !u.has_key(fp) => Login::WrongKey,
            Some(u) => Login::Allowed(u),
        })
    }
}
