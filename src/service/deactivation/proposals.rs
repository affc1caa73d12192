//! Opening, editing and submitting proposals; the queue per state and one
//! proposal with its history.

use crate::service::versions::Seen;
use serde::Serialize;

use super::refused;
use crate::domain::Household;
use crate::domain::deactivation::{Direction, DraftInput, Evidence, Origin, Proposal, Scope, State, Subject};
use crate::service::{Actor, Refusal, Result, Service};
use crate::store::kinds;

/// Whom a new proposal is about, as the front end knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Nik(String),
    NoKk(String),
}

/// What a new proposal says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewProposal {
    pub target: Target,
    pub direction: Direction,
    pub evidence: Vec<Evidence>,
    pub scope: Scope,
    pub origin: Origin,
}

/// One line of the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProposalLine {
    pub id: u64,
    pub state: &'static str,
    pub no_kk: String,
    pub nik: Option<String>,
    pub proposed_by: String,
    pub created: chrono::NaiveDate,
    pub muskel: Option<u64>,
}

/// The queue: every state with its count (zero included, in the order of
/// [`State::ALL`]) and the lines asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Queue {
    pub counts: Vec<(State, usize)>,
    pub lines: Vec<ProposalLine>,
}

fn line(p: &Proposal) -> ProposalLine {
    ProposalLine {
        id: p.id,
        state: p.state.code(),
        no_kk: p.subject.no_kk().to_string(),
        nik: match &p.subject {
            Subject::Person { nik, .. } => Some(nik.clone()),
            Subject::Household { .. } => None,
        },
        proposed_by: p.proposed_by.clone(),
        created: p.created,
        muskel: p.muskel,
    }
}

/// Whether two subjects of one household touch the same person.
fn overlaps(a: &Subject, b: &Subject) -> bool {
    match (a, b) {
        (Subject::Person { nik: x, .. }, Subject::Person { nik: y, .. }) => x == y,
        _ => a.no_kk() == b.no_kk(),
    }
}

impl Service {
    /// The subject and its household for `target`: a NIK must be in the
    /// register, a No. KK too.
    pub(super) fn resolve_target(&self, target: &Target) -> Result<(Subject, Household)> {
        match target {
            Target::Nik(nik) => {
                let nik = nik.trim();
                let kk = self.store().kks_by_nik(nik)?.into_iter().next();
                let h = match kk {
                    Some(kk) => self.store().household(&kk)?,
                    None => None,
                };
                let h = h.ok_or_else(|| Refusal::NikNotInRegister { nik: nik.to_string() })?;
                Ok((Subject::Person { nik: nik.to_string(), no_kk: h.no_kk.clone() }, h))
            }
            Target::NoKk(no_kk) => {
                let no_kk = no_kk.trim();
                let h = self
                    .store()
                    .household(no_kk)?
                    .ok_or_else(|| Refusal::NotInRegister { no_kk: no_kk.to_string() })?;
                Ok((Subject::Household { no_kk: h.no_kk.clone() }, h))
            }
        }
    }

    /// The proposals of household `no_kk`, by id.
    pub fn proposals_of(&self, no_kk: &str) -> Result<Vec<Proposal>> {
        let mut out = Vec::new();
        for key in self.store().record_ids(kinds::DEACTIVATION_BY_KK, no_kk)? {
            let Some(id) = key.get(no_kk.len()..).and_then(|s| s.parse::<u64>().ok()) else { continue };
            if let Some(p) = self.proposal(id)? {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// An open proposal about the same person (or household) as `subject`.
    pub(super) fn open_proposal_for(&self, subject: &Subject) -> Result<Option<u64>> {
        Ok(self
            .proposals_of(subject.no_kk())?
            .iter()
            .find(|p| p.is_open() && overlaps(&p.subject, subject))
            .map(|p| p.id))
    }

    /// Opens a draft. Refused for a NIK or No. KK not in the register, a
    /// person already inactive (or, to reactivate, still active), and while
    /// another proposal about the same person is open.
    pub fn propose(&self, new: NewProposal, actor: &Actor) -> Result<Proposal> {
        self.require(actor, crate::domain::access::Right::Propose)?;
        self.propose_on(new, actor, self.today())
    }

    /// [`Service::propose`] dated `today` (a replayed history).
    pub(crate) fn propose_on(&self, new: NewProposal, actor: &Actor, today: chrono::NaiveDate) -> Result<Proposal> {
        let (subject, h) = self.resolve_target(&new.target)?;
        let mut seen = Seen::new();
        seen.ids(
            kinds::DEACTIVATION_BY_KK,
            subject.no_kk(),
            self.store().record_ids(kinds::DEACTIVATION_BY_KK, subject.no_kk())?,
        );
        if let Some(id) = self.open_proposal_for(&subject)? {
            return Err(Refusal::ProposalOpen { id }.into());
        }
        let input = DraftInput {
            id: self.store().new_id()?,
            subject,
            direction: new.direction,
            evidence: new.evidence,
            origin: new.origin,
            scope: new.scope,
            by: actor.user.clone(),
            on: today,
        };
        let p = Proposal::draft(input, &h).map_err(refused(0))?;
        self.save_proposal(&p, &seen, actor, "draft")?;
        Ok(p)
    }

    /// Changes a draft's evidence and scope.
    pub fn edit_proposal(&self, id: u64, evidence: Vec<Evidence>, scope: Scope, actor: &Actor) -> Result<Proposal> {
        self.require(actor, crate::domain::access::Right::Propose)?;
        let mut seen = Seen::new();
        let mut p = self.require_proposal(id, &mut seen)?;
        p.edit(evidence, scope).map_err(refused(id))?;
        self.save_proposal(&p, &seen, actor, "edit")?;
        Ok(p)
    }

    /// Puts a draft to Muskel `muskel`, which must exist.
    pub fn submit_proposal(&self, id: u64, muskel: u64, actor: &Actor) -> Result<Proposal> {
        self.require(actor, crate::domain::access::Right::Propose)?;
        self.submit_proposal_on(id, muskel, actor, self.today())
    }

    pub(crate) fn submit_proposal_on(
        &self,
        id: u64,
        muskel: u64,
        actor: &Actor,
        today: chrono::NaiveDate,
    ) -> Result<Proposal> {
        self.require_muskel(muskel)?;
        let mut seen = Seen::new();
        let mut p = self.require_proposal(id, &mut seen)?;
        p.submit(muskel, &actor.user, today).map_err(refused(id))?;
        self.save_proposal(&p, &seen, actor, "submit")?;
        Ok(p)
    }

    /// Records that its Muskel agreed the proposal.
    pub fn agree_proposal(&self, id: u64, actor: &Actor) -> Result<Proposal> {
        self.require(actor, crate::domain::access::Right::Decide)?;
        self.agree_proposal_on(id, actor, self.today())
    }

    pub(crate) fn agree_proposal_on(&self, id: u64, actor: &Actor, today: chrono::NaiveDate) -> Result<Proposal> {
        let mut seen = Seen::new();
        let mut p = self.require_proposal(id, &mut seen)?;
        p.agree(&actor.user, today).map_err(refused(id))?;
        self.save_proposal(&p, &seen, actor, "agree")?;
        Ok(p)
    }

    /// The deactivation proposals put to Muskel `muskel`, by id.
    pub fn muskel_deactivations(&self, muskel: u64) -> Result<Vec<Proposal>> {
        Ok(self.all_proposals()?.into_iter().filter(|p| p.muskel == Some(muskel)).collect())
    }

    /// Every proposal, by id.
    pub fn all_proposals(&self) -> Result<Vec<Proposal>> {
        Ok(self.store().scan_records::<Proposal>(kinds::DEACTIVATION)?.into_iter().map(|(_, p)| p).collect())
    }

    /// The queue: counts of every state and the lines in `state` (all
    /// when `None`), by id.
    /// Only proposals of households within `actor`'s areas, counts too.
    pub fn proposal_queue(&self, actor: &Actor, state: Option<State>) -> Result<Queue> {
        let access = self.require(actor, crate::domain::access::Right::Read)?;
        let mut all = self.all_proposals()?;
        let mut keep = Vec::with_capacity(all.len());
        for p in &all {
            keep.push(self.reaches_kk(&access, p.subject.no_kk())?);
        }
        let mut k = keep.into_iter();
        all.retain(|_| k.next().unwrap_or(false));
        let counts = State::ALL.iter().map(|&s| (s, all.iter().filter(|p| p.state == s).count())).collect();
        let shown: Vec<&Proposal> = all.iter().filter(|p| state.is_none_or(|s| p.state == s)).collect();
        let subjects = shown.iter().flat_map(|p| p.subject.ids()).collect();
        self.audit_view(
            actor,
            crate::service::audit::View::List { what: crate::service::audit::Listed::Deactivations, shown: subjects },
        )?;
        let lines = shown.into_iter().map(line).collect();
        Ok(Queue { counts, lines })
    }
}
