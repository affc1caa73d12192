//! A command line sent to `dtks serve` as an SSH exec request: the same
//! parser and the same code as the local command, on the server's open
//! register, as the logged-in user, writing into the channel. Only the
//! commands that read run this way.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use super::errors::{error_line, parse_or};
use super::{
    AuditCommand, Command, Io, LayakCommand, MuskelCommand, NonaktifCommand, TahapCommand, TariffCommand,
    UsulanCommand, VervalCommand, check, layak, lookup, muskel, nonaktif, tahap, usulan, verval,
};
use crate::i18n::Lang;
use crate::i18n::users::{exec_option_refused, exec_refused, exec_unreadable};
use crate::service::{Actor, Service};

/// Options that name what the server decides: its register, the acting
/// user, the clock.
const SERVER_OPTIONS: [&str; 4] = ["--db", "--user", "--today", "--now"];

/// Whether `command` only reads the register (and writes no file).
fn reads_only(command: &Command) -> bool {
    match command {
        Command::Lookup(_) | Command::Duplicates { .. } | Command::Stats { .. } => true,
        Command::Layak { command: LayakCommand::List { .. } } => true,
        Command::Usulan { command: UsulanCommand::List { .. } } => true,
        Command::Muskel { command } => matches!(command, MuskelCommand::List { .. } | MuskelCommand::Due { .. }),
        Command::Verval { command } => {
            matches!(command, VervalCommand::Queue { .. } | VervalCommand::Show { .. } | VervalCommand::Drafts { .. })
        }
        Command::Tahap { command } => matches!(
            command,
            TahapCommand::List { .. }
                | TahapCommand::Show { .. }
                | TahapCommand::Why { .. }
                | TahapCommand::Diff { out: None, .. }
                | TahapCommand::Tariff { command: TariffCommand::List { .. } }
        ),
        Command::Nonaktif { command } => matches!(command, NonaktifCommand::List { .. } | NonaktifCommand::Show { .. }),
        Command::Audit { command } => {
            matches!(command, AuditCommand::Show { .. } | AuditCommand::Verify { checkpoint: None })
        }
        _ => false,
    }
}

/// Runs `line` for `actor` on `svc`; returns the exit code. `lang` is the
/// session's language unless the line says `--lang`.
pub fn run_remote(
    svc: Arc<Service>,
    actor: Actor,
    lang: Lang,
    line: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some(words) = shlex::split(line) else {
        let _ = err.write_all(exec_unreadable(lang).as_bytes());
        return 2;
    };
    // `audit show --user U` names whose events: the one option of that name
    // the server does not decide.
    let audit_show = words.windows(2).any(|w| w[0] == "audit" && w[1] == "show");
    let decided = |o: &&&str| !(audit_show && **o == "--user");
    if let Some(w) = words
        .iter()
        .find(|w| SERVER_OPTIONS.iter().filter(&decided).any(|o| *w == o || w.starts_with(&format!("{o}="))))
    {
        let option = w.split('=').next().unwrap_or(w);
        let _ = err.write_all(exec_option_refused(lang, option).as_bytes());
        return 2;
    }
    let typed_lang = words.iter().any(|w| w == "--lang" || w.starts_with("--lang="));
    let mut args: Vec<OsString> = vec!["dtks".into()];
    if !typed_lang {
        args.extend(["--lang".into(), lang.to_string().into()]);
    }
    args.extend(words.iter().map(OsString::from));
    let mut help = None;
    let cli = match parse_or(&args, |e| help = Some(e.render().to_string()), err) {
        Ok(cli) => cli,
        Err(code) => {
            if let Some(h) = help {
                let _ = out.write_all(h.as_bytes());
            }
            return exit_u8(code);
        }
    };
    let lang = super::lang(&cli.global);
    let Some(command) = cli.command.filter(reads_only) else {
        let _ = err.write_all(exec_refused(lang, line.trim()).as_bytes());
        return 2;
    };
    let g = &cli.global;
    let io = &mut Io { remote: Some((svc, actor)), out, err, err_tty: false, masks: Default::default() };
    let ran = match command {
        Command::Lookup(a) => lookup::lookup(io, g, lang, &a),
        Command::Duplicates { json } => lookup::duplicates(io, g, lang, json),
        Command::Stats { json } => check::stats(io, g, lang, json),
        Command::Layak { command } => layak::run(io, g, lang, command),
        Command::Usulan { command } => usulan::run(io, g, lang, command),
        Command::Muskel { command } => muskel::run(io, g, lang, command),
        Command::Verval { command } => verval::run(io, g, lang, command),
        Command::Tahap { command } => tahap::run(io, g, lang, command),
        Command::Nonaktif { command } => nonaktif::run(io, g, lang, command),
        Command::Audit { command } => super::audit::run(io, g, lang, command),
        _ => return 2,
    };
    let _ = io.out.flush();
    match ran {
        Ok(code) => exit_u8(code),
        Err(e) => {
            io.say(&error_line(lang, &e));
            2
        }
    }
}

/// The number behind an `ExitCode` (0, 1 or 2 for our commands).
pub(super) fn exit_u8(code: ExitCode) -> u8 {
    [0u8, 1, 2].into_iter().find(|n| ExitCode::from(*n) == code).unwrap_or(2)
}
