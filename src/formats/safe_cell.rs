//! Cells Excel would take for a formula. A CSV cell that begins with `=`,
//! `+`, `-`, `@`, a tab or a carriage return is run by Excel as a formula
//! (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`), so export puts an apostrophe in
//! front, which Excel reads as "this is text". A value that itself begins
//! with an apostrophe gets one more, so that import can take exactly one
//! away and every value comes back as it was: `unescape(escape(v)) == v`.
//!
//! No column of the register holds a negative number or a date that starts
//! with `-`: numbers (RT, RW, desil) are never negative and dates are written
//! ISO (2024-12-13), so the rule costs nothing to the numbers and dates.

/// Characters that make Excel (and LibreOffice) read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn needs_mark(c: char) -> bool {
    TRIGGERS.contains(&c) || c == '\''
}

/// The cell as a CSV export writes it: an apostrophe in front of a value
/// that starts with a formula character or an apostrophe.
pub fn escape(v: &str) -> std::borrow::Cow<'_, str> {
    match v.chars().next() {
        Some(c) if needs_mark(c) => format!("'{v}").into(),
        _ => v.into(),
    }
}

/// [`escape`] on an owned field, allocating nothing for a plain value.
pub fn escape_owned(mut v: String) -> String {
    if v.starts_with(needs_mark) {
        v.insert(0, '\'');
    }
    v
}

/// The cell as a workbook export writes it. A text cell of a workbook is
/// never run as a formula, so only a value that import would otherwise
/// shorten (an apostrophe followed by a formula character or another
/// apostrophe) gets its mark.
pub fn escape_in_workbook(v: &str) -> std::borrow::Cow<'_, str> {
    if unescape(v).len() != v.len() { format!("'{v}").into() } else { v.into() }
}

/// The value of a cell as import reads it: an apostrophe followed by a
/// formula character or an apostrophe is the export's mark and is taken
/// away; any other apostrophe (`'Ujang`) is part of the value.
pub fn unescape(v: &str) -> &str {
    match v.strip_prefix('\'') {
        Some(rest) if rest.chars().next().is_some_and(needs_mark) => rest,
        _ => v,
    }
}

/// A cell as read, its export mark taken away.
pub(crate) fn unescape_cell(c: super::Cell) -> super::Cell {
    match c {
        super::Cell::Text(t) if unescape(&t).len() != t.len() => super::Cell::Text(unescape(&t).to_string()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: [&str; 12] = [
        "=HYPERLINK(\"http://x\",\"klik\")",
        "=cmd|' /C calc'!A0",
        "+SUM(1+1)",
        "-2+3",
        "@SUM(A1)",
        "\tTab",
        "\rCR",
        "'Ujang",
        "'=1+1",
        "''",
        "'",
        "Siti = Aminah",
    ];

    #[test]
    fn every_value_comes_back_and_no_csv_cell_starts_a_formula() {
        for v in HOSTILE.iter().copied().chain(["", "Budi", "3171010101010001", "2024-12-13"]) {
            let e = escape(v);
            assert_eq!(unescape(&e), v, "{v:?}");
            assert!(!e.starts_with(TRIGGERS), "{e:?}");
            assert_eq!(unescape(&escape_in_workbook(v)), v, "{v:?}");
        }
    }

    #[test]
    fn plain_values_are_written_as_they_are() {
        assert_eq!(escape("Budi Santoso"), "Budi Santoso");
        assert_eq!(escape("=1"), "'=1");
        assert_eq!(escape("'Ujang"), "''Ujang");
        assert_eq!(escape_in_workbook("=1"), "=1");
        assert_eq!(escape_in_workbook("'Ujang"), "'Ujang");
        assert_eq!(escape_in_workbook("'=1"), "''=1");
        // Excel's own text mark before digits is left for the NIK reader.
        assert_eq!(unescape("'3171010101010001"), "'3171010101010001");
        assert_eq!(unescape("'Ujang"), "'Ujang");
    }
}
