//! Errors a user can reach through the `dtks` binary, each in Indonesian
//! and English: the message (stderr, or stdout where the command reports
//! "not found" there, and the rejects file where there is one) must hold
//! no word of the other language, no Rust type name and no library text.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use dtks::formats::RejectsWriter;
use dtks::store::{OpenOptions, Store};

#[path = "support/cli.rs"]
mod cli_support;
use cli_support::{BIN, HH_HEADER, NOW, P_HEADER};

/// Common words that give a message away as Indonesian or English.
const ID_WORDS: &[&str] = &[
    "tidak",
    "dengan",
    "berkas",
    "baris",
    "kolom",
    "untuk",
    "sudah",
    "belum",
    "periksa",
    "atau",
    "yang",
    "lihat",
    "ada",
    "dan",
    "salah",
    "nilai",
    "gunakan",
    "bukan",
    "tombol",
    "ditemukan",
];
const EN_WORDS: &[&str] = &[
    "the", "not", "file", "line", "missing", "invalid", "is", "cannot", "check", "with", "column", "found", "and",
    "or", "use", "see", "unknown", "error", "no", "must", "expected", "value", "key",
];
/// Rust's and libraries' own words, never meant for a user.
const RAW: &[&str] = &[
    "Error",
    "Err(",
    "Some(",
    "None",
    "::",
    "Io(",
    "kind:",
    "os error",
    "No such file",
    "panicked",
    "sled",
    "bincode",
    "serde",
    "called `Result",
    "Permission denied",
];

struct Case {
    name: &'static str,
    db: PathBuf,
    args: Vec<String>,
    /// The command says "not found" on stdout (exit 1), not on stderr.
    stdout: bool,
    /// An import that writes a rejects file beside this source.
    rejects: Option<PathBuf>,
    /// Only Indonesian: the case is a bad `--lang` itself.
    id_only: bool,
}

fn case(name: &'static str, db: &Path, args: &[&str]) -> Case {
    Case {
        name,
        db: db.to_path_buf(),
        args: args.iter().map(|a| a.to_string()).collect(),
        stdout: false,
        rejects: None,
        id_only: false,
    }
}

/// An import whose rows are rejected: its summary (stdout) and rejects file.
fn rejected(name: &'static str, db: &Path, src: &Path) -> Case {
    Case { stdout: true, rejects: Some(src.to_path_buf()), ..case(name, db, &["import", p(src)]) }
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The words of a message that are language: paths, quoted names, codes,
/// options and numbers taken out.
fn words(message: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut quote: Option<char> = None;
    for c in message.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' || c == '`' => quote = Some(c),
            None => plain.push(c),
        }
    }
    plain
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '<'))
        .filter(|w| !w.starts_with(['-', '<']) && !w.contains(['/', '_', '.', '=', '[', ':']))
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// What is wrong with `message` as a text in `lang`; empty when nothing.
fn problems(lang: &str, message: &str) -> Vec<String> {
    let other = if lang == "id" { EN_WORDS } else { ID_WORDS };
    let mut out: Vec<String> = words(message)
        .into_iter()
        .filter(|w| other.contains(&w.as_str()))
        .map(|w| format!("word of the other language: {w}"))
        .collect();
    out.extend(RAW.iter().filter(|r| message.contains(*r)).map(|r| format!("raw text: {r}")));
    out
}

fn run(c: &Case, lang: &str) -> (Option<i32>, String) {
    let lang_args: &[&str] = if c.id_only { &[] } else { &["--lang", lang] };
    if let Some(src) = &c.rejects {
        let _ = std::fs::remove_file(RejectsWriter::path_for(src, None));
    }
    let out = Command::new(BIN)
        .env("DTKS_NOW", NOW)
        .env("DTKS_USER", "uji")
        .env_remove("DTKS_TODAY")
        .arg("--db")
        .arg(&c.db)
        .args(lang_args)
        .args(&c.args)
        .stdin(Stdio::null())
        .output()
        .expect("run dtks");
    let mut message = String::from_utf8_lossy(&out.stderr).into_owned();
    if c.stdout {
        message.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    if let Some(src) = &c.rejects {
        let rejects = RejectsWriter::path_for(src, None);
        if let Ok(text) = std::fs::read_to_string(&rejects) {
            // Only the reason column is ours: the rest is the user's row.
            let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
            let at = r.headers().ok().and_then(|h| h.iter().position(|c| c == dtks::formats::REASON_COLUMN));
            for rec in r.records().flatten() {
                if let Some(reason) = at.and_then(|i| rec.get(i)) {
                    message.push('\n');
                    message.push_str(reason);
                }
            }
            let _ = std::fs::remove_file(&rejects);
        } else {
            panic!("{}: no rejects file {}", c.name, rejects.display());
        }
    }
    (out.status.code(), message)
}

#[test]
fn every_user_error_speaks_the_users_language() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");

    // A register with the sample in it, for the "unknown id" cases.
    let db = root.join("db");
    let out = Command::new(BIN).env("DTKS_NOW", NOW).arg("--db").arg(&db).arg("import").arg(&sample).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let scratch = root.join("scratch-db");
    let missing_db = root.join("no-db-here");
    let not_a_db = root.join("not-a-db");
    std::fs::create_dir(&not_a_db).unwrap();
    std::fs::write(not_a_db.join("notes.txt"), "hello").unwrap();
    let plain_file_db = root.join("plain-file");
    std::fs::write(&plain_file_db, "just text").unwrap();
    let locked = root.join("locked-db");
    let _held = Store::open(&locked, &OpenOptions { create: true, ..OpenOptions::default() }).unwrap();

    let write = |name: &str, body: &str| {
        let path = root.join(name);
        std::fs::write(&path, body).unwrap();
        path
    };
    let bad_nik = write(
        "bad_nik.csv",
        &format!("{P_HEADER}\n12345,3175030101100001,Budi,Jakarta,1977-04-13,L,Ibu Budi,kepala,kawin,buruh,,tidak,\n"),
    );
    let bad_date = write(
        "bad_date.csv",
        &format!(
            "{P_HEADER}\n3175031304770001,3175030101100001,Budi,Jakarta,1977-13-45,L,Ibu Budi,kepala,kawin,buruh,,tidak,\n"
        ),
    );
    let bad_region = write(
        "bad_region.csv",
        &format!(
            "{HH_HEADER}\n3175030101100001,31.75.99.9999,5,3,Jl. Kenanga,semen,tembok,seng,pln_meteran,ledeng,sendiri,gas,,2\n"
        ),
    );
    let bad_code = write(
        "bad_code.csv",
        &format!(
            "{HH_HEADER}\n3175030101100002,31.75.03.1001,5,3,Jl. Kenanga,emas,tembok,seng,pln_meteran,ledeng,sendiri,gas,,2\n"
        ),
    );
    let unrecognised = write("unrecognised.csv", "colour,size\nred,3\n");
    let duplicate_column = write("duplicate_column.csv", &format!("{P_HEADER},nama\n"));
    let bad_jsonl = write("cycle.jsonl", "{\"kind\":\"meta\",\"data\":{\"as_of\":\"2026-11-01\"}}\nthis is not json\n");
    let fake_xlsx = write("fake.xlsx", "this is not a workbook");
    let existing = write("existing.txt", "keep me");
    let empty_dir = root.join("empty-dir");
    std::fs::create_dir(&empty_dir).unwrap();

    let keymaps = fixtures.join("keymaps");
    let import = fixtures.join("import");
    let mut cases = vec![
        // The command line itself.
        case("unknown command", &db, &["frob"]),
        case("unknown command, near a real one", &db, &["lookp", "Budi"]),
        case("unknown option", &db, &["stats", "--frob"]),
        case("a value where none is taken", &db, &["export", p(&root.join("e1"))]),
        case("missing argument", &db, &["lookup"]),
        case("missing import path", &db, &["import"]),
        case("bad --today", &db, &["--today", "2026-13-01", "stats"]),
        case("bad number", &db, &["sample", "--households", "banyak", "--out", p(&root.join("s1"))]),
        case("bad shell", &db, &["completions", "fish2"]),
        case("bad Muskel id", &db, &["muskel", "berita-acara", "abc", "--out", "x.md"]),
        case("missing --period", &db, &["verval", "export", "--out", p(&root.join("v1"))]),
        case("bad period", &db, &["verval", "export", "--period", "2026-13", "--out", p(&root.join("v2"))]),
        Case { id_only: true, ..case("bad --lang", &db, &["--lang", "jv", "stats"]) },
        // Opening the database.
        case("missing database", &missing_db, &["stats"]),
        case("not a database (directory)", &not_a_db, &["stats"]),
        case("not a database (file)", &plain_file_db, &["lookup", "Budi"]),
        case("database in use", &locked, &["stats"]),
        // Unknown ids and names.
        Case { stdout: true, ..case("unknown NIK", &db, &["lookup", "3171999999999999"]) },
        Case { stdout: true, ..case("unknown name", &db, &["lookup", "Zzyzx Qwerty"]) },
        Case { stdout: true, ..case("unknown KK visits", &db, &["verval", "show", "3171999999999999"]) },
        case("unknown Muskel", &db, &["muskel", "berita-acara", "999", "--out", p(&root.join("ba.md"))]),
        case("Berita Acara, unknown format", &db, &["muskel", "berita-acara", "44", "--out", p(&root.join("ba.pdf"))]),
        case(
            "Berita Acara, directory missing",
            &db,
            &["muskel", "berita-acara", "44", "--out", p(&root.join("no-dir/ba.md"))],
        ),
        // Writing files.
        case("export onto a file", &db, &["export", "--out", p(&existing)]),
        case("verval export onto a file", &db, &["verval", "export", "--period", "2026-11", "--out", p(&existing)]),
        case("sample onto a file", &db, &["sample", "--households", "3", "--out", p(&existing)]),
        case("sample, bad kelurahan", &db, &["sample", "--kelurahan", "99", "--out", p(&root.join("s2"))]),
        // Import files.
        case("import, missing columns", &scratch, &["import", p(&import.join("missing_columns.csv"))]),
        case("import, empty file", &scratch, &["import", p(&import.join("empty.csv"))]),
        case("import, UTF-16 text", &scratch, &["import", p(&import.join("unicode_text.txt"))]),
        case("import, no such file", &scratch, &["import", p(&root.join("gone.csv"))]),
        case("import, unrecognised header", &scratch, &["import", p(&unrecognised)]),
        case("import, duplicate column", &scratch, &["import", p(&duplicate_column)]),
        case("import, bad JSON line", &scratch, &["import", p(&bad_jsonl)]),
        case("import, not a workbook", &scratch, &["import", p(&fake_xlsx)]),
        case("import, empty directory", &scratch, &["import", p(&empty_dir)]),
        rejected("import, bad NIK", &scratch, &bad_nik),
        rejected("import, bad date", &scratch, &bad_date),
        rejected("import, unknown region code", &scratch, &bad_region),
        rejected("import, unknown code", &scratch, &bad_code),
        // Keymap files.
        case("keymap, no such file", &db, &["keymap", "check", p(&root.join("gone.toml"))]),
    ];
    for f in [
        "duplicate_key",
        "malformed_key",
        "not_a_string",
        "prefix_conflict",
        "syntax_error",
        "unknown_action",
        "unknown_context",
    ] {
        let path = keymaps.join(format!("{f}.toml"));
        cases.push(Case { args: vec!["keymap".into(), "check".into(), p(&path).into()], ..case("keymap", &db, &[]) });
    }
    assert!(cases.len() >= 30, "{} cases", cases.len());

    let mut failures = Vec::new();
    for c in &cases {
        let langs: &[&str] = if c.id_only { &["id"] } else { &["id", "en"] };
        for lang in langs {
            let (code, message) = run(c, lang);
            let label = format!("{} ({lang}) {:?}", c.name, c.args);
            if code == Some(0) || code.is_none() {
                failures.push(format!("{label}: exit {code:?}, expected an error\n{message}"));
                continue;
            }
            if message.trim().is_empty() {
                failures.push(format!("{label}: no message"));
                continue;
            }
            let found = problems(lang, &message);
            if !found.is_empty() {
                failures.push(format!("{label}: {}\n{message}", found.join("; ")));
            }
        }
    }
    assert!(failures.is_empty(), "{} failing:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn the_word_check_catches_the_other_language_and_raw_text() {
    assert!(problems("id", "dtks: tidak ada basis data di /tmp/missing-file; periksa jalurnya").is_empty());
    assert!(!problems("id", "dtks: the file is empty").is_empty());
    assert!(!problems("en", "dtks: berkas kosong").is_empty());
    assert!(!problems("en", "dtks: cannot open (os error 2)").is_empty());
    assert!(!problems("en", "dtks: Io { kind: NotFound }").is_empty());
    // Paths and quoted names are the user's, not language.
    assert!(problems("id", "dtks: perintah 'the' tidak dikenal; /home/not/file").is_empty());
}
