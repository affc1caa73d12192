//! Texts of encryption at rest: unlocking, a key file, a passphrase, a
//! value that does not open.

use std::path::Path;

use super::Lang;
use crate::store::{MIN_PASSPHRASE, VaultFault};

/// The one line for a refusal of the database's encryption.
pub fn vault_message(lang: Lang, db: &Path, fault: &VaultFault) -> String {
    let db = db.display();
    use VaultFault::*;
    match (fault, lang) {
        (NoSecret, Lang::Id) => format!(
            "basis data {db} terenkripsi; ketikkan kata sandinya saat diminta, atau berikan --key-file BERKAS (atau DTKS_PASSPHRASE)"
        ),
        (NoSecret, Lang::En) => format!(
            "the database {db} is encrypted; type its passphrase when asked, or give --key-file FILE (or DTKS_PASSPHRASE)"
        ),
        (WrongSecret, Lang::Id) => {
            format!(
                "kata sandi basis data {db} salah; tidak ada yang dibuka atau diubah; coba lagi dengan kata sandi yang benar"
            )
        }
        (WrongSecret, Lang::En) => {
            format!(
                "wrong passphrase for the database {db}; nothing was opened or changed; try again with the right one"
            )
        }
        (KeyFileOpen { file, mode }, Lang::Id) => format!(
            "berkas kunci {} dapat dibaca pengguna lain (mode {mode:o}); jalankan chmod 600 {} lalu coba lagi",
            file.display(),
            file.display()
        ),
        (KeyFileOpen { file, mode }, Lang::En) => format!(
            "the key file {} can be read by other users (mode {mode:o}); run chmod 600 {} and try again",
            file.display(),
            file.display()
        ),
        (KeyFileUnreadable { file, kind }, lang) => {
            let why = crate::service::error::io_reason(lang, *kind);
            match lang {
                Lang::Id => format!("berkas kunci {} tidak dapat dibaca ({why}); periksa jalurnya", file.display()),
                Lang::En => format!("the key file {} cannot be read ({why}); check the path", file.display()),
            }
        }
        (EmptySecret, Lang::Id) => {
            "kata sandi (atau berkas kuncinya) kosong; berikan kata sandi yang sebenarnya".into()
        }
        (EmptySecret, Lang::En) => "the passphrase (or its key file) is empty; give the real passphrase".into(),
        (ShortPassphrase, Lang::Id) => {
            format!("kata sandi baru terlalu pendek; pakai sedikitnya {MIN_PASSPHRASE} karakter")
        }
        (ShortPassphrase, Lang::En) => {
            format!("the new passphrase is too short; use at least {MIN_PASSPHRASE} characters")
        }
        (HeaderDamaged, Lang::Id) => format!(
            "berkas kunci basis data {db} (vault.json) rusak; tanpanya data tidak dapat dibuka; pulihkan dari cadangan dengan dtks restore"
        ),
        (HeaderDamaged, Lang::En) => format!(
            "the key of the database {db} (vault.json) is damaged; without it nothing can be opened; restore from a backup with dtks restore"
        ),
        (AlreadyEncrypted, Lang::Id) => {
            format!("basis data {db} sudah terenkripsi; untuk mengganti kata sandinya pakai dtks rekey")
        }
        (AlreadyEncrypted, Lang::En) => {
            format!("the database {db} is already encrypted; to change its passphrase use dtks rekey")
        }
        (NotEncrypted, Lang::Id) => format!("basis data {db} tidak terenkripsi; enkripsikan dulu dengan dtks encrypt"),
        (NotEncrypted, Lang::En) => format!("the database {db} is not encrypted; encrypt it first with dtks encrypt"),
        (Sealed { key }, Lang::Id) => format!(
            "basis data {db} rusak: catatan {key} tidak dapat dibuka dengan kunci basis data ini; jalankan dtks check, lalu pulihkan dari cadangan"
        ),
        (Sealed { key }, Lang::En) => format!(
            "the database {db} is damaged: record {key} does not open with this database's key; run dtks check, then restore from a backup"
        ),
        (Write { kind }, lang) => {
            let why = crate::service::error::io_reason(lang, *kind);
            match lang {
                Lang::Id => {
                    format!("kunci basis data {db} tidak dapat ditulis ({why}); periksa ruang disk dan izinnya")
                }
                Lang::En => format!(
                    "the key of the database {db} cannot be written ({why}); check the disk space and permissions"
                ),
            }
        }
    }
}

/// The prompt for the passphrase of the register at `db`.
pub fn passphrase_prompt(lang: Lang, db: &Path) -> String {
    match lang {
        Lang::Id => format!("Kata sandi basis data {}: ", db.display()),
        Lang::En => format!("Passphrase of the database {}: ", db.display()),
    }
}

/// The two prompts for a new passphrase.
pub fn new_passphrase_prompts(lang: Lang) -> (String, &'static str) {
    match lang {
        Lang::Id => (
            format!(
                "Kata sandi baru basis data (sedikitnya {MIN_PASSPHRASE} karakter; tanpanya data tidak dapat dibuka lagi): "
            ),
            "Ulangi kata sandi: ",
        ),
        Lang::En => (
            format!(
                "New passphrase of the database (at least {MIN_PASSPHRASE} characters; without it the data cannot be opened again): "
            ),
            "Repeat the passphrase: ",
        ),
    }
}

pub fn passphrases_differ(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "kedua kata sandi berbeda; tidak ada yang diubah, coba lagi",
        Lang::En => "the two passphrases differ; nothing was changed, try again",
    }
}

/// A new passphrase is needed and there is no terminal to ask at.
pub fn new_passphrase_needed(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => {
            "kata sandi baru diperlukan: jalankan di terminal, atau berikan --key-file BERKAS (atau DTKS_PASSPHRASE)"
        }
        Lang::En => "a new passphrase is needed: run this at a terminal, or give --key-file FILE (or DTKS_PASSPHRASE)",
    }
}

pub fn rekey_needed(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => {
            "kata sandi baru diperlukan: jalankan di terminal, atau berikan --new-key-file BERKAS (atau DTKS_NEW_PASSPHRASE)"
        }
        Lang::En => {
            "a new passphrase is needed: run this at a terminal, or give --new-key-file FILE (or DTKS_NEW_PASSPHRASE)"
        }
    }
}

pub fn encrypted(lang: Lang, db: &Path, entries: u64, attachments: u64) -> String {
    let (n, a) = (super::fmt_count(lang, entries), super::fmt_count(lang, attachments));
    match lang {
        Lang::Id => format!(
            "basis data {} kini terenkripsi ({n} entri, {a} lampiran Muskel); salinan tak terenkripsinya sudah dihapus; simpan kata sandinya baik-baik: tanpanya data tidak dapat dibuka\n",
            db.display()
        ),
        Lang::En => format!(
            "the database {} is now encrypted ({n} entries, {a} Muskel attachments); its plain copy is deleted; keep the passphrase safe: without it the data cannot be opened\n",
            db.display()
        ),
    }
}

pub fn created(lang: Lang, db: &Path) -> String {
    match lang {
        Lang::Id => format!(
            "basis data terenkripsi dibuat di {}; simpan kata sandinya baik-baik: tanpanya data tidak dapat dibuka\n",
            db.display()
        ),
        Lang::En => format!(
            "encrypted database made at {}; keep the passphrase safe: without it the data cannot be opened\n",
            db.display()
        ),
    }
}

pub fn rekeyed(lang: Lang, db: &Path) -> String {
    match lang {
        Lang::Id => format!(
            "kata sandi basis data {} diganti; kata sandi lama tidak lagi membukanya (salinan lama beserta vault.json lamanya tetap terbuka dengan kata sandi lama)\n",
            db.display()
        ),
        Lang::En => format!(
            "the passphrase of the database {} is changed; the old one no longer opens it (an old copy with its old vault.json still opens with the old one)\n",
            db.display()
        ),
    }
}
