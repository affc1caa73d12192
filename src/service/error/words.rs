//! The words for errors that come from below the service: the store, the
//! files read and written, and the operating system.

use std::io;
use std::path::PathBuf;

use crate::formats::FormatError;
use crate::i18n::Lang;
use crate::store::StoreError;

/// What the operating system said, in words (never the library's text).
pub fn io_reason(lang: Lang, kind: io::ErrorKind) -> &'static str {
    use io::ErrorKind::*;
    match (kind, lang) {
        (NotFound, Lang::Id) => "tidak ditemukan",
        (NotFound, Lang::En) => "not found",
        (PermissionDenied, Lang::Id) => "izin ditolak",
        (PermissionDenied, Lang::En) => "permission denied",
        (AlreadyExists, Lang::Id) => "sudah ada",
        (AlreadyExists, Lang::En) => "already exists",
        (StorageFull, Lang::Id) => "disk penuh",
        (StorageFull, Lang::En) => "the disk is full",
        (ReadOnlyFilesystem, Lang::Id) => "sistem berkas hanya-baca",
        (ReadOnlyFilesystem, Lang::En) => "read-only file system",
        (IsADirectory, Lang::Id) => "ini direktori, bukan berkas",
        (IsADirectory, Lang::En) => "is a directory, not a file",
        (NotADirectory, Lang::Id) => "bukan direktori",
        (NotADirectory, Lang::En) => "is not a directory",
        (InvalidData, Lang::Id) => "isinya tidak dapat dibaca",
        (InvalidData, Lang::En) => "its contents cannot be read",
        (_, Lang::Id) => "gagal dibaca atau ditulis",
        (_, Lang::En) => "cannot be read or written",
    }
}

/// What to do after a failed read or write of a file: for a full disk, that
/// nothing already there was replaced (every file is written whole or not
/// at all), else `otherwise`.
pub fn io_advice(lang: Lang, kind: io::ErrorKind, otherwise: &'static str) -> &'static str {
    match (kind, lang) {
        (io::ErrorKind::StorageFull, Lang::Id) => {
            "kosongkan sebagian ruang disk lalu coba lagi; berkas yang sudah ada tetap seperti semula"
        }
        (io::ErrorKind::StorageFull, Lang::En) => {
            "free some disk space and try again; the files already there are kept as they were"
        }
        _ => otherwise,
    }
}

/// The store's action ("read", "open"…) in words of `lang`.
fn action(lang: Lang, a: &str) -> &str {
    match (a, lang) {
        (_, Lang::En) => a,
        ("open", Lang::Id) => "membuka",
        ("read", Lang::Id) => "membaca",
        ("read the directory", Lang::Id) => "membaca direktori",
        ("delete", Lang::Id) => "menghapus",
        ("save", Lang::Id) => "menyimpan",
        ("flush to disk", Lang::Id) => "menulis ke disk",
        ("make a record id", Lang::Id) => "membuat nomor catatan",
        ("sort the import", Lang::Id) => "mengurutkan data impor",
        ("undo the interrupted import", Lang::Id) => "membatalkan impor yang terputus",
        (_, Lang::Id) => "mengerjakan",
    }
}

pub fn store_message(lang: Lang, e: &StoreError) -> String {
    use StoreError::*;
    match (e, lang) {
        (Locked { path }, Lang::Id) => format!(
            "basis data {} sedang dipakai dtks lain; tutup dtks itu (atau tunggu sampai selesai) lalu coba lagi",
            path.display()
        ),
        (Locked { path }, Lang::En) => format!(
            "database {} is in use by another dtks; close that dtks (or wait until it finishes) and try again",
            path.display()
        ),
        (NewerSchema { path, found, supported }, Lang::Id) => format!(
            "basis data {} ditulis oleh dtks yang lebih baru (skema {found}, dtks ini membaca sampai {supported}); gunakan dtks yang lebih baru",
            path.display()
        ),
        (NewerSchema { path, found, supported }, Lang::En) => format!(
            "database {} was written by a newer dtks (schema {found}, this dtks reads up to {supported}); use the newer dtks",
            path.display()
        ),
        (Missing { path }, Lang::Id) => {
            format!("tidak ada basis data di {}; periksa jalurnya, atau impor data untuk membuatnya", path.display())
        }
        (Missing { path }, Lang::En) => {
            format!("no database at {}; check the path, or import data to create one", path.display())
        }
        (NotADatabase { path, .. }, Lang::Id) => {
            format!("{} bukan basis data dtks; periksa jalur --db", path.display())
        }
        (NotADatabase { path, .. }, Lang::En) => {
            format!("{} is not a dtks database; check the --db path", path.display())
        }
        (Corrupt { path, .. }, _) => damaged(lang, Some(path)),
        (Damaged { path, file, damage }, _) => crate::i18n::backup::damaged_file(lang, path, file, *damage),
        (Decode { .. } | Encode { .. }, _) => damaged(lang, None),
        (ReadOnly { path }, Lang::Id) => format!(
            "basis data {} tidak dapat dibuka: dtks harus menulis ke berkasnya walau hanya untuk membaca (log dan kuncinya ada di sana), dan pengguna ini tidak boleh menulis di sana (atau disknya hanya-baca); mintalah izin tulis untuk direktori itu dan berkasnya, atau salin direktorinya ke tempat yang dapat ditulis lalu buka salinannya dengan --db",
            path.display()
        ),
        (ReadOnly { path }, Lang::En) => format!(
            "the database {} cannot be opened: dtks must write to its files even to read them (its log and lock are there), and this user may not write there (or the disk is read-only); ask for write permission on the directory and its files, or copy the directory to a place you can write and open the copy with --db",
            path.display()
        ),
        (Io { path, action: a, source }, Lang::Id) if source.kind() == io::ErrorKind::StorageFull => format!(
            "basis data {}: gagal {} (disk penuh); kosongkan sebagian ruang disk lalu coba lagi; yang sudah tersimpan sebelumnya tetap utuh",
            path.display(),
            action(lang, a),
        ),
        (Io { path, action: a, source }, Lang::En) if source.kind() == io::ErrorKind::StorageFull => format!(
            "database {}: cannot {} (the disk is full); free some disk space and try again; what was saved before is kept whole",
            path.display(),
            action(lang, a),
        ),
        (Io { path, action: a, source }, Lang::Id) => format!(
            "basis data {}: gagal {} ({}); periksa ruang disk dan izin direktorinya",
            path.display(),
            action(lang, a),
            io_reason(lang, source.kind())
        ),
        (Io { path, action: a, source }, Lang::En) => format!(
            "database {}: cannot {} ({}); check the disk space and the directory's permissions",
            path.display(),
            action(lang, a),
            io_reason(lang, source.kind())
        ),
        (Sled { path, action: a, .. }, Lang::Id) => format!(
            "basis data {}: gagal {}; coba lagi, dan jalankan dtks check bila terulang",
            path.display(),
            action(lang, a)
        ),
        (Sled { path, action: a, .. }, Lang::En) => format!(
            "database {}: cannot {}; try again, and run dtks check if it happens again",
            path.display(),
            action(lang, a)
        ),
        (Unstorable { no_kk, field, value, expected }, Lang::Id) => format!(
            "keluarga {no_kk}: {field} \"{value}\" tidak dapat disimpan (seharusnya {expected}); perbaiki lalu simpan lagi"
        ),
        (Unstorable { no_kk, field, value, expected }, Lang::En) => format!(
            "household {no_kk}: {field} \"{value}\" cannot be saved (expected {expected}); correct it and save again"
        ),
        (Twice { no_kk }, Lang::Id) => {
            format!("keluarga {no_kk} muncul dua kali dalam satu penyimpanan; simpan tiap keluarga sekali")
        }
        (Twice { no_kk }, Lang::En) => format!("household {no_kk} appears twice in one save; save each household once"),
        (ReservedKind { kind }, Lang::Id) => format!("jenis catatan '{kind}' sudah dipakai tata letak penyimpanan"),
        (ReservedKind { kind }, Lang::En) => format!("record kind '{kind}' is reserved by the store layout"),
        (Changed { target, .. }, lang) => crate::i18n::versions::store_changed(lang, target),
        (Vault { path, fault }, lang) => crate::i18n::vault::vault_message(lang, path, fault),
    }
}

fn damaged(lang: Lang, path: Option<&PathBuf>) -> String {
    let at = path.map(|p| format!(" {}", p.display())).unwrap_or_default();
    match lang {
        Lang::Id => format!("basis data{at} rusak; jalankan dtks check dan pulihkan dari cadangan"),
        Lang::En => format!("the database{at} is damaged; run dtks check and restore it from a backup"),
    }
}

pub fn format_message(lang: Lang, e: &FormatError) -> String {
    use FormatError::*;
    match (e, lang) {
        (Io { path, source }, Lang::Id) => format!(
            "{}: {}; {}",
            path.display(),
            io_reason(lang, source.kind()),
            io_advice(lang, source.kind(), "periksa jalurnya")
        ),
        (Io { path, source }, Lang::En) => format!(
            "{}: {}; {}",
            path.display(),
            io_reason(lang, source.kind()),
            io_advice(lang, source.kind(), "check the path")
        ),
        (Empty { path, expected }, Lang::Id) => {
            format!("{}: berkasnya kosong; seharusnya ada baris judul seperti {expected}", path.display())
        }
        (Empty { path, expected }, Lang::En) => {
            format!("{}: the file is empty; expected a header row such as {expected}", path.display())
        }
        (Unrecognised { path, header }, Lang::Id) => format!(
            "{}: baris judul ({header}) tidak cocok dengan tabel register mana pun; seharusnya kolom wilayah (code,name), keluarga (no_kk,kelurahan,...), anggota (nik,no_kk,nama,...), riwayat (no_kk,nik,status,...) atau kepesertaan (nik,no_kk,program,...)",
            path.display()
        ),
        (Unrecognised { path, header }, Lang::En) => format!(
            "{}: the header row ({header}) matches none of the register's tables; expected the columns of wilayah (code,name), households (no_kk,kelurahan,...), persons (nik,no_kk,nama,...), history (no_kk,nik,status,...) or enrolments (nik,no_kk,program,...)",
            path.display()
        ),
        (MissingColumns { path, missing, .. }, Lang::Id) => {
            format!("{}: kolom {} tidak ada; tambahkan ke baris judul", path.display(), missing.join(", "))
        }
        (MissingColumns { path, missing, .. }, Lang::En) => {
            format!("{}: the column(s) {} are missing; add them to the header row", path.display(), missing.join(", "))
        }
        (DuplicateColumn { path, column }, Lang::Id) => {
            format!("{}: kolom '{column}' muncul dua kali di baris judul; sisakan satu", path.display())
        }
        (DuplicateColumn { path, column }, Lang::En) => {
            format!("{}: the column '{column}' appears twice in the header row; keep one", path.display())
        }
        (Utf16 { path }, Lang::Id) => format!(
            "{}: berkas ini teks UTF-16 (\"Unicode Text\" Excel); simpan lagi sebagai \"CSV UTF-8 (Comma delimited)\"",
            path.display()
        ),
        (Utf16 { path }, Lang::En) => format!(
            "{}: the file is UTF-16 text (Excel's \"Unicode Text\"); save it again as \"CSV UTF-8 (Comma delimited)\"",
            path.display()
        ),
        (Workbook { path, .. }, Lang::Id) => format!(
            "{}: buku kerja tidak dapat dibaca; buka di Excel dan simpan lagi sebagai .xlsx atau CSV UTF-8",
            path.display()
        ),
        (Workbook { path, .. }, Lang::En) => format!(
            "{}: the workbook cannot be read; open it in Excel and save it again as .xlsx or CSV UTF-8",
            path.display()
        ),
        (Write { path, .. }, Lang::Id) => {
            format!("{}: tidak dapat ditulis; periksa ruang disk dan izin direktorinya", path.display())
        }
        (Write { path, .. }, Lang::En) => {
            format!("{}: cannot be written; check the disk space and the directory's permissions", path.display())
        }
        (UnclosedQuote { path, line }, Lang::Id) => format!(
            "{}, baris {line}: tanda petik (\") yang dibuka di sini tidak pernah ditutup, sehingga sisa berkas terbaca sebagai satu isian; tutup petiknya atau hapus petik yang lepas, lalu impor lagi",
            path.display()
        ),
        (UnclosedQuote { path, line }, Lang::En) => format!(
            "{}, line {line}: a quote (\") opened here is never closed, so the rest of the file reads as one field; close the quote or remove the stray one, then import again",
            path.display()
        ),
        (QuoteRunsOver { path, line, column }, Lang::Id) => format!(
            "{}, baris {line}: isian {column} yang diapit tanda petik berlanjut melewati akhir baris, padahal kolom ini tidak boleh berisi pindah baris; ada petik yang hilang atau lepas di baris ini — perbaiki lalu impor lagi",
            path.display()
        ),
        (QuoteRunsOver { path, line, column }, Lang::En) => format!(
            "{}, line {line}: the quoted {column} field runs over the end of the line, and this column cannot hold a line break; a quote is missing or stray on this line — fix it and import again",
            path.display()
        ),
        (AmbiguousDates { path, column }, Lang::Id) => format!(
            "{}: tanggal di kolom {column} bisa dibaca hari dulu atau bulan dulu (semua angkanya 12 ke bawah), sedangkan tanggal lain di berkas ini ditulis bulan dulu (seperti 12/13/2024); tulis kolom {column} sebagai 2024-12-13 lalu impor lagi",
            path.display()
        ),
        (AmbiguousDates { path, column }, Lang::En) => format!(
            "{}: the dates of column {column} read day first or month first alike (every number is 12 or less), while the file's other dates are month first (like 12/13/2024); write column {column} as 2024-12-13 and import again",
            path.display()
        ),
        (JsonLine { path, line, .. }, Lang::Id) => format!(
            "{}, baris {line}: bukan JSON yang sah; tiap baris harus satu objek JSON dengan kolom \"kind\"",
            path.display()
        ),
        (JsonLine { path, line, .. }, Lang::En) => format!(
            "{}, line {line}: not valid JSON; each line must be one JSON object with a \"kind\" field",
            path.display()
        ),
    }
}
