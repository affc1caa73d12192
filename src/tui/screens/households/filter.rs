//! The filter popup of the household browser (F2): area, RW, RT,
//! programme and DTKS status, each chosen from a list or typed.

use super::*;

/// A line of the filter popup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Region,
    Rw,
    Rt,
    Programme,
    Status,
    ClearAll,
}

impl Field {
    const ALL: [Field; 6] = [Field::Region, Field::Rw, Field::Rt, Field::Programme, Field::Status, Field::ClearAll];

    fn label(self) -> Msg {
        match self {
            Field::Region => Msg::FltRegion,
            Field::Rw => Msg::FltRw,
            Field::Rt => Msg::FltRt,
            Field::Programme => Msg::FltProgramme,
            Field::Status => Msg::FltStatus,
            Field::ClearAll => Msg::FltClearAll,
        }
    }

    fn typed(self) -> bool {
        matches!(self, Field::Rw | Field::Rt)
    }
}

/// A value to choose: its code (`None` = any) and what is shown.
type Choice = (Option<String>, String);

#[derive(Debug)]
struct Chooser {
    field: Field,
    options: Vec<Choice>,
    list: ListState,
}

#[derive(Debug)]
pub(super) struct FilterPopup {
    field: usize,
    chooser: Option<Chooser>,
}

impl FilterPopup {
    /// The popup as it opens: on the first field, no list open.
    pub(super) fn new() -> FilterPopup {
        FilterPopup { field: 0, chooser: None }
    }
}

impl Households {
    fn popup_field(&self) -> Field {
        Field::ALL[self.popup.as_ref().map_or(0, |p| p.field)]
    }

    pub(super) fn popup_handle(&mut self, action: Action, cx: &Cx) -> Effect {
        let Some(popup) = self.popup.as_mut() else {
            return Effect::Unhandled;
        };
        if let Some(ch) = popup.chooser.as_mut() {
            let len = ch.options.len();
            let cur = ch.list.selected().unwrap_or(0);
            let next = match action {
                Action::Up => Some(cur.saturating_sub(1)),
                Action::Down => Some((cur + 1).min(len.saturating_sub(1))),
                Action::PageUp => Some(cur.saturating_sub(10)),
                Action::PageDown => Some((cur + 10).min(len.saturating_sub(1))),
                Action::Home => Some(0),
                Action::End => Some(len.saturating_sub(1)),
                _ => None,
            };
            if let Some(n) = next {
                ch.list.select(Some(n));
                return Effect::Redraw;
            }
            return match action {
                Action::Open => {
                    let field = ch.field;
                    let code = ch.list.selected().and_then(|i| ch.options.get(i)).and_then(|(c, _)| c.clone());
                    popup.chooser = None;
                    self.set_value(field, code.as_deref(), cx);
                    Effect::Redraw
                }
                Action::Back | Action::Cancel => {
                    popup.chooser = None;
                    Effect::Redraw
                }
                Action::Filter => {
                    self.popup = None;
                    Effect::Redraw
                }
                Action::Quit | Action::ForceQuit | Action::Help | Action::Palette => Effect::Unhandled,
                _ => Effect::None,
            };
        }
        let n = Field::ALL.len();
        match action {
            Action::Up | Action::PrevPane => {
                popup.field = (popup.field + n - 1) % n;
                Effect::Redraw
            }
            Action::Down | Action::NextPane => {
                popup.field = (popup.field + 1) % n;
                Effect::Redraw
            }
            Action::Home => {
                popup.field = 0;
                Effect::Redraw
            }
            Action::End => {
                popup.field = n - 1;
                Effect::Redraw
            }
            Action::Open => {
                let field = Field::ALL[popup.field];
                match field {
                    Field::Rw | Field::Rt => self.popup = None,
                    Field::ClearAll => {
                        self.set_filter(Filter::default(), cx);
                        self.popup = None;
                    }
                    _ => {
                        let options = options(field, cx);
                        let current = current_code(&self.filter, field);
                        let at = options.iter().position(|(c, _)| *c == current).unwrap_or(0);
                        popup.chooser =
                            Some(Chooser { field, options, list: ListState::default().with_selected(Some(at)) });
                    }
                }
                Effect::Redraw
            }
            Action::FilterClear => {
                self.set_filter(Filter::default(), cx);
                Effect::Redraw
            }
            Action::Back | Action::Cancel | Action::Filter => {
                self.popup = None;
                Effect::Redraw
            }
            Action::Quit | Action::ForceQuit | Action::Help | Action::Palette => Effect::Unhandled,
            _ => Effect::None,
        }
    }

    /// Keys typed in the popup: digits for RW and RT, Backspace to empty a
    /// field, Left/Right to step through a field's values.
    pub(super) fn popup_type(&mut self, chord: KeyChord, cx: &Cx) -> Effect {
        if self.popup.as_ref().is_some_and(|p| p.chooser.is_some()) {
            return Effect::None;
        }
        let field = self.popup_field();
        match chord.code {
            KeyCode::Char(c) if field.typed() => {
                let Some(d) = c.to_digit(10) else { return Effect::None };
                let cur = if field == Field::Rw { self.filter.rw } else { self.filter.rt };
                let next = cur.unwrap_or(0) as u32 * 10 + d;
                if next > 999 {
                    return Effect::None;
                }
                self.set_number(field, Some(next as u16), cx);
                Effect::Redraw
            }
            KeyCode::Backspace | KeyCode::Delete if field.typed() => {
                let cur = if field == Field::Rw { self.filter.rw } else { self.filter.rt };
                let next = cur.map(|v| v / 10).filter(|v| *v > 0 && chord.code == KeyCode::Backspace);
                self.set_number(field, next, cx);
                Effect::Redraw
            }
            KeyCode::Backspace | KeyCode::Delete if field != Field::ClearAll => {
                self.set_value(field, None, cx);
                Effect::Redraw
            }
            KeyCode::Left | KeyCode::Right if !field.typed() && field != Field::ClearAll => {
                let opts = options(field, cx);
                let current = current_code(&self.filter, field);
                let at = opts.iter().position(|(c, _)| *c == current).unwrap_or(0);
                let n = opts.len().max(1);
                let next = if chord.code == KeyCode::Right { (at + 1) % n } else { (at + n - 1) % n };
                let code = opts.get(next).and_then(|(c, _)| c.clone());
                self.set_value(field, code.as_deref(), cx);
                Effect::Redraw
            }
            _ => Effect::None,
        }
    }

    fn set_number(&mut self, field: Field, v: Option<u16>, cx: &Cx) {
        let mut f = self.filter.clone();
        if field == Field::Rw {
            f.rw = v;
        } else {
            f.rt = v;
        }
        self.set_filter(f, cx);
    }

    fn set_value(&mut self, field: Field, code: Option<&str>, cx: &Cx) {
        let mut f = self.filter.clone();
        match field {
            Field::Region => f.region = code.map(str::to_string),
            Field::Programme => {
                f.programme = code.and_then(Programme::parse);
                f.enrolment = None;
            }
            Field::Status => f.status = code.and_then(DtksStatus::parse),
            Field::Rw => f.rw = code.and_then(|c| c.parse().ok()),
            Field::Rt => f.rt = code.and_then(|c| c.parse().ok()),
            Field::ClearAll => f = Filter::default(),
        }
        self.set_filter(f, cx);
    }

    pub(super) fn render_popup(&mut self, f: &mut Frame, area: Rect, ui: &Ui) {
        let Some(popup) = &mut self.popup else { return };
        let w = area.width.saturating_sub(4).min(64);
        let h = (Field::ALL.len() as u16 + 4).min(area.height);
        let r = Rect { x: area.x + (area.width - w) / 2, y: area.y + 2.min(area.height - h), width: w, height: h };
        f.render_widget(Clear, r);
        let block = titled_block(ui, ui.t(Msg::FilterTitle).to_string());
        let inner = block.inner(r);
        f.render_widget(block, r);
        let [list_area, help_area] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        let items: Vec<ListItem> = Field::ALL
            .iter()
            .map(|fld| {
                if *fld == Field::ClearAll {
                    return ListItem::new(ui.t(fld.label()).to_string());
                }
                let v = value_text(&self.filter, *fld, &self.region_name, ui);
                let v = if v.is_empty() {
                    if fld.typed() {
                        format!("{} ({})", ui.t(Msg::FltAny), ui.t(Msg::FltTypeNumber))
                    } else {
                        ui.t(Msg::FltAny).to_string()
                    }
                } else {
                    v
                };
                ListItem::new(format!("{:<12} {v}", ui.t(fld.label())))
            })
            .collect();
        let mut state = ListState::default().with_selected(Some(popup.field));
        f.render_stateful_widget(
            List::new(items).highlight_style(ui.theme.selected()).highlight_symbol("▸ "),
            list_area,
            &mut state,
        );
        f.render_widget(Paragraph::new(Line::styled(ui.t(Msg::FltHelp), ui.theme.dim())), help_area);

        if let Some(ch) = &mut popup.chooser {
            let cw = w.saturating_sub(6).max(20).min(area.width);
            let ch_h = (ch.options.len() as u16 + 2).clamp(4, area.height.saturating_sub(2).max(4)).min(area.height);
            let cr = Rect {
                x: area.x + (area.width - cw) / 2,
                y: area.y + (area.height - ch_h) / 2,
                width: cw,
                height: ch_h,
            };
            f.render_widget(Clear, cr);
            let title = ui.t(ch.field.label()).to_string();
            let items: Vec<ListItem> = if ch.options.len() <= 1 && ch.field == Field::Region {
                vec![
                    ListItem::new(ch.options.first().map(|o| o.1.clone()).unwrap_or_default()),
                    ListItem::new(ui.t(Msg::FltRegionsPending)),
                ]
            } else {
                ch.options.iter().map(|(_, l)| ListItem::new(l.clone())).collect()
            };
            let list = List::new(items)
                .block(titled_block(ui, title))
                .highlight_style(ui.theme.selected())
                .highlight_symbol("▸ ");
            f.render_stateful_widget(list, cr, &mut ch.list);
        }
    }
}

/// The value of a filter field in words ("" = any).
fn value_text(f: &Filter, field: Field, region_name: &str, ui: &Ui) -> String {
    let lang = ui.lang;
    match field {
        Field::Region => f.region.as_ref().map_or(String::new(), |_| region_name.to_string()),
        Field::Rw => f.rw.map_or(String::new(), |v| format!("{v:03}")),
        Field::Rt => f.rt.map_or(String::new(), |v| format!("{v:03}")),
        Field::Programme => f.programme.map_or(String::new(), |p| p.label(lang).to_string()),
        Field::Status => f.status.map_or(String::new(), |s| s.label(lang).to_string()),
        Field::ClearAll => String::new(),
    }
}

/// The code of a field's current value, as in [`options`].
fn current_code(f: &Filter, field: Field) -> Option<String> {
    match field {
        Field::Region => f.region.clone(),
        Field::Programme => f.programme.map(|p| p.code().to_string()),
        Field::Status => f.status.map(|s| s.code().to_string()),
        Field::Rw => f.rw.map(|v| v.to_string()),
        Field::Rt => f.rt.map(|v| v.to_string()),
        Field::ClearAll => None,
    }
}

/// The values a field may take, "any" first.
fn options(field: Field, cx: &Cx) -> Vec<Choice> {
    let lang = cx.lang;
    let mut out: Vec<Choice> = vec![(None, text(cx.lang, Msg::FltAny).to_string())];
    match field {
        Field::Region => {
            out.extend(cx.regions.iter().map(|r| (Some(r.code.clone()), format!("{}{}", "  ".repeat(r.depth), r.name))))
        }
        Field::Programme => {
            out.extend(Programme::ALL.iter().map(|p| (Some(p.code().to_string()), p.label(lang).to_string())))
        }
        Field::Status => {
            out.extend(DtksStatus::ALL.iter().map(|s| (Some(s.code().to_string()), s.label(lang).to_string())))
        }
        _ => {}
    }
    out
}

/// The active filters in words, "" when none.
pub fn describe(f: &Filter, w: &Wilayah, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(r) = &f.region {
        parts.push(w.name(r).map_or(r.clone(), str::to_string));
    }
    if let Some(rw) = f.rw {
        parts.push(format!("RW {rw:03}"));
    }
    if let Some(rt) = f.rt {
        parts.push(format!("RT {rt:03}"));
    }
    match (f.programme, f.enrolment) {
        (Some(p), Some(s)) => parts.push(format!("{} ({})", p.code(), s.label(lang).to_lowercase())),
        (Some(p), None) => parts.push(p.code().to_string()),
        (None, Some(s)) => parts.push(s.label(lang).to_string()),
        (None, None) => {}
    }
    if let Some(s) = f.status {
        parts.push(format!("{} {}", text(lang, Msg::FltStatus), s.label(lang)));
    }
    // From a count: some member of that sex, or in that age band.
    if let Some(s) = f.sex {
        parts.push(crate::i18n::screens_records::member_with(lang, s.label(lang)));
    }
    if let Some(a) = &f.age {
        parts.push(crate::i18n::screens_records::member_with(lang, &crate::i18n::age_band(lang, &a.code)));
    }
    parts.join(" · ")
}
