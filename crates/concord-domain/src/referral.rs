//! Referrals between agencies (DOMAIN.md §3, §4 step 4, §9): a referral
//! goes from a case of the sending agency to a service of a receiving
//! agency, lands in that agency's queue (not a named person), and is
//! followed until the loop closes with feedback to the sender.
//!
//! - [`state`]: the referral state machine, the one place that decides
//!   which event is allowed from which state and by which side;
//! - [`targets`]: urgency, response targets in working time, and overdue;
//! - [`consent_gate`]: whether the survivor's consent lets the referral go,
//!   decided by the one case access decision;
//! - [`form`]: a referral and the actions on it as entered.

pub mod consent_gate;
pub mod form;
pub mod state;
pub mod targets;

pub use consent_gate::{SendRefusal, referral_consent};
pub use form::{ReferralAction, ReferralActionForm, ReferralForm, ReferralInput};
pub use state::{
    DeclineReason, IllegalTransition, ReferralEvent, ReferralOutcome, ReferralSide, ReferralState,
    ReferralStep, steps, transition,
};
pub use targets::{ResponseTargets, Urgency, WorkingWeek, is_overdue, response_due};
