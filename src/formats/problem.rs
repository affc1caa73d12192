//! What is wrong with a cell, a row or a file, as data. The words, in the
//! user's language, are in `i18n/formats.rs`: the same problem is written
//! into a rejects file, listed by the CLI and shown on a screen.

use std::path::PathBuf;
use std::sync::Arc;

use crate::domain::validate::HouseholdError;

use super::{FormatError, Kind};

/// Why one cell could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum CellProblem {
    Empty,
    /// A NIK or No. KK stored as a number that may have lost its last digit.
    NumberLostDigits {
        shown: String,
    },
    /// A NIK or No. KK cell holding a date or a yes/no.
    NotANumber {
        shown: String,
    },
    /// "3.17101E+15": Excel's scientific notation, digits lost.
    Scientific {
        shown: String,
    },
    NotAllDigits {
        digits: String,
        position: usize,
    },
    WrongLength {
        digits: String,
        len: usize,
    },
    TwoDigitYear {
        text: String,
    },
    NotADate {
        text: String,
    },
    NotARealDate {
        text: String,
    },
    /// A number in a date column that is no spreadsheet date serial.
    DateIsNumber {
        shown: String,
    },
    NotYesNo {
        text: String,
    },
    NotSmallNumber {
        text: String,
        max: u16,
    },
    NotRegionCode {
        text: String,
    },
    NotKelurahanCode {
        code: String,
    },
    /// Empty where one of `codes` is needed.
    EmptyCode {
        codes: String,
    },
    NotOneOf {
        value: String,
        codes: String,
    },
    /// Longer than the column's limit (characters).
    TooLong {
        len: usize,
        max: usize,
    },
}

/// Why one row was rejected. Number columns name what they hold (NIK,
/// No. KK), the other cells their column.
#[derive(Clone, Debug, PartialEq)]
pub enum RowProblem {
    /// Boxed: rows in error travel through iterators and must stay small.
    Cell {
        column: &'static str,
        problem: Box<CellProblem>,
    },
    /// The No. KK has two household rows.
    SecondHouseholdRow,
    /// The No. KK has more rows than any household can (`limits::HOUSEHOLD_ROWS`).
    TooManyRows {
        limit: usize,
    },
    /// Person, history or enrolment rows for a No. KK neither stored nor in
    /// the households file.
    UnknownKk,
    HistoryNotMember {
        nik: String,
    },
    EnrolmentNotMember {
        nik: String,
    },
    /// A spreadsheet rounded the NIK or No. KK in `column` (shown as
    /// `shown`) and the register holds no one person the row proves it is.
    /// Boxed, as `Cell`.
    RoundedNotIdentifiable(Box<RoundedCell>),
    /// A spreadsheet rounded the NIK or No. KK in `column`, the register can
    /// restore it, and the import was not asked to.
    RoundedRestorable(Box<RoundedCell>),
    /// The household built from its rows breaks the register's rules.
    Invalid(Vec<HouseholdError>),
    /// The file could not be read past this point; what came before is kept.
    Unreadable(Unreadable),
    /// Rejected with its household because another row of the same No. KK
    /// (at `line` of `file`) cannot be read: imported without it, the
    /// household would be short of what that row says. Boxed, as `Cell`.
    WithUnreadableRow(Box<RowAt>),
    /// A row of an office file that does not map (its words in
    /// `i18n/office.rs`). Boxed, as `Cell`.
    Office(Box<super::office::OfficeProblem>),
}

/// A NIK or No. KK cell a spreadsheet rounded: its column and what it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundedCell {
    pub column: &'static str,
    pub shown: String,
}

/// Where a row is: its file, sheet (xlsx) and line.
#[derive(Clone, Debug, PartialEq)]
pub struct RowAt {
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub line: u64,
}

/// A file error carried by a rejected row (rows are cloned and compared;
/// the error is neither).
#[derive(Clone, Debug)]
pub struct Unreadable(pub Arc<FormatError>);

impl PartialEq for Unreadable {
    fn eq(&self, other: &Unreadable) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

impl RowProblem {
    pub fn cell(column: &'static str, problem: CellProblem) -> RowProblem {
        RowProblem::Cell { column, problem: Box::new(problem) }
    }
}

impl From<FormatError> for RowProblem {
    fn from(e: FormatError) -> RowProblem {
        RowProblem::Unreadable(Unreadable(Arc::new(e)))
    }
}

/// Something a file made us do that the user should know of; the import
/// goes on.
#[derive(Clone, Debug, PartialEq)]
pub enum ReadWarning {
    /// Bytes that are not UTF-8, read as Windows-1252 from this line on.
    NotUtf8 {
        path: PathBuf,
        line: u64,
    },
    IgnoredColumn {
        path: PathBuf,
        column: String,
        kind: Kind,
    },
    SkippedSheet {
        path: PathBuf,
        sheet: String,
    },
    /// The first header cell held a byte-order mark read in the wrong
    /// encoding (`bom`) or stray spaces, and was read as `column`.
    HeaderCellTolerated {
        path: PathBuf,
        shown: String,
        column: String,
        bom: bool,
    },
}
