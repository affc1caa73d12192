//! A household with a row that cannot be read is rejected whole: the row's
//! own reason first, then each of the household's other rows marked as
//! following it, so the cause is never hidden and nothing imports short.

use std::path::Path;
use std::process::{Command, Output, Stdio};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW, sample_dir};

fn dtks(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .env("DTKS_NOW", NOW)
        .env("DTKS_USER", "uji")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run dtks")
}

/// `dir/data` with the sample's households file, and the sample's person
/// lines to change and write beside it.
fn households_and_person_lines(dir: &Path) -> (std::path::PathBuf, Vec<String>) {
    let data = dir.join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::copy(sample_dir().join("households.csv"), data.join("households.csv")).unwrap();
    let text = std::fs::read_to_string(sample_dir().join("persons.csv")).unwrap();
    (data, text.lines().map(String::from).collect())
}

#[test]
fn a_malformed_nik_rejects_its_household_whole_with_the_cause_first() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for f in ["households.csv", "history.csv"] {
        std::fs::copy(sample_dir().join(f), data.join(f)).unwrap();
    }
    let text = std::fs::read_to_string(sample_dir().join("persons.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // The second member of the first household that has at least three.
    let kk_of = |l: &str| l.split(',').nth(1).unwrap().to_string();
    let start = (1..lines.len() - 2).find(|&i| (0..3).all(|d| kk_of(&lines[i + d]) == kk_of(&lines[i]))).unwrap();
    let kk = kk_of(&lines[start]);
    let members: Vec<usize> = (1..lines.len()).filter(|&i| kk_of(&lines[i]) == kk).collect();
    let bad = members[1];
    let mut f: Vec<String> = lines[bad].split(',').map(String::from).collect();
    f[0] = "31750312".into();
    lines[bad] = f.join(",");
    std::fs::write(data.join("persons.csv"), lines.join("\n") + "\n").unwrap();

    let db = tmp.path().join("db");
    let out = dtks(&db, &["--lang", "en", "import", data.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    // The household is not imported at all, not even short of a member.
    let found = dtks(&db, &["lookup", &kk]);
    assert_eq!(found.status.code(), Some(1), "{}", String::from_utf8_lossy(&found.stdout));

    let line = bad as u64 + 1;
    let rejects = std::fs::read_to_string(data.join("persons.rejects.csv")).unwrap();
    let rows: Vec<&str> = rejects.lines().skip(1).collect();
    assert_eq!(rows.len(), members.len(), "{rejects}");
    assert!(rows[0].contains("31750312") && rows[0].contains(&format!("line {line}:")), "cause first: {rejects}");
    let follow = format!("because line {line} of");
    for r in &rows[1..] {
        assert!(r.contains(&kk) && r.contains(&follow), "{r}");
    }
    let hh = std::fs::read_to_string(data.join("households.rejects.csv")).unwrap();
    assert_eq!(hh.lines().count(), 2, "{hh}");
    assert!(hh.contains(&kk) && hh.contains(&follow), "{hh}");
    // In the report too, the cause comes before what follows from it.
    let cause_at = report.find("31750312").or_else(|| report.find(&format!("line {line}: "))).unwrap();
    let follow_at = report.find(&follow).unwrap();
    assert!(cause_at < follow_at, "{report}");
    assert!(!report.contains("has no head"), "{report}");
}

#[test]
fn an_identical_person_row_is_read_once_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, mut lines) = households_and_person_lines(tmp.path());
    let kk = lines[1].split(',').nth(1).unwrap().to_string();
    let members = lines.iter().filter(|l| l.split(',').nth(1) == Some(kk.as_str())).count();
    lines.insert(2, lines[1].clone());
    std::fs::write(data.join("persons.csv"), lines.join("\n") + "\n").unwrap();
    let db = tmp.path().join("db");
    for (lang, words) in [("en", "line 3: the same as line 2 of"), ("id", "baris 3: sama persis dengan baris 2")] {
        let out = dtks(&db, &["--lang", lang, "import", data.to_str().unwrap()]);
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(said.contains(words), "{said}");
    }
    let out = dtks(&db, &["lookup", "--json", &kk]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["households"][0]["anggota"].as_array().unwrap().len(), members);
}

/// A file that repeats one No. KK beyond any household (a column pasted
/// down, say) is rejected row by row with the limit, never held whole,
/// and the households around it still import.
#[test]
fn a_no_kk_repeated_past_the_limit_is_rejected_with_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, mut lines) = households_and_person_lines(tmp.path());
    let first = lines[1].clone();
    let kk = first.split(',').nth(1).unwrap().to_string();
    // 5,001 more rows of the first household after its own.
    let end = (1..lines.len()).find(|&i| !lines[i].contains(&kk)).unwrap();
    let copies = std::iter::repeat_n(first, 5_001);
    lines.splice(end..end, copies);
    std::fs::write(data.join("persons.csv"), lines.join("\n") + "\n").unwrap();

    let db = tmp.path().join("db");
    let out = dtks(&db, &["--lang", "en", "import", data.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    let rejects = std::fs::read_to_string(data.join("persons.rejects.csv")).unwrap();
    let rows: Vec<&str> = rejects.lines().skip(1).collect();
    assert!(rows.len() > 5_000, "{} rows rejected", rows.len());
    assert!(rows.iter().all(|r| r.contains(&kk) && r.contains("more than 5000 rows")), "{}", rows[0]);
    assert_eq!(dtks(&db, &["lookup", &kk]).status.code(), Some(1), "the household is not imported");
    // The next household of the file is.
    let next_kk = lines[end + 5_001].split(',').nth(1).unwrap();
    assert_eq!(dtks(&db, &["lookup", next_kk]).status.code(), Some(0));
}
