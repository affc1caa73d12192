//! Key layout of the one sled tree. Every key starts with a kind byte, so a
//! record, its index entries and its audit event are written by one atomic
//! `apply_batch`. No. KK and NIK are 16 ASCII digits, which keeps the
//! composite keys parseable from their ends.
//!
//! | key | value |
//! | --- | --- |
//! | `H` no_kk | Household |
//! | `N` nik no_kk | empty |
//! | `T` word 0x00 no_kk nik | folded full name |
//! | `W` kelurahan(10) rw(3) rt(3) no_kk | empty |
//! | `P` programme status nik no_kk | empty |
//! | `A` seq(u64 BE) | AuditEvent |
//! | `a` no_kk seq(u64 BE) | empty |
//! | `R` dotted code | Region |
//! | `M` name | meta value |

use std::collections::BTreeMap;

use super::codec::{self, enrolment_byte, programme_byte};
use super::error::StoreError;
use crate::domain::names;
use crate::domain::{EnrolmentStatus, Household, Programme};

pub(crate) const HOUSEHOLD: u8 = b'H';
pub(crate) const NIK: u8 = b'N';
pub(crate) const NAME: u8 = b'T';
pub(crate) const PLACE: u8 = b'W';
pub(crate) const PROGRAMME: u8 = b'P';
pub(crate) const AUDIT: u8 = b'A';
pub(crate) const AUDIT_BY_KK: u8 = b'a';
pub(crate) const REGION: u8 = b'R';
pub(crate) const META: u8 = b'M';

/// Kind bytes of the household indexes, which `check` verifies.
pub(crate) const INDEXES: [u8; 4] = [NIK, NAME, PLACE, PROGRAMME];
/// Kind bytes taken by the layout above; generic records use others.
pub(crate) const RESERVED: [u8; 9] = [HOUSEHOLD, NIK, NAME, PLACE, PROGRAMME, AUDIT, AUDIT_BY_KK, REGION, META];

const ID: usize = 16;

/// The folded form of a full name, as the name index stores it. Every index
/// write and every check goes through here.
pub(crate) fn folded(name: &str) -> String {
    names::fold(name)
}

pub(crate) fn with(kind: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + parts.iter().map(|p| p.len()).sum::<usize>());
    k.push(kind);
    for p in parts {
        k.extend_from_slice(p);
    }
    k
}

pub(crate) fn household(no_kk: &str) -> Vec<u8> {
    with(HOUSEHOLD, &[no_kk.as_bytes()])
}

pub(crate) fn audit(seq: u64) -> Vec<u8> {
    with(AUDIT, &[&seq.to_be_bytes()])
}

pub(crate) fn audit_by_kk(no_kk: &str, seq: u64) -> Vec<u8> {
    with(AUDIT_BY_KK, &[no_kk.as_bytes(), &seq.to_be_bytes()])
}

pub(crate) fn meta(name: &str) -> Vec<u8> {
    with(META, &[name.as_bytes()])
}

pub(crate) fn region(code: &str) -> Vec<u8> {
    with(REGION, &[code.as_bytes()])
}

pub(crate) fn programme(p: Programme, s: EnrolmentStatus) -> Vec<u8> {
    vec![PROGRAMME, programme_byte(p), enrolment_byte(s)]
}

/// Kelurahan code without dots (`31.71.01.1001` → `3171011001`).
pub(crate) fn compact(dotted: &str) -> String {
    dotted.chars().filter(|&c| c != '.').collect()
}

pub(crate) fn is_id(s: &str) -> bool {
    s.len() == ID && s.bytes().all(|b| b.is_ascii_digit())
}

fn unstorable(no_kk: &str, field: &str, value: &str, expected: &'static str) -> StoreError {
    StoreError::Unstorable { no_kk: no_kk.to_string(), field: field.to_string(), value: value.to_string(), expected }
}

/// Checks the parts of a household that become keys.
pub(crate) fn check_keys(h: &Household) -> Result<(), StoreError> {
    let kk = h.no_kk.as_str();
    if !is_id(kk) {
        return Err(unstorable(kk, "no_kk", kk, "16 digits"));
    }
    let kel = compact(&h.address.kelurahan);
    if kel.len() != 10 || !kel.bytes().all(|b| b.is_ascii_digit()) {
        let v = &h.address.kelurahan;
        return Err(unstorable(kk, "address.kelurahan", v, "a kelurahan code like 31.71.01.1001"));
    }
    if h.address.rw > 999 {
        return Err(unstorable(kk, "address.rw", &h.address.rw.to_string(), "at most 999"));
    }
    if h.address.rt > 999 {
        return Err(unstorable(kk, "address.rt", &h.address.rt.to_string(), "at most 999"));
    }
    for p in &h.members {
        if !is_id(&p.nik) {
            return Err(unstorable(kk, "nik", &p.nik, "16 digits"));
        }
    }
    Ok(())
}

/// Every index entry a household needs, key → value. Call `check_keys` first.
pub(crate) fn index_entries(h: &Household) -> Result<BTreeMap<Vec<u8>, Vec<u8>>, StoreError> {
    let kk = h.no_kk.as_bytes();
    let mut out = BTreeMap::new();
    let place = format!("{}{:03}{:03}", compact(&h.address.kelurahan), h.address.rw, h.address.rt);
    out.insert(with(PLACE, &[place.as_bytes(), kk]), Vec::new());
    for p in &h.members {
        let nik = p.nik.as_bytes();
        out.insert(with(NIK, &[nik, kk]), Vec::new());
        let name = folded(&p.name);
        let value =
            codec::encode(&name).map_err(|e| StoreError::Encode { what: format!("name of {}", p.nik), source: e })?;
        for word in names::tokens(&name).filter(|w| !w.contains('\0')) {
            out.insert(with(NAME, &[word.as_bytes(), &[0], kk, nik]), value.clone());
        }
        for e in &p.enrolments {
            out.insert(with(PROGRAMME, &[&programme(e.programme, e.status)[1..], nik, kk]), Vec::new());
        }
    }
    Ok(out)
}

/// The No. KK an index or audit-history key belongs to.
pub(crate) fn owner(key: &[u8]) -> Option<&str> {
    let n = key.len();
    let kk = match *key.first()? {
        NIK | PLACE if n == 1 + 16 + ID => &key[17..],
        PROGRAMME if n == 3 + 2 * ID => &key[3 + ID..],
        NAME if n >= 3 + 2 * ID && key[n - 2 * ID - 1] == 0 => &key[n - 2 * ID..n - ID],
        AUDIT_BY_KK if n == 1 + ID + 8 => &key[1..1 + ID],
        _ => return None,
    };
    std::str::from_utf8(kk).ok()
}

/// The two 16-digit ids at the end of a key, as text.
pub(crate) fn tail_ids(key: &[u8]) -> Option<(&str, &str)> {
    let n = key.len();
    if n < 2 * ID {
        return None;
    }
    let a = std::str::from_utf8(&key[n - 2 * ID..n - ID]).ok()?;
    let b = std::str::from_utf8(&key[n - ID..]).ok()?;
    Some((a, b))
}

/// A key as a person can read it in a check report.
pub(crate) fn describe(key: &[u8]) -> String {
    match key.first() {
        Some(&AUDIT) if key.len() == 9 => {
            format!("A {}", u64::from_be_bytes(key[1..9].try_into().unwrap_or_default()))
        }
        Some(&AUDIT_BY_KK) if key.len() == 1 + ID + 8 => {
            let seq = u64::from_be_bytes(key[1 + ID..].try_into().unwrap_or_default());
            format!("a {} {seq}", String::from_utf8_lossy(&key[1..1 + ID]))
        }
        _ => key.escape_ascii().to_string(),
    }
}
