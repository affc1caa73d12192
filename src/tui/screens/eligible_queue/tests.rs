//! The queue screen without a register: what it shows while counting, when
//! a whole-register list holds only its first persons, and which job
//! results it takes.

use std::collections::BTreeMap;
use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::domain::eligibility::Rule;
use crate::service::eligible::EligibleCount;
use crate::testkit::date;
use crate::tui::Theme;

fn person(i: u32) -> EligiblePerson {
    EligiblePerson {
        programme: Programme::Klj,
        nik: format!("31750301010{i:05}"),
        name: format!("Warga {i}"),
        no_kk: format!("31750301020{i:05}"),
        kelurahan: "31.75.03.1001".into(),
        kelurahan_name: "Kampung Melayu".into(),
        birth_date: date(1950, 1, 1),
        age: 76,
        rule: Rule::Age60Plus,
        usulan: None,
    }
}

/// 5,000 in the KLJ queue, of whom the pass kept two.
fn report() -> Arc<EligibleReport> {
    Arc::new(EligibleReport {
        query: whole_query(),
        counts: vec![EligibleCount {
            programme: Programme::Klj,
            kelurahan: "31.75.03.1001".into(),
            kelurahan_name: "Kampung Melayu".into(),
            persons: 5000,
            proposed: 0,
        }],
        persons_by_kelurahan: BTreeMap::from([("31.75.03.1001".to_string(), 5000)]),
        persons: vec![person(1), person(2)],
    })
}

fn shown(s: &mut EligibleQueue) -> String {
    let ui = Ui { lang: Lang::Id, theme: Theme::new(false) };
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| s.render(f, f.area(), &ui)).unwrap();
    term.backend().to_string()
}

#[test]
fn counting_until_the_job_reports_then_the_true_total_beside_the_rows_held() {
    let (mut s, job) = EligibleQueue::open(Programme::Klj);
    assert_eq!(job, Job::Eligible(whole_query()));
    assert!(shown(&mut s).contains("menghitung…"));
    let other = EligibleQuery { regions: vec!["31.75.03.1002".into()], ..EligibleQuery::default() };
    assert!(!s.on_job(&JobDone::Eligible { query: other, result: Ok(report()) }), "not this screen's");
    assert!(s.on_job(&JobDone::Eligible { query: whole_query(), result: Ok(report()) }));
    let text = shown(&mut s);
    assert_eq!(s.rows().len(), 2);
    assert!(text.contains("5.000 orang, 0 sudah diusulkan"), "{text}");
    assert!(text.contains("menampilkan 2 pertama dari 5.000"), "{text}");
    assert!(text.contains("KLJ 5.000"), "{text}");
}

#[test]
fn an_error_is_shown_in_place_of_the_rows() {
    let (mut s, _) = EligibleQueue::open(Programme::Klj);
    s.on_job(&JobDone::Eligible { query: whole_query(), result: Err("register tidak terbaca".into()) });
    assert!(shown(&mut s).contains("register tidak terbaca"));
    assert!(s.rows().is_empty());
}

#[test]
fn a_long_reason_with_its_usulan_leaves_room_for_the_rows_held_note() {
    let mut r = (*report()).clone();
    r.persons[0].rule = Rule::PkhHousehold;
    r.persons[0].usulan = Some(2_000_001);
    let (mut s, _) = EligibleQueue::open(Programme::Klj);
    s.set_whole(Arc::new(r));
    let text = shown(&mut s);
    assert!(text.contains("sudah diusulkan (#2000001)"), "{text}");
    assert!(text.contains("menampilkan 2 pertama dari 5.000"), "{text}");
}
