//! The referral state machine checked against the table written out as
//! data, for every state, event and side, plus random walks through it.

use super::*;
use ReferralEvent as E;
use ReferralSide as S;
use ReferralState::*;
use proptest::prelude::*;

/// Every allowed move, written out independently of the code.
const ALLOWED: &[(ReferralState, ReferralEvent, ReferralState)] = &[
    (Draft, E::Send, Sent),
    (Draft, E::Withdraw, Withdrawn),
    (Sent, E::Acknowledge, Acknowledged),
    (Sent, E::Accept, Accepted),
    (Sent, E::Decline, Declined),
    (Sent, E::Withdraw, Withdrawn),
    (Sent, E::Expire, Expired),
    (Acknowledged, E::Accept, Accepted),
    (Acknowledged, E::Decline, Declined),
    (Acknowledged, E::Withdraw, Withdrawn),
    (Acknowledged, E::Expire, Expired),
    (Accepted, E::RecordFirstContact, FirstContact),
    (Accepted, E::Withdraw, Withdrawn),
    (FirstContact, E::RecordDelivery, ServiceDelivered),
    (FirstContact, E::Withdraw, Withdrawn),
    (ServiceDelivered, E::Close, Closed),
];

fn side_of(event: ReferralEvent) -> ReferralSide {
    match event {
        E::Send | E::Withdraw => S::Sender,
        E::Expire => S::System,
        _ => S::Receiver,
    }
}

#[test]
fn every_state_event_and_side_matches_the_table() {
    let mut allowed = 0;
    for from in ReferralState::ALL {
        for event in ReferralEvent::ALL {
            for side in ReferralSide::ALL {
                let expected = ALLOWED
                    .iter()
                    .find(|(f, e, _)| *f == from && *e == event)
                    .map(|(_, _, to)| *to)
                    .filter(|_| {
                        side == side_of(event)
                            || (side == S::SenderForProvider && side_of(event) != S::System)
                    });
                let got = transition(from, event, side);
                assert_eq!(got.ok(), expected, "{from} --{event}/{side}-->");
                if expected.is_some() {
                    allowed += 1;
                }
            }
        }
    }
    // Every non-system move once by its own side, and once more by the
    // sender of an outside referral.
    let system = ALLOWED.iter().filter(|(_, e, _)| *e == E::Expire).count();
    assert_eq!(allowed, ALLOWED.len() + ALLOWED.len() - system);
}

#[test]
fn the_sender_of_an_outside_referral_records_the_whole_loop() {
    let walk = [
        (E::Send, Sent),
        (E::Acknowledge, Acknowledged),
        (E::Accept, Accepted),
        (E::RecordFirstContact, FirstContact),
        (E::RecordDelivery, ServiceDelivered),
        (E::Close, Closed),
    ];
    let mut state = Draft;
    for (event, to) in walk {
        state = transition(state, event, S::SenderForProvider).unwrap();
        assert_eq!(state, to);
    }
    assert_eq!(
        transition(Sent, E::Decline, S::SenderForProvider),
        Ok(Declined)
    );
    // Never the system's step, and never an illegal one.
    let expire = transition(Sent, E::Expire, S::SenderForProvider).unwrap_err();
    assert_eq!(expire.field(), "event");
    assert_eq!(
        expire.to_string(),
        "only the system of a referral can do this"
    );
    let closed = transition(Accepted, E::Close, S::SenderForProvider).unwrap_err();
    assert_eq!(closed.field(), "state");
    assert_eq!(
        closed.to_string(),
        "a referral that is accepted cannot be given the step `close`"
    );
    // A member referral's sender still cannot answer for the receiver.
    assert!(transition(Sent, E::Accept, S::Sender).is_err());
    // Everything open is the outside sender's to follow up.
    for state in ReferralState::ALL {
        assert_eq!(
            state.to_act_on(S::SenderForProvider),
            state.to_act_on(S::Sender) || state.to_act_on(S::Receiver)
        );
    }
}

#[test]
fn refusals_say_why_and_name_the_field() {
    let wrong_side = transition(Sent, E::Accept, S::Sender).unwrap_err();
    assert_eq!(wrong_side.field(), "event");
    assert_eq!(
        wrong_side.to_string(),
        "only the receiver of a referral can do this"
    );
    let wrong_state = transition(Closed, E::Accept, S::Receiver).unwrap_err();
    assert_eq!(wrong_state.field(), "state");
    assert_eq!(
        wrong_state.to_string(),
        "a referral that is closed cannot be given the step `accept`"
    );
    assert_eq!(
        transition(Draft, E::Expire, S::System)
            .unwrap_err()
            .to_string(),
        "a referral that is a draft cannot be given the step `expire`"
    );
}

#[test]
fn final_states_allow_nothing() {
    for from in ReferralState::ALL.into_iter().filter(|s| s.is_final()) {
        for event in ReferralEvent::ALL {
            for side in ReferralSide::ALL {
                assert!(transition(from, event, side).is_err(), "{from} {event}");
            }
        }
    }
    assert_eq!(
        ReferralState::ALL.iter().filter(|s| s.is_final()).count(),
        4
    );
}

#[test]
fn the_receiver_never_sees_a_draft_and_acts_on_open_referrals() {
    assert!(!Draft.visible_to_receiver());
    for state in ReferralState::ALL {
        if state != Draft {
            assert!(state.visible_to_receiver());
        }
        // Something to act on is never final for the receiver.
        if state.to_act_on(S::Receiver) {
            assert!(!state.is_final());
        }
        assert!(!state.to_act_on(S::System));
    }
    assert!(Draft.to_act_on(S::Sender));
    assert!(Declined.to_act_on(S::Sender));
    assert!(Sent.awaits_response() && Acknowledged.awaits_response());
    assert!(!Accepted.awaits_response());
}

fn any_event() -> impl Strategy<Value = ReferralEvent> {
    proptest::sample::select(ReferralEvent::ALL.to_vec())
}

fn any_side() -> impl Strategy<Value = ReferralSide> {
    proptest::sample::select(ReferralSide::ALL.to_vec())
}

/// How far along the path to closure a state is.
fn progress(state: ReferralState) -> u8 {
    match state {
        Draft => 0,
        Sent => 1,
        Acknowledged => 2,
        Accepted => 3,
        FirstContact => 4,
        ServiceDelivered => 5,
        Closed | Declined | Withdrawn | Expired => 6,
    }
}

proptest! {
    /// Any sequence of attempts from a draft: refused ones change nothing,
    /// allowed ones only move forward, and once final nothing moves.
    #[test]
    fn random_walks_only_move_forward(steps in proptest::collection::vec((any_event(), any_side()), 0..40)) {
        let mut state = Draft;
        for (event, side) in steps {
            match transition(state, event, side) {
                Ok(next) => {
                    prop_assert!(!state.is_final());
                    prop_assert!(progress(next) > progress(state));
                    prop_assert_eq!(next, event.target());
                    prop_assert!(event.may_be_caused_by(side));
                    prop_assert!(side == event.side() || side == S::SenderForProvider);
                    state = next;
                }
                Err(refusal) => {
                    prop_assert!(
                        !event.may_be_caused_by(side) || !event.allowed_from().contains(&state) || state.is_final()
                    );
                    prop_assert!(matches!(refusal.field(), "event" | "state"));
                }
            }
        }
    }

    /// An outside referral's sender never takes Concord's own step, and
    /// what it may do is exactly what the sender or the receiver may.
    #[test]
    fn the_outside_sender_is_the_sender_and_the_receiver(from in proptest::sample::select(ReferralState::ALL.to_vec()), event in any_event()) {
        let outside = transition(from, event, S::SenderForProvider).ok();
        let either = transition(from, event, S::Sender)
            .or_else(|_| transition(from, event, S::Receiver))
            .ok();
        prop_assert_eq!(outside, either);
        prop_assert!(event != E::Expire || outside.is_none());
    }

    /// Only the receiver's steps lead to closure, and closing always went
    /// through acceptance, first contact and delivery.
    #[test]
    fn closure_needs_the_whole_path(steps in proptest::collection::vec((any_event(), any_side()), 0..40)) {
        let mut state = Draft;
        let mut seen = vec![Draft];
        for (event, side) in steps {
            if let Ok(next) = transition(state, event, side) {
                state = next;
                seen.push(next);
            }
        }
        if state == Closed {
            for needed in [Sent, Accepted, FirstContact, ServiceDelivered] {
                prop_assert!(seen.contains(&needed));
            }
        }
    }
}
