//! What statistics read: grouped counts, never a row about one person.

use crate::rows::AreaRow;
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::ids::AgencyId;
use concord_domain::statistics::{IncidentGroup, Period, ReferralJourney, RepeatIncident};

/// The summary statistics read (kept in step by the store, rebuilt on
/// import), in `table_counts` order.
pub const STATISTICS_SUMMARY_TABLES: [&str; 1] = ["incident_counts"];

#[async_trait]
pub trait StatisticsStore {
    /// Incidents first reported on a local date in `period`, counted per
    /// month (`first_reported_on` is the month's first day) and combination
    /// of everything incident statistics break down by (and the consent and
    /// reported-elsewhere flags the domain's exclusion rule reads).
    /// `agency`: only the incidents of that agency's cases. Read from the
    /// summary the store keeps in step with every write (never the case
    /// tables); ordered alike on both engines.
    async fn incident_groups(
        &self,
        period: Period,
        agency: Option<AgencyId>,
    ) -> StoreResult<Vec<IncidentGroup>>;

    /// The same answer as [`StatisticsStore::incident_groups`], counted from
    /// the incident rows themselves: what the summary must always equal.
    /// Reads every incident; for verification, not for pages.
    async fn recount_incident_groups(
        &self,
        period: Period,
        agency: Option<AgencyId>,
    ) -> StoreResult<Vec<IncidentGroup>>;

    /// Every referral sent from `from` (included) to `until` (excluded), as
    /// the referral funnel sees it: when it was sent, its urgency and
    /// response deadline, the first time it reached each later state, the
    /// receiving agency's sector and the area of its case's first incident
    /// (by date first reported; none when no incident has an area). No id,
    /// reference, reason or note. `agency`: only those it sent. Ordered by
    /// the instant sent, then by an order both engines share.
    async fn referral_journeys(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        agency: Option<AgencyId>,
    ) -> StoreResult<Vec<ReferralJourney>>;

    /// The incidents of every survivor with an incident that happened on a
    /// local date from `from` (included) to `until` (excluded): each of her
    /// incidents from `earliest` (included) to `until`, with its date, area
    /// and the flags the domain's exclusion rule reads; one list per
    /// survivor, oldest first, without her id. `agency`: only the
    /// incidents of that agency's cases.
    async fn repeat_incidents(
        &self,
        earliest: NaiveDate,
        from: NaiveDate,
        until: NaiveDate,
        agency: Option<AgencyId>,
    ) -> StoreResult<Vec<Vec<RepeatIncident>>>;

    /// Every area, by code (statistics roll them up into a tree; a
    /// deployment has at most a few thousand).
    async fn statistics_areas(&self) -> StoreResult<Vec<AreaRow>>;
}
