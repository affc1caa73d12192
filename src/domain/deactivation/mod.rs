//! Deactivation decisions (penonaktifan), the pure part: a proposal to take
//! a person or a household out of the register (or some programmes), with
//! its reason and evidence; its way through the Muskel to a four-eyes
//! decision; the effective period per programme, never inside a frozen
//! list; the effect on the household record; undo, appeal (*sanggahan*)
//! and reactivation; drafts from monev findings and from double records.
//!
//! The flow the service builds on, each step one atomic write:
//! [`Proposal::draft`] → [`Proposal::submit`] (to a Muskel) →
//! [`Proposal::agree`] → [`Proposal::decide`] (plans the effective periods
//! on a [`Calendar`]) → [`effect::apply`] + [`Proposal::take_effect`].
//! Then either [`Proposal::revert`] + [`effect::undo`], or
//! [`Proposal::appeal`] → [`Proposal::decide_appeal`] + [`effect::reinstate`].
//! A reactivation is a proposal with [`Direction::Reactivate`] on the same way.
//!
//! Nothing here reads the clock; texts are in `crate::i18n::deactivation`.

pub mod double;
pub mod effect;
pub mod effective;
pub mod monev;
pub mod proposal;
pub mod state;

pub use effect::{Change, Deactivated, deactivated_since};
pub use effective::{Calendar, Plan, ProgrammeEffect, TahapCalendar};
pub use proposal::{
    DeletionGround, Direction, DocumentKind, DraftInput, Evidence, Ground, Origin, Proposal, Reference, Scope, Subject,
};
pub use state::{Decision, Event, Outcome, Refusal, State, Step};

#[cfg(test)]
mod tests;
