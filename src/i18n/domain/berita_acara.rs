//! The Berita Acara of a Muskel, rendered as Markdown text from the record
//! (Indonesian, or English for reference). Pure string building; the
//! printable output is made from this text later.
//!
//! Seed 004: the Berita Acara states at least the number of proposals and
//! of deactivations, is signed by the attending representatives, and comes
//! with the attendance list and the photos of the meeting and of the
//! publication. Individual data stays out of it (DTKS individual data is
//! confidential); the agreed list is the prelist akhir, attached apart.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::domain::deactivation::{Proposal, State};
use crate::domain::muskel::{Decision, ItemKind, Muskel, counts, prelist_akhir, tally};
use crate::domain::wilayah::Wilayah;
use crate::i18n::Lang;

fn hari(w: Weekday, lang: Lang) -> &'static str {
    use Weekday::*;
    match (w, lang) {
        (Mon, Lang::Id) => "Senin",
        (Tue, Lang::Id) => "Selasa",
        (Wed, Lang::Id) => "Rabu",
        (Thu, Lang::Id) => "Kamis",
        (Fri, Lang::Id) => "Jumat",
        (Sat, Lang::Id) => "Sabtu",
        (Sun, Lang::Id) => "Minggu",
        (Mon, Lang::En) => "Monday",
        (Tue, Lang::En) => "Tuesday",
        (Wed, Lang::En) => "Wednesday",
        (Thu, Lang::En) => "Thursday",
        (Fri, Lang::En) => "Friday",
        (Sat, Lang::En) => "Saturday",
        (Sun, Lang::En) => "Sunday",
    }
}

/// "Jumat, 13 Desember 2024" / "Friday, 13 December 2024".
pub fn long_date(d: NaiveDate, lang: Lang) -> String {
    let m = crate::i18n::month_name(lang, d.month());
    format!("{}, {} {m} {}", hari(d.weekday(), lang), d.day(), d.year())
}

/// Markdown text of the Berita Acara. Region names come from `wilayah`
/// when it knows the code; `proposed` are the deactivation proposals
/// put to this Muskel, counted and listed by id and ground (no names).
pub fn render(m: &Muskel, wilayah: &Wilayah, lang: Lang, proposed: &[Proposal]) -> String {
    let t = |id: &'static str, en: &'static str| match lang {
        Lang::Id => id,
        Lang::En => en,
    };
    let kel_name = wilayah.name(&m.kelurahan).unwrap_or("");
    let place_line = wilayah.describe(&m.kelurahan).unwrap_or_else(|| m.kelurahan.clone());
    let mut s = String::new();
    s.push_str(&format!(
        "# {}\n",
        t("BERITA ACARA MUSYAWARAH KELURAHAN", "MINUTES OF THE KELURAHAN DELIBERATION (BERITA ACARA MUSKEL)")
    ));
    s.push_str(&format!(
        "## {} {}\n\n",
        t("Kelurahan", "Kelurahan"),
        if kel_name.is_empty() { &m.kelurahan } else { kel_name }
    ));
    if !m.number.trim().is_empty() {
        s.push_str(&format!("{}: {}\n\n", t("Nomor", "Number"), m.number.trim()));
    }
    let (proposals, deactivations) = counts(m);
    s.push_str(&format!(
        "{} {}, {} {}, {} {} ({}), {}.\n\n",
        t("Pada hari", "On"),
        long_date(m.date, lang),
        t("bertempat di", "at"),
        m.place.trim(),
        t("Kelurahan", "Kelurahan"),
        place_line,
        m.kelurahan,
        t(
            "telah dilaksanakan Musyawarah Kelurahan yang membahas usulan masuk DTKS, usulan menerima bantuan sosial, dan usulan penghentian/penonaktifan data",
            "a Kelurahan Deliberation (Muskel) was held on proposals to enter DTKS, to receive social assistance, and to stop/deactivate data"
        )
    ));
    s.push_str(&format!(
        "{}: **{proposals}**. {}: **{deactivations}**.\n\n",
        t("Jumlah usulan", "Number of proposals"),
        t("Jumlah usulan penghentian/penonaktifan", "Number of stopping/deactivation proposals")
    ));

    s.push_str(&format!("### {}\n\n", t("Hasil musyawarah", "Decisions")));
    let undecided = t("Belum diputuskan", "Undecided");
    s.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} |\n|---|--:|--:|--:|--:|--:|\n",
        t("Jenis usulan", "Kind"),
        Decision::Agreed.label(lang),
        Decision::Rejected.label(lang),
        Decision::Deferred.label(lang),
        undecided,
        t("Jumlah", "Total")
    ));
    let tl = tally(m);
    let get = |k: ItemKind, dcs: Option<Decision>| tl.get(&(k, dcs)).copied().unwrap_or(0);
    let mut totals = [0usize; 5];
    for &k in ItemKind::ALL {
        let row = [
            get(k, Some(Decision::Agreed)),
            get(k, Some(Decision::Rejected)),
            get(k, Some(Decision::Deferred)),
            get(k, None),
        ];
        let sum: usize = row.iter().sum();
        for (tot, v) in totals.iter_mut().zip(row.iter().chain([sum].iter())) {
            *tot += v;
        }
        s.push_str(&format!("| {} | {} | {} | {} | {} | {sum} |\n", k.label(lang), row[0], row[1], row[2], row[3]));
    }
    s.push_str(&format!(
        "| **{}** | {} | {} | {} | {} | {} |\n\n",
        t("Jumlah", "Total"),
        totals[0],
        totals[1],
        totals[2],
        totals[3],
        totals[4]
    ));
    s.push_str(&format!(
        "{} {} {}\n\n",
        t(
            "Usulan yang disetujui menjadi prelist akhir sebanyak",
            "The agreed proposals form the final prelist (prelist akhir) of"
        ),
        prelist_akhir(m).len(),
        t(
            "usulan (terlampir terpisah; data individual DTKS bersifat rahasia).",
            "proposals (attached separately; individual DTKS data is confidential)."
        )
    ));

    s.push_str(&format!(
        "### {}\n\n| No | {} | {} | {} | {} |\n|--:|---|---|---|---|\n",
        t("Daftar hadir", "Attendance"),
        t("Nama", "Name"),
        t("Unsur", "Role"),
        t("Asal", "From"),
        t("Tanda tangan", "Signature")
    ));
    for (i, a) in m.attendees.iter().enumerate() {
        let sign = if a.signed { t("(sudah ditandatangani)", "(signed)") } else { "______________________" };
        s.push_str(&format!(
            "| {} | {} | {} | {} | {sign} |\n",
            i + 1,
            a.name.trim(),
            a.role.label(lang),
            a.from.trim()
        ));
    }
    s.push('\n');

    if !proposed.is_empty() {
        deactivation_section(&mut s, proposed, lang);
    }
    s.push_str(&format!("### {}\n\n", t("Lampiran bukti", "Attached evidence")));
    if m.evidence.is_empty() {
        s.push_str(t("Belum ada berkas bukti.\n\n", "No evidence attached yet.\n\n"));
    } else {
        s.push_str(&format!(
            "| No | {} | {} | SHA-256 |\n|--:|---|---|---|\n",
            t("Jenis", "Kind"),
            t("Nama berkas", "File name")
        ));
        for (i, ev) in m.evidence.iter().enumerate() {
            s.push_str(&format!(
                "| {} | {} | {} | `{}` |\n",
                i + 1,
                ev.kind.label(lang),
                ev.file_name.trim(),
                ev.sha256
            ));
        }
        s.push('\n');
    }
    s.push_str(t(
        "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.\n",
        "These minutes are drawn up truthfully, to be used as appropriate.\n",
    ));
    signatures(&mut s, m, if kel_name.is_empty() { &m.kelurahan } else { kel_name }, lang);
    s
}

/// The place and date of signing, and one signature line per attendee who
/// signed, with their role and where they come from.
fn signatures(s: &mut String, m: &Muskel, place: &str, lang: Lang) {
    let t = |id: &'static str, en: &'static str| match lang {
        Lang::Id => id,
        Lang::En => en,
    };
    let date = format!("{} {} {}", m.date.day(), crate::i18n::month_name(lang, m.date.month()), m.date.year());
    s.push_str(&format!("\n{place}, {date}\n\n### {}\n\n", t("Yang menandatangani", "Signed by")));
    let signed: Vec<_> = m.attendees.iter().filter(|a| a.signed).collect();
    if signed.is_empty() {
        s.push_str(t(
            "Belum ada peserta yang menandatangani berita acara ini.\n",
            "No attendee has signed these minutes yet.\n",
        ));
    } else {
        s.push_str(&format!(
            "| No | {} | {} | {} |\n|--:|---|---|---|\n",
            t("Nama", "Name"),
            t("Unsur / asal", "Role / from"),
            t("Tanda tangan", "Signature")
        ));
        for (i, a) in signed.iter().enumerate() {
            let (label, from) = (a.role.label(lang), a.from.trim());
            // "LMK, LMK" says nothing more than "LMK".
            let role = if from.is_empty() || label.to_lowercase().contains(&from.to_lowercase()) {
                label.to_string()
            } else {
                format!("{label}, {from}")
            };
            s.push_str(&format!("| {} | {} | {role} | {}. ______________________ |\n", i + 1, a.name.trim(), i + 1));
        }
    }
    let unsigned = m.attendees.len() - signed.len();
    if unsigned > 0 {
        s.push_str(&match lang {
            Lang::Id => format!("\n{unsigned} peserta hadir belum menandatangani (lihat daftar hadir).\n"),
            Lang::En => format!("\n{unsigned} attendees present have not signed (see the attendance list).\n"),
        });
    }
}

/// The deactivation proposals of the Muskel: agreed, rejected, pending.
fn deactivation_section(s: &mut String, ps: &[Proposal], lang: Lang) {
    let t = |id: &'static str, en: &'static str| match lang {
        Lang::Id => id,
        Lang::En => en,
    };
    let agreed = ps.iter().filter(|p| p.agreed_in_muskel()).count();
    let rejected = ps.iter().filter(|p| !p.agreed_in_muskel() && p.state == State::Rejected).count();
    s.push_str(&format!("### {}\n\n", t("Usulan penonaktifan data", "Deactivation proposals")));
    s.push_str(&format!(
        "{}: **{agreed}**. {}: **{rejected}**. {}: **{}**.\n\n",
        t("Disetujui Muskel", "Agreed in the Muskel"),
        t("Ditolak", "Rejected"),
        t("Belum diputuskan", "Undecided"),
        ps.len() - agreed - rejected
    ));
    s.push_str(&format!(
        "| No | {} | {} | {} |\n|--:|--:|---|---|\n",
        t("Nomor usulan", "Proposal"),
        t("Alasan", "Ground"),
        t("Hasil", "Outcome")
    ));
    for (i, p) in ps.iter().enumerate() {
        let ground = p.ground().map_or_else(|| t("Reaktivasi", "Reactivation").to_string(), |g| g.label(lang));
        let outcome = if p.agreed_in_muskel() {
            t("Disetujui Muskel", "Agreed in the Muskel")
        } else if p.state == State::Rejected {
            t("Ditolak", "Rejected")
        } else {
            t("Belum diputuskan", "Undecided")
        };
        s.push_str(&format!("| {} | {} | {ground} | {outcome} |\n", i + 1, p.id));
    }
    s.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::muskel::tests::muskel;
    use crate::domain::visit::fixtures::date;
    use crate::i18n::Lang;

    #[test]
    fn long_dates() {
        assert_eq!(long_date(date(2024, 12, 13), Lang::Id), "Jumat, 13 Desember 2024");
        assert_eq!(long_date(date(2024, 12, 13), Lang::En), "Friday, 13 December 2024");
    }

    #[test]
    fn indonesian_berita_acara() {
        let text = render(&muskel(), Wilayah::builtin(), Lang::Id, &[]);
        let kel = Wilayah::builtin().name("31.71.06.1003").unwrap();
        assert!(text.contains(&format!("## Kelurahan {kel}\n")), "{text}");
        assert!(text.contains("Pada hari Jumat, 13 Desember 2024, bertempat di Aula Kantor Kelurahan"));
        assert!(text.contains("Jumlah usulan: **3**. Jumlah usulan penghentian/penonaktifan: **2**."));
        assert!(text.contains("| Usulan penghentian/penonaktifan | 1 | 0 | 1 | 0 | 2 |"), "{text}");
        assert!(text.contains("| **Jumlah** | 3 | 1 | 1 | 0 | 5 |"), "{text}");
        assert!(text.contains("prelist akhir sebanyak 2 usulan"));
        assert!(text.contains("| 1 | Lurah Contoh | Lurah/aparatur kelurahan |  | (sudah ditandatangani) |"));
        assert!(text.contains("| 2 | Ketua RW Contoh | Pengurus RW | RW 02 | ______________________ |"));
        assert!(text.contains(
            "| 1 | Foto kegiatan | foto-muskel.jpg | `e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855` |"
        ));
        assert!(text.contains("Nomor: 05/BA/XII/2024"));
        assert!(!text.contains("Usulan penonaktifan data"), "no section without deactivation proposals");
        // The signature block closes the text: place and date, then who signed.
        let tail = &text[text.find("Demikian berita acara").unwrap()..];
        assert!(tail.contains(&format!("\n{kel}, 13 Desember 2024\n\n### Yang menandatangani\n")), "{tail}");
        assert!(tail.contains("| 1 | Lurah Contoh | Lurah/aparatur kelurahan | 1. ______________________ |"), "{tail}");
        assert!(!tail.contains("Ketua RW Contoh"), "only those who signed: {tail}");
        assert!(tail.contains("1 peserta hadir belum menandatangani"), "{tail}");
    }

    #[test]
    fn signature_block_names_role_and_origin_and_says_when_nobody_signed() {
        let mut m = muskel();
        for a in &mut m.attendees {
            a.signed = true;
        }
        let text = render(&m, Wilayah::builtin(), Lang::En, &[]);
        let tail = &text[text.find("### Signed by").unwrap()..];
        assert!(tail.contains("| 2 | Ketua RW Contoh | RW head, RW 02 | 2. ______________________ |"), "{tail}");
        assert!(!tail.contains("have not signed"), "{tail}");
        assert!(text.contains(", 13 December 2024\n\n### Signed by"), "{text}");
        for a in &mut m.attendees {
            a.signed = false;
        }
        let text = render(&m, Wilayah::builtin(), Lang::Id, &[]);
        let tail = &text[text.find("### Yang menandatangani").unwrap()..];
        assert!(tail.contains("Belum ada peserta yang menandatangani berita acara ini."), "{tail}");
        assert!(tail.contains(&format!("{} peserta hadir belum menandatangani", m.attendees.len())), "{tail}");
    }

    #[test]
    fn english_variant() {
        let text = render(&muskel(), Wilayah::builtin(), Lang::En, &[]);
        assert!(text.contains("On Friday, 13 December 2024, at Aula Kantor Kelurahan"));
        assert!(text.contains("| Stopping/deactivation | 1 | 0 | 1 | 0 | 2 |"));
        assert!(text.contains("| 2 | Ketua RW Contoh | RW head | RW 02 | ______________________ |"));
    }
}
