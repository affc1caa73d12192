//! Texts of the detail screens about the records themselves: the households
//! a NIK is recorded in (a NIK in two KKs is a duplicate to resolve), and an
//! enrolment's dates, with the end of a stopped one.

use super::{Lang, fmt_date};
use crate::domain::{Enrolment, EnrolmentStatus};
use crate::service::duplicates::NikHome;

/// "KK 3175032612211967 · Kampung Melayu RT 010/RW 011 · kepala Cicih
/// Pratama", with "(KK ini)" after the household on screen.
pub fn nik_home(lang: Lang, h: &NikHome, this: bool) -> String {
    let kel = if h.kelurahan_name.is_empty() { h.kelurahan.as_str() } else { h.kelurahan_name.as_str() };
    let (head, here) = match lang {
        Lang::Id => ("kepala", " (KK ini)"),
        Lang::En => ("head", " (this KK)"),
    };
    let here = if this { here } else { "" };
    format!("KK {}{here} · {kel} RT {:03}/RW {:03} · {head} {}", h.no_kk, h.rt, h.rw, h.head)
}

/// The warning above the places of a NIK found in `n` KKs.
pub fn nik_shared(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Id => format!("! NIK ini tercatat di {n} KK: data ganda, periksa dengan KTP dan KK"),
        Lang::En => format!("! This NIK is recorded in {n} KKs: a duplicate, check it against the KTP and KK"),
    }
}

/// What the NIK section says instead of "NIK agrees" when it is shared.
pub fn nik_shared_short(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Id => format!("! NIK tercatat di {n} KK (lihat di atas)"),
        Lang::En => format!("! NIK recorded in {n} KKs (see above)"),
    }
}

/// A member of the household on screen whose NIK another KK records too.
pub fn member_shared(lang: Lang, name: &str, nik: &str, other: &NikHome) -> String {
    let place = nik_home(lang, other, false);
    match lang {
        Lang::Id => format!("! NIK ganda: {name} ({nik}) juga di {place}"),
        Lang::En => format!("! Duplicate NIK: {name} ({nik}) is also in {place}"),
    }
}

/// A list narrowed by a count of persons: "ada anggota Perempuan".
pub fn member_with(lang: Lang, value: &str) -> String {
    match lang {
        Lang::Id => format!("ada anggota {value}"),
        Lang::En => format!("a member is {value}"),
    }
}

/// "(sejak 1 Jan 2024, sampai 24 Jun 2025)": an enrolment's dates; a
/// stopped one always says when it ended, or that the end is not recorded.
pub fn enrolment_span(lang: Lang, e: &Enrolment) -> String {
    let (since, until, unknown) = match lang {
        Lang::Id => ("sejak", "sampai", "tanggal berhenti tidak tercatat"),
        Lang::En => ("since", "until", "end date not recorded"),
    };
    let start = format!("{since} {}", fmt_date(lang, e.since));
    match (e.until, e.status) {
        (Some(d), _) => format!("({start}, {until} {})", fmt_date(lang, d)),
        (None, EnrolmentStatus::Stopped) => format!("({start}, {unknown})"),
        (None, _) => format!("({start})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Programme;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_stopped_enrolment_names_its_end_or_says_it_is_missing() {
        let mut e = Enrolment {
            programme: Programme::ALL[0],
            status: EnrolmentStatus::Stopped,
            since: d(2024, 1, 1),
            until: Some(d(2025, 6, 24)),
            source: None,
        };
        assert_eq!(enrolment_span(Lang::Id, &e), "(sejak 1 Jan 2024, sampai 24 Jun 2025)");
        assert_eq!(enrolment_span(Lang::En, &e), "(since 1 Jan 2024, until 24 Jun 2025)");
        e.until = None;
        assert_eq!(enrolment_span(Lang::Id, &e), "(sejak 1 Jan 2024, tanggal berhenti tidak tercatat)");
        e.status = EnrolmentStatus::Active;
        assert_eq!(enrolment_span(Lang::En, &e), "(since 1 Jan 2024)");
    }
}
