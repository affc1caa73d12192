//! The deactivation screens on the sample register: the queue with its
//! decisions (asked first with the effective tahap and to whom, four-eyes,
//! the cursor moving on, revert with a reason, an appeal reinstated), the
//! proposal form, the monev review and the double-record pair.

use std::path::Path;
use std::sync::Arc;

use dtks::domain::deactivation::{Direction, DocumentKind, Evidence, Ground, Origin, Scope, State};
use dtks::domain::muskel::{Attendee, AttendeeRole, Muskel};
use dtks::domain::tahap::Period;
use dtks::domain::{NotEligibleReason, Programme};
use dtks::i18n::Lang;
use dtks::service::deactivation::{NewProposal, Target};
use dtks::service::{Actor, Clock, Service};
use dtks::store::AuditDraft;
use dtks::testkit;
use dtks::tui::App;
use dtks::tui::app::Overlay;
use dtks::tui::screens::Screen;

#[path = "support/app.rs"]
mod app_support;
use app_support::{app_as, press, screen, typed};

/// The tests' fixed moment: no result depends on the day they run.
const NOW: &str = "2026-11-24 10:42";
const KEL: &str = "31.75.03.1001";
/// Sukarno Harahap, enrolled in KLJ only.
const SUKARNO: &str = "3175031509481935";
const SUKARNO_KK: &str = "3175030102053599";
/// Suminah Susanti, enrolled in KLJ only, same kelurahan.
const SUMINAH: &str = "3175035801560237";

fn officer() -> Actor {
    Actor::new("petugas1")
}

/// A fresh imported register per test, with the KLJ list of Tahap 4 2026
/// frozen, so a decision now takes effect from Tahap 1 2027.
fn service() -> (tempfile::TempDir, Arc<Service>) {
    let dir = tempfile::tempdir().unwrap();
    let svc = Service::open(&dir.path().join("db"), true, Clock::parse_fixed(NOW).unwrap()).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register");
    svc.import(&[data], &Actor::new("tes"), Lang::Id, &mut |_| {}).unwrap();
    svc.freeze_list(Programme::Klj, Period::tahap(2026, 4).unwrap(), false, &Actor::new("tes")).unwrap();
    (dir, Arc::new(svc))
}

fn muskel(svc: &Service) -> u64 {
    let m = Muskel {
        id: 0,
        kelurahan: KEL.into(),
        date: testkit::date(2026, 11, 20),
        place: "Aula Kelurahan".into(),
        number: "07/BA/XI/2026".into(),
        attendees: vec![Attendee {
            name: "Lurah Contoh".into(),
            role: AttendeeRole::Lurah,
            from: String::new(),
            signed: true,
        }],
        items: vec![],
        evidence: vec![],
    };
    svc.save_muskel(m, &officer()).unwrap().id
}

fn evidence() -> Evidence {
    Evidence {
        kind: DocumentKind::Other,
        number: "BA-RT-05/2026".into(),
        date: Some(testkit::date(2026, 11, 2)),
        files: vec![],
        reference: None,
        asset: None,
        note: "pindah ke Bekasi".into(),
    }
}

/// A proposal by the officer, put to the Muskel and agreed there.
fn agreed(svc: &Service, nik: &str, ground: Ground, m: u64) -> u64 {
    let new = NewProposal {
        target: Target::Nik(nik.into()),
        direction: Direction::Deactivate(ground),
        evidence: vec![evidence()],
        scope: Scope::All,
        origin: Origin::Petugas,
    };
    let p = svc.propose(new, &officer()).unwrap();
    svc.submit_proposal(p.id, m, &officer()).unwrap();
    svc.agree_proposal(p.id, &officer()).unwrap().id
}

fn state(svc: &Service, id: u64) -> State {
    svc.proposal(id).unwrap().unwrap().state
}

fn app(svc: &Arc<Service>, lang: Lang, user: &str) -> App {
    app_as(svc.clone(), lang, user)
}

/// The particulars of the open confirmation.
fn asked_detail(a: &App) -> String {
    match a.overlay() {
        Some(Overlay::Confirm(c)) => c.detail.clone().unwrap_or_default(),
        other => panic!("no confirmation open: {other:?}"),
    }
}

/// Moves the queue's cursor onto proposal `id` of the current tab.
fn select(a: &mut App, id: u64) {
    press(a, &["home"]);
    for _ in 0..100 {
        if queue(a).selected().map(|r| r.proposal.id) == Some(id) {
            return;
        }
        press(a, &["down"]);
    }
    panic!("proposal {id} is not in this tab");
}

/// The tab counts of the queue as `user` opens it (the sample has
/// proposals of its own in every state).
fn counts_now(svc: &Arc<Service>) -> [usize; 6] {
    let mut a = app(svc, Lang::Id, "tamu");
    press(&mut a, &["o"]);
    queue(&a).counts()
}

fn plus(mut c: [usize; 6], deltas: &[(usize, isize)]) -> [usize; 6] {
    for &(i, d) in deltas {
        c[i] = (c[i] as isize + d) as usize;
    }
    c
}

fn queue(a: &App) -> &dtks::tui::screens::NonaktifQueue {
    match a.screen() {
        Screen::Nonaktif(q) => q,
        _ => panic!("not the deactivation queue"),
    }
}

/// Two agreed proposals, the queue open on "to decide" as the head, the
/// cursor on the first; and the counts before them.
fn two_to_decide(lang: Lang) -> (tempfile::TempDir, Arc<Service>, App, u64, u64, [usize; 6]) {
    let (dir, svc) = service();
    let base = counts_now(&svc);
    let m = muskel(&svc);
    let first = agreed(&svc, SUKARNO, Ground::MovedOut, m);
    let second = agreed(&svc, SUMINAH, Ground::NotEligible(NotEligibleReason::ALL[10]), m);
    let mut a = app(&svc, lang, "kabid");
    press(&mut a, &["o", "tab", "tab"]);
    select(&mut a, first);
    (dir, svc, a, first, second, base)
}

#[test]
fn the_queue_counts_every_tab_and_approval_asks_with_the_effective_tahap_then_moves_on() {
    let (_dir, svc, mut a, first, second, base) = two_to_decide(Lang::Id);
    let q = queue(&a);
    assert_eq!(q.tab(), 2);
    assert_eq!(q.counts(), plus(base, &[(2, 2)]));
    assert_eq!(q.selected().unwrap().proposal.id, first);
    insta::assert_snapshot!("queue_to_decide_80x24", screen(&mut a, 80, 24));
    insta::assert_snapshot!("queue_to_decide_120x40", screen(&mut a, 120, 40));

    // Approve asks first: to whom, why, from which tahap.
    press(&mut a, &["s"]);
    assert!(a.overlay().is_some());
    let asked = screen(&mut a, 80, 24);
    assert!(asked.contains("Setujui penonaktifan ini?"), "{asked}");
    assert!(asked.contains("Sukarno Harahap"), "{asked}");
    assert_eq!(
        asked_detail(&a),
        "Untuk: Sukarno Harahap (NIK 3175031509481935), Kel. Kampung Melayu\nAlasan: pindah domisili\n\
         Berlaku mulai Tahap 1 2027 (Jan–Mar) (KLJ); daftar Tahap 4 2026 (Okt–Des) sudah dibekukan\n\
         status DTKS berubah sejak 1 Jan 2027"
    );
    insta::assert_snapshot!("queue_approve_asked_80x24", asked);

    // No changes nothing.
    press(&mut a, &["n"]);
    assert!(a.overlay().is_none());
    assert_eq!(state(&svc, first), State::Agreed);
    assert_eq!(queue(&a).counts(), plus(base, &[(2, 2)]));

    // Yes decides; the next proposal is selected.
    press(&mut a, &["s", "y"]);
    assert_eq!(state(&svc, first), State::Effective);
    let notice = a.notice().expect("a notice").text.clone();
    assert!(notice.contains("berlaku"), "{notice}");
    let q = queue(&a);
    assert_eq!(q.counts(), plus(base, &[(2, 1), (3, 1)]));
    assert_eq!(q.selected().unwrap().proposal.id, second);
    let h = svc.household(SUKARNO_KK).unwrap().unwrap();
    assert_eq!(h.member(SUKARNO).unwrap().status(), dtks::domain::DtksStatus::Inactive);
}

#[test]
fn the_queue_in_english() {
    let (_dir, _svc, mut a, ..) = two_to_decide(Lang::En);
    insta::assert_snapshot!("queue_to_decide_en_80x24", screen(&mut a, 80, 24));
    press(&mut a, &["s"]);
    let detail = asked_detail(&a);
    assert!(detail.contains("Effective from Tahap 1 of 2027 (Jan–Mar) (KLJ)"), "{detail}");
    assert!(detail.contains("the Tahap 4 of 2026 (Oct–Dec) list is already frozen"), "{detail}");
    insta::assert_snapshot!("queue_approve_asked_en_80x24", screen(&mut a, 80, 24));
}

#[test]
fn the_proposer_cannot_decide_and_is_told_why_in_words() {
    let (_dir, svc) = service();
    let m = muskel(&svc);
    let id = agreed(&svc, SUKARNO, Ground::MovedOut, m);
    let mut a = app(&svc, Lang::Id, "petugas1");
    press(&mut a, &["o", "tab", "tab"]);
    select(&mut a, id);
    press(&mut a, &["s"]);
    assert!(a.overlay().is_none(), "no question for a decision that cannot be made");
    assert_eq!(
        queue(&a).problem(),
        Some("petugas1 mengusulkan ini sendiri; keputusan harus diambil pengguna lain (empat mata)")
    );
    let shown = screen(&mut a, 80, 24);
    assert!(shown.contains("petugas1 mengusulkan ini sendiri"), "{shown}");
    assert!(shown.contains("pengguna lain (empat") && shown.contains("mata)"), "the whole reason shows: {shown}");
    insta::assert_snapshot!("queue_four_eyes_80x24", shown);
    for k in ["T", "e"] {
        select(&mut a, id);
        press(&mut a, &[k]);
        assert!(queue(&a).problem().is_some_and(|p| p.contains("empat mata")), "{k}");
        assert!(!a.screen().text_focused(), "{k}: no note asked");
    }
    press(&mut a, &["down"]);
    assert_eq!(queue(&a).problem(), None, "the next key clears it");
    assert_eq!(state(&svc, id), State::Agreed);
}

#[test]
fn revise_asks_a_note_and_revert_asks_a_reason() {
    let (_dir, svc, mut a, first, second, base) = two_to_decide(Lang::Id);
    // Revision: the note is asked, then the proposal is a draft again.
    select(&mut a, second);
    press(&mut a, &["e"]);
    assert!(screen(&mut a, 80, 24).contains("Catatan perbaikan"));
    typed(&mut a, "lampirkan surat RT");
    press(&mut a, &["enter"]);
    assert_eq!(state(&svc, second), State::Draft);
    assert_eq!(svc.proposal(second).unwrap().unwrap().decision.unwrap().note, "lampirkan surat RT");

    select(&mut a, first);
    press(&mut a, &["s", "y", "tab"]);
    assert_eq!(state(&svc, first), State::Effective);
    assert_eq!(queue(&a).tab(), 3);
    select(&mut a, first);
    press(&mut a, &["B"]);
    let asked = screen(&mut a, 80, 24);
    assert!(asked.contains("Alasan pembatalan"), "{asked}");
    insta::assert_snapshot!("queue_revert_reason_80x24", asked);
    // Esc keeps the decision.
    press(&mut a, &["esc"]);
    assert_eq!(state(&svc, first), State::Effective);
    select(&mut a, first);
    press(&mut a, &["B"]);
    typed(&mut a, "salah orang");
    press(&mut a, &["enter"]);
    assert_eq!(state(&svc, first), State::Reverted);
    assert_eq!(queue(&a).counts()[4], base[4] + 1);
    let h = svc.household(SUKARNO_KK).unwrap().unwrap();
    assert_ne!(h.member(SUKARNO).unwrap().status(), dtks::domain::DtksStatus::Inactive);
}

#[test]
fn an_appeal_is_decided_by_a_third_user_and_reinstates_after_asking() {
    let (_dir, svc, mut a, first, ..) = two_to_decide(Lang::Id);
    press(&mut a, &["s", "y", "tab"]);
    select(&mut a, first);
    press(&mut a, &["S"]);
    typed(&mut a, "masih tinggal di alamat");
    press(&mut a, &["enter"]);
    assert_eq!(state(&svc, first), State::Appealed);

    // The decider may not decide the appeal.
    press(&mut a, &["tab", "tab"]);
    assert_eq!(queue(&a).tab(), 5);
    select(&mut a, first);
    press(&mut a, &["s"]);
    assert!(queue(&a).problem().is_some_and(|p| p.contains("sanggahannya harus diputuskan pengguna lain")));

    let mut c = app(&svc, Lang::Id, "kadis");
    press(&mut c, &["o", "backtab"]);
    assert_eq!(queue(&c).tab(), 5);
    select(&mut c, first);
    insta::assert_snapshot!("queue_appeals_80x24", screen(&mut c, 80, 24));
    press(&mut c, &["s"]);
    typed(&mut c, "terbukti");
    press(&mut c, &["enter"]);
    let asked = screen(&mut c, 80, 24);
    assert!(asked.contains("pulihkan?"), "{asked}");
    let detail = asked_detail(&c);
    assert!(detail.contains("Berlaku mulai Tahap 1 2027 (Jan–Mar) (KLJ)"), "{detail}");
    press(&mut c, &["y"]);
    assert_eq!(state(&svc, first), State::Reinstated);
}

#[test]
fn the_form_saves_a_draft_with_evidence_and_puts_it_to_the_muskel() {
    let (_dir, svc) = service();
    let m = muskel(&svc);
    let mut a = app(&svc, Lang::Id, "petugas1");
    press(&mut a, &["r"]);
    typed(&mut a, SUKARNO_KK);
    press(&mut a, &["enter", "D"]);
    assert!(matches!(a.screen(), Screen::NonaktifForm(_)), "D opens the form from the household");
    press(&mut a, &["esc", "enter"]);
    assert!(matches!(a.screen(), Screen::Person(_)));
    press(&mut a, &["D"]);
    assert!(matches!(a.screen(), Screen::NonaktifForm(_)));
    // Reason (row 2): pick "moved out" (4th); document number, date, note.
    press(&mut a, &["right", "right", "right", "down", "right", "right", "right", "down", "enter"]);
    typed(&mut a, "470/123/2026");
    press(&mut a, &["enter", "down", "enter"]);
    typed(&mut a, "02-11-2026");
    press(&mut a, &["enter", "down", "down", "enter"]);
    typed(&mut a, "pindah ke Bekasi");
    press(&mut a, &["enter", "ctrl-s"]);
    let notice = a.notice().expect("saved").text.clone();
    assert!(notice.contains("disimpan"), "{notice}");
    insta::assert_snapshot!("form_80x24", screen(&mut a, 80, 24));
    let Screen::NonaktifForm(f) = a.screen() else { panic!() };
    let p = svc.proposal(f.id()).unwrap().unwrap();
    assert_eq!(p.direction, Direction::Deactivate(Ground::MovedOut));
    assert_eq!(p.evidence[0].kind, DocumentKind::Other);
    assert_eq!(p.evidence[0].number, "470/123/2026");
    assert_eq!(p.evidence[0].date, Some(testkit::date(2026, 11, 2)));
    assert_eq!(p.evidence[0].note, "pindah ke Bekasi");

    // An attachment by path is kept under its SHA-256.
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), b"surat keterangan pindah").unwrap();
    press(&mut a, &["e"]);
    typed(&mut a, &file.path().display().to_string());
    press(&mut a, &["enter"]);
    let p = svc.proposal(p.id).unwrap().unwrap();
    assert_eq!(p.evidence[0].files.len(), 1);
    assert!(svc.attachment_path(&p.evidence[0].files[0]).is_file());

    // Submitting asks first; no leaves it a draft, yes puts it to the Muskel.
    press(&mut a, &["M"]);
    assert!(screen(&mut a, 80, 24).contains("Ajukan usulan ini ke Muskel?"));
    press(&mut a, &["n"]);
    assert_eq!(state(&svc, p.id), State::Draft);
    press(&mut a, &["M", "y"]);
    assert_eq!(state(&svc, p.id), State::Proposed);
    assert_eq!(svc.proposal(p.id).unwrap().unwrap().muskel, Some(m));
    assert!(matches!(a.screen(), Screen::Person(_)));

    // In the queue, the Muskel's agreement is recorded after asking.
    press(&mut a, &["o", "tab"]);
    select(&mut a, p.id);
    press(&mut a, &["A"]);
    assert!(screen(&mut a, 80, 24).contains("Catat persetujuan Muskel"));
    press(&mut a, &["n"]);
    assert_eq!(state(&svc, p.id), State::Proposed);
    press(&mut a, &["A", "y"]);
    assert_eq!(state(&svc, p.id), State::Agreed);
}

#[test]
fn the_form_in_english() {
    let (_dir, svc) = service();
    muskel(&svc);
    let mut a = app(&svc, Lang::En, "petugas1");
    press(&mut a, &["r"]);
    typed(&mut a, SUKARNO_KK);
    press(&mut a, &["enter", "D"]);
    insta::assert_snapshot!("form_household_en_80x24", screen(&mut a, 80, 24));
}

#[test]
fn monev_findings_are_reviewed_by_kind_accepted_or_dismissed_with_a_reason() {
    let (dir, svc) = service();
    let csv = dir.path().join("padan-dukcapil.csv");
    let text = format!(
        "nik,status,tanggal_meninggal,alamat_baru\n{SUKARNO},meninggal,2026-10-30,\n{SUMINAH},pindah,,Jl. Baru 5 Bekasi\n9999999999999999,meninggal,2026-10-01,\n"
    );
    std::fs::write(&csv, text).unwrap();
    let mut a = app(&svc, Lang::Id, "petugas1");
    press(&mut a, &["o", "i"]);
    typed(&mut a, &csv.display().to_string());
    press(&mut a, &["enter"]);
    let Screen::MonevReview(r) = a.screen() else { panic!("not the monev review") };
    assert_eq!(r.counts(), [1, 1, 0, 0]);
    let shown = screen(&mut a, 80, 24);
    assert!(shown.contains("2 konsep baru"), "{shown}");
    assert!(shown.contains("1 baris ditolak"), "{shown}");
    insta::assert_snapshot!("monev_review_80x24", shown);

    press(&mut a, &["s"]);
    let accepted = svc.monev_findings(Some("padan-dukcapil.csv")).unwrap();
    assert!(accepted[0].review.is_some());
    let deceased = accepted[0].proposal_id;
    assert_eq!(state(&svc, deceased), State::Draft);

    press(&mut a, &["tab", "T"]);
    typed(&mut a, "alamat lama masih benar");
    press(&mut a, &["enter"]);
    let lines = svc.monev_findings(Some("padan-dukcapil.csv")).unwrap();
    assert!(lines[1].proposal.is_none(), "the moved finding's draft is withdrawn");
    assert!(svc.proposal(lines[1].proposal_id).unwrap().is_none());
    let shown = screen(&mut a, 80, 24);
    assert!(shown.contains("diabaikan: alamat lama"), "{shown}");
    // A draft put to the Muskel follows its own way: its finding cannot be
    // dismissed any more; an empty reason is refused too.
    let m = muskel(&svc);
    svc.submit_proposal(deceased, m, &officer()).unwrap();
    let file = "padan-dukcapil.csv";
    let refused = svc.dismiss_finding(file, 2, "salah", &officer()).unwrap_err().message(Lang::Id);
    assert!(refused.contains("hanya konsep yang bisa diubah"), "{refused}");
    let refused = svc.dismiss_finding(file, 2, "  ", &officer()).unwrap_err().message(Lang::Id);
    assert!(refused.contains("Catatan kosong"), "{refused}");
    assert_eq!(state(&svc, deceased), State::Proposed);
    // The queue, shown again, has the deceased one at the Muskel.
    let at_muskel = counts_now(&svc)[1];
    press(&mut a, &["esc"]);
    assert_eq!(queue(&a).counts()[1], at_muskel);
}

#[test]
fn a_double_record_is_seen_side_by_side_and_kept_on_one_side_after_asking() {
    let (_dir, svc) = service();
    // A second household holding Sukarno's NIK, without assistance.
    let mut copy = svc.household(SUKARNO_KK).unwrap().unwrap().member(SUKARNO).unwrap().clone();
    copy.enrolments.clear();
    let other = testkit::household("3175030102990001", KEL, vec![copy]);
    let at = testkit::date(2026, 11, 1).and_hms_opt(9, 0, 0).unwrap();
    testkit::store(&svc)
        .write(&[other], &[], &AuditDraft { at, user: "tes".into(), action: "import".into(), origin: String::new() })
        .unwrap();

    let mut a = app(&svc, Lang::Id, "petugas1");
    press(&mut a, &["o", "w"]);
    let Screen::DoublePair(d) = a.screen() else { panic!("not the pair view") };
    let pair = d.current().expect("a pair").clone();
    assert_eq!(pair.suggestion.keep, SUKARNO_KK);
    let shown = screen(&mut a, 80, 24);
    assert!(shown.contains("riwayat bantuan aktif"), "{shown}");
    insta::assert_snapshot!("double_pair_80x24", shown);

    let keep_key = if pair.a.no_kk == SUKARNO_KK { "<" } else { ">" };
    press(&mut a, &[keep_key]);
    assert!(screen(&mut a, 80, 24).contains("Buat usulan hapus data ganda?"));
    press(&mut a, &["n"]);
    assert!(svc.proposals_of("3175030102990001").unwrap().is_empty());
    press(&mut a, &[keep_key, "y"]);
    let made = svc.proposals_of("3175030102990001").unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].origin, Origin::DoubleRecord);
}
