//! Cell values and the lenient parsing of what spreadsheets make of them.

use chrono::NaiveDate;

use super::problem::CellProblem;

/// One cell as read from a file. CSV gives only text; xlsx keeps the type
/// Excel stored, which matters for NIKs typed as numbers and for dates.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// An xlsx cell formatted as a date.
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    /// The cell as the user would see it, for messages and rejects files.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => if *b { "ya" } else { "tidak" }.to_string(),
        }
    }

    /// Trimmed text; numbers as written (integers without a decimal point).
    pub fn text(&self) -> String {
        self.display().trim().to_string()
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e17 { format!("{}", n as i64) } else { format!("{n}") }
}

/// A NIK or No. KK: 16 digits. Strips what spreadsheets add (a leading
/// apostrophe, spaces, an `="..."` wrapper) and refuses numbers Excel has
/// already damaged.
pub fn number16(cell: &Cell) -> Result<String, CellProblem> {
    let raw = match cell {
        Cell::Empty => return Err(CellProblem::Empty),
        Cell::Number(n) => {
            // Excel keeps 15 significant digits: a 16-digit number ending in 0
            // may have lost its last digit, so it cannot be trusted.
            let s = number_text(*n);
            if n.fract() != 0.0 || s.len() != 16 || s.ends_with('0') {
                return Err(CellProblem::NumberLostDigits { shown: s });
            }
            return Ok(s);
        }
        Cell::Date(_) | Cell::Bool(_) => {
            return Err(CellProblem::NotANumber { shown: cell.display() });
        }
        Cell::Text(s) => s.as_str(),
    };
    let mut t = raw.trim();
    if let Some(inner) = t.strip_prefix("=\"").and_then(|x| x.strip_suffix('"')) {
        t = inner;
    }
    let t = t.trim_start_matches(['\'', '`']);
    let digits: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if is_scientific(&digits) {
        return Err(CellProblem::Scientific { shown: raw.trim().to_string() });
    }
    if digits.is_empty() {
        return Err(CellProblem::Empty);
    }
    if let Some(pos) = digits.chars().position(|c| !c.is_ascii_digit()) {
        return Err(CellProblem::NotAllDigits { digits, position: pos + 1 });
    }
    if digits.len() != 16 {
        let len = digits.chars().count();
        return Err(CellProblem::WrongLength { digits, len });
    }
    Ok(digits)
}

/// "3.17101E+15", "3,17101E+15", "3.17101e15".
fn is_scientific(s: &str) -> bool {
    let Some(e) = s.find(['E', 'e']) else {
        return false;
    };
    let (mant, exp) = (&s[..e], &s[e + 1..]);
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    !mant.is_empty()
        && mant.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && !exp.is_empty()
        && exp.chars().all(|c| c.is_ascii_digit())
}

const MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("januari", 1),
    ("january", 1),
    ("feb", 2),
    ("februari", 2),
    ("february", 2),
    ("peb", 2),
    ("mar", 3),
    ("maret", 3),
    ("march", 3),
    ("apr", 4),
    ("april", 4),
    ("mei", 5),
    ("may", 5),
    ("jun", 6),
    ("juni", 6),
    ("june", 6),
    ("jul", 7),
    ("juli", 7),
    ("july", 7),
    ("agu", 8),
    ("agt", 8),
    ("agus", 8),
    ("agustus", 8),
    ("aug", 8),
    ("august", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("okt", 10),
    ("oktober", 10),
    ("oct", 10),
    ("october", 10),
    ("nov", 11),
    ("nop", 11),
    ("november", 11),
    ("nopember", 11),
    ("des", 12),
    ("desember", 12),
    ("dec", 12),
    ("december", 12),
];

/// Parses a date as people write it: 2024-12-13, 13-12-2024, 13/12/2024,
/// 13.12.2024, 13 Des 2024, 13 December 2024. Day before month, as in
/// Indonesia; two-digit years are refused (1924 or 2024?).
pub fn parse_date_text(s: &str) -> Result<NaiveDate, CellProblem> {
    let t = s.trim();
    // A date-time text from another system: keep the date part.
    let t = t.split_once('T').map_or(t, |(d, _)| d);
    let t = t.split_once(' ').filter(|(d, _)| d.len() == 10 && d.as_bytes()[4] == b'-').map_or(t, |(d, _)| d);
    let bad = || CellProblem::NotADate { text: s.trim().to_string() };
    let parts: Vec<&str> = t.split(['-', '/', '.', ' ']).filter(|p| !p.is_empty()).collect();
    if parts.len() != 3 {
        return Err(bad());
    }
    let num = |p: &str| p.parse::<u32>().ok();
    let (y, m, d) = if parts[0].len() == 4 {
        (num(parts[0]), num(parts[1]), num(parts[2]))
    } else {
        let m = num(parts[1]).or_else(|| {
            let l = parts[1].to_lowercase();
            MONTHS.iter().find(|(n, _)| *n == l).map(|(_, m)| *m)
        });
        if parts[2].len() != 4 {
            if parts[2].chars().all(|c| c.is_ascii_digit()) && parts[2].len() == 2 {
                return Err(CellProblem::TwoDigitYear { text: s.trim().to_string() });
            }
            return Err(bad());
        }
        (num(parts[2]), m, num(parts[0]))
    };
    match (y, m, d) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d)
            .ok_or_else(|| CellProblem::NotARealDate { text: s.trim().to_string() }),
        _ => Err(bad()),
    }
}

/// A date cell. Plain numbers are refused: in CSV and in unformatted
/// spreadsheet cells an Excel serial (45639) cannot be told from a mistake.
pub fn date(cell: &Cell) -> Result<NaiveDate, CellProblem> {
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Empty => Err(CellProblem::Empty),
        Cell::Number(n) => Err(CellProblem::DateIsNumber { shown: number_text(*n) }),
        Cell::Bool(_) => Err(CellProblem::NotADate { text: cell.display() }),
        Cell::Text(s) => {
            if s.trim().is_empty() {
                Err(CellProblem::Empty)
            } else if s.trim().chars().all(|c| c.is_ascii_digit()) && s.trim().len() == 5 {
                Err(CellProblem::ExcelSerial { text: s.trim().to_string() })
            } else {
                parse_date_text(s)
            }
        }
    }
}

pub fn opt_date(cell: &Cell) -> Result<Option<NaiveDate>, CellProblem> {
    if cell.is_blank() { Ok(None) } else { date(cell).map(Some) }
}

/// ya/tidak, y/n, 1/0, true/false; empty means no.
pub fn boolean(cell: &Cell) -> Result<bool, CellProblem> {
    match cell {
        Cell::Bool(b) => Ok(*b),
        Cell::Number(n) if *n == 1.0 => Ok(true),
        Cell::Number(n) if *n == 0.0 => Ok(false),
        _ => {
            let t = cell.text().to_lowercase();
            match t.as_str() {
                "" | "tidak" | "t" | "n" | "no" | "0" | "false" | "salah" => Ok(false),
                "ya" | "y" | "yes" | "1" | "true" | "benar" => Ok(true),
                _ => Err(CellProblem::NotYesNo { text: t }),
            }
        }
    }
}

/// A small whole number such as RT, RW or desil ("005" is 5).
pub fn small_number(cell: &Cell, max: u16) -> Result<u16, CellProblem> {
    let t = cell.text();
    if t.is_empty() {
        return Err(CellProblem::Empty);
    }
    match t.parse::<u16>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(CellProblem::NotSmallNumber { text: t, max }),
    }
}

/// Normalises a region code to its dotted form: accepts `3171011001` and
/// `31.71.01.1001`.
pub fn region_code(cell: &Cell) -> Result<String, CellProblem> {
    let t = cell.text();
    let digits: String = t.chars().filter(|c| *c != '.').collect();
    let bad = || CellProblem::NotRegionCode { text: t.clone() };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let dotted = match digits.len() {
        2 => digits,
        4 => format!("{}.{}", &digits[..2], &digits[2..]),
        6 => format!("{}.{}.{}", &digits[..2], &digits[2..4], &digits[4..]),
        10 => format!("{}.{}.{}.{}", &digits[..2], &digits[2..4], &digits[4..6], &digits[6..]),
        _ => return Err(bad()),
    };
    // A dotted code must have been dotted in the right places.
    if t.contains('.') && t != dotted {
        return Err(bad());
    }
    Ok(dotted)
}

/// Decodes bytes that are not UTF-8 as Windows-1252 (what Excel writes for
/// "CSV (Comma delimited)" on Indonesian and Western Windows).
pub fn decode_cp1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn dates_in_every_accepted_form() {
        for s in [
            "2024-12-13",
            "13-12-2024",
            "13/12/2024",
            "13.12.2024",
            "13 Des 2024",
            "13 Dec 2024",
            "13 desember 2024",
            " 13 DES 2024 ",
        ] {
            assert_eq!(parse_date_text(s), Ok(d(2024, 12, 13)), "{s}");
        }
        assert_eq!(parse_date_text("29-02-2024"), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date_text("29-02-2023"), Err(CellProblem::NotARealDate { text: "29-02-2023".into() }));
        assert_eq!(parse_date_text("13-12-24"), Err(CellProblem::TwoDigitYear { text: "13-12-24".into() }));
        assert!(parse_date_text("13 Foo 2024").is_err());
        assert!(parse_date_text("2024-12-13T00:00:00").is_ok());
    }

    #[test]
    fn serial_numbers_are_not_dates_outside_date_cells() {
        assert_eq!(date(&Cell::Text("45639".into())), Err(CellProblem::ExcelSerial { text: "45639".into() }));
        assert_eq!(date(&Cell::Number(45639.0)), Err(CellProblem::DateIsNumber { shown: "45639".into() }));
        assert_eq!(date(&Cell::Date(d(2024, 12, 13))), Ok(d(2024, 12, 13)));
    }

    #[test]
    fn nik_cleaning() {
        let ok = "3171014501900001";
        for s in ["3171014501900001", "'3171014501900001", " 3171 0145 0190 0001 ", "=\"3171014501900001\""] {
            assert_eq!(number16(&Cell::Text(s.into())), Ok(ok.to_string()), "{s}");
        }
        let text = |s: &str| number16(&Cell::Text(s.into()));
        assert_eq!(text("3.17101E+15"), Err(CellProblem::Scientific { shown: "3.17101E+15".into() }));
        assert!(matches!(text("3,17101E+15"), Err(CellProblem::Scientific { .. })));
        assert_eq!(
            text("317101450190000"),
            Err(CellProblem::WrongLength { digits: "317101450190000".into(), len: 15 })
        );
        assert_eq!(
            text("31710145019000A1"),
            Err(CellProblem::NotAllDigits { digits: "31710145019000A1".into(), position: 15 })
        );
        // A number that cannot have lost a digit is fine; one ending in 0 is not.
        assert_eq!(number16(&Cell::Number(3171014501900001.0)), Ok(ok.to_string()));
        assert!(matches!(number16(&Cell::Number(3171014501900000.0)), Err(CellProblem::NumberLostDigits { .. })));
    }

    #[test]
    fn booleans_and_numbers() {
        for (s, b) in [
            ("ya", true),
            ("Y", true),
            ("1", true),
            ("TRUE", true),
            ("tidak", false),
            ("n", false),
            ("0", false),
            ("", false),
        ] {
            assert_eq!(boolean(&Cell::Text(s.into())), Ok(b), "{s}");
        }
        assert!(boolean(&Cell::Text("mungkin".into())).is_err());
        assert_eq!(small_number(&Cell::Text("005".into()), 999), Ok(5));
        assert_eq!(small_number(&Cell::Number(12.0), 999), Ok(12));
        assert!(small_number(&Cell::Text("1000".into()), 999).is_err());
    }

    #[test]
    fn region_codes() {
        assert_eq!(region_code(&Cell::Text("3171011001".into())), Ok("31.71.01.1001".into()));
        assert_eq!(region_code(&Cell::Text("31.71.01.1001".into())), Ok("31.71.01.1001".into()));
        assert_eq!(region_code(&Cell::Number(31.0)), Ok("31".into()));
        assert!(region_code(&Cell::Text("317.1".into())).is_err());
        assert!(region_code(&Cell::Text("31710".into())).is_err());
    }

    #[test]
    fn cp1252() {
        assert_eq!(decode_cp1252(b"Jl. Caf\xe9 \x80 \x96"), "Jl. Café € –");
    }
}
