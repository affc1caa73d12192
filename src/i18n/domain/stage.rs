//! Texts of `domain::stage`: refused transitions and the changes pengesahan made.

use chrono::NaiveDate;

use super::visit::who;
use crate::domain::eligibility::Rule;
use crate::domain::stage::Stage;
use crate::domain::stage::{AppliedChange, Cause, Skip, StageAction, StageError};
use crate::i18n::Lang;

fn d(x: &NaiveDate) -> String {
    x.format("%d-%m-%Y").to_string()
}

fn why(action: StageAction, from: Stage, lang: Lang) -> &'static str {
    use Stage as S;
    use StageAction as A;
    match (action, from, lang) {
        (A::Submit, S::Verified, Lang::Id) => "sudah diajukan dan menunggu finalisasi supervisor",
        (A::Submit, S::Verified, Lang::En) => "it is already submitted and awaits the supervisor's finalisation",
        (A::Submit, S::Finalised, Lang::Id) => "sudah difinalisasi dan menunggu pengesahan",
        (A::Submit, S::Finalised, Lang::En) => "it is already finalised and awaits ratification",
        (A::Finalise, S::Draft | S::Returned, Lang::Id) => {
            "belum diajukan; petugas harus mengajukan verifikasinya dulu"
        }
        (A::Finalise, S::Draft | S::Returned, Lang::En) => "it is not submitted yet; the officer must submit it first",
        (A::Finalise, S::Finalised, Lang::Id) => "sudah difinalisasi",
        (A::Finalise, S::Finalised, Lang::En) => "it is already finalised",
        (A::Return, S::Draft, Lang::Id) => "masih konsep pada petugas; belum ada yang bisa dikembalikan",
        (A::Return, S::Draft, Lang::En) => "it is still the officer's draft; there is nothing to return",
        (A::Return, S::Returned, Lang::Id) => "sudah dikembalikan ke petugas",
        (A::Return, S::Returned, Lang::En) => "it is already returned to the officer",
        (A::Return, S::Finalised, Lang::Id) => {
            "sudah difinalisasi; hanya yang berstatus diverifikasi yang bisa dikembalikan"
        }
        (A::Return, S::Finalised, Lang::En) => "it is already finalised; only a verified visit can be returned",
        (A::Ratify, S::Draft | S::Returned, Lang::Id) => {
            "belum diajukan; urutannya verifikasi → finalisasi → pengesahan"
        }
        (A::Ratify, S::Draft | S::Returned, Lang::En) => {
            "it is not submitted yet; the order is verification → finalisation → ratification"
        }
        (A::Ratify, S::Verified, Lang::Id) => "belum difinalisasi supervisor; finalisasi dulu",
        (A::Ratify, S::Verified, Lang::En) => "it is not finalised by the supervisor yet; finalise it first",
        (_, S::Ratified, Lang::Id) => "sudah disahkan; tidak bisa diubah lagi",
        (_, S::Ratified, Lang::En) => "it is already ratified and cannot change",
        _ => "",
    }
}

impl StageError {
    pub fn message(&self, lang: Lang) -> String {
        use StageError::*;
        match (self, lang) {
            (Illegal { action, from }, Lang::Id) => format!(
                "Tidak bisa {} verifikasi berstatus {}: {}",
                action.label(Lang::Id),
                from.label(Lang::Id).to_lowercase(),
                why(*action, *from, Lang::Id)
            ),
            (Illegal { action, from }, Lang::En) => format!(
                "Cannot {} a verification that is {}: {}",
                action.label(Lang::En),
                from.label(Lang::En).to_lowercase(),
                why(*action, *from, Lang::En)
            ),
            (PeriodClosed { period, closes }, Lang::Id) => format!(
                "Periode {period} sudah ditutup pada {}; pengajuan baru tidak diterima. Ajukan pada periode berikutnya",
                d(closes)
            ),
            (PeriodClosed { period, closes }, Lang::En) => format!(
                "Period {period} closed on {}; new submissions are refused. Submit in the next period",
                d(closes)
            ),
            (WrongPeriod { verification, period }, Lang::Id) => {
                format!("Verifikasi ini milik periode {verification}, bukan {period}; pilih periode yang benar")
            }
            (WrongPeriod { verification, period }, Lang::En) => {
                format!("This verification belongs to period {verification}, not {period}; choose the right period")
            }
            (FormErrors { count, field, problem }, Lang::Id) => {
                let first = format!("{}: {}", field.label(lang), problem.message(lang));
                format!("Formulir masih punya {count} kesalahan; perbaiki dulu. Pertama: {first}")
            }
            (FormErrors { count, field, problem }, Lang::En) => {
                let first = format!("{}: {}", field.label(lang), problem.message(lang));
                format!("The form still has {count} errors; correct them first. First: {first}")
            }
            (NoReturnReason, Lang::Id) => "Alasan pengembalian kosong; tulis apa yang harus diperbaiki petugas".into(),
            (NoReturnReason, Lang::En) => {
                "The reason for returning is empty; write what the officer must correct".into()
            }
            (NoLetterNumber, Lang::Id) => "Nomor surat pengesahan kosong; isi nomor suratnya".into(),
            (NoLetterNumber, Lang::En) => "The ratification letter number is empty; fill it in".into(),
            (LetterAfterToday { date }, Lang::Id) => {
                format!("Tanggal surat pengesahan {} melewati hari ini; periksa tanggalnya", d(date))
            }
            (LetterAfterToday { date }, Lang::En) => {
                format!("The ratification letter date {} is after today; check the date", d(date))
            }
            (LetterBeforeFinalisation { date, finalised }, Lang::Id) => {
                format!("Tanggal surat pengesahan {} sebelum finalisasi {}; periksa tanggalnya", d(date), d(finalised))
            }
            (LetterBeforeFinalisation { date, finalised }, Lang::En) => format!(
                "The ratification letter date {} is before the finalisation on {}; check the date",
                d(date),
                d(finalised)
            ),
        }
    }
}

impl Cause {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Cause::NotEligible(rs) => {
                let list = rs.iter().map(|r| format!("{}. {}", r.code(), r.label(lang))).collect::<Vec<_>>().join("; ");
                match lang {
                    Lang::Id => format!("tidak layak: {list}"),
                    Lang::En => format!("not eligible: {list}"),
                }
            }
            Cause::Update(u) => match lang {
                Lang::Id => format!("pemutakhiran: {}", u.label(lang)),
                Lang::En => format!("data update: {}", u.label(lang)),
            },
            Cause::Rule(name) => {
                let reason = Rule::parse(name).map_or("", |r| r.reason(lang, false));
                match lang {
                    Lang::Id => format!("aturan {name}: {reason}"),
                    Lang::En => format!("rule {name}: {reason}"),
                }
            }
        }
    }
}

impl AppliedChange {
    pub fn message(&self, lang: Lang) -> String {
        use AppliedChange::*;
        let t = |id: &'static str, en: &'static str| match lang {
            Lang::Id => id,
            Lang::En => en,
        };
        match self {
            HouseholdField { field, old, new } => {
                format!("{}: {old} → {new}", field.label(lang))
            }
            HouseholdStatus { from, to } => {
                format!("{}: {} → {}", t("Status keluarga", "Household status"), from.label(lang), to.label(lang))
            }
            PersonField { nik, field, old, new } => {
                format!("NIK {nik}, {}: {old} → {new}", field.label(lang))
            }
            PersonStatus { nik, from, to } => {
                format!("NIK {nik}, {}: {} → {}", t("status DTKS", "DTKS status"), from.label(lang), to.label(lang))
            }
            PersonAdded { nik, presence } => {
                format!("NIK {nik} {} ({})", t("masuk ke keluarga", "joins the household"), presence.label(lang))
            }
            PersonRemoved { person, presence } => format!(
                "NIK {} {} ({})",
                person.nik,
                t("keluar dari keluarga", "leaves the household"),
                presence.label(lang)
            ),
            NotEligibleRecorded { nik, reasons } => {
                format!("NIK {nik}: {}", Cause::NotEligible(reasons.clone()).message(lang))
            }
            NotEligibleCleared { nik, .. } => match lang {
                Lang::Id => format!("NIK {nik}: temuan tidak layak sebelumnya dihapus (dinyatakan layak)"),
                Lang::En => format!("NIK {nik}: earlier not-eligible findings cleared (found eligible)"),
            },
            EnrolmentStarted { nik, programme } => {
                format!("NIK {nik}: {} {}", programme.code(), t("kepesertaan dimulai", "enrolment started"))
            }
            Excluded { nik, programme, cause, stopped } => {
                let what = match (stopped, lang) {
                    (true, Lang::Id) => "kepesertaan dihentikan",
                    (true, Lang::En) => "enrolment stopped",
                    (false, Lang::Id) => "tidak layak",
                    (false, Lang::En) => "not eligible",
                };
                format!("NIK {nik}: {} {what} ({})", programme.code(), cause.message(lang))
            }
            EnrolmentSuspended { nik, programme, cause } => format!(
                "NIK {nik}: {} {} ({})",
                programme.code(),
                t("kepesertaan ditangguhkan", "enrolment suspended"),
                cause.message(lang)
            ),
            Skipped { what, value } => {
                let (subject, field) = match what {
                    Skip::Field { nik, field } => (format!("NIK {nik}"), field.label(lang).to_string()),
                    Skip::RegisteredNik { index, name } => (who(*index, name, lang), "NIK".to_string()),
                    Skip::NewMember { index, name } => {
                        (who(*index, name, lang), t("anggota baru", "new member").into())
                    }
                };
                match lang {
                    Lang::Id => {
                        format!("{subject}, {field}: '{value}' tidak bisa diterapkan; perbaiki dan verifikasi ulang")
                    }
                    Lang::En => {
                        format!("{subject}, {field}: '{value}' could not be applied; correct it and verify again")
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::visit::MemberField;

    #[test]
    fn a_skipped_value_names_its_member_and_field_in_each_language() {
        let new =
            AppliedChange::Skipped { what: Skip::NewMember { index: 3, name: "Bayi".into() }, value: "Bayi".into() };
        assert_eq!(
            new.message(Lang::Id),
            "Anggota 4 (Bayi), anggota baru: 'Bayi' tidak bisa diterapkan; perbaiki dan verifikasi ulang"
        );
        assert_eq!(
            new.message(Lang::En),
            "Member 4 (Bayi), new member: 'Bayi' could not be applied; correct it and verify again"
        );
        let field = AppliedChange::Skipped {
            what: Skip::Field { nik: "3171061708600001".into(), field: MemberField::BirthDate },
            value: "31-02-1960".into(),
        };
        assert!(field.message(Lang::Id).starts_with("NIK 3171061708600001, Tanggal lahir: '31-02-1960'"));
        assert!(field.message(Lang::En).starts_with("NIK 3171061708600001, Birth date: '31-02-1960'"));
    }
}
