//! Kemendagri region codes: provinsi › kabupaten/kota › kecamatan ›
//! kelurahan/desa.
//!
//! Codes are kept in dotted form (`31`, `31.71`, `31.71.01`,
//! `31.71.01.1001`); every segment has a fixed width, so sorting the strings
//! sorts the regions. A NIK carries the compact form of a kecamatan
//! (`317101`); [`from_compact`] and [`compact`] convert.
//!
//! The built-in list (sample-data/wilayah, ODbL, see its README) holds every
//! province, kab/kota and kecamatan of Indonesia, but kelurahan only for DKI
//! Jakarta. A kelurahan code is valid only when it is in the list, so a Dinas
//! outside Jakarta imports its own villages ([`Wilayah::load_csv`] or
//! [`Wilayah::insert`]).

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Level of a region code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Level {
    Province,
    KabKota,
    Kecamatan,
    Kelurahan,
}

impl Level {
    /// The level below this one, if any.
    pub fn child(self) -> Option<Level> {
        match self {
            Level::Province => Some(Level::KabKota),
            Level::KabKota => Some(Level::Kecamatan),
            Level::Kecamatan => Some(Level::Kelurahan),
            Level::Kelurahan => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Region {
    /// Dotted code: `31`, `31.71`, `31.71.01`, `31.71.01.1001`.
    pub code: String,
    pub name: String,
}

impl Region {
    pub fn level(&self) -> Option<Level> {
        level(&self.code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WilayahError {
    #[error(
        "{source_name}, line {line}: '{code}' is not a region code; use the dotted form 31, 31.71, 31.71.01 or 31.71.01.1001"
    )]
    BadCode { source_name: String, line: u64, code: String },
    #[error("{source_name}, line {line}: the name of region {code} is empty")]
    EmptyName { source_name: String, line: u64, code: String },
    #[error("{source_name}, line {line}: {message}; expected columns code,...,name")]
    Csv { source_name: String, line: u64, message: String },
}

/// The region list, looked up by code.
#[derive(Debug, Clone, Default)]
pub struct Wilayah {
    regions: BTreeMap<String, Region>,
}

const PROVINCES: &str = include_str!("../../sample-data/wilayah/provinces.csv");
const REGENCIES: &str = include_str!("../../sample-data/wilayah/regencies.csv");
const DISTRICTS: &str = include_str!("../../sample-data/wilayah/districts.csv");
const VILLAGES_31: &str = include_str!("../../sample-data/wilayah/villages-31.csv");

impl Wilayah {
    /// The lists shipped in sample-data/wilayah, compiled in.
    pub fn builtin() -> &'static Wilayah {
        static BUILTIN: OnceLock<Wilayah> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut w = Wilayah::default();
            for (name, text) in [
                ("provinces.csv", PROVINCES),
                ("regencies.csv", REGENCIES),
                ("districts.csv", DISTRICTS),
                ("villages-31.csv", VILLAGES_31),
            ] {
                // The files are compiled in and checked by the tests; a bad
                // row would only leave that region unknown.
                let _ = w.load_csv(text, name);
            }
            w
        })
    }

    /// A copy of the built-in list, to add imported regions to.
    pub fn builtin_owned() -> Wilayah {
        Wilayah::builtin().clone()
    }

    /// Reads a CSV with a header row whose first column is the dotted code
    /// and last column the name (the layout of the sample-data files, with
    /// any parent-code columns between). Valid rows are inserted up to the
    /// first bad one; returns how many were read.
    pub fn load_csv(&mut self, text: &str, source_name: &str) -> Result<usize, WilayahError> {
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
        let mut count = 0;
        for record in reader.records() {
            let record = record.map_err(|e| WilayahError::Csv {
                source_name: source_name.to_string(),
                line: e.position().map_or(0, |p| p.line()),
                message: e.to_string(),
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let code = record.get(0).unwrap_or("").trim();
            let name = if record.len() > 1 { record.get(record.len() - 1).unwrap_or("").trim() } else { "" };
            if level(code).is_none() {
                return Err(WilayahError::BadCode {
                    source_name: source_name.to_string(),
                    line,
                    code: code.to_string(),
                });
            }
            if name.is_empty() {
                return Err(WilayahError::EmptyName {
                    source_name: source_name.to_string(),
                    line,
                    code: code.to_string(),
                });
            }
            self.insert(Region { code: code.to_string(), name: name.to_string() });
            count += 1;
        }
        Ok(count)
    }

    pub fn get(&self, code: &str) -> Option<&Region> {
        self.regions.get(code)
    }

    pub fn name(&self, code: &str) -> Option<&str> {
        self.regions.get(code).map(|r| r.name.as_str())
    }

    pub fn contains(&self, code: &str) -> bool {
        self.regions.contains_key(code)
    }

    /// True when `code` is a kelurahan/desa code present in the list.
    pub fn is_kelurahan(&self, code: &str) -> bool {
        level(code) == Some(Level::Kelurahan) && self.contains(code)
    }

    pub fn len(&self) -> usize {
        self.regions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// Adds or replaces a region (an imported name overrides the built-in
    /// one). Codes of an invalid shape are ignored; see [`Self::try_insert`].
    pub fn insert(&mut self, region: Region) {
        let _ = self.try_insert(region);
    }

    /// Like [`Self::insert`], but says when the code is not of a valid shape.
    pub fn try_insert(&mut self, region: Region) -> Result<(), Region> {
        let code = region.code.trim();
        if level(code).is_none() {
            return Err(region);
        }
        let region = Region { code: code.to_string(), name: region.name.trim().to_string() };
        self.regions.insert(region.code.clone(), region);
        Ok(())
    }

    /// All regions of a level, sorted by code.
    pub fn all(&self, lvl: Level) -> Vec<&Region> {
        self.regions.values().filter(|r| level(&r.code) == Some(lvl)).collect()
    }

    /// The regions one level below `code`, sorted by code. An empty `code`
    /// gives the provinces.
    pub fn children(&self, code: &str) -> Vec<&Region> {
        if code.is_empty() {
            return self.all(Level::Province);
        }
        let Some(child) = level(code).and_then(Level::child) else {
            return Vec::new();
        };
        let start = format!("{code}.");
        self.regions
            .range(start.clone()..)
            .take_while(|(k, _)| k.starts_with(&start))
            .filter(|(k, _)| level(k) == Some(child))
            .map(|(_, r)| r)
            .collect()
    }

    /// Codes of the kelurahan within `prefix` (a province, kab/kota or
    /// kecamatan code, or a kelurahan code itself; empty for all), sorted.
    pub fn kelurahan_codes(&self, prefix: &str) -> Vec<&str> {
        let start = if prefix.is_empty() { String::new() } else { format!("{prefix}.") };
        let mut out: Vec<&str> = Vec::new();
        if let Some((k, _)) = self.regions.get_key_value(prefix).filter(|(k, _)| level(k) == Some(Level::Kelurahan)) {
            out.push(k.as_str());
            return out;
        }
        out.extend(
            self.regions
                .range(start.clone()..)
                .take_while(|(k, _)| k.starts_with(&start))
                .filter(|(k, _)| level(k) == Some(Level::Kelurahan))
                .map(|(k, _)| k.as_str()),
        );
        out
    }

    /// Province › kab/kota › kecamatan › kelurahan, as far as `code` goes;
    /// levels missing from the list are left out.
    pub fn path(&self, code: &str) -> Vec<&Region> {
        if level(code).is_none() {
            return Vec::new();
        }
        [2, 5, 8, 13].iter().filter_map(|&n| code.get(..n)).filter_map(|c| self.regions.get(c)).collect()
    }

    /// "Gambir, Kota Administrasi Jakarta Pusat, DKI Jakarta" style, from the
    /// lowest level up; None when `code` itself is unknown.
    pub fn describe(&self, code: &str) -> Option<String> {
        self.get(code)?;
        Some(self.path(code).iter().rev().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", "))
    }
}

/// Level of a dotted code, or None when it is not of a valid shape
/// (2, 2.2, 2.2.2 or 2.2.2.4 digits).
pub fn level(code: &str) -> Option<Level> {
    let widths: Vec<usize> = code.split('.').map(str::len).collect();
    if !code.split('.').all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    match widths.as_slice() {
        [2] => Some(Level::Province),
        [2, 2] => Some(Level::KabKota),
        [2, 2, 2] => Some(Level::Kecamatan),
        [2, 2, 2, 4] => Some(Level::Kelurahan),
        _ => None,
    }
}

/// Dotted form of a compact code: `317101` → `31.71.01`,
/// `3171011001` → `31.71.01.1001` (also 2 and 4 digits). None for any
/// other shape.
pub fn from_compact(digits: &str) -> Option<String> {
    let d = digits.trim();
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match d.len() {
        2 => Some(d.to_string()),
        4 => Some(format!("{}.{}", &d[..2], &d[2..])),
        6 => Some(format!("{}.{}.{}", &d[..2], &d[2..4], &d[4..])),
        10 => Some(format!("{}.{}.{}.{}", &d[..2], &d[2..4], &d[4..6], &d[6..])),
        _ => None,
    }
}

/// Compact form of a dotted code: `31.71.01` → `317101`.
pub fn compact(dotted: &str) -> String {
    dotted.chars().filter(|c| *c != '.').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_counts_match_the_readme() {
        let w = Wilayah::builtin();
        assert_eq!(w.all(Level::Province).len(), 38);
        assert_eq!(w.all(Level::KabKota).len(), 514);
        assert_eq!(w.all(Level::Kecamatan).len(), 7285);
        assert_eq!(w.all(Level::Kelurahan).len(), 267);
        assert_eq!(w.kelurahan_codes("31").len(), 267);
        assert_eq!(w.children("31").len(), 6);
        let kecamatan_dki: usize = w.children("31").iter().map(|k| w.children(&k.code).len()).sum();
        assert_eq!(kecamatan_dki, 44);
    }

    #[test]
    fn names_and_quoted_csv_field() {
        let w = Wilayah::builtin();
        assert_eq!(w.name("31"), Some("Daerah Khusus Ibukota Jakarta"));
        assert_eq!(w.name("31.71"), Some("Kota Administrasi Jakarta Pusat"));
        assert_eq!(w.name("31.71.01"), Some("Gambir"));
        assert_eq!(w.name("31.71.01.1002"), Some("Cideng"));
        assert_eq!(w.name("35.29.22"), Some("Ra\"as"));
        assert_eq!(w.name("31.71.01.9999"), None);
        assert_eq!(w.name("317101"), None);
    }

    #[test]
    fn kelurahan_valid_only_when_listed() {
        let w = Wilayah::builtin();
        assert!(w.is_kelurahan("31.71.06.1003"));
        assert!(!w.is_kelurahan("31.71.06.1099"));
        assert!(!w.is_kelurahan("31.71.06"));
        // Kecamatan outside DKI is known, its villages are not shipped.
        assert!(w.contains("32.73.01"));
        assert!(!w.is_kelurahan("32.73.01.1001"));
    }

    #[test]
    fn children_sorted_and_one_level_down() {
        let w = Wilayah::builtin();
        let kel: Vec<&str> = w.children("31.71.01").iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            kel,
            ["31.71.01.1001", "31.71.01.1002", "31.71.01.1003", "31.71.01.1004", "31.71.01.1005", "31.71.01.1006"]
        );
        let kab: Vec<&str> = w.children("31").iter().map(|r| r.code.as_str()).collect();
        assert_eq!(kab, ["31.01", "31.71", "31.72", "31.73", "31.74", "31.75"]);
        assert!(w.children("31.71.01.1001").is_empty());
        assert!(w.children("3").is_empty());
        assert_eq!(w.children("").len(), 38);
    }

    #[test]
    fn kelurahan_codes_respect_segment_boundaries() {
        let mut w = Wilayah::default();
        for c in ["31.71.01.1001", "31.71.01.1002", "31.71.10.1001", "31.71.01"] {
            w.insert(Region { code: c.into(), name: c.into() });
        }
        assert_eq!(w.kelurahan_codes("31.71.01"), ["31.71.01.1001", "31.71.01.1002"]);
        assert_eq!(w.kelurahan_codes("31.71.1"), Vec::<&str>::new());
        assert_eq!(w.kelurahan_codes("31.71").len(), 3);
        assert_eq!(w.kelurahan_codes("").len(), 3);
        assert_eq!(w.kelurahan_codes("31.71.01.1002"), ["31.71.01.1002"]);
    }

    #[test]
    fn insert_overrides_and_rejects_bad_shapes() {
        let mut w = Wilayah::builtin_owned();
        w.insert(Region { code: "31.71.01.1001".into(), name: "Gambir (impor)".into() });
        assert_eq!(w.name("31.71.01.1001"), Some("Gambir (impor)"));
        assert_eq!(Wilayah::builtin().name("31.71.01.1001"), Some("Gambir"));
        w.insert(Region { code: "32.73.01.1001".into(), name: "Desa Contoh".into() });
        assert!(w.is_kelurahan("32.73.01.1001"));
        let n = w.len();
        assert!(w.try_insert(Region { code: "31.71.1".into(), name: "x".into() }).is_err());
        w.insert(Region { code: "3171".into(), name: "x".into() });
        assert_eq!(w.len(), n);
    }

    #[test]
    fn level_shapes() {
        assert_eq!(level("31"), Some(Level::Province));
        assert_eq!(level("31.71"), Some(Level::KabKota));
        assert_eq!(level("31.71.01"), Some(Level::Kecamatan));
        assert_eq!(level("31.71.01.1001"), Some(Level::Kelurahan));
        for bad in [
            "",
            "3",
            "311",
            "31.",
            "31.7",
            "31.71.1",
            "31.71.01.101",
            "31.71.01.10011",
            "3a",
            "31..71",
            "31.71.01.1001.1",
            "317101",
        ] {
            assert_eq!(level(bad), None, "{bad}");
        }
    }

    #[test]
    fn compact_round_trip() {
        assert_eq!(from_compact("317101").as_deref(), Some("31.71.01"));
        assert_eq!(from_compact("3171011001").as_deref(), Some("31.71.01.1001"));
        assert_eq!(from_compact("31").as_deref(), Some("31"));
        assert_eq!(from_compact("3171").as_deref(), Some("31.71"));
        assert_eq!(from_compact("31710"), None);
        assert_eq!(from_compact("31710a"), None);
        assert_eq!(compact("31.71.01"), "317101");
        assert_eq!(compact("31.71.01.1001"), "3171011001");
    }

    #[test]
    fn path_goes_province_down() {
        let w = Wilayah::builtin();
        let names: Vec<&str> = w.path("31.71.06.1003").iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Daerah Khusus Ibukota Jakarta", "Kota Administrasi Jakarta Pusat", "Menteng", "Cikini"]);
        assert_eq!(w.path("31.71").len(), 2);
        assert!(w.path("bogus").is_empty());
        assert_eq!(
            w.describe("31.71.06").as_deref(),
            Some("Menteng, Kota Administrasi Jakarta Pusat, Daerah Khusus Ibukota Jakarta")
        );
    }

    #[test]
    fn load_csv_reports_line_of_bad_code() {
        let mut w = Wilayah::default();
        let text = "code,district_code,name\n32.73.01.1001,32.73.01,Desa A\n32.73.01.101,32.73.01,Desa B\n";
        let err = w.load_csv(text, "desa.csv").unwrap_err();
        assert_eq!(err, WilayahError::BadCode { source_name: "desa.csv".into(), line: 3, code: "32.73.01.101".into() });
        assert!(w.is_kelurahan("32.73.01.1001"));
    }
}
