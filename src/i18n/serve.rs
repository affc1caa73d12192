//! The texts of the local socket of `dtks serve`: what a command run
//! through it is told when it cannot run there, and what a session is told
//! when it ends.

use std::path::Path;

use super::Lang;

/// `--user` naming someone else, from an OS user who is not the server's.
pub fn not_your_user(lang: Lang, me: &str) -> String {
    match lang {
        Lang::Id => format!(
            "dtks: lewat server Anda bertindak sebagai '{me}' (akun sistem Anda); --user tidak dapat menyebut pengguna lain"
        ),
        Lang::En => {
            format!("dtks: through the server you act as '{me}' (your system account); --user cannot name another user")
        }
    }
}

pub fn restore_while_serving(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => {
            "dtks: register ini sedang dilayani dtks serve; pulihkan ke direktori baru (--db DIREKTORI_BARU) atau hentikan servernya dahulu"
        }
        Lang::En => {
            "dtks: this register is being served by dtks serve; restore into a new directory (--db NEW_DIR) or stop the server first"
        }
    }
}

/// A command naming a file, from an OS user who is not the server's.
pub fn no_files_for_others(lang: Lang, me: &str) -> String {
    match lang {
        Lang::Id => format!(
            "dtks: '{me}': perintah yang membaca atau menulis berkas hanya dijalankan server untuk akun sistemnya sendiri; minta operator server menjalankannya"
        ),
        Lang::En => format!(
            "dtks: '{me}': commands that read or write files run through the server for its own system account only; ask the server's operator to run it"
        ),
    }
}

/// `dtks user add|key|disable`, from an OS user who is not the server's.
pub fn users_for_operator(lang: Lang, me: &str) -> String {
    match lang {
        Lang::Id => format!(
            "dtks: '{me}': pengguna dan kuncinya hanya diatur oleh operator server (akun sistem yang menjalankan dtks serve)"
        ),
        Lang::En => format!(
            "dtks: '{me}': users and their keys are managed by the server's operator only (the system account running dtks serve)"
        ),
    }
}

pub fn not_through_server(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "dtks: perintah ini tidak dijalankan lewat server; jalankan di luar dtks serve",
        Lang::En => "dtks: this command does not run through the server; run it without dtks serve",
    }
}

/// An OS user who is neither the server's nor an enabled dtks user.
pub fn not_a_user(lang: Lang, os_user: &str) -> String {
    match lang {
        Lang::Id => format!(
            "dtks: akun sistem '{os_user}' bukan pengguna aktif dtks di server ini; minta operator menambahkannya (dtks user add {os_user})"
        ),
        Lang::En => format!(
            "dtks: the system account '{os_user}' is not an enabled dtks user on this server; ask the operator to add it (dtks user add {os_user})"
        ),
    }
}

pub fn line_too_long(lang: Lang, bytes: usize, max: usize) -> String {
    match lang {
        Lang::Id => format!(
            "dtks: baris perintah terlalu panjang ({bytes} bita; paling banyak {max}); berikan daftar panjang lewat berkas"
        ),
        Lang::En => {
            format!("dtks: the command line is too long ({bytes} bytes; at most {max}); give long lists in a file")
        }
    }
}

pub fn too_many_connections(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "dtks: server sedang melayani terlalu banyak sambungan; coba lagi sebentar lagi",
        Lang::En => "dtks: the server is serving too many connections; try again in a moment",
    }
}

/// The socket is there and answers to nobody but its owner, or fails otherwise.
pub fn socket_unreachable(lang: Lang, path: &Path, reason: &str) -> String {
    match lang {
        Lang::Id => format!(
            "dtks: register ini dilayani dtks serve, tetapi soketnya {} tidak dapat dipakai: {reason}; jalankan perintah sebagai pengguna server atau lewat ssh",
            path.display()
        ),
        Lang::En => format!(
            "dtks: this register is served by dtks serve, but its socket {} cannot be used: {reason}; run the command as the server's user or through ssh",
            path.display()
        ),
    }
}

/// The server went away before the command's end.
pub fn server_gone(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => {
            "dtks: sambungan ke dtks serve terputus sebelum perintah selesai; periksa dengan dtks check apakah perubahan tersimpan"
        }
        Lang::En => {
            "dtks: the connection to dtks serve ended before the command finished; check with dtks check whether the change was saved"
        }
    }
}

pub fn already_serving(lang: Lang, db: &Path) -> String {
    match lang {
        Lang::Id => format!(
            "register {} sudah dilayani dtks serve yang berjalan; perintah dtks di komputer ini memakainya dengan sendirinya, tidak perlu server kedua",
            db.display()
        ),
        Lang::En => format!(
            "{} is already served by a running dtks serve; dtks commands on this computer use it by themselves, no second server is needed",
            db.display()
        ),
    }
}

pub fn socket_unusable(lang: Lang, path: &Path, reason: &str) -> String {
    match lang {
        Lang::Id => format!(
            "{}: soket lokal tidak dapat dibuat: {reason}; pakai --db dengan jalur yang lebih pendek atau periksa izin direktorinya",
            path.display()
        ),
        Lang::En => format!(
            "{}: the local socket cannot be made: {reason}; use a --db with a shorter path or check the directory's permissions",
            path.display()
        ),
    }
}

/// Told to a session of a user who was just disabled (after the terminal is restored).
pub fn session_disabled(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => {
            "dtks: pengguna Anda dinonaktifkan oleh operator; sesi ini berakhir dan semua yang tersimpan aman.\r\n"
        }
        Lang::En => "dtks: your user was disabled by the operator; this session ends and everything saved is safe.\r\n",
    }
}

/// Said to an SSH client that never logged in.
pub fn login_timeout(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "tidak login dalam 60 detik; sambungan ditutup",
        Lang::En => "no login within 60 seconds; connection closed",
    }
}
