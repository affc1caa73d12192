//! Plain-text output of the CLI, in Indonesian or English. Scripts use
//! `--json` instead; these texts are for people.

use std::fmt::Write;
use std::path::Path;

use crate::domain::{DtksStatus, EnrolmentStatus, Programme};
use crate::i18n::{Lang, fmt_count, fmt_date};
use crate::service::Service;
use crate::service::duplicates::Duplicate;
use crate::service::export::ExportReport;
use crate::service::import::ImportReport;
use crate::service::lookup::{LookupResult, MatchedBy};
use crate::service::stats::Stats;
use crate::store::CheckReport;

/// Picks the Indonesian or English text.
fn t(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The errors a user meets when opening a database, in Indonesian; others
/// keep the library's English text.
/// One line for an error that ended a command: the service's own words in
/// `lang` when it is one of its errors, else the chain of causes.
pub fn error_line(lang: Lang, e: &anyhow::Error) -> String {
    use crate::service::ServiceError;
    use crate::service::error::{format_message, store_message};
    if let Some(se) = e.downcast_ref::<ServiceError>() {
        return format!("dtks: {}", se.message(lang));
    }
    if let Some(se) = e.downcast_ref::<crate::store::StoreError>() {
        return format!("dtks: {}", store_message(lang, se));
    }
    if let Some(fe) = e.downcast_ref::<crate::formats::FormatError>() {
        return format!("dtks: {}", format_message(lang, fe));
    }
    let mut s = format!("dtks: {}", e);
    // anyhow's chain adds the causes that the top message does not already say.
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !s.contains(&c) {
            let _ = write!(s, ": {c}");
        }
    }
    s
}

/// Shows an import's progress on stderr: a spinner with the households
/// committed when stderr is a terminal, else one line per committed batch
/// (scripts and the kill test read these).
pub struct ImportProgressLine {
    lang: Lang,
    bar: Option<indicatif::ProgressBar>,
}

impl ImportProgressLine {
    pub fn new(lang: Lang) -> ImportProgressLine {
        use std::io::IsTerminal;
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = indicatif::ProgressBar::new_spinner();
            let template = match lang {
                Lang::Id => "{spinner} {pos} KK tersimpan [{elapsed}]",
                Lang::En => "{spinner} {pos} KK committed [{elapsed}]",
            };
            b.set_style(
                indicatif::ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            b
        });
        ImportProgressLine { lang, bar }
    }

    pub fn show(&mut self, p: crate::service::import::ImportProgress) {
        match &self.bar {
            Some(b) => b.set_position(p.households),
            None => eprintln!(
                "{}",
                match self.lang {
                    Lang::Id => format!("tersimpan: {} keluarga, {} orang", p.households, p.persons),
                    Lang::En => format!("committed: {} households, {} persons", p.households, p.persons),
                }
            ),
        }
    }
}

impl Drop for ImportProgressLine {
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

pub fn needs_terminal(lang: Lang) -> &'static str {
    t(
        lang,
        "dtks: tampilan layar perlu terminal interaktif; gunakan subperintah (dtks lookup, dtks stats, ...) untuk skrip",
        "dtks: the screen interface needs an interactive terminal; use a subcommand (dtks lookup, dtks stats, ...) in scripts",
    )
}

pub fn lookup(lang: Lang, svc: &Service, r: &LookupResult) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    if r.households.is_empty() {
        let _ = writeln!(s, "{} '{}'", t(lang, "Tidak ditemukan:", "Not found:"), r.query);
        return s;
    }
    let by = match r.matched_by {
        MatchedBy::Nik => "NIK",
        MatchedBy::Kk => t(lang, "No. KK", "No. KK"),
        MatchedBy::Name => t(lang, "nama", "name"),
    };
    let _ = writeln!(
        s,
        "{} {} {} ({by})",
        fmt_count(lang, r.households.len() as u64),
        t(lang, "keluarga ditemukan untuk", "households found for"),
        r.query
    );
    for hr in &r.households {
        let h = &hr.household;
        let a = &h.address;
        let _ = writeln!(s);
        let _ = writeln!(s, "KK {}  {}, RT {:03}/RW {:03}", h.no_kk, a.street, a.rt, a.rw);
        let mut region = hr.region.clone();
        region.reverse();
        let _ = writeln!(s, "   {} ({})", region.join(", "), a.kelurahan);
        let status = h.history.last();
        let _ = writeln!(
            s,
            "   {}: {}{}",
            t(lang, "Status DTKS", "DTKS status"),
            h.status().label(en),
            status
                .map(|e| format!(
                    " ({} {}{})",
                    t(lang, "sejak", "since"),
                    fmt_date(lang, e.since),
                    e.period.as_ref().map(|p| format!(", {p}")).unwrap_or_default()
                ))
                .unwrap_or_default()
        );
        for (p, m) in h.members.iter().zip(&hr.members) {
            let mark = if hr.matched.contains(&p.nik) { '*' } else { ' ' };
            let _ = writeln!(
                s,
                " {mark} {}  {:<28} {:<16} {} {} ({} {})",
                p.nik,
                p.name,
                p.relationship.label(en),
                p.sex.code(),
                fmt_date(lang, p.birth_date),
                m.age,
                t(lang, "th", "y")
            );
            let progs: Vec<String> = p
                .enrolments
                .iter()
                .map(|e| format!("{} {}", e.programme.code(), e.status.label(en).to_lowercase()))
                .collect();
            if !progs.is_empty() {
                let _ = writeln!(s, "      {}: {}", t(lang, "Program", "Programmes"), progs.join(", "));
            }
            let eligible: Vec<&str> = m.assessments.iter().filter(|a| a.eligible).map(|a| a.programme.code()).collect();
            let _ = writeln!(
                s,
                "      {}: {}",
                t(lang, "Layak hari ini", "Eligible today"),
                if eligible.is_empty() { "-".to_string() } else { eligible.join(", ") }
            );
            if let Some(e) = &m.nik_error {
                let _ = writeln!(s, "      ! {e}");
            }
            for w in &m.warnings {
                let _ = writeln!(s, "      ! {w}");
            }
            if !m.also_in.is_empty() {
                let _ = writeln!(
                    s,
                    "      ! {} {}",
                    t(lang, "NIK yang sama juga ada di KK", "the same NIK is also in KK"),
                    m.also_in.join(", ")
                );
            }
        }
    }
    let _ = svc;
    s
}

pub fn duplicates(lang: Lang, svc: &Service, dups: &[Duplicate]) -> String {
    let mut s = String::new();
    let nik = dups.iter().filter(|d| d.kind == "nik").count() as u64;
    let _ = writeln!(
        s,
        "{} {}, {} {}",
        fmt_count(lang, nik),
        t(lang, "NIK di lebih dari satu KK", "NIKs in more than one KK"),
        fmt_count(lang, dups.len() as u64 - nik),
        t(lang, "kemungkinan orang yang sama dengan NIK lain", "probable same persons under another NIK")
    );
    for d in dups {
        let kind = if d.kind == "nik" {
            t(lang, "NIK ganda", "duplicate NIK")
        } else {
            t(lang, "kemungkinan ganda", "probable duplicate")
        };
        let _ = writeln!(s, "\n{kind}:");
        for p in &d.places {
            let kel = svc.wilayah().name(&p.kelurahan).unwrap_or("?");
            let _ =
                writeln!(s, "  NIK {}  {:<28} KK {}  {} RT {:03}/RW {:03}", p.nik, p.name, p.no_kk, kel, p.rt, p.rw);
        }
    }
    s
}

pub fn stats(lang: Lang, st: &Stats) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {}   {}: {}",
        t(lang, "Keluarga", "Households"),
        fmt_count(lang, st.households),
        t(lang, "Jiwa", "Persons"),
        fmt_count(lang, st.persons)
    );
    let _ = writeln!(s, "\n{}", t(lang, "Status DTKS (jiwa)", "DTKS status (persons)"));
    for d in DtksStatus::ALL {
        let _ = writeln!(s, "  {:<12} {:>10}", d.label(en), fmt_count(lang, st.status_count(*d)));
    }
    let _ = writeln!(
        s,
        "\n{}",
        t(lang, "Program (jiwa per status kepesertaan)", "Programmes (persons by enrolment status)")
    );
    let _ = write!(s, "  {:<10}", "");
    for e in EnrolmentStatus::ALL {
        let _ = write!(s, " {:>13}", e.label(en));
    }
    let _ = writeln!(s);
    for p in Programme::ALL {
        let _ = write!(s, "  {:<10}", p.code());
        for e in EnrolmentStatus::ALL {
            let _ = write!(s, " {:>13}", fmt_count(lang, st.programme_count(*p, *e)));
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "\n{}", t(lang, "Per kelurahan", "Per kelurahan"));
    for k in &st.kelurahan {
        let _ = writeln!(
            s,
            "  {} {:<28} {:>8} {} {:>9} {}",
            k.code,
            k.name,
            fmt_count(lang, k.households),
            t(lang, "KK", "hh"),
            fmt_count(lang, k.persons),
            t(lang, "jiwa", "persons")
        );
    }
    s
}

pub fn check(lang: Lang, r: &CheckReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} {}, {} {}",
        t(lang, "Diperiksa", "Checked"),
        fmt_count(lang, r.records),
        t(lang, "keluarga", "households"),
        fmt_count(lang, r.index_entries),
        t(lang, "entri indeks", "index entries")
    );
    if r.is_clean() {
        let _ = writeln!(s, "{}", t(lang, "Semua indeks sesuai dengan data.", "Every index agrees with the records."));
    } else {
        let _ = writeln!(
            s,
            "{} {}:",
            fmt_count(lang, r.problems.len() as u64),
            t(lang, "ketidaksesuaian", "disagreements")
        );
        for p in &r.problems {
            let _ = writeln!(s, "  {p}");
        }
    }
    s
}

pub fn import_report(lang: Lang, r: &ImportReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} {}, {} {} ({} {}, {} {}), {} {}",
        t(lang, "Impor selesai", "Import done"),
        fmt_count(lang, r.households),
        t(lang, "keluarga", "households"),
        fmt_count(lang, r.persons),
        t(lang, "jiwa", "persons"),
        fmt_count(lang, r.created),
        t(lang, "baru", "new"),
        fmt_count(lang, r.updated),
        t(lang, "diperbarui", "updated"),
        fmt_count(lang, r.rejected),
        t(lang, "baris ditolak", "rows rejected")
    );
    if r.regions > 0 {
        let _ = writeln!(s, "{}: {}", t(lang, "Wilayah", "Regions"), fmt_count(lang, r.regions));
    }
    if r.cycle_records > 0 {
        let _ = writeln!(
            s,
            "{}: {}",
            t(lang, "Catatan verval (usulan, Muskel, kunjungan)", "Verification records (usulan, Muskel, visits)"),
            fmt_count(lang, r.cycle_records)
        );
    }
    for w in &r.warnings {
        let _ = writeln!(s, "  ! {}", w.message(lang));
    }
    for f in &r.rejects_files {
        let _ = writeln!(
            s,
            "{}: {}",
            t(
                lang,
                "Baris ditolak ditulis ke (perbaiki lalu impor ulang)",
                "Rejected rows written to (fix and re-import)"
            ),
            f.display()
        );
    }
    s
}

pub fn export_report(lang: Lang, r: &ExportReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} {}, {} {}",
        t(lang, "Ekspor selesai", "Export done"),
        fmt_count(lang, r.households),
        t(lang, "keluarga", "households"),
        fmt_count(lang, r.persons),
        t(lang, "jiwa", "persons")
    );
    for f in &r.files {
        let _ = writeln!(s, "  {}", f.display());
    }
    s
}

pub fn sample_summary(lang: Lang, out: &Path, sum: &crate::sample::SampleSummary) -> String {
    format!(
        "{} {} {}, {} {} → {}\n",
        t(lang, "Data sintetis:", "Synthetic data:"),
        fmt_count(lang, sum.households),
        t(lang, "keluarga", "households"),
        fmt_count(lang, sum.persons),
        t(lang, "jiwa", "persons"),
        out.display()
    )
}

// ---- verification cycle ------------------------------------------------------

fn visit_line(lang: Lang, s: &mut String, l: &crate::service::verval::VisitLine) {
    let en = lang == Lang::En;
    let _ = writeln!(
        s,
        "  #{:<5} KK {}  {:<28} {}  {} {}  {}: {}",
        l.visit_id,
        l.no_kk,
        l.head,
        l.kelurahan,
        l.period,
        l.stage.label(en),
        t(lang, "petugas", "officer"),
        l.officer
    );
    if let Some(r) = &l.returned_reason {
        let _ = writeln!(s, "         {}: {r}", t(lang, "Alasan dikembalikan", "Returned because"));
    }
}

fn usulan_line(lang: Lang, s: &mut String, l: &crate::service::usulan::UsulanLine) {
    let en = lang == Lang::En;
    let u = &l.usulan;
    let name = u.persons.first().map(|p| p.name.as_str()).unwrap_or("");
    let programmes: Vec<&str> = u.programmes.iter().map(|p| p.code()).collect();
    let _ = writeln!(
        s,
        "  #{:<5} {}  {}  KK {}  {:<24} {}  {}{}",
        u.id,
        fmt_date(lang, u.submitted),
        u.source.label(en),
        u.no_kk,
        name,
        u.kind.label(en),
        if programmes.is_empty() { String::new() } else { format!("[{}]  ", programmes.join(", ")) },
        match (&l.deadline, &u.verification) {
            (crate::domain::usulan::Deadline::NotApplicable, Some(v)) => format!(
                "{} {} ({})",
                t(lang, "diverifikasi:", "verified:"),
                if v.layak { t(lang, "layak", "eligible") } else { t(lang, "tidak layak", "not eligible") },
                fmt_date(lang, v.on)
            ),
            (crate::domain::usulan::Deadline::NotApplicable, None) => {
                t(lang, "belum diverifikasi", "not verified yet").to_string()
            }
            (d, _) => d.message(en),
        }
    );
    for p in &l.problems {
        let _ = writeln!(s, "         ! {p}");
    }
}

pub fn usulan_list(lang: Lang, lines: &[crate::service::usulan::UsulanLine]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", fmt_count(lang, lines.len() as u64), t(lang, "usulan", "proposals"));
    for l in lines {
        usulan_line(lang, &mut s, l);
    }
    s
}

pub fn muskel_list(lang: Lang, list: &[crate::domain::muskel::Muskel]) -> String {
    let mut s = String::new();
    let _ =
        writeln!(s, "{} {}", fmt_count(lang, list.len() as u64), t(lang, "musyawarah kelurahan", "Muskel sessions"));
    for m in list {
        let (proposals, deactivations) = crate::domain::muskel::counts(m);
        let agreed = m.items.iter().filter(|i| i.decision == Some(crate::domain::muskel::Decision::Agreed)).count();
        let _ = writeln!(
            s,
            "  #{:<5} {}  {}  {}  {}: {}  {}: {}/{} ({} {}, {} {})  {}",
            m.id,
            fmt_date(lang, m.date),
            m.kelurahan,
            m.place,
            t(lang, "hadir", "attended"),
            m.attendees.len(),
            t(lang, "disetujui", "agreed"),
            agreed,
            m.items.len(),
            proposals,
            t(lang, "usulan", "proposals"),
            deactivations,
            t(lang, "penghentian", "deactivations"),
            m.number
        );
    }
    s
}

pub fn muskel_due(lang: Lang, due: &[crate::service::muskel::MuskelDue]) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    if due.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            t(lang, "Tidak ada kelurahan yang terlambat Muskel", "No kelurahan is overdue for a Muskel")
        );
        return s;
    }
    let _ = writeln!(
        s,
        "{} {}",
        fmt_count(lang, due.len() as u64),
        t(lang, "kelurahan perlu Muskel", "kelurahan need a Muskel")
    );
    for d in due {
        let _ = writeln!(s, "  {}  {:<24} {}", d.kelurahan, d.name, d.cadence.message(en));
    }
    s
}

pub fn berita_acara_written(lang: Lang, id: u64, path: &Path, html: bool) -> String {
    format!(
        "{} {id} → {} ({})\n",
        t(lang, "Berita Acara Muskel", "Berita Acara of Muskel"),
        path.display(),
        if html { "HTML" } else { "Markdown" }
    )
}

pub fn verval_queue(lang: Lang, user: &str, q: &crate::service::verval::Queues) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    let head = |s: &mut String, title: &str, n: usize| {
        let _ = writeln!(s, "\n{title} ({n})");
    };
    head(&mut s, t(lang, "Perlu dikunjungi (prelist akhir)", "To visit (prelist akhir)"), q.to_visit.len());
    for l in &q.to_visit {
        let _ = writeln!(
            s,
            "  KK {}  {:<28} {}  Muskel #{} {}",
            l.item.no_kk,
            l.item.name,
            l.item.kind.label(en),
            l.muskel_id,
            fmt_date(lang, l.muskel_date)
        );
    }
    let drafts = format!("{} {user}", t(lang, "Konsep milik", "Drafts of"));
    head(&mut s, &drafts, q.drafts.len());
    for l in &q.drafts {
        visit_line(lang, &mut s, l);
    }
    let returned = format!("{} {user}", t(lang, "Dikembalikan ke", "Returned to"));
    head(&mut s, &returned, q.returned.len());
    for l in &q.returned {
        visit_line(lang, &mut s, l);
    }
    head(&mut s, t(lang, "Menunggu finalisasi", "Waiting for finalisation"), q.waiting_finalisation.len());
    for l in &q.waiting_finalisation {
        visit_line(lang, &mut s, l);
    }
    head(&mut s, t(lang, "Menunggu pengesahan", "Waiting for pengesahan"), q.waiting_pengesahan.len());
    for l in &q.waiting_pengesahan {
        visit_line(lang, &mut s, l);
    }
    head(&mut s, t(lang, "Usulan mandiri (batas 30 hari)", "Self-proposals (30-day rule)"), q.self_proposals.len());
    for l in &q.self_proposals {
        usulan_line(lang, &mut s, l);
    }
    s.trim_start().to_string()
}

pub fn visit_lines(lang: Lang, lines: &[crate::service::verval::VisitLine]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", fmt_count(lang, lines.len() as u64), t(lang, "kunjungan", "visits"));
    for l in lines {
        visit_line(lang, &mut s, l);
    }
    s
}

pub fn verval_show(lang: Lang, no_kk: &str, visits: &[crate::service::verval::VisitDetail]) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    if visits.is_empty() {
        let _ = writeln!(s, "{} KK {no_kk}", t(lang, "Belum ada kunjungan untuk", "No visit yet for"));
        return s;
    }
    for d in visits {
        let f = &d.form;
        let v = &d.record.verification;
        let _ = writeln!(
            s,
            "{} #{}  KK {}  {}  {}: {}  {}: {}",
            t(lang, "Kunjungan", "Visit"),
            f.id,
            f.no_kk,
            f.period,
            t(lang, "tahap", "stage"),
            v.stage.label(en),
            t(lang, "petugas", "officer"),
            d.record.officer
        );
        let _ = writeln!(
            s,
            "  {}: {}  {} RT {}/RW {}, {}",
            t(lang, "Tanggal kunjungan", "Visit date"),
            if f.visit_date.is_empty() { "—" } else { &f.visit_date },
            f.kelurahan,
            f.rt,
            f.rw,
            f.street
        );
        for e in &v.events {
            let note = if e.note.is_empty() { String::new() } else { format!(" — {}", e.note) };
            let _ = writeln!(s, "  {}  {:<14} {}{note}", fmt_date(lang, e.on), e.stage.label(en), e.by);
        }
        if let Some(l) = &v.letter {
            let _ = writeln!(
                s,
                "  {}: {} ({})",
                t(lang, "Surat pengesahan", "Ratification letter"),
                l.number,
                fmt_date(lang, l.date)
            );
        }
        for m in &f.members {
            let finding = m.finding.map(|k| k.label(en)).unwrap_or("—");
            let presence = m.presence.map(|p| p.label(en)).unwrap_or("—");
            let _ = writeln!(s, "    {} {:<28} {presence}; {finding}", m.fields.nik, m.fields.name);
        }
        for c in &d.record.applied {
            let _ = writeln!(s, "    → {}", c.message(en));
        }
    }
    s
}

pub fn verval_export(lang: Lang, rows: usize, files: &[std::path::PathBuf]) -> String {
    let mut s = format!(
        "{} {}\n",
        fmt_count(lang, rows as u64),
        t(lang, "baris (per jiwa) ditulis:", "rows (one per person) written:")
    );
    for f in files {
        let _ = writeln!(s, "  {}", f.display());
    }
    s
}
