//! Coordination bodies: the list every reader sees, and the command-line
//! registration the demo uses (the forms are in `governance::bodies`).

use crate::app::App;
use crate::error::AppResult;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::coordination::BodyLevel;
use concord_domain::governance::actions::CarryOverPolicy;
use concord_domain::governance::{BodyType, Leadership};
use concord_domain::ids::{AgencyId, AreaId, BodyId};
use concord_domain::role::Permission;
use concord_store::BodyRow;

impl App {
    pub async fn list_bodies(&self, actor: &Actor) -> AppResult<Vec<BodyRow>> {
        self.require(actor, Permission::ViewDirectory).await?;
        Ok(self.store.list_bodies().await?)
    }

    /// Used by the demo.
    pub(crate) async fn create_body_from_command_line(
        &self,
        name: &str,
        level: BodyLevel,
        area_id: AreaId,
        parent_id: Option<BodyId>,
        secretariat: Option<AgencyId>,
    ) -> AppResult<BodyRow> {
        let body = BodyRow {
            id: BodyId::new(),
            name: name.to_string(),
            level,
            area_id,
            parent_id,
            created_at: self.clock.now(),
            body_type: match level {
                BodyLevel::National => BodyType::NationalInterMinisterial,
                BodyLevel::Regional => BodyType::RegionalBody,
                BodyLevel::Local => BodyType::LocalCouncil,
            },
            leadership: Leadership::SingleLeadAgency,
            secretariat_agency_id: secretariat,
            escalate_after: CarryOverPolicy::DEFAULT_ESCALATE_AFTER as i32,
            remit: None,
        };
        let event = self.event(
            None,
            AuditAction::CoordinationBodyCreated,
            Some(("coordination_body", body.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        self.store.create_body(&body, &event).await?;
        Ok(body)
    }
}
