//! `dtks` entry point: parse the arguments (clap's own errors in the
//! user's language), run the command, report memory for `dtks bench`.

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    #[cfg(unix)]
    let fast = dtks::cli::run_fast(&args);
    #[cfg(not(unix))]
    let fast = None;
    let code = match fast {
        Some(code) => code,
        None => match dtks::cli::parse(args.iter().cloned()) {
            Ok(cli) => dtks::cli::run(cli, &args),
            Err(code) => code,
        },
    };
    // `dtks bench` reads this line from the child processes it times.
    if std::env::var_os("DTKS_REPORT_RSS").is_some() {
        eprintln!("dtks-peak-rss-kib={}", dtks::bench::peak_rss_kib().unwrap_or(0));
    }
    code
}
