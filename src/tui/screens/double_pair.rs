//! A double record side by side: the two households holding one NIK, with
//! their members, DTKS status and assistance history, and which one dtks
//! suggests keeping and why. The operator decides: one key keeps the left
//! (or right) record and, after asking, drafts the deletion of the other.

use crate::i18n::visible::shown;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Cx, Effect, titled_block};
use crate::domain::Household;
use crate::i18n::screens_nonaktif::{self as t, N, n};
use crate::i18n::{Lang, Msg, fmt_date};
use crate::service::deactivation::DoublePair;
use crate::tui::Ui;
use crate::tui::action::Action;

#[derive(Debug)]
pub struct DoublePairView {
    pairs: Vec<DoublePair>,
    at: usize,
    error: Option<String>,
    /// The side the operator chose to keep, waiting for the yes.
    keep_left: Option<bool>,
    scroll: u16,
}

impl DoublePairView {
    pub const HINTS: &'static [(Action, Msg)] = &[
        (Action::NextPane, Msg::HintTab),
        (Action::KeepLeft, Msg::HintKeepLeft),
        (Action::KeepRight, Msg::HintKeepRight),
        (Action::Back, Msg::HintBack),
    ];

    pub fn load(cx: &Cx) -> Self {
        let (pairs, error) = match cx.svc.double_pairs(cx.actor) {
            Ok(p) => (p, None),
            Err(e) => (Vec::new(), Some(e.message(cx.lang))),
        };
        DoublePairView { pairs, at: 0, error, keep_left: None, scroll: 0 }
    }

    pub fn pairs(&self) -> &[DoublePair] {
        &self.pairs
    }

    pub fn current(&self) -> Option<&DoublePair> {
        self.pairs.get(self.at)
    }

    /// (kept, removed) for a choice of side.
    fn sides(pair: &DoublePair, left: bool) -> (&Household, &Household) {
        if left { (&pair.a, &pair.b) } else { (&pair.b, &pair.a) }
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        match action {
            Action::NextPane | Action::PrevPane if !self.pairs.is_empty() => {
                let k = self.pairs.len();
                self.at = if action == Action::NextPane { (self.at + 1) % k } else { (self.at + k - 1) % k };
                self.scroll = 0;
                Effect::Redraw
            }
            Action::Down | Action::PageDown => {
                self.scroll = self.scroll.saturating_add(if action == Action::Down { 1 } else { 10 });
                Effect::Redraw
            }
            Action::Up | Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(if action == Action::Up { 1 } else { 10 });
                Effect::Redraw
            }
            Action::KeepLeft | Action::KeepRight => {
                let Some(pair) = self.current() else { return Effect::Notice(n(cx.lang, N::NoPairs).into(), false) };
                let left = action == Action::KeepLeft;
                let (keep, remove) = Self::sides(pair, left);
                let name = remove.member(&pair.nik).map(|p| p.name.clone()).unwrap_or_default();
                let detail = t::keep_detail(cx.lang, &pair.nik, &name, &keep.no_kk, &remove.no_kk);
                self.keep_left = Some(left);
                Effect::AskWith(Msg::AskKeepDouble, detail, Action::Confirm)
            }
            Action::Confirm => {
                let (Some(left), Some(pair)) = (self.keep_left.take(), self.current()) else { return Effect::None };
                let (keep, remove) = Self::sides(pair, left);
                let (nik, keep, remove) = (pair.nik.clone(), keep.no_kk.clone(), remove.no_kk.clone());
                match cx.svc.propose_double_deletion(&nik, &keep, &remove, cx.actor) {
                    Ok(p) => Effect::Notice(t::double_drafted(cx.lang, p.id, &remove), false),
                    Err(e) => Effect::Notice(e.message(cx.lang), true),
                }
            }
            _ => Effect::Unhandled,
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let block = titled_block(ui, ui.t(Msg::TitleDoublePair).to_string());
        let inner = block.inner(area);
        f.render_widget(block, area);
        if let Some(e) = &self.error {
            f.render_widget(Paragraph::new(e.clone()).style(ui.theme.error()), inner);
            return;
        }
        let Some(pair) = self.pairs.get(self.at) else {
            f.render_widget(Paragraph::new(n(ui.lang, N::NoPairs)).style(ui.theme.dim()), inner);
            return;
        };
        let lang = ui.lang;
        let head = vec![
            Line::styled(t::pair_of(lang, self.at + 1, self.pairs.len(), &pair.nik), ui.theme.heading()),
            Line::raw(pair.suggestion.message(lang)),
        ];
        let [top, sides] = Layout::vertical([Constraint::Length(4), Constraint::Fill(1)]).areas(inner);
        f.render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), top);
        let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(sides);
        for (side, h, label) in [(left, &pair.a, N::Left), (right, &pair.b, N::Right)] {
            let kept = pair.suggestion.keep == h.no_kk;
            let title = format!(" {} · KK {}{} ", n(lang, label), h.no_kk, if kept { " ✓" } else { "" });
            let b = Block::default().borders(Borders::TOP).title(Line::styled(title, ui.theme.title()));
            let lines = side_lines(lang, h, &pair.nik, ui);
            f.render_widget(Paragraph::new(lines).block(b).wrap(Wrap { trim: false }).scroll((self.scroll, 0)), side);
        }
    }
}

/// One household's side: status, address, members (the double marked)
/// and each member's assistance history.
fn side_lines(lang: Lang, h: &Household, nik: &str, ui: &Ui) -> Vec<Line<'static>> {
    let mut out = vec![
        Line::raw(format!("{}: {}", n(lang, N::ColState), h.status().label(lang))),
        Line::raw(format!("{}, RT {:03}/RW {:03}", shown(&h.address.street), h.address.rt, h.address.rw)),
        Line::styled(n(lang, N::ColMembers).to_string(), ui.theme.heading()),
    ];
    for p in &h.members {
        let mark = if p.nik == nik { "» " } else { "  " };
        out.push(Line::raw(format!("{mark}{} ({})", shown(&p.name), p.status().label(lang))));
    }
    out.push(Line::styled(n(lang, N::Assistance).to_string(), ui.theme.heading()));
    let mut any = false;
    for p in h.members.iter().filter(|p| !p.enrolments.is_empty()) {
        any = true;
        out.push(Line::raw(format!("  {}", shown(&p.name))));
        for e in &p.enrolments {
            let until = e.until.map(|d| format!("–{}", fmt_date(lang, d))).unwrap_or_default();
            let since = fmt_date(lang, e.since);
            out.push(Line::raw(format!("    {} {} {since}{until}", e.programme.code(), e.status.label(lang))));
        }
    }
    if !any {
        out.push(Line::raw(format!("  {}", n(lang, N::NoAssistance))));
    }
    out
}
