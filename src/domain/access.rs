//! Who may do what, and where: the four roles of a Dinas office and the
//! region codes a user works in. The service checks both on every call.

use serde::{Deserialize, Serialize};

/// A user's role. Each role has the rights of the roles below it: an
/// operator can do what a supervisor can, a supervisor what a petugas can.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Reads the register of their area, with NIK and No. KK masked.
    Viewer,
    /// Visits homes, records proposals and Muskel minutes.
    Petugas,
    /// Finalises verifications, decides deactivations, reveals a NIK.
    Supervisor,
    /// Imports, exports unmasked, freezes tahap lists and writes bank files,
    /// ratifies, manages users.
    Operator,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Operator, Role::Supervisor, Role::Petugas, Role::Viewer];

    /// The name typed after `--role` and stored.
    pub fn code(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Petugas => "petugas",
            Role::Supervisor => "supervisor",
            Role::Operator => "operator",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        let t = text.trim().to_lowercase();
        Role::ALL.into_iter().find(|r| r.code() == t)
    }

    /// The least role that holds `right`.
    fn least_for(right: Right) -> Role {
        match right {
            Right::Read => Role::Viewer,
            Right::Visit | Right::Propose | Right::MuskelRecord => Role::Petugas,
            Right::Finalise | Right::Decide | Right::RevealNik | Right::ReadAudit => Role::Supervisor,
            Right::Import
            | Right::ExportUnmasked
            | Right::TahapFreeze
            | Right::BankFile
            | Right::Ratify
            | Right::ManageUsers => Role::Operator,
        }
    }

    pub fn may(self, right: Right) -> bool {
        self >= Role::least_for(right)
    }

    /// Whether NIK and No. KK are shown masked to this role: to all but an
    /// operator (who exports them whole anyway). A supervisor reveals one
    /// at a time, audited; a petugas or viewer never sees one whole.
    pub fn masks(self) -> bool {
        self != Role::Operator
    }
}

/// One thing a role may or may not do; a denial names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Right {
    Read,
    Visit,
    Propose,
    MuskelRecord,
    Finalise,
    Decide,
    RevealNik,
    /// Read and verify the audit log: who saw or changed whom.
    ReadAudit,
    Import,
    ExportUnmasked,
    TahapFreeze,
    BankFile,
    Ratify,
    ManageUsers,
}

impl Right {
    pub const ALL: [Right; 14] = [
        Right::Read,
        Right::Visit,
        Right::Propose,
        Right::MuskelRecord,
        Right::Finalise,
        Right::Decide,
        Right::RevealNik,
        Right::ReadAudit,
        Right::Import,
        Right::ExportUnmasked,
        Right::TahapFreeze,
        Right::BankFile,
        Right::Ratify,
        Right::ManageUsers,
    ];

    /// The least role that holds this right, for a denial's message.
    pub fn role(self) -> Role {
        Role::least_for(self)
    }

    /// The name the audit log stores for a refusal of this right.
    pub fn code(self) -> &'static str {
        match self {
            Right::Read => "read",
            Right::Visit => "visit",
            Right::Propose => "propose",
            Right::MuskelRecord => "muskel",
            Right::Finalise => "finalise",
            Right::Decide => "decide",
            Right::RevealNik => "reveal",
            Right::ReadAudit => "audit",
            Right::Import => "import",
            Right::ExportUnmasked => "export",
            Right::TahapFreeze => "tahap.freeze",
            Right::BankFile => "bank.file",
            Right::Ratify => "ratify",
            Right::ManageUsers => "users",
        }
    }

    pub fn parse(code: &str) -> Option<Right> {
        Right::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What one user may do and where, as the service resolves it for a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Access {
    pub role: Role,
    /// Dotted region codes (province, kab/kota, kecamatan or kelurahan), none
    /// inside another; empty means the whole register.
    pub areas: Vec<String>,
}

impl Access {
    /// An operator of the whole register.
    pub fn whole() -> Access {
        Access { role: Role::Operator, areas: Vec::new() }
    }

    pub fn may(&self, right: Right) -> bool {
        self.role.may(right)
    }

    pub fn whole_register(&self) -> bool {
        self.areas.is_empty()
    }

    /// Whether a household in kelurahan `code` is within reach. A household
    /// with no kelurahan code, or one the register does not know
    /// (`known` false), is only for operators.
    pub fn covers(&self, code: &str, known: bool) -> bool {
        if code.is_empty() || !known {
            return self.role == Role::Operator;
        }
        self.whole_register() || self.areas.iter().any(|a| within(code, a))
    }

    /// The longest code prefix every area shares ("" when they share none):
    /// lists walk it and admit only what [`Access::covers`].
    pub fn common_prefix(&self) -> String {
        let Some(first) = self.areas.first() else { return String::new() };
        let mut parts: Vec<&str> = first.split('.').collect();
        for a in &self.areas[1..] {
            let same = parts.iter().zip(a.split('.')).take_while(|(x, y)| *x == y).count();
            parts.truncate(same);
        }
        parts.join(".")
    }

    /// The part of `scope` (a code prefix, "" for all) within reach: the
    /// narrower of the two when they nest, None when they are apart.
    pub fn narrow(&self, scope: &str) -> Option<Vec<String>> {
        if self.whole_register() {
            return Some(vec![scope.to_string()]);
        }
        let mut out = Vec::new();
        for a in &self.areas {
            if scope.is_empty() || within(a, scope) {
                out.push(a.clone());
            } else if within(scope, a) {
                return Some(vec![scope.to_string()]);
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

/// Whether dotted code `code` is `area` or lies inside it ("31.75.03.1001"
/// is inside "31.75" but not inside "31.7").
fn within(code: &str, area: &str) -> bool {
    super::search::in_region(code, area)
}

/// Drops areas that lie inside another and repeats; keeps code order.
pub fn normalise(mut areas: Vec<String>) -> Vec<String> {
    areas.sort();
    areas.dedup();
    let all = areas.clone();
    areas.retain(|a| !all.iter().any(|b| b != a && within(a, b)));
    areas
}

/// Digits in a row from which a number is taken for a NIK or No. KK (16
/// digits; a narrow column may cut one short) and masked.
const MASK_FROM: usize = 12;

/// Masks a NIK or No. KK for a role without the right to see it whole:
/// the first four digits (the region) and the last four stay, the width
/// too, so that a masked number fits where the whole one did
/// ("3171********0001").
pub fn mask(id: &str) -> String {
    let n = id.chars().count();
    if n < 8 {
        return "*".repeat(n);
    }
    id.chars().enumerate().map(|(i, c)| if i < 4 || i >= n - 4 { c } else { '*' }).collect()
}

/// `text` with every run of twelve or more digits masked, except the runs
/// `keep` says were revealed: the one place every screen and every line of
/// output passes through, so that no view can forget it.
pub fn mask_text<'a>(text: &'a str, keep: &dyn Fn(&str) -> bool) -> std::borrow::Cow<'a, str> {
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let run = &text[start..i];
        if run.len() >= MASK_FROM && !keep(run) {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(&text[copied..start]);
            o.push_str(&mask(run));
            copied = i;
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[copied..]);
            std::borrow::Cow::Owned(o)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(role: Role, areas: &[&str]) -> Access {
        Access { role, areas: areas.iter().map(|a| a.to_string()).collect() }
    }

    #[test]
    fn each_role_has_the_rights_below_it_and_none_above() {
        assert!(Role::Operator.may(Right::RevealNik) && Role::Operator.may(Right::Visit));
        assert!(Role::Supervisor.may(Right::Decide) && !Role::Supervisor.may(Right::Import));
        assert!(Role::Petugas.may(Right::Visit) && !Role::Petugas.may(Right::Finalise));
        assert!(Role::Viewer.may(Right::Read) && !Role::Viewer.may(Right::Propose));
        assert!(Role::Petugas.masks() && Role::Viewer.masks() && Role::Supervisor.masks() && !Role::Operator.masks());
        assert_eq!(Role::parse(" Petugas "), Some(Role::Petugas));
        assert_eq!(Role::parse("admin"), None);
    }

    #[test]
    fn areas_cover_their_own_codes_only_at_a_dot() {
        let a = access(Role::Petugas, &["31.75.03.1001"]);
        assert!(a.covers("31.75.03.1001", true));
        assert!(!a.covers("31.75.03.1002", true));
        assert!(!a.covers("", true), "no area: operators only");
        let k = access(Role::Viewer, &["31.7"]);
        assert!(!k.covers("31.75.03.1001", true), "31.7 is not a prefix of the kab/kota 31.75");
        assert!(access(Role::Operator, &["31.75"]).covers("", true));
        assert!(!access(Role::Supervisor, &[]).covers("99.99.99.9999", false));
        assert!(access(Role::Supervisor, &[]).covers("31.75.03.1001", true));
    }

    #[test]
    fn a_scope_is_narrowed_to_the_areas_within_it() {
        let a = access(Role::Petugas, &["31.75.03.1001", "31.75.04.1002"]);
        assert_eq!(a.common_prefix(), "31.75");
        assert_eq!(a.narrow(""), Some(vec!["31.75.03.1001".to_string(), "31.75.04.1002".to_string()]));
        assert_eq!(a.narrow("31.75.03"), Some(vec!["31.75.03.1001".to_string()]));
        assert_eq!(a.narrow("31.74"), None);
        let k = access(Role::Petugas, &["31.75"]);
        assert_eq!(k.narrow("31.75.03"), Some(vec!["31.75.03".to_string()]));
        assert_eq!(normalise(vec!["31.75.03.1001".into(), "31.75".into(), "31.75".into()]), vec!["31.75"]);
    }

    #[test]
    fn a_mask_keeps_the_region_the_last_four_digits_and_the_width() {
        assert_eq!(mask("3171010101010001"), "3171********0001");
        assert_eq!(mask("123"), "***");
        let none = |_: &str| false;
        assert_eq!(
            mask_text("NIK 3171010101010001, KK 3171010101019999.", &none),
            "NIK 3171********0001, KK 3171********9999."
        );
        // A number cut short by a narrow column is masked too; short numbers (RT, dates, counts) stay.
        assert_eq!(
            mask_text("317101010101… RT 005 2025-01-01 1000000", &none),
            "3171****0101… RT 005 2025-01-01 1000000"
        );
        let revealed = |n: &str| n == "3171010101010001";
        assert_eq!(mask_text("3171010101010001 3171010101010002", &revealed), "3171010101010001 3171********0002");
        assert!(matches!(mask_text("tanpa nomor", &none), std::borrow::Cow::Borrowed(_)));
    }
}
