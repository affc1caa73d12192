//! Monev import: the Dukcapil match result (`nik,status,tanggal_meninggal,
//! alamat_baru`) and the Bappeda asset result (`nik,no_kk,jenis_aset,nilai`)
//! as CSV (`,` or `;`). Each finding becomes a draft proposal in its own
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

fn layout(header: &[String]) -> Option<Layout> {
    let has = |c: &str| header.iter().any(|h| h == c);
    if has("status") && has("nik") {
        Some(Layout::Dukcapil)
    } else if has("jenis_aset") && has("nilai") {
        Some(Layout::Bappeda)
    } else {
        None
    }
}

/// One line's fields by column name.
struct Line<'a> {
    header: &'a [String],
    fields: Vec<String>,
}

impl Line<'_> {
    fn get(&self, col: &str) -> &str {
        self.header.iter().position(|h| h == col).and_then(|i| self.fields.get(i)).map_or("", |s| s.trim())
    }
}

fn parse_finding(layout: Layout, line: &Line) -> std::result::Result<FindingKind, LineProblem> {
    match layout {
        Layout::Dukcapil => {
            let nik = line.get("nik").to_string();
            let status = match line.get("status").to_lowercase().as_str() {
                "meninggal" | "deceased" => {
                    let text = line.get("tanggal_meninggal");
                    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                        .map_err(|_| LineProblem::BadDate { text: text.to_string() })?;
                    DukcapilStatus::Deceased { date }
                }
                "pindah" | "moved" => DukcapilStatus::Moved { new_address: line.get("alamat_baru").to_string() },
                "tidak_padan" | "not_matching" => DukcapilStatus::NotMatching,
                other => return Err(LineProblem::BadStatus { text: other.to_string() }),
            };
            Ok(FindingKind::Dukcapil { nik, status })
        }
        Layout::Bappeda => {
            let holder = match (line.get("nik"), line.get("no_kk")) {
                ("", "") => return Err(LineProblem::NoHolder),
                ("", kk) => AssetHolder::NoKk(kk.to_string()),
                (nik, _) => AssetHolder::Nik(nik.to_string()),
            };
            let text = line.get("jenis_aset");
            let asset = Asset::parse(text).ok_or_else(|| LineProblem::BadAsset { text: text.to_string() })?;
            let text = line.get("nilai");
            let value = text.parse::<i64>().ok().filter(|v| *v >= 0);
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
    /// Imports a monev result file. A header of neither layout refuses the
    /// whole file; a line that cannot be drafted is rejected alone.
    pub fn import_monev(&self, path: &Path, actor: &Actor) -> Result<MonevReport> {
        let bytes = std::fs::read(path).map_err(|e| ServiceError::io(path, e))?;
        if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
            return Err(crate::formats::FormatError::Utf16 { path: path.to_path_buf() }.into());
        }
        let body = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(&bytes);
        let first = body.split(|b| *b == b'\n').next().unwrap_or_default();
        let delimiter = if first.contains(&b';') && !first.contains(&b',') { b';' } else { b',' };
        let mut reader =
            csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(body);
        let mut records = reader.byte_records();
        let no_header = || ServiceError::from(Refusal::MonevHeader { path: path.to_path_buf() });
        let header: Vec<String> = match records.next() {
            Some(Ok(r)) => r.iter().map(|f| String::from_utf8_lossy(f).trim().to_lowercase()).collect(),
            _ => return Err(no_header()),
        };
        let layout = layout(&header).ok_or_else(no_header)?;
        let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let mut report = MonevReport::default();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, record) in records.enumerate() {
            let n = i + 2;
            let Ok(record) = record else {
                report.rejects.push((n, LineProblem::WrongEncoding));
                continue;
            };
            let line = record.position().map_or(n, |p| p.line() as usize);
            let fields: Option<Vec<String>> =
                record.iter().map(|f| std::str::from_utf8(f).ok().map(str::to_string)).collect();
            let Some(fields) = fields else {
                report.rejects.push((line, LineProblem::WrongEncoding));
                continue;
            };
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            match parse_finding(layout, &Line { header: &header, fields }) {
                Err(p) => report.rejects.push((line, p)),
                Ok(kind) => {
                    if let Some(&first) = seen.get(&finding_key(&kind)) {
                        report.rejects.push((line, LineProblem::DuplicateLine { first }));
                        continue;
                    }
                    seen.insert(finding_key(&kind), line);
                    self.draft_finding(Finding { file: file.clone(), line, kind }, actor, &mut report)?;
                }
            }
        }
        Ok(report)
    }

    /// Drafts one finding, saving the proposal and the finding together.
    fn draft_finding(&self, finding: Finding, actor: &Actor, report: &mut MonevReport) -> Result<()> {
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
        match draft_from_finding(&finding, &h, &open, id, &actor.user, self.today()) {
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
