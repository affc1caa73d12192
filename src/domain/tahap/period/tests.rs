use super::*;
use crate::testkit::date;

fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

fn t(y: i32, n: u8) -> Period {
    Period::tahap(y, n).unwrap()
}

#[test]
fn tahap_has_three_months_and_exact_edges() {
    assert_eq!(t(2024, 1).months(), [ym(2024, 1), ym(2024, 2), ym(2024, 3)]);
    assert_eq!(t(2024, 4).months(), [ym(2024, 10), ym(2024, 11), ym(2024, 12)]);
    assert_eq!(t(2024, 1).first_day(), date(2024, 1, 1));
    assert_eq!(t(2024, 1).last_day(), date(2024, 3, 31));
    assert_eq!(t(2024, 2).first_day(), date(2024, 4, 1));
    assert_eq!(t(2024, 4).last_day(), date(2024, 12, 31));
    assert_eq!(Period::month(2024, 2).unwrap().last_day(), date(2024, 2, 29));
    assert_eq!(Period::month(2025, 2).unwrap().last_day(), date(2025, 2, 28));
}

#[test]
fn period_containing_a_date() {
    let q = PeriodKind::Quarterly;
    assert_eq!(Period::containing(q, date(2024, 1, 1)), t(2024, 1));
    assert_eq!(Period::containing(q, date(2024, 3, 31)), t(2024, 1));
    assert_eq!(Period::containing(q, date(2024, 4, 1)), t(2024, 2));
    assert_eq!(Period::containing(q, date(2024, 9, 30)), t(2024, 3));
    assert_eq!(Period::containing(q, date(2024, 12, 31)), t(2024, 4));
    assert_eq!(Period::containing(PeriodKind::Monthly, date(2024, 2, 29)), Period::month(2024, 2).unwrap());
    assert!(t(2024, 1).contains(date(2024, 2, 29)));
    assert!(!t(2024, 1).contains(date(2024, 4, 1)));
}

#[test]
fn next_and_previous_cross_the_year() {
    assert_eq!(t(2024, 4).next(), t(2025, 1));
    assert_eq!(t(2025, 1).prev(), t(2024, 4));
    assert_eq!(t(2024, 2).next(), t(2024, 3));
    assert_eq!(Period::month(2024, 12).unwrap().next(), Period::month(2025, 1).unwrap());
    assert_eq!(Period::month(2025, 1).unwrap().prev(), Period::month(2024, 12).unwrap());
}

#[test]
fn parse_and_display_round_trip() {
    for s in ["2026-T4", "2026-T1", "2026-11", "2026-01"] {
        let p: Period = s.parse().unwrap();
        assert_eq!(p.to_string(), s);
    }
    assert_eq!(" 2026-t2 ".parse::<Period>(), Ok(t(2026, 2)));
    assert_eq!("2026-1".parse::<Period>(), Ok(Period::month(2026, 1).unwrap()));
    assert_eq!("2026-T5".parse::<Period>(), Err(PeriodParseError::Tahap(5)));
    assert_eq!("2026-T0".parse::<Period>(), Err(PeriodParseError::Tahap(0)));
    assert_eq!("2026-13".parse::<Period>(), Err(PeriodParseError::Month(13)));
    assert_eq!("1800-01".parse::<Period>(), Err(PeriodParseError::Year(1800)));
    for bad in ["", "2026", "2026-", "26-T1", "2026-T", "2026-X1", "2026-T12a", "2026/11"] {
        assert!(matches!(bad.parse::<Period>(), Err(PeriodParseError::Format(_))), "{bad}");
    }
}

#[test]
fn periods_sort_in_calendar_order() {
    let mut ps = vec![Period::month(2025, 4).unwrap(), t(2025, 1), t(2024, 4), Period::month(2024, 12).unwrap()];
    ps.sort();
    assert_eq!(ps, [t(2024, 4), Period::month(2024, 12).unwrap(), t(2025, 1), Period::month(2025, 4).unwrap()]);
    assert!(t(2024, 4) < Period::month(2024, 10).unwrap());
}

fn klj() -> PeriodSchedule {
    PeriodSchedule::new(vec![
        ScheduleEntry { from: ym(2025, 4), kind: PeriodKind::Monthly },
        ScheduleEntry { from: ym(2018, 1), kind: PeriodKind::Quarterly },
    ])
    .unwrap()
}

#[test]
fn klj_is_quarterly_until_march_2025_then_monthly() {
    let s = klj();
    assert_eq!(s.period_on(date(2025, 3, 31)), Some(t(2025, 1)));
    assert_eq!(s.period_on(date(2025, 4, 1)), Period::month(2025, 4));
    assert_eq!(s.period_on(date(2017, 12, 31)), None);
    let periods = s.periods_in(2025);
    assert_eq!(periods.len(), 1 + 9);
    assert_eq!(periods[0], t(2025, 1));
    assert_eq!(periods[1], Period::month(2025, 4).unwrap());
    assert_eq!(s.next(t(2025, 1)), Period::month(2025, 4));
    assert_eq!(s.prev(Period::month(2025, 4).unwrap()), Some(t(2025, 1)));
    assert_eq!(s.months_of(t(2025, 1)).len(), 3);
    assert!(s.months_of(t(2025, 2)).is_empty());
}

#[test]
fn a_switch_inside_a_quarter_loses_and_doubles_no_month() {
    let s = PeriodSchedule::new(vec![
        ScheduleEntry { from: ym(2024, 1), kind: PeriodKind::Quarterly },
        ScheduleEntry { from: ym(2024, 5), kind: PeriodKind::Monthly },
        ScheduleEntry { from: ym(2024, 11), kind: PeriodKind::Quarterly },
    ])
    .unwrap();
    assert_eq!(s.months_of(t(2024, 2)), [ym(2024, 4)]);
    assert_eq!(s.months_of(t(2024, 4)), [ym(2024, 11), ym(2024, 12)]);
    assert_eq!(s.next(t(2024, 2)), Period::month(2024, 5));
    // Every month of the year is paid by exactly one period.
    let mut paid: Vec<YearMonth> = s.periods_in(2024).into_iter().flat_map(|p| s.months_of(p)).collect();
    let n = paid.len();
    paid.sort();
    paid.dedup();
    assert_eq!(n, 12);
    assert_eq!(paid, ym(2024, 1).through(ym(2024, 12)));
}

#[test]
fn schedule_needs_entries_with_distinct_starts() {
    assert_eq!(PeriodSchedule::new(vec![]), Err(ScheduleError::Empty));
    let e = ScheduleEntry { from: ym(2024, 1), kind: PeriodKind::Quarterly };
    let f = ScheduleEntry { kind: PeriodKind::Monthly, ..e };
    assert_eq!(PeriodSchedule::new(vec![e, f]), Err(ScheduleError::DuplicateStart(ym(2024, 1))));
}

#[test]
fn year_month_edges() {
    assert_eq!(YearMonth::new(2024, 0), None);
    assert_eq!(YearMonth::new(2024, 13), None);
    assert_eq!(ym(2024, 12).next(), ym(2025, 1));
    assert_eq!(ym(2024, 1).prev(), ym(2023, 12));
    assert_eq!(ym(2024, 2).last_day(), date(2024, 2, 29));
    assert_eq!(ym(2024, 3).quarter(), 1);
    assert_eq!(ym(2024, 10).quarter(), 4);
    assert_eq!(ym(2024, 11).to_string(), "2024-11");
    assert!(ym(2024, 3).through(ym(2024, 2)).is_empty());
}

#[test]
fn stored_periods_are_checked_when_read_back() {
    let cfg = bincode::config::standard();
    for p in [t(2026, 4), Period::month(2025, 11).unwrap()] {
        let bytes = bincode::serde::encode_to_vec(p, cfg).unwrap();
        let (back, _): (Period, usize) = bincode::serde::decode_from_slice(&bytes, cfg).unwrap();
        assert_eq!(back, p);
    }
    let bad = Period::Tahap { year: 2026, number: 5 };
    let bytes = bincode::serde::encode_to_vec(bad, cfg).unwrap();
    assert!(bincode::serde::decode_from_slice::<Period, _>(&bytes, cfg).is_err());
    let bytes = bincode::serde::encode_to_vec((2026i32, 13u32), cfg).unwrap();
    assert!(bincode::serde::decode_from_slice::<YearMonth, _>(&bytes, cfg).is_err());
}
