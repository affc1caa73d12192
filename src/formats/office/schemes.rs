//! The code schemes of office files, read into the register's codes.
//! Cells hold a code or its label; both are read.

use crate::domain::{Disability, MaritalStatus, Occupation, Programme, Relationship, Sex};

/// How a column's values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    Text,
    /// A NIK or No. KK.
    Id16,
    Date,
    /// Dates written dd/mm/yyyy (SIKS-NG).
    DateDayFirst,
    Number,
    /// 1 Laki-laki, 2 Perempuan (L/LK, P/PR).
    Sex,
    /// 1 Belum kawin, 2 Kawin, 3 Cerai hidup, 4 Cerai mati (BK/K/CH/CM).
    Marital,
    /// Dukcapil SHDK 1–11: 2 Suami, 3 Istri, 4 Anak.
    Shdk,
    /// BPS/BDT/DTKS Hub_KRT 1–8: 2 Istri/suami, 3 Anak.
    HubKrt,
    /// Dukcapil occupation 1–89.
    PekerjaanSiak,
    /// 1 Ya, 2 (or 0) Tidak.
    YesNo,
    /// DTKS Lapangan_usaha 1–21.
    DtksSector,
    /// DTKS Status_pekerjaan 1–7.
    DtksWorkStatus,
    /// DTKS Jenis_cacat 0–12.
    CacatDtks,
    /// OpenSID cacat_id 1–7.
    CacatOpenSid,
    /// SIKS-NG's KODE JENIS DISABILITAS: 1 fisik, 2 intelektual, 3 mental,
    /// 4 sensorik (the kinds of UU 8/2016, in its order), 5 ganda, or the
    /// kind's name. The Ministry's own code list is not confirmed.
    DisabilitySiks,
    /// DTKS welfare status 1–4 or DTSEN desil 1–10.
    Welfare,
    /// One part of a wilayah code.
    RegionPart,
    /// A region's name, or its code.
    RegionName,
    /// A programme's name (PKH, BPNT/SEMBAKO, PBI…).
    ProgramName,
}

impl Scheme {
    /// The codes a cell may hold, for a message.
    pub fn codes(self) -> String {
        let s = match self {
            Scheme::Sex => "1 (L), 2 (P)",
            Scheme::Marital => "1 (BK), 2 (K), 3 (CH), 4 (CM)",
            Scheme::Shdk => "1–11 (SHDK)",
            Scheme::HubKrt => "1–8 (Hub_KRT)",
            Scheme::PekerjaanSiak => "1–89",
            Scheme::YesNo => "1, 2",
            Scheme::DtksSector => "1–21",
            Scheme::DtksWorkStatus => "1–7",
            Scheme::CacatDtks => "0–12",
            Scheme::CacatOpenSid => "1–7",
            Scheme::DisabilitySiks => "1 (fisik), 2 (intelektual), 3 (mental), 4 (sensorik), 5 (ganda)",
            Scheme::Welfare => "1–10",
            Scheme::ProgramName => "PKH, BPNT, PBI",
            Scheme::Text
            | Scheme::Id16
            | Scheme::Date
            | Scheme::DateDayFirst
            | Scheme::Number
            | Scheme::RegionPart
            | Scheme::RegionName => "",
        };
        s.to_string()
    }
}

/// Lower case, words separated by one space, `-`/`_` as spaces.
fn fold(s: &str) -> String {
    s.trim().to_lowercase().replace(['-', '_'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn number(s: &str) -> Option<u32> {
    let t = s.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    t.parse().ok()
}

pub fn sex(s: &str) -> Option<Sex> {
    match number(s) {
        Some(1) => return Some(Sex::Male),
        Some(2) => return Some(Sex::Female),
        Some(_) => return None,
        None => {}
    }
    match fold(s).as_str() {
        "l" | "lk" | "laki laki" | "laki" | "pria" | "male" => Some(Sex::Male),
        "p" | "pr" | "perempuan" | "wanita" | "female" => Some(Sex::Female),
        _ => None,
    }
}

pub fn marital(s: &str) -> Option<MaritalStatus> {
    match number(s) {
        Some(1) => return Some(MaritalStatus::Single),
        Some(2) => return Some(MaritalStatus::Married),
        Some(3) => return Some(MaritalStatus::Divorced),
        Some(4) => return Some(MaritalStatus::Widowed),
        Some(_) => return None,
        None => {}
    }
    match fold(s).as_str() {
        "bk" | "belum kawin" => Some(MaritalStatus::Single),
        "k" | "kawin" | "kawin tercatat" | "kawin belum tercatat" => Some(MaritalStatus::Married),
        "ch" | "cerai hidup" => Some(MaritalStatus::Divorced),
        "cm" | "cerai mati" => Some(MaritalStatus::Widowed),
        _ => None,
    }
}

/// The relationship under the scheme the header named.
pub fn relationship(scheme: Scheme, s: &str) -> Option<Relationship> {
    use Relationship as R;
    let by_code = |n: u32| match (scheme, n) {
        (Scheme::Shdk, 1) | (Scheme::HubKrt, 1) => Some(R::Head),
        (Scheme::Shdk, 2 | 3) | (Scheme::HubKrt, 2) => Some(R::Spouse),
        (Scheme::Shdk, 4) | (Scheme::HubKrt, 3) => Some(R::Child),
        (Scheme::Shdk, 5) | (Scheme::HubKrt, 4) => Some(R::ChildInLaw),
        (Scheme::Shdk, 6) | (Scheme::HubKrt, 5) => Some(R::Grandchild),
        (Scheme::Shdk, 7) | (Scheme::HubKrt, 6) => Some(R::Parent),
        (Scheme::Shdk, 8) => Some(R::ParentInLaw),
        (Scheme::Shdk, 9) => Some(R::Relative),
        (Scheme::Shdk, 10 | 11) | (Scheme::HubKrt, 7 | 8) => Some(R::Other),
        _ => None,
    };
    if let Some(n) = number(s) {
        return by_code(n);
    }
    match fold(s).as_str() {
        "kepala keluarga" | "kepala rumah tangga" | "krt" => Some(R::Head),
        "suami" | "istri" | "isteri" | "istri/suami" | "suami/istri" => Some(R::Spouse),
        "anak" => Some(R::Child),
        "menantu" => Some(R::ChildInLaw),
        "cucu" => Some(R::Grandchild),
        "orangtua" | "orang tua" | "orang tua/mertua" => Some(R::Parent),
        "mertua" => Some(R::ParentInLaw),
        "famili lain" | "famili" => Some(R::Relative),
        "pembantu" | "pembantu/sopir" | "lainnya" => Some(R::Other),
        _ => None,
    }
}

/// Dukcapil's occupation list (OpenSID "Kode Data"), 1-based.
const PEKERJAAN: [&str; 89] = [
    "belum/tidak bekerja",
    "mengurus rumah tangga",
    "pelajar/mahasiswa",
    "pensiunan",
    "pegawai negeri sipil (pns)",
    "tentara nasional indonesia (tni)",
    "kepolisian ri (polri)",
    "perdagangan",
    "petani/pekebun",
    "peternak",
    "nelayan/perikanan",
    "industri",
    "konstruksi",
    "transportasi",
    "karyawan swasta",
    "karyawan bumn",
    "karyawan bumd",
    "karyawan honorer",
    "buruh harian lepas",
    "buruh tani/perkebunan",
    "buruh nelayan/perikanan",
    "buruh peternakan",
    "pembantu rumah tangga",
    "tukang cukur",
    "tukang listrik",
    "tukang batu",
    "tukang kayu",
    "tukang sol sepatu",
    "tukang las/pandai besi",
    "tukang jahit",
    "tukang gigi",
    "penata rias",
    "penata busana",
    "penata rambut",
    "mekanik",
    "seniman",
    "tabib",
    "paraji",
    "perancang busana",
    "penterjemah",
    "imam masjid",
    "pendeta",
    "pastor",
    "wartawan",
    "ustadz/mubaligh",
    "juru masak",
    "promotor acara",
    "anggota dpr ri",
    "anggota dpd",
    "anggota bpk",
    "presiden",
    "wakil presiden",
    "anggota mahkamah konstitusi",
    "anggota kabinet/kementerian",
    "duta besar",
    "gubernur",
    "wakil gubernur",
    "bupati",
    "wakil bupati",
    "walikota",
    "wakil walikota",
    "anggota dprd provinsi",
    "anggota dprd kabupaten/kota",
    "dosen",
    "guru",
    "pilot",
    "pengacara",
    "notaris",
    "arsitek",
    "akuntan",
    "konsultan",
    "dokter",
    "bidan",
    "perawat",
    "apoteker",
    "psikiater/psikolog",
    "penyiar televisi",
    "penyiar radio",
    "pelaut",
    "peneliti",
    "sopir",
    "pialang",
    "paranormal",
    "pedagang",
    "perangkat desa",
    "kepala desa",
    "biarawati",
    "wiraswasta",
    "lainnya",
];

/// A Dukcapil occupation (code 1–89 or its label) as the register's
/// category. Teachers and lecturers are not known to be certified: they
/// are `lainnya` until a verification says otherwise.
pub fn occupation_siak(s: &str) -> Option<Occupation> {
    use Occupation as O;
    let code = match number(s) {
        Some(n) => n,
        None => {
            let f = fold(s);
            let short = match f.as_str() {
                "pns" | "asn" => Some(5),
                "tni" => Some(6),
                "polri" => Some(7),
                "belum bekerja" | "tidak bekerja" => Some(1),
                _ => None,
            };
            match short {
                Some(n) => n,
                None => match PEKERJAAN.iter().position(|p| fold(p) == f) {
                    Some(i) => i as u32 + 1,
                    // dtks's own categories, as its SIKS-NG export writes
                    // those no one Dukcapil entry names.
                    None => return O::parse(s.trim()),
                },
            }
        }
    };
    Some(match code {
        1 => O::None,
        2 => O::Homemaker,
        3 => O::Student,
        4 => O::RetiredOfficial,
        5 => O::CivilServant,
        6 => O::Military,
        7 => O::Police,
        8 | 84 => O::Trader,
        9 | 10 => O::Farmer,
        11 => O::Fisher,
        15..=17 => O::PrivateEmployee,
        19..=23 => O::Labourer,
        72..=76 => O::HealthWorker,
        81 => O::Driver,
        85 | 86 => O::VillageOfficial,
        88 => O::SelfEmployed,
        12..=14 | 18 | 24..=71 | 77..=80 | 82 | 83 | 87 | 89 => O::Other,
        _ => return None,
    })
}

/// The occupation from DTKS's three work columns. The DTKS instrument asks
/// the sector and status of work, not the post, so none of the not-eligible
/// categories (ASN, teacher, health worker…) follows from it.
pub fn occupation_dtks(working: Option<bool>, sector: Option<u32>, status: Option<u32>) -> Occupation {
    use Occupation as O;
    if working == Some(false) {
        return O::None;
    }
    match (sector, status) {
        (Some(1..=3 | 6 | 7), Some(5)) => O::Labourer,
        (Some(1..=3 | 6 | 7), _) => O::Farmer,
        (Some(4 | 5), _) => O::Fisher,
        (Some(12), _) => O::Trader,
        (Some(14), Some(1..=3)) => O::Driver,
        (_, Some(4)) => O::PrivateEmployee,
        (_, Some(5 | 6)) => O::Labourer,
        (_, Some(1..=3)) => O::SelfEmployed,
        (None, None) if working.is_none() => O::None,
        _ => O::Other,
    }
}

/// A code of a numbered scheme (sector, work status).
pub fn code(s: &str) -> Option<u32> {
    number(s)
}

/// Disability under DTKS's or OpenSID's list: `Some(None)` is "none".
pub fn disability(scheme: Scheme, s: &str) -> Option<Option<Disability>> {
    use Disability as D;
    let Some(n) = number(s) else {
        return (scheme == Scheme::DisabilitySiks).then(|| disability_name(s)).flatten().map(Some);
    };
    match scheme {
        Scheme::CacatDtks => match n {
            0 => Some(None),
            1 => Some(Some(D::Physical)),
            2..=5 => Some(Some(D::Sensory)),
            6..=9 | 12 => Some(Some(D::Multiple)),
            10 => Some(Some(D::Intellectual)),
            11 => Some(Some(D::Mental)),
            _ => None,
        },
        Scheme::DisabilitySiks => Disability::ALL.get((n as usize).checked_sub(1)?).copied().map(Some),
        Scheme::CacatOpenSid => match n {
            1 => Some(Some(D::Physical)),
            2 | 3 => Some(Some(D::Sensory)),
            4 => Some(Some(D::Mental)),
            5 => Some(Some(D::Multiple)),
            // "Cacat lainnya" names no kind the register has.
            6 | 7 => Some(None),
            _ => None,
        },
        _ => None,
    }
}

/// A kind of disability by its name ("Disabilitas Fisik", "tuna netra").
fn disability_name(s: &str) -> Option<Disability> {
    use Disability as D;
    let f = fold(s);
    let f = f.strip_prefix("disabilitas ").or_else(|| f.strip_prefix("penyandang disabilitas ")).unwrap_or(&f);
    D::parse(f).or(match f {
        "tuna daksa" | "tunadaksa" | "daksa" => Some(D::Physical),
        "tuna netra" | "tunanetra" | "netra" | "tuna rungu" | "tunarungu" | "rungu" | "tuna wicara" | "tunawicara"
        | "wicara" | "rungu wicara" => Some(D::Sensory),
        "tuna grahita" | "tunagrahita" | "grahita" => Some(D::Intellectual),
        "psikososial" | "jiwa" => Some(D::Mental),
        "multi" | "ganda/multi" => Some(D::Multiple),
        _ => None,
    })
}

/// A proposal's JENIS PEKERJAAN as SIKS-NG writes it back: the Dukcapil
/// label where one entry is the category, else dtks's own label (read
/// back by [`occupation_siak`]).
pub fn occupation_siks_label(o: Occupation) -> String {
    use Occupation as O;
    let dukcapil = match o {
        O::None => Some(1),
        O::Homemaker => Some(2),
        O::Student => Some(3),
        O::RetiredOfficial => Some(4),
        O::CivilServant => Some(5),
        O::Military => Some(6),
        O::Police => Some(7),
        O::Farmer => Some(9),
        O::Fisher => Some(11),
        O::PrivateEmployee => Some(15),
        O::Labourer => Some(19),
        O::Driver => Some(81),
        O::Trader => Some(84),
        O::VillageOfficial => Some(85),
        O::SelfEmployed => Some(88),
        O::Other => Some(89),
        O::CertifiedTeacher | O::HealthWorker | O::CompanyOfficer => None,
    };
    match dukcapil.and_then(|n: usize| PEKERJAAN.get(n - 1)) {
        Some(label) => label.to_uppercase(),
        None => o.label(crate::i18n::Lang::Id).to_uppercase(),
    }
}

pub fn yes_no(s: &str) -> Option<bool> {
    match number(s) {
        Some(1) => Some(true),
        Some(0 | 2) => Some(false),
        Some(_) => None,
        None => match fold(s).as_str() {
            "ya" | "y" | "ada" => Some(true),
            "tidak" | "t" | "tidak ada" => Some(false),
            _ => None,
        },
    }
}

/// DTKS welfare status 1–4 reads as desil 1–4 (1 = the poorest 10 %).
pub fn welfare(s: &str) -> Option<u8> {
    number(s).filter(|n| (1..=10).contains(n)).map(|n| n as u8)
}

pub fn programme(s: &str) -> Option<Programme> {
    Programme::parse(s).or_else(|| match fold(s).as_str() {
        "pbi" | "pbi jk" | "pbi jkn" | "kis" | "jkn pbi" => Some(Programme::JknPbi),
        "sembako" | "bpnt/sembako" | "bpnt sembako" | "program sembako" => Some(Programme::Bpnt),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_digits_mean_other_relationships_in_the_two_schemes() {
        assert_eq!(relationship(Scheme::Shdk, "2"), Some(Relationship::Spouse));
        assert_eq!(relationship(Scheme::Shdk, "3"), Some(Relationship::Spouse));
        assert_eq!(relationship(Scheme::HubKrt, "3"), Some(Relationship::Child));
        assert_eq!(relationship(Scheme::Shdk, "4"), Some(Relationship::Child));
        assert_eq!(relationship(Scheme::HubKrt, "4"), Some(Relationship::ChildInLaw));
        assert_eq!(relationship(Scheme::Shdk, "8"), Some(Relationship::ParentInLaw));
        assert_eq!(relationship(Scheme::HubKrt, "9"), None);
        assert_eq!(relationship(Scheme::Shdk, "Kepala Keluarga"), Some(Relationship::Head));
    }

    #[test]
    fn labels_and_aliases() {
        assert_eq!(sex("LK"), Some(Sex::Male));
        assert_eq!(sex("Laki-Laki"), Some(Sex::Male));
        assert_eq!(sex("Pr"), Some(Sex::Female));
        assert_eq!(sex("3"), None);
        assert_eq!(marital("CH"), Some(MaritalStatus::Divorced));
        assert_eq!(marital("BELUM KAWIN"), Some(MaritalStatus::Single));
        assert_eq!(occupation_siak("5"), Some(Occupation::CivilServant));
        assert_eq!(occupation_siak("Pegawai Negeri Sipil (PNS)"), Some(Occupation::CivilServant));
        assert_eq!(occupation_siak("PERAWAT"), Some(Occupation::HealthWorker));
        assert_eq!(occupation_siak("86"), Some(Occupation::VillageOfficial));
        assert_eq!(occupation_siak("90"), None);
        assert_eq!(programme("PBI JK"), Some(Programme::JknPbi));
        assert_eq!(programme("sembako"), Some(Programme::Bpnt));
    }

    #[test]
    fn every_category_written_for_siks_ng_reads_back_as_itself() {
        for &o in Occupation::ALL {
            let label = occupation_siks_label(o);
            assert_eq!(occupation_siak(&label), Some(o), "{label}");
        }
        assert_eq!(occupation_siks_label(Occupation::CivilServant), "PEGAWAI NEGERI SIPIL (PNS)");
    }

    #[test]
    fn siks_ng_disability_kinds_by_code_or_name() {
        use Disability as D;
        let read = |s: &str| disability(Scheme::DisabilitySiks, s);
        assert_eq!(read("1"), Some(Some(D::Physical)));
        assert_eq!(read("4"), Some(Some(D::Sensory)));
        assert_eq!(read("5"), Some(Some(D::Multiple)));
        assert_eq!((read("0"), read("6")), (None, None));
        assert_eq!(read("Disabilitas Mental"), Some(Some(D::Mental)));
        assert_eq!(read("TUNA NETRA"), Some(Some(D::Sensory)));
        assert_eq!(read("entah"), None);
    }
}
