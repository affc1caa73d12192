//! Files other offices exchange (FORMATS.md): SIKS-NG proposals and their
//! Dukcapil matching result, DTKS individual and household rows, the BDT
//! 2015 wide sheet, OpenSID's population templates and raw SIAK columns.
//!
//! A layout is recognised by its header set alone: case, spaces, line
//! breaks and bracketed hints (`TANGGAL LAHIR (31/01/2000)`, `Nama KRT (13)`)
//! are ignored. Every column a layout names is mapped to a field with the
//! code scheme its values use; the relationship scheme is taken from the
//! header (SHDK/STAT_HBKEL/kk_level vs Hub_KRT), never guessed from values.

mod layouts;
pub mod read;
pub mod schemes;

use std::path::{Path, PathBuf};

pub use layouts::{ColumnSpec, Field};
pub use schemes::Scheme;

use super::value::Cell;

/// The layouts of FORMATS.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    SiksUsulan,
    SiksPadan,
    DtksArt,
    DtksRuta,
    Bdt2015,
    OpenSid,
    OpenSidSiak,
    Siak,
    /// OpenSID's programme workbook: its "Peserta" sheet, with the
    /// programme from its "Program" sheet.
    OpenSidProgram,
}

impl Layout {
    pub const ALL: [Layout; 9] = [
        Layout::SiksUsulan,
        Layout::SiksPadan,
        Layout::DtksArt,
        Layout::DtksRuta,
        Layout::Bdt2015,
        Layout::OpenSid,
        Layout::OpenSidSiak,
        Layout::Siak,
        Layout::OpenSidProgram,
    ];

    /// A short stable name, for `--json` and tests.
    pub fn code(self) -> &'static str {
        match self {
            Layout::SiksUsulan => "siks-ng-usulan",
            Layout::SiksPadan => "siks-ng-padan",
            Layout::DtksArt => "dtks-art",
            Layout::DtksRuta => "dtks-ruta",
            Layout::Bdt2015 => "bdt-2015",
            Layout::OpenSid => "opensid",
            Layout::OpenSidSiak => "opensid-siak",
            Layout::Siak => "siak",
            Layout::OpenSidProgram => "opensid-program",
        }
    }

    /// The layout of a stable code, as [`Layout::code`] writes it.
    pub fn parse(code: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Whether the file carries no region code (an OpenSID installation is
    /// one village): the import needs `--kelurahan`.
    pub fn needs_kelurahan(self) -> bool {
        matches!(self, Layout::OpenSid | Layout::OpenSidSiak)
    }

    /// Rows of persons that go into the register (the others are proposals,
    /// matching results or household figures).
    pub fn is_register(self) -> bool {
        matches!(self, Layout::DtksArt | Layout::Bdt2015 | Layout::OpenSid | Layout::OpenSidSiak | Layout::Siak)
    }

    /// Registers the Ministry keeps (DTKS and its BDT predecessor): a person
    /// in one is in DTKS.
    pub fn is_dtks(self) -> bool {
        matches!(self, Layout::DtksArt | Layout::Bdt2015)
    }
}

/// A header cell as compared: lower case, no whitespace, no bracketed part.
pub fn norm_header(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in s.trim_start_matches('\u{feff}').chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 || c.is_whitespace() => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// One column of the file as mapped.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapped {
    /// Position in the row.
    pub index: usize,
    /// The header cell as written.
    pub header: String,
    pub field: Field,
    pub scheme: Scheme,
    /// The layout's own name for the column, for messages.
    pub name: &'static str,
}

/// An office table read whole: a workbook is in memory by nature, and these
/// files are a village's or a kecamatan's rows.
#[derive(Clone, Debug)]
pub struct OfficeTable {
    pub path: PathBuf,
    pub sheet: Option<String>,
    pub layout: Layout,
    /// The header cells as written.
    pub header: Vec<String>,
    pub columns: Vec<Mapped>,
    /// Header cells of columns dtks does not hold.
    pub ignored: Vec<String>,
    /// Data rows: line (CSV) or Excel row number, and the cells.
    pub rows: Vec<(u64, Vec<Cell>)>,
    /// The programme of an OpenSID participants sheet, from the "Program"
    /// sheet of the same workbook.
    pub program: Option<ProgramSheet>,
    /// The CSV delimiter, for the rejects file (`,` for a workbook).
    pub delimiter: u8,
}

/// OpenSID's "Program" sheet: key/value rows (Nama Program, Sasaran
/// Program, Rentang Waktu (Awal)/(Akhir)…), the cells as written.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgramSheet {
    pub sheet: String,
    pub name: String,
    /// Sasaran: 1 penduduk, 2 keluarga, 3 rumah tangga, 4 kelompok.
    pub target: String,
    pub start: Cell,
    pub end: Cell,
}

static EMPTY: Cell = Cell::Empty;

impl OfficeTable {
    pub fn column(&self, field: Field) -> Option<&Mapped> {
        self.columns.iter().find(|m| m.field == field)
    }
    pub fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }
    /// The cell of `field` in `row`, empty when the column is absent.
    pub fn cell<'a>(&self, row: &'a [Cell], field: Field) -> &'a Cell {
        self.column(field).and_then(|m| row.get(m.index)).unwrap_or(&EMPTY)
    }
    /// Trimmed text of `field` in `row`.
    pub fn text(&self, row: &[Cell], field: Field) -> String {
        self.cell(row, field).text()
    }
    /// The layout's name for the column of `field`, for messages.
    pub fn name_of(&self, field: Field) -> &'static str {
        self.column(field).map_or("", |m| m.name)
    }
    /// The scheme of the column of `field`.
    pub fn scheme_of(&self, field: Field) -> Option<Scheme> {
        self.column(field).map(|m| m.scheme)
    }
}

/// What recognising a header row found.
#[derive(Debug, PartialEq)]
pub enum Recognised {
    /// Not one of the office layouts (maybe one of dtks's own tables).
    None,
    One(Layout, Vec<Mapped>, Vec<String>),
    /// More than one layout's columns are all there.
    Ambiguous(Vec<Layout>),
}

/// Recognises a header row among the layouts.
pub fn recognise(header: &[String]) -> Recognised {
    let normed: Vec<String> = header.iter().map(|h| norm_header(h)).collect();
    let mut found = Vec::new();
    for layout in Layout::ALL {
        if let Some(cols) = layouts::match_layout(layout, &normed, header) {
            found.push((layout, cols));
        }
    }
    match found.len() {
        0 => Recognised::None,
        1 => {
            let (layout, cols) = found.remove(0);
            let ignored = normed
                .iter()
                .enumerate()
                .filter(|(i, n)| !n.is_empty() && !cols.iter().any(|m| m.index == *i && m.field != Field::NotHeld))
                .map(|(i, _)| header[i].trim().replace(['\n', '\r'], " "))
                .collect();
            Recognised::One(layout, cols, ignored)
        }
        _ => Recognised::Ambiguous(found.into_iter().map(|(l, _)| l).collect()),
    }
}

/// Why an office file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficeFileError {
    #[error("{}: the header fits several layouts", path.display())]
    Ambiguous { path: PathBuf, sheet: Option<String>, candidates: Vec<Layout> },
    #[error("{}: an OpenSID file carries no region code", path.display())]
    NeedsKelurahan { path: PathBuf, layout: Layout },
    #[error("{}: '{code}' is not a kelurahan code", path.display())]
    BadKelurahan { path: PathBuf, code: String },
    #[error("{}: not an office layout", path.display())]
    NotOffice { path: PathBuf },
    #[error("{}: a participants sheet without its programme", path.display())]
    NoProgramme { path: PathBuf },
}

/// What is wrong with one office row, beside a cell that does not read.
#[derive(Debug, Clone, PartialEq)]
pub enum OfficeProblem {
    /// The row has no No. KK, so no household to put the person in.
    NoKk,
    /// A household new to the register from a layout without RT and RW.
    NoRtRw { layout: Layout },
    /// The region parts do not make a kelurahan code.
    NoRegion { parts: String },
    /// A household-table row whose ID DTKS is neither in this import nor
    /// in the register.
    UnknownHouseholdId { id: String },
    /// A proposal the register's checks refuse.
    Usulan(Vec<crate::domain::usulan::UsulanProblem>),
    /// A person already in the register proposed with no programme.
    NothingToPropose { nik: String },
    /// A matching-result row for a NIK no proposal names.
    NoUsulanForNik { nik: String },
    /// The kelurahan named by its name is not in the region lists.
    UnknownPlace { name: String },
    /// An OpenSID programme dtks does not run.
    UnknownProgramme { name: String },
    /// A programme for groups (kelompok), not persons or households.
    GroupProgramme { target: String },
    /// A participant (NIK or No. KK) the register does not hold.
    NotInRegister { peserta: String },
    /// A card holder's NIK that is no member of the participant KK.
    NotAMember { nik: String, no_kk: String },
    /// A man marked pregnant: the row says something the register
    /// cannot hold.
    PregnantMale { column: &'static str },
    /// A disability said yes with no kind, or a kind with the status no.
    DisabilityUnclear { status: String, kind: String },
}

/// Whether `path` is a workbook (by its extension).
pub fn is_workbook(path: &Path) -> bool {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "xlsx" | "xls" | "xlsm" | "ods")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hdr(s: &str) -> Vec<String> {
        s.split(',').map(|c| c.to_string()).collect()
    }

    #[test]
    fn header_cells_compare_without_case_spaces_breaks_or_brackets() {
        assert_eq!(norm_header(" TANGGAL LAHIR\n(31/01/2000) "), "tanggallahir");
        assert_eq!(norm_header("Kode Desa/Kelurahan (10)"), "kodedesa/kelurahan");
        assert_eq!(norm_header("Hub_KRT"), "hub_krt");
        assert_eq!(norm_header("\u{feff}NIK"), "nik");
    }

    #[test]
    fn each_layout_is_recognised_and_dtks_tables_are_not() {
        let cases = [
            ("NIK,PROGRAM BANSOS,NOKK,NAMA,TANGGAL LAHIR (31/01/2000),JENIS KELAMIN,KELURAHAN", Layout::SiksUsulan),
            ("kecamatan,desa,NIK,program,hasil,padan,NAMA_LGKP,keterangan validasi", Layout::SiksPadan),
            ("IDBDT,IDARTBDT,KDPROP,KDKAB,KDKEC,KDDESA,Nama,JnsKel,NIK,NoKK,Hub_KRT", Layout::DtksArt),
            ("IDBDT,KDDESA,Nama_KRT,Jumlah_ART,Jumlah_Keluarga,percentile", Layout::DtksRuta),
            (
                "ID rumah tangga (2),Kode Desa/Kelurahan (10),Nama KRT (13),Nama ART,NIK,Hubungan dengan kepala keluarga,jenis kelamin",
                Layout::Bdt2015,
            ),
            ("nama,no_kk,nik,sex,tempatlahir,tanggallahir,status_kawin,kk_level,pekerjaan_id", Layout::OpenSid),
            (
                "Nomor KK,NIK,Nama Penduduk,Tempat Lahir,Tanggal Lahir,Kelamin,Status Kawin,SHDK,Pekerjaan",
                Layout::OpenSidSiak,
            ),
            ("NIK,NO_KK,NAMA_LGKP,JENIS_KLMIN,TGL_LHR,STAT_HBKEL,NO_PROP,NO_KAB,NO_KEC,NO_KEL", Layout::Siak),
            ("Peserta,No. Peserta,NIK,Nama,Tempat Lahir,Tanggal Lahir,Alamat", Layout::OpenSidProgram),
        ];
        for (h, want) in cases {
            match recognise(&hdr(h)) {
                Recognised::One(l, ..) => assert_eq!(l, want, "{h}"),
                other => panic!("{h}: {other:?}"),
            }
        }
        let own = "nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,nama_ibu,hubungan,status_kawin,pekerjaan";
        assert_eq!(recognise(&hdr(own)), Recognised::None);
    }

    #[test]
    fn the_relationship_scheme_comes_from_the_header() {
        let Recognised::One(_, cols, _) =
            recognise(&hdr("IDBDT,IDARTBDT,KDPROP,KDKAB,KDKEC,KDDESA,Nama,JnsKel,NIK,NoKK,Hub_KRT"))
        else {
            panic!()
        };
        assert!(cols.iter().any(|m| m.field == Field::Relationship && m.scheme == Scheme::HubKrt));
        let Recognised::One(_, cols, _) =
            recognise(&hdr("NIK,NO_KK,NAMA_LGKP,JENIS_KLMIN,TGL_LHR,STAT_HBKEL,NO_PROP,NO_KAB,NO_KEC,NO_KEL"))
        else {
            panic!()
        };
        assert!(cols.iter().any(|m| m.field == Field::Relationship && m.scheme == Scheme::Shdk));
    }

    #[test]
    fn a_header_of_two_layouts_is_ambiguous() {
        let h = "NIK,NO_KK,NAMA_LGKP,JENIS_KLMIN,TGL_LHR,STAT_HBKEL,NO_PROP,NO_KAB,NO_KEC,NO_KEL,nama,sex,tempatlahir,tanggallahir,status_kawin,kk_level,pekerjaan_id";
        assert_eq!(recognise(&hdr(h)), Recognised::Ambiguous(vec![Layout::OpenSid, Layout::Siak]));
    }
}
