//! The texts of `dtks user` and `dtks serve`: users and their keys, the
//! server's own lines, and what an SSH session is told.

use std::net::SocketAddr;
use std::path::Path;

use super::{Lang, fmt_date};
use crate::domain::user::{User, UserKey};
use crate::domain::wilayah::Wilayah;

/// "petugas, wilayah Kampung Melayu (31.75.03.1001)": a user's role and areas in words.
pub fn reach(lang: Lang, u: &User, w: &Wilayah) -> String {
    let a = crate::service::access::access_of(u);
    let role = crate::service::error::role_words(lang, a.role);
    let areas = if a.areas.is_empty() {
        match lang {
            Lang::Id => "seluruh register".to_string(),
            Lang::En => "the whole register".to_string(),
        }
    } else {
        a.areas.iter().map(|c| format!("{} ({c})", w.name(c).unwrap_or("?"))).collect::<Vec<_>>().join(", ")
    };
    match lang {
        Lang::Id => format!("{role}, wilayah {areas}"),
        Lang::En => format!("{role}, area {areas}"),
    }
}

pub fn user_set(lang: Lang, u: &User, w: &Wilayah) -> String {
    match lang {
        Lang::Id => format!("pengguna '{}' kini {}\n", u.name, reach(lang, u, w)),
        Lang::En => format!("user '{}' is now {}\n", u.name, reach(lang, u, w)),
    }
}

pub fn user_added(lang: Lang, u: &User, w: &Wilayah) -> String {
    let r = reach(lang, u, w);
    match (lang, u.keys.first()) {
        (Lang::Id, Some(k)) => format!("pengguna '{}' ({r}) ditambahkan dengan kunci {}\n", u.name, k.fingerprint),
        (Lang::En, Some(k)) => format!("user '{}' ({r}) added with key {}\n", u.name, k.fingerprint),
        (Lang::Id, None) => format!(
            "pengguna '{}' ({r}) ditambahkan tanpa kunci; ia belum dapat login lewat SSH sampai kuncinya ditambahkan (dtks user key add {} BERKAS)\n",
            u.name, u.name
        ),
        (Lang::En, None) => format!(
            "user '{}' ({r}) added without a key; they cannot log in over SSH until one is added (dtks user key add {} FILE)\n",
            u.name, u.name
        ),
    }
}

pub fn key_added(lang: Lang, name: &str, k: &UserKey) -> String {
    match lang {
        Lang::Id => format!("kunci {} ditambahkan untuk '{name}'\n", k.fingerprint),
        Lang::En => format!("key {} added for '{name}'\n", k.fingerprint),
    }
}

pub fn key_removed(lang: Lang, name: &str, k: &UserKey, left: usize) -> String {
    match lang {
        Lang::Id => format!("kunci {} dihapus dari '{name}'; tersisa {left} kunci\n", k.fingerprint),
        Lang::En => format!("key {} removed from '{name}'; {left} key(s) left\n", k.fingerprint),
    }
}

pub fn disabled(lang: Lang, name: &str, now: bool) -> String {
    match (lang, now) {
        (Lang::Id, true) => format!("pengguna '{name}' dinonaktifkan; ia tidak dapat login lagi\n"),
        (Lang::En, true) => format!("user '{name}' disabled; they can no longer log in\n"),
        (Lang::Id, false) => format!("pengguna '{name}' sudah nonaktif; tidak ada yang diubah\n"),
        (Lang::En, false) => format!("user '{name}' was already disabled; nothing changed\n"),
    }
}

pub fn user_list(lang: Lang, users: &[User], w: &Wilayah) -> String {
    let mut s = String::new();
    if users.is_empty() {
        s.push_str(match lang {
            Lang::Id => "belum ada pengguna; tambahkan dengan dtks user add NAMA --key BERKAS.pub\n",
            Lang::En => "no users yet; add one with dtks user add NAME --key FILE.pub\n",
        });
        return s;
    }
    for u in users {
        let state = match (lang, u.disabled) {
            (Lang::Id, false) => "aktif",
            (Lang::En, false) => "enabled",
            (Lang::Id, true) => "nonaktif",
            (Lang::En, true) => "disabled",
        };
        let made = match lang {
            Lang::Id => format!("dibuat {} oleh {}", fmt_date(lang, u.created_at.date()), u.created_by),
            Lang::En => format!("created {} by {}", fmt_date(lang, u.created_at.date()), u.created_by),
        };
        s.push_str(&format!("{:<20} {state:<9} {made}\n", u.name));
        s.push_str(&format!("    {}\n", reach(lang, u, w)));
        if u.keys.is_empty() {
            s.push_str(match lang {
                Lang::Id => "    (tanpa kunci)\n",
                Lang::En => "    (no key)\n",
            });
        }
        for k in &u.keys {
            let comment = k.openssh.split_whitespace().nth(2).unwrap_or("");
            let algorithm = k.openssh.split_whitespace().next().unwrap_or("");
            s.push_str(&format!("    {} {algorithm} {comment}\n", k.fingerprint).replace("  \n", "\n"));
        }
    }
    s
}

/// Printed once the server listens.
pub fn listening(lang: Lang, addr: SocketAddr, db: &Path, fingerprint: &str) -> String {
    match lang {
        Lang::Id => format!(
            "dtks serve: melayani {} di {addr} (kunci host {fingerprint}); hentikan dengan Ctrl-c atau SIGTERM",
            db.display()
        ),
        Lang::En => format!(
            "dtks serve: serving {} on {addr} (host key {fingerprint}); stop with Ctrl-c or SIGTERM",
            db.display()
        ),
    }
}

pub fn stopped(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "dtks serve: berhenti",
        Lang::En => "dtks serve: stopped",
    }
}

pub fn cannot_listen(lang: Lang, addr: SocketAddr, reason: &str) -> String {
    match lang {
        Lang::Id => {
            format!("tidak dapat mendengarkan di {addr}: {reason}; pilih alamat atau port lain dengan --listen")
        }
        Lang::En => format!("cannot listen on {addr}: {reason}; choose another address or port with --listen"),
    }
}

pub fn host_key_unusable(lang: Lang, path: &Path) -> String {
    match lang {
        Lang::Id => format!(
            "{}: kunci host tidak dapat dibaca; pulihkan dari cadangan atau hapus berkasnya agar dibuat yang baru (klien akan melihat kunci host yang berbeda)",
            path.display()
        ),
        Lang::En => format!(
            "{}: the host key cannot be read; restore it from a backup or remove the file to have a new one made (clients will see a different host key)",
            path.display()
        ),
    }
}

/// An exec request for a command that changes the register, or none at all.
pub fn exec_refused(lang: Lang, command: &str) -> String {
    match lang {
        Lang::Id => format!(
            "dtks: '{command}' tidak dapat dijalankan lewat SSH; lewat SSH hanya perintah baca: lookup, stats, duplicates, layak list, verval queue|show|drafts, usulan list, muskel list|due, tahap list|show|why|diff, tahap tariff list, nonaktif list|show, audit show|verify\n"
        ),
        Lang::En => format!(
            "dtks: '{command}' cannot be run over SSH; over SSH only the read commands run: lookup, stats, duplicates, layak list, verval queue|show|drafts, usulan list, muskel list|due, tahap list|show|why|diff, tahap tariff list, nonaktif list|show, audit show|verify\n"
        ),
    }
}

/// An exec request naming an option the server decides itself.
pub fn exec_option_refused(lang: Lang, option: &str) -> String {
    match lang {
        Lang::Id => format!(
            "dtks: {option} tidak dapat dipakai lewat SSH: server memakai registernya sendiri dan nama login Anda\n"
        ),
        Lang::En => {
            format!("dtks: {option} cannot be used over SSH: the server uses its own register and your login name\n")
        }
    }
}

/// An exec line that is not words a shell would split.
pub fn exec_unreadable(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "dtks: perintah tidak dapat dibaca (tanda kutip tidak ditutup?); contoh: lookup \"siti nur\"\n",
        Lang::En => "dtks: the command cannot be read (an unclosed quote?); for example: lookup \"siti nur\"\n",
    }
}

/// A session that asked for neither a terminal nor a command.
pub fn needs_pty(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => {
            "dtks: tampilan layar perlu terminal; hubungkan dengan ssh -t, atau berikan perintah baca (ssh ... lookup NIK)\n"
        }
        Lang::En => {
            "dtks: the screen interface needs a terminal; connect with ssh -t, or give a read command (ssh ... lookup NIK)\n"
        }
    }
}

/// Said to every open session when the server stops.
pub fn server_stopping(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "dtks: server dihentikan oleh operatornya; semua yang tersimpan aman. Sambungkan lagi nanti.\r\n",
        Lang::En => "dtks: the server was stopped by its operator; everything saved is safe. Connect again later.\r\n",
    }
}

/// Why a login was refused, for the server's log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginRefused {
    NoUser,
    Disabled,
    WrongKey,
    /// Too many refused logins from this address lately.
    TooManyFailures,
    /// The register could not be read; the store's own words.
    Store(String),
}

pub fn login_refused(lang: Lang, name: &str, peer: Option<SocketAddr>, why: &LoginRefused) -> String {
    let from = peer.map(|p| p.to_string()).unwrap_or_else(|| "?".to_string());
    let why = match (lang, why) {
        (Lang::Id, LoginRefused::NoUser) => "tidak ada pengguna dengan nama itu".to_string(),
        (Lang::En, LoginRefused::NoUser) => "no user of that name".to_string(),
        (Lang::Id, LoginRefused::Disabled) => "pengguna dinonaktifkan".to_string(),
        (Lang::En, LoginRefused::Disabled) => "the user is disabled".to_string(),
        (Lang::Id, LoginRefused::WrongKey) => "kunci tidak terdaftar untuk pengguna ini".to_string(),
        (Lang::En, LoginRefused::WrongKey) => "the key is not registered to this user".to_string(),
        (Lang::Id, LoginRefused::TooManyFailures) => {
            "terlalu banyak login ditolak dari alamat ini; coba lagi dalam satu menit".to_string()
        }
        (Lang::En, LoginRefused::TooManyFailures) => {
            "too many refused logins from this address; try again in a minute".to_string()
        }
        (_, LoginRefused::Store(s)) => s.clone(),
    };
    match lang {
        Lang::Id => format!("dtks serve: login '{name}' dari {from} ditolak: {why}"),
        Lang::En => format!("dtks serve: login '{name}' from {from} refused: {why}"),
    }
}

/// `dtks serve` on a system without Unix signals and file modes.
pub fn serve_unsupported(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "dtks serve belum tersedia di sistem ini; jalankan server di Linux, lalu sambungkan dengan ssh",
        Lang::En => "dtks serve is not available on this system yet; run the server on Linux and connect with ssh",
    }
}

pub fn password_set(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Id => {
            format!("kata sandi '{name}' dipasang; layar yang terkunci karena lama tidak dipakai dibuka dengannya\n")
        }
        Lang::En => format!("password of '{name}' set; a screen locked after idle time is unlocked with it\n"),
    }
}

pub fn password_prompts(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Id => ("Kata sandi baru: ", "Ulangi kata sandi: "),
        Lang::En => ("New password: ", "Repeat the password: "),
    }
}

pub fn passwords_differ(lang: Lang) -> String {
    match lang {
        Lang::Id => "kedua kata sandi berbeda; tidak ada yang diubah, coba lagi".into(),
        Lang::En => "the two passwords differ; nothing was changed, try again".into(),
    }
}
