//! The household browser's service: search as typed, filters, paging both
//! ways, counts. On 200 hand-built households over three DKI kelurahan.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use dtks::domain::*;
use dtks::i18n::Lang;
use dtks::service::browse::*;
use dtks::service::{Clock, Service};
use dtks::store::AuditDraft;
use dtks::testkit::{self, date};
use tempfile::TempDir;

const GAMBIR: &str = "31.71.01.1001";
const CIDENG: &str = "31.71.01.1002";
const CIPINANG: &str = "31.75.03.1005"; // Cipinang Cempedak
const N: u32 = 200;
const SOEKARNO: u32 = 42;
const TERATAI: u32 = 77;

fn at() -> NaiveDateTime {
    date(2025, 1, 2).and_hms_opt(9, 0, 0).unwrap()
}

const NAMES: [&str; 8] = [
    "Siti Aminah",
    "Budi Santoso",
    "Dewi Lestari",
    "Agus Salim",
    "Rina Wati",
    "Joko Susilo",
    "Nur Halimah",
    "Hendra Gunawan",
];
const STREETS: [&str; 4] = ["Jl. Melati No. 5", "Gg. Mawar Merah", "Jl. Kenanga Raya", "Jl. Flamboyan 3"];

fn kel_of(n: u32) -> &'static str {
    [GAMBIR, CIDENG, CIPINANG][n as usize % 3]
}

fn kk(n: u32) -> String {
    format!("{}9{n:09}", kel_of(n).replace('.', "").get(..6).unwrap())
}

/// Household `n`: 1 + n % 4 members; NIKs 317101010180nnnm / 317503...
fn household(n: u32) -> Household {
    let kec = kel_of(n).replace('.', "")[..6].to_string();
    let members = (0..=n % 4)
        .map(|i| {
            let name = if n == SOEKARNO && i == 0 {
                "SOEKARNO".to_string()
            } else {
                NAMES[((n + i * 3) % 8) as usize].to_string()
            };
            let mut enrolments = Vec::new();
            // Households 0, 6, 12, ... with two or more members have two
            // PKH members, to be listed once.
            if (i == 0 && n.is_multiple_of(3)) || (i == 1 && n.is_multiple_of(6)) {
                enrolments.push(testkit::enrolment(Programme::Pkh, EnrolmentStatus::Active, date(2024, 1, 1)));
            }
            if i == n % 4 && n.is_multiple_of(7) {
                enrolments.push(testkit::enrolment(Programme::Bpnt, EnrolmentStatus::Suspended, date(2024, 1, 1)));
            }
            // Members get NIKs in reverse order, so a household's first
            // enrolled member is not always its first.
            let nik = format!("{kec}010180{:03}{}", n, 9 - i);
            let rel = if i == 0 { Relationship::Head } else { Relationship::Child };
            let sex = if (n + i).is_multiple_of(2) { Sex::Male } else { Sex::Female };
            // Ages on 2025-01-01: 80, 40, 17 and 7, by member.
            let birth = [date(1944, 6, 1), date(1984, 6, 1), date(2007, 6, 1), date(2018, 1, 1)][i as usize];
            Person { mother_name: "Ibu".into(), enrolments, ..testkit::person(&nik, &name, rel, sex, birth) }
        })
        .collect();
    let history = match n % 4 {
        0 => vec![testkit::status_entry(DtksStatus::Active, date(2024, 1, 1))],
        1 => vec![testkit::status_entry(DtksStatus::Inactive, date(2024, 1, 1))],
        _ => vec![],
    };
    Household {
        address: Address {
            kelurahan: kel_of(n).into(),
            rw: (n % 5 + 1) as u16,
            rt: (n % 3 + 1) as u16,
            street: if n == TERATAI { "Jl. Teratai Ungu".into() } else { STREETS[n as usize % 4].into() },
        },
        info: HouseholdInfo { decile: Some(2), ..testkit::info() },
        history,
        ..testkit::household(&kk(n), kel_of(n), members)
    }
}

fn all() -> Vec<Household> {
    (0..N).map(household).collect()
}

fn service() -> (TempDir, Service) {
    let dir = TempDir::new().unwrap();
    let svc = Service::open(&dir.path().join("db"), true, Clock::fixed(date(2025, 1, 1), 10, 42)).unwrap();
    let draft = AuditDraft { at: at(), user: "operator1".into(), action: "import".into(), origin: String::new() };
    testkit::store(&svc).write(&all(), &[], &draft).unwrap();
    (dir, svc)
}

fn query(q: &str) -> Filter {
    Filter { query: q.into(), ..Filter::default() }
}

fn kks(lines: &[HouseholdLine]) -> Vec<String> {
    lines.iter().map(|l| l.no_kk.clone()).collect()
}

fn set(v: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    v.into_iter().collect()
}

/// Households whose members' names match the query, by brute force.
fn by_name(q: &str) -> BTreeSet<String> {
    let fq = names::fold_query(q);
    set(all()
        .into_iter()
        .filter(|h| h.members.iter().any(|p| names::matches(&fq, &names::fold(&p.name))))
        .map(|h| h.no_kk))
}

#[test]
fn a_line_shows_head_place_status_and_active_programmes() {
    let w = dtks::domain::wilayah::Wilayah::builtin();
    let mut h = household(21); // 2 members; PKH aktif (head), BPNT ditangguhkan
    let line = HouseholdLine::of(&h, w);
    assert_eq!(line.no_kk, kk(21));
    assert_eq!(line.head, h.members[0].name);
    assert_eq!((line.kelurahan.as_str(), line.kelurahan_name.as_str()), (GAMBIR, "Gambir"));
    assert_eq!((line.rw, line.rt, line.members), (2, 1, 2));
    assert_eq!(line.street, "Gg. Mawar Merah");
    assert_eq!(line.status, DtksStatus::Inactive);
    assert_eq!(line.programmes, vec![Programme::Pkh], "suspended BPNT is not listed");
    assert_eq!((line.matched, line.hit), (None, None));
    // Without a head, the first member names the household.
    h.members[0].relationship = Relationship::Spouse;
    h.members.swap(0, 1);
    assert_eq!(HouseholdLine::of(&h, w).head, h.members[0].name);
    h.members.clear();
    assert_eq!(HouseholdLine::of(&h, w).head, "");
}

#[test]
fn name_prefix_finds_every_household_with_that_name() {
    let (_d, svc) = service();
    for q in ["amin", "siti am", "Hend", "nur hali", "s"] {
        let page = svc.search(&dtks::testkit::owner(), &query(q), 1000).unwrap();
        let want = by_name(q);
        assert!(!want.is_empty());
        let names: BTreeSet<String> =
            set(page.lines.iter().filter(|l| l.hit == Some(Hit::Name)).map(|l| l.no_kk.clone()));
        assert_eq!(names, want, "query {q}");
        assert!(!page.more);
        for l in page.lines.iter().filter(|l| l.hit == Some(Hit::Name)) {
            let nik = l.matched.as_ref().unwrap();
            let h = testkit::store(&svc).household(&l.no_kk).unwrap().unwrap();
            let p = h.member(nik).unwrap();
            assert!(names::matches(&names::fold_query(q), &names::fold(&p.name)), "{q}: {}", p.name);
        }
    }
    // "siti am" needs both words, in order.
    assert!(svc.search(&dtks::testkit::owner(), &query("aminah siti"), 10).unwrap().lines.is_empty());
    assert_eq!(by_name("siti am"), by_name("amin"));
}

#[test]
fn a_spelling_variant_finds_the_old_spelling() {
    let (_d, svc) = service();
    for q in ["sukarno", "Soekarno", "soekarn"] {
        let page = svc.search(&dtks::testkit::owner(), &query(q), 50).unwrap();
        assert_eq!(kks(&page.lines), vec![kk(SOEKARNO)], "query {q}");
        assert_eq!(page.lines[0].matched.as_deref(), Some(household(SOEKARNO).members[0].nik.as_str()));
        assert_eq!(page.lines[0].hit, Some(Hit::Name));
    }
    // Joko is stored; "Djoko" is how it was once written.
    assert!(!by_name("joko").is_empty());
    assert_eq!(set(kks(&svc.search(&dtks::testkit::owner(), &query("djoko"), 1000).unwrap().lines)), by_name("joko"));
}

#[test]
fn digits_find_by_nik_and_kk_prefix() {
    let (_d, svc) = service();
    let h = household(21);
    let nik = h.members[1].nik.clone();
    let page = svc.search(&dtks::testkit::owner(), &query(&nik), 10).unwrap();
    assert_eq!(kks(&page.lines), vec![kk(21)]);
    assert_eq!((page.lines[0].matched.as_deref(), page.lines[0].hit), (Some(nik.as_str()), Some(Hit::Nik)));

    // 14 digits: the members of households 20..=29 of kecamatan 31.71.01.
    let page = svc.search(&dtks::testkit::owner(), &query(&nik[..14]), 1000).unwrap();
    let want = set((20..30).filter(|n| n % 3 != 2).map(kk));
    assert_eq!(set(kks(&page.lines)), want);
    assert!(page.lines.iter().all(|l| l.hit == Some(Hit::Nik)));

    let page = svc.search(&dtks::testkit::owner(), &query(&kk(21)), 10).unwrap();
    assert_eq!(kks(&page.lines), vec![kk(21)]);
    assert_eq!((page.lines[0].matched.as_ref(), page.lines[0].hit), (None, Some(Hit::Kk)));
    // Spaces typed between digit groups are ignored.
    let spaced = format!("{} {}", &kk(21)[..8], &kk(21)[8..]);
    assert_eq!(kks(&svc.search(&dtks::testkit::owner(), &query(&spaced), 10).unwrap().lines), vec![kk(21)]);

    // A KK prefix: every Gambir/Cideng KK is 3171019..., Cipinang 3175039...
    let page = svc.search(&dtks::testkit::owner(), &query("3175039"), 1000).unwrap();
    assert_eq!(set(kks(&page.lines)), set((0..N).filter(|n| n % 3 == 2).map(kk)));
    // A prefix both kinds share: each household once.
    let page = svc.search(&dtks::testkit::owner(), &query("317101"), 6).unwrap();
    assert!(page.more);
    assert_eq!(page.lines.len(), 6);
    let every = svc.search(&dtks::testkit::owner(), &query("317101"), 1000).unwrap();
    assert_eq!(every.lines.len(), (0..N).filter(|n| n % 3 != 2).count());
    assert!(every.lines.iter().all(|l| matches!(l.hit, Some(Hit::Nik | Hit::Kk))));
    // Fewer than three digits is not yet a number, and finds no name.
    assert!(svc.search(&dtks::testkit::owner(), &query("31"), 10).unwrap().lines.is_empty());
}

#[test]
fn a_street_fragment_finds_the_households_on_it() {
    let (_d, svc) = service();
    let page = svc.search(&dtks::testkit::owner(), &query("kenang"), 1000).unwrap();
    assert_eq!(set(kks(&page.lines)), set((0..N).filter(|n| n % 4 == 2 && *n != TERATAI).map(kk)));
    assert!(page.lines.iter().all(|l| l.hit == Some(Hit::Street)));
    for q in ["jl teratai", "Jalan Teratai U", "teratai"] {
        assert_eq!(kks(&svc.search(&dtks::testkit::owner(), &query(q), 10).unwrap().lines), vec![kk(TERATAI)], "{q}");
    }
    // Street words in order: "mawar merah" but not "merah mawar".
    assert_eq!(
        svc.search(&dtks::testkit::owner(), &query("mawar mer"), 1000).unwrap().lines.len(),
        (0..N).filter(|n| n % 4 == 1 && *n != TERATAI).count()
    );
    assert!(svc.search(&dtks::testkit::owner(), &query("merah mawar"), 10).unwrap().lines.is_empty());
}

#[test]
fn a_kelurahan_name_finds_its_households() {
    let (_d, svc) = service();
    let page = svc.search(&dtks::testkit::owner(), &query("cideng"), 1000).unwrap();
    assert_eq!(set(kks(&page.lines)), set((0..N).filter(|n| n % 3 == 1).map(kk)));
    assert!(page.lines.iter().all(|l| l.hit == Some(Hit::Kelurahan) && l.kelurahan_name == "Cideng"));
    // Word prefixes of the name, as for persons.
    let page = svc.search(&dtks::testkit::owner(), &query("cipinang cem"), 1000).unwrap();
    assert_eq!(page.lines.len(), (0..N).filter(|n| n % 3 == 2).count());
    // In address order: RW, RT, No. KK.
    let order: Vec<(u16, u16, String)> = page.lines.iter().map(|l| (l.rw, l.rt, l.no_kk.clone())).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

#[test]
fn text_hits_take_turns_and_a_household_is_listed_once() {
    let (_d, svc) = service();
    // No name or kelurahan with households has a word starting "me"; the
    // streets Melati and Mawar Merah do.
    let page = svc.search(&dtks::testkit::owner(), &query("me"), 1000).unwrap();
    let want = set((0..N).filter(|n| (n % 4 == 0 || n % 4 == 1) && *n != TERATAI).map(kk));
    assert_eq!(set(kks(&page.lines)), want);
    assert_eq!(page.lines.len(), want.len(), "no household twice");
    // Only kelurahan names start "ci": Cideng and Cipinang Cempedak.
    let page = svc.search(&dtks::testkit::owner(), &query("ci"), 1000).unwrap();
    assert_eq!(page.lines.len(), (0..N).filter(|n| n % 3 != 0).count());
    // A limit keeps the first hits and says there are more.
    let first = svc.search(&dtks::testkit::owner(), &query("s"), 5).unwrap();
    assert_eq!(first.lines.len(), 5);
    assert!(first.more);
    assert_eq!(first.resume.as_deref(), Some(first.lines[4].no_kk.as_str()));
    let full = svc.search(&dtks::testkit::owner(), &query("s"), 1000).unwrap();
    assert_eq!(kks(&full.lines[..5]), kks(&first.lines));
}

fn filtered(f: &Filter) -> Vec<Household> {
    all().into_iter().filter(|h| f.admits(h)).collect()
}

#[test]
fn each_filter_keeps_exactly_its_households() {
    let (_d, svc) = service();
    let cases = [
        Filter { region: Some("31.75".into()), ..Filter::default() },
        Filter { region: Some(CIDENG.into()), rw: Some(2), ..Filter::default() },
        Filter { region: Some("31.71.01".into()), rw: Some(3), rt: Some(1), ..Filter::default() },
        Filter { rw: Some(4), ..Filter::default() },
        Filter { programme: Some(Programme::Pkh), ..Filter::default() },
        Filter { programme: Some(Programme::Pkh), enrolment: Some(EnrolmentStatus::Active), ..Filter::default() },
        Filter { programme: Some(Programme::Pkh), enrolment: Some(EnrolmentStatus::Stopped), ..Filter::default() },
        Filter { enrolment: Some(EnrolmentStatus::Suspended), ..Filter::default() },
        Filter { status: Some(DtksStatus::Inactive), ..Filter::default() },
        Filter { status: Some(DtksStatus::Proposed), region: Some(GAMBIR.into()), ..Filter::default() },
        Filter {
            region: Some("31.71".into()),
            programme: Some(Programme::Bpnt),
            status: Some(DtksStatus::Active),
            ..Filter::default()
        },
    ];
    for f in &cases {
        let want = filtered(f);
        let page = svc.search(&dtks::testkit::owner(), f, 1000).unwrap();
        assert_eq!(set(kks(&page.lines)), set(want.iter().map(|h| h.no_kk.clone())), "{f:?}");
        assert!(!page.more);
    }
    // Exact counts, so that the filters are known to bite.
    assert_eq!(svc.search(&dtks::testkit::owner(), &cases[0], 1000).unwrap().lines.len(), 66);
    assert_eq!(svc.search(&dtks::testkit::owner(), &cases[4], 1000).unwrap().lines.len(), 67);
    assert_eq!(svc.search(&dtks::testkit::owner(), &cases[7], 1000).unwrap().lines.len(), 29);
    assert!(svc.search(&dtks::testkit::owner(), &cases[6], 1000).unwrap().lines.is_empty());
    assert_eq!(svc.search(&dtks::testkit::owner(), &cases[8], 1000).unwrap().lines.len(), 50);
    // A region's list is in address order; the unfiltered one in No. KK order.
    let region = svc.search(&dtks::testkit::owner(), &cases[0], 1000).unwrap();
    let mut want = filtered(&cases[0]);
    want.sort_by_key(|h| (h.address.rw, h.address.rt, h.no_kk.clone()));
    assert_eq!(kks(&region.lines), want.iter().map(|h| h.no_kk.clone()).collect::<Vec<_>>());
    let mut every: Vec<String> = all().into_iter().map(|h| h.no_kk).collect();
    every.sort();
    assert_eq!(kks(&svc.search(&dtks::testkit::owner(), &Filter::default(), 1000).unwrap().lines), every);
    // A query within a filter.
    let f = Filter { query: "siti".into(), region: Some("31.75".into()), ..Filter::default() };
    let want = set(by_name("siti").into_iter().filter(|k| k.starts_with("317503")));
    assert_eq!(set(kks(&svc.search(&dtks::testkit::owner(), &f, 1000).unwrap().lines)), want);
}

/// The whole list by pages of `n`, forward, then backward from the end.
fn paged(svc: &Service, f: &Filter, n: usize) -> (Vec<String>, Vec<String>) {
    let mut fwd = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..=N {
        let p = svc.page(&dtks::testkit::owner(), f, after.as_deref(), n).unwrap();
        assert!(p.lines.len() <= n);
        fwd.extend(kks(&p.lines));
        if !p.more {
            break;
        }
        assert_eq!(p.lines.len(), n);
        after = p.resume;
    }
    let mut back = Vec::new();
    let mut before: Option<String> = None;
    for _ in 0..=N {
        let p = svc.page_before(&dtks::testkit::owner(), f, before.as_deref(), n).unwrap();
        back.splice(0..0, kks(&p.lines));
        if !p.more {
            break;
        }
        assert_eq!(p.resume.as_deref(), p.lines.first().map(|l| l.no_kk.as_str()));
        before = p.resume;
    }
    (fwd, back)
}

#[test]
fn paging_forward_and_back_gives_the_whole_list() {
    let (_d, svc) = service();
    let cases = [
        Filter::default(),
        Filter { region: Some("31.71".into()), ..Filter::default() },
        Filter { region: Some(CIPINANG.into()), rw: Some(1), ..Filter::default() },
        Filter { programme: Some(Programme::Pkh), ..Filter::default() },
        Filter { enrolment: Some(EnrolmentStatus::Suspended), ..Filter::default() },
        Filter { status: Some(DtksStatus::Active), ..Filter::default() },
        query("budi"),
        query("ci"),
    ];
    for f in &cases {
        let whole = kks(&svc.search(&dtks::testkit::owner(), f, 10_000).unwrap().lines);
        assert!(whole.len() > 7, "{f:?}");
        // Pages of one only without a query: a query's pages walk its hits
        // from the start, which is fine for a screen, slow for 200 pages.
        let sizes = if f.query.is_empty() { vec![1, 7, whole.len()] } else { vec![7, whole.len()] };
        for n in sizes {
            let (fwd, back) = paged(&svc, f, n);
            assert_eq!(fwd, whole, "forward by {n}: {f:?}");
            assert_eq!(back, whole, "back by {n}: {f:?}");
        }
        // From the middle, both ways.
        let mid = &whole[whole.len() / 2];
        let next = svc.page(&dtks::testkit::owner(), f, Some(mid), 3).unwrap();
        assert_eq!(kks(&next.lines), whole[whole.len() / 2 + 1..][..3]);
        let prev = svc.page_before(&dtks::testkit::owner(), f, Some(mid), 3).unwrap();
        assert_eq!(kks(&prev.lines), whole[whole.len() / 2 - 3..whole.len() / 2]);
    }
    // Active in any programme: the PKH households, each once.
    let any = Filter { enrolment: Some(EnrolmentStatus::Active), ..Filter::default() };
    let whole = kks(&svc.search(&dtks::testkit::owner(), &any, 1000).unwrap().lines);
    assert_eq!(set(whole.clone()), set((0..N).filter(|n| n % 3 == 0).map(kk)));
    assert_eq!(whole.len(), 67);
    // Before the first, nothing.
    let first = svc.page(&dtks::testkit::owner(), &Filter::default(), None, 1).unwrap();
    let none = svc.page_before(&dtks::testkit::owner(), &Filter::default(), Some(&first.lines[0].no_kk), 5).unwrap();
    assert!(none.lines.is_empty() && !none.more);
}

#[test]
fn counts_add_up_to_the_filtered_list() {
    let (_d, svc) = service();
    let f = Filter { region: Some("31.71".into()), ..Filter::default() };
    let hs = filtered(&f);
    let persons: u64 = hs.iter().map(|h| h.members.len() as u64).sum();
    let households = |rows: &[CountRow]| rows.iter().map(|r| r.households).sum::<u64>();
    let people = |rows: &[CountRow]| rows.iter().map(|r| r.persons).sum::<u64>();
    let row = |rows: &[CountRow], code: &str| rows.iter().find(|r| r.code == code).unwrap().clone();

    let kel = svc.count_by(&dtks::testkit::owner(), &f, CountColumn::Kelurahan, None, Lang::Id).unwrap();
    let kel_rows: Vec<(String, String, u64)> =
        kel.iter().map(|r| (r.code.clone(), r.label.clone(), r.households)).collect();
    assert_eq!(kel_rows, vec![(GAMBIR.into(), "Gambir".into(), 67), (CIDENG.into(), "Cideng".into(), 67)]);
    assert_eq!(people(&kel), persons);
    let rw = svc.count_by(&dtks::testkit::owner(), &f, CountColumn::Rw, None, Lang::Id).unwrap();
    assert_eq!(rw.len(), 10);
    assert_eq!(households(&rw), hs.len() as u64);
    assert_eq!(rw[0].code, format!("{GAMBIR}/001"));
    assert_eq!(rw[0].label, "Gambir RW 001");

    // Persons of each sex and age band add up to everyone; households
    // count once per value any member has.
    for col in [CountColumn::Sex, CountColumn::AgeBand] {
        let rows = svc.count_by(&dtks::testkit::owner(), &f, col, None, Lang::Id).unwrap();
        assert_eq!(people(&rows), persons, "{col:?}");
        assert!(rows.iter().all(|r| r.households <= hs.len() as u64), "{col:?}");
    }
    let ages = svc.count_by(&dtks::testkit::owner(), &f, CountColumn::AgeBand, None, Lang::Id).unwrap();
    let codes: Vec<&str> = ages.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["0-6", "7-17", "18-59", "60+"]);
    // Heads are 80, second members 40, third 17, fourth 7 years old.
    assert_eq!(row(&ages, "60+").persons, hs.len() as u64);
    assert_eq!(row(&ages, "60+").households, hs.len() as u64);
    assert_eq!(row(&ages, "0-6").households, 0);
    let with_children = hs.iter().filter(|h| h.members.len() > 2).count() as u64;
    assert_eq!(row(&ages, "7-17").households, with_children);
    assert_eq!(row(&ages, "7-17").persons, hs.iter().map(|h| h.members.len().saturating_sub(2) as u64).sum::<u64>());
    // A household's status: the households add up to the list.
    let status = svc.count_by(&dtks::testkit::owner(), &f, CountColumn::Status, None, Lang::Id).unwrap();
    assert_eq!(status.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), ["diusulkan", "aktif", "nonaktif"]);
    assert_eq!(households(&status), hs.len() as u64);
    for r in &status {
        let with: Vec<&Household> = hs.iter().filter(|h| h.status().code() == r.code).collect();
        assert_eq!(r.households, with.len() as u64, "{}", r.code);
        assert_eq!(r.persons, with.iter().map(|h| h.members.len() as u64).sum::<u64>(), "{}", r.code);
    }
    assert!(status.iter().filter(|r| r.households > 0).count() > 1, "{status:?}");

    let progs = svc.count_by(&dtks::testkit::owner(), &f, CountColumn::Programme, None, Lang::Id).unwrap();
    assert_eq!(progs.len(), Programme::ALL.len());
    let active_pkh = |h: &Household| {
        h.members
            .iter()
            .filter(|p| p.enrolment(Programme::Pkh).is_some_and(|e| e.status == EnrolmentStatus::Active))
            .count()
    };
    let pkh_persons: usize = hs.iter().map(active_pkh).sum();
    assert!(pkh_persons > 67);
    assert_eq!(row(&progs, "PKH").persons, pkh_persons as u64);
    assert_eq!(row(&progs, "PKH").households, hs.iter().filter(|h| active_pkh(h) > 0).count() as u64);
    assert_eq!(row(&progs, "BPNT").households, 0, "BPNT enrolments are suspended, not active");
    let suspended = Filter { enrolment: Some(EnrolmentStatus::Suspended), ..f.clone() };
    let progs = svc.count_by(&dtks::testkit::owner(), &suspended, CountColumn::Programme, None, Lang::Id).unwrap();
    assert_eq!(row(&progs, "BPNT").households, filtered(&suspended).len() as u64);
    // A column the filter fixes has only its own row.
    let pkh = Filter { programme: Some(Programme::Pkh), ..f.clone() };
    let progs = svc.count_by(&dtks::testkit::owner(), &pkh, CountColumn::Programme, None, Lang::Id).unwrap();
    assert_eq!(progs.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), ["PKH"]);

    // Every row is the total of the list it opens.
    let today = svc.today();
    for col in [CountColumn::Rw, CountColumn::Programme, CountColumn::Status, CountColumn::Sex, CountColumn::AgeBand] {
        for r in svc.count_by(&dtks::testkit::owner(), &f, col, None, Lang::Id).unwrap() {
            let list = f.for_count(col, &r.code, today).unwrap();
            assert_eq!(svc.list_total(&dtks::testkit::owner(), &list).unwrap(), r.households, "{col:?} {}", r.code);
        }
    }

    // With a query, and with a scan limit.
    let siti = Filter { query: "siti".into(), ..Filter::default() };
    assert_eq!(
        households(&svc.count_by(&dtks::testkit::owner(), &siti, CountColumn::Kelurahan, None, Lang::Id).unwrap()),
        by_name("siti").len() as u64
    );
    assert_eq!(
        households(
            &svc.count_by(&dtks::testkit::owner(), &Filter::default(), CountColumn::Kelurahan, Some(10), Lang::Id)
                .unwrap()
        ),
        10
    );
}

/// The list export covers the whole filtered list, writes where it is told
/// and refuses to write over what is there.
#[test]
fn the_whole_filtered_list_exports_once_and_is_never_overwritten() {
    let (d, svc) = service();
    let f = Filter { region: Some("31.71".into()), ..Filter::default() };
    let whole = svc.whole_list(&dtks::testkit::owner(), &f).unwrap();
    assert_eq!(
        whole.iter().map(|h| h.no_kk.clone()).collect::<Vec<_>>(),
        kks(&svc.search(&dtks::testkit::owner(), &f, 10_000).unwrap().lines)
    );
    let book = d.path().join("daftar.xlsx");
    assert_eq!(svc.export_list(&dtks::testkit::owner(), &whole, &book, false).unwrap(), whole.len() as u64);
    let before = std::fs::read(&book).unwrap();
    assert!(svc.export_list(&dtks::testkit::owner(), &whole[..1], &book, false).is_err());
    assert_eq!(std::fs::read(&book).unwrap(), before);

    let dir = d.path().join("daftar-csv");
    assert_eq!(svc.export_list(&dtks::testkit::owner(), &whole, &dir, true).unwrap(), whole.len() as u64);
    let e = svc.export_list(&dtks::testkit::owner(), &whole, &dir, true).unwrap_err();
    assert!(e.message(dtks::i18n::Lang::En).contains("already exists"), "{e}");
}
