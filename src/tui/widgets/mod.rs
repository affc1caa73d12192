//! Widgets shared by screens, and the overlays the `App` opens over them.

pub mod confirm;
pub mod help;
pub mod list_table;
pub mod lock;
pub mod opening;
pub mod palette;
pub mod status_bar;
pub mod text_input;
pub mod too_small;

pub use confirm::ConfirmDialog;
pub use help::HelpOverlay;
pub use list_table::ListTable;
pub use palette::Palette;
pub use text_input::TextInput;

use super::action::Action;

/// What an overlay asks of the `App` after handling an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverlayResult {
    /// Stay open; `true` if it needs drawing again.
    Stay(bool),
    Close,
    /// Close, then run this action on the screen below.
    Run(Action),
    /// Close, and pass the same action on to the screen below.
    PassThrough,
    /// Leave the program.
    Quit,
}
