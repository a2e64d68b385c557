//! Reading releases. Published releases are for everyone signed in (and
//! for anyone when the deployment publishes them publicly); a release not
//! yet published is for analysts and for the designated persons of its
//! contributing agencies, who see its tables exactly as they will be
//! published.

use super::AUDIT_OBJECT;
use crate::app::App;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use concord_domain::access::{Actor, Denied};
use concord_domain::ids::{AgencyId, StatisticsReleaseId};
use concord_domain::role::Permission;
use concord_domain::statistics_release::{PublishedTable, ReleaseStatus};
use concord_store::{
    AreaRow, Page, PageRequest, ReleaseFilter, StatisticsReleaseDetail, StatisticsReleaseRow,
};

/// Only published releases.
fn published() -> ReleaseFilter {
    ReleaseFilter {
        status: Some(ReleaseStatus::Published),
        ..ReleaseFilter::default()
    }
}

#[derive(Debug, Clone)]
pub struct ContributorView {
    pub agency_id: AgencyId,
    pub agency_name: String,
    pub signed: Option<bool>,
    pub reason: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The role the signer decided in.
    pub decided_as: Option<concord_domain::role::Role>,
}

#[derive(Debug, Clone)]
pub struct ReleaseView {
    pub release: StatisticsReleaseRow,
    pub area: AreaRow,
    pub tables: Vec<PublishedTable>,
    /// Only for analysts and contributing agencies' designated persons.
    pub contributors: Vec<ContributorView>,
    /// The reader's agency contributes and has not decided yet, and the
    /// reader may decide for it.
    pub awaits_reader: bool,
}

impl App {
    /// The releases the reader may see, newest first, a page at a time:
    /// analysts every release; a designated person the releases their
    /// agency contributes to and every published one; everyone else the
    /// published ones.
    pub async fn list_statistics_releases(
        &self,
        actor: &Actor,
        page: &PageRequest,
    ) -> AppResult<Page<(StatisticsReleaseRow, AreaRow)>> {
        let filter = if actor.has(Permission::ViewAggregates) {
            ReleaseFilter::default()
        } else if actor.has(Permission::SignOffStatistics) {
            ReleaseFilter {
                published_or_contributor: Some(actor.agency_id),
                ..ReleaseFilter::default()
            }
        } else {
            published()
        };
        let rows = self.store.list_statistics_releases(&filter, page).await?;
        self.page_with_areas(rows).await
    }

    /// Published releases for the public page, a page at a time (`None`
    /// when the deployment does not publish them: the page is not there).
    pub async fn public_statistics_releases(
        &self,
        page: &PageRequest,
    ) -> AppResult<Option<Page<(StatisticsReleaseRow, AreaRow)>>> {
        if !self.config.public_statistics {
            return Ok(None);
        }
        let rows = self
            .store
            .list_statistics_releases(&published(), page)
            .await?;
        Ok(Some(self.page_with_areas(rows).await?))
    }

    pub fn publishes_statistics(&self) -> bool {
        self.config.public_statistics
    }

    async fn page_with_areas(
        &self,
        page: Page<StatisticsReleaseRow>,
    ) -> AppResult<Page<(StatisticsReleaseRow, AreaRow)>> {
        Ok(Page {
            items: self.with_areas(page.items).await?,
            next: page.next,
        })
    }

    pub(super) async fn with_areas(
        &self,
        rows: Vec<StatisticsReleaseRow>,
    ) -> AppResult<Vec<(StatisticsReleaseRow, AreaRow)>> {
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let area = self
                .store
                .get_area(row.area_id)
                .await?
                .ok_or(AppError::NotFound)?;
            out.push((row, area));
        }
        Ok(out)
    }

    /// One release as the reader may see it (`actor` `None`: the public,
    /// published releases only and only when the deployment publishes them).
    pub async fn statistics_release(
        &self,
        actor: Option<&Actor>,
        id: StatisticsReleaseId,
    ) -> AppResult<ReleaseView> {
        let detail = self
            .store
            .get_statistics_release(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let published = detail.release.status == ReleaseStatus::Published;
        let Some(actor) = actor else {
            if published && self.config.public_statistics {
                return self.view(detail, false, false).await;
            }
            return Err(AppError::NotFound);
        };
        let analyst = actor.has(Permission::ViewAggregates);
        let contributes = detail
            .contributors
            .iter()
            .any(|c| c.agency_id == actor.agency_id);
        let designated = actor.has(Permission::SignOffStatistics) && contributes;
        if !(published || analyst || designated) {
            return self
                .refuse(
                    actor,
                    Denied::NotPermitted,
                    Some((AUDIT_OBJECT, id.to_string())),
                )
                .await;
        }
        let awaits = designated
            && detail.release.status == ReleaseStatus::AwaitingSignOff
            && detail
                .contributors
                .iter()
                .any(|c| c.agency_id == actor.agency_id && c.signed.is_none());
        self.view(detail, analyst || designated, awaits).await
    }

    async fn view(
        &self,
        detail: StatisticsReleaseDetail,
        with_contributors: bool,
        awaits_reader: bool,
    ) -> AppResult<ReleaseView> {
        let area = self
            .store
            .get_area(detail.release.area_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let tables = serde_json::from_str(&detail.release.tables)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let mut contributors = Vec::new();
        if with_contributors {
            for c in detail.contributors {
                let agency_name = self
                    .store
                    .get_agency(c.agency_id)
                    .await?
                    .map(|a| a.name)
                    .unwrap_or_default();
                contributors.push(ContributorView {
                    agency_id: c.agency_id,
                    agency_name,
                    signed: c.signed,
                    reason: c.reason,
                    decided_at: c.decided_at,
                    decided_as: c.decided_as,
                });
            }
        }
        Ok(ReleaseView {
            release: detail.release,
            area,
            tables,
            contributors,
            awaits_reader,
        })
    }
}
