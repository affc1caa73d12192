//! Tahap disbursement through the service: build, freeze, bank file,
//! results, reconciliation, arrears and "why".

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use dtks::domain::codes::*;
use dtks::domain::model::Household;
use dtks::domain::tahap::account::{AccountNumber, AccountStatus, BurekolAccount};
use dtks::domain::tahap::quota::Standing;
use dtks::domain::tahap::reconcile::Mismatch;
use dtks::domain::tahap::rules::{Exclusion, RecipientRule};
use dtks::domain::tahap::tariff::Tariff;
use dtks::domain::tahap::{Period, PeriodState, YearMonth};
use dtks::i18n::Lang;
use dtks::service::error::TahapRefusal;
use dtks::service::tahap::{LineProblem, Reject};
use dtks::service::{Actor, Clock, Refusal, Service, ServiceError};
use dtks::store::AuditDraft;
use dtks::testkit::{date, enrolment, household, person, status_entry};

const KEL: &str = "31.71.01.1001";

fn op() -> Actor {
    Actor::new("operator")
}

fn t(y: i32, n: u8) -> Period {
    Period::tahap(y, n).unwrap()
}

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

fn nik(i: u32) -> String {
    format!("31710101{i:08}")
}

fn kk(i: u32) -> String {
    format!("31710120{i:08}")
}

/// A KLJ recipient born on `birth`, active in DTKS and KLJ since 2020.
fn elder(i: u32, birth: chrono::NaiveDate) -> Household {
    let mut p = person(&nik(i), &format!("Warga {i}"), Relationship::Head, Sex::Female, birth);
    p.history.push(status_entry(DtksStatus::Active, date(2020, 1, 1)));
    p.enrolments.push(enrolment(Programme::Klj, EnrolmentStatus::Active, date(2020, 1, 1)));
    let mut h = household(&kk(i), KEL, vec![p]);
    h.history.push(status_entry(DtksStatus::Active, date(2020, 1, 1)));
    h
}

fn account(i: u32) -> (String, BurekolAccount) {
    let number = AccountNumber::parse(&format!("0001{i:08}")).unwrap();
    (nik(i), BurekolAccount { bank: "Bank DKI".into(), number, opened: date(2021, 1, 1), status: AccountStatus::Open })
}

/// Three KLJ recipients with accounts, Rp 300.000 a month from 2026-01,
/// tahap 1 and 2 of 2026 planned and announced.
fn setup() -> Service {
    setup_with(Service::open_temporary(Clock::fixed(date(2026, 3, 1), 9, 0)).unwrap(), 3)
}

/// [`setup`] with `n` recipients.
fn setup_with(svc: Service, n: u32) -> Service {
    let hs: Vec<Household> = (1..=n).map(|i| elder(i, date(1950, 5, 5))).collect();
    let draft = AuditDraft { at: svc.now(), user: "import".into(), action: "import".into(), origin: String::new() };
    dtks::testkit::store(&svc).write(&hs, &[], &draft).unwrap();
    svc.save_accounts(&(1..=n).map(account).collect::<Vec<_>>(), &op()).unwrap();
    svc.add_tariffs(&[Tariff { programme: Programme::Klj, from: ym(2026, 1), until: None, monthly: 300_000 }], &op())
        .unwrap();
    for n in 1..=2 {
        svc.plan_period(Programme::Klj, t(2026, n), t(2026, n).first_day(), &op()).unwrap();
        svc.announce(Programme::Klj, t(2026, n), t(2026, n).first_day(), &op()).unwrap();
    }
    svc
}

fn tahap_refusal(e: ServiceError) -> TahapRefusal {
    match e {
        ServiceError::Refused(Refusal::Tahap(t)) => t,
        other => panic!("not a tahap refusal: {other:?}"),
    }
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_frozen_list_does_not_change_with_the_register() {
    let svc = setup();
    let list = svc.freeze_list(Programme::Klj, t(2026, 1), false, &op()).unwrap();
    assert_eq!(list.totals.recipients, 3);
    assert_eq!(list.totals.amount, 3 * 900_000);
    let rows = svc.period_rows(Programme::Klj, t(2026, 1)).unwrap();
    // The register changes: one recipient renamed, another gone.
    let mut h = dtks::testkit::store(&svc).household(&kk(1)).unwrap().unwrap();
    h.members[0].name = "Nama Baru".into();
    let draft = AuditDraft { at: svc.now(), user: "op".into(), action: "edit".into(), origin: String::new() };
    dtks::testkit::store(&svc).write(&[h], &[kk(2)], &draft).unwrap();
    let again = &svc.frozen_lists(Programme::Klj, t(2026, 1)).unwrap()[0];
    assert_eq!(again.hash, list.hash);
    assert_eq!(svc.period_rows(Programme::Klj, t(2026, 1)).unwrap(), rows);
    assert_eq!(svc.plan(Programme::Klj, t(2026, 1)).unwrap().unwrap().state, PeriodState::ListFrozen);
    assert_ne!(svc.build_list(Programme::Klj, t(2026, 1)).unwrap().rows.len(), 3);
}

#[test]
fn freezing_twice_is_refused_with_the_date() {
    let svc = setup();
    svc.freeze_list(Programme::Klj, t(2026, 1), false, &op()).unwrap();
    let e = tahap_refusal(svc.freeze_list(Programme::Klj, t(2026, 1), false, &op()).unwrap_err());
    assert!(matches!(e, TahapRefusal::AlreadyFrozen { ref by, .. } if by == "operator"), "{e:?}");
    assert!(e.message(Lang::Id).contains("1 Mar 2026"), "{}", e.message(Lang::Id));
    assert!(e.message(Lang::En).contains("was frozen on"), "{}", e.message(Lang::En));
    // Nobody new: no supplementary list either.
    let e = tahap_refusal(svc.freeze_list(Programme::Klj, t(2026, 1), true, &op()).unwrap_err());
    assert!(matches!(e, TahapRefusal::NobodyNew { .. }), "{e:?}");
}

#[test]
fn a_missing_tariff_month_refuses_the_build_naming_it() {
    let svc = setup();
    svc.plan_period(Programme::Kaj, t(2026, 1), date(2026, 1, 20), &op()).unwrap();
    let e = tahap_refusal(svc.build_list(Programme::Kaj, t(2026, 1)).unwrap_err());
    assert!(matches!(e, TahapRefusal::NoTariff { programme: Programme::Kaj, ref months, .. } if months.len() == 3));
    assert!(e.message(Lang::Id).contains("Januari 2026"), "{}", e.message(Lang::Id));
    assert!(e.message(Lang::En).contains("January 2026"), "{}", e.message(Lang::En));
}

#[test]
fn a_person_turning_7_on_the_reference_date_leaves_kaj() {
    let svc = setup();
    let mut child = person(&nik(9), "Anak", Relationship::Child, Sex::Male, date(2019, 4, 1));
    child.history.push(status_entry(DtksStatus::Active, date(2020, 1, 1)));
    child.enrolments.push(enrolment(Programme::Kaj, EnrolmentStatus::Active, date(2020, 1, 1)));
    let mut h = household(&kk(9), KEL, vec![child]);
    h.history.push(status_entry(DtksStatus::Active, date(2020, 1, 1)));
    let draft = AuditDraft { at: svc.now(), user: "op".into(), action: "add".into(), origin: String::new() };
    dtks::testkit::store(&svc).write(&[h], &[], &draft).unwrap();
    svc.save_accounts(&[account(9)], &op()).unwrap();
    svc.add_tariffs(&[Tariff { programme: Programme::Kaj, from: ym(2026, 1), until: None, monthly: 300_000 }], &op())
        .unwrap();
    // Tahap 1 is evaluated on 1 January (aged 6), tahap 2 on 1 April: the 7th birthday.
    for n in 1..=2 {
        svc.plan_period(Programme::Kaj, t(2026, n), t(2026, n).first_day(), &op()).unwrap();
    }
    assert_eq!(svc.build_list(Programme::Kaj, t(2026, 1)).unwrap().rows.len(), 1);
    let b = svc.build_list(Programme::Kaj, t(2026, 2)).unwrap();
    assert!(b.rows.is_empty());
    assert_eq!(b.excluded, vec![(RecipientRule::InCategory, 1)]);
    let why = svc.why(&dtks::testkit::owner(), &nik(9), t(2026, 2)).unwrap();
    let kaj = why.entries.iter().find(|e| e.programme == Programme::Kaj).unwrap();
    assert!(matches!(kaj.standing, Some(Standing::Excluded { first: Exclusion::NotInCategory(_), .. })));
}

#[test]
fn a_merged_period_is_paid_by_the_later_list_never_twice() {
    let svc = setup();
    svc.merge_period(Programme::Klj, t(2026, 1), t(2026, 2), &op()).unwrap();
    let b = svc.build_list(Programme::Klj, t(2026, 2)).unwrap();
    assert_eq!(b.months, ym(2026, 1).through(ym(2026, 6)));
    assert!(b.rows.iter().all(|r| r.amount == 6 * 300_000 && r.months.len() == 6));
}

/// Freezes tahap 1, writes its bank file and imports `results`.
fn paid_tahap_1(svc: &Service, dir: &Path, results: &str) -> dtks::service::tahap::ResultImport {
    svc.freeze_list(Programme::Klj, t(2026, 1), false, &op()).unwrap();
    svc.write_bank_file(Programme::Klj, t(2026, 1), &dir.join("bank.csv"), false, &op()).unwrap();
    let path = dir.join("hasil.csv");
    write(&path, results);
    svc.import_results(&path, &op()).unwrap()
}

fn r(i: u32) -> String {
    format!("KLJ-2026-T1-{}", nik(i))
}

#[test]
fn every_mismatch_kind_through_the_result_import() {
    let svc = setup();
    let dir = tempfile::tempdir().unwrap();
    let results = format!(
        "reference,account,amount,date,status,reason\n\
         {},,900000,2026-03-20,paid,\n\
         {},,900000,2026-03-21,paid,\n\
         {},,800000,2026-03-20,paid,\n\
         {},,900000,2026-03-20,paid,\n\
         ,999999999999,900000,2026-03-20,paid,\n\
         {},000000000000,900000,2026-03-20,failed,rekening salah\n",
        r(1),
        r(1),
        r(2),
        r(7),
        r(3)
    );
    let imp = paid_tahap_1(&svc, dir.path(), &results);
    assert!(imp.rejects.is_empty(), "{:?}", imp.rejects);
    let rec = svc.reconcile(Programme::Klj, t(2026, 1)).unwrap();
    let has = |f: &dyn Fn(&Mismatch) -> bool| rec.mismatches.iter().any(f);
    assert!(has(&|m| matches!(m, Mismatch::PaidTwice { lines, .. } if lines == &[2, 3])), "{:?}", rec.mismatches);
    assert!(has(&|m| matches!(m, Mismatch::AmountDifferent { line: 4, paid: 800_000, .. })));
    assert!(has(&|m| matches!(m, Mismatch::NotOnList { line: 5, .. })));
    assert!(has(&|m| matches!(m, Mismatch::UnknownAccount { line: 6, reference: None, .. })));
    assert!(has(&|m| matches!(m, Mismatch::UnknownAccount { line: 7, reference: Some(_), .. })));
    assert!(has(&|m| matches!(m, Mismatch::OverControl { .. })));
    assert_eq!(rec.failed.len(), 1);
    // Absent: a row the bank never answered.
    let absent = setup();
    let dir2 = tempfile::tempdir().unwrap();
    let results =
        format!("reference,amount,date,status\n{},900000,2026-03-20,paid\n{},900000,2026-03-20,paid\n", r(1), r(2));
    paid_tahap_1(&absent, dir2.path(), &results);
    let rec = absent.reconcile(Programme::Klj, t(2026, 1)).unwrap();
    assert_eq!(rec.mismatches, vec![Mismatch::Absent { reference: r(3) }]);
    assert_eq!(absent.plan(Programme::Klj, t(2026, 1)).unwrap().unwrap().state, PeriodState::PartlyPaid);
}

#[test]
fn a_failed_payment_is_carried_into_the_next_list_once() {
    let svc = setup();
    let dir = tempfile::tempdir().unwrap();
    let results = format!(
        "reference,amount,date,status,reason\n{},900000,2026-03-20,paid,\n{},900000,2026-03-20,paid,\n{},900000,2026-03-20,failed,rekening salah\n",
        r(1),
        r(2),
        r(3)
    );
    paid_tahap_1(&svc, dir.path(), &results);
    assert_eq!(svc.plan(Programme::Klj, t(2026, 1)).unwrap().unwrap().state, PeriodState::PartlyPaid);
    let list = svc.freeze_list(Programme::Klj, t(2026, 2), false, &op()).unwrap();
    let rows = svc.list_rows(&list).unwrap();
    let carried = rows.iter().find(|r| r.nik == nik(3)).unwrap();
    assert_eq!(carried.months.len(), 6);
    assert_eq!(carried.amount, 6 * 300_000);
    assert_eq!(carried.arrears_of, vec![r(3)]);
    assert!(rows.iter().filter(|r| r.nik != nik(3)).all(|r| r.amount == 900_000 && r.arrears_of.is_empty()));
    // Once: a later list does not carry it again.
    svc.plan_period(Programme::Klj, t(2026, 3), date(2026, 7, 20), &op()).unwrap();
    let b = svc.build_list(Programme::Klj, t(2026, 3)).unwrap();
    assert!(b.rows.iter().all(|r| r.arrears_of.is_empty() && r.amount == 900_000));
}

#[test]
fn the_bank_file_is_the_same_when_written_twice_and_never_overwrites() {
    let svc = setup();
    let dir = tempfile::tempdir().unwrap();
    svc.freeze_list(Programme::Klj, t(2026, 1), false, &op()).unwrap();
    for xlsx in [false, true] {
        let ext = if xlsx { "xlsx" } else { "csv" };
        let (a, b) = (dir.path().join(format!("a.{ext}")), dir.path().join(format!("b.{ext}")));
        let f = svc.write_bank_file(Programme::Klj, t(2026, 1), &a, xlsx, &op()).unwrap();
        svc.write_bank_file(Programme::Klj, t(2026, 1), &b, xlsx, &op()).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        assert_eq!(f.totals.recipients, 3);
        let e = svc.write_bank_file(Programme::Klj, t(2026, 1), &a, xlsx, &op()).unwrap_err();
        assert!(matches!(e, ServiceError::Refused(Refusal::WouldOverwrite { .. })), "{e:?}");
    }
    let csv = std::fs::read_to_string(dir.path().join("a.csv")).unwrap();
    assert!(csv.starts_with("reference,account,name,nik,programme,months,amount\n"));
    assert!(csv.contains("TOTAL,,,3,,,2700000\n"), "{csv}");
    assert_eq!(svc.plan(Programme::Klj, t(2026, 1)).unwrap().unwrap().state, PeriodState::BankFileSent);
}

#[test]
fn a_bad_result_file_gives_rejects_by_line_in_both_languages() {
    let svc = setup();
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = format!(
        "reference,amount,date,status\n{},900000,2026-03-20,paid\n{},900000,2026-03-20,paid\nKLJ-2025-T1-{},900000,2026-03-20,paid\n",
        r(1),
        r(1),
        nik(2)
    )
    .into_bytes();
    bytes.extend_from_slice(format!("{},900000,2026-03-20,gagal ", r(3)).as_bytes());
    bytes.extend_from_slice(b"\xff\n");
    svc.freeze_list(Programme::Klj, t(2026, 1), false, &op()).unwrap();
    svc.write_bank_file(Programme::Klj, t(2026, 1), &dir.path().join("bank.csv"), false, &op()).unwrap();
    let path = dir.path().join("hasil.csv");
    std::fs::write(&path, &bytes).unwrap();
    let imp = svc.import_results(&path, &op()).unwrap();
    let got: Vec<(usize, &LineProblem)> = imp.rejects.iter().map(|r| (r.line, &r.problem)).collect();
    assert!(matches!(got[0], (3, LineProblem::Duplicate { first: 2 })), "{got:?}");
    assert!(matches!(got[1], (4, LineProblem::UnknownReference { .. })), "{got:?}");
    assert!(matches!(got[2], (5, LineProblem::NotUtf8)), "{got:?}");
    assert_eq!(imp.saved, 1);
    for r in &imp.rejects {
        let (id, en) = (dtks::i18n::tahap_service::reject(Lang::Id, r), dtks::i18n::tahap_service::reject(Lang::En, r));
        assert!(id.starts_with(&format!("baris {}", r.line)) && en.starts_with(&format!("line {}", r.line)));
        assert_ne!(id, en);
    }
    // A missing column refuses the whole file, naming it.
    write(&path, &format!("reference,amount,status\n{},900000,paid\n", r(1)));
    let e = tahap_refusal(svc.import_results(&path, &op()).unwrap_err());
    assert!(matches!(e, TahapRefusal::MissingColumn { column: "date", .. }));
    assert!(e.message(Lang::Id).contains("kolom 'date' tidak ada"));
    assert!(e.message(Lang::En).contains("column 'date' is missing"));
}

const BIN: &str = env!("CARGO_BIN_EXE_dtks");

fn dtks(db: &Path, args: &[&str]) -> Output {
    dtks_at("2026-03-01 09:00", db, args)
}

fn dtks_at(now: &str, db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .env("DTKS_NOW", now)
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

fn on_disk(db: &Path, n: u32) {
    let svc = Service::open(db, true, Clock::fixed(date(2026, 3, 1), 9, 0)).unwrap();
    setup_with(svc, n);
}

#[test]
fn the_commands_freeze_write_and_answer_why() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    on_disk(&db, 3);
    let o = dtks(&db, &["tahap", "list", "--json"]);
    assert!(o.status.success(), "{}", out(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["plans"][0]["state"], "announced");
    assert_eq!(v["plans"][0]["period"], "2026-T1");
    let o = dtks(&db, &["tahap", "build", "2026-T1", "--program", "klj"]);
    assert!(out(&o).contains("3 penerima, Rp 2.700.000"), "{}", out(&o));
    let o = dtks(&db, &["tahap", "freeze", "2026-T1", "--program", "KLJ", "--json"]);
    assert!(o.status.success(), "{}", out(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["totals"]["recipients"], 3);
    assert_eq!(v["frozen_by"], "uji");
    for (lang, words) in [("id", "sudah dibekukan pada 1 Mar 2026"), ("en", "was frozen on 1 Mar 2026")] {
        let o = dtks(&db, &["--lang", lang, "tahap", "freeze", "2026-T1", "--program", "KLJ"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(out(&o).contains(words), "{}", out(&o));
    }
    let file = tmp.path().join("bank.csv");
    let o = dtks(&db, &["tahap", "bank-file", "2026-T1", "--program", "KLJ", "--out", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", out(&o));
    let o = dtks(&db, &["tahap", "bank-file", "2026-T1", "--program", "KLJ", "--out", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let o = dtks(&db, &["tahap", "why", &nik(2), "2026-T1", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["programmes"][0]["standing"]["code"], "on_list");
    assert_eq!(v["programmes"][0]["row"]["amount"], 900_000);
    let o = dtks(&db, &["--lang", "en", "tahap", "show", "2026-T1", "--program", "KLJ"]);
    assert!(out(&o).contains("3 recipients: KLJ 3"), "{}", out(&o));
    let o = dtks(&db, &["tahap", "diff", "2026-T1", "--program", "KLJ"]);
    assert!(out(&o).contains("3 masuk"), "{}", out(&o));
}

/// A freeze killed part way leaves the list whole or absent, and the
/// database clean.
#[test]
fn a_killed_freeze_leaves_the_list_whole_or_absent() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    on_disk(&db, 30_000);
    let mut child = Command::new(BIN)
        .env("DTKS_NOW", "2026-03-01 09:00")
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "tahap", "freeze", "2026-T1", "--program", "KLJ"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Killed once some rows are written and before the last write.
    let mut written = 0u64;
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        if let Some(n) = line.unwrap().strip_prefix("rows written: ") {
            written = n.parse().unwrap();
            break;
        }
    }
    let _ = child.kill(); // SIGKILL
    child.wait().unwrap();
    let o = dtks(&db, &["check"]);
    assert!(o.status.success(), "check after kill: {}", out(&o));
    let svc = Service::open(&db, false, Clock::fixed(date(2026, 3, 1), 9, 0)).unwrap();
    let lists = svc.frozen_lists(Programme::Klj, t(2026, 1)).unwrap();
    let plan = svc.plan(Programme::Klj, t(2026, 1)).unwrap().unwrap();
    assert_eq!(written, 5000, "killed after the first chunk");
    match lists.as_slice() {
        [] => assert_eq!(plan.state, PeriodState::Announced),
        [l] => {
            let rows = svc.list_rows(l).unwrap();
            assert_eq!(rows.len(), 30_000);
            assert_eq!(dtks::domain::tahap::list::content_hash(&rows), l.hash);
            assert_eq!(plan.state, PeriodState::ListFrozen);
        }
        more => panic!("{} lists", more.len()),
    }
    // A freeze after the kill is whole, whatever the kill left.
    drop(svc);
    if lists.is_empty() {
        let o = dtks(&db, &["tahap", "freeze", "2026-T1", "--program", "KLJ", "--json"]);
        assert!(o.status.success(), "{}", out(&o));
        let svc = Service::open(&db, false, Clock::fixed(date(2026, 3, 1), 9, 0)).unwrap();
        let l = &svc.frozen_lists(Programme::Klj, t(2026, 1)).unwrap()[0];
        assert_eq!(svc.list_rows(l).unwrap().len(), 30_000);
        // The chunks the killed freeze left are gone.
        assert_eq!(dtks::testkit::store(&svc).record_ids(dtks::store::kinds::TAHAP_ROWS, "").unwrap().len(), 6);
    }
}

/// The sample's disbursement history gives every command something to show.
#[test]
fn the_sample_has_paid_late_merged_failed_and_double_payments() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
    let o = dtks_at("2026-11-24 10:42", &db, &["import", sample.to_str().unwrap()]);
    assert!(o.status.success(), "{}", out(&o));
    let svc = Service::open(&db, false, Clock::fixed(date(2026, 11, 1), 9, 0)).unwrap();
    let plans = svc.plans(Some(2026)).unwrap();
    let klj: Vec<_> = plans.iter().filter(|p| p.programme == Programme::Klj).collect();
    assert_eq!(klj.len(), 4);
    assert!(klj[..3].iter().all(|p| p.state.has_payment()));
    assert_eq!(klj[2].payments, vec![date(2026, 8, 28)]);
    assert!(klj[2].payments[0] > klj[2].planned, "tahap 3 paid late");
    assert_eq!(klj[3].state, PeriodState::Announced);
    assert!(klj[3].days_late(date(2026, 11, 1)).is_some());
    let merged = plans.iter().filter(|p| p.state == PeriodState::Merged).count();
    assert_eq!(merged, 2);
    let rec = svc.reconcile(Programme::Klj, t(2026, 3)).unwrap();
    assert!(matches!(rec.mismatches.as_slice(), [Mismatch::PaidTwice { .. }]), "{:?}", rec.mismatches);
    assert!(!rec.failed.is_empty());
    // Tahap 1's failures are carried into tahap 2 as arrears.
    let t2 = svc.period_rows(Programme::Klj, t(2026, 2)).unwrap();
    assert!(t2.iter().any(|r| !r.arrears_of.is_empty() && r.months.len() == 6));
    // Accounts missing, dormant or closed leave people out by that rule.
    let built = svc.build_list(Programme::Klj, t(2026, 4)).unwrap();
    assert!(built.excluded.iter().any(|(r, n)| *r == RecipientRule::AccountUsable && *n > 0));
    // Importing again changes nothing.
    drop(svc);
    let o = dtks_at("2026-11-24 10:42", &db, &["import", sample.to_str().unwrap()]);
    assert!(o.status.success(), "{}", out(&o));
}

#[test]
fn results_of_a_list_not_frozen_and_bad_account_lines_are_refused_in_both_languages() {
    let svc = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hasil.csv");
    write(&path, &format!("reference,amount,date,status\n{},900000,2026-03-20,paid\n", r(1)));
    let e = tahap_refusal(svc.import_results(&path, &op()).unwrap_err());
    assert!(matches!(e, TahapRefusal::NotFrozen { programme: Programme::Klj, .. }), "{e:?}");
    assert!(e.message(Lang::Id).contains("belum dibekukan"));
    assert!(e.message(Lang::En).contains("not frozen yet"));
    write(&path, "reference,amount,date,status\nABC,900000,2026-03-20,paid\n");
    let e = tahap_refusal(svc.import_results(&path, &op()).unwrap_err());
    assert!(matches!(e, TahapRefusal::NoListInResults { .. }), "{e:?}");
    let accounts = dir.path().join("rekening.csv");
    write(
        &accounts,
        &format!(
            "nik,bank,account,opened,status\n{},Bank DKI,12A4567890,2021-01-01,open\n{},Bank DKI,001234567890,2021-01-01,pasif\n",
            nik(1),
            nik(2)
        ),
    );
    let imp = svc.import_accounts(&accounts, &op()).unwrap();
    assert_eq!(imp.saved, 1);
    assert!(matches!(imp.rejects.as_slice(), [Reject { line: 2, problem: LineProblem::BadAccount { .. } }]));
    let (id, en) = (
        dtks::i18n::tahap_service::reject(Lang::Id, &imp.rejects[0]),
        dtks::i18n::tahap_service::reject(Lang::En, &imp.rejects[0]),
    );
    assert!(id.starts_with("baris 2: ") && en.starts_with("line 2: "), "{id} / {en}");
    assert_ne!(id, en);
    assert_eq!(svc.account(&nik(2)).unwrap().unwrap().status, AccountStatus::Dormant);
}

/// A deceased recipient with a certificate, decided (urgent) by a second
/// user on 1 Mar 2026 while tahap 1 is frozen: the decision holds from
/// tahap 2, which leaves her out naming it; tahap 1 keeps her.
fn deceased_decision(svc: &Service, i: u32) -> u64 {
    use dtks::domain::deactivation::{
        DeletionGround, Direction, DocumentKind, Evidence, Ground, Origin, Outcome, Scope,
    };
    use dtks::domain::tahap::period::ScheduleEntry;
    use dtks::domain::tahap::{PeriodKind, PeriodSchedule};
    use dtks::service::deactivation::{NewProposal, Target};
    let quarterly =
        PeriodSchedule::new(vec![ScheduleEntry { from: ym(2026, 1), kind: PeriodKind::Quarterly }]).unwrap();
    svc.set_schedule(Programme::Klj, &quarterly, &op()).unwrap();
    let certificate = Evidence {
        kind: DocumentKind::DeathCertificate,
        number: "3171-KM-20022026-0001".into(),
        date: Some(date(2026, 2, 20)),
        files: vec![],
        reference: None,
        asset: None,
        note: String::new(),
    };
    let new = NewProposal {
        target: Target::Nik(nik(i)),
        direction: Direction::Deactivate(Ground::Deletion(DeletionGround::Deceased)),
        evidence: vec![certificate],
        scope: Scope::All,
        origin: Origin::Monev,
    };
    let p = svc.propose(new, &Actor::new("petugas")).unwrap();
    let cal = svc.deactivation_calendar().unwrap();
    let done = svc.decide_proposal(p.id, Outcome::Approve, "", &Actor::new("kabid"), &cal.calendar()).unwrap();
    assert_eq!(done.decision.unwrap().plan.unwrap().programmes[0].period.as_deref(), Some("2026-T2"));
    p.id
}

#[test]
fn a_decision_leaves_the_next_unfrozen_list_and_the_diff_names_it() {
    let svc = setup();
    let t1 = svc.freeze_list(Programme::Klj, t(2026, 1), false, &op()).unwrap();
    let t1_rows = svc.period_rows(Programme::Klj, t(2026, 1)).unwrap();
    let id = deceased_decision(&svc, 1);
    // The frozen list keeps her, its hash unchanged.
    assert_eq!(svc.frozen_lists(Programme::Klj, t(2026, 1)).unwrap()[0].hash, t1.hash);
    assert_eq!(svc.period_rows(Programme::Klj, t(2026, 1)).unwrap(), t1_rows);
    assert!(t1_rows.iter().any(|r| r.nik == nik(1)));
    // The next list leaves her out, counted under the deactivation rule.
    let built = svc.build_list(Programme::Klj, t(2026, 2)).unwrap();
    assert_eq!(built.rows.iter().map(|r| r.nik.clone()).collect::<Vec<_>>(), [nik(2), nik(3)]);
    assert_eq!(built.excluded, [(RecipientRule::NotDeactivated, 1)]);
    let named = |s: &Option<Standing>| match s {
        Some(Standing::Excluded { first: Exclusion::Deactivated(d), .. }) => {
            assert_eq!((d.decision, d.decided, d.effective), (id, date(2026, 3, 1), date(2026, 4, 1)));
            true
        }
        _ => false,
    };
    let why = svc.why(&dtks::testkit::owner(), &nik(1), t(2026, 2)).unwrap();
    assert!(named(&why.entries[0].standing), "{:?}", why.entries);
    // Tahap 1 still answers "on the list".
    assert_eq!(
        svc.why(&dtks::testkit::owner(), &nik(1), t(2026, 1)).unwrap().entries[0].standing,
        Some(Standing::OnList)
    );
    svc.freeze_list(Programme::Klj, t(2026, 2), false, &op()).unwrap();
    let c = svc.list_changes(&dtks::testkit::owner(), Programme::Klj, t(2026, 2)).unwrap();
    assert_eq!(c.left.len(), 1);
    assert_eq!(c.left[0].0.nik, nik(1));
    assert!(named(&c.left[0].1), "{:?}", c.left);
    assert!(c.entered.is_empty());
}

#[test]
fn tahap_why_and_diff_on_the_command_line_name_the_decision() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let id = {
        let svc = Service::open(&db, true, Clock::fixed(date(2026, 3, 1), 9, 0)).unwrap();
        let svc = setup_with(svc, 3);
        svc.freeze_list(Programme::Klj, t(2026, 1), false, &op()).unwrap();
        let id = deceased_decision(&svc, 1);
        svc.freeze_list(Programme::Klj, t(2026, 2), false, &op()).unwrap();
        id
    };
    let o = dtks(&db, &["tahap", "why", &nik(1), "2026-T2"]);
    assert!(o.status.success(), "{}", out(&o));
    let text = out(&o);
    assert!(text.contains(&format!("Dinonaktifkan oleh keputusan #{id} karena")), "{text}");
    assert!(text.contains("penghapusan: meninggal dunia (diputuskan 1 Mar 2026), berlaku sejak 1 Apr 2026"), "{text}");
    let o = dtks(&db, &["--lang", "en", "tahap", "diff", "2026-T2", "--program", "KLJ"]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(
        out(&o).contains("because deletion: deceased (decided 1 Mar 2026), in effect from 1 Apr 2026"),
        "{}",
        out(&o)
    );
    let o = dtks(&db, &["tahap", "why", &nik(1), "2026-T2", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let text = v.to_string();
    assert!(text.contains("\"rule\":\"not_deactivated\""), "{text}");
    assert!(text.contains(&format!("\"decision\":{id}")), "{text}");
}

#[test]
fn a_reverted_or_reinstated_decision_no_longer_leaves_anyone_out() {
    use dtks::domain::deactivation::Outcome;
    let svc = setup();
    svc.freeze_list(Programme::Klj, t(2026, 1), false, &op()).unwrap();
    let kept = deceased_decision(&svc, 1);
    let reverted = deceased_decision(&svc, 2);
    let reinstated = deceased_decision(&svc, 3);
    let cal = svc.deactivation_calendar().unwrap();
    svc.revert_proposal(reverted, "Salah NIK", &Actor::new("kabid"), &cal.calendar()).unwrap();
    svc.appeal_proposal(reinstated, "Masih hidup; KTP diperiksa", &Actor::new("petugas")).unwrap();
    let cal = svc.deactivation_calendar().unwrap();
    svc.decide_appeal(reinstated, Outcome::Approve, "Terbukti", &Actor::new("kadis"), &cal.calendar()).unwrap();
    let built = svc.build_list(Programme::Klj, t(2026, 2)).unwrap();
    assert_eq!(built.rows.iter().map(|r| r.nik.clone()).collect::<Vec<_>>(), [nik(2), nik(3)]);
    assert_eq!(built.excluded, [(RecipientRule::NotDeactivated, 1)]);
    match &svc.why(&dtks::testkit::owner(), &nik(1), t(2026, 2)).unwrap().entries[0].standing {
        Some(Standing::Excluded { first: Exclusion::Deactivated(d), .. }) => assert_eq!(d.decision, kept),
        other => panic!("{other:?}"),
    }
}

/// A result import killed after its first ledgers: the list's results are
/// whole or flagged as cut off; only the same file may then be imported,
/// the next list is not frozen meanwhile, and the same file completes it
/// with every month paid once.
#[test]
fn a_killed_result_import_is_finished_by_the_same_file_and_pays_once() {
    const N: u32 = 12_000;
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    on_disk(&db, N);
    let o = dtks(&db, &["tahap", "freeze", "2026-T1", "--program", "KLJ"]);
    assert!(o.status.success(), "{}", out(&o));
    let bank = tmp.path().join("bank.csv");
    let o = dtks(&db, &["tahap", "bank-file", "2026-T1", "--program", "KLJ", "--out", bank.to_str().unwrap()]);
    assert!(o.status.success(), "{}", out(&o));
    let mut results = String::from("reference,amount,date,status\n");
    for i in 1..=N {
        results.push_str(&format!("{},900000,2026-03-20,paid\n", r(i)));
    }
    let file = tmp.path().join("hasil-t1.csv");
    write(&file, &results);
    let mut child = Command::new(BIN)
        .env("DTKS_NOW", "2026-03-21 09:00")
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "tahap", "import-results"])
        .arg(&file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut written = 0u64;
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        if let Some(n) = line.unwrap().strip_prefix("rows written: ") {
            written = n.parse().unwrap();
            break;
        }
    }
    let _ = child.kill();
    child.wait().unwrap();
    assert_eq!(written, 2000, "killed after the first chunk of ledgers");
    let o = dtks(&db, &["check"]);
    assert!(o.status.success(), "check after kill: {}", out(&o));
    let svc = Service::open(&db, false, Clock::fixed(date(2026, 3, 21), 9, 0)).unwrap();
    let stored = svc.results(Programme::Klj, t(2026, 1)).unwrap().len();
    let cut = svc.interrupted_results(Programme::Klj).unwrap();
    match (&cut, stored) {
        (Some(_), 0) => {
            // Another file is refused, naming the one cut off.
            let other = tmp.path().join("lain.csv");
            write(&other, &format!("reference,amount,date,status\n{},900000,2026-03-20,paid\n", r(1)));
            let e = tahap_refusal(svc.import_results(&other, &op()).unwrap_err());
            assert!(e.message(Lang::En).contains("hasil-t1.csv"), "{}", e.message(Lang::En));
            assert!(e.message(Lang::Id).contains("impor lagi berkas yang sama"), "{}", e.message(Lang::Id));
            let e = tahap_refusal(svc.freeze_list(Programme::Klj, t(2026, 2), false, &op()).unwrap_err());
            assert!(matches!(e, TahapRefusal::ResultsInterrupted { .. }), "{e:?}");
            let imp = svc.import_results(&file, &op()).unwrap();
            assert_eq!((imp.saved, imp.rejects.len()), (N as usize, 0));
        }
        (None, n) => assert_eq!(n, N as usize, "the import finished before the kill"),
        (Some(_), n) => panic!("marker left beside {n} stored results"),
    }
    assert!(svc.interrupted_results(Programme::Klj).unwrap().is_none());
    let rec = svc.reconcile(Programme::Klj, t(2026, 1)).unwrap();
    assert!(rec.mismatches.is_empty() && rec.failed.is_empty(), "{:?}", rec.mismatches);
    // Every tahap 1 month was paid once: tahap 2 pays its own three only.
    let b = svc.build_list(Programme::Klj, t(2026, 2)).unwrap();
    assert_eq!(b.rows.len(), N as usize);
    assert!(b.rows.iter().all(|r| r.months == ym(2026, 4).through(ym(2026, 6)) && r.arrears_of.is_empty()));
}

#[test]
fn a_worker_of_another_kelurahan_sees_no_row_of_the_list_and_is_refused_why() {
    let svc = setup();
    svc.freeze_list(Programme::Klj, t(2026, 1), false, &op()).unwrap();
    let me = dtks::testkit::owner();
    for (name, area) in [("sari", KEL), ("budi", "31.71.01.1002")] {
        let a = svc.parse_access(name, "petugas", Some(area)).unwrap();
        svc.add_user(name, None, &a, &me).unwrap();
    }
    let over_ssh = |u: &str| Actor::from(u, dtks::service::Origin::Ssh { addr: None });
    let (sari, budi) = (over_ssh("sari"), over_ssh("budi"));
    let hers = svc.tahap_view(&sari, Programme::Klj, t(2026, 1)).unwrap();
    assert_eq!((hers.rows.len(), hers.kelurahan.len()), (3, 1));
    let his = svc.tahap_view(&budi, Programme::Klj, t(2026, 1)).unwrap();
    assert!(his.rows.is_empty() && his.kelurahan.is_empty(), "{:?}", his.rows);
    // The list's totals are the list's, not anyone's persons.
    assert_eq!(his.lists[0].totals.recipients, 3);
    assert_eq!(svc.list_changes(&sari, Programme::Klj, t(2026, 1)).unwrap().entered.len(), 3);
    assert!(svc.list_changes(&budi, Programme::Klj, t(2026, 1)).unwrap().entered.is_empty());
    assert!(svc.why(&sari, &nik(1), t(2026, 1)).is_ok());
    assert!(svc.why(&budi, &nik(1), t(2026, 1)).is_err());
    let preview = svc.preview_list(&budi, Programme::Klj, t(2026, 2)).unwrap();
    assert!(preview.built.rows.is_empty());
    // The changes as a file hold whole NIKs: an operator's export, audited.
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("diff.csv");
    assert!(svc.write_list_changes(&sari, Programme::Klj, t(2026, 1), &out, false, Lang::Id).is_err());
    assert!(!out.exists());
    let f = svc.write_list_changes(&me, Programme::Klj, t(2026, 1), &out, false, Lang::Id).unwrap();
    assert_eq!(f.rows, 3);
    let of_owner = svc.audit_events(&me, &dtks::service::audit::AuditQuery::User(me.user.clone())).unwrap();
    let export = of_owner.iter().find(|e| e.action.starts_with("export.tahap-diff")).expect("the export is audited");
    assert_eq!(export.subjects, [nik(1), nik(2), nik(3)]);
}
