//! The referral state machine checked against the table written out as
//! data, for every state, event and side, plus random walks through it.
//! No state is skipped: accepting or declining a sent referral records the
//! acknowledgement first.

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

/// Events that, given in a state they cannot leave directly, first take
/// another step: (from, event, the step taken first).
const IMPLIED: &[(ReferralState, ReferralEvent, ReferralEvent)] = &[
    (Sent, E::Accept, E::Acknowledge),
    (Sent, E::Decline, E::Acknowledge),
];

/// The README's word for each state, as refusals must use them.
fn readme_words(state: ReferralState) -> &'static str {
    match state {
        Draft => "a draft",
        Sent => "sent",
        Acknowledged => "acknowledged",
        Accepted => "accepted",
        Declined => "declined",
        FirstContact => "at first contact",
        ServiceDelivered => "at service delivered",
        Closed => "closed",
        Withdrawn => "withdrawn",
        Expired => "expired",
    }
}

fn single(from: ReferralState, event: ReferralEvent) -> Option<ReferralState> {
    ALLOWED
        .iter()
        .find(|(f, e, _)| *f == from && *e == event)
        .map(|(_, _, to)| *to)
}

/// The steps the table says `event` records from `from` (any side).
fn expected_path(from: ReferralState, event: ReferralEvent) -> Option<Vec<ReferralStep>> {
    if let Some(to) = single(from, event) {
        return Some(vec![ReferralStep { event, from, to }]);
    }
    let (_, _, first) = IMPLIED.iter().find(|(f, e, _)| *f == from && *e == event)?;
    let middle = single(from, *first)?;
    let to = single(middle, event)?;
    Some(vec![
        ReferralStep {
            event: *first,
            from,
            to: middle,
        },
        ReferralStep {
            event,
            from: middle,
            to,
        },
    ])
}

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

fn side_allowed(event: ReferralEvent, side: ReferralSide) -> bool {
    side == side_of(event) || (side == S::SenderForProvider && side_of(event) != S::System)
}

/// Every state × every event × every side: the steps recorded, or the
/// refusal with the side at fault or the states the event needs.
#[test]
fn every_state_event_and_side_records_the_table_steps_or_says_why_not() {
    for from in ReferralState::ALL {
        for event in ReferralEvent::ALL {
            for side in ReferralSide::ALL {
                let got = steps(from, event, side);
                let path = expected_path(from, event);
                match (side_allowed(event, side), path) {
                    (false, _) => {
                        let refusal = got.unwrap_err();
                        assert_eq!(
                            refusal,
                            IllegalTransition::WrongSide {
                                event,
                                expected: side_of(event)
                            },
                            "{from} --{event}/{side}-->"
                        );
                        assert_eq!(refusal.field(), "event");
                    }
                    (true, Some(path)) => {
                        assert_eq!(got.unwrap(), path, "{from} --{event}/{side}-->");
                    }
                    (true, None) => {
                        let refusal = got.unwrap_err();
                        assert_eq!(
                            refusal,
                            IllegalTransition::NotFromState { from, event },
                            "{from} --{event}/{side}-->"
                        );
                        assert_eq!(refusal.field(), "state");
                        // Names where the referral stands and where the
                        // event could be given, in the README's words.
                        let text = refusal.to_string();
                        assert!(
                            text.starts_with(&format!("this referral is {};", readme_words(from))),
                            "{text}"
                        );
                        for state in ReferralState::ALL {
                            if expected_path(state, event).is_some() {
                                assert!(text.contains(readme_words(state)), "{text}");
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn accepting_or_declining_a_sent_referral_acknowledges_it_first() {
    for event in [E::Accept, E::Decline] {
        for side in [S::Receiver, S::SenderForProvider] {
            let path = steps(Sent, event, side).unwrap();
            assert_eq!(
                path.iter()
                    .map(|s| (s.event, s.from, s.to))
                    .collect::<Vec<_>>(),
                vec![
                    (E::Acknowledge, Sent, Acknowledged),
                    (event, Acknowledged, event.target())
                ]
            );
            // From acknowledged, one step.
            assert_eq!(steps(Acknowledged, event, side).unwrap().len(), 1);
        }
        // The single step never skips acknowledged.
        assert!(transition(Sent, event, S::Receiver).is_err());
        assert_eq!(event.given_from(), vec![Sent, Acknowledged]);
    }
    // Nothing else implies a step.
    for from in ReferralState::ALL {
        for event in ReferralEvent::ALL {
            if !matches!((from, event), (Sent, E::Accept | E::Decline)) {
                assert_eq!(event.implies(from), None, "{from} {event}");
            }
        }
    }
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
        steps(Sent, E::Decline, S::SenderForProvider)
            .unwrap()
            .last()
            .map(|s| s.to),
        Some(Declined)
    );
    // Never the system's step, and never an illegal one.
    let expire = steps(Sent, E::Expire, S::SenderForProvider).unwrap_err();
    assert_eq!(expire.field(), "event");
    assert_eq!(
        expire.to_string(),
        "only Concord itself (when no answer came in time) can expire a referral"
    );
    let closed = steps(Accepted, E::Close, S::SenderForProvider).unwrap_err();
    assert_eq!(closed.field(), "state");
    assert_eq!(
        closed.to_string(),
        "this referral is accepted; it can be closed only when it is at service delivered"
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
    let wrong_side = steps(Sent, E::Accept, S::Sender).unwrap_err();
    assert_eq!(wrong_side.field(), "event");
    assert_eq!(
        wrong_side.to_string(),
        "only the receiving agency can accept a referral"
    );
    let wrong_state = steps(Closed, E::Accept, S::Receiver).unwrap_err();
    assert_eq!(wrong_state.field(), "state");
    assert_eq!(
        wrong_state.to_string(),
        "this referral is closed; it can be accepted only when it is sent or acknowledged"
    );
    assert_eq!(
        steps(Draft, E::Expire, S::System).unwrap_err().to_string(),
        "this referral is a draft; it can expire only when it is sent or acknowledged"
    );
    assert_eq!(
        steps(Draft, E::Withdraw, S::Sender)
            .map(|p| p.len())
            .unwrap(),
        1
    );
    assert_eq!(
        steps(Closed, E::Withdraw, S::Sender)
            .unwrap_err()
            .to_string(),
        "this referral is closed; it can be withdrawn only when it is a draft, sent, acknowledged, accepted or at first contact"
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
    fn random_walks_only_move_forward(walk in proptest::collection::vec((any_event(), any_side()), 0..40)) {
        let mut state = Draft;
        for (event, side) in walk {
            match steps(state, event, side) {
                Ok(path) => {
                    prop_assert!(!state.is_final());
                    // Each step moves one state forward from where the
                    // last one left it.
                    let mut at = state;
                    for step in &path {
                        prop_assert_eq!(step.from, at);
                        prop_assert_eq!(transition(step.from, step.event, side), Ok(step.to));
                        prop_assert!(progress(step.to) > progress(at));
                        at = step.to;
                    }
                    prop_assert_eq!(at, event.target());
                    prop_assert!(event.may_be_caused_by(side));
                    prop_assert!(side == event.side() || side == S::SenderForProvider);
                    state = at;
                }
                Err(refusal) => {
                    prop_assert!(
                        !event.may_be_caused_by(side) || !event.given_from().contains(&state) || state.is_final()
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
        let outside = steps(from, event, S::SenderForProvider).ok();
        let either = steps(from, event, S::Sender)
            .or_else(|_| steps(from, event, S::Receiver))
            .ok();
        prop_assert_eq!(&outside, &either);
        prop_assert!(event != E::Expire || outside.is_none());
    }

    /// Only the receiver's steps lead to closure, and closing always went
    /// through acceptance, first contact and delivery.
    #[test]
    fn closure_needs_the_whole_path(walk in proptest::collection::vec((any_event(), any_side()), 0..40)) {
        let mut state = Draft;
        let mut seen = vec![Draft];
        for (event, side) in walk {
            if let Ok(path) = steps(state, event, side) {
                for step in path {
                    state = step.to;
                    seen.push(step.to);
                }
            }
        }
        if state == Closed {
            for needed in [Sent, Acknowledged, Accepted, FirstContact, ServiceDelivered] {
                prop_assert!(seen.contains(&needed));
            }
        }
        // Nothing is decided without having been acknowledged.
        if matches!(state, Accepted | Declined | FirstContact | ServiceDelivered | Closed) {
            prop_assert!(seen.contains(&Acknowledged));
        }
    }
}
