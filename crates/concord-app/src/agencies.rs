//! Member agencies of the coordinated response.

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::agency::{AgencyForm, AgencyInput};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::AgencyId;
use concord_domain::role::Permission;
use concord_store::{AgencyRow, Page, PageRequest};

impl App {
    pub async fn list_agencies(
        &self,
        actor: &Actor,
        page: &PageRequest,
    ) -> AppResult<Page<AgencyRow>> {
        self.require(actor, Permission::ViewDirectory).await?;
        Ok(self.store.list_agencies(page).await?)
    }

    /// Every agency, for pickers.
    pub async fn all_agencies(&self, actor: &Actor) -> AppResult<Vec<AgencyRow>> {
        self.require(actor, Permission::ViewDirectory).await?;
        let mut all = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_agencies(&page).await?;
            all.extend(batch.items);
            match batch.next {
                Some(next) => page.after = Some(next),
                None => return Ok(all),
            }
        }
    }

    pub async fn get_agency(&self, actor: &Actor, id: AgencyId) -> AppResult<AgencyRow> {
        self.require(actor, Permission::ViewDirectory).await?;
        self.store.get_agency(id).await?.ok_or(AppError::NotFound)
    }

    pub async fn create_agency(
        &self,
        actor: Option<&Actor>,
        form: &AgencyForm,
    ) -> AppResult<AgencyRow> {
        if let Some(actor) = actor {
            self.require(actor, Permission::ManageAgencies).await?;
        }
        let input = self.check_agency(form).await?;
        let agency = AgencyRow {
            id: AgencyId::new(),
            name: input.name,
            sector: input.sector,
            governance: input.governance,
            area_ids: input.area_ids,
            created_at: self.clock.now(),
        };
        let event = self.event(
            actor,
            AuditAction::AgencyCreated,
            Some(("agency", agency.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "sector": agency.sector }),
        );
        self.store.create_agency(&agency, &event).await?;
        Ok(agency)
    }

    pub async fn update_agency(
        &self,
        actor: &Actor,
        id: AgencyId,
        form: &AgencyForm,
    ) -> AppResult<AgencyRow> {
        self.require(actor, Permission::ManageAgencies).await?;
        let existing = self.store.get_agency(id).await?.ok_or(AppError::NotFound)?;
        let input = self.check_agency(form).await?;
        let agency = AgencyRow {
            name: input.name,
            sector: input.sector,
            governance: input.governance,
            area_ids: input.area_ids,
            ..existing
        };
        let event = self.event(
            Some(actor),
            AuditAction::AgencyUpdated,
            Some(("agency", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "sector": agency.sector }),
        );
        self.store.update_agency(&agency, &event).await?;
        Ok(agency)
    }

    async fn check_agency(&self, form: &AgencyForm) -> AppResult<AgencyInput> {
        let input = form.validate()?;
        let found = self.store.get_areas(&input.area_ids).await?;
        if found.len() != input.area_ids.len() {
            return Err(Invalid::one("area_ids", "names an area that does not exist").into());
        }
        Ok(input)
    }
}

impl App {
    /// For `concord admin create-user --agency`: an id or an exact name.
    pub async fn find_agency_for_command_line(
        &self,
        name_or_id: &str,
    ) -> AppResult<Option<AgencyRow>> {
        if let Ok(id) = name_or_id.trim().parse::<AgencyId>() {
            return Ok(self.store.get_agency(id).await?);
        }
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_agencies(&page).await?;
            if let Some(found) = batch
                .items
                .into_iter()
                .find(|a| a.name == name_or_id.trim())
            {
                return Ok(Some(found));
            }
            match batch.next {
                Some(next) => page.after = Some(next),
                None => return Ok(None),
            }
        }
    }
}
