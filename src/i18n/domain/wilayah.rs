//! Texts of `domain::wilayah`: the names of the region levels.

use crate::domain::wilayah::Level;
use crate::i18n::Lang;

impl Level {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Level::Province, Lang::Id) => "Provinsi",
            (Level::Province, Lang::En) => "Province",
            (Level::KabKota, _) => "Kab/Kota",
            (Level::Kecamatan, Lang::Id) => "Kecamatan",
            (Level::Kecamatan, Lang::En) => "District (kecamatan)",
            (Level::Kelurahan, Lang::Id) => "Kelurahan/Desa",
            (Level::Kelurahan, Lang::En) => "Village (kelurahan/desa)",
        }
    }
}
