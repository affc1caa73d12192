//! An unlucky disk, said in words: a full disk names the file, says "disk
//! full" and that what was there is kept (the previous export stays whole);
//! a database this user may not write says why it cannot be opened and what
//! to do, instead of "Permission denied".

#![cfg(target_os = "linux")]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW};

fn dtks(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN).arg("--db").arg(db).args(args).env("DTKS_NOW", NOW).env_remove("DTKS_DB").output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

fn sample_db(dir: &Path, households: &str, name: &str) -> std::path::PathBuf {
    let data = dir.join(format!("{name}-data"));
    let o = Command::new(BIN).args(["sample", "--households", households, "--out"]).arg(&data).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let db = dir.join(name);
    let o = dtks(&db, &["import", data.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default())
        })
        .collect();
    v.sort();
    v
}

/// A small tmpfs at `at`, unmounted when dropped.
struct SmallDisk<'a>(&'a Path);

impl<'a> SmallDisk<'a> {
    /// A tmpfs of `size` (as `mount -o size=` takes it) at the new folder
    /// `at`; `None` where one cannot be mounted (not root).
    fn mount(at: &'a Path, size: &str) -> Option<SmallDisk<'a>> {
        std::fs::create_dir(at).unwrap();
        let mounted = is_root()
            && Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
                .arg(at)
                .status()
                .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        }
        mounted.then_some(SmallDisk(at))
    }
}

impl Drop for SmallDisk<'_> {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0).status();
    }
}

#[test]
fn a_full_disk_says_so_in_words_and_keeps_the_previous_export() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("flashdisk");
    // Mounting a small file system needs root; the words for a full disk
    // are tested without one in service::error's unit tests.
    let Some(_unmount) = SmallDisk::mount(&disk, "1m") else { return };
    let small = sample_db(dir.path(), "300", "small");
    let large = sample_db(dir.path(), "3000", "large");
    let out = disk.join("ekspor");
    let o = dtks(&small, &["export", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = files(&out);

    for (lang, words, kept) in [("id", "disk penuh", "tetap seperti semula"), ("en", "the disk is full", "kept")] {
        let o = dtks(&large, &["--lang", lang, "export", "--out", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let e = stderr(&o);
        assert_eq!(e.lines().count(), 1, "{e}");
        assert!(e.contains(words) && e.contains(kept), "{e}");
        assert!(
            e.contains(out.to_str().unwrap()) && !e.contains(".dtks-tmp-"),
            "names the export, not a temporary: {e}"
        );
        assert!(!e.contains("os error") && !e.contains("Os {") && !e.contains("StorageFull"), "{e}");
        assert_eq!(files(&out), before, "the previous export changed");
        let names: Vec<String> =
            std::fs::read_dir(&disk).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["ekspor"], "a temporary was left on the full disk");
    }
}

#[test]
fn a_database_this_user_may_not_write_says_why_it_cannot_be_opened() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path(), "300", "register");
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    for e in std::fs::read_dir(&db).unwrap() {
        let p = e.unwrap().path();
        mode(&p, if p.is_dir() { 0o555 } else { 0o444 });
    }
    mode(&db, 0o555);
    mode(dir.path(), 0o755);
    // Root ignores file modes: there the command runs as `nobody`, or the
    // test is skipped when it cannot change user.
    let run = |lang: &str| -> Option<Output> {
        let args = ["--lang", lang, "--db", db.to_str().unwrap(), "stats"];
        if !is_root() {
            return Some(Command::new(BIN).args(args).env("DTKS_NOW", NOW).output().unwrap());
        }
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN])
            .args(args)
            .env("DTKS_NOW", NOW)
            .output()
            .ok()
            .filter(|o| !stderr(o).contains("setpriv"))
    };
    for (lang, words) in [("id", "harus menulis ke berkasnya"), ("en", "must write to its files even to read them")] {
        let Some(o) = run(lang) else {
            eprintln!("skipped: run as root and cannot become another user, so file modes are not enforced");
            return;
        };
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{e}");
        assert_eq!(e.lines().count(), 1, "{e}");
        assert!(e.contains(words) && e.contains("--db") && e.contains(db.to_str().unwrap()), "{e}");
        assert!(!e.contains("Permission denied") && !e.contains("os error"), "{e}");
    }
    mode(&db, 0o755);
}

/// An import into a register on a disk that fills up stops with the words
/// for a full disk; once space is freed, the register is the one it was
/// before.
#[test]
fn a_disk_that_fills_during_an_import_leaves_the_previous_register() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("flashdisk");
    let Some(_unmount) = SmallDisk::mount(&disk, "6m") else { return };
    let data = dir.path().join("data");
    let o = Command::new(BIN).args(["sample", "--households", "3000", "--out"]).arg(&data).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let db = disk.join("db");
    let wilayah = dir.path().join("wilayah.csv");
    std::fs::write(&wilayah, "code,name\n31.71.01.9999,KELURAHAN UJI\n").unwrap();
    assert!(dtks(&db, &["import", wilayah.to_str().unwrap()]).status.success());
    // Other files the user can delete.
    let other = disk.join("other");
    std::fs::write(&other, vec![7u8; 2 << 20]).unwrap();

    let o = dtks(&db, &["--lang", "en", "import", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("the disk is full") && e.contains("kept"), "{e}");
    assert!(!e.contains("os error") && !e.contains("Os {") && !e.contains("panicked"), "{e}");
    std::fs::remove_file(&other).unwrap();
    let o = dtks(&db, &["--lang", "en", "stats"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Households: 0"), "{}", String::from_utf8_lossy(&o.stdout));
    let o = dtks(&db, &["--lang", "en", "check"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(!db.join("bulk-load").exists());
}
