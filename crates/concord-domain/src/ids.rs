//! Typed identifiers, so an agency id can never be passed where a user id is
//! expected. UUIDv7: time-ordered (good for indexes) and not guessable from
//! a neighbour's id (no personal data or sequence leaks in URLs).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// An administrative area (country, region, district, locality).
    AreaId
);
id_type!(
    /// A member agency: police unit, health centre, shelter, ministry…
    AgencyId
);
id_type!(
    /// A person who signs in to Concord. Never a survivor.
    UserId
);
id_type!(
    /// A machine client's API token.
    ApiTokenId
);
id_type!(
    /// A coordination body (national, regional or local).
    BodyId
);
id_type!(
    /// A survivor: a person a case is about. Never a user of Concord.
    SurvivorId
);
id_type!(
    /// A survivor's case, owned by one agency.
    CaseId
);
id_type!(
    /// One incident: one survivor, one core GBV type.
    IncidentId
);
id_type!(
    /// One consent to share: one recipient agency, purposes, categories, period.
    ConsentId
);
id_type!(
    /// A recorded decision to share without consent, on a lawful basis.
    SharingId
);
id_type!(
    /// A time-limited emergency opening of a case with no other basis.
    BreakGlassId
);
id_type!(
    /// A case note.
    NoteId
);
id_type!(
    /// A follow-up task on a case.
    TaskId
);
id_type!(
    /// One risk assessment of a case (an instrument answered once).
    AssessmentId
);
id_type!(
    /// A multi-agency risk conference (MARAC).
    ConferenceId
);
id_type!(
    /// One meeting of a risk conference, regular or emergency.
    ConferenceMeetingId
);
id_type!(
    /// One referral of a case to a risk conference.
    ConferenceReferralId
);
id_type!(
    /// One agency's pre-meeting research on a referral.
    ResearchId
);
id_type!(
    /// A SMART action agreed at a risk conference for one listed case.
    ConferenceActionId
);
id_type!(
    /// A meeting of a coordination body.
    MeetingId
);
id_type!(
    /// An action item (raised at a meeting; later also at a risk conference).
    ActionId
);
id_type!(
    /// An instrument that governs coordination (law, MoU, protocol…).
    InstrumentId
);
id_type!(
    /// An organization in the service directory (HSDS `organization`).
    OrganizationId
);
id_type!(
    /// A service in the directory (HSDS `service`).
    ServiceId
);
id_type!(
    /// A place services are delivered (HSDS `location`).
    LocationId
);
id_type!(
    /// A referral of a case to a service of another agency.
    ReferralId
);
id_type!(
    /// A request to restore the administration of an agency that has lost
    /// every administrator (two system administrators: one asks, another
    /// approves).
    AccountRecoveryId
);
id_type!(
    /// One step of a case's justice chain (a report, an arrest, a charge
    /// decision, a hearing, a verdict…).
    JusticeEventId
);
id_type!(
    /// A protection order recorded on a case (an emergency barring order,
    /// a protection order, bail conditions…).
    ProtectionOrderId
);
id_type!(
    /// A recorded breach of a protection order.
    OrderBreachId
);
id_type!(
    /// A release of published statistics (an indicator set for a period and
    /// an area), signed off by every contributing agency.
    StatisticsReleaseId
);
id_type!(
    /// A review panel's grant of a case's multi-agency chronology, on the
    /// lawful basis `homicide_review`.
    ReviewGrantId
);
