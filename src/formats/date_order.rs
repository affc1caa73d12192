//! Which of day and month comes first in a file's numeric dates.
//!
//! dtks reads `13/12/2024` day first, as Indonesia writes it. A spreadsheet
//! set to another locale rewrites dates month first (`12/13/2024`). Each
//! date column is surveyed over the whole file: a first number above 12
//! proves day first, a second number above 12 proves month first. A column
//! whose every value fits both (`05/06/2024`) is read day first, unless the
//! file's other date columns prove month first: then it cannot be told and
//! the file is refused, naming the column.

use std::path::Path;

use super::{FormatError, Header};

/// Date columns of the five tables.
const DATE_COLUMNS: [&str; 3] = ["tanggal_lahir", "sejak", "sampai"];

#[derive(Clone, Copy, Debug, Default)]
struct Seen {
    day_first: bool,
    month_first: bool,
    numeric: bool,
}

/// What the date columns of one table hold, gathered row by row.
#[derive(Clone, Debug, Default)]
pub(crate) struct DateSurvey {
    columns: Vec<(&'static str, usize, Seen)>,
}

/// The first two numbers of `dd/mm/yyyy`, `dd-mm-yyyy` or `dd.mm.yyyy`
/// (one or two digits each, a four-digit year; a time may follow).
fn day_month(text: &[u8]) -> Option<(u32, u32)> {
    let t = text.trim_ascii();
    let t = t.split(|b| *b == b' ').next()?;
    let mut parts = t.split(|b| matches!(b, b'/' | b'-' | b'.'));
    let num = |p: &[u8]| -> Option<u32> {
        (!p.is_empty() && p.len() <= 2 && p.iter().all(u8::is_ascii_digit))
            .then(|| p.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (a, b, y) = (num(parts.next()?)?, num(parts.next()?)?, parts.next()?);
    (y.len() == 4 && y.iter().all(u8::is_ascii_digit) && parts.next().is_none()).then_some((a, b))
}

impl DateSurvey {
    pub(crate) fn new(header: &Header) -> DateSurvey {
        let columns =
            DATE_COLUMNS.iter().filter_map(|c| header.position(c).map(|p| (*c, p, Seen::default()))).collect();
        DateSurvey { columns }
    }

    /// Notes one record's date cells, given as text.
    pub(crate) fn see<'a>(&mut self, field: impl Fn(usize) -> Option<&'a [u8]>) {
        for (_, pos, seen) in &mut self.columns {
            // ISO dates, the common case, have a fifth character '-': pass them fast.
            if let Some(text) = field(*pos).filter(|t| t.get(4) != Some(&b'-')) {
                note(seen, text);
            }
        }
    }

    /// The columns to read month first, or the column that cannot be told.
    pub(crate) fn month_first(&self, path: &Path) -> Result<Vec<&'static str>, FormatError> {
        let file_month_first = self.columns.iter().any(|(_, _, s)| s.month_first && !s.day_first);
        let mut out = Vec::new();
        for (column, _, s) in &self.columns {
            match (s.day_first, s.month_first) {
                (false, true) => out.push(*column),
                (false, false) if s.numeric && file_month_first => {
                    return Err(FormatError::AmbiguousDates { path: path.to_path_buf(), column });
                }
                _ => {}
            }
        }
        Ok(out)
    }
}

fn note(seen: &mut Seen, text: &[u8]) {
    if let Some((a, b)) = day_month(text) {
        seen.numeric = true;
        seen.day_first |= a > 12;
        seen.month_first |= b > 12;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_and_month_are_found_in_the_numeric_forms() {
        assert_eq!(day_month(b"13/12/2024"), Some((13, 12)));
        assert_eq!(day_month(b"1-2-2024"), Some((1, 2)));
        assert_eq!(day_month(b"12.13.2024 00:00:00"), Some((12, 13)));
        assert_eq!(day_month(b"2024-12-13"), None);
        assert_eq!(day_month(b"13 Des 2024"), None);
        assert_eq!(day_month(b"13/12/24"), None);
    }
}
