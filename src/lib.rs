//! dtks: the DTKS register for Dinas Sosial case work.

pub mod domain;
pub mod formats;
pub mod sample;
