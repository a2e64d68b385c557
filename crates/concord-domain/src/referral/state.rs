//! The referral state machine:
//!
//! ```text
//! draft → sent → acknowledged → accepted → first_contact → service_delivered → closed
//!                      ↘ declined (reason)
//!   withdrawn by the sender (from draft up to first contact)
//!   expired (no answer in time: from sent or acknowledged)
//! ```
//!
//! No step is skipped: accepting or declining a referral that is only
//! sent acknowledges it first (the receiver cannot decide without having
//! seen it), and [`steps`] returns both steps, so the history, the audit
//! log and the funnel (sent → acknowledged → accepted, DOMAIN.md §8) all
//! show the acknowledgement. [`transition`] is the single step.
//!
//! Each event belongs to one side: the sender sends and withdraws, the
//! receiving agency answers and records progress, and only the system
//! expires a referral. [`steps`] refuses everything else with a reason a
//! person can act on, in the states' own words.
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
            ReferralEvent::Accept | ReferralEvent::Decline => &[Acknowledged],
            ReferralEvent::RecordFirstContact => &[Accepted],
            ReferralEvent::RecordDelivery => &[FirstContact],
            ReferralEvent::Close => &[ServiceDelivered],
            ReferralEvent::Withdraw => &[Draft, Sent, Acknowledged, Accepted, FirstContact],
            ReferralEvent::Expire => &[Sent, Acknowledged],
        }
    }

    /// The step taken first when this event is given to a referral in
    /// `from` that the event cannot leave directly: accepting or declining
    /// a referral that is only sent acknowledges it first.
    pub fn implies(self, from: ReferralState) -> Option<ReferralEvent> {
        match (self, from) {
            (ReferralEvent::Accept | ReferralEvent::Decline, ReferralState::Sent) => {
                Some(ReferralEvent::Acknowledge)
            }
            _ => None,
        }
    }

    /// The states in which this event may be given: directly, or after
    /// the step it implies.
    pub fn given_from(self) -> Vec<ReferralState> {
        ReferralState::ALL
            .into_iter()
            .filter(|from| {
                self.allowed_from().contains(from)
                    || self.implies(*from).is_some_and(|first| {
                        first.allowed_from().contains(from)
                            && self.allowed_from().contains(&first.target())
                    })
            })
            .collect()
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

/// One step a referral takes, as its history records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferralStep {
    pub event: ReferralEvent,
    pub from: ReferralState,
    pub to: ReferralState,
}

/// Why a transition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IllegalTransition {
    #[error("only {} can {}", side_words(*.expected), event_words(*.event))]
    WrongSide {
        event: ReferralEvent,
        expected: ReferralSide,
    },
    #[error(
        "this referral is {}; it can {} only when it is {}",
        state_words(*.from),
        event_words_passive(*.event),
        state_list(*.event)
    )]
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

/// A state in the README's words (draft, sent, acknowledged, accepted,
/// declined, first contact, service delivered, closed, withdrawn,
/// expired).
pub fn state_words(state: ReferralState) -> &'static str {
    match state {
        ReferralState::Draft => "a draft",
        ReferralState::Sent => "sent",
        ReferralState::Acknowledged => "acknowledged",
        ReferralState::Accepted => "accepted",
        ReferralState::Declined => "declined",
        ReferralState::FirstContact => "at first contact",
        ReferralState::ServiceDelivered => "at service delivered",
        ReferralState::Closed => "closed",
        ReferralState::Withdrawn => "withdrawn",
        ReferralState::Expired => "expired",
    }
}

fn side_words(side: ReferralSide) -> &'static str {
    match side {
        ReferralSide::Sender => "the sending agency",
        ReferralSide::Receiver => "the receiving agency",
        ReferralSide::System => "Concord itself (when no answer came in time)",
        ReferralSide::SenderForProvider => "the sending agency, for the outside provider,",
    }
}

fn event_words(event: ReferralEvent) -> &'static str {
    match event {
        ReferralEvent::Send => "send a referral",
        ReferralEvent::Acknowledge => "acknowledge a referral",
        ReferralEvent::Accept => "accept a referral",
        ReferralEvent::Decline => "decline a referral",
        ReferralEvent::RecordFirstContact => "record first contact",
        ReferralEvent::RecordDelivery => "record that the service was delivered",
        ReferralEvent::Close => "close a referral",
        ReferralEvent::Withdraw => "withdraw a referral",
        ReferralEvent::Expire => "expire a referral",
    }
}

fn event_words_passive(event: ReferralEvent) -> &'static str {
    match event {
        ReferralEvent::Send => "be sent",
        ReferralEvent::Acknowledge => "be acknowledged",
        ReferralEvent::Accept => "be accepted",
        ReferralEvent::Decline => "be declined",
        ReferralEvent::RecordFirstContact => "have first contact recorded",
        ReferralEvent::RecordDelivery => "have the service recorded as delivered",
        ReferralEvent::Close => "be closed",
        ReferralEvent::Withdraw => "be withdrawn",
        ReferralEvent::Expire => "expire",
    }
}

/// "sent or acknowledged": the states an event may be given in.
fn state_list(event: ReferralEvent) -> String {
    let words: Vec<&str> = event.given_from().into_iter().map(state_words).collect();
    match words.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => "never".to_string(),
    }
}

/// The one decision: may `side` give `event` to a referral in state
/// `from`, and which steps does that record, in order? Usually one; two
/// when the event implies a step first (accepting or declining a referral
/// that is only sent acknowledges it first). Refused with the side at
/// fault, or with the states in which the event may be given.
pub fn steps(
    from: ReferralState,
    event: ReferralEvent,
    side: ReferralSide,
) -> Result<Vec<ReferralStep>, IllegalTransition> {
    if !event.may_be_caused_by(side) {
        return Err(IllegalTransition::WrongSide {
            event,
            expected: event.side(),
        });
    }
    let mut path = Vec::with_capacity(2);
    let mut at = from;
    if let Some(first) = event.implies(from) {
        let to = transition(at, first, side)
            .map_err(|_| IllegalTransition::NotFromState { from, event })?;
        path.push(ReferralStep {
            event: first,
            from: at,
            to,
        });
        at = to;
    }
    let to =
        transition(at, event, side).map_err(|_| IllegalTransition::NotFromState { from, event })?;
    path.push(ReferralStep {
        event,
        from: at,
        to,
    });
    Ok(path)
}

/// One step: may `side` cause `event` to a referral in state `from`, and
/// where does it lead? Never skips a state; [`steps`] adds the steps an
/// event implies.
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
