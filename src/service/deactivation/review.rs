//! What the deactivation screens read and write beside the steps
//! themselves: queue rows with the person's name and kelurahan, the preview
//! of an approval (its effective periods and the frozen lists it waits out)
//! before it is confirmed, and the review of imported monev findings.

use crate::service::versions::Seen;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::monev::MonevRecord;
use super::refused;
use crate::domain::Household;
use crate::domain::Programme;
use crate::domain::deactivation::monev::{AssetHolder, Finding, FindingKind};
use crate::domain::deactivation::{Calendar, Outcome, Plan, Proposal, Refusal as Why, State, Step, Subject};
use crate::service::{Actor, Refusal, Result, Service};
use crate::store::{RecordPuts, kinds, record_id};

/// How far the preview looks for frozen lists (as the planner does).
const HORIZON: usize = 120;

/// One proposal as the queue shows it.
#[derive(Clone, Debug)]
pub struct Row {
    pub proposal: Proposal,
    /// The person's name, or the head's for a whole household.
    pub name: String,
    pub kelurahan: String,
}

/// What an approval (or a reinstatement) would do, worked out on a copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub plan: Plan,
    /// (programme, period) of the frozen lists between today and the
    /// effective period: the person stays on those.
    pub frozen: Vec<(Programme, String)>,
}

/// What a reviewer did with a monev finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewMark {
    /// Kept as a draft proposal.
    Accepted,
    /// Its draft withdrawn, for this reason.
    Dismissed { reason: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingReview {
    pub mark: ReviewMark,
    pub by: String,
    pub on: NaiveDate,
}

/// One imported finding with its draft and its review.
#[derive(Clone, Debug)]
pub struct FindingLine {
    pub finding: Finding,
    pub proposal_id: u64,
    /// None once the draft was withdrawn.
    pub proposal: Option<Proposal>,
    pub review: Option<FindingReview>,
    pub name: String,
}

fn subject_name(h: &Household, s: &Subject) -> String {
    let p = match s {
        Subject::Person { nik, .. } => h.member(nik),
        Subject::Household { .. } => h.head().or(h.members.first()),
    };
    p.map(|p| p.name.clone()).unwrap_or_default()
}

fn finding_key(file: &str, line: usize) -> String {
    format!("{file}:{line:08}")
}

impl Service {
    /// Every proposal, by id, as queue rows whose name and kelurahan are
    /// not read yet: a queue of many thousands names only the rows it
    /// shows ([`Service::name_rows`]).
    /// Only those of households within `actor`'s areas.
    pub fn nonaktif_rows(&self, actor: &Actor) -> Result<Vec<Row>> {
        let access = self.require(actor, crate::domain::access::Right::Read)?;
        let mut rows = Vec::new();
        for proposal in self.all_proposals()? {
            if self.reaches_kk(&access, proposal.subject.no_kk())? {
                rows.push(Row { proposal, name: String::new(), kelurahan: String::new() });
            }
        }
        let shown = rows.iter().flat_map(|r| r.proposal.subject.ids()).collect();
        use crate::service::audit::{Listed, View};
        self.audit_view(actor, View::List { what: Listed::Deactivations, shown })?;
        Ok(rows)
    }

    /// Fills in the name and kelurahan of `rows` that have none yet.
    pub fn name_rows<'a>(&self, rows: impl IntoIterator<Item = &'a mut Row>) -> Result<()> {
        let w = self.wilayah();
        for r in rows.into_iter().filter(|r| r.name.is_empty() && r.kelurahan.is_empty()) {
            let Some(h) = self.store().household(r.proposal.subject.no_kk())? else { continue };
            r.name = subject_name(&h, &r.proposal.subject);
            r.kelurahan = w.name(&h.address.kelurahan).unwrap_or(&h.address.kelurahan).to_string();
        }
        Ok(())
    }

    /// What deciding proposal `id` with `outcome` (with `appeal`, deciding
    /// its appeal) would do, checked by the same rules as the decision
    /// itself (four-eyes, the Muskel first) on a copy; nothing is written.
    /// A refusal here is the one the decision would meet, so a screen can
    /// say it before asking for a note or a confirmation.
    pub fn preview_decision<C: Calendar>(
        &self,
        id: u64,
        outcome: Outcome,
        appeal: bool,
        actor: &Actor,
        cal: &C,
    ) -> Result<Preview> {
        let mut seen = Seen::new();
        let mut p = self.require_proposal(id, &mut seen)?;
        let h = self.proposal_household(&p, &mut seen)?;
        let today = self.today();
        // A revision needs its note; the preview only checks who may decide.
        let note = if outcome == Outcome::Revise { "-" } else { "" };
        let plan = if appeal {
            p.decide_appeal(outcome, note, &actor.user, today, cal).map_err(refused(id))?;
            p.appeal_decision.and_then(|d| d.plan)
        } else {
            p.decide(outcome, note, &actor.user, today, &h, cal).map_err(refused(id))?;
            p.decision.and_then(|d| d.plan)
        };
        let plan = plan.unwrap_or(Plan { programmes: Vec::new(), status_from: None });
        let mut frozen = Vec::new();
        // A programme not paid in lists has no frozen list to wait out.
        for e in plan.programmes.iter().filter(|e| e.period.is_some()) {
            let mut period = cal.containing(e.programme, today);
            for _ in 0..HORIZON {
                let Some(at) = period else { break };
                if e.period.as_deref() == Some(at.to_string().as_str()) {
                    break;
                }
                if cal.is_frozen(e.programme, &at) {
                    frozen.push((e.programme, at.to_string()));
                }
                period = cal.next(e.programme, &at);
            }
        }
        Ok(Preview { plan, frozen })
    }

    /// The names of the imported monev files, in key order.
    pub fn monev_files(&self) -> Result<Vec<String>> {
        let mut files: Vec<String> = Vec::new();
        for (_, r) in self.store().scan_records::<MonevRecord>(kinds::MONEV)? {
            if !files.contains(&r.finding.file) {
                files.push(r.finding.file);
            }
        }
        Ok(files)
    }

    /// The findings imported from `file` (every file when `None`), by file
    /// and line, each with its draft and review.
    pub fn monev_findings(&self, file: Option<&str>) -> Result<Vec<FindingLine>> {
        let prefix = file.map(|f| format!("{f}:")).unwrap_or_default();
        let mut out = Vec::new();
        for (key, r) in self.store().scan_records_prefix::<MonevRecord>(kinds::MONEV, &prefix)? {
            let review = self.store().get_record::<FindingReview>(kinds::MONEV_REVIEW, &key)?;
            let proposal = self.proposal(r.proposal)?;
            let name = self.finding_name(&r.finding)?;
            out.push(FindingLine { finding: r.finding, proposal_id: r.proposal, proposal, review, name });
        }
        Ok(out)
    }

    /// The name of whom a finding is about, read from the register (the
    /// draft may have been withdrawn).
    fn finding_name(&self, f: &Finding) -> Result<String> {
        let (kk, subject) = match &f.kind {
            FindingKind::Dukcapil { nik, .. } | FindingKind::Bappeda { holder: AssetHolder::Nik(nik), .. } => {
                let Some(kk) = self.store().kks_by_nik(nik)?.into_iter().next() else { return Ok(String::new()) };
                (kk.clone(), Subject::Person { nik: nik.clone(), no_kk: kk })
            }
            FindingKind::Bappeda { holder: AssetHolder::NoKk(kk), .. } => {
                (kk.clone(), Subject::Household { no_kk: kk.clone() })
            }
        };
        Ok(self.store().household(&kk)?.map(|h| subject_name(&h, &subject)).unwrap_or_default())
    }

    fn monev_record(&self, file: &str, line: usize) -> Result<MonevRecord> {
        self.store()
            .get_record::<MonevRecord>(kinds::MONEV, &finding_key(file, line))?
            .ok_or_else(|| Refusal::NoProposal { id: 0 }.into())
    }

    /// Keeps the finding's draft proposal; it goes on as any draft.
    pub fn accept_finding(&self, file: &str, line: usize, actor: &Actor) -> Result<Proposal> {
        self.require(actor, crate::domain::access::Right::Decide)?;
        let r = self.monev_record(file, line)?;
        let mut seen = Seen::new();
        let p = self.require_proposal(r.proposal, &mut seen)?;
        let review = FindingReview { mark: ReviewMark::Accepted, by: actor.user.clone(), on: self.today() };
        let mut puts = RecordPuts::new();
        puts.put(kinds::MONEV_REVIEW, &finding_key(file, line), &review)?;
        let audit = self.audit(actor, format!("nonaktif.monev-accept {} {}", p.id, p.subject.no_kk()));
        self.write_records_seen(puts, &seen, &audit)?;
        Ok(p)
    }

    /// Dismisses the finding with `reason`, withdrawing its draft in the
    /// same write. Only an untouched draft can go: once put to a Muskel (or
    /// decided) it follows its own way.
    pub fn dismiss_finding(&self, file: &str, line: usize, reason: &str, actor: &Actor) -> Result<()> {
        self.require(actor, crate::domain::access::Right::Decide)?;
        let r = self.monev_record(file, line)?;
        if reason.trim().is_empty() {
            return Err(refused(r.proposal)(Why::NoNote { step: Step::Edit }));
        }
        let mut puts = RecordPuts::new();
        let mut kk = String::new();
        let mut seen = Seen::new();
        if let Some(p) = self.read_seen::<Proposal>(kinds::DEACTIVATION, &record_id(r.proposal), &mut seen)? {
            if p.state != State::Draft || p.decision.is_some() {
                return Err(refused(p.id)(Why::Illegal { step: Step::Edit, from: p.state }));
            }
            puts.delete(kinds::DEACTIVATION, &record_id(p.id))?;
            puts.delete(kinds::DEACTIVATION_BY_KK, &format!("{}{}", p.subject.no_kk(), record_id(p.id)))?;
            kk = p.subject.no_kk().to_string();
        }
        let mark = ReviewMark::Dismissed { reason: reason.trim().to_string() };
        let review = FindingReview { mark, by: actor.user.clone(), on: self.today() };
        puts.put(kinds::MONEV_REVIEW, &finding_key(file, line), &review)?;
        let audit = self.audit(actor, format!("nonaktif.monev-dismiss {} {kk} {}", r.proposal, reason.trim()));
        self.write_records_seen(puts, &seen, &audit)?;
        Ok(())
    }
}
