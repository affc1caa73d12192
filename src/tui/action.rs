//! Every command a key can be bound to. `ACTIONS` is the one registry: the
//! keymap loader parses names with it, and the help overlay, the command
//! palette and the status bar take their texts from it.

use std::fmt;
use std::str::FromStr;

use crate::i18n::Msg;

/// Declares `Action` and `ACTIONS` from one list, so a variant cannot lack
/// its name or help text.
macro_rules! actions {
    ($($variant:ident $name:literal $help:ident,)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant,)* }

        /// (action, name used in keymap files, help text), in the order of
        /// the help overlay and the palette.
        pub const ACTIONS: &[(Action, &str, Msg)] = &[$((Action::$variant, $name, Msg::$help),)*];

        impl Action {
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }
            pub fn help(self) -> Msg {
                match self { $(Action::$variant => Msg::$help,)* }
            }
        }
    };
}

actions! {
    Up "up" HelpUp,
    Down "down" HelpDown,
    PageUp "page-up" HelpPageUp,
    PageDown "page-down" HelpPageDown,
    Home "home" HelpHome,
    End "end" HelpEnd,
    Open "open" HelpOpen,
    Back "back" HelpBack,
    NextPane "next-pane" HelpNextPane,
    PrevPane "prev-pane" HelpPrevPane,
    Search "search" HelpSearch,
    SearchNext "search-next" HelpSearchNext,
    SearchPrev "search-prev" HelpSearchPrev,
    Filter "filter" HelpFilter,
    FilterClear "filter-clear" HelpFilterClear,
    SearchDelete "search-delete" HelpSearchDelete,
    Help "help" HelpHelp,
    Palette "palette" HelpPalette,
    Quit "quit" HelpQuit,
    ForceQuit "force-quit" HelpForceQuit,
    GoDashboard "go-dashboard" HelpGoDashboard,
    GoHouseholds "go-households" HelpGoHouseholds,
    GoRecent "go-recent" HelpGoRecent,
    Counts "counts" HelpCounts,
    Export "export" HelpExport,
    ExportCsv "export-csv" HelpExportCsv,
    Confirm "confirm" HelpConfirm,
    Cancel "cancel" HelpCancel,
    Visit "visit" HelpVisit,
    GoDrafts "go-drafts" HelpGoDrafts,
    GoQueue "go-queue" HelpGoQueue,
    GoMuskel "go-muskel" HelpGoMuskel,
    GoUsulan "go-usulan" HelpGoUsulan,
    Submit "submit" HelpSubmit,
    Acknowledge "acknowledge" HelpAcknowledge,
    Discard "discard" HelpDiscard,
    ChoiceNext "choice-next" HelpChoiceNext,
    ChoicePrev "choice-prev" HelpChoicePrev,
    AddRow "add-row" HelpAddRow,
    RemoveRow "remove-row" HelpRemoveRow,
    Finalise "finalise" HelpFinalise,
    ReturnVisit "return-visit" HelpReturnVisit,
    Ratify "ratify" HelpRatify,
    RatifyAll "ratify-all" HelpRatifyAll,
    New "new" HelpNew,
    Attach "attach" HelpAttach,
    BeritaAcara "berita-acara" HelpBeritaAcara,
    // Deactivation screens.
    GoNonaktif "go-nonaktif" HelpGoNonaktif,
    ProposeNonaktif "propose-nonaktif" HelpProposeNonaktif,
    OtherKk "other-kk" HelpOtherKk,
    Reveal "reveal" HelpReveal,
    Approve "approve" HelpApprove,
    Reject "reject" HelpReject,
    Revise "revise" HelpRevise,
    Revert "revert" HelpRevert,
    Appeal "appeal" HelpAppeal,
    MonevImport "monev-import" HelpMonevImport,
    Doubles "doubles" HelpDoubles,
    KeepLeft "keep-left" HelpKeepLeft,
    KeepRight "keep-right" HelpKeepRight,
    SendMuskel "send-muskel" HelpSendMuskel,
    AgreeMuskel "agree-muskel" HelpAgreeMuskel,
    // Tahap screens.
    GoTahap "go-tahap" HelpGoTahap,
    PrevYear "prev-year" HelpPrevYear,
    NextYear "next-year" HelpNextYear,
    BuildList "build-list" HelpBuildList,
    FreezeList "freeze-list" HelpFreezeList,
    BankFile "bank-file" HelpBankFile,
    ImportResults "import-results" HelpImportResults,
    // The eligible-not-enrolled queue.
    ProposeUsulan "propose-usulan" HelpProposeUsulan,
}

impl Action {
    /// Position in `ACTIONS`, for listing in registry order.
    pub fn order(self) -> usize {
        ACTIONS.iter().position(|(a, ..)| *a == self).unwrap_or(usize::MAX)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Action {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ACTIONS.iter().find(|(_, n, _)| *n == s).map(|(a, ..)| *a).ok_or_else(|| format!("unknown action '{s}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_and_help_texts_are_unique_and_round_trip() {
        let names: HashSet<_> = ACTIONS.iter().map(|(_, n, _)| n).collect();
        assert_eq!(names.len(), ACTIONS.len());
        let helps: HashSet<_> = ACTIONS.iter().map(|(.., m)| m).collect();
        assert_eq!(helps.len(), ACTIONS.len());
        for (a, n, m) in ACTIONS {
            assert_eq!(n.parse::<Action>(), Ok(*a));
            assert_eq!(a.help(), *m);
            assert!(!n.contains(' ') && n.to_ascii_lowercase() == *n, "{n}");
        }
    }

    #[test]
    fn unknown_name_is_reported_in_quotes() {
        assert_eq!("frobnicate".parse::<Action>(), Err("unknown action 'frobnicate'".to_string()));
        assert!("Up".parse::<Action>().is_err());
    }
}
