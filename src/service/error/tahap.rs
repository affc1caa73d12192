//! What the tahap use cases refuse, and their words in both languages.

use std::path::PathBuf;

use chrono::NaiveDateTime;

use crate::domain::codes::Programme;
use crate::domain::tahap::period::{Period, PeriodParseError, YearMonth};
use crate::domain::tahap::schedule::StepRefused;
use crate::domain::tahap::tariff::TariffError;
use crate::i18n::tahap::{month, period as period_words, period_parse_error, step_refused, tariff_error};
use crate::i18n::{Lang, fmt_date};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TahapRefusal {
    UnknownProgramme {
        text: String,
    },
    BadPeriod {
        error: PeriodParseError,
    },
    NoPlan {
        programme: Programme,
        period: Period,
    },
    /// The build needs a tariff for each of these months.
    NoTariff {
        programme: Programme,
        period: Period,
        months: Vec<YearMonth>,
    },
    Tariff(TariffError),
    Step {
        programme: Programme,
        period: Period,
        error: StepRefused,
    },
    AlreadyFrozen {
        programme: Programme,
        period: Period,
        at: NaiveDateTime,
        by: String,
    },
    NotFrozen {
        programme: Programme,
        period: Period,
    },
    /// A supplementary list with nobody new on it.
    NobodyNew {
        programme: Programme,
        period: Period,
    },
    /// A result file none of whose lines names a list's reference.
    NoListInResults {
        path: PathBuf,
    },
    /// An import of the list's results was cut off (killed); only the same
    /// file may be imported until it is complete.
    ResultsInterrupted {
        programme: Programme,
        period: Period,
        file: String,
        at: NaiveDateTime,
    },
    /// A month typed for a tariff that is not `YYYY-MM`.
    BadMonth {
        text: String,
    },
    /// A monthly amount typed that is not a whole number of rupiah.
    BadAmount {
        text: String,
    },
    /// A table file without one of the columns it needs.
    MissingColumn {
        path: PathBuf,
        column: &'static str,
        expected: &'static str,
    },
}

impl TahapRefusal {
    pub fn message(&self, lang: Lang) -> String {
        use Lang::{En, Id};
        use TahapRefusal::*;
        let list = |p: &Programme, per: &Period| format!("{} {}", p.code(), period_words(lang, *per));
        match (self, lang) {
            (UnknownProgramme { text }, Id) => {
                format!("program '{text}' tidak dikenal; gunakan salah satu dari {}", Programme::codes())
            }
            (UnknownProgramme { text }, En) => {
                format!("programme '{text}' is unknown; use one of {}", Programme::codes())
            }
            (BadPeriod { error }, _) => period_parse_error(lang, error),
            (NoPlan { programme, period }, Id) => format!(
                "{} belum direncanakan; catat dulu jadwal tahapnya (dtks sample menyertakan contohnya)",
                list(programme, period)
            ),
            (NoPlan { programme, period }, En) => format!(
                "{} is not planned; record the tahap's schedule first (dtks sample includes one)",
                list(programme, period)
            ),
            (NoTariff { programme, period, months }, Id) => format!(
                "daftar {} tidak disusun: tidak ada tarif {} untuk {}; tetapkan tarifnya lalu susun lagi",
                list(programme, period),
                programme.code(),
                months.iter().map(|m| month(lang, *m)).collect::<Vec<_>>().join(", ")
            ),
            (NoTariff { programme, period, months }, En) => format!(
                "list {} not built: no {} tariff for {}; set the tariff and build again",
                list(programme, period),
                programme.code(),
                months.iter().map(|m| month(lang, *m)).collect::<Vec<_>>().join(", ")
            ),
            (Tariff(e), _) => tariff_error(lang, e),
            (BadMonth { text }, Id) => {
                format!("bulan '{text}' tidak dikenal; tulis tahun dan bulan seperti 2027-01")
            }
            (BadMonth { text }, En) => format!("month '{text}' not understood; write year and month like 2027-01"),
            (BadAmount { text }, Id) => {
                format!("jumlah '{text}' bukan rupiah bulat; tulis angka saja, misalnya 300000 atau 300.000")
            }
            (BadAmount { text }, En) => {
                format!("amount '{text}' is not whole rupiah; write digits only, e.g. 300000 or 300.000")
            }
            (Step { programme, period, error }, _) => step_refused(lang, *programme, *period, error),
            (AlreadyFrozen { programme, period, at, by }, Id) => format!(
                "daftar {} sudah dibekukan pada {} {} oleh {by} dan tidak dapat dibekukan lagi; penerima baru masuk daftar susulan (--susulan)",
                list(programme, period),
                fmt_date(lang, at.date()),
                at.format("%H:%M")
            ),
            (AlreadyFrozen { programme, period, at, by }, En) => format!(
                "list {} was frozen on {} {} by {by} and cannot be frozen again; new recipients go on a supplementary list (--susulan)",
                list(programme, period),
                fmt_date(lang, at.date()),
                at.format("%H:%M")
            ),
            (NotFrozen { programme, period }, Id) => {
                format!("daftar {} belum dibekukan; bekukan dulu dengan dtks tahap freeze", list(programme, period))
            }
            (NotFrozen { programme, period }, En) => {
                format!("list {} is not frozen yet; freeze it first with dtks tahap freeze", list(programme, period))
            }
            (NobodyNew { programme, period }, Id) => {
                format!(
                    "tidak ada penerima baru untuk daftar susulan {}; tidak ada yang dibekukan",
                    list(programme, period)
                )
            }
            (NobodyNew { programme, period }, En) => {
                format!("no new recipients for a supplementary list of {}; nothing was frozen", list(programme, period))
            }
            (ResultsInterrupted { programme, period, file, at }, Id) => format!(
                "impor hasil bank daftar {} dari {file} pada {} {} terputus sebelum selesai; impor lagi berkas yang sama untuk menyelesaikannya",
                list(programme, period),
                fmt_date(lang, at.date()),
                at.format("%H:%M")
            ),
            (ResultsInterrupted { programme, period, file, at }, En) => format!(
                "the import of the bank's results of list {} from {file} on {} {} was cut off before it finished; import the same file again to complete it",
                list(programme, period),
                fmt_date(lang, at.date()),
                at.format("%H:%M")
            ),
            (NoListInResults { path }, Id) => format!(
                "{}: tidak satu baris pun menyebut referensi pembayaran sebuah daftar; periksa kolom reference",
                path.display()
            ),
            (NoListInResults { path }, En) => {
                format!("{}: no line names the payment reference of a list; check the reference column", path.display())
            }
            (MissingColumn { path, column, expected }, Id) => {
                format!("{}: kolom '{column}' tidak ada; baris judul harus memuat {expected}", path.display())
            }
            (MissingColumn { path, column, expected }, En) => {
                format!("{}: column '{column}' is missing; the header row must hold {expected}", path.display())
            }
        }
    }
}

impl From<TahapRefusal> for super::ServiceError {
    fn from(r: TahapRefusal) -> Self {
        super::ServiceError::Refused(super::Refusal::Tahap(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tahap::schedule::{PeriodState, Step};
    use crate::testkit::date;

    #[test]
    fn every_refusal_speaks_the_chosen_language_only() {
        let p = Programme::Klj;
        let t4 = Period::tahap(2026, 4).unwrap();
        let ym = YearMonth::new(2026, 10).unwrap();
        let path = || PathBuf::from("/data/hasil.csv");
        let all = [
            TahapRefusal::UnknownProgramme { text: "KLX".into() },
            TahapRefusal::BadPeriod { error: PeriodParseError::Tahap(5) },
            TahapRefusal::NoPlan { programme: p, period: t4 },
            TahapRefusal::NoTariff { programme: p, period: t4, months: vec![ym] },
            TahapRefusal::Tariff(TariffError::Missing { programme: p, month: ym }),
            TahapRefusal::BadMonth { text: "2027-13".into() },
            TahapRefusal::BadAmount { text: "3oo".into() },
            TahapRefusal::Step {
                programme: p,
                period: t4,
                error: StepRefused::TooEarly {
                    step: Step::FreezeList,
                    state: PeriodState::Planned,
                    needs: PeriodState::Announced,
                },
            },
            TahapRefusal::AlreadyFrozen {
                programme: p,
                period: t4,
                at: date(2026, 10, 2).and_hms_opt(9, 0, 0).unwrap(),
                by: "op".into(),
            },
            TahapRefusal::NotFrozen { programme: p, period: t4 },
            TahapRefusal::NobodyNew { programme: p, period: t4 },
            TahapRefusal::NoListInResults { path: path() },
            TahapRefusal::MissingColumn { path: path(), column: "date", expected: "reference, amount, date, status" },
        ];
        for r in &all {
            let (id, en) = (r.message(Lang::Id), r.message(Lang::En));
            assert_ne!(id, en, "{r:?}");
            for w in [" the ", " is ", " not ", "first ", " and "] {
                assert!(!format!(" {id} ").contains(w), "English {w:?} in: {id}");
            }
            for w in ["tidak", "belum", "sudah", " dan ", "lagi"] {
                assert!(!format!(" {en} ").contains(w), "Indonesian {w:?} in: {en}");
            }
        }
    }
}
