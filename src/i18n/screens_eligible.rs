//! The words of the eligible-not-enrolled queue (*layak belum terdaftar*) on
//! the dashboard, its screen and `dtks layak`, beyond the title, help text
//! and hints that must be [`super::Msg`].

use super::{Lang, fmt_count};
use crate::domain::Programme;
use crate::domain::eligibility::Rule;

/// A fixed label of the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum E {
    /// The dashboard's queue line.
    DashLine,
    Counting,
    ColName,
    ColAge,
    ColKelurahan,
    ColReason,
    AllKelurahan,
    Kelurahan,
    Search,
    /// Nobody in this programme's queue (in this kelurahan).
    Empty,
    /// Nobody matches the search.
    NoMatch,
    PickTitle,
    PickSearch,
    /// Marks a person an open usulan already names.
    Proposed,
    NothingSelected,
    NotInQueue,
    /// CLI: nobody in any queue.
    NoneAnywhere,
    CliPersons,
    CliUsulan,
    /// The dashboard's programme table: its first column.
    ColProgramme,
}

pub fn e(lang: Lang, m: E) -> &'static str {
    use E::*;
    use Lang::{En, Id};
    match (lang, m) {
        (Id, DashLine) => "Layak belum terdaftar",
        (En, DashLine) => "Eligible, not enrolled",
        (Id, Counting) => "menghitung…",
        (En, Counting) => "counting…",
        (Id, ColName) => "Nama",
        (En, ColName) => "Name",
        (Id, ColAge) => "Usia",
        (En, ColAge) => "Age",
        (Id, ColKelurahan) => "Kelurahan",
        (En, ColKelurahan) => "Kelurahan",
        (Id, ColReason) => "Alasan layak",
        (En, ColReason) => "Eligible by",
        (Id, AllKelurahan) => "semua",
        (En, AllKelurahan) => "all",
        (Id, Kelurahan) => "Kelurahan",
        (En, Kelurahan) => "Kelurahan",
        (Id, Search) => "Cari",
        (En, Search) => "Search",
        (Id, Empty) => "Tidak ada yang layak tetapi belum terdaftar di program ini",
        (En, Empty) => "Nobody is eligible but not enrolled in this programme",
        (Id, NoMatch) => "Tidak ada nama atau NIK yang cocok dengan pencarian",
        (En, NoMatch) => "No name or NIK matches the search",
        (Id, PickTitle) => "Pilih kelurahan",
        (En, PickTitle) => "Choose a kelurahan",
        (Id, PickSearch) => "Cari nama",
        (En, PickSearch) => "Search a name",
        (Id, Proposed) => "sudah diusulkan",
        (En, Proposed) => "already proposed",
        (Id, NothingSelected) => "Tidak ada orang terpilih",
        (En, NothingSelected) => "Nobody selected",
        (Id, NotInQueue) => {
            "Orang ini tidak lagi layak belum terdaftar (sudah terdaftar, tidak layak, atau tidak ada); tidak ada yang diusulkan"
        }
        (En, NotInQueue) => {
            "This person is no longer eligible and not enrolled (enrolled, not eligible, or gone); nothing was proposed"
        }
        (Id, NoneAnywhere) => "Tidak ada orang yang layak tetapi belum terdaftar",
        (En, NoneAnywhere) => "Nobody is eligible but not enrolled",
        (Id, CliPersons) => "orang",
        (En, CliPersons) => "persons",
        (Id, CliUsulan) => "usulan terbuka",
        (En, CliUsulan) => "open usulan",
        (Id, ColProgramme) => "Program",
        (En, ColProgramme) => "Programme",
    }
}

/// The rule that made someone eligible, short enough for a table column.
pub fn reason_short(lang: Lang, rule: Rule) -> &'static str {
    match (lang, rule) {
        (Lang::Id, Rule::Age60Plus) => "Lansia 60+",
        (Lang::En, Rule::Age60Plus) => "Aged 60+",
        (Lang::Id, Rule::Age0To6) => "Anak 0–6 thn",
        (Lang::En, Rule::Age0To6) => "Child 0–6",
        (Lang::Id, Rule::Disability) => "Disabilitas",
        (Lang::En, Rule::Disability) => "Disability",
        (Lang::Id, Rule::CovidOrphan) => "Yatim COVID-19",
        (Lang::En, Rule::CovidOrphan) => "COVID-19 orphan",
        (Lang::Id, Rule::PkhHousehold) => "Komponen PKH",
        (Lang::En, Rule::PkhHousehold) => "PKH component",
        (Lang::Id, _) => "Aktif di DTKS",
        (Lang::En, _) => "Active in DTKS",
    }
}

/// "Programme KLJ: 1.234 orang (12 sudah diusulkan)".
pub fn tab_total(lang: Lang, total: u64, proposed: u64) -> String {
    match lang {
        Lang::Id => format!("{} orang, {} sudah diusulkan", fmt_count(lang, total), fmt_count(lang, proposed)),
        Lang::En => format!("{} persons, {} already proposed", fmt_count(lang, total), fmt_count(lang, proposed)),
    }
}

/// Only the first rows are held when a whole-register list is long.
pub fn shown_of(lang: Lang, shown: u64, total: u64) -> String {
    match lang {
        Lang::Id => format!(
            "menampilkan {} pertama dari {}; pilih kelurahan untuk melihat semuanya",
            fmt_count(lang, shown),
            fmt_count(lang, total)
        ),
        Lang::En => format!(
            "showing the first {} of {}; choose a kelurahan to see them all",
            fmt_count(lang, shown),
            fmt_count(lang, total)
        ),
    }
}

pub fn age(lang: Lang, years: u32) -> String {
    match lang {
        Lang::Id => format!("{years} thn"),
        Lang::En => format!("{years} y"),
    }
}

/// The question before proposing: "Usulkan Siti Aminah untuk KLJ?".
pub fn ask_propose(lang: Lang, name: &str, programme: Programme) -> String {
    match lang {
        Lang::Id => format!(
            "Usulkan {name} untuk {}? Dicatat 1 usulan bansos (jenis 3, sudah di DTKS) dari pemerintah daerah, bertanggal hari ini.",
            programme.code()
        ),
        Lang::En => format!(
            "Propose {name} for {}? One assistance usulan (kind 3, already in DTKS) from the regional government is recorded, dated today.",
            programme.code()
        ),
    }
}

pub fn recorded(lang: Lang, name: &str, programme: Programme, id: u64) -> String {
    match lang {
        Lang::Id => format!("{name} diusulkan untuk {} (usulan #{id})", programme.code()),
        Lang::En => format!("{name} proposed for {} (usulan #{id})", programme.code()),
    }
}

pub fn already_open(lang: Lang, name: &str, programme: Programme, id: u64) -> String {
    match lang {
        Lang::Id => {
            format!(
                "{name} sudah diusulkan untuk {} (usulan #{id} masih terbuka); tidak diusulkan lagi",
                programme.code()
            )
        }
        Lang::En => {
            format!("{name} is already proposed for {} (usulan #{id} still open); not proposed again", programme.code())
        }
    }
}

/// CLI heading: "KLJ: 1.234 orang layak belum terdaftar (12 usulan terbuka)".
pub fn cli_heading(lang: Lang, programme: Programme, total: u64, proposed: u64, place: &str) -> String {
    let (n, p) = (fmt_count(lang, total), fmt_count(lang, proposed));
    match lang {
        Lang::Id => format!("{}: {n} orang layak belum terdaftar{place} ({p} sudah diusulkan)", programme.code()),
        Lang::En => format!("{}: {n} persons eligible, not enrolled{place} ({p} already proposed)", programme.code()),
    }
}

/// CLI: " di Kampung Melayu" / " in Kampung Melayu".
pub fn cli_place(lang: Lang, names: &str) -> String {
    match lang {
        Lang::Id => format!(" di {names}"),
        Lang::En => format!(" in {names}"),
    }
}

/// CLI footer: the distinct persons over every programme listed.
pub fn cli_total(lang: Lang, persons: u64) -> String {
    match lang {
        Lang::Id => {
            format!("Jumlah: {} orang layak belum terdaftar di sedikitnya satu program", fmt_count(lang, persons))
        }
        Lang::En => {
            format!("In all: {} persons eligible and not enrolled in at least one programme", fmt_count(lang, persons))
        }
    }
}
