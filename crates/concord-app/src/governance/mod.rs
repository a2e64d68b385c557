//! The governance of coordination: coordination bodies, their members and
//! subgroups, meetings and action items, instruments, and the measures of
//! integration (action plan coverage, scorecard, ESP governance matrix,
//! self-assessment).
//!
//! Who edits what is decided by `concord_domain::governance::access`: a
//! system administrator registers bodies and names each one's secretariat
//! agency; the coordination secretariat role in that agency edits the body's
//! work; everyone with a directory view reads (analysts read only). Nothing
//! here reads or grants anything about survivors' cases: membership of a
//! body never opens a case.

pub mod bodies;
pub mod instruments;
pub mod measures;
pub mod meetings;

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::access::Actor;
use concord_domain::governance::access;
use concord_domain::ids::{AgencyId, BodyId};
use concord_store::{AgencyRow, BodyRow, PageRequest};
use std::collections::HashMap;

impl App {
    /// The body, for a reader.
    pub(crate) async fn readable_body(&self, actor: &Actor, id: BodyId) -> AppResult<BodyRow> {
        if let Err(denied) = access::may_read(actor) {
            return self
                .refuse(actor, denied, Some(("coordination_body", id.to_string())))
                .await;
        }
        self.store.get_body(id).await?.ok_or(AppError::NotFound)
    }

    /// The body, for its secretariat; a refusal is audited.
    pub(crate) async fn editable_body(&self, actor: &Actor, id: BodyId) -> AppResult<BodyRow> {
        let body = self.readable_body(actor, id).await?;
        match access::may_edit_body(actor, body.secretariat_agency_id) {
            Ok(()) => Ok(body),
            Err(denied) => {
                self.refuse(actor, denied, Some(("coordination_body", id.to_string())))
                    .await
            }
        }
    }

    /// Every agency by id (agencies number in the hundreds).
    pub(crate) async fn agency_map(&self) -> AppResult<HashMap<AgencyId, AgencyRow>> {
        let mut all = HashMap::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_agencies(&page).await?;
            all.extend(batch.items.into_iter().map(|a| (a.id, a)));
            match batch.next {
                Some(next) => page.after = Some(next),
                None => return Ok(all),
            }
        }
    }
}

/// An agency's name, or a placeholder for one that is gone.
pub(crate) fn agency_name(agencies: &HashMap<AgencyId, AgencyRow>, id: AgencyId) -> String {
    agencies
        .get(&id)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| "—".into())
}
