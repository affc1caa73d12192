//! Passphrases at the command line: what unlocks an encrypted register
//! (a key file, DTKS_PASSPHRASE, or asked at the terminal), and the
//! commands that make, encrypt and rekey one.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Global, Io, said};
use crate::i18n::Lang;
use crate::i18n::vault as words;
use crate::service::encryption;
use crate::store::Secret;

/// The secret given without asking: `--key-file`, else DTKS_PASSPHRASE.
fn given(key_file: Option<&Path>, env: &str) -> Option<Secret> {
    if let Some(f) = key_file {
        return Some(Secret::KeyFile(f.to_path_buf()));
    }
    std::env::var(env).ok().filter(|p| !p.is_empty()).map(Secret::Passphrase)
}

/// Sets what unlocks the register of this command: given, or asked once
/// at the terminal when the register at `db` is encrypted.
pub(super) fn unlock(g: &Global, lang: Lang, db: &Path) -> anyhow::Result<()> {
    let secret = match given(g.key_file.as_deref(), "DTKS_PASSPHRASE") {
        Some(s) => Some(s),
        None if crate::store::is_encrypted(db) && std::io::stdin().is_terminal() => {
            Some(Secret::Passphrase(rpassword::prompt_password(words::passphrase_prompt(lang, db))?))
        }
        None => None,
    };
    crate::store::set_process_secret(secret);
    Ok(())
}

/// A new passphrase: given, or typed twice at the terminal.
fn new_secret(lang: Lang, key_file: Option<&Path>, env: &str, needed: &'static str) -> anyhow::Result<Secret> {
    if let Some(s) = given(key_file, env) {
        return Ok(s);
    }
    if !std::io::stdin().is_terminal() {
        return Err(said(needed));
    }
    let (first, again) = words::new_passphrase_prompts(lang);
    let a = rpassword::prompt_password(first)?;
    if rpassword::prompt_password(again)? != a {
        return Err(said(words::passphrases_differ(lang)));
    }
    Ok(Secret::Passphrase(a))
}

/// `dtks init --encrypt`, before the operator is made: the encrypted
/// register, whose passphrase then unlocks it for the rest of the command.
pub(super) fn create(g: &Global, lang: Lang, db: &Path) -> anyhow::Result<()> {
    let secret = new_secret(lang, g.key_file.as_deref(), "DTKS_PASSPHRASE", words::new_passphrase_needed(lang))?;
    encryption::create(db, &secret)?;
    crate::store::set_process_secret(Some(secret));
    eprint!("{}", words::created(lang, db));
    Ok(())
}

/// `dtks encrypt`.
pub(super) fn encrypt(io: &mut Io, g: &Global, lang: Lang, db: &Path) -> anyhow::Result<ExitCode> {
    let secret = new_secret(lang, g.key_file.as_deref(), "DTKS_PASSPHRASE", words::new_passphrase_needed(lang))?;
    let done = encryption::encrypt(db, &secret)?;
    io.emit(&words::encrypted(lang, db, done.entries, done.attachments))?;
    Ok(ExitCode::SUCCESS)
}

/// `dtks rekey`: the old passphrase as any command takes it, the new one
/// from `--new-key-file`, DTKS_NEW_PASSPHRASE or asked twice.
pub(super) fn rekey(
    io: &mut Io,
    g: &Global,
    lang: Lang,
    db: &Path,
    new_key_file: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let Some(old) = given(g.key_file.as_deref(), "DTKS_PASSPHRASE").or_else(|| {
        std::io::stdin()
            .is_terminal()
            .then(|| rpassword::prompt_password(words::passphrase_prompt(lang, db)).ok().map(Secret::Passphrase))
            .flatten()
    }) else {
        return Err(crate::service::ServiceError::from(crate::store::StoreError::Vault {
            path: db.to_path_buf(),
            fault: crate::store::VaultFault::NoSecret,
        })
        .into());
    };
    let new = new_secret(lang, new_key_file.as_deref(), "DTKS_NEW_PASSPHRASE", words::rekey_needed(lang))?;
    encryption::rekey(db, &old, &new)?;
    io.emit(&words::rekeyed(lang, db))?;
    Ok(ExitCode::SUCCESS)
}
