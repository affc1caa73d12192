//! Name folding for Indonesian names.
//!
//! The same person is written many ways: old (Van Ophuijsen / Soewandi)
//! spelling beside the 1972 one, doubled letters, abbreviations, spreadsheet
//! punctuation. [`fold`] maps a name to a key on which such spellings agree:
//!
//! 1. lower case; accents stripped (`é` → `e`);
//! 2. an apostrophe between two letters is dropped (`Ma'ruf` → `maruf`);
//!    every other character that is not a letter or digit (`. , ' ` - /`
//!    and the like) becomes a space; spaces collapse;
//! 3. per word, read left to right in one pass: `oe` → `u`, `dj` → `j`,
//!    `tj` → `c`, `ch` → `h`, `kh` → `h`, then every `j` → `y` (old `j` is
//!    new `y`: `Djoko`/`Joko` → `yoko`, `Tjahjono`/`Cahyono` → `cahyono`,
//!    `Sjahrir`/`Syahrir` → `syahrir`, `Nj` → `ny`);
//! 4. doubled letters collapse (`Muhammad` → `muhamad`);
//! 5. a word starting `moh` starts `muh` (`Mohamad`, `Mochamad` →
//!    `muhamad`; the abbreviations `Moh.` and `Muh.` both end as `mu`);
//! 6. a word-final `h` after a vowel is dropped (`Nurhalizah` → `nurhaliza`,
//!    `Fatimah` → `fatima`).
//!
//! Accepted costs: the key is for finding, not for display or identity.
//! `j` and `y` are conflated, so a modern `J` name matches its `Y` namesake
//! (`Joga`/`Yoga`); `ch` and `kh` meet `h` (`Chairul`/`Khairul`/`Hairul`),
//! final `h` is lost (`Saleh`/`Sale`), doubled letters are lost
//! (`Alla`/`Ala`), and `oe` is always old spelling (`Joel` → `yul`). A
//! search therefore shows a few more candidates; the NIK decides identity.
//!
//! Queries are folded with [`fold_query`]: the same folding, then every
//! query word loses a last letter that may be the first half of a pair
//! (`o d t c k`), so that a name typed so far still finds its target
//! (`so` → `s` finds `Soekarno`, `mo` finds `Mohamad`). A one-letter word
//! such as `d` (maybe `Dj...`) is dropped whole, so `d` alone is the empty
//! query, which matches every name. `fatimah` folds to `fatima` and finds
//! `Fatimah` and `Fatima`. Name keys are built with [`fold`], never with
//! [`fold_query`].

/// Folds a name to its matching key: lower case, punctuation to spaces,
/// spelling variants unified. Two spellings of one name fold equal.
pub fn fold(name: &str) -> String {
    let cleaned = clean(name);
    let mut out = String::with_capacity(cleaned.len());
    for w in cleaned.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&fold_word(w));
    }
    out
}

/// Folds a search query typed so far; see the module docs. Only the last
/// word is being typed, so only its last letter may be the first half of a
/// pair (o of oe, d of dj, t of tj, c of ch, k of kh) and is dropped; the
/// words before it are complete. Search with [`fold`] first and this second,
/// so the closest hits come first.
pub fn fold_query(query: &str) -> String {
    let folded = fold(query);
    let mut words: Vec<&str> = tokens(&folded).collect();
    if let Some(last) = words.last_mut()
        && matches!(last.as_bytes().last(), Some(b'o' | b'd' | b't' | b'c' | b'k'))
    {
        *last = &last[..last.len() - 1];
    }
    words.retain(|w| !w.is_empty());
    words.join(" ")
}

/// The words of a folded name, as indexed.
pub fn tokens(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(' ').filter(|t| !t.is_empty())
}

/// True when every word of the folded query is a prefix of a distinct word
/// of the folded name, in order ("siti nur" matches "siti nurhaliza"). An
/// empty query matches every name.
pub fn matches(query_folded: &str, name_folded: &str) -> bool {
    let mut name = tokens(name_folded);
    // Taking the earliest fitting name word never loses a match.
    tokens(query_folded).all(|q| name.any(|n| n.starts_with(q)))
}

/// Lower case, accents stripped, punctuation to single spaces.
fn clean(name: &str) -> String {
    let chars: Vec<char> = name.to_lowercase().chars().map(strip_accent).collect();
    let mut out = String::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            out.push(c);
            continue;
        }
        let between_letters =
            i > 0 && chars[i - 1].is_alphabetic() && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        if matches!(c, '\'' | '`' | '\u{2019}' | '\u{2018}' | '\u{02bc}') && between_letters {
            continue;
        }
        if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn strip_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ŕ' | 'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => c,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn fold_word(w: &str) -> String {
    let chars: Vec<char> = w.chars().collect();
    let mut spelled: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let pair = (chars[i], chars.get(i + 1).copied());
        let (c, step) = match pair {
            ('o', Some('e')) => ('u', 2),
            ('d', Some('j')) => ('y', 2),
            ('t', Some('j')) => ('c', 2),
            ('c', Some('h')) | ('k', Some('h')) => ('h', 2),
            ('j', _) => ('y', 1),
            (c, _) => (c, 1),
        };
        spelled.push(c);
        i += step;
    }
    spelled.dedup();
    if spelled.starts_with(&['m', 'o', 'h']) {
        spelled[1] = 'u';
    }
    if spelled.len() >= 2 && spelled.last() == Some(&'h') && is_vowel(spelled[spelled.len() - 2]) {
        spelled.pop();
    }
    spelled.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_last_word_of_a_query_is_being_typed() {
        assert_eq!(fold_query("joko dwi"), "yoko dwi");
        assert_eq!(fold_query("dwi joko"), "dwi yok");
        assert_eq!(fold_query("soek"), "su");
        assert_eq!(fold("soek"), "suk");
    }

    #[test]
    fn spelling_pairs_fold_equal() {
        for (a, b, key) in [
            ("Soekarno", "Sukarno", "sukarno"),
            ("Djoko", "Joko", "yoko"),
            ("Tjahjono", "Cahyono", "cahyono"),
            ("Sjahrir", "Syahrir", "syahrir"),
            ("Muhammad", "Muhamad", "muhamad"),
            ("Mohamad", "Muhamad", "muhamad"),
            ("Nurhaliza", "Nurhalizah", "nurhaliza"),
            ("SITI NURHALIZA", "siti  nurhaliza,", "siti nurhaliza"),
            ("Fatimah", "Fatima", "fatima"),
            ("Mochammad", "Mohammad", "muhamad"),
            ("Khairul", "Chairul", "hairul"),
            ("Njoman", "Nyoman", "nyoman"),
            ("Ma'ruf", "Maruf", "maruf"),
            ("José", "Jose", "yose"),
        ] {
            assert_eq!(fold(a), key, "{a}");
            assert_eq!(fold(b), key, "{b}");
        }
    }

    #[test]
    fn different_names_stay_different() {
        for (a, b) in [("Siti", "Sari"), ("Joko", "Jaka"), ("Budi", "Bude"), ("Agus", "Anggun"), ("Dewi", "Dewa")] {
            assert_ne!(fold(a), fold(b), "{a} / {b}");
        }
    }

    #[test]
    fn punctuation_and_spaces() {
        assert_eq!(fold("  H. Moh. Ali-Akbar / Jr.  "), "h mu ali akbar yr");
        assert_eq!(fold("O'Neil"), "oneil");
        assert_eq!(fold("'Budi"), "budi");
        assert_eq!(fold("Rt.05"), "rt 05");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" .,- "), "");
    }

    #[test]
    fn final_h_only_after_vowel() {
        assert_eq!(fold("Saleh"), "sale");
        assert_eq!(fold("h"), "h");
        assert_eq!(fold("Nurh"), "nurh");
        assert_eq!(fold("Allah"), "ala");
    }

    #[test]
    fn matches_words_in_order_as_prefixes_of_distinct_words() {
        let name = fold("Siti Nurhalizah binti Ahmad");
        assert!(matches(&fold_query("siti nur"), &name));
        assert!(matches(&fold_query("nur ahm"), &name));
        assert!(matches(&fold_query(""), &name));
        assert!(!matches(&fold_query("ahmad siti"), &name));
        assert!(!matches(&fold_query("siti siti"), &name));
        assert!(!matches(&fold_query("sari"), &name));
        assert!(matches(&fold_query("siti siti"), &fold("Siti Sitiawati")));
        assert!(!matches(&fold_query("nurhalizah binti ahmad x"), &name));
    }

    #[test]
    fn fold_query_output() {
        assert_eq!(fold_query("Soe"), "su");
        assert_eq!(fold_query("so"), "s");
        assert_eq!(fold_query("siti d"), "siti");
        assert_eq!(fold_query("d"), "");
        assert_eq!(fold_query("Muhammad"), "muhama");
        assert_eq!(fold_query("nurh"), "nurh");
        assert_eq!(fold_query("fatimah"), "fatima");
    }

    #[test]
    fn typed_prefixes_find_their_name() {
        let sukarno = fold("Sukarno");
        for q in ["s", "so", "soe", "soek", "soekarno", "su", "suk"] {
            assert!(matches(&fold_query(q), &sukarno), "{q}");
        }
        let nurhaliza = fold("Nurhaliza");
        for q in ["nurh", "nurha", "nurhalizah", "nurhaliza", "n"] {
            assert!(matches(&fold_query(q), &nurhaliza), "{q}");
        }
        let joko = fold("Djoko");
        for q in ["d", "dj", "djo", "jo", "j", "yo", "joko"] {
            assert!(matches(&fold_query(q), &joko), "{q}");
        }
        let cahyono = fold("Tjahjono");
        for q in ["t", "tj", "tja", "tjahj", "cahy", "cahyono"] {
            assert!(matches(&fold_query(q), &cahyono), "{q}");
        }
        let muhamad = fold("Mohammad");
        for q in ["m", "mo", "moh", "moch", "muh", "muham", "muhamm", "muhammad"] {
            assert!(matches(&fold_query(q), &muhamad), "{q}");
        }
        let hairul = fold("Khairul");
        for q in ["k", "kh", "kha", "chai", "hai"] {
            assert!(matches(&fold_query(q), &hairul), "{q}");
        }
        assert!(matches(&fold_query("fatimah"), &fold("Fatima")));
        assert!(matches(&fold_query("fatima"), &fold("Fatimah")));
        // The leniency is one letter, not a free pass.
        assert!(!matches(&fold_query("sa"), &sukarno));
        assert!(!matches(&fold_query("nurl"), &nurhaliza));
        assert!(!matches(&fold_query("jaka"), &joko));
    }
}
