//! What a designated person's home page says about releases: those that
//! await their agency's sign-off (until the agency decides) and those
//! their agency contributed to that were published lately. Read from the
//! releases themselves, so a notice is never out of step with them.

use crate::app::App;
use crate::error::AppResult;
use chrono::Duration;
use concord_domain::access::Actor;
use concord_domain::role::Permission;
use concord_domain::statistics_release::ReleaseStatus;
use concord_store::{AreaRow, PageRequest, ReleaseFilter, StatisticsReleaseRow};

/// How long a published release stays on its contributors' home pages.
pub const PUBLISHED_NOTICE_DAYS: i64 = 14;

/// The releases to bring to a designated person's attention.
#[derive(Debug, Clone, Default)]
pub struct ReleaseNotices {
    /// Awaiting the reader's agency's decision, newest first.
    pub awaiting: Vec<(StatisticsReleaseRow, AreaRow)>,
    /// Contributed to by the reader's agency and published in the last
    /// [`PUBLISHED_NOTICE_DAYS`] days, newest first.
    pub published: Vec<(StatisticsReleaseRow, AreaRow)>,
}

impl App {
    /// Empty for anyone who does not sign releases off.
    pub async fn statistics_release_notices(&self, actor: &Actor) -> AppResult<ReleaseNotices> {
        if !actor.has(Permission::SignOffStatistics) {
            return Ok(ReleaseNotices::default());
        }
        // The newest releases the agency contributes to: a page of the
        // most a store page holds is far more than ever awaits one agency.
        let ours = self
            .store
            .list_statistics_releases(
                &ReleaseFilter {
                    contributor: Some(actor.agency_id),
                    ..ReleaseFilter::default()
                },
                &PageRequest::first(PageRequest::MAX_LIMIT),
            )
            .await?
            .items;
        let since = self.clock.now() - Duration::days(PUBLISHED_NOTICE_DAYS);
        let mut awaiting = Vec::new();
        let mut published = Vec::new();
        for row in ours {
            match row.status {
                ReleaseStatus::AwaitingSignOff if self.undecided_by(&row, actor).await? => {
                    awaiting.push(row)
                }
                ReleaseStatus::Published if row.published_at.is_some_and(|at| at >= since) => {
                    published.push(row)
                }
                _ => {}
            }
        }
        Ok(ReleaseNotices {
            awaiting: self.with_areas(awaiting).await?,
            published: self.with_areas(published).await?,
        })
    }

    async fn undecided_by(&self, row: &StatisticsReleaseRow, actor: &Actor) -> AppResult<bool> {
        let detail = self.store.get_statistics_release(row.id).await?;
        Ok(detail.is_some_and(|d| {
            d.contributors
                .iter()
                .any(|c| c.agency_id == actor.agency_id && c.signed.is_none())
        }))
    }
}
