//! The case state machine checked against a table written out as data, for
//! every status, event and policy, plus random walks through it.

use super::*;
use CaseStatus::*;
use proptest::prelude::*;

const OPEN: [CaseStatus; 6] = [
    Engaged,
    Assessed,
    PlanAgreed,
    Implementing,
    FollowUp,
    Reopened,
];

const POLICIES: [ApprovalPolicy; 4] = [
    policy(false, false),
    policy(true, false),
    policy(false, true),
    policy(true, true),
];

const fn policy(plan: bool, closure: bool) -> ApprovalPolicy {
    ApprovalPolicy {
        plan_requires_approval: plan,
        closure_requires_approval: closure,
    }
}

/// One event of each kind (a closure request with a sufficient reason).
fn every_event() -> [CaseEvent; 11] {
    [
        CaseEvent::AssessmentCompleted,
        CaseEvent::PlanAgreed,
        CaseEvent::PlanApproved,
        CaseEvent::PlanRejected,
        CaseEvent::ImplementationStarted,
        CaseEvent::FollowUpStarted,
        CaseEvent::PlanRevised,
        CaseEvent::ClosureRequested {
            reason: ClosureReason::NeedsMet,
        },
        CaseEvent::ClosureApproved,
        CaseEvent::ClosureRejected,
        CaseEvent::Reopened,
    ]
}

fn change(subject: ApprovalSubject, approval: Approval) -> Option<ApprovalChange> {
    Some(ApprovalChange { subject, approval })
}

/// The expected table: every allowed (status, event) under `p`, with its
/// result. Anything not listed is refused.
fn expected(p: ApprovalPolicy) -> Vec<(CaseStatus, &'static str, Transition)> {
    let to = |to, approval| Transition { to, approval };
    let plan_requested = p.plan_requires_approval.then_some(ApprovalChange {
        subject: ApprovalSubject::Plan,
        approval: Approval::Requested,
    });
    let closure_requested = if p.closure_requires_approval {
        to(
            ClosureRequested,
            change(ApprovalSubject::Closure, Approval::Requested),
        )
    } else {
        to(Closed, None)
    };
    let mut rows = vec![
        (Engaged, "assessment_completed", to(Assessed, None)),
        (Reopened, "assessment_completed", to(Assessed, None)),
        (Assessed, "plan_agreed", to(PlanAgreed, plan_requested)),
        (Implementing, "plan_revised", to(PlanAgreed, plan_requested)),
        (FollowUp, "plan_revised", to(PlanAgreed, plan_requested)),
        (
            PlanAgreed,
            "plan_approved",
            to(
                Implementing,
                change(ApprovalSubject::Plan, Approval::Approved),
            ),
        ),
        (
            PlanAgreed,
            "plan_rejected",
            to(Assessed, change(ApprovalSubject::Plan, Approval::Rejected)),
        ),
        (FollowUp, "implementation_started", to(Implementing, None)),
        (Implementing, "follow_up_started", to(FollowUp, None)),
        (
            ClosureRequested,
            "closure_approved",
            to(Closed, change(ApprovalSubject::Closure, Approval::Approved)),
        ),
        (
            ClosureRequested,
            "closure_rejected",
            to(
                FollowUp,
                change(ApprovalSubject::Closure, Approval::Rejected),
            ),
        ),
        (Closed, "reopened", to(Reopened, None)),
    ];
    if !p.plan_requires_approval {
        rows.push((PlanAgreed, "implementation_started", to(Implementing, None)));
    }
    rows.extend(OPEN.map(|s| (s, "closure_requested", closure_requested)));
    rows
}

#[test]
fn every_status_event_and_policy_matches_the_table() {
    let rules = CaseRules::default();
    for p in POLICIES {
        let table = expected(p);
        for status in CaseStatus::ALL {
            for event in every_event() {
                let want = table
                    .iter()
                    .find(|(s, e, _)| *s == status && *e == event.as_str())
                    .map(|(_, _, t)| *t);
                let got = transition(status, &event, &p, &rules);
                match want {
                    Some(t) => assert_eq!(got, Ok(t), "{status} + {} under {p:?}", event.as_str()),
                    None => {
                        let err =
                            got.expect_err(&format!("{status} + {} under {p:?}", event.as_str()));
                        assert_eq!(err.from, status);
                        assert_eq!(err.to, event.intended_status());
                    }
                }
            }
        }
    }
}

#[test]
fn refusals_name_both_states() {
    let rules = CaseRules::default();
    let err = transition(
        Closed,
        &CaseEvent::AssessmentCompleted,
        &policy(false, false),
        &rules,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a case cannot move from `closed` to `assessed`: that step does not follow from here"
    );
    let err = transition(
        PlanAgreed,
        &CaseEvent::ImplementationStarted,
        &policy(true, false),
        &rules,
    )
    .unwrap_err();
    assert_eq!(err.reason, IllegalReason::AwaitingPlanApproval);
    assert_eq!(
        err.to_string(),
        "a case cannot move from `plan_agreed` to `implementing`: \
         the case plan is waiting for a supervisor's approval"
    );
}

#[test]
fn unreachable_closure_follows_the_rules() {
    let rules = CaseRules {
        unreachable_days: 30,
    };
    let close = |attempts, days| {
        transition(
            FollowUp,
            &CaseEvent::ClosureRequested {
                reason: ClosureReason::UnreachableAfterAttempts { attempts, days },
            },
            &policy(false, false),
            &rules,
        )
    };
    assert_eq!(close(1, 30).map(|t| t.to), Ok(Closed));
    assert_eq!(
        close(3, 29).unwrap_err().reason,
        IllegalReason::UnreachableTooSoon { required_days: 30 }
    );
    assert_eq!(
        close(0, 90).unwrap_err().reason,
        IllegalReason::NoAttemptRecorded
    );
    assert!(
        close(3, 29)
            .unwrap_err()
            .to_string()
            .contains("at least 30 days")
    );
}

#[test]
fn waiting_for_a_supervisor_is_reported() {
    let rules = CaseRules::default();
    let request = CaseEvent::ClosureRequested {
        reason: ClosureReason::SurvivorRequest,
    };
    let waiting = transition(FollowUp, &request, &policy(false, true), &rules).unwrap();
    assert!(waiting.awaits_supervisor());
    let direct = transition(FollowUp, &request, &policy(false, false), &rules).unwrap();
    assert!(!direct.awaits_supervisor());
    let approved = transition(
        ClosureRequested,
        &CaseEvent::ClosureApproved,
        &policy(false, true),
        &rules,
    )
    .unwrap();
    assert!(!approved.awaits_supervisor());
}

#[test]
fn no_status_is_a_dead_end_under_any_policy() {
    let rules = CaseRules::default();
    for p in POLICIES {
        for status in CaseStatus::ALL {
            let ways_on = every_event()
                .iter()
                .filter(|e| transition(status, e, &p, &rules).is_ok())
                .count();
            assert!(ways_on > 0, "{status} under {p:?}");
        }
    }
}

#[test]
fn only_decisions_need_a_supervisor() {
    for event in every_event() {
        let decision = matches!(
            event.as_str(),
            "plan_approved" | "plan_rejected" | "closure_approved" | "closure_rejected"
        );
        assert_eq!(
            event.is_supervisor_decision(),
            decision,
            "{}",
            event.as_str()
        );
    }
}

/// Every status change the machine may ever make, whatever the policy,
/// besides closing (or asking to) from any open status.
const EDGES: [(CaseStatus, CaseStatus); 12] = [
    (Engaged, Assessed),
    (Reopened, Assessed),
    (Assessed, PlanAgreed),
    (Implementing, PlanAgreed),
    (FollowUp, PlanAgreed),
    (PlanAgreed, Implementing),
    (PlanAgreed, Assessed),
    (FollowUp, Implementing),
    (Implementing, FollowUp),
    (ClosureRequested, Closed),
    (ClosureRequested, FollowUp),
    (Closed, Reopened),
];

fn edge_allowed(from: CaseStatus, to: CaseStatus) -> bool {
    EDGES.contains(&(from, to)) || (from.is_open() && matches!(to, ClosureRequested | Closed))
}

fn any_event() -> impl Strategy<Value = CaseEvent> {
    let reason = prop_oneof![
        Just(ClosureReason::NeedsMet),
        Just(ClosureReason::SurvivorRequest),
        Just(ClosureReason::Relocated),
        Just(ClosureReason::Other),
        (0u32..4, 0u32..60).prop_map(|(attempts, days)| ClosureReason::UnreachableAfterAttempts {
            attempts,
            days
        }),
    ];
    prop_oneof![
        proptest::sample::select(every_event().to_vec()),
        reason.prop_map(|reason| CaseEvent::ClosureRequested { reason }),
    ]
}

fn any_policy() -> impl Strategy<Value = ApprovalPolicy> {
    proptest::sample::select(POLICIES.to_vec())
}

proptest! {
    /// Random histories (with the agency changing its policy at any point)
    /// only ever take edges of the table; Closed is only entered by a
    /// closure request or by approving one; with plan approval required,
    /// implementation of a new plan only starts by approving it.
    #[test]
    fn random_histories_stay_on_the_table(
        steps in proptest::collection::vec((any_event(), any_policy()), 0..60),
    ) {
        let rules = CaseRules::default();
        let mut status = Engaged;
        for (event, p) in steps {
            let Ok(t) = transition(status, &event, &p, &rules) else { continue };
            prop_assert!(edge_allowed(status, t.to), "{status} -> {} by {}", t.to, event.as_str());
            if t.to == Closed {
                let by_request = matches!(event, CaseEvent::ClosureRequested { .. })
                    && !p.closure_requires_approval;
                let by_approval = status == ClosureRequested && event == CaseEvent::ClosureApproved;
                prop_assert!(by_request || by_approval, "{status} -> closed by {}", event.as_str());
            }
            if status == PlanAgreed && t.to == Implementing && p.plan_requires_approval {
                prop_assert_eq!(event, CaseEvent::PlanApproved);
            }
            if t.to == ClosureRequested {
                prop_assert!(t.awaits_supervisor());
            }
            status = t.to;
        }
    }

    /// A refusal always names the status the case is in and the one the
    /// event was meant to reach.
    #[test]
    fn refusals_name_where_the_case_is(status in proptest::sample::select(CaseStatus::ALL.to_vec()),
                                       event in any_event(), p in any_policy()) {
        if let Err(e) = transition(status, &event, &p, &CaseRules::default()) {
            prop_assert_eq!(e.from, status);
            prop_assert_eq!(e.to, event.intended_status());
        }
    }
}
