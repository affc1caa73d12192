//! Use cases shared by the CLI and the TUI (and later the SSH server). Every
//! call that changes something takes the acting user, and every change goes
//! through the store's audited atomic write.

pub mod access;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod browse;
pub mod clock;
pub mod cycle_io;
pub mod deactivation;
pub mod duplicates;
pub mod eligible;
pub mod encryption;
pub mod error;
pub mod export;
pub mod household;
pub mod import;
pub mod lookup;
pub mod muskel;
pub mod session;
mod shared_results;
pub mod stats;
pub mod tahap;
pub mod users;
pub mod usulan;
pub mod versions;
pub mod verval;

use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

use chrono::{NaiveDate, NaiveDateTime};

pub use clock::Clock;
pub use error::{Refusal, ServiceError};

use crate::domain::wilayah::Wilayah;
use crate::store::{OpenOptions, Store};

/// The named user on whose behalf a call is made, and where the call came
/// from; both are recorded in audit events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    pub origin: Origin,
}

/// Where a call came from, as the audit log names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A terminal or script on the machine that holds the database.
    Local,
    /// Another process on the host, through `dtks serve`'s socket: its uid.
    Socket { uid: u32 },
    /// An SSH client of `dtks serve`: its address as `ip:port`, when known.
    Ssh { addr: Option<String> },
}

impl Actor {
    /// A user at a local terminal.
    pub fn new(user: impl Into<String>) -> Actor {
        Actor { user: user.into(), origin: Origin::Local }
    }

    pub fn from(user: impl Into<String>, origin: Origin) -> Actor {
        Actor { user: user.into(), origin }
    }
}

impl Origin {
    /// The origin as the audit log stores it: `local`, `socket:UID`,
    /// `ssh:IP:PORT` (or `ssh` when the address is not known).
    pub fn code(&self) -> String {
        match self {
            Origin::Local => "local".to_string(),
            Origin::Socket { uid } => format!("socket:{uid}"),
            Origin::Ssh { addr: Some(a) } => format!("ssh:{a}"),
            Origin::Ssh { addr: None } => "ssh".to_string(),
        }
    }

    /// Reads [`Origin::code`] back; None for an event saved before origins
    /// were recorded (an empty code) or an unknown one.
    pub fn parse(code: &str) -> Option<Origin> {
        match code.split_once(':') {
            None if code == "local" => Some(Origin::Local),
            None if code == "ssh" => Some(Origin::Ssh { addr: None }),
            Some(("socket", uid)) => uid.parse().ok().map(|uid| Origin::Socket { uid }),
            Some(("ssh", addr)) => Some(Origin::Ssh { addr: Some(addr.to_string()) }),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, ServiceError>;

/// One open register. Cheap reads go straight to the store; nothing here
/// touches a terminal.
pub struct Service {
    store: Store,
    path: PathBuf,
    /// Swapped whole when an import adds regions, so readers keep a
    /// consistent copy and an import needs only `&self`.
    wilayah: RwLock<Arc<Wilayah>>,
    /// (code, folded name) of every kelurahan, for search by place name;
    /// built at the first search (reset it if regions are ever added).
    kelurahan_folded: std::sync::OnceLock<Vec<(String, String)>>,
    /// Register-wide answers shared by the sessions of `dtks serve`.
    shared: shared_results::SharedResults,
    /// `--today`: the date the rules take as today; `now()` stays the clock's.
    today: Option<NaiveDate>,
    clock: Clock,
    /// How long a screen session may sit idle before it locks; None: never.
    idle_lock: Option<std::time::Duration>,
    /// The last view each user recorded from each origin, so that a screen
    /// drawn again (a resize, a tick) is not a new view (`audit`).
    last_views: audit::LastViews,
}

/// A screen locks after this long without a key, unless told otherwise.
pub const IDLE_LOCK: std::time::Duration = std::time::Duration::from_secs(10 * 60);

impl Service {
    /// Opens (creating when `create`) the database at `path`, reading the
    /// time from `clock`.
    /// Fails as `open` would when another process holds the database, at
    /// once and without opening it.
    pub fn check_not_in_use(path: &Path) -> Result<()> {
        Ok(Store::check_not_locked(path)?)
    }

    pub fn open(path: &Path, create: bool, clock: Clock) -> Result<Service> {
        let opts = OpenOptions { create, ..OpenOptions::default() };
        let store = Store::open(path, &opts)?;
        let mut wilayah = Wilayah::builtin().clone();
        for r in store.regions()? {
            wilayah.insert(r);
        }
        Ok(Service {
            store,
            path: path.to_path_buf(),
            wilayah: RwLock::new(Arc::new(wilayah)),
            kelurahan_folded: std::sync::OnceLock::new(),
            shared: Default::default(),
            today: None,
            idle_lock: Some(IDLE_LOCK),
            clock,
            last_views: Default::default(),
        })
    }

    /// Takes `today` as the date of the rules (`--today`: reproducible
    /// reports); times recorded (audit, draft saves) still come from the clock.
    /// Screens of this register lock after `idle` without a key (None: never).
    pub fn with_idle_lock(mut self, idle: Option<std::time::Duration>) -> Service {
        self.idle_lock = idle;
        self
    }

    pub fn idle_lock(&self) -> Option<std::time::Duration> {
        self.idle_lock
    }

    pub fn with_today(mut self, today: NaiveDate) -> Service {
        self.today = Some(today);
        self
    }

    pub fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| self.clock.now().date())
    }

    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the register is encrypted at rest.
    pub fn is_encrypted(&self) -> bool {
        self.store.is_encrypted()
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    pub fn wilayah(&self) -> Arc<Wilayah> {
        self.wilayah.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn set_wilayah(&self, w: Wilayah) {
        *self.wilayah.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(w);
    }

    /// Closes and opens the store again (sled 0.34 writes its snapshot at
    /// open, so doing this after a large import makes the next open fast).
    pub fn reopen(&mut self) -> Result<()> {
        let opts = OpenOptions { create: false, ..OpenOptions::default() };
        // The old handle must be gone before the file lock can be taken again.
        let placeholder = Store::open_temporary()?;
        drop(std::mem::replace(&mut self.store, placeholder));
        self.store = Store::open(&self.path, &opts)?;
        Ok(())
    }

    /// Verifies that every index agrees with the records.
    pub fn check(&self) -> Result<crate::store::CheckReport> {
        Ok(self.store.check()?)
    }
}
