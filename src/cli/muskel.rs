//! `dtks muskel`: the sessions, the kelurahan due for one, and the Berita
//! Acara written to a file.

use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

use super::{Global, Io, MuskelCommand, found, json_cycle, said};
use crate::domain::muskel::{Decision, Muskel};
use crate::i18n::cli::{Msg, berita_acara_extension, cannot_write, no_muskel, text};
use crate::i18n::{Lang, fmt_count, fmt_date};
use crate::service::error::io_reason;
use crate::service::muskel::MuskelDue;

pub(super) fn run(io: &mut Io, g: &Global, lang: Lang, command: MuskelCommand) -> anyhow::Result<ExitCode> {
    let svc = io.open(g, lang)?;
    let me = io.actor(g);
    match command {
        MuskelCommand::List { json } => {
            let list = svc.muskel_list(&me, "")?;
            if json {
                io.json(&json_cycle::muskels(&list))?;
            } else {
                io.emit(&muskel_list(lang, &list))?;
            }
            Ok(found(list.len()))
        }
        MuskelCommand::Due { json } => {
            let due = svc.muskel_due(&me, svc.today())?;
            if json {
                io.json(&json_cycle::muskel_due(lang, &due))?;
            } else {
                io.emit(&muskel_due(lang, &due))?;
            }
            Ok(found(due.len()))
        }
        MuskelCommand::BeritaAcara { id, out } => {
            if svc.muskel(id)?.is_none() {
                io.say(&format!("dtks: {}", no_muskel(lang, id)));
                return Ok(ExitCode::from(1));
            }
            let ext = out.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
            let html = match ext.as_str() {
                "html" | "htm" => true,
                "md" | "txt" | "markdown" => false,
                _ => return Err(said(berita_acara_extension(lang, &out))),
            };
            let text = if html { svc.berita_acara_html(&me, id, lang)? } else { svc.berita_acara(&me, id, lang)? };
            crate::formats::atomic::write_whole(&out, text.as_bytes())
                .map_err(|e| said(cannot_write(lang, &out, io_reason(lang, e.kind()))))?;
            io.emit(&berita_acara_written(lang, id, &out, html))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn muskel_list(lang: Lang, list: &[Muskel]) -> String {
    let t = |m| text(lang, m);
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", fmt_count(lang, list.len() as u64), t(Msg::MuskelSessions));
    for m in list {
        let (proposals, deactivations) = crate::domain::muskel::counts(m);
        let agreed = m.items.iter().filter(|i| i.decision == Some(Decision::Agreed)).count();
        let _ = writeln!(
            s,
            "  #{:<5} {}  {}  {}  {}: {}  {}: {}/{} ({} {}, {} {})  {}",
            m.id,
            fmt_date(lang, m.date),
            m.kelurahan,
            m.place,
            t(Msg::Attended),
            m.attendees.len(),
            t(Msg::Agreed),
            agreed,
            m.items.len(),
            proposals,
            t(Msg::Proposals),
            deactivations,
            t(Msg::Deactivations),
            m.number
        );
    }
    s
}

fn muskel_due(lang: Lang, due: &[MuskelDue]) -> String {
    let mut s = String::new();
    if due.is_empty() {
        let _ = writeln!(s, "{}", text(lang, Msg::NoMuskelDue));
        return s;
    }
    let _ = writeln!(s, "{} {}", fmt_count(lang, due.len() as u64), text(lang, Msg::NeedMuskel));
    for d in due {
        let _ = writeln!(s, "  {}  {:<24} {}", d.kelurahan, d.name, d.cadence.message(lang));
    }
    s
}

fn berita_acara_written(lang: Lang, id: u64, path: &Path, html: bool) -> String {
    format!(
        "{} {id} → {} ({})\n",
        text(lang, Msg::BeritaAcaraOf),
        path.display(),
        if html { "HTML" } else { "Markdown" }
    )
}
