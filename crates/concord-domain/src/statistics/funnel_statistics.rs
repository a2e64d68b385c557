//! The referral funnel (DOMAIN.md §8) of every area of the tree at once,
//! published exactly or suppressed as one set: per step, how many of the
//! referrals sent in the period reached it, in all and by the receiving
//! agency's sector; per urgency, how many had a response target and how
//! many were answered by it; and the median time from sending to each step.
//!
//! **Counted:** referrals sent in the period (drafts are not referrals
//! yet), by the instant they were sent, the period's local days converted
//! once in the deployment's zone. **Area:** where the case's first incident
//! happened (an area includes the areas below it; a case without an
//! incident area counts at the top of the tree).
//!
//! **Suppression.** Every count of every area and level goes into one
//! [`TableSet`](crate::small_cells::TableSet) with the sums a reader knows
//! (a step is the sum of its sectors; the referrals sent are those with a
//! target, per urgency, plus those without). A median is published only
//! beside a count that is: a median of fewer than the threshold would
//! speak of a few people's referrals, and a hidden count's median would say
//! it is not empty.

use super::areas::AreaTree;
use super::funnel::{ReferralJourney, STEPS, median};
use super::period::Period;
use super::publication::{Figure, Published, Shape, Visibility, publish};
use crate::agency::Sector;
use crate::ids::AreaId;
use crate::referral::state::ReferralState;
use crate::referral::targets::Urgency;
use crate::small_cells::Inconsistent;
use chrono::Duration;
use chrono_tz::Tz;
use std::collections::{BTreeMap, BTreeSet};

/// One figure of an area's referral funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FunnelCell {
    /// Referrals sent in the period that reached the step
    /// ([`ReferralState::Sent`]: every referral sent).
    Step(ReferralState),
    /// Those of them sent to an agency of the sector.
    StepBySector(ReferralState, Sector),
    /// Referrals sent with this urgency and a response target.
    WithTarget(Urgency),
    /// Of those, the ones answered (acknowledged, accepted or declined) by
    /// the target.
    AnsweredInTime(Urgency),
    /// Referrals sent without a response target.
    WithoutTarget,
}

/// The funnel of every area of the tree, as the reader may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelStatistics {
    pub figures: Published<FunnelCell>,
    /// The receiving sectors with a referral sent in the period, in order.
    pub sectors: Vec<Sector>,
    medians: BTreeMap<(AreaId, FunnelCell), Duration>,
}

impl FunnelStatistics {
    /// The figure of an area (suppressed when the area is unknown).
    pub fn figure(&self, area: AreaId, cell: FunnelCell) -> Figure {
        self.figures.get(area, cell).unwrap_or(Figure::Suppressed)
    }

    /// The median time from sending to the step of `cell` in `area`: only
    /// for a [`FunnelCell::Step`] or [`FunnelCell::StepBySector`] whose
    /// count is published and not zero.
    pub fn median(&self, area: AreaId, cell: FunnelCell) -> Option<Duration> {
        self.medians.get(&(area, cell)).copied()
    }
}

/// The funnel of the referrals sent in `period`, for every area of `tree`.
pub fn funnel_statistics(
    tree: &AreaTree,
    period: Period,
    tz: Tz,
    journeys: &[ReferralJourney],
    visibility: Visibility,
) -> Result<FunnelStatistics, Inconsistent> {
    let (start, end) = period.instants(tz);
    let sent: Vec<&ReferralJourney> = journeys
        .iter()
        .filter(|j| start <= j.sent_at && j.sent_at < end)
        .collect();
    let sectors: Vec<Sector> = sent
        .iter()
        .map(|j| j.receiving_sector)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut direct: BTreeMap<(AreaId, FunnelCell), u32> = BTreeMap::new();
    let mut times: BTreeMap<(AreaId, FunnelCell), Vec<Duration>> = BTreeMap::new();
    for j in &sent {
        let area = tree.counted_in(j.area);
        let cells = cells_of(j);
        for cell in &cells {
            *direct.entry((area, *cell)).or_insert(0) += 1;
        }
        for above in tree.path(area) {
            for cell in &cells {
                // Sending is the start: no time to it.
                let step = step_of(*cell).filter(|s| *s != ReferralState::Sent);
                if let Some(t) = step.and_then(|s| j.time_to(s)) {
                    times.entry((above, *cell)).or_default().push(t);
                }
            }
        }
    }
    let figures = publish(tree, &shape(&sectors), &direct, visibility)?;
    let medians = times
        .into_iter()
        .filter(|((area, cell), _)| {
            figures
                .get(*area, *cell)
                .and_then(Figure::shown)
                .is_some_and(|n| n > 0)
        })
        .filter_map(|(key, mut t)| median(&mut t).map(|m| (key, m)))
        .collect();
    Ok(FunnelStatistics {
        figures,
        sectors,
        medians,
    })
}

/// The step a cell counts referrals at, if it is a step.
fn step_of(cell: FunnelCell) -> Option<ReferralState> {
    match cell {
        FunnelCell::Step(s) | FunnelCell::StepBySector(s, _) => Some(s),
        _ => None,
    }
}

/// Every cell one sent referral counts in.
fn cells_of(j: &ReferralJourney) -> Vec<FunnelCell> {
    let mut cells = Vec::new();
    for step in STEPS {
        if j.first(step).is_some() {
            cells.push(FunnelCell::Step(step));
            cells.push(FunnelCell::StepBySector(step, j.receiving_sector));
        }
    }
    if j.due_at.is_some() {
        cells.push(FunnelCell::WithTarget(j.urgency));
        if j.answered_in_time() {
            cells.push(FunnelCell::AnsweredInTime(j.urgency));
        }
    } else {
        cells.push(FunnelCell::WithoutTarget);
    }
    cells
}

/// The cells of the funnel and the sums a reader knows between them.
pub fn shape(sectors: &[Sector]) -> Shape<FunnelCell> {
    let mut keys = Vec::new();
    let mut sums = Vec::new();
    for step in STEPS {
        keys.push(FunnelCell::Step(step));
        let parts: Vec<_> = sectors
            .iter()
            .map(|s| FunnelCell::StepBySector(step, *s))
            .collect();
        keys.extend_from_slice(&parts);
        sums.push((FunnelCell::Step(step), parts));
    }
    let mut sent = vec![FunnelCell::WithoutTarget];
    keys.push(FunnelCell::WithoutTarget);
    for u in Urgency::ALL {
        keys.push(FunnelCell::WithTarget(u));
        keys.push(FunnelCell::AnsweredInTime(u));
        sent.push(FunnelCell::WithTarget(u));
    }
    sums.push((FunnelCell::Step(ReferralState::Sent), sent));
    Shape { keys, sums }
}

#[cfg(test)]
mod tests {
    use super::super::areas::tests::{demo_tree, id};
    use super::*;
    use crate::small_cells::SmallCellPolicy;
    use ReferralState::*;
    use chrono::{DateTime, TimeZone, Utc};

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap()
    }

    fn journey(
        area: u128,
        sector: Sector,
        sent: DateTime<Utc>,
        reached: &[(ReferralState, i64)],
    ) -> ReferralJourney {
        ReferralJourney {
            sent_at: sent,
            urgency: Urgency::Urgent,
            due_at: Some(sent + Duration::hours(24)),
            reached: reached
                .iter()
                .map(|(s, h)| (*s, sent + Duration::hours(*h)))
                .collect(),
            receiving_sector: sector,
            area: Some(id(area)),
        }
    }

    fn utc() -> Tz {
        "UTC".parse().unwrap()
    }

    fn march() -> Period {
        Period::parse("2026-03").unwrap()
    }

    #[test]
    fn each_area_counts_its_own_and_the_areas_below_by_hand() {
        // District 4: a health referral acknowledged after 2 h and accepted
        // after 4 h; a shelter referral acknowledged after 30 h (late).
        // District 6 (the south): a health referral that expired.
        let journeys = [
            journey(
                4,
                Sector::Health,
                at(2, 8),
                &[(Acknowledged, 2), (Accepted, 4)],
            ),
            journey(4, Sector::ShelterWomensNgo, at(3, 8), &[(Acknowledged, 30)]),
            journey(6, Sector::Health, at(4, 8), &[(Expired, 25)]),
        ];
        let f =
            funnel_statistics(&demo_tree(), march(), utc(), &journeys, Visibility::Exact).unwrap();
        assert_eq!(f.sectors, [Sector::Health, Sector::ShelterWomensNgo]);
        let shown = |a, c| f.figure(id(a), c).shown();
        assert_eq!(shown(4, FunnelCell::Step(Sent)), Some(2));
        assert_eq!(shown(4, FunnelCell::Step(Acknowledged)), Some(2));
        assert_eq!(shown(2, FunnelCell::Step(Accepted)), Some(1));
        assert_eq!(shown(1, FunnelCell::Step(Sent)), Some(3));
        assert_eq!(shown(1, FunnelCell::Step(Expired)), Some(1));
        assert_eq!(
            shown(1, FunnelCell::StepBySector(Sent, Sector::Health)),
            Some(2)
        );
        assert_eq!(shown(3, FunnelCell::Step(Acknowledged)), Some(0));
        // Answered by the 24-hour target: only the first.
        assert_eq!(shown(1, FunnelCell::WithTarget(Urgency::Urgent)), Some(3));
        assert_eq!(
            shown(1, FunnelCell::AnsweredInTime(Urgency::Urgent)),
            Some(1)
        );
        assert_eq!(shown(1, FunnelCell::WithoutTarget), Some(0));
        // Medians: acknowledged after 2 h and 30 h → 16 h; of one, itself.
        assert_eq!(
            f.median(id(4), FunnelCell::Step(Acknowledged)),
            Some(Duration::hours(16))
        );
        assert_eq!(
            f.median(id(1), FunnelCell::Step(Accepted)),
            Some(Duration::hours(4))
        );
        assert_eq!(f.median(id(3), FunnelCell::Step(Acknowledged)), None);
        assert_eq!(f.median(id(1), FunnelCell::Step(Sent)), None);
        assert_eq!(
            f.median(id(1), FunnelCell::StepBySector(Sent, Sector::Health)),
            None
        );
    }

    #[test]
    fn the_period_is_the_deployments_local_days_west_and_east_of_utc() {
        // 1 April 02:00 UTC is still 31 March in New York (UTC−4), already
        // 1 April in Nairobi (UTC+3); 31 March 22:00 UTC is 1 April there.
        let late = Utc.with_ymd_and_hms(2026, 4, 1, 2, 0, 0).unwrap();
        let evening = Utc.with_ymd_and_hms(2026, 3, 31, 22, 0, 0).unwrap();
        let journeys = [
            journey(4, Sector::Health, late, &[]),
            journey(4, Sector::Health, evening, &[]),
        ];
        let sent = |tz: &str| {
            let f = funnel_statistics(
                &demo_tree(),
                march(),
                tz.parse().unwrap(),
                &journeys,
                Visibility::Exact,
            )
            .unwrap();
            f.figure(id(1), FunnelCell::Step(Sent)).shown()
        };
        assert_eq!(sent("America/New_York"), Some(2));
        assert_eq!(sent("UTC"), Some(1));
        assert_eq!(sent("Africa/Nairobi"), Some(0));
    }

    #[test]
    fn a_small_cell_hides_its_median_and_cannot_be_had_from_its_siblings() {
        // District 4: 12 health referrals and 3 to the police, all
        // acknowledged after an hour; district 5: 20 health referrals.
        let mut journeys = Vec::new();
        for _ in 0..12 {
            journeys.push(journey(4, Sector::Health, at(2, 8), &[(Acknowledged, 1)]));
        }
        for _ in 0..3 {
            journeys.push(journey(4, Sector::Police, at(2, 8), &[(Acknowledged, 1)]));
        }
        for _ in 0..20 {
            journeys.push(journey(5, Sector::Health, at(2, 8), &[(Acknowledged, 2)]));
        }
        let policy = SmallCellPolicy::new(5).unwrap();
        let f = funnel_statistics(
            &demo_tree(),
            march(),
            utc(),
            &journeys,
            Visibility::Suppressed(policy),
        )
        .unwrap();
        let police = FunnelCell::StepBySector(Acknowledged, Sector::Police);
        assert_eq!(f.figure(id(4), police), Figure::Suppressed);
        assert_eq!(f.median(id(4), police), None);
        // Its complement within the district: the health cell or the total.
        let health = f
            .figure(
                id(4),
                FunnelCell::StepBySector(Acknowledged, Sector::Health),
            )
            .shown();
        let total = f.figure(id(4), FunnelCell::Step(Acknowledged)).shown();
        assert!(health.zip(total).is_none(), "{health:?} {total:?}");
        // A median is published exactly beside a published non-zero count,
        // and it is the median of that count's referrals.
        let mut published = 0;
        for area in demo_tree().subtree(id(1)) {
            for cell in shape(&f.sectors).keys {
                let Some(step) = step_of(cell).filter(|s| *s != Sent) else {
                    continue;
                };
                let shown = f.figure(area, cell).shown().is_some_and(|n| n > 0);
                assert_eq!(f.median(area, cell).is_some(), shown, "{area} {cell:?}");
                if shown {
                    published += 1;
                    let hours = f.median(area, cell).unwrap().num_hours();
                    assert!(step == Acknowledged && (1..=2).contains(&hours));
                }
            }
        }
        assert!(published > 0, "some median is shown");
        assert_eq!(
            f.median(id(5), FunnelCell::Step(Acknowledged)),
            Some(Duration::hours(2))
        );
    }
}
