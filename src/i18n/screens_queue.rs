//! The questions of the verification queue, worded with what will happen
//! and to how many.

use chrono::NaiveDate;

use super::{Lang, fmt_date};

/// Asked before a visit is finalised: after it only a return can change it.
pub fn finalise_question(lang: Lang, no_kk: &str, head: &str) -> String {
    match lang {
        Lang::Id => format!(
            "Finalkan kunjungan KK {no_kk} ({head})? Hasilnya masuk antrean pengesahan dan hanya dapat diubah bila dikembalikan."
        ),
        Lang::En => format!(
            "Finalise the visit of KK {no_kk} ({head})? It goes to the ratification queue and can only change if returned."
        ),
    }
}

/// Asked before ratifying: the register changes for every household named.
pub fn ratify_question(lang: Lang, visits: usize, number: &str, date: NaiveDate) -> String {
    let on = fmt_date(lang, date);
    match lang {
        Lang::Id => format!(
            "Sahkan {visits} kunjungan dengan surat {number} tanggal {on}? Register diperbarui sesuai hasilnya dan pengesahan tidak dapat dibatalkan."
        ),
        Lang::En => format!(
            "Ratify {visits} visit(s) with letter {number} of {on}? The register is updated from their results and a ratification cannot be undone."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratify_question_names_the_count_and_the_letter() {
        let d = NaiveDate::from_ymd_opt(2026, 6, 3).unwrap_or_default();
        let q = ratify_question(Lang::Id, 3, "460/6/2026", d);
        assert!(q.starts_with("Sahkan 3 kunjungan dengan surat 460/6/2026 tanggal 3 Jun 2026?"), "{q}");
        assert!(ratify_question(Lang::En, 1, "7/2024", d).contains("Ratify 1 visit(s) with letter 7/2024"));
    }
}
