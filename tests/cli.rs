//! The `dtks` binary end to end on temporary databases: lookups over the
//! whole sample, import rejects, structural errors, the lock and the export
//! round trip (the kill tests are `import_kill`).

use std::path::Path;
use std::process::{Command, Output, Stdio};

use dtks::domain::names;
use dtks::service::Service;
use dtks::store::{OpenOptions, Store};
use dtks::testkit;

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, HH_HEADER, NOW, P_HEADER, clock, sample_dir};

fn dtks(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .env("DTKS_NOW", NOW)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("DTKS_USER", "uji")
        .stdin(Stdio::null())
        .output()
        .expect("run dtks")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// (nik, no_kk, name) of every row of a persons.csv.
fn persons(path: &Path) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].to_string(), rec[1].to_string(), rec[2].to_string())
        })
        .collect()
}

/// The same name in the other spelling: pre-1972 (j → dj, c → tj, u → oe)
/// for a modern name, modern for an old one.
fn old_spelling(name: &str) -> String {
    let n = name.to_lowercase();
    if n.contains("tj") || n.contains("dj") || n.contains("oe") {
        n.replace("tj", "c").replace("dj", "j").replace("oe", "u")
    } else {
        n.replace("ch", "\u{1}").replace('j', "dj").replace('c', "tj").replace('u', "oe").replace('\u{1}', "ch")
    }
}

#[test]
fn lookup_finds_every_sample_person_by_nik_kk_name_and_old_spelling() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let out = dtks(&db, &["import", sample_dir().to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let all = persons(&sample_dir().join("persons.csv"));
    assert!(all.len() > 5000);
    let svc = Service::open(&db, false, clock()).unwrap();
    let store = testkit::store(&svc);
    for (nik, kk, name) in &all {
        assert!(store.kks_by_nik(nik).unwrap().contains(kk), "NIK {nik}");
        let h = store.household(kk).unwrap().unwrap_or_else(|| panic!("KK {kk}"));
        assert!(h.member(nik).is_some(), "{nik} in {kk}");
        for q in [name.clone(), old_spelling(name)] {
            let hits = store.search_names(&names::fold_query(&q), 1000).unwrap();
            assert!(hits.iter().any(|h| &h.nik == nik), "'{q}' does not find {nik} {name}");
        }
    }
    // As typed, names spelt that way come before those a half-typed letter
    // pair could become: "soek" lists Soekarno/Sukardi before Sugiono.
    let page = svc
        .search(
            &dtks::testkit::owner(),
            &dtks::service::browse::Filter { query: "soek".into(), ..Default::default() },
            5,
        )
        .unwrap();
    let first = &page.lines[0];
    let h = store.household(&first.no_kk).unwrap().unwrap();
    let nik = first.matched.clone().unwrap_or_default();
    let name = h.member(&nik).map_or(first.head.clone(), |p| p.name.clone());
    assert!(names::fold(&name).starts_with("suk"), "first hit for 'soek': {name}");
    drop(svc);
    // The whole process, as a supervisor runs it over SSH.
    let (nik, kk, name) = &all[17];
    let out = dtks(&db, &["lookup", nik]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains(name.as_str()));
    let out = dtks(&db, &["lookup", kk, "--json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["matched_by"], "kk");
    assert_eq!(json["households"][0]["no_kk"], kk.as_str());
    let out = dtks(&db, &["lookup", &old_spelling(name)]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let out = dtks(&db, &["lookup", "3171999999999999"]);
    assert_eq!(out.status.code(), Some(1), "not found exits 1");
    let out = dtks(&db, &["check"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
}

fn hh(kk: &str, kel: &str) -> String {
    format!("{kk},{kel},5,3,Jl. Kenanga,semen,tembok,seng,pln_meteran,ledeng,sendiri,gas,,2")
}

fn person(nik: &str, kk: &str, name: &str, born: &str, sex: &str, rel: &str) -> String {
    format!("{nik},{kk},{name},Jakarta,{born},{sex},Ibu {name},{rel},kawin,buruh,,tidak,")
}

#[test]
fn bad_rows_are_rejected_with_reasons_and_can_be_fixed_and_reimported() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    let db = tmp.path().join("db");
    let kel = "31.75.03.1001";
    let households = [
        HH_HEADER.to_string(),
        hh("3175030101100001", kel),             // good
        hh("3175030101100002", kel),             // two heads
        hh("3175030101100003", kel),             // no head
        hh("3175030101100004", "31.75.03.9999"), // unknown kelurahan
        hh("3175030101100005", kel),             // duplicate NIK of household 1: kept, warned
        hh("3175030101100006", kel),             // a member with a malformed date
    ];
    let people = [
        P_HEADER.to_string(),
        person("3175031304770001", "3175030101100001", "Budi Santoso", "1977-04-13", "L", "kepala"),
        person("3175035006810002", "3175030101100001", "Siti Aminah", "1981-06-10", "P", "pasangan"),
        person("3175031304770003", "3175030101100002", "Joko Widodo", "1977-04-13", "L", "kepala"),
        person("3175031304770004", "3175030101100002", "Agus Salim", "1977-04-13", "L", "kepala"),
        person("3175035006810005", "3175030101100003", "Rina Wati", "1981-06-10", "P", "pasangan"),
        person("3175031304770006", "3175030101100004", "Asep Sunandar", "1977-04-13", "L", "kepala"),
        person("3175031304770007", "3175030101100005", "Bambang Sutejo", "1977-04-13", "L", "kepala"),
        person("3175035006810002", "3175030101100005", "Siti Aminah", "1981-06-10", "P", "pasangan"),
        person("3175031304770008", "3175030101100006", "Dedi Mulyadi", "1977-04-13", "L", "kepala"),
        person("3175035006810009", "3175030101100006", "Euis", "31-02-1981", "P", "pasangan"),
        person("3175031304770010", "3175030101100099", "Tanpa KK", "1977-04-13", "L", "kepala"),
        person("12345", "3175030101100098", "NIK Pendek", "1990-01-01", "L", "anak"),
    ];
    std::fs::write(dir.join("households.csv"), households.join("\r\n")).unwrap();
    std::fs::write(dir.join("persons.csv"), people.join("\r\n")).unwrap();
    let out = dtks(&db, &["--lang", "en", "import", dir.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "rows rejected exits 1: {stdout}");
    let svc = Service::open(&db, false, clock()).unwrap();
    let st = testkit::store(&svc);
    assert!(st.household("3175030101100001").unwrap().is_some());
    assert!(st.household("3175030101100005").unwrap().is_some(), "a duplicate NIK is kept");
    assert_eq!(st.kks_by_nik("3175035006810002").unwrap().len(), 2, "and listed in both KKs");
    for kk in ["3175030101100002", "3175030101100003", "3175030101100004"] {
        assert!(st.household(kk).unwrap().is_none(), "{kk} must be rejected whole");
    }
    // A row that cannot be read takes its household with it: never imported short.
    assert!(st.household("3175030101100006").unwrap().is_none());
    drop(svc);
    assert!(
        stdout.contains("also in KK") || text(&out.stderr).contains("also in KK") || stdout.contains("duplicates"),
        "{stdout}"
    );
    let rejects = std::fs::read_to_string(dir.join("persons.rejects.csv")).unwrap();
    for (fragment, why) in [
        ("Agus Salim", "head"),
        ("Rina Wati", "head"),
        ("Asep Sunandar", "31.75.03.9999"),
        ("Euis", "tanggal_lahir"),
        ("Dedi Mulyadi", "with its household"),
        ("Tanpa KK", "household"),
        ("NIK Pendek", "16"),
    ] {
        let line = rejects
            .lines()
            .find(|l| l.contains(fragment))
            .unwrap_or_else(|| panic!("{fragment} not in rejects:\n{rejects}"));
        assert!(line.to_lowercase().contains(&why.to_lowercase()), "{fragment}: {line}");
    }
    // The user fixes the rejects file and imports it again as it is.
    let fixed = rejects
        .replace("31-02-1981", "28-02-1981")
        .replace(
            "Agus Salim,Jakarta,1977-04-13,L,Ibu Agus Salim,kepala",
            "Agus Salim,Jakarta,1977-04-13,L,Ibu Agus Salim,anak",
        )
        .replace(
            "Rina Wati,Jakarta,1981-06-10,P,Ibu Rina Wati,pasangan",
            "Rina Wati,Jakarta,1981-06-10,P,Ibu Rina Wati,kepala",
        );
    let fixed_path = dir.join("persons-fixed.csv");
    std::fs::write(&fixed_path, fixed).unwrap();
    let hh_rejects = dir.join("households.rejects.csv");
    let out = dtks(&db, &["import", hh_rejects.to_str().unwrap(), fixed_path.to_str().unwrap()]);
    let svc = Service::open(&db, false, clock()).unwrap();
    for kk in ["3175030101100002", "3175030101100003", "3175030101100006"] {
        assert!(testkit::store(&svc).household(kk).unwrap().is_some(), "{kk} after the fix: {}", text(&out.stdout));
    }
    assert_eq!(testkit::store(&svc).household("3175030101100006").unwrap().unwrap().members.len(), 2);
    assert!(svc.check().unwrap().is_clean());
}

#[test]
fn rejects_and_warnings_are_in_indonesian_by_default() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let kel = "31.75.03.1001";
    let households = [HH_HEADER.to_string(), hh("3175030101100001", kel), hh("3175030101100005", kel)];
    let people = [
        P_HEADER.to_string(),
        person("3175031304770001", "3175030101100001", "Budi Santoso", "1977-04-13", "L", "kepala"),
        person("3175035006810002", "3175030101100001", "Siti Aminah", "1981-06-10", "P", "pasangan"),
        person("3175031304770007", "3175030101100005", "Bambang Sutejo", "1977-04-13", "L", "kepala"),
        person("3175035006810002", "3175030101100005", "Siti Aminah", "1981-06-10", "P", "pasangan"),
        person("3175035006810009", "3175030101100090", "Euis", "31-02-1981", "P", "anak"),
        person("3175031304770010", "3175030101100099", "Tanpa KK", "1977-04-13", "L", "kepala"),
        person("12345", "3175030101100091", "NIK Pendek", "1990-01-01", "L", "anak"),
        person("3175031304770011", "3175030101100092", "Kode Salah", "1990-01-01", "X", "anak"),
    ];
    std::fs::write(tmp.path().join("households.csv"), households.join("\r\n")).unwrap();
    std::fs::write(tmp.path().join("persons.csv"), people.join("\r\n")).unwrap();
    let out = dtks(&db, &["import", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let rejects = std::fs::read_to_string(tmp.path().join("persons.rejects.csv")).unwrap();
    let said = format!("{}\n{}\n{rejects}", text(&out.stdout), text(&out.stderr));
    for expected in [
        "bukan tanggal yang ada",
        "tidak ada di register maupun di berkas keluarga",
        "berisi 5 digit; harus 16",
        "bukan salah satu dari",
        "juga ada di KK",
        "baris ",
        "kolom ",
    ] {
        assert!(said.contains(expected), "'{expected}' missing:\n{said}");
    }
    for english in [" is ", " not ", "line ", "column ", " the ", " must "] {
        assert!(!said.contains(english), "English '{english}' in:\n{said}");
    }
}

#[test]
fn reimporting_the_same_rows_updates_and_never_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let sample = sample_dir();
    assert!(dtks(&db, &["import", sample.to_str().unwrap()]).status.success());
    let out = dtks(&db, &["--lang", "en", "import", sample.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("Import done: 0 households"), "{}", text(&out.stdout));
    let svc = Service::open(&db, false, clock()).unwrap();
    assert_eq!(testkit::store(&svc).household_count().unwrap(), 1500);
}

#[test]
fn reimporting_the_register_keeps_what_decisions_did() {
    use dtks::domain::{DtksStatus, EnrolmentStatus};
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let sample = sample_dir();
    assert!(dtks(&db, &["import", sample.to_str().unwrap()]).status.success());
    // The sample approves a deactivation of this person.
    let nik = "3175030107521385";
    let person = |db: &Path| {
        let svc = Service::open(db, false, clock()).unwrap();
        let store = testkit::store(&svc);
        let kk = store.kks_by_nik(nik).unwrap().remove(0);
        store.household(&kk).unwrap().unwrap().member(nik).unwrap().clone()
    };
    let before = person(&db);
    assert_eq!(before.status(), DtksStatus::Inactive);
    let decided = before.history.last().unwrap().clone();
    assert!(decided.note.starts_with("penonaktifan:"), "{decided:?}");
    assert!(before.enrolments.iter().any(|e| e.status == EnrolmentStatus::Stopped));

    // The register's own files again, without the decisions to replay.
    let files: Vec<String> = std::fs::read_dir(&sample)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().unwrap() != "nonaktif.jsonl")
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    let args: Vec<&str> = ["--lang", "en", "import"].into_iter().chain(files.iter().map(String::as_str)).collect();
    let out = dtks(&db, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Import done: 0 households"), "{}", text(&out.stdout));
    let after = person(&db);
    assert_eq!(after.status(), DtksStatus::Inactive);
    assert_eq!(after.history.last(), Some(&decided), "the decision is still the entry that holds");
    assert_eq!(after.enrolments, before.enrolments, "enrolments still ended");
    let check = dtks(&db, &["--lang", "en", "check"]);
    assert!(check.status.success(), "{}\n{}", text(&check.stdout), text(&check.stderr));
}

#[test]
fn structural_errors_import_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a_households.csv"), format!("{HH_HEADER}\n{}\n", hh("3175030101100001", "31.75.03.1001")))
        .unwrap();
    std::fs::write(
        dir.join("b_persons.csv"),
        format!(
            "{P_HEADER}\n{}\n",
            person("3175031304770001", "3175030101100001", "Budi", "1977-04-13", "L", "kepala")
        ),
    )
    .unwrap();
    // One good pair of files and one without its required columns.
    std::fs::write(dir.join("c_broken.csv"), "nik,no_kk,nama\n3175031304770001,3175030101100001,Budi\n").unwrap();
    let out = dtks(&db, &["--lang", "en", "import", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("c_broken.csv") && err.contains("tanggal_lahir"), "{err}");
    let svc = Service::open(&db, false, clock()).unwrap();
    assert_eq!(testkit::store(&svc).household_count().unwrap(), 0, "nothing imported");
    drop(svc);

    std::fs::write(dir.join("c_broken.csv"), "").unwrap();
    let out = dtks(&db, &["import", dir.join("c_broken.csv").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("berkasnya kosong"), "{}", text(&out.stderr));

    // A delimiter Excel never writes: the header names no table.
    std::fs::write(dir.join("c_broken.csv"), P_HEADER.replace(',', "|") + "\n").unwrap();
    let out = dtks(&db, &["import", dir.join("c_broken.csv").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("c_broken.csv") && text(&out.stderr).contains("baris judul"),
        "{}",
        text(&out.stderr)
    );

    let out = dtks(&db, &["import", tmp.path().join("no-such-dir").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no-such-dir"), "{}", text(&out.stderr));
}

#[test]
fn a_database_in_use_gives_one_line_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let _held = Store::open(&db, &OpenOptions { create: true, ..OpenOptions::default() }).unwrap();
    for (lang, words) in [("en", "another dtks"), ("id", "dtks lain")] {
        let out = dtks(&db, &["--lang", lang, "lookup", "budi"]);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(db.to_str().unwrap()) && err.contains(words), "{err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn import_of_an_export_reproduces_the_database() {
    let tmp = tempfile::tempdir().unwrap();
    let (db1, db2) = (tmp.path().join("db1"), tmp.path().join("db2"));
    let (ex1, ex2) = (tmp.path().join("ex1"), tmp.path().join("ex2"));
    assert!(dtks(&db1, &["import", sample_dir().to_str().unwrap()]).status.success());
    assert!(dtks(&db1, &["export", "--out", ex1.to_str().unwrap(), "--xlsx"]).status.success());
    let out = dtks(&db2, &["import", ex1.join("dtks.xlsx").to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dtks(&db2, &["export", "--out", ex2.to_str().unwrap()]).status.success());
    for f in ["households.csv", "persons.csv", "history.csv", "enrolments.csv"] {
        let a = std::fs::read(ex1.join(f)).unwrap();
        let b = std::fs::read(ex2.join(f)).unwrap();
        assert!(a == b, "{f} differs after export → import → export");
    }
    let s1 = Service::open(&db1, false, clock()).unwrap();
    let s2 = Service::open(&db2, false, clock()).unwrap();
    let h1: Vec<_> = testkit::store(&s1).iter_households().map(|h| h.unwrap()).collect();
    let h2: Vec<_> = testkit::store(&s2).iter_households().map(|h| h.unwrap()).collect();
    assert_eq!(h1, h2);
}

#[test]
fn commands_that_need_a_terminal_say_so_and_demo_prints_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let out = dtks(&db, &["tui"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr).trim().lines().count(), 1);
    let out = Command::new(BIN).env("DTKS_NOW", NOW).arg("demo").stdin(Stdio::null()).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Kampung Melayu"), "{}", text(&out.stdout));
}
