//! Name folding for Indonesian names. (Signatures fixed; bodies to be written.)

/// Folds a name to its matching key: lower case, punctuation to spaces,
/// spelling variants unified. Two spellings of one name fold equal.
pub fn fold(name: &str) -> String {
    let _ = name;
    todo!()
}

/// The words of a folded name, as indexed.
pub fn tokens(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(' ').filter(|t| !t.is_empty())
}

/// True when every word of the folded query is a prefix of a distinct word
/// of the folded name, in order ("siti nur" matches "siti nurhaliza").
pub fn matches(query_folded: &str, name_folded: &str) -> bool {
    let _ = (query_folded, name_folded);
    todo!()
}
