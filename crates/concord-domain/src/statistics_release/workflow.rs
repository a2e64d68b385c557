//! The states of a release and the one rule that moves it: each
//! contributing agency's designated person signs it off or refuses it (with
//! a reason) once; when every contributing agency has signed it is
//! published, and a published release never changes. A refused (or still
//! open) release may be withdrawn, and the analyst prepares it again.

use crate::Invalid;
use crate::ids::AgencyId;
use crate::role::{Permission, Role};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseStatus {
    /// Prepared and frozen; waiting for contributing agencies.
    AwaitingSignOff,
    /// Refused by at least one contributing agency.
    Refused,
    /// Signed by every contributing agency; immutable.
    Published,
    /// Taken back by an analyst before publication.
    Withdrawn,
}

impl ReleaseStatus {
    pub const ALL: [ReleaseStatus; 4] = [
        ReleaseStatus::AwaitingSignOff,
        ReleaseStatus::Refused,
        ReleaseStatus::Published,
        ReleaseStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseStatus::AwaitingSignOff => "awaiting_sign_off",
            ReleaseStatus::Refused => "refused",
            ReleaseStatus::Published => "published",
            ReleaseStatus::Withdrawn => "withdrawn",
        }
    }
}

impl std::str::FromStr for ReleaseStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReleaseStatus::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown release status `{s}`"))
    }
}

impl fmt::Display for ReleaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a contributing agency's designated person decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReleaseDecision {
    Sign,
    Refuse { reason: String },
}

/// A decision already recorded for one agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOff {
    pub agency_id: AgencyId,
    /// `None` when signed; the reason when refused.
    pub refusal: Option<String>,
}

/// Why a decision or a withdrawal is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReleaseRefusal {
    #[error("the release is published and can no longer change")]
    Published,
    #[error("the release is no longer open for sign-off ({0})")]
    NotOpen(ReleaseStatus),
    #[error("your agency's records do not feed this release")]
    NotContributing,
    #[error("your agency has already decided on this release")]
    AlreadyDecided,
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

/// The role a designated person signs in: the first of their roles (in the
/// order roles are listed) that grants `SignOffStatistics`; `None` if none
/// does. The sign-off names it.
pub fn signing_role(roles: &[Role]) -> Option<Role> {
    Role::ALL
        .into_iter()
        .find(|r| roles.contains(r) && r.permissions().contains(&Permission::SignOffStatistics))
}

/// The longest reason kept.
pub const REASON_MAX: usize = 2000;

/// The status after `agency` decides, given the agencies that contribute
/// and the decisions recorded so far.
pub fn decide(
    status: ReleaseStatus,
    contributing: &[AgencyId],
    recorded: &[SignOff],
    agency: AgencyId,
    decision: &ReleaseDecision,
) -> Result<ReleaseStatus, ReleaseRefusal> {
    match status {
        ReleaseStatus::AwaitingSignOff => {}
        ReleaseStatus::Published => return Err(ReleaseRefusal::Published),
        other => return Err(ReleaseRefusal::NotOpen(other)),
    }
    if !contributing.contains(&agency) {
        return Err(ReleaseRefusal::NotContributing);
    }
    if recorded.iter().any(|s| s.agency_id == agency) {
        return Err(ReleaseRefusal::AlreadyDecided);
    }
    match decision {
        ReleaseDecision::Refuse { reason } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(Invalid::one("reason", "is required to refuse a release").into());
            }
            if reason.chars().count() > REASON_MAX {
                return Err(Invalid::one("reason", "must be at most 2000 characters").into());
            }
            Ok(ReleaseStatus::Refused)
        }
        ReleaseDecision::Sign => {
            let all_signed = contributing.iter().all(|a| {
                *a == agency
                    || recorded
                        .iter()
                        .any(|s| s.agency_id == *a && s.refusal.is_none())
            });
            Ok(if all_signed {
                ReleaseStatus::Published
            } else {
                ReleaseStatus::AwaitingSignOff
            })
        }
    }
}

/// The status after an analyst withdraws the release.
pub fn withdraw(status: ReleaseStatus) -> Result<ReleaseStatus, ReleaseRefusal> {
    match status {
        ReleaseStatus::AwaitingSignOff | ReleaseStatus::Refused => Ok(ReleaseStatus::Withdrawn),
        ReleaseStatus::Published => Err(ReleaseRefusal::Published),
        ReleaseStatus::Withdrawn => Err(ReleaseRefusal::NotOpen(ReleaseStatus::Withdrawn)),
    }
}

/// A release needs at least one contributing agency to sign it.
pub fn check_contributors(contributing: &[AgencyId]) -> Result<(), Invalid> {
    if contributing.is_empty() {
        Err(Invalid::one(
            "area_id",
            "has no records for this indicator set and period: there is nothing to release",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReleaseStatus::*;

    fn signed(agency: AgencyId) -> SignOff {
        SignOff {
            agency_id: agency,
            refusal: None,
        }
    }

    #[test]
    fn the_last_signature_publishes() {
        let (a, b) = (AgencyId::new(), AgencyId::new());
        let both = [a, b];
        assert_eq!(
            decide(AwaitingSignOff, &both, &[], a, &ReleaseDecision::Sign),
            Ok(AwaitingSignOff)
        );
        assert_eq!(
            decide(
                AwaitingSignOff,
                &both,
                &[signed(a)],
                b,
                &ReleaseDecision::Sign
            ),
            Ok(Published)
        );
        assert_eq!(
            decide(AwaitingSignOff, &[a], &[], a, &ReleaseDecision::Sign),
            Ok(Published)
        );
    }

    #[test]
    fn only_a_contributing_agency_decides_and_only_once() {
        let (a, b, outsider) = (AgencyId::new(), AgencyId::new(), AgencyId::new());
        assert_eq!(
            decide(
                AwaitingSignOff,
                &[a, b],
                &[],
                outsider,
                &ReleaseDecision::Sign
            ),
            Err(ReleaseRefusal::NotContributing)
        );
        assert_eq!(
            decide(
                AwaitingSignOff,
                &[a, b],
                &[signed(a)],
                a,
                &ReleaseDecision::Sign
            ),
            Err(ReleaseRefusal::AlreadyDecided)
        );
    }

    #[test]
    fn a_refusal_needs_a_reason_and_stops_the_release() {
        let a = AgencyId::new();
        for blank in ["", "   "] {
            let refusal = decide(
                AwaitingSignOff,
                &[a],
                &[],
                a,
                &ReleaseDecision::Refuse {
                    reason: blank.into(),
                },
            )
            .unwrap_err();
            let ReleaseRefusal::Invalid(invalid) = refusal else {
                panic!("not a field problem: {refusal:?}");
            };
            assert_eq!(invalid.problems[0].field, "reason");
        }
        let refused = decide(
            AwaitingSignOff,
            &[a],
            &[],
            a,
            &ReleaseDecision::Refuse {
                reason: "Counts include a case we have not yet closed.".into(),
            },
        );
        assert_eq!(refused, Ok(Refused));
        assert_eq!(
            decide(
                Refused,
                &[a, AgencyId::new()],
                &[],
                a,
                &ReleaseDecision::Sign
            ),
            Err(ReleaseRefusal::NotOpen(Refused))
        );
    }

    #[test]
    fn a_published_release_takes_no_decision_and_cannot_be_withdrawn() {
        let a = AgencyId::new();
        for decision in [
            ReleaseDecision::Sign,
            ReleaseDecision::Refuse {
                reason: "late".into(),
            },
        ] {
            assert_eq!(
                decide(Published, &[a], &[], a, &decision),
                Err(ReleaseRefusal::Published)
            );
        }
        assert_eq!(withdraw(Published), Err(ReleaseRefusal::Published));
    }

    #[test]
    fn refused_and_open_releases_can_be_withdrawn_once() {
        assert_eq!(withdraw(Refused), Ok(Withdrawn));
        assert_eq!(withdraw(AwaitingSignOff), Ok(Withdrawn));
        assert_eq!(withdraw(Withdrawn), Err(ReleaseRefusal::NotOpen(Withdrawn)));
    }

    #[test]
    fn a_release_needs_a_contributor() {
        assert_eq!(
            check_contributors(&[]).unwrap_err().problems[0].field,
            "area_id"
        );
        assert!(check_contributors(&[AgencyId::new()]).is_ok());
    }

    #[test]
    fn statuses_round_trip() {
        for s in ReleaseStatus::ALL {
            assert_eq!(s.as_str().parse::<ReleaseStatus>(), Ok(s));
        }
    }

    #[test]
    fn the_sign_off_names_the_role_that_allows_it() {
        assert_eq!(
            signing_role(&[Role::Caseworker, Role::AgencyAdministrator]),
            Some(Role::AgencyAdministrator)
        );
        assert_eq!(signing_role(&[Role::Analyst, Role::Supervisor]), None);
        assert_eq!(signing_role(&[]), None);
    }
}
