//! The referral pathway of an area (every essential service, who offers
//! it there and the gaps) and the 4W view (who does what, where, when).

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::access::Actor;
use concord_domain::directory::{SectorPathway, ServiceStatus, pathway};
use concord_domain::ids::AreaId;
use concord_domain::role::Permission;
use concord_store::{AreaRow, OrganizationRow, ServiceFilter, ServiceRow};

/// A service on a pathway, with its organization.
#[derive(Debug, Clone)]
pub struct PathwayService {
    pub service: ServiceRow,
    pub organization: OrganizationRow,
    pub stale: bool,
}

pub struct AreaPathway {
    pub area: AreaRow,
    /// The area's parents, nearest first: their services serve it too.
    pub parents: Vec<AreaRow>,
    pub sectors: Vec<SectorPathway<PathwayService>>,
    pub gaps: usize,
}

/// One line of the 4W view.
#[derive(Debug, Clone)]
pub struct FourW {
    pub organization: OrganizationRow,
    pub service: ServiceRow,
    pub areas: Vec<AreaRow>,
}

impl App {
    /// The pathway of `area`: active services serving it or an area above
    /// it, under every essential service.
    pub async fn area_pathway(&self, actor: &Actor, area_id: AreaId) -> AppResult<AreaPathway> {
        self.require(actor, Permission::ViewDirectory).await?;
        let area = self
            .store
            .get_area(area_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut parents = Vec::new();
        let mut next = area.parent_id;
        while let Some(id) = next {
            // Guard against a cycle written behind Concord's back.
            if parents.len() > 16 {
                break;
            }
            match self.store.get_area(id).await? {
                Some(parent) => {
                    next = parent.parent_id;
                    parents.push(parent);
                }
                None => break,
            }
        }
        let filter = ServiceFilter {
            serving_any_of: std::iter::once(area.id)
                .chain(parents.iter().map(|p| p.id))
                .collect(),
            ..Default::default()
        };
        let directory = self.store.export_directory().await?;
        let services: Vec<(PathwayService, Vec<String>)> = self
            .all_services_where(&filter)
            .await?
            .into_iter()
            .filter(|s| s.status == ServiceStatus::Active)
            .filter_map(|s| {
                let organization = directory
                    .organizations
                    .iter()
                    .find(|o| o.id == s.organization_id)?
                    .clone();
                let codes = s.taxonomy.clone();
                Some((
                    PathwayService {
                        stale: self.is_stale(s.last_verified_at),
                        service: s,
                        organization,
                    },
                    codes,
                ))
            })
            .collect();
        let sectors = pathway(&services);
        let gaps = sectors.iter().map(|s| s.gaps()).sum();
        Ok(AreaPathway {
            area,
            parents,
            sectors,
            gaps,
        })
    }

    /// Who does what, where and when: every active service with its
    /// organization and the areas it serves, by organization name.
    pub async fn four_w(&self, actor: &Actor) -> AppResult<Vec<FourW>> {
        self.require(actor, Permission::ViewDirectory).await?;
        let directory = self.store.export_directory().await?;
        let area_ids: Vec<AreaId> = directory
            .services
            .iter()
            .flat_map(|s| s.area_ids.iter().copied())
            .collect();
        let areas = self.store.get_areas(&area_ids).await?;
        let mut rows: Vec<FourW> = directory
            .services
            .into_iter()
            .filter(|s| s.status == ServiceStatus::Active)
            .filter_map(|service| {
                let organization = directory
                    .organizations
                    .iter()
                    .find(|o| o.id == service.organization_id)?
                    .clone();
                let served = areas
                    .iter()
                    .filter(|a| service.area_ids.contains(&a.id))
                    .cloned()
                    .collect();
                Some(FourW {
                    organization,
                    service,
                    areas: served,
                })
            })
            .collect();
        rows.sort_by(|a, b| {
            (a.organization.name.as_bytes(), a.service.name.as_bytes())
                .cmp(&(b.organization.name.as_bytes(), b.service.name.as_bytes()))
        });
        Ok(rows)
    }
}
