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
//! | `S` street word 0x00 no_kk | folded street, stop words left out |
//! | `A` seq(u64 BE) | AuditEvent |
//! | `a` no_kk seq(u64 BE) | empty |
//! | `n` nik seq(u64 BE) | empty: the views that showed a person |
//! | `h` user 0x00 seq(u64 BE) | empty: the events of a user |
//! | `e` record key (kind, id) | seq of the last audit event that wrote it |
//! | `R` dotted code | Region |
//! | `M` name | meta value |

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::codec::{self, enrolment_byte, programme_byte};
use super::error::StoreError;
use super::records::kinds;
use super::vault::Vault;
use crate::domain::names;
use crate::domain::{EnrolmentStatus, Household, Programme};

pub(crate) const HOUSEHOLD: u8 = b'H';
pub(crate) const NIK: u8 = b'N';
pub(crate) const NAME: u8 = b'T';
pub(crate) const PLACE: u8 = b'W';
pub(crate) const PROGRAMME: u8 = b'P';
pub(crate) const STREET: u8 = b'S';
pub(crate) const AUDIT: u8 = b'A';
pub(crate) const AUDIT_BY_KK: u8 = b'a';
pub(crate) const AUDIT_BY_NIK: u8 = b'n';
pub(crate) const AUDIT_BY_USER: u8 = b'h';
pub(crate) const VERSION: u8 = b'e';
pub(crate) const REGION: u8 = b'R';
pub(crate) const META: u8 = b'M';

/// Kind bytes of the household indexes, which `check` verifies.
pub(crate) const INDEXES: [u8; 5] = [NIK, NAME, PLACE, PROGRAMME, STREET];
/// Kind bytes taken by the layout above; generic records use others.
pub(crate) const RESERVED: [u8; 13] = [
    HOUSEHOLD,
    NIK,
    NAME,
    PLACE,
    PROGRAMME,
    STREET,
    AUDIT,
    AUDIT_BY_KK,
    AUDIT_BY_NIK,
    AUDIT_BY_USER,
    VERSION,
    REGION,
    META,
];

const ID: usize = 16;

/// How No. KKs, NIKs and index words become key parts: as they are, or,
/// in an encrypted database, through its vault (ids into other 16-digit
/// numbers, words into their search bucket). Every key that holds an id
/// is built and read through here.
#[derive(Clone, Copy)]
pub(crate) struct Ids<'a>(pub(crate) Option<&'a Vault>);

impl Ids<'_> {
    /// An id as keys hold it.
    pub(crate) fn id<'s>(&self, id: &'s str) -> Cow<'s, str> {
        match self.0 {
            Some(v) if is_id(id) => Cow::Owned(v.id(id)),
            _ => Cow::Borrowed(id),
        }
    }

    /// The id a key part holds.
    pub(crate) fn back(&self, stored: &str) -> String {
        match self.0 {
            Some(v) if is_id(stored) => v.id_back(stored),
            _ => stored.to_string(),
        }
    }

    /// A folded index word as keys hold it.
    pub(crate) fn word<'s>(&self, word: &'s str) -> Cow<'s, str> {
        match self.0 {
            Some(v) => Cow::Owned(v.bucket(word)),
            None => Cow::Borrowed(word),
        }
    }

    /// The key prefix under which the index `kind` (name or street) holds
    /// the words that start with `word`: the word itself, or its bucket
    /// when the database is encrypted; `None` when the whole index must be
    /// read (an encrypted database and a word shorter than a bucket).
    pub(crate) fn word_prefix(&self, kind: u8, word: &str) -> Option<Vec<u8>> {
        match self.0 {
            None => Some(with(kind, &[word.as_bytes()])),
            Some(_) if word.chars().count() < super::vault::BUCKET_LETTERS => None,
            Some(v) => Some(with(kind, &[v.bucket(word).as_bytes()])),
        }
    }

    /// A worker's account name as the audit's user index holds it.
    pub(crate) fn user<'s>(&self, user: &'s str) -> Cow<'s, str> {
        match self.0 {
            Some(v) => Cow::Owned(v.tag(user)),
            None => Cow::Borrowed(user),
        }
    }

    pub(crate) fn encrypted(&self) -> bool {
        self.0.is_some()
    }

    /// A record key (`kind` + id) as stored: the No. KK or NIK in the id
    /// of the kinds that hold one is encrypted.
    pub(crate) fn record(&self, kind: u8, id: &str) -> Vec<u8> {
        with(kind, &[self.record_id(kind, id, true).as_bytes()])
    }

    /// The id of a stored record key's id part.
    pub(crate) fn record_id_back(&self, kind: u8, stored: &str) -> String {
        self.record_id(kind, stored, false)
    }

    fn record_id(&self, kind: u8, id: &str, forward: bool) -> String {
        let Some(span) = self.0.and(id_span(kind, id)) else { return id.to_string() };
        let part = &id[span.clone()];
        let turned = if forward { self.id(part).into_owned() } else { self.back(part) };
        format!("{}{turned}{}", &id[..span.start], &id[span.end..])
    }
}

/// Where a record id holds a No. KK or NIK: at its head (the visits and
/// deactivation proposals of a household, office ids, Burekol accounts) or
/// after its last `/` (a recipient's ledger).
fn id_span(kind: u8, id: &str) -> Option<std::ops::Range<usize>> {
    match kind {
        kinds::VISIT_BY_KK | kinds::DEACTIVATION_BY_KK | kinds::OFFICE_IDS | kinds::BUREKOL => {
            id.get(..ID).filter(|h| is_id(h)).map(|_| 0..ID)
        }
        kinds::TAHAP_LEDGER => {
            let at = id.rfind('/')? + 1;
            is_id(&id[at..]).then_some(at..at + ID)
        }
        _ => None,
    }
}

/// The folded form of a full name, as the name index stores it. Every index
/// write and every check goes through here.
pub(crate) fn folded(name: &str) -> String {
    names::fold(name)
}

/// Words too common in addresses to find anything by (before folding).
const STREET_STOP: [&str; 16] = [
    "jl",
    "jln",
    "jalan",
    "gg",
    "gang",
    "no",
    "nomor",
    "rt",
    "rw",
    "blok",
    "kav",
    "komp",
    "komplek",
    "kompleks",
    "perum",
    "perumahan",
];

fn street_stop(folded_word: &str) -> bool {
    static FOLDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FOLDED.get_or_init(|| STREET_STOP.iter().map(|w| names::fold(w)).collect()).iter().any(|w| w == folded_word)
}

/// The words of a street that the street index holds: folded, without stop
/// words, one-letter words and house numbers.
pub(crate) fn street_words(street: &str) -> Vec<String> {
    let folded = names::fold(street);
    names::tokens(&folded)
        .filter(|w| w.chars().count() >= 2)
        .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
        .filter(|w| !street_stop(w))
        .map(str::to_string)
        .collect()
}

/// The words of a street query (already folded) that can match: stop words
/// are left out, short words stay, since they may be typed halfway.
pub(crate) fn street_query(query_folded: &str) -> String {
    names::tokens(query_folded).filter(|w| !street_stop(w)).collect::<Vec<_>>().join(" ")
}

/// The key just past every key that starts with `prefix`.
pub(crate) fn prefix_end(prefix: &[u8]) -> Vec<u8> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return end;
        }
    }
    // Only an all-0xFF prefix gets here; no key of this layout is one.
    vec![u8::MAX; prefix.len() + 1]
}

pub(crate) fn with(kind: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + parts.iter().map(|p| p.len()).sum::<usize>());
    k.push(kind);
    for p in parts {
        k.extend_from_slice(p);
    }
    k
}

pub(crate) fn household(ids: Ids, no_kk: &str) -> Vec<u8> {
    with(HOUSEHOLD, &[ids.id(no_kk).as_bytes()])
}

pub(crate) fn audit(seq: u64) -> Vec<u8> {
    with(AUDIT, &[&seq.to_be_bytes()])
}

pub(crate) fn audit_by_kk(ids: Ids, no_kk: &str, seq: u64) -> Vec<u8> {
    with(AUDIT_BY_KK, &[ids.id(no_kk).as_bytes(), &seq.to_be_bytes()])
}

pub(crate) fn audit_by_nik(ids: Ids, nik: &str, seq: u64) -> Vec<u8> {
    with(AUDIT_BY_NIK, &[ids.id(nik).as_bytes(), &seq.to_be_bytes()])
}

pub(crate) fn audit_by_user_prefix(ids: Ids, user: &str) -> Vec<u8> {
    with(AUDIT_BY_USER, &[ids.user(user).as_bytes(), &[0]])
}

pub(crate) fn audit_by_user(ids: Ids, user: &str, seq: u64) -> Vec<u8> {
    with(AUDIT_BY_USER, &[ids.user(user).as_bytes(), &[0], &seq.to_be_bytes()])
}

/// The version entry of a record, by the record's own key.
pub(crate) fn version(record_key: &[u8]) -> Vec<u8> {
    with(VERSION, &[record_key])
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

/// The household's entry in the address index.
pub(crate) fn place(ids: Ids, h: &Household) -> Vec<u8> {
    let place = format!("{}{:03}{:03}", compact(&h.address.kelurahan), h.address.rw, h.address.rt);
    with(PLACE, &[place.as_bytes(), ids.id(&h.no_kk).as_bytes()])
}

/// Every index entry a household needs, key → value. Call `check_keys` first.
pub(crate) fn index_entries(ids: Ids, h: &Household) -> Result<BTreeMap<Vec<u8>, Vec<u8>>, StoreError> {
    let kk = ids.id(&h.no_kk);
    let kk = kk.as_bytes();
    let mut out = BTreeMap::new();
    out.insert(place(ids, h), Vec::new());
    let words = street_words(&h.address.street);
    if !words.is_empty() {
        let value = codec::encode(&words.join(" "))
            .map_err(|e| StoreError::Encode { what: format!("street of {}", h.no_kk), source: e })?;
        for w in &words {
            out.insert(with(STREET, &[ids.word(w).as_bytes(), &[0], kk]), value.clone());
        }
    }
    for p in &h.members {
        let nik = ids.id(&p.nik);
        let nik = nik.as_bytes();
        out.insert(with(NIK, &[nik, kk]), Vec::new());
        let name = folded(&p.name);
        let value =
            codec::encode(&name).map_err(|e| StoreError::Encode { what: format!("name of {}", p.nik), source: e })?;
        for word in names::tokens(&name).filter(|w| !w.contains('\0')) {
            out.insert(with(NAME, &[ids.word(word).as_bytes(), &[0], kk, nik]), value.clone());
        }
        for e in &p.enrolments {
            out.insert(with(PROGRAMME, &[&programme(e.programme, e.status)[1..], nik, kk]), Vec::new());
        }
    }
    Ok(out)
}

/// A key of a plain database as an encrypted one (`ids`) stores it.
pub(crate) fn stored(ids: Ids, key: &[u8]) -> Vec<u8> {
    let n = key.len();
    let id = |b: &[u8]| match std::str::from_utf8(b) {
        Ok(s) => ids.id(s).into_owned().into_bytes(),
        Err(_) => b.to_vec(),
    };
    let word = |b: &[u8]| ids.word(&String::from_utf8_lossy(b)).into_owned().into_bytes();
    let Some(&kind) = key.first() else { return Vec::new() };
    match kind {
        HOUSEHOLD if n == 1 + ID => with(kind, &[&id(&key[1..])]),
        NIK if n == 1 + 2 * ID => with(kind, &[&id(&key[1..1 + ID]), &id(&key[1 + ID..])]),
        PLACE if n == 1 + 16 + ID => with(kind, &[&key[1..17], &id(&key[17..])]),
        PROGRAMME if n == 3 + 2 * ID => with(kind, &[&key[1..3], &id(&key[3..3 + ID]), &id(&key[3 + ID..])]),
        NAME if n >= 3 + 2 * ID && key[n - 2 * ID - 1] == 0 => {
            with(kind, &[&word(&key[1..n - 2 * ID - 1]), &[0], &id(&key[n - 2 * ID..n - ID]), &id(&key[n - ID..])])
        }
        STREET if n >= 3 + ID && key[n - ID - 1] == 0 => {
            with(kind, &[&word(&key[1..n - ID - 1]), &[0], &id(&key[n - ID..])])
        }
        AUDIT_BY_KK | AUDIT_BY_NIK if n == 1 + ID + 8 => with(kind, &[&id(&key[1..1 + ID]), &key[1 + ID..]]),
        AUDIT_BY_USER if n >= 10 && key[n - 9] == 0 => {
            with(kind, &[ids.user(&String::from_utf8_lossy(&key[1..n - 9])).as_bytes(), &key[n - 9..]])
        }
        VERSION => with(kind, &[&stored(ids, &key[1..])]),
        _ if RESERVED.contains(&kind) => key.to_vec(),
        _ => match std::str::from_utf8(&key[1..]) {
            Ok(rid) => ids.record(kind, rid),
            Err(_) => key.to_vec(),
        },
    }
}

/// The NIK and No. KK of a NIK-index key, as stored.
pub(crate) fn nik_entry(key: &[u8]) -> Option<(&[u8], &[u8])> {
    (key.len() == 1 + 2 * ID && key[0] == NIK).then(|| (&key[1..1 + ID], &key[1 + ID..]))
}

/// The No. KK an index or audit-history key belongs to.
pub(crate) fn owner(key: &[u8]) -> Option<&str> {
    let n = key.len();
    let kk = match *key.first()? {
        NIK | PLACE if n == 1 + 16 + ID => &key[17..],
        PROGRAMME if n == 3 + 2 * ID => &key[3 + ID..],
        STREET if n >= 3 + ID && key[n - ID - 1] == 0 => &key[n - ID..],
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

/// A stored key as a report may name it: in an encrypted database the key
/// holds no id or word to read, so only its kind is named.
pub(crate) fn describe_stored(key: &[u8]) -> String {
    match key.first() {
        Some(&AUDIT) => describe(key),
        Some(&k) => format!("{} …", k as char),
        None => String::new(),
    }
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
