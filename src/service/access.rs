//! Roles and areas on every call: who the actor is in this register, what
//! their role lets them do and which households they reach.

use super::audit::View;
use super::error::AccessRefusal;
use super::{Actor, Origin, Refusal, Result, Service, ServiceError};
use crate::domain::Household;
use crate::domain::access::{Access, Right, Role, normalise};
use crate::domain::user::User;

fn refused(r: AccessRefusal) -> ServiceError {
    ServiceError::Refused(Refusal::Access(r))
}

/// The role and areas stored for a user. A user saved before roles existed
/// is a petugas of the whole register, as they could do before.
pub fn access_of(u: &User) -> Access {
    let role = u.role.as_deref().and_then(Role::parse).unwrap_or(Role::Petugas);
    Access { role, areas: normalise(u.areas.clone()) }
}

impl Service {
    /// What `actor` may do and where. A registered user has their role and
    /// areas. Anyone else is refused, except the account that holds the
    /// database files on this machine (a local terminal, or the socket from
    /// the server's own account): it can read the files anyway, so it is
    /// the register's operator.
    pub fn access(&self, actor: &Actor) -> Result<Access> {
        match self.user(&actor.user)? {
            Some(u) if u.disabled => Err(refused(AccessRefusal::Disabled { user: actor.user.clone() })),
            Some(u) => Ok(access_of(&u)),
            None if owner(&actor.origin) => Ok(Access::whole()),
            None => Err(refused(AccessRefusal::NotAUser { user: actor.user.clone() })),
        }
    }

    /// The actor's access when their role holds `right`; else the refusal
    /// naming the right and the role that has it.
    /// The refusal is recorded in the audit log.
    pub fn require(&self, actor: &Actor, right: Right) -> Result<Access> {
        let access = self.access(actor)?;
        if access.may(right) {
            return Ok(access);
        }
        self.audit_view(actor, View::Denied { right })?;
        Err(refused(AccessRefusal::Denied { user: actor.user.clone(), role: access.role, right, needs: right.role() }))
    }

    /// Whether `access` reaches household `h`.
    pub fn reaches(&self, access: &Access, h: &Household) -> bool {
        let code = &h.address.kelurahan;
        access.covers(code, self.wilayah().name(code).is_some())
    }

    /// Whether `access` reaches the household of No. KK `no_kk`; one no
    /// longer in the register only an operator does.
    pub fn reaches_kk(&self, access: &Access, no_kk: &str) -> Result<bool> {
        Ok(match self.household(no_kk)? {
            Some(h) => self.reaches(access, &h),
            None => access.role == Role::Operator,
        })
    }

    /// Whether `access` reaches kelurahan `code`.
    pub fn reaches_kelurahan(&self, access: &Access, code: &str) -> bool {
        access.covers(code, self.wilayah().contains(code))
    }

    /// Household `no_kk` for a call needing `right`: None when it is not in
    /// the register; refused when it is outside the actor's areas.
    pub fn household_for(&self, actor: &Actor, right: Right, no_kk: &str) -> Result<Option<Household>> {
        let access = self.require(actor, right)?;
        let Some(h) = self.household(no_kk)? else { return Ok(None) };
        if !self.reaches(&access, &h) {
            return Err(refused(AccessRefusal::OutOfArea { user: actor.user.clone() }));
        }
        Ok(Some(h))
    }

    /// Lets `actor` see member `nik` of household `no_kk`, and the No. KK,
    /// whole: a supervisor's right, within their areas, recorded in the
    /// audit log under their name.
    pub fn reveal(&self, actor: &Actor, no_kk: &str, nik: &str) -> Result<()> {
        let Some(h) = self.household_for(actor, Right::RevealNik, no_kk)? else {
            return Err(ServiceError::Refused(Refusal::NotInRegister { no_kk: no_kk.to_string() }));
        };
        let nik = h.member(nik).map(|p| p.nik.as_str()).unwrap_or_default();
        self.audit_view(actor, View::Reveal { no_kk: &h.no_kk, nik })?;
        Ok(())
    }

    /// Checks a role name and area codes as typed for `dtks user add/set`:
    /// `all` (or nothing, for an operator) is the whole register.
    pub fn parse_access(&self, name: &str, role: &str, areas: Option<&str>) -> Result<Access> {
        let role = Role::parse(role).ok_or_else(|| refused(AccessRefusal::BadRole { text: role.to_string() }))?;
        let areas = match areas.map(str::trim) {
            None if role == Role::Operator => Vec::new(),
            None | Some("") => return Err(refused(AccessRefusal::NoArea { user: name.to_string() })),
            Some(t) if t.eq_ignore_ascii_case("all") || t.eq_ignore_ascii_case("semua") => Vec::new(),
            Some(t) => {
                let w = self.wilayah();
                let mut codes = Vec::new();
                for code in t.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                    if !w.contains(code) {
                        return Err(refused(AccessRefusal::BadArea { code: code.to_string() }));
                    }
                    codes.push(code.to_string());
                }
                normalise(codes)
            }
        };
        Ok(Access { role, areas })
    }
}

/// The refusal of a record outside the actor's areas.
pub(crate) fn out_of_area(actor: &Actor) -> ServiceError {
    refused(AccessRefusal::OutOfArea { user: actor.user.clone() })
}

/// Whether a caller with no user record is the account holding the files.
fn owner(origin: &Origin) -> bool {
    match origin {
        Origin::Local => true,
        // SAFETY: geteuid has no preconditions.
        Origin::Socket { uid } => *uid == unsafe { libc::geteuid() },
        Origin::Ssh { .. } => false,
    }
}
