//! Encryption at rest. A database made with `dtks init --encrypt` keeps a
//! random data key, wrapped by a key derived with argon2id from the
//! passphrase (or a key file's contents), in `vault.json` beside sled's
//! files. With it:
//!
//! - every non-empty value is sealed with XChaCha20-Poly1305, the entry's
//!   whole key as associated data, so a value moved under another key (or
//!   kind) does not open;
//! - every No. KK and NIK inside a key is encrypted with FF1 (NIST SP
//!   800-38G) into another 16-digit number, so the key layout, its lengths
//!   and its exact-match lookups stay as they are;
//! - a name or street word in the search indexes becomes a keyed hash
//!   (HMAC-SHA256) of its first three letters: a search reads that bucket
//!   and keeps the names whose sealed value matches.
//!
//! Changing the passphrase re-wraps the data key only, in one rename.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use aes::Aes256;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use fpe::ff1::{FF1, FlexibleNumeralString};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The wrapped key's file in the database directory.
pub const VAULT_FILE: &str = "vault.json";
const FORMAT: u32 = 1;
const WRAP_AD: &[u8] = b"dtks vault 1";
const NONCE: usize = 24;
const TAG: usize = 16;
/// argon2id at OWASP's recommended minimum (19 MiB, two passes): some
/// 20 ms an open, and a guess costs as much.
const M_KIB: u32 = 19 * 1024;
const T_COST: u32 = 2;
const P_COST: u32 = 1;
/// The shortest passphrase a new vault takes.
pub const MIN_PASSPHRASE: usize = 8;
/// Letters of a word that make its search bucket.
pub const BUCKET_LETTERS: usize = 3;

/// What unlocks an encrypted database.
#[derive(Clone, PartialEq, Eq)]
pub enum Secret {
    Passphrase(String),
    /// A file holding the passphrase (for a server), readable by its owner
    /// only.
    KeyFile(PathBuf),
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Secret::Passphrase(_) => f.write_str("Passphrase(…)"),
            Secret::KeyFile(p) => write!(f, "KeyFile({})", p.display()),
        }
    }
}

/// Why a vault could not be made, opened or used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VaultFault {
    /// The database is encrypted and no passphrase or key file was given.
    NoSecret,
    /// The passphrase (or key file) does not open this database's key.
    WrongSecret,
    /// The key file may be read or written by other users.
    KeyFileOpen { file: PathBuf, mode: u32 },
    /// The key file cannot be read.
    KeyFileUnreadable { file: PathBuf, kind: std::io::ErrorKind },
    /// The key file or passphrase is empty.
    EmptySecret,
    /// A new passphrase shorter than [`MIN_PASSPHRASE`].
    ShortPassphrase,
    /// `vault.json` is there but is not one dtks wrote.
    HeaderDamaged,
    /// A vault exists already.
    AlreadyEncrypted,
    /// The database is not encrypted.
    NotEncrypted,
    /// A stored value does not open with this key: damaged, or moved from
    /// another key.
    Sealed { key: String },
    /// The vault file could not be written.
    Write { kind: std::io::ErrorKind },
}

type Result<T> = std::result::Result<T, VaultFault>;

impl Secret {
    /// The secret's bytes: the passphrase, or the key file's first line.
    fn bytes(&self) -> Result<Vec<u8>> {
        let bytes = match self {
            Secret::Passphrase(p) => p.as_bytes().to_vec(),
            Secret::KeyFile(file) => {
                let unreadable =
                    |e: std::io::Error| VaultFault::KeyFileUnreadable { file: file.clone(), kind: e.kind() };
                let meta = std::fs::metadata(file).map_err(unreadable)?;
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let mode = meta.permissions().mode() & 0o777;
                    if mode & 0o077 != 0 {
                        return Err(VaultFault::KeyFileOpen { file: file.clone(), mode });
                    }
                }
                #[cfg(not(unix))]
                let _ = meta;
                let text = std::fs::read(file).map_err(unreadable)?;
                let line = text.split(|&b| b == b'\n').next().unwrap_or_default();
                line.strip_suffix(b"\r").unwrap_or(line).to_vec()
            }
        };
        if bytes.is_empty() {
            return Err(VaultFault::EmptySecret);
        }
        Ok(bytes)
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    kdf: String,
    m_kib: u32,
    t: u32,
    p: u32,
    salt: String,
    /// Nonce and sealed data key, hex.
    key: String,
}

/// The unlocked keys of one database.
pub struct Vault {
    values: XChaCha20Poly1305,
    ids: FF1<Aes256>,
    words: Hmac<Sha256>,
    /// Nonces are this process's random 16 bytes and a counter: never
    /// repeated under one key without drawing the same 128 random bits.
    nonce_base: [u8; 16],
    counter: AtomicU64,
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Vault(…)")
    }
}

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|_| VaultFault::Write { kind: std::io::ErrorKind::Other })?;
    Ok(b)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

fn subkey(master: &[u8; 32], label: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(master).expect("HMAC takes any key length");
    mac.update(label);
    mac.finalize().into_bytes().into()
}

fn kek(secret: &[u8], salt: &[u8], m_kib: u32, t: u32, p: u32) -> Result<[u8; 32]> {
    let params = argon2::Params::new(m_kib, t, p, Some(32)).map_err(|_| VaultFault::HeaderDamaged)?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = [0u8; 32];
    argon.hash_password_into(secret, salt, &mut out).map_err(|_| VaultFault::HeaderDamaged)?;
    Ok(out)
}

/// Whether the database directory at `dir` is encrypted.
pub fn is_encrypted(dir: &Path) -> bool {
    dir.join(VAULT_FILE).is_file()
}

fn wrap(dek: &[u8; 32], secret: &Secret) -> Result<Header> {
    let secret = secret.bytes()?;
    let salt: [u8; 16] = random()?;
    let kek = kek(&secret, &salt, M_KIB, T_COST, P_COST)?;
    let nonce: [u8; NONCE] = random()?;
    let sealed = XChaCha20Poly1305::new((&kek).into())
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: dek, aad: WRAP_AD })
        .map_err(|_| VaultFault::Write { kind: std::io::ErrorKind::Other })?;
    let mut key = nonce.to_vec();
    key.extend_from_slice(&sealed);
    Ok(Header {
        format: FORMAT,
        kdf: "argon2id".into(),
        m_kib: M_KIB,
        t: T_COST,
        p: P_COST,
        salt: hex(&salt),
        key: hex(&key),
    })
}

fn unwrap(dir: &Path, secret: &Secret) -> Result<[u8; 32]> {
    let text = match std::fs::read(dir.join(VAULT_FILE)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(VaultFault::NotEncrypted),
        Err(e) => return Err(VaultFault::Write { kind: e.kind() }),
    };
    let header: Header = serde_json::from_slice(&text).map_err(|_| VaultFault::HeaderDamaged)?;
    if header.format != FORMAT || header.kdf != "argon2id" {
        return Err(VaultFault::HeaderDamaged);
    }
    let salt = unhex(&header.salt).ok_or(VaultFault::HeaderDamaged)?;
    let key = unhex(&header.key).ok_or(VaultFault::HeaderDamaged)?;
    if key.len() != NONCE + 32 + TAG {
        return Err(VaultFault::HeaderDamaged);
    }
    let kek = kek(&secret.bytes()?, &salt, header.m_kib, header.t, header.p)?;
    let dek = XChaCha20Poly1305::new((&kek).into())
        .decrypt(XNonce::from_slice(&key[..NONCE]), Payload { msg: &key[NONCE..], aad: WRAP_AD })
        .map_err(|_| VaultFault::WrongSecret)?;
    dek.try_into().map_err(|_| VaultFault::HeaderDamaged)
}

/// Writes the header whole or not at all: a temporary file beside it,
/// flushed, renamed, and the directory flushed.
fn write_header(dir: &Path, header: &Header) -> Result<()> {
    let io = |e: std::io::Error| VaultFault::Write { kind: e.kind() };
    let body = serde_json::to_vec_pretty(header).map_err(|_| VaultFault::Write { kind: std::io::ErrorKind::Other })?;
    let mut tmp = tempfile::Builder::new().prefix(".dtks-tmp-vault-").tempfile_in(dir).map_err(io)?;
    tmp.write_all(&body).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(dir.join(VAULT_FILE)).map_err(|e| io(e.error))?;
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io)
}

impl Vault {
    /// Makes a new data key for the (new) database directory `dir` and
    /// writes it wrapped by `secret`.
    pub fn create(dir: &Path, secret: &Secret) -> Result<Arc<Vault>> {
        if is_encrypted(dir) {
            return Err(VaultFault::AlreadyEncrypted);
        }
        if let Secret::Passphrase(p) = secret
            && p.chars().count() < MIN_PASSPHRASE
        {
            return Err(VaultFault::ShortPassphrase);
        }
        let dek: [u8; 32] = random()?;
        write_header(dir, &wrap(&dek, secret)?)?;
        Ok(Arc::new(Vault::from_key(&dek)))
    }

    /// Opens the data key of the database at `dir`.
    pub fn unlock(dir: &Path, secret: &Secret) -> Result<Arc<Vault>> {
        Ok(Arc::new(Vault::from_key(&unwrap(dir, secret)?)))
    }

    /// Wraps the data key of the database at `dir` with `new` in place of
    /// `old`: the vault file is replaced in one rename, so a kill leaves
    /// either passphrase working, never neither.
    pub fn rewrap(dir: &Path, old: &Secret, new: &Secret) -> Result<()> {
        if let Secret::Passphrase(p) = new
            && p.chars().count() < MIN_PASSPHRASE
        {
            return Err(VaultFault::ShortPassphrase);
        }
        let dek = unwrap(dir, old)?;
        write_header(dir, &wrap(&dek, new)?)
    }

    /// Checks that `secret` opens the vault of `dir` (the header only).
    pub fn check(dir: &Path, secret: &Secret) -> Result<()> {
        unwrap(dir, secret).map(|_| ())
    }

    fn from_key(dek: &[u8; 32]) -> Vault {
        let values = XChaCha20Poly1305::new((&subkey(dek, b"dtks values")).into());
        // FF1 takes any radix from 2 on, so radix 10 cannot be refused.
        let ids = FF1::<Aes256>::new(&subkey(dek, b"dtks ids"), 10).expect("FF1 takes radix 10");
        let words =
            <Hmac<Sha256> as Mac>::new_from_slice(&subkey(dek, b"dtks words")).expect("HMAC takes any key length");
        let nonce_base = random().unwrap_or_else(|_| {
            let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            t.as_nanos().to_be_bytes()
        });
        Vault { values, ids, words, nonce_base, counter: AtomicU64::new(0) }
    }

    /// `value` sealed for the entry `key`; an empty value stays empty (an
    /// index entry's presence is in its key).
    pub fn seal(&self, key: &[u8], value: &[u8]) -> Vec<u8> {
        if value.is_empty() {
            return Vec::new();
        }
        let mut nonce = [0u8; NONCE];
        nonce[..16].copy_from_slice(&self.nonce_base);
        nonce[16..].copy_from_slice(&self.counter.fetch_add(1, Ordering::Relaxed).to_be_bytes());
        let sealed = self.values.encrypt(XNonce::from_slice(&nonce), Payload { msg: value, aad: key });
        // Encryption fails only for messages past 256 GiB.
        let sealed = sealed.unwrap_or_default();
        let mut out = Vec::with_capacity(NONCE + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// The value sealed for `key`, or `None` when it does not open.
    pub fn open(&self, key: &[u8], stored: &[u8]) -> Option<Vec<u8>> {
        if stored.is_empty() {
            return Some(Vec::new());
        }
        if stored.len() < NONCE + TAG {
            return None;
        }
        let (nonce, sealed) = stored.split_at(NONCE);
        self.values.decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad: key }).ok()
    }

    fn ff1(&self, id: &str, forward: bool) -> String {
        if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return id.to_string();
        }
        let digits: Vec<u16> = id.bytes().map(|b| u16::from(b - b'0')).collect();
        let s = FlexibleNumeralString::from(digits);
        let out = if forward { self.ids.encrypt(&[], &s) } else { self.ids.decrypt(&[], &s) };
        match out {
            Ok(n) => Vec::<u16>::from(n).into_iter().map(|d| char::from(b'0' + d as u8)).collect(),
            // Sixteen radix-10 numerals are always in FF1's domain.
            Err(_) => id.to_string(),
        }
    }

    /// A No. KK or NIK as keys hold it: another 16-digit number, the same
    /// for the same id. Anything else is returned as it is.
    pub fn id(&self, id: &str) -> String {
        self.ff1(id, true)
    }

    /// The id that [`Vault::id`] turned into `stored`.
    pub fn id_back(&self, stored: &str) -> String {
        self.ff1(stored, false)
    }

    /// A keyed hash of a whole name (a worker's account in the audit's
    /// user index): 16 hex digits, the same for the same name.
    pub fn tag(&self, name: &str) -> String {
        let mut mac = self.words.clone();
        mac.update(b"user\0");
        mac.update(name.as_bytes());
        hex(&mac.finalize().into_bytes()[..8])
    }

    /// The search bucket of a folded word: 8 hex digits of a keyed hash of
    /// its first [`BUCKET_LETTERS`] letters (of the whole word when shorter).
    pub fn bucket(&self, word: &str) -> String {
        let end = word.char_indices().nth(BUCKET_LETTERS).map_or(word.len(), |(i, _)| i);
        let mut mac = self.words.clone();
        mac.update(&word.as_bytes()[..end]);
        hex(&mac.finalize().into_bytes()[..4])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(p: &str) -> Secret {
        Secret::Passphrase(p.into())
    }

    #[test]
    fn a_value_opens_under_its_own_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create(dir.path(), &pass("rahasia-dinas")).unwrap();
        let sealed = v.seal(b"H1", b"SITI AMINAH");
        assert!(!sealed.windows(5).any(|w| w == b"SITI "));
        assert_eq!(v.open(b"H1", &sealed).as_deref(), Some(b"SITI AMINAH".as_slice()));
        assert_eq!(v.open(b"H2", &sealed), None);
        let mut bent = sealed.clone();
        bent[30] ^= 1;
        assert_eq!(v.open(b"H1", &bent), None);
        assert!(v.seal(b"N", b"").is_empty());
    }

    #[test]
    fn ids_stay_sixteen_digits_and_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create(dir.path(), &pass("rahasia-dinas")).unwrap();
        let id = "3171011234567890";
        let e = v.id(id);
        assert_eq!(e.len(), 16);
        assert!(e.bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(e, id);
        assert_eq!(v.id(id), e);
        assert_eq!(v.id_back(&e), id);
        assert_eq!(v.id("3171"), "3171");
        assert_eq!(v.bucket("sitompul"), v.bucket("siti"));
        assert_ne!(v.bucket("siti"), v.bucket("aminah"));
    }

    #[test]
    fn the_passphrase_opens_the_same_key_and_a_wrong_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Vault::create(dir.path(), &pass("short")).unwrap_err(), VaultFault::ShortPassphrase);
        let v = Vault::create(dir.path(), &pass("rahasia-dinas")).unwrap();
        let sealed = v.seal(b"k", b"nilai");
        assert_eq!(Vault::unlock(dir.path(), &pass("salah-sandi")).unwrap_err(), VaultFault::WrongSecret);
        let again = Vault::unlock(dir.path(), &pass("rahasia-dinas")).unwrap();
        assert_eq!(again.open(b"k", &sealed).as_deref(), Some(b"nilai".as_slice()));
        assert_eq!(again.id("3171011234567890"), v.id("3171011234567890"));
        Vault::rewrap(dir.path(), &pass("rahasia-dinas"), &pass("sandi-baru-2027")).unwrap();
        assert_eq!(Vault::unlock(dir.path(), &pass("rahasia-dinas")).unwrap_err(), VaultFault::WrongSecret);
        let third = Vault::unlock(dir.path(), &pass("sandi-baru-2027")).unwrap();
        assert_eq!(third.open(b"k", &sealed).as_deref(), Some(b"nilai".as_slice()));
        assert_eq!(Vault::create(dir.path(), &pass("rahasia-dinas")).unwrap_err(), VaultFault::AlreadyEncrypted);
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("kunci");
        std::fs::write(&file, "rahasia-server\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let db = dir.path().join("db");
        std::fs::create_dir(&db).unwrap();
        let err = Vault::create(&db, &Secret::KeyFile(file.clone())).unwrap_err();
        assert_eq!(err, VaultFault::KeyFileOpen { file: file.clone(), mode: 0o644 });
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        Vault::create(&db, &Secret::KeyFile(file.clone())).unwrap();
        // The file's first line is the passphrase.
        Vault::check(&db, &pass("rahasia-server")).unwrap();
    }
}
