//! Consents and lawful shares as stored, and whether each is in force at a
//! given instant. Both are judged against the instant of the request, never
//! cached: a withdrawal or revocation takes effect on the very next request.

use super::vocabulary::{DataCategory, Purpose};
use crate::ids::{AgencyId, ConsentId, SharingId};
use crate::label::label_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A recorded consent to share one survivor's data with one agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentGrant {
    pub id: ConsentId,
    pub recipient_agency: AgencyId,
    pub purposes: BTreeSet<Purpose>,
    pub categories: BTreeSet<DataCategory>,
    pub valid_from: DateTime<Utc>,
    /// Exclusive: the consent has ended at this instant.
    pub valid_until: DateTime<Utc>,
    /// When the survivor (or whoever consented) took it back.
    pub withdrawn_at: Option<DateTime<Utc>>,
}

label_enum! {
    /// Whether a consent is in force.
    pub enum ConsentStatus ("consent status") {
        NotYetValid => "not_yet_valid",
        Active => "active",
        Expired => "expired",
        Withdrawn => "withdrawn",
    }
}

impl ConsentGrant {
    /// The consent's standing at `now`. A withdrawal counts from the instant
    /// it was recorded; if the consent had already expired by then, it is
    /// reported as expired (that is what ended it).
    pub fn status(&self, now: DateTime<Utc>) -> ConsentStatus {
        match self.withdrawn_at {
            Some(at) if at <= now && at < self.valid_until => ConsentStatus::Withdrawn,
            _ if now >= self.valid_until => ConsentStatus::Expired,
            _ if now < self.valid_from => ConsentStatus::NotYetValid,
            _ => ConsentStatus::Active,
        }
    }

    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.status(now) == ConsentStatus::Active
    }

    /// Does the consent's scope include this purpose and category? (Says
    /// nothing about whether it is in force.)
    pub fn covers(&self, purpose: Purpose, category: DataCategory) -> bool {
        self.purposes.contains(&purpose) && self.categories.contains(&category)
    }
}

/// A recorded share without consent on a lawful basis, as the access
/// decision needs it (the basis, reason and decision maker are kept in the
/// sharing record itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LawfulShare {
    pub id: SharingId,
    pub recipient_agency: AgencyId,
    pub categories: BTreeSet<DataCategory>,
    /// Exclusive: the share has ended at this instant.
    pub valid_until: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

label_enum! {
    /// Whether a lawful share is in force.
    pub enum ShareStatus ("share status") {
        Active => "active",
        Expired => "expired",
        Revoked => "revoked",
    }
}

impl LawfulShare {
    pub fn status(&self, now: DateTime<Utc>) -> ShareStatus {
        match self.revoked_at {
            Some(at) if at <= now && at < self.valid_until => ShareStatus::Revoked,
            _ if now >= self.valid_until => ShareStatus::Expired,
            _ => ShareStatus::Active,
        }
    }

    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.status(now) == ShareStatus::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn t(hours: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() + Duration::hours(hours)
    }

    fn grant(withdrawn_at: Option<i64>) -> ConsentGrant {
        ConsentGrant {
            id: ConsentId::new(),
            recipient_agency: AgencyId::new(),
            purposes: BTreeSet::from([Purpose::ReferralForServices]),
            categories: BTreeSet::from([DataCategory::Incident]),
            valid_from: t(10),
            valid_until: t(20),
            withdrawn_at: withdrawn_at.map(t),
        }
    }

    #[test]
    fn consent_status_over_time() {
        use ConsentStatus::*;
        let g = grant(None);
        assert_eq!(g.status(t(9)), NotYetValid);
        assert_eq!(g.status(t(10)), Active);
        assert_eq!(g.status(t(20) - Duration::seconds(1)), Active);
        assert_eq!(g.status(t(20)), Expired);
    }

    #[test]
    fn withdrawal_takes_effect_at_its_instant() {
        use ConsentStatus::*;
        let g = grant(Some(15));
        assert_eq!(g.status(t(15) - Duration::seconds(1)), Active);
        assert_eq!(g.status(t(15)), Withdrawn);
        assert_eq!(g.status(t(30)), Withdrawn);
        // Withdrawn before it even started.
        assert_eq!(grant(Some(5)).status(t(8)), Withdrawn);
        // Withdrawn after it had expired: expiry ended it.
        assert_eq!(grant(Some(25)).status(t(30)), Expired);
    }

    #[test]
    fn scope_needs_both_purpose_and_category() {
        let g = grant(None);
        assert!(g.covers(Purpose::ReferralForServices, DataCategory::Incident));
        assert!(!g.covers(Purpose::PoliceReport, DataCategory::Incident));
        assert!(!g.covers(Purpose::ReferralForServices, DataCategory::Health));
    }

    #[test]
    fn share_status_over_time() {
        let share = LawfulShare {
            id: SharingId::new(),
            recipient_agency: AgencyId::new(),
            categories: BTreeSet::from([DataCategory::Risk]),
            valid_until: t(20),
            revoked_at: Some(t(12)),
        };
        assert_eq!(share.status(t(11)), ShareStatus::Active);
        assert_eq!(share.status(t(12)), ShareStatus::Revoked);
        let unrevoked = LawfulShare {
            revoked_at: None,
            ..share
        };
        assert!(unrevoked.is_active(t(19)));
        assert_eq!(unrevoked.status(t(20)), ShareStatus::Expired);
    }
}
