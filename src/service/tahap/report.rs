//! Counts of frozen lists per programme and kelurahan, as the Dinas
//! announces them, and the diff of a list against the programme's previous
//! frozen period.

use crate::domain::access::Right;
use crate::service::Actor;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::domain::codes::Programme;
use crate::domain::tahap::Period;
use crate::domain::tahap::list::{self, ListRow};
use crate::domain::tahap::quota::Standing;
use crate::service::error::TahapRefusal;
use crate::service::{Result, Service};

/// Recipients and amounts of the frozen lists of a period or a year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Distinct recipients over every programme.
    pub recipients: u64,
    pub amount: i64,
    /// Per programme with a frozen list: distinct recipients and amount.
    pub programmes: Vec<(Programme, u64, i64)>,
    /// Per kelurahan code and programme: distinct recipients.
    pub kelurahan: Vec<(String, Programme, u64)>,
}

/// What changed since the programme's previous frozen period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListChanges {
    pub programme: Programme,
    pub period: Period,
    pub previous: Option<Period>,
    pub entered: Vec<ListRow>,
    /// Who left, with their standing on this list's reference date.
    pub left: Vec<(ListRow, Option<Standing>)>,
    /// Row on this list, the previous amount.
    pub amount_changed: Vec<(ListRow, i64)>,
}

impl Service {
    /// Counts of the frozen lists of one period.
    pub fn period_counts(&self, period: Period) -> Result<Counts> {
        self.counts(|p| p == period)
    }

    /// Counts of every frozen list of a year (a recipient paid in several
    /// periods counts once per programme).
    pub fn year_counts(&self, year: i32) -> Result<Counts> {
        self.counts(|p| p.year() == year)
    }

    fn counts(&self, wanted: impl Fn(Period) -> bool) -> Result<Counts> {
        let mut out = Counts::default();
        let mut everyone: HashSet<String> = HashSet::new();
        let mut per_kel: BTreeMap<(String, Programme), u64> = BTreeMap::new();
        for &programme in Programme::ALL {
            let mut seen: HashSet<String> = HashSet::new();
            let mut amount = 0;
            for l in self.frozen_lists_of(programme)?.into_iter().filter(|l| wanted(l.period)) {
                for r in self.list_rows(&l)? {
                    amount += r.amount;
                    if seen.insert(r.nik.clone()) {
                        *per_kel.entry((r.kelurahan.clone(), programme)).or_default() += 1;
                        everyone.insert(r.nik);
                    }
                }
            }
            if !seen.is_empty() {
                out.programmes.push((programme, seen.len() as u64, amount));
                out.amount += amount;
            }
        }
        out.recipients = everyone.len() as u64;
        out.kelurahan = per_kel.into_iter().map(|((k, p), n)| (k, p, n)).collect();
        Ok(out)
    }

    /// The diff of the period's frozen lists against those of the previous
    /// frozen period of the programme (none: everyone entered), the rows
    /// within `actor`'s areas.
    pub fn list_changes(&self, actor: &Actor, programme: Programme, period: Period) -> Result<ListChanges> {
        let access = self.require(actor, Right::Read)?;
        let mut c = self.list_changes_whole(programme, period)?;
        if access != crate::domain::access::Access::whole() {
            self.narrow_changes(&access, &mut c);
        }
        Ok(c)
    }

    pub(crate) fn list_changes_whole(&self, programme: Programme, period: Period) -> Result<ListChanges> {
        let lists = self.frozen_lists(programme, period)?;
        if lists.is_empty() {
            return Err(TahapRefusal::NotFrozen { programme, period }.into());
        }
        let new = self.period_rows(programme, period)?;
        let previous = self.frozen_lists_of(programme)?.into_iter().map(|l| l.period).filter(|&p| p < period).max();
        let old = match previous {
            Some(p) => self.period_rows(programme, p)?,
            None => Vec::new(),
        };
        let new_niks: HashSet<&str> = new.iter().map(|r| r.nik.as_str()).collect();
        let mut standing = HashMap::new();
        for r in old.iter().filter(|r| !new_niks.contains(r.nik.as_str())) {
            if let Some(s) = self.standing_now(programme, period, &r.nik, &lists[0].waiting)? {
                standing.insert(r.nik.clone(), s);
            }
        }
        let d = list::diff(&old, &new, &standing);
        let by_nik = |rows: &[ListRow]| -> HashMap<String, ListRow> {
            rows.iter().map(|r| (r.nik.clone(), r.clone())).collect()
        };
        let (old_rows, new_rows) = (by_nik(&old), by_nik(&new));
        Ok(ListChanges {
            programme,
            period,
            previous,
            entered: d.entered.iter().filter_map(|n| new_rows.get(n).cloned()).collect(),
            left: d.left.into_iter().filter_map(|(n, s)| old_rows.get(&n).cloned().map(|r| (r, s))).collect(),
            amount_changed: d
                .amount_changed
                .into_iter()
                .filter_map(|(n, old, _)| new_rows.get(&n).cloned().map(|r| (r, old)))
                .collect(),
        })
    }
}

/// The diff's columns, in order.
pub const DIFF_COLUMNS: [&str; 8] =
    ["nik", "no_kk", "name", "kelurahan", "change", "reason", "old_amount", "new_amount"];

/// A diff file written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffFile {
    pub path: std::path::PathBuf,
    /// Lines below the header.
    pub rows: usize,
}

impl Service {
    /// Writes the diff of the period's frozen lists (see
    /// [`Service::list_changes`]) as CSV or .xlsx, the change and the reason
    /// in words of `lang`; whole or not at all, never over an existing file.
    /// The file holds whole NIKs: the operator's right, audited as an export.
    pub fn write_list_changes(
        &self,
        actor: &Actor,
        programme: Programme,
        period: Period,
        out: &std::path::Path,
        xlsx: bool,
        lang: crate::i18n::Lang,
    ) -> Result<DiffFile> {
        use crate::i18n::tahap::standing;
        use crate::i18n::tahap_service::{Msg, text};
        self.require(actor, Right::ExportUnmasked)?;
        if out.exists() {
            return Err(crate::service::error::Refusal::WouldOverwrite { path: out.to_path_buf() }.into());
        }
        let c = self.list_changes_whole(programme, period)?;
        let wilayah = self.wilayah();
        let line = |r: &ListRow, change: Msg, reason: String, old: String, new: String| -> Vec<String> {
            vec![
                r.nik.clone(),
                r.no_kk.clone(),
                r.name.clone(),
                wilayah.name(&r.kelurahan).unwrap_or(&r.kelurahan).to_string(),
                text(lang, change).to_string(),
                reason,
                old,
                new,
            ]
        };
        let mut table = vec![DIFF_COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
        for r in &c.entered {
            table.push(line(r, Msg::DiffEntered, String::new(), String::new(), r.amount.to_string()));
        }
        for (r, why) in &c.left {
            let why = why.as_ref().map(|w| standing(lang, w)).unwrap_or_else(|| text(lang, Msg::NotInRegister).into());
            table.push(line(r, Msg::DiffLeft, why, r.amount.to_string(), String::new()));
        }
        for (r, old) in &c.amount_changed {
            table.push(line(r, Msg::DiffAmount, String::new(), old.to_string(), r.amount.to_string()));
        }
        super::bank::write_table_file(out, &table, xlsx)?;
        let shown: Vec<String> = table.iter().skip(1).filter_map(|row| row.first().cloned()).collect();
        let count = shown.len() as u64;
        self.audit_view(actor, crate::service::audit::View::Export { what: "tahap-diff", dest: out, count, shown })?;
        Ok(DiffFile { path: out.to_path_buf(), rows: table.len() - 1 })
    }
}
