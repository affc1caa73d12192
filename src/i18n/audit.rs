//! Words of `dtks audit`: the events as people read them, what `verify`
//! found, and the checkpoint.

use std::fmt::Write as _;
use std::path::Path;

use super::Lang;
use crate::domain::access::Right;
use crate::service::Origin;
use crate::service::error::right_words;
use crate::store::{AuditEvent, ChainFault, ChainReport, ChangeKind, Checkpoint};

fn pick(lang: Lang, id: String, en: String) -> String {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// Where an event came from, in words.
pub fn origin_words(lang: Lang, code: &str) -> String {
    match (Origin::parse(code), lang) {
        (Some(Origin::Local), Lang::Id) => "terminal lokal".into(),
        (Some(Origin::Local), Lang::En) => "local terminal".into(),
        (Some(Origin::Socket { uid }), Lang::Id) => format!("socket (akun uid {uid})"),
        (Some(Origin::Socket { uid }), Lang::En) => format!("socket (account uid {uid})"),
        (Some(Origin::Ssh { addr: Some(a) }), Lang::Id) => format!("SSH dari {a}"),
        (Some(Origin::Ssh { addr: Some(a) }), Lang::En) => format!("SSH from {a}"),
        (Some(Origin::Ssh { addr: None }), _) => "SSH".into(),
        (None, Lang::Id) => "asal tidak tercatat".into(),
        (None, Lang::En) => "origin not recorded".into(),
    }
}

/// What an event did, in words: the views and exports by their kind, a
/// change by its action and the households it changed.
pub fn action_words(lang: Lang, e: &AuditEvent) -> String {
    let (verb, rest) = e.action.split_once(' ').unwrap_or((e.action.as_str(), ""));
    let export = |id: &str, en: &str| {
        let (n, dest) = rest.split_once(' ').unwrap_or((rest, ""));
        pick(lang, format!("mengekspor {id} ({n}) ke {dest}"), format!("exported {en} ({n}) to {dest}"))
    };
    match verb {
        "view.detail" => pick(lang, "membuka rumah tangga".into(), "opened a household".into()),
        "view.lookup" => pick(lang, format!("mencari «{rest}»"), format!("looked up «{rest}»")),
        "view.search" if rest.is_empty() => {
            pick(lang, "melihat daftar rumah tangga".into(), "viewed the household list".into())
        }
        "view.search" => pick(lang, format!("mencari di daftar «{rest}»"), format!("searched the list for «{rest}»")),
        "view.list" => {
            use crate::service::audit::Listed;
            let what = match (Listed::parse(rest), lang) {
                (Some(Listed::Duplicates), Lang::Id) => "daftar NIK ganda",
                (Some(Listed::Duplicates), Lang::En) => "the duplicates list",
                (Some(Listed::Deactivations), Lang::Id) => "daftar usulan penonaktifan",
                (Some(Listed::Deactivations), Lang::En) => "the deactivation proposals",
                (Some(Listed::Eligible), Lang::Id) => "daftar layak belum terdaftar",
                (Some(Listed::Eligible), Lang::En) => "the eligible-not-enrolled list",
                (Some(Listed::Usulan), Lang::Id) => "daftar usulan",
                (Some(Listed::Usulan), Lang::En) => "the proposals (usulan) list",
                (Some(Listed::WorkQueue), Lang::Id) => "antrean kerja verifikasi",
                (Some(Listed::WorkQueue), Lang::En) => "the verification work queues",
                (None, Lang::Id) => "sebuah daftar",
                (None, Lang::En) => "a list",
            };
            pick(lang, format!("melihat {what}"), format!("viewed {what}"))
        }
        "view.reveal" => pick(lang, "membuka NIK dan No. KK utuh".into(), "revealed a whole NIK and No. KK".into()),
        "export.register" => export("register", "the register"),
        "export.list" => export("daftar rumah tangga", "a household list"),
        "export.siks-usulan" => export("usulan SIKS-NG", "SIKS-NG proposals"),
        "export.tahap-diff" => export("perubahan daftar tahap", "tahap list changes"),
        "denied" => {
            let what = Right::parse(rest).map_or(rest, |r| right_words(lang, r));
            pick(lang, format!("ditolak: tidak berhak {what}"), format!("refused: may not {what}"))
        }
        _ => {
            let n = |k: ChangeKind| e.targets.iter().filter(|t| t.kind == k).count();
            let (c, u, d) = (n(ChangeKind::Created), n(ChangeKind::Updated), n(ChangeKind::Deleted));
            let mut s = e.action.clone();
            if c + u + d > 0 {
                let _ = match lang {
                    Lang::Id => write!(s, " ({c} baru, {u} diubah, {d} dihapus)"),
                    Lang::En => write!(s, " ({c} new, {u} changed, {d} deleted)"),
                };
            }
            s
        }
    }
}

/// The lines of `audit show`: one per event, oldest first.
pub fn show(lang: Lang, events: &[AuditEvent]) -> String {
    let mut s = String::new();
    if events.is_empty() {
        s.push_str(match lang {
            Lang::Id => "tidak ada peristiwa audit yang cocok\n",
            Lang::En => "no matching audit event\n",
        });
        return s;
    }
    for e in events {
        let _ = write!(
            s,
            "{:>7}  {}  {}  {}  {}",
            e.seq,
            e.at.format("%Y-%m-%d %H:%M:%S"),
            e.user,
            origin_words(lang, &e.origin),
            action_words(lang, e)
        );
        if !e.subjects.is_empty() {
            let _ = write!(s, "  [{}]", e.subjects.join(" "));
        }
        s.push('\n');
    }
    let _ = match lang {
        Lang::Id => writeln!(s, "{} peristiwa", events.len()),
        Lang::En => writeln!(s, "{} events", events.len()),
    };
    s
}

pub fn fault_words(lang: Lang, f: &ChainFault) -> String {
    use ChainFault::*;
    match (f, lang) {
        (Unreadable { seq }, Lang::Id) => format!("peristiwa {seq} tidak dapat dibaca (rusak atau diubah)"),
        (Unreadable { seq }, Lang::En) => format!("event {seq} cannot be read (damaged or edited)"),
        (Renumbered { key, stored }, Lang::Id) => {
            format!("peristiwa di tempat {key} menyebut dirinya nomor {stored}: log disusun ulang")
        }
        (Renumbered { key, stored }, Lang::En) => {
            format!("the event at place {key} calls itself number {stored}: the log was rearranged")
        }
        (Missing { from, to }, Lang::Id) if from == to => format!("peristiwa {from} hilang (dihapus)"),
        (Missing { from, to }, Lang::En) if from == to => format!("event {from} is missing (removed)"),
        (Missing { from, to }, Lang::Id) => format!("peristiwa {from} sampai {to} hilang (dihapus)"),
        (Missing { from, to }, Lang::En) => format!("events {from} to {to} are missing (removed)"),
        (Broken { after: 0, at }, Lang::Id) => format!("peristiwa {at} bukan awal rantai: disisipkan atau diubah"),
        (Broken { after: 0, at }, Lang::En) => format!("event {at} does not start the chain: put in or edited"),
        (Broken { after, at }, Lang::Id) => format!(
            "rantai putus antara peristiwa {after} dan {at}: peristiwa {after} diubah setelah disimpan, atau {at} disisipkan"
        ),
        (Broken { after, at }, Lang::En) => {
            format!(
                "the chain breaks between events {after} and {at}: event {after} was edited after it was saved, or {at} was put in"
            )
        }
        (Changed { seq }, Lang::Id) => format!("peristiwa terakhir ({seq}) diubah setelah disimpan"),
        (Changed { seq }, Lang::En) => format!("the last event ({seq}) was edited after it was saved"),
        (HeadMismatch { recorded, found }, Lang::Id) => format!(
            "ujung rantai tercatat di peristiwa {recorded}, tetapi log berakhir di {found}: peristiwa disisipkan di ujung atau dihapus"
        ),
        (HeadMismatch { recorded, found }, Lang::En) => format!(
            "the chain's recorded end is event {recorded}, but the log ends at {found}: events were added at the end or removed"
        ),
        (OtherDatabase { checkpoint, database }, Lang::Id) => {
            format!(
                "checkpoint ini milik database lain ({checkpoint}, bukan {database}); pakai checkpoint database ini"
            )
        }
        (OtherDatabase { checkpoint, database }, Lang::En) => {
            format!(
                "this checkpoint belongs to another database ({checkpoint}, not {database}); use this database's checkpoint"
            )
        }
        (Truncated { seq, last }, Lang::Id) => {
            format!("checkpoint melihat peristiwa {seq}, tetapi log kini berakhir di {last}: ujung log dipotong")
        }
        (Truncated { seq, last }, Lang::En) => {
            format!("the checkpoint saw event {seq}, but the log now ends at {last}: its tail was cut off")
        }
        (CheckpointMismatch { seq }, Lang::Id) => {
            format!("peristiwa {seq} bukan yang dilihat checkpoint: peristiwa sampai {seq} diubah sejak itu")
        }
        (CheckpointMismatch { seq }, Lang::En) => {
            format!("event {seq} is not the one the checkpoint saw: events up to {seq} were changed since")
        }
    }
}

/// The report of `audit verify`.
pub fn verify(lang: Lang, r: &ChainReport, checkpoint: Option<&Path>) -> String {
    let mut s = String::new();
    for f in &r.faults {
        let _ = writeln!(s, "{}", fault_words(lang, f));
    }
    let head = crate::store::hex(&r.head);
    let against = checkpoint.map(|p| p.display().to_string());
    let _ = match (r.faults.is_empty(), lang) {
        (true, Lang::Id) => writeln!(
            s,
            "log audit utuh: {} peristiwa, terakhir {}, hash {}{}",
            r.events,
            r.last,
            &head[..16],
            against.map(|p| format!(", cocok dengan checkpoint {p}")).unwrap_or_default()
        ),
        (true, Lang::En) => writeln!(
            s,
            "audit log whole: {} events, last {}, hash {}{}",
            r.events,
            r.last,
            &head[..16],
            against.map(|p| format!(", matching checkpoint {p}")).unwrap_or_default()
        ),
        (false, Lang::Id) => writeln!(
            s,
            "log audit TIDAK utuh: {} masalah dalam {} peristiwa; simpan salinan database ini dan laporkan ke atasan",
            r.faults.len(),
            r.events
        ),
        (false, Lang::En) => writeln!(
            s,
            "audit log NOT whole: {} problems in {} events; keep a copy of this database and report it",
            r.faults.len(),
            r.events
        ),
    };
    s
}

pub fn checkpoint_written(lang: Lang, c: &Checkpoint, path: &Path) -> String {
    match lang {
        Lang::Id => format!(
            "checkpoint ditulis ke {}: peristiwa {}, hash {}; simpan di luar mesin ini, lalu periksa dengan dtks audit verify --checkpoint {}\n",
            path.display(),
            c.seq,
            &c.head[..16.min(c.head.len())],
            path.display()
        ),
        Lang::En => format!(
            "checkpoint written to {}: event {}, hash {}; keep it off this machine, then check with dtks audit verify --checkpoint {}\n",
            path.display(),
            c.seq,
            &c.head[..16.min(c.head.len())],
            path.display()
        ),
    }
}
