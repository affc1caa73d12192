//! SIKS-NG proposals become usulan, its matching result their padan
//! status, and the template dtks writes re-imports to the same usulan.

use chrono::NaiveDate;
use dtks::domain::usulan::{Target, Usulan, UsulanKind};
use dtks::domain::{Disability, Occupation, Pregnancy, Programme};
use dtks::formats::office::Layout;
use dtks::service::Service;
use dtks::service::usulan::UsulanFilter;

#[path = "support/office.rs"]
mod office;
use office::{fixtures, import, service};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn usulan(svc: &Service) -> Vec<Usulan> {
    svc.usulan_list(&UsulanFilter::default()).unwrap().into_iter().map(|l| l.usulan).collect()
}

fn nik(u: &Usulan) -> &str {
    match &u.target {
        Target::Person { nik } => nik,
        Target::Household => "",
    }
}

/// What a proposal asks, without its id and who entered it when.
fn asked(u: &Usulan) -> (UsulanKind, String, String, String, Vec<Programme>, Vec<String>) {
    (
        u.kind,
        nik(u).to_string(),
        u.no_kk.clone(),
        format!("{:?}", u.address),
        u.programmes.clone(),
        u.persons.iter().map(|p| format!("{p:?}")).collect(),
    )
}

#[test]
fn proposals_take_their_kind_from_the_programme_and_the_register() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    import(&svc, &dir.join("siak.csv"));
    let r = import(&svc, &dir.join("siks-usulan.csv"));
    assert_eq!(r.rejected, 1, "the row with an unknown programme");
    let o = r.office.iter().find(|o| o.layout == Layout::SiksUsulan).unwrap();
    assert_eq!((o.usulan_new, o.usulan_unchanged), (3, 0));
    for mapped in ["JENIS PEKERJAAN", "STATUS DISABILITAS", "KODE JENIS DISABILITAS", "STATUS HAMIL"] {
        assert!(!o.ignored.iter().any(|c| c == mapped), "{mapped} is read");
    }
    let all = usulan(&svc);
    let by = |n: &str| all.iter().find(|u| nik(u) == n).unwrap();
    let budi = by("3171011205800001");
    assert_eq!((budi.kind, budi.programmes.clone()), (UsulanKind::Assistance, vec![Programme::Pkh]));
    assert_eq!(budi.address.kelurahan, "31.71.01.1001");
    let wati = by("3171014303920001");
    assert_eq!(wati.kind, UsulanKind::EntryWithAssistance);
    assert_eq!(wati.programmes, vec![Programme::Bpnt, Programme::JknPbi]);
    assert_eq!(wati.address.kelurahan, "31.71.01.1002");
    assert_eq!(wati.persons[0].birth_date.unwrap().to_string(), "1992-03-03");
    let rudi = by("3171010909990002");
    assert_eq!((rudi.kind, rudi.programmes.len()), (UsulanKind::Entry, 0));
    // Work, disability and pregnancy as the template says them.
    assert_eq!(budi.persons[0].occupation, Some(Occupation::PrivateEmployee), "code 15");
    assert_eq!(wati.persons[0].occupation, Some(Occupation::Homemaker), "by its label");
    assert_eq!(wati.persons[0].pregnancy, Some(Pregnancy { since: Some(date(2026, 9, 1)) }));
    assert_eq!(budi.persons[0].pregnancy, None, "STATUS HAMIL 0");
    assert_eq!((rudi.persons[0].disability, budi.persons[0].disability), (Some(Disability::Physical), None));
    // Again: nothing new.
    let again = import(&svc, &dir.join("siks-usulan.csv"));
    let o = again.office.iter().find(|o| o.layout == Layout::SiksUsulan).unwrap();
    assert_eq!((o.usulan_new, o.usulan_unchanged), (0, 3));
    assert_eq!(usulan(&svc).len(), 3);
}

#[test]
fn the_matching_result_updates_each_usulans_padan_status() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    import(&svc, &dir.join("siak.csv"));
    import(&svc, &dir.join("siks-usulan.csv"));
    let r = import(&svc, &dir.join("siks-padan.csv"));
    assert_eq!(r.rejected, 1, "the NIK no proposal names");
    let o = r.office.iter().find(|o| o.layout == Layout::SiksPadan).unwrap();
    assert_eq!((o.padan_updated, o.padan_unchanged), (2, 0));
    let all = usulan(&svc);
    let id = |n: &str| all.iter().find(|u| nik(u) == n).unwrap().id;
    let wati = svc.usulan_padan(id("3171014303920001")).unwrap().unwrap();
    assert_eq!((wati.padan.as_str(), wati.hasil.as_str()), ("PADAN", "DITEMUKAN"));
    let rudi = svc.usulan_padan(id("3171010909990002")).unwrap().unwrap();
    assert_eq!((rudi.padan.as_str(), rudi.note.as_str()), ("TIDAK PADAN", "NAMA BERBEDA"));
    assert!(svc.usulan_padan(id("3171011205800001")).unwrap().is_none());
    let again = import(&svc, &dir.join("siks-padan.csv"));
    let o = again.office.iter().find(|o| o.layout == Layout::SiksPadan).unwrap();
    assert_eq!((o.padan_updated, o.padan_unchanged), (0, 2));
}

#[test]
fn the_siks_ng_export_re_imports_to_the_same_usulan() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    import(&svc, &dir.join("siak.csv"));
    import(&svc, &dir.join("siks-usulan.csv"));
    let out = tmp.path().join("usulan-siks-ng.csv");
    assert_eq!(svc.export_siks_usulan(&dtks::testkit::owner(), &out).unwrap(), 4, "one row per person and programme");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("NIK,PROGRAM BANSOS,NOKK,NAMA,"), "{text}");
    // Into the same register: nothing new.
    let same = import(&svc, &out);
    let o = same.office.iter().find(|o| o.layout == Layout::SiksUsulan).unwrap();
    assert_eq!((o.usulan_new, o.usulan_unchanged, same.rejected), (0, 3, 0));
    // Into another register holding the same people: the same usulan.
    let other = service();
    import(&other, &dir.join("siak.csv"));
    let r = import(&other, &out);
    assert_eq!(r.rejected, 0, "{:?}", r.warnings);
    let mut a: Vec<_> = usulan(&svc).iter().map(asked).collect();
    let mut b: Vec<_> = usulan(&other).iter().map(asked).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

/// A disability said yes with no kind, and a man marked pregnant: each row
/// goes to the rejects file with its reason, no proposal is recorded.
#[test]
fn an_unclear_disability_and_a_pregnant_man_are_rejected_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    let r = import(&svc, &dir.join("siks-usulan-unclear.csv"));
    assert_eq!(r.rejected, 2, "{:?}", r.warnings);
    assert!(usulan(&svc).is_empty());
    let rejects = std::fs::read_to_string(dir.join("siks-usulan-unclear.rejects.csv")).unwrap();
    assert!(rejects.contains("STATUS HAMIL says pregnant but the sex is male"), "{rejects}");
    assert!(rejects.contains("STATUS DISABILITAS 'YA' and KODE JENIS DISABILITAS '' disagree"), "{rejects}");
}

/// A proposal recorded from a template without the work, disability and
/// pregnancy columns (or by a dtks that did not read them) is completed by
/// the full template, not recorded twice.
#[test]
fn a_proposal_recorded_without_the_details_is_completed_not_doubled() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    import(&svc, &dir.join("siak.csv"));
    let full = std::fs::read_to_string(dir.join("siks-usulan.csv")).unwrap();
    let mut r = csv::Reader::from_reader(full.as_bytes());
    let keep = |h: &str| {
        !["JENIS PEKERJAAN", "STATUS DISABILITAS", "KODE JENIS", "STATUS HAMIL", "TGL MULAI"]
            .iter()
            .any(|c| h.starts_with(c))
    };
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let cols: Vec<usize> = (0..header.len()).filter(|&i| keep(&header[i])).collect();
    let mut w = csv::Writer::from_path(dir.join("usulan-tanpa-rincian.csv")).unwrap();
    w.write_record(cols.iter().map(|&i| &header[i])).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        w.write_record(cols.iter().map(|&i| &rec[i])).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    import(&svc, &dir.join("usulan-tanpa-rincian.csv"));
    assert!(usulan(&svc).iter().all(|u| u.persons[0].occupation.is_none()));
    let again = import(&svc, &dir.join("siks-usulan.csv"));
    let o = again.office.iter().find(|o| o.layout == Layout::SiksUsulan).unwrap();
    assert_eq!((o.usulan_new, o.usulan_unchanged), (0, 3));
    let all = usulan(&svc);
    assert_eq!(all.len(), 3);
    let wati = all.iter().find(|u| nik(u) == "3171014303920001").unwrap();
    assert_eq!(wati.persons[0].pregnancy, Some(Pregnancy { since: Some(date(2026, 9, 1)) }));
}
