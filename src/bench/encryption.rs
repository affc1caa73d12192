//! `dtks bench --encryption`: the same register plain and encrypted, side
//! by side in one run, against each budget that encryption touches.

use std::time::{Duration, Instant};

use super::{
    Result, bench_actor, child, child_with, dir_size, id_lookups, median, ms, name_searches, percentile, sample_rows,
};
use crate::cli::BenchArgs;
use crate::service::{Clock, Service};
use crate::store::Secret;

const PASS: &str = "bench-passphrase-2026";

/// One register's figures, in the order of [`MEASURES`].
struct Figures(Vec<String>);

const MEASURES: [(&str, &str); 10] = [
    ("import, persons/s", "≥ 50,000/s"),
    ("import peak RSS", "≤ 400 MB"),
    ("reopen (first after import)", "≤ 150 ms"),
    ("reopen (median of 5 more)", "≤ 150 ms"),
    ("NIK lookup p50 / p99", "p99 ≤ 1 ms"),
    ("No. KK lookup p50 / p99", "p99 ≤ 1 ms"),
    ("name search, first 50 hits, p50 / p95", "p95 ≤ 20 ms"),
    ("name lookup ranked, true total, p50 / p95", "p95 ≤ 20 ms"),
    ("`dtks lookup NIK` whole process, median of 10; peak RSS", "≤ 200 MB"),
    ("size on disk", "—"),
];

pub fn run(args: &BenchArgs) -> Result<()> {
    let data = args.dir.join("data");
    let data_s = data.to_string_lossy().into_owned();
    if !data.join("persons.csv").is_file() {
        std::fs::create_dir_all(&args.dir)?;
        let n = args.households.to_string();
        eprintln!("generating {n} households…");
        child(&["sample", "--households", &n, "--seed", "7", "--out", &data_s])?;
    }
    let persons = sample_rows(&data.join("persons.csv"), 1)?.len();
    let sampled = sample_rows(&data.join("persons.csv"), 997)?;
    let mut columns = Vec::new();
    for encrypted in [false, true] {
        let db = args.dir.join(if encrypted { "db-encrypted" } else { "db-plain" });
        if db.exists() {
            std::fs::remove_dir_all(&db)?;
        }
        let db_s = db.to_string_lossy().into_owned();
        let env: &[(&str, &str)] = if encrypted { &[("DTKS_PASSPHRASE", PASS)] } else { &[] };
        crate::store::set_process_secret(encrypted.then(|| Secret::Passphrase(PASS.into())));
        eprintln!("{}: importing…", if encrypted { "encrypted" } else { "plain" });
        // An empty encrypted register, with no users (as the plain one).
        if encrypted {
            crate::service::encryption::create(&db, &Secret::Passphrase(PASS.into()))?;
        }
        let imp = child_with(&["--db", &db_s, "import", &data_s], env)?;
        columns.push(measure(&db, &db_s, env, persons, &sampled, imp.wall, imp.peak_kib.unwrap_or(0))?);
    }
    crate::store::set_process_secret(None);
    println!("{persons} persons, {} households\n", args.households);
    println!("| measure | plain | encrypted | budget |\n| --- | --- | --- | --- |");
    for (i, (what, budget)) in MEASURES.iter().enumerate() {
        println!("| {what} | {} | {} | {budget} |", columns[0].0[i], columns[1].0[i]);
    }
    Ok(())
}

fn p(sorted: &mut [Duration], a: f64, b: f64) -> String {
    sorted.sort();
    format!("{} / {}", ms(percentile(sorted, a)), ms(percentile(sorted, b)))
}

fn measure(
    db: &std::path::Path,
    db_s: &str,
    env: &[(&str, &str)],
    persons: usize,
    sampled: &[Vec<String>],
    import: Duration,
    import_kib: u64,
) -> Result<Figures> {
    let mut f = Vec::new();
    f.push(format!("{:.0} ({:.1} s)", persons as f64 / import.as_secs_f64(), import.as_secs_f64()));
    f.push(format!("{} MiB", import_kib / 1024));
    let mut opens = Vec::new();
    for _ in 0..6 {
        let t = Instant::now();
        drop(Service::open(db, false, Clock::System)?);
        opens.push(t.elapsed());
    }
    f.push(ms(opens[0]));
    f.push(ms(median(opens[1..].to_vec())));
    let svc = Service::open(db, false, Clock::System)?;
    let store = svc.store();
    let (mut nik_t, mut kk_t) = id_lookups(store, sampled)?;
    f.push(p(&mut nik_t, 0.5, 0.99));
    f.push(p(&mut kk_t, 0.5, 0.99));
    f.push(p(&mut name_searches(store, sampled)?, 0.5, 0.95));
    let mut lookup_t = Vec::new();
    let how = crate::service::lookup::NameLookup::limited(50);
    for row in sampled.iter().step_by(10) {
        let first = row[2].split_whitespace().next().unwrap_or_default();
        let t = Instant::now();
        svc.lookup(&bench_actor(), first, &how, crate::i18n::Lang::Id)?;
        lookup_t.push(t.elapsed());
    }
    f.push(p(&mut lookup_t, 0.5, 0.95));
    drop(svc);
    let (mut walls, mut peak) = (Vec::new(), 0);
    for row in sampled.iter().take(10) {
        let c = child_with(&["--db", db_s, "lookup", &row[0]], env)?;
        peak = peak.max(c.peak_kib.unwrap_or(0));
        walls.push(c.wall);
    }
    f.push(format!("{}; {} MiB", ms(median(walls)), peak / 1024));
    f.push(format!("{} MiB", dir_size(db) / (1024 * 1024)));
    Ok(Figures(f))
}
