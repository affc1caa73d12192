//! Muskel records, their Berita Acara (Markdown and printable HTML), the
//! prelist akhir and the three-month cadence.

use crate::domain::access::Right;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::versions::Seen;
use super::{Actor, Refusal, Result, Service, ServiceError};
use crate::domain::muskel::{Cadence, Muskel, MuskelItem, MuskelProblem, cadence, check_muskel, prelist_akhir};
use crate::i18n::Lang;
use crate::i18n::berita_acara;
use crate::store::Version;
use crate::store::{RecordPuts, kinds, record_id};

/// What `save_muskel` did.
#[derive(Debug, Clone, Serialize)]
pub struct MuskelSaved {
    pub id: u64,
    /// Problems that do not stop saving but keep the Berita Acara
    /// incomplete (nobody signed, items undecided).
    pub warnings: Vec<MuskelProblem>,
    /// The record's new version, for a form that goes on editing it.
    #[serde(skip)]
    pub version: Version,
}

/// A kelurahan whose Muskel is overdue or was never held.
#[derive(Debug, Clone, Serialize)]
pub struct MuskelDue {
    pub kelurahan: String,
    pub name: String,
    pub last: Option<NaiveDate>,
    pub cadence: Cadence,
}

/// One agreed item of the prelist akhir, with the Muskel that agreed it.
#[derive(Debug, Clone, Serialize)]
pub struct PrelistLine {
    pub muskel_id: u64,
    pub muskel_date: NaiveDate,
    pub kelurahan: String,
    /// The kelurahan's name, or its code when the region list lacks it.
    pub kelurahan_name: String,
    pub item: MuskelItem,
}

/// Problems that keep a Muskel from being saved at all; the others only
/// leave its Berita Acara incomplete.
fn blocks_saving(p: &MuskelProblem) -> bool {
    !matches!(p, MuskelProblem::NoSignature | MuskelProblem::Undecided { .. })
}

impl Service {
    /// Saves a Muskel (id 0 = new). Refused, with nothing written, when
    /// `check_muskel` finds a bad kelurahan, a date after today, no place,
    /// no attendees, an attendee without a name or bad evidence. The
    /// evidence list is kept as stored: only `attach_evidence` changes it.
    pub fn save_muskel(&self, m: Muskel, actor: &Actor) -> Result<MuskelSaved> {
        self.save_muskel_at(m, None, actor)
    }

    /// [`Service::save_muskel`] of a Muskel a form opened at version
    /// `shown`: refused, naming who and when, when another session saved it
    /// since (`None`: the version read now).
    pub fn save_muskel_at(&self, mut m: Muskel, shown: Option<Version>, actor: &Actor) -> Result<MuskelSaved> {
        self.require(actor, crate::domain::access::Right::MuskelRecord)?;
        let mut seen = Seen::new();
        let old: Option<Muskel> =
            if m.id == 0 { None } else { self.read_seen(kinds::MUSKEL, &record_id(m.id), &mut seen)? };
        if let (Some(v), Some(_)) = (shown, &old) {
            self.still_at(kinds::MUSKEL, &record_id(m.id), v)?;
        }
        if m.id != 0 && old.is_none() {
            return Err(Refusal::NoMuskel { id: m.id }.into());
        }
        m.evidence = old.map(|o| o.evidence).unwrap_or_default();
        let problems = check_muskel(&m, self.today());
        let (blocking, warnings): (Vec<_>, Vec<_>) = problems.into_iter().partition(blocks_saving);
        if !blocking.is_empty() {
            return Err(Refusal::MuskelNotSaved { kelurahan: m.kelurahan.clone(), problems: blocking }.into());
        }
        let new = m.id == 0;
        if new {
            m.id = self.store().new_id()?;
        }
        let mut r = RecordPuts::new();
        r.put(kinds::MUSKEL, &record_id(m.id), &m)?;
        let verb = if new { "muskel.add" } else { "muskel.edit" };
        let version = self.write_records_seen(
            r,
            &seen,
            &self.audit(actor, format!("{verb} {} {} {}", m.id, m.kelurahan, m.date.format("%Y-%m-%d"))),
        )?;
        Ok(MuskelSaved { id: m.id, warnings, version })
    }

    pub fn muskel(&self, id: u64) -> Result<Option<Muskel>> {
        Ok(self.store().get_record(kinds::MUSKEL, &record_id(id))?)
    }

    /// A Muskel with the version a form that edits it starts from.
    pub fn muskel_versioned(&self, id: u64) -> Result<Option<(Muskel, Version)>> {
        let mut seen = Seen::new();
        let version = self.store().record_version(kinds::MUSKEL, &record_id(id))?;
        Ok(self.read_seen(kinds::MUSKEL, &record_id(id), &mut seen)?.map(|m| (m, version)))
    }

    pub(super) fn require_muskel(&self, id: u64) -> Result<Muskel> {
        self.muskel(id)?.ok_or(ServiceError::Refused(Refusal::NoMuskel { id }))
    }

    /// Muskels of a region (dotted prefix; "" for all) within `actor`'s
    /// areas, latest first.
    pub fn muskel_list(&self, actor: &Actor, region: &str) -> Result<Vec<Muskel>> {
        let access = self.require(actor, Right::Read)?;
        let mut list = self.muskels_in(region)?;
        list.retain(|m| self.reaches_kelurahan(&access, &m.kelurahan));
        Ok(list)
    }

    /// A Muskel for a front end: refused when its kelurahan is outside
    /// `actor`'s areas.
    pub fn muskel_for(&self, actor: &Actor, id: u64) -> Result<Muskel> {
        let access = self.require(actor, Right::Read)?;
        let m = self.require_muskel(id)?;
        if !self.reaches_kelurahan(&access, &m.kelurahan) {
            return Err(super::access::out_of_area(actor));
        }
        Ok(m)
    }

    /// Every Muskel of a region, latest first (the service's own reads).
    pub(crate) fn muskels_in(&self, region: &str) -> Result<Vec<Muskel>> {
        let mut out: Vec<Muskel> = self
            .store()
            .scan_records::<Muskel>(kinds::MUSKEL)?
            .into_iter()
            .map(|(_, m)| m)
            .filter(|m| m.kelurahan.starts_with(region))
            .collect();
        out.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
        Ok(out)
    }

    /// Kelurahan (those holding households or a Muskel) whose last Muskel
    /// is more than three months before `today`, or that never held one,
    /// longest overdue first, never-held last.
    /// Only the kelurahan within `actor`'s areas.
    pub fn muskel_due(&self, actor: &Actor, today: NaiveDate) -> Result<Vec<MuskelDue>> {
        let access = self.require(actor, Right::Read)?;
        let muskels = self.muskels_in("")?;
        let mut codes = self.store().kelurahan_codes()?;
        codes.retain(|k| self.reaches_kelurahan(&access, k));
        for m in muskels.iter().filter(|m| self.reaches_kelurahan(&access, &m.kelurahan)) {
            if !codes.contains(&m.kelurahan) {
                codes.push(m.kelurahan.clone());
            }
        }
        codes.sort();
        let mut out = Vec::new();
        for k in codes {
            let last = muskels.iter().filter(|m| m.kelurahan == k && m.date <= today).map(|m| m.date).max();
            let c = cadence(last, today);
            if c.is_flagged() {
                let name = self.wilayah().name(&k).unwrap_or("").to_string();
                out.push(MuskelDue { kelurahan: k, name, last, cadence: c });
            }
        }
        out.sort_by_key(|d| (d.last.is_none(), d.last));
        Ok(out)
    }

    /// The Berita Acara as Markdown.
    pub fn berita_acara(&self, actor: &Actor, id: u64, lang: Lang) -> Result<String> {
        let m = self.muskel_for(actor, id)?;
        Ok(berita_acara::render(&m, &self.wilayah(), lang, &self.muskel_deactivations(id)?))
    }

    /// The Berita Acara as one self-contained printable HTML page.
    pub fn berita_acara_html(&self, actor: &Actor, id: u64, lang: Lang) -> Result<String> {
        let m = self.muskel_for(actor, id)?;
        let md = berita_acara::render(&m, &self.wilayah(), lang, &self.muskel_deactivations(id)?);
        let title = match lang {
            Lang::Id => "Berita Acara Musyawarah Kelurahan",
            Lang::En => "Berita Acara Muskel",
        };
        Ok(markdown_page(&format!("{title} {} {}", m.kelurahan, m.date.format("%d-%m-%Y")), &md, lang))
    }

    /// Writes the Berita Acara beside `base` as `<base>.md` and printable
    /// `<base>.html`, each whole or not at all. Never overwrites: a file that
    /// is already there refuses both, and nothing is written.
    pub fn write_berita_acara(&self, actor: &Actor, id: u64, lang: Lang, base: &Path) -> Result<(PathBuf, PathBuf)> {
        let with = |ext: &str| {
            let mut name = base.as_os_str().to_os_string();
            name.push(ext);
            PathBuf::from(name)
        };
        let (md, html) = (with(".md"), with(".html"));
        for p in [&md, &html] {
            if p.exists() {
                return Err(Refusal::WouldOverwrite { path: p.clone() }.into());
            }
        }
        let md_text = self.berita_acara(actor, id, lang)?;
        let html_text = self.berita_acara_html(actor, id, lang)?;
        write_new(&md, md_text.as_bytes())?;
        write_new(&html, html_text.as_bytes())?;
        Ok((md, html))
    }

    /// Agreed entry/assistance items of every Muskel of a kelurahan (dotted
    /// prefix; "" for all), latest Muskel first.
    pub fn prelist_akhir(&self, kelurahan: &str) -> Result<Vec<PrelistLine>> {
        let mut out = Vec::new();
        let wilayah = self.wilayah();
        for m in self.muskels_in(kelurahan)? {
            for item in prelist_akhir(&m) {
                out.push(PrelistLine {
                    muskel_id: m.id,
                    muskel_date: m.date,
                    kelurahan: m.kelurahan.clone(),
                    kelurahan_name: wilayah.name(&m.kelurahan).unwrap_or(&m.kelurahan).to_string(),
                    item: item.clone(),
                });
            }
        }
        Ok(out)
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text with `**bold**` and `` `code` `` spans.
fn inline(s: &str) -> String {
    let e = escape_html(s);
    let mut out = String::with_capacity(e.len());
    let (mut bold, mut code) = (false, false);
    let mut rest = e.as_str();
    while !rest.is_empty() {
        if !code && rest.starts_with("**") {
            out.push_str(if bold { "</strong>" } else { "<strong>" });
            bold = !bold;
            rest = &rest[2..];
        } else if rest.starts_with('`') {
            out.push_str(if code { "</code>" } else { "<code>" });
            code = !code;
            rest = &rest[1..];
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if code {
        out.push_str("</code>");
    }
    if bold {
        out.push_str("</strong>");
    }
    out
}

fn cells(line: &str) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(str::trim).collect()
}

/// The Markdown subset the Berita Acara uses (headings, paragraphs, pipe
/// tables, bold and code spans) as a printable A4 HTML page.
fn markdown_page(title: &str, md: &str, lang: Lang) -> String {
    let mut body = String::new();
    let mut para: Vec<&str> = Vec::new();
    let mut table: Vec<&str> = Vec::new();
    let flush_para = |para: &mut Vec<&str>, body: &mut String| {
        if !para.is_empty() {
            body.push_str(&format!("<p>{}</p>\n", para.iter().map(|l| inline(l)).collect::<Vec<_>>().join("<br>\n")));
            para.clear();
        }
    };
    let flush_table = |table: &mut Vec<&str>, body: &mut String| {
        if table.is_empty() {
            return;
        }
        let right: Vec<bool> =
            table.get(1).map(|l| cells(l).iter().map(|c| c.ends_with(':')).collect()).unwrap_or_default();
        body.push_str("<table>\n");
        for (i, l) in table.iter().enumerate() {
            if i == 1 {
                continue;
            }
            let tag = if i == 0 { "th" } else { "td" };
            body.push_str("<tr>");
            for (j, c) in cells(l).iter().enumerate() {
                let class = if right.get(j).copied().unwrap_or(false) { " class=\"num\"" } else { "" };
                body.push_str(&format!("<{tag}{class}>{}</{tag}>", inline(c)));
            }
            body.push_str("</tr>\n");
        }
        body.push_str("</table>\n");
        table.clear();
    };
    for line in md.lines() {
        if line.trim_start().starts_with('|') {
            flush_para(&mut para, &mut body);
            table.push(line);
            continue;
        }
        flush_table(&mut table, &mut body);
        let heading = [("### ", "h3"), ("## ", "h2"), ("# ", "h1")].into_iter().find(|(p, _)| line.starts_with(p));
        if let Some((p, tag)) = heading {
            flush_para(&mut para, &mut body);
            body.push_str(&format!("<{tag}>{}</{tag}>\n", inline(&line[p.len()..])));
        } else if line.trim().is_empty() {
            flush_para(&mut para, &mut body);
        } else {
            para.push(line);
        }
    }
    flush_table(&mut table, &mut body);
    flush_para(&mut para, &mut body);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
         @page {{ size: A4; margin: 2cm; }}\n\
         body {{ font-family: \"Times New Roman\", serif; font-size: 12pt; line-height: 1.4; max-width: 17cm; margin: 0 auto; }}\n\
         h1, h2 {{ text-align: center; margin: 0.2em 0; }}\n\
         h1 {{ font-size: 14pt; }} h2 {{ font-size: 13pt; }} h3 {{ font-size: 12pt; margin-top: 1.2em; }}\n\
         table {{ border-collapse: collapse; width: 100%; margin: 0.5em 0; page-break-inside: avoid; }}\n\
         th, td {{ border: 1px solid #000; padding: 3px 6px; vertical-align: top; }}\n\
         td.num, th.num {{ text-align: right; }}\n\
         code {{ font-family: monospace; font-size: 8pt; word-break: break-all; }}\n\
         </style>\n</head>\n<body>\n{}</body>\n</html>\n",
        lang,
        escape_html(title),
        body
    )
}

/// Writes a new file whole (a kill leaves no half file under the name).
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::formats::atomic::write_new(path, bytes).map_err(|e| ServiceError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_and_renders_tables() {
        let md = "# A <b>\n\nx **2** & `h`\n\n| N | K |\n|--:|---|\n| 1 | <i> |\n";
        let html = markdown_page("t<", md, Lang::Id);
        assert!(html.contains("<h1>A &lt;b&gt;</h1>"), "{html}");
        assert!(html.contains("<p>x <strong>2</strong> &amp; <code>h</code></p>"), "{html}");
        assert!(html.contains("<tr><th class=\"num\">N</th><th>K</th></tr>"), "{html}");
        assert!(html.contains("<tr><td class=\"num\">1</td><td>&lt;i&gt;</td></tr>"), "{html}");
        assert!(html.contains("<title>t&lt;</title>"));
        assert!(!html.contains("|--:|"));
    }
}
