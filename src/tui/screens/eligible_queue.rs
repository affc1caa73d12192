//! Layak belum terdaftar: per programme (Tab), the persons the rules find
//! eligible today who are not enrolled, for the whole register or one
//! kelurahan picked by name; `/` searches by name or NIK, Enter opens the
//! household, and one key proposes the person (usulan), asked first. A
//! person an open usulan already names is marked and not proposed twice.
//! The counting is a background job: "menghitung…" until it reports.

mod pick;

use crate::i18n::visible::shown;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState, Wrap};

use super::{Cx, Effect, next_tab, step, titled_block, typed};
use crate::domain::{Programme, names};
use crate::i18n::screens_eligible::{self as t, E, e};
use crate::i18n::{Lang, Msg};
use crate::service::eligible::{EligiblePerson, EligibleQuery, EligibleReport, Proposed};
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::job::{Job, JobDone};
use crate::tui::keymap::KeyChord;
use crate::tui::widgets::TextInput;
use pick::KelurahanPick;

/// Persons held per programme from a whole-register pass; a kelurahan
/// shows all of its own.
pub const KEPT: usize = 2000;

#[derive(Debug)]
pub struct EligibleQueue {
    tab: usize,
    /// The kelurahan shown (code, name); `None` is the whole register.
    kelurahan: Option<(String, String)>,
    /// The whole-register pass (its counts feed the kelurahan pick).
    whole: Option<Result<Arc<EligibleReport>, String>>,
    /// The pass over the picked kelurahan.
    local: Option<Result<Arc<EligibleReport>, String>>,
    search: TextInput,
    searching: bool,
    /// Indexes into the report's persons of the rows shown.
    rows: Vec<usize>,
    table: TableState,
    pick: Option<KelurahanPick>,
    /// (No. KK, NIK, name, programme) waiting for the question's yes.
    pending: Option<(String, String, String, Programme)>,
}

/// The whole-register pass, shared with the dashboard's count.
pub fn whole_query() -> EligibleQuery {
    query(None)
}

fn query(kelurahan: Option<&str>) -> EligibleQuery {
    match kelurahan {
        None => EligibleQuery { limit: Some(KEPT), ..EligibleQuery::default() },
        Some(k) => EligibleQuery { regions: vec![k.to_string()], ..EligibleQuery::default() },
    }
}

impl EligibleQueue {
    /// Tab is left out: the programme tabs show it, and the rest fits.
    pub const HINTS: &'static [(Action, Msg)] = &[
        (Action::Filter, Msg::HintTahapKelurahan),
        (Action::Search, Msg::HintSearch),
        (Action::Open, Msg::HintHousehold),
        (Action::ProposeUsulan, Msg::HintPropose),
    ];
    pub const PICK_HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintRun), (Action::Back, Msg::HintClose)];

    /// The screen on `programme`'s tab and the job that counts.
    pub fn open(programme: Programme) -> (Self, Job) {
        let tab = Programme::ALL.iter().position(|p| *p == programme).unwrap_or(0);
        let s = EligibleQueue {
            tab,
            kelurahan: None,
            whole: None,
            local: None,
            search: TextInput::default(),
            searching: false,
            rows: Vec::new(),
            table: TableState::default(),
            pick: None,
            pending: None,
        };
        (s, Job::Eligible(query(None)))
    }

    /// Takes a whole-register pass already made (the dashboard's).
    pub fn set_whole(&mut self, report: Arc<EligibleReport>) {
        self.whole = Some(Ok(report));
        self.refind();
    }

    pub fn programme(&self) -> Programme {
        Programme::ALL[self.tab.min(Programme::ALL.len() - 1)]
    }

    /// The report the rows come from; `None` while counting.
    fn shown(&self) -> Option<&Result<Arc<EligibleReport>, String>> {
        if self.kelurahan.is_some() { self.local.as_ref() } else { self.whole.as_ref() }
    }

    fn report(&self) -> Option<&EligibleReport> {
        self.shown().and_then(|r| r.as_ref().ok()).map(|r| r.as_ref())
    }

    /// Records the persons the screen now shows as one view; if that
    /// cannot be recorded, they are not shown.
    pub fn audit_shown(&mut self, cx: &Cx) {
        use crate::service::audit::{Listed, View};
        let shown = self.rows().iter().flat_map(|p| [p.nik.clone(), p.no_kk.clone()]).collect();
        if let Err(e) = cx.svc.audit_view(cx.actor, View::List { what: Listed::Eligible, shown }) {
            let failed = Some(Err(e.message(cx.lang)));
            match self.kelurahan {
                Some(_) => self.local = failed,
                None => self.whole = failed,
            }
            self.refind();
        }
    }

    /// The persons of the rows shown.
    pub fn rows(&self) -> Vec<&EligiblePerson> {
        let Some(r) = self.report() else { return Vec::new() };
        self.rows.iter().filter_map(|&i| r.persons.get(i)).collect()
    }

    fn selected(&self) -> Option<&EligiblePerson> {
        let i = *self.rows.get(self.table.selected()?)?;
        self.report()?.persons.get(i)
    }

    fn refind(&mut self) {
        let programme = self.programme();
        let q = self.search.value().trim().to_string();
        let folded = names::fold_query(&q);
        let digits = !q.is_empty() && q.chars().all(|c| c.is_ascii_digit());
        self.rows = match self.report() {
            None => Vec::new(),
            Some(r) => (0..r.persons.len())
                .filter(|&i| {
                    let p = &r.persons[i];
                    p.programme == programme
                        && (q.is_empty()
                            || if digits {
                                p.nik.starts_with(&q)
                            } else {
                                names::matches(&folded, &names::fold(&p.name))
                            })
                })
                .collect(),
        };
        self.table.select((!self.rows.is_empty()).then_some(0));
    }

    pub fn text_focused(&self) -> bool {
        self.searching || self.pick.is_some()
    }

    pub fn hints(&self) -> &'static [(Action, Msg)] {
        if self.pick.is_some() { Self::PICK_HINTS } else { Self::HINTS }
    }

    pub fn type_key(&mut self, chord: KeyChord) -> Effect {
        if let Some(p) = self.pick.as_mut() {
            return if p.type_key(chord) { Effect::Redraw } else { Effect::None };
        }
        if !self.searching {
            return Effect::Unhandled;
        }
        let effect = typed(Some(&mut self.search), chord);
        self.refind();
        effect
    }

    pub fn on_job(&mut self, done: &JobDone) -> bool {
        let JobDone::Eligible { query: q, result } = done else { return false };
        if *q == query(None) {
            self.whole = Some(result.clone());
        } else if self.kelurahan.as_ref().is_some_and(|(k, _)| *q == query(Some(k))) {
            self.local = Some(result.clone());
        } else {
            return false; // another screen's, or an older pick
        }
        self.refind();
        true
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        if self.pick.is_some() {
            return self.handle_pick(action);
        }
        if self.searching && matches!(action, Action::Open | Action::Back | Action::Down) {
            self.searching = false;
            return Effect::Redraw;
        }
        match action {
            Action::NextPane | Action::PrevPane => {
                self.tab = next_tab(self.tab, Programme::ALL.len(), action);
                self.refind();
                Effect::Redraw
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.table.select(step(self.table.selected(), self.rows.len(), action, 10));
                Effect::Redraw
            }
            Action::Search => {
                self.searching = true;
                Effect::Redraw
            }
            Action::FilterClear => {
                self.search = TextInput::default();
                self.refind();
                Effect::Redraw
            }
            Action::Filter => {
                let Some(Ok(whole)) = &self.whole else { return Effect::None };
                // "Kampung Melayu, Jatinegara": names recur across kecamatan.
                let w = cx.svc.wilayah();
                let places = whole
                    .kelurahan_of(self.programme())
                    .into_iter()
                    .map(|(code, name, n)| match code.get(..8).and_then(|k| w.name(k)) {
                        Some(kec) => (code.clone(), format!("{name}, {kec}"), n),
                        None => (code, name, n),
                    })
                    .collect();
                let current = self.kelurahan.as_ref().map(|(k, _)| k.as_str());
                self.pick = Some(KelurahanPick::new(cx.lang, places, current));
                Effect::Redraw
            }
            Action::Open => match self.selected() {
                Some(p) => Effect::OpenMember(p.no_kk.clone(), p.nik.clone()),
                None => Effect::None,
            },
            Action::ProposeUsulan => self.ask_propose(cx.lang),
            Action::Confirm => self.propose(cx),
            _ => Effect::Unhandled,
        }
    }

    fn handle_pick(&mut self, action: Action) -> Effect {
        let Some(p) = self.pick.as_mut() else { return Effect::None };
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                p.step(action);
                Effect::Redraw
            }
            Action::Open => {
                let Some(chosen) = p.chosen() else { return Effect::None };
                self.pick = None;
                if chosen == self.kelurahan {
                    return Effect::Redraw;
                }
                self.kelurahan = chosen;
                self.local = None;
                self.refind();
                match &self.kelurahan {
                    Some((k, _)) => Effect::Job(Job::Eligible(query(Some(k)))),
                    None => Effect::Redraw,
                }
            }
            Action::Back | Action::Cancel => {
                self.pick = None;
                Effect::Redraw
            }
            _ => Effect::None,
        }
    }

    fn ask_propose(&mut self, lang: Lang) -> Effect {
        let Some(p) = self.selected() else { return Effect::Notice(e(lang, E::NothingSelected).into(), false) };
        if let Some(id) = p.usulan {
            return Effect::Notice(t::already_open(lang, &p.name, p.programme, id), false);
        }
        let question = t::ask_propose(lang, &p.name, p.programme);
        self.pending = Some((p.no_kk.clone(), p.nik.clone(), p.name.clone(), p.programme));
        Effect::AskText(question, Action::Confirm)
    }

    fn propose(&mut self, cx: &Cx) -> Effect {
        let Some((kk, nik, name, programme)) = self.pending.take() else { return Effect::None };
        match cx.svc.propose_eligible(&kk, &nik, programme, cx.actor) {
            Ok(Proposed::Recorded(id)) => {
                self.mark_proposed(&nik, programme, id);
                Effect::Notice(t::recorded(cx.lang, &name, programme, id), false)
            }
            Ok(Proposed::AlreadyOpen(id)) => {
                self.mark_proposed(&nik, programme, id);
                Effect::Notice(t::already_open(cx.lang, &name, programme, id), false)
            }
            Ok(Proposed::NotInQueue) => Effect::Notice(e(cx.lang, E::NotInQueue).into(), true),
            Err(err) => Effect::Notice(err.message(cx.lang), true),
        }
    }

    /// Marks the person in both passes, so the flag shows without a recount.
    fn mark_proposed(&mut self, nik: &str, programme: Programme, id: u64) {
        for r in [&mut self.whole, &mut self.local].into_iter().flatten().flat_map(|r| r.as_mut().ok()) {
            let r = Arc::make_mut(r);
            let mut kelurahan = None;
            for p in r.persons.iter_mut().filter(|p| p.nik == nik && p.programme == programme && p.usulan.is_none()) {
                p.usulan = Some(id);
                kelurahan = Some(p.kelurahan.clone());
            }
            if let Some(k) = kelurahan
                && let Some(c) = r.counts.iter_mut().find(|c| c.programme == programme && c.kelurahan == k)
            {
                c.proposed += 1;
            }
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let lang = ui.lang;
        let programme = self.programme();
        let block = titled_block(ui, format!("{} · {}", ui.t(Msg::TitleEligible), programme.label(lang)));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [tabs, line, table, detail] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(3),
        ])
        .areas(inner);
        f.render_widget(Paragraph::new(self.tab_line(ui, tabs.width as usize)), tabs);
        f.render_widget(Paragraph::new(self.filter_line(ui)), line);
        match self.shown() {
            None => f.render_widget(Paragraph::new(e(lang, E::Counting)).style(ui.theme.dim()), table),
            Some(Err(err)) => f.render_widget(Paragraph::new(err.clone()).style(ui.theme.error()), table),
            Some(Ok(_)) if self.rows.is_empty() => {
                let m = if self.search.value().trim().is_empty() { E::Empty } else { E::NoMatch };
                f.render_widget(Paragraph::new(e(lang, m)).style(ui.theme.dim()).wrap(Wrap { trim: true }), table);
            }
            Some(Ok(_)) => self.render_table(f, table, ui),
        }
        f.render_widget(Paragraph::new(self.detail_lines(ui)).wrap(Wrap { trim: true }), detail);
        if let Some(p) = self.pick.as_mut() {
            p.render(f, area, ui);
        }
    }

    /// Programme codes with their counts; codes alone when that is too wide.
    fn tab_line(&self, ui: &Ui, width: usize) -> Line<'static> {
        let lang = ui.lang;
        let count = |p: Programme| self.report().map(|r| crate::i18n::fmt_count(lang, r.total(p)));
        let with: Vec<String> = Programme::ALL
            .iter()
            .map(|&p| count(p).map_or(p.code().to_string(), |n| format!("{} {n}", p.code())))
            .collect();
        let fits = with.iter().map(|s| s.chars().count() + 2).sum::<usize>() <= width;
        let spans: Vec<Span<'static>> = Programme::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let text = if fits { format!(" {} ", with[i]) } else { format!(" {} ", p.code()) };
                if i == self.tab { Span::styled(text, ui.theme.selected()) } else { Span::raw(text) }
            })
            .collect();
        Line::from(spans)
    }

    fn filter_line(&self, ui: &Ui) -> Line<'static> {
        let lang = ui.lang;
        let kel = self.kelurahan.as_ref().map_or(e(lang, E::AllKelurahan).to_string(), |(_, n)| n.clone());
        let mut q = self.search.value().to_string();
        if self.searching {
            let at = q.char_indices().nth(self.search.cursor()).map_or(q.len(), |(i, _)| i);
            q.insert(at, '▏');
        }
        let mut spans = vec![
            Span::styled(format!("{}: ", e(lang, E::Kelurahan)), ui.theme.heading()),
            Span::raw(format!("{kel}  ")),
            Span::styled(format!("{}: ", e(lang, E::Search)), ui.theme.heading()),
            Span::raw(format!("{q}  ")),
        ];
        if let Some(r) = self.report() {
            let p = self.programme();
            let proposed = r.counts.iter().filter(|c| c.programme == p).map(|c| c.proposed).sum();
            spans.push(Span::styled(t::tab_total(lang, r.total(p), proposed), ui.theme.dim()));
        }
        Line::from(spans)
    }

    fn render_table(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let lang = ui.lang;
        let header = Row::new([
            e(lang, E::ColName).to_string(),
            "NIK".to_string(),
            e(lang, E::ColAge).to_string(),
            e(lang, E::ColKelurahan).to_string(),
            e(lang, E::ColReason).to_string(),
        ])
        .style(ui.theme.heading());
        let rows: Vec<Row> = self
            .rows()
            .into_iter()
            .map(|p| {
                let mark = if p.usulan.is_some() { "✓ " } else { "" };
                let row = Row::new([
                    format!("{mark}{}", shown(&p.name)),
                    p.nik.clone(),
                    t::age(lang, p.age),
                    p.kelurahan_name.clone(),
                    t::reason_short(lang, p.rule).to_string(),
                ]);
                if p.usulan.is_some() { row.style(ui.theme.dim()) } else { row }
            })
            .collect();
        let widths = [
            Constraint::Fill(1),
            Constraint::Length(16),
            Constraint::Length(7),
            Constraint::Length(15),
            Constraint::Length(15),
        ];
        let table = Table::new(rows, widths).header(header).row_highlight_style(ui.theme.selected());
        f.render_stateful_widget(table, area, &mut self.table);
    }

    /// Under the table: the selected person's household, why they are
    /// eligible in full, and their usulan; and that only the first rows
    /// are held when so.
    fn detail_lines(&self, ui: &Ui) -> Vec<Line<'static>> {
        let lang = ui.lang;
        let mut out = Vec::new();
        if let Some(p) = self.selected() {
            let mut text = format!("No. KK {} · {}", p.no_kk, p.rule.reason(lang, true));
            if let Some(id) = p.usulan {
                text = format!("{text} · {} (#{id})", e(lang, E::Proposed));
            }
            out.push(Line::raw(text));
        }
        if let Some(r) = self.report() {
            let (held, total) = (r.persons_of(self.programme()).count() as u64, r.total(self.programme()));
            if held < total {
                out.push(Line::styled(t::shown_of(lang, held, total), ui.theme.dim()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
