//! The `--json` views of `dtks tahap` and `dtks burekol`: stable snake_case
//! keys and codes (programme codes, periods as `2026-T4`, states, rule
//! names, mismatch kinds, the line problems' codes); only `message` keys
//! follow `--lang`.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::domain::tahap::list::{ListRow, Totals};
use crate::domain::tahap::quota::Standing;
use crate::domain::tahap::reconcile::{BankStatus, Mismatch, Reconciliation};
use crate::domain::tahap::rules::Exclusion;
use crate::domain::tahap::{PeriodPlan, PeriodState};
use crate::i18n::Lang;
use crate::i18n::tahap::{bank_status, mismatch, standing};
use crate::i18n::tahap_service::reject;
use crate::service::tahap::{AccountImport, BuiltList, Counts, FrozenList, ListChanges, Reject, ResultImport, Why};

fn state_code(s: PeriodState) -> &'static str {
    match s {
        PeriodState::Planned => "planned",
        PeriodState::Announced => "announced",
        PeriodState::ListFrozen => "list_frozen",
        PeriodState::BankFileSent => "bank_file_sent",
        PeriodState::PartlyPaid => "partly_paid",
        PeriodState::Paid => "paid",
        PeriodState::Closed => "closed",
        PeriodState::Cancelled => "cancelled",
        PeriodState::Merged => "merged",
    }
}

fn status_code(s: &BankStatus) -> &'static str {
    match s {
        BankStatus::Paid => "paid",
        BankStatus::Failed(_) => "failed",
        BankStatus::AccountClosed => "account_closed",
        BankStatus::AccountDormant => "account_dormant",
    }
}

fn totals(t: Totals) -> Value {
    json!({ "recipients": t.recipients, "amount": t.amount })
}

fn plan(p: &PeriodPlan, today: NaiveDate) -> Value {
    json!({
        "programme": p.programme.code(),
        "period": p.period.to_string(),
        "state": state_code(p.state),
        "planned": p.planned.to_string(),
        "announced": p.announced.map(|d| d.to_string()),
        "payments": p.payments.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "reference_date": p.reference_date.to_string(),
        "merged_into": p.merged_into.map(|x| x.to_string()),
        "days_late": p.days_late(today),
    })
}

pub fn plans(_lang: Lang, plans: &[PeriodPlan], today: NaiveDate) -> Value {
    json!({ "plans": plans.iter().map(|p| plan(p, today)).collect::<Vec<_>>() })
}

pub fn frozen(_lang: Lang, l: &FrozenList) -> Value {
    json!({
        "programme": l.programme.code(),
        "period": l.period.to_string(),
        "number": l.number,
        "susulan": l.number > 0,
        "reference_date": l.reference_date.to_string(),
        "months": l.months.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "totals": totals(l.totals),
        "hash": l.hash,
        "frozen_at": l.frozen_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "frozen_by": l.frozen_by,
        "excluded": l.excluded.iter().map(|(r, n)| json!({ "rule": r.name(), "count": n })).collect::<Vec<_>>(),
        "waiting": l.waiting.len(),
    })
}

fn counts(c: &Counts) -> Value {
    json!({
        "recipients": c.recipients,
        "amount": c.amount,
        "programmes": c.programmes.iter().map(|(p, n, a)| json!({ "programme": p.code(), "recipients": n, "amount": a })).collect::<Vec<_>>(),
        "kelurahan": c.kelurahan.iter().map(|(k, p, n)| json!({ "kelurahan": k, "programme": p.code(), "recipients": n })).collect::<Vec<_>>(),
    })
}

pub fn show(lang: Lang, p: &PeriodPlan, lists: &[FrozenList], c: &Counts, today: NaiveDate) -> Value {
    json!({
        "plan": plan(p, today),
        "lists": lists.iter().map(|l| frozen(lang, l)).collect::<Vec<_>>(),
        "counts": counts(c),
    })
}

pub fn built(_lang: Lang, b: &BuiltList) -> Value {
    json!({
        "programme": b.programme.code(),
        "period": b.period.to_string(),
        "reference_date": b.reference_date.to_string(),
        "months": b.months.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "totals": totals(Totals::of(&b.rows)),
        "evaluated": b.evaluated,
        "with_arrears": b.with_arrears,
        "waiting": b.waiting.len(),
        "excluded": b.excluded.iter().map(|(r, n)| json!({ "rule": r.name(), "count": n })).collect::<Vec<_>>(),
    })
}

fn row(r: &ListRow) -> Value {
    json!({
        "reference": r.reference,
        "nik": r.nik,
        "no_kk": r.no_kk,
        "name": r.name,
        "kelurahan": r.kelurahan,
        "bank": r.bank,
        "account": r.account,
        "months": r.months.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "arrears_of": r.arrears_of,
        "amount": r.amount,
    })
}

fn standing_json(lang: Lang, s: &Standing) -> Value {
    match s {
        Standing::OnList => json!({ "code": "on_list", "message": standing(lang, s) }),
        Standing::Waiting { position } => {
            json!({ "code": "waiting", "position": position, "message": standing(lang, s) })
        }
        Standing::Excluded { first, all } => json!({
            "code": "excluded",
            "rule": first.rule().name(),
            "rules": all.iter().map(|e| e.rule().name()).collect::<Vec<_>>(),
            "decision": match first {
                Exclusion::Deactivated(d) => Some(d.decision),
                _ => None,
            },
            "message": standing(lang, s),
        }),
    }
}

pub fn changes(lang: Lang, c: &ListChanges) -> Value {
    json!({
        "programme": c.programme.code(),
        "period": c.period.to_string(),
        "previous": c.previous.map(|p| p.to_string()),
        "entered": c.entered.iter().map(row).collect::<Vec<_>>(),
        "left": c.left.iter().map(|(r, s)| json!({ "row": row(r), "standing": s.as_ref().map(|s| standing_json(lang, s)) })).collect::<Vec<_>>(),
        "amount_changed": c.amount_changed.iter().map(|(r, old)| json!({ "row": row(r), "previous_amount": old })).collect::<Vec<_>>(),
    })
}

fn rejects(lang: Lang, rs: &[Reject]) -> Vec<Value> {
    rs.iter()
        .map(|r| {
            let mut v = serde_json::to_value(r).unwrap_or(Value::Null);
            if let Value::Object(m) = &mut v {
                m.insert("message".into(), Value::String(reject(lang, r)));
            }
            v
        })
        .collect()
}

pub fn results(lang: Lang, imp: &ResultImport) -> Value {
    json!({
        "programme": imp.programme.code(),
        "period": imp.period.to_string(),
        "saved": imp.saved,
        "rejects": rejects(lang, &imp.rejects),
    })
}

pub fn accounts(lang: Lang, imp: &AccountImport) -> Value {
    json!({ "saved": imp.saved, "rejects": rejects(lang, &imp.rejects) })
}

fn mismatch_json(lang: Lang, m: &Mismatch) -> Value {
    let message = mismatch(lang, m);
    match m {
        Mismatch::PaidTwice { reference, lines } => {
            json!({ "kind": "paid_twice", "reference": reference, "lines": lines, "message": message })
        }
        Mismatch::NotOnList { line, reference } => {
            json!({ "kind": "not_on_list", "line": line, "reference": reference, "message": message })
        }
        Mismatch::Absent { reference } => json!({ "kind": "absent", "reference": reference, "message": message }),
        Mismatch::AmountDifferent { line, reference, expected, paid } => json!({
            "kind": "amount_different", "line": line, "reference": reference,
            "expected": expected, "paid": paid, "message": message,
        }),
        Mismatch::UnknownAccount { line, account, reference } => json!({
            "kind": "unknown_account", "line": line, "account": account, "reference": reference, "message": message,
        }),
        Mismatch::OverControl { control, paid } => {
            json!({ "kind": "over_control", "control": totals(*control), "paid": totals(*paid), "message": message })
        }
    }
}

pub fn reconciliation(lang: Lang, r: &Reconciliation) -> Value {
    json!({
        "listed": totals(r.listed),
        "control": totals(r.control),
        "paid": totals(r.paid),
        "mismatches": r.mismatches.iter().map(|m| mismatch_json(lang, m)).collect::<Vec<_>>(),
        "failed": r.failed.iter().map(|f| json!({
            "line": f.line, "reference": f.reference, "status": status_code(&f.status), "message": bank_status(lang, &f.status),
        })).collect::<Vec<_>>(),
    })
}

pub fn why(lang: Lang, w: &Why) -> Value {
    json!({
        "nik": w.nik,
        "name": w.name,
        "programmes": w.entries.iter().map(|e| json!({
            "programme": e.programme.code(),
            "frozen": e.frozen,
            "row": e.row.as_ref().map(row),
            "payment": e.payment.as_ref().map(|b| json!({ "status": status_code(b), "message": bank_status(lang, b) })),
            "standing": e.standing.as_ref().map(|s| standing_json(lang, s)),
        })).collect::<Vec<_>>(),
    })
}

/// The tariff table: months as `2027-01`, `until` null when open-ended,
/// amounts in whole rupiah.
pub fn tariffs(_lang: Lang, rows: &[crate::domain::tahap::tariff::Tariff]) -> Value {
    let rows: Vec<Value> = rows
        .iter()
        .map(|t| {
            json!({
                "programme": t.programme.code(),
                "from": t.from.to_string(),
                "until": t.until.map(|u| u.to_string()),
                "monthly": t.monthly,
            })
        })
        .collect();
    json!({ "tariffs": rows })
}
