//! The texts of `crate::domain`: one file per domain module, each adding
//! `message`/`label`/`reason` methods (taking a `Lang`) to that module's
//! typed reasons and errors. The coded values keep their two labels beside
//! their codes in `domain::codes`, one line per value.

pub mod berita_acara;
mod eligibility;
mod muskel;
mod nik;
mod stage;
mod usulan;
mod validate;
mod visit;
mod wilayah;
