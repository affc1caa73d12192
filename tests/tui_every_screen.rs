//! Every screen at 80×24 in both languages, reached through its keys from
//! the demo's start (the sample register, the sample's own today, its
//! officer), checked for labels glued to their values and for cut texts.
//!
//! Rules (each finding names the screen, line and text):
//! - glued: in one run of letters a lowercase letter or digit is followed
//!   by an uppercase letter and a lowercase one ("COVID-19Tidak"), or the
//!   run is two words of the catalogue joined with nothing between
//!   ("eligiblebecause"); names of people and places are not catalogue
//!   words, so they do not split in two.
//! - cut at a border: a run of letters touches the right side of a box
//!   (a │ whose column rises to a right-hand corner) or the last column of
//!   the screen, and is not a whole word of the catalogue or the data nor
//!   a number ("Daerah K│", "? B" at the edge); a text that does not fit
//!   must end in "…". A cut that happens to end on a whole word ("…1
//!   keluarga di│") is not caught by this rule. Text of the screen behind
//!   a popup, between the popup's right side and the box behind it, is
//!   under the popup and not checked.
//! - cut inside a table: a run of letters that is the start of a longer
//!   word of the catalogue or the data but no word itself ("Ditangguhk"
//!   of "Ditangguhkan", "Kampu" of "Kampung"), followed by a blank, the
//!   end of the line or a box's right side.
//!
//! Not caught: a cut that ends on a whole word ("…1 keluarga di│") or in
//! digits ("9 Okt 2"). The catalogue's words are read from the string
//! literals under src/, the data's from the sample files.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use dtks::i18n::Lang;
use dtks::service::{Actor, Clock, Service};
use dtks::tui::App;

#[path = "support/app.rs"]
mod app_support;
use app_support::{app_as, press, screen};

const NOW: &str = "2026-11-24 10:42";
const OFFICER: &str = "petugas.sari";

/// As `dtks demo` runs: the sample's own today and its officer.
fn service() -> Arc<Service> {
    static SVC: OnceLock<Arc<Service>> = OnceLock::new();
    SVC.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let svc = Service::open(&dir.path().join("db"), true, Clock::parse_fixed(NOW).unwrap()).unwrap();
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
        svc.import(&[data], &Actor::new("demo"), Lang::Id, &mut |_| {}).unwrap();
        std::mem::forget(dir);
        Arc::new(svc.with_today(chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()))
    })
    .clone()
}

const KK: &str = "3175030102053599";

fn kk_keys() -> Vec<String> {
    let mut k = vec!["r".to_string()];
    k.extend(KK.chars().map(|c| c.to_string()));
    k
}

/// (name, keys from the dashboard).
fn walks() -> Vec<(&'static str, Vec<String>)> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let with_kk = |more: &[&str]| {
        let mut k = kk_keys();
        k.extend(s(more));
        k
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register/monev/padan-dukcapil-2026-10.csv");
    let mut monev = s(&["o", "i"]);
    monev.extend(path.to_string_lossy().chars().map(|c| if c == ' ' { "space".to_string() } else { c.to_string() }));
    monev.push("enter".to_string());
    vec![
        ("dashboard", s(&[])),
        ("help", s(&["?"])),
        ("palette", s(&[":"])),
        ("households", s(&["r"])),
        ("households_list", s(&["r", "tab"])),
        ("households_filter", s(&["r", "f2"])),
        ("household", with_kk(&["enter"])),
        ("person", with_kk(&["enter", "enter"])),
        ("counts", s(&["r", "tab", "f"])),
        ("counts_status", s(&["r", "tab", "f", "tab", "tab"])),
        ("recent", s(&["t"])),
        ("drafts", s(&["d"])),
        ("queue", s(&["a"])),
        ("queue_2", s(&["a", "tab"])),
        ("queue_3", s(&["a", "tab", "tab"])),
        ("queue_4", s(&["a", "tab", "tab", "tab"])),
        ("queue_5", s(&["a", "tab", "tab", "tab", "tab"])),
        ("queue_6", s(&["a", "tab", "tab", "tab", "tab", "tab"])),
        ("queue_finalise_asked", s(&["a", "tab", "tab", "f"])),
        ("muskel", s(&["m"])),
        ("muskel_open", s(&["m", "enter"])),
        ("muskel_new", s(&["m", "n"])),
        ("usulan", s(&["u"])),
        ("eligible", s(&["tab", "down", "down", "down", "down", "down", "down", "enter"])),
        ("eligible_kaj", s(&["tab", "down", "down", "down", "down", "down", "down", "enter", "tab"])),
        ("eligible_propose_asked", s(&["tab", "down", "down", "down", "down", "down", "down", "enter", "U"])),
        ("nonaktif", s(&["o"])),
        ("nonaktif_2", s(&["o", "tab"])),
        ("nonaktif_3", s(&["o", "tab", "tab"])),
        ("nonaktif_doubles", s(&["o", "w"])),
        ("nonaktif_form", with_kk(&["enter", "D"])),
        ("tahap", s(&["c"])),
        ("tahap_detail", s(&["c", "enter"])),
        ("visit_form", with_kk(&["enter", "v"])),
        ("monev_review", monev),
        ("visit_form_members", {
            // The first visit_form walk left a draft: Enter resumes it.
            let mut k = with_kk(&["enter", "v", "enter"]);
            k.extend(s(&["down"; 24]));
            k
        }),
        ("visit_form_last", with_kk(&["enter", "v", "enter", "end"])),
        ("muskel_kelurahan_pick", s(&["m", "n", "enter"])),
        ("household_end", with_kk(&["enter", "end"])),
        ("person_end", with_kk(&["enter", "enter", "end"])),
        ("person_inactive", {
            let mut k = s(&["r"]);
            k.extend("3175030104222698".chars().map(|c| c.to_string()));
            k.extend(s(&["enter", "enter"]));
            k
        }),
        ("recent_after_visits", with_kk(&["enter", "enter", "t"])),
    ]
}

/// Every word in the string literals under src/ (the catalogue, the code
/// labels), lowercased.
fn catalogue_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = HashSet::new();
        let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    for (i, lit) in text.split('"').enumerate() {
                        if i % 2 == 1 {
                            add_words(&mut words, lit);
                        }
                    }
                }
            }
        }
        words
    })
}

/// Every word of the sample's data (names, streets, regions), lowercased:
/// whole words that are no catalogue word, and that a cut may shorten.
fn data_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = HashSet::new();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        for f in [
            "register/persons.csv",
            "register/households.csv",
            "wilayah/villages-31.csv",
            "wilayah/districts.csv",
            "wilayah/regencies.csv",
            "wilayah/provinces.csv",
        ] {
            add_words(&mut words, &std::fs::read_to_string(root.join(f)).unwrap());
        }
        for r in dtks::service::cycle_io::read_cycle_file(&root.join("register/cycle.jsonl")).unwrap() {
            add_words(&mut words, &format!("{r:?}"));
        }
        words
    })
}

fn add_words(words: &mut HashSet<String>, text: &str) {
    for w in text.split(|c: char| !c.is_alphabetic()) {
        if !w.is_empty() {
            words.insert(w.to_lowercase());
        }
    }
}

const BORDERS: &[char] = &['│', '┃', '║', '┤', '┐', '┘', '╮', '╯', '┫', '╢'];

/// `│` at (y, x) is the right side of a box: going up its column, the
/// line ends in a right-hand corner (a popup's left side, drawn over text,
/// and a tab bar's divider are not).
fn right_border(lines: &[Vec<char>], y: usize, x: usize) -> bool {
    for line in lines[..y].iter().rev() {
        match line.get(x) {
            Some('│' | '┃' | '║') => continue,
            Some('┐' | '╮' | '┤' | '┓' | '╗' | '┫' | '╢') => return true,
            _ => return false,
        }
    }
    false
}

/// The problems of one rendered screen, one line each.
fn problems(text: &str) -> Vec<String> {
    let cat = catalogue_words();
    let data = data_words();
    let known = |w: &str| cat.contains(w) || data.contains(w);
    let mut out = Vec::new();
    let lines: Vec<Vec<char>> = text
        .lines()
        .map(|l| l.strip_prefix('"').and_then(|l| l.strip_suffix('"')).unwrap_or(l).chars().collect())
        .collect();
    for (y, line) in lines.iter().enumerate() {
        let row: String = line.iter().collect();
        let mut say = |what: &str, word: &str| out.push(format!("line {y}: {what} '{word}' in: {}", row.trim_end()));
        // Runs of letters, with where they start and end.
        let mut x = 0;
        while x < line.len() {
            if !line[x].is_alphanumeric() {
                x += 1;
                continue;
            }
            let start = x;
            while x < line.len()
                && (line[x].is_alphanumeric() || line[x] == '-' && x + 1 < line.len() && line[x + 1].is_alphanumeric())
            {
                x += 1;
            }
            let run: String = line[start..x].iter().collect();
            let next = line.get(x).copied();
            // Glued: "19Tidak", "eligibleBecause".
            let chars: Vec<char> = run.chars().collect();
            let camel = |w: &[char]| {
                (w[0].is_lowercase() || w[0].is_ascii_digit()) && w[1].is_uppercase() && w[2].is_lowercase()
            };
            if !known(&run.to_lowercase()) && chars.windows(3).any(camel) {
                say("glued", &run);
            }
            for part in run.split('-') {
                let lower = part.to_lowercase();
                let letters = part.chars().all(char::is_alphabetic);
                if !letters || known(&lower) {
                    continue;
                }
                let n = lower.chars().count();
                let glued = n >= 7
                    && (3..=n - 3).any(|k| {
                        let (a, b): (String, String) =
                            (lower.chars().take(k).collect(), lower.chars().skip(k).collect());
                        cat.contains(&a) && cat.contains(&b)
                    });
                if glued {
                    say("glued", part);
                }
                // Cut in a table: the start of a longer word, then a blank.
                let ends = next.is_none_or(|c| c == ' ')
                    || next.is_some_and(|c| BORDERS.contains(&c)) && right_border(&lines, y, x);
                if ends
                    && n >= 3
                    && !glued
                    && part == run.rsplit('-').next().unwrap_or("")
                    && cat.iter().chain(data.iter()).any(|w| w.len() > lower.len() && w.starts_with(&lower))
                {
                    say("cut", part);
                }
            }
        }
        // Cut at a border or the screen's edge.
        let last = line.len().saturating_sub(1);
        for (i, c) in line.iter().enumerate() {
            let at_border = BORDERS.contains(c) && i > 0 && line[i - 1].is_alphanumeric() && right_border(&lines, y, i);
            let at_edge = i == last && c.is_alphanumeric();
            // A sliver of the screen between a popup's right side and the
            // box behind it is under the popup, not cut by the screen.
            let sliver = line[..i.saturating_sub(1)]
                .iter()
                .rposition(|c| BORDERS.contains(c))
                .is_some_and(|l| right_border(&lines, y, l) && i > l + 1);
            if (at_border || at_edge) && !sliver {
                // Text that fills its space exactly ends in a whole word.
                let end = if at_edge && !at_border { i + 1 } else { i };
                let from = line[..end].iter().rposition(|c| !c.is_alphanumeric()).map_or(0, |p| p + 1);
                let word: String = line[from..end].iter().collect();
                let whole = word.chars().all(|c| c.is_ascii_digit())
                    || word.chars().count() >= 2 && known(&word.to_lowercase());
                if !whole {
                    say("cut at the border", &word);
                }
            }
        }
    }
    out
}

#[test]
fn every_screen_at_80x24_has_no_glued_or_cut_text() {
    let svc = service();
    let mut found = Vec::new();
    for lang in [Lang::Id, Lang::En] {
        for (name, keys) in walks() {
            let mut a: App = app_as(svc.clone(), lang, OFFICER);
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            press(&mut a, &keys);
            let text = screen(&mut a, 80, 24);
            if std::env::var_os("DTKS_SHOW_SCREENS").is_some() {
                eprintln!("== {name} {lang:?}\n{text}");
            }
            // The walk reached a screen of its own, not the dashboard again.
            assert!(
                name == "dashboard"
                    || name == "help"
                    || name == "palette"
                    || !text.contains(" DTKS │ Beranda  ") && !text.contains(" DTKS │ Dashboard  "),
                "{name} {lang:?} stayed on the dashboard:\n{text}"
            );
            found.extend(problems(&text).into_iter().map(|p| format!("{name} {lang:?}: {p}")));
        }
    }
    assert!(found.is_empty(), "{} problems:\n{}", found.len(), found.join("\n"));
}

/// The rules on hand-made screens: what they flag and what they let pass.
#[test]
fn the_rules_flag_glued_and_cut_text_and_pass_text_that_fits() {
    let screen = |rows: &[&str]| rows.iter().map(|r| format!("\"{r}\"\n")).collect::<String>();
    let boxed = |inner: &str| {
        let w = inner.chars().count();
        screen(&[&format!("┌{}┐", "─".repeat(w)), &format!("│{inner}│"), &format!("└{}┘", "─".repeat(w))])
    };
    let flagged = |text: &str, word: &str| problems(text).iter().any(|p| p.contains(&format!("'{word}'")));
    assert!(flagged(&boxed("Ortu/wali wafat COVID-19Tidak   "), "COVID-19Tidak"));
    assert!(flagged(&boxed("Not eligiblebecause of age      "), "eligiblebecause"));
    assert!(flagged(&boxed("Aktif  Ditangguhk  Berhenti     "), "Ditangguhk"));
    assert!(flagged(&boxed("Wilayah: Jakarta Timur, Daerah K"), "K"));
    assert!(flagged(&boxed("Enter opens i"), "i"));
    assert!(flagged(&screen(&["Tab Bagian  ? Bantuan  : Perint"]), "Perint"));
    // Whole words and numbers may fill a box; an ellipsis ends a cut.
    assert!(
        problems(&boxed("Aktif  Diusulkan  Berhenti")).is_empty(),
        "{:?}",
        problems(&boxed("Aktif  Diusulkan  Berhenti"))
    );
    assert!(problems(&boxed("Salsabila Nasu… 13 Okt 2026")).is_empty());
    assert!(problems(&boxed("Kepala keluarga: Budi Santoso   ")).is_empty());
}
