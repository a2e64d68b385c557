//! What every indicator's request has in common (issue 13): who may see
//! which agencies' figures and how (exact or suppressed), the period and
//! the area asked for — each problem naming its field, a refusal audited
//! — and the audit event of a view.

use crate::app::App;
use crate::error::AppResult;
use crate::statistics::{StatisticsRequest, area_by_code, parse_label};
use concord_domain::Invalid;
use concord_domain::access::{Actor, Denied};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::{AgencyId, AreaId};
use concord_domain::statistics::indicators::IndicatorCode;
use concord_domain::statistics::{
    AreaTree, Period, StatisticsScope, Visibility, statistics_visibility,
};

/// A request every indicator can answer.
#[derive(Debug, Clone)]
pub struct IndicatorRequest {
    pub scope: StatisticsScope,
    pub visibility: Visibility,
    pub period: Period,
    pub tree: AreaTree,
    /// The area asked for (its figures, and its children's beside them).
    pub area: AreaId,
}

impl IndicatorRequest {
    /// The agency whose records are read: the reader's own, or `None` for
    /// all agencies combined.
    pub fn agency(&self, actor: &Actor) -> Option<AgencyId> {
        (self.scope == StatisticsScope::OwnAgency).then_some(actor.agency_id)
    }

    /// The code of the area asked for.
    pub fn area_code(&self) -> String {
        self.tree
            .get(self.area)
            .map(|a| a.code.clone())
            .unwrap_or_default()
    }
}

impl App {
    /// The scope, period and area of `request`, if the actor may see
    /// statistics of that scope (a refusal is audited); `invalid` collects
    /// every problem, each naming its field, and `None` comes back then.
    pub(crate) async fn indicator_request(
        &self,
        actor: &Actor,
        request: &StatisticsRequest,
        invalid: &mut Invalid,
    ) -> AppResult<Option<IndicatorRequest>> {
        let scope = parse_label(
            invalid,
            "agencies",
            &request.scope,
            StatisticsScope::AllAgencies,
        );
        let period = match Period::parse(&request.period) {
            Ok(p) => Some(p),
            Err(e) => {
                invalid.problems.extend(e.problems);
                None
            }
        };
        let visibility =
            match scope.map(|s| statistics_visibility(actor, s, self.config.small_cells)) {
                Some(Err(denied)) => return self.refuse(actor, denied, None).await,
                Some(Ok(v)) => Some(v),
                None => None,
            };
        let tree = self.statistics_tree().await?;
        // A secretariat reaches only its bodies' areas and those below.
        let reach = match &tree {
            Some(tree) => self.statistics_reach_of(actor, tree).await?,
            None => Vec::new(),
        };
        if tree.is_some() && reach.is_empty() {
            return self.refuse(actor, Denied::NotPermitted, None).await;
        }
        let area = match &tree {
            None => {
                invalid.push("area", "no area has been set up yet");
                None
            }
            Some(tree) => area_by_code(invalid, tree, &request.area, reach[0]),
        };
        if let (Some(tree), Some(area)) = (&tree, area)
            && !tree.is_within(&reach, area)
        {
            return self.refuse(actor, Denied::NotPermitted, None).await;
        }
        Ok(match (scope, period, visibility, tree, area) {
            (Some(scope), Some(period), Some(visibility), Some(tree), Some(area)) => {
                Some(IndicatorRequest {
                    scope,
                    visibility,
                    period,
                    tree,
                    area,
                })
            }
            _ => None,
        })
    }

    /// Records that the actor viewed an indicator (what was asked for:
    /// codes only, never a figure or a person).
    pub(crate) async fn audit_indicator_view(
        &self,
        actor: &Actor,
        indicator: IndicatorCode,
        request: &IndicatorRequest,
        breakdown: Option<&str>,
    ) -> AppResult<()> {
        let mut details = serde_json::json!({
            "indicator": indicator.as_str(),
            "scope": request.scope.as_str(),
            "period": request.period.code(),
            "area": request.area_code(),
        });
        if let Some(b) = breakdown {
            details["breakdown"] = b.into();
        }
        let event = self.event(
            Some(actor),
            AuditAction::StatisticsViewed,
            None,
            AuditOutcome::Success,
            details,
        );
        self.store.append_audit(&event).await?;
        Ok(())
    }
}
