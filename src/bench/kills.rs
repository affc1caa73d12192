//! `dtks bench --kills N`: an import of the register into an empty database
//! killed (SIGKILL) at N moments spread at random over a whole import's
//! time. Each time the register must be as it was (no household) or whole
//! (every household), never in between, and `dtks check` must pass; then
//! the same rows imported again must change nothing.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::bench::{BenchError, Report, Row, child};
use crate::cli::BenchArgs;
use crate::service::{Clock, Service};

type Result<T> = std::result::Result<T, BenchError>;

const TABLES: [&str; 4] = ["households.csv", "persons.csv", "history.csv", "enrolments.csv"];

pub fn run(args: &BenchArgs, moments: usize) -> Result<()> {
    let data = args.dir.join("data");
    crate::bench::ensure_sample(args, &data)?;
    let db = args.dir.join("db-kills");
    let db_s = db.to_string_lossy().into_owned();
    let files: Vec<String> = TABLES.iter().map(|t| data.join(t).to_string_lossy().into_owned()).collect();
    let mut argv = vec!["--db", db_s.as_str(), "import"];
    argv.extend(files.iter().map(String::as_str));
    let fresh = || -> Result<()> {
        if db.exists() {
            std::fs::remove_dir_all(&db)?;
        }
        Ok(())
    };

    fresh()?;
    eprintln!("a whole import, to learn how long one takes…");
    let whole = child(&argv)?.wall;
    let all = households(&db)?;
    fresh()?;

    let exe = std::env::current_exe()?;
    let mut x: u64 = 0x2545_f491_4f6c_dd1d ^ moments as u64;
    let (mut none, mut whole_seen) = (0, 0);
    let mut undo = Vec::new();
    for i in 0..moments {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let at = whole.mul_f64((x % 10_000) as f64 / 10_000.0);
        let mut c = Command::new(&exe).args(&argv).stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
        std::thread::sleep(at);
        let _ = c.kill();
        c.wait()?;
        // The next open undoes a merge the kill interrupted: timed.
        let t = Instant::now();
        let n = households(&db)?;
        undo.push(t.elapsed());
        let check = child(&["--db", &db_s, "check"])?;
        let passed = if check.ok { "passed" } else { "FAILED" };
        eprintln!("kill {} at {:.2} s: {n} households; check {passed}", i + 1, at.as_secs_f64());
        if !check.ok || (n != 0 && n != all) {
            return Err(BenchError::Failed(format!(
                "killed at {:.2} s: {n} households of {all}, check {passed}: {}",
                at.as_secs_f64(),
                check.stdout
            )));
        }
        if n == 0 {
            none += 1;
        } else {
            whole_seen += 1;
            fresh()?;
        }
    }
    // Once more to the end, then again: the second changes nothing.
    fresh()?;
    child(&argv)?;
    let again = child(&argv)?;
    let unchanged = again.stdout.contains(" 0 households") || again.stdout.contains(" 0 keluarga");
    undo.sort();
    let mut report = Report::default();
    report.push(Row(
        format!("import of {all} households killed at {moments} random moments of its {:.1} s", whole.as_secs_f64()),
        format!("{none} times as before (no household), {whole_seen} times whole; `dtks check` passed every time"),
        "as before or whole".into(),
    ));
    report.push(Row(
        "the open after a kill (undoing an interrupted merge), slowest".into(),
        format!("{:.0} ms", undo.last().copied().unwrap_or(Duration::ZERO).as_secs_f64() * 1000.0),
        "—".into(),
    ));
    report.push(Row(
        "the same rows imported again".into(),
        if unchanged { "nothing changed".into() } else { format!("changed: {}", again.stdout.trim()) },
        "nothing changes".into(),
    ));
    report.print();
    let _ = std::fs::remove_dir_all(&db);
    Ok(())
}

fn households(db: &std::path::Path) -> Result<u64> {
    let svc = Service::open(db, false, Clock::System)?;
    Ok(svc.store().household_count()?)
}
