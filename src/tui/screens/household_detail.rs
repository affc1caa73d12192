//! One household: address, housing, members (Enter opens one), DTKS status
//! history, programme enrolments and the audit history of the record.
//! Everything is read when the screen opens; drawing reads only this state.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, TableState};

use super::detail_lines::{DetailFacts, wrap};
use super::person::PersonDetail;
use super::{Cx, Effect, NonaktifForm, Screen, step, titled_block};
use crate::domain::Household;
use crate::domain::eligibility::age_on;
use crate::i18n::screens_details::{self as details, Word};
use crate::i18n::screens_records as records;
use crate::i18n::{Lang, Msg, fmt_date, visible};
use crate::service::duplicates::NikHome;
use crate::service::household::HouseholdView;
use crate::service::{Actor, Result as SvcResult, Service};
use crate::store::AuditEvent;
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::widgets::list_table::{column_widths, fit_cells, table};
use crate::tui::widgets::status_bar::fit;

#[derive(Debug)]
pub struct HouseholdDetail {
    household: Household,
    /// Province › kab/kota › kecamatan › kelurahan names.
    region: Vec<String>,
    audit: Vec<AuditEvent>,
    /// The household's deactivation proposals (of it or of a member).
    facts: DetailFacts,
    /// Members whose NIK another KK records too, with every household
    /// recording it; a failed read keeps its text.
    shared: Result<Vec<(String, Vec<NikHome>)>, String>,
    today: NaiveDate,
    members: TableState,
    /// Scroll of the lower part (history, enrolments, audit).
    scroll: u16,
    /// The household's version when read: another session's save moves it.
    version: crate::service::versions::Version,
}

impl HouseholdDetail {
    pub const HINTS: &'static [(Action, Msg)] = &[
        (Action::Open, Msg::HintMember),
        (Action::Visit, Msg::HintVisit),
        (Action::PageDown, Msg::HintScroll),
        (Action::Back, Msg::HintBack),
    ];
    /// Back before scrolling: at 80 columns the bar has room for four.
    const SHARED_HINTS: &'static [(Action, Msg)] = &[
        (Action::Open, Msg::HintMember),
        (Action::OtherKk, Msg::HintOtherKk),
        (Action::Visit, Msg::HintVisit),
        (Action::Back, Msg::HintBack),
        (Action::PageDown, Msg::HintScroll),
    ];

    /// With the key to the other KK when a member's NIK is recorded in two.
    pub fn hints(&self) -> &'static [(Action, Msg)] {
        if self.shared().is_empty() { Self::HINTS } else { Self::SHARED_HINTS }
    }

    /// Members whose NIK another KK records too, with its households.
    pub fn shared(&self) -> &[(String, Vec<NikHome>)] {
        self.shared.as_deref().unwrap_or_default()
    }

    /// Where the other-KK key goes: the selected member's other household
    /// when it has one, else the first shared member's; (No. KK, NIK).
    fn other_home(&self) -> Option<(String, String)> {
        let selected = self.members.selected().and_then(|i| self.household.members.get(i)).map(|p| p.nik.as_str());
        let mine = self.shared().iter().find(|(nik, _)| Some(nik.as_str()) == selected);
        let (nik, homes) = mine.or_else(|| self.shared().first())?;
        let other = homes.iter().find(|h| h.no_kk != self.household.no_kk)?;
        Some((other.no_kk.clone(), nik.clone()))
    }

    /// Reads the household, its audit history and its deactivation
    /// proposals; None when no such KK.
    pub fn load(svc: &Service, actor: &Actor, no_kk: &str, today: NaiveDate, lang: Lang) -> SvcResult<Option<Self>> {
        let version = svc.household_version(no_kk)?;
        let Some(HouseholdView { household, region, audit }) = svc.household_detail(actor, no_kk)? else {
            return Ok(None);
        };
        let mut members = TableState::default();
        members.select(if household.members.is_empty() { None } else { Some(0) });
        let facts = DetailFacts::load(svc, &household, None, lang);
        let shared = svc.shared_niks(actor, &household).map_err(|e| e.message(lang));
        Ok(Some(HouseholdDetail { household, region, audit, facts, shared, today, members, scroll: 0, version }))
    }

    /// Reads the household again when another session saved it since; the
    /// selected member and the scroll stay. Whether anything changed.
    pub fn changed_elsewhere(&mut self, cx: &Cx) -> bool {
        let kk = self.household.no_kk.clone();
        if cx.svc.household_version(&kk).ok() == Some(self.version) {
            return false;
        }
        let Ok(Some(mut fresh)) = HouseholdDetail::load(cx.svc, cx.actor, &kk, self.today, cx.lang) else {
            return false;
        };
        let n = fresh.household.members.len();
        fresh.members.select(self.members.selected().map(|i| i.min(n.saturating_sub(1))).filter(|_| n > 0));
        fresh.scroll = self.scroll;
        *self = fresh;
        true
    }

    pub fn household(&self) -> &Household {
        &self.household
    }

    /// Selects the member of `nik`, if in the household.
    pub fn select_member(&mut self, nik: &str) {
        if let Some(i) = self.household.members.iter().position(|p| p.nik == nik) {
            self.members.select(Some(i));
        }
    }

    pub fn selected_member(&self) -> Option<usize> {
        self.members.selected()
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        match action {
            Action::Up | Action::Down | Action::Home | Action::End => {
                self.members.select(step(self.members.selected(), self.household.members.len(), action, 5));
                Effect::Redraw
            }
            Action::PageDown => {
                self.scroll = self.scroll.saturating_add(5);
                Effect::Redraw
            }
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(5);
                Effect::Redraw
            }
            Action::Open => {
                let Some(p) = self.members.selected().and_then(|i| self.household.members.get(i)) else {
                    return Effect::None;
                };
                Effect::Push(Screen::Person(Box::new(PersonDetail::new(p, &self.household, cx))))
            }
            Action::Visit => Effect::OpenVisit(self.household.no_kk.clone()),
            Action::OtherKk => match self.other_home() {
                Some((kk, nik)) => Effect::OpenMember(kk, nik),
                None => Effect::None,
            },
            Action::ProposeNonaktif => {
                Effect::Push(Screen::NonaktifForm(Box::new(NonaktifForm::open(cx, &self.household, None))))
            }
            Action::Reveal => {
                let nik = self.members.selected().and_then(|i| self.household.members.get(i)).map(|p| p.nik.clone());
                reveal(cx, &self.household.no_kk, &nik.unwrap_or_default())
            }
            _ => Effect::Unhandled,
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let h = &self.household;
        let lang = ui.lang;
        let block = titled_block(ui, format!("{} · KK {}", ui.t(Msg::TitleHousehold), h.no_kk));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let n = h.members.len() as u16;
        let flags = self.shared_lines(ui, inner.width as usize);
        let [top, members, rest] = Layout::vertical([
            Constraint::Length(3 + flags.len() as u16),
            Constraint::Length((n + 1).min(9)),
            Constraint::Fill(1),
        ])
        .areas(inner);

        let head = |m: Msg| Span::styled(format!("{}: ", ui.t(m)), ui.theme.heading());
        let status = match h.history.last() {
            Some(e) => {
                format!(
                    "{} ({} {})",
                    e.status.label(lang),
                    ui.t(Msg::ColSince).to_lowercase(),
                    fmt_date(ui.lang, e.since)
                )
            }
            None => h.status().label(lang).to_string(),
        };
        let mut region: Vec<String> = self.region.iter().map(|n| super::dashboard::short_region(n)).collect();
        region.reverse();
        let mut top_lines = vec![
            Line::from(vec![
                head(Msg::SecAddress),
                Span::raw(format!("{}, RT {:03}/RW {:03}", visible(&h.address.street), h.address.rt, h.address.rw)),
            ]),
            {
                // The province ends the line: cut there with "…", not mid-word.
                let label = head(Msg::LblRegion);
                let room = usize::from(top.width).saturating_sub(label.width());
                Line::from(vec![
                    label,
                    Span::raw(fit(&format!("{} ({})", region.join(", "), h.address.kelurahan), room)),
                ])
            },
            Line::from(vec![head(Msg::LblStatus), Span::raw(status)]),
        ];
        top_lines.extend(flags);
        f.render_widget(Paragraph::new(top_lines), top);

        let header = [Msg::ColNik, Msg::ColName, Msg::ColRel, Msg::ColSex, Msg::ColAge, Msg::ColStatus];
        // The relationship column as wide as its longest label, so
        // "Kepala keluarga" is whole; names take the rest, ending in "…".
        let rel = h.members.iter().map(|p| p.relationship.label(lang).chars().count()).max().unwrap_or(0);
        let rel = rel.max(ui.t(Msg::ColRel).chars().count()) as u16;
        let widths = [
            Constraint::Length(16),
            Constraint::Fill(1),
            Constraint::Length(rel),
            Constraint::Length(3),
            Constraint::Length(6),
            Constraint::Length(9),
        ];
        let cols = column_widths(members.width, &widths);
        let rows = h.members.iter().map(|p| {
            Row::new(fit_cells(
                &cols,
                [
                    p.nik.clone(),
                    p.name.clone(),
                    p.relationship.label(lang).to_string(),
                    p.sex.initial(lang).to_string(),
                    format!("{} {}", age_on(p.birth_date, self.today), ui.t(Msg::Years)),
                    p.status().label(lang).to_string(),
                ],
            ))
        });
        f.render_stateful_widget(table(ui, header, rows, widths), members, &mut self.members);

        let lines = self.rest_lines(ui, rest.width as usize);
        let max = (lines.len() as u16).saturating_sub(rest.height);
        self.scroll = self.scroll.min(max);
        f.render_widget(Paragraph::new(lines).scroll((self.scroll, 0)), rest);
    }

    fn rest_lines(&self, ui: &Ui, width: usize) -> Vec<Line<'static>> {
        let h = &self.household;
        let lang = ui.lang;
        let mut out = Vec::new();
        let section = |out: &mut Vec<Line<'static>>, m: Msg| {
            out.push(Line::styled(format!("── {} ", ui.t(m)), ui.theme.heading()));
        };
        section(&mut out, Msg::SecInfo);
        let i = &h.info;
        let pairs = [
            (Msg::LblFloor, i.floor.label(lang)),
            (Msg::LblWall, i.wall.label(lang)),
            (Msg::LblRoof, i.roof.label(lang)),
            (Msg::LblLighting, i.lighting.label(lang)),
            (Msg::LblWater, i.water.label(lang)),
            (Msg::LblSanitation, i.sanitation.label(lang)),
            (Msg::LblFuel, i.cooking_fuel.label(lang)),
        ];
        for pair in pairs.chunks(2) {
            let s: Vec<String> = pair.iter().map(|(m, v)| format!("{}: {v}", ui.t(*m))).collect();
            out.push(Line::from(s.join(" · ")));
        }
        let assets: Vec<&str> = i.assets.iter().map(|a| a.label(lang)).collect();
        let assets = if assets.is_empty() { ui.t(Msg::None).to_string() } else { assets.join(", ") };
        let decile = i.decile.map_or("-".to_string(), |d| d.to_string());
        out.push(Line::from(format!("{}: {assets} · {}: {decile}", ui.t(Msg::LblAssets), ui.t(Msg::LblDecile))));

        section(&mut out, Msg::SecHistory);
        if h.history.is_empty() {
            out.push(Line::styled(ui.t(Msg::None), ui.theme.dim()));
        }
        for e in &h.history {
            let period = e.period.clone().unwrap_or_default();
            out.push(Line::from(format!(
                "{:<12} {:<10} {:<8} {} {}",
                fmt_date(lang, e.since),
                e.status.label(lang),
                period,
                e.source.label(lang),
                details::history_note(lang, &e.note)
            )));
        }

        out.push(Line::styled(format!("── {} ", details::word(lang, Word::SecDeactivation)), ui.theme.heading()));
        out.extend(self.facts.deactivation_lines(ui, width));

        section(&mut out, Msg::SecEnrol);
        let mut any = false;
        for p in &h.members {
            for e in &p.enrolments {
                any = true;
                out.push(Line::from(format!(
                    "{:<8} {:<16} {:<12} {}",
                    e.programme.code(),
                    fit(&p.name, 16),
                    e.status.label(lang),
                    records::enrolment_span(lang, e)
                )));
                if let Some(s) = &e.source {
                    let text = format!("  {}", crate::i18n::office::enrolment_source(lang, s));
                    out.push(Line::styled(text, ui.theme.dim()));
                }
            }
        }
        if !any {
            out.push(Line::styled(ui.t(Msg::None), ui.theme.dim()));
        }

        section(&mut out, Msg::SecAudit);
        if self.audit.is_empty() {
            out.push(Line::styled(ui.t(Msg::None), ui.theme.dim()));
        }
        for a in &self.audit {
            out.push(Line::from(format!(
                "{} {}  {}  {}",
                fmt_date(lang, a.at.date()),
                a.at.format("%H:%M"),
                a.user,
                audit_name(&a.action).map_or(a.action.as_str(), |m| ui.t(m))
            )));
        }
        out
    }
}

impl HouseholdDetail {
    /// One warning per other household of each shared member's NIK,
    /// wrapped to `width` (nothing when no NIK is shared).
    fn shared_lines(&self, ui: &Ui, width: usize) -> Vec<Line<'static>> {
        let shared = match &self.shared {
            Err(e) => return vec![Line::styled(e.clone(), ui.theme.error())],
            Ok(s) => s,
        };
        let mut out = Vec::new();
        for (nik, homes) in shared {
            let name = self.household.members.iter().find(|p| &p.nik == nik).map_or("", |p| p.name.as_str());
            for other in homes.iter().filter(|h| h.no_kk != self.household.no_kk) {
                let text = records::member_shared(ui.lang, name, nik, other);
                out.extend(
                    wrap(&text, width.saturating_sub(2).max(20)).into_iter().enumerate().map(|(i, part)| {
                        Line::styled(if i == 0 { part } else { format!("  {part}") }, ui.theme.error())
                    }),
                );
            }
        }
        out
    }
}

/// The name people read for an audited write: the action's first word
/// ("verval.ratify surat …") names the kind of event; the rest is detail
/// for the audit log. None for a kind without a name in the catalogue.
fn audit_name(action: &str) -> Option<Msg> {
    match action.split_whitespace().next()? {
        "import" => Some(Msg::AuditImport),
        "import.cycle" => Some(Msg::AuditImportCycle),
        "verval.ratify" => Some(Msg::AuditRatify),
        _ => None,
    }
}

/// Asks the service to let the user see `nik` and `no_kk` whole; it says
/// no to a role without the right.
pub(super) fn reveal(cx: &Cx, no_kk: &str, nik: &str) -> Effect {
    match cx.svc.reveal(cx.actor, no_kk, nik) {
        Ok(()) => Effect::Reveal([no_kk.to_string(), nik.to_string()].into_iter().filter(|n| !n.is_empty()).collect()),
        Err(e) => Effect::Notice(e.message(cx.lang), true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_events_are_named_by_their_first_word() {
        assert_eq!(audit_name("import"), Some(Msg::AuditImport));
        assert_eq!(audit_name("import.cycle 12 records"), Some(Msg::AuditImportCycle));
        assert_eq!(audit_name("verval.ratify surat 7/2024 batch 1/1 (2 visits)"), Some(Msg::AuditRatify));
        assert_eq!(audit_name("importer"), None);
        assert_eq!(audit_name(""), None);
    }
}
