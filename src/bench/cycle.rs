//! `dtks bench --cycle`: the verification cycle's budgets on the big
//! benchmark database — opening the visit form, saving a draft field
//! (flushed), and pengesahan of 10,000 findings with their audit events.
//! Runs on a copy of `--dir/db`, so the benchmark database stays as built.

use std::time::Instant;

use crate::bench::{BenchError, ms, percentile as pct, work_copy};
use crate::cli::BenchArgs;
use crate::domain::Programme;
use crate::domain::stage::{Letter, Verification};
use crate::domain::visit::{FieldId, HouseholdField, MemberField, VisitForm};
use crate::service::verval::VisitRecord;
use crate::service::{Actor, Clock, Service};
use crate::store::{AuditDraft, RecordPuts, kinds, record_id};

type Result<T> = std::result::Result<T, BenchError>;

const RATIFIED: usize = 10_000;

fn member(index: usize, field: MemberField) -> FieldId {
    FieldId::Member { index, field }
}

pub fn run(args: &BenchArgs) -> Result<()> {
    let (source, work) = work_copy(args, "db-cycle")?;
    let svc = Service::open(&work, false, Clock::System)?;
    let officer = Actor::new("petugas1");
    let households = svc.store().households_after(None, RATIFIED + 20)?;
    if households.len() < RATIFIED + 20 {
        return Err(BenchError::Failed(format!("{} has fewer than {} households", source.display(), RATIFIED + 20)));
    }
    let (ratified, opened) = households.split_at(RATIFIED);

    // Opening the form: the register's household read, a draft record written.
    let mut open_t = Vec::new();
    let mut first = None;
    for h in opened {
        let t = Instant::now();
        let s = svc.open_visit(&h.no_kk, Programme::Klj, &officer)?;
        open_t.push(t.elapsed());
        first.get_or_insert(s.form.id);
    }
    open_t.sort();
    let id = first.ok_or_else(|| BenchError::Failed("no visit opened".into()))?;

    // A draft save after each field change, flushed before it returns.
    let mut save_t = Vec::new();
    for i in 0..500 {
        let text = if i % 2 == 0 { "pedagang" } else { "buruh" };
        let t = Instant::now();
        svc.save_draft_field(id, member(0, MemberField::Occupation), text, &officer)?;
        save_t.push(t.elapsed());
    }
    save_t.sort();

    // 10,000 finalised visits (written directly), then one pengesahan.
    let today = svc.today();
    let now = svc.now();
    let period = svc.current_period(Programme::Klj)?;
    let visit_date = today.format("%d-%m-%Y").to_string();
    let mut ids = Vec::with_capacity(RATIFIED);
    for chunk in ratified.chunks(1000) {
        let mut puts = RecordPuts::new();
        for h in chunk {
            let vid = svc.store().new_id()?;
            let mut f = VisitForm::start(vid, h, &period.id(), "petugas1", now);
            let edit = |f: &mut VisitForm, field, text: &str| {
                f.edit(field, text, now).map_err(|e| BenchError::Failed(format!("KK {}: {e:?}", h.no_kk)))
            };
            edit(&mut f, FieldId::Household(HouseholdField::VisitDate), &visit_date)?;
            for i in 0..h.members.len() {
                edit(&mut f, member(i, MemberField::Presence), "ditemukan")?;
                edit(&mut f, member(i, MemberField::Finding), "layak")?;
            }
            // One member found a civil servant: the JKN-PBI cascade applies.
            edit(&mut f, member(0, MemberField::Finding), "tidak_layak")?;
            edit(&mut f, member(0, MemberField::NotEligible), "5")?;
            edit(&mut f, member(0, MemberField::Programmes), "JKN-PBI")?;
            let mut v = Verification::new(vid, &f, "petugas1", today);
            let stage = |e| BenchError::Failed(format!("KK {}: {e:?}", h.no_kk));
            v.submit(&period, &f, "petugas1", today).map_err(stage)?;
            v.finalise("supervisor", today).map_err(stage)?;
            let rec = VisitRecord { verification: v, officer: "petugas1".into(), applied: vec![] };
            puts.put(kinds::VISIT, &record_id(vid), &f)?;
            puts.put(kinds::VERIFICATION, &record_id(vid), &rec)?;
            puts.put(kinds::VISIT_BY_KK, &format!("{}{}", h.no_kk, record_id(vid)), &())?;
            ids.push(vid);
        }
        svc.store().write_records(
            puts,
            &AuditDraft { at: now, user: "bench".into(), action: "bench".into(), origin: String::new() },
        )?;
    }
    let letter = Letter { number: "460/1/BENCH".into(), date: today };
    let t = Instant::now();
    let report = svc.ratify(&ids, &letter, &Actor::new("supervisor"))?;
    let ratify_t = t.elapsed();
    drop(svc);
    std::fs::remove_dir_all(&work)?;

    println!("| measure | figure | budget |\n| --- | --- | --- |");
    println!(
        "| open the visit form (20 households), p50 / max | {} / {} | ≤ 50 ms |",
        ms(pct(&open_t, 0.5)),
        ms(pct(&open_t, 1.0))
    );
    println!(
        "| save a draft field, flushed (500 saves), p50 / p99 / max | {} / {} / {} | p99 ≤ 20 ms |",
        ms(pct(&save_t, 0.5)),
        ms(pct(&save_t, 0.99)),
        ms(pct(&save_t, 1.0))
    );
    println!(
        "| pengesahan of {RATIFIED} findings ({} batches, {} households changed, audited) | {:.2} s | ≤ 5 s |",
        report.batches,
        report.households_changed,
        ratify_t.as_secs_f64()
    );
    Ok(())
}
