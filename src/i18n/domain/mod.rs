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

impl crate::domain::Sex {
    /// One letter for a narrow column: L/P in Indonesian, M/F in English.
    pub fn initial(self, lang: super::Lang) -> &'static str {
        use crate::domain::Sex::*;
        match (lang, self) {
            (super::Lang::Id, Male) => "L",
            (super::Lang::Id, Female) => "P",
            (super::Lang::En, Male) => "M",
            (super::Lang::En, Female) => "F",
        }
    }
}
