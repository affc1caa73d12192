//! The window of the household browser: the run of rows read from the
//! whole list, moved and refilled as the selection scrolls.

use super::*;

impl Households {
    pub(super) fn set_filter(&mut self, filter: Filter, cx: &Cx) {
        self.filter = filter;
        self.filter_text = describe(&self.filter, &cx.svc.wilayah(), cx.lang);
        self.region_name = self
            .filter
            .region
            .as_deref()
            .map_or(String::new(), |r| cx.svc.wilayah().name(r).map_or(r.to_string(), str::to_string));
        self.reload(cx);
    }

    /// The window at the top of the list.
    pub(super) fn reload(&mut self, cx: &Cx) {
        self.error = None;
        self.base = Some(0);
        self.before = None;
        self.more_before = false;
        self.offset = 0;
        self.lines.clear();
        self.after = None;
        self.more_after = true;
        self.fetch_after(self.page + MARGIN, cx);
        self.selected = (!self.lines.is_empty()).then_some(0);
        if self.whole() && self.error.is_none() {
            self.counted = Some((self.filter(), self.lines.len() as u64));
        } else if self.filter() == Filter::default() {
            self.counted = self.total.map(|t| (Filter::default(), t));
        }
    }

    /// The window at the end of the list.
    pub(super) fn load_end(&mut self, cx: &Cx) {
        let f = self.filter();
        match cx.svc.page_before(cx.actor, &f, None, self.page + MARGIN) {
            Ok(p) => {
                self.lines = p.lines.iter().map(|l| row_with_member(l, cx)).collect();
                self.more_before = p.more;
                self.before = p.resume;
                self.more_after = false;
                self.after = None;
                let len = self.lines.len() as u64;
                self.base = if p.more { self.count().map(|t| t.saturating_sub(len)) } else { Some(0) };
                self.error = None;
            }
            Err(e) => self.fail(e.message(cx.lang)),
        }
        self.selected = self.lines.len().checked_sub(1);
        self.offset = self.lines.len().saturating_sub(self.page);
    }

    pub(super) fn fail(&mut self, e: String) {
        self.lines.clear();
        self.more_after = false;
        self.more_before = false;
        self.error = Some(e);
    }

    /// Most rows kept in the window.
    pub(super) fn cap(&self) -> usize {
        3 * self.page + 2 * MARGIN
    }

    /// Reads up to `n` rows after the window; returns how many came.
    pub(super) fn fetch_after(&mut self, n: usize, cx: &Cx) -> usize {
        if !self.more_after {
            return 0;
        }
        let after = self.after.clone().or_else(|| self.lines.last().map(|l| l.no_kk.clone()));
        let page = match cx.svc.page(cx.actor, &self.filter(), after.as_deref(), n) {
            Ok(p) => p,
            Err(e) => {
                self.fail(e.message(cx.lang));
                return 0;
            }
        };
        let got = page.lines.len();
        self.lines.extend(page.lines.iter().map(|l| row_with_member(l, cx)));
        self.more_after = page.more;
        self.after = page.resume;
        let cap = self.cap();
        if self.lines.len() > cap {
            let k = self.lines.len() - cap;
            self.lines.drain(..k);
            self.selected = self.selected.map(|s| s.saturating_sub(k));
            self.offset = self.offset.saturating_sub(k);
            self.base = self.base.map(|b| b + k as u64);
            self.more_before = true;
            self.before = self.lines.first().map(|l| l.no_kk.clone());
        }
        got
    }

    /// Reads up to `n` rows before the window; returns how many came.
    pub(super) fn fetch_before(&mut self, n: usize, cx: &Cx) -> usize {
        if !self.more_before {
            return 0;
        }
        let before = self.before.clone().or_else(|| self.lines.first().map(|l| l.no_kk.clone()));
        let page = match cx.svc.page_before(cx.actor, &self.filter(), before.as_deref(), n) {
            Ok(p) => p,
            Err(e) => {
                self.fail(e.message(cx.lang));
                return 0;
            }
        };
        let k = page.lines.len();
        let mut rows: Vec<HouseholdRow> = page.lines.iter().map(|l| row_with_member(l, cx)).collect();
        rows.append(&mut self.lines);
        self.lines = rows;
        self.selected = self.selected.map(|s| s + k);
        self.offset += k;
        self.base = self.base.map(|b| b.saturating_sub(k as u64));
        self.more_before = page.more;
        self.before = page.resume;
        if !page.more && self.base.is_none() {
            self.base = Some(0);
        }
        let cap = self.cap();
        if self.lines.len() > cap {
            self.lines.truncate(cap);
            self.more_after = true;
            self.after = self.lines.last().map(|l| l.no_kk.clone());
        }
        k
    }

    /// Moves the selection to `target` rows from the window start, reading
    /// more when it lies outside (a few reads at most: a sparse filter may
    /// return pages with no rows).
    pub(super) fn move_to(&mut self, target: isize, cx: &Cx) {
        let mut target = target;
        for _ in 0..8 {
            if target < 0 && self.more_before {
                let k = self.fetch_before(target.unsigned_abs() + MARGIN, cx);
                target += k as isize;
            } else if target >= self.lines.len() as isize && self.more_after {
                let need = target as usize + 1 - self.lines.len();
                let before = self.lines.len();
                let got = self.fetch_after(need + MARGIN, cx);
                // Trimming at the front shifts the target with the rows.
                target -= (before + got - self.lines.len()) as isize;
            } else {
                break;
            }
            if self.error.is_some() {
                return;
            }
        }
        let Some(last) = self.lines.len().checked_sub(1) else {
            self.selected = None;
            return;
        };
        self.selected = Some(target.clamp(0, last as isize) as usize);
    }

    pub(super) fn scroll_into_view(&mut self) {
        let Some(sel) = self.selected else {
            self.offset = 0;
            return;
        };
        let page = self.page.max(1);
        if sel < self.offset {
            self.offset = sel;
        } else if sel >= self.offset + page {
            self.offset = sel + 1 - page;
        }
    }

    pub(super) fn step(&mut self, action: Action, cx: &Cx) {
        let cur = self.selected.unwrap_or(0) as isize;
        let page = self.page.max(1) as isize;
        match action {
            Action::Home => {
                if self.base != Some(0) || self.more_before {
                    self.reload(cx);
                } else {
                    self.selected = (!self.lines.is_empty()).then_some(0);
                }
            }
            Action::End => {
                if self.more_after {
                    self.load_end(cx);
                } else {
                    self.selected = self.lines.len().checked_sub(1);
                }
            }
            _ => {
                let delta = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -page,
                    _ => page,
                };
                self.move_to(cur + delta, cx);
            }
        }
        self.scroll_into_view();
    }
}

pub(super) fn row_of(l: &HouseholdLine, matched: Option<String>, lang: Lang) -> HouseholdRow {
    let kel = if l.kelurahan_name.is_empty() { &l.kelurahan } else { &l.kelurahan_name };
    HouseholdRow {
        no_kk: l.no_kk.clone(),
        head: l.head.clone(),
        matched,
        matched_nik: l.matched.clone(),
        address: format!("{}, {kel}", l.street),
        rt_rw: format!("{:03}/{:03}", l.rt, l.rw),
        members: l.members,
        status: l.status.label(lang).to_string(),
    }
}

/// A row, naming the member the query found when that is not the head.
pub(super) fn row_with_member(l: &HouseholdLine, cx: &Cx) -> HouseholdRow {
    let matched = match (&l.matched, l.hit) {
        (Some(nik), Some(Hit::Name | Hit::Nik)) => cx.svc.member_not_head(&l.no_kk, nik).ok().flatten(),
        _ => None,
    };
    row_of(l, matched, cx.lang)
}
