//! NIK and No. KK: 16 digits, PPKKCC DDMMYY SSSS.
//!
//! - PPKKCC: the kecamatan where the number was issued (`317101` is
//!   `31.71.01`).
//! - DDMMYY: in a NIK the birth date, with 40 added to the day for women; in
//!   a No. KK the date the card was issued (no +40).
//! - SSSS: serial.
//!
//! The year has two digits. When a recorded birth date is given and its year
//! ends in YY, its century is used (so 29-02-1964 and `290264` agree). Other
//! wise the year is the latest one not after today's year that ends in YY,
//! which gives ages 0–99. A date later in the current year than today is not
//! moved back a century: the recorded-date check (validate) catches it.
//!
//! Spreadsheets damage these numbers: Excel shows a 16-digit number as
//! `3.17101E+15` and keeps only 15 significant digits. [`normalize_number`]
//! strips what is safe to strip and refuses what cannot be repaired.

use chrono::{Datelike, NaiveDate};

use super::codes::Sex;
use super::model::{Address, Person};
use super::wilayah::{Wilayah, from_compact};

const NIK: &str = "NIK";
pub(crate) const KK: &str = "No. KK";

/// Why a NIK or No. KK is refused; `what` is "NIK" or "No. KK".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    Length {
        what: &'static str,
        value: String,
        len: usize,
    },
    NotDigits {
        what: &'static str,
        value: String,
        pos: usize,
    },
    BadDate {
        what: &'static str,
        value: String,
        digits: String,
    },
    /// The spreadsheet stored the number as a float and lost its last digits.
    Scientific {
        value: String,
    },
}

/// What a NIK says about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NikInfo {
    /// Kecamatan code in dotted form, `31.71.01`.
    pub kecamatan: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub serial: u16,
}

/// What a No. KK says about its card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KkInfo {
    pub kecamatan: String,
    pub issued: NaiveDate,
    pub serial: u16,
}

/// A disagreement between a NIK and the recorded data; shown, never fatal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NikWarning {
    BirthDate {
        in_nik: NaiveDate,
        recorded: NaiveDate,
    },
    Sex {
        in_nik: Sex,
        recorded: Sex,
    },
    /// The NIK was issued in another kecamatan than the address (common after a move).
    Region {
        in_nik: String,
        address: String,
    },
    /// The NIK's region code is not in the wilayah list.
    UnknownRegion {
        code: String,
    },
}

impl NikWarning {
    /// Stable id, for filters and JSON output.
    pub fn name(&self) -> &'static str {
        match self {
            NikWarning::BirthDate { .. } => "birth_date",
            NikWarning::Sex { .. } => "sex",
            NikWarning::Region { .. } => "region",
            NikWarning::UnknownRegion { .. } => "unknown_region",
        }
    }
}

/// Repairs what a spreadsheet safely damages in a NIK or No. KK: surrounding
/// and inner spaces (also non-breaking ones) and a leading apostrophe (Excel's
/// text marker). Anything else is left for [`decode_nik`]/[`decode_kk`] to
/// report; scientific notation is refused, since its lost digits cannot be
/// recovered.
pub fn normalize_number(s: &str) -> Result<String, NumberError> {
    let t = s.trim_matches(|c: char| c.is_whitespace());
    let t = t.strip_prefix('\'').unwrap_or(t);
    let out: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if is_scientific(&out) {
        return Err(NumberError::Scientific { value: s.trim().to_string() });
    }
    Ok(out)
}

/// `3.17101E+15`, `3,17101e15`, `3E+15`.
fn is_scientific(s: &str) -> bool {
    let Some(e) = s.find(['e', 'E']) else {
        return false;
    };
    let (mantissa, exp) = (&s[..e], &s[e + 1..]);
    let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    let mut parts = mantissa.splitn(2, ['.', ',']);
    let int = parts.next().unwrap_or("");
    let frac = parts.next().unwrap_or("0");
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    digits(int) && digits(frac) && digits(exp)
}

/// Checks shape: all digits, 16 of them. Returns the digits.
fn shape<'a>(what: &'static str, value: &'a str) -> Result<&'a [u8], NumberError> {
    if is_scientific(value.trim()) {
        return Err(NumberError::Scientific { value: value.to_string() });
    }
    if let Some((i, _)) = value.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(NumberError::NotDigits { what, value: value.to_string(), pos: i + 1 });
    }
    if value.len() != 16 {
        return Err(NumberError::Length { what, value: value.to_string(), len: value.len() });
    }
    Ok(value.as_bytes())
}

fn two(b: &[u8]) -> u32 {
    u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0')
}

/// The latest year not after `today`'s year that ends in `yy`, or the
/// recorded year when it ends in `yy`.
fn resolve_year(yy: u32, recorded: Option<NaiveDate>, today: NaiveDate) -> i32 {
    if let Some(r) = recorded
        && r.year().rem_euclid(100) as u32 == yy
    {
        return r.year();
    }
    let y = today.year();
    y - (y - yy as i32).rem_euclid(100)
}

/// Kecamatan and serial of a number already checked by `shape`.
fn parts(value: &str, d: &[u8]) -> (String, u16) {
    let kec = from_compact(&value[..6]).unwrap_or_default();
    let serial = d[12..].iter().fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0'));
    (kec, serial)
}

pub fn decode_nik(nik: &str, recorded_birth: Option<NaiveDate>, today: NaiveDate) -> Result<NikInfo, NumberError> {
    let d = shape(NIK, nik)?;
    let bad = || NumberError::BadDate { what: NIK, value: nik.to_string(), digits: nik[6..12].to_string() };
    let (day, month, yy) = (two(&d[6..8]), two(&d[8..10]), two(&d[10..12]));
    let (day, sex) = match day {
        1..=31 => (day, Sex::Male),
        41..=71 => (day - 40, Sex::Female),
        _ => return Err(bad()),
    };
    let year = resolve_year(yy, recorded_birth, today);
    let birth_date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(bad)?;
    let (kecamatan, serial) = parts(nik, d);
    Ok(NikInfo { kecamatan, birth_date, sex, serial })
}

pub fn decode_kk(kk: &str, today: NaiveDate) -> Result<KkInfo, NumberError> {
    let d = shape(KK, kk)?;
    let bad = || NumberError::BadDate { what: KK, value: kk.to_string(), digits: kk[6..12].to_string() };
    let (day, month, yy) = (two(&d[6..8]), two(&d[8..10]), two(&d[10..12]));
    let year = resolve_year(yy, None, today);
    let issued = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(bad)?;
    let (kecamatan, serial) = parts(kk, d);
    Ok(KkInfo { kecamatan, issued, serial })
}

/// Builds a NIK (used by the sample generator and tests). `kecamatan` is
/// dotted or compact; a code that is not six digits gives a NIK that
/// [`decode_nik`] rejects. The serial is taken modulo 10,000.
pub fn encode_nik(kecamatan: &str, birth: NaiveDate, sex: Sex, serial: u16) -> String {
    let day = birth.day() + if sex == Sex::Female { 40 } else { 0 };
    encode(kecamatan, day, birth, serial)
}

/// Builds a No. KK from the kecamatan, the issue date and a serial.
pub fn encode_kk(kecamatan: &str, issued: NaiveDate, serial: u16) -> String {
    encode(kecamatan, issued.day(), issued, serial)
}

fn encode(kecamatan: &str, day: u32, date: NaiveDate, serial: u16) -> String {
    let kec: String = kecamatan.chars().filter(|c| *c != '.').collect();
    format!("{kec}{day:02}{:02}{:02}{:04}", date.month(), date.year().rem_euclid(100), serial % 10_000)
}

/// Checks a person's NIK against their record and address.
pub fn check_person(
    person: &Person,
    address: &Address,
    wilayah: &Wilayah,
    today: NaiveDate,
) -> Result<Vec<NikWarning>, NumberError> {
    let info = decode_nik(&person.nik, Some(person.birth_date), today)?;
    let mut out = Vec::new();
    if info.birth_date != person.birth_date {
        out.push(NikWarning::BirthDate { in_nik: info.birth_date, recorded: person.birth_date });
    }
    if info.sex != person.sex {
        out.push(NikWarning::Sex { in_nik: info.sex, recorded: person.sex });
    }
    if !wilayah.contains(&info.kecamatan) {
        out.push(NikWarning::UnknownRegion { code: info.kecamatan });
    } else if info.kecamatan != address.kecamatan() {
        out.push(NikWarning::Region { in_nik: info.kecamatan, address: address.kecamatan().to_string() });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::*;
    use crate::i18n::Lang;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }
    const TODAY: (i32, u32, u32) = (2025, 6, 15);
    fn today() -> NaiveDate {
        date(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn decode_male_and_female() {
        let m = decode_nik("3171011708450001", None, today()).unwrap();
        assert_eq!(
            m,
            NikInfo { kecamatan: "31.71.01".into(), birth_date: date(1945, 8, 17), sex: Sex::Male, serial: 1 }
        );
        let f = decode_nik("3174055712900123", None, today()).unwrap();
        assert_eq!(f.birth_date, date(1990, 12, 17));
        assert_eq!(f.sex, Sex::Female);
        assert_eq!(f.serial, 123);
        assert_eq!(f.kecamatan, "31.74.05");
    }

    #[test]
    fn day_boundaries() {
        let t = today();
        assert_eq!(decode_nik("3171010101900001", None, t).unwrap().birth_date, date(1990, 1, 1));
        assert_eq!(decode_nik("3171013101900001", None, t).unwrap().birth_date, date(1990, 1, 31));
        assert_eq!(decode_nik("3171014101900001", None, t).unwrap().birth_date, date(1990, 1, 1));
        assert_eq!(decode_nik("3171017101900001", None, t).unwrap().birth_date, date(1990, 1, 31));
        for bad in ["3171010001900001", "3171013201900001", "3171014001900001", "3171017201900001", "3171019901900001"]
        {
            assert!(matches!(decode_nik(bad, None, t), Err(NumberError::BadDate { .. })), "{bad}");
        }
        // Month 13, month 00, 30 Feb, 31 Apr (also for women).
        for bad in ["3171010113900001", "3171010100900001", "3171013002900001", "3171013104900001", "3171017104900001"]
        {
            assert!(matches!(decode_nik(bad, None, t), Err(NumberError::BadDate { .. })), "{bad}");
        }
        let e = decode_nik("3171013202900001", None, t).unwrap_err();
        assert_eq!(e, NumberError::BadDate { what: "NIK", value: "3171013202900001".into(), digits: "320290".into() });
    }

    #[test]
    fn century_from_today_gives_age_0_to_99() {
        let t = today();
        assert_eq!(decode_nik("3171010101250001", None, t).unwrap().birth_date.year(), 2025);
        assert_eq!(decode_nik("3171010101260001", None, t).unwrap().birth_date.year(), 1926);
        assert_eq!(decode_nik("3171010101000001", None, t).unwrap().birth_date.year(), 2000);
        assert_eq!(decode_nik("3171010101990001", None, t).unwrap().birth_date.year(), 1999);
        // The century of a matching recorded date wins.
        let rec = date(1925, 1, 1);
        assert_eq!(decode_nik("3171010101250001", Some(rec), t).unwrap().birth_date, rec);
        // A recorded date whose year does not end in YY is ignored.
        assert_eq!(decode_nik("3171010101250001", Some(date(1926, 1, 1)), t).unwrap().birth_date.year(), 2025);
    }

    #[test]
    fn leap_days_follow_the_resolved_year() {
        let t = today();
        assert_eq!(decode_nik("3171012902640001", Some(date(1964, 2, 29)), t).unwrap().birth_date, date(1964, 2, 29));
        assert_eq!(decode_nik("3171016902640001", None, t).unwrap().birth_date, date(1964, 2, 29));
        assert!(matches!(decode_nik("3171012902650001", None, t), Err(NumberError::BadDate { .. })));
        // 2000 is a leap year, 1900 is not.
        assert_eq!(decode_nik("3171012902000001", None, t).unwrap().birth_date, date(2000, 2, 29));
        assert!(matches!(decode_nik("3171012902000001", Some(date(1900, 3, 1)), t), Err(NumberError::BadDate { .. })));
    }

    #[test]
    fn shape_errors() {
        let t = today();
        assert_eq!(
            decode_nik("317101170845000", None, t).unwrap_err(),
            NumberError::Length { what: "NIK", value: "317101170845000".into(), len: 15 }
        );
        assert_eq!(
            decode_nik("31710117084500011", None, t).unwrap_err(),
            NumberError::Length { what: "NIK", value: "31710117084500011".into(), len: 17 }
        );
        assert_eq!(
            decode_nik("31710117O8450001", None, t).unwrap_err(),
            NumberError::NotDigits { what: "NIK", value: "31710117O8450001".into(), pos: 9 }
        );
        assert_eq!(
            decode_kk("3171-0117-0845-0001", t).unwrap_err(),
            NumberError::NotDigits { what: "No. KK", value: "3171-0117-0845-0001".into(), pos: 5 }
        );
        assert!(matches!(decode_nik("3.17101E+15", None, t), Err(NumberError::Scientific { .. })));
        assert!(matches!(decode_nik("", None, t), Err(NumberError::Length { len: 0, .. })));
        // A non-ASCII digit is not a digit, and counts as one position.
        assert!(matches!(decode_nik("３171011708450001", None, t), Err(NumberError::NotDigits { pos: 1, .. })));
    }

    #[test]
    fn kk_has_issue_date_without_plus_40() {
        let t = today();
        let kk = decode_kk("3171011203180007", t).unwrap();
        assert_eq!(kk, KkInfo { kecamatan: "31.71.01".into(), issued: date(2018, 3, 12), serial: 7 });
        assert!(matches!(decode_kk("3171015203180007", t), Err(NumberError::BadDate { what: "No. KK", .. })));
        assert!(matches!(decode_kk("3171012902190007", t), Err(NumberError::BadDate { .. })));
        assert_eq!(decode_kk("3171012902200007", t).unwrap().issued, date(2020, 2, 29));
    }

    #[test]
    fn encode_round_trips() {
        let t = today();
        for (birth, sex) in
            [(date(1964, 2, 29), Sex::Female), (date(2001, 12, 31), Sex::Male), (date(1950, 1, 1), Sex::Female)]
        {
            let nik = encode_nik("31.71.06", birth, sex, 42);
            assert_eq!(nik.len(), 16);
            let info = decode_nik(&nik, Some(birth), t).unwrap();
            assert_eq!((info.birth_date, info.sex, info.serial, info.kecamatan.as_str()), (birth, sex, 42, "31.71.06"));
        }
        assert_eq!(encode_nik("317106", date(1990, 12, 17), Sex::Female, 123), "3171065712900123");
        assert_eq!(encode_kk("31.71.06", date(2018, 3, 12), 7), "3171061203180007");
    }

    #[test]
    fn normalize_strips_spaces_and_apostrophe_only() {
        assert_eq!(normalize_number("  '3171011708450001 ").unwrap(), "3171011708450001");
        assert_eq!(normalize_number("3171 0117 0845 0001").unwrap(), "3171011708450001");
        assert_eq!(normalize_number("3171\u{a0}011708450001").unwrap(), "3171011708450001");
        // Dots are not stripped: decode reports them.
        assert_eq!(normalize_number("3171.0117.0845.0001").unwrap(), "3171.0117.0845.0001");
        for sci in ["3.17101E+15", "3,17101E+15", "3.17101e15", "'3.17101E+15", "3E+15"] {
            let e = normalize_number(sci).unwrap_err();
            assert!(matches!(e, NumberError::Scientific { .. }), "{sci}");
            assert!(e.to_string().contains("format the column as Text"));
            assert!(e.message(Lang::Id).contains("Teks"));
        }
        // Not scientific: letters elsewhere.
        assert!(normalize_number("E123").is_ok());
    }

    fn person(nik: &str, birth: NaiveDate, sex: Sex) -> Person {
        let mut p = crate::testkit::person(nik, "Siti Aminah", Relationship::Head, sex, birth);
        p.mother_name = "Fatimah".into();
        p.occupation = Occupation::Trader;
        p
    }

    fn addr(kel: &str) -> Address {
        Address { kelurahan: kel.into(), rw: 1, rt: 1, street: "Jl. Contoh".into() }
    }

    #[test]
    fn check_person_warnings() {
        let w = Wilayah::builtin();
        let t = today();
        let p = person("3171065712900123", date(1990, 12, 17), Sex::Female);
        assert_eq!(check_person(&p, &addr("31.71.06.1003"), w, t).unwrap(), vec![]);

        let moved = check_person(&p, &addr("31.71.01.1001"), w, t).unwrap();
        assert_eq!(moved, vec![NikWarning::Region { in_nik: "31.71.06".into(), address: "31.71.01".into() }]);
        assert!(moved[0].message(Lang::Id).contains("31.71.06 (Menteng)"));
        assert!(moved[0].message(Lang::En).contains("31.71.01 (Gambir)"));

        let p2 = person("3171065712900123", date(1990, 12, 18), Sex::Male);
        assert_eq!(
            check_person(&p2, &addr("31.71.06.1003"), w, t).unwrap(),
            vec![
                NikWarning::BirthDate { in_nik: date(1990, 12, 17), recorded: date(1990, 12, 18) },
                NikWarning::Sex { in_nik: Sex::Female, recorded: Sex::Male },
            ]
        );

        let p3 = person("9971065712900123", date(1990, 12, 17), Sex::Female);
        let ws = check_person(&p3, &addr("31.71.06.1003"), w, t).unwrap();
        assert_eq!(ws, vec![NikWarning::UnknownRegion { code: "99.71.06".into() }]);
        assert_eq!(ws[0].name(), "unknown_region");

        let bad = person("31710657129001", date(1990, 12, 17), Sex::Female);
        assert!(check_person(&bad, &addr("31.71.06.1003"), w, t).is_err());
    }

    #[test]
    fn warning_messages_in_both_languages() {
        let w = NikWarning::BirthDate { in_nik: date(1990, 12, 17), recorded: date(1990, 12, 18) };
        assert_eq!(w.message(Lang::Id), "Tanggal lahir menurut NIK 17-12-1990 berbeda dengan yang tercatat 18-12-1990");
        assert_eq!(w.message(Lang::En), "The NIK gives birth date 17-12-1990 but 18-12-1990 is recorded");
        let s = NikWarning::Sex { in_nik: Sex::Female, recorded: Sex::Male };
        assert_eq!(s.message(Lang::Id), "Jenis kelamin menurut NIK Perempuan berbeda dengan yang tercatat Laki-laki");
        assert_eq!(s.message(Lang::En), "The NIK says female but male is recorded");
    }
}
