//! Browsing the audit log. System administrators see everything; agency
//! administrators and supervisors see their own agency's events. Browsing
//! is itself recorded.

use crate::app::App;
use crate::error::AppResult;
use concord_domain::access::{Actor, AuditScope};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_store::{AuditEventRow, AuditFilter, Page, PageRequest};

impl App {
    pub async fn browse_audit(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> AppResult<Page<AuditEventRow>> {
        let scope = match actor.audit_scope() {
            Ok(scope) => scope,
            Err(denied) => return self.refuse(actor, denied, None).await,
        };
        let mut filter = filter.clone();
        if let AuditScope::Agency(own) = scope {
            filter.agency_id = Some(own);
        }
        let event = self.event(
            Some(actor),
            AuditAction::AuditViewed,
            None,
            AuditOutcome::Success,
            serde_json::json!({ "filtered_agency": filter.agency_id }),
        );
        self.store.append_audit(&event).await?;
        Ok(self.store.list_audit_events(&filter, page).await?)
    }
}
