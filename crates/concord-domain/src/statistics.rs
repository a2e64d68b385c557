//! Statistics that show whether the response works (DOMAIN.md §8): pure
//! indicator rules over grouped counts from the store, for a [`Period`] and
//! an area of an [`AreaTree`] (an area includes the areas below it), and
//! their publication — exact for the agency that holds the records,
//! suppressed for everyone else, decided once for every level and
//! breakdown published together ([`publication`]).

pub mod access;
pub mod areas;
pub mod funnel;
pub mod funnel_statistics;
pub mod incidents;
pub mod indicators;
pub mod period;
pub mod publication;
pub mod repeat;
pub mod repeat_statistics;

pub use access::{
    StatisticsReach, StatisticsScope, scopes_for, statistics_reach, statistics_visibility,
};
pub use areas::{AreaNode, AreaTree};
pub use funnel::ReferralJourney;
pub use funnel_statistics::{FunnelCell, FunnelStatistics, funnel_statistics};
pub use incidents::{IncidentBreakdown, IncidentCell, IncidentGroup, incident_statistics};
pub use period::{Period, PeriodKind};
pub use publication::{Figure, Place, Published, Visibility};
pub use repeat_statistics::{RepeatCell, RepeatIncident, repeat_statistics};
