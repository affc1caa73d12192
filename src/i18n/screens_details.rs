//! Texts of the detail screens' tahap and deactivation lines: the current
//! tahap on the dashboard, a person's answer per tahap (on the list, paid or
//! not, or the rule that left them out), the Burekol account and the
//! deactivation history of a person or household.

use super::tahap::{bank_status, days_late, exclusion, state};
use super::{Lang, fmt_count, fmt_date, fmt_money};
use crate::domain::deactivation::effect::HistoryRef;
use crate::domain::deactivation::{Decision, Direction, Proposal, State, Subject};
use crate::domain::tahap::account::BurekolAccount;
use crate::domain::tahap::quota::Standing;
use crate::domain::tahap::{Period, PeriodPlan};
use crate::service::tahap::{CurrentPeriod, PersonPeriod};

/// Fixed words of these lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    /// Section heading of a person's tahap lines.
    SecTahap,
    SecDeactivation,
    /// Label of the Burekol account line.
    Account,
    NoAccount,
    NoTahapSchedule,
    NoProposals,
}

pub fn word(lang: Lang, w: Word) -> &'static str {
    use Word::*;
    match (lang, w) {
        (Lang::Id, SecTahap) => "Tahap dan pembayaran",
        (Lang::En, SecTahap) => "Tahap and payments",
        (Lang::Id, SecDeactivation) => "Riwayat penonaktifan",
        (Lang::En, SecDeactivation) => "Deactivation history",
        (Lang::Id, Account) => "Rekening Burekol",
        (Lang::En, Account) => "Burekol account",
        (Lang::Id, NoAccount) => "belum ada (bank belum membuka rekening)",
        (Lang::En, NoAccount) => "none yet (the bank has not opened one)",
        (Lang::Id, NoTahapSchedule) => "Belum ada jadwal tahap",
        (Lang::En, NoTahapSchedule) => "No tahap schedule yet",
        (Lang::Id, NoProposals) => "Tidak ada usulan penonaktifan",
        (Lang::En, NoProposals) => "No deactivation proposals",
    }
}

/// "Tahap 4 2026" or "Nov 2026": a period in a narrow column.
pub fn period_short(lang: Lang, p: Period) -> String {
    match p {
        Period::Tahap { year, number } => format!("Tahap {number} {year}"),
        Period::Month(m) => {
            let name = super::month_name(lang, m.month());
            format!("{} {}", name.get(..3).unwrap_or(name), m.year())
        }
    }
}

/// "Diumumkan, terlambat 12 hari".
fn plan_state(lang: Lang, plan: &PeriodPlan, today: chrono::NaiveDate) -> String {
    match plan.days_late(today) {
        Some(d) => format!("{}, {}", state(lang, plan.state), days_late(lang, d)),
        None => state(lang, plan.state).to_string(),
    }
}

/// "dibayar digabung dengan Desember 2026 (Diumumkan)".
fn paid_with(lang: Lang, into: Period, later: Option<&PeriodPlan>, today: chrono::NaiveDate) -> String {
    let head = match lang {
        Lang::Id => format!("dibayar digabung dengan {}", period_short(lang, into)),
        Lang::En => format!("paid together with {}", period_short(lang, into)),
    };
    match later {
        Some(p) => format!("{head} ({})", plan_state(lang, p, today).to_lowercase()),
        None => head,
    }
}

/// A programme's current period on the dashboard: its state in words and
/// days late, or what pays it once merged.
pub fn current_state(lang: Lang, c: &CurrentPeriod, today: chrono::NaiveDate) -> String {
    match (&c.plan, lang) {
        (None, Lang::Id) => "belum direncanakan".to_string(),
        (None, Lang::En) => "not planned yet".to_string(),
        (Some(p), _) => match p.merged_into {
            Some(into) => paid_with(lang, into, c.paid_with.as_ref(), today),
            None => plan_state(lang, p, today),
        },
    }
}

/// "3 bulan" / "3 months".
fn months(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Id => format!("{n} bulan"),
        Lang::En if n == 1 => "1 month".to_string(),
        Lang::En => format!("{n} months"),
    }
}

/// One person's answer for one period: on the list with months, amount and
/// payment; or the rule that left them out; or, for a list still to be
/// frozen, the plan's state and whether the rules pass.
pub fn person_period(lang: Lang, pp: &PersonPeriod, today: chrono::NaiveDate) -> String {
    let e = &pp.entry;
    if let Some(row) = &e.row {
        let pay = match (&e.payment, lang) {
            (Some(s), _) => bank_status(lang, s),
            (None, Lang::Id) => "belum ada hasil dari bank".to_string(),
            (None, Lang::En) => "no result from the bank yet".to_string(),
        };
        let arrears = match (row.arrears_of.is_empty(), lang) {
            (true, _) => String::new(),
            (false, Lang::Id) => " (termasuk rapel)".to_string(),
            (false, Lang::En) => " (arrears included)".to_string(),
        };
        let on = match lang {
            Lang::Id => "Di daftar",
            Lang::En => "On the list",
        };
        return format!("{on} · {}{arrears} · {} · {pay}", months(lang, row.months.len()), fmt_money(row.amount));
    }
    let Some(plan) = &pp.plan else {
        return match lang {
            Lang::Id => "Belum direncanakan".to_string(),
            Lang::En => "Not planned yet".to_string(),
        };
    };
    if let Some(into) = plan.merged_into {
        let mut s = paid_with(lang, into, None, today);
        if let Some(first) = s.get(..1) {
            s = format!("{}{}", first.to_uppercase(), &s[1..]);
        }
        return s;
    }
    let rule = |s: &Standing| match s {
        Standing::OnList => String::new(),
        Standing::Waiting { position } => match lang {
            Lang::Id => format!("layak, di luar kuota: daftar tunggu nomor {}", fmt_count(lang, *position as u64)),
            Lang::En => {
                format!("eligible, beyond the quota: number {} on the waiting list", fmt_count(lang, *position as u64))
            }
        },
        Standing::Excluded { first, .. } => exclusion(lang, first),
    };
    if e.frozen {
        return match (&e.standing, lang) {
            (Some(s), Lang::Id) => format!("Tidak di daftar: {}", rule(s)),
            (Some(s), Lang::En) => format!("Not on the list: {}", rule(s)),
            (None, Lang::Id) => "Tidak di daftar; kini memenuhi syarat: dapat masuk daftar susulan".to_string(),
            (None, Lang::En) => "Not on the list; eligible now: can go on a supplementary list".to_string(),
        };
    }
    let state = plan_state(lang, plan, today);
    let reference = fmt_date(lang, plan.reference_date);
    match (&e.standing, lang) {
        (Some(Standing::OnList), Lang::Id) => format!("{state}; daftar belum dibekukan: akan masuk daftar"),
        (Some(Standing::OnList), Lang::En) => format!("{state}; list not frozen yet: will be on it"),
        (Some(s), Lang::Id) => format!("{state}; daftar belum dibekukan: tidak akan masuk, {}", rule(s)),
        (Some(s), Lang::En) => format!("{state}; list not frozen yet: will not be on it, {}", rule(s)),
        (None, Lang::Id) => format!("{state}; daftar belum dibekukan: memenuhi syarat pada {reference}"),
        (None, Lang::En) => format!("{state}; list not frozen yet: meets the rules on {reference}"),
    }
}

/// "Bank DKI 900000000001 · Aktif · dibuka 1 Jun 2020".
pub fn account(lang: Lang, a: Option<&BurekolAccount>) -> String {
    let Some(a) = a else { return word(lang, Word::NoAccount).to_string() };
    let opened = match lang {
        Lang::Id => "dibuka",
        Lang::En => "opened",
    };
    format!(
        "{} {} · {} · {opened} {}",
        a.bank,
        a.number,
        super::tahap::account_status(lang, a.status),
        fmt_date(lang, a.opened)
    )
}

/// A status history note in words: `penonaktifan:12` names the decision.
pub fn history_note(lang: Lang, note: &str) -> String {
    match (HistoryRef::parse(note), lang) {
        (Some(HistoryRef::Decision(id)), Lang::Id) => format!("keputusan penonaktifan #{id}"),
        (Some(HistoryRef::Decision(id)), Lang::En) => format!("deactivation decision #{id}"),
        (Some(HistoryRef::Reverted(id)), Lang::Id) => format!("pembatalan keputusan #{id}"),
        (Some(HistoryRef::Reverted(id)), Lang::En) => format!("decision #{id} reverted"),
        (Some(HistoryRef::Reinstated(id)), Lang::Id) => format!("dipulihkan setelah sanggahan #{id}"),
        (Some(HistoryRef::Reinstated(id)), Lang::En) => format!("reinstated on appeal #{id}"),
        // A note as the file had it: its control characters shown escaped.
        (None, _) => super::visible::shown(note),
    }
}

/// A decision taken before the Muskel, on a death certificate.
fn urgent(lang: Lang, d: &Decision) -> String {
    match lang {
        Lang::Id => format!("diputuskan {} sebelum Muskel: meninggal, dengan akta kematian", fmt_date(lang, d.on)),
        Lang::En => {
            format!("decided on {} before the Muskel: deceased, with a death certificate", fmt_date(lang, d.on))
        }
    }
}

/// The lines of one proposal: what it is and its state, then (to indent
/// under it) each step with who and when, the decisions with their
/// deciders, and the effective tahap.
/// `whom`: name the person too (on the household detail).
pub fn proposal_lines(lang: Lang, p: &Proposal, whom: bool) -> Vec<String> {
    let kind = match (p.direction, lang) {
        (Direction::Deactivate(g), Lang::Id) => format!("Penonaktifan #{}: {}", p.id, g.label(lang)),
        (Direction::Deactivate(g), Lang::En) => format!("Deactivation #{}: {}", p.id, g.label(lang)),
        (Direction::Reactivate { answers: Some(a) }, Lang::Id) => format!("Pengaktifan kembali #{} (atas #{a})", p.id),
        (Direction::Reactivate { answers: Some(a) }, Lang::En) => format!("Reactivation #{} (of #{a})", p.id),
        (Direction::Reactivate { answers: None }, Lang::Id) => format!("Pengaktifan kembali #{}", p.id),
        (Direction::Reactivate { answers: None }, Lang::En) => format!("Reactivation #{}", p.id),
    };
    let whole = match (&p.subject, lang) {
        (Subject::Household { .. }, Lang::Id) => " (seluruh keluarga)".to_string(),
        (Subject::Household { .. }, Lang::En) => " (whole household)".to_string(),
        (Subject::Person { .. }, _) if !whom => String::new(),
        (Subject::Person { .. }, _) => format!(" ({})", p.subject.label(lang)),
    };
    let mut out = vec![format!("{kind}{whole} — {}", p.state.label(lang))];
    // Each step names who took it: the proposer, the Muskel, the decider.
    for e in &p.events {
        let note = if e.note.is_empty() { String::new() } else { format!(": {}", e.note) };
        out.push(format!("{} {} · {}{note}", fmt_date(lang, e.on), e.state.label(lang), e.by));
    }
    if let Some(d) = p.decision.as_ref().filter(|d| d.urgent) {
        out.push(urgent(lang, d));
    }
    let plan = p.decision.as_ref().and_then(|d| d.plan.as_ref());
    if let Some(plan) = plan.filter(|_| !matches!(p.state, State::Reverted)) {
        for e in &plan.programmes {
            let (code, from) = (e.programme.code(), fmt_date(lang, e.from));
            // A programme not paid in lists has no period: its own date.
            let when = e.period.as_ref().map(|t| t.parse::<Period>().map_or(t.clone(), |x| period_short(lang, x)));
            out.push(match (when, lang) {
                (Some(w), Lang::Id) => format!("{code}: berlaku mulai {w} ({from})"),
                (Some(w), Lang::En) => format!("{code}: in effect from {w} ({from})"),
                (None, Lang::Id) => format!("{code}: berlaku sejak {from}"),
                (None, Lang::En) => format!("{code}: in effect from {from}"),
            });
        }
        if let Some(d) = plan.status_from {
            out.push(match lang {
                Lang::Id => format!("Status DTKS nonaktif sejak {}", fmt_date(lang, d)),
                Lang::En => format!("DTKS status inactive from {}", fmt_date(lang, d)),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tahap::YearMonth;

    #[test]
    fn short_periods_and_history_notes() {
        assert_eq!(period_short(Lang::Id, Period::tahap(2026, 4).unwrap()), "Tahap 4 2026");
        let nov = Period::Month(YearMonth::new(2026, 11).unwrap());
        assert_eq!(period_short(Lang::Id, nov), "Nov 2026");
        assert_eq!(period_short(Lang::En, nov), "Nov 2026");
        assert_eq!(history_note(Lang::Id, "penonaktifan:12"), "keputusan penonaktifan #12");
        assert_eq!(history_note(Lang::En, "pemulihan:3"), "reinstated on appeal #3");
        assert_eq!(history_note(Lang::Id, "pindah RT"), "pindah RT");
    }
}
