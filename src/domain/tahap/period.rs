//! Payment periods: a calendar month, a tahap (three months: 1 = Jan–Mar …
//! 4 = Oct–Dec) or a single month, and a programme's period setting with
//! validity ([`PeriodSchedule`]).
//!
//! Written forms (files, CLI, store keys): a tahap is `2026-T4`, a month
//! `2026-11`. Parsing also accepts a lowercase `t`.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Years a period may name; keeps every derived date inside chrono's range.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// A calendar month. Fields are private so that the month is always 1..=12;
/// a stored value is checked again when read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "(i32, u32)", into = "(i32, u32)")]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        (YEARS.contains(&year) && (1..=12).contains(&month)).then_some(YearMonth { year, month })
    }
    pub fn of(date: NaiveDate) -> YearMonth {
        YearMonth { year: date.year(), month: date.month() }
    }
    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u32 {
        self.month
    }
    pub fn next(self) -> YearMonth {
        if self.month == 12 {
            YearMonth { year: self.year + 1, month: 1 }
        } else {
            YearMonth { month: self.month + 1, ..self }
        }
    }
    pub fn prev(self) -> YearMonth {
        if self.month == 1 {
            YearMonth { year: self.year - 1, month: 12 }
        } else {
            YearMonth { month: self.month - 1, ..self }
        }
    }
    // The fallbacks are unreachable: years stay within a few of `YEARS`,
    // far inside chrono's range.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MAX)
    }
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }
    /// The tahap (1..=4) this month falls in.
    pub fn quarter(self) -> u8 {
        ((self.month - 1) / 3 + 1) as u8
    }
    /// `self` and every month after it up to and including `last`.
    pub fn through(self, last: YearMonth) -> Vec<YearMonth> {
        let mut out = Vec::new();
        let mut m = self;
        while m <= last {
            out.push(m);
            m = m.next();
        }
        out
    }
}

impl TryFrom<(i32, u32)> for YearMonth {
    type Error = String;
    fn try_from((year, month): (i32, u32)) -> Result<YearMonth, String> {
        YearMonth::new(year, month).ok_or_else(|| format!("no month {year}-{month}"))
    }
}

impl From<YearMonth> for (i32, u32) {
    fn from(m: YearMonth) -> (i32, u32) {
        (m.year, m.month)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// How often a programme is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PeriodKind {
    /// Per tahap, three months at once.
    Quarterly,
    Monthly,
}

/// One payment period. Build a tahap with [`Period::tahap`], which checks
/// the number; a stored value is checked again when read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PeriodRepr", into = "PeriodRepr")]
pub enum Period {
    /// Tahap `number` (1..=4) of `year`.
    Tahap {
        year: i32,
        number: u8,
    },
    Month(YearMonth),
}

/// The stored form of a [`Period`], unchecked.
#[derive(Clone, Copy, Serialize, Deserialize)]
enum PeriodRepr {
    Tahap { year: i32, number: u8 },
    Month(YearMonth),
}

impl TryFrom<PeriodRepr> for Period {
    type Error = String;
    fn try_from(r: PeriodRepr) -> Result<Period, String> {
        match r {
            PeriodRepr::Tahap { year, number } => {
                Period::tahap(year, number).ok_or_else(|| format!("no tahap {year}-T{number}"))
            }
            PeriodRepr::Month(m) => Ok(Period::Month(m)),
        }
    }
}

impl From<Period> for PeriodRepr {
    fn from(p: Period) -> PeriodRepr {
        match p {
            Period::Tahap { year, number } => PeriodRepr::Tahap { year, number },
            Period::Month(m) => PeriodRepr::Month(m),
        }
    }
}

impl Period {
    pub fn tahap(year: i32, number: u8) -> Option<Period> {
        (YEARS.contains(&year) && (1..=4).contains(&number)).then_some(Period::Tahap { year, number })
    }
    pub fn month(year: i32, month: u32) -> Option<Period> {
        YearMonth::new(year, month).map(Period::Month)
    }
    /// The period of `kind` containing `date`.
    pub fn containing(kind: PeriodKind, date: NaiveDate) -> Period {
        let m = YearMonth::of(date);
        match kind {
            PeriodKind::Quarterly => Period::Tahap { year: m.year, number: m.quarter() },
            PeriodKind::Monthly => Period::Month(m),
        }
    }
    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Tahap { .. } => PeriodKind::Quarterly,
            Period::Month(_) => PeriodKind::Monthly,
        }
    }
    pub fn year(self) -> i32 {
        self.first_month().year
    }
    pub fn first_month(self) -> YearMonth {
        match self {
            Period::Tahap { year, number } => YearMonth { year, month: (u32::from(number) * 3).saturating_sub(2) },
            Period::Month(m) => m,
        }
    }
    pub fn last_month(self) -> YearMonth {
        match self {
            Period::Tahap { year, number } => YearMonth { year, month: u32::from(number) * 3 },
            Period::Month(m) => m,
        }
    }
    /// The calendar months of the period, in order (before any schedule
    /// switch; see [`PeriodSchedule::months_of`]).
    pub fn months(self) -> Vec<YearMonth> {
        self.first_month().through(self.last_month())
    }
    pub fn first_day(self) -> NaiveDate {
        self.first_month().first_day()
    }
    pub fn last_day(self) -> NaiveDate {
        self.last_month().last_day()
    }
    pub fn contains(self, date: NaiveDate) -> bool {
        (self.first_day()..=self.last_day()).contains(&date)
    }
    /// The period of the same kind that follows.
    pub fn next(self) -> Period {
        Period::containing(self.kind(), self.last_month().next().first_day())
    }
    pub fn prev(self) -> Period {
        Period::containing(self.kind(), self.first_month().prev().first_day())
    }
}

/// Periods run in calendar order; a tahap sorts before the months inside it
/// that start with it.
impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.first_month(), std::cmp::Reverse(self.last_month()))
            .cmp(&(other.first_month(), std::cmp::Reverse(other.last_month())))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Tahap { year, number } => write!(f, "{year:04}-T{number}"),
            Period::Month(m) => m.fmt(f),
        }
    }
}

/// Why a written period was not understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeriodParseError {
    /// Neither `YYYY-Tn` nor `YYYY-MM`.
    Format(String),
    Year(i32),
    Tahap(u32),
    Month(u32),
}

impl FromStr for Period {
    type Err = PeriodParseError;
    fn from_str(s: &str) -> Result<Period, PeriodParseError> {
        let t = s.trim();
        let format = || PeriodParseError::Format(t.to_string());
        let (y, rest) = t.split_once('-').ok_or_else(format)?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format());
        }
        let year: i32 = y.parse().map_err(|_| format())?;
        if !YEARS.contains(&year) {
            return Err(PeriodParseError::Year(year));
        }
        let (is_tahap, digits) = match rest.strip_prefix(['T', 't']) {
            Some(n) => (true, n),
            None => (false, rest),
        };
        if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format());
        }
        let n: u32 = digits.parse().map_err(|_| format())?;
        if is_tahap {
            u8::try_from(n).ok().and_then(|n| Period::tahap(year, n)).ok_or(PeriodParseError::Tahap(n))
        } else {
            Period::month(year, n).ok_or(PeriodParseError::Month(n))
        }
    }
}

/// From `from` on, a programme is paid per `kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleEntry {
    pub from: YearMonth,
    pub kind: PeriodKind,
}

/// A programme's period setting over time, e.g. quarterly from 2018-01 and
/// monthly from 2025-04 (KLJ).
///
/// A switch that falls inside a quarter cuts that tahap short: its months
/// before the switch stay in the tahap, the rest are monthly periods, so no
/// month is lost or counted twice ([`PeriodSchedule::months_of`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodSchedule {
    /// Sorted by `from`, no two with the same `from`.
    entries: Vec<ScheduleEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleError {
    Empty,
    /// Two settings start in the same month.
    DuplicateStart(YearMonth),
}

impl PeriodSchedule {
    pub fn new(mut entries: Vec<ScheduleEntry>) -> Result<PeriodSchedule, ScheduleError> {
        if entries.is_empty() {
            return Err(ScheduleError::Empty);
        }
        entries.sort_by_key(|e| e.from);
        if let Some(w) = entries.windows(2).find(|w| w[0].from == w[1].from) {
            return Err(ScheduleError::DuplicateStart(w[0].from));
        }
        Ok(PeriodSchedule { entries })
    }
    pub fn entries(&self) -> &[ScheduleEntry] {
        &self.entries
    }
    /// The setting in force in `month`; `None` before the first one.
    pub fn kind_in(&self, month: YearMonth) -> Option<PeriodKind> {
        self.entries.iter().rev().find(|e| e.from <= month).map(|e| e.kind)
    }
    /// The period of the programme that pays `month`.
    pub fn period_of(&self, month: YearMonth) -> Option<Period> {
        self.kind_in(month).map(|k| Period::containing(k, month.first_day()))
    }
    /// The period of the programme containing `date`.
    pub fn period_on(&self, date: NaiveDate) -> Option<Period> {
        self.period_of(YearMonth::of(date))
    }
    /// The months `period` pays under this schedule: its calendar months in
    /// which its kind is in force. Empty when the schedule never uses it.
    pub fn months_of(&self, period: Period) -> Vec<YearMonth> {
        period.months().into_iter().filter(|&m| self.kind_in(m) == Some(period.kind())).collect()
    }
    /// The periods of `year`, in order.
    pub fn periods_in(&self, year: i32) -> Vec<Period> {
        let Some(first) = YearMonth::new(year, 1) else { return Vec::new() };
        let mut out: Vec<Period> = Vec::new();
        for m in first.through(YearMonth { year, month: 12 }) {
            if let Some(p) = self.period_of(m)
                && out.last() != Some(&p)
            {
                out.push(p);
            }
        }
        out
    }
    /// The programme's period after `period`.
    pub fn next(&self, period: Period) -> Option<Period> {
        let last = self.months_of(period).last().copied().unwrap_or(period.last_month());
        self.period_of(last.next())
    }
    /// The programme's period before `period`.
    pub fn prev(&self, period: Period) -> Option<Period> {
        let first = self.months_of(period).first().copied().unwrap_or(period.first_month());
        self.period_of(first.prev())
    }
}

#[cfg(test)]
mod tests;
