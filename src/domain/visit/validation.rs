//! What is wrong with a form: every error and warning, by field.

use chrono::NaiveDate;

use super::*;
use crate::domain::codes::Sex;
use crate::domain::nik::{NumberError, decode_nik};
use crate::domain::validate::MAX_RW_RT;
use crate::domain::wilayah;

impl VisitForm {
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
