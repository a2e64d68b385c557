//! GBVIMS incident statistics (DOMAIN.md §6, §8): incidents first reported
//! in the period, by type of violence, survivor age group and sex,
//! perpetrator relationship, context, form of violence (issue 16; an
//! incident recorded without forms counts as `not_recorded`) and
//! reporting-delay band.
//!
//! **Counted:** GBV incidents (one of the six GBVIMS types) whose survivor
//! consented to their use in statistics and which were not already
//! reported elsewhere (the agency that first took the report counts them,
//! so an incident is not counted twice across agencies). Non-GBV incidents
//! are recorded but never counted. **Period rule:** the local date the
//! incident was first reported falls in the period. **Area:** where the
//! incident happened; an area includes the areas below it.

use super::areas::AreaTree;
use super::period::Period;
use super::publication::{Published, Shape, Visibility, publish};
use crate::ids::AreaId;
use crate::incident::{
    AgeGroup, ContextFlag, FormOfViolence, GbvType, NOT_RECORDED, PerpetratorRelationship,
    ReportingDelay, form_categories,
};
use crate::label::{Label, label_enum};
use crate::small_cells::Inconsistent;
use crate::survivor::SexGender;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// How many incidents share the same countable attributes — what the store
/// gives statistics: grouped counts, never an incident, case or person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentGroup {
    pub area: Option<AreaId>,
    pub first_reported_on: NaiveDate,
    pub gbv_type: GbvType,
    pub survivor_age_group: Option<AgeGroup>,
    pub survivor_sex: SexGender,
    pub perpetrator_relationship: PerpetratorRelationship,
    pub context_flags: Vec<ContextFlag>,
    /// `None`: recorded before forms were kept, or without them.
    pub forms_of_violence: Option<Vec<FormOfViolence>>,
    pub reporting_delay: ReportingDelay,
    pub consent_to_statistics: bool,
    pub already_reported_elsewhere: bool,
    pub count: u32,
}

impl IncidentGroup {
    /// The exclusion rule: only GBV incidents with consent for statistics,
    /// not already reported elsewhere, are counted.
    pub fn is_counted(&self) -> bool {
        self.consent_to_statistics
            && !self.already_reported_elsewhere
            && self.gbv_type != GbvType::NonGbv
    }
}

label_enum! {
    /// The ways incident statistics break down.
    pub enum IncidentBreakdown ("breakdown") {
        GbvType => "gbv_type",
        AgeGroup => "age_group",
        Sex => "sex",
        PerpetratorRelationship => "perpetrator_relationship",
        ReportingDelay => "reporting_delay",
        /// Several contexts may apply to one incident: its categories do
        /// not add up to the total.
        Context => "context",
        /// Several forms may apply to one incident: its categories do not
        /// add up to the total.
        FormOfViolence => "form_of_violence",
    }
}

/// The category of a survivor whose age group is not known.
pub const UNKNOWN: &str = "unknown";

impl IncidentBreakdown {
    /// Its categories, in the order pages list them (labels of the
    /// vocabulary, plus `unknown` for the age group).
    pub fn categories(self) -> Vec<&'static str> {
        fn labels<T: Label>() -> Vec<&'static str> {
            T::all().iter().map(|v| v.label()).collect()
        }
        match self {
            IncidentBreakdown::GbvType => GbvType::ALL
                .into_iter()
                .filter(|t| *t != GbvType::NonGbv)
                .map(GbvType::as_str)
                .collect(),
            IncidentBreakdown::AgeGroup => {
                let mut c = labels::<AgeGroup>();
                c.push(UNKNOWN);
                c
            }
            IncidentBreakdown::Sex => labels::<SexGender>(),
            IncidentBreakdown::PerpetratorRelationship => labels::<PerpetratorRelationship>(),
            IncidentBreakdown::ReportingDelay => labels::<ReportingDelay>(),
            IncidentBreakdown::Context => labels::<ContextFlag>(),
            IncidentBreakdown::FormOfViolence => {
                let mut c = labels::<FormOfViolence>();
                c.push(NOT_RECORDED);
                c
            }
        }
    }

    /// Whether every incident falls in exactly one category.
    pub fn adds_up(self) -> bool {
        !matches!(
            self,
            IncidentBreakdown::Context | IncidentBreakdown::FormOfViolence
        )
    }

    fn categories_of(self, g: &IncidentGroup) -> Vec<&'static str> {
        match self {
            IncidentBreakdown::GbvType => vec![g.gbv_type.as_str()],
            IncidentBreakdown::AgeGroup => {
                vec![g.survivor_age_group.map_or(UNKNOWN, AgeGroup::as_str)]
            }
            IncidentBreakdown::Sex => vec![g.survivor_sex.as_str()],
            IncidentBreakdown::PerpetratorRelationship => {
                vec![g.perpetrator_relationship.as_str()]
            }
            IncidentBreakdown::ReportingDelay => vec![g.reporting_delay.as_str()],
            IncidentBreakdown::Context => {
                let mut flags: Vec<_> = g.context_flags.iter().map(|f| f.as_str()).collect();
                flags.sort_unstable();
                flags.dedup();
                flags
            }
            IncidentBreakdown::FormOfViolence => form_categories(g.forms_of_violence.as_deref()),
        }
    }
}

/// One figure of an area's incident statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IncidentCell {
    /// Every counted incident of the period.
    Total,
    /// Those in one category of a breakdown.
    Category(IncidentBreakdown, &'static str),
    /// Those first reported in one month of the period (the trend).
    Month(Period),
}

/// Every figure of the period's incident statistics: all breakdowns, the
/// monthly trend, every level of the tree — decided together.
pub fn incident_statistics(
    tree: &AreaTree,
    period: Period,
    groups: &[IncidentGroup],
    visibility: Visibility,
) -> Result<Published<IncidentCell>, Inconsistent> {
    let shape = shape(period);
    let mut direct: BTreeMap<(AreaId, IncidentCell), u32> = BTreeMap::new();
    let months = period.months();
    for g in groups
        .iter()
        .filter(|g| g.is_counted() && period.contains(g.first_reported_on))
    {
        let area = tree.counted_in(g.area);
        let mut add = |cell| *direct.entry((area, cell)).or_insert(0) += g.count;
        add(IncidentCell::Total);
        for b in IncidentBreakdown::ALL {
            for c in b.categories_of(g) {
                add(IncidentCell::Category(b, c));
            }
        }
        if months.len() > 1
            && let Some(m) = months.iter().find(|m| m.contains(g.first_reported_on))
        {
            add(IncidentCell::Month(*m));
        }
    }
    publish(tree, &shape, &direct, visibility)
}

/// The cells of the period and the sums between them.
pub fn shape(period: Period) -> Shape<IncidentCell> {
    let mut keys = vec![IncidentCell::Total];
    let mut sums = Vec::new();
    for b in IncidentBreakdown::ALL {
        let cells: Vec<_> = b
            .categories()
            .into_iter()
            .map(|c| IncidentCell::Category(b, c))
            .collect();
        keys.extend(&cells);
        if b.adds_up() {
            sums.push((IncidentCell::Total, cells));
        }
    }
    let months = period.months();
    if months.len() > 1 {
        let cells: Vec<_> = months.into_iter().map(IncidentCell::Month).collect();
        keys.extend(&cells);
        sums.push((IncidentCell::Total, cells));
    }
    Shape { keys, sums }
}

#[cfg(test)]
mod tests {
    use super::super::areas::tests::{demo_tree, id};
    use super::super::publication::Figure;
    use super::*;
    use crate::small_cells::SmallCellPolicy;

    fn group(area: u128, day: &str, count: u32) -> IncidentGroup {
        IncidentGroup {
            area: Some(id(area)),
            first_reported_on: day.parse().unwrap(),
            gbv_type: GbvType::PhysicalAssault,
            survivor_age_group: Some(AgeGroup::Age18Plus),
            survivor_sex: SexGender::Female,
            perpetrator_relationship: PerpetratorRelationship::IntimatePartner,
            context_flags: vec![ContextFlag::IntimatePartnerViolence],
            forms_of_violence: Some(vec![FormOfViolence::IntimatePartnerViolence]),
            reporting_delay: ReportingDelay::Days0To3,
            consent_to_statistics: true,
            already_reported_elsewhere: false,
            count,
        }
    }

    #[test]
    fn forms_of_violence_overlap_and_unrecorded_ones_count_as_not_recorded() {
        // District 4: 3 IPV incidents, 2 of them also technology-facilitated;
        // 4 incidents from before forms were kept; 1 trafficking.
        let ipv_tech = IncidentGroup {
            forms_of_violence: Some(vec![
                FormOfViolence::IntimatePartnerViolence,
                FormOfViolence::TechnologyFacilitatedViolence,
            ]),
            ..group(4, "2026-05-03", 2)
        };
        let old = IncidentGroup {
            forms_of_violence: None,
            ..group(4, "2026-05-04", 4)
        };
        let trafficking = IncidentGroup {
            forms_of_violence: Some(vec![FormOfViolence::TraffickingInPersons]),
            ..group(4, "2026-05-05", 1)
        };
        let p = exact(
            "2026-05",
            &[ipv_tech, group(4, "2026-05-02", 1), old, trafficking],
        );
        let cell = |c| IncidentCell::Category(IncidentBreakdown::FormOfViolence, c);
        assert_eq!(shown(&p, 4, IncidentCell::Total), 8);
        assert_eq!(shown(&p, 4, cell("intimate_partner_violence")), 3);
        assert_eq!(shown(&p, 4, cell("technology_facilitated_violence")), 2);
        assert_eq!(shown(&p, 4, cell("trafficking_in_persons")), 1);
        assert_eq!(shown(&p, 4, cell(NOT_RECORDED)), 4);
        assert_eq!(shown(&p, 4, cell("female_genital_mutilation")), 0);
        assert!(!IncidentBreakdown::FormOfViolence.adds_up());
    }

    #[test]
    fn a_small_form_of_violence_cell_is_suppressed_like_any_other() {
        let fgm = IncidentGroup {
            forms_of_violence: Some(vec![FormOfViolence::FemaleGenitalMutilation]),
            ..group(4, "2026-05-01", 2)
        };
        let groups = [group(4, "2026-05-01", 30), fgm];
        let policy = SmallCellPolicy::new(5).unwrap();
        let p = incident_statistics(
            &demo_tree(),
            Period::parse("2026-05").unwrap(),
            &groups,
            Visibility::Suppressed(policy),
        )
        .unwrap();
        let cell = IncidentCell::Category(
            IncidentBreakdown::FormOfViolence,
            "female_genital_mutilation",
        );
        assert_eq!(p.get(id(4), cell), Some(Figure::Suppressed));
    }

    fn exact(period: &str, groups: &[IncidentGroup]) -> Published<IncidentCell> {
        let period = Period::parse(period).unwrap();
        incident_statistics(&demo_tree(), period, groups, Visibility::Exact).unwrap()
    }

    fn shown(p: &Published<IncidentCell>, area: u128, cell: IncidentCell) -> u32 {
        p.get(id(area), cell).and_then(Figure::shown).unwrap()
    }

    #[test]
    fn counts_only_gbv_incidents_with_consent_not_reported_elsewhere() {
        let no_consent = IncidentGroup {
            consent_to_statistics: false,
            ..group(4, "2026-03-02", 5)
        };
        let elsewhere = IncidentGroup {
            already_reported_elsewhere: true,
            ..group(4, "2026-03-02", 7)
        };
        let non_gbv = IncidentGroup {
            gbv_type: GbvType::NonGbv,
            ..group(4, "2026-03-02", 11)
        };
        let counted = group(4, "2026-03-02", 2);
        let p = exact("2026-03", &[no_consent, elsewhere, non_gbv, counted]);
        assert_eq!(shown(&p, 4, IncidentCell::Total), 2);
        assert_eq!(shown(&p, 1, IncidentCell::Total), 2);
    }

    #[test]
    fn the_period_is_the_local_date_first_reported_first_and_last_day_included() {
        let groups = [
            group(4, "2026-02-28", 1),
            group(4, "2026-03-01", 2),
            group(4, "2026-03-31", 4),
            group(4, "2026-04-01", 8),
        ];
        assert_eq!(shown(&exact("2026-03", &groups), 4, IncidentCell::Total), 6);
        let q1 = exact("2026-Q1", &groups);
        assert_eq!(shown(&q1, 4, IncidentCell::Total), 7);
        let feb = Period::parse("2026-02").unwrap();
        assert_eq!(shown(&q1, 4, IncidentCell::Month(feb)), 1);
    }

    #[test]
    fn breakdowns_by_hand() {
        // District 4: 3 rapes of girls 12–17 (one reported after 40 days),
        // 2 physical assaults of adult women; district 6: 1 forced marriage
        // of a girl with age unknown, early marriage and CSA flags.
        let rape = IncidentGroup {
            gbv_type: GbvType::Rape,
            survivor_age_group: Some(AgeGroup::Age12To17),
            context_flags: vec![ContextFlag::ChildSexualAbuse],
            perpetrator_relationship: PerpetratorRelationship::Stranger,
            ..group(4, "2026-05-10", 2)
        };
        let late_rape = IncidentGroup {
            reporting_delay: ReportingDelay::Over1Month,
            ..rape.clone()
        };
        let late_rape = IncidentGroup {
            count: 1,
            ..late_rape
        };
        let marriage = IncidentGroup {
            gbv_type: GbvType::ForcedMarriage,
            survivor_age_group: None,
            context_flags: vec![ContextFlag::EarlyMarriage, ContextFlag::ChildSexualAbuse],
            perpetrator_relationship: PerpetratorRelationship::FamilyMember,
            ..group(6, "2026-05-20", 1)
        };
        let p = exact(
            "2026-05",
            &[rape, late_rape, group(4, "2026-05-11", 2), marriage],
        );
        use IncidentBreakdown as B;
        let cell = |b, c| IncidentCell::Category(b, c);
        assert_eq!(shown(&p, 4, IncidentCell::Total), 5);
        assert_eq!(shown(&p, 4, cell(B::GbvType, "rape")), 3);
        assert_eq!(shown(&p, 4, cell(B::GbvType, "physical_assault")), 2);
        assert_eq!(shown(&p, 4, cell(B::AgeGroup, "12_17")), 3);
        assert_eq!(shown(&p, 4, cell(B::ReportingDelay, "over_1_month")), 1);
        assert_eq!(shown(&p, 4, cell(B::ReportingDelay, "0_3_days")), 4);
        assert_eq!(shown(&p, 6, cell(B::AgeGroup, UNKNOWN)), 1);
        // Contexts may overlap: the nation has 4 incidents flagged CSA,
        // 2 IPV, 1 early marriage — 7 flags for 6 incidents.
        assert_eq!(shown(&p, 1, IncidentCell::Total), 6);
        assert_eq!(shown(&p, 1, cell(B::Context, "child_sexual_abuse")), 4);
        assert_eq!(
            shown(&p, 1, cell(B::Context, "intimate_partner_violence")),
            2
        );
        assert_eq!(shown(&p, 1, cell(B::Context, "early_marriage")), 1);
        assert_eq!(shown(&p, 1, cell(B::Sex, "female")), 6);
        assert_eq!(
            shown(&p, 3, cell(B::PerpetratorRelationship, "family_member")),
            1
        );
    }

    #[test]
    fn a_district_with_few_incidents_is_suppressed_and_the_nation_is_not() {
        let groups = [
            group(4, "2026-05-01", 30),
            group(5, "2026-05-01", 25),
            group(6, "2026-05-01", 3),
            group(7, "2026-05-01", 40),
        ];
        let period = Period::parse("2026-05").unwrap();
        let policy = SmallCellPolicy::new(5).unwrap();
        let p = incident_statistics(
            &demo_tree(),
            period,
            &groups,
            Visibility::Suppressed(policy),
        )
        .unwrap();
        assert_eq!(p.get(id(6), IncidentCell::Total), Some(Figure::Suppressed));
        assert_eq!(p.get(id(1), IncidentCell::Total), Some(Figure::Shown(98)));
        assert_eq!(p.get(id(4), IncidentCell::Total), Some(Figure::Shown(30)));
        // South (3) = 6 + 7: with 40 shown, 43 would give 3 away.
        let south = p.get(id(3), IncidentCell::Total).and_then(Figure::shown);
        let s2 = p.get(id(7), IncidentCell::Total).and_then(Figure::shown);
        assert!(south.zip(s2).is_none());
    }
}
