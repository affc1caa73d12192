use super::*;
use crate::domain::codes::{DtksStatus, EnrolmentStatus};
use crate::domain::deactivation::{DeletionGround, Ground};
use crate::domain::tahap::list::Totals;
use crate::domain::tahap::rules::DecisionRef;
use crate::testkit::date;

const BOTH: [Lang; 2] = [Lang::Id, Lang::En];

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

fn t4() -> Period {
    Period::tahap(2026, 4).unwrap()
}

/// Each language has its own text for `f`, and none is empty.
fn distinct<T>(values: &[T], f: impl Fn(Lang, &T) -> String) {
    for v in values {
        let (id, en) = (f(Lang::Id, v), f(Lang::En, v));
        assert!(!id.is_empty() && !en.is_empty());
        assert_ne!(id, en);
    }
    for lang in BOTH {
        let mut all: Vec<String> = values.iter().map(|v| f(lang, v)).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), values.len(), "two values share a text in {lang}");
    }
}

#[test]
fn periods_read_naturally() {
    assert_eq!(period(Lang::Id, t4()), "Tahap 4 2026 (Okt–Des)");
    assert_eq!(period(Lang::En, t4()), "Tahap 4 of 2026 (Oct–Dec)");
    assert_eq!(period(Lang::Id, Period::month(2025, 8).unwrap()), "Agustus 2025");
    assert_eq!(period(Lang::En, Period::month(2025, 8).unwrap()), "August 2025");
    assert_eq!(period(Lang::Id, Period::tahap(2026, 2).unwrap()), "Tahap 2 2026 (Apr–Jun)");
}

#[test]
fn every_name_has_two_distinct_texts() {
    distinct(PeriodState::ALL, |l, s| state(l, *s).to_string());
    distinct(Step::ALL, |l, s| step(l, *s).to_string());
    distinct(RecipientRule::ALL, |l, r| rule_name(l, *r).to_string());
    distinct(AccountStatus::ALL, |l, s| account_status(l, *s).to_string());
    distinct(PriorityKey::ALL, |l, k| priority_key(l, *k).to_string());
    distinct(&[PeriodKind::Quarterly, PeriodKind::Monthly], |l, k| period_kind(l, *k).to_string());
}

#[test]
fn a_missing_tariff_names_month_and_programme() {
    let e = TariffError::Missing { programme: Programme::Kaj, month: ym(2026, 11) };
    assert_eq!(
        tariff_error(Lang::Id, &e),
        "Tarif KAJ untuk November 2026 belum ada: isi tabel tarif untuk bulan itu, lalu ulangi"
    );
    assert_eq!(
        tariff_error(Lang::En, &e),
        "No KAJ tariff for November 2026: enter the tariff for that month, then try again"
    );
    distinct(
        &[
            e,
            TariffError::Overlap { programme: Programme::Kaj, month: ym(2026, 11) },
            TariffError::EndsBeforeStart { programme: Programme::Kaj, from: ym(2026, 11), until: ym(2026, 10) },
            TariffError::NotPositive { programme: Programme::Kaj, from: ym(2026, 11), monthly: 0 },
        ],
        tariff_error,
    );
}

#[test]
fn refused_steps_say_where_and_what_to_do() {
    let e = StepRefused::AfterBankFile { step: Step::Cancel, state: PeriodState::BankFileSent };
    let id = step_refused(Lang::Id, Programme::Klj, t4(), &e);
    assert!(id.starts_with("KLJ Tahap 4 2026 (Okt–Des): 'Batalkan' tidak dapat dilakukan"), "{id}");
    let refusals = [
        StepRefused::Finished { state: PeriodState::Closed },
        e,
        StepRefused::AlreadyDone { step: Step::FreezeList, state: PeriodState::ListFrozen },
        StepRefused::TooEarly { step: Step::FreezeList, state: PeriodState::Planned, needs: PeriodState::Announced },
        StepRefused::DateOutOfOrder { date: date(2026, 12, 1), after: date(2026, 12, 2) },
        StepRefused::MergeNotLater { into: t4() },
        StepRefused::ReferenceFixed { state: PeriodState::ListFrozen },
    ];
    distinct(&refusals, |l, r| step_refused(l, Programme::Klj, t4(), r));
    let early = step_refused(Lang::En, Programme::Klj, t4(), &refusals[3]);
    assert!(early.contains("'Freeze the recipient list'") && early.ends_with("it must be Announced first"), "{early}");
}

#[test]
fn exclusions_and_standings() {
    let all = [
        Exclusion::OutsideDki { kk: true, address: true },
        Exclusion::OutsideDki { kk: false, address: true },
        Exclusion::DtksStatus(DtksStatus::Inactive),
        Exclusion::NotInCategory(Rule::Age0To6),
        Exclusion::NotInCategory(Rule::Age60Plus),
        Exclusion::NotInCategory(Rule::CovidOrphan),
        Exclusion::NotEnrolled,
        Exclusion::Enrolment(EnrolmentStatus::Suspended),
        Exclusion::EnrolmentNotCurrent { since: date(2026, 5, 1), until: None },
        Exclusion::Deactivated(DecisionRef {
            decision: 12,
            ground: Ground::Deletion(DeletionGround::Deceased),
            decided: date(2026, 3, 10),
            effective: date(2026, 4, 1),
        }),
        Exclusion::Account(AccountUnusable::Missing),
        Exclusion::Account(AccountUnusable::Status(AccountStatus::Dormant)),
    ];
    distinct(&all, exclusion);
    assert_eq!(exclusion(Lang::Id, &all[0]), "Bukan warga DKI: KTP/KK dan alamat di luar DKI Jakarta");
    assert_eq!(exclusion(Lang::En, &all[1]), "Not a DKI resident: address outside DKI Jakarta");
    assert!(exclusion(Lang::Id, &all[2]).ends_with("(status: Nonaktif)"));
    assert_eq!(
        exclusion(Lang::Id, &all[9]),
        "Dinonaktifkan oleh keputusan #12 karena penghapusan: meninggal dunia (diputuskan 10 Mar 2026), berlaku sejak 1 Apr 2026"
    );
    assert_eq!(
        exclusion(Lang::En, &all[9]),
        "Deactivated by decision #12 because deletion: deceased (decided 10 Mar 2026), in effect from 1 Apr 2026"
    );
    assert_eq!(
        standing(Lang::Id, &Standing::Waiting { position: 1234 }),
        "Layak, tetapi di luar kuota: daftar tunggu nomor 1.234"
    );
    let out = Standing::Excluded { first: all[3], all: vec![all[3]] };
    assert_eq!(standing(Lang::En, &out), "Not on the list: Aged 7 or over (or not yet born) on the reference date");
    distinct(&[Standing::OnList, Standing::Waiting { position: 1 }, out], standing);
}

#[test]
fn account_errors_name_the_number() {
    let e = AccountError::NotDigit { position: 6, found: 'O' };
    assert_eq!(
        account_error(Lang::En, "12345O7890", &e),
        "Account number '12345O7890' contains 'O' at position 6: an account number has digits only"
    );
    assert!(account_error(Lang::Id, "123", &AccountError::Length { digits: 3 }).ends_with("harus 10 sampai 16 angka"));
    distinct(&[AccountError::Empty, e, AccountError::Length { digits: 3 }], |l, e| account_error(l, "x", e));
}

#[test]
fn ledger_and_reconciliation_texts() {
    let t3 = Period::tahap(2026, 3).unwrap();
    distinct(
        &[
            LedgerError::AlreadyPaid { month: ym(2026, 7), reference: "R".into() },
            LedgerError::NotOwed { month: ym(2026, 7) },
            LedgerError::NoMonths,
            LedgerError::DuplicateReference { reference: "R".into() },
            LedgerError::UnknownFailure { reference: "R".into() },
            LedgerError::AlreadyCarried { reference: "R".into(), into: t4() },
            LedgerError::CarryNotLater { from: t3, into: t3 },
            LedgerError::NothingToCarry { reference: "R".into() },
        ],
        ledger_error,
    );
    let c = Totals { recipients: 3, amount: 2_700_000 };
    let mismatches = [
        Mismatch::PaidTwice { reference: "R".into(), lines: vec![2, 3] },
        Mismatch::NotOnList { line: 5, reference: "R".into() },
        Mismatch::Absent { reference: "R".into() },
        Mismatch::AmountDifferent { line: 7, reference: "R".into(), expected: 900_000, paid: 600_000 },
        Mismatch::UnknownAccount { line: 6, account: "999".into(), reference: None },
        Mismatch::UnknownAccount { line: 6, account: "999".into(), reference: Some("R".into()) },
        Mismatch::OverControl { control: c, paid: Totals { recipients: 3, amount: 3_600_000 } },
    ];
    distinct(&mismatches, mismatch);
    assert_eq!(mismatch(Lang::Id, &mismatches[3]), "Baris 7: R dibayar Rp 600.000, seharusnya Rp 900.000");
    assert!(mismatch(Lang::En, &mismatches[0]).contains("(lines 2, 3)"));
    distinct(
        &[BankStatus::Paid, BankStatus::Failed("x".into()), BankStatus::AccountClosed, BankStatus::AccountDormant],
        bank_status,
    );
    assert_eq!(days_late(Lang::Id, 1234), "terlambat 1.234 hari");
    assert_eq!(days_late(Lang::En, 1), "1 day late");
    assert_eq!(days_late(Lang::En, 2), "2 days late");
}

#[test]
fn parse_errors_say_how_to_write_a_period() {
    let e = PeriodParseError::Format("2026/4".into());
    assert_eq!(
        period_parse_error(Lang::En, &e),
        "Period '2026/4' not understood: write a tahap as 2026-T4, or a month as 2026-11"
    );
    distinct(
        &[e, PeriodParseError::Year(1800), PeriodParseError::Tahap(5), PeriodParseError::Month(13)],
        period_parse_error,
    );
    distinct(&[ScheduleError::Empty, ScheduleError::DuplicateStart(ym(2025, 4))], |l, e| {
        schedule_error(l, Programme::Klj, e)
    });
}
