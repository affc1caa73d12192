//! Texts of the tahap use cases and their command lines: lines set aside
//! from the bank's files, and the labels of the plain-text reports.

use super::{Lang, fmt_count};
use crate::service::tahap::{LineProblem, Reject};

/// "baris 4: …" / "line 4: …".
pub fn reject(lang: Lang, r: &Reject) -> String {
    match lang {
        Lang::Id => format!("baris {}: {}", r.line, line_problem(lang, &r.problem)),
        Lang::En => format!("line {}: {}", r.line, line_problem(lang, &r.problem)),
    }
}

pub fn line_problem(lang: Lang, p: &LineProblem) -> String {
    use LineProblem::*;
    match (p, lang) {
        (NotUtf8, Lang::Id) => "bukan teks UTF-8; simpan berkasnya sebagai \"CSV UTF-8\"".into(),
        (NotUtf8, Lang::En) => "not UTF-8 text; save the file as \"CSV UTF-8\"".into(),
        (Missing { column }, Lang::Id) => format!("kolom '{column}' kosong; isi lalu impor lagi"),
        (Missing { column }, Lang::En) => format!("column '{column}' is empty; fill it in and import again"),
        (BadNik { text }, Lang::Id) => format!("NIK '{text}' tidak sah: harus 16 angka"),
        (BadNik { text }, Lang::En) => format!("NIK '{text}' is not valid: it must be 16 digits"),
        (BadAccount { text, error }, _) => super::tahap::account_error(lang, text, error),
        (BadDate { text }, Lang::Id) => format!("tanggal '{text}' tidak dikenali; tulis TTTT-BB-HH atau HH/BB/TTTT"),
        (BadDate { text }, Lang::En) => format!("date '{text}' not understood; write YYYY-MM-DD or DD/MM/YYYY"),
        (BadStatus { text }, Lang::Id) => {
            format!("status '{text}' tidak dikenal; gunakan paid, failed, closed atau dormant")
        }
        (BadStatus { text }, Lang::En) => format!("status '{text}' is unknown; use paid, failed, closed or dormant"),
        (BadAmount { text }, Lang::Id) => format!("jumlah '{text}' bukan angka rupiah"),
        (BadAmount { text }, Lang::En) => format!("amount '{text}' is not a rupiah number"),
        (UnknownReference { reference }, Lang::Id) => {
            format!("referensi '{reference}' bukan referensi daftar berkas ini; periksa barisnya")
        }
        (UnknownReference { reference }, Lang::En) => {
            format!("reference '{reference}' is not one of this file's list; check the line")
        }
        (Duplicate { first }, Lang::Id) => format!("sama dengan baris {first}; baris ganda dilewati"),
        (Duplicate { first }, Lang::En) => format!("the same as line {first}; the duplicate is skipped"),
    }
}

/// Labels of the plain-text reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    NoPlans,
    Planned,
    Announced,
    ReferenceDate,
    Recipients,
    Evaluated,
    LeftOutBy,
    Waiting,
    WithArrears,
    FrozenBy,
    Susulan,
    NotFrozen,
    Entered,
    Left,
    AmountChanged,
    SincePrevious,
    NoPrevious,
    BankFileWritten,
    ResultsSaved,
    Rejected,
    Listed,
    Paid,
    Control,
    Mismatches,
    Failed,
    NotInRegister,
    NoPlanForPerson,
    NotListedEligible,
    AccountsSaved,
    NoTariffs,
    PerMonth,
    EndsTariff,
    Months,
    Onward,
    WouldSet,
    AddYes,
    TariffSaved,
    ExistingTariffs,
    DiffWritten,
    DiffEntered,
    DiffLeft,
    DiffAmount,
}

pub fn text(lang: Lang, m: Msg) -> &'static str {
    use Msg::*;
    match (m, lang) {
        (NoPlans, Lang::Id) => "Belum ada tahap yang direncanakan.",
        (NoPlans, Lang::En) => "No tahap is planned yet.",
        (Planned, Lang::Id) => "rencana",
        (Planned, Lang::En) => "planned",
        (Announced, Lang::Id) => "diumumkan",
        (Announced, Lang::En) => "announced",
        (ReferenceDate, Lang::Id) => "tanggal acuan",
        (ReferenceDate, Lang::En) => "reference date",
        (Recipients, Lang::Id) => "penerima",
        (Recipients, Lang::En) => "recipients",
        (Evaluated, Lang::Id) => "peserta dinilai",
        (Evaluated, Lang::En) => "enrolled persons evaluated",
        (LeftOutBy, Lang::Id) => "tidak masuk karena aturan",
        (LeftOutBy, Lang::En) => "left out by rule",
        (Waiting, Lang::Id) => "daftar tunggu",
        (Waiting, Lang::En) => "waiting list",
        (WithArrears, Lang::Id) => "dengan rapel",
        (WithArrears, Lang::En) => "with arrears",
        (FrozenBy, Lang::Id) => "dibekukan oleh",
        (FrozenBy, Lang::En) => "frozen by",
        (Susulan, Lang::Id) => "susulan",
        (Susulan, Lang::En) => "supplementary",
        (NotFrozen, Lang::Id) => "belum dibekukan",
        (NotFrozen, Lang::En) => "not frozen",
        (Entered, Lang::Id) => "masuk",
        (Entered, Lang::En) => "entered",
        (Left, Lang::Id) => "keluar",
        (Left, Lang::En) => "left",
        (AmountChanged, Lang::Id) => "jumlah berubah",
        (AmountChanged, Lang::En) => "amount changed",
        (SincePrevious, Lang::Id) => "dibanding",
        (SincePrevious, Lang::En) => "compared with",
        (NoPrevious, Lang::Id) => "tidak ada daftar sebelumnya; semua penerima masuk",
        (NoPrevious, Lang::En) => "no previous list; every recipient entered",
        (BankFileWritten, Lang::Id) => "berkas bank ditulis",
        (BankFileWritten, Lang::En) => "bank file written",
        (ResultsSaved, Lang::Id) => "baris hasil disimpan untuk",
        (ResultsSaved, Lang::En) => "result lines saved for",
        (Rejected, Lang::Id) => "baris dilewati",
        (Rejected, Lang::En) => "lines set aside",
        (Listed, Lang::Id) => "di daftar",
        (Listed, Lang::En) => "listed",
        (Paid, Lang::Id) => "dibayar",
        (Paid, Lang::En) => "paid",
        (Control, Lang::Id) => "total kontrol",
        (Control, Lang::En) => "control total",
        (Mismatches, Lang::Id) => "ketidakcocokan",
        (Mismatches, Lang::En) => "mismatches",
        (Failed, Lang::Id) => "gagal bayar (menjadi rapel)",
        (Failed, Lang::En) => "failed payments (become arrears)",
        (NotInRegister, Lang::Id) => "NIK ini tidak ada di register",
        (NotInRegister, Lang::En) => "this NIK is not in the register",
        (NoPlanForPerson, Lang::Id) => "tidak ada program terencana untuk periode ini yang diikuti orang ini",
        (NoPlanForPerson, Lang::En) => "no programme planned for this period that this person is enrolled in",
        (NotListedEligible, Lang::Id) => "memenuhi aturan tetapi ditemukan setelah pembekuan: masuk daftar susulan",
        (NotListedEligible, Lang::En) => {
            "passes the rules but was found after the freeze: goes on a supplementary list"
        }
        (AccountsSaved, Lang::Id) => "rekening Burekol disimpan",
        (AccountsSaved, Lang::En) => "Burekol accounts saved",
        (NoTariffs, Lang::Id) => "Belum ada tarif yang ditetapkan.",
        (NoTariffs, Lang::En) => "No tariff is set yet.",
        (PerMonth, Lang::Id) => "per bulan",
        (PerMonth, Lang::En) => "per month",
        (Months, Lang::Id) => "bulan",
        (Months, Lang::En) => "months",
        (EndsTariff, Lang::Id) => "Tarif yang berlaku diakhiri",
        (EndsTariff, Lang::En) => "The tariff in force ends",
        (Onward, Lang::Id) => "seterusnya",
        (Onward, Lang::En) => "onward",
        (WouldSet, Lang::Id) => "Akan ditetapkan",
        (WouldSet, Lang::En) => "Would set",
        (AddYes, Lang::Id) => "Belum disimpan: tambahkan --yes untuk menyimpan.",
        (AddYes, Lang::En) => "Not saved: add --yes to save.",
        (TariffSaved, Lang::Id) => "Tarif disimpan",
        (TariffSaved, Lang::En) => "Tariff saved",
        (ExistingTariffs, Lang::Id) => "Tarif yang sudah ada untuk program ini",
        (ExistingTariffs, Lang::En) => "Tariffs already set for this programme",
        (DiffWritten, Lang::Id) => "Perubahan daftar ditulis",
        (DiffWritten, Lang::En) => "List changes written",
        (DiffEntered, Lang::Id) => "masuk",
        (DiffEntered, Lang::En) => "entered",
        (DiffLeft, Lang::Id) => "keluar",
        (DiffLeft, Lang::En) => "left",
        (DiffAmount, Lang::Id) => "jumlah berubah",
        (DiffAmount, Lang::En) => "amount changed",
    }
}

/// "181.353 penerima: KLJ 141.533, KAJ 22.494" in the language's grouping.
pub fn announced_counts(lang: Lang, total: u64, per: &[(String, u64)]) -> String {
    let parts: Vec<String> = per.iter().map(|(p, n)| format!("{p} {}", fmt_count(lang, *n))).collect();
    format!("{} {}: {}", fmt_count(lang, total), text(lang, Msg::Recipients), parts.join(", "))
}

/// One chunk of a freeze written, for a stderr that is not a terminal.
pub fn rows_written(lang: Lang, rows: u64) -> String {
    match lang {
        Lang::Id => format!("baris ditulis: {rows}"),
        Lang::En => format!("rows written: {rows}"),
    }
}
