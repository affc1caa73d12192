//! `--json` is the scripting interface: the same document under `--lang id`
//! and `--lang en` (but for `label`/`message` texts), and coded values as
//! the import files write them.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW, OFFICER, TODAY, sample_dir};

fn json(db: &Path, today: &str, lang: &str, args: &[&str]) -> Value {
    let out = Command::new(BIN)
        .env("DTKS_NOW", NOW)
        .env("DTKS_USER", OFFICER)
        .env_remove("DTKS_TODAY")
        .arg("--db")
        .arg(db)
        .args(["--today", today, "--lang", lang])
        .args(args)
        .arg("--json")
        .stdin(Stdio::null())
        .output()
        .expect("run dtks");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// The document without its texts for people.
fn without_texts(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| *k != "label" && *k != "message")
                .map(|(k, v)| (k.clone(), without_texts(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_texts).collect()),
        other => other.clone(),
    }
}

/// The first row of a sample CSV as column → cell.
fn first_row(file: &str) -> serde_json::Map<String, Value> {
    let mut r = csv::Reader::from_path(sample_dir().join(file)).unwrap();
    let header: Vec<String> =
        r.headers().unwrap().iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
    let rec = r.records().next().unwrap().unwrap();
    header.into_iter().zip(rec.iter().map(|c| Value::String(c.to_string()))).collect()
}

#[test]
fn json_is_the_same_in_both_languages_and_uses_the_import_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let out =
        Command::new(BIN).env("DTKS_NOW", NOW).arg("--db").arg(&db).arg("import").arg(sample_dir()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let household = first_row("households.csv");
    let kk = household["no_kk"].as_str().unwrap().to_string();
    let person = first_row("persons.csv");
    let nik = person["nik"].as_str().unwrap().to_string();
    let queue = json(&db, TODAY, "id", &["verval", "queue"]);
    let visited = queue["waiting_pengesahan"][0]["no_kk"].as_str().unwrap().to_string();

    let commands: Vec<(&str, Vec<&str>)> = vec![
        (TODAY, vec!["lookup", &kk]),
        (TODAY, vec!["lookup", &nik]),
        (TODAY, vec!["lookup", "Saputra"]),
        (TODAY, vec!["duplicates"]),
        (TODAY, vec!["stats"]),
        (TODAY, vec!["usulan", "list"]),
        (TODAY, vec!["muskel", "list"]),
        // Long after the sample's last Muskel: every kelurahan is due.
        ("2027-06-01", vec!["muskel", "due"]),
        (TODAY, vec!["verval", "queue"]),
        (TODAY, vec!["verval", "drafts"]),
        (TODAY, vec!["verval", "show", &visited]),
    ];
    let mut all = String::new();
    for (today, args) in &commands {
        let id = json(&db, today, "id", args);
        let en = json(&db, today, "en", args);
        assert_ne!(id, Value::Array(vec![]), "{args:?} gave nothing to compare");
        assert_eq!(without_texts(&id), without_texts(&en), "{args:?} differs between --lang id and en");
        all.push_str(&id.to_string());
    }
    // Texts for people do follow the language where there are any.
    let id = json(&db, TODAY, "id", &["usulan", "list"]);
    let en = json(&db, TODAY, "en", &["usulan", "list"]);
    assert_ne!(id, en, "deadline messages are in the user's language");

    // A household and a person are their CSV rows, cell for cell.
    let found = json(&db, TODAY, "en", &["lookup", &kk]);
    let h = found["households"][0].as_object().unwrap();
    for (column, cell) in &household {
        assert_eq!(h.get(column), Some(cell), "households.csv column {column}");
    }
    let found = json(&db, TODAY, "en", &["lookup", &nik]);
    let members = found["households"][0]["anggota"].as_array().unwrap();
    let p = members.iter().find(|m| m["nik"] == nik.as_str()).unwrap().as_object().unwrap();
    for (column, cell) in &person {
        assert_eq!(p.get(column), Some(cell), "persons.csv column {column}");
    }
    assert!(all.contains("\"JKN-PBI\"") && all.contains("\"kepala\"") && all.contains("\"disetujui\""), "{all}");
    assert!(all.contains("\"mandiri\"") && all.contains("\"aktif\""), "{all}");
    for rust_name in
        ["\"PlnMetered\"", "\"JknPbi\"", "\"Cement\"", "\"Head\"", "\"Agreed\"", "\"SelfProposal\"", "\"Active\""]
    {
        assert!(!all.contains(rust_name), "{rust_name} in --json output");
    }
}
