//! What roles and areas refuse, and their words in both languages.

use crate::domain::access::{Right, Role};
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessRefusal {
    /// The user's role lacks `right`; `needs` is the least role holding it.
    Denied {
        user: String,
        role: Role,
        right: Right,
        needs: Role,
    },
    /// The name is not a dtks user of this register.
    NotAUser {
        user: String,
    },
    Disabled {
        user: String,
    },
    /// `--role` names no role.
    BadRole {
        text: String,
    },
    /// `--area` names no region this register knows.
    BadArea {
        code: String,
    },
    /// A non-operator was given no area: their reach would be the whole register.
    NoArea {
        user: String,
    },
    /// The household lies outside the user's areas.
    OutOfArea {
        user: String,
    },
}

/// What a right lets one do, as a denial says it.
pub fn right_words(lang: Lang, right: Right) -> &'static str {
    use Lang::{En, Id};
    use Right::*;
    match (right, lang) {
        (Read, Id) => "membaca register",
        (Read, En) => "read the register",
        (Visit, Id) => "mencatat kunjungan verifikasi",
        (Visit, En) => "record verification visits",
        (Propose, Id) => "mengajukan usulan",
        (Propose, En) => "make proposals",
        (MuskelRecord, Id) => "mencatat Muskel",
        (MuskelRecord, En) => "record Muskel deliberations",
        (Finalise, Id) => "memfinalkan verifikasi",
        (Finalise, En) => "finalise verifications",
        (Decide, Id) => "memutuskan penonaktifan",
        (Decide, En) => "decide deactivations",
        (RevealNik, Id) => "membuka NIK dan No. KK utuh",
        (RevealNik, En) => "reveal whole NIKs and KK numbers",
        (ReadAudit, Id) => "membaca log audit",
        (ReadAudit, En) => "read the audit log",
        (Import, Id) => "mengimpor berkas",
        (Import, En) => "import files",
        (ExportUnmasked, Id) => "mengekspor data tanpa sensor",
        (ExportUnmasked, En) => "export unmasked data",
        (TahapFreeze, Id) => "membekukan daftar tahap",
        (TahapFreeze, En) => "freeze tahap lists",
        (BankFile, Id) => "menulis berkas bank",
        (BankFile, En) => "write bank files",
        (Ratify, Id) => "mengesahkan hasil Muskel",
        (Ratify, En) => "ratify Muskel results",
        (ManageUsers, Id) => "mengelola pengguna",
        (ManageUsers, En) => "manage users",
    }
}

/// A role as people say it.
pub fn role_words(lang: Lang, role: Role) -> &'static str {
    match (role, lang) {
        (Role::Operator, _) => "operator",
        (Role::Supervisor, Lang::Id) => "supervisor",
        (Role::Supervisor, Lang::En) => "supervisor",
        (Role::Petugas, Lang::Id) => "petugas",
        (Role::Petugas, Lang::En) => "field officer (petugas)",
        (Role::Viewer, Lang::Id) => "pembaca",
        (Role::Viewer, Lang::En) => "viewer",
    }
}

impl AccessRefusal {
    pub fn message(&self, lang: Lang) -> String {
        use AccessRefusal::*;
        use Lang::{En, Id};
        let roles = Role::ALL.map(Role::code).join(", ");
        match (self, lang) {
            // What is needed first: a status bar of 80 columns shows the start.
            (Denied { user, role, right, needs }, Id) => format!(
                "perlu peran {} untuk {} ({user} adalah {}); minta operator: dtks user set {user} --role {}",
                role_words(lang, *needs),
                right_words(lang, *right),
                role_words(lang, *role),
                needs.code()
            ),
            (Denied { user, role, right, needs }, En) => format!(
                "the {} role is needed to {} ({user} is {}); ask an operator: dtks user set {user} --role {}",
                role_words(lang, *needs),
                right_words(lang, *right),
                role_words(lang, *role),
                needs.code()
            ),
            (NotAUser { user }, Id) => format!(
                "'{user}' bukan pengguna register ini; minta operator menambahkan dengan dtks user add {user} --role ROLE --area KODE"
            ),
            (NotAUser { user }, En) => format!(
                "'{user}' is not a user of this register; ask an operator to add them with dtks user add {user} --role ROLE --area CODE"
            ),
            (Disabled { user }, Id) => format!("pengguna '{user}' dinonaktifkan; hubungi operator"),
            (Disabled { user }, En) => format!("user '{user}' is disabled; ask an operator"),
            (BadRole { text }, Id) => format!("'{text}' bukan peran; pilih salah satu: {roles}"),
            (BadRole { text }, En) => format!("'{text}' is not a role; choose one of: {roles}"),
            (BadArea { code }, Id) => format!(
                "'{code}' bukan kode wilayah yang dikenal register ini; tulis kode provinsi, kab/kota, kecamatan atau kelurahan bertitik, misalnya 31.75.03.1001, atau all untuk seluruh register"
            ),
            (BadArea { code }, En) => format!(
                "'{code}' is not a region code this register knows; write a dotted province, kab/kota, kecamatan or kelurahan code such as 31.75.03.1001, or all for the whole register"
            ),
            (NoArea { user }, Id) => format!(
                "'{user}' perlu wilayah kerja; tambahkan --area KODE (beberapa dipisah koma) atau --area all untuk seluruh register"
            ),
            (NoArea { user }, En) => format!(
                "'{user}' needs a working area; add --area CODE (several separated by commas) or --area all for the whole register"
            ),
            (OutOfArea { user }, Id) => {
                format!("rumah tangga ini di luar wilayah kerja {user}; minta operator bila wilayah Anda perlu diubah")
            }
            (OutOfArea { user }, En) => {
                format!("this household is outside {user}'s working area; ask an operator if your area should change")
            }
        }
    }
}
