//! Muskel records, their Berita Acara (Markdown and printable HTML), the
//! prelist akhir and the three-month cadence.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Actor, Result, Service};
use crate::domain::muskel::{Cadence, Muskel, MuskelItem};

/// What `save_muskel` did.
#[derive(Debug, Clone, Serialize)]
pub struct MuskelSaved {
    pub id: u64,
    /// Problems that do not stop saving but keep the Berita Acara
    /// incomplete (nobody signed, items undecided), as text.
    pub warnings: Vec<String>,
}

/// A kelurahan whose Muskel is overdue or was never held.
#[derive(Debug, Clone, Serialize)]
pub struct MuskelDue {
    pub kelurahan: String,
    pub name: String,
    pub last: Option<NaiveDate>,
    pub cadence: Cadence,
}

/// One agreed item of the prelist akhir, with the Muskel that agreed it.
#[derive(Debug, Clone, Serialize)]
pub struct PrelistLine {
    pub muskel_id: u64,
    pub muskel_date: NaiveDate,
    pub kelurahan: String,
    pub item: MuskelItem,
}

impl Service {
    /// Saves a Muskel (id 0 = new). Refused, with nothing written, when
    /// `check_muskel` finds a bad kelurahan, a date after today, no place,
    /// no attendees or an attendee without a name. The evidence list is
    /// kept as stored: only `attach_evidence` changes it.
    pub fn save_muskel(&self, m: Muskel, actor: &Actor) -> Result<MuskelSaved> {
        let _ = (m, actor);
        todo!()
    }

    pub fn muskel(&self, id: u64) -> Result<Option<Muskel>> {
        let _ = id;
        todo!()
    }

    /// Muskels of a region (dotted prefix; "" for all), latest first.
    pub fn muskel_list(&self, region: &str) -> Result<Vec<Muskel>> {
        let _ = region;
        todo!()
    }

    /// Kelurahan (those holding households or a Muskel) whose last Muskel
    /// is more than three months before `today`, or that never held one.
    pub fn muskel_due(&self, today: NaiveDate) -> Result<Vec<MuskelDue>> {
        let _ = today;
        todo!()
    }

    /// The Berita Acara as Markdown.
    pub fn berita_acara(&self, id: u64, english: bool) -> Result<String> {
        let _ = (id, english);
        todo!()
    }

    /// The Berita Acara as one self-contained printable HTML page.
    pub fn berita_acara_html(&self, id: u64, english: bool) -> Result<String> {
        let _ = (id, english);
        todo!()
    }

    /// Agreed entry/assistance items of every Muskel of a kelurahan (dotted
    /// prefix; "" for all), latest Muskel first.
    pub fn prelist_akhir(&self, kelurahan: &str) -> Result<Vec<PrelistLine>> {
        let _ = kelurahan;
        todo!()
    }
}
