//! Texts of tahap disbursement: periods, states and steps, recipient rules
//! and their reasons, tariffs, accounts, the ledger, quotas and
//! reconciliation. Every function is an exhaustive match over the language,
//! and inside it over the value, with no catch-all arm. Long by nature: two
//! arms for every text; the tests are in `tahap/tests.rs`.

use super::{Lang, fmt_count, fmt_date, fmt_money};
use crate::domain::codes::Programme;
use crate::domain::eligibility::Rule;
use crate::domain::tahap::account::{ACCOUNT_DIGITS, AccountError, AccountStatus, AccountUnusable};
use crate::domain::tahap::ledger::LedgerError;
use crate::domain::tahap::period::{Period, PeriodKind, PeriodParseError, ScheduleError, YearMonth};
use crate::domain::tahap::quota::{PriorityKey, Standing};
use crate::domain::tahap::reconcile::{BankStatus, Mismatch};
use crate::domain::tahap::rules::{Exclusion, RecipientRule};
use crate::domain::tahap::schedule::{PeriodState, Step, StepRefused};
use crate::domain::tahap::tariff::TariffError;

fn month_name(lang: Lang, m: YearMonth) -> &'static str {
    super::month_name(lang, m.month())
}

/// "November 2026".
pub fn month(lang: Lang, m: YearMonth) -> String {
    format!("{} {}", month_name(lang, m), m.year())
}

/// "Tahap 4 2026 (Okt–Des)" or "November 2026".
pub fn period(lang: Lang, p: Period) -> String {
    let short = |m: YearMonth| month_name(lang, m).get(..3).unwrap_or("?");
    match (lang, p) {
        (Lang::Id, Period::Tahap { year, number }) => {
            format!("Tahap {number} {year} ({}–{})", short(p.first_month()), short(p.last_month()))
        }
        (Lang::En, Period::Tahap { year, number }) => {
            format!("Tahap {number} of {year} ({}–{})", short(p.first_month()), short(p.last_month()))
        }
        (Lang::Id | Lang::En, Period::Month(m)) => month(lang, m),
    }
}

pub fn period_kind(lang: Lang, k: PeriodKind) -> &'static str {
    match lang {
        Lang::Id => match k {
            PeriodKind::Quarterly => "Per tahap (tiga bulan)",
            PeriodKind::Monthly => "Bulanan",
        },
        Lang::En => match k {
            PeriodKind::Quarterly => "Per tahap (three months)",
            PeriodKind::Monthly => "Monthly",
        },
    }
}

pub fn period_parse_error(lang: Lang, e: &PeriodParseError) -> String {
    match lang {
        Lang::Id => match e {
            PeriodParseError::Format(s) => {
                format!("Periode '{s}' tidak dikenali: tulis tahap seperti 2026-T4, atau bulan seperti 2026-11")
            }
            PeriodParseError::Year(y) => format!("Tahun {y} di luar jangkauan: gunakan tahun 1900–9999"),
            PeriodParseError::Tahap(n) => format!("Tahap {n} tidak ada: tahap bernomor 1 sampai 4"),
            PeriodParseError::Month(n) => format!("Bulan {n} tidak ada: bulan bernomor 01 sampai 12"),
        },
        Lang::En => match e {
            PeriodParseError::Format(s) => {
                format!("Period '{s}' not understood: write a tahap as 2026-T4, or a month as 2026-11")
            }
            PeriodParseError::Year(y) => format!("Year {y} out of range: use a year from 1900 to 9999"),
            PeriodParseError::Tahap(n) => format!("There is no tahap {n}: tahap are numbered 1 to 4"),
            PeriodParseError::Month(n) => format!("There is no month {n}: months are numbered 01 to 12"),
        },
    }
}

pub fn schedule_error(lang: Lang, programme: Programme, e: &ScheduleError) -> String {
    let p = programme.code();
    match lang {
        Lang::Id => match e {
            ScheduleError::Empty => format!("Pengaturan periode {p} kosong: isi sedikitnya satu periode berlaku"),
            ScheduleError::DuplicateStart(m) => {
                format!("Pengaturan periode {p} mulai dua kali pada {}: hapus salah satunya", month(lang, *m))
            }
        },
        Lang::En => match e {
            ScheduleError::Empty => format!("The period setting of {p} is empty: enter at least one period in force"),
            ScheduleError::DuplicateStart(m) => {
                format!("The period setting of {p} starts twice in {}: remove one of them", month(lang, *m))
            }
        },
    }
}

pub fn state(lang: Lang, s: PeriodState) -> &'static str {
    match lang {
        Lang::Id => match s {
            PeriodState::Planned => "Direncanakan",
            PeriodState::Announced => "Diumumkan",
            PeriodState::ListFrozen => "Daftar dibekukan",
            PeriodState::BankFileSent => "Berkas bank terkirim",
            PeriodState::PartlyPaid => "Dibayar sebagian",
            PeriodState::Paid => "Dibayar penuh",
            PeriodState::Closed => "Ditutup",
            PeriodState::Cancelled => "Dibatalkan",
            PeriodState::Merged => "Digabung ke periode berikutnya",
        },
        Lang::En => match s {
            PeriodState::Planned => "Planned",
            PeriodState::Announced => "Announced",
            PeriodState::ListFrozen => "List frozen",
            PeriodState::BankFileSent => "Bank file sent",
            PeriodState::PartlyPaid => "Partly paid",
            PeriodState::Paid => "Fully paid",
            PeriodState::Closed => "Closed",
            PeriodState::Cancelled => "Cancelled",
            PeriodState::Merged => "Merged into a later period",
        },
    }
}

pub fn step(lang: Lang, s: Step) -> &'static str {
    match lang {
        Lang::Id => match s {
            Step::Announce => "Umumkan",
            Step::FreezeList => "Bekukan daftar penerima",
            Step::SendBankFile => "Tulis berkas bank",
            Step::PayPart => "Catat pembayaran sebagian",
            Step::PayAll => "Catat pembayaran",
            Step::Close => "Tutup",
            Step::Cancel => "Batalkan",
            Step::Merge => "Gabungkan ke periode berikutnya",
        },
        Lang::En => match s {
            Step::Announce => "Announce",
            Step::FreezeList => "Freeze the recipient list",
            Step::SendBankFile => "Write the bank file",
            Step::PayPart => "Record a partial payment",
            Step::PayAll => "Record the payment",
            Step::Close => "Close",
            Step::Cancel => "Cancel",
            Step::Merge => "Merge into a later period",
        },
    }
}

/// "KLJ Tahap 4 2026 (Okt–Des): …", naming what was refused and what to do.
pub fn step_refused(lang: Lang, programme: Programme, p: Period, e: &StepRefused) -> String {
    let at = format!("{} {}", programme.code(), period(lang, p));
    match lang {
        Lang::Id => match e {
            StepRefused::Finished { state: s } => {
                format!("{at}: sudah {}, tidak ada langkah lagi", state(lang, *s).to_lowercase())
            }
            StepRefused::AfterBankFile { step: st, state: s } => format!(
                "{at}: '{}' tidak dapat dilakukan karena berkas bank sudah terkirim (status: {}); selesaikan lewat hasil bank",
                step(lang, *st),
                state(lang, *s)
            ),
            StepRefused::MergeNotLater { into } => {
                format!("{at}: hanya dapat digabung ke periode sesudahnya, bukan {}", period(lang, *into))
            }
            StepRefused::AlreadyDone { step: st, state: s } => {
                format!("{at}: '{}' sudah dilakukan (status: {})", step(lang, *st), state(lang, *s))
            }
            StepRefused::TooEarly { step: st, state: s, needs } => format!(
                "{at}: '{}' belum dapat dilakukan pada status {}; status harus {} lebih dulu",
                step(lang, *st),
                state(lang, *s),
                state(lang, *needs)
            ),
            StepRefused::ReferenceFixed { state: s } => format!(
                "{at}: tanggal acuan tidak dapat diubah setelah daftar dibekukan (status: {}); buat daftar susulan bila perlu",
                state(lang, *s)
            ),
            StepRefused::DateOutOfOrder { date, after } => format!(
                "{at}: tanggal bayar {} lebih awal dari {}; periksa tanggalnya",
                fmt_date(lang, *date),
                fmt_date(lang, *after)
            ),
        },
        Lang::En => match e {
            StepRefused::Finished { state: s } => {
                format!("{at}: already {}, no further step", state(lang, *s).to_lowercase())
            }
            StepRefused::AfterBankFile { step: st, state: s } => format!(
                "{at}: '{}' is no longer possible because the bank file was sent (state: {}); settle it through the bank's results",
                step(lang, *st),
                state(lang, *s)
            ),
            StepRefused::MergeNotLater { into } => {
                format!("{at}: can only be merged into a later period, not {}", period(lang, *into))
            }
            StepRefused::AlreadyDone { step: st, state: s } => {
                format!("{at}: '{}' was already done (state: {})", step(lang, *st), state(lang, *s))
            }
            StepRefused::TooEarly { step: st, state: s, needs } => format!(
                "{at}: '{}' cannot be done in state {}; it must be {} first",
                step(lang, *st),
                state(lang, *s),
                state(lang, *needs)
            ),
            StepRefused::ReferenceFixed { state: s } => format!(
                "{at}: the reference date cannot change once the list is frozen (state: {}); make a supplementary list if needed",
                state(lang, *s)
            ),
            StepRefused::DateOutOfOrder { date, after } => format!(
                "{at}: payment date {} is before {}; check the date",
                fmt_date(lang, *date),
                fmt_date(lang, *after)
            ),
        },
    }
}

/// "terlambat 10 hari" / "10 days late".
pub fn days_late(lang: Lang, days: i64) -> String {
    let n = fmt_count(lang, days.unsigned_abs());
    match lang {
        Lang::Id => format!("terlambat {n} hari"),
        Lang::En if days == 1 => "1 day late".to_string(),
        Lang::En => format!("{n} days late"),
    }
}

pub fn tariff_error(lang: Lang, e: &TariffError) -> String {
    match lang {
        Lang::Id => match e {
            TariffError::Missing { programme, month: m } => format!(
                "Tarif {} untuk {} belum ada: isi tabel tarif untuk bulan itu, lalu ulangi",
                programme.code(),
                month(lang, *m)
            ),
            TariffError::Overlap { programme, month: m } => format!(
                "Dua tarif {} berlaku pada {}: akhiri tarif lama sebelum tarif baru mulai",
                programme.code(),
                month(lang, *m)
            ),
            TariffError::EndsBeforeStart { programme, from, until } => format!(
                "Tarif {} berakhir {} sebelum mulai {}: periksa tanggal berlakunya",
                programme.code(),
                month(lang, *until),
                month(lang, *from)
            ),
            TariffError::NotPositive { programme, from, monthly } => format!(
                "Tarif {} mulai {} sebesar {} per bulan: jumlah harus lebih dari nol",
                programme.code(),
                month(lang, *from),
                fmt_money(*monthly)
            ),
        },
        Lang::En => match e {
            TariffError::Missing { programme, month: m } => format!(
                "No {} tariff for {}: enter the tariff for that month, then try again",
                programme.code(),
                month(lang, *m)
            ),
            TariffError::Overlap { programme, month: m } => format!(
                "Two {} tariffs apply in {}: end the old tariff before the new one starts",
                programme.code(),
                month(lang, *m)
            ),
            TariffError::EndsBeforeStart { programme, from, until } => format!(
                "The {} tariff ends in {} before it starts in {}: check its validity",
                programme.code(),
                month(lang, *until),
                month(lang, *from)
            ),
            TariffError::NotPositive { programme, from, monthly } => format!(
                "The {} tariff from {} is {} a month: the amount must be more than zero",
                programme.code(),
                month(lang, *from),
                fmt_money(*monthly)
            ),
        },
    }
}

pub fn account_status(lang: Lang, s: AccountStatus) -> &'static str {
    match lang {
        Lang::Id => match s {
            AccountStatus::Open => "Aktif",
            AccountStatus::Dormant => "Dormant (pasif)",
            AccountStatus::Closed => "Ditutup",
            AccountStatus::Blocked => "Diblokir",
        },
        Lang::En => match s {
            AccountStatus::Open => "Open",
            AccountStatus::Dormant => "Dormant",
            AccountStatus::Closed => "Closed",
            AccountStatus::Blocked => "Blocked",
        },
    }
}

/// Names the number as typed.
pub fn account_error(lang: Lang, input: &str, e: &AccountError) -> String {
    let (min, max) = (ACCOUNT_DIGITS.start(), ACCOUNT_DIGITS.end());
    match lang {
        Lang::Id => match e {
            AccountError::Empty => "Nomor rekening kosong: isi nomor rekening Burekol".to_string(),
            AccountError::NotDigit { position, found } => format!(
                "Nomor rekening '{input}' memuat '{found}' pada posisi {position}: nomor rekening hanya berisi angka"
            ),
            AccountError::Length { digits } => {
                format!("Nomor rekening '{input}' terdiri dari {digits} angka: harus {min} sampai {max} angka")
            }
        },
        Lang::En => match e {
            AccountError::Empty => "The account number is empty: enter the Burekol account number".to_string(),
            AccountError::NotDigit { position, found } => format!(
                "Account number '{input}' contains '{found}' at position {position}: an account number has digits only"
            ),
            AccountError::Length { digits } => {
                format!("Account number '{input}' has {digits} digits: it must have {min} to {max}")
            }
        },
    }
}

pub fn account_unusable(lang: Lang, u: &AccountUnusable) -> String {
    match lang {
        Lang::Id => match u {
            AccountUnusable::Missing => "Belum punya rekening Burekol".to_string(),
            AccountUnusable::NotYetOpened { opened } => {
                format!("Rekening Burekol baru dibuka {}, setelah tanggal acuan daftar", fmt_date(lang, *opened))
            }
            AccountUnusable::Status(s) => {
                format!("Rekening Burekol tidak dapat menerima dana (status: {})", account_status(lang, *s))
            }
        },
        Lang::En => match u {
            AccountUnusable::Missing => "No Burekol account".to_string(),
            AccountUnusable::NotYetOpened { opened } => {
                format!(
                    "The Burekol account was opened on {}, after the list's reference date",
                    fmt_date(lang, *opened)
                )
            }
            AccountUnusable::Status(s) => {
                format!("The Burekol account cannot receive payments (status: {})", account_status(lang, *s))
            }
        },
    }
}

/// The short name of a recipient rule.
pub fn rule_name(lang: Lang, r: RecipientRule) -> &'static str {
    match lang {
        Lang::Id => match r {
            RecipientRule::DkiResidence => "Warga DKI",
            RecipientRule::DtksActive => "Aktif di DTKS",
            RecipientRule::InCategory => "Sesuai kategori program",
            RecipientRule::EnrolmentActive => "Kepesertaan aktif",
            RecipientRule::NotDeactivated => "Tidak dinonaktifkan",
            RecipientRule::AccountUsable => "Rekening Burekol dapat dipakai",
        },
        Lang::En => match r {
            RecipientRule::DkiResidence => "DKI resident",
            RecipientRule::DtksActive => "Active in DTKS",
            RecipientRule::InCategory => "In the programme's category",
            RecipientRule::EnrolmentActive => "Enrolment active",
            RecipientRule::NotDeactivated => "Not deactivated",
            RecipientRule::AccountUsable => "Usable Burekol account",
        },
    }
}

/// Why a category rule failed on the reference date.
fn category(lang: Lang, r: Rule) -> String {
    match lang {
        Lang::Id => match r {
            Rule::Age60Plus => "Belum berusia 60 tahun pada tanggal acuan".to_string(),
            Rule::Age0To6 => "Sudah berusia 7 tahun (atau belum lahir) pada tanggal acuan".to_string(),
            Rule::Disability => "Tidak ada disabilitas yang tercatat".to_string(),
            Rule::CovidOrphan => {
                "Bukan anak yatim COVID-19, atau sudah berusia 18 tahun pada tanggal acuan".to_string()
            }
            Rule::PkhHousehold => "Keluarga tidak memiliki komponen PKH pada tanggal acuan".to_string(),
            Rule::DtksActive
            | Rule::DkiResident
            | Rule::NoTidakLayak
            | Rule::OccupationExclusion
            | Rule::HeadStateApparatus
            | Rule::JknPbiCascade => format!("Tidak memenuhi aturan kelayakan '{}'", r.name()),
        },
        Lang::En => match r {
            Rule::Age60Plus => "Not yet 60 on the reference date".to_string(),
            Rule::Age0To6 => "Aged 7 or over (or not yet born) on the reference date".to_string(),
            Rule::Disability => "No disability recorded".to_string(),
            Rule::CovidOrphan => "Not a COVID-19 orphan, or aged 18 or over on the reference date".to_string(),
            Rule::PkhHousehold => "No PKH component in the household on the reference date".to_string(),
            Rule::DtksActive
            | Rule::DkiResident
            | Rule::NoTidakLayak
            | Rule::OccupationExclusion
            | Rule::HeadStateApparatus
            | Rule::JknPbiCascade => format!("Fails the eligibility rule '{}'", r.name()),
        },
    }
}

/// The reason a rule left a person out.
pub fn exclusion(lang: Lang, e: &Exclusion) -> String {
    // At least one of the two is outside, or the rule would have passed.
    let outside = |kk: bool, address: bool| match (lang, kk, address) {
        (Lang::Id, true, true) => "KTP/KK dan alamat",
        (Lang::En, true, true) => "KTP/KK and address",
        (Lang::Id | Lang::En, true, false) => "KTP/KK",
        (Lang::Id, false, _) => "alamat",
        (Lang::En, false, _) => "address",
    };
    match lang {
        Lang::Id => match e {
            Exclusion::OutsideDki { kk, address } => {
                format!("Bukan warga DKI: {} di luar DKI Jakarta", outside(*kk, *address))
            }
            Exclusion::DtksStatus(s) => {
                format!("Tidak aktif di DTKS pada tanggal acuan (status: {})", s.label(Lang::Id))
            }
            Exclusion::NotInCategory(r) => category(lang, *r),
            Exclusion::NotEnrolled => "Tidak terdaftar sebagai peserta program ini".to_string(),
            Exclusion::Enrolment(s) => format!("Kepesertaan tidak aktif (status: {})", s.label(Lang::Id)),
            Exclusion::EnrolmentNotCurrent { since, until } => match until {
                Some(u) => format!(
                    "Kepesertaan berlaku {} sampai {}, tidak pada tanggal acuan",
                    fmt_date(lang, *since),
                    fmt_date(lang, *u)
                ),
                None => format!("Kepesertaan baru berlaku sejak {}, setelah tanggal acuan", fmt_date(lang, *since)),
            },
            Exclusion::Deactivated(d) => format!(
                "Dinonaktifkan oleh keputusan #{} karena {} (diputuskan {}), berlaku sejak {}",
                d.decision,
                d.ground.label(lang),
                fmt_date(lang, d.decided),
                fmt_date(lang, d.effective)
            ),
            Exclusion::Account(u) => account_unusable(lang, u),
        },
        Lang::En => match e {
            Exclusion::OutsideDki { kk, address } => {
                format!("Not a DKI resident: {} outside DKI Jakarta", outside(*kk, *address))
            }
            Exclusion::DtksStatus(s) => {
                format!("Not active in DTKS on the reference date (status: {})", s.label(Lang::En))
            }
            Exclusion::NotInCategory(r) => category(lang, *r),
            Exclusion::NotEnrolled => "Not enrolled in this programme".to_string(),
            Exclusion::Enrolment(s) => format!("Enrolment not active (status: {})", s.label(Lang::En)),
            Exclusion::EnrolmentNotCurrent { since, until } => match until {
                Some(u) => format!(
                    "Enrolment ran from {} to {}, not on the reference date",
                    fmt_date(lang, *since),
                    fmt_date(lang, *u)
                ),
                None => format!("Enrolment only starts on {}, after the reference date", fmt_date(lang, *since)),
            },
            Exclusion::Deactivated(d) => format!(
                "Deactivated by decision #{} because {} (decided {}), in effect from {}",
                d.decision,
                d.ground.label(lang),
                fmt_date(lang, d.decided),
                fmt_date(lang, d.effective)
            ),
            Exclusion::Account(u) => account_unusable(lang, u),
        },
    }
}

/// The answer to "is this person on the list, and if not, why?".
pub fn standing(lang: Lang, s: &Standing) -> String {
    match lang {
        Lang::Id => match s {
            Standing::OnList => "Ada di daftar penerima".to_string(),
            Standing::Waiting { position } => {
                format!("Layak, tetapi di luar kuota: daftar tunggu nomor {}", fmt_count(lang, *position as u64))
            }
            Standing::Excluded { first, .. } => format!("Tidak di daftar: {}", exclusion(lang, first)),
        },
        Lang::En => match s {
            Standing::OnList => "On the recipient list".to_string(),
            Standing::Waiting { position } => format!(
                "Eligible, but beyond the quota: number {} on the waiting list",
                fmt_count(lang, *position as u64)
            ),
            Standing::Excluded { first, .. } => format!("Not on the list: {}", exclusion(lang, first)),
        },
    }
}

pub fn priority_key(lang: Lang, k: PriorityKey) -> &'static str {
    match lang {
        Lang::Id => match k {
            PriorityKey::DecileAscending => "Desil DTSEN terendah dulu",
            PriorityKey::AgeDescending => "Usia tertua dulu",
            PriorityKey::AgeAscending => "Usia termuda dulu",
            PriorityKey::Nik => "Urut NIK",
        },
        Lang::En => match k {
            PriorityKey::DecileAscending => "Lowest DTSEN decile first",
            PriorityKey::AgeDescending => "Oldest first",
            PriorityKey::AgeAscending => "Youngest first",
            PriorityKey::Nik => "By NIK",
        },
    }
}

pub fn ledger_error(lang: Lang, e: &LedgerError) -> String {
    match lang {
        Lang::Id => match e {
            LedgerError::AlreadyPaid { month: m, reference } => {
                format!(
                    "{} sudah dibayar dengan referensi {reference}: satu bulan hanya dibayar sekali",
                    month(lang, *m)
                )
            }
            LedgerError::NotOwed { month: m } => {
                format!("{} tidak terutang kepada penerima ini: periksa bulan pembayarannya", month(lang, *m))
            }
            LedgerError::NoMonths => "Pembayaran tanpa bulan: sebutkan bulan yang dibayar".to_string(),
            LedgerError::DuplicateReference { reference } => {
                format!("Referensi {reference} sudah dipakai: setiap pembayaran punya referensinya sendiri")
            }
            LedgerError::UnknownFailure { reference } => {
                format!("Tidak ada pembayaran gagal dengan referensi {reference}")
            }
            LedgerError::AlreadyCarried { reference, into } => {
                format!("Pembayaran gagal {reference} sudah dirapel ke {}: rapel hanya sekali", period(lang, *into))
            }
            LedgerError::CarryNotLater { from, into } => format!(
                "Rapel dari {} harus masuk periode sesudahnya, bukan {}",
                period(lang, *from),
                period(lang, *into)
            ),
            LedgerError::NothingToCarry { reference } => {
                format!("Semua bulan pembayaran gagal {reference} sudah dibayar: tidak ada yang dirapel")
            }
        },
        Lang::En => match e {
            LedgerError::AlreadyPaid { month: m, reference } => {
                format!("{} was already paid by reference {reference}: a month is paid only once", month(lang, *m))
            }
            LedgerError::NotOwed { month: m } => {
                format!("{} is not owed to this recipient: check the months paid", month(lang, *m))
            }
            LedgerError::NoMonths => "A payment without months: name the months paid".to_string(),
            LedgerError::DuplicateReference { reference } => {
                format!("Reference {reference} is already used: every payment has its own reference")
            }
            LedgerError::UnknownFailure { reference } => format!("No failed payment has reference {reference}"),
            LedgerError::AlreadyCarried { reference, into } => format!(
                "Failed payment {reference} was already carried into {}: arrears are carried once",
                period(lang, *into)
            ),
            LedgerError::CarryNotLater { from, into } => {
                format!("Arrears from {} go into a later period, not {}", period(lang, *from), period(lang, *into))
            }
            LedgerError::NothingToCarry { reference } => {
                format!("Every month of failed payment {reference} has since been paid: nothing to carry")
            }
        },
    }
}

pub fn bank_status(lang: Lang, s: &BankStatus) -> String {
    match lang {
        Lang::Id => match s {
            BankStatus::Paid => "Dibayar".to_string(),
            BankStatus::Failed(why) => format!("Gagal: {why}"),
            BankStatus::AccountClosed => "Gagal: rekening ditutup".to_string(),
            BankStatus::AccountDormant => "Gagal: rekening dormant".to_string(),
        },
        Lang::En => match s {
            BankStatus::Paid => "Paid".to_string(),
            BankStatus::Failed(why) => format!("Failed: {why}"),
            BankStatus::AccountClosed => "Failed: account closed".to_string(),
            BankStatus::AccountDormant => "Failed: account dormant".to_string(),
        },
    }
}

/// One reconciliation finding, naming the line of the result file.
pub fn mismatch(lang: Lang, m: &Mismatch) -> String {
    let lines = |ls: &[usize]| ls.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
    match lang {
        Lang::Id => match m {
            Mismatch::PaidTwice { reference, lines: ls } => {
                format!("{reference} dibayar lebih dari sekali (baris {}): minta bank menarik kelebihannya", lines(ls))
            }
            Mismatch::NotOnList { line, reference } => {
                format!("Baris {line}: {reference} dibayar tetapi tidak ada di daftar yang dibekukan")
            }
            Mismatch::Absent { reference } => {
                format!("{reference} ada di daftar tetapi tidak ada di hasil bank: tanyakan ke bank")
            }
            Mismatch::AmountDifferent { line, reference, expected, paid } => {
                format!("Baris {line}: {reference} dibayar {}, seharusnya {}", fmt_money(*paid), fmt_money(*expected))
            }
            Mismatch::UnknownAccount { line, account, reference } => match reference {
                Some(r) => format!("Baris {line}: rekening {account} bukan rekening {r} di daftar"),
                None => format!("Baris {line}: rekening {account} tidak ada di daftar"),
            },
            Mismatch::OverControl { control, paid } => format!(
                "Bank membayar {} penerima sebesar {}, melebihi total kontrol {} penerima sebesar {}",
                fmt_count(lang, paid.recipients),
                fmt_money(paid.amount),
                fmt_count(lang, control.recipients),
                fmt_money(control.amount)
            ),
        },
        Lang::En => match m {
            Mismatch::PaidTwice { reference, lines: ls } => {
                format!("{reference} was paid more than once (lines {}): ask the bank to recover the excess", lines(ls))
            }
            Mismatch::NotOnList { line, reference } => {
                format!("Line {line}: {reference} was paid but is not on the frozen list")
            }
            Mismatch::Absent { reference } => {
                format!("{reference} is on the list but missing from the bank's results: ask the bank")
            }
            Mismatch::AmountDifferent { line, reference, expected, paid } => {
                format!("Line {line}: {reference} was paid {}, should be {}", fmt_money(*paid), fmt_money(*expected))
            }
            Mismatch::UnknownAccount { line, account, reference } => match reference {
                Some(r) => format!("Line {line}: account {account} is not the account of {r} on the list"),
                None => format!("Line {line}: account {account} is not on the list"),
            },
            Mismatch::OverControl { control, paid } => format!(
                "The bank paid {} recipients {}, more than the control total of {} recipients, {}",
                fmt_count(lang, paid.recipients),
                fmt_money(paid.amount),
                fmt_count(lang, control.recipients),
                fmt_money(control.amount)
            ),
        },
    }
}

#[cfg(test)]
mod tests;
