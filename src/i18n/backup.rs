//! Texts of backup and restore, and of a damaged database file.

use std::path::Path;

use super::{Lang, fmt_count, fmt_date};
use crate::service::backup::{BackupRefusal, BackupReport, PartName, RestoreReport};
use crate::store::Damage;

/// The one line for a database whose file is missing or unreadable: what,
/// which file, and what to do.
pub fn damaged_file(lang: Lang, db: &Path, file: &Path, damage: Damage) -> String {
    let (db, file) = (db.display(), file.display());
    match (damage, lang) {
        (Damage::Missing, Lang::Id) => format!(
            "basis data {db} rusak: berkas {file} hilang; pulihkan dari cadangan dengan dtks restore CADANGAN --db DIREKTORI-BARU"
        ),
        (Damage::Missing, Lang::En) => format!(
            "the database {db} is damaged: the file {file} is missing; restore it from a backup with dtks restore BACKUP --db NEW-DIRECTORY"
        ),
        (Damage::Unreadable, Lang::Id) => format!(
            "basis data {db} rusak: berkas {file} tidak dapat dibaca; jalankan dtks check, lalu pulihkan dari cadangan dengan dtks restore CADANGAN --db DIREKTORI-BARU"
        ),
        (Damage::Unreadable, Lang::En) => format!(
            "the database {db} is damaged: the file {file} cannot be read; run dtks check, then restore it from a backup with dtks restore BACKUP --db NEW-DIRECTORY"
        ),
    }
}

/// An export written whole from a database with a damaged page beyond its
/// households (an index, the audit log).
pub fn export_whole_but_damaged(lang: Lang, db: &Path, file: &Path) -> String {
    let (db, file) = (db.display(), file.display());
    match lang {
        Lang::Id => format!(
            "ekspor lengkap (setiap keluarga terbaca utuh), tetapi basis data {db} rusak: sebagian berkas {file} (indeks atau log audit) tidak dapat dibaca; jalankan dtks check, lalu pulihkan dari cadangan atau impor ekspor ini ke basis data baru"
        ),
        Lang::En => format!(
            "the export is complete (every household was read whole), but the database {db} is damaged: part of the file {file} (an index or the audit log) cannot be read; run dtks check, then restore from a backup or import this export into a new database"
        ),
    }
}

/// Which part of a backup, in words.
fn part(lang: Lang, p: &PartName) -> String {
    match (p, lang) {
        (PartName::Store { name, entries: 0, .. }, Lang::Id) => format!("bagian {name} (isi basis data)"),
        (PartName::Store { name, entries: 0, .. }, Lang::En) => format!("part {name} (database entries)"),
        (PartName::Store { name, first, entries }, Lang::Id) => format!(
            "bagian {name} (entri basis data {} sampai {})",
            fmt_count(lang, first + 1),
            fmt_count(lang, first + entries)
        ),
        (PartName::Store { name, first, entries }, Lang::En) => format!(
            "part {name} (database entries {} to {})",
            fmt_count(lang, first + 1),
            fmt_count(lang, first + entries)
        ),
        (PartName::Attachment { sha256 }, Lang::Id) => format!("lampiran {sha256}"),
        (PartName::Attachment { sha256 }, Lang::En) => format!("attachment {sha256}"),
        (PartName::Manifest, Lang::Id) => "manifes".to_string(),
        (PartName::Manifest, Lang::En) => "the manifest".to_string(),
    }
}

pub fn refusal(lang: Lang, r: &BackupRefusal) -> String {
    use BackupRefusal::*;
    let again = match lang {
        Lang::Id => "tidak ada yang ditulis; pakai cadangan lain atau buat cadangan baru",
        Lang::En => "nothing was written; use another backup or make a new one",
    };
    match (r, lang) {
        (NotABackup { path }, Lang::Id) => {
            format!(
                "{} bukan berkas cadangan dtks; periksa jalurnya (cadangan dibuat dengan dtks backup)",
                path.display()
            )
        }
        (NotABackup { path }, Lang::En) => {
            format!("{} is not a dtks backup; check the path (backups are made with dtks backup)", path.display())
        }
        (NewerFormat { path, format, schema }, Lang::Id) => format!(
            "cadangan {} dibuat oleh dtks yang lebih baru (format {format}, skema {schema}); pulihkan dengan dtks yang lebih baru",
            path.display()
        ),
        (NewerFormat { path, format, schema }, Lang::En) => format!(
            "the backup {} was made by a newer dtks (format {format}, schema {schema}); restore it with the newer dtks",
            path.display()
        ),
        (Truncated { path, at, part: p }, Lang::Id) => {
            let place = p.as_ref().map(|p| format!(", di {}", part(lang, p))).unwrap_or_default();
            format!(
                "cadangan {} tidak lengkap: berkasnya berakhir pada bait ke-{}{place} sebelum tanda akhirnya; {again}",
                path.display(),
                fmt_count(lang, *at)
            )
        }
        (Truncated { path, at, part: p }, Lang::En) => {
            let place = p.as_ref().map(|p| format!(", in {}", part(lang, p))).unwrap_or_default();
            format!(
                "the backup {} is incomplete: the file ends at byte {}{place} before its end marker; {again}",
                path.display(),
                fmt_count(lang, *at)
            )
        }
        (PartDamaged { path, part: p }, Lang::Id) => {
            format!(
                "cadangan {} rusak: {} tidak cocok dengan hash di manifesnya; {again}",
                path.display(),
                part(lang, p)
            )
        }
        (PartDamaged { path, part: p }, Lang::En) => format!(
            "the backup {} is damaged: {} does not match the hash in its manifest; {again}",
            path.display(),
            part(lang, p)
        ),
        (ManifestDamaged { path }, Lang::Id) => {
            format!("cadangan {} rusak: manifesnya tidak cocok dengan hash di tanda akhir; {again}", path.display())
        }
        (ManifestDamaged { path }, Lang::En) => format!(
            "the backup {} is damaged: its manifest does not match the hash at the end marker; {again}",
            path.display()
        ),
        (HeaderDamaged { path, at }, Lang::Id) => format!(
            "cadangan {} rusak: pada bait ke-{} tidak ada awal bagian yang sah; {again}",
            path.display(),
            fmt_count(lang, *at)
        ),
        (HeaderDamaged { path, at }, Lang::En) => format!(
            "the backup {} is damaged: there is no valid part header at byte {}; {again}",
            path.display(),
            fmt_count(lang, *at)
        ),
        (PartsDiffer { path, listed, found }, Lang::Id) => format!(
            "cadangan {} rusak: manifesnya mencantumkan {listed} bagian, berkasnya memuat {found}; {again}",
            path.display()
        ),
        (PartsDiffer { path, listed, found }, Lang::En) => format!(
            "the backup {} is damaged: its manifest lists {listed} parts, the file holds {found}; {again}",
            path.display()
        ),
        (TargetNotEmpty { path }, Lang::Id) => format!(
            "{} sudah ada dan tidak kosong; pemulihan hanya menulis ke direktori baru atau kosong, pilih jalur lain untuk --db",
            path.display()
        ),
        (TargetNotEmpty { path }, Lang::En) => format!(
            "{} already exists and is not empty; a restore only writes to a new or empty directory, choose another --db path",
            path.display()
        ),
    }
}

/// Megabytes with one decimal, written as `lang` writes decimals.
fn megabytes(lang: Lang, bytes: u64) -> String {
    let tenths = (bytes as f64 / 104_857.6).round() as u64;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    match lang {
        Lang::Id => format!("{},{tenth} MB", fmt_count(lang, whole)),
        Lang::En => format!("{}.{tenth} MB", fmt_count(lang, whole)),
    }
}

pub fn backup_done(lang: Lang, r: &BackupReport) -> String {
    let n = |v: u64| fmt_count(lang, v);
    match lang {
        Lang::Id => format!(
            "Cadangan ditulis ke {} ({}): {} keluarga, {} entri basis data, {} lampiran, {} bagian dengan hash SHA-256 di manifesnya\n",
            r.path.display(),
            megabytes(lang, r.bytes),
            n(r.households),
            n(r.entries),
            n(r.attachments),
            n(r.parts as u64)
        ),
        Lang::En => format!(
            "Backup written to {} ({}): {} households, {} database entries, {} attachments, {} parts with their SHA-256 in its manifest\n",
            r.path.display(),
            megabytes(lang, r.bytes),
            n(r.households),
            n(r.entries),
            n(r.attachments),
            n(r.parts as u64)
        ),
    }
}

pub fn restore_done(lang: Lang, r: &RestoreReport) -> String {
    let n = |v: u64| fmt_count(lang, v);
    let when = format!("{} {}", fmt_date(lang, r.created_at.date()), r.created_at.format("%H:%M"));
    match lang {
        Lang::Id => format!(
            "Dipulihkan ke {}: {} keluarga, {} entri basis data, {} lampiran, dari cadangan {when}; semua hash cocok. Periksa dengan dtks --db {} check\n",
            r.path.display(),
            n(r.households),
            n(r.entries),
            n(r.attachments),
            r.path.display()
        ),
        Lang::En => format!(
            "Restored to {}: {} households, {} database entries, {} attachments, from the backup of {when}; every hash matched. Check it with dtks --db {} check\n",
            r.path.display(),
            n(r.households),
            n(r.entries),
            n(r.attachments),
            r.path.display()
        ),
    }
}

/// One refusal of each kind, for the tests of the catalogue.
#[cfg(test)]
pub(crate) fn examples() -> Vec<BackupRefusal> {
    use std::path::PathBuf;
    let p = || PathBuf::from("/data/kampung-melayu/anggota.csv");
    let store = PartName::Store { name: "store-000003".into(), first: 20_000, entries: 10_000 };
    vec![
        BackupRefusal::NotABackup { path: p() },
        BackupRefusal::NewerFormat { path: p(), format: 2, schema: 3 },
        BackupRefusal::Truncated { path: p(), at: 1234, part: Some(store.clone()) },
        BackupRefusal::Truncated { path: p(), at: 1234, part: None },
        BackupRefusal::PartDamaged { path: p(), part: store },
        BackupRefusal::PartDamaged { path: p(), part: PartName::Attachment { sha256: "ab".repeat(32) } },
        BackupRefusal::ManifestDamaged { path: p() },
        BackupRefusal::HeaderDamaged { path: p(), at: 99 },
        BackupRefusal::PartsDiffer { path: p(), listed: 4, found: 3 },
        BackupRefusal::TargetNotEmpty { path: p() },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_written_as_each_language_writes_decimals() {
        assert_eq!(megabytes(Lang::Id, 12_845_056), "12,3 MB");
        assert_eq!(megabytes(Lang::En, 12_845_056), "12.3 MB");
        assert_eq!(megabytes(Lang::En, 0), "0.0 MB");
    }

    #[test]
    fn a_damaged_store_part_names_its_entries() {
        let r = &examples()[4];
        let en = refusal(Lang::En, r);
        assert!(en.contains("part store-000003 (database entries 20,001 to 30,000)"), "{en}");
        let id = refusal(Lang::Id, r);
        assert!(id.contains("bagian store-000003 (entri basis data 20.001 sampai 30.000)"), "{id}");
    }
}
