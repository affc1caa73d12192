//! `dtks user`: who may log in to `dtks serve`, with which keys. A key file
//! is read before the store is opened, so a wrong path costs no open.

use std::process::ExitCode;

use super::{Global, Io, UserCommand, UserKeyCommand, found};
use crate::i18n::Lang;
use crate::i18n::users::{
    disabled, key_added, key_removed, password_prompts, password_set, passwords_differ, user_added, user_list, user_set,
};
use crate::service::access::access_of;
use crate::service::users::read_public_key;

pub(super) fn run(io: &mut Io, g: &Global, lang: Lang, command: UserCommand) -> anyhow::Result<ExitCode> {
    let me = io.actor(g);
    match command {
        UserCommand::Add { name, key, role, area } => {
            let key = key.as_deref().map(read_public_key).transpose()?;
            let svc = io.open_with(g, lang, true)?;
            let access = svc.parse_access(&name, &role, area.as_deref())?;
            let u = svc.add_user(&name, key.as_ref(), &access, &me)?;
            io.emit(&user_added(lang, &u, &svc.wilayah()))?;
        }
        UserCommand::Set { name, role, area } => {
            let svc = io.open(g, lang)?;
            let was = svc.user(&name)?.map(|u| access_of(&u));
            let role = role.or_else(|| was.as_ref().map(|a| a.role.code().to_string()));
            let area = area.or_else(|| {
                was.as_ref().map(|a| a.areas.join(",")).map(|a| if a.is_empty() { "all".into() } else { a })
            });
            let access = svc.parse_access(&name, role.as_deref().unwrap_or("petugas"), area.as_deref())?;
            let u = svc.set_user_access(&name, &access, &me)?;
            io.emit(&user_set(lang, &u, &svc.wilayah()))?;
        }
        UserCommand::Key { command: UserKeyCommand::Add { name, file } } => {
            let key = read_public_key(&file)?;
            let k = io.open(g, lang)?.add_user_key(&name, &key, &me)?;
            io.emit(&key_added(lang, &name, &k))?;
        }
        UserCommand::Key { command: UserKeyCommand::Remove { name, file } } => {
            let key = read_public_key(&file)?;
            let svc = io.open(g, lang)?;
            let k = svc.remove_user_key(&name, &key, &me)?;
            let left = svc.user(&name)?.map_or(0, |u| u.keys.len());
            io.emit(&key_removed(lang, &name, &k, left))?;
        }
        UserCommand::List { json } => {
            let svc = io.open(g, lang)?;
            let users = svc.users()?;
            if json {
                io.emit(&format!("{}\n", serde_json::to_string_pretty(&super::json::users(&users))?))?;
            } else {
                io.emit(&user_list(lang, &users, &svc.wilayah()))?;
            }
            return Ok(found(users.len()));
        }
        UserCommand::Password { name } => {
            let password = read_password(lang)?;
            io.open(g, lang)?.set_password(&name, &password, &me)?;
            io.emit(&password_set(lang, &name))?;
        }
        UserCommand::Disable { name } => {
            let now = io.open(g, lang)?.disable_user(&name, &me)?;
            io.emit(&disabled(lang, &name, now))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `dtks init`: the register, and the caller as its first operator.
pub(super) fn init(io: &mut Io, g: &Global, lang: Lang, key: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let key = key.map(read_public_key).transpose()?;
    let svc = io.open_with(g, lang, true)?;
    let u = svc.init_operator(key.as_ref(), &io.actor(g))?;
    io.emit(&user_added(lang, &u, &svc.wilayah()))?;
    Ok(ExitCode::SUCCESS)
}

/// A new password: typed twice without echo at a terminal, else the first
/// line of standard input (scripts).
fn read_password(lang: Lang) -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let (first, again) = password_prompts(lang);
    let a = rpassword::prompt_password(first)?;
    let b = rpassword::prompt_password(again)?;
    if a != b {
        return Err(super::said(passwords_differ(lang)));
    }
    Ok(a)
}
