//! What the user-account use cases refuse, and their words in both languages.

use std::path::PathBuf;

use crate::domain::user::{MAX_NAME, NameProblem};
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserRefusal {
    BadName {
        name: String,
        problem: NameProblem,
    },
    Exists {
        name: String,
    },
    NoUser {
        name: String,
    },
    /// The file holds no public key in OpenSSH's one-line form.
    NotAPublicKey {
        path: PathBuf,
    },
    /// The file is a private key: the public one (`.pub`) is what to give.
    PrivateKey {
        path: PathBuf,
    },
    /// The key is already registered, to this user or another.
    KeyTaken {
        fingerprint: String,
        owner: String,
    },
    KeyNotRegistered {
        name: String,
        fingerprint: String,
    },
    /// `dtks init` on a register that already has users.
    AlreadyInitialised {
        user: String,
    },
    ShortPassword {
        min: usize,
    },
}

impl UserRefusal {
    pub fn message(&self, lang: Lang) -> String {
        use Lang::{En, Id};
        use UserRefusal::*;
        match (self, lang) {
            (BadName { name, problem: NameProblem::Empty }, Id) => {
                format!("nama pengguna '{name}' kosong; tulis nama login, misalnya sari")
            }
            (BadName { name, problem: NameProblem::Empty }, En) => {
                format!("user name '{name}' is empty; write a login name such as sari")
            }
            (BadName { name, problem: NameProblem::TooLong }, Id) => {
                format!("nama pengguna '{name}' lebih dari {MAX_NAME} karakter; pilih nama yang lebih pendek")
            }
            (BadName { name, problem: NameProblem::TooLong }, En) => {
                format!("user name '{name}' is longer than {MAX_NAME} characters; choose a shorter one")
            }
            (BadName { name, problem: NameProblem::BadCharacter }, Id) => format!(
                "nama pengguna '{name}' tidak dapat dipakai untuk login; mulai dengan huruf kecil dan pakai hanya huruf kecil, angka, '.', '-' dan '_'"
            ),
            (BadName { name, problem: NameProblem::BadCharacter }, En) => format!(
                "user name '{name}' cannot be used to log in; start with a lowercase letter and use only lowercase letters, digits, '.', '-' and '_'"
            ),
            (Exists { name }, Id) => {
                format!("pengguna '{name}' sudah ada; tambahkan kuncinya dengan dtks user key add {name} BERKAS")
            }
            (Exists { name }, En) => {
                format!("user '{name}' already exists; add a key with dtks user key add {name} FILE")
            }
            (NoUser { name }, Id) => format!("tidak ada pengguna '{name}'; lihat daftarnya dengan dtks user list"),
            (NoUser { name }, En) => format!("no user '{name}'; see the list with dtks user list"),
            (NotAPublicKey { path }, Id) => format!(
                "{}: tidak berisi kunci publik OpenSSH (baris seperti 'ssh-ed25519 AAAA…'); buat dengan ssh-keygen dan berikan berkas .pub",
                path.display()
            ),
            (NotAPublicKey { path }, En) => format!(
                "{}: holds no OpenSSH public key (a line like 'ssh-ed25519 AAAA…'); make one with ssh-keygen and give the .pub file",
                path.display()
            ),
            (PrivateKey { path }, Id) => format!(
                "{}: ini kunci privat, yang tidak boleh dibagikan; berikan kunci publiknya (berkas .pub)",
                path.display()
            ),
            (PrivateKey { path }, En) => format!(
                "{}: this is a private key, which must not be shared; give its public key (the .pub file)",
                path.display()
            ),
            (KeyTaken { fingerprint, owner }, Id) => {
                format!("kunci {fingerprint} sudah terdaftar untuk '{owner}'; setiap orang memakai kuncinya sendiri")
            }
            (KeyTaken { fingerprint, owner }, En) => {
                format!("key {fingerprint} is already registered to '{owner}'; each person uses a key of their own")
            }
            (KeyNotRegistered { name, fingerprint }, Id) => {
                format!("kunci {fingerprint} tidak terdaftar untuk '{name}'; lihat kuncinya dengan dtks user list")
            }
            (KeyNotRegistered { name, fingerprint }, En) => {
                format!("key {fingerprint} is not registered to '{name}'; see the keys with dtks user list")
            }
            (AlreadyInitialised { user }, Id) => format!(
                "register ini sudah punya pengguna (antara lain '{user}'); operatornya menambah pengguna dengan dtks user add"
            ),
            (ShortPassword { min }, Id) => format!("kata sandi terlalu pendek; pakai sedikitnya {min} karakter"),
            (ShortPassword { min }, En) => format!("the password is too short; use at least {min} characters"),
            (AlreadyInitialised { user }, En) => format!(
                "this register already has users ('{user}' among them); its operator adds users with dtks user add"
            ),
        }
    }
}
