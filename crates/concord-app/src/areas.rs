//! The area hierarchy. Only system administrators change it; everyone
//! signed in may read it (it holds no personal data).

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::area::{AreaForm, AreaInput, check_parent};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::AreaId;
use concord_domain::role::Permission;
use concord_store::{AreaRow, Page, PageRequest};

impl App {
    pub async fn list_areas(&self, actor: &Actor, page: &PageRequest) -> AppResult<Page<AreaRow>> {
        self.require(actor, Permission::ViewDirectory).await?;
        Ok(self.store.list_areas(page).await?)
    }

    /// Every area, for pickers and trees (areas number in the hundreds).
    pub async fn all_areas(&self, actor: &Actor) -> AppResult<Vec<AreaRow>> {
        self.require(actor, Permission::ViewDirectory).await?;
        let mut all = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_areas(&page).await?;
            all.extend(batch.items);
            match batch.next {
                Some(next) => page.after = Some(next),
                None => return Ok(all),
            }
        }
    }

    pub async fn get_area(&self, actor: &Actor, id: AreaId) -> AppResult<AreaRow> {
        self.require(actor, Permission::ViewDirectory).await?;
        self.store.get_area(id).await?.ok_or(AppError::NotFound)
    }

    pub async fn create_area(
        &self,
        actor: Option<&Actor>,
        form: &AreaForm,
        parent: Option<&str>,
    ) -> AppResult<AreaRow> {
        if let Some(actor) = actor {
            self.require(actor, Permission::ManageAreas).await?;
        }
        let (input, parent_id) = self.check_area(form, parent).await?;
        let area = AreaRow {
            id: AreaId::new(),
            parent_id,
            level: input.level,
            code: input.code,
            name: input.name,
            adult_female_population: input.adult_female_population,
            created_at: self.clock.now(),
        };
        let event = self.event(
            actor,
            AuditAction::AreaCreated,
            Some(("area", area.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        self.store.create_area(&area, &event).await?;
        Ok(area)
    }

    pub async fn update_area(
        &self,
        actor: &Actor,
        id: AreaId,
        form: &AreaForm,
        parent: Option<&str>,
    ) -> AppResult<AreaRow> {
        self.require(actor, Permission::ManageAreas).await?;
        let existing = self.store.get_area(id).await?.ok_or(AppError::NotFound)?;
        let (input, parent_id) = self.check_area(form, parent).await?;
        if parent_id == Some(id) {
            return Err(Invalid::one("parent_id", "an area cannot be its own parent").into());
        }
        let area = AreaRow {
            parent_id,
            level: input.level,
            code: input.code,
            name: input.name,
            adult_female_population: input.adult_female_population,
            ..existing
        };
        let event = self.event(
            Some(actor),
            AuditAction::AreaUpdated,
            Some(("area", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        self.store.update_area(&area, &event).await?;
        Ok(area)
    }

    /// Validates the form and the parent together so every problem is
    /// reported at once.
    async fn check_area(
        &self,
        form: &AreaForm,
        parent: Option<&str>,
    ) -> AppResult<(AreaInput, Option<AreaId>)> {
        let checked = form.validate();
        let mut invalid = checked.clone().err().unwrap_or_default();
        let parent = match parent.map(str::trim).filter(|p| !p.is_empty()) {
            None => None,
            Some(raw) => match raw.parse::<AreaId>() {
                Ok(id) => match self.store.get_area(id).await? {
                    Some(area) => Some(area),
                    None => {
                        invalid.push("parent_id", "does not exist");
                        None
                    }
                },
                Err(_) => {
                    invalid.push("parent_id", "is not an area id");
                    None
                }
            },
        };
        if let Ok(input) = &checked
            && invalid.problems.is_empty()
            && let Err(problem) = check_parent(input.level, parent.as_ref().map(|p| p.level))
        {
            invalid.problems.extend(problem.problems);
        }
        let input = invalid.into_result(checked)??;
        Ok((input, parent.map(|p| p.id)))
    }

    /// Checks a permission, auditing a refusal.
    pub(crate) async fn require(&self, actor: &Actor, permission: Permission) -> AppResult<()> {
        match actor.require(permission) {
            Ok(()) => Ok(()),
            Err(denied) => self.refuse(actor, denied, None).await,
        }
    }
}
