//! How integrated the response is: the measures behind a body's action
//! plan coverage, its scorecard, the ESP governance matrix of an area and
//! the self-assessment trend. Each is a plain function over plain facts,
//! checked against hand-worked examples.

use super::lifecycle::is_overdue;
use super::vocabulary::{
    ActionStatus, ContinuumStage, EcologicalLevel, EssentialAction, Presence, VersionStatus,
};
use crate::agency::Sector;
use crate::ids::AgencyId;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// `numerator` out of `denominator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    pub numerator: u32,
    pub denominator: u32,
}

impl Ratio {
    /// Whole percent, rounded half up; `None` with nothing to count.
    pub fn percent(self) -> Option<u32> {
        (self.denominator > 0)
            .then(|| (self.numerator * 200 + self.denominator) / (2 * self.denominator))
    }
}

// ---- action plan coverage ----

/// One action of a body's plan as the coverage view sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedAction {
    pub level: Option<EcologicalLevel>,
    pub essential_action: Option<EssentialAction>,
    pub status: ActionStatus,
}

/// How many actions the plan has at each ecological level and for each
/// essential action. An action that turned out not possible plans nothing;
/// done and open ones count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanCoverage {
    pub by_level: Vec<(EcologicalLevel, u32)>,
    pub by_essential_action: Vec<(EssentialAction, u32)>,
}

impl PlanCoverage {
    pub fn levels_without_actions(&self) -> Vec<EcologicalLevel> {
        self.by_level
            .iter()
            .filter(|(_, n)| *n == 0)
            .map(|(l, _)| *l)
            .collect()
    }

    pub fn essential_actions_without_actions(&self) -> Vec<EssentialAction> {
        self.by_essential_action
            .iter()
            .filter(|(_, n)| *n == 0)
            .map(|(a, _)| *a)
            .collect()
    }
}

pub fn plan_coverage(actions: &[PlannedAction]) -> PlanCoverage {
    let counted: Vec<&PlannedAction> = actions
        .iter()
        .filter(|a| a.status != ActionStatus::NotPossible)
        .collect();
    PlanCoverage {
        by_level: EcologicalLevel::ALL
            .iter()
            .map(|l| {
                let n = counted.iter().filter(|a| a.level == Some(*l)).count();
                (*l, n as u32)
            })
            .collect(),
        by_essential_action: EssentialAction::ALL
            .iter()
            .map(|e| {
                let n = counted
                    .iter()
                    .filter(|a| a.essential_action == Some(*e))
                    .count();
                (*e, n as u32)
            })
            .collect(),
    }
}

// ---- ESP governance matrix ----

/// The current version of an instrument that applies to an area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixInstrument {
    pub essential_actions: BTreeSet<EssentialAction>,
    pub status: VersionStatus,
    pub review_on: Option<NaiveDate>,
}

/// Where an essential action stands in an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatrixCell {
    /// At least one instrument in force implements it and is not overdue.
    Covered,
    /// Instruments in force implement it, but every one is overdue for
    /// review.
    Overdue,
    /// No instrument in force implements it.
    Missing,
}

impl MatrixCell {
    pub fn as_str(self) -> &'static str {
        match self {
            MatrixCell::Covered => "covered",
            MatrixCell::Overdue => "overdue",
            MatrixCell::Missing => "missing",
        }
    }
}

/// The matrix of every essential action for the instruments that apply to
/// an area (those of bodies of the area and of the areas above it).
pub fn governance_matrix(
    instruments: &[MatrixInstrument],
    today: NaiveDate,
) -> Vec<(EssentialAction, MatrixCell)> {
    EssentialAction::ALL
        .iter()
        .map(|action| {
            let in_force: Vec<&MatrixInstrument> = instruments
                .iter()
                .filter(|i| i.status.is_in_force() && i.essential_actions.contains(action))
                .collect();
            let cell = if in_force.is_empty() {
                MatrixCell::Missing
            } else if in_force
                .iter()
                .all(|i| is_overdue(i.status, i.review_on, today))
            {
                MatrixCell::Overdue
            } else {
                MatrixCell::Covered
            };
            (*action, cell)
        })
        .collect()
}

// ---- scorecard ----

/// Signatory coverage of one sector among a body's current members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectorCoverage {
    pub sector: Sector,
    /// Member agencies of the sector.
    pub members: u32,
    /// Those that signed the current version of at least one of the body's
    /// instruments in force.
    pub signed: u32,
}

/// Per sector present among the members (in sector order), how many member
/// agencies signed an instrument in force of the body.
pub fn signatory_coverage(
    members: &[(AgencyId, Sector)],
    signatories: &BTreeSet<AgencyId>,
) -> Vec<SectorCoverage> {
    let mut by_sector: BTreeMap<Sector, (u32, u32)> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for (agency, sector) in members {
        if !seen.insert(*agency) {
            continue;
        }
        let entry = by_sector.entry(*sector).or_default();
        entry.0 += 1;
        if signatories.contains(agency) {
            entry.1 += 1;
        }
    }
    by_sector
        .into_iter()
        .map(|(sector, (members, signed))| SectorCoverage {
            sector,
            members,
            signed,
        })
        .collect()
}

/// Signing members over all members.
pub fn overall_signatory_coverage(sectors: &[SectorCoverage]) -> Ratio {
    Ratio {
        numerator: sectors.iter().map(|s| s.signed).sum(),
        denominator: sectors.iter().map(|s| s.members).sum(),
    }
}

/// Member agencies present over every attendance recorded (present,
/// apologies, absent) at the meetings counted.
pub fn attendance_rate(attendance: &[Presence]) -> Ratio {
    Ratio {
        numerator: attendance
            .iter()
            .filter(|p| **p == Presence::Present)
            .count() as u32,
        denominator: attendance.len() as u32,
    }
}

/// Done actions over the actions that should have been done by `today`:
/// done ones (whenever due) and open ones past their due date. Actions
/// that became not possible count on neither side; open actions not yet
/// due are not late.
pub fn completion_rate(actions: &[(ActionStatus, NaiveDate)], today: NaiveDate) -> Ratio {
    let done = actions
        .iter()
        .filter(|(s, _)| *s == ActionStatus::Done)
        .count() as u32;
    let late = actions
        .iter()
        .filter(|(s, due)| *s == ActionStatus::NotDone && *due < today)
        .count() as u32;
    Ratio {
        numerator: done,
        denominator: done + late,
    }
}

// ---- self-assessment ----

/// One member agency's answer in a self-assessment round; scores 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessmentAnswer {
    pub stage: ContinuumStage,
    pub climate: u32,
    pub infrastructure: u32,
    pub activities: u32,
    pub outcomes: u32,
}

/// Means of a round's answers, in tenths (37 = 3.7), so they compare
/// exactly; stage as its rank (1 networking … 5 integration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundSummary {
    pub respondents: u32,
    pub stage: u32,
    pub climate: u32,
    pub infrastructure: u32,
    pub activities: u32,
    pub outcomes: u32,
}

impl RoundSummary {
    /// The stage the mean rank rounds to.
    pub fn stage_name(&self) -> ContinuumStage {
        let rank = (self.stage + 5) / 10;
        ContinuumStage::ALL[(rank.clamp(1, 5) - 1) as usize]
    }
}

/// Tenths as text: 37 → "3.7".
pub fn tenths(value: u32) -> String {
    format!("{}.{}", value / 10, value % 10)
}

/// `None` for a round nobody answered.
pub fn summarise_round(answers: &[AssessmentAnswer]) -> Option<RoundSummary> {
    let n = answers.len() as u32;
    if n == 0 {
        return None;
    }
    // Mean in tenths, rounded half up: (10 * sum + n/2) / n, done in
    // twentieths to round exactly.
    let mean = |f: fn(&AssessmentAnswer) -> u32| {
        let sum: u32 = answers.iter().map(f).sum();
        (sum * 20 + n) / (2 * n)
    };
    Some(RoundSummary {
        respondents: n,
        stage: mean(|a| a.stage.rank()),
        climate: mean(|a| a.climate),
        infrastructure: mean(|a| a.infrastructure),
        activities: mean(|a| a.activities),
        outcomes: mean(|a| a.outcomes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn ratios_round_half_up() {
        let r = |n, d| Ratio {
            numerator: n,
            denominator: d,
        };
        assert_eq!(r(2, 3).percent(), Some(67));
        assert_eq!(r(1, 8).percent(), Some(13), "12.5 rounds up");
        assert_eq!(r(0, 0).percent(), None);
        assert_eq!(r(5, 5).percent(), Some(100));
    }

    #[test]
    fn plan_coverage_by_hand() {
        use ActionStatus::*;
        use EcologicalLevel::*;
        use EssentialAction as E;
        let plan = [
            PlannedAction {
                level: Some(Individual),
                essential_action: Some(E::CapacityDevelopment),
                status: NotDone,
            },
            PlannedAction {
                level: Some(Individual),
                essential_action: Some(E::LocalActionPlan),
                status: Done,
            },
            PlannedAction {
                level: Some(Community),
                essential_action: Some(E::SharedAgreementsAndSops),
                status: NotPossible,
            },
            PlannedAction {
                level: None,
                essential_action: None,
                status: NotDone,
            },
        ];
        let coverage = plan_coverage(&plan);
        assert_eq!(
            coverage.by_level,
            vec![
                (Individual, 2),
                (Relationship, 0),
                (Community, 0),
                (Societal, 0)
            ]
        );
        assert_eq!(
            coverage.levels_without_actions(),
            vec![Relationship, Community, Societal]
        );
        let missing = coverage.essential_actions_without_actions();
        assert_eq!(missing.len(), 7);
        assert!(!missing.contains(&E::CapacityDevelopment));
        assert!(!missing.contains(&E::LocalActionPlan));
        assert!(
            missing.contains(&E::SharedAgreementsAndSops),
            "not possible plans nothing"
        );
    }

    #[test]
    fn matrix_by_hand() {
        use EssentialAction as E;
        let today = d("2026-03-02");
        let instrument = |actions: &[E], status, review: &str| MatrixInstrument {
            essential_actions: actions.iter().copied().collect(),
            status,
            review_on: Some(d(review)),
        };
        let instruments = [
            // In force, review next year: covers law and policy.
            instrument(&[E::LawAndPolicy], VersionStatus::InForce, "2027-01-01"),
            // Overdue: the only one for the local action plan.
            instrument(&[E::LocalActionPlan], VersionStatus::InForce, "2026-01-01"),
            // Overdue, but another one in force covers shared agreements.
            instrument(
                &[E::SharedAgreementsAndSops],
                VersionStatus::ReviewDue,
                "2025-06-30",
            ),
            instrument(
                &[E::SharedAgreementsAndSops],
                VersionStatus::InForce,
                "2026-12-31",
            ),
            // Drafts and retired instruments cover nothing.
            instrument(
                &[E::CapacityDevelopment],
                VersionStatus::Draft,
                "2027-01-01",
            ),
            instrument(
                &[E::ResourcingAndFinancing],
                VersionStatus::Retired,
                "2027-01-01",
            ),
        ];
        let matrix: BTreeMap<E, MatrixCell> =
            governance_matrix(&instruments, today).into_iter().collect();
        assert_eq!(matrix.len(), 9);
        assert_eq!(matrix[&E::LawAndPolicy], MatrixCell::Covered);
        assert_eq!(matrix[&E::LocalActionPlan], MatrixCell::Overdue);
        assert_eq!(matrix[&E::SharedAgreementsAndSops], MatrixCell::Covered);
        assert_eq!(matrix[&E::CapacityDevelopment], MatrixCell::Missing);
        assert_eq!(matrix[&E::ResourcingAndFinancing], MatrixCell::Missing);
        assert_eq!(
            matrix
                .values()
                .filter(|c| **c == MatrixCell::Missing)
                .count(),
            6,
            "9 actions, less 2 covered and 1 overdue"
        );
    }

    #[test]
    fn scorecard_by_hand() {
        let police = AgencyId::new();
        let health = AgencyId::new();
        let clinic = AgencyId::new();
        let shelter = AgencyId::new();
        let members = [
            (police, Sector::Police),
            (health, Sector::Health),
            (clinic, Sector::Health),
            (shelter, Sector::ShelterWomensNgo),
        ];
        let signed: BTreeSet<AgencyId> = [police, clinic, AgencyId::new()].into();
        let coverage = signatory_coverage(&members, &signed);
        assert_eq!(
            coverage,
            vec![
                SectorCoverage {
                    sector: Sector::Police,
                    members: 1,
                    signed: 1
                },
                SectorCoverage {
                    sector: Sector::Health,
                    members: 2,
                    signed: 1
                },
                SectorCoverage {
                    sector: Sector::ShelterWomensNgo,
                    members: 1,
                    signed: 0
                },
            ]
        );
        assert_eq!(overall_signatory_coverage(&coverage).percent(), Some(50));

        use Presence::*;
        // Two meetings of four members: 3 present + 1 apologies, 2 present
        // + 1 apologies + 1 absent: 5 of 8.
        let attendance = [
            Present, Present, Present, Apologies, Present, Present, Apologies, Absent,
        ];
        assert_eq!(
            attendance_rate(&attendance),
            Ratio {
                numerator: 5,
                denominator: 8
            }
        );
        assert_eq!(attendance_rate(&attendance).percent(), Some(63));

        use ActionStatus::*;
        let today = d("2026-03-02");
        let actions = [
            (Done, d("2026-01-10")),
            (Done, d("2026-04-01")),        // done early still counts
            (NotDone, d("2026-02-01")),     // late
            (NotDone, d("2026-03-02")),     // due today: not late yet
            (NotPossible, d("2026-01-01")), // counts nowhere
        ];
        assert_eq!(
            completion_rate(&actions, today),
            Ratio {
                numerator: 2,
                denominator: 3
            }
        );
    }

    #[test]
    fn assessment_means_by_hand() {
        let answer = |stage, c, i, a, o| AssessmentAnswer {
            stage,
            climate: c,
            infrastructure: i,
            activities: a,
            outcomes: o,
        };
        let summary = summarise_round(&[
            answer(ContinuumStage::Cooperation, 3, 2, 4, 2),
            answer(ContinuumStage::Coordination, 4, 2, 4, 3),
            answer(ContinuumStage::Coordination, 4, 3, 3, 2),
        ])
        .unwrap();
        // Stage ranks 2, 3, 3: mean 2.67 → 2.7; climate 11/3 = 3.67 → 3.7.
        assert_eq!(summary.respondents, 3);
        assert_eq!(summary.stage, 27);
        assert_eq!(summary.climate, 37);
        assert_eq!(summary.infrastructure, 23);
        assert_eq!(summary.activities, 37);
        assert_eq!(summary.outcomes, 23);
        assert_eq!(summary.stage_name(), ContinuumStage::Coordination);
        assert_eq!(tenths(summary.climate), "3.7");
        assert_eq!(summarise_round(&[]), None);
    }
}
