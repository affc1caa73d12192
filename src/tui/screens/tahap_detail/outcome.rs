//! What the tahap detail does with a finished job: the period loaded, the
//! preview built, or the outcome of a write with the period read again.

use super::{TahapDetail, TahapOutcome, totals_words};
use crate::domain::tahap::list::Totals;
use crate::i18n::tahap::period;
use crate::i18n::{Msg, fmt_count, text};
use crate::tui::job::JobDone;
use crate::tui::screens::Cx;

impl TahapDetail {
    pub fn on_job(&mut self, done: &JobDone, cx: &Cx) -> bool {
        let JobDone::Tahap(d) = done else { return false };
        if d.programme != self.programme || d.period != self.period {
            return false;
        }
        let lang = cx.lang;
        let t = |m| text(lang, m);
        match &d.outcome {
            TahapOutcome::Loaded(v, preview) => {
                self.set_view(v.clone());
                if let Some(b) = preview {
                    self.set_preview(b, cx);
                }
            }
            TahapOutcome::Built(b) => {
                self.busy = None;
                self.set_preview(b, cx);
                self.message = Some(match b {
                    Ok(b) => (
                        format!("{} {}", t(Msg::TahapPreviewReady), totals_words(lang, Totals::of(&b.built.rows))),
                        false,
                    ),
                    Err(e) => (e.clone(), true),
                });
            }
            TahapOutcome::Frozen(r) => {
                self.busy = None;
                match r {
                    Ok((l, v)) => {
                        let hash: String = l.hash.chars().take(16).collect();
                        let words = totals_words(lang, l.totals);
                        self.message = Some((format!("{} {words}; SHA-256 {hash}…", t(Msg::TahapFrozenDone)), false));
                        self.preview = None;
                        self.set_view(Ok(v.clone()));
                    }
                    Err(e) => self.message = Some((e.clone(), true)),
                }
            }
            TahapOutcome::BankFile(r) => {
                self.busy = None;
                match r {
                    Ok((f, v)) => {
                        let words = totals_words(lang, f.totals);
                        self.message =
                            Some((format!("{} {}: {words}", t(Msg::TahapBankWritten), f.path.display()), false));
                        self.set_view(Ok(v.clone()));
                    }
                    Err(e) => self.message = Some((e.clone(), true)),
                }
            }
            TahapOutcome::Imported(r) => {
                self.busy = None;
                match r {
                    Ok((imp, v)) => {
                        let mut m = format!(
                            "{} {} {}: {} {}",
                            imp.programme.code(),
                            period(lang, imp.period),
                            t(Msg::TahapImportDone),
                            fmt_count(lang, imp.saved as u64),
                            t(Msg::TahapLinesSaved)
                        );
                        if !imp.rejects.is_empty() {
                            let first = crate::i18n::tahap_service::reject(lang, &imp.rejects[0]);
                            m.push_str(&format!(
                                ", {} {} ({first})",
                                fmt_count(lang, imp.rejects.len() as u64),
                                t(Msg::TahapLinesRejected)
                            ));
                        }
                        self.message = Some((m, !imp.rejects.is_empty()));
                        self.set_view(Ok(v.clone()));
                    }
                    Err(e) => self.message = Some((e.clone(), true)),
                }
            }
            TahapOutcome::Excluded(rule, r) => {
                if let Some((open, people)) = &mut self.people
                    && open == rule
                {
                    *people = Some(r.clone());
                    let n = r.as_ref().map_or(0, Vec::len);
                    self.people_table.select((n > 0).then_some(0));
                }
            }
        }
        true
    }

    fn set_preview(&mut self, b: &Result<crate::service::tahap::screen::ListPreview, String>, cx: &Cx) {
        self.preview_kelurahan = match b {
            Ok(p) => cx.svc.kelurahan_counts(&p.built.rows),
            Err(_) => Vec::new(),
        };
        self.preview = Some(b.clone());
        self.refind();
        let n = self.change_count();
        self.changes.select((n > 0).then_some(0));
        let n = self.excluded().len();
        self.rules.select((n > 0).then_some(0));
        let n = self.kelurahan_counts().len();
        self.kelurahan_table.select((n > 0).then_some(0));
    }
}
