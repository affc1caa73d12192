//! How long a free-text value of the register may be, in characters. The
//! limits are generous for real names and addresses and stop a damaged or
//! hostile file (a megabyte "name") at the door.

/// A person's, a mother's or a region's name, and a place of birth.
pub const NAME: usize = 100;
/// A street address (jalan, gang, nomor).
pub const ADDRESS: usize = 250;
/// A note on a status change.
pub const NOTE: usize = 1000;
/// A period label (`2024-01`, `2024-T1`).
pub const PERIOD: usize = 20;
/// Rows one household may have in an import (members, history and
/// enrolments together): far above any real KK, and low enough that a
/// file repeating one No. KK cannot fill memory with a single household.
pub const HOUSEHOLD_ROWS: usize = 5_000;

/// The limit of a register column by its file name, if it is free text.
pub fn of_column(column: &str) -> Option<usize> {
    match column {
        "nama" | "nama_ibu" | "tempat_lahir" | "name" => Some(NAME),
        "alamat" => Some(ADDRESS),
        "catatan" => Some(NOTE),
        "periode" => Some(PERIOD),
        _ => None,
    }
}
