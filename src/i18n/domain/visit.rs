//! Texts of `domain::visit`: field names and values on the form, edit
//! errors and form problems.

use std::fmt;

use chrono::NaiveDate;

use crate::domain::model::HouseholdInfo;
use crate::domain::validate::MAX_RW_RT;
use crate::domain::visit::{
    EditError, FieldId, FieldName, FormMessage, FormProblem, HouseholdField, MemberEntry, MemberField, PersonFields,
    VisitForm, format_date,
};
use crate::i18n::Lang;

impl VisitForm {
    /// How a member is named in messages.
    pub fn who(&self, index: usize, lang: Lang) -> String {
        who(index, self.members.get(index).map_or("", |m| m.fields.name.as_str()), lang)
    }

    /// "Anggota 2": the member's place on the form, without the name.
    pub fn member_number(&self, index: usize, lang: Lang) -> String {
        who(index, "", lang)
    }

    /// The field's name for people, with the member it belongs to.
    pub fn field_label(&self, field: FieldId, lang: Lang) -> String {
        self.field_name(field).label(lang)
    }

    /// The value on the form, as text.
    pub fn value(&self, field: FieldId, lang: Lang) -> String {
        match field {
            FieldId::Household(f) => household_value(
                f,
                &self.visit_date,
                &self.kelurahan,
                &self.rw,
                &self.rt,
                &self.street,
                &self.info,
                lang,
            ),
            FieldId::Member { index, field } => match self.members.get(index) {
                Some(m) => member_value(m, field, lang),
                None => String::new(),
            },
        }
    }

    /// The register's value beside the field; None for fields the register
    /// does not hold (visit date, presence, findings) and for added members.
    pub fn registered_value(&self, field: FieldId, lang: Lang) -> Option<String> {
        let h = &self.registered;
        match field {
            FieldId::Household(HouseholdField::VisitDate) => None,
            FieldId::Household(f) => Some(household_value(
                f,
                "",
                &h.address.kelurahan,
                &h.address.rw.to_string(),
                &h.address.rt.to_string(),
                &h.address.street,
                &h.info,
                lang,
            )),
            FieldId::Member { index, field } => {
                let nik = self.members.get(index)?.registered_nik.as_deref()?;
                let p = h.member(nik)?;
                let m = MemberEntry {
                    registered_nik: Some(nik.to_string()),
                    presence: None,
                    fields: PersonFields::from_person(p),
                    finding: None,
                    not_eligible: Vec::new(),
                    update_reason: None,
                    programmes: Vec::new(),
                };
                match field {
                    MemberField::Presence
                    | MemberField::Finding
                    | MemberField::NotEligible
                    | MemberField::UpdateReason
                    | MemberField::Programmes => None,
                    _ => Some(member_value(&m, field, lang)),
                }
            }
        }
    }
}

/// "Anggota 2 (Siti)": the position on the form, and the name when there is one.
pub(super) fn who(index: usize, name: &str, lang: Lang) -> String {
    let n = index + 1;
    let base = match lang {
        Lang::Id => format!("Anggota {n}"),
        Lang::En => format!("Member {n}"),
    };
    match name.trim() {
        "" => base,
        name => format!("{base} ({name})"),
    }
}

impl FieldName {
    /// "Lantai", or "Anggota 2 (Siti), Tanggal lahir" for a member's field.
    pub fn label(&self, lang: Lang) -> String {
        match self.field {
            FieldId::Household(f) => f.label(lang).to_string(),
            FieldId::Member { index, field } => {
                format!("{}, {}", who(index, &self.member_name, lang), field.label(lang))
            }
        }
    }
}

impl FormMessage {
    /// "<field>: <what is wrong; what to do>".
    pub fn message(&self, form: &VisitForm, lang: Lang) -> String {
        format!("{}: {}", form.field_label(self.field, lang), self.problem.message(lang))
    }
}

impl EditError {
    pub fn message(&self, lang: Lang) -> String {
        use EditError::*;
        match (self, lang) {
            (NotAChoice { field, value, codes }, Lang::Id) => {
                format!("{}: '{value}' bukan salah satu dari {codes}; pilih dari daftar", field.label(lang))
            }
            (NotAChoice { field, value, codes }, Lang::En) => {
                format!("{}: '{value}' is not one of {codes}; pick one from the list", field.label(lang))
            }
            (NoSuchMember { index }, Lang::Id) => {
                format!("Anggota {index} tidak ada di formulir ini; pilih anggota dari daftar")
            }
            (NoSuchMember { index }, Lang::En) => {
                format!("member {index} does not exist on this form; choose a member from the list")
            }
            (BadDecile { field, value }, Lang::Id) => {
                format!("{}: '{value}' bukan desil; isi 1 sampai 10 atau kosongkan", field.label(lang))
            }
            (BadDecile { field, value }, Lang::En) => {
                format!("{}: '{value}' is not a decile; enter 1 to 10 or leave it empty", field.label(lang))
            }
            (RegisteredMember, Lang::Id) => "Anggota yang terdaftar tidak bisa dihapus; ubah keberadaannya menjadi meninggal, pindah keluar atau tidak ditemukan".into(),
            (RegisteredMember, Lang::En) => "a registered member cannot be removed; set their presence to died, moved out or not found".into(),
        }
    }
}

/// English, for logs and error chains; screens call `message`.
impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for EditError {}

#[allow(clippy::too_many_arguments)]
fn household_value(
    f: HouseholdField,
    visit_date: &str,
    kelurahan: &str,
    rw: &str,
    rt: &str,
    street: &str,
    i: &HouseholdInfo,
    lang: Lang,
) -> String {
    use HouseholdField as H;
    match f {
        H::VisitDate => visit_date.to_string(),
        H::Kelurahan => kelurahan.to_string(),
        H::Rw => rw.to_string(),
        H::Rt => rt.to_string(),
        H::Street => street.to_string(),
        H::Floor => i.floor.label(lang).into(),
        H::Wall => i.wall.label(lang).into(),
        H::Roof => i.roof.label(lang).into(),
        H::Lighting => i.lighting.label(lang).into(),
        H::Water => i.water.label(lang).into(),
        H::Sanitation => i.sanitation.label(lang).into(),
        H::CookingFuel => i.cooking_fuel.label(lang).into(),
        H::Assets => i.assets.iter().map(|a| a.label(lang)).collect::<Vec<_>>().join(", "),
        H::Decile => i.decile.map(|d| d.to_string()).unwrap_or_default(),
    }
}

fn member_value(m: &MemberEntry, f: MemberField, lang: Lang) -> String {
    let p = &m.fields;
    let opt = |s: Option<&'static str>| s.unwrap_or("").to_string();
    use MemberField as M;
    match f {
        M::Nik => p.nik.clone(),
        M::Name => p.name.clone(),
        M::Birthplace => p.birthplace.clone(),
        M::BirthDate => p.birth_date.clone(),
        M::Sex => opt(p.sex.map(|x| x.label(lang))),
        M::MotherName => p.mother_name.clone(),
        M::Relationship => opt(p.relationship.map(|x| x.label(lang))),
        M::Marital => opt(p.marital.map(|x| x.label(lang))),
        M::Occupation => opt(p.occupation.map(|x| x.label(lang))),
        M::Disability => p.disability.map_or_else(
            || match lang {
                Lang::Id => "Tidak ada".into(),
                Lang::En => "None".into(),
            },
            |x| x.label(lang).to_string(),
        ),
        M::Presence => opt(m.presence.map(|x| x.label(lang))),
        M::Finding => opt(m.finding.map(|x| x.label(lang))),
        M::NotEligible => {
            m.not_eligible.iter().map(|r| format!("{}. {}", r.code(), r.label(lang))).collect::<Vec<_>>().join("; ")
        }
        M::UpdateReason => opt(m.update_reason.map(|x| x.label(lang))),
        M::Programmes => m.programmes.iter().map(|p| p.code()).collect::<Vec<_>>().join(", "),
    }
}

impl FormProblem {
    pub fn message(&self, lang: Lang) -> String {
        use FormProblem::*;
        let d = |x: &NaiveDate| format_date(*x);
        match (self, lang) {
            (Required, Lang::Id) => "wajib diisi".into(),
            (Required, Lang::En) => "required; fill it in".into(),
            (Choose, Lang::Id) => "belum dipilih; pilih salah satu dari daftar".into(),
            (Choose, Lang::En) => "not chosen; pick one from the list".into(),
            (BadDate { text }, Lang::Id) => format!("'{text}' bukan tanggal yang ada; tulis sebagai HH-BB-TTTT, misalnya 17-08-1980"),
            (BadDate { text }, Lang::En) => format!("'{text}' is not a date that exists; write it as DD-MM-YYYY, e.g. 17-08-1980"),
            (DateAfterToday { date }, Lang::Id) => format!("{} melewati hari ini; periksa tanggalnya", d(date)),
            (DateAfterToday { date }, Lang::En) => format!("{} is after today; check the date", d(date)),
            (BadKelurahan { text }, Lang::Id) => format!("'{text}' bukan kode kelurahan; pilih dari daftar (bentuk 31.71.01.1001)"),
            (BadKelurahan { text }, Lang::En) => format!("'{text}' is not a kelurahan code; pick one from the list (form 31.71.01.1001)"),
            (BadRwRt { text }, Lang::Id) => format!("'{text}' tidak sah; isi angka 1 sampai {MAX_RW_RT}"),
            (BadRwRt { text }, Lang::En) => format!("'{text}' is not valid; enter a number from 1 to {MAX_RW_RT}"),
            (NikInvalid(e), Lang::Id) => format!("{}; periksa KTP/KK", e.message(Lang::Id)),
            (NikInvalid(e), Lang::En) => format!("{}; check the KTP/KK", e.message(Lang::En)),
            (NikBirthDate { in_nik, recorded, .. }, Lang::Id) => format!("NIK menunjukkan {}, tercatat {}; cocokkan dengan KTP/KK, atau tandai sudah diperiksa", d(in_nik), d(recorded)),
            (NikBirthDate { in_nik, recorded, .. }, Lang::En) => format!("the NIK gives {} but {} is entered; check the KTP/KK, or acknowledge", d(in_nik), d(recorded)),
            (NikSex { in_nik, recorded, .. }, Lang::Id) => format!("NIK menunjukkan {}, tercatat {}; cocokkan dengan KTP/KK, atau tandai sudah diperiksa", in_nik.label(Lang::Id), recorded.label(Lang::Id)),
            (NikSex { in_nik, recorded, .. }, Lang::En) => format!("the NIK says {} but {} is entered; check the KTP/KK, or acknowledge", in_nik.label(Lang::En).to_lowercase(), recorded.label(Lang::En).to_lowercase()),
            (NikTwice { nik }, Lang::Id) => format!("NIK {nik} sudah dipakai anggota lain di formulir ini; periksa NIK keduanya"),
            (NikTwice { nik }, Lang::En) => format!("NIK {nik} is already used by another member on this form; check both NIKs"),
            (PresenceKind { new: true }, Lang::Id) => "anggota baru hanya bisa 'lahir' atau 'pindah masuk'".into(),
            (PresenceKind { new: true }, Lang::En) => "a new member can only be 'born' or 'moved in'".into(),
            (PresenceKind { new: false }, Lang::Id) => "anggota terdaftar: pilih ditemukan, tidak ditemukan, meninggal atau pindah keluar".into(),
            (PresenceKind { new: false }, Lang::En) => "a registered member: choose found, not found, died or moved out".into(),
            (NoReason, Lang::Id) => "temuan tidak layak tanpa alasan; pilih minimal satu dari 15 alasan".into(),
            (NoReason, Lang::En) => "a not-eligible finding without a reason; choose at least one of the 15 reasons".into(),
            (DeceasedMismatch { died: true }, Lang::Id) => "anggota meninggal: pilih temuan 'meninggal dunia'".into(),
            (DeceasedMismatch { died: true }, Lang::En) => "the member died: choose the finding 'deceased'".into(),
            (DeceasedMismatch { died: false }, Lang::Id) => "temuan 'meninggal dunia' tetapi keberadaan bukan 'meninggal'; samakan keduanya".into(),
            (DeceasedMismatch { died: false }, Lang::En) => "finding 'deceased' but presence is not 'died'; make them agree".into(),
            (NoHead, Lang::Id) => "keluarga tidak punya kepala keluarga; pilih satu anggota sebagai 'kepala'".into(),
            (NoHead, Lang::En) => "the household has no head; mark one member as 'head'".into(),
            (SeveralHeads { count }, Lang::Id) => format!("ada {count} kepala keluarga; sisakan tepat satu 'kepala'"),
            (SeveralHeads { count }, Lang::En) => format!("there are {count} heads; keep exactly one 'head'"),
            (GoneOnlyHead { died: true }, Lang::Id) => "kepala keluarga meninggal dan tidak ada kepala keluarga baru; pilih kepala keluarga baru di kolom Hubungan anggota lain".into(),
            (GoneOnlyHead { died: true }, Lang::En) => "the head died and no new head is chosen; choose a new head in another member's Relationship field".into(),
            (GoneOnlyHead { died: false }, Lang::Id) => "kepala keluarga pindah keluar dan tidak ada kepala keluarga baru; pilih kepala keluarga baru di kolom Hubungan anggota lain".into(),
            (GoneOnlyHead { died: false }, Lang::En) => "the head moved out and no new head is chosen; choose a new head in another member's Relationship field".into(),
        }
    }
}
