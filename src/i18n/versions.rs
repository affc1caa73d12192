//! Words of saves refused over another session's change, and of screens
//! that another session's write made stale.

use chrono::NaiveDateTime;

use super::{Lang, fmt_date};
use crate::store::{Target, kinds};

/// A record id as people read it: `00000000000000000012` → `12`.
fn short(id: &str) -> &str {
    let t = id.trim_start_matches('0');
    if t.is_empty() { id } else { t }
}

/// What was changed: "KK 3171…", "kunjungan 12", "Muskel 5".
pub fn target(lang: Lang, t: &Target) -> String {
    use Lang::{En, Id};
    let (kind, id) = match t {
        Target::Household(kk) => return format!("KK {kk}"),
        Target::Record { kind, id } => (kind, id.as_str()),
    };
    match (*kind, lang) {
        (kinds::VISIT | kinds::VERIFICATION, Id) => format!("kunjungan {}", short(id)),
        (kinds::VISIT | kinds::VERIFICATION, En) => format!("visit {}", short(id)),
        (kinds::VISIT_BY_KK, Id) => format!("kunjungan KK {id}"),
        (kinds::VISIT_BY_KK, En) => format!("the visits of KK {id}"),
        (kinds::MUSKEL, _) => format!("Muskel {}", short(id)),
        (kinds::USULAN, Id) => format!("usulan {}", short(id)),
        (kinds::USULAN, En) => format!("proposal {}", short(id)),
        (kinds::DEACTIVATION, Id) => format!("usulan penonaktifan {}", short(id)),
        (kinds::DEACTIVATION, En) => format!("deactivation proposal {}", short(id)),
        (kinds::DEACTIVATION_BY_KK, Id) => format!("usulan penonaktifan KK {id}"),
        (kinds::DEACTIVATION_BY_KK, En) => format!("the deactivation proposals of KK {id}"),
        (kinds::TAHAP_PLAN, Id) => format!("rencana tahap {id}"),
        (kinds::TAHAP_PLAN, En) => format!("tahap plan {id}"),
        (_, Id) => format!("catatan {}", short(id)),
        (_, En) => format!("record {}", short(id)),
    }
}

/// "oleh siti pada 3 Des 2026 10:42" / "by siti on 3 Dec 2026 at 10:42".
fn who_when(lang: Lang, by: Option<&str>, at: Option<NaiveDateTime>) -> String {
    let when = at.map(|at| (fmt_date(lang, at.date()), at.format("%H:%M").to_string()));
    match (lang, by, when) {
        (Lang::Id, Some(by), Some((d, t))) => format!("oleh {by} pada {d} {t}"),
        (Lang::En, Some(by), Some((d, t))) => format!("by {by} on {d} at {t}"),
        (Lang::Id, Some(by), None) => format!("oleh {by}"),
        (Lang::En, Some(by), None) => format!("by {by}"),
        (Lang::Id, None, _) => "oleh sesi lain".to_string(),
        (Lang::En, None, _) => "by another session".to_string(),
    }
}

/// The refusal itself, for every front end.
pub fn changed(lang: Lang, t: &Target, by: Option<&str>, at: Option<NaiveDateTime>) -> String {
    let what = target(lang, t);
    let ww = who_when(lang, by, at);
    match lang {
        Lang::Id => format!(
            "{what} sudah diubah {ww} sejak Anda membukanya; perubahan Anda tidak disimpan: muat ulang, lalu ulangi perubahan Anda"
        ),
        Lang::En => format!(
            "{what} was changed {ww} since you opened it; your change was not saved: reload, then make your change again"
        ),
    }
}

/// The question a form asks after such a refusal: the edit stays where it
/// was typed; "no" (the default) keeps the screen as it is.
pub fn reload_question(lang: Lang, t: &Target, by: Option<&str>, at: Option<NaiveDateTime>) -> String {
    let what = target(lang, t);
    let ww = who_when(lang, by, at);
    match lang {
        Lang::Id => format!(
            "{what} sudah diubah {ww}. Perubahan Anda belum disimpan dan tetap di isian. Muat ulang versi terbaru?"
        ),
        Lang::En => format!(
            "{what} was changed {ww}. Your change is not saved and stays in the field. Reload the latest version?"
        ),
    }
}

/// After "yes": the form shows the latest version.
pub fn reloaded(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "Dimuat ulang; isian Anda masih ada, simpan lagi bila masih perlu",
        Lang::En => "Reloaded; your entry is still there, save it again if it is still needed",
    }
}

/// A list or count another session changed, shown until it is counted again.
pub fn stale(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "berubah sejak dihitung",
        Lang::En => "changed since counted",
    }
}

/// The store's own refusal, when it reaches a person without the service's
/// words (it should not).
pub fn store_changed(lang: Lang, t: &Target) -> String {
    let what = target(lang, t);
    match lang {
        Lang::Id => format!("{what} diubah sesi lain sejak dibaca; tidak ada yang disimpan: baca lagi lalu ulangi"),
        Lang::En => {
            format!("{what} was changed by another session since it was read; nothing was saved: read it again")
        }
    }
}
