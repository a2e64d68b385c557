//! A referral pathway for an area: for every essential service, the
//! services that offer it there, and the ones missing (the gaps).

use super::taxonomy::{EspSector, EssentialService};

/// One essential service in an area and what offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathwayRow<T> {
    pub service: EssentialService,
    /// Empty: a gap.
    pub offered_by: Vec<T>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectorPathway<T> {
    pub sector: EspSector,
    pub rows: Vec<PathwayRow<T>>,
}

impl<T> SectorPathway<T> {
    pub fn gaps(&self) -> usize {
        self.rows.iter().filter(|r| r.offered_by.is_empty()).count()
    }
}

/// Groups `services` (each with the taxonomy codes it carries) under every
/// essential service, sector by sector, in ESP order. A service may appear
/// under several rows; unknown codes (local terms) are ignored here.
pub fn pathway<T: Clone>(services: &[(T, Vec<String>)]) -> Vec<SectorPathway<T>> {
    EspSector::ALL
        .into_iter()
        .map(|sector| SectorPathway {
            sector,
            rows: EssentialService::of_sector(sector)
                .map(|service| PathwayRow {
                    service,
                    offered_by: services
                        .iter()
                        .filter(|(_, codes)| codes.iter().any(|c| c == service.as_str()))
                        .map(|(s, _)| s.clone())
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_essential_service_has_a_row_and_gaps_are_empty_rows() {
        let services = vec![
            (
                "clinic",
                vec![
                    "health_first_line_support".to_string(),
                    "health_injury_care".to_string(),
                    "local_term".to_string(),
                ],
            ),
            ("shelter", vec!["social_safe_accommodation".to_string()]),
            ("clinic2", vec!["health_injury_care".to_string()]),
        ];
        let p = pathway(&services);
        assert_eq!(p.len(), 3);
        let rows: usize = p.iter().map(|s| s.rows.len()).sum();
        assert_eq!(rows, EssentialService::ALL.len());
        let health = &p[0];
        assert_eq!(health.sector, EspSector::Health);
        let injury = health
            .rows
            .iter()
            .find(|r| r.service == EssentialService::HealthInjuryCare)
            .unwrap();
        assert_eq!(injury.offered_by, vec!["clinic", "clinic2"]);
        assert_eq!(health.gaps(), 4);
        assert_eq!(p[1].gaps(), 11);
        assert_eq!(p[2].gaps(), 11);
    }
}
