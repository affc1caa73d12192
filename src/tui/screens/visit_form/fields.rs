//! The form's rows and what each field offers: its choices, whether it
//! takes a list, and the text an edit starts from.

use super::*;

pub(super) fn rows_of(form: &VisitForm) -> Vec<FormRow> {
    let mut rows: Vec<FormRow> = HouseholdField::ALL.iter().map(|f| FormRow::Field(FieldId::Household(*f))).collect();
    for index in 0..form.members.len() {
        rows.push(FormRow::Member(index));
        rows.extend(MemberField::ALL.iter().map(|f| FormRow::Field(FieldId::Member { index, field: *f })));
    }
    rows
}

/// One value of a choice field: its code and its label in each language.
#[derive(Debug)]
pub(super) struct Choice {
    pub code: &'static str,
    labels: [&'static str; 2],
}

impl Choice {
    pub fn label(&self, lang: Lang) -> &'static str {
        self.labels[match lang {
            Lang::Id => 0,
            Lang::En => 1,
        }]
    }
}

/// The values a choice field cycles through (code "" = not chosen) and the
/// current code; None for text and list fields.
pub(super) fn choices(form: &VisitForm, field: FieldId) -> Option<(Vec<Choice>, &'static str)> {
    fn all<T: Copy>(
        values: &[T],
        code: fn(T) -> &'static str,
        label: fn(T, Lang) -> &'static str,
        optional: bool,
    ) -> Vec<Choice> {
        let mut v: Vec<Choice> = if optional { vec![Choice { code: "", labels: ["", ""] }] } else { Vec::new() };
        v.extend(values.iter().map(|x| Choice { code: code(*x), labels: [label(*x, Lang::Id), label(*x, Lang::En)] }));
        v
    }
    fn cur<T: Copy>(v: Option<T>, code: fn(T) -> &'static str) -> &'static str {
        v.map_or("", code)
    }
    match field {
        FieldId::Household(f) => {
            let i = &form.info;
            use HouseholdField as H;
            Some(match f {
                H::Floor => (all(Floor::ALL, Floor::code, Floor::label, false), i.floor.code()),
                H::Wall => (all(Wall::ALL, Wall::code, Wall::label, false), i.wall.code()),
                H::Roof => (all(Roof::ALL, Roof::code, Roof::label, false), i.roof.code()),
                H::Lighting => (all(Lighting::ALL, Lighting::code, Lighting::label, false), i.lighting.code()),
                H::Water => (all(DrinkingWater::ALL, DrinkingWater::code, DrinkingWater::label, false), i.water.code()),
                H::Sanitation => {
                    (all(Sanitation::ALL, Sanitation::code, Sanitation::label, false), i.sanitation.code())
                }
                H::CookingFuel => {
                    (all(CookingFuel::ALL, CookingFuel::code, CookingFuel::label, false), i.cooking_fuel.code())
                }
                _ => return None,
            })
        }
        FieldId::Member { index, field } => {
            let m = form.members.get(index)?;
            let p = &m.fields;
            use MemberField as M;
            Some(match field {
                M::Sex => (all(Sex::ALL, Sex::code, Sex::label, true), cur(p.sex, Sex::code)),
                M::Relationship => (
                    all(Relationship::ALL, Relationship::code, Relationship::label, true),
                    cur(p.relationship, Relationship::code),
                ),
                M::Marital => (
                    all(MaritalStatus::ALL, MaritalStatus::code, MaritalStatus::label, true),
                    cur(p.marital, MaritalStatus::code),
                ),
                M::Occupation => (
                    all(Occupation::ALL, Occupation::code, Occupation::label, true),
                    cur(p.occupation, Occupation::code),
                ),
                M::Disability => (
                    all(Disability::ALL, Disability::code, Disability::label, true),
                    cur(p.disability, Disability::code),
                ),
                M::Presence => {
                    let new = m.registered_nik.is_none();
                    let allowed: Vec<MemberPresence> =
                        MemberPresence::ALL.iter().copied().filter(|x| x.is_new() == new).collect();
                    (
                        all(&allowed, MemberPresence::code, MemberPresence::label, true),
                        cur(m.presence, MemberPresence::code),
                    )
                }
                M::Finding => (
                    all(FindingKind::ALL, FindingKind::code, FindingKind::label, true),
                    cur(m.finding, FindingKind::code),
                ),
                M::UpdateReason => (
                    all(UpdateReason::ALL, UpdateReason::code, UpdateReason::label, true),
                    cur(m.update_reason, UpdateReason::code),
                ),
                _ => return None,
            })
        }
    }
}

/// Every value a list field offers, and the codes it holds now; None for
/// the other fields.
pub(super) fn list_values(form: &VisitForm, field: FieldId) -> Option<(Vec<Choice>, Vec<&'static str>)> {
    fn all<T: Copy>(values: &[T], code: fn(T) -> &'static str, label: fn(T, Lang) -> &'static str) -> Vec<Choice> {
        values.iter().map(|x| Choice { code: code(*x), labels: [label(*x, Lang::Id), label(*x, Lang::En)] }).collect()
    }
    Some(match field {
        FieldId::Household(HouseholdField::Assets) => {
            (all(Asset::ALL, Asset::code, Asset::label), form.info.assets.iter().map(|a| a.code()).collect())
        }
        FieldId::Member { index, field: MemberField::NotEligible } => (
            all(NotEligibleReason::ALL, NotEligibleReason::code, NotEligibleReason::label),
            form.members.get(index)?.not_eligible.iter().map(|r| r.code()).collect(),
        ),
        FieldId::Member { index, field: MemberField::Programmes } => (
            all(Programme::ALL, Programme::code, Programme::label),
            form.members.get(index)?.programmes.iter().map(|p| p.code()).collect(),
        ),
        _ => return None,
    })
}

/// Fields holding a list of codes, typed separated by commas.
pub(super) fn is_list(field: FieldId) -> bool {
    matches!(
        field,
        FieldId::Household(HouseholdField::Assets)
            | FieldId::Member { field: MemberField::NotEligible | MemberField::Programmes, .. }
    )
}

/// The text an edit starts from: codes for lists, the value otherwise.
pub(super) fn edit_text(form: &VisitForm, field: FieldId) -> String {
    match field {
        FieldId::Household(HouseholdField::Assets) => {
            form.info.assets.iter().map(|a| a.code()).collect::<Vec<_>>().join(",")
        }
        FieldId::Member { index, field: MemberField::NotEligible } => form
            .members
            .get(index)
            .map(|m| m.not_eligible.iter().map(|r| r.code()).collect::<Vec<_>>().join(","))
            .unwrap_or_default(),
        FieldId::Member { index, field: MemberField::Programmes } => form
            .members
            .get(index)
            .map(|m| m.programmes.iter().map(|p| p.code()).collect::<Vec<_>>().join(","))
            .unwrap_or_default(),
        _ => match choices(form, field) {
            Some((_, current)) => current.to_string(),
            None => form.value(field, Lang::Id),
        },
    }
}
