//! Recording one Muskel: kelurahan, date, place, attendees (name, role,
//! signed), the proposals discussed with their decision and note, the
//! evidence files and the Berita Acara written beside the working directory.

use crate::i18n::visible::shown;
use std::path::Path;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};

use super::{Cx, Effect, titled_block};
use crate::domain::muskel::{
    Attendee, AttendeeRole, Decision, EvidenceKind, ItemKind, Muskel, MuskelItem, MuskelProblem,
};
use crate::domain::visit::{format_date, parse_date};
use crate::i18n::{Msg, text};
use crate::service::attachments::{AttachmentCheck, AttachmentState};
use crate::service::usulan::UsulanFilter;
use crate::service::versions::Version;
use crate::tui::Ui;
use crate::tui::action::Action;
use crate::tui::keymap::KeyChord;
use crate::tui::widgets::TextInput;

mod kelurahan;
use kelurahan::KelurahanPick;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MRow {
    Kelurahan,
    Date,
    Place,
    Number,
    AttName(usize),
    AttRole(usize),
    AttSigned(usize),
    Decision(usize),
    Note(usize),
    EvidenceKind,
}

#[derive(Debug)]
pub struct MuskelForm {
    m: Muskel,
    date_text: String,
    kind: EvidenceKind,
    checks: Vec<AttachmentCheck>,
    rows: Vec<MRow>,
    table: TableState,
    editing: Option<TextInput>,
    /// The kelurahan's name, read when it is set so drawing does no lookups.
    kelurahan_name: String,
    /// Choosing the kelurahan from the wilayah, while open.
    picking: Option<KelurahanPick>,
    /// Set while the bottom line asks for a path: an evidence file to
    /// attach, or where to write the Berita Acara.
    asking: Option<Asking>,
    warnings: Vec<MuskelProblem>,
    /// The Muskel as last saved (or as opened): quitting with other edits asks first.
    saved: Muskel,
    /// The version of `saved`; a save names it, so one over another
    /// session's save is refused rather than lost.
    version: Version,
    /// Set while "changed by … — reload?" waits for an answer.
    conflict: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Asking {
    Evidence,
    BeritaAcara,
}

fn rows_of(m: &Muskel) -> Vec<MRow> {
    let mut r = vec![MRow::Kelurahan, MRow::Date, MRow::Place, MRow::Number];
    for i in 0..m.attendees.len() {
        r.extend([MRow::AttName(i), MRow::AttRole(i), MRow::AttSigned(i)]);
    }
    for i in 0..m.items.len() {
        r.extend([MRow::Decision(i), MRow::Note(i)]);
    }
    r.push(MRow::EvidenceKind);
    r
}

/// Items for a new Muskel: the proposals of the kelurahan.
fn items_for(kelurahan: &str, cx: &Cx) -> Vec<MuskelItem> {
    if kelurahan.is_empty() {
        return Vec::new();
    }
    let filter = UsulanFilter { region: Some(kelurahan.to_string()), ..UsulanFilter::default() };
    let lines = cx.svc.usulan_list_for(cx.actor, &filter).unwrap_or_default();
    lines
        .into_iter()
        .map(|l| {
            let u = l.usulan;
            let p = u.persons.first();
            MuskelItem {
                kind: ItemKind::from(u.kind),
                usulan_id: Some(u.id),
                no_kk: u.no_kk.clone(),
                nik: p.map(|p| p.nik.clone()).unwrap_or_default(),
                name: p.map(|p| p.name.clone()).unwrap_or_default(),
                programmes: u.programmes.clone(),
                decision: None,
                note: String::new(),
            }
        })
        .collect()
}

pub(super) fn cycle<T: Copy + PartialEq>(all: &[T], cur: Option<T>, forward: bool, optional: bool) -> Option<T> {
    let mut opts: Vec<Option<T>> = if optional { vec![None] } else { Vec::new() };
    opts.extend(all.iter().map(|x| Some(*x)));
    let i = opts.iter().position(|o| *o == cur).unwrap_or(0);
    let n = opts.len();
    opts[if forward { (i + 1) % n } else { (i + n - 1) % n }]
}

impl MuskelForm {
    const HINTS: &'static [(Action, Msg)] = &[
        (Action::Open, Msg::HintEdit),
        (Action::ChoiceNext, Msg::HintChoice),
        (Action::AddRow, Msg::HintAddRow),
        (Action::Submit, Msg::HintSave),
        (Action::Attach, Msg::HintAttach),
        (Action::BeritaAcara, Msg::HintBeritaAcara),
    ];
    const EDIT_HINTS: &'static [(Action, Msg)] = &[(Action::Open, Msg::HintDone), (Action::Back, Msg::HintCancel)];

    pub fn new_for(kelurahan: &str, cx: &Cx) -> Self {
        let m = Muskel {
            id: 0,
            kelurahan: kelurahan.to_string(),
            date: cx.today,
            place: String::new(),
            number: String::new(),
            attendees: Vec::new(),
            items: items_for(kelurahan, cx),
            evidence: Vec::new(),
        };
        Self::open(m, cx)
    }

    /// Opens a Muskel: a stored one is read again with its version, since
    /// the list it came from may be older.
    pub fn open(m: Muskel, cx: &Cx) -> Self {
        let (m, version) = match cx.svc.muskel_versioned(m.id) {
            Ok(Some((fresh, v))) if m.id != 0 => (fresh, v),
            _ => (m, 0),
        };
        let checks = if m.id == 0 { Vec::new() } else { cx.svc.verify_attachments(m.id).unwrap_or_default() };
        let rows = rows_of(&m);
        let kelurahan_name = cx.svc.wilayah().name(&m.kelurahan).unwrap_or_default().to_string();
        let mut table = TableState::default();
        table.select(Some(0));
        MuskelForm {
            date_text: format_date(m.date),
            saved: m.clone(),
            m,
            kind: EvidenceKind::BeritaAcara,
            checks,
            rows,
            table,
            editing: None,
            kelurahan_name,
            picking: None,
            asking: None,
            warnings: Vec::new(),
            version,
            conflict: false,
        }
    }

    /// "Yes" to the reload question: the latest stored Muskel with the
    /// worker's own edits on top (each part they changed since opening is
    /// kept, the others taken from the latest version); still unsaved, so
    /// they look it over and save again.
    fn reload_keeping_edits(&mut self, cx: &Cx) -> Effect {
        let Ok(Some((theirs, version))) = cx.svc.muskel_versioned(self.m.id) else {
            return Effect::Notice(text(cx.lang, Msg::LoadFailed).to_string(), true);
        };
        let (base, mine) = (&self.saved, &self.m);
        let mut merged = theirs.clone();
        if mine.kelurahan != base.kelurahan {
            merged.kelurahan = mine.kelurahan.clone();
        }
        if mine.date != base.date {
            merged.date = mine.date;
        }
        if mine.place != base.place {
            merged.place = mine.place.clone();
        }
        if mine.number != base.number {
            merged.number = mine.number.clone();
        }
        if mine.attendees != base.attendees {
            merged.attendees = mine.attendees.clone();
        }
        if mine.items != base.items {
            merged.items = mine.items.clone();
        }
        self.date_text = format_date(merged.date);
        self.kelurahan_name = cx.svc.wilayah().name(&merged.kelurahan).unwrap_or_default().to_string();
        self.saved = theirs;
        self.m = merged;
        self.version = version;
        self.rows = rows_of(&self.m);
        let sel = self.table.selected().map(|s| s.min(self.rows.len().saturating_sub(1)));
        self.table.select(sel);
        Effect::Notice(crate::i18n::versions::reloaded(cx.lang).to_string(), false)
    }

    /// Whether "changed by … — reload?" waits for an answer.
    pub fn conflict(&self) -> bool {
        self.conflict
    }

    pub fn muskel(&self) -> &Muskel {
        &self.m
    }

    /// Edits made since the last save.
    pub fn has_unsaved(&self) -> bool {
        self.m != self.saved
    }

    pub fn text_focused(&self) -> bool {
        self.editing.is_some() || self.picking.is_some()
    }

    /// Whether the kelurahan pick list is open.
    pub fn picking(&self) -> bool {
        self.picking.is_some()
    }

    pub fn hints(&self) -> &'static [(Action, Msg)] {
        if self.editing.is_some() || self.picking.is_some() { Self::EDIT_HINTS } else { Self::HINTS }
    }

    pub fn type_key(&mut self, chord: KeyChord) -> Effect {
        if let Some(p) = self.picking.as_mut() {
            return if p.type_key(chord) { Effect::Redraw } else { Effect::None };
        }
        super::typed(self.editing.as_mut(), chord)
    }

    fn selected(&self) -> Option<MRow> {
        self.table.selected().and_then(|i| self.rows.get(i)).copied()
    }

    fn text_of(&self, row: MRow) -> Option<String> {
        let m = &self.m;
        Some(match row {
            MRow::Kelurahan => m.kelurahan.clone(),
            MRow::Date => self.date_text.clone(),
            MRow::Place => m.place.clone(),
            MRow::Number => m.number.clone(),
            MRow::AttName(i) => m.attendees.get(i)?.name.clone(),
            MRow::Note(i) => m.items.get(i)?.note.clone(),
            _ => return None,
        })
    }

    fn set_text(&mut self, row: MRow, v: String, cx: &Cx) -> Effect {
        match row {
            MRow::Kelurahan => {
                self.m.kelurahan = v.trim().to_string();
                self.kelurahan_name = cx.svc.wilayah().name(&self.m.kelurahan).unwrap_or_default().to_string();
                if self.m.items.is_empty() {
                    self.m.items = items_for(&self.m.kelurahan, cx);
                    self.rows = rows_of(&self.m);
                }
            }
            MRow::Date => {
                self.date_text = v.clone();
                match parse_date(&v) {
                    Some(d) => self.m.date = d,
                    None => {
                        return Effect::Notice(format!("'{v}': {}", text(cx.lang, Msg::BadLetterDate)), true);
                    }
                }
            }
            MRow::Place => self.m.place = v,
            MRow::Number => self.m.number = v,
            MRow::AttName(i) => {
                if let Some(a) = self.m.attendees.get_mut(i) {
                    a.name = v;
                }
            }
            MRow::Note(i) => {
                if let Some(it) = self.m.items.get_mut(i) {
                    it.note = v;
                }
            }
            _ => {}
        }
        Effect::Redraw
    }

    fn attach(&mut self, path: &str, cx: &Cx) -> Effect {
        if self.m.id == 0 {
            return Effect::Notice(text(cx.lang, Msg::SaveFirst).into(), true);
        }
        match cx.svc.attach_evidence_at(self.m.id, Some(self.version), self.kind, Path::new(path.trim()), cx.actor) {
            Ok((a, version)) => {
                self.version = version;
                if let Ok(Some(m)) = cx.svc.muskel(self.m.id) {
                    self.saved.evidence = m.evidence.clone();
                    self.m.evidence = m.evidence;
                }
                self.checks = cx.svc.verify_attachments(self.m.id).unwrap_or_default();
                Effect::Notice(format!("{}: {}", text(cx.lang, Msg::Attached), a.file_name), false)
            }
            Err(e) => self.refused(&e, cx),
        }
    }

    /// A refused save: over another session's change it asks whether to
    /// reload (no by default; the edits stay either way).
    fn refused(&mut self, e: &crate::service::ServiceError, cx: &Cx) -> Effect {
        match super::reload_question(e, cx.lang) {
            Some(question) => {
                self.conflict = true;
                Effect::AskText(question, Action::Confirm)
            }
            None => Effect::Notice(e.message(cx.lang), true),
        }
    }

    /// Writes `<base>.md` and `<base>.html`; refuses (and says so) rather
    /// than overwrite a file already there.
    fn write_berita_acara(&self, base: &str, cx: &Cx) -> Effect {
        let base = base.trim();
        if base.is_empty() {
            return Effect::Redraw;
        }
        match cx.svc.write_berita_acara(cx.actor, self.m.id, cx.lang, Path::new(base)) {
            Ok((md, html)) => Effect::Notice(
                format!("{}: {}, {}", text(cx.lang, Msg::BaWritten), md.display(), html.display()),
                false,
            ),
            Err(e) => Effect::Notice(e.message(cx.lang), true),
        }
    }

    pub fn handle(&mut self, action: Action, cx: &Cx) -> Effect {
        if self.conflict {
            self.conflict = false;
            if action == Action::Confirm {
                return self.reload_keeping_edits(cx);
            }
        }
        if let Some(p) = self.picking.as_mut() {
            return match action {
                Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                    p.step(action);
                    Effect::Redraw
                }
                Action::Open => match p.chosen() {
                    Some(code) => {
                        self.picking = None;
                        self.set_text(MRow::Kelurahan, code, cx)
                    }
                    None => Effect::None,
                },
                Action::Back | Action::Cancel => {
                    self.picking = None;
                    Effect::Redraw
                }
                _ => Effect::None,
            };
        }
        if let Some(input) = &self.editing {
            return match action {
                Action::Open => {
                    let v = input.value().to_string();
                    self.editing = None;
                    match self.asking.take() {
                        Some(Asking::Evidence) => return self.attach(&v, cx),
                        Some(Asking::BeritaAcara) => return self.write_berita_acara(&v, cx),
                        None => {}
                    }
                    match self.selected() {
                        Some(row) => self.set_text(row, v, cx),
                        None => Effect::Redraw,
                    }
                }
                Action::Back | Action::Cancel => {
                    self.editing = None;
                    self.asking = None;
                    Effect::Redraw
                }
                _ => Effect::None,
            };
        }
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                self.table.select(super::step(self.table.selected(), self.rows.len(), action, 10));
                Effect::Redraw
            }
            Action::Open if self.selected() == Some(MRow::Kelurahan) => {
                self.picking = Some(KelurahanPick::new(&cx.svc.wilayah(), &self.m.kelurahan));
                Effect::Redraw
            }
            Action::Open => {
                let Some(t) = self.selected().and_then(|r| self.text_of(r)) else { return Effect::None };
                let mut input = TextInput::default();
                input.set(&t);
                self.editing = Some(input);
                Effect::Redraw
            }
            Action::ChoiceNext | Action::ChoicePrev => {
                let fwd = action == Action::ChoiceNext;
                match self.selected() {
                    Some(MRow::AttRole(i)) => {
                        if let Some(a) = self.m.attendees.get_mut(i) {
                            a.role = cycle(AttendeeRole::ALL, Some(a.role), fwd, false).unwrap_or(a.role);
                        }
                    }
                    Some(MRow::AttSigned(i)) => {
                        if let Some(a) = self.m.attendees.get_mut(i) {
                            a.signed = !a.signed;
                        }
                    }
                    Some(MRow::Decision(i)) => {
                        if let Some(it) = self.m.items.get_mut(i) {
                            it.decision = cycle(Decision::ALL, it.decision, fwd, true);
                        }
                    }
                    Some(MRow::EvidenceKind) => {
                        self.kind = cycle(EvidenceKind::ALL, Some(self.kind), fwd, false).unwrap_or(self.kind);
                    }
                    _ => return Effect::None,
                }
                Effect::Redraw
            }
            Action::AddRow => {
                self.m.attendees.push(Attendee {
                    name: String::new(),
                    role: AttendeeRole::Warga,
                    from: String::new(),
                    signed: false,
                });
                self.rows = rows_of(&self.m);
                let at = self.rows.iter().position(|r| *r == MRow::AttName(self.m.attendees.len() - 1));
                self.table.select(at);
                Effect::Redraw
            }
            Action::RemoveRow => {
                let i = match self.selected() {
                    Some(MRow::AttName(i) | MRow::AttRole(i) | MRow::AttSigned(i)) => i,
                    _ => return Effect::None,
                };
                if i < self.m.attendees.len() {
                    self.m.attendees.remove(i);
                }
                self.rows = rows_of(&self.m);
                let sel = self.table.selected().map(|s| s.min(self.rows.len() - 1));
                self.table.select(sel);
                Effect::Redraw
            }
            Action::Submit => {
                let shown = (self.m.id != 0).then_some(self.version);
                match cx.svc.save_muskel_at(self.m.clone(), shown, cx.actor) {
                    Ok(saved) => {
                        self.m.id = saved.id;
                        self.saved = self.m.clone();
                        self.version = saved.version;
                        self.warnings = saved.warnings;
                        Effect::Notice(format!("{} (#{})", text(cx.lang, Msg::MuskelSavedMsg), saved.id), false)
                    }
                    Err(e) => self.refused(&e, cx),
                }
            }
            Action::Attach => {
                self.asking = Some(Asking::Evidence);
                self.editing = Some(TextInput::default());
                Effect::Redraw
            }
            Action::BeritaAcara => {
                if self.m.id == 0 {
                    return Effect::Notice(text(cx.lang, Msg::SaveFirst).into(), true);
                }
                // Offered whole, so the worker sees where it will go.
                let here = std::env::current_dir().unwrap_or_default();
                let mut input = TextInput::default();
                input.set(&here.join(format!("berita-acara-{}", self.m.id)).display().to_string());
                self.asking = Some(Asking::BeritaAcara);
                self.editing = Some(input);
                Effect::Redraw
            }
            _ => Effect::Unhandled,
        }
    }

    fn row_cells(&self, row: MRow, ui: &Ui) -> (String, String) {
        let lang = ui.lang;
        let m = &self.m;
        let yes_no = |b: bool| ui.t(if b { Msg::Yes } else { Msg::No }).to_string();
        match row {
            MRow::Kelurahan => {
                let v = if self.kelurahan_name.is_empty() {
                    m.kelurahan.clone()
                } else {
                    format!("{} ({})", self.kelurahan_name, m.kelurahan)
                };
                (ui.t(Msg::ColKelurahan).into(), v)
            }
            MRow::Date => (ui.t(Msg::ColDate).into(), self.date_text.clone()),
            MRow::Place => (ui.t(Msg::LblPlace).into(), m.place.clone()),
            MRow::Number => (ui.t(Msg::LblNumber).into(), m.number.clone()),
            MRow::AttName(i) => (format!("{} {}", ui.t(Msg::LblAttendee), i + 1), self.att(i, |a| a.name.clone())),
            MRow::AttRole(i) => (format!("  {}", ui.t(Msg::LblRole)), self.att(i, |a| a.role.label(lang).into())),
            MRow::AttSigned(i) => (format!("  {}", ui.t(Msg::LblSigned)), self.att(i, |a| yes_no(a.signed))),
            MRow::Decision(i) => {
                let it = m.items.get(i);
                let label = it.map(|it| format!("{} {}", it.kind.short_label(lang), it.name)).unwrap_or_default();
                let d =
                    it.and_then(|it| it.decision).map_or(ui.t(Msg::Undecided).to_string(), |d| d.label(lang).into());
                (label, d)
            }
            MRow::Note(i) => {
                (format!("  {}", ui.t(Msg::LblNote)), m.items.get(i).map(|it| it.note.clone()).unwrap_or_default())
            }
            MRow::EvidenceKind => (ui.t(Msg::LblEvidenceKind).into(), self.kind.label(lang).into()),
        }
    }

    fn att(&self, i: usize, f: impl Fn(&Attendee) -> String) -> String {
        self.m.attendees.get(i).map(f).unwrap_or_default()
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let id = if self.m.id == 0 { String::new() } else { format!(" #{}", self.m.id) };
        let block = titled_block(ui, format!("{}{id}", ui.t(Msg::TitleMuskelForm)));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let ev_h = (self.checks.len().min(4) + 1) as u16;
        let warn_h = self.warnings.len().min(2) as u16;
        let [table_area, edit_area, warn_area, ev_area] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(warn_h),
            Constraint::Length(ev_h),
        ])
        .areas(inner);
        let rows: Vec<Row> = self
            .rows
            .iter()
            .map(|r| {
                let (label, value) = self.row_cells(*r, ui);
                Row::new([shown(&label), shown(&value)])
            })
            .collect();
        let t =
            Table::new(rows, [Constraint::Length(30), Constraint::Fill(1)]).row_highlight_style(ui.theme.selected());
        f.render_stateful_widget(t, table_area, &mut self.table);

        if let Some(input) = &self.editing {
            let label = if let Some(a) = self.asking {
                ui.t(match a {
                    Asking::Evidence => Msg::AskAttachPath,
                    Asking::BeritaAcara => Msg::AskBaPath,
                })
                .to_string()
            } else {
                self.selected().map(|r| self.row_cells(r, ui).0.trim().to_string()).unwrap_or_default()
            };
            let mut v = input.value().to_string();
            let at = v.char_indices().nth(input.cursor()).map_or(v.len(), |(i, _)| i);
            v.insert(at, '▏');
            let line = Line::from(vec![Span::styled(format!("{label}: "), ui.theme.heading()), Span::raw(v)]);
            f.render_widget(Paragraph::new(line), edit_area);
        }
        let warns: Vec<Line> =
            self.warnings.iter().take(2).map(|w| Line::styled(w.message(ui.lang), ui.theme.key())).collect();
        f.render_widget(Paragraph::new(warns), warn_area);

        let mut lines =
            vec![Line::styled(format!("{} ({})", ui.t(Msg::LblEvidence), self.checks.len()), ui.theme.heading())];
        for c in self.checks.iter().take(4) {
            let (state, style) = match c.state {
                AttachmentState::Intact => (ui.t(Msg::AttIntact), ui.theme.info()),
                AttachmentState::Changed { .. } => (ui.t(Msg::AttChanged), ui.theme.error()),
                AttachmentState::Missing => (ui.t(Msg::AttMissing), ui.theme.error()),
            };
            let sha: String = c.sha256.chars().take(12).collect();
            lines.push(Line::from(vec![Span::raw(format!("{} {sha}… ", c.file_name)), Span::styled(state, style)]));
        }
        f.render_widget(Paragraph::new(lines), ev_area);
        // Over the whole form, last, so nothing draws over it.
        if let Some(p) = self.picking.as_mut() {
            p.render(f, inner, ui);
        }
    }
}
