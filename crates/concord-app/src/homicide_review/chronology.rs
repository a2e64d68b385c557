//! Reading and exporting a case's chronology: only members of a panel
//! holding a grant in force; every reading and every export audited before
//! anything is shown.

use super::sources::Staff;
use crate::app::App;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::homicide_review::{Contact, may_read_chronology, merge_in_time_order};
use concord_domain::ids::{BodyId, CaseId, ReviewGrantId};

/// Why the chronology is read: on its page, or exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChronologyUse {
    Viewed,
    /// The printable document.
    ExportedForPrint,
    /// The JSON of the API.
    ExportedAsJson,
}

impl ChronologyUse {
    fn audit(self) -> (AuditAction, Option<&'static str>) {
        match self {
            ChronologyUse::Viewed => (AuditAction::ChronologyViewed, None),
            ChronologyUse::ExportedForPrint => (AuditAction::ChronologyExported, Some("print")),
            ChronologyUse::ExportedAsJson => (AuditAction::ChronologyExported, Some("json")),
        }
    }
}

/// One contact with the name of the agency that had it.
#[derive(Debug, Clone)]
pub struct ChronologyEntry {
    pub contact: Contact,
    pub agency_name: Option<String>,
}

/// A case's chronology as a panel member reads it.
#[derive(Debug, Clone)]
pub struct Chronology {
    pub case_id: CaseId,
    /// Her case reference (never her name).
    pub survivor_reference: String,
    pub grant_id: ReviewGrantId,
    pub body_id: BodyId,
    pub body_name: String,
    pub assembled_at: DateTime<Utc>,
    /// In time order.
    pub entries: Vec<ChronologyEntry>,
}

impl App {
    /// The chronology of a case for a member of a review panel holding a
    /// grant in force; the reading or export is audited first, a refusal
    /// too.
    pub async fn read_chronology(
        &self,
        actor: &Actor,
        case_id: CaseId,
        purpose: ChronologyUse,
    ) -> AppResult<Chronology> {
        let case = self
            .store
            .get_case(case_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let grants = self.review_grants_in_force(case_id).await?;
        let grant_id = match may_read_chronology(actor, &grants) {
            Ok(id) => id,
            Err(refusal) => {
                let event = self.event(
                    Some(actor),
                    AuditAction::AccessDenied,
                    Some(("case", case_id.to_string())),
                    AuditOutcome::Denied,
                    serde_json::json!({
                        "reason": refusal.code(),
                        "operation": "read:chronology",
                    }),
                );
                self.store.append_audit(&event).await?;
                return Err(AppError::CaseRefused(refusal));
            }
        };
        let body_id = grants
            .iter()
            .find(|g| g.id == grant_id)
            .map(|g| g.body)
            .ok_or(AppError::NotFound)?;
        let (action, format) = purpose.audit();
        let event = self.event(
            Some(actor),
            action,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "basis": "homicide_review",
                "review_grant_id": grant_id,
                "body_id": body_id,
                "format": format,
            }),
        );
        self.store.append_audit(&event).await?;
        let mut staff = Staff::default();
        let contacts = merge_in_time_order(self.chronology_sources(&case, &mut staff).await?);
        let mut entries = Vec::with_capacity(contacts.len());
        for contact in contacts {
            let agency_name = match contact.agency {
                Some(agency) => Some(staff.agency_name(self, agency).await?),
                None => None,
            };
            entries.push(ChronologyEntry {
                contact,
                agency_name,
            });
        }
        let survivor_reference = self
            .store
            .get_survivor(case.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?
            .reference;
        let body_name = self
            .store
            .get_body(body_id)
            .await?
            .map(|b| b.name)
            .unwrap_or_default();
        Ok(Chronology {
            case_id,
            survivor_reference,
            grant_id,
            body_id,
            body_name,
            assembled_at: self.clock.now(),
            entries,
        })
    }
}
