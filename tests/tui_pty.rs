//! The real binary in a pseudo-terminal, its output read through a terminal
//! emulator: the key reader, the draw loop, signals and the terminal's
//! restoration, which the in-process `App` tests cannot reach.
//!
//! `tui_idle_and_browse_figures` is ignored: it measures idle CPU and peak
//! RSS for the benchmarks on the database named by `DTKS_TUI_BENCH_DB`.

#![cfg(unix)]

use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

#[path = "support/pty.rs"]
mod pty;
use pty::*;

struct Words {
    dashboard: &'static str,
    households: &'static str,
    household: &'static str,
    person: &'static str,
    address: &'static str,
    because: &'static str,
}

const ID: Words = Words {
    dashboard: "Beranda",
    households: "Rumah Tangga",
    household: "Detail Keluarga",
    person: "Detail Anggota",
    address: "Alamat",
    because: "karena",
};
const EN: Words = Words {
    dashboard: "Dashboard",
    households: "Households",
    household: "Household",
    person: "Person",
    address: "Address",
    because: "because",
};

fn browse_and_quit(lang: &str, w: &Words) {
    let (_dir, db) = sample_db();
    let db = db_arg(&db);
    let mut t = Tui::spawn(&["--db", &db, "--lang", lang]);
    t.wait_crumbs(&[w.dashboard]);

    t.send(b"r");
    t.wait_crumbs(&[w.dashboard, w.households]);
    t.type_text("siti nur");
    // The box echoes the whole query (the list is redrawn in the same
    // frame), and the list is narrowed to it: a member, not always the
    // head, matches, but the first row is a Siti Nur… household.
    t.wait_for(&["siti nur", "Siti Nurhaliza"]);
    let first = t.screen().lines().find(|l| l.contains("│3175")).map(String::from).unwrap_or_default();
    assert!(first.contains("Siti Nurhali"), "first row {first:?}; the screen shows:\n{}", t.screen());

    t.send(b"\r");
    t.wait_crumbs(&[w.dashboard, w.households, w.household]);
    t.wait_for(&["KK ", w.address]);
    t.send(b"\r");
    t.wait_crumbs(&[w.dashboard, w.households, w.household, w.person]);
    t.wait_for(&["KLJ", w.because]);

    // Back one screen at a time.
    t.esc(&[w.dashboard, w.households, w.household]);
    t.wait_for(&["KK ", w.address]);
    t.esc(&[w.dashboard, w.households]);
    t.wait_for(&["Siti Nurhaliza"]);
    t.esc(&[w.dashboard]);

    t.send(b"q");
    let status = t.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    t.assert_restored();
}

#[test]
fn browse_a_household_and_quit_indonesian() {
    browse_and_quit("id", &ID);
}

#[test]
fn browse_a_household_and_quit_english() {
    browse_and_quit("en", &EN);
}

/// A signal ends the session as `q` does: exit 0, terminal restored, the
/// database left openable.
fn signal_ends_cleanly(signal: &str) {
    let (_dir, db) = sample_db();
    let db_s = db_arg(&db);
    let mut t = Tui::spawn(&["--db", &db_s]);
    t.wait_crumbs(&[ID.dashboard]);
    let pid = t.pid().to_string();
    let killed = Command::new("kill").args([signal, &pid]).status().unwrap();
    assert!(killed.success(), "kill {signal} {pid} failed");
    let status = t.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "after {signal}: exit status {status:?}");
    t.assert_restored();

    let check = pty::dtks_command().arg("--db").arg(&db).arg("check").output().unwrap();
    assert!(
        check.status.success(),
        "dtks check after {signal}: {}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn sighup_exits_cleanly_and_the_database_opens() {
    signal_ends_cleanly("-HUP");
}

#[test]
fn sigterm_exits_cleanly_and_the_database_opens() {
    signal_ends_cleanly("-TERM");
}

/// (utime + stime) of a process in clock ticks, from /proc (Linux).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The command name may hold spaces; fields count from after its ')'.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

/// Per thread of `pid`: its name and (utime + stime) in clock ticks.
fn thread_ticks(pid: u32) -> std::collections::BTreeMap<String, (String, u64)> {
    let mut out = std::collections::BTreeMap::new();
    for e in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap().flatten() {
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else { continue };
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else { continue };
        let name = stat[open + 1..close].to_string();
        let f: Vec<&str> = stat[close + 2..].split_whitespace().collect();
        let ticks = f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
        out.insert(e.file_name().to_string_lossy().into_owned(), (name, ticks));
    }
    out
}

fn proc_status_kib(pid: u32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap()
}

#[test]
fn the_first_frame_says_the_register_is_opening_then_the_dashboard_follows() {
    let (_dir, db) = sample_db();
    let db = db_arg(&db);
    let mut t = Tui::spawn(&["--db", &db]);
    t.wait_crumbs(&[ID.dashboard]);
    // Drawn before the open, however quick the open was.
    let raw = String::from_utf8_lossy(&t.raw).to_string();
    let opening = raw.find("Membuka register").expect("no opening frame");
    let dashboard = raw.find(ID.dashboard).expect("no dashboard");
    assert!(opening < dashboard, "the dashboard came first");
    t.send(b"q");
    assert!(t.wait_exit(Duration::from_secs(5)).success());
    t.assert_restored();
}

#[test]
fn a_dumb_terminal_gets_one_line_in_its_language_and_exit_2() {
    refused_in_one_line("dumb", [("id", "tidak dapat menggerakkan kursor"), ("en", "cannot move the cursor")]);
}

#[test]
fn an_unset_term_gets_one_line_in_its_language_and_exit_2() {
    refused_in_one_line("", [("id", "TERM tidak diatur"), ("en", "TERM is not set")]);
}

/// With `TERM` set to `term`, the screens are refused in one line that
/// says `words` in each language, without an escape sequence or a database.
fn refused_in_one_line(term: &str, words_by_lang: [(&str, &str); 2]) {
    for (lang, words) in words_by_lang {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("register");
        let mut t = Tui::spawn_with(&["--lang", lang, "--db", db.to_str().unwrap()], &[("TERM", term)]);
        let status = t.wait_exit(Duration::from_secs(5));
        t.pump(Duration::from_millis(200));
        assert_eq!(status.exit_code(), 2);
        let raw = String::from_utf8_lossy(&t.raw).into_owned();
        assert!(!raw.contains('\u{1b}'), "escape sequences sent to a terminal that cannot take them: {raw:?}");
        assert!(raw.contains(words), "{raw:?}");
        if term == "dumb" {
            assert!(raw.contains("TERM=dumb"), "{raw:?}");
        }
        assert_eq!(raw.trim_end().lines().count(), 1, "{raw:?}");
        assert!(!db.exists(), "a database was created for a terminal that cannot show it");
    }
}

fn median_ms(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

/// Spawn to the first frame and to the dashboard drawn, on the database named
/// by `DTKS_TUI_BENCH_DB`; medians of 7. Run with
/// `cargo test --release --test tui_pty first_frame -- --ignored --nocapture`.
#[test]
#[ignore]
fn tui_first_frame_figures() {
    let Some(db) = std::env::var_os("DTKS_TUI_BENCH_DB") else {
        panic!("set DTKS_TUI_BENCH_DB to a database directory");
    };
    let db = db.to_str().unwrap().to_string();
    let (mut first, mut ready) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let start = Instant::now();
        let mut t = Tui::spawn(&["--db", &db]);
        while !String::from_utf8_lossy(&t.raw).contains("Membuka register") {
            t.pump(Duration::from_millis(1));
        }
        first.push(start.elapsed());
        t.wait_crumbs(&[ID.dashboard]);
        ready.push(start.elapsed());
        t.send(b"q");
        t.wait_exit(Duration::from_secs(10));
    }
    println!(
        "pty: spawn to first frame {:.0} ms, to the dashboard {:.0} ms (medians of 7; first frames {:?})",
        median_ms(first.clone()),
        median_ms(ready),
        first.iter().map(|d| d.as_millis()).collect::<Vec<_>>()
    );
}

/// Idle CPU and peak RSS while browsing, on a database given by
/// `DTKS_TUI_BENCH_DB` (left unchanged apart from sled's own files). Run
/// with `cargo test --release --test tui_pty -- --ignored --nocapture`.
#[test]
#[ignore]
fn tui_idle_and_browse_figures() {
    let Some(db) = std::env::var_os("DTKS_TUI_BENCH_DB") else {
        panic!("set DTKS_TUI_BENCH_DB to a database directory");
    };
    let db = db.to_str().unwrap().to_string();
    let idle_secs = 10;

    let start = Instant::now();
    let mut t = Tui::spawn(&["--db", &db]);
    let pid = t.pid();
    t.wait_crumbs(&[ID.dashboard]);
    let first = start.elapsed();
    let rss_first = proc_status_kib(pid, "VmRSS:");
    // The dashboard's counts come from a background job.
    t.wait_for(&["Jiwa:"]);
    println!(
        "pty: spawn to first frame {:.0} ms (RSS then {} MiB); to the counts shown {:.0} ms",
        first.as_secs_f64() * 1e3,
        rss_first / 1024,
        start.elapsed().as_secs_f64() * 1e3
    );
    thread::sleep(Duration::from_secs(1));
    t.pump(Duration::from_millis(50));
    let written = t.raw.len();
    let before = cpu_ticks(pid);
    let threads_before = thread_ticks(pid);
    let t0 = Instant::now();
    thread::sleep(Duration::from_secs(idle_secs));
    let after = cpu_ticks(pid);
    for (tid, (name, ticks)) in thread_ticks(pid) {
        let was = threads_before.get(&tid).map_or(0, |(_, t)| *t);
        if ticks > was {
            println!("pty: idle: thread {name} used {} ticks", ticks - was);
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    t.pump(Duration::from_millis(50));
    let out = Command::new("getconf").arg("CLK_TCK").output().unwrap();
    let ticks_per_s: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    let pct = (after - before) as f64 / ticks_per_s / wall * 100.0;
    println!(
        "pty: idle CPU over {wall:.1} s: {} ticks = {pct:.2} %; bytes written meanwhile: {}",
        after - before,
        t.raw.len() - written
    );
    let rss_idle = proc_status_kib(pid, "VmRSS:");
    println!("pty: RSS on the dashboard: {} MiB", rss_idle / 1024);

    // Browse: the list, then ten households opened from ten searches.
    let list = [ID.dashboard, ID.households];
    t.send(b"r");
    t.wait_crumbs(&list);
    let queries = ["siti", "budi", "dewi", "agus", "nur", "rina", "yusuf", "ahmad", "sri", "eko"];
    for q in queries {
        t.type_text(q);
        t.send(b"\r");
        t.wait_crumbs(&[ID.dashboard, ID.households, ID.household]);
        t.esc(&list);
        // Clear the search box: one backspace per character.
        for _ in q.chars() {
            t.send(b"\x7f");
        }
    }
    // And the whole list paged through.
    t.send(b"\t");
    for _ in 0..20 {
        t.send(b"\x1b[6~");
    }
    let hwm = proc_status_kib(pid, "VmHWM:");
    println!("pty: peak RSS (VmHWM) after opening {} households: {} MiB", queries.len(), hwm / 1024);

    t.esc(&[ID.dashboard]);
    t.send(b"q");
    assert!(t.wait_exit(Duration::from_secs(5)).success());
}
