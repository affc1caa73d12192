//! The one line that ends a command in error, in the user's language:
//! clap's refusals of the command line, and the errors of the service,
//! store, files and OS. Library texts never reach the user.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::{Cli, Said};
use crate::i18n::Lang;
use crate::i18n::cli::{
    Expect, Misuse, bad_kelurahan, misuse, os_failure, sample_cycle_failed, unknown_sample_kelurahan,
};
use crate::service::ServiceError;
use crate::service::error::{format_message, io_reason, store_message};

/// Parses the command line. `--help` and `--version` print clap's text and
/// give its exit code; any other refusal prints one line of ours and 2.
pub fn parse<I, T>(args: I) -> Result<Cli, ExitCode>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    parse_or(
        &args,
        |e| {
            // Failing to print help (a closed stdout) leaves nothing to say.
            let _ = e.print();
        },
        &mut std::io::stderr(),
    )
}

/// As [`parse`], with clap's help and version text given to `help` and our
/// line written to `err`.
pub(super) fn parse_or(
    args: &[OsString],
    help: impl FnOnce(&clap::Error),
    err: &mut dyn std::io::Write,
) -> Result<Cli, ExitCode> {
    let e = match Cli::try_parse_from(args) {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            help(&e);
            Err(ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)))
        }
        _ => {
            let _ = writeln!(err, "dtks: {}", crate::i18n::visible_text(&misuse(raw_lang(args), &what(&e))));
            Err(ExitCode::from(2))
        }
    }
}

/// `--lang` as typed, since parsing failed: Indonesian unless it says `en`.
fn raw_lang(args: &[OsString]) -> Lang {
    let mut lang = Lang::Id;
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(v) = value {
            lang = v.parse().unwrap_or(Lang::Id);
        }
    }
    lang
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn what(e: &clap::Error) -> Misuse {
    let get = |k| context(e, k).unwrap_or_default();
    match e.kind() {
        ErrorKind::InvalidSubcommand => Misuse::UnknownCommand {
            name: get(ContextKind::InvalidSubcommand),
            suggestion: context(e, ContextKind::SuggestedSubcommand),
        },
        ErrorKind::UnknownArgument => Misuse::UnknownOption {
            name: get(ContextKind::InvalidArg),
            suggestion: context(e, ContextKind::SuggestedArg),
        },
        ErrorKind::InvalidValue => match context(e, ContextKind::ValidValue) {
            Some(choices) => {
                Misuse::NotAChoice { arg: get(ContextKind::InvalidArg), value: get(ContextKind::InvalidValue), choices }
            }
            None => bad_value(get(ContextKind::InvalidArg), get(ContextKind::InvalidValue)),
        },
        ErrorKind::ValueValidation => bad_value(get(ContextKind::InvalidArg), get(ContextKind::InvalidValue)),
        ErrorKind::MissingRequiredArgument => Misuse::MissingArgument { args: get(ContextKind::InvalidArg) },
        ErrorKind::MissingSubcommand => Misuse::MissingSubcommand,
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues
        | ErrorKind::ArgumentConflict => Misuse::WrongUse { arg: get(ContextKind::InvalidArg) },
        ErrorKind::InvalidUtf8 => Misuse::NotUtf8,
        // clap's kinds are non-exhaustive; a new one still gets our words.
        _ => Misuse::Other,
    }
}

/// A refused value, with the form its argument takes (see `args.rs`).
fn bad_value(arg: String, value: String) -> Misuse {
    let name = arg.split_whitespace().next().unwrap_or_default();
    let expect = match name {
        "--today" | "--as-of" => Expect::Date,
        "--now" => Expect::Moment,
        "--households" | "--seed" | "--limit" | "<ID>" => Expect::Number,
        "--lahir" => Expect::YearOrDate,
        _ => Expect::Text,
    };
    Misuse::BadValue { arg, value, expect }
}

/// One line for an error that ended a command: the service's own words in
/// `lang` when it is one of its errors, the words of the catalogue for the
/// rest, never a library's text.
pub fn error_line(lang: Lang, e: &anyhow::Error) -> String {
    format!("dtks: {}", message(lang, e))
}

pub(super) fn message(lang: Lang, e: &anyhow::Error) -> String {
    if let Some(se) = e.downcast_ref::<ServiceError>() {
        return se.message(lang);
    }
    if let Some(se) = e.downcast_ref::<crate::store::StoreError>() {
        return store_message(lang, se);
    }
    if let Some(fe) = e.downcast_ref::<crate::formats::FormatError>() {
        return format_message(lang, fe);
    }
    if let Some(Said(text)) = e.downcast_ref::<Said>() {
        return text.clone();
    }
    if let Some(be) = e.downcast_ref::<crate::bench::BenchError>() {
        use crate::bench::BenchError;
        return match be {
            BenchError::Service(se) => se.message(lang),
            BenchError::Store(se) => store_message(lang, se),
            BenchError::Failed(text) => text.clone(),
            BenchError::Io(io) => os_failure(lang, io_reason(lang, io.kind())),
        };
    }
    if let Some(se) = e.downcast_ref::<crate::sample::SampleError>() {
        use crate::sample::SampleError;
        return match se {
            SampleError::BadKelurahan(code) => bad_kelurahan(lang, code),
            SampleError::UnknownKelurahan(code) => unknown_sample_kelurahan(lang, code),
            SampleError::Format(fe) => format_message(lang, fe),
            SampleError::Cycle(_) => sample_cycle_failed(lang, None),
            SampleError::Refused(e) => sample_cycle_failed(lang, Some(&e.message(lang))),
        };
    }
    let kind =
        e.chain().find_map(|c| c.downcast_ref::<std::io::Error>()).map_or(std::io::ErrorKind::Other, |io| io.kind());
    os_failure(lang, io_reason(lang, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        a.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_language_of_a_refused_command_line_is_read_from_the_raw_arguments() {
        assert_eq!(raw_lang(&args(&["dtks", "frob"])), Lang::Id);
        assert_eq!(raw_lang(&args(&["dtks", "--lang", "en", "frob"])), Lang::En);
        assert_eq!(raw_lang(&args(&["dtks", "frob", "--lang=en"])), Lang::En);
        assert_eq!(raw_lang(&args(&["dtks", "--lang", "en", "--lang", "id"])), Lang::Id, "the last one counts");
        assert_eq!(raw_lang(&args(&["dtks", "--lang", "jv"])), Lang::Id);
        assert_eq!(raw_lang(&args(&["dtks", "--language", "en"])), Lang::Id);
    }

    #[test]
    fn refusals_name_what_clap_refused() {
        let e = Cli::try_parse_from(["dtks", "lookp"]).unwrap_err();
        assert_eq!(what(&e), Misuse::UnknownCommand { name: "lookp".into(), suggestion: Some("lookup".into()) });
        let e = Cli::try_parse_from(["dtks", "--today", "2026-02-30", "stats"]).unwrap_err();
        assert!(matches!(what(&e), Misuse::BadValue { value, expect: Expect::Date, .. } if value == "2026-02-30"));
        let e = Cli::try_parse_from(["dtks", "--lang", "jv"]).unwrap_err();
        assert!(matches!(what(&e), Misuse::NotAChoice { choices, .. } if choices == "id, en"));
        let e = Cli::try_parse_from(["dtks", "lookup"]).unwrap_err();
        assert!(matches!(what(&e), Misuse::MissingArgument { args } if args.contains("QUERY")));
    }
}
