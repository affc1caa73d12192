//! dtks: the DTKS register for Dinas Sosial case work.

pub mod bench;
pub mod bench_tui;
pub mod cli;
pub mod domain;
pub mod formats;
pub mod i18n;
pub mod output;
pub mod sample;
pub mod service;
pub mod store;
pub mod tui;
