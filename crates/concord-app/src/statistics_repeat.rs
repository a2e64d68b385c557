//! Repeat victimisation for those who may see statistics (issue 13): of
//! the survivors with a counted incident in the period, those whose
//! incident came within 12 calendar months after an earlier one — for the
//! area asked for and the areas below it, exact for the reader's own
//! agency, suppressed wherever agencies are combined, decided in one
//! suppression. The store hands over each survivor's incident dates
//! without her id; every view is audited, every refusal too.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::statistics::StatisticsRequest;
use crate::statistics_request::IndicatorRequest;
use chrono::Months;
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::statistics::indicators::IndicatorCode;
use concord_domain::statistics::{Published, RepeatCell, repeat_statistics};

/// Repeat victimisation of a period, as the reader may see it.
#[derive(Debug, Clone)]
pub struct RepeatView {
    pub request: IndicatorRequest,
    pub figures: Published<RepeatCell>,
}

impl App {
    /// Repeat victimisation asked for, or every problem with the request
    /// (each naming its field), or a refusal (audited).
    pub async fn repeat_victimisation(
        &self,
        actor: &Actor,
        request: &StatisticsRequest,
    ) -> AppResult<RepeatView> {
        let mut invalid = Invalid::default();
        let Some(request) = self.indicator_request(actor, request, &mut invalid).await? else {
            return Err(invalid.into());
        };
        let (from, until) = (request.period.first_day(), request.period.end_day());
        let earliest = from - Months::new(12);
        let survivors = self
            .store
            .repeat_incidents(earliest, from, until, request.agency(actor))
            .await?;
        let figures = repeat_statistics(
            &request.tree,
            request.period,
            &survivors,
            request.visibility,
        )
        .map_err(|e| AppError::Internal(e.to_string()))?;
        self.audit_indicator_view(actor, IndicatorCode::RepeatVictimisation, &request, None)
            .await?;
        Ok(RepeatView { request, figures })
    }
}
