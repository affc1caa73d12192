//! The sample's disbursement history (`tahap.jsonl`): tariffs of
//! Rp 300.000 a month for each PKD card, KLJ, KAJ and KPARJ paid per tahap
//! and KPDJ switching to monthly periods from October 2026, Burekol
//! accounts (some missing, dormant or closed), 2026 tahap 1–3 frozen, sent
//! and paid (tahap 3 late) with some failed payments and one double
//! payment, and tahap 4 announced late with KPDJ's October and November to
//! be paid merged with December.
//!
//! The steps are taken on a scratch register holding the sample, so the
//! bank's result lines name the references and amounts of the lists that
//! register gives; `dtks import` replays them the same way.

use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};

use super::SampleError;
use crate::domain::codes::Programme;
use crate::domain::tahap::account::{AccountNumber, AccountStatus, BurekolAccount};
use crate::domain::tahap::period::{ScheduleEntry, YearMonth};
use crate::domain::tahap::reconcile::{BankResult, BankStatus};
use crate::domain::tahap::tariff::Tariff;
use crate::domain::tahap::{Period, PeriodKind, PeriodPlan, PeriodSchedule};
use crate::formats::jsonl::JsonlWriter;
use crate::i18n::Lang;
use crate::service::tahap::script::{TAHAP_FILE, TahapStep};
use crate::service::{Actor, Clock, Service, ServiceError};

const PKD: [Programme; 4] = [Programme::Klj, Programme::Kaj, Programme::Kpdj, Programme::Kparj];
const YEAR: i32 = 2026;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

fn ym(m: u32) -> YearMonth {
    YearMonth::new(YEAR, m).unwrap_or(YearMonth::of(d(YEAR, 1, 1)))
}

fn err(e: ServiceError) -> SampleError {
    SampleError::Refused(Box::new(e))
}

/// The register the sample's histories are taken on: on disk in a hidden
/// folder of the output, not in memory (a province's sample is about ten
/// gigabytes of register), and removed with it.
pub struct Scratch {
    // Declared first so that it is closed before its folder is removed.
    pub svc: Service,
    _dir: tempfile::TempDir,
}

impl Scratch {
    fn open(dir: &Path, as_of: NaiveDate) -> Result<Scratch, SampleError> {
        let folder = tempfile::Builder::new()
            .prefix(".dtks-sample-")
            .tempdir_in(dir)
            .map_err(|e| err(ServiceError::io(dir, e)))?;
        let svc = Service::open(&folder.path().join("register"), true, Clock::fixed(as_of, 9, 0)).map_err(err)?;
        Ok(Scratch { svc, _dir: folder })
    }
}

/// Writes `tahap.jsonl` beside the register files in `dir`; returns it and
/// the scratch register it was taken on (the deactivation history goes on
/// from there rather than importing the register again).
pub fn write_tahap(dir: &Path, as_of: NaiveDate) -> Result<(PathBuf, Scratch), SampleError> {
    let scratch = Scratch::open(dir, as_of)?;
    let svc = &scratch.svc;
    let files: Vec<PathBuf> =
        ["households.csv", "persons.csv", "history.csv", "enrolments.csv"].iter().map(|f| dir.join(f)).collect();
    let actor = Actor::new("operator.tahap");
    svc.import(&files, &actor, Lang::Id, &mut |_| {}).map_err(err)?;
    // Each step goes to the file as it is taken: a province's bank results
    // are gigabytes, never all held.
    let path = dir.join(TAHAP_FILE);
    let mut steps = JsonlWriter::create(&path)?;
    let mut take = |svc: &Service, step: TahapStep| -> Result<(), SampleError> {
        svc.take_tahap_step(&step, &actor).map_err(err)?;
        steps.push(&step)?;
        Ok(())
    };
    for p in PKD {
        take(svc, TahapStep::Tariff(Tariff { programme: p, from: ym(1), until: None, monthly: 300_000 }))?;
        let mut entries =
            vec![ScheduleEntry { from: YearMonth::new(2018, 1).unwrap_or(ym(1)), kind: PeriodKind::Quarterly }];
        if p == Programme::Kpdj {
            entries.push(ScheduleEntry { from: ym(10), kind: PeriodKind::Monthly });
        }
        let schedule = PeriodSchedule::new(entries).map_err(|_| SampleError::Cycle("schedule".into()))?;
        take(svc, TahapStep::Schedule { programme: p, schedule })?;
    }
    take(svc, TahapStep::Accounts(accounts(svc)?))?;
    for p in PKD {
        for n in 1..=3u8 {
            let period = Period::tahap(YEAR, n).ok_or_else(|| SampleError::Cycle("tahap".into()))?;
            let planned = period.first_day() + Days::new(19);
            take(svc, TahapStep::Plan(PeriodPlan::new(p, period, planned)))?;
            take(svc, TahapStep::Announce { programme: p, period, on: planned - Days::new(5) })?;
            take(svc, TahapStep::Freeze { programme: p, period })?;
            take(svc, TahapStep::BankFileSent { programme: p, period })?;
            // Tahap 3 was paid five weeks late.
            let paid = if n == 3 { d(YEAR, 8, 28) } else { planned };
            let lines = results(svc, p, period, paid, p == Programme::Klj && n == 3)?;
            take(svc, TahapStep::Results { programme: p, period, lines })?;
        }
        // Tahap 4 announced ten days after its planned date.
        let late = d(YEAR, 10, 30);
        if p == Programme::Kpdj {
            for m in 10..=12 {
                let period = Period::Month(ym(m));
                take(svc, TahapStep::Plan(PeriodPlan::new(p, period, d(YEAR, m, 20))))?;
            }
            let december = Period::Month(ym(12));
            take(svc, TahapStep::Announce { programme: p, period: december, on: late })?;
            for m in 10..=11 {
                take(svc, TahapStep::Merge { programme: p, period: Period::Month(ym(m)), into: december })?;
            }
        } else {
            let t4 = Period::tahap(YEAR, 4).ok_or_else(|| SampleError::Cycle("tahap".into()))?;
            take(svc, TahapStep::Plan(PeriodPlan::new(p, t4, d(YEAR, 10, 20))))?;
            take(svc, TahapStep::Announce { programme: p, period: t4, on: late })?;
        }
    }
    steps.finish()?;
    Ok((path, scratch))
}

/// An account for every person enrolled in a PKD card, except one in 17
/// (none yet); one in 23 is dormant and one in 29 closed.
fn accounts(svc: &Service) -> Result<Vec<(String, BurekolAccount)>, SampleError> {
    let mut out = Vec::new();
    let mut i = 0u64;
    for h in svc.store().iter_households() {
        let h = h.map_err(|e| err(e.into()))?;
        for p in h.members.iter().filter(|p| p.enrolments.iter().any(|e| PKD.contains(&e.programme))) {
            i += 1;
            if i % 17 == 5 {
                continue;
            }
            let status = match (i % 23, i % 29) {
                (7, _) => AccountStatus::Dormant,
                (_, 11) => AccountStatus::Closed,
                _ => AccountStatus::Open,
            };
            let number =
                AccountNumber::parse(&format!("9{i:011}")).map_err(|_| SampleError::Cycle("account".into()))?;
            out.push((
                p.nik.clone(),
                BurekolAccount { bank: "Bank DKI".into(), number, opened: d(2020, 6, 1), status },
            ));
        }
    }
    Ok(out)
}

/// The bank's answer for a frozen list: every row paid on `on` except one
/// in 40 (failed), and, when `double`, the first row paid twice.
fn results(
    svc: &Service,
    p: Programme,
    period: Period,
    on: NaiveDate,
    double: bool,
) -> Result<Vec<BankResult>, SampleError> {
    let rows = svc.period_rows(p, period).map_err(err)?;
    let mut lines = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let status =
            if i % 40 == 39 { BankStatus::Failed("rekening tidak dapat dikreditkan".into()) } else { BankStatus::Paid };
        lines.push(BankResult {
            line: lines.len() + 2,
            reference: Some(r.reference.clone()),
            account: Some(r.account.clone()),
            amount: r.amount,
            date: on,
            status,
        });
        if double && i == 0 {
            lines.push(BankResult {
                line: lines.len() + 2,
                reference: Some(r.reference.clone()),
                account: Some(r.account.clone()),
                amount: r.amount,
                date: on + Days::new(1),
                status: BankStatus::Paid,
            });
        }
    }
    Ok(lines)
}
