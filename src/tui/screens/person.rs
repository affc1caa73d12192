//! One person: every attribute, what the NIK says (with its warnings), and
//! for each programme whether they are eligible today and the rule that
//! decides it.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::detail_lines::{DetailFacts, wrap};
use super::{Cx, Effect, NonaktifForm, Screen, titled_block};
use crate::domain::eligibility::{Assessment, age_on, assess_all};
use crate::domain::nik::{self, NikInfo};
use crate::domain::{Household, Person};
use crate::i18n::screens_details as details;
use crate::i18n::screens_records as records;
use crate::i18n::{Msg, fmt_date, visible};
use crate::service::duplicates::NikHome;
use crate::tui::Ui;
use crate::tui::action::Action;

/// Where the reason starts on an eligibility line.
const INDENT: usize = 22;

#[derive(Debug)]
pub struct PersonDetail {
    person: Person,
    no_kk: String,
    kecamatan_name: Option<String>,
    nik_info: Result<NikInfo, String>,
    warnings: Vec<String>,
    /// Every household recording this NIK (this one included): more than
    /// one is a duplicate, flagged at the top; a failed read keeps its text.
    homes: Result<Vec<NikHome>, String>,
    assessments: Vec<Assessment>,
    /// Tahap answers, Burekol account, deactivation history.
    facts: DetailFacts,
    today: NaiveDate,
    scroll: u16,
    /// Lines the last frame could not show, so scrolling stops at the end.
    max_scroll: u16,
}

impl PersonDetail {
    pub const HINTS: &'static [(Action, Msg)] =
        &[(Action::Reveal, Msg::HintReveal), (Action::Down, Msg::HintScroll), (Action::Back, Msg::HintBack)];
    const SHARED_HINTS: &'static [(Action, Msg)] = &[
        (Action::OtherKk, Msg::HintOtherKk),
        (Action::Reveal, Msg::HintReveal),
        (Action::Down, Msg::HintScroll),
        (Action::Back, Msg::HintBack),
    ];

    /// With the key to the other KK when the NIK is recorded in two.
    pub fn hints(&self) -> &'static [(Action, Msg)] {
        if self.other_home().is_some() { Self::SHARED_HINTS } else { Self::HINTS }
    }

    /// The households recording this NIK, this one included.
    pub fn homes(&self) -> &[NikHome] {
        self.homes.as_deref().unwrap_or_default()
    }

    /// The first other household that records this NIK.
    fn other_home(&self) -> Option<&NikHome> {
        self.homes().iter().find(|h| h.no_kk != self.no_kk)
    }

    pub fn new(p: &Person, h: &Household, cx: &Cx) -> Self {
        let lang = cx.lang;
        let nik_info = nik::decode_nik(&p.nik, Some(p.birth_date), cx.today).map_err(|e| e.message(lang));
        let warnings = match nik::check_person(p, &h.address, &cx.svc.wilayah(), cx.today) {
            Ok(ws) => ws.iter().map(|w| w.message(lang)).collect(),
            Err(_) => Vec::new(),
        };
        let kecamatan_name =
            nik_info.as_ref().ok().and_then(|i| cx.svc.wilayah().name(&i.kecamatan).map(str::to_string));
        PersonDetail {
            person: p.clone(),
            no_kk: h.no_kk.clone(),
            kecamatan_name,
            nik_info,
            warnings,
            homes: cx.svc.nik_homes(cx.actor, &p.nik).map_err(|e| e.message(lang)),
            assessments: assess_all(p, h, cx.today),
            facts: DetailFacts::load(cx.svc, h, Some(&p.nik), lang),
            today: cx.today,
            scroll: 0,
            max_scroll: u16::MAX,
        }
    }

    pub fn assessments(&self) -> &[Assessment] {
        &self.assessments
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        if action == Action::OtherKk {
            return match self.other_home() {
                Some(h) => Effect::OpenMember(h.no_kk.clone(), self.person.nik.clone()),
                None => Effect::None,
            };
        }
        if action == Action::Reveal {
            return super::household_detail::reveal(cx, &self.no_kk, &self.person.nik);
        }
        if action == Action::ProposeNonaktif {
            return match cx.svc.household(&self.no_kk) {
                Ok(Some(h)) => {
                    Effect::Push(Screen::NonaktifForm(Box::new(NonaktifForm::open(cx, &h, Some(&self.person.nik)))))
                }
                Ok(None) => Effect::None,
                Err(e) => Effect::Notice(e.message(cx.lang), true),
            };
        }
        let before = self.scroll;
        self.scroll = match action {
            Action::Down => self.scroll.saturating_add(1),
            Action::Up => self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll.saturating_add(10),
            Action::PageUp => self.scroll.saturating_sub(10),
            Action::Home => 0,
            Action::End => self.max_scroll,
            _ => return Effect::Unhandled,
        }
        .min(self.max_scroll);
        if self.scroll == before { Effect::None } else { Effect::Redraw }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = titled_block(ui, format!("{} · {}", ui.t(Msg::TitlePerson), visible(&self.person.name)));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let lines = self.lines(ui, inner.width as usize);
        // Wrapped lines may take more rows; this is close enough to stop
        // scrolling past the end.
        self.max_scroll = (lines.len() as u16).saturating_sub(inner.height);
        self.scroll = self.scroll.min(self.max_scroll);
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((self.scroll, 0)), inner);
    }

    fn lines(&self, ui: &Ui, width: usize) -> Vec<Line<'static>> {
        let p = &self.person;
        let lang = ui.lang;
        let kv = |m: Msg, v: String| {
            // At least one space, whatever the label's length.
            Line::from(vec![
                Span::styled(format!("{:<21} ", ui.t(m)), ui.theme.dim()),
                Span::raw(visible(&v).into_owned()),
            ])
        };
        let section = |m: Msg| Line::styled(format!("── {} ", ui.t(m)), ui.theme.heading());
        let yes_no = |b: bool| ui.t(if b { Msg::Yes } else { Msg::No }).to_string();

        // A NIK in two KKs first: every other line may be about the wrong
        // record until it is resolved.
        let mut out = self.shared_lines(ui, width);
        // Then the tahap answer: "why was she not on the list?" is the
        // question this screen is opened for most.
        out.push(Line::styled(format!("── {} ", details::word(lang, details::Word::SecTahap)), ui.theme.heading()));
        out.extend(self.facts.tahap_lines(ui, self.today, width));
        out.push(section(Msg::SecEligibility));
        for a in &self.assessments {
            let (verdict, style) = if a.eligible {
                (ui.t(Msg::Eligible), ui.theme.info())
            } else {
                (ui.t(Msg::NotEligible), ui.theme.error())
            };
            // Eligible: the programme's own rule (the last one) decides;
            // refused: the first rule that failed.
            let decisive = match a.outcomes.iter().find(|o| !o.passed) {
                Some(o) => Some(o),
                None => a.outcomes.last(),
            };
            let why = decisive.map(|o| o.reason(lang)).unwrap_or_default();
            let why = format!("{} {why}", ui.t(Msg::DecidedBy));
            let mut parts = wrap(&why, width.saturating_sub(INDENT).max(20)).into_iter();
            out.push(Line::from(vec![
                Span::raw(format!("{:<8} ", a.programme.code())),
                Span::styled(format!("{verdict:<12} "), style),
                Span::raw(parts.next().unwrap_or_default()),
            ]));
            out.extend(parts.map(|p| Line::from(format!("{}{p}", " ".repeat(INDENT)))));
        }

        out.push(section(Msg::SecPerson));
        out.push(kv(Msg::ColNik, p.nik.clone()));
        out.push(kv(Msg::LblHousehold, format!("KK {}", self.no_kk)));
        out.push(kv(
            Msg::LblBirth,
            format!(
                "{}, {} ({} {})",
                p.birthplace,
                fmt_date(lang, p.birth_date),
                age_on(p.birth_date, self.today),
                ui.t(Msg::Years)
            ),
        ));
        out.push(kv(Msg::LblNikSex, p.sex.label(lang).to_string()));
        out.push(kv(Msg::ColRel, p.relationship.label(lang).to_string()));
        out.push(kv(Msg::LblMarital, p.marital.label(lang).to_string()));
        out.push(kv(Msg::LblOccupation, p.occupation.label(lang).to_string()));
        out.push(kv(Msg::LblMother, p.mother_name.clone()));
        out.push(kv(
            Msg::LblDisability,
            p.disability.map_or(ui.t(Msg::None).to_string(), |d| d.label(lang).to_string()),
        ));
        // Shown only when recorded: most persons have none to show.
        if let Some(g) = &p.pregnancy {
            let (label, value) = crate::i18n::office::pregnancy(lang, g);
            out.push(Line::from(vec![Span::styled(format!("{label:<21} "), ui.theme.dim()), Span::raw(value)]));
        }
        out.push(kv(Msg::LblCovid, yes_no(p.parent_died_covid)));
        let findings: Vec<&str> = p.not_eligible.iter().map(|r| r.label(lang)).collect();
        out.push(kv(
            Msg::LblNotEligible,
            if findings.is_empty() { ui.t(Msg::None).to_string() } else { findings.join(", ") },
        ));
        let status = match p.history.last() {
            Some(e) if e.note.is_empty() => {
                format!("{} ({} {})", e.status.label(lang), ui.t(Msg::ColSince).to_lowercase(), fmt_date(lang, e.since))
            }
            Some(e) => format!(
                "{} ({} {}, {})",
                e.status.label(lang),
                ui.t(Msg::ColSince).to_lowercase(),
                fmt_date(lang, e.since),
                details::history_note(lang, &e.note)
            ),
            None => p.status().label(lang).to_string(),
        };
        out.push(kv(Msg::LblStatus, status));
        for e in &p.enrolments {
            let text = format!("{} {} {}", e.programme.code(), e.status.label(lang), records::enrolment_span(lang, e));
            out.push(kv(Msg::ColProgramme, text));
            if let Some(s) = &e.source {
                out.push(Line::styled(format!("  {}", crate::i18n::office::enrolment_source(lang, s)), ui.theme.dim()));
            }
        }

        out.push(Line::styled(
            format!("── {} ", details::word(lang, details::Word::SecDeactivation)),
            ui.theme.heading(),
        ));
        out.extend(self.facts.deactivation_lines(ui, width));

        out.push(section(Msg::SecNik));
        match &self.nik_info {
            Ok(i) => {
                let kec = match &self.kecamatan_name {
                    Some(n) => format!("{} ({n})", i.kecamatan),
                    None => i.kecamatan.clone(),
                };
                out.push(kv(Msg::LblNikRegion, kec));
                out.push(kv(Msg::LblNikBirth, fmt_date(lang, i.birth_date)));
                out.push(kv(Msg::LblNikSex, i.sex.label(lang).to_string()));
                out.push(kv(Msg::LblNikSerial, format!("{:04}", i.serial)));
                let shared = self.homes().len();
                if shared > 1 {
                    out.push(Line::styled(records::nik_shared_short(lang, shared), ui.theme.error()));
                } else if self.warnings.is_empty() {
                    out.push(Line::styled(format!("✓ {}", ui.t(Msg::NikOk)), ui.theme.info()));
                }
                for w in &self.warnings {
                    out.push(Line::styled(format!("! {w}"), ui.theme.error()));
                }
            }
            Err(e) => out.push(Line::styled(format!("{}: {e}", ui.t(Msg::NikBad)), ui.theme.error())),
        }
        out
    }

    /// The warning and every household of a NIK recorded in more than one
    /// (nothing otherwise), each place wrapped under itself.
    fn shared_lines(&self, ui: &Ui, width: usize) -> Vec<Line<'static>> {
        let homes = match &self.homes {
            Err(e) => return vec![Line::styled(e.clone(), ui.theme.error())],
            Ok(h) if h.len() < 2 => return Vec::new(),
            Ok(h) => h,
        };
        let mut out = vec![Line::styled(records::nik_shared(ui.lang, homes.len()), ui.theme.error())];
        for h in homes {
            let text = records::nik_home(ui.lang, h, h.no_kk == self.no_kk);
            out.extend(wrap(&text, width.saturating_sub(4).max(20)).into_iter().enumerate().map(|(i, part)| {
                Line::styled(format!("{}{part}", if i == 0 { "  " } else { "    " }), ui.theme.error())
            }));
        }
        out
    }
}
