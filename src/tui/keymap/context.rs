//! Where a binding applies. Keys are looked up through a stack of contexts,
//! innermost first: [overlay or dialog, text field, screen, global].

use std::fmt;
use std::str::FromStr;

use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    List,
    Detail,
    Form,
    Queue,
    Tahap,
    Input,
    Help,
    Palette,
    Dialog,
}

impl Context {
    /// In the order the help overlay lists them.
    pub const ALL: [Context; 10] = [
        Context::Global,
        Context::List,
        Context::Detail,
        Context::Form,
        Context::Queue,
        Context::Tahap,
        Context::Input,
        Context::Help,
        Context::Palette,
        Context::Dialog,
    ];

    /// The table name in keymap files.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Detail => "detail",
            Context::Form => "form",
            Context::Queue => "queue",
            Context::Tahap => "tahap",
            Context::Input => "input",
            Context::Help => "help",
            Context::Palette => "palette",
            Context::Dialog => "dialog",
        }
    }

    pub fn title(self) -> Msg {
        match self {
            Context::Global => Msg::CtxGlobal,
            Context::List => Msg::CtxList,
            Context::Detail => Msg::CtxDetail,
            Context::Form => Msg::CtxForm,
            Context::Queue => Msg::CtxQueue,
            Context::Tahap => Msg::CtxTahap,
            Context::Input => Msg::CtxInput,
            Context::Help => Msg::CtxHelp,
            Context::Palette => Msg::CtxPalette,
            Context::Dialog => Msg::CtxDialog,
        }
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Context {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Context::ALL.into_iter().find(|c| c.name() == s).ok_or_else(|| {
            let names: Vec<_> = Context::ALL.iter().map(|c| c.name()).collect();
            format!("unknown context [{s}]; use one of: {}", names.join(", "))
        })
    }
}
