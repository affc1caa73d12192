//! `dtks` entry point: parse arguments, open the register, call one service
//! function, print its result. Exit codes: 0 done/found, 1 not found or
//! problems reported, 2 error.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{CommandFactory, Parser};

use dtks::cli::output;
use dtks::cli::{Cli, Command, Global, KeymapCommand, LangArg, MuskelCommand, UsulanCommand, VervalCommand};
use dtks::i18n::Lang;
use dtks::service::{Actor, Clock, Service};

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

/// The real clock, unless `DTKS_NOW`/`--now` stops it (tests).
fn clock(g: &Global) -> Clock {
    g.now.unwrap_or(Clock::System)
}

fn open(g: &Global, create: bool) -> anyhow::Result<Service> {
    let path = db_path(g)?;
    let svc = Service::open(&path, create, clock(g))?;
    Ok(match g.today {
        Some(d) => svc.with_today(d),
        None => svc,
    })
}

fn run(cli: Cli, lang: Lang) -> anyhow::Result<ExitCode> {
    let g = cli.global;
    let Some(command) = cli.command else {
        return tui(&g, lang, false);
    };
    match command {
        Command::Tui => tui(&g, lang, false),
        Command::Demo => demo(&g, lang),
        Command::Import { paths } => {
            let mut svc = open(&g, true)?;
            let mut line = output::ImportProgressLine::new(lang);
            let report = svc.import(&paths, &actor(&g), lang, &mut |p| line.show(p))?;
            drop(line);
            emit(&output::import_report(lang, &report))?;
            Ok(if report.rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Export { out, xlsx } => {
            let svc = open(&g, false)?;
            let mut report = svc.export(&out, xlsx)?;
            if let Some((path, _)) = svc.export_cycle(&out)? {
                report.files.push(path);
            }
            emit(&output::export_report(lang, &report))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Lookup { query, json } => {
            let svc = open(&g, false)?;
            let result = svc.lookup(&query, 50, lang)?;
            if json {
                print_json(&result)?;
            } else {
                emit(&output::lookup(lang, &svc, &result))?;
            }
            Ok(if result.households.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Duplicates { json } => {
            let svc = open(&g, false)?;
            let dups = svc.duplicates()?;
            if json {
                print_json(&dups)?;
            } else {
                emit(&output::duplicates(lang, &svc, &dups))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { json } => {
            let svc = open(&g, false)?;
            let stats = svc.stats("")?;
            if json {
                print_json(&stats)?;
            } else {
                emit(&output::stats(lang, &stats))?;
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
            emit(&output::sample_summary(lang, &out, &summary))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            let svc = open(&g, false)?;
            let report = svc.check()?;
            emit(&output::check(lang, &report))?;
            Ok(if report.is_clean() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Usulan { command } => usulan(&g, lang, command),
        Command::Muskel { command } => muskel(&g, lang, command),
        Command::Verval { command } => verval(&g, lang, command),
        Command::Bench(args) => {
            dtks::bench::run(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Keymap { command: KeymapCommand::Check { file } } => keymap_check(&file, lang),
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

/// Prints to stdout; a reader that stopped early (`| head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn print_json<T: serde::Serialize>(v: &T) -> anyhow::Result<()> {
    emit(&format!("{}\n", serde_json::to_string_pretty(v)?))
}

fn found(n: usize) -> ExitCode {
    if n == 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn usulan(g: &Global, lang: Lang, command: UsulanCommand) -> anyhow::Result<ExitCode> {
    let svc = open(g, false)?;
    match command {
        UsulanCommand::List { json } => {
            let lines = svc.usulan_list(&Default::default())?;
            if json {
                print_json(&lines)?;
            } else {
                emit(&output::usulan_list(lang, &lines))?;
            }
            Ok(found(lines.len()))
        }
    }
}

fn muskel(g: &Global, lang: Lang, command: MuskelCommand) -> anyhow::Result<ExitCode> {
    let svc = open(g, false)?;
    let english = lang == Lang::En;
    match command {
        MuskelCommand::List { json } => {
            let list = svc.muskel_list("")?;
            if json {
                print_json(&list)?;
            } else {
                emit(&output::muskel_list(lang, &list))?;
            }
            Ok(found(list.len()))
        }
        MuskelCommand::Due { json } => {
            let due = svc.muskel_due(svc.today())?;
            if json {
                print_json(&due)?;
            } else {
                emit(&output::muskel_due(lang, &due))?;
            }
            Ok(found(due.len()))
        }
        MuskelCommand::BeritaAcara { id, out } => {
            if svc.muskel(id)?.is_none() {
                eprintln!("dtks: {} {id}", if english { "no Muskel" } else { "tidak ada Muskel" });
                return Ok(ExitCode::from(1));
            }
            let ext = out.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
            let html = match ext.as_str() {
                "html" | "htm" => true,
                "md" | "txt" | "markdown" => false,
                _ => anyhow::bail!(
                    "{}: give the file an extension .md or .txt (Markdown) or .html (printable HTML)",
                    out.display()
                ),
            };
            let text = if html { svc.berita_acara_html(id, lang)? } else { svc.berita_acara(id, lang)? };
            std::fs::write(&out, text).with_context(|| format!("{}: cannot write", out.display()))?;
            emit(&output::berita_acara_written(lang, id, &out, html))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn verval(g: &Global, lang: Lang, command: VervalCommand) -> anyhow::Result<ExitCode> {
    let svc = open(g, false)?;
    let me = actor(g);
    match command {
        VervalCommand::Queue { json } => {
            let q = svc.verval_queue(&me)?;
            if json {
                print_json(&q)?;
            } else {
                emit(&output::verval_queue(lang, &me.user, &q))?;
            }
            let n = q.to_visit.len()
                + q.drafts.len()
                + q.returned.len()
                + q.waiting_finalisation.len()
                + q.waiting_pengesahan.len()
                + q.self_proposals.len();
            Ok(found(n))
        }
        VervalCommand::Show { no_kk, json } => {
            let visits = svc.verval_show(&no_kk)?;
            if json {
                print_json(&visits)?;
            } else {
                emit(&output::verval_show(lang, &no_kk, &visits))?;
            }
            Ok(found(visits.len()))
        }
        VervalCommand::Drafts { json } => {
            let lines = svc.my_drafts(&me)?;
            if json {
                print_json(&lines)?;
            } else {
                emit(&output::visit_lines(lang, &lines))?;
            }
            Ok(found(lines.len()))
        }
        VervalCommand::Export { period, out, xlsx } => {
            let rows = upload_rows(&svc, &period)?;
            let files = dtks::formats::verval_export::write_upload(&out, period.trim(), &rows, xlsx)?;
            emit(&output::verval_export(lang, rows.len(), &files))?;
            Ok(found(rows.len()))
        }
    }
}

/// The service's export rows with the RW/RT of the visit form that holds
/// each person.
fn upload_rows(svc: &Service, month: &str) -> anyhow::Result<Vec<dtks::formats::verval_export::UploadRow>> {
    let rows = svc.verval_export_rows(month)?;
    let mut forms: std::collections::HashMap<String, Vec<dtks::service::verval::VisitDetail>> = Default::default();
    let suffix = format!("-{}", month.trim());
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        if !forms.contains_key(&r.no_kk) {
            forms.insert(r.no_kk.clone(), svc.verval_show(&r.no_kk)?);
        }
        let (rw, rt) = forms
            .get(&r.no_kk)
            .and_then(|v| v.iter().rev().find(|d| d.form.period.ends_with(&suffix)))
            .map(|d| (d.form.rw.clone(), d.form.rt.clone()))
            .unwrap_or_default();
        out.push(dtks::formats::verval_export::UploadRow {
            nik: r.nik,
            no_kk: r.no_kk,
            nama: r.nama,
            kelurahan: r.kelurahan,
            rw,
            rt,
            temuan: r.finding,
            alasan: r.reasons,
            program: r.programmes,
            tahap: r.stage,
            nomor_surat: r.letter_number,
            tanggal_surat: r.letter_date,
        });
    }
    Ok(out)
}

fn keymap_check(file: &Path, lang: Lang) -> anyhow::Result<ExitCode> {
    let errors = dtks::tui::Keymap::check_file(file);
    for e in &errors {
        eprintln!("{}", e.message(lang));
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
/// with no terminal it prints the stats instead. "Today" is the sample's
/// own date (its cycle file's `as_of`), so its open proposals and periods
/// stay open whenever the demo runs; without --user the demo acts as the
/// sample's officer, whose drafts and returned visits it holds.
fn demo(g: &Global, lang: Lang) -> anyhow::Result<ExitCode> {
    let data = sample_dir()?;
    let dir = tempfile::Builder::new().prefix("dtks-demo-").tempdir()?;
    let db = dir.path().join("register");
    {
        let mut svc = Service::open(&db, true, clock(g))?;
        let report = svc.import(std::slice::from_ref(&data), &Actor::new("demo"), lang, &mut |_| {})?;
        eprint!("{}", output::import_report(lang, &report));
    }
    let cycle = data.join(dtks::formats::jsonl::CYCLE_FILE);
    let today = match g.today {
        Some(d) => Some(d),
        None if cycle.is_file() => dtks::service::cycle_io::cycle_file_as_of(&cycle)?,
        None => None,
    };
    let user = g.user.clone().or_else(|| Some(dtks::sample::cycle::SAMPLE_OFFICER.to_string()));
    let g = Global { db: Some(db.clone()), user, today, ..g.clone() };
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        tui(&g, lang, true)
    } else {
        let svc = open(&g, false)?;
        emit(&output::stats(lang, &svc.stats("")?))?;
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
