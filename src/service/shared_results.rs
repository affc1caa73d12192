//! Register-wide results that every screen session asks for when it opens
//! its dashboard (the counts, the eligible-not-enrolled queue). Under
//! `dtks serve` fifty sessions opening at once would each walk the whole
//! register, with the queue's memory fifty times over; here the first
//! computes and the others wait for its answer, which is kept until the
//! store's write generation moves (every write of this process moves it,
//! and under `dtks serve` every write goes through this process).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use chrono::NaiveDate;

use super::eligible::{EligibleQuery, EligibleReport};
use super::stats::Stats;
use super::{Result, Service};

/// One kept answer: taken at `mark`, filled by whoever came first.
struct Slot<V> {
    mark: u64,
    value: Mutex<Option<Arc<V>>>,
}

pub(super) struct Shared<K, V> {
    slots: Mutex<HashMap<K, Arc<Slot<V>>>>,
}

impl<K, V> Default for Shared<K, V> {
    fn default() -> Self {
        Shared { slots: Mutex::new(HashMap::new()) }
    }
}

/// Kept answers per kind: counts per scope, eligible queues per query.
#[derive(Default)]
pub(super) struct SharedResults {
    stats: Shared<String, Stats>,
    eligible: Shared<(EligibleKey, NaiveDate), EligibleReport>,
    pub(super) counts: Gate,
}

/// At most a few list totals walk the register at once. Every session
/// typing a name starts one per key; fifty of them at once took the cores
/// the frames need. A total that waits here and is overtaken by the next
/// key is dropped without reading anything.
pub(super) struct Gate {
    running: Mutex<usize>,
    freed: Condvar,
    limit: usize,
}

impl Default for Gate {
    fn default() -> Self {
        // Half the cores, at least one: the rest draw the frames.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Gate::new((cores / 2).max(1))
    }
}

/// A place taken in a [`Gate`], given back when dropped.
pub(super) struct Pass<'a>(&'a Gate);

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        *self.0.running.lock().unwrap_or_else(PoisonError::into_inner) -= 1;
        self.0.freed.notify_one();
    }
}

impl Gate {
    fn new(limit: usize) -> Gate {
        Gate { running: Mutex::new(0), freed: Condvar::new(), limit }
    }

    /// Waits for a place; `None` once `stop` says the answer is not wanted.
    pub(super) fn enter(&self, stop: &dyn Fn() -> bool) -> Option<Pass<'_>> {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if stop() {
                return None;
            }
            if *running < self.limit {
                *running += 1;
                return Some(Pass(self));
            }
            // Woken by a place given back, or after a while to look at `stop`.
            running =
                self.freed.wait_timeout(running, Duration::from_millis(20)).unwrap_or_else(PoisonError::into_inner).0;
        }
    }
}

/// The parts of an eligible query that decide its answer.
type EligibleKey = (Option<crate::domain::Programme>, Vec<String>, Option<usize>);

/// Answers kept per kind at most; a scope or query beyond them is computed
/// each time (the dashboards ask for a handful).
const KEPT: usize = 64;

impl<K: Eq + Hash + Clone, V> Shared<K, V> {
    fn get(&self, key: &K, mark: u64, compute: impl FnOnce() -> Result<V>) -> Result<Arc<V>> {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
            slots.retain(|_, s| s.mark == mark);
            if !slots.contains_key(key) && slots.len() >= KEPT {
                drop(slots);
                return compute().map(Arc::new);
            }
            slots.entry(key.clone()).or_insert_with(|| Arc::new(Slot { mark, value: Mutex::new(None) })).clone()
        };
        // The others asking meanwhile wait here for the first one's answer.
        let mut value = slot.value.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(v) = value.as_ref() {
            return Ok(v.clone());
        }
        // A failure is not kept: the next one asking tries again.
        let v = Arc::new(compute()?);
        *value = Some(v.clone());
        Ok(v)
    }
}

impl Service {
    /// [`Service::stats`], shared by every session until the next write.
    pub fn stats_shared(&self, scope: &str) -> Result<Arc<Stats>> {
        let mark = self.generation();
        self.shared.stats.get(&scope.to_string(), mark, || self.stats(scope))
    }

    /// [`Service::eligible`], shared by every session until the next write,
    /// over the part of `q.regions` within `actor`'s areas.
    pub fn eligible_shared(&self, actor: &crate::service::Actor, q: &EligibleQuery) -> Result<Arc<EligibleReport>> {
        let q = &self.eligible_within(actor, q)?;
        let mark = self.generation();
        let key = ((q.programme, q.regions.clone(), q.limit), self.today());
        self.shared.eligible.get(&key, mark, || self.eligible(q))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[test]
    fn many_askers_at_one_mark_get_one_computation_and_a_new_mark_computes_again() {
        let shared: Shared<String, u64> = Shared::default();
        let runs = AtomicUsize::new(0);
        let compute = || {
            runs.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(20));
            Ok(7)
        };
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| assert_eq!(*shared.get(&"".to_string(), 1, compute).unwrap(), 7));
            }
        });
        assert_eq!(runs.load(Ordering::SeqCst), 1, "eight at once, one walk");
        shared.get(&"".to_string(), 2, compute).unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 2, "after a write the answer is taken again");
        shared.get(&"31".to_string(), 2, compute).unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 3, "another scope is its own answer");
    }

    #[test]
    fn the_gate_lets_its_limit_in_and_drops_a_waiter_no_longer_wanted() {
        let gate = Gate::new(1);
        let first = gate.enter(&|| false).expect("a free place");
        let stopped = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let waiter = s.spawn(|| gate.enter(&|| stopped.load(Ordering::SeqCst)).is_some());
            std::thread::sleep(std::time::Duration::from_millis(50));
            stopped.store(true, Ordering::SeqCst);
            assert!(!waiter.join().unwrap(), "the one overtaken gives up without a place");
        });
        drop(first);
        assert!(gate.enter(&|| false).is_some(), "the place given back is free again");
    }

    #[test]
    fn a_failure_is_not_kept() {
        let shared: Shared<String, u64> = Shared::default();
        let failed = shared.get(&"".to_string(), 1, || {
            Err(crate::service::ServiceError::Io { path: "x".into(), kind: std::io::ErrorKind::Other })
        });
        assert!(failed.is_err());
        assert_eq!(*shared.get(&"".to_string(), 1, || Ok(3)).unwrap(), 3);
    }

    #[test]
    fn shared_counts_follow_a_write() {
        use crate::domain::{Relationship, Sex};
        use crate::testkit::{date, household, person};
        let svc = Service::open_temporary(crate::service::Clock::System).unwrap();
        let before = svc.stats_shared("").unwrap();
        assert_eq!(before.households, 0);
        assert!(Arc::ptr_eq(&before, &svc.stats_shared("").unwrap()), "no write: the same answer");
        let head = person("3171014101800001", "Siti Aminah", Relationship::Head, Sex::Female, date(1980, 1, 1));
        let h = household("3171010101000001", "31.71.01.1001", vec![head]);
        let actor = crate::service::Actor::new("uji");
        svc.store().write(&[h], &[], &svc.audit(&actor, "uji")).unwrap();
        let after = svc.stats_shared("").unwrap();
        assert_eq!((after.households, after.persons), (1, 1), "a write: counted again");
        assert_eq!(*after, svc.stats("").unwrap());
    }
}
