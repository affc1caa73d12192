//! `dtks backup` and `dtks restore` through the binary: a round trip gives
//! the same database key by key with the same attachments, and a damaged
//! or cut backup, or a target in use, is refused naming what is wrong with
//! nothing written. Also: damaged database files give one line, no panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dtks::domain::muskel::EvidenceKind;
use dtks::service::{Actor, Service};
use dtks::store::{OpenOptions, Store};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW, clock, sample_dir};

fn dtks(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN).arg("--db").arg(db).args(args).env("DTKS_NOW", NOW).env_remove("DTKS_DB").output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The sample register with two evidence files attached to a Muskel.
fn sample_db(dir: &Path) -> PathBuf {
    let db = dir.join("register");
    let svc = Service::open(&db, true, clock()).unwrap();
    svc.import(&[sample_dir()], &Actor::new("operator"), dtks::i18n::Lang::Id, &mut |_| {}).unwrap();
    let id = svc.muskel_list(&dtks::testkit::owner(), "").unwrap()[0].id;
    for (name, body) in
        [("foto-muskel.jpg", &b"foto musyawarah, bukan orang sungguhan"[..]), ("daftar-hadir.pdf", b"%PDF")]
    {
        let f = dir.join(name);
        std::fs::write(&f, body).unwrap();
        svc.attach_evidence(id, EvidenceKind::MeetingPhoto, &f, &Actor::new("operator")).unwrap();
    }
    db
}

type Entries = Vec<(Vec<u8>, Vec<u8>, Vec<u8>)>;

fn entries(db: &Path) -> Entries {
    let store = Store::open(db, &OpenOptions::default()).unwrap();
    let mut out = Vec::new();
    store
        .for_each_entry(|t, k, v| -> Result<(), dtks::store::StoreError> {
            if !Store::is_restore_bookkeeping(t, k) {
                out.push((t.to_vec(), k.to_vec(), v.to_vec()));
            }
            Ok(())
        })
        .unwrap();
    out
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

fn attachments_of(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.attachments", db.display()))
}

/// Nothing but `keep` in `dir`: a refused restore leaves no temporary directory.
fn only(dir: &Path, keep: &[&str]) {
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    let want: Vec<_> = keep.iter().map(std::ffi::OsString::from).collect();
    assert_eq!(names, want);
}

#[test]
fn a_restored_backup_equals_the_original_and_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let backup = dir.path().join("cadangan.dtksbak");
    let o = dtks(&db, &["backup", "--out", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.contains("Cadangan ditulis") && said.contains("2 lampiran"), "{said}");

    let restored = dir.path().join("pulih");
    let o = dtks(&restored, &["--lang", "en", "restore", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("every hash matched"));

    let (a, b) = (entries(&db), entries(&restored));
    assert!(a.len() > 1000, "{} entries", a.len());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "first differing key {:?}", String::from_utf8_lossy(&x.1));
    }
    let att = files(&attachments_of(&db));
    assert_eq!(att.len(), 2);
    assert_eq!(att, files(&attachments_of(&restored)));

    let o = dtks(&restored, &["check"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    // The evidence files verify in the restored database.
    let svc = Service::open(&restored, false, clock()).unwrap();
    let muskel = svc.muskel_list(&dtks::testkit::owner(), "").unwrap();
    let checks = svc.verify_attachments(muskel[0].id).unwrap();
    assert_eq!(checks.len(), 2);
    assert!(checks.iter().all(|c| c.state == dtks::service::attachments::AttachmentState::Intact));
    // New records of the restored database do not reuse the ids it holds.
    let highest = muskel.iter().map(|m| m.id).max().unwrap();
    let next = svc.save_muskel(muskel[0].clone_as_new(), &Actor::new("operator"));
    assert!(next.unwrap().id > highest);
}

trait CloneAsNew {
    fn clone_as_new(&self) -> Self;
}

impl CloneAsNew for dtks::domain::muskel::Muskel {
    fn clone_as_new(&self) -> Self {
        let mut m = self.clone();
        m.id = 0;
        m.evidence.clear();
        m.number = format!("{}-B", m.number);
        m
    }
}

#[test]
fn a_restore_only_writes_to_a_new_or_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let backup = dir.path().join("b.dtksbak");
    assert!(dtks(&db, &["backup", "--out", backup.to_str().unwrap()]).status.success());
    // Into the database itself: refused, the database untouched.
    let before = entries(&db);
    let o = dtks(&db, &["restore", backup.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("sudah ada dan tidak kosong"), "{}", stderr(&o));
    assert_eq!(entries(&db), before);
    // An empty directory is fine.
    let empty = dir.path().join("kosong");
    std::fs::create_dir(&empty).unwrap();
    let o = dtks(&empty, &["restore", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(entries(&empty), before);
}

/// Restores `backup` to a new directory and expects a refusal holding `want`.
fn refused(dir: &Path, backup: &Path, want: &[&str]) {
    let target = dir.join("baru");
    let o = dtks(&target, &["--lang", "en", "restore", backup.to_str().unwrap()]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    for w in want {
        assert!(e.contains(w), "{w:?} not in {e}");
    }
    assert!(!e.contains("panicked") && !e.contains("Error"), "{e}");
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(!target.exists() && !attachments_of(&target).exists(), "nothing is written");
}

#[test]
fn a_damaged_or_cut_backup_is_refused_naming_the_part() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let backup = dir.path().join("b.dtksbak");
    assert!(dtks(&db, &["backup", "--out", backup.to_str().unwrap()]).status.success());
    let good = std::fs::read(&backup).unwrap();
    let work = dir.path().join("uji");
    std::fs::create_dir(&work).unwrap();
    let bad = work.join("rusak.dtksbak");
    let flipped = |at: usize| {
        let mut b = good.clone();
        b[at] ^= 0x20;
        std::fs::write(&bad, &b).unwrap();
    };
    let find = |needle: &[u8]| good.windows(needle.len()).position(|w| w == needle).unwrap();

    // A byte inside the first store part's body (after magic 12 + header 23).
    flipped(12 + 1 + 2 + "store-000001".len() + 8 + 500);
    refused(&work, &bad, &["is damaged", "part store-000001 (database entries 1 to "]);
    // A byte of an attachment.
    flipped(find(b"bukan orang sungguhan"));
    refused(&work, &bad, &["is damaged", "attachment "]);
    // A byte of the manifest.
    flipped(find(b"\"created_at\"") + 3);
    refused(&work, &bad, &["is damaged", "manifest"]);
    // A part header's kind byte.
    flipped(12);
    refused(&work, &bad, &["no valid part header at byte 12"]);

    // Cut in the middle, and by the last byte only.
    std::fs::write(&bad, &good[..good.len() / 2]).unwrap();
    refused(&work, &bad, &["is incomplete", "before its end marker"]);
    std::fs::write(&bad, &good[..good.len() - 1]).unwrap();
    refused(&work, &bad, &["is incomplete"]);
    // Not a backup at all.
    std::fs::write(&bad, b"nik,no_kk\n").unwrap();
    refused(&work, &bad, &["is not a dtks backup"]);
    only(&work, &["rusak.dtksbak"]);

    // The untouched backup still restores.
    let o = dtks(&work.join("baru"), &["restore", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_backup_replaces_its_file_only_when_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let out = dir.path().join("keluar");
    std::fs::create_dir(&out).unwrap();
    let backup = out.join("b.dtksbak");
    std::fs::write(&backup, b"cadangan lama").unwrap();
    let o = dtks(&db, &["backup", "--out", backup.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&backup).unwrap().starts_with(b"DTKSBAK\n"));
    only(&out, &["b.dtksbak"]);
    // Into a directory that does not exist: refused, nothing left behind.
    let o = dtks(&db, &["backup", "--out", dir.path().join("tidak-ada/b.dtksbak").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("panicked"));
}

// ---- damaged database files -------------------------------------------------

/// A copy of the sample database with `damage` done to it, opened by three
/// commands: each says the database is damaged, names the file, and exits 2.
fn damaged(damage: impl Fn(&Path), file: &str, what: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register");
    {
        let svc = Service::open(&db, true, clock()).unwrap();
        svc.import(&[sample_dir()], &Actor::new("operator"), dtks::i18n::Lang::Id, &mut |_| {}).unwrap();
    }
    damage(&db);
    for args in [&["stats"][..], &["check"], &["lookup", "Siti"]] {
        let o = dtks(&db, &[&["--lang", "en"][..], args].concat());
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {e}");
        assert!(!e.contains("panicked") && !e.contains("sled") && !e.contains("Corruption"), "{e}");
        assert_eq!(e.lines().count(), 1, "{e}");
        let named = db.join(file);
        assert!(e.contains(&format!("the database {} is damaged", db.display())), "{e}");
        assert!(e.contains(&format!("the file {} {what}", named.display())), "{e}");
        assert!(e.contains("dtks restore"), "{e}");
    }
    let o = dtks(&db, &["stats"]);
    assert!(stderr(&o).contains("rusak") && stderr(&o).contains("dtks restore"), "{}", stderr(&o));
}

#[test]
fn a_truncated_db_file_is_damage_not_a_panic() {
    // Cut inside the log: sled 0.34.7 panics reading it ("tried to
    // serialize Uninitialized"), which the store reports as damage.
    damaged(
        |db| {
            let f = db.join("db");
            let len = std::fs::metadata(&f).unwrap().len();
            let file = std::fs::OpenOptions::new().write(true).open(&f).unwrap();
            file.set_len(len * 6 / 10).unwrap();
        },
        "db",
        "cannot be read",
    );
}

#[test]
fn an_empty_db_file_is_damage() {
    damaged(|db| std::fs::write(db.join("db"), b"").unwrap(), "db", "cannot be read");
}

#[test]
fn a_deleted_conf_file_is_damage_not_another_directory() {
    damaged(|db| std::fs::remove_file(db.join("conf")).unwrap(), "conf", "is missing");
}

#[test]
fn a_deleted_db_file_is_damage_not_another_directory() {
    damaged(|db| std::fs::remove_file(db.join("db")).unwrap(), "db", "is missing");
}
