//! Helpers for sessions that need a register without a file (tests, demos).

use super::{Clock, Result, Service};
use crate::domain::wilayah::Wilayah;
use crate::store::Store;

impl Service {
    /// An empty register in a temporary store, removed when dropped.
    pub fn open_temporary(clock: Clock) -> Result<Service> {
        let store = Store::open_temporary()?;
        let path = store.path().to_path_buf();
        Ok(Service {
            store,
            path,
            wilayah: std::sync::RwLock::new(std::sync::Arc::new(Wilayah::builtin().clone())),
            today: None,
            idle_lock: Some(super::IDLE_LOCK),
            clock,
            kelurahan_folded: std::sync::OnceLock::new(),
            shared: Default::default(),
            last_views: Default::default(),
        })
    }
}
