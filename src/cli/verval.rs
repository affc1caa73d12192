//! `dtks verval`: the work queues, a household's visits, the drafts of the
//! acting user, and the period's upload file.

use std::fmt::Write;
use std::process::ExitCode;

use super::{Global, Io, VervalCommand, found, json_cycle, usulan::usulan_line};
use crate::i18n::cli::{Msg, text, upload_left_out, upload_written};
use crate::i18n::{Lang, fmt_count, fmt_date};
use crate::service::verval::{Queues, UploadReport, VisitDetail, VisitLine};

pub(super) fn run(io: &mut Io, g: &Global, lang: Lang, command: VervalCommand) -> anyhow::Result<ExitCode> {
    let svc = io.open(g, lang)?;
    let me = io.actor(g);
    match command {
        VervalCommand::Queue { json } => {
            let q = svc.verval_queue_shown(&me)?;
            if json {
                io.json(&json_cycle::queues(lang, &q))?;
            } else {
                io.emit(&verval_queue(lang, &me.user, &q))?;
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
                io.json(&json_cycle::visits(lang, &visits))?;
            } else {
                io.emit(&verval_show(lang, &no_kk, &visits))?;
            }
            Ok(found(visits.len()))
        }
        VervalCommand::Drafts { json } => {
            let lines = svc.my_drafts(&me)?;
            if json {
                io.json(&json_cycle::visit_lines(&lines))?;
            } else {
                io.emit(&visit_lines(lang, &lines))?;
            }
            Ok(found(lines.len()))
        }
        VervalCommand::Export { period, out, xlsx, with_finalised } => {
            let report = svc.write_verval_upload(&period, &out, xlsx, with_finalised)?;
            io.emit(&verval_export(lang, &report))?;
            Ok(found(report.files.len()))
        }
    }
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

fn verval_export(lang: Lang, r: &UploadReport) -> String {
    let mut s = upload_written(lang, &r.written);
    for f in &r.files {
        let _ = writeln!(s, "  {}", f.display());
    }
    if !r.left_out.is_empty() {
        s.push_str(&upload_left_out(lang, &r.left_out));
    }
    s
}
