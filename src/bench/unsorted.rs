//! `dtks bench --unsorted`: the memory of importing tables that are not in
//! No. KK order (a file sorted by name in Excel, say), which the import
//! sorts through runs spilled to disk. The generated households and
//! persons tables of `--dir/data` are shuffled into `--dir/unsorted`, and
//! both orders are imported into fresh databases in the same run, so the
//! two figures compare.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use crate::bench::{BenchError, Report, Row, child, dir_size};
use crate::cli::BenchArgs;

type Result<T> = std::result::Result<T, BenchError>;

const TABLES: [&str; 2] = ["households.csv", "persons.csv"];

pub fn run(args: &BenchArgs) -> Result<()> {
    let data = args.dir.join("data");
    crate::bench::ensure_sample(args, &data)?;
    let unsorted = args.dir.join("unsorted");
    std::fs::create_dir_all(&unsorted)?;
    for t in TABLES {
        eprintln!("shuffling {t}…");
        shuffle(&data.join(t), &unsorted.join(t))?;
    }
    let mut report = Report::default();
    for (label, from) in [("in No. KK order", &data), ("shuffled", &unsorted)] {
        let db = args.dir.join("db-order-test");
        if db.exists() {
            std::fs::remove_dir_all(&db)?;
        }
        let files: Vec<String> = TABLES.iter().map(|t| from.join(t).to_string_lossy().into_owned()).collect();
        let size: u64 = TABLES.iter().map(|t| dir_size_of(&from.join(t))).sum();
        eprintln!("importing the tables {label}…");
        let db_s = db.to_string_lossy().into_owned();
        let mut argv = vec!["--db", db_s.as_str(), "import"];
        argv.extend(files.iter().map(String::as_str));
        let imp = child(&argv)?;
        let peak = imp.peak_kib.unwrap_or(0) / 1024;
        report.push(Row(
            format!("import of households.csv + persons.csv {label} ({} MB)", size / 1_000_000),
            format!(
                "{:.1} s, peak RSS {peak} MiB ({:.2}× the files), database {} MB",
                imp.wall.as_secs_f64(),
                (peak as f64 * 1_048_576.0) / size as f64,
                dir_size(&db) / 1_000_000
            ),
            "≤ 400 MB".into(),
        ));
        std::fs::remove_dir_all(&db)?;
    }
    report.print();
    Ok(())
}

fn dir_size_of(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

/// The header, then the data lines in a fixed pseudo-random order (the
/// generated tables have no line breaks inside fields).
fn shuffle(from: &Path, to: &Path) -> Result<()> {
    let mut lines = BufReader::new(std::fs::File::open(from)?).lines();
    let header = lines.next().transpose()?.unwrap_or_default();
    let mut rows: Vec<String> = lines.collect::<std::io::Result<_>>()?;
    // Fisher–Yates with a fixed xorshift: the same order every run.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..rows.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        rows.swap(i, (x % (i as u64 + 1)) as usize);
    }
    let mut w = BufWriter::new(std::fs::File::create(to)?);
    writeln!(w, "{header}")?;
    for r in &rows {
        writeln!(w, "{r}")?;
    }
    w.flush()?;
    Ok(())
}
