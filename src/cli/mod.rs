//! The command line: its arguments (`args`) and what it prints (`output`).
//! Each subcommand is a few lines in main.rs over a service call.

mod args;
pub mod output;

pub use args::*;
