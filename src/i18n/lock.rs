//! The words of the idle lock.

use super::Lang;

pub fn title(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "terkunci",
        Lang::En => "locked",
    }
}

pub fn locked(lang: Lang, user: &str, minutes: u64) -> String {
    match lang {
        Lang::Id => format!(
            "Sesi {user} terkunci setelah {minutes} menit tanpa aktivitas. Data disembunyikan; pekerjaan yang belum selesai tetap ada."
        ),
        Lang::En => format!(
            "{user}'s session locked after {minutes} minutes without activity. The data is hidden; unfinished work is kept."
        ),
    }
}

pub fn type_password(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "Ketik kata sandi Anda lalu Enter untuk melanjutkan (Ctrl-C keluar).",
        Lang::En => "Type your password and press Enter to go on (Ctrl-C leaves).",
    }
}

pub fn log_in_again(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "Tekan Enter untuk keluar, lalu masuk lagi dengan kunci SSH Anda; draf yang tersimpan tetap ada.",
        Lang::En => "Press Enter to leave, then log in again with your SSH key; saved drafts are kept.",
    }
}

pub fn press_enter(lang: Lang, user: &str) -> String {
    match lang {
        Lang::Id => format!(
            "Tekan Enter untuk melanjutkan. Agar kunci ini meminta kata sandi, pasang dengan: dtks user password {user}"
        ),
        Lang::En => {
            format!(
                "Press Enter to go on. To make this lock ask for a password, set one with: dtks user password {user}"
            )
        }
    }
}

pub fn wrong(lang: Lang, left: u32) -> String {
    match lang {
        Lang::Id => format!("Kata sandi salah; sisa {left} kali sebelum sesi ditutup."),
        Lang::En => format!("Wrong password; {left} more tries before the session ends."),
    }
}
