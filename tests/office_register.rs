//! Office register files (FORMATS.md) import to the expected register: one
//! test per layout, the two relationship schemes, the ambiguous refusal.

use dtks::domain::{
    Disability, DtksStatus, EnrolmentStatus, Household, MaritalStatus, Occupation, Pregnancy, Programme, Relationship,
    Sex,
};
use dtks::formats::office::{Layout, OfficeFileError, Scheme};
use dtks::service::{Refusal, Service, ServiceError};

#[path = "support/office.rs"]
mod office;
use office::{fixtures, import, import_in, service};

fn household(svc: &Service, kk: &str) -> Household {
    svc.household(kk).unwrap().unwrap_or_else(|| panic!("household {kk} not in the register"))
}

fn relationships(h: &Household) -> Vec<(&str, Relationship)> {
    h.members.iter().map(|p| (p.name.as_str(), p.relationship)).collect()
}

#[test]
fn a_siak_file_imports_with_shdk_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    let r = import(&svc, &dir.join("siak.csv"));
    assert_eq!((r.created, r.persons, r.rejected), (1, 3, 0));
    let o = &r.office[0];
    assert_eq!(o.layout, Layout::Siak);
    assert!(o.schemes.contains(&("STAT_HBKEL".to_string(), Scheme::Shdk)), "{:?}", o.schemes);
    assert_eq!(o.ignored, vec!["AGAMA", "PDDK_AKH", "NAMA_LGKP_AYAH"]);
    let h = household(&svc, "3171012003150001");
    assert_eq!(h.address.kelurahan, "31.71.01.1001");
    assert_eq!((h.address.rw, h.address.rt), (5, 2));
    assert_eq!(
        relationships(&h),
        vec![
            ("BUDI SANTOSO", Relationship::Head),
            ("SRI WAHYUNI", Relationship::Spouse),
            ("ANDI SANTOSO", Relationship::Child)
        ]
    );
    assert_eq!(h.members[1].sex, Sex::Female);
    assert_eq!(h.members[2].marital, MaritalStatus::Single);
    let jobs: Vec<Occupation> = h.members.iter().map(|p| p.occupation).collect();
    assert_eq!(jobs, vec![Occupation::PrivateEmployee, Occupation::Homemaker, Occupation::Student]);
    // Again: nothing changes.
    let again = import(&svc, &dir.join("siak.csv"));
    assert_eq!((again.households, again.unchanged, again.rejected), (0, 1, 0));
    assert_eq!(household(&svc, "3171012003150001"), h);
}

/// The same digits under the two schemes: "3" is a wife in SHDK and a
/// child in Hub_KRT; "4" a child in SHDK and a child-in-law in Hub_KRT.
#[test]
fn the_same_digits_give_the_relationship_of_each_files_scheme() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    import(&svc, &dir.join("siak.csv"));
    import(&svc, &dir.join("siak-dtks-households.csv"));
    let r = import(&svc, &dir.join("dtks-art.csv"));
    assert_eq!(r.rejected, 0, "{:?}", r.warnings);
    assert!(r.office[0].schemes.contains(&("Hub_KRT".to_string(), Scheme::HubKrt)));
    let shdk = household(&svc, "3171012003150001");
    let hub = household(&svc, "3174041106180002");
    assert_eq!(shdk.members[1].relationship, Relationship::Spouse, "SHDK 3");
    assert_eq!(hub.members[1].relationship, Relationship::Child, "Hub_KRT 3");
    assert_eq!(shdk.members[2].relationship, Relationship::Child, "SHDK 4");
    assert_eq!(hub.members[2].relationship, Relationship::ChildInLaw, "Hub_KRT 4");
}

#[test]
fn dtks_rows_keep_the_id_dtks_the_flags_and_the_status() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    import(&svc, &dir.join("siak-dtks-households.csv"));
    let r = import(&svc, &dir.join("dtks-art.csv"));
    assert_eq!((r.updated, r.rejected), (1, 0));
    assert!(!r.office[0].ignored.contains(&"Sta_hamil".to_string()));
    assert!(r.office[0].schemes.contains(&("Sta_hamil".to_string(), Scheme::YesNo)));
    let h = household(&svc, "3174041106180002");
    assert_eq!(svc.household_ids("3174041106180002").unwrap().unwrap().bdt_id, "3174040002000123");
    assert_eq!(h.status(), DtksStatus::Active);
    assert!(h.members.iter().all(|p| p.status() == DtksStatus::Active));
    let jobs: Vec<Occupation> = h.members.iter().map(|p| p.occupation).collect();
    assert_eq!(jobs, vec![Occupation::Trader, Occupation::None, Occupation::Labourer]);
    assert_eq!(h.members[2].disability, Some(Disability::Sensory));
    // Sta_hamil 1: pregnant, the DTKS row gives no date.
    assert_eq!(h.members[1].pregnancy, Some(Pregnancy { since: None }));
    assert_eq!((h.members[0].pregnancy.as_ref(), h.members[2].pregnancy.as_ref()), (None, None));
    let pkh = h.members[0].enrolment(Programme::Pkh).unwrap();
    assert_eq!((pkh.status, pkh.since.to_string().as_str()), (EnrolmentStatus::Active, "2026-11-24"));
    assert!(h.members[1].enrolment(Programme::JknPbi).is_some());
    assert!(h.members[2].enrolments.is_empty());
    // The household table gives the welfare status by ID DTKS.
    let ruta = import(&svc, &dir.join("dtks-ruta.csv"));
    assert_eq!((ruta.updated, ruta.rejected), (1, 1));
    assert_eq!(household(&svc, "3174041106180002").info.decile, Some(2));
    assert!(dir.join("dtks-ruta.rejects.csv").exists());
    // Again: nothing changes.
    let before = household(&svc, "3174041106180002");
    let again = import(&svc, &dir.join("dtks-art.csv"));
    assert_eq!((again.households, again.unchanged), (0, 1));
    assert_eq!(household(&svc, "3174041106180002"), before);
}

/// DTKS rows carry no RT/RW: a household the register does not hold yet
/// is rejected with what to do, into the rejects file.
#[test]
fn dtks_rows_of_an_unknown_household_go_to_the_rejects_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    let r = import(&svc, &dir.join("dtks-art.csv"));
    assert_eq!((r.households, r.rejected), (0, 3));
    let rejects = std::fs::read_to_string(dir.join("dtks-art.rejects.csv")).unwrap();
    assert_eq!(rejects.lines().count(), 4, "{rejects}");
    assert!(rejects.contains("RT/RW"), "{rejects}");
}

#[test]
fn a_bdt_2015_sheet_imports_past_its_column_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    let r = import(&svc, &dir.join("bdt2015.csv"));
    assert_eq!((r.created, r.persons, r.rejected), (1, 2, 0), "{:?}", r.warnings);
    assert_eq!(r.office[0].layout, Layout::Bdt2015);
    let h = household(&svc, "3174041507120003");
    assert_eq!(h.address.kelurahan, "31.74.04.1003");
    assert_eq!(relationships(&h), vec![("SUMINAH", Relationship::Head), ("RINA", Relationship::Grandchild)]);
    assert_eq!(h.members[0].marital, MaritalStatus::Widowed);
    assert_eq!(h.info.decile, Some(1));
    assert_eq!(svc.household_ids("3174041507120003").unwrap().unwrap().bdt_id, "20150740001");
}

#[test]
fn an_opensid_file_needs_the_kelurahan_and_reads_its_aliases() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    match import_in(&svc, &dir.join("opensid.csv"), None) {
        Err(ServiceError::Refused(Refusal::Office(OfficeFileError::NeedsKelurahan { layout, .. }))) => {
            assert_eq!(layout, Layout::OpenSid)
        }
        other => panic!("{other:?}"),
    }
    let e = import_in(&svc, &dir.join("opensid.csv"), None).unwrap_err();
    assert!(e.message(dtks::i18n::Lang::En).contains("--kelurahan"));
    let r = import_in(&svc, &dir.join("opensid.csv"), Some("3171011002")).unwrap();
    assert_eq!((r.created, r.persons, r.rejected), (1, 3, 0), "{:?}", r.warnings);
    assert_eq!(r.office[0].kelurahan.as_deref(), Some("31.71.01.1002"));
    let h = household(&svc, "3171011009190004");
    assert_eq!(h.address.kelurahan, "31.71.01.1002");
    let sexes: Vec<Sex> = h.members.iter().map(|p| p.sex).collect();
    assert_eq!(sexes, vec![Sex::Male, Sex::Female, Sex::Female]);
    assert_eq!(h.members[0].occupation, Occupation::CivilServant);
    assert_eq!(h.members[1].relationship, Relationship::Spouse);
    assert_eq!(h.members[2].marital, MaritalStatus::Single);
    assert_eq!(h.members[2].disability, Some(Disability::Physical));
    let pregnant: Vec<bool> = h.members.iter().map(|p| p.pregnancy.is_some()).collect();
    assert_eq!(pregnant, vec![false, true, false], "hamil 1 is pregnant, 0 is not");
    let again = import_in(&svc, &dir.join("opensid.csv"), Some("3171011002")).unwrap();
    assert_eq!((again.households, again.unchanged), (0, 1));
}

/// A man a DTKS row marks pregnant: the row goes to the rejects file with
/// the reason, the stored person stays as it was.
#[test]
fn a_man_marked_pregnant_is_rejected_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    import(&svc, &dir.join("siak-dtks-households.csv"));
    let before = household(&svc, "3174041106180002");
    let r = import(&svc, &dir.join("dtks-art-pregnant-man.csv"));
    assert_eq!((r.households, r.rejected), (0, 1), "{:?}", r.warnings);
    let rejects = std::fs::read_to_string(dir.join("dtks-art-pregnant-man.rejects.csv")).unwrap();
    assert!(rejects.contains("Sta_hamil says pregnant but the sex is male"), "{rejects}");
    assert_eq!(household(&svc, "3174041106180002"), before);
}

#[test]
fn an_opensid_siak_sample_reads_words() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    let r = import_in(&svc, &dir.join("opensid-siak.csv"), Some("31.71.01.1003")).unwrap();
    assert_eq!((r.created, r.persons, r.rejected), (1, 2, 0), "{:?}", r.warnings);
    assert_eq!(r.office[0].layout, Layout::OpenSidSiak);
    let h = household(&svc, "3171011203200005");
    assert_eq!(
        relationships(&h),
        vec![("AGUS SETIAWAN", Relationship::Head), ("TUTI HANDAYANI", Relationship::Spouse)]
    );
    assert_eq!(h.members[0].sex, Sex::Male);
    assert_eq!(h.members[0].occupation, Occupation::HealthWorker);
    assert_eq!(h.members[1].occupation, Occupation::Homemaker);
}

/// A workbook, with a line break and a bracketed hint in a header cell.
#[test]
fn a_siak_workbook_imports_as_the_csv_does() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let csv = std::fs::read_to_string(dir.join("siak.csv")).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in csv.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let v = if r == 0 && cell == "TGL_LHR" { "TGL_LHR\n(dd-mm-yyyy)" } else { cell };
            sheet.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    let path = dir.join("siak.xlsx");
    book.save(&path).unwrap();
    let (a, b) = (service(), service());
    import(&a, &dir.join("siak.csv"));
    let r = import(&b, &path);
    assert_eq!((r.created, r.rejected), (1, 0), "{:?}", r.warnings);
    assert_eq!(r.office[0].layout, Layout::Siak);
    assert_eq!(household(&a, "3171012003150001"), household(&b, "3171012003150001"));
}

#[test]
fn an_ambiguous_file_is_refused_with_its_candidates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixtures(tmp.path());
    let svc = service();
    let e = import_in(&svc, &dir.join("ambiguous.csv"), None).unwrap_err();
    match &e {
        ServiceError::Refused(Refusal::Office(OfficeFileError::Ambiguous { candidates, .. })) => {
            assert_eq!(candidates, &vec![Layout::OpenSid, Layout::Siak])
        }
        other => panic!("{other:?}"),
    }
    let text = e.message(dtks::i18n::Lang::En);
    assert!(text.contains("OpenSID") && text.contains("SIAK (Dukcapil)"), "{text}");
    assert!(svc.household("3171012003150001").unwrap().is_none());
}
