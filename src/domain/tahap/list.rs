//! Frozen recipient lists, the pure parts: a row per recipient, the stable
//! payment reference, the list's SHA-256 content hash and the diff of two
//! lists.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::period::{Period, YearMonth};
use super::quota::Standing;
use crate::domain::codes::Programme;

/// One recipient of a frozen list: a snapshot, later register edits do not
/// reach it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub nik: String,
    pub no_kk: String,
    pub name: String,
    /// Dotted kelurahan code, e.g. `31.71.06.1003`.
    pub kelurahan: String,
    pub bank: String,
    pub account: String,
    /// The months this row pays, arrears included.
    pub months: Vec<YearMonth>,
    /// References of the failed payments whose months this row carries
    /// (*rapel*), linking the arrears to the original.
    pub arrears_of: Vec<String>,
    pub amount: i64,
    /// [`payment_reference`] of the list's programme, period and the NIK.
    pub reference: String,
}

/// The payment reference of one recipient in one programme's period, e.g.
/// `KLJ-2026-T4-3171065708500001`: stable, so a bank file written twice is
/// the same file.
pub fn payment_reference(programme: Programme, period: Period, nik: &str) -> String {
    format!("{}-{period}-{nik}", programme.code())
}

/// Count and sum of a list, the figures of a control total line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub recipients: u64,
    pub amount: i64,
}

impl Totals {
    pub fn of(rows: &[ListRow]) -> Totals {
        Totals { recipients: rows.len() as u64, amount: rows.iter().map(|r| r.amount).sum() }
    }
}

/// Hex SHA-256 of the list's content, the same whatever order the rows are
/// in: rows are hashed sorted by reference. Every field is length-prefixed
/// so that no two different lists hash the same bytes.
pub fn content_hash(rows: &[ListRow]) -> String {
    let mut sorted: Vec<&ListRow> = rows.iter().collect();
    sorted.sort_by(|a, b| (&a.reference, &a.nik).cmp(&(&b.reference, &b.nik)));
    let mut h = Sha256::new();
    let mut field = |s: &str| {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    for r in sorted {
        for s in [&r.reference, &r.nik, &r.no_kk, &r.name, &r.kelurahan, &r.bank, &r.account] {
            field(s);
        }
        let months: Vec<String> = r.months.iter().map(YearMonth::to_string).collect();
        field(&months.join(","));
        field(&r.arrears_of.join(","));
        field(&r.amount.to_string());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What changed from one list of a programme to the next.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListDiff {
    /// NIKs on the new list and not the old, in NIK order.
    pub entered: Vec<String>,
    /// NIKs on the old list and not the new, with their standing now when
    /// known (the rule that left them out, or their waiting-list place).
    pub left: Vec<(String, Option<Standing>)>,
    /// NIK, old amount, new amount.
    pub amount_changed: Vec<(String, i64, i64)>,
}

/// Compares two lists by NIK. `standing` gives, for a NIK that left, why.
pub fn diff(old: &[ListRow], new: &[ListRow], standing: &HashMap<String, Standing>) -> ListDiff {
    let old_by: BTreeMap<&str, &ListRow> = old.iter().map(|r| (r.nik.as_str(), r)).collect();
    let new_by: BTreeMap<&str, &ListRow> = new.iter().map(|r| (r.nik.as_str(), r)).collect();
    let mut d = ListDiff::default();
    for (nik, n) in &new_by {
        match old_by.get(nik) {
            None => d.entered.push(nik.to_string()),
            Some(o) if o.amount != n.amount => d.amount_changed.push((nik.to_string(), o.amount, n.amount)),
            Some(_) => {}
        }
    }
    for nik in old_by.keys().filter(|n| !new_by.contains_key(*n)) {
        d.left.push((nik.to_string(), standing.get(*nik).cloned()));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::eligibility::Rule;
    use crate::domain::tahap::rules::Exclusion;

    fn t(y: i32, n: u8) -> Period {
        Period::tahap(y, n).unwrap()
    }

    fn row(nik: &str, amount: i64) -> ListRow {
        let p = t(2026, 4);
        ListRow {
            nik: nik.into(),
            no_kk: "3171061203180007".into(),
            name: format!("Warga {nik}"),
            kelurahan: "31.71.06.1003".into(),
            bank: "Bank DKI".into(),
            account: format!("10120300{nik}"),
            months: p.months(),
            arrears_of: vec![],
            amount,
            reference: payment_reference(Programme::Klj, p, nik),
        }
    }

    #[test]
    fn reference_is_programme_period_and_nik() {
        assert_eq!(payment_reference(Programme::Klj, t(2026, 4), "3171"), "KLJ-2026-T4-3171");
        assert_eq!(payment_reference(Programme::Kaj, Period::month(2025, 4).unwrap(), "3171"), "KAJ-2025-04-3171");
    }

    #[test]
    fn hash_ignores_row_order() {
        let a = vec![row("00001", 900_000), row("00002", 900_000), row("00003", 600_000)];
        let mut b = a.clone();
        b.reverse();
        b.swap(0, 1);
        assert_eq!(content_hash(&a), content_hash(&b));
        assert_eq!(content_hash(&a).len(), 64);
        assert_ne!(content_hash(&a), content_hash(&a[..2]));
    }

    #[test]
    fn hash_changes_with_any_field() {
        let base = vec![row("00001", 900_000), row("00002", 900_000)];
        let h = content_hash(&base);
        let edits: Vec<fn(&mut ListRow)> = vec![
            |r| r.nik.push('9'),
            |r| r.no_kk.push('9'),
            |r| r.name.push('a'),
            |r| r.kelurahan = "31.71.06.1004".into(),
            |r| r.bank = "Bank BRI".into(),
            |r| r.account.push('1'),
            |r| {
                r.months.pop();
            },
            |r| r.arrears_of.push("KLJ-2026-T3-00002".into()),
            |r| r.amount += 1,
            |r| r.reference.push('x'),
        ];
        for (i, edit) in edits.iter().enumerate() {
            let mut changed = base.clone();
            edit(&mut changed[1]);
            assert_ne!(content_hash(&changed), h, "edit {i}");
        }
        // Moving text between neighbouring fields changes it too.
        let mut shifted = base.clone();
        shifted[0].name = "Warga 0000".into();
        shifted[0].kelurahan = format!("1{}", shifted[0].kelurahan);
        assert_ne!(content_hash(&shifted), h);
    }

    #[test]
    fn diff_entered_left_and_amount_changed() {
        let old = vec![row("00001", 900_000), row("00002", 900_000), row("00003", 900_000), row("00004", 900_000)];
        let new = vec![row("00005", 900_000), row("00001", 900_000), row("00002", 1_800_000)];
        let mut why = HashMap::new();
        why.insert("00003".to_string(), Standing::Waiting { position: 4 });
        let first = Exclusion::NotInCategory(Rule::Age0To6);
        why.insert("00004".to_string(), Standing::Excluded { first, all: vec![first] });
        let d = diff(&old, &new, &why);
        assert_eq!(d.entered, ["00005"]);
        assert_eq!(d.amount_changed, [("00002".to_string(), 900_000, 1_800_000)]);
        assert_eq!(d.left.len(), 2);
        assert_eq!(d.left[0], ("00003".to_string(), Some(Standing::Waiting { position: 4 })));
        assert!(matches!(d.left[1].1, Some(Standing::Excluded { .. })));
        let d2 = diff(&old, &new, &HashMap::new());
        assert_eq!(d2.left[0].1, None);
        assert_eq!(diff(&old, &old, &HashMap::new()), ListDiff::default());
    }

    #[test]
    fn totals_count_and_sum() {
        let rows = vec![row("00001", 900_000), row("00002", 1_800_000)];
        assert_eq!(Totals::of(&rows), Totals { recipients: 2, amount: 2_700_000 });
        assert_eq!(Totals::of(&[]), Totals::default());
    }
}
