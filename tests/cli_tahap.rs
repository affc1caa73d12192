//! `dtks tahap tariff` and `dtks tahap diff --out` from the command line.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use dtks::domain::codes::*;
use dtks::domain::model::Household;
use dtks::domain::tahap::Period;
use dtks::domain::tahap::account::{AccountNumber, AccountStatus, BurekolAccount};
use dtks::service::{Actor, Clock, Service};
use dtks::store::AuditDraft;
use dtks::testkit::{date, enrolment, household, person, status_entry};

const KEL: &str = "31.71.01.1001";
const BIN: &str = env!("CARGO_BIN_EXE_dtks");

fn op() -> Actor {
    Actor::new("operator")
}

fn t(n: u8) -> Period {
    Period::tahap(2026, n).unwrap()
}

fn nik(i: u32) -> String {
    format!("31710101{i:08}")
}

fn kk(i: u32) -> String {
    format!("31710120{i:08}")
}

fn elder(i: u32) -> Household {
    let mut p = person(&nik(i), &format!("Warga {i}"), Relationship::Head, Sex::Female, date(1950, 5, 5));
    p.history.push(status_entry(DtksStatus::Active, date(2020, 1, 1)));
    p.enrolments.push(enrolment(Programme::Klj, EnrolmentStatus::Active, date(2020, 1, 1)));
    let mut h = household(&kk(i), KEL, vec![p]);
    h.history.push(status_entry(DtksStatus::Active, date(2020, 1, 1)));
    h
}

fn open(db: &Path) -> Service {
    Service::open(db, true, Clock::fixed(date(2026, 3, 1), 9, 0)).unwrap()
}

/// Three KLJ elders with accounts and tahap 1 and 2 of 2026 announced; no
/// tariff: the tests set them through the command line.
fn setup(db: &Path) {
    let svc = open(db);
    let hs: Vec<Household> = (1..=3).map(elder).collect();
    let draft = AuditDraft { at: svc.now(), user: "import".into(), action: "import".into(), origin: String::new() };
    dtks::testkit::store(&svc).write(&hs, &[], &draft).unwrap();
    let accounts: Vec<(String, BurekolAccount)> = (1..=4)
        .map(|i| {
            let number = AccountNumber::parse(&format!("0001{i:08}")).unwrap();
            (
                nik(i),
                BurekolAccount {
                    bank: "Bank DKI".into(),
                    number,
                    opened: date(2021, 1, 1),
                    status: AccountStatus::Open,
                },
            )
        })
        .collect();
    svc.save_accounts(&accounts, &op()).unwrap();
    for n in 1..=2 {
        svc.plan_period(Programme::Klj, t(n), t(n).first_day(), &op()).unwrap();
        svc.announce(Programme::Klj, t(n), t(n).first_day(), &op()).unwrap();
    }
}

fn dtks(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .env("DTKS_NOW", "2026-03-01 09:00")
        .env("DTKS_USER", "uji")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

const SET_T1: [&str; 10] =
    ["tahap", "tariff", "set", "--program", "KLJ", "--from", "2026-01", "--until", "2026-03", "--monthly"];

#[test]
fn a_tariff_is_saved_only_with_yes_and_an_overlap_is_refused_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    setup(&db);
    let o = dtks(&db, &["tahap", "tariff", "list"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("Belum ada tarif"), "{}", out(&o));

    // Without --yes: what would change, exit 1, nothing saved.
    let o = dtks(&db, &[&SET_T1[..], &["300.000"]].concat());
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let text = out(&o);
    assert!(text.contains("Januari 2026 – Maret 2026 (3 bulan): Rp 300.000 per bulan"), "{text}");
    assert!(text.contains("--yes"), "{text}");
    let o = dtks(&db, &["tahap", "tariff", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["tariffs"].as_array().unwrap().len(), 0);

    // With --yes: saved, audited, and listed.
    let o = dtks(&db, &[&SET_T1[..], &["300000", "--yes"]].concat());
    assert!(o.status.success(), "{}", out(&o));
    let o = dtks(&db, &["--lang", "en", "tahap", "tariff", "list"]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("KLJ    January 2026 – March 2026 (3 months): Rp 300.000 per month"), "{}", out(&o));
    let o = dtks(&db, &["tahap", "tariff", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["tariffs"][0]["programme"], "KLJ");
    assert_eq!(v["tariffs"][0]["from"], "2026-01");
    assert_eq!(v["tariffs"][0]["until"], "2026-03");
    assert_eq!(v["tariffs"][0]["monthly"], 300_000);
    let svc = Service::open(&db, false, Clock::fixed(date(2026, 3, 1), 9, 0)).unwrap();
    let audit = dtks::testkit::store(&svc).audit_log(0, 1000).unwrap();
    assert!(audit.iter().any(|a| a.user == "uji" && a.action.starts_with("tahap.tariff KLJ")), "{audit:?}");
    drop(svc);

    // An overlap is refused, with or without --yes, in both languages.
    for (lang, words) in [("id", "Dua tarif KLJ berlaku pada Maret 2026"), ("en", "March 2026")] {
        for yes in [false, true] {
            let mut args = vec!["--lang", lang, "tahap", "tariff", "set", "--program", "KLJ", "--from", "2026-03"];
            args.extend(["--monthly", "350000"]);
            if yes {
                args.push("--yes");
            }
            let o = dtks(&db, &args);
            assert_eq!(o.status.code(), Some(2), "{}", out(&o));
            assert!(out(&o).contains(words), "{}", out(&o));
        }
    }
    let o = dtks(&db, &["tahap", "tariff", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["tariffs"].as_array().unwrap().len(), 1);

    // A new amount after an open-ended tariff ends that one the month before.
    let kaj = |from: &str, monthly: &str, yes: bool| {
        let mut args = vec!["tahap", "tariff", "set", "--program", "KAJ", "--from", from, "--monthly", monthly];
        if yes {
            args.push("--yes");
        }
        dtks(&db, &args)
    };
    assert!(kaj("2026-01", "300000", true).status.success());
    let o = kaj("2027-01", "325000", false);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        out(&o).contains("Tarif yang berlaku diakhiri: KAJ    Januari 2026 – Desember 2026 (12 bulan): Rp 300.000"),
        "{}",
        out(&o)
    );
    let o = dtks(&db, &["tahap", "tariff", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["tariffs"][1]["until"], serde_json::Value::Null, "not saved without --yes");
    assert!(kaj("2027-01", "325000", true).status.success());
    let o = dtks(&db, &["tahap", "tariff", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let kaj_rows: Vec<_> = v["tariffs"].as_array().unwrap().iter().filter(|t| t["programme"] == "KAJ").collect();
    assert_eq!(kaj_rows.len(), 2);
    assert_eq!(kaj_rows[0]["until"], "2026-12");
    assert_eq!((kaj_rows[1]["from"].as_str(), kaj_rows[1]["monthly"].as_i64()), (Some("2027-01"), Some(325_000)));

    // Bad input names what was typed.
    let o = dtks(
        &db,
        &["--lang", "en", "tahap", "tariff", "set", "--program", "KLJ", "--from", "2026-13", "--monthly", "1"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(out(&o).contains("month '2026-13' not understood"), "{}", out(&o));
    let o = dtks(&db, &["tahap", "tariff", "set", "--program", "KLJ", "--from", "2026-04", "--monthly", "3oo"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(out(&o).contains("jumlah '3oo' bukan rupiah bulat"), "{}", out(&o));
}

#[test]
fn the_diff_is_written_whole_with_words_and_never_over_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    setup(&db);
    let o = dtks(&db, &[&SET_T1[..], &["300000", "--yes"]].concat());
    assert!(o.status.success(), "{}", out(&o));
    let o =
        dtks(&db, &["tahap", "tariff", "set", "--program", "KLJ", "--from", "2026-04", "--monthly", "350000", "--yes"]);
    assert!(o.status.success(), "{}", out(&o));
    let o = dtks(&db, &["tahap", "freeze", "2026-T1", "--program", "KLJ"]);
    assert!(o.status.success(), "{}", out(&o));
    // Between the lists: warga 2 becomes inactive, warga 4 enters.
    {
        let svc = open(&db);
        let mut h = dtks::testkit::store(&svc).household(&kk(2)).unwrap().unwrap();
        h.members[0].history.push(status_entry(DtksStatus::Inactive, date(2026, 2, 1)));
        let draft = AuditDraft { at: svc.now(), user: "op".into(), action: "edit".into(), origin: String::new() };
        dtks::testkit::store(&svc).write(&[h, elder(4)], &[], &draft).unwrap();
    }
    let o = dtks(&db, &["tahap", "freeze", "2026-T2", "--program", "KLJ"]);
    assert!(o.status.success(), "{}", out(&o));

    let file = tmp.path().join("perubahan.csv");
    let o =
        dtks(&db, &["--lang", "en", "tahap", "diff", "2026-T2", "--program", "KLJ", "--out", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains(file.to_str().unwrap()), "says where: {}", out(&o));
    let written = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines[0], "nik,no_kk,name,kelurahan,change,reason,old_amount,new_amount");
    assert_eq!(lines.len(), 1 + 4, "{written}");
    assert_eq!(lines[1], format!("{},{},Warga 4,Gambir,entered,,,1050000", nik(4), kk(4)));
    let left = lines[2];
    assert!(left.starts_with(&format!("{},{},Warga 2,Gambir,left,", nik(2), kk(2))), "{left}");
    assert!(left.ends_with(",900000,"), "{left}");
    assert!(left.contains(",Not on the list: Not active in DTKS on the reference date (status: Inactive),"), "{left}");
    let changed: Vec<&&str> = lines[3..].iter().collect();
    for (l, i) in changed.iter().zip([1, 3]) {
        assert_eq!(**l, format!("{},{},Warga {i},Gambir,amount changed,,900000,1050000", nik(i), kk(i)));
    }

    // Never over an existing file: it stays as it was.
    std::fs::write(&file, "mine").unwrap();
    for args in [&["--out", file.to_str().unwrap()][..], &["--out", file.to_str().unwrap(), "--xlsx"]] {
        let o = dtks(&db, &[&["tahap", "diff", "2026-T2", "--program", "KLJ"][..], args].concat());
        assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");

    // The workbook is a real .xlsx (a zip).
    let book = tmp.path().join("perubahan.xlsx");
    let o = dtks(&db, &["tahap", "diff", "2026-T2", "--program", "KLJ", "--out", book.to_str().unwrap(), "--xlsx"]);
    assert!(o.status.success(), "{}", out(&o));
    assert_eq!(&std::fs::read(&book).unwrap()[..2], b"PK");
}
