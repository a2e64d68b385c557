//! Statistics for those who may see them (issue 13): the incident
//! statistics of a period, for every level of the area tree at once, exact
//! for the reader's own agency and suppressed wherever agencies are
//! combined (the decision is [`statistics_visibility`]). Counts only: the
//! store hands over grouped counts, and nothing here reads a case, a
//! reference or a name. Every view is audited, every refusal too.

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::Invalid;
use concord_domain::access::{Actor, Denied};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::AreaId;
use concord_domain::label::Label;
use concord_domain::statistics::{
    AreaNode, AreaTree, IncidentBreakdown, IncidentCell, Period, Published, StatisticsReach,
    StatisticsScope, Visibility, incident_statistics, statistics_reach, statistics_visibility,
};

/// What a reader asks for, as typed in a URL's query (every field may be
/// empty: the defaults are all agencies, the whole tree, by type).
#[derive(Debug, Clone, Default)]
pub struct StatisticsRequest {
    pub scope: String,
    pub period: String,
    /// An area's code (never personal data).
    pub area: String,
    pub breakdown: String,
}

/// The incident statistics of a period, as the reader may see them.
#[derive(Debug, Clone)]
pub struct IncidentStatisticsView {
    pub scope: StatisticsScope,
    pub visibility: Visibility,
    pub period: Period,
    pub tree: AreaTree,
    /// The tops of the areas the reader may look at (the root for everyone
    /// but a secretariat): nothing above or beside them is shown.
    pub reach: Vec<AreaId>,
    /// The area asked for (its figures, and its children's beside them).
    pub area: AreaId,
    pub breakdown: IncidentBreakdown,
    pub figures: Published<IncidentCell>,
}

impl IncidentStatisticsView {
    /// The figure of an area for a cell (every area of the tree has one).
    pub fn figure(&self, area: AreaId, cell: IncidentCell) -> concord_domain::statistics::Figure {
        self.figures
            .get(area, cell)
            .unwrap_or(concord_domain::statistics::Figure::Suppressed)
    }
}

impl App {
    /// The incident statistics asked for, or every problem with the request
    /// (each naming its field), or a refusal (audited).
    pub async fn incident_statistics(
        &self,
        actor: &Actor,
        request: &StatisticsRequest,
    ) -> AppResult<IncidentStatisticsView> {
        let mut invalid = Invalid::default();
        let scope = parse_label(
            &mut invalid,
            "agencies",
            &request.scope,
            StatisticsScope::AllAgencies,
        );
        let breakdown = parse_label(
            &mut invalid,
            "breakdown",
            &request.breakdown,
            IncidentBreakdown::GbvType,
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
            Some(tree) => area_by_code(&mut invalid, tree, &request.area, reach[0]),
        };
        if let (Some(tree), Some(area)) = (&tree, area)
            && !tree.is_within(&reach, area)
        {
            return self.refuse(actor, Denied::NotPermitted, None).await;
        }
        let (Some(scope), Some(breakdown), Some(period), Some(visibility), Some(tree), Some(area)) =
            (scope, breakdown, period, visibility, tree, area)
        else {
            return Err(invalid.into());
        };
        let agency = (scope == StatisticsScope::OwnAgency).then_some(actor.agency_id);
        let groups = self.store.incident_groups(period, agency).await?;
        let figures = incident_statistics(&tree, period, &groups, visibility)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let code = tree.get(area).map(|a| a.code.clone()).unwrap_or_default();
        let event = self.event(
            Some(actor),
            AuditAction::StatisticsViewed,
            None,
            AuditOutcome::Success,
            serde_json::json!({
                "indicator": "gbv_incidents",
                "scope": scope.as_str(),
                "period": period.code(),
                "area": code,
                "breakdown": breakdown.as_str(),
            }),
        );
        self.store.append_audit(&event).await?;
        Ok(IncidentStatisticsView {
            scope,
            visibility,
            period,
            tree,
            reach,
            area,
            breakdown,
            figures,
        })
    }

    /// The tops of the areas the actor may look at: the root, or for a
    /// secretariat the areas of the bodies its agency is the secretariat of
    /// (empty: none).
    pub(crate) async fn statistics_reach_of(
        &self,
        actor: &Actor,
        tree: &AreaTree,
    ) -> AppResult<Vec<AreaId>> {
        Ok(match statistics_reach(actor) {
            StatisticsReach::Everywhere => vec![tree.root()],
            StatisticsReach::OwnBodiesAreas => {
                let areas: Vec<AreaId> = self
                    .store
                    .list_bodies()
                    .await?
                    .into_iter()
                    .filter(|b| b.secretariat_agency_id == Some(actor.agency_id))
                    .map(|b| b.area_id)
                    .collect();
                tree.tops_of(&areas)
            }
        })
    }

    /// The area tree statistics roll up (`None` before any area exists).
    pub(crate) async fn statistics_tree(&self) -> AppResult<Option<AreaTree>> {
        let areas = self.store.statistics_areas().await?;
        Ok(AreaTree::new(
            areas
                .into_iter()
                .map(|a| AreaNode {
                    id: a.id,
                    parent: a.parent_id,
                    level: a.level,
                    code: a.code,
                    name: a.name,
                    adult_female_population: a.adult_female_population,
                })
                .collect(),
        ))
    }
}

/// A label of a closed vocabulary, `default` when empty.
pub(crate) fn parse_label<T: Label>(
    invalid: &mut Invalid,
    field: &str,
    text: &str,
    default: T,
) -> Option<T> {
    let text = text.trim();
    if text.is_empty() {
        return Some(default);
    }
    let value = T::from_label(text);
    if value.is_none() {
        let known: Vec<_> = T::all().iter().map(|v| v.label()).collect();
        invalid.push(field, format!("must be one of: {}", known.join(", ")));
    }
    value
}

/// The shown area with this code; `default` when empty.
pub(crate) fn area_by_code(
    invalid: &mut Invalid,
    tree: &AreaTree,
    code: &str,
    default: AreaId,
) -> Option<AreaId> {
    let code = code.trim();
    if code.is_empty() {
        return Some(default);
    }
    let found = tree.subtree(tree.root()).into_iter().find(|a| {
        tree.get(*a)
            .is_some_and(|n| n.code.eq_ignore_ascii_case(code))
    });
    if found.is_none() {
        invalid.push(
            "area",
            "no such area (national, regional or district) is known",
        );
    }
    found
}
