//! `dtks bench`: measures the performance budgets on a generated register.
//! Whole-process figures come from child processes of this same binary, so
//! they include start-up and the open, as a user over SSH would see them.

pub mod audit;
pub mod cycle;
pub mod eligible;
pub mod encryption;
pub mod kills;
pub mod nonaktif;
pub mod serve;
pub mod tahap;
pub mod tui;
pub mod unsorted;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::cli::BenchArgs;
use crate::domain::names;
use crate::service::{Clock, Service};

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("{0}")]
    Failed(String),
    #[error(transparent)]
    Service(#[from] crate::service::ServiceError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

type Result<T> = std::result::Result<T, BenchError>;

/// How long the ranked name lookup is timed before its remaining queries
/// are skipped.
const RANKED_FOR: Duration = Duration::from_secs(60);

/// Peak resident memory of this process, read from /proc (Linux), in KiB.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

struct Child {
    wall: Duration,
    stdout: String,
    peak_kib: Option<u64>,
    /// Exit 0 (1 is a finding, as `dtks check`'s problems).
    ok: bool,
}

/// Runs this binary with `args`, asking it to report its peak RSS on exit.
fn child(args: &[&str]) -> Result<Child> {
    child_with(args, &[])
}

/// [`child`] with more environment.
fn child_with(args: &[&str], env: &[(&str, &str)]) -> Result<Child> {
    let exe = std::env::current_exe()?;
    let start = Instant::now();
    let mut cmd = Command::new(exe);
    cmd.args(args).env("DTKS_REPORT_RSS", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output()?;
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() && out.status.code() != Some(1) {
        return Err(BenchError::Failed(format!("dtks {} failed: {stderr}", args.join(" "))));
    }
    let peak_kib =
        stderr.lines().find_map(|l| l.strip_prefix("dtks-peak-rss-kib=")).and_then(|v| v.trim().parse().ok());
    Ok(Child { wall, stdout: String::from_utf8_lossy(&out.stdout).into_owned(), peak_kib, ok: out.status.success() })
}

/// Generates the sample of `--households` into `data` unless it is there.
fn ensure_sample(args: &BenchArgs, data: &Path) -> Result<()> {
    if !data.join("persons.csv").exists() {
        std::fs::create_dir_all(&args.dir)?;
        eprintln!("generating {} households…", args.households);
        let out = data.to_string_lossy().into_owned();
        child(&["sample", "--households", &args.households.to_string(), "--seed", "7", "--out", &out])?;
    }
    Ok(())
}

struct Row(String, String, String);

/// Figures as they are measured: each goes to stderr at once (so a failure
/// later keeps what was measured), and the table to stdout at the end.
#[derive(Default)]
struct Report(Vec<Row>);

impl Report {
    fn push(&mut self, row: Row) {
        eprintln!("{}: {} (budget {})", row.0, row.1, row.2);
        self.0.push(row);
    }
    fn print(&self) {
        println!("| measure | figure | budget |\n| --- | --- | --- |");
        for Row(k, v, b) in &self.0 {
            println!("| {k} | {v} | {b} |");
        }
    }
}

/// The value at fraction `p` (0–1) of sorted timings.
pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub(crate) fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// A fresh copy of `--dir/db` named `name` beside it, so a benchmark that
/// writes leaves the benchmark database as built: (source, copy).
fn work_copy(args: &BenchArgs, name: &str) -> Result<(PathBuf, PathBuf)> {
    let source = args.dir.join("db");
    let work = args.dir.join(name);
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    eprintln!("copying {} …", source.display());
    copy_dir(&source, &work)?;
    Ok((source, work))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), target)?;
        }
    }
    Ok(())
}

fn dir_size(p: &Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(p) else { return 0 };
    rd.flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// Every k-th data row's first columns of a CSV file (NIK, No. KK, name).
fn sample_rows(path: &Path, every: usize) -> Result<Vec<Vec<String>>> {
    let mut rdr = csv::ReaderBuilder::new()
        .from_path(path)
        .map_err(|e| BenchError::Failed(format!("{}: {e}", path.display())))?;
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| BenchError::Failed(format!("{}: {e}", path.display())))?;
        if i % every == 0 {
            out.push(rec.iter().take(3).map(|s| s.trim_start_matches('\u{feff}').to_string()).collect());
        }
    }
    Ok(out)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    percentile(&v, 0.5)
}

pub fn run(args: &BenchArgs) -> Result<()> {
    if args.cycle {
        return cycle::run(args);
    }
    if args.tui {
        return tui::run(args);
    }
    if args.tahap {
        return tahap::run(args);
    }
    if args.nonaktif {
        return nonaktif::run(args);
    }
    if args.eligible {
        return eligible::run(args);
    }
    if args.unsorted {
        return unsorted::run(args);
    }
    if args.serve {
        return serve::run(args);
    }
    if args.audit {
        return audit::run(args);
    }
    if args.encryption {
        return encryption::run(args);
    }
    if let Some(moments) = args.kills {
        return kills::run(args, moments);
    }
    let data = args.dir.join("data");
    let db = args.dir.join("db");
    let db_s = db.to_string_lossy().into_owned();
    let data_s = data.to_string_lossy().into_owned();
    let mut report = Report::default();
    if !args.reuse {
        if args.dir.exists() {
            std::fs::remove_dir_all(&args.dir)?;
        }
        std::fs::create_dir_all(&args.dir)?;
        let n = args.households.to_string();
        eprintln!("generating {n} households…");
        child(&["sample", "--households", &n, "--seed", "7", "--out", &data_s])?;
        // The register's tables first (what sqlite3 loads below, and the
        // issue's budget), then the rest of the sample on the register.
        eprintln!("importing…");
        let register: Vec<String> = ["households.csv", "persons.csv", "history.csv", "enrolments.csv"]
            .iter()
            .map(|f| data.join(f).to_string_lossy().into_owned())
            .collect();
        let mut cmd = vec!["--db", &db_s, "import"];
        cmd.extend(register.iter().map(String::as_str));
        let imp = child(&cmd)?;
        let persons = sample_rows(&data.join("persons.csv"), 1)?.len();
        let rate = persons as f64 / imp.wall.as_secs_f64();
        report.push(Row(
            "import of the register (households, persons, history, enrolments)".into(),
            format!("{persons} persons in {:.1} s = {rate:.0} persons/s", imp.wall.as_secs_f64()),
            "≥ 50,000/s".into(),
        ));
        report.push(Row(
            "import peak RSS".into(),
            format!("{} MiB", imp.peak_kib.unwrap_or(0) / 1024),
            "≤ 400 MB".into(),
        ));
        let rest = child(&["--db", &db_s, "import", &data_s])?;
        report.push(Row(
            "then the rest of the sample (cycle, tahap, deactivation files)".into(),
            format!("{:.1} s, peak RSS {} MiB", rest.wall.as_secs_f64(), rest.peak_kib.unwrap_or(0) / 1024),
            "—".into(),
        ));
        let sq = args.dir.join("bench.sqlite");
        let _ = std::fs::remove_file(&sq);
        let t = Instant::now();
        if ensure_sqlite(&args.dir, &data)?.is_some() {
            let wall = t.elapsed().as_secs_f64();
            let rows = persons + sample_rows(&data.join("households.csv"), 1)?.len();
            let sq_rate = rows as f64 / wall;
            report.push(Row(
                "`sqlite3` loading households.csv and persons.csv, three indexes".into(),
                format!(
                    "{rows} rows in {wall:.1} s = {sq_rate:.0} rows/s; dtks persons/s ÷ sqlite3 rows/s = {:.2}",
                    rate / sq_rate
                ),
                "—".into(),
            ));
        }
    }
    // Reopen: the first open after the import, then the median of five more.
    let mut opens = Vec::new();
    for _ in 0..6 {
        let t = Instant::now();
        let svc = Service::open(&db, false, Clock::System)?;
        opens.push(t.elapsed());
        drop(svc);
    }
    report.push(Row("reopen (first)".into(), ms(opens[0]), "≤ 150 ms".into()));
    report.push(Row("reopen (median of 5 more)".into(), ms(median(opens[1..].to_vec())), "≤ 150 ms".into()));

    let persons = sample_rows(&data.join("persons.csv"), 997)?;
    let svc = Service::open(&db, false, Clock::System)?;
    let store = svc.store();
    let (mut nik_t, mut kk_t) = id_lookups(store, &persons)?;
    nik_t.sort();
    kk_t.sort();
    report.push(Row(
        "NIK lookup p50 / p99".into(),
        format!("{} / {} ({} lookups)", ms(percentile(&nik_t, 0.5)), ms(percentile(&nik_t, 0.99)), nik_t.len()),
        "p99 ≤ 1 ms".into(),
    ));
    report.push(Row(
        "No. KK lookup p50 / p99".into(),
        format!("{} / {}", ms(percentile(&kk_t, 0.5)), ms(percentile(&kk_t, 0.99))),
        "p99 ≤ 1 ms".into(),
    ));

    // Name search as typed: the first word, then a prefix of the second.
    let mut name_t = name_searches(store, &persons)?;
    name_t.sort();
    report.push(Row(
        "name search, first 50 hits, p50 / p95".into(),
        format!("{} / {} ({} queries)", ms(percentile(&name_t, 0.5)), ms(percentile(&name_t, 0.95)), name_t.len()),
        "p95 ≤ 20 ms".into(),
    ));
    // `dtks lookup NAME` in-process: every match counted and ranked, the
    // best 50 reported; the whole given name of every tenth sampled person.
    let mut lookup_t = Vec::new();
    let mut most = 0;
    let how = crate::service::lookup::NameLookup::limited(50);
    // A common given name matches hundreds of thousands at ten million
    // persons: after a minute the queries left are skipped, and the row says
    // how many were timed.
    let started = Instant::now();
    let asked = persons.len().div_ceil(10);
    for row in persons.iter().step_by(10) {
        if started.elapsed() > RANKED_FOR && lookup_t.len() >= 20 {
            break;
        }
        let first = row[2].split_whitespace().next().unwrap_or_default();
        let t = Instant::now();
        let r = svc.lookup(&bench_actor(), first, &how, crate::i18n::Lang::Id)?;
        lookup_t.push(t.elapsed());
        most = most.max(r.total);
        if r.total == 0 {
            return Err(BenchError::Failed(format!("lookup '{first}' found nothing")));
        }
    }
    lookup_t.sort();
    report.push(Row(
        "name lookup ranked, true total, best 50, p50 / p95".into(),
        format!(
            "{} / {} ({} of {asked} queries, up to {most} matches)",
            ms(percentile(&lookup_t, 0.5)),
            ms(percentile(&lookup_t, 0.95)),
            lookup_t.len()
        ),
        "p95 ≤ 20 ms".into(),
    ));
    browse(&svc, &persons, &mut report)?;
    drop(svc);

    // Whole process: `dtks lookup NIK`, 20 runs.
    let mut walls = Vec::new();
    let mut peak = 0;
    for row in persons.iter().take(20) {
        let c = child(&["--db", &db_s, "lookup", &row[0]])?;
        peak = peak.max(c.peak_kib.unwrap_or(0));
        walls.push(c.wall);
        if !c.stdout.contains(&row[0]) {
            return Err(BenchError::Failed(format!("dtks lookup {} did not print it", row[0])));
        }
    }
    let dtks_med = median(walls);
    report.push(Row(
        "`dtks lookup NIK` whole process, median of 20".into(),
        format!("{} (of which open ≈ {})", ms(dtks_med), ms(median(opens[1..].to_vec()))),
        "—".into(),
    ));
    report.push(Row("memory to open and look up (peak RSS)".into(), format!("{} MiB", peak / 1024), "≤ 200 MB".into()));

    if let Some(sq) = sqlite_lookup(&args.dir, &data, &persons)? {
        report.push(Row(
            "`sqlite3` same lookup, median of 20".into(),
            format!("{} → dtks/sqlite3 = {:.2}×", ms(sq), dtks_med.as_secs_f64() / sq.as_secs_f64()),
            "goal ≤ 1×".into(),
        ));
    }

    let c = child(&["--db", &db_s, "check"])?;
    report.push(Row("`dtks check` whole process".into(), format!("{:.2} s", c.wall.as_secs_f64()), "—".into()));
    let sq = args.dir.join("bench.sqlite");
    let beside = match std::fs::metadata(&sq) {
        Ok(m) => format!(" (sqlite3's: {} MiB)", m.len() / (1024 * 1024)),
        Err(_) => String::new(),
    };
    report.push(Row("size on disk".into(), format!("{} MiB{beside}", dir_size(&db) / (1024 * 1024)), "—".into()));

    report.print();
    Ok(())
}

/// Loads the export CSVs into sqlite3 (when the tool is installed) once,
/// into `bench.sqlite` in `dir`; None when sqlite3 is not installed.
fn ensure_sqlite(dir: &Path, data: &Path) -> Result<Option<PathBuf>> {
    let sq: PathBuf = dir.join("bench.sqlite");
    if sq.exists() {
        return Ok(Some(sq));
    }
    // Tables named after the export's columns; the header row is skipped
    // (it carries a BOM that would otherwise name the first column).
    let cols = |kind: crate::formats::Kind| kind.header().join(" TEXT, ") + " TEXT";
    let script = format!(
        "CREATE TABLE households ({});\nCREATE TABLE persons ({});\n.import --csv --skip 1 {} households\n.import --csv --skip 1 {} persons\nCREATE INDEX p_nik ON persons(nik);\nCREATE INDEX p_kk ON persons(no_kk);\nCREATE INDEX h_kk ON households(no_kk);\n",
        cols(crate::formats::Kind::Households),
        cols(crate::formats::Kind::Persons),
        data.join("households.csv").display(),
        data.join("persons.csv").display()
    );
    let child = Command::new("sqlite3")
        .arg(&sq)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else { return Ok(None) };
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin.write_all(script.as_bytes())?;
    }
    let out = child.wait_with_output()?;
    if !out.status.success() || !out.stderr.is_empty() {
        let _ = std::fs::remove_file(&sq);
        return Err(BenchError::Failed(format!("sqlite3 import: {}", String::from_utf8_lossy(&out.stderr))));
    }
    Ok(Some(sq))
}

/// The same lookup in SQL: the person by NIK joined with their household.
fn sqlite_query(nik: &str) -> String {
    format!(
        "SELECT * FROM persons p JOIN households h ON h.no_kk = p.no_kk WHERE p.no_kk IN (SELECT no_kk FROM persons WHERE nik = '{nik}');"
    )
}

/// Times the lookup with the sqlite3 command, median of 20.
fn sqlite_lookup(dir: &Path, data: &Path, persons: &[Vec<String>]) -> Result<Option<Duration>> {
    let Some(sq) = ensure_sqlite(dir, data)? else { return Ok(None) };
    let mut walls = Vec::new();
    for row in persons.iter().take(20) {
        let t = Instant::now();
        let out = Command::new("sqlite3").arg(&sq).arg(sqlite_query(&row[0])).output()?;
        walls.push(t.elapsed());
        if !String::from_utf8_lossy(&out.stdout).contains(&row[0]) {
            return Err(BenchError::Failed(format!("sqlite3 did not find {}", row[0])));
        }
    }
    Ok(Some(median(walls)))
}

/// The household browser: `search()` on every keystroke of a name typed one
/// character at a time (first 50 lines, names, streets and kelurahan names
/// together), and the pages Home, End and PgDn read.
fn browse(svc: &Service, persons: &[Vec<String>], report: &mut Report) -> Result<()> {
    use crate::service::browse::Filter;
    let mut typed = Vec::new();
    // A prefix may find nothing while typed ('Moc' before 'Moch' folds to
    // 'muh'); the whole name must always be found.
    let mut empty = Vec::new();
    for row in persons.iter().take(100) {
        let name = &row[2];
        let mut q = String::new();
        let mut last_found = false;
        for c in name.chars() {
            q.push(c);
            if c == ' ' {
                continue;
            }
            let f = Filter { query: q.clone(), ..Filter::default() };
            let t = Instant::now();
            let page = svc.search(&bench_actor(), &f, 50)?;
            typed.push(t.elapsed());
            last_found = !page.lines.is_empty();
            if !last_found {
                empty.push(q.clone());
            }
        }
        if !last_found {
            return Err(BenchError::Failed(format!("browser search '{name}' found nothing")));
        }
    }
    typed.sort();
    report.push(Row(
        "browser search() as typed, 50 lines, p50 / p95".into(),
        format!(
            "{} / {} ({} keystrokes; {} typed prefixes found nothing{})",
            ms(percentile(&typed, 0.5)),
            ms(percentile(&typed, 0.95)),
            typed.len(),
            empty.len(),
            empty.first().map(|e| format!(", e.g. '{e}'")).unwrap_or_default()
        ),
        "a few ms (keystroke to frame ≤ 16 ms)".into(),
    ));

    let all = Filter::default();
    let mut paging = Vec::new();
    let t = Instant::now();
    let mut page = svc.page(&bench_actor(), &all, None, 50)?;
    paging.push(t.elapsed());
    for _ in 0..50 {
        let t = Instant::now();
        page = svc.page(&bench_actor(), &all, page.resume.as_deref(), 50)?;
        paging.push(t.elapsed());
    }
    let t = Instant::now();
    let end = svc.page_before(&bench_actor(), &all, None, 50)?;
    paging.push(t.elapsed());
    if end.lines.len() != 50 {
        return Err(BenchError::Failed("the last page of the register is not full".into()));
    }
    paging.sort();
    report.push(Row(
        "browser page of 50 (Home, 50× PgDn, End), p50 / max".into(),
        format!("{} / {}", ms(percentile(&paging, 0.5)), ms(percentile(&paging, 1.0))),
        "a few ms".into(),
    ));
    Ok(())
}

/// The bench runs as the local owner of its database: its operator.
/// Times of the NIK lookups (with their households) and No. KK lookups
/// of `persons`, unsorted.
fn id_lookups(store: &crate::store::Store, persons: &[Vec<String>]) -> Result<(Vec<Duration>, Vec<Duration>)> {
    let (mut nik_t, mut kk_t) = (Vec::new(), Vec::new());
    for row in persons {
        let t = Instant::now();
        let kks = store.kks_by_nik(&row[0])?;
        for kk in &kks {
            let _ = store.household(kk)?;
        }
        nik_t.push(t.elapsed());
        let t = Instant::now();
        let h = store.household(&row[1])?;
        kk_t.push(t.elapsed());
        if kks.is_empty() || h.is_none() {
            return Err(BenchError::Failed(format!("lookup of {} / {} found nothing", row[0], row[1])));
        }
    }
    Ok((nik_t, kk_t))
}

/// Times of name searches as typed, first 50 hits: each person's first
/// word's first four letters, then the first word and a prefix of the
/// second; unsorted.
fn name_searches(store: &crate::store::Store, persons: &[Vec<String>]) -> Result<Vec<Duration>> {
    let mut name_t = Vec::new();
    for row in persons {
        let words: Vec<&str> = row[2].split_whitespace().collect();
        let mut queries = vec![words[0].chars().take(4).collect::<String>()];
        if let Some(w) = words.get(1) {
            queries.push(format!("{} {}", words[0], w.chars().take(3).collect::<String>()));
        }
        for q in queries {
            let t = Instant::now();
            let hits = store.search_names(&names::fold_query(&q), 50)?;
            name_t.push(t.elapsed());
            if hits.is_empty() {
                return Err(BenchError::Failed(format!("name search '{q}' found nothing")));
            }
        }
    }
    Ok(name_t)
}

fn bench_actor() -> crate::service::Actor {
    crate::service::Actor::new("bench")
}
