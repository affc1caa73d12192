//! `dtks verval`: the work queues, a household's visits, the drafts of the
//! acting user, and the period's upload file.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{Global, VervalCommand, actor, emit, found, json_cycle, open, print_json, usulan::usulan_line};
use crate::formats::verval_export::{UploadRow, write_upload};
use crate::i18n::cli::{Msg, text};
use crate::i18n::{Lang, fmt_count, fmt_date};
use crate::service::Service;
use crate::service::verval::{Queues, VisitDetail, VisitLine};

pub(super) fn run(g: &Global, lang: Lang, command: VervalCommand) -> anyhow::Result<ExitCode> {
    let svc = open(g, lang, false)?;
    let me = actor(g);
    match command {
        VervalCommand::Queue { json } => {
            let q = svc.verval_queue(&me)?;
            if json {
                print_json(&json_cycle::queues(lang, &q))?;
            } else {
                emit(&verval_queue(lang, &me.user, &q))?;
            }
            let n = q.to_visit.len()
                + q.drafts.len()
                + q.returned.len()
                + q.waiting_finalisation.len()
                + q.waiting_pengesahan.len()
                + q.self_proposals.len();
            Ok(found(n))
        }
        VervalCommand::Show { no_kk, json } => {
            let visits = svc.verval_show(&no_kk)?;
            if json {
                print_json(&json_cycle::visits(lang, &visits))?;
            } else {
                emit(&verval_show(lang, &no_kk, &visits))?;
            }
            Ok(found(visits.len()))
        }
        VervalCommand::Drafts { json } => {
            let lines = svc.my_drafts(&me)?;
            if json {
                print_json(&json_cycle::visit_lines(&lines))?;
            } else {
                emit(&visit_lines(lang, &lines))?;
            }
            Ok(found(lines.len()))
        }
        VervalCommand::Export { period, out, xlsx } => {
            let rows = upload_rows(&svc, &period)?;
            let files = write_upload(&out, period.trim(), &rows, xlsx)?;
            emit(&verval_export(lang, rows.len(), &files))?;
            Ok(found(rows.len()))
        }
    }
}

/// The service's export rows with the RW/RT of the visit form that holds
/// each person.
fn upload_rows(svc: &Service, month: &str) -> anyhow::Result<Vec<UploadRow>> {
    let rows = svc.verval_export_rows(month)?;
    let mut forms: HashMap<String, Vec<VisitDetail>> = Default::default();
    let suffix = format!("-{}", month.trim());
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        if !forms.contains_key(&r.no_kk) {
            forms.insert(r.no_kk.clone(), svc.verval_show(&r.no_kk)?);
        }
        let (rw, rt) = forms
            .get(&r.no_kk)
            .and_then(|v| v.iter().rev().find(|d| d.form.period.ends_with(&suffix)))
            .map(|d| (d.form.rw.clone(), d.form.rt.clone()))
            .unwrap_or_default();
        out.push(UploadRow {
            nik: r.nik,
            no_kk: r.no_kk,
            nama: r.nama,
            kelurahan: r.kelurahan,
            rw,
            rt,
            temuan: r.finding,
            alasan: r.reasons,
            program: r.programmes,
            tahap: r.stage,
            nomor_surat: r.letter_number,
            tanggal_surat: r.letter_date,
        });
    }
    Ok(out)
}

fn visit_line(lang: Lang, s: &mut String, l: &VisitLine) {
    let _ = writeln!(
        s,
        "  #{:<5} KK {}  {:<28} {}  {} {}  {}: {}",
        l.visit_id,
        l.no_kk,
        l.head,
        l.kelurahan,
        l.period,
        l.stage.label(lang),
        text(lang, Msg::Officer),
        l.officer
    );
    if let Some(r) = &l.returned_reason {
        let _ = writeln!(s, "         {}: {r}", text(lang, Msg::ReturnedBecause));
    }
}

fn verval_queue(lang: Lang, user: &str, q: &Queues) -> String {
    let t = |m| text(lang, m);
    let mut s = String::new();
    let head = |s: &mut String, title: &str, n: usize| {
        let _ = writeln!(s, "\n{title} ({n})");
    };
    head(&mut s, t(Msg::ToVisit), q.to_visit.len());
    for l in &q.to_visit {
        let _ = writeln!(
            s,
            "  KK {}  {:<28} {}  Muskel #{} {}",
            l.item.no_kk,
            l.item.name,
            l.item.kind.label(lang),
            l.muskel_id,
            fmt_date(lang, l.muskel_date)
        );
    }
    head(&mut s, &format!("{} {user}", t(Msg::DraftsOf)), q.drafts.len());
    for l in &q.drafts {
        visit_line(lang, &mut s, l);
    }
    head(&mut s, &format!("{} {user}", t(Msg::ReturnedTo)), q.returned.len());
    for l in &q.returned {
        visit_line(lang, &mut s, l);
    }
    head(&mut s, t(Msg::WaitingFinalisation), q.waiting_finalisation.len());
    for l in &q.waiting_finalisation {
        visit_line(lang, &mut s, l);
    }
    head(&mut s, t(Msg::WaitingPengesahan), q.waiting_pengesahan.len());
    for l in &q.waiting_pengesahan {
        visit_line(lang, &mut s, l);
    }
    head(&mut s, t(Msg::SelfProposals), q.self_proposals.len());
    for l in &q.self_proposals {
        usulan_line(lang, &mut s, l);
    }
    s.trim_start().to_string()
}

fn visit_lines(lang: Lang, lines: &[VisitLine]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", fmt_count(lang, lines.len() as u64), text(lang, Msg::Visits));
    for l in lines {
        visit_line(lang, &mut s, l);
    }
    s
}

fn verval_show(lang: Lang, no_kk: &str, visits: &[VisitDetail]) -> String {
    let t = |m| text(lang, m);
    let mut s = String::new();
    if visits.is_empty() {
        let _ = writeln!(s, "{} KK {no_kk}", t(Msg::NoVisitYet));
        return s;
    }
    for d in visits {
        let f = &d.form;
        let v = &d.record.verification;
        let _ = writeln!(
            s,
            "{} #{}  KK {}  {}  {}: {}  {}: {}",
            t(Msg::Visit),
            f.id,
            f.no_kk,
            f.period,
            t(Msg::Stage),
            v.stage.label(lang),
            t(Msg::Officer),
            d.record.officer
        );
        let _ = writeln!(
            s,
            "  {}: {}  {} RT {}/RW {}, {}",
            t(Msg::VisitDate),
            if f.visit_date.is_empty() { "—" } else { &f.visit_date },
            f.kelurahan,
            f.rt,
            f.rw,
            f.street
        );
        for e in &v.events {
            let note = if e.note.is_empty() { String::new() } else { format!(" — {}", e.note) };
            let _ = writeln!(s, "  {}  {:<14} {}{note}", fmt_date(lang, e.on), e.stage.label(lang), e.by);
        }
        if let Some(l) = &v.letter {
            let _ = writeln!(s, "  {}: {} ({})", t(Msg::RatificationLetter), l.number, fmt_date(lang, l.date));
        }
        for m in &f.members {
            let finding = m.finding.map(|k| k.label(lang)).unwrap_or("—");
            let presence = m.presence.map(|p| p.label(lang)).unwrap_or("—");
            let _ = writeln!(s, "    {} {:<28} {presence}; {finding}", m.fields.nik, m.fields.name);
        }
        for c in &d.record.applied {
            let _ = writeln!(s, "    → {}", c.message(lang));
        }
    }
    s
}

fn verval_export(lang: Lang, rows: usize, files: &[PathBuf]) -> String {
    let mut s = format!("{} {}\n", fmt_count(lang, rows as u64), text(lang, Msg::RowsWritten));
    for f in files {
        let _ = writeln!(s, "  {}", f.display());
    }
    s
}
