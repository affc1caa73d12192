//! The command line: its arguments (`args`), the dispatch of a parsed
//! command (`run`), one file per command group with what it prints, the
//! `--json` views (`json`) and the words for errors that end a command
//! (`errors`). Each subcommand is a few lines over a service call.

mod args;
mod audit;
mod backup;
mod check;
mod errors;
#[cfg(unix)]
mod fast;
mod import;
mod json;
mod json_cycle;
mod keymap;
mod layak;
mod lookup;
mod muskel;
mod nonaktif;
mod nonaktif_json;
mod remote;
#[cfg(unix)]
mod served;
mod tahap;
mod tahap_json;
mod user;
mod usulan;
mod vault;
mod verval;

#[cfg(unix)]
pub use fast::run_fast;
pub use remote::run_remote;
#[cfg(unix)]
pub use served::{Peer, Served, run_served};

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::CommandFactory;

pub use args::*;
pub use errors::{error_line, parse};

use crate::i18n::Lang;
use crate::i18n::cli::{Msg, text};
use crate::service::{Actor, Clock, Service};

/// The language the user chose with `--lang`.
pub fn lang(g: &Global) -> Lang {
    match g.lang {
        LangArg::Id => Lang::Id,
        LangArg::En => Lang::En,
    }
}

/// Runs one parsed command. Exit codes: 0 done/found, 1 not found or
/// problems reported, 2 error (printed in the user's language).
/// `args` is the command line as given, for a server that runs it.
pub fn run(cli: Cli, args: &[std::ffi::OsString]) -> ExitCode {
    let lang = lang(&cli.global);
    #[cfg(unix)]
    if let Some(code) = through_server(&cli, args, lang) {
        return code;
    }
    #[cfg(not(unix))]
    let _ = args;
    match dispatch(cli, lang) {
        Ok(code) => code,
        Err(e) => {
            say(&error_line(lang, &e));
            ExitCode::from(2)
        }
    }
}

/// With `dtks serve` holding the register, sends the command there and
/// relays its answer; `None` when no server runs (or the command is the
/// client's own), and the command opens the store itself.
#[cfg(unix)]
fn through_server(cli: &Cli, args: &[std::ffi::OsString], lang: Lang) -> Option<ExitCode> {
    let command = cli.command.as_ref();
    if served::runs_locally(command) {
        return None;
    }
    let screen = matches!(command, None | Some(Command::Tui));
    // Without a usable terminal the local path says so in one line.
    if screen && (unfit_terminal().is_some() || !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal()) {
        return None;
    }
    let db = db_path(&cli.global, lang).ok()?;
    let me = match command {
        Some(Command::Audit { command }) => audit::asker(command),
        _ => None,
    };
    send_to_server(&db, args, me.unwrap_or_else(|| actor(&cli.global)), lang, screen)
}

/// Sends `args` to the server of `db`, if one runs, and relays its answer.
#[cfg(unix)]
fn send_to_server(db: &Path, args: &[std::ffi::OsString], actor: Actor, lang: Lang, screen: bool) -> Option<ExitCode> {
    use std::os::unix::ffi::OsStrExt;
    let fail = |e: std::io::Error| {
        let path = crate::client::socket_path(db);
        let reason = crate::service::error::io_reason(lang, e.kind());
        say(&crate::i18n::serve::socket_unreachable(lang, &path, reason));
        Some(ExitCode::from(2))
    };
    let stream = match crate::client::connect(db) {
        Ok(stream) => stream?,
        Err(e) => return fail(e),
    };
    let request = crate::client::wire::Request {
        args: args.iter().skip(1).map(|a| a.as_bytes().to_vec()).collect(),
        cwd: std::env::current_dir().map(|d| d.as_os_str().as_bytes().to_vec()).unwrap_or_default(),
        actor: actor.user,
        screen: screen.then(|| crossterm::terminal::size().unwrap_or((80, 24))),
        no_color: std::env::var("NO_COLOR").ok(),
    };
    let ended =
        if screen { crate::client::run_screen(stream, &request) } else { crate::client::run_command(stream, &request) };
    match ended {
        Ok(crate::client::Ended::Exit(code)) => Some(ExitCode::from(code)),
        Ok(crate::client::Ended::Gone) => {
            say(crate::i18n::serve::server_gone(lang));
            Some(ExitCode::from(2))
        }
        Err(e) => fail(e),
    }
}

fn dispatch(cli: Cli, lang: Lang) -> anyhow::Result<ExitCode> {
    let g = cli.global;
    // An encrypted register's passphrase, asked before any screen starts.
    let own_db = matches!(
        cli.command,
        Some(
            Command::Demo
                | Command::Sample { .. }
                | Command::Completions { .. }
                | Command::Man
                | Command::Keymap { .. }
        )
    );
    let new_secret =
        matches!(cli.command, Some(Command::Rekey { .. } | Command::Encrypt | Command::Init { encrypt: true, .. }));
    if !own_db
        && !new_secret
        && let Ok(db) = db_path(&g, lang)
    {
        vault::unlock(&g, lang, &db)?;
    }
    let Some(command) = cli.command else {
        return tui(&g, lang, false);
    };
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    let err_tty = stderr.is_terminal();
    let io = &mut Io { remote: None, out: &mut stdout, err: &mut stderr, err_tty, masks: Default::default() };
    let done = match command {
        Command::Tui => tui(&g, lang, false),
        Command::Demo => demo(&g, lang),
        Command::Import { paths, explain: true, kelurahan, .. } => {
            import::explain(io, &g, lang, &paths, kelurahan.as_deref())
        }
        Command::Import { paths, restore_rounded, explain: false, kelurahan } => {
            import::import(io, &g, lang, &paths, restore_rounded, kelurahan)
        }
        Command::Export { out, format: args::ExportFormat::SiksNgUsulan, .. } => {
            import::export_siks(io, &g, lang, &out)
        }
        Command::Export { out, xlsx, format: args::ExportFormat::Register } => import::export(io, &g, lang, &out, xlsx),
        Command::Lookup(a) => lookup::lookup(io, &g, lang, &a),
        Command::Duplicates { json } => lookup::duplicates(io, &g, lang, json),
        Command::Stats { json } => check::stats(io, &g, lang, json),
        Command::Sample { households, seed, out, kelurahan, as_of } => {
            let spec = crate::sample::SampleSpec {
                households,
                seed,
                kelurahan: (!kelurahan.is_empty()).then_some(kelurahan),
                as_of,
            };
            import::sample(lang, &spec, &out)
        }
        Command::Check => check::check(io, &g, lang),
        Command::Backup { out } => backup::backup(io, &g, lang, &out),
        Command::Restore { file } => backup::restore(&g, lang, &file),
        Command::Usulan { command } => usulan::run(io, &g, lang, command),
        Command::Muskel { command } => muskel::run(io, &g, lang, command),
        Command::Verval { command } => verval::run(io, &g, lang, command),
        Command::Tahap { command } => tahap::run(io, &g, lang, command),
        Command::Burekol { command } => tahap::burekol(io, &g, lang, command),
        Command::Nonaktif { command } => nonaktif::run(io, &g, lang, command),
        Command::Monev { command } => nonaktif::monev(io, &g, lang, command),
        Command::Bench(args) => {
            crate::bench::run(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Keymap { command: KeymapCommand::Check { file } } => Ok(keymap::check(lang, &file)),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "dtks", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Layak { command } => layak::run(io, &g, lang, command),
        Command::User { command } => user::run(io, &g, lang, command),
        Command::Audit { command } => audit::run(io, &g, lang, command),
        Command::Init { key, encrypt } => {
            if encrypt {
                vault::create(&g, lang, &db_path(&g, lang)?)?;
            }
            user::init(io, &g, lang, key.as_deref())
        }
        Command::Encrypt => vault::encrypt(io, &g, lang, &db_path(&g, lang)?),
        Command::Rekey { new_key_file } => vault::rekey(io, &g, lang, &db_path(&g, lang)?, new_key_file),
        Command::Serve { listen } => serve(&g, lang, listen),
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
    };
    // An error line may name a NIK or No. KK: masked as the output is.
    done.map_err(|e| if io.masks.get() { said(io.shown(&errors::message(lang, &e)).into_owned()) } else { e })
}

/// Refused with a text of the catalogue.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Said(String);

fn said(text: impl Into<String>) -> anyhow::Error {
    Said(text.into()).into()
}

fn db_path(g: &Global, lang: Lang) -> anyhow::Result<PathBuf> {
    if let Some(p) = &g.db {
        return Ok(p.clone());
    }
    default_db().ok_or_else(|| said(text(lang, Msg::NoHomeDir)))
}

/// The register in the user's data directory.
fn default_db() -> Option<PathBuf> {
    directories::ProjectDirs::from("id", "dinsos", "dtks").map(|dirs| dirs.data_dir().join("register"))
}

fn actor(g: &Global) -> Actor {
    actor_named(g.user.clone())
}

/// `--user` if given, else the OS account.
fn actor_named(user: Option<String>) -> Actor {
    let user = user
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|u| !u.trim().is_empty())
        .or_else(system_account)
        .unwrap_or_else(|| "unknown".to_string());
    Actor::new(user)
}

/// The name of the account this process runs as, for a shell without
/// `$USER` (cron, `su -c`, some SSH setups): its uid looked up in
/// /etc/passwd, else `uid N`.
fn system_account() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    Some(account_of(&passwd, uid).unwrap_or_else(|| format!("uid {uid}")))
}

/// The name of `uid` in a passwd file's text.
pub fn account_of(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id = fields.nth(1)?;
        (id.parse() == Ok(uid) && !name.is_empty()).then(|| name.to_string())
    })
}

/// The real clock, unless `DTKS_NOW`/`--now` stops it (tests).
fn clock(g: &Global) -> Clock {
    g.now.unwrap_or(Clock::System)
}

fn open(g: &Global, lang: Lang, create: bool) -> anyhow::Result<Service> {
    let path = db_path(g, lang)?;
    let idle = (g.idle_lock > 0).then(|| std::time::Duration::from_secs(g.idle_lock * 60));
    let svc = Service::open(&path, create, clock(g))?.with_idle_lock(idle);
    Ok(match g.today {
        Some(d) => svc.with_today(d),
        None => svc,
    })
}

/// Where a command reads and writes: locally the register named by --db
/// and stdout; under `dtks serve`, the server's open register, its SSH
/// user and the channel.
pub struct Io<'a> {
    remote: Option<(std::sync::Arc<Service>, Actor)>,
    out: &'a mut dyn std::io::Write,
    err: &'a mut dyn std::io::Write,
    /// Whether `err` is a terminal (a spinner) or not (one line per step).
    err_tty: bool,
    /// Whether the acting user sees NIK and No. KK masked: set when the
    /// register is opened, from their role.
    masks: std::cell::Cell<bool>,
}

impl Io<'_> {
    fn open(&self, g: &Global, lang: Lang) -> anyhow::Result<std::sync::Arc<Service>> {
        self.open_with(g, lang, false)
    }

    /// As `open`; locally a missing register is made (import, user add).
    fn open_with(&self, g: &Global, lang: Lang, create: bool) -> anyhow::Result<std::sync::Arc<Service>> {
        let svc = match &self.remote {
            Some((svc, _)) => svc.clone(),
            None => std::sync::Arc::new(open(g, lang, create)?),
        };
        // A user the register refuses is told so by the call itself.
        self.masks.set(svc.access(&self.actor(g)).is_ok_and(|a| a.role.masks()));
        Ok(svc)
    }

    /// `text` as the acting user may see it.
    fn shown<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if self.masks.get() { crate::domain::access::mask_text(text, &|_| false) } else { text.into() }
    }

    /// One line on the error stream, control characters escaped.
    fn say(&mut self, line: &str) {
        let line = self.shown(line).into_owned();
        let _ = writeln!(self.err, "{}", crate::i18n::visible_text(&line));
        let _ = self.err.flush();
    }

    fn actor(&self, g: &Global) -> Actor {
        match &self.remote {
            Some((_, a)) => a.clone(),
            None => actor(g),
        }
    }

    fn emit(&mut self, text: &str) -> anyhow::Result<()> {
        let text = self.shown(text).into_owned();
        emit_to(self.out, &text)
    }

    fn json<T: serde::Serialize>(&mut self, v: &T) -> anyhow::Result<()> {
        self.emit(&format!("{}\n", crate::i18n::visible_json(&serde_json::to_string_pretty(v)?)))
    }
}

/// Prints to stdout, control characters of the data escaped; a reader that
/// stopped early (`| head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    emit_to(&mut std::io::stdout().lock(), text)
}

fn emit_to(out: &mut dyn std::io::Write, text: &str) -> anyhow::Result<()> {
    match out.write_all(crate::i18n::visible_text(text).as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// One line on stderr, control characters escaped (a path or an argument
/// may hold any).
fn say(line: &str) {
    eprintln!("{}", crate::i18n::visible_text(line));
}

fn found(n: usize) -> ExitCode {
    if n == 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// Holds the register and serves it over SSH until stopped.
#[cfg(unix)]
fn serve(g: &Global, lang: Lang, listen: std::net::SocketAddr) -> anyhow::Result<ExitCode> {
    let path = db_path(g, lang)?;
    if matches!(crate::client::connect(&path), Ok(Some(_))) {
        return Err(said(crate::i18n::serve::already_serving(lang, &path)));
    }
    let svc = open(g, lang, false)?;
    crate::serve::run(svc, &path, listen, lang).map_err(|e| said(e.message(lang)))?;
    // sled snapshots its log only when it opens: one open on the way down
    // spares the next start the replay of the day's view events.
    let _ = crate::store::Store::open(&path, &crate::store::OpenOptions::default());
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(unix))]
fn serve(_: &Global, lang: Lang, _: std::net::SocketAddr) -> anyhow::Result<ExitCode> {
    Err(said(crate::i18n::users::serve_unsupported(lang)))
}

/// Why the terminal cannot show the screens, if it cannot: it says it has
/// no capabilities (`TERM=dumb`), or, on Unix, does not say what it is (an
/// unset or empty `TERM`: a cron job or a bare `env -i`). Windows consoles
/// set no `TERM`.
fn unfit_terminal() -> Option<Msg> {
    match std::env::var_os("TERM") {
        Some(t) if t == "dumb" => Some(Msg::DumbTerminal),
        Some(t) if !t.is_empty() => None,
        _ if cfg!(unix) => Some(Msg::NoTerm),
        _ => None,
    }
}

/// Opens the TUI, or says in one line that it needs a terminal.
fn tui(g: &Global, lang: Lang, demo: bool) -> anyhow::Result<ExitCode> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        say(text(lang, Msg::NeedsTerminal));
        return Ok(ExitCode::from(2));
    }
    if let Some(why) = unfit_terminal() {
        say(text(lang, why));
        return Ok(ExitCode::from(2));
    }
    if demo {
        let svc = open(g, lang, false)?;
        crate::tui::start(svc, actor(g), lang, g.keymap.as_deref())?;
        return Ok(ExitCode::SUCCESS);
    }
    // The lock first, so that "in use" is one line as before; then the
    // first frame, with the store opening behind it.
    let path = db_path(g, lang)?;
    Service::check_not_in_use(&path)?;
    let (clock, today) = (clock(g), g.today);
    let open = move || {
        Service::open(&path, true, clock).map(|svc| match today {
            Some(d) => svc.with_today(d),
            None => svc,
        })
    };
    crate::tui::start_opening(open, actor(g), lang, g.keymap.as_deref())??;
    Ok(ExitCode::SUCCESS)
}

/// Loads sample-data/ into a fresh temporary database, then opens the TUI;
/// with no terminal it prints the stats instead. "Today" is the sample's
/// own date (its cycle file's `as_of`), so its open proposals and periods
/// stay open whenever the demo runs; without --user the demo acts as the
/// sample's officer, whose drafts and returned visits it holds.
fn demo(g: &Global, lang: Lang) -> anyhow::Result<ExitCode> {
    let data = sample_dir(lang)?;
    let dir = tempfile::Builder::new().prefix("dtks-demo-").tempdir()?;
    let db = dir.path().join("register");
    {
        let svc = Service::open(&db, true, clock(g))?;
        let report = svc.import(std::slice::from_ref(&data), &Actor::new("demo"), lang, &mut |_| {})?;
        eprint!("{}", crate::i18n::visible_text(&import::import_report(lang, &report)));
    }
    let cycle = data.join(crate::formats::jsonl::CYCLE_FILE);
    let today = match g.today {
        Some(d) => Some(d),
        None if cycle.is_file() => crate::service::cycle_io::cycle_file_as_of(&cycle)?,
        None => None,
    };
    let user = g.user.clone().or_else(|| Some(crate::sample::cycle::SAMPLE_OFFICER.to_string()));
    let g = Global { db: Some(db.clone()), user, today, ..g.clone() };
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        tui(&g, lang, true)
    } else {
        let svc = open(&g, lang, false)?;
        emit(&check::stats_text(lang, &svc.stats("")?))?;
        Ok(ExitCode::SUCCESS)
    }
}

/// sample-data/register beside the working directory, else the one this
/// binary was built from.
fn sample_dir(lang: Lang) -> anyhow::Result<PathBuf> {
    let candidates =
        [PathBuf::from("sample-data/register"), Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/register")];
    candidates.into_iter().find(|p| p.is_dir()).ok_or_else(|| said(text(lang, Msg::SampleDataMissing)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_name_is_read_from_passwd_by_uid() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n# note\nsari:x:1000:1000:Sari,,,:/home/sari:/bin/bash\n";
        assert_eq!(account_of(passwd, 1000).as_deref(), Some("sari"));
        assert_eq!(account_of(passwd, 0).as_deref(), Some("root"));
        assert_eq!(account_of(passwd, 1001), None);
        assert_eq!(account_of("", 1000), None);
    }
}
