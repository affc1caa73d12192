//! Coded values of the DTKS instrument.
//!
//! Each enum has a stable lowercase code (used in CSV files and the store,
//! never translated) and a label per language for the screens. Adding a
//! value means adding one line here; the codes are part of the file format.

use serde::{Deserialize, Serialize};

/// Declares an enum whose variants carry a file code, an Indonesian label and
/// an English label.
macro_rules! coded {
    ($(#[$meta:meta])* $name:ident { $($var:ident = $code:literal, $id:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($var),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The code used in files and in the store.
            pub fn code(self) -> &'static str { match self { $($name::$var => $code),+ } }
            /// The label shown to people, Indonesian or English.
            pub fn label(self, lang: $crate::i18n::Lang) -> &'static str {
                match lang {
                    $crate::i18n::Lang::Id => match self { $($name::$var => $id),+ },
                    $crate::i18n::Lang::En => match self { $($name::$var => $en),+ },
                }
            }
            /// Parses a code, case-insensitively, ignoring surrounding spaces.
            /// Also accepts the Indonesian or English label.
            pub fn parse(s: &str) -> Option<$name> {
                let t = s.trim();
                $name::ALL.iter().copied().find(|v| {
                    v.code().eq_ignore_ascii_case(t)
                        || v.label($crate::i18n::Lang::Id).eq_ignore_ascii_case(t)
                        || v.label($crate::i18n::Lang::En).eq_ignore_ascii_case(t)
                })
            }
            /// Comma-separated list of valid codes, for error messages.
            pub fn codes() -> String {
                $name::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", ")
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.code()) }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use coded;

coded!(
    /// Jenis kelamin.
    Sex {
        Male = "L", "Laki-laki", "Male";
        Female = "P", "Perempuan", "Female";
    }
);

coded!(
    /// Hubungan dengan kepala keluarga.
    Relationship {
        Head = "kepala", "Kepala keluarga", "Head of household";
        Spouse = "pasangan", "Istri/suami", "Spouse";
        Child = "anak", "Anak", "Child";
        ChildInLaw = "menantu", "Menantu", "Child-in-law";
        Grandchild = "cucu", "Cucu", "Grandchild";
        Parent = "orang_tua", "Orang tua", "Parent";
        ParentInLaw = "mertua", "Mertua", "Parent-in-law";
        Relative = "famili", "Famili lain", "Other relative";
        Other = "lainnya", "Lainnya", "Other";
    }
);

coded!(
    /// Status perkawinan.
    MaritalStatus {
        Single = "belum_kawin", "Belum kawin", "Never married";
        Married = "kawin", "Kawin", "Married";
        Divorced = "cerai_hidup", "Cerai hidup", "Divorced";
        Widowed = "cerai_mati", "Cerai mati", "Widowed";
    }
);

coded!(
    /// Pekerjaan. The categories the 15 not-eligible reasons need are kept apart.
    Occupation {
        None = "tidak_bekerja", "Tidak bekerja", "Not working";
        Student = "pelajar", "Pelajar/mahasiswa", "Student";
        Homemaker = "mengurus_rumah_tangga", "Mengurus rumah tangga", "Homemaker";
        Labourer = "buruh", "Buruh harian lepas", "Day labourer";
        Farmer = "petani", "Petani", "Farmer";
        Fisher = "nelayan", "Nelayan", "Fisher";
        Trader = "pedagang", "Pedagang", "Trader";
        SelfEmployed = "wiraswasta", "Wiraswasta", "Self-employed";
        PrivateEmployee = "karyawan_swasta", "Karyawan swasta", "Private employee";
        Driver = "pengemudi", "Pengemudi/ojek", "Driver";
        CivilServant = "asn", "ASN (PNS/PPPK)", "Civil servant (ASN)";
        Military = "tni", "TNI", "Military (TNI)";
        Police = "polri", "POLRI", "Police (POLRI)";
        RetiredOfficial = "pensiunan_asn_tni_polri", "Pensiunan ASN/TNI/POLRI", "Retired ASN/TNI/POLRI";
        CertifiedTeacher = "guru_sertifikasi", "Guru bersertifikasi", "Certified teacher";
        HealthWorker = "tenaga_kesehatan", "Tenaga kesehatan", "Health worker";
        VillageOfficial = "perangkat_desa", "Perangkat desa/kelurahan", "Village official";
        CompanyOfficer = "pengurus_perusahaan", "Pengurus/pemilik perusahaan", "Company officer/owner";
        Other = "lainnya", "Lainnya", "Other";
    }
);

impl Occupation {
    /// ASN, TNI or POLRI in active service (reasons 5 and 6).
    pub fn is_state_apparatus(self) -> bool {
        matches!(self, Occupation::CivilServant | Occupation::Military | Occupation::Police)
    }
}

coded!(
    /// Jenis disabilitas.
    Disability {
        Physical = "fisik", "Fisik", "Physical";
        Intellectual = "intelektual", "Intelektual", "Intellectual";
        Mental = "mental", "Mental", "Mental";
        Sensory = "sensorik", "Sensorik", "Sensory";
        Multiple = "ganda", "Ganda", "Multiple";
    }
);

coded!(
    /// Status DTKS of a household or person.
    DtksStatus {
        Proposed = "diusulkan", "Diusulkan", "Proposed";
        Active = "aktif", "Aktif", "Active";
        Inactive = "nonaktif", "Nonaktif", "Inactive";
    }
);

coded!(
    /// Where a proposal or a status change came from.
    Source {
        Regional = "pemda", "Pemerintah daerah", "Regional government";
        Ministry = "kemensos", "Kementerian Sosial", "Ministry";
        SelfProposal = "mandiri", "Usulan mandiri", "Self-proposal";
    }
);

coded!(
    /// Assistance programmes drawing on DTKS.
    Programme {
        Klj = "KLJ", "KLJ (Lansia)", "KLJ (elderly)";
        Kaj = "KAJ", "KAJ (Anak)", "KAJ (children)";
        Kpdj = "KPDJ", "KPDJ (Disabilitas)", "KPDJ (disability)";
        Kparj = "KPARJ", "KPARJ (Yatim COVID-19)", "KPARJ (COVID-19 orphans)";
        Pkh = "PKH", "PKH", "PKH";
        Bpnt = "BPNT", "BPNT", "BPNT";
        JknPbi = "JKN-PBI", "JKN-PBI", "JKN-PBI";
    }
);

coded!(
    /// Status of a person's enrolment in a programme.
    EnrolmentStatus {
        Proposed = "diusulkan", "Diusulkan", "Proposed";
        Active = "aktif", "Aktif", "Active";
        Suspended = "ditangguhkan", "Ditangguhkan", "Suspended";
        Stopped = "berhenti", "Berhenti", "Stopped";
    }
);

coded!(
    /// The 15 reasons a recipient is judged *tidak layak*, numbered as in the
    /// verification guidance.
    NotEligibleReason {
        AddressNotFound = "1", "Alamat tidak ditemukan", "Address not found";
        PersonNotFound = "2", "Individu tidak ditemukan", "Individual not found";
        Deceased = "3", "Meninggal dunia", "Deceased";
        Refused = "4", "Menyatakan menolak bantuan", "Declares refusal of assistance";
        StateApparatus = "5", "Bekerja sebagai ASN/TNI/POLRI", "Works as ASN/TNI/POLRI";
        HeadIsStateApparatus = "6", "Anggota keluarga dari KK berprofesi ASN/TNI/POLRI", "Family member of a KK whose head is ASN/TNI/POLRI";
        RetiredApparatus = "7", "Pensiunan ASN/TNI/POLRI", "Retired ASN/TNI/POLRI";
        CertifiedTeacher = "8", "Guru bersertifikasi", "Certified teacher";
        HealthWorker = "9", "Tenaga kesehatan terdaftar", "Registered health worker";
        VillageOfficial = "10", "Perangkat desa aktif", "Active village official";
        WellOff = "11", "Dianggap mampu atau tidak memenuhi kriteria program", "Considered well-off or not meeting the programme criteria";
        StateBudgetIncome = "12", "Berpenghasilan tetap dari APBN/APBD", "Regular income from APBN/APBD";
        AboveMinimumWage = "13", "Berpenghasilan di atas UMK", "Income above the regional minimum wage";
        CompanyOfficer = "14", "Terdaftar sebagai pengurus/pemilik perusahaan", "Registered company officer or owner";
        OtherAssistance = "15", "Sudah menerima bantuan selain dari Kementerian Sosial", "Already receives non-Ministry assistance";
    }
);

coded!(
    /// Jenis lantai terluas.
    Floor {
        Ceramic = "keramik", "Marmer/granit/keramik", "Marble/granite/ceramic";
        Tile = "ubin", "Ubin/tegel/teraso", "Tile/terrazzo";
        Cement = "semen", "Semen/bata merah", "Cement/red brick";
        Wood = "kayu", "Kayu/papan", "Wood/planks";
        Bamboo = "bambu", "Bambu", "Bamboo";
        Earth = "tanah", "Tanah", "Earth";
        Other = "lainnya", "Lainnya", "Other";
        Unknown = "tidak_diketahui", "Tidak diketahui", "Unknown";
    }
);

coded!(
    /// Jenis dinding terluas.
    Wall {
        Masonry = "tembok", "Tembok", "Masonry";
        PlasteredBamboo = "plesteran_bambu", "Plesteran anyaman bambu/kawat", "Plastered bamboo/wire";
        Wood = "kayu", "Kayu/papan", "Wood/planks";
        WovenBamboo = "anyaman_bambu", "Anyaman bambu", "Woven bamboo";
        Zinc = "seng", "Seng", "Corrugated zinc";
        Other = "lainnya", "Lainnya", "Other";
        Unknown = "tidak_diketahui", "Tidak diketahui", "Unknown";
    }
);

coded!(
    /// Jenis atap terluas.
    Roof {
        Concrete = "beton", "Beton", "Concrete";
        ClayTile = "genteng", "Genteng", "Clay tile";
        Zinc = "seng", "Seng", "Corrugated zinc";
        Asbestos = "asbes", "Asbes", "Asbestos";
        Wood = "kayu", "Kayu/sirap", "Wood/shingle";
        Thatch = "ijuk", "Jerami/ijuk/rumbia", "Thatch";
        Other = "lainnya", "Lainnya", "Other";
        Unknown = "tidak_diketahui", "Tidak diketahui", "Unknown";
    }
);

coded!(
    /// Sumber penerangan utama.
    Lighting {
        PlnMetered = "pln_meteran", "Listrik PLN dengan meteran", "PLN electricity, metered";
        PlnShared = "pln_tanpa_meteran", "Listrik PLN tanpa meteran", "PLN electricity, unmetered";
        NonPln = "non_pln", "Listrik non-PLN", "Non-PLN electricity";
        NoElectricity = "bukan_listrik", "Bukan listrik", "No electricity";
        Unknown = "tidak_diketahui", "Tidak diketahui", "Unknown";
    }
);

coded!(
    /// Sumber air minum utama.
    DrinkingWater {
        Bottled = "kemasan", "Air kemasan/isi ulang", "Bottled/refill";
        Piped = "ledeng", "Leding", "Piped";
        Borehole = "sumur_bor", "Sumur bor/pompa", "Borehole/pump";
        ProtectedWell = "sumur_terlindung", "Sumur terlindung", "Protected well";
        UnprotectedWell = "sumur_tak_terlindung", "Sumur tak terlindung", "Unprotected well";
        Spring = "mata_air", "Mata air", "Spring";
        Rain = "air_hujan", "Air hujan", "Rain water";
        Other = "lainnya", "Lainnya", "Other";
        Unknown = "tidak_diketahui", "Tidak diketahui", "Unknown";
    }
);

coded!(
    /// Fasilitas tempat buang air besar.
    Sanitation {
        Own = "sendiri", "Milik sendiri", "Own";
        Shared = "bersama", "Bersama rumah tangga lain", "Shared";
        Public = "umum", "MCK umum", "Public";
        None = "tidak_ada", "Tidak ada", "None";
        Unknown = "tidak_diketahui", "Tidak diketahui", "Unknown";
    }
);

coded!(
    /// Bahan bakar utama untuk memasak.
    CookingFuel {
        Electricity = "listrik", "Listrik", "Electricity";
        Lpg = "gas", "Gas/elpiji", "Gas/LPG";
        Kerosene = "minyak_tanah", "Minyak tanah", "Kerosene";
        Firewood = "kayu_bakar", "Kayu bakar", "Firewood";
        Charcoal = "arang", "Arang", "Charcoal";
        NoCooking = "tidak_memasak", "Tidak memasak di rumah", "Does not cook at home";
        Other = "lainnya", "Lainnya", "Other";
        Unknown = "tidak_diketahui", "Tidak diketahui", "Unknown";
    }
);

coded!(
    /// Aset yang dimiliki rumah tangga.
    Asset {
        Motorcycle = "sepeda_motor", "Sepeda motor", "Motorcycle";
        Car = "mobil", "Mobil", "Car";
        Refrigerator = "kulkas", "Lemari es", "Refrigerator";
        AirConditioner = "ac", "AC", "Air conditioner";
        Television = "tv", "Televisi", "Television";
        Gold = "emas", "Emas/perhiasan (≥ 10 gram)", "Gold/jewellery (≥ 10 g)";
        Computer = "komputer", "Komputer/laptop", "Computer/laptop";
        Smartphone = "smartphone", "Telepon pintar", "Smartphone";
        Land = "lahan", "Lahan/tanah", "Land";
    }
);
