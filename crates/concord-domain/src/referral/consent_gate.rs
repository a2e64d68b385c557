//! Whether a referral may be sent: the survivor's consent must let the
//! receiving agency read every category the referral shares, for the
//! purpose "referral for services", at the instant of sending. This asks
//! the one case access decision ([`crate::case_access::decide`]) exactly
//! what the receiving agency will be asked when it opens the case, so the
//! gate and the later reads can never disagree. Lawful shares and
//! break-glass do not count: a referral is made with her consent.

use crate::access::Actor;
use crate::case_access::{AccessBasis, AccessRequest, CaseFacts, CaseOperation, Refusal, decide};
use crate::consent::{ConsentGrant, DataCategory, Purpose};
use crate::ids::{AgencyId, ConsentId, UserId};
use crate::role::Role;
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;
use uuid::Uuid;

/// The consent that covers sending these categories from a case owned by
/// `case_owner` to `receiving`, or the refusal the receiving agency would
/// get for the first category not covered.
pub fn referral_consent(
    case_owner: AgencyId,
    receiving: AgencyId,
    categories: &BTreeSet<DataCategory>,
    consents: &[ConsentGrant],
    now: DateTime<Utc>,
) -> Result<ConsentId, Refusal> {
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
        let basis = decide(&AccessRequest {
            actor: &reader,
            case: &case,
            operation: CaseOperation::Read(*category),
            purpose: Some(Purpose::ReferralForServices),
            consents,
            shares: &[],
            break_glass: None,
            now,
        })?;
        match basis {
            AccessBasis::Consent(id) => {
                covering.get_or_insert(id);
            }
            // A referral within the owning agency needs no consent, and
            // the app refuses it before asking; nothing else is a consent.
            _ => return Err(Refusal::NoBasis),
        }
    }
    covering.ok_or(Refusal::CategoryNotCovered)
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
    fn anything_less_is_refused_with_the_reason() {
        let owner = AgencyId::new();
        let health = AgencyId::new();
        let wanted = cats(&[DataCategory::IdentityAndContact, DataCategory::Health]);
        // No consent at all.
        assert_eq!(
            referral_consent(owner, health, &wanted, &[], now()),
            Err(Refusal::NoBasis)
        );
        // Another agency's consent.
        let elsewhere = consent(
            AgencyId::new(),
            &[Purpose::ReferralForServices],
            &[DataCategory::IdentityAndContact, DataCategory::Health],
        );
        assert_eq!(
            referral_consent(owner, health, &wanted, &[elsewhere], now()),
            Err(Refusal::NoBasis)
        );
        // Another purpose.
        let police = consent(
            health,
            &[Purpose::PoliceReport],
            &[DataCategory::IdentityAndContact, DataCategory::Health],
        );
        assert_eq!(
            referral_consent(owner, health, &wanted, &[police], now()),
            Err(Refusal::PurposeNotCovered)
        );
        // A category missing.
        let partial = consent(
            health,
            &[Purpose::ReferralForServices],
            &[DataCategory::IdentityAndContact],
        );
        assert_eq!(
            referral_consent(owner, health, &wanted, &[partial], now()),
            Err(Refusal::CategoryNotCovered)
        );
        // Withdrawn.
        let mut withdrawn = consent(
            health,
            &[Purpose::ReferralForServices],
            &[DataCategory::IdentityAndContact, DataCategory::Health],
        );
        withdrawn.withdrawn_at = Some(now() - Duration::minutes(1));
        assert_eq!(
            referral_consent(owner, health, &wanted, &[withdrawn], now()),
            Err(Refusal::ConsentWithdrawn)
        );
        // Nothing to share is not a referral the gate lets through.
        assert_eq!(
            referral_consent(owner, health, &BTreeSet::new(), &[], now()),
            Err(Refusal::CategoryNotCovered)
        );
        // Within the owning agency there is no consent to find.
        assert_eq!(
            referral_consent(owner, owner, &wanted, &[], now()),
            Err(Refusal::NoBasis)
        );
    }
}
