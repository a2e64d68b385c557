//! Instruments that govern coordination (laws, policies, action plans,
//! MoUs, protocols, SOPs, information sharing protocols, terms of
//! reference, referral pathways): versions through their lifecycle, the
//! document of each version (kept in the database, checked by its bytes),
//! signatories, the consultation record and review dates with reminders.

use super::agency_name;
use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::governance::VersionStatus;
use concord_domain::governance::access;
use concord_domain::governance::documents::check_document;
use concord_domain::governance::forms::{
    ConsultationForm, InstrumentForm, SignatoryForm, VersionForm,
};
use concord_domain::governance::lifecycle::{
    VersionEvent, check_bring_into_force, is_overdue, may_start_new_version, next_status,
    review_reminder, superseded,
};
use concord_domain::ids::{BodyId, InstrumentId};
use concord_store::{
    BodyRow, ConsultationRow, DocumentInfo, DocumentRow, InstrumentRow, SignatoryRow, VersionRow,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct SignatoryView {
    pub row: SignatoryRow,
    pub agency_name: String,
}

#[derive(Debug, Clone)]
pub struct ConsultationView {
    pub row: ConsultationRow,
    pub agency_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct VersionView {
    pub row: VersionRow,
    pub signatories: Vec<SignatoryView>,
    pub consultations: Vec<ConsultationView>,
    pub overdue: bool,
    /// The caller may download its document.
    pub document_readable: bool,
}

#[derive(Debug, Clone)]
pub struct InstrumentView {
    pub instrument: InstrumentRow,
    pub body: BodyRow,
    /// Oldest first.
    pub versions: Vec<VersionView>,
    pub can_edit: bool,
}

impl InstrumentView {
    /// The version in force, else the newest.
    pub fn current(&self) -> Option<&VersionView> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.row.status.is_in_force())
            .or_else(|| self.versions.last())
    }

    pub fn may_start_new_version(&self) -> bool {
        let statuses: Vec<VersionStatus> = self.versions.iter().map(|v| v.row.status).collect();
        may_start_new_version(&statuses)
    }
}

/// An instrument in a list, with its current version.
#[derive(Debug, Clone)]
pub struct InstrumentLine {
    pub instrument: InstrumentRow,
    pub current: Option<VersionRow>,
    pub overdue: bool,
    /// Review due within the reminder window (or passed).
    pub reminder: bool,
}

/// The version in force, else the newest.
pub(crate) fn current_version<'a>(
    versions: impl Iterator<Item = &'a VersionRow> + Clone,
) -> Option<&'a VersionRow> {
    versions
        .clone()
        .filter(|v| v.status.is_in_force())
        .max_by_key(|v| v.number)
        .or_else(|| versions.max_by_key(|v| v.number))
}

impl App {
    /// The instruments of some bodies, with their current versions.
    pub(crate) async fn instrument_lines(
        &self,
        bodies: &[BodyId],
    ) -> AppResult<Vec<InstrumentLine>> {
        let instruments = self.store.list_instruments(bodies).await?;
        let ids: Vec<InstrumentId> = instruments.iter().map(|i| i.id).collect();
        let versions = self.store.list_versions(&ids).await?;
        let today = self.today();
        Ok(instruments
            .into_iter()
            .map(|instrument| {
                let current =
                    current_version(versions.iter().filter(|v| v.instrument_id == instrument.id))
                        .cloned();
                let (overdue, reminder) = current.as_ref().map_or((false, false), |v| {
                    (
                        is_overdue(v.status, v.review_on, today),
                        review_reminder(v.status, v.review_on, today),
                    )
                });
                InstrumentLine {
                    instrument,
                    current,
                    overdue,
                    reminder,
                }
            })
            .collect())
    }

    pub async fn body_instruments(
        &self,
        actor: &Actor,
        body: BodyId,
    ) -> AppResult<Vec<InstrumentLine>> {
        self.readable_body(actor, body).await?;
        self.instrument_lines(&[body]).await
    }

    /// Instruments whose review falls due within the reminder window (or
    /// has passed), of the bodies the caller's agency is secretariat of.
    pub async fn review_reminders(&self, actor: &Actor) -> AppResult<Vec<InstrumentLine>> {
        let bodies: Vec<BodyId> = self
            .store
            .list_bodies()
            .await?
            .into_iter()
            .filter(|b| access::may_edit_body(actor, b.secretariat_agency_id).is_ok())
            .map(|b| b.id)
            .collect();
        if bodies.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .instrument_lines(&bodies)
            .await?
            .into_iter()
            .filter(|l| l.reminder)
            .collect())
    }

    pub async fn create_instrument(
        &self,
        actor: &Actor,
        body: BodyId,
        form: &InstrumentForm,
    ) -> AppResult<InstrumentRow> {
        self.editable_body(actor, body).await?;
        let input = form.validate()?;
        let now = self.clock.now();
        let instrument = InstrumentRow {
            id: InstrumentId::new(),
            body_id: body,
            kind: input.kind,
            title: input.title,
            essential_actions: input.essential_actions.into_iter().collect(),
            created_at: now,
        };
        let first = VersionRow {
            id: Uuid::now_v7(),
            instrument_id: instrument.id,
            number: 1,
            status: VersionStatus::Draft,
            effective_on: None,
            review_on: None,
            summary: None,
            document: None,
            created_at: now,
            updated_at: now,
        };
        let event = self.event(
            Some(actor),
            AuditAction::InstrumentSaved,
            Some(("instrument", instrument.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "body_id": body, "kind": instrument.kind.as_str() }),
        );
        self.store
            .create_instrument(&instrument, &first, &event)
            .await?;
        Ok(instrument)
    }

    /// The instrument and its body, for reading or (`edit`) for the body's
    /// secretariat; `NotFound` when it is not that body's.
    async fn instrument_of(
        &self,
        actor: &Actor,
        body: BodyId,
        id: InstrumentId,
        edit: bool,
    ) -> AppResult<(BodyRow, InstrumentRow)> {
        let body = if edit {
            self.editable_body(actor, body).await?
        } else {
            self.readable_body(actor, body).await?
        };
        let instrument = self
            .store
            .get_instrument(id)
            .await?
            .ok_or(AppError::NotFound)?;
        if instrument.body_id != body.id {
            return Err(AppError::NotFound);
        }
        Ok((body, instrument))
    }

    pub async fn update_instrument(
        &self,
        actor: &Actor,
        body: BodyId,
        id: InstrumentId,
        form: &InstrumentForm,
    ) -> AppResult<InstrumentRow> {
        let (_, existing) = self.instrument_of(actor, body, id, true).await?;
        let input = form.validate()?;
        let instrument = InstrumentRow {
            kind: input.kind,
            title: input.title,
            essential_actions: input.essential_actions.into_iter().collect(),
            ..existing
        };
        let event = self.event(
            Some(actor),
            AuditAction::InstrumentSaved,
            Some(("instrument", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "kind": instrument.kind.as_str() }),
        );
        self.store.update_instrument(&instrument, &event).await?;
        Ok(instrument)
    }

    pub async fn instrument_view(
        &self,
        actor: &Actor,
        body: BodyId,
        id: InstrumentId,
    ) -> AppResult<InstrumentView> {
        let (body, instrument) = self.instrument_of(actor, body, id, false).await?;
        let agencies = self.agency_map().await?;
        let members = self.current_member_ids(body.id).await?;
        let versions = self.store.list_versions(&[id]).await?;
        let version_ids: Vec<Uuid> = versions.iter().map(|v| v.id).collect();
        let signatories = self.store.list_signatories(&version_ids).await?;
        let consultations = self.store.list_consultations(&version_ids).await?;
        let today = self.today();
        let versions = versions
            .into_iter()
            .map(|row| VersionView {
                signatories: signatories
                    .iter()
                    .filter(|s| s.version_id == row.id)
                    .map(|s| SignatoryView {
                        agency_name: agency_name(&agencies, s.agency_id),
                        row: s.clone(),
                    })
                    .collect(),
                consultations: consultations
                    .iter()
                    .filter(|c| c.version_id == row.id)
                    .map(|c| ConsultationView {
                        agency_name: c.agency_id.map(|a| agency_name(&agencies, a)),
                        row: c.clone(),
                    })
                    .collect(),
                overdue: is_overdue(row.status, row.review_on, today),
                document_readable: access::may_read_document(
                    actor,
                    row.status,
                    body.secretariat_agency_id,
                    &members,
                )
                .is_ok(),
                row,
            })
            .collect();
        Ok(InstrumentView {
            can_edit: access::may_edit_body(actor, body.secretariat_agency_id).is_ok(),
            instrument,
            body,
            versions,
        })
    }

    async fn version_of(
        &self,
        actor: &Actor,
        body: BodyId,
        instrument: InstrumentId,
        version: Uuid,
        edit: bool,
    ) -> AppResult<(BodyRow, InstrumentRow, Vec<VersionRow>, VersionRow)> {
        let (body, instrument) = self.instrument_of(actor, body, instrument, edit).await?;
        let versions = self.store.list_versions(&[instrument.id]).await?;
        let version = versions
            .iter()
            .find(|v| v.id == version)
            .cloned()
            .ok_or(AppError::NotFound)?;
        Ok((body, instrument, versions, version))
    }

    /// Starts the next version (a draft), when no other is being written.
    pub async fn start_version(
        &self,
        actor: &Actor,
        body: BodyId,
        id: InstrumentId,
    ) -> AppResult<VersionRow> {
        let (_, instrument) = self.instrument_of(actor, body, id, true).await?;
        let versions = self.store.list_versions(&[id]).await?;
        let statuses: Vec<VersionStatus> = versions.iter().map(|v| v.status).collect();
        if !may_start_new_version(&statuses) {
            return Err(Invalid::one(
                "version",
                "finish or withdraw the version being written before starting another",
            )
            .into());
        }
        let now = self.clock.now();
        let version = VersionRow {
            id: Uuid::now_v7(),
            instrument_id: instrument.id,
            number: versions.iter().map(|v| v.number).max().unwrap_or(0) + 1,
            status: VersionStatus::Draft,
            effective_on: None,
            review_on: None,
            summary: None,
            document: None,
            created_at: now,
            updated_at: now,
        };
        let event = self.event(
            Some(actor),
            AuditAction::InstrumentVersionChanged,
            Some(("instrument", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "version_id": version.id, "number": version.number, "to": "draft" }),
        );
        self.store.add_version(&version, &event).await?;
        Ok(version)
    }

    /// Changes a version's dates and summary (while it is being written,
    /// or a new review date while its review is open), and with `event`
    /// moves it through its lifecycle.
    pub async fn change_version(
        &self,
        actor: &Actor,
        body: BodyId,
        instrument: InstrumentId,
        version: Uuid,
        form: &VersionForm,
    ) -> AppResult<VersionRow> {
        let (_, instrument, versions, existing) = self
            .version_of(actor, body, instrument, version, true)
            .await?;
        let input = form.validate()?;
        let event = match form
            .event
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            None => None,
            Some(text) => Some(
                VersionEvent::parse(text)
                    .ok_or_else(|| Invalid::one("event", "is not a known lifecycle step"))?,
            ),
        };
        let editable_dates = existing.status.is_unpublished()
            || (existing.status == VersionStatus::ReviewDue
                && event == Some(VersionEvent::ConfirmAfterReview));
        let mut updated = existing.clone();
        if editable_dates {
            updated.effective_on = input.effective_on.or(existing.effective_on);
            updated.review_on = input.review_on.or(existing.review_on);
            updated.summary = input.summary.or(existing.summary.clone());
        } else if input.effective_on.is_some() || input.review_on.is_some() {
            return Err(Invalid::one(
                "review_on",
                "the dates of a version in force change only when its review is confirmed",
            )
            .into());
        }
        let mut others = Vec::new();
        if let Some(step) = event {
            let Some(to) = next_status(existing.status, step) else {
                return Err(Invalid::one(
                    "event",
                    format!(
                        "a version that is {} cannot take that step",
                        existing.status.as_str().replace('_', " ")
                    ),
                )
                .into());
            };
            let today = self.today();
            match step {
                VersionEvent::BringIntoForce => {
                    let signatories = self.store.list_signatories(&[existing.id]).await?.len();
                    check_bring_into_force(
                        instrument.kind,
                        updated.effective_on,
                        updated.review_on,
                        signatories,
                    )?;
                    others = versions
                        .iter()
                        .filter(|v| v.id != existing.id && superseded(v.status) != v.status)
                        .map(|v| (v.id, superseded(v.status)))
                        .collect();
                }
                VersionEvent::ConfirmAfterReview
                    if updated.review_on.is_none_or(|r| r <= today)
                        || input.review_on.is_none() =>
                {
                    return Err(Invalid::one(
                        "review_on",
                        "give the next review date, after today",
                    )
                    .into());
                }
                _ => {}
            }
            updated.status = to;
        }
        updated.updated_at = self.clock.now();
        let audit = self.event(
            Some(actor),
            AuditAction::InstrumentVersionChanged,
            Some(("instrument", instrument.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "version_id": existing.id,
                "from": existing.status.as_str(),
                "to": updated.status.as_str(),
                "superseded": others.len(),
            }),
        );
        self.store
            .update_version(&updated, existing.status, &others, &audit)
            .await?;
        Ok(updated)
    }

    /// Attaches (or replaces) the document of a version being written.
    #[allow(clippy::too_many_arguments)]
    pub async fn attach_document(
        &self,
        actor: &Actor,
        body: BodyId,
        instrument: InstrumentId,
        version: Uuid,
        file_name: &str,
        declared_type: &str,
        bytes: Vec<u8>,
    ) -> AppResult<DocumentInfo> {
        let (_, _, _, existing) = self
            .version_of(actor, body, instrument, version, true)
            .await?;
        if !existing.status.is_unpublished() {
            return Err(Invalid::one(
                "document",
                "the document of a version in force does not change; start a new version",
            )
            .into());
        }
        let checked = check_document(file_name, declared_type, &bytes)?;
        let info = DocumentInfo {
            file_name: checked.file_name,
            content_type: checked.kind.content_type().to_string(),
            size: bytes.len() as i64,
            sha256: hex::encode(Sha256::digest(&bytes)),
            uploaded_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::InstrumentDocumentAttached,
            Some(("instrument", instrument.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "version_id": version, "size": info.size, "sha256": info.sha256 }),
        );
        self.store
            .put_document(
                &DocumentRow {
                    version_id: version,
                    info: info.clone(),
                    content: bytes,
                },
                &event,
            )
            .await?;
        Ok(info)
    }

    /// The document of a version, to those who may read it: published
    /// versions to every reader, drafts only to the secretariat and members.
    pub async fn version_document(
        &self,
        actor: &Actor,
        body: BodyId,
        instrument: InstrumentId,
        version: Uuid,
    ) -> AppResult<DocumentRow> {
        let (body, _, _, existing) = self
            .version_of(actor, body, instrument, version, false)
            .await?;
        let members = self.current_member_ids(body.id).await?;
        if let Err(denied) =
            access::may_read_document(actor, existing.status, body.secretariat_agency_id, &members)
        {
            return self
                .refuse(actor, denied, Some(("instrument", instrument.to_string())))
                .await;
        }
        self.store
            .get_document(version)
            .await?
            .ok_or(AppError::NotFound)
    }

    pub async fn add_signatory(
        &self,
        actor: &Actor,
        body: BodyId,
        instrument: InstrumentId,
        version: Uuid,
        form: &SignatoryForm,
    ) -> AppResult<SignatoryRow> {
        let (_, _, _, existing) = self
            .version_of(actor, body, instrument, version, true)
            .await?;
        if !matches!(
            existing.status,
            VersionStatus::Consultation | VersionStatus::InForce | VersionStatus::ReviewDue
        ) {
            return Err(Invalid::one(
                "agency_id",
                "agencies sign a version once it has gone to consultation, until it is replaced",
            )
            .into());
        }
        let input = form.validate()?;
        if self.store.get_agency(input.agency_id).await?.is_none() {
            return Err(Invalid::one("agency_id", "names an agency that does not exist").into());
        }
        if self
            .store
            .list_signatories(&[version])
            .await?
            .iter()
            .any(|s| s.agency_id == input.agency_id)
        {
            return Err(Invalid::one("agency_id", "this agency has already signed").into());
        }
        let row = SignatoryRow {
            id: Uuid::now_v7(),
            version_id: version,
            agency_id: input.agency_id,
            signed_by: input.signed_by,
            signed_on: input.signed_on,
        };
        let event = self.event(
            Some(actor),
            AuditAction::InstrumentSignatoryAdded,
            Some(("instrument", instrument.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "version_id": version, "agency_id": row.agency_id }),
        );
        self.store.add_signatory(&row, &event).await?;
        Ok(row)
    }

    pub async fn add_consultation(
        &self,
        actor: &Actor,
        body: BodyId,
        instrument: InstrumentId,
        version: Uuid,
        form: &ConsultationForm,
    ) -> AppResult<ConsultationRow> {
        self.version_of(actor, body, instrument, version, true)
            .await?;
        let input = form.validate()?;
        if let Some(agency) = input.agency_id
            && self.store.get_agency(agency).await?.is_none()
        {
            return Err(Invalid::one("agency_id", "names an agency that does not exist").into());
        }
        let row = ConsultationRow {
            id: Uuid::now_v7(),
            version_id: version,
            consultee: input.consultee,
            agency_id: input.agency_id,
            survivors_representative: input.survivors_representative,
            consulted_on: input.consulted_on,
            summary: input.summary,
        };
        let event = self.event(
            Some(actor),
            AuditAction::InstrumentConsultationRecorded,
            Some(("instrument", instrument.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "version_id": version,
                "survivors_representative": row.survivors_representative,
            }),
        );
        self.store.add_consultation(&row, &event).await?;
        Ok(row)
    }
}
