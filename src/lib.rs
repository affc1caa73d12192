//! dtks: the DTKS register for Dinas Sosial case work.

pub mod bench;
pub mod cli;
#[cfg(unix)]
pub mod client;
pub mod domain;
pub mod formats;
pub mod i18n;
pub mod sample;
#[cfg(unix)]
pub mod serve;
pub mod service;
pub mod store;
#[doc(hidden)]
pub mod testkit;
pub mod tui;
