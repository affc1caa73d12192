//! The verification cycle's commands end to end on the sample register:
//! usulan, muskel and verval listings (text, --json, exit codes), the
//! Berita Acara files, the upload export, the cycle file's round trip and
//! the demo database's queues.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use chrono::NaiveDate;
use dtks::i18n::Lang;
use dtks::service::cycle_io::{CycleRecord, read_cycle_file};
use dtks::service::{Actor, Clock, Service};
use dtks::testkit;

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW, OFFICER, TODAY, clock, sample_dir};

fn dtks(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .env("DTKS_NOW", NOW)
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .env("DTKS_USER", OFFICER)
        .env_remove("DTKS_TODAY")
        .stdin(Stdio::null())
        .output()
        .expect("run dtks")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn imported() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let out = dtks(&db, &["import", sample_dir().to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    (tmp, db)
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

fn sample_records() -> Vec<CycleRecord> {
    read_cycle_file(&sample_dir().join("cycle.jsonl")).unwrap()
}

#[test]
fn listings_in_text_and_json_with_exit_codes() {
    let (_tmp, db) = imported();
    let records = sample_records();
    let n_usulan = records.iter().filter(|r| matches!(r, CycleRecord::Usulan(_))).count();

    let out = dtks(&db, &["usulan", "list"]);
    assert_eq!(out.status.code(), Some(0));
    let t = text(&out.stdout);
    assert!(t.starts_with(&format!("{n_usulan} usulan")), "{t}");
    assert!(t.contains("Usulan mandiri") && t.contains("layak otomatis sejak") && t.contains("sisa "), "{t}");
    let out = dtks(&db, &["--lang", "en", "usulan", "list", "--json"]);
    let v = json(&out);
    assert_eq!(v.as_array().unwrap().len(), n_usulan);
    assert!(v[0]["usulan"]["no_kk"].is_string() && !v[0]["deadline"].is_null(), "{v}");

    let out = dtks(&db, &["muskel", "list"]);
    assert_eq!(out.status.code(), Some(0));
    let t = text(&out.stdout);
    assert!(t.starts_with("2 musyawarah kelurahan") && t.contains("001/BA-MUSKEL/2026"), "{t}");
    assert_eq!(json(&dtks(&db, &["muskel", "list", "--json"])).as_array().unwrap().len(), 2);

    // The later Muskel was 4 days before as_of: nothing due then; overdue
    // from the day after three months later.
    let out = dtks(&db, &["muskel", "due"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let last =
        records.iter().filter_map(|r| if let CycleRecord::Muskel(m) = r { Some(m.date) } else { None }).max().unwrap();
    let due_day = dtks::domain::muskel::next_due(last);
    let on = |d: NaiveDate| {
        Command::new(BIN)
            .env("DTKS_NOW", NOW)
            .arg("--db")
            .arg(&db)
            .args(["--today", &d.to_string(), "muskel", "due", "--json"])
            .output()
            .unwrap()
    };
    assert_eq!(on(due_day).status.code(), Some(1));
    let out = on(due_day.succ_opt().unwrap());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)[0]["kelurahan"], "31.75.03.1001");

    let out = dtks(&db, &["verval", "queue"]);
    assert_eq!(out.status.code(), Some(0));
    let t = text(&out.stdout);
    for head in [
        "Perlu dikunjungi",
        "Konsep milik petugas.sari",
        "Dikembalikan ke",
        "Menunggu finalisasi",
        "Menunggu pengesahan",
        "Usulan mandiri",
    ] {
        assert!(t.contains(head), "{head}: {t}");
    }
    assert!(t.contains("Foto rumah belum dilampirkan"), "{t}");
    let q = json(&dtks(&db, &["verval", "queue", "--json"]));
    for k in ["to_visit", "drafts", "returned", "waiting_finalisation", "waiting_pengesahan", "self_proposals"] {
        assert!(!q[k].as_array().unwrap().is_empty(), "{k} empty");
    }

    let out = dtks(&db, &["verval", "drafts", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let drafts = json(&out);
    assert!(drafts.as_array().unwrap().iter().all(|l| l["officer"] == OFFICER));
    // Another user has none.
    let out = dtks(&db, &["--user", "orang.lain", "verval", "drafts"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));

    let kk = q["waiting_pengesahan"][0]["no_kk"].as_str().unwrap().to_string();
    let out = dtks(&db, &["--lang", "en", "verval", "show", &kk]);
    assert_eq!(out.status.code(), Some(0));
    let t = text(&out.stdout);
    assert!(t.contains(&kk) && t.contains("Finalised") && t.contains("supervisor.rina"), "{t}");
    let v = json(&dtks(&db, &["verval", "show", &kk, "--json"]));
    assert_eq!(v[0]["form"]["no_kk"], kk.as_str());
    let out = dtks(&db, &["verval", "show", "3175039999999999"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn berita_acara_files_and_upload_export() {
    let (tmp, db) = imported();
    let id =
        sample_records().iter().find_map(|r| if let CycleRecord::Muskel(m) = r { Some(m.id) } else { None }).unwrap();
    let md = tmp.path().join("ba.md");
    let out = dtks(&db, &["muskel", "berita-acara", &id.to_string(), "--out", md.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let m = std::fs::read_to_string(&md).unwrap();
    assert!(
        m.starts_with("# BERITA ACARA MUSYAWARAH KELURAHAN") && m.contains("Hendra Gunawan") && !m.contains("<html"),
        "{m}"
    );
    // It ends with the place, the date and a signature line for each who signed.
    let sign = &m[m.find("Demikian berita acara").unwrap()..];
    assert!(sign.contains("\nKampung Melayu, 13 Agustus 2026\n\n### Yang menandatangani\n"), "{sign}");
    assert!(sign.contains("| 1 | Hendra Gunawan | Lurah/aparatur kelurahan | 1. ______________________ |"), "{sign}");
    assert!(sign.contains("| 2 | Nur Aisyah | LMK | 2. ______________________ |"), "{sign}");
    assert!(sign.contains("| 3 | Bambang Sutrisno | Pengurus RW, RW 03 | 3. ______________________ |"), "{sign}");
    let html = tmp.path().join("ba.html");
    assert!(dtks(&db, &["muskel", "berita-acara", &id.to_string(), "--out", html.to_str().unwrap()]).status.success());
    let h = std::fs::read_to_string(&html).unwrap();
    assert!(h.starts_with("<!DOCTYPE html>") && h.contains("Hendra Gunawan"), "{h}");
    let bad = tmp.path().join("ba.pdf");
    let out = dtks(&db, &["muskel", "berita-acara", &id.to_string(), "--out", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(".html"), "{}", text(&out.stderr));
    assert!(!bad.exists());
    let out = dtks(&db, &["muskel", "berita-acara", "999999", "--out", md.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));

    // Last month's period holds finalised and ratified visits: the upload
    // file takes the ratified ones and says how many finalised it left out.
    let up = tmp.path().join("up");
    let out = dtks(&db, &["verval", "export", "--period", "2026-10", "--out", up.to_str().unwrap(), "--xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.starts_with("11 baris (per jiwa) ditulis: 11 disahkan\n"), "{said}");
    assert!(said.contains("Tidak dimuat: 10 difinalisasi belum disahkan; --with-finalised"), "{said}");
    let read = |path: &Path| -> (Vec<String>, Vec<csv::StringRecord>) {
        let mut r = csv::Reader::from_path(path).unwrap();
        let header = r.headers().unwrap().iter().map(str::to_string).collect();
        (header, r.records().map(|x| x.unwrap()).collect())
    };
    let (header, rows) = read(&up.join("verval-2026-10.csv"));
    assert_eq!(header, dtks::formats::verval_export::UPLOAD_COLUMNS);
    assert_eq!(rows.len(), 11);
    for row in &rows {
        assert_eq!(row[0].len(), 16, "NIK {row:?}");
        assert_eq!(&row[3], "31.75.03.1001");
        assert!(row[4].parse::<u16>().is_ok() && row[5].parse::<u16>().is_ok(), "RW/RT {row:?}");
        assert_eq!(&row[9], "disahkan", "{row:?}");
        assert!(!row[10].is_empty(), "{row:?}");
        assert!(NaiveDate::parse_from_str(&row[11], "%Y-%m-%d").is_ok(), "ISO date {row:?}");
    }
    assert!(rows.iter().any(|r| &r[6] == "tidak_layak" && &r[7] == "4" && &r[8] == "BPNT"), "no refusal row");
    assert!(up.join("verval-2026-10.xlsx").metadata().unwrap().len() > 0);
    // Written again into the same folder: refused, the file kept.
    let before = std::fs::read(up.join("verval-2026-10.csv")).unwrap();
    let out =
        dtks(&db, &["verval", "export", "--period", "2026-10", "--out", up.to_str().unwrap(), "--with-finalised"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("verval-2026-10.csv sudah ada dan tidak ditimpa"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(up.join("verval-2026-10.csv")).unwrap(), before);
    // --with-finalised takes the finalised visits too, marked in column tahap.
    let up2 = tmp.path().join("up2");
    let out = dtks(
        &db,
        &[
            "--lang",
            "en",
            "verval",
            "export",
            "--period",
            "2026-10",
            "--out",
            up2.to_str().unwrap(),
            "--with-finalised",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("21 rows (one per person) written: 10 finalised, 11 ratified\n"));
    assert!(!text(&out.stdout).contains("Left out"), "{}", text(&out.stdout));
    let (_, rows) = read(&up2.join("verval-2026-10.csv"));
    let finalised: Vec<_> = rows.iter().filter(|r| &r[9] == "finalisasi").collect();
    assert_eq!(finalised.len(), 10);
    assert!(finalised.iter().all(|r| r[10].is_empty() && r[11].is_empty()), "{finalised:?}");
    // A month without visits, and a bad month.
    let out = dtks(&db, &["verval", "export", "--period", "2020-01", "--out", up.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let out = dtks(&db, &["verval", "export", "--period", "2026-13", "--out", up.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cycle_records_survive_export_and_import_and_a_second_import() {
    let (tmp, db1) = imported();
    let ex = tmp.path().join("ex");
    assert!(dtks(&db1, &["export", "--out", ex.to_str().unwrap()]).status.success());
    assert!(ex.join("cycle.jsonl").is_file());
    let db2 = tmp.path().join("db2");
    let out = dtks(&db2, &["import", ex.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let a = Service::open(&db1, false, clock()).unwrap().cycle_records().unwrap();
    let s2 = Service::open(&db2, false, clock()).unwrap();
    let b = s2.cycle_records().unwrap();
    assert_eq!(a, b);
    let in_file: Vec<CycleRecord> =
        sample_records().into_iter().filter(|r| !matches!(r, CycleRecord::Meta { .. })).collect();
    assert_eq!(a.len(), in_file.len());
    // New ids never reuse an imported one; a second import adds nothing.
    let max = in_file
        .iter()
        .map(|r| match r {
            CycleRecord::Usulan(u) => u.id,
            CycleRecord::Muskel(m) => m.id,
            CycleRecord::Visit { form, .. } => form.id,
            _ => 0,
        })
        .max()
        .unwrap();
    assert!(testkit::store(&s2).new_id().unwrap() > max);
    let n = s2.cycle_records().unwrap().len();
    s2.import_cycle_file(&ex.join("cycle.jsonl"), &Actor::new("uji")).unwrap();
    assert_eq!(s2.cycle_records().unwrap().len(), n);
    // A broken line refuses the import, naming the line.
    let bad = tmp.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"kind\":\"meta\",\"data\":{\"as_of\":\"2026-11-01\"}}\n{\"kind\":\"usulan\"}\n").unwrap();
    drop(s2);
    let out = dtks(&db2, &["import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("baris 2"), "{}", text(&out.stderr));
}

#[test]
fn demo_database_has_every_queue_filled_and_empty_db_finds_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let as_of = dtks::service::cycle_io::cycle_file_as_of(&sample_dir().join("cycle.jsonl")).unwrap().unwrap();
    {
        let svc = Service::open(&db, true, Clock::fixed(as_of, 10, 42)).unwrap();
        svc.import(&[sample_dir()], &Actor::new("demo"), Lang::Id, &mut |_| {}).unwrap();
        let q = svc.verval_queue(&Actor::new(dtks::sample::cycle::SAMPLE_OFFICER)).unwrap();
        assert!(!q.to_visit.is_empty());
        assert!(!q.drafts.is_empty());
        assert!(!q.returned.is_empty());
        assert!(!q.waiting_finalisation.is_empty());
        assert!(!q.waiting_pengesahan.is_empty());
        assert!(!q.self_proposals.is_empty());
        // Some self-proposals are already past the 30 days on as_of, and
        // so on every later day.
        let all = svc.usulan_list(&Default::default()).unwrap();
        assert!(all.iter().any(|l| matches!(l.deadline, dtks::domain::usulan::Deadline::AutoEligible { .. })));
        assert!(all.iter().all(|l| l.problems.is_empty()), "{:?}", all.iter().find(|l| !l.problems.is_empty()));
        assert!(svc.check().unwrap().is_clean());
    }
    let empty = tmp.path().join("empty");
    Service::open(&empty, true, clock()).unwrap();
    for args in [&["usulan", "list"][..], &["muskel", "list"], &["verval", "drafts"], &["verval", "queue"]] {
        let out = dtks(&empty, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out.stdout));
    }
}
