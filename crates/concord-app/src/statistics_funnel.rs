//! The referral funnel for those who may see statistics (issue 13): of the
//! referrals sent in a period, how far they got and how fast, for the area
//! asked for and the areas below it, by receiving sector and urgency —
//! exact for the reader's own agency (the referrals it sent), suppressed
//! wherever agencies are combined, every figure of the page decided in one
//! suppression. The store hands over journeys without ids; every view is
//! audited, every refusal too.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::statistics::StatisticsRequest;
use crate::statistics_request::IndicatorRequest;
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::statistics::indicators::IndicatorCode;
use concord_domain::statistics::{FunnelStatistics, funnel_statistics};

/// The referral funnel of a period, as the reader may see it.
#[derive(Debug, Clone)]
pub struct FunnelView {
    pub request: IndicatorRequest,
    pub funnel: FunnelStatistics,
}

impl App {
    /// The referral funnel asked for, or every problem with the request
    /// (each naming its field), or a refusal (audited).
    pub async fn referral_funnel(
        &self,
        actor: &Actor,
        request: &StatisticsRequest,
    ) -> AppResult<FunnelView> {
        let mut invalid = Invalid::default();
        let Some(request) = self.indicator_request(actor, request, &mut invalid).await? else {
            return Err(invalid.into());
        };
        let tz = self.time_zone();
        let (from, until) = request.period.instants(tz);
        let journeys = self
            .store
            .referral_journeys(from, until, request.agency(actor))
            .await?;
        let funnel = funnel_statistics(
            &request.tree,
            request.period,
            tz,
            &journeys,
            request.visibility,
        )
        .map_err(|e| AppError::Internal(e.to_string()))?;
        self.audit_indicator_view(actor, IndicatorCode::ReferralFunnel, &request, None)
            .await?;
        Ok(FunnelView { request, funnel })
    }
}
