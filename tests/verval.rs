//! The verification cycle through the service: drafts, stages, pengesahan,
//! usulan and the 30-day rule, Muskel, its evidence and cadence. On a
//! temporary database with hand-built households.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use dtks::domain::muskel::{Attendee, AttendeeRole, Cadence, Decision, EvidenceKind, ItemKind, Muskel, MuskelItem};
use dtks::domain::stage::{Letter, Stage};
use dtks::domain::usulan::{Deadline, ProposedPerson, Target, Usulan, UsulanKind};
use dtks::domain::visit::{FieldId, HouseholdField, MemberField};
use dtks::domain::*;
use dtks::i18n::Lang;
use dtks::service::attachments::AttachmentState;
use dtks::service::{Actor, Clock, Service};
use dtks::store::AuditDraft;
use dtks::testkit;
use tempfile::TempDir;

const KEL: &str = "31.71.06.1003";
const OTHER_KEL: &str = "31.71.01.1001";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    date(2025, 6, 10)
}

fn at() -> NaiveDateTime {
    date(2025, 1, 2).and_hms_opt(9, 0, 0).unwrap()
}

fn officer() -> Actor {
    Actor::new("petugas1")
}

fn supervisor() -> Actor {
    Actor::new("supervisor")
}

fn kk(n: u32) -> String {
    format!("3171061203{n:06}")
}

fn person(nik: String, name: &str, rel: Relationship, birth: NaiveDate, sex: Sex) -> Person {
    Person {
        nik,
        name: name.into(),
        birthplace: "Jakarta".into(),
        birth_date: birth,
        sex,
        mother_name: "Ibu Contoh".into(),
        relationship: rel,
        marital: MaritalStatus::Married,
        occupation: Occupation::Labourer,
        disability: None,
        parent_died_covid: false,
        not_eligible: vec![],
        history: vec![active()],
        enrolments: vec![],
        pregnancy: None,
    }
}

fn active() -> StatusEntry {
    StatusEntry {
        status: DtksStatus::Active,
        since: date(2022, 2, 1),
        period: Some("2022-02".into()),
        source: Source::Regional,
        note: String::new(),
    }
}

fn enrol(p: Programme) -> Enrolment {
    Enrolment { programme: p, status: EnrolmentStatus::Active, since: date(2023, 1, 1), until: None, source: None }
}

/// Budi (head, KLJ + JKN-PBI), Siti, Andi; household `n`. Every 3000
/// households the birth days move on, so the NIKs stay distinct.
fn household(n: u32, kelurahan: &str) -> Household {
    let (g, s) = (n / 3000, 3 * (n % 3000));
    let mut budi = person(
        format!("317106{:02}0860{:04}", 17 + g, s + 1),
        "Budi Santoso",
        Relationship::Head,
        date(1960, 8, 17 + g),
        Sex::Male,
    );
    budi.enrolments = vec![enrol(Programme::Klj), enrol(Programme::JknPbi)];
    Household {
        no_kk: kk(n),
        address: Address { kelurahan: kelurahan.into(), rw: 2, rt: 5, street: "Jl. Contoh No. 3".into() },
        info: HouseholdInfo { decile: Some(2), ..dtks::testkit::info() },
        members: vec![
            budi,
            person(
                format!("317106{:02}1285{:04}", 57 + g, s + 2),
                "Siti Aminah",
                Relationship::Spouse,
                date(1985, 12, 17 + g),
                Sex::Female,
            ),
            person(
                format!("317106{:02}0110{:04}", 1 + g, s + 3),
                "Andi",
                Relationship::Child,
                date(2010, 1, 1 + g),
                Sex::Male,
            ),
        ],
        history: vec![active()],
    }
}

fn db(dir: &TempDir) -> PathBuf {
    dir.path().join("db")
}

fn open(path: &Path, on: NaiveDate) -> Service {
    Service::open(path, false, Clock::fixed(on, 10, 42)).unwrap()
}

/// A database with households 1..=n in KEL and one in OTHER_KEL (n + 1).
fn setup(n: u32) -> (TempDir, Service) {
    let dir = TempDir::new().unwrap();
    let svc = Service::open(&db(&dir), true, Clock::fixed(today(), 10, 42)).unwrap();
    let mut hs: Vec<Household> = (1..=n).map(|i| household(i, KEL)).collect();
    hs.push(household(n + 1, OTHER_KEL));
    testkit::store(&svc)
        .write(
            &hs,
            &[],
            &AuditDraft { at: at(), user: "import".into(), action: "import".into(), origin: String::new() },
        )
        .unwrap();
    (dir, svc)
}

fn mf(index: usize, field: MemberField) -> FieldId {
    FieldId::Member { index, field }
}

/// Opens a visit and fills it in: every member found and layak.
fn filled_visit(svc: &Service, n: u32) -> u64 {
    let s = svc.open_visit(&kk(n), Programme::Klj, &officer()).unwrap();
    let id = s.form.id;
    let o = officer();
    svc.save_draft_field(id, FieldId::Household(HouseholdField::VisitDate), "09-06-2025", &o).unwrap();
    for i in 0..3 {
        svc.save_draft_field(id, mf(i, MemberField::Presence), "ditemukan", &o).unwrap();
        svc.save_draft_field(id, mf(i, MemberField::Finding), "layak", &o).unwrap();
    }
    id
}

/// Budi found a civil servant: not eligible for JKN-PBI (reason 5).
fn budi_not_eligible(svc: &Service, id: u64) {
    let o = officer();
    svc.save_draft_field(id, mf(0, MemberField::Finding), "tidak_layak", &o).unwrap();
    svc.save_draft_field(id, mf(0, MemberField::NotEligible), "5", &o).unwrap();
    svc.save_draft_field(id, mf(0, MemberField::Programmes), "JKN-PBI", &o).unwrap();
}

fn letter() -> Letter {
    Letter { number: "460/123/DINSOS/2025".into(), date: today() }
}

fn err(r: Result<impl std::fmt::Debug, dtks::service::ServiceError>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn draft_is_saved_per_field_and_resumes_at_the_cursor() {
    let (dir, svc) = setup(1);
    let s = svc.open_visit(&kk(1), Programme::Klj, &officer()).unwrap();
    assert_eq!(s.draft_saved_at, None);
    assert_eq!(s.record.verification.stage, Stage::Draft);
    let id = s.form.id;
    let saved = svc.save_draft_field(id, mf(1, MemberField::Occupation), "pedagang", &officer()).unwrap();
    // A refused value changes nothing.
    assert!(err(svc.save_draft_field(id, mf(1, MemberField::Sex), "X", &officer())).contains("L, P"));
    // Another officer can neither edit it nor start a second visit.
    assert!(err(svc.save_draft_field(id, mf(1, MemberField::Name), "Y", &Actor::new("lain"))).contains("petugas1"));
    assert!(err(svc.open_visit(&kk(1), Programme::Klj, &Actor::new("lain"))).contains("already has visit"));
    drop(svc);

    // A new process finds the draft with its cursor and time.
    let svc = open(&db(&dir), today());
    let s = svc.open_visit(&kk(1), Programme::Klj, &officer()).unwrap();
    assert_eq!(s.form.id, id);
    assert_eq!(s.draft_saved_at, Some(saved.0));
    assert_eq!(s.form.cursor, mf(1, MemberField::Occupation));
    assert_eq!(s.form.members[1].fields.occupation, Some(Occupation::Trader));
    // The register is untouched by the draft.
    assert_eq!(testkit::store(&svc).household(&kk(1)).unwrap().unwrap(), household(1, KEL));
    let drafts = svc.my_drafts(&officer()).unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!((drafts[0].visit_id, drafts[0].head.as_str()), (id, "Budi Santoso"));
    // Every save is an audit event naming the field.
    let log = testkit::store(&svc).audit_log(1, 100).unwrap();
    assert!(log.iter().any(|e| e.action == format!("draft.edit anggota2.pekerjaan {id} KK {}", kk(1))), "{log:?}");

    svc.discard_draft(id, &officer()).unwrap();
    assert!(svc.my_drafts(&officer()).unwrap().is_empty());
    assert!(svc.verval_show(&kk(1)).unwrap().is_empty());
    assert_eq!(svc.open_visit(&kk(1), Programme::Klj, &officer()).unwrap().draft_saved_at, None);
}

#[test]
fn pengesahan_alone_applies_findings_with_the_cascade() {
    let (_dir, svc) = setup(1);
    let id = filled_visit(&svc, 1);
    budi_not_eligible(&svc, id);
    let before = testkit::store(&svc).household(&kk(1)).unwrap().unwrap();

    assert_eq!(svc.submit_visit(id, &officer()).unwrap().stage, Stage::Verified);
    assert_eq!(testkit::store(&svc).household(&kk(1)).unwrap().unwrap(), before);
    assert_eq!(svc.finalise(id, &supervisor()).unwrap().stage, Stage::Finalised);
    assert_eq!(testkit::store(&svc).household(&kk(1)).unwrap().unwrap(), before);
    let q = svc.verval_queue(&officer()).unwrap();
    assert_eq!(q.waiting_pengesahan.iter().map(|l| l.visit_id).collect::<Vec<_>>(), vec![id]);

    let report = svc.ratify(&[id], &letter(), &Actor::new("kadis")).unwrap();
    assert_eq!((report.visits, report.households_changed, report.batches), (1, 1, 1));
    let said: Vec<String> = report.cascades.iter().map(|c| c.message(Lang::En)).collect();
    assert!(said.iter().any(|c| c.contains("jkn_pbi_cascade") && c.contains("KLJ")), "{said:?}");
    let after = testkit::store(&svc).household(&kk(1)).unwrap().unwrap();
    let budi = &after.members[0];
    assert_eq!(budi.enrolment(Programme::JknPbi).unwrap().status, EnrolmentStatus::Stopped);
    assert_eq!(budi.enrolment(Programme::Klj).unwrap().status, EnrolmentStatus::Stopped);
    assert_eq!(budi.not_eligible, vec![NotEligibleReason::StateApparatus]);
    // One audit event for the household and the verification record.
    let events = testkit::store(&svc).audit_for(&kk(1)).unwrap();
    let last = events.last().unwrap();
    assert_eq!(Some(last.seq), report.audit_seqs.first().copied());
    assert!(last.action.starts_with("verval.ratify surat 460/123/DINSOS/2025"), "{}", last.action);
    assert!(!last.targets[0].changes.is_empty());
    let shown = svc.verval_show(&kk(1)).unwrap();
    assert_eq!(shown[0].record.verification.stage, Stage::Ratified);
    assert_eq!(shown[0].record.verification.letter, Some(letter()));
    assert!(!shown[0].record.applied.is_empty());

    let up = svc.verval_upload("2025-06", false).unwrap();
    let rows = &up.rows;
    assert_eq!(rows.len(), 3);
    assert_eq!(up.written, vec![(Stage::Ratified, 3)]);
    assert_eq!(rows[0].temuan, "tidak_layak");
    assert_eq!(rows[0].alasan, "5");
    // JKN-PBI named; the cascade stopped KLJ too, so the row names both.
    assert_eq!(rows[0].program, "KLJ;JKN-PBI");
    assert_eq!((rows[0].tahap.as_str(), rows[0].tanggal_surat.as_str()), ("disahkan", "2025-06-10"));
    assert!(svc.verval_upload("2025-07", true).unwrap().rows.is_empty());
    assert!(err(svc.verval_upload("06-2025", false)).contains("YYYY-MM"));

    // Ratifying twice is refused and changes nothing.
    let e = err(svc.ratify(&[id], &letter(), &Actor::new("kadis")));
    assert!(e.contains("already ratified") && e.contains("nothing changed"), "{e}");
    assert_eq!(testkit::store(&svc).household(&kk(1)).unwrap().unwrap(), after);
}

#[test]
fn stage_misuse_is_refused_and_changes_nothing() {
    let (_dir, svc) = setup(2);
    let id = filled_visit(&svc, 1);
    let seq_before = testkit::store(&svc).audit_log(1, 1000).unwrap().len();
    let e = err(svc.finalise(id, &supervisor()));
    assert!(e.contains("not submitted yet"), "{e}");
    let e = err(svc.ratify(&[id], &letter(), &supervisor()));
    assert!(e.contains("not submitted yet") && e.contains("nothing changed"), "{e}");
    let e = err(svc.return_visit(id, "alasan", &supervisor()));
    assert!(e.contains("still the officer's draft"), "{e}");
    assert_eq!(svc.visit(id).unwrap().record.verification.stage, Stage::Draft);
    assert_eq!(testkit::store(&svc).audit_log(1, 1000).unwrap().len(), seq_before);

    // A closed period refuses the submission with its closing date.
    let period = svc.visit(id).unwrap().form.period;
    assert_eq!(period, "KLJ-2025-06");
    svc.close_period(&period, date(2025, 6, 9), &supervisor()).unwrap();
    let e = err(svc.submit_visit(id, &officer()));
    assert!(e.contains("closed on 09-06-2025"), "{e}");
    assert_eq!(svc.visit(id).unwrap().record.verification.stage, Stage::Draft);
    // Closing day itself still takes submissions.
    svc.close_period(&period, today(), &supervisor()).unwrap();
    svc.submit_visit(id, &officer()).unwrap();
    // A form with errors is refused at submission.
    let id2 = svc.open_visit(&kk(2), Programme::Klj, &officer()).unwrap().form.id;
    assert!(err(svc.submit_visit(id2, &officer())).contains("errors"));
    assert!(err(svc.save_draft_field(id, mf(0, MemberField::Name), "X", &officer())).contains("no longer be edited"));
}

#[test]
fn returned_visit_comes_back_as_a_draft_with_the_reason() {
    let (_dir, svc) = setup(1);
    let id = filled_visit(&svc, 1);
    svc.submit_visit(id, &officer()).unwrap();
    assert!(err(svc.return_visit(id, "  ", &supervisor())).contains("reason"));
    svc.return_visit(id, "Foto rumah kurang jelas", &supervisor()).unwrap();
    let q = svc.verval_queue(&officer()).unwrap();
    assert_eq!(q.returned.len(), 1);
    assert_eq!(q.returned[0].returned_reason.as_deref(), Some("Foto rumah kurang jelas"));
    let s = svc.open_visit(&kk(1), Programme::Klj, &officer()).unwrap();
    assert_eq!(s.form.id, id);
    assert_eq!(s.returned_reason.as_deref(), Some("Foto rumah kurang jelas"));
    assert!(err(svc.discard_draft(id, &officer())).contains("cannot be discarded"));
    svc.save_draft_field(id, FieldId::Household(HouseholdField::Street), "Jl. Contoh No. 5", &officer()).unwrap();
    assert_eq!(svc.submit_visit(id, &officer()).unwrap().stage, Stage::Verified);
    svc.finalise(id, &supervisor()).unwrap();
    svc.ratify(&[id], &letter(), &supervisor()).unwrap();
    assert_eq!(testkit::store(&svc).household(&kk(1)).unwrap().unwrap().address.street, "Jl. Contoh No. 5");
}

#[test]
fn a_batch_with_one_bad_visit_is_refused_whole() {
    let (_dir, svc) = setup(3);
    let ids: Vec<u64> = (1..=3).map(|n| filled_visit(&svc, n)).collect();
    for &id in &ids {
        budi_not_eligible(&svc, id);
        svc.submit_visit(id, &officer()).unwrap();
        svc.finalise(id, &supervisor()).unwrap();
    }
    // The third household leaves the register before pengesahan.
    testkit::store(&svc)
        .write(
            &[],
            &[kk(3)],
            &AuditDraft { at: at(), user: "op".into(), action: "delete".into(), origin: String::new() },
        )
        .unwrap();
    let e = err(svc.ratify(&ids, &letter(), &supervisor()));
    assert!(e.contains(&format!("KK {} is no longer in the register", kk(3))) && e.contains("nothing changed"), "{e}");
    for n in 1..=2 {
        assert_eq!(testkit::store(&svc).household(&kk(n)).unwrap().unwrap(), household(n, KEL));
    }
    assert!(ids.iter().all(|&id| svc.visit(id).unwrap().record.verification.stage == Stage::Finalised));

    // Without it, two batches of one: two audit events, both applied.
    let r = svc.ratify_batched(&ids[..2], &letter(), &supervisor(), 1).unwrap();
    assert_eq!((r.batches, r.audit_seqs.len(), r.households_changed), (2, 2, 2));
    for n in 1..=2 {
        let h = testkit::store(&svc).household(&kk(n)).unwrap().unwrap();
        assert_eq!(h.members[0].enrolment(Programme::Klj).unwrap().status, EnrolmentStatus::Stopped);
    }
    assert_eq!(svc.check().unwrap().problems, vec![]);
}

fn self_proposal(submitted: NaiveDate) -> Usulan {
    let h = household(1, KEL);
    let p = &h.members[2];
    Usulan {
        id: 0,
        kind: UsulanKind::Assistance,
        source: Source::SelfProposal,
        target: Target::Person { nik: p.nik.clone() },
        no_kk: h.no_kk.clone(),
        address: h.address.clone(),
        persons: vec![ProposedPerson::of(p)],
        programmes: vec![Programme::Pkh],
        entered_by: String::new(),
        entered_at: at(),
        submitted,
        verification: None,
    }
}

#[test]
fn thirty_day_rule_through_the_service() {
    let (dir, svc) = setup(1);
    let id = svc.add_usulan(self_proposal(date(2025, 1, 1)), &officer()).unwrap();
    // Kind 1 for someone already active in DTKS is refused, nothing written.
    let mut bad = self_proposal(date(2025, 1, 1));
    bad.kind = UsulanKind::Entry;
    bad.programmes.clear();
    assert!(err(svc.add_usulan(bad, &officer())).contains("already active in DTKS"));
    drop(svc);

    let svc = open(&db(&dir), date(2025, 1, 31));
    let list = svc.usulan_list(&Default::default()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].usulan.entered_by, "petugas1");
    assert_eq!(list[0].deadline, Deadline::Open { deadline: date(2025, 1, 31), days_left: 0 });
    let q = svc.verval_queue(&officer()).unwrap();
    assert_eq!(q.self_proposals.iter().map(|l| l.usulan.id).collect::<Vec<_>>(), vec![id]);
    drop(svc);

    let svc = open(&db(&dir), date(2025, 2, 1));
    let list = svc.usulan_list(&Default::default()).unwrap();
    assert_eq!(list[0].deadline, Deadline::AutoEligible { since: date(2025, 2, 1) });
    assert!(svc.verval_queue(&officer()).unwrap().self_proposals.is_empty());
    // Verified late: recorded, still layak otomatis.
    svc.verify_usulan(id, false, "terlambat", &supervisor()).unwrap();
    let list = svc.usulan_list(&Default::default()).unwrap();
    assert_eq!(list[0].deadline, Deadline::AutoEligible { since: date(2025, 2, 1) });
    assert!(err(svc.verify_usulan(id, true, "", &supervisor())).contains("already verified"));
}

fn muskel(on: NaiveDate, kelurahan: &str) -> Muskel {
    Muskel {
        id: 0,
        kelurahan: kelurahan.into(),
        date: on,
        place: "Aula Kantor Kelurahan".into(),
        number: "05/BA/III/2025".into(),
        attendees: vec![Attendee {
            name: "Lurah <Contoh>".into(),
            role: AttendeeRole::Lurah,
            from: String::new(),
            signed: true,
        }],
        items: vec![
            MuskelItem {
                kind: ItemKind::Assistance,
                usulan_id: None,
                no_kk: kk(1),
                nik: String::new(),
                name: "Budi Santoso".into(),
                programmes: vec![Programme::Pkh],
                decision: Some(Decision::Agreed),
                note: String::new(),
            },
            MuskelItem {
                kind: ItemKind::Entry,
                usulan_id: None,
                no_kk: kk(9),
                nik: String::new(),
                name: "X".into(),
                programmes: vec![],
                decision: Some(Decision::Rejected),
                note: String::new(),
            },
        ],
        evidence: vec![],
    }
}

#[test]
fn muskel_needs_attendees_and_its_cadence_is_three_months() {
    let (dir, svc) = setup(1);
    let mut m = muskel(date(2025, 3, 15), KEL);
    m.attendees.clear();
    let e = err(svc.save_muskel(m, &officer()));
    assert!(e.contains("attendance list is empty"), "{e}");
    assert!(svc.muskel_list(&testkit::owner(), "").unwrap().is_empty());

    let saved = svc.save_muskel(muskel(date(2025, 3, 15), KEL), &officer()).unwrap();
    assert!(saved.warnings.is_empty());
    let prelist = svc.prelist_akhir(KEL).unwrap();
    assert_eq!(prelist.iter().map(|l| l.item.no_kk.clone()).collect::<Vec<_>>(), vec![kk(1)]);
    assert_eq!(svc.verval_queue(&officer()).unwrap().to_visit.len(), 1);
    filled_visit(&svc, 1);
    assert!(svc.verval_queue(&officer()).unwrap().to_visit.is_empty());

    let md = svc.berita_acara(&testkit::owner(), saved.id, Lang::Id).unwrap();
    assert!(md.contains("Jumlah usulan: **2**"), "{md}");
    let html = svc.berita_acara_html(&testkit::owner(), saved.id, Lang::Id).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Lurah &lt;Contoh&gt;") && !html.contains("<Contoh>"));
    assert!(html.contains("<strong>2</strong>"));

    // Written whole where asked; a second time it refuses and leaves the
    // first files as they were.
    let base = dir.path().join("ba-kampung-melayu");
    let (md_path, html_path) = svc.write_berita_acara(&testkit::owner(), saved.id, Lang::Id, &base).unwrap();
    assert_eq!(std::fs::read_to_string(&md_path).unwrap(), md);
    assert_eq!(std::fs::read_to_string(&html_path).unwrap(), html);
    std::fs::write(&md_path, "diubah").unwrap();
    let e = svc.write_berita_acara(&testkit::owner(), saved.id, Lang::Id, &base).unwrap_err();
    assert!(e.message(dtks::i18n::Lang::Id).contains("sudah ada dan tidak ditimpa"), "{e}");
    assert_eq!(std::fs::read_to_string(&md_path).unwrap(), "diubah");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");

    // Exactly three months: on time; a day more: due. The other kelurahan
    // never held one.
    let due = svc.muskel_due(&testkit::owner(), date(2025, 6, 15)).unwrap();
    assert_eq!(due.iter().map(|d| d.kelurahan.as_str()).collect::<Vec<_>>(), vec![OTHER_KEL]);
    assert_eq!(due[0].cadence, Cadence::Never);
    let due = svc.muskel_due(&testkit::owner(), date(2025, 6, 16)).unwrap();
    assert_eq!(due.iter().map(|d| d.kelurahan.as_str()).collect::<Vec<_>>(), vec![KEL, OTHER_KEL]);
    assert!(matches!(due[0].cadence, Cadence::Overdue { days_over: 1, .. }));
    drop(svc);
    let svc = open(&db(&dir), today());
    assert_eq!(svc.muskel_list(&testkit::owner(), KEL).unwrap().len(), 1);
}

#[test]
fn evidence_is_copied_hashed_and_verified() {
    let (dir, svc) = setup(1);
    let id = svc.save_muskel(muskel(date(2025, 3, 15), KEL), &officer()).unwrap().id;
    let missing = dir.path().join("tidak-ada.jpg");
    let e = err(svc.attach_evidence(id, EvidenceKind::MeetingPhoto, &missing, &officer()));
    assert!(e.contains("tidak-ada.jpg") && e.contains("check the path"), "{e}");
    assert!(svc.muskel(id).unwrap().unwrap().evidence.is_empty());

    let photo = dir.path().join("foto-muskel.jpg");
    std::fs::write(&photo, b"").unwrap();
    let a = svc.attach_evidence(id, EvidenceKind::MeetingPhoto, &photo, &officer()).unwrap();
    assert_eq!(a.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    let stored = svc.attachment_path(&a.sha256);
    assert!(stored.starts_with(dir.path().join("db.attachments")));
    assert_eq!(svc.muskel(id).unwrap().unwrap().evidence[0].file_name, "foto-muskel.jpg");
    assert_eq!(svc.attachments(id).unwrap(), vec![a.clone()]);
    assert!(svc.berita_acara(&testkit::owner(), id, Lang::Id).unwrap().contains(&a.sha256));
    // Saving the Muskel again keeps its evidence.
    let mut m = svc.muskel(id).unwrap().unwrap();
    m.evidence.clear();
    svc.save_muskel(m, &officer()).unwrap();
    assert_eq!(svc.muskel(id).unwrap().unwrap().evidence.len(), 1);

    assert_eq!(svc.verify_attachments(id).unwrap()[0].state, AttachmentState::Intact);
    // The original may change; the kept copy is what counts.
    std::fs::write(&photo, b"changed").unwrap();
    assert_eq!(svc.verify_attachments(id).unwrap()[0].state, AttachmentState::Intact);
    std::fs::write(&stored, b"tampered").unwrap();
    let check = svc.verify_attachments(id).unwrap();
    assert!(matches!(&check[0].state, AttachmentState::Changed { actual } if actual != &a.sha256), "{check:?}");
    std::fs::remove_file(&stored).unwrap();
    assert_eq!(svc.verify_attachments(id).unwrap()[0].state, AttachmentState::Missing);
}

#[test]
fn upload_holds_ratified_rows_names_stopped_programmes_and_counts_the_rest() {
    let (dir, svc) = setup(3);
    let o = officer();
    // Household 1: Budi is a civil servant, no programme named = all stop.
    let first = filled_visit(&svc, 1);
    svc.save_draft_field(first, mf(0, MemberField::Finding), "tidak_layak", &o).unwrap();
    svc.save_draft_field(first, mf(0, MemberField::NotEligible), "5", &o).unwrap();
    svc.submit_visit(first, &o).unwrap();
    svc.finalise(first, &supervisor()).unwrap();
    // Household 2 submitted only, household 3 a draft.
    let second = filled_visit(&svc, 2);
    svc.submit_visit(second, &o).unwrap();
    filled_visit(&svc, 3);

    let up = svc.verval_upload("2025-06", false).unwrap();
    assert!(up.rows.is_empty());
    assert_eq!(up.left_out, vec![(Stage::Draft, 3), (Stage::Verified, 3), (Stage::Finalised, 3)]);
    let fin = svc.verval_upload("2025-06", true).unwrap();
    assert_eq!(fin.written, vec![(Stage::Finalised, 3)]);
    assert_eq!(fin.left_out, vec![(Stage::Draft, 3), (Stage::Verified, 3)]);
    // Before pengesahan the row names what it would stop: Budi's enrolments.
    assert_eq!((fin.rows[0].program.as_str(), fin.rows[0].tahap.as_str()), ("KLJ;JKN-PBI", "finalisasi"));
    assert_eq!(fin.rows[0].tanggal_surat, "");
    // Nothing to write: no file, and the report still says what was left out.
    let out = dir.path().join("up");
    let r = svc.write_verval_upload("2025-06", &out, true, false).unwrap();
    assert!(r.files.is_empty() && std::fs::read_dir(&out).unwrap().next().is_none());

    svc.ratify(&[first], &letter(), &Actor::new("kadis")).unwrap();
    let up = svc.verval_upload("2025-06", false).unwrap();
    assert_eq!(up.written, vec![(Stage::Ratified, 3)]);
    assert_eq!(
        (up.rows[0].program.as_str(), up.rows[0].tahap.as_str(), up.rows[0].tanggal_surat.as_str()),
        ("KLJ;JKN-PBI", "disahkan", "2025-06-10")
    );
    // Siti and Andi were eligible with no programme named: nothing changed.
    assert_eq!(up.rows[1].program, "");
    let r = svc.write_verval_upload("2025-06", &out, true, false).unwrap();
    assert_eq!(r.files, vec![out.join("verval-2025-06.csv"), out.join("verval-2025-06.xlsx")]);
    let csv = std::fs::read_to_string(&r.files[0]).unwrap();
    assert_eq!(csv.lines().count(), 4, "{csv}");
    // A second write refuses and leaves the first file as it was.
    assert!(err(svc.write_verval_upload("2025-06", &out, false, true)).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&r.files[0]).unwrap(), csv);
    let left: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
}

#[test]
fn a_worker_of_another_kelurahan_sees_none_of_its_muskels_and_cannot_print_their_berita_acara() {
    let (_d, svc) = setup(2);
    let saved = svc.save_muskel(muskel(date(2025, 3, 15), KEL), &officer()).unwrap();
    let me = testkit::owner();
    for (name, area) in [("sari", KEL), ("budi", OTHER_KEL)] {
        let a = svc.parse_access(name, "petugas", Some(area)).unwrap();
        svc.add_user(name, None, &a, &me).unwrap();
    }
    let over_ssh = |u: &str| Actor::from(u, dtks::service::Origin::Ssh { addr: None });
    let (sari, budi) = (over_ssh("sari"), over_ssh("budi"));
    assert_eq!(svc.muskel_list(&sari, "").unwrap().len(), 1);
    assert!(svc.muskel_list(&budi, "").unwrap().is_empty());
    assert!(svc.berita_acara(&sari, saved.id, Lang::Id).is_ok());
    let e = err(svc.berita_acara(&budi, saved.id, Lang::En));
    assert!(e.contains("budi"), "{e}");
    // Each is told of their own kelurahan's overdue Muskel only.
    let due =
        |a: &Actor| svc.muskel_due(a, date(2025, 9, 1)).unwrap().into_iter().map(|d| d.kelurahan).collect::<Vec<_>>();
    assert_eq!(due(&sari), [KEL]);
    assert_eq!(due(&budi), [OTHER_KEL]);
}
