//! `dtks import --explain`, `--kelurahan` and `dtks export --format
//! siks-ng-usulan` on the command line.

use std::path::Path;
use std::process::{Command, Output, Stdio};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW};
#[path = "support/office.rs"]
mod office;

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

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn explain_shows_layout_mapping_and_rows_and_imports_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = office::fixtures(tmp.path());
    let db = tmp.path().join("db");
    let file = dir.join("bdt2015.csv");
    let o = dtks(&db, &["--lang", "en", "import", "--explain", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = out(&o);
    for want in [
        "Layout: BDT 2015 (TNP2K) wide sheet [bdt-2015]",
        "Hubungan dengan kepala keluarga (18) → hubungan (BPS/DTKS Hub_KRT 1–8 (2 wife/husband, 3 child))",
        "NIK (16) → nik (16 digit)",
        "Columns dtks does not hold (ignored): Nama KRT (13), Agama (23)",
        "persons: nik=3174044504120002, no_kk=3174041507120003, nama=RINA",
        "hubungan=Grandchild",
        "lantai=Unknown",
        "tanggal_lahir=5 Apr 2012",
        "Nothing was imported (--explain).",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    assert!(!dir.join("bdt2015.rejects.csv").exists());
    // Nothing was imported: the real import creates the household.
    let o = dtks(&db, &["--lang", "en", "import", file.to_str().unwrap()]);
    assert!(out(&o).contains("1 new"), "{}", out(&o));
}

#[test]
fn explain_in_indonesian_and_a_missing_kelurahan_said() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = office::fixtures(tmp.path());
    let db = tmp.path().join("db");
    let file = dir.join("opensid.csv");
    let o = dtks(&db, &["import", "--explain", file.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--kelurahan 31.71.01.1001"), "{err}");
    let o = dtks(&db, &["import", "--explain", "--kelurahan", "3171011002", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = out(&o);
    assert!(text.contains("Format: OpenSID \"Data Penduduk\" [opensid]"), "{text}");
    assert!(text.contains("kk_level → hubungan (SHDK Dukcapil 1–11 (2 suami, 3 istri, 4 anak))"), "{text}");
    assert!(text.contains("kelurahan=31.71.01.1002"), "{text}");
    assert!(text.contains("Tidak ada yang diimpor (--explain)."), "{text}");
}

#[test]
fn an_ambiguous_file_is_refused_naming_the_candidates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = office::fixtures(tmp.path());
    let db = tmp.path().join("db");
    let file = dir.join("ambiguous.csv");
    let o = dtks(&db, &["--lang", "en", "import", file.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "fits more than one layout (OpenSID \"Data Penduduk\", SIAK (Dukcapil) columns); nothing was imported"
        ),
        "{err}"
    );
}

#[test]
fn the_import_report_names_layout_schemes_and_ignored_columns_and_export_writes_the_template() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = office::fixtures(tmp.path());
    let db = tmp.path().join("db");
    let o = dtks(&db, &["--lang", "en", "import", dir.join("siak.csv").to_str().unwrap()]);
    let text = out(&o);
    assert!(text.contains("siak.csv: layout SIAK (Dukcapil) columns"), "{text}");
    assert!(text.contains("column STAT_HBKEL: codes Dukcapil SHDK 1–11"), "{text}");
    assert!(text.contains("columns dtks does not hold (ignored): AGAMA, PDDK_AKH, NAMA_LGKP_AYAH"), "{text}");
    let o = dtks(&db, &["--lang", "en", "import", dir.join("siks-usulan.csv").to_str().unwrap()]);
    assert!(out(&o).contains("proposals: 3 new, 0 already recorded"), "{}", out(&o));
    let o = dtks(&db, &["usulan", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let wati = v.as_array().unwrap().iter().find(|u| u["usulan"]["target_nik"] == "3171014303920001").unwrap();
    let p = &wati["usulan"]["persons"][0];
    assert_eq!(
        (&p["pekerjaan"], &p["hamil"], &p["hamil_sejak"]),
        (&"mengurus_rumah_tangga".into(), &true.into(), &"2026-09-01".into()),
        "{p}"
    );
    let dest = tmp.path().join("ke-kemensos");
    let o = dtks(&db, &["--lang", "en", "export", "--format", "siks-ng-usulan", "--out", dest.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out(&o).contains("4 rows"), "{}", out(&o));
    let csv = std::fs::read_to_string(dest.join("usulan-siks-ng.csv")).unwrap();
    assert_eq!(csv.lines().count(), 5);
    assert!(csv.lines().nth(2).unwrap().starts_with("3171014303920001,BPNT,3171010504210006,WATI RAHAYU"), "{csv}");
}

/// `--json` gives an enrolment's source as the enrolments table's columns.
#[test]
fn lookup_json_names_the_source_of_an_enrolment() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = office::fixtures(tmp.path());
    let db = tmp.path().join("db");
    for f in ["siak-dtks-households.csv", "dtks-art.csv"] {
        let o = dtks(&db, &["import", dir.join(f).to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = dtks(&db, &["lookup", "3174041106180002", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let e = &v["households"][0]["anggota"][0]["kepesertaan"][0];
    assert_eq!(e["program"], "PKH", "{v}");
    assert_eq!(e["sumber_format"], "dtks-art");
    assert_eq!(e["sumber_berkas"], "dtks-art.csv");
    assert_eq!(e["sumber_diimpor"], "2026-11-24 10:42:00");
}
