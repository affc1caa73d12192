//! What the office-file tests share: a service on a fixed clock and the
//! fixtures copied into a scratch directory (rejects files are written
//! beside their source).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dtks::i18n::Lang;
use dtks::service::import::{ImportOptions, ImportReport};
use dtks::service::{Actor, Clock, Service};

pub fn service() -> Service {
    Service::open_temporary(Clock::parse_fixed("2026-11-24 10:42").unwrap()).unwrap()
}

/// The fixtures, copied into `dir`.
pub fn fixtures(dir: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office");
    let out = dir.join("office");
    std::fs::create_dir_all(&out).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, out.join(p.file_name().unwrap())).unwrap();
    }
    out
}

pub fn import(svc: &Service, path: &Path) -> ImportReport {
    import_in(svc, path, None).unwrap()
}

pub fn import_in(svc: &Service, path: &Path, kelurahan: Option<&str>) -> dtks::service::Result<ImportReport> {
    let options = ImportOptions { kelurahan: kelurahan.map(str::to_string), ..ImportOptions::default() };
    svc.import_with(&[path.to_path_buf()], &Actor::new("uji"), Lang::En, options, &mut |_| {})
}
