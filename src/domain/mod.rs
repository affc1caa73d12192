//! Pure domain rules of DTKS case work: no I/O, no clock reads (every rule
//! that depends on the date takes `today`). Reasons and errors are typed;
//! their texts are in `crate::i18n::domain`.

pub mod access;
pub mod codes;
pub mod deactivation;
pub mod diff;
pub mod eligibility;
pub mod eligible;
pub mod limits;
pub mod model;
pub mod muskel;
pub mod names;
pub mod nik;
pub mod programme;
pub mod search;
pub mod stage;
pub mod tahap;
pub mod user;
pub mod usulan;
pub mod validate;
pub mod visit;
pub mod wilayah;

pub use codes::*;
pub use model::*;
