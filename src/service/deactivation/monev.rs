//! Monev import: the Dukcapil match result (`nik,status,tanggal_meninggal,
//! alamat_baru`) and the Bappeda asset result (`nik,no_kk,jenis_aset,nilai`)
//! as CSV (`,` or `;`) or a workbook's first sheet. Each finding becomes a draft proposal in its own
//! write, with the file line as evidence; a line that cannot is rejected
//! with its number and why, and one about a person with an open proposal
//! is counted, not drafted again.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use serde::{Deserialize, Serialize};

use crate::domain::codes::Asset;
use crate::domain::deactivation::Proposal;
use crate::domain::deactivation::monev::{
    AssetHolder, DukcapilStatus, Finding, FindingKind, FindingOutcome, LineProblem, draft_from_finding,
};
use crate::formats::value::parse_date_text;
use crate::service::tahap::table::{Table, cell};
use crate::service::{Actor, Refusal, Result, Service, ServiceError};
use crate::store::kinds;

/// What a monev import did, line by line.
#[derive(Debug, Default)]
pub struct MonevReport {
    /// Ids of the drafts made.
    pub drafted: Vec<u64>,
    /// (line, id of the open proposal it would double).
    pub already_open: Vec<(usize, u64)>,
    pub rejects: Vec<(usize, LineProblem)>,
}

/// A finding as stored, with the draft it became.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct MonevRecord {
    pub(super) finding: Finding,
    pub(super) proposal: u64,
}

#[derive(Clone, Copy)]
enum Layout {
    Dukcapil,
    Bappeda,
}

const DUKCAPIL_COLUMNS: &str = "nik, status, tanggal_meninggal, alamat_baru";
const BAPPEDA_COLUMNS: &str = "nik, no_kk, jenis_aset, nilai";

/// The columns of each layout, by position; optional ones may be absent.
struct Columns {
    layout: Layout,
    nik: Option<usize>,
    no_kk: Option<usize>,
    status: usize,
    death_date: usize,
    new_address: Option<usize>,
    asset: usize,
    value: usize,
}

/// Recognises the layout by its telling column (`status`, or `jenis_aset`
/// / `nilai`) and then asks for the columns it needs, naming a missing one.
fn columns(table: &Table, path: &Path) -> Result<Columns> {
    let has = |c: &str| table.optional(c).is_some();
    if has("status") {
        Ok(Columns {
            layout: Layout::Dukcapil,
            nik: Some(table.column(path, "nik", DUKCAPIL_COLUMNS)?),
            no_kk: None,
            status: table.column(path, "status", DUKCAPIL_COLUMNS)?,
            death_date: table.column(path, "tanggal_meninggal", DUKCAPIL_COLUMNS)?,
            new_address: table.optional("alamat_baru"),
            asset: 0,
            value: 0,
        })
    } else if has("jenis_aset") || has("nilai") {
        let (nik, no_kk) = (table.optional("nik"), table.optional("no_kk"));
        if nik.is_none() && no_kk.is_none() {
            table.column(path, "nik", BAPPEDA_COLUMNS)?;
        }
        Ok(Columns {
            layout: Layout::Bappeda,
            nik,
            no_kk,
            status: 0,
            death_date: 0,
            new_address: None,
            asset: table.column(path, "jenis_aset", BAPPEDA_COLUMNS)?,
            value: table.column(path, "nilai", BAPPEDA_COLUMNS)?,
        })
    } else {
        Err(Refusal::MonevHeader { path: path.to_path_buf() }.into())
    }
}

fn parse_finding(c: &Columns, cells: &[String]) -> std::result::Result<FindingKind, LineProblem> {
    let get = |i: Option<usize>| i.map_or("", |i| cell(cells, i));
    match c.layout {
        Layout::Dukcapil => {
            let nik = get(c.nik).to_string();
            let status = match get(Some(c.status)).to_lowercase().as_str() {
                "meninggal" | "deceased" => {
                    let text = get(Some(c.death_date));
                    let date = parse_date_text(text).map_err(|_| LineProblem::BadDate { text: text.to_string() })?;
                    DukcapilStatus::Deceased { date }
                }
                "pindah" | "moved" => DukcapilStatus::Moved { new_address: get(c.new_address).to_string() },
                "tidak_padan" | "not_matching" => DukcapilStatus::NotMatching,
                other => return Err(LineProblem::BadStatus { text: other.to_string() }),
            };
            Ok(FindingKind::Dukcapil { nik, status })
        }
        Layout::Bappeda => {
            let holder = match (get(c.nik), get(c.no_kk)) {
                ("", "") => return Err(LineProblem::NoHolder),
                ("", kk) => AssetHolder::NoKk(kk.to_string()),
                (nik, _) => AssetHolder::Nik(nik.to_string()),
            };
            let text = get(Some(c.asset));
            let asset = Asset::parse(text).ok_or_else(|| LineProblem::BadAsset { text: text.to_string() })?;
            let text = get(Some(c.value));
            let value = text.replace('.', "").parse::<i64>().ok().filter(|v| *v >= 0);
            let value = value.ok_or_else(|| LineProblem::BadValue { text: text.to_string() })?;
            Ok(FindingKind::Bappeda { holder, asset, value })
        }
    }
}

/// What two lines must share to be the same finding.
fn finding_key(kind: &FindingKind) -> String {
    match kind {
        FindingKind::Dukcapil { nik, .. } => format!("dukcapil:{nik}"),
        FindingKind::Bappeda { holder: AssetHolder::Nik(n), asset, .. } => format!("bappeda:{n}:{asset}"),
        FindingKind::Bappeda { holder: AssetHolder::NoKk(k), asset, .. } => format!("bappeda:kk{k}:{asset}"),
    }
}

impl Service {
    /// Imports a monev result file. A header of neither layout, a missing
    /// column or UTF-16 text refuses the whole file; a line that cannot be
    /// drafted is rejected alone.
    pub fn import_monev(&self, path: &Path, actor: &Actor) -> Result<MonevReport> {
        self.require(actor, crate::domain::access::Right::Import)?;
        self.import_monev_on(path, actor, self.today())
    }

    /// [`Service::import_monev`] with `today` as the day of the drafts and
    /// of the death-date check (a replayed history).
    pub(crate) fn import_monev_on(&self, path: &Path, actor: &Actor, today: NaiveDate) -> Result<MonevReport> {
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        if !matches!(ext.as_str(), "xlsx" | "xls" | "ods") {
            let mut head = [0u8; 2];
            let n = std::fs::File::open(path)
                .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
                .map_err(|e| ServiceError::io(path, e))?;
            if n == 2 && (head == [0xff, 0xfe] || head == [0xfe, 0xff]) {
                return Err(crate::formats::FormatError::Utf16 { path: path.to_path_buf() }.into());
            }
        }
        let table = Table::read(path)?;
        let columns = columns(&table, path)?;
        let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let mut report = MonevReport::default();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (line, cells) in &table.lines {
            let line = *line;
            let Some(cells) = cells else {
                report.rejects.push((line, LineProblem::WrongEncoding));
                continue;
            };
            match parse_finding(&columns, cells) {
                Err(p) => report.rejects.push((line, p)),
                Ok(kind) => {
                    if let Some(&first) = seen.get(&finding_key(&kind)) {
                        report.rejects.push((line, LineProblem::DuplicateLine { first }));
                        continue;
                    }
                    seen.insert(finding_key(&kind), line);
                    self.draft_finding(Finding { file: file.clone(), line, kind }, actor, today, &mut report)?;
                }
            }
        }
        Ok(report)
    }

    /// Drafts one finding, saving the proposal and the finding together.
    fn draft_finding(&self, finding: Finding, actor: &Actor, today: NaiveDate, report: &mut MonevReport) -> Result<()> {
        let line = finding.line;
        let kk = match &finding.kind {
            FindingKind::Dukcapil { nik, .. } | FindingKind::Bappeda { holder: AssetHolder::Nik(nik), .. } => {
                let kk = self.store().kks_by_nik(nik)?.into_iter().next();
                let Some(kk) = kk else {
                    report.rejects.push((line, LineProblem::UnknownNik { nik: nik.clone() }));
                    return Ok(());
                };
                kk
            }
            FindingKind::Bappeda { holder: AssetHolder::NoKk(kk), .. } => kk.clone(),
        };
        let Some(h) = self.store().household(&kk)? else {
            report.rejects.push((line, LineProblem::UnknownKk { no_kk: kk }));
            return Ok(());
        };
        let open: Vec<Proposal> = self.proposals_of(&h.no_kk)?;
        let id = self.store().new_id()?;
        match draft_from_finding(&finding, &h, &open, id, &actor.user, today) {
            Err(r) => report.rejects.push((line, LineProblem::Refused(r))),
            Ok(FindingOutcome::AlreadyOpen { id }) => report.already_open.push((line, id)),
            Ok(FindingOutcome::Drafted(p)) => {
                let mut r = Self::proposal_puts(&p)?;
                r.put(kinds::MONEV, &format!("{}:{line:08}", finding.file), &MonevRecord { finding, proposal: p.id })?;
                let audit = self.audit(actor, format!("nonaktif.monev {} {}", p.id, p.subject.no_kk()));
                self.store().write_records(r, &audit)?;
                report.drafted.push(p.id);
            }
        }
        Ok(())
    }
}
