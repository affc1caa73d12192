//! Texts of `domain::usulan`: proposal problems and the 30-day deadline.

use chrono::NaiveDate;

use crate::domain::usulan::{ADDRESS_MATCH_PERCENT, Deadline, UsulanProblem, Whose};
use crate::i18n::Lang;

impl Whose {
    /// "Andi (NIK 3171…)", "NIK 3171…", "orang ke-2", or "KK 3171…".
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Whose::Household { no_kk } => format!("KK {no_kk}"),
            Whose::Person(m) => {
                let (name, nik, n) = (m.name.trim(), m.nik.trim(), m.index + 1);
                match (name.is_empty(), nik.is_empty(), lang) {
                    (false, false, _) => format!("{name} (NIK {nik})"),
                    (false, true, _) => name.to_string(),
                    (true, false, _) => format!("NIK {nik}"),
                    (true, true, Lang::Id) => format!("orang ke-{n}"),
                    (true, true, Lang::En) => format!("person {n}"),
                }
            }
        }
    }
}

fn d(x: &NaiveDate) -> String {
    x.format("%d-%m-%Y").to_string()
}

impl UsulanProblem {
    /// The message for people, Indonesian or English.
    pub fn message(&self, lang: Lang) -> String {
        use UsulanProblem::*;
        match (self, lang) {
            (NoPersons, Lang::Id) => "Usulan tidak memuat orang; tambahkan minimal satu anggota keluarga".into(),
            (NoPersons, Lang::En) => "The proposal names nobody; add at least one household member".into(),
            (TargetNotNamed { nik }, Lang::Id) => format!("NIK yang diusulkan {nik} tidak ada dalam daftar orang usulan; tambahkan datanya"),
            (TargetNotNamed { nik }, Lang::En) => format!("The proposed NIK {nik} is not among the persons of the proposal; add their data"),
            (ProgrammesOnEntry, Lang::Id) => "Usulan masuk DTKS saja tidak memuat program; hapus programnya atau pilih jenis 'masuk DTKS sekaligus bansos'".into(),
            (ProgrammesOnEntry, Lang::En) => "A proposal only to enter DTKS names no programme; remove the programmes or choose 'enter DTKS and receive assistance'".into(),
            (NoProgramme { kind }, Lang::Id) => format!("{}: pilih minimal satu program yang diusulkan", kind.label(Lang::Id)),
            (NoProgramme { kind }, Lang::En) => format!("{}: choose at least one programme", kind.label(Lang::En)),
            (NoEnteredBy, Lang::Id) => "Nama petugas yang mencatat usulan kosong; isi nama pencatat".into(),
            (NoEnteredBy, Lang::En) => "Who entered the proposal is empty; fill in the user's name".into(),
            (AlreadyInDtks { nik }, Lang::Id) => format!("NIK {nik} sudah terdaftar aktif di DTKS; usulkan jenis 3 (bansos/JKN-PBI) bila perlu"),
            (AlreadyInDtks { nik }, Lang::En) => format!("NIK {nik} is already active in DTKS; propose kind 3 (assistance/JKN-PBI) instead if needed"),
            (NotInDtks { nik }, Lang::Id) => format!("NIK {nik} belum aktif di DTKS; usulkan jenis 2 (masuk DTKS sekaligus bansos)"),
            (NotInDtks { nik }, Lang::En) => format!("NIK {nik} is not active in DTKS; propose kind 2 (enter DTKS and receive assistance)"),
            (AlreadyRecipient { nik, programme }, Lang::Id) => format!("NIK {nik} sudah menjadi penerima {}; hapus program itu dari usulan", programme.label(Lang::Id)),
            (AlreadyRecipient { nik, programme }, Lang::En) => format!("NIK {nik} already receives {}; remove that programme from the proposal", programme.label(Lang::En)),
            (Missing { who, field }, Lang::Id) => format!("{} milik {} kosong; isi sesuai KTP/KK", field.label(lang), who.label(lang)),
            (Missing { who, field }, Lang::En) => format!("{} of {} is empty; fill it in as on the KTP/KK", field.label(lang), who.label(lang)),
            (NikInvalid { who, error }, Lang::Id) => format!("NIK {}: {}", who.label(lang), error.message(lang)),
            (NikInvalid { who, error }, Lang::En) => format!("NIK of {}: {}", who.label(lang), error.message(lang)),
            (NikBirthDate { nik, in_nik, proposed }, Lang::Id) => format!("NIK {nik} menunjukkan tanggal lahir {}, usulan menulis {}; data harus padan dengan Dukcapil", d(in_nik), d(proposed)),
            (NikBirthDate { nik, in_nik, proposed }, Lang::En) => format!("NIK {nik} gives birth date {} but the proposal says {}; the data must match Dukcapil", d(in_nik), d(proposed)),
            (NikSex { nik, in_nik, proposed }, Lang::Id) => format!("NIK {nik} menunjukkan jenis kelamin {}, usulan menulis {}; data harus padan dengan Dukcapil", in_nik.label(Lang::Id), proposed.label(Lang::Id)),
            (NikSex { nik, in_nik, proposed }, Lang::En) => format!("NIK {nik} says {} but the proposal says {}; the data must match Dukcapil", in_nik.label(Lang::En).to_lowercase(), proposed.label(Lang::En).to_lowercase()),
            (AddressMismatch { nik, percent, differing }, Lang::Id) => format!(
                "Alamat usulan NIK {nik} hanya {percent}% sama dengan alamat di DTKS (minimal {ADDRESS_MATCH_PERCENT}%); berbeda: {}; periksa alamatnya",
                differing.iter().map(|f| f.label(Lang::Id)).collect::<Vec<_>>().join(", ")
            ),
            (AddressMismatch { nik, percent, differing }, Lang::En) => format!(
                "The proposed address of NIK {nik} agrees only {percent}% with the register (at least {ADDRESS_MATCH_PERCENT}% needed); differs in: {}; check the address",
                differing.iter().map(|f| f.label(Lang::En)).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

impl Deadline {
    /// Short text for a queue column.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Deadline::NotApplicable, _) => "—".into(),
            (Deadline::Open { deadline, days_left }, Lang::Id) => {
                format!("sisa {days_left} hari (batas {})", d(deadline))
            }
            (Deadline::Open { deadline, days_left }, Lang::En) => {
                format!("{days_left} days left (until {})", d(deadline))
            }
            (Deadline::VerifiedInTime { on }, Lang::Id) => format!("diverifikasi {}", d(on)),
            (Deadline::VerifiedInTime { on }, Lang::En) => format!("verified {}", d(on)),
            (Deadline::AutoEligible { since }, Lang::Id) => {
                format!("layak otomatis sejak {}", d(since))
            }
            (Deadline::AutoEligible { since }, Lang::En) => {
                format!("layak otomatis (deemed eligible) since {}", d(since))
            }
        }
    }
}

impl crate::domain::codes::Source {
    /// The source in one word, for a table column; `label` says it whole.
    pub fn short_label(self, lang: Lang) -> &'static str {
        use crate::domain::codes::Source::*;
        match (lang, self) {
            (Lang::Id, Regional) => "Pemda",
            (Lang::En, Regional) => "Regional",
            (Lang::Id, Ministry) => "Kemensos",
            (Lang::En, Ministry) => "Ministry",
            (Lang::Id, SelfProposal) => "Mandiri",
            (Lang::En, SelfProposal) => "Self",
        }
    }
}

impl crate::domain::usulan::UsulanKind {
    /// The kind in a word or two, for a table column; `label` says it whole.
    pub fn short_label(self, lang: Lang) -> &'static str {
        crate::domain::muskel::ItemKind::from(self).short_label(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::usulan::PopField;
    use crate::domain::validate::MemberRef;

    #[test]
    fn a_person_without_name_or_nik_is_named_by_position_in_each_language() {
        let who = Whose::Person(MemberRef { index: 1, name: " ".into(), nik: String::new() });
        let p = UsulanProblem::Missing { who, field: PopField::Name };
        assert_eq!(p.message(Lang::Id), "Nama lengkap milik orang ke-2 kosong; isi sesuai KTP/KK");
        assert_eq!(p.message(Lang::En), "Full name of person 2 is empty; fill it in as on the KTP/KK");
    }
}
