//! The referral state machine:
//!
//! ```text
//! draft → sent → acknowledged → accepted → first_contact → service_delivered → closed
//!           ↘        ↘ declined (reason)
//!   withdrawn by the sender (from draft up to first contact)
//!   expired (no answer in time: from sent or acknowledged)
//! ```
//!
//! Each event belongs to one side: the sender sends and withdraws, the
//! receiving agency answers and records progress, and only the system
//! expires a referral. [`transition`] refuses everything else with a
//! reason a person can act on.
//!
//! A referral to an outside provider (an organization in the directory
//! that is not a Concord agency) has no receiving queue: the sender sends
//! it by exporting it, and records what the provider did on the
//! provider's behalf. That is the side [`ReferralSide::SenderForProvider`]:
//! the sender's own steps plus the receiver's, never the system's.

use crate::label::label_enum;

label_enum! {
    /// Where a referral stands.
    pub enum ReferralState ("referral state") {
        /// Being prepared by the sender; the receiver does not see it.
        Draft => "draft",
        /// In the receiving agency's queue, not yet looked at.
        Sent => "sent",
        /// The receiver has seen it and will decide.
        Acknowledged => "acknowledged",
        Accepted => "accepted",
        /// Refused by the receiver, with a reason.
        Declined => "declined",
        /// The receiver has been in touch with the survivor.
        FirstContact => "first_contact",
        ServiceDelivered => "service_delivered",
        /// Closed by the receiver with feedback to the sender.
        Closed => "closed",
        /// Taken back by the sender.
        Withdrawn => "withdrawn",
        /// Not answered in time.
        Expired => "expired",
    }
}

label_enum! {
    /// Something that happens to a referral.
    pub enum ReferralEvent ("referral event") {
        Send => "send",
        Acknowledge => "acknowledge",
        Accept => "accept",
        Decline => "decline",
        RecordFirstContact => "first_contact",
        RecordDelivery => "service_delivered",
        Close => "close",
        Withdraw => "withdraw",
        Expire => "expire",
    }
}

label_enum! {
    /// Who acts on a referral.
    pub enum ReferralSide ("referral side") {
        /// The agency whose case the referral comes from.
        Sender => "sender",
        /// The agency of the service referred to.
        Receiver => "receiver",
        /// Concord itself (expiry).
        System => "system",
        /// The sender of a referral to an outside provider, which has no
        /// queue in Concord: sends and withdraws, and records what the
        /// provider did (acknowledged, accepted, declined, first contact,
        /// delivered, closed with feedback) on its behalf.
        SenderForProvider => "sender_for_provider",
    }
}

label_enum! {
    /// Why a receiving agency declines.
    pub enum DeclineReason ("decline reason") {
        NoCapacity => "no_capacity",
        NotEligible => "not_eligible",
        ServiceNotOffered => "service_not_offered",
        SurvivorUnreachable => "survivor_unreachable",
        Other => "other",
    }
}

label_enum! {
    /// How a referral ended, fed back to the sender at closure.
    pub enum ReferralOutcome ("referral outcome") {
        NeedsMet => "needs_met",
        PartlyMet => "partly_met",
        NotMet => "not_met",
        SurvivorDidNotAttend => "survivor_did_not_attend",
        SurvivorStopped => "survivor_stopped",
    }
}

impl ReferralState {
    /// Nothing more happens to it.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ReferralState::Declined
                | ReferralState::Closed
                | ReferralState::Withdrawn
                | ReferralState::Expired
        )
    }

    /// Sent and waiting for the receiver to accept or decline: the
    /// response target runs.
    pub fn awaits_response(self) -> bool {
        matches!(self, ReferralState::Sent | ReferralState::Acknowledged)
    }

    /// The receiving agency sees it (everything but a draft).
    pub fn visible_to_receiver(self) -> bool {
        self != ReferralState::Draft
    }

    /// Whether `side` has something to do with a referral in this state
    /// ("referrals to act on").
    pub fn to_act_on(self, side: ReferralSide) -> bool {
        match side {
            ReferralSide::Sender => matches!(self, ReferralState::Draft | ReferralState::Declined),
            ReferralSide::Receiver => matches!(
                self,
                ReferralState::Sent
                    | ReferralState::Acknowledged
                    | ReferralState::Accepted
                    | ReferralState::FirstContact
                    | ReferralState::ServiceDelivered
            ),
            ReferralSide::SenderForProvider => {
                self.to_act_on(ReferralSide::Sender) || self.to_act_on(ReferralSide::Receiver)
            }
            ReferralSide::System => false,
        }
    }
}

impl ReferralEvent {
    /// The side that may cause this event.
    pub fn side(self) -> ReferralSide {
        match self {
            ReferralEvent::Send | ReferralEvent::Withdraw => ReferralSide::Sender,
            ReferralEvent::Acknowledge
            | ReferralEvent::Accept
            | ReferralEvent::Decline
            | ReferralEvent::RecordFirstContact
            | ReferralEvent::RecordDelivery
            | ReferralEvent::Close => ReferralSide::Receiver,
            ReferralEvent::Expire => ReferralSide::System,
        }
    }

    /// Whether `side` may cause this event: its own side, or the sender
    /// of an outside referral for the sender's and the receiver's events.
    pub fn may_be_caused_by(self, side: ReferralSide) -> bool {
        let own = self.side();
        own == side
            || (side == ReferralSide::SenderForProvider
                && matches!(own, ReferralSide::Sender | ReferralSide::Receiver))
    }

    /// The states this event may happen in.
    pub fn allowed_from(self) -> &'static [ReferralState] {
        use ReferralState::*;
        match self {
            ReferralEvent::Send => &[Draft],
            ReferralEvent::Acknowledge => &[Sent],
            ReferralEvent::Accept | ReferralEvent::Decline => &[Sent, Acknowledged],
            ReferralEvent::RecordFirstContact => &[Accepted],
            ReferralEvent::RecordDelivery => &[FirstContact],
            ReferralEvent::Close => &[ServiceDelivered],
            ReferralEvent::Withdraw => &[Draft, Sent, Acknowledged, Accepted, FirstContact],
            ReferralEvent::Expire => &[Sent, Acknowledged],
        }
    }

    /// Where the event leads.
    pub fn target(self) -> ReferralState {
        match self {
            ReferralEvent::Send => ReferralState::Sent,
            ReferralEvent::Acknowledge => ReferralState::Acknowledged,
            ReferralEvent::Accept => ReferralState::Accepted,
            ReferralEvent::Decline => ReferralState::Declined,
            ReferralEvent::RecordFirstContact => ReferralState::FirstContact,
            ReferralEvent::RecordDelivery => ReferralState::ServiceDelivered,
            ReferralEvent::Close => ReferralState::Closed,
            ReferralEvent::Withdraw => ReferralState::Withdrawn,
            ReferralEvent::Expire => ReferralState::Expired,
        }
    }
}

/// Why a transition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IllegalTransition {
    #[error("only the {expected} of a referral can do this")]
    WrongSide {
        event: ReferralEvent,
        expected: ReferralSide,
    },
    #[error("a referral that is {} cannot be given the step `{event}`", state_words(*.from))]
    NotFromState {
        from: ReferralState,
        event: ReferralEvent,
    },
}

impl IllegalTransition {
    /// The input field at fault: `event` for an event from the wrong side,
    /// `state` for an event the current state does not allow.
    pub fn field(self) -> &'static str {
        match self {
            IllegalTransition::WrongSide { .. } => "event",
            IllegalTransition::NotFromState { .. } => "state",
        }
    }
}

fn state_words(state: ReferralState) -> &'static str {
    match state {
        ReferralState::Draft => "a draft",
        ReferralState::Sent => "sent",
        ReferralState::Acknowledged => "acknowledged",
        ReferralState::Accepted => "accepted",
        ReferralState::Declined => "declined",
        ReferralState::FirstContact => "at first contact",
        ReferralState::ServiceDelivered => "delivered",
        ReferralState::Closed => "closed",
        ReferralState::Withdrawn => "withdrawn",
        ReferralState::Expired => "expired",
    }
}

/// The one decision: may `side` cause `event` to a referral in state
/// `from`, and where does it lead?
pub fn transition(
    from: ReferralState,
    event: ReferralEvent,
    side: ReferralSide,
) -> Result<ReferralState, IllegalTransition> {
    if !event.may_be_caused_by(side) {
        return Err(IllegalTransition::WrongSide {
            event,
            expected: event.side(),
        });
    }
    if !event.allowed_from().contains(&from) {
        return Err(IllegalTransition::NotFromState { from, event });
    }
    Ok(event.target())
}

#[cfg(test)]
mod tests;
