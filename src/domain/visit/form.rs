//! Editing the form: starting it from the register, adding and removing
//! members, and taking a typed value into a field.

use chrono::NaiveDateTime;

use super::*;
use crate::domain::model::Household;

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
}
