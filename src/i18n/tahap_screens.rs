//! The tahap screens' questions before a write: what will happen, to how
//! many, in each language.

use std::path::Path;

use chrono::NaiveDate;

use super::{Lang, fmt_count, fmt_date, fmt_money};
use crate::domain::tahap::list::Totals;

/// "Rp 300.000" with a no-break space, so a wrapped line never splits it.
fn money(rupiah: i64) -> String {
    fmt_money(rupiah).replace(' ', "\u{a0}")
}

/// "1.234 penerima, Rp 1.110.600.000".
pub fn totals(lang: Lang, t: Totals) -> String {
    let n = fmt_count(lang, t.recipients);
    match lang {
        Lang::Id => format!("{n} penerima, {}", money(t.amount)),
        Lang::En => format!("{n} recipients, {}", money(t.amount)),
    }
}

pub fn freeze_question(lang: Lang, what: &str, t: Totals, reference: NaiveDate) -> String {
    let n = totals(lang, t);
    let on = fmt_date(lang, reference);
    match lang {
        Lang::Id => {
            format!("Bekukan daftar {what}: {n} (tanggal acuan {on})? Setelah dibekukan daftar tidak dapat diubah.")
        }
        Lang::En => format!("Freeze the list of {what}: {n} (reference date {on})? A frozen list cannot be changed."),
    }
}

pub fn bank_question(lang: Lang, what: &str, path: &Path, t: Totals) -> String {
    let n = totals(lang, t);
    let p = path.display();
    match lang {
        Lang::Id => format!("Tulis berkas bank {what} ke {p}: {n}? Status menjadi \"Berkas bank terkirim\"."),
        Lang::En => format!("Write the bank file of {what} to {p}: {n}? The state becomes \"Bank file sent\"."),
    }
}

pub fn import_question(lang: Lang, what: &str, path: &Path, listed: u64) -> String {
    let n = fmt_count(lang, listed);
    let p = path.display();
    match lang {
        Lang::Id => format!(
            "Impor hasil bank dari {p} ({what}, {n} penerima di daftar)? Pembayaran dicatat; baris yang salah disisihkan."
        ),
        Lang::En => format!(
            "Import the bank's results from {p} ({what}, {n} recipients listed)? Payments are recorded; bad lines are set aside."
        ),
    }
}
