//! What statistics read: grouped counts, never a row about one person.

use crate::rows::AreaRow;
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::NaiveDate;
use concord_domain::ids::AgencyId;
use concord_domain::statistics::IncidentGroup;

#[async_trait]
pub trait StatisticsStore {
    /// Incidents first reported on a local date from `from` (included) to
    /// `until` (excluded), counted per combination of everything incident
    /// statistics break down by (and the consent and reported-elsewhere
    /// flags the domain's exclusion rule reads). `agency`: only the
    /// incidents of that agency's cases. Ordered by every column, so both
    /// engines answer alike.
    async fn incident_groups(
        &self,
        from: NaiveDate,
        until: NaiveDate,
        agency: Option<AgencyId>,
    ) -> StoreResult<Vec<IncidentGroup>>;

    /// Every area, by code (statistics roll them up into a tree; a
    /// deployment has at most a few thousand).
    async fn statistics_areas(&self) -> StoreResult<Vec<AreaRow>>;
}
