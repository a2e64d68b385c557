//! The release an analyst asks for: indicator set, period, area and
//! breakdowns, checked field by field.

use super::indicator_set::{Breakdown, IndicatorSet};
use super::period::ReleasePeriod;
use crate::Invalid;
use crate::ids::AreaId;
use chrono::NaiveDate;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseForm {
    pub indicator_set: String,
    pub period: String,
    pub area_id: String,
    /// Breakdown codes; empty for totals only.
    pub breakdowns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseRequest {
    pub indicator_set: IndicatorSet,
    pub period: ReleasePeriod,
    pub area_id: AreaId,
    /// Sorted, without repeats.
    pub breakdowns: Vec<Breakdown>,
}

impl ReleaseForm {
    /// Every problem at once. A period must have started by `today`.
    pub fn parse(&self, today: NaiveDate) -> Result<ReleaseRequest, Invalid> {
        let mut invalid = Invalid::default();
        let set = IndicatorSet::parse("indicator_set", &self.indicator_set)
            .map_err(|e| invalid.problems.extend(e.problems))
            .ok();
        let period = match ReleasePeriod::parse("period", &self.period) {
            Ok(period) if period.first_day() > today => {
                invalid.push("period", "has not begun yet");
                None
            }
            Ok(period) => Some(period),
            Err(e) => {
                invalid.problems.extend(e.problems);
                None
            }
        };
        if let (Some(set), Some(period)) = (set, period)
            && !set.periods().contains(&period.kind())
        {
            invalid.push(
                "period",
                "is not a kind of period this indicator set is computed for",
            );
        }
        let area_id = match self.area_id.trim().parse::<AreaId>() {
            Ok(id) => Some(id),
            Err(_) => {
                invalid.push("area_id", "must be one of the areas");
                None
            }
        };
        let mut breakdowns = Vec::new();
        for text in self
            .breakdowns
            .iter()
            .map(|b| b.trim())
            .filter(|b| !b.is_empty())
        {
            match (Breakdown::parse(text), set) {
                (Some(b), Some(set)) if set.breakdowns().contains(&b) => breakdowns.push(b),
                (_, None) => {}
                _ => invalid.push("breakdowns", "must be breakdowns this indicator set offers"),
            }
        }
        breakdowns.sort();
        breakdowns.dedup();
        match (set, period, area_id) {
            (Some(indicator_set), Some(period), Some(area_id)) if invalid.problems.is_empty() => {
                Ok(ReleaseRequest {
                    indicator_set,
                    period,
                    area_id,
                    breakdowns,
                })
            }
            _ => Err(invalid),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    fn form() -> ReleaseForm {
        ReleaseForm {
            indicator_set: "risk_conference_quarterly".into(),
            period: "2026-Q1".into(),
            area_id: AreaId::new().to_string(),
            breakdowns: vec!["referring_sector".into(), "referring_sector".into()],
        }
    }

    fn fields(form: &ReleaseForm) -> Vec<String> {
        form.parse(today())
            .unwrap_err()
            .problems
            .into_iter()
            .map(|p| p.field)
            .collect()
    }

    #[test]
    fn a_good_form_parses() {
        let request = form().parse(today()).unwrap();
        assert_eq!(request.indicator_set, IndicatorSet::RiskConferenceQuarterly);
        assert_eq!(request.period.to_string(), "2026-Q1");
        assert_eq!(request.breakdowns, vec![Breakdown::ReferringSector]);
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = ReleaseForm {
            indicator_set: "gossip".into(),
            period: "2026-Q9".into(),
            area_id: "nowhere".into(),
            breakdowns: vec![],
        };
        assert_eq!(fields(&bad), ["indicator_set", "period", "area_id"]);
    }

    #[test]
    fn the_period_must_be_of_a_kind_the_set_has_and_have_begun() {
        assert_eq!(
            fields(&ReleaseForm {
                period: "2026-01".into(),
                ..form()
            }),
            ["period"]
        );
        assert_eq!(
            fields(&ReleaseForm {
                period: "2026-Q2".into(),
                ..form()
            }),
            ["period"]
        );
        assert!(
            ReleaseForm {
                period: "2025-Q4".into(),
                ..form()
            }
            .parse(today())
            .is_ok()
        );
    }

    #[test]
    fn a_breakdown_the_set_does_not_offer_is_refused() {
        let bad = ReleaseForm {
            breakdowns: vec!["shoe_size".into()],
            ..form()
        };
        assert_eq!(fields(&bad), ["breakdowns"]);
    }
}
