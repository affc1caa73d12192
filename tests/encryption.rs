//! Encryption at rest through the `dtks` binary: a copied encrypted
//! register shows no person, it answers as the plain one does, a wrong
//! passphrase is one line and exit 2, a plain register is encrypted in
//! place, and a new passphrase replaces the old one whole, even when the
//! change is killed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

#[path = "support/app.rs"]
mod app_support;
#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, NOW};

/// A small synthetic register (150 households), made once for all tests.
fn sample_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep().join("sample");
        let o = Command::new(BIN)
            .args(["sample", "--households", "150", "--kelurahan", "31.75.03.1001,31.75.03.1002", "--out"])
            .arg(&dir)
            .env("DTKS_NOW", NOW)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        dir
    })
    .clone()
}

const PASS: &str = "rahasia-dinas-2026";
const NEW_PASS: &str = "sandi-baru-2027!";

fn dtks(db: &Path, pass: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(BIN);
    c.arg("--db").arg(db).args(args).env("DTKS_NOW", NOW).env("DTKS_USER", "operator.uji");
    c.env_remove("DTKS_PASSPHRASE").env_remove("DTKS_NEW_PASSPHRASE").env_remove("DTKS_KEY_FILE");
    if let Some(p) = pass {
        c.env("DTKS_PASSPHRASE", p);
    }
    c.stdin(Stdio::null()).output().unwrap()
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "failed: {}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A register made and filled with the bundled sample, encrypted or not.
fn register(dir: &Path, name: &str, encrypted: bool) -> PathBuf {
    let db = dir.join(name);
    let pass = encrypted.then_some(PASS);
    // Both made the same way, so that record ids (sled's, which jump at
    // each open) come out the same.
    ok(&dtks(&db, pass, if encrypted { &["init", "--encrypt"] } else { &["init"] }));
    ok(&dtks(&db, pass, &["import", sample_dir().to_str().unwrap()]));
    db
}

/// What the sample says of its persons: NIKs, No. KKs, full names as typed
/// and folded, streets, birth dates.
fn secrets() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let read = |f: &str| std::fs::read_to_string(sample_dir().join(f)).unwrap();
    for line in read("persons.csv").lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        out.extend([f[0], f[1], f[2], f[4], f[6]].map(str::to_string));
        out.insert(f[2].to_lowercase());
    }
    for line in read("households.csv").lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        out.extend([f[0], f[4]].map(str::to_string));
    }
    out.retain(|s| s.len() >= 6);
    out
}

/// The secrets found in any file under `dir`: searched in the runs of
/// printable bytes its files hold, where any text would be.
fn found_in(dir: &Path, secrets: &BTreeSet<String>) -> Vec<String> {
    let mut text = String::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            for run in bytes.split(|b| !(0x20..0x7f).contains(b)).filter(|r| r.len() >= 6) {
                text.push_str(std::str::from_utf8(run).unwrap_or_default());
                text.push('\n');
            }
        }
    }
    secrets.iter().filter(|s| text.contains(s.as_str())).cloned().collect()
}

/// A key file holding the passphrase, readable by its owner only.
#[cfg(unix)]
fn key_file(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let key = dir.join("kunci");
    std::fs::write(&key, format!("{PASS}\n")).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    key
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

fn first_person() -> (String, String) {
    let text = std::fs::read_to_string(sample_dir().join("persons.csv")).unwrap();
    let f: Vec<String> = text.lines().nth(1).unwrap().split(',').map(str::to_string).collect();
    (f[0].clone(), f[2].clone())
}

#[test]
fn a_copied_encrypted_register_shows_no_nik_no_kk_name_address_or_birth_date() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = secrets();
    assert!(secrets.len() > 1000, "the sample's secrets: {}", secrets.len());
    let plain = register(dir.path(), "plain", false);
    let enc = register(dir.path(), "enc", true);
    let (nik, name) = first_person();
    // Views and a reveal put NIKs and queries into the audit log too.
    for db in [&plain, &enc] {
        let pass = (db == &enc).then_some(PASS);
        ok(&dtks(db, pass, &["lookup", &nik]));
        ok(&dtks(db, pass, &["lookup", &name]));
    }
    // The same search finds them in the plain register, so it can fail
    // (a sample of them: the plain register is all text).
    let some: BTreeSet<String> = secrets.iter().step_by(5).cloned().collect();
    let in_plain = found_in(&plain, &some);
    assert!(in_plain.len() > some.len() / 2, "the plain register shows {} of {}", in_plain.len(), some.len());
    let copy = dir.path().join("copy");
    copy_dir(&enc, &copy);
    assert_eq!(found_in(&copy, &secrets), Vec::<String>::new());
    // The copy opens with the passphrase and only with it.
    assert!(ok(&dtks(&copy, Some(PASS), &["lookup", &nik])).contains(&nik));
    assert_eq!(dtks(&copy, Some("bukan-sandinya"), &["lookup", &nik]).status.code(), Some(2));
}

#[test]
fn the_encrypted_register_answers_as_the_plain_one() {
    let dir = tempfile::tempdir().unwrap();
    let plain = register(dir.path(), "plain", false);
    let enc = register(dir.path(), "enc", true);
    let (nik, name) = first_person();
    let kk =
        std::fs::read_to_string(sample_dir().join("persons.csv")).unwrap().lines().nth(1).unwrap()[17..33].to_string();
    let given = name.split_whitespace().next().unwrap().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["lookup", &nik],
        vec!["lookup", &kk],
        vec!["lookup", &name],
        vec!["lookup", "--all", &given],
        vec!["stats"],
        vec!["duplicates"],
        vec!["check"],
        vec!["tahap", "list"],
        vec!["nonaktif", "list"],
        vec!["audit", "show", "--nik", &nik],
    ];
    for args in commands {
        let a = dtks(&plain, None, &args);
        let b = dtks(&enc, Some(PASS), &args);
        assert_eq!(a.status.code(), b.status.code(), "dtks {args:?}: {}", String::from_utf8_lossy(&b.stderr));
        let (a, b) = (String::from_utf8_lossy(&a.stdout), String::from_utf8_lossy(&b.stdout));
        // The check counts entries, and a name's words that share a bucket
        // are one entry in the encrypted register.
        if args == ["check"] {
            assert!(b.contains("Semua indeks sesuai"), "{b}");
            continue;
        }
        let sorted = |s: &str| {
            let mut v: Vec<String> = s.lines().map(str::to_string).collect();
            v.sort();
            v
        };
        assert_eq!(sorted(&a), sorted(&b), "dtks {args:?}");
    }
    ok(&dtks(&enc, Some(PASS), &["audit", "verify"]));
}

#[test]
fn a_wrong_or_missing_passphrase_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enc");
    ok(&dtks(&db, Some(PASS), &["init", "--encrypt"]));
    for (pass, lang, says) in [
        (Some("bukan-sandinya"), "id", "kata sandi basis data"),
        (Some("bukan-sandinya"), "en", "wrong passphrase"),
        (None, "id", "terenkripsi"),
        (None, "en", "is encrypted"),
    ] {
        let o = dtks(&db, pass, &["--lang", lang, "stats"]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(says), "{err}");
        assert!(o.stdout.is_empty());
    }
    // A new passphrase too short is refused, and nothing is made.
    let short = dir.path().join("short");
    let o = dtks(&short, Some("pendek"), &["init", "--encrypt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("terlalu pendek"));
    assert!(!short.join("vault.json").exists());
}

#[cfg(unix)]
#[test]
fn a_key_file_others_can_read_is_refused_with_what_to_do() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let key = key_file(dir.path());
    let db = dir.path().join("enc");
    let with_key = |args: &[&str]| {
        let mut a = vec!["--key-file", key.to_str().unwrap()];
        a.extend_from_slice(args);
        dtks(&db, None, &a)
    };
    ok(&with_key(&["init", "--encrypt"]));
    ok(&with_key(&["stats"]));
    // The passphrase in the file is the passphrase.
    ok(&dtks(&db, Some(PASS), &["stats"]));
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = with_key(&["stats"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("chmod 600") && err.contains("644"), "{err}");
}

#[test]
fn a_plain_register_is_encrypted_in_place_and_keeps_its_audit_chain() {
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path(), "db", false);
    let (nik, name) = first_person();
    let before = ok(&dtks(&db, None, &["lookup", &name]));
    let checkpoint = dir.path().join("cp.json");
    ok(&dtks(&db, None, &["audit", "checkpoint", "--out", checkpoint.to_str().unwrap()]));
    let said = ok(&dtks(&db, Some(PASS), &["encrypt"]));
    assert!(said.contains("kini terenkripsi"), "{said}");
    assert!(db.join("vault.json").is_file());
    // Nothing of the plain copy is left beside it.
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "cp.json")
        .collect();
    assert_eq!(beside, vec!["db".to_string()]);
    assert_eq!(found_in(&db, &secrets()), Vec::<String>::new());
    assert_eq!(ok(&dtks(&db, Some(PASS), &["lookup", &name])), before);
    assert!(ok(&dtks(&db, Some(PASS), &["lookup", &nik])).contains(&nik));
    ok(&dtks(&db, Some(PASS), &["check"]));
    ok(&dtks(&db, Some(PASS), &["audit", "verify", "--checkpoint", checkpoint.to_str().unwrap()]));
    // Encrypting twice is refused.
    assert_eq!(dtks(&db, Some(PASS), &["encrypt"]).status.code(), Some(2));
}

#[test]
fn a_new_passphrase_replaces_the_old_whole_even_when_killed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("enc");
    ok(&dtks(&db, Some(PASS), &["init", "--encrypt"]));
    let rekey = |old: &str, new: &str| {
        let mut c = Command::new(BIN);
        c.arg("--db").arg(&db).arg("rekey").env("DTKS_NOW", NOW).env_remove("DTKS_KEY_FILE");
        c.env("DTKS_PASSPHRASE", old).env("DTKS_NEW_PASSPHRASE", new).stdin(Stdio::null());
        c
    };
    ok(&rekey(PASS, NEW_PASS).output().unwrap());
    assert_eq!(dtks(&db, Some(PASS), &["stats"]).status.code(), Some(2));
    ok(&dtks(&db, Some(NEW_PASS), &["stats"]));
    // Killed at moments through its run, a change leaves one passphrase
    // that opens the register: the old or the new, never neither.
    let mut current = NEW_PASS;
    for i in 0..12u64 {
        let next = if current == PASS { NEW_PASS } else { PASS };
        let mut child = rekey(current, next).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5 * i));
        let _ = child.kill();
        let _ = child.wait();
        let old_opens = dtks(&db, Some(current), &["stats"]).status.success();
        let new_opens = dtks(&db, Some(next), &["stats"]).status.success();
        assert!(old_opens != new_opens, "kill {i}: old opens {old_opens}, new opens {new_opens}");
        if new_opens {
            current = next;
        }
    }
    // The one that opens is the one the last change left.
    ok(&dtks(&db, Some(current), &["stats"]));
}

#[test]
fn a_backup_of_an_encrypted_register_is_encrypted_and_restores_with_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path(), "enc", true);
    let (nik, _) = first_person();
    let file = dir.path().join("cadangan.dtksbak");
    ok(&dtks(&db, Some(PASS), &["backup", "--out", file.to_str().unwrap()]));
    let only = dir.path().join("only-the-backup");
    std::fs::create_dir(&only).unwrap();
    std::fs::copy(&file, only.join("cadangan.dtksbak")).unwrap();
    assert_eq!(found_in(&only, &secrets()), Vec::<String>::new());
    let restored = dir.path().join("restored");
    let o = dtks(&restored, None, &["restore", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "a restore without the passphrase: {}", String::from_utf8_lossy(&o.stderr));
    assert!(!restored.exists());
    ok(&dtks(&restored, Some(PASS), &["restore", file.to_str().unwrap()]));
    assert!(ok(&dtks(&restored, Some(PASS), &["lookup", &nik])).contains(&nik));
    ok(&dtks(&restored, Some(PASS), &["check"]));
    assert_eq!(dtks(&restored, Some("bukan-sandinya"), &["stats"]).status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn a_server_unlocks_the_register_once_and_its_socket_clients_need_no_passphrase() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path(), "enc", true);
    let (nik, _) = first_person();
    let key = key_file(dir.path());
    let mut server = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .arg("--key-file")
        .arg(&key)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("DTKS_NOW", NOW)
        .env_remove("DTKS_PASSPHRASE")
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stderr.take().unwrap()).lines();
    let first = lines.next().expect("dtks serve printed no line").unwrap();
    assert!(first.contains("127.0.0.1:"), "{first}");
    std::thread::spawn(move || lines.map_while(Result::ok).for_each(drop));
    // The client has no passphrase: the server that holds the register answers.
    let answer = ok(&dtks(&db, None, &["lookup", &nik]));
    assert!(answer.contains(&nik), "{answer}");
    Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert!(server.wait().unwrap().success());
    // Without the server, the client opens the register itself and needs it.
    assert_eq!(dtks(&db, None, &["lookup", &nik]).status.code(), Some(2));
}

#[test]
fn muskel_attachments_are_sealed_by_encrypt_and_still_verify() {
    use dtks::domain::muskel::EvidenceKind;
    use dtks::service::attachments::AttachmentState;
    use dtks::service::{Actor, Clock, Service};
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path(), "db", false);
    let (nik, name) = first_person();
    let photo = dir.path().join("daftar-hadir.txt");
    std::fs::write(&photo, format!("daftar hadir Muskel: {name} {nik}")).unwrap();
    let clock = Clock::parse_fixed(NOW).unwrap();
    let operator = Actor::new("operator.uji");
    let id = {
        let svc = Service::open(&db, false, clock).unwrap();
        let id = svc.muskel_list(&operator, "").unwrap()[0].id;
        svc.attach_evidence(id, EvidenceKind::Attendance, &photo, &operator).unwrap();
        id
    };
    let att = dir.path().join("db.attachments");
    let secret: BTreeSet<String> = [name.clone(), nik.clone()].into();
    assert_eq!(found_in(&att, &secret).len(), 2, "the plain register keeps the file as it is");
    let said = ok(&dtks(&db, Some(PASS), &["encrypt"]));
    assert!(said.contains("1 lampiran"), "{said}");
    assert_eq!(found_in(&att, &secret), Vec::<String>::new());
    dtks::store::set_process_secret(Some(dtks::store::Secret::Passphrase(PASS.into())));
    let svc = Service::open(&db, false, clock).unwrap();
    let checks = svc.verify_attachments(id).unwrap();
    assert!(checks.iter().all(|c| c.state == AttachmentState::Intact), "{checks:?}");
    // A file attached after is sealed as it is kept.
    let again = dir.path().join("foto.txt");
    std::fs::write(&again, format!("foto: {name}")).unwrap();
    svc.attach_evidence(id, EvidenceKind::Attendance, &again, &operator).unwrap();
    assert_eq!(found_in(&att, &secret), Vec::<String>::new());
    assert!(svc.verify_attachments(id).unwrap().iter().all(|c| c.state == AttachmentState::Intact));
}

#[test]
fn the_household_list_says_a_nik_is_found_whole_in_an_encrypted_register() {
    use dtks::i18n::Lang;
    use dtks::service::{Clock, Service};
    let dir = tempfile::tempdir().unwrap();
    let db = register(dir.path(), "enc", true);
    let (nik, name) = first_person();
    dtks::store::set_process_secret(Some(dtks::store::Secret::Passphrase(PASS.into())));
    let svc = std::sync::Arc::new(Service::open(&db, false, Clock::parse_fixed(NOW).unwrap()).unwrap());
    for (lang, says) in
        [(Lang::Id, "ketik NIK/No. KK utuh (16 angka)"), (Lang::En, "type the whole NIK/No. KK (16 digits)")]
    {
        let mut a = app_support::app_as(std::sync::Arc::clone(&svc), lang, "operator.uji");
        app_support::press(&mut a, &["r"]);
        app_support::typed(&mut a, &nik[..6]);
        let text = app_support::screen(&mut a, 80, 24);
        assert!(text.contains(says), "{text}");
        // The whole NIK finds the person's household.
        app_support::typed(&mut a, &nik[6..]);
        let text = app_support::screen(&mut a, 80, 24);
        let head = name.split_whitespace().next().unwrap();
        assert!(text.contains(head) && !text.contains(says), "{text}");
    }
}
