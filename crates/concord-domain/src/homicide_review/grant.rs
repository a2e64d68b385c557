//! Granting a review panel the chronology of a case, and who reads it.

use crate::access::{Actor, Denied};
use crate::case_access::Refusal;
use crate::form_fields::{checkbox, required_id, required_paragraph};
use crate::governance::BodyType;
use crate::ids::{AgencyId, BodyId, ReviewGrantId};
use crate::role::{Permission, permissions_of};
use crate::validation::{Invalid, Message};
use chrono::{DateTime, Utc};
use serde::Deserialize;

const MAX_REASON_CHARS: usize = 4000;

/// A grant as entered by the owning agency's supervisor.
#[derive(Debug, Clone, Default, Deserialize)]
// A missing field reads as empty, so it is reported by name like any other.
#[serde(default)]
pub struct ReviewGrantForm {
    /// The coordination body that conducts the review.
    pub body: String,
    /// Why the review needs her chronology (the commissioning decision).
    pub reason: String,
    /// Checkbox: a body that is not a review panel has been given the
    /// remit of this review.
    pub remit_confirmed: Option<String>,
}

/// A checked grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewGrantInput {
    pub body: BodyId,
    pub reason: String,
    pub remit_confirmed: bool,
}

impl ReviewGrantForm {
    /// Checks every field; `body_type` is the chosen body's type once the
    /// caller has found it (`None` for a body that does not exist).
    pub fn validate(
        &self,
        body_type: impl FnOnce(BodyId) -> Option<BodyType>,
    ) -> Result<ReviewGrantInput, Invalid> {
        let mut invalid = Invalid::default();
        let body: Option<BodyId> =
            required_id(&mut invalid, "body", &self.body, "a coordination body");
        let reason = required_paragraph(&mut invalid, "reason", &self.reason, MAX_REASON_CHARS);
        let remit_confirmed = checkbox(
            &mut invalid,
            "remit_confirmed",
            self.remit_confirmed.as_deref(),
        );
        if let Some(id) = body {
            match body_type(id) {
                None => invalid.push("body", "does not exist"),
                Some(BodyType::ReviewPanel) => {}
                Some(_) if remit_confirmed => {}
                Some(_) => invalid.problems.push(crate::FieldError {
                    field: "remit_confirmed".into(),
                    problem: "confirm that this body has been given the remit of the review".into(),
                    message: Some(Message::new("review-problem-remit")),
                }),
            }
        }
        match body {
            Some(body) => invalid.into_result(ReviewGrantInput {
                body,
                reason,
                remit_confirmed,
            }),
            None => Err(invalid),
        }
    }
}

/// A grant as the reading rule needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewGrant {
    pub id: ReviewGrantId,
    pub body: BodyId,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The body's current member agencies (those that have not left).
    pub member_agencies: Vec<AgencyId>,
}

/// Only a supervisor of the agency that owns the case grants (or revokes)
/// a review panel her chronology, and not through an API token that may
/// only read.
pub fn may_grant(actor: &Actor, owning_agency: AgencyId) -> Result<(), Denied> {
    if !permissions_of(&actor.roles).contains(&Permission::SuperviseCases) {
        return Err(Denied::NotPermitted);
    }
    if actor.token_scope == Some(crate::access::TokenScope::Read) {
        return Err(Denied::TokenScope);
    }
    if actor.agency_id != owning_agency {
        return Err(Denied::OtherAgency);
    }
    Ok(())
}

/// Who reads a case's chronology: someone who works with case data in an
/// agency that is a current member of a panel holding a grant in force.
/// Nothing else opens it — not owning the case, not a consent or a lawful
/// share, not break-glass. Returns the grant that allows it.
pub fn may_read_chronology(
    actor: &Actor,
    grants: &[ReviewGrant],
) -> Result<ReviewGrantId, Refusal> {
    if !permissions_of(&actor.roles).contains(&Permission::WorkCases) {
        return Err(Refusal::NoCaseWorkPermission);
    }
    let mut closest = Refusal::NoBasis;
    for grant in grants
        .iter()
        .filter(|g| g.member_agencies.contains(&actor.agency_id))
    {
        if grant.revoked_at.is_none() {
            return Ok(grant.id);
        }
        closest = Refusal::ShareRevoked;
    }
    Err(closest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::TokenScope;
    use crate::ids::UserId;
    use crate::role::Role;

    fn actor(agency: AgencyId, roles: Vec<Role>) -> Actor {
        Actor {
            user_id: UserId::new(),
            agency_id: agency,
            roles,
            token_scope: None,
        }
    }

    fn form(body: BodyId, reason: &str, remit: Option<&str>) -> ReviewGrantForm {
        ReviewGrantForm {
            body: body.to_string(),
            reason: reason.into(),
            remit_confirmed: remit.map(str::to_string),
        }
    }

    #[test]
    fn a_review_panel_needs_no_confirmation_of_its_remit() {
        let body = BodyId::new();
        let input = form(
            body,
            "Commissioned by the community safety partnership",
            None,
        )
        .validate(|_| Some(BodyType::ReviewPanel))
        .unwrap();
        assert_eq!(input.body, body);
        assert!(!input.remit_confirmed);
    }

    #[test]
    fn another_body_must_have_been_given_the_remit() {
        let body = BodyId::new();
        let refused = form(body, "Review", None)
            .validate(|_| Some(BodyType::LocalCouncil))
            .unwrap_err();
        assert!(refused.problem_for("remit_confirmed").is_some());
        let input = form(body, "Review", Some("on"))
            .validate(|_| Some(BodyType::LocalCouncil))
            .unwrap();
        assert!(input.remit_confirmed);
    }

    #[test]
    fn every_field_is_named_when_wrong() {
        let refused = ReviewGrantForm::default()
            .validate(|_| Some(BodyType::ReviewPanel))
            .unwrap_err();
        assert!(refused.problem_for("body").is_some());
        assert!(refused.problem_for("reason").is_some());
        let refused = form(BodyId::new(), "Review", None)
            .validate(|_| None)
            .unwrap_err();
        assert_eq!(refused.problem_for("body"), Some("does not exist"));
    }

    #[test]
    fn only_the_owning_agencys_supervisor_grants() {
        let owner = AgencyId::new();
        assert_eq!(
            may_grant(&actor(owner, vec![Role::Supervisor]), owner),
            Ok(())
        );
        assert_eq!(
            may_grant(&actor(owner, vec![Role::Caseworker]), owner),
            Err(Denied::NotPermitted)
        );
        assert_eq!(
            may_grant(&actor(AgencyId::new(), vec![Role::Supervisor]), owner),
            Err(Denied::OtherAgency)
        );
        let mut read_only = actor(owner, vec![Role::Supervisor]);
        read_only.token_scope = Some(TokenScope::Read);
        assert_eq!(may_grant(&read_only, owner), Err(Denied::TokenScope));
    }

    #[test]
    fn only_members_of_a_panel_with_a_grant_in_force_read() {
        let member = AgencyId::new();
        let grant = ReviewGrant {
            id: ReviewGrantId::new(),
            body: BodyId::new(),
            revoked_at: None,
            member_agencies: vec![member],
        };
        let reader = actor(member, vec![Role::Caseworker]);
        assert_eq!(
            may_read_chronology(&reader, std::slice::from_ref(&grant)),
            Ok(grant.id)
        );
        let outsider = actor(AgencyId::new(), vec![Role::Supervisor]);
        assert_eq!(
            may_read_chronology(&outsider, std::slice::from_ref(&grant)),
            Err(Refusal::NoBasis)
        );
        let analyst = actor(member, vec![Role::Analyst]);
        assert_eq!(
            may_read_chronology(&analyst, std::slice::from_ref(&grant)),
            Err(Refusal::NoCaseWorkPermission)
        );
        let revoked = ReviewGrant {
            revoked_at: Some(Utc::now()),
            ..grant
        };
        assert_eq!(
            may_read_chronology(&reader, &[revoked]),
            Err(Refusal::ShareRevoked)
        );
        assert_eq!(may_read_chronology(&reader, &[]), Err(Refusal::NoBasis));
    }
}
