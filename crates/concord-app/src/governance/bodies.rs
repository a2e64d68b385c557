//! Registering coordination bodies (system administrators), and what their
//! secretariat keeps: leadership, escalation threshold, remit, member
//! agencies with named representatives, deputies and chairs, and thematic
//! subgroups.

use super::agency_name;
use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::agency::Sector;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::coordination::BodyLevel;
use concord_domain::governance::access;
use concord_domain::governance::forms::{
    BodyRegistration, BodyRegistrationForm, BodySettingsForm, MemberForm, SubgroupForm,
};
use concord_domain::governance::{BodyType, Leadership};
use concord_domain::ids::{AgencyId, BodyId};
use concord_store::{AreaRow, BodyRow, MemberRow, SubgroupRow};
use uuid::Uuid;

/// A body in a list, with the names a reader needs.
#[derive(Debug, Clone)]
pub struct BodySummary {
    pub body: BodyRow,
    pub area_name: String,
    pub parent_name: Option<String>,
    pub secretariat_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct MemberView {
    pub row: MemberRow,
    pub agency_name: String,
    pub sector: Option<Sector>,
    /// Has not left.
    pub current: bool,
}

#[derive(Debug, Clone)]
pub struct SubgroupView {
    pub row: SubgroupRow,
    pub chair_agency_name: String,
}

/// Everything the body's page shows about its structure.
#[derive(Debug, Clone)]
pub struct BodyView {
    pub body: BodyRow,
    pub area: Option<AreaRow>,
    pub parent: Option<BodyRow>,
    pub children: Vec<BodyRow>,
    pub secretariat_name: Option<String>,
    pub members: Vec<MemberView>,
    pub subgroups: Vec<SubgroupView>,
    /// The caller is the body's secretariat.
    pub can_edit: bool,
    /// The caller registers bodies.
    pub can_register: bool,
}

impl BodyView {
    pub fn chairs(&self) -> Vec<&MemberView> {
        self.members
            .iter()
            .filter(|m| m.current && m.row.chair)
            .collect()
    }

    pub fn current_members(&self) -> Vec<&MemberView> {
        self.members.iter().filter(|m| m.current).collect()
    }
}

fn level_rank(level: BodyLevel) -> u8 {
    match level {
        BodyLevel::National => 0,
        BodyLevel::Regional => 1,
        BodyLevel::Local => 2,
    }
}

impl App {
    pub async fn body_summaries(&self, actor: &Actor) -> AppResult<Vec<BodySummary>> {
        let bodies = self.list_bodies(actor).await?;
        let agencies = self.agency_map().await?;
        let area_ids: Vec<_> = bodies.iter().map(|b| b.area_id).collect();
        let areas = self.store.get_areas(&area_ids).await?;
        Ok(bodies
            .iter()
            .map(|b| BodySummary {
                body: b.clone(),
                area_name: areas
                    .iter()
                    .find(|a| a.id == b.area_id)
                    .map(|a| a.name.clone())
                    .unwrap_or_default(),
                parent_name: b
                    .parent_id
                    .and_then(|p| bodies.iter().find(|x| x.id == p))
                    .map(|p| p.name.clone()),
                secretariat_name: b.secretariat_agency_id.map(|a| agency_name(&agencies, a)),
            })
            .collect())
    }

    pub async fn body_view(&self, actor: &Actor, id: BodyId) -> AppResult<BodyView> {
        let body = self.readable_body(actor, id).await?;
        let agencies = self.agency_map().await?;
        let today = self.today();
        let all = self.store.list_bodies().await?;
        let members = self
            .store
            .list_members(id)
            .await?
            .into_iter()
            .map(|row| MemberView {
                agency_name: agency_name(&agencies, row.agency_id),
                sector: agencies.get(&row.agency_id).map(|a| a.sector),
                current: row.left_on.is_none_or(|left| left > today),
                row,
            })
            .collect::<Vec<_>>();
        let mut members = members;
        members.sort_by(|a, b| {
            (!a.current, !a.row.chair, &a.agency_name).cmp(&(
                !b.current,
                !b.row.chair,
                &b.agency_name,
            ))
        });
        let subgroups = self
            .store
            .list_subgroups(id)
            .await?
            .into_iter()
            .map(|row| SubgroupView {
                chair_agency_name: agency_name(&agencies, row.chair_agency_id),
                row,
            })
            .collect();
        Ok(BodyView {
            area: self.store.get_area(body.area_id).await?,
            parent: body
                .parent_id
                .and_then(|p| all.iter().find(|b| b.id == p).cloned()),
            children: all
                .iter()
                .filter(|b| b.parent_id == Some(id))
                .cloned()
                .collect(),
            secretariat_name: body
                .secretariat_agency_id
                .map(|a| agency_name(&agencies, a)),
            members,
            subgroups,
            can_edit: access::may_edit_body(actor, body.secretariat_agency_id).is_ok(),
            can_register: access::may_register_bodies(actor).is_ok(),
            body,
        })
    }

    /// The current member agencies of a body (those that have not left).
    pub(crate) async fn current_member_ids(&self, body: BodyId) -> AppResult<Vec<AgencyId>> {
        let today = self.today();
        Ok(self
            .store
            .list_members(body)
            .await?
            .into_iter()
            .filter(|m| m.left_on.is_none_or(|left| left > today))
            .map(|m| m.agency_id)
            .collect())
    }

    async fn check_registration(
        &self,
        id: Option<BodyId>,
        form: &BodyRegistrationForm,
    ) -> AppResult<BodyRegistration> {
        let input = form.validate()?;
        if self.store.get_area(input.area_id).await?.is_none() {
            return Err(Invalid::one("area_id", "names an area that does not exist").into());
        }
        if let Some(parent_id) = input.parent_id {
            if Some(parent_id) == id {
                return Err(Invalid::one("parent_id", "a body cannot report to itself").into());
            }
            let Some(parent) = self.store.get_body(parent_id).await? else {
                return Err(Invalid::one("parent_id", "names a body that does not exist").into());
            };
            if level_rank(parent.level) >= level_rank(input.level) {
                return Err(Invalid::one(
                    "parent_id",
                    "the parent body must be at a higher level (national → regional → local)",
                )
                .into());
            }
        }
        if let Some(agency) = input.secretariat_agency_id
            && self.store.get_agency(agency).await?.is_none()
        {
            return Err(Invalid::one(
                "secretariat_agency_id",
                "names an agency that does not exist",
            )
            .into());
        }
        Ok(input)
    }

    /// Registers a body (system administrators).
    pub async fn register_body(
        &self,
        actor: &Actor,
        form: &BodyRegistrationForm,
    ) -> AppResult<BodyRow> {
        if let Err(denied) = access::may_register_bodies(actor) {
            return self.refuse(actor, denied, None).await;
        }
        let input = self.check_registration(None, form).await?;
        let body = BodyRow {
            id: BodyId::new(),
            name: input.name,
            level: input.level,
            area_id: input.area_id,
            parent_id: input.parent_id,
            created_at: self.clock.now(),
            body_type: input.body_type,
            leadership: Leadership::SingleLeadAgency,
            secretariat_agency_id: input.secretariat_agency_id,
            escalate_after: 3,
            remit: None,
        };
        let event = self.event(
            Some(actor),
            AuditAction::CoordinationBodyCreated,
            Some(("coordination_body", body.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "body_type": body.body_type.as_str(), "secretariat": body.secretariat_agency_id }),
        );
        self.store.create_body(&body, &event).await?;
        Ok(body)
    }

    /// Changes a body's registration, its secretariat included (system
    /// administrators).
    pub async fn update_body_registration(
        &self,
        actor: &Actor,
        id: BodyId,
        form: &BodyRegistrationForm,
    ) -> AppResult<BodyRow> {
        if let Err(denied) = access::may_register_bodies(actor) {
            return self
                .refuse(actor, denied, Some(("coordination_body", id.to_string())))
                .await;
        }
        let existing = self.store.get_body(id).await?.ok_or(AppError::NotFound)?;
        let input = self.check_registration(Some(id), form).await?;
        let body = BodyRow {
            name: input.name,
            body_type: input.body_type,
            level: input.level,
            area_id: input.area_id,
            parent_id: input.parent_id,
            secretariat_agency_id: input.secretariat_agency_id,
            ..existing
        };
        self.write_body(actor, &body, "registration").await?;
        Ok(body)
    }

    /// Leadership model, escalation threshold and remit (the secretariat).
    pub async fn update_body_settings(
        &self,
        actor: &Actor,
        id: BodyId,
        form: &BodySettingsForm,
    ) -> AppResult<BodyRow> {
        let existing = self.editable_body(actor, id).await?;
        let input = form.validate()?;
        let body = BodyRow {
            leadership: input.leadership,
            escalate_after: input.policy.escalate_after as i32,
            remit: input.remit,
            ..existing
        };
        self.write_body(actor, &body, "settings").await?;
        Ok(body)
    }

    async fn write_body(&self, actor: &Actor, body: &BodyRow, what: &str) -> AppResult<()> {
        let event = self.event(
            Some(actor),
            AuditAction::CoordinationBodyUpdated,
            Some(("coordination_body", body.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "changed": what }),
        );
        Ok(self.store.update_body(body, &event).await?)
    }

    /// Adds a member agency or changes its membership (one row per agency).
    pub async fn save_member(
        &self,
        actor: &Actor,
        body: BodyId,
        form: &MemberForm,
    ) -> AppResult<MemberRow> {
        self.editable_body(actor, body).await?;
        let input = form.validate()?;
        if self.store.get_agency(input.agency_id).await?.is_none() {
            return Err(Invalid::one("agency_id", "names an agency that does not exist").into());
        }
        let row = MemberRow {
            body_id: body,
            agency_id: input.agency_id,
            representative: input.representative,
            representative_title: input.representative_title,
            decision_authority: input.decision_authority,
            deputy: input.deputy,
            chair: input.chair,
            joined_on: input.joined_on,
            left_on: input.left_on,
            updated_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::BodyMemberSaved,
            Some(("coordination_body", body.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "agency_id": row.agency_id, "chair": row.chair, "left": row.left_on.is_some() }),
        );
        self.store.put_member(&row, &event).await?;
        Ok(row)
    }

    /// Adds a subgroup (`id` None) or changes one; its chair comes from a
    /// current member agency.
    pub async fn save_subgroup(
        &self,
        actor: &Actor,
        body: BodyId,
        id: Option<Uuid>,
        form: &SubgroupForm,
    ) -> AppResult<SubgroupRow> {
        self.editable_body(actor, body).await?;
        let input = form.validate()?;
        if !self
            .current_member_ids(body)
            .await?
            .contains(&input.chair_agency_id)
        {
            return Err(Invalid::one(
                "chair_agency_id",
                "the chair must come from a member agency of the body",
            )
            .into());
        }
        let existing = match id {
            Some(id) => Some(
                self.store
                    .list_subgroups(body)
                    .await?
                    .into_iter()
                    .find(|s| s.id == id)
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        let row = SubgroupRow {
            id: id.unwrap_or_else(Uuid::now_v7),
            body_id: body,
            name: input.name,
            remit: input.remit,
            chair_agency_id: input.chair_agency_id,
            chair_name: input.chair_name,
            created_at: existing.map_or_else(|| self.clock.now(), |e| e.created_at),
        };
        let event = self.event(
            Some(actor),
            AuditAction::BodySubgroupSaved,
            Some(("coordination_body", body.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "subgroup_id": row.id }),
        );
        self.store.put_subgroup(&row, &event).await?;
        Ok(row)
    }
}

/// Every body type, for pickers.
pub fn body_types() -> &'static [BodyType] {
    &BodyType::ALL
}
