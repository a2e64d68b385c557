//! Preparing a release: the analyst's request is checked, the indicator
//! set's tables are computed and suppressed now and frozen with the agencies
//! whose records feed them.

use super::AUDIT_OBJECT;
use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::{AgencyId, AreaId, StatisticsReleaseId};
use concord_domain::risk::dataset::{Quarter, quarterly_dataset};
use concord_domain::role::Permission;
use concord_domain::statistics::{Visibility, incident_statistics};
use concord_domain::statistics_release::workflow::check_contributors;
use concord_domain::statistics_release::{
    Breakdown, IndicatorSet, PublishedTable, ReleaseForm, ReleasePeriod, ReleaseRequest,
    ReleaseStatus, gbv_incidents, risk_conference,
};
use concord_store::{PageRequest, StatisticsReleaseRow};
use serde_json::json;
use std::collections::BTreeSet;

/// What an indicator set computed for a release.
struct Computed {
    tables: Vec<PublishedTable>,
    contributors: BTreeSet<AgencyId>,
}

impl App {
    /// Prepares a release (analysts: `ViewAggregates`). Its tables are
    /// computed and suppressed under the deployment's policy now and never
    /// again; the contributing agencies are those whose records they count.
    pub async fn prepare_statistics_release(
        &self,
        actor: &Actor,
        form: &ReleaseForm,
    ) -> AppResult<StatisticsReleaseRow> {
        self.require(actor, Permission::ViewAggregates).await?;
        let request = form.parse(self.today())?;
        if self.store.get_area(request.area_id).await?.is_none() {
            return Err(Invalid::one("area_id", "must be one of the areas").into());
        }
        let computed = self.compute_release(&request).await?;
        let contributors: Vec<AgencyId> = computed.contributors.into_iter().collect();
        check_contributors(&contributors)?;
        let tables = serde_json::to_string(&computed.tables)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let suppressed: usize = computed.tables.iter().map(|t| t.suppressed_cells()).sum();
        let row = StatisticsReleaseRow {
            id: StatisticsReleaseId::new(),
            indicator_set: request.indicator_set.as_str().to_string(),
            period: request.period.to_string(),
            area_id: request.area_id,
            breakdowns: request
                .breakdowns
                .iter()
                .map(|b| b.as_str().to_string())
                .collect(),
            small_cell_threshold: i32::try_from(self.config.small_cells.threshold())
                .unwrap_or(i32::MAX),
            tables,
            status: ReleaseStatus::AwaitingSignOff,
            prepared_by: actor.user_id,
            prepared_at: self.clock.now(),
            published_at: None,
            published_document: None,
            content_hash: None,
            withdrawn_at: None,
        };
        let event = self.event(
            Some(actor),
            AuditAction::StatisticsReleasePrepared,
            Some((AUDIT_OBJECT, row.id.to_string())),
            AuditOutcome::Success,
            json!({
                "indicator_set": row.indicator_set,
                "period": row.period,
                "area_id": row.area_id,
                "tables": computed.tables.len(),
                "suppressed_cells": suppressed,
                "contributing_agencies": contributors.len(),
            }),
        );
        self.store
            .create_statistics_release(&row, &contributors, &event)
            .await?;
        Ok(row)
    }

    async fn compute_release(&self, request: &ReleaseRequest) -> AppResult<Computed> {
        match request.indicator_set {
            IndicatorSet::RiskConferenceQuarterly => {
                self.risk_conference_release(request.area_id, request.period, &request.breakdowns)
                    .await
            }
            IndicatorSet::GbvIncidents => {
                self.gbv_incident_release(request.area_id, request.period, &request.breakdowns)
                    .await
            }
        }
    }

    /// The incident statistics of the period exactly as the Statistics area
    /// shows them for combined agencies (one suppression over every level
    /// and breakdown), cut to the area; the contributors are the agencies
    /// with a counted incident of the period in the area or below it.
    async fn gbv_incident_release(
        &self,
        area: AreaId,
        period: ReleasePeriod,
        breakdowns: &[Breakdown],
    ) -> AppResult<Computed> {
        let period = gbv_incidents::statistics_period(period);
        let tree = self
            .statistics_tree()
            .await?
            .filter(|t| t.contains(area))
            .ok_or_else(|| {
                Invalid::one(
                    "area_id",
                    "must be an area statistics are shown for (national, regional or district)",
                )
            })?;
        let groups = self.store.incident_groups(period, None).await?;
        let policy = Visibility::Suppressed(self.config.small_cells);
        let figures = incident_statistics(&tree, period, &groups, policy)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let by: Vec<_> = breakdowns
            .iter()
            .filter_map(|b| match b {
                Breakdown::Incidents(b) => Some(*b),
                Breakdown::ReferringSector => None,
            })
            .collect();
        let mut contributors = BTreeSet::new();
        for agency in self.all_agency_ids().await? {
            let own = self.store.incident_groups(period, Some(agency)).await?;
            if gbv_incidents::feeds(&tree, period, area, &own) {
                contributors.insert(agency);
            }
        }
        Ok(Computed {
            tables: gbv_incidents::tables(&figures, area, &by),
            contributors,
        })
    }

    /// Every agency's id, page by page.
    async fn all_agency_ids(&self) -> AppResult<Vec<AgencyId>> {
        let mut ids = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_agencies(&page).await?;
            ids.extend(batch.items.into_iter().map(|a| a.id));
            match batch.next {
                Some(next) => page.after = Some(next),
                None => return Ok(ids),
            }
        }
    }

    /// The quarterly datasets of every conference of the area and the
    /// areas below it, rolled up into one dataset and suppressed as one
    /// table set.
    async fn risk_conference_release(
        &self,
        area: AreaId,
        period: ReleasePeriod,
        breakdowns: &[Breakdown],
    ) -> AppResult<Computed> {
        let ReleasePeriod::Quarter { year, quarter } = period else {
            return Err(Invalid::one("period", "must be a quarter such as 2026-Q1").into());
        };
        let quarter = Quarter {
            year,
            number: quarter,
        };
        let within = self.areas_within(area).await?;
        let mut discussed = Vec::new();
        let mut sectors = Vec::new();
        let mut contributors = BTreeSet::new();
        for conference in self.store.list_conferences().await? {
            if !conference.area_id.is_some_and(|a| within.contains(&a)) {
                continue;
            }
            let facts = self.conference_quarter_facts(&conference, quarter).await?;
            discussed.extend(facts.discussed);
            sectors.extend(facts.referral_sectors);
            contributors.extend(facts.contributors);
        }
        let dataset = quarterly_dataset(&discussed, &sectors);
        let tables = risk_conference::tables(&dataset, self.config.small_cells, breakdowns)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Computed {
            tables,
            contributors,
        })
    }

    /// The area and every area below it.
    pub(crate) async fn areas_within(&self, top: AreaId) -> AppResult<BTreeSet<AreaId>> {
        let mut all = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_areas(&page).await?;
            all.extend(batch.items);
            match batch.next {
                Some(next) => page.after = Some(next),
                None => break,
            }
        }
        let mut within = BTreeSet::from([top]);
        loop {
            let before = within.len();
            for area in &all {
                if area.parent_id.is_some_and(|p| within.contains(&p)) {
                    within.insert(area.id);
                }
            }
            if within.len() == before {
                return Ok(within);
            }
        }
    }
}
