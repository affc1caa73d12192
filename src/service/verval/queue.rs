//! What is waiting at each stage, the visits of one household, and the rows
//! of the monthly verval export.

use super::*;

impl Service {
    /// The work lists for `actor`.
    pub fn verval_queue(&self, actor: &Actor) -> Result<Queues> {
        let mut q = Queues::default();
        let records = self.all_records()?;
        let visited: HashSet<String> = records.iter().map(|r| r.verification.no_kk.clone()).collect();
        for rec in records {
            let mine = rec.officer == actor.user;
            let list = match rec.verification.stage {
                Stage::Draft if mine => &mut q.drafts,
                Stage::Returned if mine => &mut q.returned,
                Stage::Verified => &mut q.waiting_finalisation,
                Stage::Finalised => &mut q.waiting_pengesahan,
                _ => continue,
            };
            list.push(line(&self.load_form(rec.verification.visit_id)?, &rec));
        }
        q.drafts.sort_by_key(|l| std::cmp::Reverse(l.saved_at));
        q.returned.sort_by_key(|l| std::cmp::Reverse(l.saved_at));
        q.to_visit = self.prelist_akhir("")?.into_iter().filter(|l| !visited.contains(&l.item.no_kk)).collect();
        let filter = UsulanFilter { source: Some(Source::SelfProposal), open_only: true, ..UsulanFilter::default() };
        q.self_proposals = self.usulan_list(&filter)?;
        q.self_proposals.sort_by_key(|l| match l.deadline {
            crate::domain::usulan::Deadline::Open { days_left, .. } => days_left,
            _ => i64::MAX,
        });
        Ok(q)
    }

    /// Every visit of a household, oldest first.
    pub fn verval_show(&self, no_kk: &str) -> Result<Vec<VisitDetail>> {
        self.visit_ids_of(no_kk.trim())?.into_iter().map(|id| self.visit(id)).collect()
    }

    /// One row per person on the visits of a month (`YYYY-MM`, any
    /// programme), in visit order. Codes, not labels, so the upload reads
    /// them back.
    pub fn verval_export_rows(&self, month: &str) -> Result<Vec<ExportRow>> {
        let m = month.trim();
        let ok = m.len() == 7
            && m.as_bytes()[4] == b'-'
            && NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok();
        if !ok {
            return Err(Refusal::NotAMonth { text: month.to_string() }.into());
        }
        let suffix = format!("-{m}");
        let mut rows = Vec::new();
        for rec in self.all_records()? {
            let v = &rec.verification;
            if !v.period.ends_with(&suffix) {
                continue;
            }
            let form = self.load_form(v.visit_id)?;
            let (letter_number, letter_date) = match &v.letter {
                Some(l) => (l.number.clone(), format_date(l.date)),
                None => (String::new(), String::new()),
            };
            for e in &form.members {
                let mut reasons: Vec<&str> = e.not_eligible.iter().map(|r| r.code()).collect();
                if let Some(u) = e.update_reason {
                    reasons.push(u.code());
                }
                rows.push(ExportRow {
                    nik: e.fields.nik.trim().to_string(),
                    no_kk: form.no_kk.clone(),
                    nama: e.fields.name.trim().to_string(),
                    kelurahan: form.kelurahan.clone(),
                    finding: e.finding.map(|f| f.code().to_string()).unwrap_or_default(),
                    reasons: reasons.join(";"),
                    programmes: e.programmes.iter().map(|p| p.code()).collect::<Vec<_>>().join(";"),
                    stage: v.stage.code().to_string(),
                    letter_number: letter_number.clone(),
                    letter_date: letter_date.clone(),
                });
            }
        }
        Ok(rows)
    }
}
