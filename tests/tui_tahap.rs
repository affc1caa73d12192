//! The tahap screens on the sample register (2026 tahap 1–3 paid, tahap 4
//! announced late, KPDJ's October and November merged into December) at
//! 80×24 and 120×40, and the writes from the keyboard: freeze asks first
//! (`n` leaves the list unfrozen, `y` freezes), the bank file's path is
//! asked and shown whole, the bank's results are imported.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crossterm::event::KeyEvent;
use dtks::domain::codes::Programme;
use dtks::domain::tahap::Period;
use dtks::i18n::Lang;
use dtks::service::{Actor, Clock, Service};
use dtks::tui::app::Overlay;
use dtks::tui::keymap::KeyChord;
use dtks::tui::screens::Screen;
use dtks::tui::screens::tahap_detail::{Pane, TahapDetail};
use dtks::tui::{App, Event};

#[path = "support/app.rs"]
mod app_support;
use app_support::{app_as, press, screen, typed};

const NOW: &str = "2026-11-24 10:42";

/// The sample's own "today" (its cycle file's as_of), as `dtks demo` runs.
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

fn import() -> Service {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let svc = Service::open(&path, true, Clock::parse_fixed(NOW).unwrap()).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
    svc.import(&[data], &Actor::new("tes"), Lang::Id, &mut |_| {}).unwrap();
    // The directory must outlive the store; the test process ends first.
    std::mem::forget(dir);
    svc.with_today(today())
}

/// One sample shared by the tests that only read.
fn shared() -> Arc<Service> {
    static SVC: OnceLock<Arc<Service>> = OnceLock::new();
    SVC.get_or_init(|| Arc::new(import())).clone()
}

fn app_on(svc: Arc<Service>, lang: Lang) -> App {
    app_as(svc, lang, "tes")
}

fn snap(name: &str, a: &mut App) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(a, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), screen(a, 120, 40));
}

fn detail(a: &App) -> &TahapDetail {
    match a.screen() {
        Screen::TahapDetail(d) => d,
        other => panic!("not the tahap detail: {:?}", other.title()),
    }
}

/// KLJ tahap 3 of 2026 opened from the overview (tahap 4 is selected first).
fn klj_t3(lang: Lang) -> App {
    let mut a = app_on(shared(), lang);
    press(&mut a, &["c", "up", "enter"]);
    a
}

#[test]
fn overview_shows_dates_state_delay_and_next_step() {
    let mut a = app_on(shared(), Lang::Id);
    press(&mut a, &["c"]);
    let Screen::Tahap(t) = a.screen() else { panic!("not the overview") };
    assert_eq!((t.year(), t.programme()), (2026, Programme::Klj));
    // Today (1 Nov 2026) falls in tahap 4: it is selected.
    assert_eq!(t.selected().unwrap().plan.period, Period::tahap(2026, 4).unwrap());
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Tahap 4 2026 (Okt–Des) 20 Okt 2026 –           Diumumkan, terlambat 12 hari"), "{text}");
    assert!(text.contains("Bulan: Oktober 2026, November 2026, Desember 2026"), "{text}");
    assert!(text.contains("Diumumkan: 30 Okt 2026"), "{text}");
    assert!(text.contains("Tanggal acuan daftar: 1 Okt 2026"), "{text}");
    snap("tahap_overview", &mut a);
    let mut en = app_on(shared(), Lang::En);
    press(&mut en, &["c"]);
    let text = screen(&mut en, 80, 24);
    assert!(text.contains("Announced, 12 days late"), "{text}");
    snap("tahap_overview_en", &mut en);
}

#[test]
fn overview_merged_months_and_other_years() {
    let mut a = app_on(shared(), Lang::Id);
    // KPDJ is paid monthly; October and November are paid with December.
    press(&mut a, &["c", "tab", "tab"]);
    let Screen::Tahap(t) = a.screen() else { panic!() };
    assert_eq!(t.programme(), Programme::Kpdj);
    assert_eq!(t.selected().unwrap().plan.period, Period::month(2026, 11).unwrap());
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Dibayar bersama: Desember 2026"), "{text}");
    press(&mut a, &["down"]);
    let text = screen(&mut a, 80, 24);
    // December's list pays the merged months too.
    assert!(text.contains("Bulan: Oktober 2026, November 2026, Desember 2026"), "{text}");
    snap("tahap_overview_kpdj", &mut a);
    press(&mut a, &["right"]);
    let Screen::Tahap(t) = a.screen() else { panic!() };
    assert_eq!(t.year(), 2027);
    assert!(t.shown().is_empty());
    assert!(screen(&mut a, 80, 24).contains("Belum ada jadwal pencairan"));
    press(&mut a, &["left"]);
    let Screen::Tahap(t) = a.screen() else { panic!() };
    // Three tahap, then October to December month by month.
    assert_eq!(t.shown().len(), 6);
}

#[test]
fn tahap_key_works_from_anywhere_and_is_in_the_palette() {
    let mut a = app_on(shared(), Lang::Id);
    press(&mut a, &["t", "c"]);
    assert!(matches!(a.screen(), Screen::Tahap(_)));
    assert_eq!(a.screen_depth(), 3);
    // Pressed again on the overview, nothing is stacked.
    press(&mut a, &["c"]);
    assert_eq!(a.screen_depth(), 3);
    press(&mut a, &[":"]);
    typed(&mut a, "pencairan");
    assert!(screen(&mut a, 80, 24).contains("Pencairan: jadwal tahap per program"));
}

#[test]
fn detail_panes_of_a_paid_tahap() {
    let mut a = klj_t3(Lang::Id);
    let d = detail(&a);
    let v = d.loaded().expect("loaded by its job");
    assert_eq!(v.lists.len(), 1);
    assert_eq!(d.rows().len() as u64, v.lists[0].totals.recipients);
    assert_eq!(d.kelurahan_counts()[0].name, "Kampung Melayu");
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Tanggal acuan daftar: 1 Jul 2026"), "{text}");
    assert!(text.contains("Kampung Melayu"), "{text}");
    snap("tahap_detail_summary", &mut a);
    press(&mut a, &["tab"]);
    assert_eq!(detail(&a).pane(), Pane::Recipients);
    snap("tahap_detail_recipients", &mut a);
    press(&mut a, &["tab"]);
    snap("tahap_detail_excluded", &mut a);
    press(&mut a, &["tab"]);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Dibanding Tahap 2 2026 (Apr–Jun)"), "{text}");
    snap("tahap_detail_changes", &mut a);
    press(&mut a, &["tab"]);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Dibayar dua kali (1)"), "{text}");
    assert!(text.contains("Gagal dibayar (dibawa sebagai rapel): 13"), "{text}");
    snap("tahap_detail_bank", &mut a);

    let mut en = klj_t3(Lang::En);
    press(&mut en, &["backtab"]);
    let text = screen(&mut en, 80, 24);
    assert!(text.contains("Paid twice (1)"), "{text}");
    assert!(text.contains("List reference date: 1 Jul 2026"), "{text}");
    snap("tahap_detail_bank_en", &mut en);
    press(&mut en, &["backtab"]);
    snap("tahap_detail_changes_en", &mut en);
}

#[test]
fn detail_opens_at_once_and_counts_arrive_later() {
    let mut a = app_on(shared(), Lang::Id);
    press(&mut a, &["c"]);
    // Enter without running the job: the screen is there, counting.
    let chord: KeyChord = "enter".parse().unwrap();
    a.update(Event::Key(KeyEvent::new(chord.code, chord.mods)));
    assert!(detail(&a).loaded().is_none());
    assert!(screen(&mut a, 80, 24).to_lowercase().contains("menghitung"));
    a.run_queued_jobs();
    assert!(detail(&a).loaded().is_some());
}

#[test]
fn recipients_search_by_name_and_nik_and_filter_by_kelurahan() {
    let mut a = klj_t3(Lang::Id);
    press(&mut a, &["tab"]);
    let all = detail(&a).found().len();
    assert!(all > 100);
    let first = detail(&a).rows()[0].clone();
    press(&mut a, &["/"]);
    typed(&mut a, &first.nik[..14]);
    let d = detail(&a);
    assert!(!d.found().is_empty() && d.found().len() < all);
    assert!(d.found().iter().all(|&i| d.rows()[i].nik.starts_with(&first.nik[..14])));
    for _ in 0..14 {
        press(&mut a, &["backspace"]);
    }
    let surname = first.name.split(' ').next_back().unwrap().to_string();
    typed(&mut a, &surname);
    let d = detail(&a);
    assert!(d.found().contains(&0) && d.found().len() < all);
    snap("tahap_detail_search", &mut a);
    // Enter leaves the field; the kelurahan filter then narrows (one here).
    press(&mut a, &["enter", "ctrl-l", "f2"]);
    assert_eq!(detail(&a).found().len(), all);
    assert!(screen(&mut a, 80, 24).contains("Kelurahan: Kampung Melayu"));
    // Enter on a recipient opens their household.
    press(&mut a, &["enter"]);
    assert!(matches!(a.screen(), Screen::Household(_)));
}

#[test]
fn exclusions_open_the_people_with_their_reason() {
    let mut a = klj_t3(Lang::Id);
    press(&mut a, &["tab", "tab"]);
    let d = detail(&a);
    let (rule, count) = d.excluded()[0];
    assert!(count > 0);
    press(&mut a, &["enter"]);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Tidak masuk karena aturan"), "{text}");
    snap("tahap_detail_excluded_people", &mut a);
    press(&mut a, &["esc"]);
    assert!(matches!(a.screen(), Screen::TahapDetail(_)));
    assert!(screen(&mut a, 80, 24).contains("Aturan yang tidak dipenuhi"));
    let _ = rule;
}

/// The worded question of the open confirmation, if one is open.
fn question(a: &App) -> Option<String> {
    match a.overlay() {
        Some(Overlay::Confirm(c)) => c.worded.clone(),
        _ => None,
    }
}

fn clear_field(a: &mut App) {
    for _ in 0..300 {
        press(a, &["backspace"]);
    }
}

#[test]
fn freeze_asks_first_then_bank_file_and_results_from_the_keyboard() {
    let svc = Arc::new(import());
    let (klj, t4) = (Programme::Klj, Period::tahap(2026, 4).unwrap());
    let mut a = app_on(svc.clone(), Lang::Id);
    press(&mut a, &["c", "enter"]);
    // Writing the bank file before the freeze is refused, in words.
    press(&mut a, &["w"]);
    assert!(question(&a).is_none());
    assert!(a.notice().unwrap().text.contains("bekukan daftar penerima dulu"));
    press(&mut a, &["esc"]);

    // Opening built the list to look at (nothing saved); K asks with its count.
    let n = detail(&a).preview().expect("built on opening").rows.len();
    // The diff pane already shows what freezing would change since tahap 3.
    let before = detail(&a).changes().expect("preview diff").clone();
    assert_eq!(before.previous, Some(Period::tahap(2026, 3).unwrap()));
    assert!(!before.entered.is_empty());
    press(&mut a, &["tab", "tab", "tab"]);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Dibanding Tahap 3 2026 (Jul–Sep) (Pratinjau, belum dibekukan)"), "{text}");
    snap("tahap_preview_changes", &mut a);
    assert!(n > 0);
    press(&mut a, &["K"]);
    let q = question(&a).expect("freeze asks first");
    assert!(q.starts_with("Bekukan daftar KLJ Tahap 4 2026 (Okt–Des):"), "{q}");
    assert!(q.contains(&format!("{n} penerima")), "{q}");
    assert!(q.contains("tanggal acuan 1 Okt 2026"), "{q}");
    snap("tahap_freeze_question", &mut a);
    press(&mut a, &["n"]);
    assert!(a.overlay().is_none());
    assert!(svc.frozen_lists(klj, t4).unwrap().is_empty(), "n froze nothing");
    // Enter is no answer: the dialog stays, nothing is frozen.
    press(&mut a, &["K", "enter"]);
    assert!(question(&a).is_some());
    assert!(svc.frozen_lists(klj, t4).unwrap().is_empty());
    press(&mut a, &["y"]);
    let lists = svc.frozen_lists(klj, t4).unwrap();
    assert_eq!(lists.len(), 1);
    assert_eq!(lists[0].totals.recipients as usize, n);
    assert_eq!(lists[0].frozen_by, "tes");
    assert!(detail(&a).message().unwrap().starts_with("Daftar dibekukan:"));
    // The frozen list's diff is the one the preview showed.
    let after = svc.list_changes(&dtks::testkit::owner(), klj, t4).unwrap();
    assert_eq!(after.entered, before.entered);
    assert_eq!(after.left, before.left);
    assert_eq!(after.amount_changed, before.amount_changed);
    assert_eq!(detail(&a).changes(), Some(&after));
    // Freezing again is refused with the date it was frozen.
    press(&mut a, &["K"]);
    assert!(question(&a).is_none());
    assert!(a.notice().unwrap().text.contains("sudah dibekukan pada 24 Nov 2026 10:42"));
    press(&mut a, &["esc"]);

    // The bank file: the path is asked, prefilled after programme and tahap.
    let dir = tempfile::tempdir().unwrap();
    press(&mut a, &["w"]);
    assert!(screen(&mut a, 80, 24).contains("KLJ-2026-T4.csv"));
    let out = dir.path().join("KLJ-2026-T4.csv");
    std::fs::write(&out, "already here").unwrap();
    clear_field(&mut a);
    typed(&mut a, &out.display().to_string());
    press(&mut a, &["enter"]);
    assert!(question(&a).is_none(), "an existing file is never offered for overwriting");
    assert!(a.notice().unwrap().text.contains("tidak akan ditimpa"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "already here");
    // Esc closes the field; the next w asks again.
    press(&mut a, &["esc", "esc", "w"]);
    let out = dir.path().join("bank.csv");
    clear_field(&mut a);
    typed(&mut a, &out.display().to_string());
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("bank.csv"), "{text}");
    press(&mut a, &["enter"]);
    let q = question(&a).expect("the bank file asks first");
    assert!(q.contains(&out.display().to_string()) && q.contains(&format!("{n} penerima")), "{q}");
    press(&mut a, &["n"]);
    assert!(!out.exists());
    press(&mut a, &["w"]);
    clear_field(&mut a);
    typed(&mut a, &out.display().to_string());
    press(&mut a, &["enter", "y"]);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("reference,account,name,nik,programme,months,amount"));
    assert_eq!(svc.plan(klj, t4).unwrap().unwrap().state, dtks::domain::tahap::PeriodState::BankFileSent);

    // The bank's results: every row paid but the first, which failed.
    let rows = svc.period_rows(klj, t4).unwrap();
    let mut csv = String::from("reference,amount,date,status,reason\n");
    for (i, r) in rows.iter().enumerate() {
        let status = if i == 0 { "failed,rekening tidak dapat dikreditkan" } else { "paid," };
        csv.push_str(&format!("{},{},2026-11-20,{status}\n", r.reference, r.amount));
    }
    let results = dir.path().join("hasil.csv");
    std::fs::write(&results, csv).unwrap();
    press(&mut a, &["i"]);
    clear_field(&mut a);
    typed(&mut a, &results.display().to_string());
    press(&mut a, &["enter"]);
    let q = question(&a).expect("the import asks first");
    assert!(q.starts_with(&format!("Impor hasil bank dari {}", results.display())), "{q}");
    press(&mut a, &["y"]);
    let d = detail(&a);
    let rec = d.loaded().unwrap().reconciliation.as_ref().unwrap();
    assert_eq!(rec.failed.len(), 1);
    assert_eq!(rec.paid.recipients as usize, n - 1);
    assert!(d.message().unwrap().contains(&format!("{} baris disimpan", rows.len())));
    // From the diff pane, one more to the bank.
    press(&mut a, &["tab"]);
    assert_eq!(detail(&a).pane(), Pane::Bank);
    let text = screen(&mut a, 80, 24);
    assert!(text.contains("Gagal dibayar (dibawa sebagai rapel): 1"), "{text}");
}
