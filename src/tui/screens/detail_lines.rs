//! Lines the person and household details share: a person's answer per
//! tahap, the Burekol account, and the deactivation history. What they show
//! is read once when the screen opens (`DetailFacts::load`); drawing only
//! turns it into lines.

use chrono::NaiveDate;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::domain::Household;
use crate::domain::deactivation::Proposal;
use crate::domain::tahap::account::BurekolAccount;
use crate::domain::tahap::quota::Standing;
use crate::domain::tahap::reconcile::BankStatus;
use crate::i18n::screens_details::{self as words, Word};
use crate::service::Service;
use crate::service::tahap::PersonPeriod;
use crate::tui::Ui;

/// Where the answer starts on a tahap line: period (13) and programme (8).
const TAHAP_INDENT: usize = 21;

/// Splits `text` at spaces into lines of at most `width` characters.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    out.push(cur);
    out
}

/// The tahap answers, the account and the proposals of one person (or of a
/// household, with no tahap or account); a read that failed keeps its
/// message, shown in place of its lines.
#[derive(Debug)]
pub struct DetailFacts {
    pub periods: Option<Result<Vec<PersonPeriod>, String>>,
    pub account: Option<Result<Option<BurekolAccount>, String>>,
    pub proposals: Result<Vec<Proposal>, String>,
}

impl DetailFacts {
    /// For one member of `household` (`nik`), or for the household itself.
    pub fn load(svc: &Service, household: &Household, nik: Option<&str>, lang: crate::i18n::Lang) -> DetailFacts {
        let msg = |e: crate::service::ServiceError| e.message(lang);
        let proposals = svc.proposals_of(&household.no_kk).map_err(msg).map(|ps| {
            ps.into_iter().filter(|p| nik.is_none_or(|n| p.subject.covers(&household.no_kk, n))).rev().collect()
        });
        let Some(nik) = nik else { return DetailFacts { periods: None, account: None, proposals } };
        DetailFacts {
            periods: Some(svc.person_periods(household, nik).map_err(msg)),
            account: Some(svc.account(nik).map_err(msg)),
            proposals,
        }
    }

    /// One line per period (newest first), the answer wrapped under itself,
    /// then the Burekol account.
    pub fn tahap_lines(&self, ui: &Ui, today: NaiveDate, width: usize) -> Vec<Line<'static>> {
        let lang = ui.lang;
        let mut out = Vec::new();
        match &self.periods {
            None => {}
            Some(Err(e)) => out.push(Line::styled(e.clone(), ui.theme.error())),
            Some(Ok(ps)) if ps.is_empty() => out.push(Line::styled(ui.t(crate::i18n::Msg::None), ui.theme.dim())),
            Some(Ok(ps)) => {
                for pp in ps {
                    let text = words::person_period(lang, pp, today);
                    let style = match (&pp.entry.payment, &pp.entry.standing) {
                        (Some(BankStatus::Paid), _) => ui.theme.info(),
                        (Some(_), _) | (None, Some(Standing::Excluded { .. } | Standing::Waiting { .. })) => {
                            ui.theme.error()
                        }
                        (None, _) => Style::default(),
                    };
                    let mut parts = wrap(&text, width.saturating_sub(TAHAP_INDENT).max(20)).into_iter();
                    out.push(Line::from(vec![
                        Span::raw(format!(
                            "{:<13}{:<8}",
                            words::period_short(lang, pp.period),
                            pp.entry.programme.code()
                        )),
                        Span::styled(parts.next().unwrap_or_default(), style),
                    ]));
                    out.extend(parts.map(|p| Line::styled(format!("{}{p}", " ".repeat(TAHAP_INDENT)), style)));
                }
            }
        }
        if let Some(a) = &self.account {
            let text = match a {
                Ok(a) => words::account(lang, a.as_ref()),
                Err(e) => e.clone(),
            };
            out.push(Line::from(vec![
                Span::styled(format!("{:<21} ", words::word(lang, Word::Account)), ui.theme.dim()),
                Span::raw(text),
            ]));
        }
        out
    }

    /// Each proposal newest first, its steps and decisions under it.
    pub fn deactivation_lines(&self, ui: &Ui, width: usize) -> Vec<Line<'static>> {
        let ps = match &self.proposals {
            Err(e) => return vec![Line::styled(e.clone(), ui.theme.error())],
            Ok(ps) if ps.is_empty() => {
                return vec![Line::styled(words::word(ui.lang, Word::NoProposals), ui.theme.dim())];
            }
            Ok(ps) => ps,
        };
        let mut out = Vec::new();
        for p in ps {
            for (i, text) in words::proposal_lines(ui.lang, p, self.periods.is_none()).into_iter().enumerate() {
                // The steps under the heading, a wrapped step under itself.
                let (first, rest) = if i == 0 { ("", "  ") } else { ("  ", "    ") };
                for (j, part) in wrap(&text, width.saturating_sub(4).max(20)).into_iter().enumerate() {
                    let line = format!("{}{part}", if j == 0 { first } else { rest });
                    out.push(if i == 0 && j == 0 { Line::styled(line, ui.theme.heading()) } else { Line::raw(line) });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_at_spaces_within_width() {
        assert_eq!(wrap("karena Berusia 60 tahun", 14), ["karena Berusia", "60 tahun"]);
        assert_eq!(wrap("abc", 2), ["abc"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
