//! `dtks nonaktif list|show` and `dtks monev import` through the binary:
//! plain text and JSON, exit codes, and every bad monev line and file in
//! both languages. On a small hand-built database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use dtks::domain::deactivation::{DeletionGround, Direction, DocumentKind, Evidence, Ground, Origin, Outcome, Scope};
use dtks::domain::tahap::period::ScheduleEntry;
use dtks::domain::tahap::{PeriodKind, PeriodSchedule, YearMonth};
use dtks::domain::*;
use dtks::service::deactivation::{NewProposal, Target};
use dtks::service::{Actor, Service};
use dtks::store::AuditDraft;
use dtks::testkit::{self, date};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW, clock};

const KEL: &str = "31.71.06.1003";
const KK1: &str = "3171061203000001";
const KK2: &str = "3171061203000002";
const BUDI: &str = "3171061708600001";
const SITI: &str = "3171065712850002";
const ANI: &str = "3171064101550003";

fn household(kk: &str, members: &[(&str, &str)]) -> Household {
    let ps = members
        .iter()
        .enumerate()
        .map(|(i, (nik, name))| {
            let rel = if i == 0 { Relationship::Head } else { Relationship::Spouse };
            let mut p = testkit::person(nik, name, rel, Sex::Female, date(1950, 1, 1));
            p.history = vec![testkit::status_entry(DtksStatus::Active, date(2022, 2, 1))];
            p.enrolments = vec![testkit::enrolment(Programme::Klj, EnrolmentStatus::Active, date(2023, 1, 1))];
            p
        })
        .collect();
    let mut h = testkit::household(kk, KEL, ps);
    h.history = vec![testkit::status_entry(DtksStatus::Active, date(2022, 2, 1))];
    h
}

/// Budi's death decided (urgent, certificate) by a second user: in effect.
/// Siti's move out is a draft. Ani has nothing.
fn database(dir: &Path) -> (PathBuf, u64, u64) {
    let db = dir.join("db");
    let svc = Service::open(&db, true, clock()).unwrap();
    let at = date(2026, 1, 2).and_hms_opt(9, 0, 0).unwrap();
    testkit::store(&svc)
        .write(
            &[
                household(KK1, &[(BUDI, "Budi Santoso"), (SITI, "Siti Aminah")]),
                household(KK2, &[(ANI, "Ani Lestari")]),
            ],
            &[],
            &AuditDraft { at, user: "import".into(), action: "import".into(), origin: String::new() },
        )
        .unwrap();
    let quarterly = PeriodSchedule::new(vec![ScheduleEntry {
        from: YearMonth::new(2026, 1).unwrap(),
        kind: PeriodKind::Quarterly,
    }])
    .unwrap();
    svc.set_schedule(Programme::Klj, &quarterly, &Actor::new("kabid")).unwrap();
    let certificate = Evidence {
        kind: DocumentKind::DeathCertificate,
        number: "3171-KM-01112026-0001".into(),
        date: Some(date(2026, 11, 1)),
        files: vec![],
        reference: None,
        asset: None,
        note: String::new(),
    };
    let proposal = |target, ground, evidence| NewProposal {
        target,
        direction: Direction::Deactivate(ground),
        evidence,
        scope: Scope::All,
        origin: Origin::Petugas,
    };
    let officer = Actor::new("petugas.sari");
    let budi = svc
        .propose(
            proposal(Target::Nik(BUDI.into()), Ground::Deletion(DeletionGround::Deceased), vec![certificate]),
            &officer,
        )
        .unwrap();
    let cal = svc.deactivation_calendar().unwrap();
    svc.decide_proposal(budi.id, Outcome::Approve, "akta diperiksa", &Actor::new("kabid"), &cal.calendar()).unwrap();
    let siti = svc.propose(proposal(Target::Nik(SITI.into()), Ground::MovedOut, vec![]), &officer).unwrap();
    (db, budi.id, siti.id)
}

fn dtks(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .env("DTKS_NOW", NOW)
        .env("DTKS_USER", "petugas.monev")
        .env_remove("DTKS_TODAY")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(o), stderr(o)))
}

#[test]
fn list_counts_every_state_and_filters_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, budi, siti) = database(tmp.path());
    let o = dtks(&db, &["nonaktif", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("2 usulan penonaktifan\nper status: konsep 1, berlaku 1\n"), "{text}");
    assert!(text.contains(&format!("#{budi}")) && text.contains("NIK 3171061708600001"), "{text}");
    assert!(text.contains("penghapusan: meninggal dunia  (petugas.sari, 24 Nov 2026)"), "{text}");
    let o = dtks(&db, &["--lang", "en", "nonaktif", "list", "--state", "konsep"]);
    let text = stdout(&o);
    assert!(text.starts_with("1 deactivation proposals\n"), "{text}");
    assert!(text.contains(&format!("#{siti}")) && !text.contains(&format!("#{budi} ")), "{text}");
    assert!(text.contains("moved out"), "{text}");
    // None in a state: exit 1, said so.
    let o = dtks(&db, &["nonaktif", "list", "--state", "disanggah"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("Tidak ada usulan penonaktifan"), "{}", stdout(&o));
    let v = json(&dtks(&db, &["nonaktif", "list", "--json"]));
    let count =
        |code: &str| v["counts"].as_array().unwrap().iter().find(|c| c["state"] == code).unwrap()["count"].clone();
    assert_eq!((count("konsep"), count("berlaku"), count("ditolak")), (1.into(), 1.into(), 0.into()));
    assert_eq!(v["proposals"][0]["id"], budi);
    assert_eq!(v["proposals"][0]["direction"]["ground"], "hapus:meninggal");
    assert_eq!(v["proposals"][1]["subject"]["nik"], SITI);
}

#[test]
fn an_unknown_state_is_refused_in_the_users_language() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, _, _) = database(tmp.path());
    let o = dtks(&db, &["nonaktif", "list", "--state", "selesai"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("status 'selesai' tidak dikenal; gunakan salah satu dari konsep, diajukan"),
        "{}",
        stderr(&o)
    );
    let o = dtks(&db, &["--lang", "en", "nonaktif", "list", "--state", "selesai"]);
    assert!(stderr(&o).contains("unknown state 'selesai'; use one of konsep"), "{}", stderr(&o));
}

#[test]
fn show_gives_the_decision_its_effect_and_history() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, budi, _) = database(tmp.path());
    let id = budi.to_string();
    let o = dtks(&db, &["nonaktif", "show", &id]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for want in [
        format!("#{budi} · berlaku"),
        "Subjek: NIK 3171061708600001 — Budi Santoso (No. KK 3171061203000001)".into(),
        "Alasan: penghapusan: meninggal dunia".into(),
        "  - akta kematian · 3171-KM-01112026-0001 · 1 Nov 2026".into(),
        "Keputusan: setujui, kabid, 24 Nov 2026 (mendesak, sebelum Muskel) — akta diperiksa".into(),
        "  KLJ berlaku mulai 2026-T4 (1 Okt 2026)".into(),
        "NIK 3171061708600001: kepesertaan KLJ berakhir 1 Okt 2026".into(),
        "Riwayat:".into(),
    ] {
        assert!(text.contains(&want), "{want:?} in\n{text}");
    }
    let en = stdout(&dtks(&db, &["--lang", "en", "nonaktif", "show", &id]));
    assert!(en.contains("Decision: approve, kabid, 24 Nov 2026 (urgent, before the Muskel)"), "{en}");
    assert!(en.contains("KLJ in effect from 2026-T4 (1 Oct 2026)"), "{en}");
    let v = json(&dtks(&db, &["nonaktif", "show", &id, "--json"]));
    assert_eq!(v["state"], "berlaku");
    assert_eq!(v["name"], "Budi Santoso");
    assert_eq!(v["decision"]["outcome"], "setujui");
    assert_eq!(v["decision"]["by"], "kabid");
    assert_eq!(v["decision"]["effective"][0]["period"], "2026-T4");
    assert_eq!(v["evidence"][0]["kind"], "akta_kematian");
    assert!(v["changes"].as_array().unwrap().iter().any(|c| c["kind"] == "enrolment" && c["to"] == "berhenti"), "{v}");
    let states: Vec<&str> = v["events"].as_array().unwrap().iter().map(|e| e["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["konsep", "disetujui", "berlaku"]);
    // An id with no proposal: exit 1, in either language.
    let o = dtks(&db, &["nonaktif", "show", "999999"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("tidak ada usulan penonaktifan #999999"), "{}", stderr(&o));
    let o = dtks(&db, &["--lang", "en", "nonaktif", "show", "999999"]);
    assert!(stderr(&o).contains("there is no deactivation proposal #999999"), "{}", stderr(&o));
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn monev_import_drafts_findings_and_rejects_bad_lines_by_number() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, _, siti) = database(tmp.path());
    let mut body = format!(
        "nik,status,tanggal_meninggal,alamat_baru\n\
         {ANI},meninggal,2026-10-30,\n\
         3171069999990009,meninggal,2026-10-30,\n\
         {ANI},meninggal,2026-10-30,\n\
         {SITI},pindah,,Jl. Melati 4 Bekasi\n\
         {BUDI},meninggal,2026-12-01,\n"
    )
    .into_bytes();
    body.extend_from_slice(b"3171064101550003,pindah,,Jl. Caf\xe9 2\n");
    let file = write(tmp.path(), "padan.csv", &body);
    let file = file.to_str().unwrap();
    let o = dtks(&db, &["monev", "import", file]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let text = stdout(&o);
    for want in [
        "1 konsep usulan dibuat".to_string(),
        "1 sudah punya usulan terbuka, tidak digandakan".into(),
        format!("padan.csv, baris 5: usulan #{siti} masih terbuka untuk orang yang sama"),
        "4 baris ditolak".into(),
        "padan.csv, baris 3: NIK 3171069999990009 tidak ada di register".into(),
        "padan.csv, baris 4: Temuan yang sama sudah ada di baris 2".into(),
        "padan.csv, baris 6: ".into(),
        "padan.csv, baris 7: Baris ini bukan teks UTF-8".into(),
    ] {
        assert!(text.contains(&want), "{want:?} in\n{text}");
    }
    // Line 6: Budi's death date lies ahead of today (and he is inactive).
    let line6 = text.lines().find(|l| l.contains("baris 6")).unwrap();
    assert!(!line6.contains(" the "), "{line6}");
    // Again in English, as JSON: the drafted finding is now open.
    let o = dtks(&db, &["--lang", "en", "monev", "import", file, "--json"]);
    let v = json(&o);
    assert_eq!(v["drafted"].as_array().unwrap().len(), 0);
    assert_eq!(v["already_open"].as_array().unwrap().len(), 2);
    let codes: Vec<(u64, &str)> = v["rejects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["code"].as_str().unwrap()))
        .collect();
    assert_eq!(codes[0], (3, "unknown_nik"));
    assert_eq!(codes[1], (4, "duplicate_line"));
    assert_eq!(codes[3], (7, "wrong_encoding"));
    let msgs: Vec<&str> = v["rejects"].as_array().unwrap().iter().map(|r| r["message"].as_str().unwrap()).collect();
    assert!(msgs[0].contains("is not in the register"), "{msgs:?}");
    assert!(msgs[1].contains("already on line 2"), "{msgs:?}");
    assert!(msgs[3].contains("not UTF-8"), "{msgs:?}");
}

#[test]
fn a_death_date_in_the_future_is_rejected_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, _, _) = database(tmp.path());
    let file = write(
        tmp.path(),
        "padan.csv",
        format!("nik;status;tanggal_meninggal;alamat_baru\n{ANI};meninggal;2026-12-01;\n").as_bytes(),
    );
    let file = file.to_str().unwrap();
    let id = stdout(&dtks(&db, &["monev", "import", file]));
    assert!(id.contains("padan.csv, baris 2: ") && id.contains("1 Des 2026"), "{id}");
    let en = json(&dtks(&db, &["--lang", "en", "monev", "import", file, "--json"]));
    assert_eq!(en["rejects"][0]["code"], "death_date_in_future");
    assert!(en["rejects"][0]["message"].as_str().unwrap().contains("1 Dec 2026"), "{en}");
    let v = json(&dtks(&db, &["nonaktif", "list", "--json", "--state", "konsep"]));
    assert_eq!(v["proposals"].as_array().unwrap().len(), 1, "only Siti's draft: {v}");
}

#[test]
fn a_missing_column_or_utf16_refuses_the_whole_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, _, _) = database(tmp.path());
    let file = write(tmp.path(), "padan.csv", format!("nik,status\n{ANI},meninggal\n").as_bytes());
    let file = file.to_str().unwrap();
    let o = dtks(&db, &["monev", "import", file]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("kolom 'tanggal_meninggal' tidak ada"), "{}", stderr(&o));
    let o = dtks(&db, &["--lang", "en", "monev", "import", file]);
    assert!(stderr(&o).contains("column 'tanggal_meninggal' is missing"), "{}", stderr(&o));
    let file = write(tmp.path(), "aset.csv", format!("nik,jenis_aset\n{ANI},mobil\n").as_bytes());
    let o = dtks(&db, &["--lang", "en", "monev", "import", file.to_str().unwrap()]);
    assert!(stderr(&o).contains("column 'nilai' is missing"), "{}", stderr(&o));
    let mut utf16 = vec![0xff, 0xfe];
    for u in "nik,status,tanggal_meninggal,alamat_baru\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let file = write(tmp.path(), "utf16.csv", &utf16);
    let o = dtks(&db, &["monev", "import", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("UTF-16"), "{}", stderr(&o));
    // Nothing was drafted by any of them.
    let v = json(&dtks(&db, &["nonaktif", "list", "--json"]));
    assert_eq!(v["proposals"].as_array().unwrap().len(), 2);
}

#[test]
fn a_bappeda_workbook_is_read_like_its_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, _, _) = database(tmp.path());
    let path = tmp.path().join("aset.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["nik", "no_kk", "jenis_aset", "nilai"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 1, KK2).unwrap();
    sheet.write_string(1, 2, "mobil").unwrap();
    sheet.write_number(1, 3, 150_000_000.0).unwrap();
    sheet.write_string(2, 1, KK2).unwrap();
    sheet.write_string(2, 2, "kapal").unwrap();
    sheet.write_number(2, 3, 1.0).unwrap();
    book.save(&path).unwrap();
    let o = dtks(&db, &["monev", "import", path.to_str().unwrap(), "--json"]);
    let v = json(&o);
    assert_eq!(v["drafted"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["rejects"][0]["line"], 3);
    assert_eq!(v["rejects"][0]["code"], "bad_asset");
    let id = v["drafted"][0].to_string();
    let p = json(&dtks(&db, &["nonaktif", "show", &id, "--json"]));
    assert_eq!(p["subject"]["kind"], "household");
    assert_eq!(p["origin"], "monev");
    assert_eq!(
        (p["evidence"][0]["asset"].clone(), p["evidence"][0]["value"].clone()),
        ("mobil".into(), 150_000_000.into())
    );
    assert_eq!((p["evidence"][0]["file"].clone(), p["evidence"][0]["line"].clone()), ("aset.xlsx".into(), 2.into()));
    assert_eq!(p["direction"]["ground"], "tidak_layak:11");
}

#[test]
fn a_dukcapil_workbook_with_a_date_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, _, _) = database(tmp.path());
    let path = tmp.path().join("padan.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["nik", "status", "tanggal_meninggal", "alamat_baru"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, ANI).unwrap();
    sheet.write_string(1, 1, "meninggal").unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let d = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 10, 30).unwrap();
    sheet.write_datetime_with_format(1, 2, &d, &fmt).unwrap();
    book.save(&path).unwrap();
    let v = json(&dtks(&db, &["monev", "import", path.to_str().unwrap(), "--json"]));
    assert_eq!(v["drafted"].as_array().unwrap().len(), 1, "{v}");
    let p = json(&dtks(&db, &["nonaktif", "show", &v["drafted"][0].to_string(), "--json"]));
    assert_eq!(p["evidence"][0]["date"], "2026-10-30");
    assert_eq!(p["evidence"][0]["kind"], "padan_dukcapil");
}

/// The bundled sample gives every queue something: proposals in every
/// state an approval can rest in, monev drafts, a double-record draft, and
/// an October monev round that drafts the new findings only.
#[test]
fn the_sample_has_proposals_in_every_state_and_a_monev_round_to_import() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let sample = cli_support::sample_dir();
    let o = dtks(&db, &["import", sample.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&dtks(&db, &["--today", "2026-11-01", "nonaktif", "list", "--json"]));
    for c in v["counts"].as_array().unwrap() {
        // An approval takes effect in the same write: never at rest.
        let at_rest = c["state"] != "disetujui";
        assert_eq!(c["count"].as_u64().unwrap() > 0, at_rest, "{c}");
    }
    let ps = v["proposals"].as_array().unwrap();
    assert!(ps.iter().filter(|p| p["origin"] == "monev").count() >= 5);
    assert!(ps.iter().any(|p| p["origin"] == "data_ganda" && p["direction"]["ground"] == "hapus:ganda"));
    // Proposer and decider differ on every decided proposal.
    for p in ps.iter().filter(|p| p["state"] == "berlaku") {
        let shown = json(&dtks(&db, &["nonaktif", "show", &p["id"].to_string(), "--json"]));
        assert_ne!(shown["decision"]["by"], shown["proposed_by"]);
        assert_eq!(shown["decision"]["effective"][0]["period"], "2026-T4", "{shown}");
        // Off the next (unfrozen) KLJ list, with this decision as the reason.
        let nik = shown["subject"]["nik"].as_str().unwrap();
        let why = json(&dtks(&db, &["--today", "2026-11-01", "tahap", "why", nik, "2026-T4", "--json"]));
        assert!(why.to_string().contains(&format!("\"decision\":{}", p["id"])), "{why}");
    }
    let monev = sample.join("monev");
    let o = dtks(
        &db,
        &[
            "--today",
            "2026-11-01",
            "monev",
            "import",
            monev.join("padan-dukcapil-2026-10.csv").to_str().unwrap(),
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!((r["drafted"].as_array().unwrap().len(), r["already_open"].as_array().unwrap().len()), (2, 1), "{r}");
    let o = dtks(&db, &["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
}
