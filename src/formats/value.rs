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
            if *n < 0.0 {
                let position = s.find('-').map_or(1, |i| i + 1);
                return Err(CellProblem::NotAllDigits { digits: s, position });
            }
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

/// A NIK or No. KK that a spreadsheet may have rounded to fewer digits:
/// where in the file it was, what it showed and the range its true value
/// lies in.
#[derive(Clone, Debug, PartialEq)]
pub struct Rounded {
    pub column: &'static str,
    /// The cell as the file shows it.
    pub shown: String,
    /// The true value is from `lo` to `hi`, both included.
    pub lo: u64,
    pub hi: u64,
    /// False for 16 digits of text ending in 0: a spreadsheet's rounding, or
    /// a NIK that ends in 0.
    pub certain: bool,
}

impl Rounded {
    fn around(column: &'static str, shown: String, value: f64, half: f64, certain: bool) -> Rounded {
        Rounded { column, shown, lo: (value - half).max(0.0) as u64, hi: (value + half) as u64, certain }
    }
}

/// A 16-digit value as a spreadsheet leaves it after keeping only 15
/// significant digits (or fewer, in `3.17503E+15` form), with the value it
/// shows as 16 digits; None when the cell is no such number.
pub(crate) fn rounded(column: &'static str, cell: &Cell) -> Option<(String, Rounded)> {
    let sixteen = |v: f64| (1e15..1e16).contains(&v.round()).then(|| format!("{}", v.round() as u64));
    match cell {
        // Exact in a double: every 16-digit number below 2^53 is.
        Cell::Number(n) if n.fract() == 0.0 && *n % 10.0 == 0.0 => {
            let s = sixteen(*n)?;
            Some((s.clone(), Rounded::around(column, s, *n, 5.0, true)))
        }
        Cell::Text(t) => {
            let t = t.trim().trim_start_matches(['\'', '`']);
            if t.len() == 16 && t.ends_with('0') && t.bytes().all(|b| b.is_ascii_digit()) {
                let v = t.parse::<f64>().ok()?;
                return Some((t.to_string(), Rounded::around(column, t.to_string(), v, 5.0, false)));
            }
            if !is_scientific(t) {
                return None;
            }
            let (mant, exp) = t.split_once(['E', 'e'])?;
            let mant = mant.replace(',', ".");
            let exp: i32 = exp.trim_start_matches('+').parse().ok()?;
            let decimals = mant.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
            let v = mant.parse::<f64>().ok()? * 10f64.powi(exp);
            let s = sixteen(v)?;
            let half = 0.5 * 10f64.powi(exp - decimals);
            Some((s, Rounded::around(column, t.to_string(), v, half, true)))
        }
        _ => None,
    }
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
/// 13.12.2024, 13 Des 2024, 13 December 2024, and a spreadsheet's
/// 2024-12-13 00:00:00. Day before month, as in Indonesia; two-digit years
/// are refused (1924 or 2024?).
pub fn parse_date_text(s: &str) -> Result<NaiveDate, CellProblem> {
    parse_date_in(s, false)
}

/// As [`parse_date_text`], with numeric day and month swapped when
/// `month_first` (a column a spreadsheet rewrote as 12/13/2024).
pub(crate) fn parse_date_in(s: &str, month_first: bool) -> Result<NaiveDate, CellProblem> {
    let t = s.trim();
    // A date-time text from another system or a spreadsheet: keep the date part.
    let t = t.split_once('T').map_or(t, |(d, _)| d);
    let t = t.split_once(' ').filter(|(d, rest)| is_time(rest) && d.len() >= 8).map_or(t, |(d, _)| d);
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
        match (month_first, num(parts[0])) {
            (true, Some(first)) if num(parts[1]).is_some() => (num(parts[2]), Some(first), m),
            (_, d) => (num(parts[2]), m, d),
        }
    };
    match (y, m, d) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d)
            .ok_or_else(|| CellProblem::NotARealDate { text: s.trim().to_string() }),
        _ => Err(bad()),
    }
}

/// `00:00:00`, `00:00`: the time a spreadsheet adds to a date.
fn is_time(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split(':').collect();
    (2..=3).contains(&parts.len()) && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// The date of a spreadsheet's serial number (days since 1899-12-30),
/// from 1900-03-01 (61; before it Excel counts a 29 February 1900 that never
/// was) to 2099-12-31.
fn serial_date(n: f64) -> Option<NaiveDate> {
    if n.fract() != 0.0 || !(61.0..=73050.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n as u64))
}

/// A date cell, day first. A spreadsheet's serial number (45639, as a
/// number cell or five digits of text) is read as the date it stands for.
pub fn date(cell: &Cell) -> Result<NaiveDate, CellProblem> {
    date_in(cell, false)
}

pub(crate) fn date_in(cell: &Cell, month_first: bool) -> Result<NaiveDate, CellProblem> {
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Empty => Err(CellProblem::Empty),
        Cell::Number(n) => serial_date(*n).ok_or_else(|| CellProblem::DateIsNumber { shown: number_text(*n) }),
        Cell::Bool(_) => Err(CellProblem::NotADate { text: cell.display() }),
        Cell::Text(s) => {
            let t = s.trim();
            if t.is_empty() {
                Err(CellProblem::Empty)
            } else if t.len() == 5 && t.chars().all(|c| c.is_ascii_digit()) {
                t.parse::<f64>()
                    .ok()
                    .and_then(serial_date)
                    .ok_or_else(|| CellProblem::DateIsNumber { shown: t.to_string() })
            } else {
                parse_date_in(s, month_first)
            }
        }
    }
}

pub(crate) fn opt_date_in(cell: &Cell, month_first: bool) -> Result<Option<NaiveDate>, CellProblem> {
    if cell.is_blank() { Ok(None) } else { date_in(cell, month_first).map(Some) }
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

    /// What a spreadsheet makes of a date column: serial numbers (in a
    /// number cell, or as text in its CSV), a time after the date, a
    /// locale's order.
    #[test]
    fn dates_a_spreadsheet_rewrote() {
        assert_eq!(date(&Cell::Text("45639".into())), Ok(d(2024, 12, 13)));
        assert_eq!(date(&Cell::Number(45639.0)), Ok(d(2024, 12, 13)));
        assert_eq!(date(&Cell::Number(32874.0)), Ok(d(1990, 1, 1)));
        assert_eq!(date(&Cell::Number(61.0)), Ok(d(1900, 3, 1)));
        assert_eq!(date(&Cell::Number(12.5)), Err(CellProblem::DateIsNumber { shown: "12.5".into() }));
        assert_eq!(date(&Cell::Text("99999".into())), Err(CellProblem::DateIsNumber { shown: "99999".into() }));
        assert_eq!(date(&Cell::Date(d(2024, 12, 13))), Ok(d(2024, 12, 13)));
        assert_eq!(date(&Cell::Text("2024-12-13 00:00:00".into())), Ok(d(2024, 12, 13)));
        assert_eq!(date(&Cell::Text("13/12/2024 00:00".into())), Ok(d(2024, 12, 13)));
        assert_eq!(date_in(&Cell::Text("12/13/2024".into()), true), Ok(d(2024, 12, 13)));
        assert_eq!(date_in(&Cell::Text("05/06/2024".into()), true), Ok(d(2024, 5, 6)));
        assert_eq!(date_in(&Cell::Text("13 Des 2024".into()), true), Ok(d(2024, 12, 13)));
        assert!(date(&Cell::Text("12/13/2024".into())).is_err());
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

    /// The ranges a rounded NIK may have come from.
    #[test]
    fn rounded_numbers_and_their_ranges() {
        let (shown, r) = rounded("nik", &Cell::Number(3175031304772590.0)).unwrap();
        assert_eq!(shown, "3175031304772590");
        assert_eq!((r.lo, r.hi, r.certain), (3175031304772585, 3175031304772595, true));
        let (shown, r) = rounded("nik", &Cell::Text("3.17503E+15".into())).unwrap();
        assert_eq!(shown, "3175030000000000");
        assert_eq!((r.lo, r.hi, r.certain), (3175025000000000, 3175035000000000, true));
        let (_, r) = rounded("nik", &Cell::Text("3,17503130477259E+15".into())).unwrap();
        assert_eq!((r.lo, r.hi), (3175031304772585, 3175031304772595));
        let (_, r) = rounded("no_kk", &Cell::Text("3175031304772590".into())).unwrap();
        assert!(!r.certain);
        assert_eq!(rounded("nik", &Cell::Text("3175031304772586".into())), None);
        assert_eq!(rounded("nik", &Cell::Number(3175031304772586.0)), None);
        assert_eq!(rounded("nik", &Cell::Number(317503130477259.0)), None);
    }

    #[test]
    fn a_negative_number_cell_is_no_nik() {
        assert!(matches!(
            number16(&Cell::Number(-556737872157407.0)),
            Err(CellProblem::NotAllDigits { position: 1, .. })
        ));
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
