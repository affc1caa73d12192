//! Where the service reads the time. The real clock is chosen only by the
//! front end that builds the service (`main.rs`); tests build it with a fixed
//! clock so that no result, snapshot or audit time depends on the day, hour
//! or time zone the tests run in.

use chrono::{Local, NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The machine's local time (real use).
    System,
    /// Always this moment (tests, reproducible runs through `DTKS_NOW`).
    Fixed(NaiveDateTime),
}

impl Clock {
    /// A fixed clock at `hh:mm` on `date`.
    pub fn fixed(date: NaiveDate, hour: u32, minute: u32) -> Clock {
        Clock::Fixed(date.and_hms_opt(hour, minute, 0).unwrap_or_else(|| date.and_time(chrono::NaiveTime::MIN)))
    }

    pub fn now(&self) -> NaiveDateTime {
        match self {
            Clock::System => Local::now().naive_local(),
            Clock::Fixed(t) => *t,
        }
    }

    /// Reads `YYYY-MM-DD HH:MM` (or `YYYY-MM-DDTHH:MM[:SS]`, or a date alone
    /// meaning its midnight) into a fixed clock.
    pub fn parse_fixed(text: &str) -> Option<Clock> {
        let t = text.trim();
        for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"] {
            if let Ok(at) = NaiveDateTime::parse_from_str(t, f) {
                return Some(Clock::Fixed(at));
            }
        }
        NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().map(|d| Clock::fixed(d, 0, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_reads_the_same_moment_every_time() {
        let c = Clock::parse_fixed("2026-12-01 23:59").unwrap();
        assert_eq!(c.now(), NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(23, 59, 0).unwrap());
        assert_eq!(c.now(), c.now());
        assert_eq!(
            Clock::parse_fixed("2024-02-29"),
            Some(Clock::fixed(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(), 0, 0))
        );
        assert_eq!(Clock::parse_fixed("2024-02-30 10:00"), None);
        assert_eq!(Clock::parse_fixed("besok"), None);
    }
}
