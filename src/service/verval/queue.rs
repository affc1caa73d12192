//! What is waiting at each stage, and the visits of one household.

use super::*;

impl Service {
    /// The work lists for `actor`.
    /// [`Service::verval_queue`] shown to the actor (a screen or a
    /// command's output, not a count): recorded as a view of its
    /// households and persons.
    pub fn verval_queue_shown(&self, actor: &Actor) -> Result<Queues> {
        let q = self.verval_queue(actor)?;
        let visits = [&q.drafts, &q.waiting_finalisation, &q.waiting_pengesahan, &q.returned];
        let shown = q
            .to_visit
            .iter()
            .flat_map(|l| [l.item.no_kk.clone(), l.item.nik.clone()])
            .chain(visits.into_iter().flatten().map(|v| v.no_kk.clone()))
            .chain(q.self_proposals.iter().map(|u| u.usulan.no_kk.clone()))
            .filter(|id| !id.is_empty())
            .collect();
        use crate::service::audit::{Listed, View};
        self.audit_view(actor, View::List { what: Listed::WorkQueue, shown })?;
        Ok(q)
    }

    pub fn verval_queue(&self, actor: &Actor) -> Result<Queues> {
        let access = self.require(actor, crate::domain::access::Right::Read)?;
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
        // Only the households within the actor's areas.
        let w = self.wilayah();
        let reached = |k: &str| access.covers(k, w.contains(k));
        q.to_visit.retain(|l| reached(&l.kelurahan));
        for list in [&mut q.drafts, &mut q.waiting_finalisation, &mut q.waiting_pengesahan, &mut q.returned] {
            list.retain(|l| reached(&l.kelurahan));
        }
        q.self_proposals.retain(|l| reached(&l.usulan.address.kelurahan));
        Ok(q)
    }

    /// Every visit of a household, oldest first.
    pub fn verval_show(&self, no_kk: &str) -> Result<Vec<VisitDetail>> {
        self.visit_ids_of(no_kk.trim())?.into_iter().map(|id| self.visit(id)).collect()
    }
}
