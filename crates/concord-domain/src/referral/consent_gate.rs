//! Whether a referral may be sent: the survivor's consent must let the
//! receiving agency read every category the referral shares, for the
//! purpose "referral for services", at the instant of sending. This asks
//! the one case access decision ([`crate::case_access::decide`]) exactly
//! what the receiving agency will be asked when it opens the case, so the
//! gate and the later reads can never disagree. Lawful shares and
//! break-glass do not count: a referral is made with her consent.
//!
//! A refusal is told to the *sender*, so it is not the receiver's case
//! access refusal ("your agency does not own this case") but what her
//! consent lacks: [`SendRefusal`].

use crate::access::Actor;
use crate::case_access::{AccessBasis, AccessRequest, CaseFacts, CaseOperation, Refusal, decide};
use crate::consent::{ConsentGrant, DataCategory, Purpose};
use crate::ids::{AgencyId, ConsentId, UserId};
use crate::role::Role;
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;
use uuid::Uuid;

/// Why a referral cannot be sent, told to the sending agency: what her
/// consent lacks. Never names her or an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SendRefusal {
    #[error("she has given no consent to share her information")]
    NoConsent,
    #[error("none of her consents names the receiving agency")]
    AgencyNotNamed,
    #[error("her consent to the receiving agency is not valid yet")]
    ConsentNotYetValid,
    #[error("her consent to the receiving agency has expired")]
    ConsentExpired,
    #[error("she has withdrawn her consent to the receiving agency")]
    ConsentWithdrawn,
    #[error(
        "her consent to the receiving agency does not name the purpose \"referral for services\""
    )]
    PurposeNotNamed,
    #[error("her consent to the receiving agency does not name the kind of information \"{}\"", .0.as_str())]
    CategoryNotNamed(DataCategory),
    #[error("the referral shares no kind of information")]
    NothingShared,
    #[error("the receiving agency owns the case: a referral goes to another agency")]
    OwnAgency,
}

impl SendRefusal {
    /// A stable code for the API and the audit log.
    pub fn code(self) -> &'static str {
        match self {
            SendRefusal::NoConsent => "consent_missing",
            SendRefusal::AgencyNotNamed => "consent_agency_not_named",
            SendRefusal::ConsentNotYetValid => "consent_not_yet_valid",
            SendRefusal::ConsentExpired => "consent_expired",
            SendRefusal::ConsentWithdrawn => "consent_withdrawn",
            SendRefusal::PurposeNotNamed => "consent_purpose_not_named",
            SendRefusal::CategoryNotNamed(_) => "consent_category_not_named",
            SendRefusal::NothingShared => "nothing_shared",
            SendRefusal::OwnAgency => "own_agency",
        }
    }

    /// The kind of information her consent does not name, if that is the
    /// reason.
    pub fn category(self) -> Option<DataCategory> {
        match self {
            SendRefusal::CategoryNotNamed(c) => Some(c),
            _ => None,
        }
    }

    /// One of each, for tests that each has a message.
    pub const ALL: [SendRefusal; 9] = [
        SendRefusal::NoConsent,
        SendRefusal::AgencyNotNamed,
        SendRefusal::ConsentNotYetValid,
        SendRefusal::ConsentExpired,
        SendRefusal::ConsentWithdrawn,
        SendRefusal::PurposeNotNamed,
        SendRefusal::CategoryNotNamed(DataCategory::Health),
        SendRefusal::NothingShared,
        SendRefusal::OwnAgency,
    ];
}

/// The consent that covers sending these categories from a case owned by
/// `case_owner` to `receiving`, or what her consent lacks, for the first
/// category not covered.
pub fn referral_consent(
    case_owner: AgencyId,
    receiving: AgencyId,
    categories: &BTreeSet<DataCategory>,
    consents: &[ConsentGrant],
    now: DateTime<Utc>,
) -> Result<ConsentId, SendRefusal> {
    if case_owner == receiving {
        return Err(SendRefusal::OwnAgency);
    }
    if categories.is_empty() {
        return Err(SendRefusal::NothingShared);
    }
    if consents.is_empty() {
        return Err(SendRefusal::NoConsent);
    }
    if !consents.iter().any(|c| c.recipient_agency == receiving) {
        return Err(SendRefusal::AgencyNotNamed);
    }
    // Someone of the receiving agency who works cases: what the agency's
    // staff will be able to read.
    let reader = Actor {
        user_id: UserId(Uuid::nil()),
        agency_id: receiving,
        roles: vec![Role::Caseworker],
        token_scope: None,
    };
    let case = CaseFacts {
        owning_agency: case_owner,
        assigned_caseworker: None,
    };
    let mut covering = None;
    for category in categories {
        let refused = |refusal: Refusal| match refusal {
            Refusal::ConsentNotYetValid => SendRefusal::ConsentNotYetValid,
            Refusal::ConsentExpired => SendRefusal::ConsentExpired,
            Refusal::ConsentWithdrawn => SendRefusal::ConsentWithdrawn,
            Refusal::PurposeRequired | Refusal::PurposeNotCovered => SendRefusal::PurposeNotNamed,
            Refusal::CategoryNotCovered => SendRefusal::CategoryNotNamed(*category),
            // Only a consent naming the receiving agency is asked about
            // (checked above), so nothing else comes back; should it, the
            // agency is what is missing.
            _ => SendRefusal::AgencyNotNamed,
        };
        let basis = decide(&AccessRequest {
            actor: &reader,
            case: &case,
            operation: CaseOperation::Read(*category),
            purpose: Some(Purpose::ReferralForServices),
            consents,
            shares: &[],
            break_glass: None,
            now,
        })
        .map_err(refused)?;
        match basis {
            AccessBasis::Consent(id) => {
                covering.get_or_insert(id);
            }
            // Lawful shares and break-glass were not offered; nothing
            // else is a consent.
            _ => return Err(SendRefusal::AgencyNotNamed),
        }
    }
    covering.ok_or(SendRefusal::NothingShared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
    }

    fn consent(to: AgencyId, purposes: &[Purpose], categories: &[DataCategory]) -> ConsentGrant {
        ConsentGrant {
            id: ConsentId::new(),
            recipient_agency: to,
            purposes: purposes.iter().copied().collect(),
            categories: categories.iter().copied().collect(),
            valid_from: now() - Duration::days(1),
            valid_until: now() + Duration::days(30),
            withdrawn_at: None,
        }
    }

    fn cats(c: &[DataCategory]) -> BTreeSet<DataCategory> {
        c.iter().copied().collect()
    }

    #[test]
    fn a_consent_covering_agency_purpose_and_every_category_lets_it_go() {
        let owner = AgencyId::new();
        let health = AgencyId::new();
        let grant = consent(
            health,
            &[Purpose::ReferralForServices],
            &[DataCategory::IdentityAndContact, DataCategory::Health],
        );
        let wanted = cats(&[DataCategory::IdentityAndContact, DataCategory::Health]);
        assert_eq!(
            referral_consent(owner, health, &wanted, std::slice::from_ref(&grant), now()),
            Ok(grant.id)
        );
    }

    #[test]
    fn anything_less_is_refused_with_what_her_consent_lacks() {
        let owner = AgencyId::new();
        let health = AgencyId::new();
        let wanted = cats(&[DataCategory::IdentityAndContact, DataCategory::Health]);
        let both = [DataCategory::IdentityAndContact, DataCategory::Health];
        let refused =
            |consents: &[ConsentGrant]| referral_consent(owner, health, &wanted, consents, now());
        // No consent at all.
        assert_eq!(refused(&[]), Err(SendRefusal::NoConsent));
        // Another agency's consent.
        let elsewhere = consent(AgencyId::new(), &[Purpose::ReferralForServices], &both);
        assert_eq!(refused(&[elsewhere]), Err(SendRefusal::AgencyNotNamed));
        // Another purpose.
        let police = consent(health, &[Purpose::PoliceReport], &both);
        assert_eq!(refused(&[police]), Err(SendRefusal::PurposeNotNamed));
        // A category missing: named.
        let partial = consent(
            health,
            &[Purpose::ReferralForServices],
            &[DataCategory::IdentityAndContact],
        );
        assert_eq!(
            refused(std::slice::from_ref(&partial)),
            Err(SendRefusal::CategoryNotNamed(DataCategory::Health))
        );
        assert_eq!(
            refused(&[partial]).unwrap_err().to_string(),
            "her consent to the receiving agency does not name the kind of information \"health\""
        );
        // Withdrawn.
        let mut withdrawn = consent(health, &[Purpose::ReferralForServices], &both);
        withdrawn.withdrawn_at = Some(now() - Duration::minutes(1));
        assert_eq!(refused(&[withdrawn]), Err(SendRefusal::ConsentWithdrawn));
        // Expired: valid until the instant before now, and at now.
        let mut expired = consent(health, &[Purpose::ReferralForServices], &both);
        expired.valid_until = now() - Duration::seconds(1);
        assert_eq!(
            refused(&[expired.clone()]),
            Err(SendRefusal::ConsentExpired)
        );
        expired.valid_until = now();
        assert_eq!(
            refused(&[expired.clone()]),
            Err(SendRefusal::ConsentExpired)
        );
        expired.valid_until = now() + Duration::seconds(1);
        assert!(refused(&[expired]).is_ok());
        // Not valid yet.
        let mut later = consent(health, &[Purpose::ReferralForServices], &both);
        later.valid_from = now() + Duration::minutes(1);
        assert_eq!(refused(&[later]), Err(SendRefusal::ConsentNotYetValid));
        // Nothing to share is not a referral the gate lets through.
        assert_eq!(
            referral_consent(owner, health, &BTreeSet::new(), &[], now()),
            Err(SendRefusal::NothingShared)
        );
        // Within the owning agency there is no consent to find.
        assert_eq!(
            referral_consent(owner, owner, &wanted, &[], now()),
            Err(SendRefusal::OwnAgency)
        );
    }

    #[test]
    fn the_sender_is_never_told_the_receivers_refusal() {
        let owner = AgencyId::new();
        let health = AgencyId::new();
        let wanted = cats(&[DataCategory::Health]);
        let cases: Vec<Vec<ConsentGrant>> = vec![
            vec![],
            vec![consent(
                AgencyId::new(),
                &[Purpose::ReferralForServices],
                &[DataCategory::Health],
            )],
            vec![consent(
                health,
                &[Purpose::PoliceReport],
                &[DataCategory::Health],
            )],
        ];
        for consents in cases {
            let text = referral_consent(owner, health, &wanted, &consents, now())
                .unwrap_err()
                .to_string();
            assert!(!text.contains("does not own"), "{text}");
            assert!(text.contains("consent"), "{text}");
        }
        // Each reason its own code.
        let codes: BTreeSet<_> = SendRefusal::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), SendRefusal::ALL.len());
    }

    #[test]
    fn the_closest_consent_gives_the_reason() {
        // An expired consent naming everything and one in force lacking a
        // category: the missing category is what to fix.
        let owner = AgencyId::new();
        let health = AgencyId::new();
        let wanted = cats(&[DataCategory::IdentityAndContact, DataCategory::Health]);
        let mut old = consent(
            health,
            &[Purpose::ReferralForServices],
            &[DataCategory::IdentityAndContact, DataCategory::Health],
        );
        old.valid_until = now() - Duration::days(1);
        let current = consent(
            health,
            &[Purpose::ReferralForServices],
            &[DataCategory::IdentityAndContact],
        );
        assert_eq!(
            referral_consent(owner, health, &wanted, &[old, current], now()),
            Err(SendRefusal::CategoryNotNamed(DataCategory::Health))
        );
    }
}
