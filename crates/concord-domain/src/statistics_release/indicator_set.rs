//! The indicator sets a release can publish. Each computes and suppresses
//! its own tables; a new set is a new variant (the match arms below force
//! every decision about it).

use super::period::PeriodKind;
use crate::Invalid;
use crate::statistics::IncidentBreakdown;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IndicatorSet {
    /// The quarterly dataset of the risk conferences of the area
    /// (`risk::dataset`), rolled up over every conference in the area and
    /// the areas below it, suppressed as one table set.
    RiskConferenceQuarterly,
    /// The GBVIMS incident statistics (`statistics::incidents`) of the
    /// area: the same suppressed figures the Statistics area shows for
    /// combined agencies.
    GbvIncidents,
}

/// A breakdown a set may publish its rows by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Breakdown {
    /// The sector of the agency that made the referral.
    ReferringSector,
    /// The incidents by one breakdown of the incident statistics.
    Incidents(IncidentBreakdown),
}

impl Breakdown {
    pub const ALL: [Breakdown; 7] = [
        Breakdown::ReferringSector,
        Breakdown::Incidents(IncidentBreakdown::GbvType),
        Breakdown::Incidents(IncidentBreakdown::AgeGroup),
        Breakdown::Incidents(IncidentBreakdown::Sex),
        Breakdown::Incidents(IncidentBreakdown::PerpetratorRelationship),
        Breakdown::Incidents(IncidentBreakdown::ReportingDelay),
        Breakdown::Incidents(IncidentBreakdown::Context),
    ];

    /// Its code: the incident breakdowns keep the Statistics area's codes.
    pub fn as_str(self) -> &'static str {
        match self {
            Breakdown::ReferringSector => "referring_sector",
            Breakdown::Incidents(b) => b.as_str(),
        }
    }

    pub fn parse(text: &str) -> Option<Breakdown> {
        Breakdown::ALL.into_iter().find(|b| b.as_str() == text)
    }
}

impl IndicatorSet {
    pub const ALL: [IndicatorSet; 2] = [
        IndicatorSet::RiskConferenceQuarterly,
        IndicatorSet::GbvIncidents,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorSet::RiskConferenceQuarterly => "risk_conference_quarterly",
            IndicatorSet::GbvIncidents => "gbv_incidents",
        }
    }

    pub fn parse(field: &str, text: &str) -> Result<IndicatorSet, Invalid> {
        IndicatorSet::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
            .ok_or_else(|| Invalid::one(field, "must be one of the indicator sets offered"))
    }

    /// The periods it is computed for.
    pub fn periods(self) -> &'static [PeriodKind] {
        match self {
            IndicatorSet::RiskConferenceQuarterly => &[PeriodKind::Quarter],
            IndicatorSet::GbvIncidents => {
                &[PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year]
            }
        }
    }

    /// The breakdowns it offers.
    pub fn breakdowns(self) -> &'static [Breakdown] {
        match self {
            IndicatorSet::RiskConferenceQuarterly => &[Breakdown::ReferringSector],
            IndicatorSet::GbvIncidents => &Breakdown::ALL[1..],
        }
    }
}

impl fmt::Display for IndicatorSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Breakdown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
