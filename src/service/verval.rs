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

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::muskel::PrelistLine;
use super::usulan::UsulanLine;
use super::{Actor, Result, Service};
use crate::domain::Programme;
use crate::domain::stage::{AppliedChange, Letter, Period, Stage, Verification};
use crate::domain::visit::{FieldId, MemberPresence, VisitForm};

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
}

/// When a draft save reached the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SavedAt(pub NaiveDateTime);

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
}

/// What one pengesahan call did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RatifyReport {
    pub visits: usize,
    pub households_changed: usize,
    pub batches: usize,
    /// Audit sequence numbers, one per batch.
    pub audit_seqs: Vec<u64>,
    /// Changes named by a rule (the JKN-PBI cascade), as text.
    pub cascades: Vec<String>,
}

/// One row of the per-person export a kelurahan operator uploads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportRow {
    pub nik: String,
    pub no_kk: String,
    pub nama: String,
    pub kelurahan: String,
    pub finding: String,
    pub reasons: String,
    pub programmes: String,
    pub stage: String,
    pub letter_number: String,
    pub letter_date: String,
}

impl Service {
    /// The period a programme is verified in this month (a stored closing
    /// date overrides the end of the month).
    pub fn current_period(&self, programme: Programme) -> Result<Period> {
        let _ = programme;
        todo!()
    }

    /// The period with this id (`KLJ-2025-06`), stored or the monthly default.
    pub fn period(&self, id: &str) -> Result<Period> {
        let _ = id;
        todo!()
    }

    /// Sets the last day a period takes submissions.
    pub fn close_period(&self, id: &str, closes: NaiveDate, actor: &Actor) -> Result<Period> {
        let _ = (id, closes, actor);
        todo!()
    }

    /// Resumes the actor's editable visit of this household (draft or
    /// returned), or starts one in `programme`'s current period from the
    /// register's copy of the household (saved at once).
    pub fn open_visit(&self, no_kk: &str, programme: Programme, actor: &Actor) -> Result<VisitSession> {
        let _ = (no_kk, programme, actor);
        todo!()
    }

    /// The visit form and its stages.
    pub fn visit(&self, visit_id: u64) -> Result<VisitDetail> {
        let _ = visit_id;
        todo!()
    }

    /// Sets one field of the actor's editable draft and saves it (flushed)
    /// with the cursor on that field. A refused value changes nothing.
    pub fn save_draft_field(&self, visit_id: u64, field: FieldId, text: &str, actor: &Actor) -> Result<SavedAt> {
        let _ = (visit_id, field, text, actor);
        todo!()
    }

    /// Adds a member met in the visit (born or moved in); returns its index.
    pub fn draft_add_member(&self, visit_id: u64, presence: MemberPresence, actor: &Actor) -> Result<usize> {
        let _ = (visit_id, presence, actor);
        todo!()
    }

    /// Removes a member added in this visit.
    pub fn draft_remove_member(&self, visit_id: u64, index: usize, actor: &Actor) -> Result<SavedAt> {
        let _ = (visit_id, index, actor);
        todo!()
    }

    /// Acknowledges a NIK warning (`FormMessage::key`).
    pub fn draft_acknowledge(&self, visit_id: u64, key: &str, actor: &Actor) -> Result<SavedAt> {
        let _ = (visit_id, key, actor);
        todo!()
    }

    /// Throws away a draft never submitted (a returned visit cannot be).
    pub fn discard_draft(&self, visit_id: u64, actor: &Actor) -> Result<()> {
        let _ = (visit_id, actor);
        todo!()
    }

    /// The actor's editable visits (drafts and returned), latest save first.
    pub fn my_drafts(&self, actor: &Actor) -> Result<Vec<VisitLine>> {
        let _ = actor;
        todo!()
    }

    /// Officer submits: period open, form free of errors → diverifikasi.
    pub fn submit_visit(&self, visit_id: u64, actor: &Actor) -> Result<VisitLine> {
        let _ = (visit_id, actor);
        todo!()
    }

    /// Supervisor finalises a submitted visit.
    pub fn finalise(&self, visit_id: u64, actor: &Actor) -> Result<VisitLine> {
        let _ = (visit_id, actor);
        todo!()
    }

    /// Supervisor returns a submitted visit to its officer with a reason.
    pub fn return_visit(&self, visit_id: u64, reason: &str, actor: &Actor) -> Result<VisitLine> {
        let _ = (visit_id, reason, actor);
        todo!()
    }

    /// Pengesahan: records the letter on each finalised visit and applies
    /// its findings to the register, in batches of [`RATIFY_BATCH`], each one
    /// atomic audited write. Every visit is checked first; any problem
    /// refuses the whole call with nothing written.
    pub fn ratify(&self, visit_ids: &[u64], letter: &Letter, actor: &Actor) -> Result<RatifyReport> {
        let _ = (visit_ids, letter, actor);
        todo!()
    }

    /// The work lists for `actor`.
    pub fn verval_queue(&self, actor: &Actor) -> Result<Queues> {
        let _ = actor;
        todo!()
    }

    /// Every visit of a household, oldest first.
    pub fn verval_show(&self, no_kk: &str) -> Result<Vec<VisitDetail>> {
        let _ = no_kk;
        todo!()
    }

    /// One row per person on the visits of a month (`YYYY-MM`, any
    /// programme), in visit order.
    pub fn verval_export_rows(&self, month: &str) -> Result<Vec<ExportRow>> {
        let _ = month;
        todo!()
    }
}
