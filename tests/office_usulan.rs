//! SIKS-NG proposals become usulan, its matching result their padan
//! status, and the template dtks writes re-imports to the same usulan.

use dtks::domain::Programme;
use dtks::domain::usulan::{Target, Usulan, UsulanKind};
use dtks::formats::office::Layout;
use dtks::service::Service;
use dtks::service::usulan::UsulanFilter;

#[path = "support/office.rs"]
mod office;
use office::{fixtures, import, service};

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
    assert!(o.ignored.contains(&"STATUS HAMIL".to_string()));
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
    assert_eq!(svc.export_siks_usulan(&out).unwrap(), 4, "one row per person and programme");
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
