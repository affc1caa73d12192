//! `dtks user`: who may log in to `dtks serve`, with which keys. A key file
//! is read before the store is opened, so a wrong path costs no open.

use std::process::ExitCode;

use super::{Global, UserCommand, UserKeyCommand, actor, emit, found, open};
use crate::i18n::Lang;
use crate::i18n::users::{disabled, key_added, key_removed, user_added, user_list};
use crate::service::users::read_public_key;

pub(super) fn run(g: &Global, lang: Lang, command: UserCommand) -> anyhow::Result<ExitCode> {
    let me = actor(g);
    match command {
        UserCommand::Add { name, key } => {
            let key = key.as_deref().map(read_public_key).transpose()?;
            let u = open(g, lang, true)?.add_user(&name, key.as_ref(), &me)?;
            emit(&user_added(lang, &u))?;
        }
        UserCommand::Key { command: UserKeyCommand::Add { name, file } } => {
            let key = read_public_key(&file)?;
            let k = open(g, lang, false)?.add_user_key(&name, &key, &me)?;
            emit(&key_added(lang, &name, &k))?;
        }
        UserCommand::Key { command: UserKeyCommand::Remove { name, file } } => {
            let key = read_public_key(&file)?;
            let svc = open(g, lang, false)?;
            let k = svc.remove_user_key(&name, &key, &me)?;
            let left = svc.user(&name)?.map_or(0, |u| u.keys.len());
            emit(&key_removed(lang, &name, &k, left))?;
        }
        UserCommand::List { json } => {
            let users = open(g, lang, false)?.users()?;
            if json {
                emit(&format!("{}\n", serde_json::to_string_pretty(&super::json::users(&users))?))?;
            } else {
                emit(&user_list(lang, &users))?;
            }
            return Ok(found(users.len()));
        }
        UserCommand::Disable { name } => {
            let now = open(g, lang, false)?.disable_user(&name, &me)?;
            emit(&disabled(lang, &name, now))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
