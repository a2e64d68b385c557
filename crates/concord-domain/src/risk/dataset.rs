//! The quarterly dataset of a risk conference: cases discussed, the repeat
//! rate, children in the households, referrals by the sector of the
//! referring agency, the share not from the police, and equality shares of
//! the cases discussed. Plain counts over plain facts; the rows sent out of
//! Concord suppress small cells ([`QuarterlyDataset::published_rows`]).

use crate::agency::Sector;
use crate::incident::AgeGroup;
use crate::small_cells::SmallCellPolicy;
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

impl QuarterlyDataset {
    /// The rows as published (the CSV that leaves Concord): every count of
    /// people below the policy's threshold, and whatever would let one be
    /// worked out, reads [`SUPPRESSED`]. The number of cases discussed, of
    /// referrals and of children are totals, not people with a
    /// characteristic, and are kept.
    pub fn published_rows(&self, policy: SmallCellPolicy) -> Vec<(String, String)> {
        let hidden = SUPPRESSED.to_string();
        let share = |s: Share| match policy.share(s.part, s.of) {
            Some(_) => (s.part.to_string(), s.text()),
            None => (hidden.clone(), hidden.clone()),
        };
        let (repeats, repeat_rate) = share(self.repeats);
        let mut rows = vec![
            (
                "cases_discussed".to_string(),
                self.cases_discussed.to_string(),
            ),
            ("repeat_cases".to_string(), repeats),
            ("repeat_rate_percent".to_string(), repeat_rate),
            (
                "children_in_households".to_string(),
                self.children_in_households.to_string(),
            ),
            ("referrals".to_string(), self.referrals.to_string()),
        ];
        let counts: Vec<u32> = self.referrals_by_sector.values().copied().collect();
        for ((sector, _), shown) in self
            .referrals_by_sector
            .iter()
            .zip(policy.suppress(&counts))
        {
            rows.push((
                format!("referrals_from_{sector}"),
                shown.map_or_else(|| hidden.clone(), |n| n.to_string()),
            ));
        }
        for (name, value) in [
            ("not_from_police_percent", self.not_from_police),
            ("not_female_percent", self.not_female),
            ("with_disability_percent", self.with_disability),
            ("under_18_percent", self.under_18),
            ("displaced_percent", self.displaced),
        ] {
            rows.push((name.to_string(), share(value).1));
        }
        rows
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
        let rows: BTreeMap<String, String> = d
            .published_rows(SmallCellPolicy::default())
            .into_iter()
            .collect();
        assert_eq!(rows["cases_discussed"], "25");
        assert_eq!(rows["repeat_cases"], SUPPRESSED);
        assert_eq!(rows["repeat_rate_percent"], SUPPRESSED);
        assert_eq!(rows["not_female_percent"], SUPPRESSED);
        assert_eq!(rows["with_disability_percent"], "0.0");
        assert_eq!(rows["referrals"], "35");
        assert_eq!(rows["referrals_from_health"], SUPPRESSED);
        assert_eq!(
            rows["referrals_from_shelter_womens_ngo"], SUPPRESSED,
            "the complement of the one small sector"
        );
        assert_eq!(rows["referrals_from_police"], "20");
        assert_eq!(rows["not_from_police_percent"], "42.9");
        // The lowest threshold a deployment may set still hides 2, 3 and 4.
        let lenient: BTreeMap<String, String> = d
            .published_rows(SmallCellPolicy::new(5).unwrap())
            .into_iter()
            .collect();
        assert_eq!(lenient["not_female_percent"], SUPPRESSED, "2 men < 5");
        assert_eq!(lenient["referrals_from_health"], SUPPRESSED);
        assert_eq!(lenient["repeat_cases"], SUPPRESSED, "3 < 5");
    }
}
