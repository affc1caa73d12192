//! The home-visit verification form (kunjungan rumah) and its draft.
//!
//! A [`VisitForm`] starts from a copy of the household as the register holds
//! it ([`VisitForm::start`]); that copy stays untouched beside the edited
//! values, so a screen can show the registered value next to each field
//! ([`VisitForm::registered_value`]). The form is its own record: saved on
//! every field change with the cursor field ([`VisitForm::edit`]), never
//! applied to the register until pengesahan (`stage::apply_findings`).
//!
//! Texts typed freely (NIK, names, dates, RW/RT) are kept as typed, so a
//! draft may hold a date that does not exist; [`VisitForm::validate`] says
//! which field is wrong and what to do. Choices are parsed on entry and
//! refused at once when they are not one of the codes.
//!
//! Decisions:
//! - A NIK that does not decode is an error; a NIK that decodes but
//!   disagrees with the birth date or sex is a warning the officer can
//!   acknowledge. Warnings never block submission; an acknowledgement is
//!   kept (keyed by the NIK and the disagreeing value), so the supervisor
//!   sees that the officer confirmed it, and it lapses when either changes.
//! - One head per KK is counted over the members who remain (not died, not
//!   moved out). A head who died or moved out with no remaining head is its
//!   own error on that person's presence field: choose a new head.
//! - Deceased presence and a deceased finding go together.
//! - A finding names the programmes it affects; for tidak layak and update
//!   findings an empty list means every programme. For layak, the list is
//!   the programmes to enrol in (empty = eligibility confirmed, no change).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::codes::*;
use super::model::{Household, HouseholdInfo, Person};
use super::nik::{NumberError, decode_nik};
use super::validate::MAX_RW_RT;
use super::wilayah;

coded!(
    /// Whether a member was met, and how members joined or left.
    MemberPresence {
        Found = "ditemukan", "Ditemukan", "Found";
        NotFound = "tidak_ditemukan", "Tidak ditemukan", "Not found";
        Died = "meninggal", "Meninggal dunia", "Died";
        MovedOut = "pindah_keluar", "Pindah keluar", "Moved out";
        Born = "lahir", "Anggota baru: lahir", "New member: birth";
        MovedIn = "pindah_masuk", "Anggota baru: pindah masuk", "New member: moved in";
    }
);

impl MemberPresence {
    /// Leaves the household at pengesahan.
    pub fn is_gone(self) -> bool {
        matches!(self, MemberPresence::Died | MemberPresence::MovedOut)
    }
    /// Only for members added in this visit.
    pub fn is_new(self) -> bool {
        matches!(self, MemberPresence::Born | MemberPresence::MovedIn)
    }
}

coded!(
    /// Update reasons seen in verval (seed 004).
    UpdateReason {
        Deceased = "meninggal", "Meninggal dunia", "Deceased";
        Moved = "pindah", "Pindah domisili", "Moved";
        Anomaly = "data_anomali", "Data anomali", "Anomalous data";
        NotMatchingDukcapil = "belum_padan", "Belum padan dengan Dukcapil", "Not matching Dukcapil";
        Improved = "meningkat", "Status sosial ekonomi meningkat", "Improved socio-economic status";
    }
);

coded!(
    /// The kind of finding on a person.
    FindingKind {
        Layak = "layak", "Layak", "Eligible";
        TidakLayak = "tidak_layak", "Tidak layak", "Not eligible";
        Update = "pemutakhiran", "Pemutakhiran data", "Data update";
    }
);

/// A complete finding, as [`MemberEntry::finding`] builds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Finding {
    Layak,
    TidakLayak(Vec<NotEligibleReason>),
    Update(UpdateReason),
}

coded!(
    /// A person's field on the form.
    MemberField {
        Nik = "nik", "NIK", "NIK";
        Name = "nama", "Nama", "Name";
        Birthplace = "tempat_lahir", "Tempat lahir", "Birthplace";
        BirthDate = "tanggal_lahir", "Tanggal lahir", "Birth date";
        Sex = "jenis_kelamin", "Jenis kelamin", "Sex";
        MotherName = "nama_ibu", "Nama ibu kandung", "Mother's maiden name";
        Relationship = "hubungan", "Hubungan dengan kepala keluarga", "Relationship to the head";
        Marital = "status_kawin", "Status perkawinan", "Marital status";
        Occupation = "pekerjaan", "Pekerjaan", "Occupation";
        Disability = "disabilitas", "Disabilitas", "Disability";
        Presence = "keberadaan", "Keberadaan", "Presence";
        Finding = "temuan", "Temuan", "Finding";
        NotEligible = "alasan_tidak_layak", "Alasan tidak layak", "Not-eligible reasons";
        UpdateReason = "alasan_pemutakhiran", "Alasan pemutakhiran", "Update reason";
        Programmes = "program", "Program terdampak", "Programmes affected";
    }
);

coded!(
    /// A household field on the form.
    HouseholdField {
        VisitDate = "tanggal_kunjungan", "Tanggal kunjungan", "Visit date";
        Kelurahan = "kelurahan", "Kelurahan", "Kelurahan";
        Rw = "rw", "RW", "RW";
        Rt = "rt", "RT", "RT";
        Street = "alamat", "Alamat jalan", "Street address";
        Floor = "lantai", "Lantai", "Floor";
        Wall = "dinding", "Dinding", "Wall";
        Roof = "atap", "Atap", "Roof";
        Lighting = "penerangan", "Penerangan", "Lighting";
        Water = "air_minum", "Air minum", "Drinking water";
        Sanitation = "jamban", "Tempat buang air besar", "Sanitation";
        CookingFuel = "bahan_bakar", "Bahan bakar memasak", "Cooking fuel";
        Assets = "aset", "Aset", "Assets";
        Decile = "desil", "Desil", "Decile";
    }
);

/// Where the cursor is, and what a message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldId {
    Household(HouseholdField),
    Member { index: usize, field: MemberField },
}

/// A field as people see it named: for a member's field, with the member's
/// name as typed on the form (empty when none yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldName {
    pub field: FieldId,
    pub member_name: String,
}

/// A person's values on the form. Texts as typed; `birth_date` as
/// `dd-mm-yyyy`. `disability: None` means no disability.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFields {
    pub nik: String,
    pub name: String,
    pub birthplace: String,
    pub birth_date: String,
    pub sex: Option<Sex>,
    pub mother_name: String,
    pub relationship: Option<Relationship>,
    pub marital: Option<MaritalStatus>,
    pub occupation: Option<Occupation>,
    pub disability: Option<Disability>,
}

impl PersonFields {
    pub fn from_person(p: &Person) -> PersonFields {
        PersonFields {
            nik: p.nik.clone(),
            name: p.name.clone(),
            birthplace: p.birthplace.clone(),
            birth_date: format_date(p.birth_date),
            sex: Some(p.sex),
            mother_name: p.mother_name.clone(),
            relationship: Some(p.relationship),
            marital: Some(p.marital),
            occupation: Some(p.occupation),
            disability: p.disability,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberEntry {
    /// The member's NIK in the register; None for a member added in this visit.
    pub registered_nik: Option<String>,
    pub presence: Option<MemberPresence>,
    pub fields: PersonFields,
    pub finding: Option<FindingKind>,
    pub not_eligible: Vec<NotEligibleReason>,
    pub update_reason: Option<UpdateReason>,
    pub programmes: Vec<Programme>,
}

impl MemberEntry {
    /// The finding when it is complete.
    pub fn finding(&self) -> Option<Finding> {
        match self.finding? {
            FindingKind::Layak => Some(Finding::Layak),
            FindingKind::TidakLayak if !self.not_eligible.is_empty() => {
                Some(Finding::TidakLayak(self.not_eligible.clone()))
            }
            FindingKind::TidakLayak => None,
            FindingKind::Update => self.update_reason.map(Finding::Update),
        }
    }

    /// Stays in the household after pengesahan.
    pub fn remains(&self) -> bool {
        !self.presence.is_some_and(MemberPresence::is_gone)
    }

    fn is_deceased_finding(&self) -> bool {
        match self.finding {
            Some(FindingKind::TidakLayak) => self.not_eligible.contains(&NotEligibleReason::Deceased),
            Some(FindingKind::Update) => self.update_reason == Some(UpdateReason::Deceased),
            _ => false,
        }
    }
}

/// The home-visit form: a draft record of its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitForm {
    pub id: u64,
    pub no_kk: String,
    /// The stage period this visit is submitted in (`stage::Period::id`).
    pub period: String,
    pub officer: String,
    /// The household as the register held it when the visit started.
    pub registered: Household,
    pub visit_date: String,
    pub kelurahan: String,
    pub rw: String,
    pub rt: String,
    pub street: String,
    pub info: HouseholdInfo,
    pub members: Vec<MemberEntry>,
    /// Keys of warnings the officer acknowledged (see [`FormMessage::key`]).
    pub acknowledged: Vec<String>,
    pub cursor: FieldId,
    pub saved_at: NaiveDateTime,
}

/// Dates on forms: `dd-mm-yyyy`.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// Reads `dd-mm-yyyy` (or with `/` or `.`), or ISO `yyyy-mm-dd`. None when
/// the text is not a date that exists.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let n = |s: &str| s.parse::<u32>().ok();
    if parts[0].len() == 4 {
        NaiveDate::from_ymd_opt(i32::try_from(n(parts[0])?).ok()?, n(parts[1])?, n(parts[2])?)
    } else if parts[2].len() == 4 {
        NaiveDate::from_ymd_opt(i32::try_from(n(parts[2])?).ok()?, n(parts[1])?, n(parts[0])?)
    } else {
        None
    }
}

/// A value typed into a choice field that is not one of its codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    NotAChoice {
        field: FieldName,
        value: String,
        codes: String,
    },
    NoSuchMember {
        index: usize,
    },
    BadDecile {
        field: FieldName,
        value: String,
    },
    /// Registered members stay on the form; their presence says they left.
    RegisteredMember,
}

fn choice<T: Copy>(
    text: &str,
    label: FieldName,
    parse: fn(&str) -> Option<T>,
    codes: fn() -> String,
) -> Result<Option<T>, EditError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse(text).map(Some).ok_or_else(|| EditError::NotAChoice {
        field: label,
        value: text.trim().to_string(),
        codes: codes(),
    })
}

fn required<T: Copy>(
    text: &str,
    label: FieldName,
    parse: fn(&str) -> Option<T>,
    codes: fn() -> String,
    current: T,
) -> Result<T, EditError> {
    Ok(choice(text, label, parse, codes)?.unwrap_or(current))
}

fn list<T: Copy + PartialEq>(
    text: &str,
    label: &FieldName,
    parse: fn(&str) -> Option<T>,
    codes: fn() -> String,
) -> Result<Vec<T>, EditError> {
    let mut out = Vec::new();
    for part in text.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
        let v = parse(part).ok_or_else(|| EditError::NotAChoice {
            field: label.clone(),
            value: part.to_string(),
            codes: codes(),
        })?;
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

fn codes_of<T: Copy>(items: &[T], code: fn(T) -> &'static str) -> String {
    items.iter().map(|&x| code(x)).collect::<Vec<_>>().join(", ")
}

impl VisitForm {
    /// A new form for `household`, every value prefilled from the register;
    /// presences and findings are left for the officer.
    pub fn start(id: u64, household: &Household, period: &str, officer: &str, now: NaiveDateTime) -> VisitForm {
        VisitForm {
            id,
            no_kk: household.no_kk.clone(),
            period: period.to_string(),
            officer: officer.to_string(),
            registered: household.clone(),
            visit_date: String::new(),
            kelurahan: household.address.kelurahan.clone(),
            rw: household.address.rw.to_string(),
            rt: household.address.rt.to_string(),
            street: household.address.street.clone(),
            info: household.info.clone(),
            members: household
                .members
                .iter()
                .map(|p| MemberEntry {
                    registered_nik: Some(p.nik.clone()),
                    presence: None,
                    fields: PersonFields::from_person(p),
                    finding: None,
                    not_eligible: Vec::new(),
                    update_reason: None,
                    programmes: Vec::new(),
                })
                .collect(),
            acknowledged: Vec::new(),
            cursor: FieldId::Household(HouseholdField::VisitDate),
            saved_at: now,
        }
    }

    /// Adds a member met in the visit (born or moved in); returns its index
    /// and puts the cursor on its NIK.
    pub fn add_member(&mut self, presence: MemberPresence, now: NaiveDateTime) -> usize {
        let presence = if presence.is_new() { presence } else { MemberPresence::MovedIn };
        self.members.push(MemberEntry {
            registered_nik: None,
            presence: Some(presence),
            fields: PersonFields::default(),
            finding: None,
            not_eligible: Vec::new(),
            update_reason: None,
            programmes: Vec::new(),
        });
        let index = self.members.len() - 1;
        self.cursor = FieldId::Member { index, field: MemberField::Nik };
        self.saved_at = now;
        index
    }

    /// Removes a member added in this visit (registered ones cannot be).
    pub fn remove_added_member(&mut self, index: usize, now: NaiveDateTime) -> Result<(), EditError> {
        let m = self.members.get(index).ok_or(EditError::NoSuchMember { index })?;
        if m.registered_nik.is_some() {
            return Err(EditError::RegisteredMember);
        }
        self.members.remove(index);
        self.cursor = FieldId::Household(HouseholdField::VisitDate);
        self.saved_at = now;
        Ok(())
    }

    /// Sets one field from the text typed or chosen, moves the cursor there
    /// and stamps the save time. Choice fields take a code or label (empty
    /// clears an optional one); list fields take codes separated by commas.
    /// A refused value leaves the form unchanged.
    pub fn edit(&mut self, field: FieldId, text: &str, now: NaiveDateTime) -> Result<(), EditError> {
        let label = self.field_name(field);
        match field {
            FieldId::Household(f) => {
                use HouseholdField as H;
                let i = &mut self.info;
                match f {
                    H::VisitDate => self.visit_date = text.to_string(),
                    H::Kelurahan => self.kelurahan = text.trim().to_string(),
                    H::Rw => self.rw = text.trim().to_string(),
                    H::Rt => self.rt = text.trim().to_string(),
                    H::Street => self.street = text.to_string(),
                    H::Floor => i.floor = required(text, label, Floor::parse, Floor::codes, i.floor)?,
                    H::Wall => i.wall = required(text, label, Wall::parse, Wall::codes, i.wall)?,
                    H::Roof => i.roof = required(text, label, Roof::parse, Roof::codes, i.roof)?,
                    H::Lighting => i.lighting = required(text, label, Lighting::parse, Lighting::codes, i.lighting)?,
                    H::Water => i.water = required(text, label, DrinkingWater::parse, DrinkingWater::codes, i.water)?,
                    H::Sanitation => {
                        i.sanitation = required(text, label, Sanitation::parse, Sanitation::codes, i.sanitation)?
                    }
                    H::CookingFuel => {
                        i.cooking_fuel = required(text, label, CookingFuel::parse, CookingFuel::codes, i.cooking_fuel)?
                    }
                    H::Assets => i.assets = list(text, &label, Asset::parse, Asset::codes)?,
                    H::Decile => {
                        let t = text.trim();
                        i.decile = if t.is_empty() {
                            None
                        } else {
                            match t.parse::<u8>() {
                                Ok(n @ 1..=10) => Some(n),
                                _ => {
                                    return Err(EditError::BadDecile { field: label, value: t.to_string() });
                                }
                            }
                        }
                    }
                }
            }
            FieldId::Member { index, field: f } => {
                let m = self.members.get_mut(index).ok_or(EditError::NoSuchMember { index })?;
                use MemberField as M;
                let p = &mut m.fields;
                match f {
                    M::Nik => p.nik = text.trim().to_string(),
                    M::Name => p.name = text.to_string(),
                    M::Birthplace => p.birthplace = text.to_string(),
                    M::BirthDate => p.birth_date = text.trim().to_string(),
                    M::Sex => p.sex = choice(text, label, Sex::parse, Sex::codes)?,
                    M::MotherName => p.mother_name = text.to_string(),
                    M::Relationship => p.relationship = choice(text, label, Relationship::parse, Relationship::codes)?,
                    M::Marital => p.marital = choice(text, label, MaritalStatus::parse, MaritalStatus::codes)?,
                    M::Occupation => p.occupation = choice(text, label, Occupation::parse, Occupation::codes)?,
                    M::Disability => p.disability = choice(text, label, Disability::parse, Disability::codes)?,
                    M::Presence => {
                        // Registered members cannot be "new"; added ones only can.
                        let allowed: Vec<MemberPresence> = MemberPresence::ALL
                            .iter()
                            .copied()
                            .filter(|x| x.is_new() == m.registered_nik.is_none())
                            .collect();
                        let v = choice(text, label.clone(), MemberPresence::parse, MemberPresence::codes)?;
                        if let Some(v) = v
                            && !allowed.contains(&v)
                        {
                            return Err(EditError::NotAChoice {
                                field: label,
                                value: text.trim().to_string(),
                                codes: codes_of(&allowed, MemberPresence::code),
                            });
                        }
                        m.presence = v;
                    }
                    M::Finding => m.finding = choice(text, label, FindingKind::parse, FindingKind::codes)?,
                    M::NotEligible => {
                        m.not_eligible = list(text, &label, NotEligibleReason::parse, NotEligibleReason::codes)?
                    }
                    M::UpdateReason => m.update_reason = choice(text, label, UpdateReason::parse, UpdateReason::codes)?,
                    M::Programmes => m.programmes = list(text, &label, Programme::parse, Programme::codes)?,
                }
            }
        }
        self.cursor = field;
        self.saved_at = now;
        Ok(())
    }

    /// The field and, for a member's field, the member's name as on the form.
    pub fn field_name(&self, field: FieldId) -> FieldName {
        let member_name = match field {
            FieldId::Household(_) => String::new(),
            FieldId::Member { index, .. } => self.members.get(index).map_or(String::new(), |m| m.fields.name.clone()),
        };
        FieldName { field, member_name }
    }

    /// Records that the officer saw a warning (by its key).
    pub fn acknowledge(&mut self, key: &str, now: NaiveDateTime) {
        if !self.acknowledged.iter().any(|k| k == key) {
            self.acknowledged.push(key.to_string());
            self.saved_at = now;
        }
    }

    /// Every error and warning, in form order. Warnings already
    /// acknowledged are included with `acknowledged: true`.
    pub fn validate(&self, today: NaiveDate) -> Vec<FormMessage> {
        let mut out = Vec::new();
        let mut push =
            |field: FieldId, problem: FormProblem| out.push(FormMessage { field, problem, acknowledged: false });
        let hf = FieldId::Household;

        date_checks(&self.visit_date, today, hf(HouseholdField::VisitDate), &mut push);
        if wilayah::level(&self.kelurahan) != Some(wilayah::Level::Kelurahan) {
            push(hf(HouseholdField::Kelurahan), FormProblem::BadKelurahan { text: self.kelurahan.clone() });
        }
        for (f, text) in [(HouseholdField::Rw, &self.rw), (HouseholdField::Rt, &self.rt)] {
            match text.trim().parse::<u16>() {
                Ok(n) if (1..=MAX_RW_RT).contains(&n) => {}
                _ if text.trim().is_empty() => push(hf(f), FormProblem::Required),
                _ => push(hf(f), FormProblem::BadRwRt { text: text.clone() }),
            }
        }
        if self.street.trim().is_empty() {
            push(hf(HouseholdField::Street), FormProblem::Required);
        }

        for (index, m) in self.members.iter().enumerate() {
            let mf = |field| FieldId::Member { index, field };
            let p = &m.fields;
            match m.presence {
                None => push(mf(MemberField::Presence), FormProblem::Choose),
                Some(pr) if pr.is_new() != m.registered_nik.is_none() => {
                    push(mf(MemberField::Presence), FormProblem::PresenceKind { new: m.registered_nik.is_none() })
                }
                _ => {}
            }
            for (f, t) in [
                (MemberField::Nik, &p.nik),
                (MemberField::Name, &p.name),
                (MemberField::Birthplace, &p.birthplace),
                (MemberField::MotherName, &p.mother_name),
            ] {
                if t.trim().is_empty() {
                    push(mf(f), FormProblem::Required);
                }
            }
            let birth = date_checks(&p.birth_date, today, mf(MemberField::BirthDate), &mut push);
            for (f, missing) in [
                (MemberField::Sex, p.sex.is_none()),
                (MemberField::Relationship, p.relationship.is_none()),
                (MemberField::Marital, p.marital.is_none()),
                (MemberField::Occupation, p.occupation.is_none()),
            ] {
                if missing {
                    push(mf(f), FormProblem::Choose);
                }
            }
            if !p.nik.trim().is_empty() {
                match decode_nik(p.nik.trim(), birth, today) {
                    Err(e) => push(mf(MemberField::Nik), FormProblem::NikInvalid(e)),
                    Ok(info) => {
                        if let Some(b) = birth
                            && b != info.birth_date
                        {
                            push(
                                mf(MemberField::BirthDate),
                                FormProblem::NikBirthDate {
                                    nik: p.nik.trim().into(),
                                    in_nik: info.birth_date,
                                    recorded: b,
                                },
                            );
                        }
                        if let Some(s) = p.sex
                            && s != info.sex
                        {
                            push(
                                mf(MemberField::Sex),
                                FormProblem::NikSex { nik: p.nik.trim().into(), in_nik: info.sex, recorded: s },
                            );
                        }
                    }
                }
                let first = self.members.iter().position(|q| q.fields.nik.trim() == p.nik.trim());
                if first != Some(index) {
                    push(mf(MemberField::Nik), FormProblem::NikTwice { nik: p.nik.trim().into() });
                }
            }

            // Findings: needed for every member.
            match m.finding {
                None => push(mf(MemberField::Finding), FormProblem::Choose),
                Some(FindingKind::TidakLayak) if m.not_eligible.is_empty() => {
                    push(mf(MemberField::NotEligible), FormProblem::NoReason)
                }
                Some(FindingKind::Update) if m.update_reason.is_none() => {
                    push(mf(MemberField::UpdateReason), FormProblem::Choose)
                }
                _ => {}
            }
            let died = m.presence == Some(MemberPresence::Died);
            if died != m.is_deceased_finding() && m.finding.is_some() {
                push(mf(MemberField::Finding), FormProblem::DeceasedMismatch { died });
            }
        }

        // One head among those who remain.
        let remaining_heads: Vec<usize> = self
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.remains() && m.fields.relationship == Some(Relationship::Head))
            .map(|(i, _)| i)
            .collect();
        let gone_head =
            self.members.iter().position(|m| !m.remains() && m.fields.relationship == Some(Relationship::Head));
        match (remaining_heads.len(), gone_head) {
            (1, _) => {}
            (0, Some(index)) => {
                let died = self.members[index].presence == Some(MemberPresence::Died);
                push(FieldId::Member { index, field: MemberField::Presence }, FormProblem::GoneOnlyHead { died })
            }
            (0, None) if !self.members.iter().any(MemberEntry::remains) => {}
            (0, None) => push(hf(HouseholdField::Street), FormProblem::NoHead),
            (_, _) => {
                for &index in &remaining_heads[1..] {
                    push(
                        FieldId::Member { index, field: MemberField::Relationship },
                        FormProblem::SeveralHeads { count: remaining_heads.len() },
                    );
                }
            }
        }
        // NoHead has no single field; point it at the first remaining member.
        for msg in &mut out {
            if msg.problem == FormProblem::NoHead
                && let Some(index) = self.members.iter().position(MemberEntry::remains)
            {
                msg.field = FieldId::Member { index, field: MemberField::Relationship };
            }
        }
        for msg in &mut out {
            if let Some(k) = msg.key() {
                msg.acknowledged = self.acknowledged.contains(&k);
            }
        }
        out
    }

    /// The errors that block submission (warnings never do).
    pub fn errors(&self, today: NaiveDate) -> Vec<FormMessage> {
        self.validate(today).into_iter().filter(|m| m.severity() == Severity::Error).collect()
    }
}

fn date_checks(
    text: &str,
    today: NaiveDate,
    field: FieldId,
    push: &mut impl FnMut(FieldId, FormProblem),
) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        push(field, FormProblem::Required);
        return None;
    }
    match parse_date(text) {
        None => {
            push(field, FormProblem::BadDate { text: text.trim().into() });
            None
        }
        Some(d) if d > today => {
            push(field, FormProblem::DateAfterToday { date: d });
            Some(d)
        }
        Some(d) => Some(d),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormProblem {
    /// A text field left empty.
    Required,
    /// A choice not made.
    Choose,
    BadDate {
        text: String,
    },
    DateAfterToday {
        date: NaiveDate,
    },
    BadKelurahan {
        text: String,
    },
    BadRwRt {
        text: String,
    },
    NikInvalid(NumberError),
    NikBirthDate {
        nik: String,
        in_nik: NaiveDate,
        recorded: NaiveDate,
    },
    NikSex {
        nik: String,
        in_nik: Sex,
        recorded: Sex,
    },
    NikTwice {
        nik: String,
    },
    /// `new`: the member was added in this visit.
    PresenceKind {
        new: bool,
    },
    NoReason,
    /// `died`: the presence says died but the finding does not, or the reverse.
    DeceasedMismatch {
        died: bool,
    },
    NoHead,
    SeveralHeads {
        count: usize,
    },
    /// The only head died (`died`) or moved out, and no new head is chosen.
    GoneOnlyHead {
        died: bool,
    },
}

/// One message of the form: which field, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormMessage {
    pub field: FieldId,
    pub problem: FormProblem,
    pub acknowledged: bool,
}

impl FormMessage {
    pub fn severity(&self) -> Severity {
        match self.problem {
            FormProblem::NikBirthDate { .. } | FormProblem::NikSex { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The acknowledgement key of a warning: NIK, what disagrees, and the
    /// recorded value, so a changed value brings the warning back.
    pub fn key(&self) -> Option<String> {
        match &self.problem {
            FormProblem::NikBirthDate { nik, recorded, .. } => {
                Some(format!("{nik}|birth_date|{}", format_date(*recorded)))
            }
            FormProblem::NikSex { nik, recorded, .. } => Some(format!("{nik}|sex|{}", recorded.code())),
            _ => None,
        }
    }
}

/// Shared synthetic data for the tests of usulan, visit and stage.
#[cfg(test)]
pub(crate) mod fixtures {
    use chrono::{NaiveDate, NaiveDateTime};

    use crate::domain::codes::*;
    use crate::domain::model::*;
    use crate::testkit::{self, person};

    pub use crate::testkit::date;

    pub fn now() -> NaiveDateTime {
        date(2025, 6, 10).and_hms_opt(9, 30, 0).unwrap()
    }

    pub fn active(since: NaiveDate) -> StatusEntry {
        StatusEntry { period: Some("2022-02".into()), ..testkit::status_entry(DtksStatus::Active, since) }
    }

    pub fn enrol(p: Programme) -> Enrolment {
        testkit::enrolment(p, EnrolmentStatus::Active, date(2023, 1, 1))
    }

    /// Budi (head, 1960, KLJ + JKN-PBI), Siti (spouse), Andi (child), all
    /// active since February 2022.
    pub fn household() -> Household {
        let mut budi = person("3171061708600001", "Budi Santoso", Relationship::Head, Sex::Male, date(1960, 8, 17));
        budi.enrolments = vec![enrol(Programme::Klj), enrol(Programme::JknPbi)];
        let siti = person("3171065712850002", "Siti Aminah", Relationship::Spouse, Sex::Female, date(1985, 12, 17));
        let andi = person("3171060101100003", "Andi", Relationship::Child, Sex::Male, date(2010, 1, 1));
        let mut members = vec![budi, siti, andi];
        for p in &mut members {
            p.history = vec![active(date(2022, 2, 1))];
        }
        let mut h = testkit::household("3171061203180007", "31.71.06.1003", members);
        h.address.street = "Jl. Contoh No. 3".into();
        h.info.decile = Some(2);
        h.history = vec![active(date(2022, 2, 1))];
        h
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use crate::i18n::Lang;

    fn today() -> NaiveDate {
        date(2025, 6, 10)
    }

    fn mf(index: usize, field: MemberField) -> FieldId {
        FieldId::Member { index, field }
    }

    /// A form with everything filled in and every member found, layak.
    fn filled() -> VisitForm {
        let mut f = VisitForm::start(7, &household(), "KLJ-2025-06", "petugas1", now());
        f.edit(FieldId::Household(HouseholdField::VisitDate), "09-06-2025", now()).unwrap();
        for i in 0..f.members.len() {
            f.edit(mf(i, MemberField::Presence), "ditemukan", now()).unwrap();
            f.edit(mf(i, MemberField::Finding), "layak", now()).unwrap();
        }
        f
    }

    fn problems(f: &VisitForm) -> Vec<(FieldId, FormProblem)> {
        f.validate(today()).into_iter().map(|m| (m.field, m.problem)).collect()
    }

    #[test]
    fn a_filled_form_has_no_message() {
        assert_eq!(problems(&filled()), vec![]);
    }

    #[test]
    fn start_prefills_and_shows_registered_values() {
        let mut f = VisitForm::start(7, &household(), "KLJ-2025-06", "petugas1", now());
        assert_eq!(f.value(mf(0, MemberField::BirthDate), Lang::Id), "17-08-1960");
        f.edit(mf(0, MemberField::Name), "Budi Santosa", now()).unwrap();
        assert_eq!(f.value(mf(0, MemberField::Name), Lang::Id), "Budi Santosa");
        assert_eq!(f.registered_value(mf(0, MemberField::Name), Lang::Id).as_deref(), Some("Budi Santoso"));
        assert_eq!(f.registered_value(mf(0, MemberField::Finding), Lang::Id), None);
        assert_eq!(
            f.registered_value(FieldId::Household(HouseholdField::Floor), Lang::Id).as_deref(),
            Some("Semen/bata merah")
        );
        let i = f.add_member(MemberPresence::Born, now());
        assert_eq!(f.registered_value(mf(i, MemberField::Name), Lang::Id), None);
    }

    #[test]
    fn edit_moves_cursor_and_stamps_save_and_refuses_bad_choices() {
        let mut f = filled();
        let later = now() + chrono::Duration::seconds(5);
        f.edit(mf(1, MemberField::Occupation), "pedagang", later).unwrap();
        assert_eq!(f.cursor, mf(1, MemberField::Occupation));
        assert_eq!(f.saved_at, later);
        assert_eq!(f.members[1].fields.occupation, Some(Occupation::Trader));
        let before = f.clone();
        let err = f.edit(mf(1, MemberField::Sex), "X", later + chrono::Duration::seconds(1)).unwrap_err();
        assert_eq!(f, before);
        assert!(err.message(Lang::Id).contains("L, P"), "{}", err.message(Lang::Id));
        // Registered members cannot be "born"; added ones cannot be "found".
        assert!(f.edit(mf(0, MemberField::Presence), "lahir", later).is_err());
        let i = f.add_member(MemberPresence::MovedIn, later);
        assert!(f.edit(mf(i, MemberField::Presence), "ditemukan", later).is_err());
        assert!(f.remove_added_member(0, later).is_err());
        f.remove_added_member(i, later).unwrap();
        assert_eq!(f.members.len(), 3);
    }

    #[test]
    fn dates_must_exist() {
        assert_eq!(parse_date("29-02-2024"), Some(date(2024, 2, 29)));
        assert_eq!(parse_date("29-02-2025"), None);
        assert_eq!(parse_date("31-04-2025"), None);
        assert_eq!(parse_date("2025-06-10"), Some(date(2025, 6, 10)));
        assert_eq!(parse_date("10/6/2025"), Some(date(2025, 6, 10)));
        assert_eq!(parse_date("10-06-25"), None);
        let mut f = filled();
        f.edit(mf(2, MemberField::BirthDate), "31-02-2010", now()).unwrap();
        let msgs = f.validate(today());
        assert_eq!(msgs.len(), 1);
        assert_eq!(msgs[0].field, mf(2, MemberField::BirthDate));
        assert_eq!(
            msgs[0].message(&f, Lang::Id),
            "Anggota 3 (Andi), Tanggal lahir: '31-02-2010' bukan tanggal yang ada; tulis sebagai HH-BB-TTTT, misalnya 17-08-1980"
        );
        f.edit(FieldId::Household(HouseholdField::VisitDate), "11-06-2025", now()).unwrap();
        assert!(problems(&f).contains(&(
            FieldId::Household(HouseholdField::VisitDate),
            FormProblem::DateAfterToday { date: date(2025, 6, 11) }
        )));
    }

    #[test]
    fn required_fields_name_the_field() {
        let mut f = filled();
        f.edit(mf(1, MemberField::MotherName), "  ", now()).unwrap();
        f.edit(mf(1, MemberField::Marital), "", now()).unwrap();
        f.edit(FieldId::Household(HouseholdField::Rt), "0", now()).unwrap();
        assert_eq!(
            problems(&f),
            vec![
                (FieldId::Household(HouseholdField::Rt), FormProblem::BadRwRt { text: "0".into() }),
                (mf(1, MemberField::MotherName), FormProblem::Required),
                (mf(1, MemberField::Marital), FormProblem::Choose),
            ]
        );
    }

    #[test]
    fn nik_disagreement_is_an_acknowledgeable_warning() {
        let mut f = filled();
        f.edit(mf(1, MemberField::BirthDate), "18-12-1985", now()).unwrap();
        let msgs = f.validate(today());
        assert_eq!(msgs.len(), 1);
        assert_eq!(msgs[0].severity(), Severity::Warning);
        assert!(!msgs[0].acknowledged);
        assert_eq!(f.errors(today()), vec![]);
        let key = msgs[0].key().unwrap();
        assert_eq!(key, "3171065712850002|birth_date|18-12-1985");
        f.acknowledge(&key, now());
        assert!(f.validate(today())[0].acknowledged);
        // Another value brings the warning back unacknowledged.
        f.edit(mf(1, MemberField::BirthDate), "19-12-1985", now()).unwrap();
        assert!(!f.validate(today())[0].acknowledged);
        f.edit(mf(1, MemberField::BirthDate), "17-12-1985", now()).unwrap();
        f.edit(mf(1, MemberField::Sex), "L", now()).unwrap();
        let msgs = f.validate(today());
        assert_eq!(msgs[0].field, mf(1, MemberField::Sex));
        assert_eq!(msgs[0].severity(), Severity::Warning);
    }

    #[test]
    fn nik_that_does_not_decode_is_an_error() {
        let mut f = filled();
        f.edit(mf(2, MemberField::Nik), "317106010110000", now()).unwrap();
        let errs = f.errors(today());
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, mf(2, MemberField::Nik));
        assert!(matches!(errs[0].problem, FormProblem::NikInvalid(_)));
        f.edit(mf(2, MemberField::Nik), "3171065712850002", now()).unwrap();
        let errs = f.errors(today());
        assert!(errs.iter().any(|m| m.problem == FormProblem::NikTwice { nik: "3171065712850002".into() }));
    }

    #[test]
    fn one_head_per_kk() {
        let mut f = filled();
        f.edit(mf(1, MemberField::Relationship), "kepala", now()).unwrap();
        assert_eq!(problems(&f), vec![(mf(1, MemberField::Relationship), FormProblem::SeveralHeads { count: 2 })]);
        f.edit(mf(1, MemberField::Relationship), "pasangan", now()).unwrap();
        f.edit(mf(0, MemberField::Relationship), "famili", now()).unwrap();
        assert_eq!(problems(&f), vec![(mf(0, MemberField::Relationship), FormProblem::NoHead)]);
    }

    #[test]
    fn deceased_only_head_needs_a_new_head() {
        let mut f = filled();
        f.edit(mf(0, MemberField::Presence), "meninggal", now()).unwrap();
        f.edit(mf(0, MemberField::Finding), "pemutakhiran", now()).unwrap();
        f.edit(mf(0, MemberField::UpdateReason), "meninggal", now()).unwrap();
        let msgs = f.validate(today());
        assert_eq!(msgs.len(), 1);
        assert_eq!(msgs[0].field, mf(0, MemberField::Presence));
        assert_eq!(msgs[0].problem, FormProblem::GoneOnlyHead { died: true });
        assert_eq!(
            msgs[0].message(&f, Lang::En),
            "Member 1 (Budi Santoso), Presence: the head died and no new head is chosen; choose a new head in another member's Relationship field"
        );
        f.edit(mf(1, MemberField::Relationship), "kepala", now()).unwrap();
        assert_eq!(problems(&f), vec![]);
    }

    #[test]
    fn deceased_presence_and_finding_agree() {
        let mut f = filled();
        f.edit(mf(2, MemberField::Presence), "meninggal", now()).unwrap();
        assert_eq!(problems(&f), vec![(mf(2, MemberField::Finding), FormProblem::DeceasedMismatch { died: true })]);
        f.edit(mf(2, MemberField::Finding), "tidak_layak", now()).unwrap();
        assert_eq!(
            problems(&f),
            vec![
                (mf(2, MemberField::NotEligible), FormProblem::NoReason),
                (mf(2, MemberField::Finding), FormProblem::DeceasedMismatch { died: true }),
            ]
        );
        f.edit(mf(2, MemberField::NotEligible), "3", now()).unwrap();
        assert_eq!(problems(&f), vec![]);
        f.edit(mf(2, MemberField::Presence), "ditemukan", now()).unwrap();
        assert_eq!(problems(&f), vec![(mf(2, MemberField::Finding), FormProblem::DeceasedMismatch { died: false })]);
    }

    #[test]
    fn added_member_needs_every_field() {
        let mut f = filled();
        let i = f.add_member(MemberPresence::Born, now());
        let fields: Vec<FieldId> = f.errors(today()).iter().map(|m| m.field).collect();
        for field in [
            MemberField::Nik,
            MemberField::Name,
            MemberField::Birthplace,
            MemberField::MotherName,
            MemberField::BirthDate,
            MemberField::Sex,
            MemberField::Relationship,
            MemberField::Marital,
            MemberField::Occupation,
            MemberField::Finding,
        ] {
            assert!(fields.contains(&mf(i, field)), "{field:?}");
        }
        assert!(!fields.contains(&mf(i, MemberField::Presence)));
    }

    #[test]
    fn form_round_trips_through_json() {
        let f = filled();
        let s = serde_json::to_string(&f).unwrap();
        assert_eq!(serde_json::from_str::<VisitForm>(&s).unwrap(), f);
    }
}
