//! A command line sent through the local socket of `dtks serve`: parsed
//! and run as the local command would run it, on the server's register,
//! its lines written to the client. Paths start at the client's working
//! directory. The server's own OS user acts as it would locally; another
//! OS user acts as the dtks user of its name, names no files (the server
//! would read and write them with its own rights) and manages no users.

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::errors::{error_line, parse_or};
use super::{
    BurekolCommand, Command, Io, MonevCommand, MuskelCommand, TahapCommand, UserCommand, UserKeyCommand, VervalCommand,
    audit, backup, check, import, layak, lookup, muskel, nonaktif, tahap, user, usulan, verval,
};
use crate::i18n::Lang;
use crate::i18n::serve as say;
use crate::service::{Actor, Service};

/// Who sent the command: the server's own OS user (or root), or another.
pub struct Peer {
    pub actor: Actor,
    pub operator: bool,
}

/// What the server does with a request.
pub enum Served {
    /// The command ran (or was refused); its exit code.
    Exit(u8),
    /// Plain `dtks` (or `dtks tui`): open the screens in this language, with this keymap.
    Screen { lang: Lang, keymap: Option<String> },
}

/// Runs `args` (without the program name) for `peer` on `svc`.
pub fn run_served(
    svc: Arc<Service>,
    peer: &Peer,
    args: &[Vec<u8>],
    cwd: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Served {
    let mut argv: Vec<OsString> = vec!["dtks".into()];
    argv.extend(args.iter().map(|a| OsString::from_vec(a.clone())));
    let mut help = None;
    let cli = match parse_or(&argv, |e| help = Some(e.render().to_string()), err) {
        Ok(cli) => cli,
        Err(code) => {
            if let Some(h) = help {
                let _ = out.write_all(h.as_bytes());
            }
            return Served::Exit(super::remote::exit_u8(code));
        }
    };
    let lang = super::lang(&cli.global);
    let g = &cli.global;
    let refuse = |err: &mut dyn Write, line: &str| {
        let _ = writeln!(err, "{}", crate::i18n::visible_text(line));
        Served::Exit(2)
    };
    // `audit show --user U` names whose events, not who acts.
    let claimed = match &cli.command {
        Some(Command::Audit { command }) if super::audit::asker(command).is_some() => None,
        _ => g.user.clone(),
    };
    if !peer.operator && claimed.as_deref().is_some_and(|u| u != peer.actor.user) {
        return refuse(err, &say::not_your_user(lang, &peer.actor.user));
    }
    let Some(mut command) = cli.command.filter(|c| !matches!(c, Command::Tui)) else {
        return Served::Screen { lang, keymap: g.keymap.clone() };
    };
    if matches!(command, Command::Restore { .. }) {
        return refuse(err, say::restore_while_serving(lang));
    }
    let named = from_cwd(&mut command, cwd);
    if named && !peer.operator {
        return refuse(err, &say::no_files_for_others(lang, &peer.actor.user));
    }
    let manages_users = matches!(&command, Command::User { command } if !matches!(command, UserCommand::List { .. }));
    if manages_users && !peer.operator {
        return refuse(err, &say::users_for_operator(lang, &peer.actor.user));
    }
    let actor = match (&claimed, peer.operator) {
        (Some(u), true) => Actor::from(u.clone(), peer.actor.origin.clone()),
        _ => peer.actor.clone(),
    };
    let io = &mut Io { remote: Some((svc, actor)), out, err, err_tty: false, masks: Default::default() };
    let ran = match command {
        Command::Import { paths, explain: true, kelurahan, .. } => {
            import::explain(io, g, lang, &paths, kelurahan.as_deref())
        }
        Command::Import { paths, restore_rounded, explain: false, kelurahan } => {
            import::import(io, g, lang, &paths, restore_rounded, kelurahan)
        }
        Command::Export { out, format: super::ExportFormat::SiksNgUsulan, .. } => {
            import::export_siks(io, g, lang, &out)
        }
        Command::Export { out, xlsx, format: super::ExportFormat::Register } => import::export(io, g, lang, &out, xlsx),
        Command::Lookup(a) => lookup::lookup(io, g, lang, &a),
        Command::Duplicates { json } => lookup::duplicates(io, g, lang, json),
        Command::Stats { json } => check::stats(io, g, lang, json),
        Command::Check => check::check(io, g, lang),
        Command::Backup { out } => backup::backup(io, g, lang, &out),
        Command::Usulan { command } => usulan::run(io, g, lang, command),
        Command::Muskel { command } => muskel::run(io, g, lang, command),
        Command::Verval { command } => verval::run(io, g, lang, command),
        Command::Tahap { command } => tahap::run(io, g, lang, command),
        Command::Burekol { command } => tahap::burekol(io, g, lang, command),
        Command::Nonaktif { command } => nonaktif::run(io, g, lang, command),
        Command::Monev { command } => nonaktif::monev(io, g, lang, command),
        Command::Layak { command } => layak::run(io, g, lang, command),
        Command::User { command } => user::run(io, g, lang, command),
        Command::Audit { command } => audit::run(io, g, lang, command),
        // The client runs these itself and never sends them.
        _ => return refuse(io.err, say::not_through_server(lang)),
    };
    let _ = io.out.flush();
    Served::Exit(match ran {
        Ok(code) => super::remote::exit_u8(code),
        Err(e) => {
            io.say(&error_line(lang, &e));
            2
        }
    })
}

/// Whether the client runs `command` itself rather than through the server.
pub fn runs_locally(command: Option<&Command>) -> bool {
    matches!(
        command,
        Some(
            Command::Demo
                | Command::Sample { .. }
                | Command::Bench(_)
                | Command::Keymap { .. }
                | Command::Completions { .. }
                | Command::Man
                | Command::Serve { .. }
                | Command::Init { .. }
                | Command::Encrypt
                | Command::Rekey { .. }
                // Typed at this terminal, not the server's.
                | Command::User { command: UserCommand::Password { .. } }
        )
    )
}

/// Makes the relative paths of `command` start at `cwd`; whether it names any file.
fn from_cwd(command: &mut Command, cwd: &Path) -> bool {
    let mut paths: Vec<&mut PathBuf> = Vec::new();
    match command {
        Command::Import { paths: p, .. } => paths.extend(p.iter_mut()),
        Command::Export { out, .. } | Command::Backup { out } => paths.push(out),
        Command::User { command } => match command {
            UserCommand::Add { key: Some(k), .. } => paths.push(k),
            UserCommand::Key { command: UserKeyCommand::Add { file, .. } | UserKeyCommand::Remove { file, .. } } => {
                paths.push(file)
            }
            _ => {}
        },
        Command::Muskel { command: MuskelCommand::BeritaAcara { out, .. } } => paths.push(out),
        Command::Verval { command: VervalCommand::Export { out, .. } } => paths.push(out),
        Command::Tahap { command } => match command {
            TahapCommand::Diff { out: Some(out), .. } | TahapCommand::BankFile { out, .. } => paths.push(out),
            TahapCommand::ImportResults { file, .. } => paths.push(file),
            _ => {}
        },
        Command::Burekol { command: BurekolCommand::Import { file, .. } } => paths.push(file),
        Command::Monev { command: MonevCommand::Import { file, .. } } => paths.push(file),
        _ => {}
    }
    let named = !paths.is_empty();
    for p in paths {
        if p.is_relative() {
            *p = cwd.join(&*p);
        }
    }
    named
}
