//! Kemendagri region codes. (Signatures fixed; bodies to be written.)

/// Level of a region code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Level {
    Province,
    KabKota,
    Kecamatan,
    Kelurahan,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Region {
    /// Dotted code: `31`, `31.71`, `31.71.01`, `31.71.01.1001`.
    pub code: String,
    pub name: String,
}

/// The region list, looked up by code.
#[derive(Debug, Clone, Default)]
pub struct Wilayah {}

impl Wilayah {
    /// The lists shipped in sample-data/wilayah, compiled in.
    pub fn builtin() -> &'static Wilayah {
        todo!()
    }
    pub fn name(&self, code: &str) -> Option<&str> {
        let _ = code;
        todo!()
    }
    pub fn insert(&mut self, region: Region) {
        let _ = region;
        todo!()
    }
}

/// Level of a dotted code, or None when it is not of a valid shape.
pub fn level(code: &str) -> Option<Level> {
    let _ = code;
    todo!()
}
