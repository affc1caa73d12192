//! Texts of `domain::eligibility`: why each rule passes or fails.

use crate::domain::eligibility::{Rule, RuleOutcome};
use crate::i18n::Lang;

impl Rule {
    /// Why the rule passes (`passed`) or fails, Indonesian or English.
    pub fn reason(self, lang: Lang, passed: bool) -> &'static str {
        match (self, lang, passed) {
            (Rule::DtksActive, Lang::Id, true) => "Terdaftar aktif di DTKS",
            (Rule::DtksActive, Lang::Id, false) => "Tidak aktif di DTKS (masih diusulkan atau nonaktif)",
            (Rule::DtksActive, Lang::En, true) => "Active in DTKS",
            (Rule::DtksActive, Lang::En, false) => "Not active in DTKS (still proposed or deactivated)",

            (Rule::DkiResident, Lang::Id, true) => "Berdomisili di DKI Jakarta",
            (Rule::DkiResident, Lang::Id, false) => "Alamat tidak di DKI Jakarta; program PKD hanya untuk warga DKI",
            (Rule::DkiResident, Lang::En, true) => "Lives in DKI Jakarta",
            (Rule::DkiResident, Lang::En, false) => {
                "Address is outside DKI Jakarta; PKD programmes are for DKI residents only"
            }

            (Rule::NoTidakLayak, Lang::Id, true) => "Tidak ada temuan tidak layak",
            (Rule::NoTidakLayak, Lang::Id, false) => "Ada temuan tidak layak yang tercatat dari verifikasi",
            (Rule::NoTidakLayak, Lang::En, true) => "No not-eligible finding recorded",
            (Rule::NoTidakLayak, Lang::En, false) => "A not-eligible finding from verification is recorded",

            (Rule::OccupationExclusion, Lang::Id, true) => "Pekerjaan tidak termasuk yang dikecualikan",
            (Rule::OccupationExclusion, Lang::Id, false) => {
                "Pekerjaan dikecualikan (ASN/TNI/POLRI, pensiunan, guru bersertifikasi, tenaga kesehatan, perangkat desa, atau pengurus/pemilik perusahaan)"
            }
            (Rule::OccupationExclusion, Lang::En, true) => "Occupation is not an excluded one",
            (Rule::OccupationExclusion, Lang::En, false) => {
                "Excluded occupation (ASN/TNI/POLRI, retired, certified teacher, health worker, village official, or company officer/owner)"
            }

            (Rule::HeadStateApparatus, Lang::Id, true) => "Kepala keluarga bukan ASN/TNI/POLRI",
            (Rule::HeadStateApparatus, Lang::Id, false) => "Anggota keluarga dari KK yang kepalanya ASN/TNI/POLRI",
            (Rule::HeadStateApparatus, Lang::En, true) => "The head of the household is not ASN/TNI/POLRI",
            (Rule::HeadStateApparatus, Lang::En, false) => "Member of a household whose head is ASN/TNI/POLRI",

            (Rule::JknPbiCascade, Lang::Id, true) => "Layak JKN-PBI",
            (Rule::JknPbiCascade, Lang::Id, false) => {
                "Tidak layak JKN-PBI, maka otomatis tidak layak untuk semua program bantuan lain"
            }
            (Rule::JknPbiCascade, Lang::En, true) => "Eligible for JKN-PBI",
            (Rule::JknPbiCascade, Lang::En, false) => {
                "Not eligible for JKN-PBI, and therefore automatically not eligible for any other programme"
            }

            (Rule::Age60Plus, Lang::Id, true) => "Berusia 60 tahun atau lebih",
            (Rule::Age60Plus, Lang::Id, false) => "Belum berusia 60 tahun",
            (Rule::Age60Plus, Lang::En, true) => "Aged 60 or over",
            (Rule::Age60Plus, Lang::En, false) => "Not yet 60 years old",

            (Rule::Age0To6, Lang::Id, true) => "Berusia 0–6 tahun",
            (Rule::Age0To6, Lang::Id, false) => "Sudah berusia 7 tahun atau lebih",
            (Rule::Age0To6, Lang::En, true) => "Aged 0–6",
            (Rule::Age0To6, Lang::En, false) => "Aged 7 or over",

            (Rule::Disability, Lang::Id, true) => "Penyandang disabilitas tercatat",
            (Rule::Disability, Lang::Id, false) => "Tidak ada disabilitas yang tercatat",
            (Rule::Disability, Lang::En, true) => "A disability is recorded",
            (Rule::Disability, Lang::En, false) => "No disability recorded",

            (Rule::CovidOrphan, Lang::Id, true) => {
                "Orang tua/wali meninggal karena COVID-19 dan berusia di bawah 18 tahun"
            }
            (Rule::CovidOrphan, Lang::Id, false) => {
                "Bukan anak yang orang tua/walinya meninggal karena COVID-19, atau sudah berusia 18 tahun"
            }
            (Rule::CovidOrphan, Lang::En, true) => "Parent or guardian died of COVID-19, and under 18",
            (Rule::CovidOrphan, Lang::En, false) => {
                "No parent or guardian recorded as died of COVID-19, or aged 18 or over"
            }

            (Rule::PkhHousehold, Lang::Id, true) => "Keluarga memiliki komponen PKH (anak, lansia, atau disabilitas)",
            (Rule::PkhHousehold, Lang::Id, false) => {
                "Keluarga tidak memiliki komponen PKH yang tercatat (anak di bawah 18, lansia 60+, disabilitas)"
            }
            (Rule::PkhHousehold, Lang::En, true) => "The household has a PKH component (child, elderly or disability)",
            (Rule::PkhHousehold, Lang::En, false) => {
                "No PKH component recorded in the household (child under 18, elderly 60+, disability)"
            }
        }
    }
}

impl RuleOutcome {
    pub fn reason(&self, lang: Lang) -> &'static str {
        self.rule.reason(lang, self.passed)
    }
}
