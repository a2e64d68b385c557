//! The quarterly dataset of a risk conference: cases discussed, the repeat
//! rate, children in the households, referrals by the sector of the
//! referring agency, the share not from the police, and equality shares of
//! the cases discussed. Plain counts over plain facts; the rows sent out of
//! Concord suppress small cells ([`QuarterlyDataset::published_rows`]).

use crate::agency::Sector;
use crate::incident::AgeGroup;
use crate::small_cells::{FigureId, Inconsistent, ShareId, SmallCellPolicy, Suppression, TableSet};
use crate::survivor::{Displacement, SexGender};
use crate::validation::Invalid;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// A calendar quarter, written `2026-Q1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub number: u32,
}

impl Quarter {
    pub fn parse(text: &str) -> Result<Quarter, Invalid> {
        let bad = || Invalid::one("quarter", "must be a quarter such as 2026-Q1");
        let (year, q) = text.trim().split_once("-Q").ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let number: u32 = q.parse().map_err(|_| bad())?;
        if !(1..=4).contains(&number) || !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        Ok(Quarter { year, number })
    }

    pub fn containing(day: NaiveDate) -> Quarter {
        Quarter {
            year: day.year(),
            number: (day.month() - 1) / 3 + 1,
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.number - 1) * 3 + 1, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day, inclusive.
    pub fn last_day(self) -> NaiveDate {
        let next = if self.number == 4 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.number * 3 + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        (self.first_day()..=self.last_day()).contains(&day)
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.year, self.number)
    }
}

/// One case discussed at a meeting in the quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscussedCase {
    pub repeat: bool,
    pub children_in_household: u32,
    pub sex_gender: SexGender,
    pub disability: bool,
    pub age_group: Option<AgeGroup>,
    pub displacement: Displacement,
}

/// A share: `part` of `of`, as a percentage with one decimal (`None` when
/// there is nothing to divide by).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    pub part: u32,
    pub of: u32,
}

impl Share {
    pub fn percent(self) -> Option<f64> {
        (self.of > 0).then(|| (f64::from(self.part) * 1000.0 / f64::from(self.of)).round() / 10.0)
    }

    pub fn text(self) -> String {
        match self.percent() {
            Some(p) => format!("{p:.1}"),
            None => String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuarterlyDataset {
    pub cases_discussed: u32,
    pub repeats: Share,
    pub children_in_households: u32,
    /// Referrals received in the quarter, by the sector of the referring agency.
    pub referrals_by_sector: BTreeMap<String, u32>,
    pub referrals: u32,
    pub not_from_police: Share,
    /// Cases discussed of survivors who are not women.
    pub not_female: Share,
    pub with_disability: Share,
    pub under_18: Share,
    pub displaced: Share,
}

/// Counts the dataset from the cases discussed and the sectors of the
/// referring agencies of the referrals received in the quarter.
pub fn quarterly_dataset(
    discussed: &[DiscussedCase],
    referral_sectors: &[Sector],
) -> QuarterlyDataset {
    let n = discussed.len() as u32;
    let count =
        |f: &dyn Fn(&DiscussedCase) -> bool| discussed.iter().filter(|c| f(c)).count() as u32;
    let mut by_sector = BTreeMap::new();
    for sector in referral_sectors {
        *by_sector.entry(sector.as_str().to_string()).or_insert(0) += 1;
    }
    let referrals = referral_sectors.len() as u32;
    QuarterlyDataset {
        cases_discussed: n,
        repeats: Share {
            part: count(&|c| c.repeat),
            of: n,
        },
        children_in_households: discussed.iter().map(|c| c.children_in_household).sum(),
        referrals_by_sector: by_sector,
        referrals,
        not_from_police: Share {
            part: referral_sectors
                .iter()
                .filter(|s| **s != Sector::Police)
                .count() as u32,
            of: referrals,
        },
        not_female: Share {
            part: count(&|c| c.sex_gender != SexGender::Female),
            of: n,
        },
        with_disability: Share {
            part: count(&|c| c.disability),
            of: n,
        },
        under_18: Share {
            part: count(&|c| matches!(c.age_group, Some(AgeGroup::Age0To11 | AgeGroup::Age12To17))),
            of: n,
        },
        displaced: Share {
            part: count(&|c| {
                !matches!(
                    c.displacement,
                    Displacement::Resident | Displacement::Unknown
                )
            }),
            of: n,
        },
    }
}

/// What a suppressed figure reads in a published table.
pub const SUPPRESSED: &str = "suppressed";

/// A measure of the published rows: a count of the table set, or a share
/// of two of its counts.
enum Measure {
    Count(FigureId),
    Share(ShareId),
}

impl QuarterlyDataset {
    /// Every figure the published rows carry, as one table set: the cases
    /// discussed with each of their breakdowns (repeat or not, female or not,
    /// disability or not, under 18 or not, displaced or not — the second
    /// half of each is not printed but a reader works it out from the total),
    /// the children, the referrals by every sector (zeros included: a sector
    /// left out would read as zero) with the subtotal not from the police,
    /// and the shares. The measures in the order they are published.
    fn table_set(&self) -> (TableSet, Vec<(String, Measure)>) {
        let mut set = TableSet::new();
        let mut rows = Vec::new();
        let n = self.cases_discussed;
        let cases = set.count("cases_discussed", n);
        rows.push(("cases_discussed".to_string(), Measure::Count(cases)));
        // A breakdown of the cases in two: `part` and the rest.
        let halves = |set: &mut TableSet, name: &str, rest: &str, part: u32| {
            let yes = set.count(name, part);
            let no = set.count(rest, n.saturating_sub(part));
            set.sum(cases, &[yes, no]);
            yes
        };
        let repeats = halves(
            &mut set,
            "repeat_cases",
            "non_repeat_cases",
            self.repeats.part,
        );
        rows.push(("repeat_cases".to_string(), Measure::Count(repeats)));
        let rate = set.share("repeat_rate_percent", repeats, cases);
        rows.push(("repeat_rate_percent".to_string(), Measure::Share(rate)));
        let children = set.count("children_in_households", self.children_in_households);
        rows.push((
            "children_in_households".to_string(),
            Measure::Count(children),
        ));
        let referrals = set.count("referrals", self.referrals);
        rows.push(("referrals".to_string(), Measure::Count(referrals)));
        let mut sectors = Vec::new();
        let mut not_police = Vec::new();
        let mut police = None;
        for sector in Sector::ALL {
            let name = format!("referrals_from_{sector}");
            let count = self
                .referrals_by_sector
                .get(sector.as_str())
                .copied()
                .unwrap_or(0);
            let id = set.count(name.clone(), count);
            rows.push((name, Measure::Count(id)));
            sectors.push(id);
            if sector == Sector::Police {
                police = Some(id);
            } else {
                not_police.push(id);
            }
        }
        set.sum(referrals, &sectors);
        let others = set.count("referrals_not_from_police", self.not_from_police.part);
        set.sum(others, &not_police);
        if let Some(police) = police {
            set.sum(referrals, &[police, others]);
        }
        let share = set.share("not_from_police_percent", others, referrals);
        rows.push(("not_from_police_percent".to_string(), Measure::Share(share)));
        for (name, yes, no, value) in [
            (
                "not_female_percent",
                "not_female_cases",
                "female_cases",
                self.not_female,
            ),
            (
                "with_disability_percent",
                "with_disability_cases",
                "without_disability_cases",
                self.with_disability,
            ),
            (
                "under_18_percent",
                "under_18_cases",
                "not_under_18_cases",
                self.under_18,
            ),
            (
                "displaced_percent",
                "displaced_cases",
                "not_displaced_cases",
                self.displaced,
            ),
        ] {
            let part = halves(&mut set, yes, no, value.part);
            let share = set.share(name, part, cases);
            rows.push((name.to_string(), Measure::Share(share)));
        }
        (set, rows)
    }

    /// The suppression of everything the published rows carry, as one table
    /// set (for tests and for whoever needs the reasons; the rows are
    /// [`QuarterlyDataset::published_rows`]).
    pub fn suppression(&self, policy: SmallCellPolicy) -> Result<Suppression, Inconsistent> {
        policy.suppress(&self.table_set().0)
    }

    /// The rows as published (the CSV that leaves Concord): every figure
    /// goes through small-cell suppression as one table set
    /// ([`crate::small_cells`]), so no hidden count can be worked out from
    /// the totals, the shares or the other breakdowns published with it; a
    /// hidden figure reads [`SUPPRESSED`]. Every sector has a row.
    pub fn published_rows(
        &self,
        policy: SmallCellPolicy,
    ) -> Result<Vec<(String, String)>, Inconsistent> {
        let (set, rows) = self.table_set();
        let suppression = policy.suppress(&set)?;
        Ok(rows
            .into_iter()
            .map(|(measure, figure)| {
                let value = match figure {
                    Measure::Count(id) => suppression.value(id).map(|n| n.to_string()),
                    Measure::Share(id) => suppression.share(id).map(|s| {
                        Share {
                            part: s.part,
                            of: s.of,
                        }
                        .text()
                    }),
                };
                (measure, value.unwrap_or_else(|| SUPPRESSED.to_string()))
            })
            .collect())
    }

    /// The dataset as `measure, value` rows (for CSV and tables).
    pub fn rows(&self) -> Vec<(String, String)> {
        let mut rows = vec![
            (
                "cases_discussed".to_string(),
                self.cases_discussed.to_string(),
            ),
            ("repeat_cases".to_string(), self.repeats.part.to_string()),
            ("repeat_rate_percent".to_string(), self.repeats.text()),
            (
                "children_in_households".to_string(),
                self.children_in_households.to_string(),
            ),
            ("referrals".to_string(), self.referrals.to_string()),
        ];
        for (sector, count) in &self.referrals_by_sector {
            rows.push((format!("referrals_from_{sector}"), count.to_string()));
        }
        rows.extend([
            (
                "not_from_police_percent".to_string(),
                self.not_from_police.text(),
            ),
            ("not_female_percent".to_string(), self.not_female.text()),
            (
                "with_disability_percent".to_string(),
                self.with_disability.text(),
            ),
            ("under_18_percent".to_string(), self.under_18.text()),
            ("displaced_percent".to_string(), self.displaced.text()),
        ]);
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(repeat: bool, children: u32, sex: SexGender) -> DiscussedCase {
        DiscussedCase {
            repeat,
            children_in_household: children,
            sex_gender: sex,
            disability: false,
            age_group: Some(AgeGroup::Age18Plus),
            displacement: Displacement::Resident,
        }
    }

    #[test]
    fn quarters_parse_and_bound() {
        let q = Quarter::parse("2026-Q1").unwrap();
        assert_eq!(q.first_day(), NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        assert_eq!(q.last_day(), NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        let q4 = Quarter::parse("2025-Q4").unwrap();
        assert_eq!(
            q4.last_day(),
            NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()
        );
        assert!(Quarter::parse("2026-Q5").is_err());
        assert!(Quarter::parse("Q1").is_err());
        assert_eq!(
            Quarter::containing(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()).to_string(),
            "2026-Q3"
        );
    }

    #[test]
    fn counts_and_shares() {
        let d = quarterly_dataset(
            &[
                case(true, 2, SexGender::Female),
                case(false, 1, SexGender::Male),
                case(false, 0, SexGender::Female),
            ],
            &[
                Sector::Police,
                Sector::Police,
                Sector::Health,
                Sector::ShelterWomensNgo,
            ],
        );
        assert_eq!(d.cases_discussed, 3);
        assert_eq!(d.repeats.text(), "33.3");
        assert_eq!(d.children_in_households, 3);
        assert_eq!(d.not_from_police.text(), "50.0");
        assert_eq!(d.not_female.text(), "33.3");
        assert_eq!(d.referrals_by_sector["police"], 2);
        let empty = quarterly_dataset(&[], &[]);
        assert_eq!(empty.repeats.text(), "", "nothing to divide by");
    }

    fn published(d: &QuarterlyDataset, threshold: u32) -> BTreeMap<String, String> {
        d.published_rows(SmallCellPolicy::new(threshold).unwrap())
            .unwrap()
            .into_iter()
            .collect()
    }

    #[test]
    fn published_rows_hide_small_cells() {
        // 25 cases, 3 repeats (a small cell), 2 men (small), none disabled;
        // referrals: 20 police, 4 health, 11 shelter.
        let mut cases = vec![case(false, 1, SexGender::Female); 20];
        cases.extend(vec![case(true, 0, SexGender::Female); 3]);
        cases.extend(vec![case(false, 0, SexGender::Male); 2]);
        let mut sectors = vec![Sector::Police; 20];
        sectors.extend(vec![Sector::Health; 4]);
        sectors.extend(vec![Sector::ShelterWomensNgo; 11]);
        let d = quarterly_dataset(&cases, &sectors);
        let rows = published(&d, 10);
        assert_eq!(rows["cases_discussed"], "25");
        assert_eq!(rows["children_in_households"], "20");
        assert_eq!(rows["repeat_cases"], SUPPRESSED);
        assert_eq!(rows["repeat_rate_percent"], SUPPRESSED);
        assert_eq!(rows["not_female_percent"], SUPPRESSED);
        assert_eq!(rows["with_disability_percent"], "0.0", "none of 25");
        assert_eq!(rows["referrals"], "35");
        assert_eq!(rows["referrals_from_health"], SUPPRESSED);
        assert_eq!(rows["referrals_from_police"], "20");
        // Health's 4 must not be the difference between the total and the
        // published sectors: what is published leaves at least 10 to share
        // among the hidden sectors.
        let published_sectors: u32 = Sector::ALL
            .iter()
            .filter_map(|s| rows[&format!("referrals_from_{s}")].parse::<u32>().ok())
            .sum();
        assert!(35 - published_sectors >= 10, "{rows:?}");
        assert_eq!(
            rows["referrals_from_education"], SUPPRESSED,
            "a zero beside a small count is hidden too"
        );
        assert_eq!(
            rows.keys()
                .filter(|k| k.starts_with("referrals_from_"))
                .count(),
            Sector::ALL.len(),
            "every sector has a row, so none reads as zero by its absence"
        );
        // The lowest threshold a deployment may set still hides 2, 3 and 4.
        let lenient = published(&d, 5);
        assert_eq!(lenient["not_female_percent"], SUPPRESSED, "2 men < 5");
        assert_eq!(lenient["referrals_from_health"], SUPPRESSED);
        assert_eq!(lenient["repeat_cases"], SUPPRESSED, "3 < 5");
    }

    /// The outside test's case: police 10, health 4, shelter 12. The share
    /// not from the police (61.5 % of 26) and the total must not give police
    /// and then health back.
    #[test]
    fn shares_and_totals_do_not_give_a_hidden_sector_back() {
        let mut sectors = vec![Sector::Police; 10];
        sectors.extend(vec![Sector::Health; 4]);
        sectors.extend(vec![Sector::ShelterWomensNgo; 12]);
        let rows = published(&quarterly_dataset(&[], &sectors), 10);
        assert_eq!(rows["referrals_from_health"], SUPPRESSED);
        let hidden_sectors: Vec<&str> = Sector::ALL
            .iter()
            .map(|s| rows[&format!("referrals_from_{s}")].as_str())
            .filter(|v| *v == SUPPRESSED)
            .collect();
        assert!(hidden_sectors.len() >= 2);
        if let Ok(total) = rows["referrals"].parse::<u32>() {
            let shown: u32 = Sector::ALL
                .iter()
                .filter_map(|s| rows[&format!("referrals_from_{s}")].parse::<u32>().ok())
                .sum();
            assert!(total - shown >= 10, "the hidden sectors share at least 10");
            if rows["not_from_police_percent"] != SUPPRESSED {
                assert_ne!(
                    rows["referrals_from_police"], SUPPRESSED,
                    "with the total, the share gives the police count"
                );
            }
        }
    }

    /// Five referrals, all from one sector: the sector, the total and the
    /// zeros beside them are hidden, and so is the share.
    #[test]
    fn one_sector_alone_takes_its_total_with_it() {
        let rows = published(&quarterly_dataset(&[], &[Sector::Health; 5]), 10);
        assert_eq!(rows["referrals_from_health"], SUPPRESSED);
        assert_eq!(rows["referrals"], SUPPRESSED);
        assert_eq!(rows["referrals_from_police"], SUPPRESSED);
        assert_eq!(rows["not_from_police_percent"], SUPPRESSED);
        // At threshold 5, five is not a small count.
        let lenient = published(&quarterly_dataset(&[], &[Sector::Health; 5]), 5);
        assert_eq!(lenient["referrals_from_health"], "5");
        assert_eq!(lenient["referrals"], "5");
    }

    #[test]
    fn an_inconsistent_dataset_publishes_nothing() {
        let mut d = quarterly_dataset(&[], &[Sector::Police; 12]);
        d.referrals = 13;
        assert!(d.published_rows(SmallCellPolicy::default()).is_err());
    }
}
