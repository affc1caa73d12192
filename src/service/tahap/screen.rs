//! The read model of the tahap screens: one programme's period with its
//! frozen rows, counts per kelurahan (named), the diff and the
//! reconciliation in one read, the people one rule left out, and the
//! recipient search.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::domain::access::{Access, Right};
use crate::domain::codes::Programme;
use crate::domain::names::{fold, fold_query};
use crate::domain::tahap::list::{self, ListRow};
use crate::domain::tahap::reconcile::Reconciliation;
use crate::domain::tahap::rules::{Exclusion, RecipientRule};
use crate::domain::tahap::{Period, PeriodPlan};
use crate::service::{Actor, Result, Service};

use super::{BuiltList, FrozenList, ListChanges};

/// Recipients and amount of one kelurahan on a period's lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KelurahanCount {
    pub code: String,
    /// The kelurahan's name, or its code when the region list lacks it.
    pub name: String,
    pub recipients: u64,
    pub amount: i64,
}

/// Everything the tahap detail screen shows of one programme's period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TahapView {
    pub plan: PeriodPlan,
    /// The main list first, then the supplementary lists.
    pub lists: Vec<FrozenList>,
    /// The rows of every frozen list of the period, in reference order.
    pub rows: Vec<ListRow>,
    /// In kelurahan name order.
    pub kelurahan: Vec<KelurahanCount>,
    /// None while nothing is frozen.
    pub changes: Option<ListChanges>,
    /// Lines of the bank's results imported so far.
    pub results: usize,
    /// None while nothing is frozen.
    pub reconciliation: Option<Reconciliation>,
}

/// A list built but not frozen, with its diff against the programme's
/// last frozen list before it: what freezing it now would change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListPreview {
    pub built: BuiltList,
    pub changes: ListChanges,
}

/// One person a rule left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExcludedPerson {
    pub nik: String,
    pub no_kk: String,
    pub name: String,
    pub kelurahan: String,
    pub reason: Exclusion,
}

impl Service {
    /// The period as the detail screen shows it (refused without a plan).
    /// A user of some areas sees their areas' rows, counts and changes;
    /// the plan, the lists' totals and the reconciliation stay whole.
    pub fn tahap_view(&self, actor: &Actor, programme: Programme, period: Period) -> Result<TahapView> {
        let access = self.require(actor, Right::Read)?;
        let mut v = self.tahap_view_whole(programme, period)?;
        if access != Access::whole() {
            v.rows.retain(|r| self.reaches_kelurahan(&access, &r.kelurahan));
            v.kelurahan = self.kelurahan_counts(&v.rows);
            if let Some(c) = v.changes.as_mut() {
                self.narrow_changes(&access, c);
            }
        }
        Ok(v)
    }

    /// The rows of a list's changes within `access`.
    pub(crate) fn narrow_changes(&self, access: &Access, c: &mut ListChanges) {
        let reached = |r: &ListRow| self.reaches_kelurahan(access, &r.kelurahan);
        c.entered.retain(reached);
        c.left.retain(|(r, _)| reached(r));
        c.amount_changed.retain(|(r, _)| reached(r));
    }

    fn tahap_view_whole(&self, programme: Programme, period: Period) -> Result<TahapView> {
        let plan = self.plan_or_refuse(programme, period)?;
        let lists = self.frozen_lists(programme, period)?;
        let mut rows = self.period_rows(programme, period)?;
        rows.sort_by(|a, b| a.reference.cmp(&b.reference));
        let frozen = !lists.is_empty();
        let changes = if frozen { Some(self.list_changes_whole(programme, period)?) } else { None };
        let reconciliation = if frozen { Some(self.reconcile(programme, period)?) } else { None };
        let results = self.results(programme, period)?.len();
        let kelurahan = self.kelurahan_counts(&rows);
        Ok(TahapView { plan, lists, rows, kelurahan, changes, results, reconciliation })
    }

    /// Builds the list of the period (nothing saved) and its diff against
    /// the previous frozen period, as [`Service::list_changes`] words it;
    /// narrowed to `actor`'s areas as [`Service::tahap_view`] is.
    pub fn preview_list(&self, actor: &Actor, programme: Programme, period: Period) -> Result<ListPreview> {
        let access = self.require(actor, Right::Read)?;
        let mut p = self.preview_list_whole(programme, period)?;
        if access != Access::whole() {
            p.built.rows.retain(|r| self.reaches_kelurahan(&access, &r.kelurahan));
            self.narrow_changes(&access, &mut p.changes);
        }
        Ok(p)
    }

    fn preview_list_whole(&self, programme: Programme, period: Period) -> Result<ListPreview> {
        let built = self.build_list(programme, period)?;
        let previous = self.frozen_lists_of(programme)?.into_iter().map(|l| l.period).filter(|&p| p < period).max();
        let old = match previous {
            Some(p) => self.period_rows(programme, p)?,
            None => Vec::new(),
        };
        let new: HashMap<&str, &ListRow> = built.rows.iter().map(|r| (r.nik.as_str(), r)).collect();
        let mut standing = HashMap::new();
        for r in old.iter().filter(|r| !new.contains_key(r.nik.as_str())) {
            if let Some(s) = self.standing_now(programme, period, &r.nik, &built.waiting)? {
                standing.insert(r.nik.clone(), s);
            }
        }
        let d = list::diff(&old, &built.rows, &standing);
        let old_by: HashMap<&str, &ListRow> = old.iter().map(|r| (r.nik.as_str(), r)).collect();
        let changes = ListChanges {
            programme,
            period,
            previous,
            entered: d.entered.iter().filter_map(|n| new.get(n.as_str()).map(|r| (*r).clone())).collect(),
            left: d.left.into_iter().filter_map(|(n, s)| old_by.get(n.as_str()).map(|r| ((*r).clone(), s))).collect(),
            amount_changed: d
                .amount_changed
                .into_iter()
                .filter_map(|(n, old, _)| new.get(n.as_str()).map(|r| ((*r).clone(), old)))
                .collect(),
        };
        Ok(ListPreview { changes, built })
    }

    /// Recipients and amount per kelurahan of `rows`, named.
    pub fn kelurahan_counts(&self, rows: &[ListRow]) -> Vec<KelurahanCount> {
        let wilayah = self.wilayah();
        let mut per: BTreeMap<&str, (HashSet<&str>, i64)> = BTreeMap::new();
        for r in rows {
            let e = per.entry(r.kelurahan.as_str()).or_default();
            e.0.insert(r.nik.as_str());
            e.1 += r.amount;
        }
        let mut v: Vec<KelurahanCount> = per
            .into_iter()
            .map(|(code, (niks, amount))| KelurahanCount {
                code: code.to_string(),
                name: wilayah.name(code).unwrap_or(code).to_string(),
                recipients: niks.len() as u64,
                amount,
            })
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.code.cmp(&b.code)));
        v
    }

    /// The persons enrolled in the programme whose first failed rule on the
    /// plan's reference date is `rule`, evaluated on the register as it is
    /// now, in name order.
    pub fn excluded_people(
        &self,
        programme: Programme,
        period: Period,
        rule: RecipientRule,
    ) -> Result<Vec<ExcludedPerson>> {
        let plan = self.plan_or_refuse(programme, period)?;
        let mut out = Vec::new();
        for h in self.store().iter_households() {
            let h = h?;
            for p in h.members.iter().filter(|p| p.enrolment(programme).is_some()) {
                let Some(first) = self.verdict(&plan, &h, p)?.first_failure() else { continue };
                if first.rule() == rule {
                    out.push(ExcludedPerson {
                        nik: p.nik.clone(),
                        no_kk: h.no_kk.clone(),
                        name: p.name.clone(),
                        kelurahan: h.address.kelurahan.clone(),
                        reason: first,
                    });
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.nik.cmp(&b.nik)));
        Ok(out)
    }
}

/// The positions of the rows in `kelurahan` (any when `None`) whose name
/// holds every word of `query` (accents and case folded) or whose NIK or
/// No. KK starts with it.
pub fn find_rows(rows: &[ListRow], kelurahan: Option<&str>, query: &str) -> Vec<usize> {
    let q = query.trim();
    let digits = !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit());
    let words: Vec<String> = fold_query(q).split_whitespace().map(str::to_string).collect();
    rows.iter()
        .enumerate()
        .filter(|(_, r)| kelurahan.is_none_or(|k| r.kelurahan == k))
        .filter(|(_, r)| {
            if digits {
                r.nik.starts_with(q) || r.no_kk.starts_with(q)
            } else {
                let name = fold(&r.name);
                words.iter().all(|w| name.contains(w.as_str()))
            }
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(nik: &str, name: &str, kel: &str) -> ListRow {
        ListRow {
            nik: nik.into(),
            no_kk: format!("{}9", &nik[..15]),
            name: name.into(),
            kelurahan: kel.into(),
            bank: "Bank DKI".into(),
            account: "1".into(),
            months: Vec::new(),
            arrears_of: Vec::new(),
            amount: 900_000,
            reference: nik.into(),
        }
    }

    #[test]
    fn search_by_name_words_nik_prefix_and_kelurahan() {
        let rows = [
            row("3175030101500001", "Siti Aminah", "31.75.03.1001"),
            row("3175030101500002", "Ahmad Sukarno", "31.75.03.1001"),
            row("3175030201500003", "Dewi Rahayu", "31.75.03.1002"),
        ];
        assert_eq!(find_rows(&rows, None, ""), [0, 1, 2]);
        assert_eq!(find_rows(&rows, None, "SITI"), [0]);
        assert_eq!(find_rows(&rows, None, "aminah siti"), [0]);
        assert_eq!(find_rows(&rows, None, "317503010150000"), [0, 1]);
        assert_eq!(find_rows(&rows, Some("31.75.03.1002"), ""), [2]);
        assert_eq!(find_rows(&rows, Some("31.75.03.1002"), "siti"), Vec::<usize>::new());
    }
}
