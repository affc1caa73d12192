//! Roles and areas on every call: two workers of different kelurahan see
//! only their own area in lookups, lists, counts, duplicates and exports,
//! and each role may do what it holds and is refused the rest, with the
//! right named.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDateTime;
use dtks::domain::access::{Access, Right, Role};
use dtks::domain::*;
use dtks::i18n::Lang;
use dtks::service::browse::{CountColumn, Filter};
use dtks::service::eligible::EligibleQuery;
use dtks::service::lookup::NameLookup;
use dtks::service::{Actor, Clock, Origin, Refusal, Service, ServiceError};
use dtks::store::AuditDraft;
use dtks::testkit::{self, date, household, person};
use tempfile::TempDir;

const KAMPUNG_MELAYU: &str = "31.75.03.1001";
const BIDARA_CINA: &str = "31.75.03.1002";
/// Recorded in both kelurahan: a duplicate only an operator sees whole.
const TWICE: &str = "3175034101800009";

fn at() -> NaiveDateTime {
    date(2025, 1, 1).and_hms_opt(9, 0, 0).unwrap()
}

/// Three households in Kampung Melayu, two in Bidara Cina, one whose
/// kelurahan the register does not know.
fn register() -> Vec<Household> {
    let p = |nik: &str, name: &str| person(nik, name, Relationship::Head, Sex::Female, date(1980, 1, 1));
    vec![
        household("3175030101000001", KAMPUNG_MELAYU, vec![p("3175034101800001", "Siti Aminah")]),
        household("3175030101000002", KAMPUNG_MELAYU, vec![p("3175034101800002", "Siti Rohmah")]),
        household("3175030101000003", KAMPUNG_MELAYU, vec![p(TWICE, "Dewi Lestari")]),
        household("3175030201000004", BIDARA_CINA, vec![p("3175034101800004", "Siti Aisyah")]),
        household("3175030201000005", BIDARA_CINA, vec![p(TWICE, "Dewi Lestari")]),
        household("3175030201000006", "99.99.99.9999", vec![p("3175034101800006", "Siti Nurhaliza")]),
    ]
}

/// Actors as `dtks serve` makes them: over SSH.
fn ssh(user: &str) -> Actor {
    Actor::from(user, Origin::Ssh { addr: Some("10.0.0.7:50022".into()) })
}

fn service() -> (TempDir, Service) {
    let dir = TempDir::new().unwrap();
    let svc = Service::open(&dir.path().join("db"), true, Clock::fixed(date(2025, 1, 1), 10, 42)).unwrap();
    let draft = AuditDraft { at: at(), user: "operator1".into(), action: "import".into(), origin: String::new() };
    testkit::store(&svc).write(&register(), &[], &draft).unwrap();
    let me = testkit::owner();
    for (name, role, area) in [
        ("sari", "petugas", Some(KAMPUNG_MELAYU)),
        ("budi", "petugas", Some(BIDARA_CINA)),
        ("vina", "viewer", Some(KAMPUNG_MELAYU)),
        ("yuni", "supervisor", Some(KAMPUNG_MELAYU)),
        ("oki", "operator", Some(KAMPUNG_MELAYU)),
        ("ani", "operator", None),
    ] {
        let access = svc.parse_access(name, role, area).unwrap();
        svc.add_user(name, None, &access, &me).unwrap();
    }
    (dir, svc)
}

fn kks_of(svc: &Service, actor: &Actor, f: &Filter) -> Vec<String> {
    svc.search(actor, f, 100).unwrap().lines.into_iter().map(|l| l.no_kk).collect()
}

fn access_refusal(e: ServiceError) -> dtks::service::error::AccessRefusal {
    match e {
        ServiceError::Refused(Refusal::Access(a)) => a,
        other => panic!("not an access refusal: {other:?}"),
    }
}

#[test]
fn two_workers_of_different_kelurahan_each_see_only_their_own_in_lists_and_counts() {
    let (_d, svc) = service();
    let (sari, budi, ani) = (ssh("sari"), ssh("budi"), ssh("ani"));
    let all = Filter::default();
    assert_eq!(kks_of(&svc, &sari, &all), ["3175030101000001", "3175030101000002", "3175030101000003"]);
    assert_eq!(kks_of(&svc, &budi, &all), ["3175030201000004", "3175030201000005"]);
    assert_eq!(kks_of(&svc, &ani, &all).len(), 6, "an operator of the whole register sees every household");
    assert_eq!(svc.list_total(&sari, &all).unwrap(), 3);
    assert_eq!(svc.list_total(&budi, &all).unwrap(), 2);
    // A list the worker narrows to the other kelurahan is empty, not the other's.
    let theirs = Filter { region: Some(BIDARA_CINA.into()), ..Filter::default() };
    assert!(kks_of(&svc, &sari, &theirs).is_empty());
    assert_eq!(svc.list_total(&sari, &theirs).unwrap(), 0);
    // A query by name ("siti", and a spelling variant) finds only the own area's.
    let siti = Filter { query: "siti".into(), ..Filter::default() };
    assert_eq!(kks_of(&svc, &budi, &siti), ["3175030201000004"]);
    let variant = Filter { query: "sity".into(), ..Filter::default() };
    assert!(kks_of(&svc, &budi, &variant).iter().all(|kk| kk.starts_with("31750302")));
    let by_kel = svc.count_by(&sari, &all, CountColumn::Kelurahan, None, Lang::Id).unwrap();
    assert_eq!(by_kel.iter().map(|r| (r.code.as_str(), r.households)).collect::<Vec<_>>(), [(KAMPUNG_MELAYU, 3)]);
    let stats = svc.stats_for(&budi, "").unwrap();
    assert_eq!((stats.households, stats.persons), (2, 2));
    assert_eq!(stats.kelurahan.iter().map(|k| k.code.as_str()).collect::<Vec<_>>(), [BIDARA_CINA]);
    assert_eq!(svc.stats_for(&sari, BIDARA_CINA).unwrap().households, 0);
    assert_eq!(svc.stats_for(&ani, "").unwrap().households, 6);
    let q = svc.eligible_within(&sari, &EligibleQuery::default()).unwrap();
    assert_eq!(q.regions, [KAMPUNG_MELAYU]);
}

#[test]
fn a_lookup_finds_no_person_of_another_area_by_name_nik_or_kk() {
    let (_d, svc) = service();
    let how = NameLookup::limited(50);
    let (sari, budi) = (ssh("sari"), ssh("budi"));
    let found = svc.lookup(&sari, "siti", &how, Lang::Id).unwrap();
    assert_eq!(found.total, 2, "Siti Aminah and Siti Rohmah only");
    assert!(found.households.iter().all(|h| h.household.address.kelurahan == KAMPUNG_MELAYU));
    assert_eq!(svc.lookup(&sari, "aisyah", &how, Lang::Id).unwrap().total, 0);
    assert!(svc.lookup(&sari, "3175034101800004", &how, Lang::Id).unwrap().households.is_empty());
    assert!(svc.lookup(&sari, "3175030201000004", &how, Lang::Id).unwrap().households.is_empty());
    // The NIK recorded in both: each sees their own household, and no other KK is named.
    let own = svc.lookup(&budi, TWICE, &how, Lang::Id).unwrap();
    assert_eq!(own.households.len(), 1);
    assert_eq!(own.households[0].household.no_kk, "3175030201000005");
    assert!(own.households[0].members[0].also_in.is_empty());
    let whole = svc.lookup(&ssh("ani"), TWICE, &how, Lang::Id).unwrap();
    assert_eq!(whole.households.len(), 2);
    assert_eq!(whole.households[0].members[0].also_in.len(), 1);
}

#[test]
fn a_detail_of_another_area_is_refused_and_duplicates_stay_within_the_area() {
    let (_d, svc) = service();
    let e = svc.household_detail(&ssh("sari"), "3175030201000004").unwrap_err();
    assert!(matches!(access_refusal(e), dtks::service::error::AccessRefusal::OutOfArea { .. }));
    assert!(svc.household_detail(&ssh("sari"), "3175030101000001").unwrap().is_some());
    assert!(svc.duplicates(&ssh("sari")).unwrap().is_empty(), "the other record of the NIK is out of reach");
    assert!(svc.nik_homes(&ssh("budi"), TWICE).unwrap().iter().all(|h| h.kelurahan == BIDARA_CINA));
    let all = svc.duplicates(&ssh("ani")).unwrap();
    assert!(all.iter().any(|d| d.kind == "nik" && d.places.len() == 2));
}

#[test]
fn a_household_with_no_known_kelurahan_is_for_operators_only() {
    let (_d, svc) = service();
    let unknown = "3175030201000006";
    assert!(kks_of(&svc, &ssh("ani"), &Filter::default()).contains(&unknown.to_string()));
    // A petugas of the whole register does not see it either.
    let whole_petugas = svc.parse_access("wati", "petugas", Some("all")).unwrap();
    svc.add_user("wati", None, &whole_petugas, &testkit::owner()).unwrap();
    let wati = ssh("wati");
    assert_eq!(kks_of(&svc, &wati, &Filter::default()).len(), 5);
    assert!(!kks_of(&svc, &wati, &Filter::default()).contains(&unknown.to_string()));
    assert_eq!(svc.stats_for(&wati, "").unwrap().households, 5);
    assert!(svc.household_detail(&wati, unknown).is_err());
}

#[test]
fn exports_need_the_operator_and_hold_only_their_area() {
    let (d, svc) = service();
    for who in ["sari", "vina", "yuni"] {
        let e = svc.export(&ssh(who), &d.path().join(format!("out-{who}")), false).unwrap_err();
        let a = access_refusal(e);
        assert!(matches!(a, dtks::service::error::AccessRefusal::Denied { right: Right::ExportUnmasked, .. }), "{a:?}");
        assert!(!d.path().join(format!("out-{who}")).exists(), "nothing written for {who}");
    }
    let report = svc.export(&ssh("oki"), &d.path().join("out-oki"), false).unwrap();
    // Kampung Melayu's three, and the household of no known kelurahan, which is every operator's.
    assert_eq!(report.households, 4, "an operator of Kampung Melayu exports Kampung Melayu");
    let persons = std::fs::read_to_string(d.path().join("out-oki/persons.csv")).unwrap();
    assert!(persons.contains("Siti Aminah") && persons.contains("Siti Nurhaliza") && !persons.contains("Siti Aisyah"));
    let all = svc.export(&ssh("ani"), &d.path().join("out-ani"), false).unwrap();
    assert_eq!(all.households, 6);
}

/// What each role may do, every right: the role that holds it and those
/// above; a denial names the right and the least role holding it.
#[test]
fn role_by_right_matrix_through_the_service() {
    let (_d, svc) = service();
    let rights = Right::ALL;
    for (user, role) in
        [("vina", Role::Viewer), ("sari", Role::Petugas), ("yuni", Role::Supervisor), ("oki", Role::Operator)]
    {
        for right in rights {
            let got = svc.require(&ssh(user), right);
            if role >= right.role() {
                assert!(got.is_ok(), "{user} ({role:?}) should hold {right:?}");
            } else {
                let a = access_refusal(got.unwrap_err());
                let msg = a.message(Lang::Id);
                assert!(msg.contains(user) && msg.contains(right.role().code()), "{msg}");
                assert_eq!(
                    a,
                    dtks::service::error::AccessRefusal::Denied { user: user.into(), role, right, needs: right.role() }
                );
            }
        }
    }
}

/// The gates sit on the calls themselves, not only on `require`.
#[test]
fn calls_refuse_the_roles_without_their_right() {
    let (d, svc) = service();
    fn denied<T>(r: dtks::service::Result<T>, right: Right) {
        match r {
            Err(e) => assert!(
                matches!(access_refusal(e), dtks::service::error::AccessRefusal::Denied { right: r, .. } if r == right)
            ),
            Ok(_) => panic!("{right:?} was allowed"),
        }
    }
    let csv = d.path().join("none");
    denied(svc.import(&[csv], &ssh("yuni"), Lang::Id, &mut |_| {}), Right::Import);
    let access = Access { role: Role::Petugas, areas: vec![KAMPUNG_MELAYU.into()] };
    denied(svc.add_user("baru", None, &access, &ssh("yuni")), Right::ManageUsers);
    denied(svc.set_user_access("sari", &Access::whole(), &ssh("sari")), Right::ManageUsers);
    denied(svc.open_household_visit("3175030101000001", &ssh("vina")), Right::Visit);
    denied(
        svc.ratify(&[1], &dtks::domain::stage::Letter { number: "BA-1".into(), date: date(2025, 1, 1) }, &ssh("yuni")),
        Right::Ratify,
    );
    assert!(svc.open_household_visit("3175030101000001", &ssh("sari")).unwrap().is_some());
}

#[test]
fn who_is_not_a_user_is_refused_except_the_account_holding_the_files() {
    let (_d, svc) = service();
    let e = access_refusal(svc.require(&ssh("tamu"), Right::Read).unwrap_err());
    assert_eq!(e, dtks::service::error::AccessRefusal::NotAUser { user: "tamu".into() });
    assert!(e.message(Lang::En).contains("dtks user add tamu"));
    assert_eq!(svc.access(&Actor::new("pemilik")).unwrap(), Access::whole());
    svc.disable_user("sari", &testkit::owner()).unwrap();
    let e = access_refusal(svc.require(&ssh("sari"), Right::Read).unwrap_err());
    assert_eq!(e, dtks::service::error::AccessRefusal::Disabled { user: "sari".into() });
    // A user's local terminal has their role too, not the owner's.
    assert_eq!(svc.access(&Actor::new("vina")).unwrap().role, Role::Viewer);
}

fn dtks(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dtks"))
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args)
        .env("DTKS_NOW", "2025-01-01T10:00:00")
        .output()
        .unwrap()
}

#[test]
fn the_user_commands_take_a_role_and_an_area_and_say_what_is_wrong_with_them() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("db");
    let out = dtks(&db, &["init"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("operator, area the whole register"));
    let again = dtks(&db, &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has users"));

    let out = dtks(&db, &["user", "add", "sari", "--role", "petugas", "--area", KAMPUNG_MELAYU]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("area Kampung Melayu (31.75.03.1001)"));

    let bad_role = dtks(&db, &["user", "add", "budi", "--role", "admin", "--area", BIDARA_CINA]);
    assert_eq!(bad_role.status.code(), Some(2));
    let said = String::from_utf8_lossy(&bad_role.stderr);
    assert!(said.contains("'admin' is not a role") && said.contains("petugas"), "{said}");

    let bad_area = dtks(&db, &["user", "add", "budi", "--area", "31.75.99"]);
    assert_eq!(bad_area.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_area.stderr).contains("'31.75.99' is not a region code"));

    let no_area = dtks(&db, &["user", "add", "budi"]);
    assert!(String::from_utf8_lossy(&no_area.stderr).contains("needs a working area"));

    let set = dtks(&db, &["user", "set", "sari", "--role", "supervisor"]);
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    assert!(String::from_utf8_lossy(&set.stdout).contains("is now supervisor, area Kampung Melayu"));

    // sari at her own terminal is a supervisor: she may not add users.
    let as_sari = dtks(&db, &["--user", "sari", "user", "add", "budi", "--area", BIDARA_CINA]);
    assert_eq!(as_sari.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&as_sari.stderr).contains("needed to manage users"));

    let list = dtks(&db, &["user", "list"]);
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(listed.contains("supervisor, area Kampung Melayu"), "{listed}");
}
