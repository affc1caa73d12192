//! `dtks user`: who may log in to `dtks serve`, with which keys. A key file
//! is read before the store is opened, so a wrong path costs no open.

use std::process::ExitCode;

use super::{Global, Io, UserCommand, UserKeyCommand, found};
use crate::i18n::Lang;
use crate::i18n::users::{disabled, key_added, key_removed, user_added, user_list};
use crate::service::users::read_public_key;

pub(super) fn run(io: &mut Io, g: &Global, lang: Lang, command: UserCommand) -> anyhow::Result<ExitCode> {
    let me = io.actor(g);
    match command {
        UserCommand::Add { name, key } => {
            let key = key.as_deref().map(read_public_key).transpose()?;
            let u = io.open_with(g, lang, true)?.add_user(&name, key.as_ref(), &me)?;
            io.emit(&user_added(lang, &u))?;
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
            let users = io.open(g, lang)?.users()?;
            if json {
                io.emit(&format!("{}\n", serde_json::to_string_pretty(&super::json::users(&users))?))?;
            } else {
                io.emit(&user_list(lang, &users))?;
            }
            return Ok(found(users.len()));
        }
        UserCommand::Disable { name } => {
            let now = io.open(g, lang)?.disable_user(&name, &me)?;
            io.emit(&disabled(lang, &name, now))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
