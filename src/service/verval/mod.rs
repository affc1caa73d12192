//! The home-visit verification cycle: drafts saved on every field change,
//! submit → finalise (or return) → pengesahan, which alone changes the
//! register (`domain::stage`).
//!
//! Records: the form `V` (the draft; after submission the submitted form),
//! its stages `Y` ([`VisitRecord`]), and `v` no_kk+id to find a household's
//! visits. A draft save writes the form record only, with a compact audit
//! event, flushed before it returns. Pengesahan writes, per batch of
//! [`RATIFY_BATCH`] visits, the new households, the verification records and
//! one audit event in one atomic write; every visit of the call is checked
//! before the first batch is written, so a refused call changes nothing.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::muskel::PrelistLine;
use super::usulan::{UsulanFilter, UsulanLine};
use super::versions::Seen;
use super::{Actor, Refusal, Result, Service, ServiceError};
use crate::domain::stage::{AppliedChange, Cause, Letter, Period, Stage, StageError, Verification, apply_findings};
use crate::domain::validate::validate_household_in;
use crate::domain::visit::{FieldId, MemberPresence, VisitForm, format_date};
use crate::domain::{Programme, Source};
use crate::store::{AuditDraft, RecordPuts, Version, kinds, record_id};

mod queue;
mod stages;
mod upload;

pub use upload::{UploadFile, UploadReport};

/// Visits per atomic pengesahan write.
pub const RATIFY_BATCH: usize = 1000;

/// The stored stages of one visit, with what pengesahan applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRecord {
    pub verification: Verification,
    /// The officer who opened the visit.
    pub officer: String,
    /// Filled at pengesahan; persons who left are kept whole here.
    pub applied: Vec<AppliedChange>,
}

/// An open visit form, as the form screen starts from.
#[derive(Debug, Clone)]
pub struct VisitSession {
    pub form: VisitForm,
    pub record: VisitRecord,
    /// Set when an earlier draft was resumed: "Draf tersimpan 13 Des 2024
    /// 10:42 — lanjutkan / buang". The cursor is `form.cursor`.
    pub draft_saved_at: Option<NaiveDateTime>,
    /// The supervisor's reason when the visit came back.
    pub returned_reason: Option<String>,
    /// The version of the form record opened; edits made on it name it.
    pub version: Version,
}

/// When a draft save reached the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SavedAt(pub NaiveDateTime);

/// One change to a draft, as [`Service::change_draft`] takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftChange {
    Field(FieldId, String),
    AddMember(MemberPresence),
    RemoveMember(usize),
    /// A NIK warning (`FormMessage::key`) acknowledged.
    Acknowledge(String),
}

/// A draft change saved: when, the form's new version, and the index of a
/// member added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraftSaved {
    pub at: NaiveDateTime,
    pub version: Version,
    pub added: Option<usize>,
}

/// One visit in a queue or list.
#[derive(Debug, Clone, Serialize)]
pub struct VisitLine {
    pub visit_id: u64,
    pub no_kk: String,
    pub head: String,
    pub kelurahan: String,
    pub period: String,
    pub stage: Stage,
    pub officer: String,
    pub saved_at: NaiveDateTime,
    pub returned_reason: Option<String>,
}

/// The work lists of the verification cycle, for one actor.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Queues {
    /// Agreed prelist akhir items whose household has no visit yet.
    pub to_visit: Vec<PrelistLine>,
    /// The actor's drafts (stage konsep).
    pub drafts: Vec<VisitLine>,
    pub waiting_finalisation: Vec<VisitLine>,
    pub waiting_pengesahan: Vec<VisitLine>,
    /// Visits returned to the actor, with the reason.
    pub returned: Vec<VisitLine>,
    /// Self-proposals still open against the 30-day rule, fewest days left
    /// first.
    pub self_proposals: Vec<UsulanLine>,
}

/// A visit with everything stored about it.
#[derive(Debug, Clone, Serialize)]
pub struct VisitDetail {
    pub form: VisitForm,
    pub record: VisitRecord,
    /// The form record's version (for a screen that edits it).
    #[serde(skip)]
    pub version: Version,
}

/// What one pengesahan call did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RatifyReport {
    pub visits: usize,
    pub households_changed: usize,
    pub batches: usize,
    /// Audit sequence numbers, one per batch.
    pub audit_seqs: Vec<u64>,
    /// Changes named by a rule (the JKN-PBI cascade).
    pub cascades: Vec<AppliedChange>,
}

fn stage_err(visit_id: u64, no_kk: &str, e: &StageError) -> ServiceError {
    Refusal::Stage { visit: visit_id, no_kk: no_kk.to_string(), error: e.clone() }.into()
}

/// `nama`, `anggota2.nama`: a field as audit events name it.
fn field_name(f: FieldId) -> String {
    match f {
        FieldId::Household(h) => h.code().to_string(),
        FieldId::Member { index, field } => format!("anggota{}.{}", index + 1, field.code()),
    }
}

fn by_kk_id(no_kk: &str, visit_id: u64) -> String {
    format!("{no_kk}{}", record_id(visit_id))
}

fn line(form: &VisitForm, rec: &VisitRecord) -> VisitLine {
    let h = &form.registered;
    let head = h.head().or(h.members.first()).map(|p| p.name.clone()).unwrap_or_default();
    VisitLine {
        visit_id: form.id,
        no_kk: form.no_kk.clone(),
        head,
        kelurahan: form.kelurahan.clone(),
        period: form.period.clone(),
        stage: rec.verification.stage,
        officer: rec.officer.clone(),
        saved_at: form.saved_at,
        returned_reason: rec.verification.return_reason().map(str::to_string),
    }
}

/// `KLJ-2025-06` → (programme, year, month).
fn parse_period_id(id: &str) -> Option<(Programme, i32, u32)> {
    let mut parts = id.trim().rsplitn(3, '-');
    let month = parts.next()?.parse().ok()?;
    let year = parts.next()?.parse().ok()?;
    let programme = Programme::parse(parts.next()?)?;
    Some((programme, year, month))
}

impl Service {
    /// An audit draft for `actor` now.
    pub(crate) fn audit(&self, actor: &Actor, action: impl Into<String>) -> AuditDraft {
        AuditDraft { at: self.now(), user: actor.user.clone(), action: action.into(), origin: actor.origin.code() }
    }

    fn load_form(&self, visit_id: u64) -> Result<VisitForm> {
        self.load_form_seen(visit_id, &mut Seen::new())
    }

    fn load_record(&self, visit_id: u64) -> Result<VisitRecord> {
        self.load_record_seen(visit_id, &mut Seen::new())
    }

    fn load_form_seen(&self, visit_id: u64, seen: &mut Seen) -> Result<VisitForm> {
        self.read_seen(kinds::VISIT, &record_id(visit_id), seen)?
            .ok_or(ServiceError::Refused(Refusal::NoVisit { visit: visit_id }))
    }

    fn load_record_seen(&self, visit_id: u64, seen: &mut Seen) -> Result<VisitRecord> {
        self.read_seen(kinds::VERIFICATION, &record_id(visit_id), seen)?
            .ok_or_else(|| Refusal::NoVerificationRecord { visit: visit_id, no_kk: None }.into())
    }

    fn visit_ids_of(&self, no_kk: &str) -> Result<Vec<u64>> {
        Ok(self
            .store()
            .record_ids(kinds::VISIT_BY_KK, no_kk)?
            .iter()
            .filter_map(|id| id.get(no_kk.len()..).and_then(|t| t.parse().ok()))
            .collect())
    }

    fn all_records(&self) -> Result<Vec<VisitRecord>> {
        Ok(self.store().scan_records::<VisitRecord>(kinds::VERIFICATION)?.into_iter().map(|(_, r)| r).collect())
    }

    /// The officer's own visit, still editable; both records' versions
    /// noted in `seen`.
    fn editable_draft(&self, visit_id: u64, actor: &Actor, seen: &mut Seen) -> Result<(VisitForm, VisitRecord)> {
        let form = self.load_form_seen(visit_id, seen)?;
        let rec = self.load_record_seen(visit_id, seen)?;
        if rec.officer != actor.user {
            return Err(Refusal::NotYourVisit { visit: visit_id, no_kk: form.no_kk, officer: rec.officer }.into());
        }
        if !rec.verification.editable() {
            return Err(Refusal::NoLongerEditable {
                visit: visit_id,
                no_kk: form.no_kk,
                stage: rec.verification.stage,
            }
            .into());
        }
        Ok((form, rec))
    }

    /// Saves the form record alone (the draft fast path) if neither record
    /// changed since `seen`; the form's new version.
    fn save_form(&self, form: &VisitForm, seen: &Seen, actor: &Actor, what: &str) -> Result<Version> {
        let mut r = RecordPuts::new();
        r.put(kinds::VISIT, &record_id(form.id), form)?;
        let audit = self.audit(actor, format!("draft.{what} {} KK {}", form.id, form.no_kk));
        self.write_records_seen(r, seen, &audit)
    }

    fn save_record(
        &self,
        form: &VisitForm,
        rec: &VisitRecord,
        seen: &Seen,
        actor: &Actor,
        verb: &str,
    ) -> Result<VisitLine> {
        let mut r = RecordPuts::new();
        r.put(kinds::VERIFICATION, &record_id(form.id), rec)?;
        let audit = self.audit(actor, format!("visit.{verb} {} KK {}", form.id, form.no_kk));
        self.write_records_seen(r, seen, &audit)?;
        Ok(line(form, rec))
    }

    /// The period a programme is verified in this month (a stored closing
    /// date overrides the end of the month).
    pub fn current_period(&self, programme: Programme) -> Result<Period> {
        let t = self.today();
        self.period(&format!("{}-{:04}-{:02}", programme.code(), t.year(), t.month()))
    }

    /// The period with this id (`KLJ-2025-06`), stored or the monthly default.
    pub fn period(&self, id: &str) -> Result<Period> {
        let bad = || ServiceError::from(Refusal::NotAPeriod { text: id.to_string() });
        let (programme, year, month) = parse_period_id(id).ok_or_else(bad)?;
        let default = Period::monthly(programme, year, month).ok_or_else(bad)?;
        Ok(self.store().get_record(kinds::PERIOD, &default.id())?.unwrap_or(default))
    }

    /// Sets the last day a period takes submissions.
    pub fn close_period(&self, id: &str, closes: NaiveDate, actor: &Actor) -> Result<Period> {
        self.require(actor, crate::domain::access::Right::Ratify)?;
        let mut p = self.period(id)?;
        p.closes = closes;
        let mut r = RecordPuts::new();
        r.put(kinds::PERIOD, &p.id(), &p)?;
        self.store()
            .write_records(r, &self.audit(actor, format!("period.close {} {}", p.id(), format_date(closes))))?;
        Ok(p)
    }

    /// Resumes the actor's editable visit of this household (draft or
    /// returned), or starts one in `programme`'s current period from the
    /// register's copy of the household (saved at once). A household has at
    /// most one visit in progress: one held by another officer, or waiting
    /// for finalisation or pengesahan, is named and nothing is started.
    pub fn open_visit(&self, no_kk: &str, programme: Programme, actor: &Actor) -> Result<VisitSession> {
        self.require(actor, crate::domain::access::Right::Visit)?;
        let no_kk = no_kk.trim();
        // Two sessions opening the same household at once: the second
        // write finds the household's visits changed and is refused.
        let mut seen = Seen::new();
        seen.ids(kinds::VISIT_BY_KK, no_kk, self.store().record_ids(kinds::VISIT_BY_KK, no_kk)?);
        for id in self.visit_ids_of(no_kk)? {
            let rec = self.load_record_seen(id, &mut seen)?;
            let v = &rec.verification;
            if v.stage == Stage::Ratified {
                continue;
            }
            if v.editable() && rec.officer == actor.user {
                let version = self.store().record_version(kinds::VISIT, &record_id(id))?;
                let form = self.load_form(id)?;
                return Ok(VisitSession {
                    draft_saved_at: Some(form.saved_at),
                    returned_reason: v.return_reason().map(str::to_string),
                    form,
                    record: rec,
                    version,
                });
            }
            return Err(Refusal::VisitInProgress {
                no_kk: no_kk.to_string(),
                visit: id,
                stage: v.stage,
                officer: rec.officer.clone(),
            }
            .into());
        }
        let h = self
            .store()
            .household(no_kk)?
            .ok_or_else(|| ServiceError::from(Refusal::NotInRegister { no_kk: no_kk.to_string() }))?;
        let period = self.current_period(programme)?;
        let today = self.today();
        if !period.is_open(today) {
            return Err(stage_err(0, no_kk, &StageError::PeriodClosed { period: period.id(), closes: period.closes }));
        }
        let id = self.store().new_id()?;
        let form = VisitForm::start(id, &h, &period.id(), &actor.user, self.now());
        let record = VisitRecord {
            verification: Verification::new(id, &form, &actor.user, today),
            officer: actor.user.clone(),
            applied: Vec::new(),
        };
        let mut r = RecordPuts::new();
        r.put(kinds::VISIT, &record_id(id), &form)?;
        r.put(kinds::VERIFICATION, &record_id(id), &record)?;
        r.put(kinds::VISIT_BY_KK, &by_kk_id(no_kk, id), &())?;
        let audit = self.audit(actor, format!("visit.open {id} KK {no_kk} {}", period.id()));
        let version = self.write_records_seen(r, &seen, &audit)?;
        Ok(VisitSession { form, record, draft_saved_at: None, returned_reason: None, version })
    }

    /// The visit form and its stages.
    pub fn visit(&self, visit_id: u64) -> Result<VisitDetail> {
        let version = self.store().record_version(kinds::VISIT, &record_id(visit_id))?;
        Ok(VisitDetail { form: self.load_form(visit_id)?, record: self.load_record(visit_id)?, version })
    }

    /// Makes one change to the actor's editable draft and saves it
    /// (flushed). `shown` is the form version the change was made on (a
    /// screen's): when another session saved the form since, the change is
    /// refused with who and when and nothing is written. `None` takes the
    /// version read now (a command that reads and writes in one call).
    pub fn change_draft(
        &self,
        visit_id: u64,
        shown: Option<Version>,
        change: &DraftChange,
        actor: &Actor,
    ) -> Result<DraftSaved> {
        self.require(actor, crate::domain::access::Right::Visit)?;
        let mut seen = Seen::new();
        let (mut form, _) = self.editable_draft(visit_id, actor, &mut seen)?;
        if let Some(v) = shown {
            self.still_at(kinds::VISIT, &record_id(visit_id), v)?;
        }
        let now = self.now();
        let mut added = None;
        let what = match change {
            DraftChange::Field(field, text) => {
                form.edit(*field, text, now).map_err(Refusal::Form)?;
                format!("edit {}", field_name(*field))
            }
            DraftChange::AddMember(presence) => {
                added = Some(form.add_member(*presence, now));
                format!("add_member {}", presence.code())
            }
            DraftChange::RemoveMember(index) => {
                form.remove_added_member(*index, now).map_err(Refusal::Form)?;
                format!("remove_member {}", index + 1)
            }
            DraftChange::Acknowledge(key) => {
                form.acknowledge(key, now);
                format!("acknowledge {key}")
            }
        };
        let version = self.save_form(&form, &seen, actor, &what)?;
        Ok(DraftSaved { at: form.saved_at, version, added })
    }

    /// Sets one field of the actor's editable draft and saves it (flushed)
    /// with the cursor on that field. A refused value changes nothing.
    pub fn save_draft_field(&self, visit_id: u64, field: FieldId, text: &str, actor: &Actor) -> Result<SavedAt> {
        self.require(actor, crate::domain::access::Right::Visit)?;
        let saved = self.change_draft(visit_id, None, &DraftChange::Field(field, text.to_string()), actor)?;
        Ok(SavedAt(saved.at))
    }

    /// Adds a member met in the visit (born or moved in); returns its index.
    pub fn draft_add_member(&self, visit_id: u64, presence: MemberPresence, actor: &Actor) -> Result<usize> {
        self.require(actor, crate::domain::access::Right::Visit)?;
        let saved = self.change_draft(visit_id, None, &DraftChange::AddMember(presence), actor)?;
        Ok(saved.added.unwrap_or_default())
    }

    /// Removes a member added in this visit.
    pub fn draft_remove_member(&self, visit_id: u64, index: usize, actor: &Actor) -> Result<SavedAt> {
        self.require(actor, crate::domain::access::Right::Visit)?;
        Ok(SavedAt(self.change_draft(visit_id, None, &DraftChange::RemoveMember(index), actor)?.at))
    }

    /// Acknowledges a NIK warning (`FormMessage::key`).
    pub fn draft_acknowledge(&self, visit_id: u64, key: &str, actor: &Actor) -> Result<SavedAt> {
        self.require(actor, crate::domain::access::Right::Visit)?;
        Ok(SavedAt(self.change_draft(visit_id, None, &DraftChange::Acknowledge(key.to_string()), actor)?.at))
    }

    /// Throws away a draft never submitted (a returned visit cannot be:
    /// the supervisor waits for it).
    pub fn discard_draft(&self, visit_id: u64, actor: &Actor) -> Result<()> {
        self.require(actor, crate::domain::access::Right::Visit)?;
        let mut seen = Seen::new();
        let (form, rec) = self.editable_draft(visit_id, actor, &mut seen)?;
        if rec.verification.stage != Stage::Draft {
            return Err(Refusal::ReturnedCannotBeDiscarded { visit: visit_id, no_kk: form.no_kk }.into());
        }
        let mut r = RecordPuts::new();
        r.delete(kinds::VISIT, &record_id(visit_id))?;
        r.delete(kinds::VERIFICATION, &record_id(visit_id))?;
        r.delete(kinds::VISIT_BY_KK, &by_kk_id(&form.no_kk, visit_id))?;
        self.write_records_seen(r, &seen, &self.audit(actor, format!("draft.discard {visit_id} KK {}", form.no_kk)))?;
        Ok(())
    }

    /// The actor's editable visits (drafts and returned), latest save first.
    pub fn my_drafts(&self, actor: &Actor) -> Result<Vec<VisitLine>> {
        let mut out = Vec::new();
        for rec in self.all_records()? {
            if rec.officer == actor.user && rec.verification.editable() {
                out.push(line(&self.load_form(rec.verification.visit_id)?, &rec));
            }
        }
        out.sort_by_key(|l| std::cmp::Reverse(l.saved_at));
        Ok(out)
    }
}
