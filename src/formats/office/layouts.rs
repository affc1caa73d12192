//! The columns of each layout: the header names (compared normalised), the
//! register field each fills and the code scheme of its values.

use super::{Layout, Mapped, Scheme};
use crate::domain::Programme;

/// A register field an office column fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Nik,
    NoKk,
    Name,
    Birthplace,
    BirthDate,
    Sex,
    MotherName,
    Relationship,
    Marital,
    Occupation,
    /// DTKS `Sta_Bekerja`, `Lapangan_usaha`, `Status_pekerjaan`: the
    /// occupation is read from the three together.
    Working,
    Sector,
    WorkStatus,
    Disability,
    /// SIKS-NG's STATUS DISABILITAS: whether there is one (its kind is
    /// [`Field::Disability`]).
    DisabilityStatus,
    /// Pregnant or not (Sta_hamil, STATUS HAMIL, hamil), and since when.
    Pregnant,
    PregnantSince,
    /// A whole kelurahan code in one cell.
    Kelurahan,
    /// The code in parts (KDPROP…KDDESA, NO_PROP…NO_KEL).
    Prop,
    Kab,
    Kec,
    Desa,
    /// Region names (SIKS-NG's PROVINSI…KELURAHAN), or codes.
    ProvName,
    KabName,
    KecName,
    KelName,
    Street,
    Rw,
    Rt,
    /// IDBDT ("ID DTKS"), BDT's ID rumah tangga: kept beside the No. KK.
    HouseholdId,
    /// IDARTBDT ("ID ART DTKS").
    PersonId,
    /// DTKS welfare status 1–4 or DTSEN desil 1–10.
    Welfare,
    /// A programme flag (Ada_pkh…): an enrolment.
    Flag(Programme),
    /// SIKS-NG's PROGRAM BANSOS.
    Programme,
    /// The Dukcapil matching result, by position.
    PadanProgram,
    PadanHasil,
    PadanStatus,
    PadanName,
    PadanNote,
    /// OpenSID's Peserta: a NIK or a No. KK, as the programme's sasaran says.
    Participant,
    /// Needed to recognise the layout; dtks does not hold it.
    NotHeld,
}

/// One column of a layout.
#[derive(Clone, Copy, Debug)]
pub struct ColumnSpec {
    /// Header names, normalised, in order of preference.
    pub names: &'static [&'static str],
    pub field: Field,
    pub scheme: Scheme,
    pub required: bool,
    /// The layout's own name, for messages.
    pub name: &'static str,
}

const fn req(names: &'static [&'static str], field: Field, scheme: Scheme, name: &'static str) -> ColumnSpec {
    ColumnSpec { names, field, scheme, required: true, name }
}
const fn opt(names: &'static [&'static str], field: Field, scheme: Scheme, name: &'static str) -> ColumnSpec {
    ColumnSpec { names, field, scheme, required: false, name }
}

use Field as F;
use Scheme as S;

const SIKS_USULAN: &[ColumnSpec] = &[
    req(&["nik"], F::Nik, S::Id16, "NIK"),
    req(&["programbansos"], F::Programme, S::ProgramName, "PROGRAM BANSOS"),
    req(&["nokk"], F::NoKk, S::Id16, "NOKK"),
    req(&["nama"], F::Name, S::Text, "NAMA"),
    opt(&["tempatlahir"], F::Birthplace, S::Text, "TEMPAT LAHIR"),
    req(&["tanggallahir"], F::BirthDate, S::DateDayFirst, "TANGGAL LAHIR"),
    opt(&["ibukandung"], F::MotherName, S::Text, "IBU KANDUNG"),
    req(&["jeniskelamin"], F::Sex, S::Sex, "JENIS KELAMIN"),
    opt(&["statuskawin"], F::Marital, S::Marital, "STATUS KAWIN"),
    opt(&["alamat"], F::Street, S::Text, "ALAMAT"),
    opt(&["rt"], F::Rt, S::Number, "RT"),
    opt(&["rw"], F::Rw, S::Number, "RW"),
    opt(&["provinsi"], F::ProvName, S::RegionName, "PROVINSI"),
    opt(&["kabupaten"], F::KabName, S::RegionName, "KABUPATEN"),
    opt(&["kecamatan"], F::KecName, S::RegionName, "KECAMATAN"),
    req(&["kelurahan"], F::KelName, S::RegionName, "KELURAHAN"),
    opt(&["jenispekerjaan"], F::Occupation, S::PekerjaanSiak, "JENIS PEKERJAAN"),
    opt(&["statusdisabilitas"], F::DisabilityStatus, S::YesNo, "STATUS DISABILITAS"),
    opt(&["kodejenisdisabilitas"], F::Disability, S::DisabilitySiks, "KODE JENIS DISABILITAS"),
    opt(&["statushamil"], F::Pregnant, S::YesNo, "STATUS HAMIL"),
    opt(&["tglmulaihamil"], F::PregnantSince, S::DateDayFirst, "TGL MULAI HAMIL"),
];

const DTKS_ART: &[ColumnSpec] = &[
    req(&["idbdt"], F::HouseholdId, S::Text, "IDBDT"),
    req(&["idartbdt"], F::PersonId, S::Text, "IDARTBDT"),
    req(&["kdprop"], F::Prop, S::RegionPart, "KDPROP"),
    req(&["kdkab"], F::Kab, S::RegionPart, "KDKAB"),
    req(&["kdkec"], F::Kec, S::RegionPart, "KDKEC"),
    req(&["kddesa"], F::Desa, S::RegionPart, "KDDESA"),
    req(&["nama"], F::Name, S::Text, "Nama"),
    req(&["jnskel"], F::Sex, S::Sex, "JnsKel"),
    opt(&["tmplahir"], F::Birthplace, S::Text, "TmpLahir"),
    opt(&["tgllahir"], F::BirthDate, S::Date, "TglLahir"),
    req(&["nik"], F::Nik, S::Id16, "NIK"),
    req(&["nokk"], F::NoKk, S::Id16, "NoKK"),
    // Hub_KRT is to the head of the rumah tangga: a second KK in one rumah
    // tangga has no head of its own and is refused by the checks.
    req(&["hub_krt", "hubkrt", "hubkel"], F::Relationship, S::HubKrt, "Hub_KRT"),
    opt(&["rt", "no_rt"], F::Rt, S::Number, "RT"),
    opt(&["rw", "no_rw"], F::Rw, S::Number, "RW"),
    opt(&["sta_kawin"], F::Marital, S::Marital, "Sta_kawin"),
    opt(&["sta_hamil"], F::Pregnant, S::YesNo, "Sta_hamil"),
    opt(&["jenis_cacat"], F::Disability, S::CacatDtks, "Jenis_cacat"),
    opt(&["sta_bekerja"], F::Working, S::YesNo, "Sta_Bekerja"),
    opt(&["lapangan_usaha"], F::Sector, S::DtksSector, "Lapangan_usaha"),
    opt(&["status_pekerjaan"], F::WorkStatus, S::DtksWorkStatus, "Status_pekerjaan"),
    opt(&["ada_pkh"], F::Flag(Programme::Pkh), S::YesNo, "Ada_pkh"),
    opt(&["ada_bpnt"], F::Flag(Programme::Bpnt), S::YesNo, "Ada_BPNT"),
    opt(&["ada_pbi"], F::Flag(Programme::JknPbi), S::YesNo, "Ada_pbi"),
    opt(&["namagadis_ibukandung"], F::MotherName, S::Text, "namagadis_ibukandung"),
];

const DTKS_RUTA: &[ColumnSpec] = &[
    req(&["idbdt"], F::HouseholdId, S::Text, "IDBDT"),
    req(&["kddesa"], F::NotHeld, S::Text, "KDDESA"),
    req(&["nama_krt"], F::NotHeld, S::Text, "Nama_KRT"),
    req(&["jumlah_art"], F::NotHeld, S::Text, "Jumlah_ART"),
    req(&["percentile"], F::Welfare, S::Welfare, "percentile"),
];

const BDT_2015: &[ColumnSpec] = &[
    req(&["idrumahtangga"], F::HouseholdId, S::Text, "ID rumah tangga"),
    opt(&["kodeprovinsi", "provinsi"], F::Prop, S::RegionPart, "Provinsi"),
    opt(&["kodekabupaten/kota", "kodekabupaten", "kabupaten/kota"], F::Kab, S::RegionPart, "Kabupaten/Kota"),
    opt(&["kodekecamatan", "kecamatan"], F::Kec, S::RegionPart, "Kecamatan"),
    req(&["kodedesa/kelurahan", "kodedesa"], F::Desa, S::RegionPart, "Kode Desa/Kelurahan"),
    req(&["namakrt"], F::NotHeld, S::Text, "Nama KRT"),
    opt(&["alamat"], F::Street, S::Text, "Alamat"),
    opt(&["rt"], F::Rt, S::Number, "RT"),
    opt(&["rw"], F::Rw, S::Number, "RW"),
    req(&["namaart"], F::Name, S::Text, "Nama ART"),
    req(&["nik"], F::Nik, S::Id16, "NIK"),
    opt(&["nomorkk", "nokk", "no.kk", "nomorkartukeluarga"], F::NoKk, S::Id16, "Nomor KK"),
    req(
        &["hubungandengankepalakeluarga", "hubungandengankepalarumahtangga"],
        F::Relationship,
        S::HubKrt,
        "Hubungan dengan kepala keluarga",
    ),
    req(&["jeniskelamin"], F::Sex, S::Sex, "Jenis kelamin"),
    opt(&["tempatlahir"], F::Birthplace, S::Text, "Tempat lahir"),
    opt(&["tanggallahir"], F::BirthDate, S::Date, "Tanggal lahir"),
    opt(&["statusperkawinan"], F::Marital, S::Marital, "Status perkawinan"),
    opt(&["statuskesejahteraan", "desil", "persentil"], F::Welfare, S::Welfare, "Status kesejahteraan"),
];

const OPENSID: &[ColumnSpec] = &[
    opt(&["alamat"], F::Street, S::Text, "alamat"),
    opt(&["rw"], F::Rw, S::Number, "rw"),
    opt(&["rt"], F::Rt, S::Number, "rt"),
    req(&["nama"], F::Name, S::Text, "nama"),
    req(&["no_kk"], F::NoKk, S::Id16, "no_kk"),
    req(&["nik"], F::Nik, S::Id16, "nik"),
    req(&["sex"], F::Sex, S::Sex, "sex"),
    opt(&["tempatlahir"], F::Birthplace, S::Text, "tempatlahir"),
    req(&["tanggallahir"], F::BirthDate, S::Date, "tanggallahir"),
    opt(&["pekerjaan_id"], F::Occupation, S::PekerjaanSiak, "pekerjaan_id"),
    opt(&["status_kawin"], F::Marital, S::Marital, "status_kawin"),
    req(&["kk_level"], F::Relationship, S::Shdk, "kk_level"),
    opt(&["nama_ibu"], F::MotherName, S::Text, "nama_ibu"),
    opt(&["cacat_id"], F::Disability, S::CacatOpenSid, "cacat_id"),
    opt(&["hamil"], F::Pregnant, S::YesNo, "hamil"),
];

const OPENSID_SIAK: &[ColumnSpec] = &[
    req(&["nomorkk"], F::NoKk, S::Id16, "Nomor KK"),
    req(&["nik"], F::Nik, S::Id16, "NIK"),
    req(&["namapenduduk"], F::Name, S::Text, "Nama Penduduk"),
    opt(&["tempatlahir"], F::Birthplace, S::Text, "Tempat Lahir"),
    req(&["tanggallahir"], F::BirthDate, S::Date, "Tanggal Lahir"),
    req(&["kelamin"], F::Sex, S::Sex, "Kelamin"),
    opt(&["ibu"], F::MotherName, S::Text, "Ibu"),
    opt(&["statuskawin"], F::Marital, S::Marital, "Status Kawin"),
    req(&["shdk"], F::Relationship, S::Shdk, "SHDK"),
    opt(&["alamat"], F::Street, S::Text, "Alamat"),
    opt(&["rw"], F::Rw, S::Number, "RW"),
    opt(&["rt"], F::Rt, S::Number, "RT"),
    opt(&["pekerjaan"], F::Occupation, S::PekerjaanSiak, "Pekerjaan"),
];

const SIAK: &[ColumnSpec] = &[
    req(&["nik"], F::Nik, S::Id16, "NIK"),
    req(&["no_kk"], F::NoKk, S::Id16, "NO_KK"),
    req(&["nama_lgkp"], F::Name, S::Text, "NAMA_LGKP"),
    req(&["jenis_klmin"], F::Sex, S::Sex, "JENIS_KLMIN"),
    opt(&["tmpt_lhr"], F::Birthplace, S::Text, "TMPT_LHR"),
    req(&["tgl_lhr"], F::BirthDate, S::Date, "TGL_LHR"),
    opt(&["stat_kwn"], F::Marital, S::Marital, "STAT_KWN"),
    req(&["stat_hbkel"], F::Relationship, S::Shdk, "STAT_HBKEL"),
    opt(&["jenis_pkrjn"], F::Occupation, S::PekerjaanSiak, "JENIS_PKRJN"),
    opt(&["nama_lgkp_ibu"], F::MotherName, S::Text, "NAMA_LGKP_IBU"),
    opt(&["alamat"], F::Street, S::Text, "ALAMAT"),
    opt(&["no_rt"], F::Rt, S::Number, "NO_RT"),
    opt(&["no_rw"], F::Rw, S::Number, "NO_RW"),
    req(&["no_prop"], F::Prop, S::RegionPart, "NO_PROP"),
    req(&["no_kab"], F::Kab, S::RegionPart, "NO_KAB"),
    req(&["no_kec"], F::Kec, S::RegionPart, "NO_KEC"),
    req(&["no_kel"], F::Desa, S::RegionPart, "NO_KEL"),
];

const OPENSID_PESERTA: &[ColumnSpec] = &[
    req(&["peserta"], F::Participant, S::Id16, "Peserta"),
    opt(&["no.peserta", "nopeserta"], F::NotHeld, S::Text, "No. Peserta"),
    req(&["nik"], F::Nik, S::Id16, "NIK"),
    req(&["nama"], F::NotHeld, S::Text, "Nama"),
    opt(&["tempatlahir"], F::NotHeld, S::Text, "Tempat Lahir"),
    opt(&["tanggallahir"], F::NotHeld, S::Text, "Tanggal Lahir"),
    opt(&["alamat"], F::NotHeld, S::Text, "Alamat"),
];

/// The matching result's eight columns, by position.
const SIKS_PADAN: [(Field, Scheme, &str); 8] = [
    (F::NotHeld, S::Text, "kecamatan"),
    (F::NotHeld, S::Text, "desa"),
    (F::Nik, S::Id16, "NIK"),
    (F::PadanProgram, S::ProgramName, "program"),
    (F::PadanHasil, S::Text, "hasil"),
    (F::PadanStatus, S::Text, "padan"),
    (F::PadanName, S::Text, "NAMA_LGKP"),
    (F::PadanNote, S::Text, "keterangan validasi"),
];

pub fn specs(layout: Layout) -> &'static [ColumnSpec] {
    match layout {
        Layout::SiksUsulan => SIKS_USULAN,
        Layout::SiksPadan => &[],
        Layout::DtksArt => DTKS_ART,
        Layout::DtksRuta => DTKS_RUTA,
        Layout::Bdt2015 => BDT_2015,
        Layout::OpenSid => OPENSID,
        Layout::OpenSidSiak => OPENSID_SIAK,
        Layout::Siak => SIAK,
        Layout::OpenSidProgram => OPENSID_PESERTA,
    }
}

/// The columns of `layout` in a header, when all it needs are there.
pub(super) fn match_layout(layout: Layout, normed: &[String], header: &[String]) -> Option<Vec<Mapped>> {
    if layout == Layout::SiksPadan {
        let used = normed.iter().rposition(|n| !n.is_empty()).map_or(0, |i| i + 1);
        let fits = used == 8
            && normed[2] == "nik"
            && (normed[5].contains("padan") || normed[4].contains("hasil"))
            && !normed.iter().any(|n| n == "programbansos");
        return fits.then(|| {
            SIKS_PADAN
                .iter()
                .enumerate()
                .map(|(index, &(field, scheme, name))| Mapped {
                    index,
                    header: header[index].trim().to_string(),
                    field,
                    scheme,
                    name,
                })
                .collect()
        });
    }
    let mut out: Vec<Mapped> = Vec::new();
    for spec in specs(layout) {
        let at = spec.names.iter().find_map(|name| {
            normed.iter().enumerate().position(|(i, n)| n == name && !out.iter().any(|m| m.index == i))
        });
        match at {
            Some(index) => out.push(Mapped {
                index,
                header: header[index].trim().replace(['\n', '\r'], " "),
                field: spec.field,
                scheme: spec.scheme,
                name: spec.name,
            }),
            None if spec.required => return None,
            None => {}
        }
    }
    Some(out)
}
