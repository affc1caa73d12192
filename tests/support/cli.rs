//! What the command-line tests share: the binary, the fixed clock, the
//! bundled sample and the headers of hand-written import files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dtks::service::Clock;

pub const BIN: &str = env!("CARGO_BIN_EXE_dtks");
/// The time every test process reads (`DTKS_NOW`), so no test depends on
/// the real clock.
pub const NOW: &str = "2026-11-24 10:42";
/// The sample's as_of date; "today" in the cycle tests.
pub const TODAY: &str = "2026-11-01";
pub const OFFICER: &str = "petugas.sari";
pub const HH_HEADER: &str =
    "no_kk,kelurahan,rw,rt,alamat,lantai,dinding,atap,penerangan,air_minum,sanitasi,bahan_bakar,aset,desil";
pub const P_HEADER: &str = "nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,nama_ibu,hubungan,status_kawin,pekerjaan,disabilitas,ortu_wafat_covid,tidak_layak";

pub fn clock() -> Clock {
    Clock::parse_fixed(NOW).unwrap()
}

pub fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register")
}
