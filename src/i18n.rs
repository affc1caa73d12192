//! The UI text catalogue (Indonesian by default, English with `--lang en`)
//! and the Indonesian ways of writing dates, money and counts.
//!
//! `text` matches on every (language, message) pair with no catch-all arm, so
//! a message without a translation does not compile.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Id,
    En,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language '{0}': use 'id' (Indonesian) or 'en' (English)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, UnknownLang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" => Ok(Lang::Id),
            "en" => Ok(Lang::En),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Id => "id",
            Lang::En => "en",
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    // Screen and overlay titles.
    TitleDashboard,
    TitleHouseholds,
    TitleHousehold,
    TitlePerson,
    TitleCounts,
    TitleRecent,
    TitleHelp,
    TitlePalette,
    TitleConfirm,
    DashboardBody,
    // Keymap contexts, as headings in the help overlay.
    CtxGlobal,
    CtxList,
    CtxDetail,
    CtxInput,
    CtxHelp,
    CtxPalette,
    CtxDialog,
    // Short labels for the status bar.
    HintOpen,
    HintBack,
    HintSearch,
    HintHelp,
    HintPalette,
    HintQuit,
    HintRun,
    HintClose,
    HintScroll,
    HintPane,
    HintYes,
    HintNo,
    // Notices and dialogs.
    ConfirmQuit,
    NotAvailable,
    AtFirstScreen,
    PaletteNoMatch,
    KeymapErrors,
    // One help text per action.
    HelpUp,
    HelpDown,
    HelpPageUp,
    HelpPageDown,
    HelpHome,
    HelpEnd,
    HelpOpen,
    HelpBack,
    HelpNextPane,
    HelpPrevPane,
    HelpSearch,
    HelpSearchNext,
    HelpSearchPrev,
    HelpFilter,
    HelpFilterClear,
    HelpHelp,
    HelpPalette,
    HelpQuit,
    HelpForceQuit,
    HelpGoDashboard,
    HelpGoHouseholds,
    HelpGoRecent,
    HelpCounts,
    HelpExport,
    HelpExportCsv,
    HelpConfirm,
    HelpCancel,
    // Screens.
    DashCounting,
    DashScope,
    DashAll,
    DashHouseholds,
    DashPersons,
    DashStatus,
    DashProgrammes,
    DashTahap,
    DashQueues,
    QueueVerify,
    QueueDeactivate,
    QueueEmpty,
    StatsFailed,
    SearchLabel,
    ColKk,
    ColHead,
    ColAddress,
    ColRtRw,
    ColMembers,
    ColStatus,
    ColName,
    ColNik,
    ColRel,
    ColSex,
    ColAge,
    ColProgramme,
    ColSince,
    ColUntil,
    ColPeriod,
    ColSource,
    ColNote,
    ColWhen,
    ColUser,
    ColAction,
    UnitHouseholds,
    MoreRows,
    NoResults,
    HintList,
    HintSearchBox,
    HintCounts,
    HintExport,
    HintArea,
    HintHouseholds,
    HintRecent,
    HintColumn,
    HintMember,
    HintOpenHh,
    ExportDone,
    ExportFailed,
    SecAddress,
    SecInfo,
    SecMembers,
    SecHistory,
    SecEnrol,
    SecAudit,
    LblFloor,
    LblWall,
    LblRoof,
    LblLighting,
    LblWater,
    LblSanitation,
    LblFuel,
    LblAssets,
    LblDecile,
    LblStatus,
    LblRegion,
    LblBirth,
    LblMother,
    LblMarital,
    LblOccupation,
    LblDisability,
    LblCovid,
    LblNotEligible,
    LblHousehold,
    SecPerson,
    SecNik,
    LblNikRegion,
    LblNikBirth,
    LblNikSex,
    LblNikSerial,
    NikOk,
    NikBad,
    SecEligibility,
    Eligible,
    NotEligible,
    DecidedBy,
    Yes,
    No,
    None,
    Years,
    CountsBy,
    CntKelurahan,
    CntRw,
    CntProgramme,
    CntStatus,
    CntSex,
    CntAge,
    CntValue,
    CntCount,
    CntNone,
    RecentEmpty,
    HouseholdNotFound,
    LoadFailed,
    HintFilter,
    HintClearFilters,
    HintChoose,
    HintDone,
    FilterTitle,
    FilterLabel,
    FilterNone,
    FltRegion,
    FltRw,
    FltRt,
    FltProgramme,
    FltStatus,
    FltAny,
    FltClearAll,
    FltTypeNumber,
    FltRegionsPending,
    FltHelp,
    ColMatched,
    Member,
    Of,
    Row,
}

pub fn text(lang: Lang, msg: Msg) -> &'static str {
    use Lang::{En, Id};
    use Msg::*;
    match (lang, msg) {
        (Id, TitleDashboard) => "Beranda",
        (En, TitleDashboard) => "Dashboard",
        (Id, TitleHouseholds) => "Rumah Tangga",
        (En, TitleHouseholds) => "Households",
        (Id, TitleHousehold) => "Detail Keluarga",
        (En, TitleHousehold) => "Household",
        (Id, TitlePerson) => "Detail Anggota",
        (En, TitlePerson) => "Person",
        (Id, TitleCounts) => "Hitung",
        (En, TitleCounts) => "Counts",
        (Id, TitleRecent) => "Terakhir Dilihat",
        (En, TitleRecent) => "Recently viewed",
        (Id, TitleHelp) => "Bantuan",
        (En, TitleHelp) => "Help",
        (Id, TitlePalette) => "Palet Perintah",
        (En, TitlePalette) => "Command palette",
        (Id, TitleConfirm) => "Konfirmasi",
        (En, TitleConfirm) => "Confirm",
        (Id, DashboardBody) => "Data Terpadu Kesejahteraan Sosial",
        (En, DashboardBody) => "Integrated Social Welfare Data (DTKS)",

        (Id, CtxGlobal) => "Umum",
        (En, CtxGlobal) => "Everywhere",
        (Id, CtxList) => "Daftar",
        (En, CtxList) => "Lists",
        (Id, CtxDetail) => "Detail",
        (En, CtxDetail) => "Details",
        (Id, CtxInput) => "Isian teks",
        (En, CtxInput) => "Text fields",
        (Id, CtxHelp) => "Bantuan",
        (En, CtxHelp) => "Help",
        (Id, CtxPalette) => "Palet perintah",
        (En, CtxPalette) => "Command palette",
        (Id, CtxDialog) => "Dialog",
        (En, CtxDialog) => "Dialogs",

        (Id, HintOpen) => "Buka",
        (En, HintOpen) => "Open",
        (Id, HintBack) => "Kembali",
        (En, HintBack) => "Back",
        (Id, HintSearch) => "Cari",
        (En, HintSearch) => "Search",
        (Id, HintHelp) => "Bantuan",
        (En, HintHelp) => "Help",
        (Id, HintPalette) => "Perintah",
        (En, HintPalette) => "Commands",
        (Id, HintQuit) => "Keluar",
        (En, HintQuit) => "Quit",
        (Id, HintRun) => "Jalankan",
        (En, HintRun) => "Run",
        (Id, HintClose) => "Tutup",
        (En, HintClose) => "Close",
        (Id, HintScroll) => "Gulir",
        (En, HintScroll) => "Scroll",
        (Id, HintPane) => "Panel",
        (En, HintPane) => "Pane",
        (Id, HintYes) => "Ya",
        (En, HintYes) => "Yes",
        (Id, HintNo) => "Tidak",
        (En, HintNo) => "No",

        (Id, ConfirmQuit) => "Ada perubahan belum disimpan. Keluar? (y/n)",
        (En, ConfirmQuit) => "There are unsaved changes. Quit? (y/n)",
        (Id, NotAvailable) => "Perintah ini belum tersedia di sini.",
        (En, NotAvailable) => "This command is not available here yet.",
        (Id, AtFirstScreen) => "Sudah di layar pertama.",
        (En, AtFirstScreen) => "Already at the first screen.",
        (Id, PaletteNoMatch) => "Tidak ada perintah yang cocok.",
        (En, PaletteNoMatch) => "No command matches.",
        (Id, KeymapErrors) => "Kesalahan di keymap",
        (En, KeymapErrors) => "Keymap errors",

        (Id, HelpUp) => "Naik satu baris",
        (En, HelpUp) => "Move up one row",
        (Id, HelpDown) => "Turun satu baris",
        (En, HelpDown) => "Move down one row",
        (Id, HelpPageUp) => "Naik satu halaman",
        (En, HelpPageUp) => "Move up one page",
        (Id, HelpPageDown) => "Turun satu halaman",
        (En, HelpPageDown) => "Move down one page",
        (Id, HelpHome) => "Ke baris pertama",
        (En, HelpHome) => "Go to the first row",
        (Id, HelpEnd) => "Ke baris terakhir",
        (En, HelpEnd) => "Go to the last row",
        (Id, HelpOpen) => "Buka yang dipilih",
        (En, HelpOpen) => "Open the selected item",
        (Id, HelpBack) => "Kembali / tutup",
        (En, HelpBack) => "Go back / close",
        (Id, HelpNextPane) => "Panel berikutnya",
        (En, HelpNextPane) => "Next pane",
        (Id, HelpPrevPane) => "Panel sebelumnya",
        (En, HelpPrevPane) => "Previous pane",
        (Id, HelpSearch) => "Cari",
        (En, HelpSearch) => "Search",
        (Id, HelpSearchNext) => "Hasil pencarian berikutnya",
        (En, HelpSearchNext) => "Next search match",
        (Id, HelpSearchPrev) => "Hasil pencarian sebelumnya",
        (En, HelpSearchPrev) => "Previous search match",
        (Id, HelpFilter) => "Saring daftar: wilayah, RW, RT, program, status DTKS",
        (En, HelpFilter) => "Filter the list: area, RW, RT, programme, DTKS status",
        (Id, HelpFilterClear) => "Hapus semua saringan",
        (En, HelpFilterClear) => "Clear all filters",
        (Id, HelpHelp) => "Bantuan tombol",
        (En, HelpHelp) => "Show key help",
        (Id, HelpPalette) => "Palet perintah",
        (En, HelpPalette) => "Command palette",
        (Id, HelpQuit) => "Keluar",
        (En, HelpQuit) => "Quit",
        (Id, HelpForceQuit) => "Keluar tanpa bertanya",
        (En, HelpForceQuit) => "Quit without asking",
        (Id, HelpGoDashboard) => "Ke Beranda",
        (En, HelpGoDashboard) => "Go to the dashboard",
        (Id, HelpGoHouseholds) => "Ke daftar rumah tangga",
        (En, HelpGoHouseholds) => "Go to the household list",
        (Id, HelpGoRecent) => "Terakhir dilihat",
        (En, HelpGoRecent) => "Recently viewed",
        (Id, HelpCounts) => "Hitung frekuensi per nilai",
        (En, HelpCounts) => "Count rows per value",
        (Id, HelpExport) => "Ekspor ke Excel (.xlsx)",
        (En, HelpExport) => "Export to Excel (.xlsx)",
        (Id, HelpExportCsv) => "Ekspor ke CSV",
        (En, HelpExportCsv) => "Export to CSV",
        (Id, HelpConfirm) => "Ya, lanjutkan",
        (En, HelpConfirm) => "Yes, go ahead",
        (Id, HelpCancel) => "Tidak, batalkan",
        (En, HelpCancel) => "No, cancel",
        (Id, DashCounting) => "Menghitung…",
        (En, DashCounting) => "Counting…",
        (Id, DashScope) => "Wilayah",
        (En, DashScope) => "Area",
        (Id, DashAll) => "Seluruh data",
        (En, DashAll) => "Whole register",
        (Id, DashHouseholds) => "Keluarga",
        (En, DashHouseholds) => "Households",
        (Id, DashPersons) => "Jiwa",
        (En, DashPersons) => "Persons",
        (Id, DashStatus) => "Status DTKS (jiwa)",
        (En, DashStatus) => "DTKS status (persons)",
        (Id, DashProgrammes) => "Program (jiwa)",
        (En, DashProgrammes) => "Programmes (persons)",
        (Id, DashTahap) => "Tahap sekarang",
        (En, DashTahap) => "Current tahap",
        (Id, DashQueues) => "Antrean kerja",
        (En, DashQueues) => "Work queues",
        (Id, QueueVerify) => "Verifikasi menunggu",
        (En, QueueVerify) => "Verifications to do",
        (Id, QueueDeactivate) => "Penonaktifan untuk diputuskan",
        (En, QueueDeactivate) => "Deactivations to decide",
        (Id, QueueEmpty) => "kosong",
        (En, QueueEmpty) => "empty",
        (Id, StatsFailed) => "Gagal menghitung",
        (En, StatsFailed) => "Counting failed",
        (Id, SearchLabel) => "Cari nama, NIK, No. KK, jalan, kelurahan",
        (En, SearchLabel) => "Search name, NIK, No. KK, street, kelurahan",
        (Id, ColKk) => "No. KK",
        (En, ColKk) => "No. KK",
        (Id, ColHead) => "Kepala keluarga",
        (En, ColHead) => "Head of household",
        (Id, ColAddress) => "Alamat",
        (En, ColAddress) => "Address",
        (Id, ColRtRw) => "RT/RW",
        (En, ColRtRw) => "RT/RW",
        (Id, ColMembers) => "Jiwa",
        (En, ColMembers) => "Pers.",
        (Id, ColStatus) => "Status",
        (En, ColStatus) => "Status",
        (Id, ColName) => "Nama",
        (En, ColName) => "Name",
        (Id, ColNik) => "NIK",
        (En, ColNik) => "NIK",
        (Id, ColRel) => "Hubungan",
        (En, ColRel) => "Relationship",
        (Id, ColSex) => "JK",
        (En, ColSex) => "Sex",
        (Id, ColAge) => "Umur",
        (En, ColAge) => "Age",
        (Id, ColProgramme) => "Program",
        (En, ColProgramme) => "Programme",
        (Id, ColSince) => "Sejak",
        (En, ColSince) => "Since",
        (Id, ColUntil) => "Sampai",
        (En, ColUntil) => "Until",
        (Id, ColPeriod) => "Periode",
        (En, ColPeriod) => "Period",
        (Id, ColSource) => "Sumber",
        (En, ColSource) => "Source",
        (Id, ColNote) => "Catatan",
        (En, ColNote) => "Note",
        (Id, ColWhen) => "Waktu",
        (En, ColWhen) => "When",
        (Id, ColUser) => "Pengguna",
        (En, ColUser) => "User",
        (Id, ColAction) => "Tindakan",
        (En, ColAction) => "Action",
        (Id, UnitHouseholds) => "keluarga",
        (En, UnitHouseholds) => "households",
        (Id, MoreRows) => "dan lebih banyak; persempit pencarian",
        (En, MoreRows) => "and more; narrow the search",
        (Id, NoResults) => "Tidak ada yang cocok",
        (En, NoResults) => "No matches",
        (Id, HintList) => "ke daftar",
        (En, HintList) => "to list",
        (Id, HintSearchBox) => "cari",
        (En, HintSearchBox) => "search",
        (Id, HintCounts) => "hitung",
        (En, HintCounts) => "count",
        (Id, HintExport) => "ekspor",
        (En, HintExport) => "export",
        (Id, HintArea) => "pilih wilayah",
        (En, HintArea) => "choose area",
        (Id, HintHouseholds) => "rumah tangga",
        (En, HintHouseholds) => "households",
        (Id, HintRecent) => "terakhir",
        (En, HintRecent) => "recent",
        (Id, HintColumn) => "ganti kolom",
        (En, HintColumn) => "next column",
        (Id, HintMember) => "buka anggota",
        (En, HintMember) => "open member",
        (Id, HintOpenHh) => "buka keluarga",
        (En, HintOpenHh) => "open household",
        (Id, ExportDone) => "Diekspor ke",
        (En, ExportDone) => "Exported to",
        (Id, ExportFailed) => "Ekspor gagal",
        (En, ExportFailed) => "Export failed",
        (Id, SecAddress) => "Alamat",
        (En, SecAddress) => "Address",
        (Id, SecInfo) => "Kondisi rumah",
        (En, SecInfo) => "Housing",
        (Id, SecMembers) => "Anggota keluarga",
        (En, SecMembers) => "Members",
        (Id, SecHistory) => "Riwayat status DTKS",
        (En, SecHistory) => "DTKS status history",
        (Id, SecEnrol) => "Kepesertaan program",
        (En, SecEnrol) => "Programme enrolments",
        (Id, SecAudit) => "Riwayat perubahan data",
        (En, SecAudit) => "Record change history",
        (Id, LblFloor) => "Lantai",
        (En, LblFloor) => "Floor",
        (Id, LblWall) => "Dinding",
        (En, LblWall) => "Wall",
        (Id, LblRoof) => "Atap",
        (En, LblRoof) => "Roof",
        (Id, LblLighting) => "Penerangan",
        (En, LblLighting) => "Lighting",
        (Id, LblWater) => "Air minum",
        (En, LblWater) => "Drinking water",
        (Id, LblSanitation) => "Sanitasi",
        (En, LblSanitation) => "Sanitation",
        (Id, LblFuel) => "Bahan bakar masak",
        (En, LblFuel) => "Cooking fuel",
        (Id, LblAssets) => "Aset",
        (En, LblAssets) => "Assets",
        (Id, LblDecile) => "Desil",
        (En, LblDecile) => "Decile",
        (Id, LblStatus) => "Status DTKS",
        (En, LblStatus) => "DTKS status",
        (Id, LblRegion) => "Wilayah",
        (En, LblRegion) => "Region",
        (Id, LblBirth) => "Tempat, tgl lahir",
        (En, LblBirth) => "Born",
        (Id, LblMother) => "Nama ibu kandung",
        (En, LblMother) => "Mother's name",
        (Id, LblMarital) => "Status kawin",
        (En, LblMarital) => "Marital status",
        (Id, LblOccupation) => "Pekerjaan",
        (En, LblOccupation) => "Occupation",
        (Id, LblDisability) => "Disabilitas",
        (En, LblDisability) => "Disability",
        (Id, LblCovid) => "Ortu/wali wafat COVID-19",
        (En, LblCovid) => "Parent died of COVID-19",
        (Id, LblNotEligible) => "Temuan tidak layak",
        (En, LblNotEligible) => "Not-eligible findings",
        (Id, LblHousehold) => "Keluarga",
        (En, LblHousehold) => "Household",
        (Id, SecPerson) => "Data pribadi",
        (En, SecPerson) => "Personal data",
        (Id, SecNik) => "Isi NIK",
        (En, SecNik) => "What the NIK says",
        (Id, LblNikRegion) => "Kecamatan penerbit",
        (En, LblNikRegion) => "Issuing kecamatan",
        (Id, LblNikBirth) => "Tanggal lahir",
        (En, LblNikBirth) => "Birth date",
        (Id, LblNikSex) => "Jenis kelamin",
        (En, LblNikSex) => "Sex",
        (Id, LblNikSerial) => "Nomor urut",
        (En, LblNikSerial) => "Serial",
        (Id, NikOk) => "NIK sesuai dengan data",
        (En, NikOk) => "NIK agrees with the record",
        (Id, NikBad) => "NIK tidak sah",
        (En, NikBad) => "NIK invalid",
        (Id, SecEligibility) => "Kelayakan program hari ini",
        (En, SecEligibility) => "Programme eligibility today",
        (Id, Eligible) => "Layak",
        (En, Eligible) => "Eligible",
        (Id, NotEligible) => "Tidak layak",
        (En, NotEligible) => "Not eligible",
        (Id, DecidedBy) => "karena",
        (En, DecidedBy) => "because",
        (Id, Yes) => "Ya",
        (En, Yes) => "Yes",
        (Id, No) => "Tidak",
        (En, No) => "No",
        (Id, None) => "tidak ada",
        (En, None) => "none",
        (Id, Years) => "th",
        (En, Years) => "y",
        (Id, CountsBy) => "Hitung menurut",
        (En, CountsBy) => "Count by",
        (Id, CntKelurahan) => "Kelurahan",
        (En, CntKelurahan) => "Kelurahan",
        (Id, CntRw) => "RW",
        (En, CntRw) => "RW",
        (Id, CntProgramme) => "Program (aktif)",
        (En, CntProgramme) => "Programme (active)",
        (Id, CntStatus) => "Status DTKS",
        (En, CntStatus) => "DTKS status",
        (Id, CntSex) => "Jenis kelamin",
        (En, CntSex) => "Sex",
        (Id, CntAge) => "Kelompok umur",
        (En, CntAge) => "Age band",
        (Id, CntValue) => "Nilai",
        (En, CntValue) => "Value",
        (Id, CntCount) => "Jumlah",
        (En, CntCount) => "Count",
        (Id, CntNone) => "(tidak ada)",
        (En, CntNone) => "(none)",
        (Id, RecentEmpty) => "Belum ada keluarga yang dibuka",
        (En, RecentEmpty) => "No household opened yet",
        (Id, HouseholdNotFound) => "Keluarga tidak ditemukan",
        (En, HouseholdNotFound) => "Household not found",
        (Id, LoadFailed) => "Gagal membaca data",
        (En, LoadFailed) => "Could not read the data",
        (Id, HintFilter) => "saring",
        (En, HintFilter) => "filter",
        (Id, HintClearFilters) => "hapus saringan",
        (En, HintClearFilters) => "clear filters",
        (Id, HintChoose) => "pilih",
        (En, HintChoose) => "choose",
        (Id, HintDone) => "selesai",
        (En, HintDone) => "done",
        (Id, FilterTitle) => "Saringan",
        (En, FilterTitle) => "Filters",
        (Id, FilterLabel) => "Saringan",
        (En, FilterLabel) => "Filters",
        (Id, FilterNone) => "tidak ada",
        (En, FilterNone) => "none",
        (Id, FltRegion) => "Wilayah",
        (En, FltRegion) => "Area",
        (Id, FltRw) => "RW",
        (En, FltRw) => "RW",
        (Id, FltRt) => "RT",
        (En, FltRt) => "RT",
        (Id, FltProgramme) => "Program",
        (En, FltProgramme) => "Programme",
        (Id, FltStatus) => "Status DTKS",
        (En, FltStatus) => "DTKS status",
        (Id, FltAny) => "(semua)",
        (En, FltAny) => "(any)",
        (Id, FltClearAll) => "Hapus semua saringan",
        (En, FltClearAll) => "Clear all filters",
        (Id, FltTypeNumber) => "ketik angka",
        (En, FltTypeNumber) => "type a number",
        (Id, FltRegionsPending) => "Daftar wilayah masih dihitung…",
        (En, FltRegionsPending) => "The list of areas is still being counted…",
        (Id, FltHelp) => "Enter daftar nilai · ←→ ganti · ketik angka RW/RT",
        (En, FltHelp) => "Enter list of values · ←→ change · type RW/RT digits",
        (Id, ColMatched) => "Anggota yang cocok",
        (En, ColMatched) => "Matching member",
        (Id, Member) => "anggota",
        (En, Member) => "member",
        (Id, Of) => "dari",
        (En, Of) => "of",
        (Id, Row) => "Baris",
        (En, Row) => "Row",
    }
}

/// The message shown instead of the UI when the terminal is smaller than
/// `need_w`×`need_h`.
pub fn fmt_too_small(lang: Lang, need_w: u16, need_h: u16, w: u16, h: u16) -> String {
    match lang {
        Lang::Id => {
            format!("Terminal terlalu kecil: perlu sedikitnya {need_w}×{need_h}, sekarang {w}×{h}")
        }
        Lang::En => {
            format!("Terminal too small: needs at least {need_w}×{need_h}, now {w}×{h}")
        }
    }
}

const MONTHS_ID: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// "13 Des 2024" (Indonesian) or "13 Dec 2024" (English).
pub fn fmt_date(lang: Lang, d: NaiveDate) -> String {
    let months = match lang {
        Lang::Id => &MONTHS_ID,
        Lang::En => &MONTHS_EN,
    };
    // month0() is always 0..=11.
    format!("{} {} {}", d.day(), months[d.month0() as usize], d.year())
}

/// "13-12-2024", the way dates are typed into forms.
pub fn fmt_date_form(d: NaiveDate) -> String {
    format!("{:02}-{:02}-{:04}", d.day(), d.month(), d.year())
}

/// "Rp 300.000": rupiah with dots between thousands, in every language.
pub fn fmt_money(rupiah: i64) -> String {
    let sign = if rupiah < 0 { "-" } else { "" };
    format!("{sign}Rp {}", group(rupiah.unsigned_abs(), '.'))
}

/// "1.234.567" in Indonesian, "1,234,567" in English.
pub fn fmt_count(lang: Lang, n: u64) -> String {
    match lang {
        Lang::Id => group(n, '.'),
        Lang::En => group(n, ','),
    }
}

fn group(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn lang_parses_and_defaults_to_indonesian() {
        assert_eq!(Lang::default(), Lang::Id);
        assert_eq!("id".parse::<Lang>(), Ok(Lang::Id));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        let err = "jv".parse::<Lang>().unwrap_err();
        assert_eq!(err.to_string(), "unknown language 'jv': use 'id' (Indonesian) or 'en' (English)");
    }

    #[test]
    fn dates_use_indonesian_month_abbreviations() {
        assert_eq!(fmt_date(Lang::Id, d(2024, 12, 13)), "13 Des 2024");
        assert_eq!(fmt_date(Lang::En, d(2024, 12, 13)), "13 Dec 2024");
        assert_eq!(fmt_date(Lang::Id, d(2024, 5, 1)), "1 Mei 2024");
        assert_eq!(fmt_date(Lang::Id, d(2023, 8, 17)), "17 Agu 2023");
        assert_eq!(fmt_date(Lang::Id, d(2023, 10, 2)), "2 Okt 2023");
        assert_eq!(fmt_date(Lang::Id, d(2024, 2, 29)), "29 Feb 2024");
        assert_eq!(fmt_date(Lang::Id, d(2025, 1, 31)), "31 Jan 2025");
    }

    #[test]
    fn form_dates_are_zero_padded_day_month_year() {
        assert_eq!(fmt_date_form(d(2024, 12, 13)), "13-12-2024");
        assert_eq!(fmt_date_form(d(2024, 1, 5)), "05-01-2024");
        assert_eq!(fmt_date_form(d(987, 3, 9)), "09-03-0987");
    }

    #[test]
    fn money_groups_thousands_with_dots() {
        assert_eq!(fmt_money(300_000), "Rp 300.000");
        assert_eq!(fmt_money(0), "Rp 0");
        assert_eq!(fmt_money(999), "Rp 999");
        assert_eq!(fmt_money(1_000), "Rp 1.000");
        assert_eq!(fmt_money(2_400_000), "Rp 2.400.000");
        assert_eq!(fmt_money(-150_000), "-Rp 150.000");
        assert_eq!(fmt_money(i64::MIN), "-Rp 9.223.372.036.854.775.808");
    }

    #[test]
    fn counts_follow_the_language() {
        assert_eq!(fmt_count(Lang::Id, 1_234_567), "1.234.567");
        assert_eq!(fmt_count(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(fmt_count(Lang::Id, 100), "100");
        assert_eq!(fmt_count(Lang::Id, 100_000), "100.000");
        assert_eq!(fmt_count(Lang::En, 0), "0");
    }

    #[test]
    fn too_small_names_both_sizes() {
        assert_eq!(fmt_too_small(Lang::En, 80, 24, 79, 24), "Terminal too small: needs at least 80×24, now 79×24");
        assert!(fmt_too_small(Lang::Id, 80, 24, 60, 20).ends_with("sekarang 60×20"));
    }
}
