//! dtks: the DTKS register for Dinas Sosial case work.

pub mod domain;
pub mod i18n;
pub mod tui;
