//! `dtks` entry point: parse arguments, open the register, call one service
//! function, print its result. Exit codes: 0 done/found, 1 not found or
//! problems reported, 2 error.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{CommandFactory, Parser};

use dtks::cli::{Cli, Command, Global, KeymapCommand, LangArg};
use dtks::i18n::Lang;
use dtks::output;
use dtks::service::{Actor, Service};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.global.lang {
        LangArg::Id => Lang::Id,
        LangArg::En => Lang::En,
    };
    let code = match run(cli, lang) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", output::error_line(lang, &e));
            ExitCode::from(2)
        }
    };
    // `dtks bench` reads this line from the child processes it times.
    if std::env::var_os("DTKS_REPORT_RSS").is_some() {
        eprintln!("dtks-peak-rss-kib={}", dtks::bench::peak_rss_kib().unwrap_or(0));
    }
    code
}

fn default_db() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("id", "dinsos", "dtks")
        .context("no home directory: give the database with --db PATH or DTKS_DB")?;
    Ok(dirs.data_dir().join("register"))
}

fn db_path(g: &Global) -> anyhow::Result<PathBuf> {
    match &g.db {
        Some(p) => Ok(p.clone()),
        None => default_db(),
    }
}

fn actor(g: &Global) -> Actor {
    let user = g
        .user
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_else(|| "unknown".to_string());
    Actor::new(user)
}

fn open(g: &Global, create: bool) -> anyhow::Result<Service> {
    let path = db_path(g)?;
    Ok(Service::open(&path, create)?)
}

fn run(cli: Cli, lang: Lang) -> anyhow::Result<ExitCode> {
    let g = cli.global;
    let english = lang == Lang::En;
    let Some(command) = cli.command else {
        return tui(&g, lang, false);
    };
    match command {
        Command::Tui => tui(&g, lang, false),
        Command::Demo => demo(&g, lang),
        Command::Import { paths } => {
            let mut svc = open(&g, true)?;
            let report = svc.import(&paths, &actor(&g), std::io::stderr().is_terminal())?;
            print!("{}", output::import_report(lang, &report));
            Ok(if report.rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Export { out, xlsx } => {
            let svc = open(&g, false)?;
            let report = svc.export(&out, xlsx)?;
            print!("{}", output::export_report(lang, &report));
            Ok(ExitCode::SUCCESS)
        }
        Command::Lookup { query, json } => {
            let svc = open(&g, false)?;
            let result = svc.lookup(&query, 50, english)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&result)?);
            } else {
                print!("{}", output::lookup(lang, &svc, &result));
            }
            Ok(if result.households.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Duplicates { json } => {
            let svc = open(&g, false)?;
            let dups = svc.duplicates()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&dups)?);
            } else {
                print!("{}", output::duplicates(lang, &svc, &dups));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { json } => {
            let svc = open(&g, false)?;
            let stats = svc.stats("")?;
            if json {
                println!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                print!("{}", output::stats(lang, &stats));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Sample { households, seed, out, kelurahan, as_of } => {
            let spec = dtks::sample::SampleSpec {
                households,
                seed,
                kelurahan: (!kelurahan.is_empty()).then_some(kelurahan),
                as_of,
            };
            let summary = dtks::sample::write_sample(&spec, &out)?;
            print!("{}", output::sample_summary(lang, &out, &summary));
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            let svc = open(&g, false)?;
            let report = svc.check()?;
            print!("{}", output::check(lang, &report));
            Ok(if report.is_clean() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Bench(args) => {
            dtks::bench::run(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Keymap { command: KeymapCommand::Check { file } } => keymap_check(&file),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "dtks", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn keymap_check(file: &Path) -> anyhow::Result<ExitCode> {
    let errors = dtks::tui::Keymap::check_file(file);
    for e in &errors {
        eprintln!("{e}");
    }
    Ok(if errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Opens the TUI, or says in one line that it needs a terminal.
fn tui(g: &Global, lang: Lang, demo: bool) -> anyhow::Result<ExitCode> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!("{}", output::needs_terminal(lang));
        return Ok(ExitCode::from(2));
    }
    let svc = open(g, !demo)?;
    dtks::tui::start(svc, actor(g), lang, g.keymap.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

/// Loads sample-data/ into a fresh temporary database, then opens the TUI;
/// with no terminal it prints the stats instead.
fn demo(g: &Global, lang: Lang) -> anyhow::Result<ExitCode> {
    let data = sample_dir()?;
    let dir = tempfile::Builder::new().prefix("dtks-demo-").tempdir()?;
    let db = dir.path().join("register");
    {
        let mut svc = Service::open(&db, true)?;
        let report = svc.import(&[data], &Actor::new("demo"), false)?;
        eprint!("{}", output::import_report(lang, &report));
    }
    let g = Global { db: Some(db.clone()), ..g.clone() };
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        tui(&g, lang, true)
    } else {
        let svc = open(&g, false)?;
        print!("{}", output::stats(lang, &svc.stats("")?));
        Ok(ExitCode::SUCCESS)
    }
}

/// sample-data/register beside the working directory, else the one this
/// binary was built from.
fn sample_dir() -> anyhow::Result<PathBuf> {
    let candidates =
        [PathBuf::from("sample-data/register"), Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register")];
    candidates
        .into_iter()
        .find(|p| p.is_dir())
        .context("sample-data/register not found: run dtks demo from the project directory")
}
