//! The server's ed25519 host key, beside the database: made on the first
//! start, readable by the server's user only, the same on every start after
//! (clients remember it).

use std::io;
use std::path::{Path, PathBuf};

use russh::keys::PrivateKey;
use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;

use super::ServeError;

/// `…/register` → `…/register.ssh_host_ed25519_key`.
pub fn path_for(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "register".into());
    name.push(".ssh_host_ed25519_key");
    db.with_file_name(name)
}

pub fn load_or_create(db: &Path) -> Result<PrivateKey, ServeError> {
    let path = path_for(db);
    let unusable = || ServeError::HostKey { path: path.clone() };
    match std::fs::read_to_string(&path) {
        Ok(text) => PrivateKey::from_openssh(text).map_err(|_| unusable()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let mut seed = [0u8; 32];
            getrandom::fill(&mut seed).map_err(|_| unusable())?;
            let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
            let text = key.to_openssh(LineEnding::LF).map_err(|_| unusable())?;
            // The temporary file is made 0600, and keeps that mode when renamed.
            crate::formats::atomic::write_new(&path, text.as_bytes())
                .map_err(|e| ServeError::Io { path: path.clone(), kind: e.kind() })?;
            Ok(key)
        }
        Err(e) => Err(ServeError::Io { path, kind: e.kind() }),
    }
}
