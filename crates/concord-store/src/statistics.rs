//! What statistics read: grouped counts, never a row about one person.

use crate::rows::AreaRow;
use crate::store::StoreResult;
use async_trait::async_trait;
use concord_domain::ids::AgencyId;
use concord_domain::statistics::{IncidentGroup, Period};

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

    /// Every area, by code (statistics roll them up into a tree; a
    /// deployment has at most a few thousand).
    async fn statistics_areas(&self) -> StoreResult<Vec<AreaRow>>;
}
