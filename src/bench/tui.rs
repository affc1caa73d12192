//! `dtks bench --tui`: the screens' budgets, measured in this process on a
//! test backend (no terminal I/O): open to first frame, keystroke to redrawn
//! frame in the search box, and one frame's render at 200×50. Idle CPU and
//! RSS while browsing need a real terminal: see the ignored test in
//! tests/tui_pty.rs.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::bench::BenchError;
use crate::cli::BenchArgs;
use crate::i18n::Lang;
use crate::service::{Actor, Clock, Service};
use crate::tui::screens::Screen;
use crate::tui::{App, Event, Keymap, KeymapChoice, Theme};

type Result<T> = std::result::Result<T, BenchError>;

/// Names typed into the search box: every k-th person of the generated data.
const NAME_EVERY: usize = 4999;
/// Draws per render figure.
const DRAWS: usize = 300;

use crate::bench::{ms, percentile};

fn p50_p95(mut v: Vec<Duration>) -> String {
    v.sort();
    format!("{} / {} ({} samples)", ms(percentile(&v, 0.5)), ms(percentile(&v, 0.95)), v.len())
}

fn fail(what: impl Into<String>) -> BenchError {
    BenchError::Failed(what.into())
}

fn new_app(svc: Service) -> App {
    let (keymap, _) = Keymap::load(&KeymapChoice::Default, None);
    App::new(Lang::Id, Theme::new(false), keymap, Arc::new(svc), Actor::new("bench"))
}

fn terminal(w: u16, h: u16) -> Result<Terminal<TestBackend>> {
    Terminal::new(TestBackend::new(w, h)).map_err(|e| fail(format!("test backend: {e}")))
}

fn draw(term: &mut Terminal<TestBackend>, app: &mut App) -> Result<()> {
    term.draw(|f| app.view(f)).map_err(|e| fail(format!("draw: {e}")))?;
    Ok(())
}

fn key(app: &mut App, code: KeyCode) -> bool {
    app.update(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// A name as a case worker types it: the first word, then a space and the
/// start of the second.
pub(crate) fn typed(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.to_lowercase(),
        [first, second, ..] => format!("{} {}", first, second.chars().take(3).collect::<String>()).to_lowercase(),
    }
}

fn names(persons_csv: &Path) -> Result<Vec<String>> {
    let mut rdr = csv::Reader::from_path(persons_csv).map_err(|e| fail(format!("{}: {e}", persons_csv.display())))?;
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| fail(format!("{}: {e}", persons_csv.display())))?;
        if i % NAME_EVERY == 0
            && let Some(name) = rec.get(2)
        {
            out.push(name.to_string());
        }
    }
    Ok(out)
}

/// Measures and prints the TUI figures on the database in `args.dir`,
/// built earlier by `dtks bench`.
pub fn run(args: &BenchArgs) -> Result<()> {
    let db = args.dir.join("db");
    let persons_csv = args.dir.join("data").join("persons.csv");
    if !db.is_dir() || !persons_csv.is_file() {
        return Err(fail(format!(
            "{} or {} missing: build them first with dtks bench --dir {}",
            db.display(),
            persons_csv.display(),
            args.dir.display()
        )));
    }
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut push = |k: &str, v: String, b: &str| {
        eprintln!("{k}: {v} (budget {b})");
        rows.push((k.to_string(), v, b.to_string()));
    };

    // (a) Open, build the app, draw the first frame (the dashboard, its
    // counts still being computed in the background, as in the terminal).
    let mut first = Vec::new();
    let mut opens = Vec::new();
    let mut counts = Vec::new();
    for _ in 0..6 {
        let t = Instant::now();
        let svc = Service::open(&db, false, Clock::System)?;
        opens.push(t.elapsed());
        let mut app = new_app(svc);
        let mut term = terminal(80, 24)?;
        draw(&mut term, &mut app)?;
        first.push(t.elapsed());
        let t = Instant::now();
        app.run_queued_jobs();
        draw(&mut term, &mut app)?;
        counts.push(t.elapsed());
    }
    // The first run warms the page cache; the figure is the median of the rest.
    let mut warm = first[1..].to_vec();
    warm.sort();
    let mut warm_open = opens[1..].to_vec();
    warm_open.sort();
    push(
        "TUI start to first frame, 80×24 (first run)",
        format!("{} (of which Service::open {})", ms(first[0]), ms(opens[0])),
        "≤ 150 ms",
    );
    push(
        "TUI start to first frame, 80×24 (median of 5 more)",
        format!("{} (of which Service::open {})", ms(percentile(&warm, 0.5)), ms(percentile(&warm_open, 0.5))),
        "≤ 150 ms",
    );
    let mut counts = counts[1..].to_vec();
    counts.sort();
    push("dashboard counts computed and drawn (median of 5)", ms(percentile(&counts, 0.5)), "—");

    // (b) The households screen: each key typed, then one draw.
    let svc = Service::open(&db, false, Clock::System)?;
    let mut app = new_app(svc);
    app.run_queued_jobs();
    let mut term = terminal(80, 24)?;
    draw(&mut term, &mut app)?;
    let t = Instant::now();
    key(&mut app, KeyCode::Char('r'));
    draw(&mut term, &mut app)?;
    let open_list = t.elapsed();
    if !matches!(app.screen(), Screen::Households(_)) {
        return Err(fail("r did not open the households screen"));
    }
    push("households screen opened and drawn (whole register)", ms(open_list), "—");

    let names = names(&persons_csv)?;
    let mut per_key = Vec::new();
    let mut empty = 0;
    for name in &names {
        let q = typed(name);
        for c in q.chars() {
            let t = Instant::now();
            key(&mut app, KeyCode::Char(c));
            draw(&mut term, &mut app)?;
            per_key.push(t.elapsed());
        }
        if let Screen::Households(h) = app.screen() {
            empty += usize::from(h.lines().is_empty());
        }
        for _ in q.chars() {
            key(&mut app, KeyCode::Backspace);
        }
    }
    if empty == names.len() {
        return Err(fail("no typed name found anything"));
    }
    push(
        &format!("keystroke in the search box to redrawn frame, p50 / p95 ({} names)", names.len()),
        p50_p95(per_key),
        "p95 ≤ 16 ms",
    );

    // (c) One frame at 200×50: the list window, then a household.
    let mut big = terminal(200, 50)?;
    draw(&mut big, &mut app)?;
    let mut list = Vec::with_capacity(DRAWS);
    for _ in 0..DRAWS {
        let t = Instant::now();
        draw(&mut big, &mut app)?;
        list.push(t.elapsed());
    }
    push("render, households list at 200×50, p50 / p95", p50_p95(list), "≤ 2 ms");

    for c in typed(&names[0]).chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    if !matches!(app.screen(), Screen::Household(_)) {
        return Err(fail(format!("Enter on '{}' did not open a household", typed(&names[0]))));
    }
    draw(&mut big, &mut app)?;
    let mut detail = Vec::with_capacity(DRAWS);
    for _ in 0..DRAWS {
        let t = Instant::now();
        draw(&mut big, &mut app)?;
        detail.push(t.elapsed());
    }
    push("render, household detail at 200×50, p50 / p95", p50_p95(detail), "≤ 2 ms");

    // (d) Opening a household and a member (Enter, Enter): each reads its
    // NIKs' households through the NIK index, never the register.
    key(&mut app, KeyCode::Esc);
    for _ in typed(&names[0]).chars() {
        key(&mut app, KeyCode::Backspace);
    }
    let (mut households, mut members) = (Vec::new(), Vec::new());
    for name in names.iter().take(50) {
        let q = typed(name);
        for c in q.chars() {
            key(&mut app, KeyCode::Char(c));
        }
        let t = Instant::now();
        key(&mut app, KeyCode::Enter);
        draw(&mut term, &mut app)?;
        if matches!(app.screen(), Screen::Household(_)) {
            households.push(t.elapsed());
            let t = Instant::now();
            key(&mut app, KeyCode::Enter);
            draw(&mut term, &mut app)?;
            if matches!(app.screen(), Screen::Person(_)) {
                members.push(t.elapsed());
                key(&mut app, KeyCode::Esc);
            }
            key(&mut app, KeyCode::Esc);
        }
        for _ in q.chars() {
            key(&mut app, KeyCode::Backspace);
        }
    }
    if households.is_empty() || members.is_empty() {
        return Err(fail("Enter opened no household or member"));
    }
    push(
        &format!("household detail opened and drawn, p50 / p95 ({} households)", households.len()),
        p50_p95(households),
        "≤ 16 ms",
    );
    push(
        &format!("person detail opened and drawn, p50 / p95 ({} persons)", members.len()),
        p50_p95(members),
        "≤ 16 ms",
    );

    println!("| measure | figure | budget |\n| --- | --- | --- |");
    for (k, v, b) in &rows {
        println!("| {k} | {v} | {b} |");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_takes_the_first_word_and_three_letters_of_the_second() {
        assert_eq!(typed("Siti Nurhaliza Putri"), "siti nur");
        assert_eq!(typed("Joesoef"), "joesoef");
        assert_eq!(typed("Ani Wu"), "ani wu");
        assert_eq!(typed(""), "");
    }

    #[test]
    fn percentile_picks_the_nearest_rank() {
        let v: Vec<Duration> = (1..=20).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 0.5), Duration::from_millis(11));
        assert_eq!(percentile(&v, 0.95), Duration::from_millis(19));
        assert_eq!(percentile(&[], 0.95), Duration::ZERO);
    }
}
