//! The text catalogue (Indonesian by default, English with `--lang en`) and
//! the Indonesian ways of writing dates, money and counts.
//!
//! One file per area: `screens` for the TUI's labels and notices, `formats`
//! for what is wrong in an imported file, `cli` for the command line,
//! `tahap` for disbursement (periods, states, recipient rules,
//! reconciliation), `domain` for the other domain modules' reasons, errors
//! and labels (one file per domain module, as methods on the domain's types)
//! and the Berita Acara, `deactivation` for the states, grounds and refusals
//! of deactivation decisions. Every text
//! is an exhaustive match over (language, message) with no catch-all arm, so
//! a message without a translation does not compile.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

pub mod audit;
pub mod backup;
pub mod cli;
pub mod deactivation;
mod domain;
mod formats;
pub mod lock;
pub mod office;
mod screens;
pub mod screens_details;
pub mod screens_eligible;
pub mod screens_nonaktif;
pub mod screens_queue;
pub mod screens_records;
pub mod serve;
pub mod tahap;
pub mod tahap_screens;
pub mod tahap_service;
pub mod users;
pub mod vault;
pub mod versions;
pub mod visible;

pub use domain::berita_acara;
pub use screens::{KeymapProblem, Msg, SyntaxHint, keymap_problem, text};
pub use visible::{visible, visible_json, visible_text};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Id,
    En,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language '{0}': use 'id' (Indonesian) or 'en' (English)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, UnknownLang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" => Ok(Lang::Id),
            "en" => Ok(Lang::En),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Id => "id",
            Lang::En => "en",
        })
    }
}
/// The message shown instead of the UI when the terminal is smaller than
/// `need_w`×`need_h`.
pub fn fmt_too_small(lang: Lang, need_w: u16, need_h: u16, w: u16, h: u16) -> String {
    match lang {
        Lang::Id => {
            format!("Terminal terlalu kecil: perlu sedikitnya {need_w}×{need_h}, sekarang {w}×{h}")
        }
        Lang::En => {
            format!("Terminal too small: needs at least {need_w}×{need_h}, now {w}×{h}")
        }
    }
}

const MONTHS_ID: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// "7–17 tahun" / "7–17 years" for an age band's code ("7-17", "60+").
pub fn age_band(lang: Lang, code: &str) -> String {
    let span = code.replace('-', "–");
    match lang {
        Lang::Id => format!("{span} tahun"),
        Lang::En => format!("{span} years"),
    }
}

const MONTH_NAMES_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTH_NAMES_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "Desember" / "December" for a month 1..=12; "?" for anything else (a
/// value built by hand).
pub fn month_name(lang: Lang, month: u32) -> &'static str {
    let names = match lang {
        Lang::Id => &MONTH_NAMES_ID,
        Lang::En => &MONTH_NAMES_EN,
    };
    month.checked_sub(1).and_then(|i| names.get(i as usize)).copied().unwrap_or("?")
}

/// "13 Des 2024" (Indonesian) or "13 Dec 2024" (English).
pub fn fmt_date(lang: Lang, d: NaiveDate) -> String {
    let months = match lang {
        Lang::Id => &MONTHS_ID,
        Lang::En => &MONTHS_EN,
    };
    // month0() is always 0..=11.
    format!("{} {} {}", d.day(), months[d.month0() as usize], d.year())
}

/// "13-12-2024", the way dates are typed into forms.
pub fn fmt_date_form(d: NaiveDate) -> String {
    format!("{:02}-{:02}-{:04}", d.day(), d.month(), d.year())
}

/// "Rp 300.000": rupiah with dots between thousands, in every language.
pub fn fmt_money(rupiah: i64) -> String {
    let sign = if rupiah < 0 { "-" } else { "" };
    format!("{sign}Rp {}", group(rupiah.unsigned_abs(), '.'))
}

/// "1.234.567" in Indonesian, "1,234,567" in English.
pub fn fmt_count(lang: Lang, n: u64) -> String {
    match lang {
        Lang::Id => group(n, '.'),
        Lang::En => group(n, ','),
    }
}

fn group(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn lang_parses_and_defaults_to_indonesian() {
        assert_eq!(Lang::default(), Lang::Id);
        assert_eq!("id".parse::<Lang>(), Ok(Lang::Id));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        let err = "jv".parse::<Lang>().unwrap_err();
        assert_eq!(err.to_string(), "unknown language 'jv': use 'id' (Indonesian) or 'en' (English)");
    }

    #[test]
    fn dates_use_indonesian_month_abbreviations() {
        assert_eq!(fmt_date(Lang::Id, d(2024, 12, 13)), "13 Des 2024");
        assert_eq!(fmt_date(Lang::En, d(2024, 12, 13)), "13 Dec 2024");
        assert_eq!(fmt_date(Lang::Id, d(2024, 5, 1)), "1 Mei 2024");
        assert_eq!(fmt_date(Lang::Id, d(2023, 8, 17)), "17 Agu 2023");
        assert_eq!(fmt_date(Lang::Id, d(2023, 10, 2)), "2 Okt 2023");
        assert_eq!(fmt_date(Lang::Id, d(2024, 2, 29)), "29 Feb 2024");
        assert_eq!(fmt_date(Lang::Id, d(2025, 1, 31)), "31 Jan 2025");
    }

    #[test]
    fn form_dates_are_zero_padded_day_month_year() {
        assert_eq!(fmt_date_form(d(2024, 12, 13)), "13-12-2024");
        assert_eq!(fmt_date_form(d(2024, 1, 5)), "05-01-2024");
        assert_eq!(fmt_date_form(d(987, 3, 9)), "09-03-0987");
    }

    #[test]
    fn money_groups_thousands_with_dots() {
        assert_eq!(fmt_money(300_000), "Rp 300.000");
        assert_eq!(fmt_money(0), "Rp 0");
        assert_eq!(fmt_money(999), "Rp 999");
        assert_eq!(fmt_money(1_000), "Rp 1.000");
        assert_eq!(fmt_money(2_400_000), "Rp 2.400.000");
        assert_eq!(fmt_money(-150_000), "-Rp 150.000");
        assert_eq!(fmt_money(i64::MIN), "-Rp 9.223.372.036.854.775.808");
    }

    #[test]
    fn counts_follow_the_language() {
        assert_eq!(fmt_count(Lang::Id, 1_234_567), "1.234.567");
        assert_eq!(fmt_count(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(fmt_count(Lang::Id, 100), "100");
        assert_eq!(fmt_count(Lang::Id, 100_000), "100.000");
        assert_eq!(fmt_count(Lang::En, 0), "0");
    }

    #[test]
    fn too_small_names_both_sizes() {
        assert_eq!(fmt_too_small(Lang::En, 80, 24, 79, 24), "Terminal too small: needs at least 80×24, now 79×24");
        assert!(fmt_too_small(Lang::Id, 80, 24, 60, 20).ends_with("sekarang 60×20"));
    }
}
