//! A referral as HL7 FHIR R4: a Bundle (type `collection`) holding the
//! ServiceRequest (what is asked of whom, how urgently and why), the Task
//! that tracks it (its Concord state as FHIR task status), and the Consent
//! it was sent under (recipient, purpose and data categories). The survivor
//! appears only by her pseudonymous reference: nothing identifying leaves
//! in this document. Only the sending agency exports a referral.

use super::reason_field;
use crate::app::App;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, SecondsFormat, Utc};
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::governance::InstrumentKind;
use concord_domain::ids::{AgencyId, BodyId, InstrumentId, ReferralId};
use concord_domain::referral::{ReferralSide, ReferralState, Urgency};
use concord_domain::role::Permission;
use serde_json::{Value, json};

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// FHIR `request-priority`.
fn priority(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Emergency => "stat",
        Urgency::Urgent => "asap",
        Urgency::Routine => "routine",
    }
}

/// FHIR `request-status` of the ServiceRequest.
fn request_status(state: ReferralState) -> &'static str {
    match state {
        ReferralState::Draft => "draft",
        ReferralState::Sent
        | ReferralState::Acknowledged
        | ReferralState::Accepted
        | ReferralState::FirstContact
        | ReferralState::ServiceDelivered => "active",
        ReferralState::Closed => "completed",
        ReferralState::Declined | ReferralState::Withdrawn | ReferralState::Expired => "revoked",
    }
}

/// FHIR `task-status` of the Task.
fn task_status(state: ReferralState) -> &'static str {
    match state {
        ReferralState::Draft => "draft",
        ReferralState::Sent => "requested",
        ReferralState::Acknowledged => "received",
        ReferralState::Accepted => "accepted",
        ReferralState::Declined => "rejected",
        ReferralState::FirstContact | ReferralState::ServiceDelivered => "in-progress",
        ReferralState::Closed => "completed",
        ReferralState::Withdrawn => "cancelled",
        ReferralState::Expired => "failed",
    }
}

impl App {
    /// The information sharing protocols a consent recorded on `at` by
    /// `sender` for `receiver` was given under: the versions in force that
    /// day (effective on or before it) that both agencies had signed. As
    /// FHIR `Consent.policy` (the version's id as its URI).
    async fn sharing_protocols(
        &self,
        sender: AgencyId,
        receiver: AgencyId,
        at: DateTime<Utc>,
    ) -> AppResult<Vec<Value>> {
        let day = self.local_date_of(at);
        let bodies: Vec<BodyId> = self
            .store
            .list_bodies()
            .await?
            .into_iter()
            .map(|b| b.id)
            .collect();
        let instruments: Vec<InstrumentId> = self
            .store
            .list_instruments(&bodies)
            .await?
            .into_iter()
            .filter(|i| i.kind == InstrumentKind::InformationSharingProtocol)
            .map(|i| i.id)
            .collect();
        if instruments.is_empty() {
            return Ok(Vec::new());
        }
        let versions: Vec<_> = self
            .store
            .list_versions(&instruments)
            .await?
            .into_iter()
            .filter(|v| v.status.is_in_force() && v.effective_on.is_some_and(|d| d <= day))
            .collect();
        let ids: Vec<uuid::Uuid> = versions.iter().map(|v| v.id).collect();
        let signatories = self.store.list_signatories(&ids).await?;
        let signed = |version: uuid::Uuid, agency: AgencyId| {
            signatories
                .iter()
                .any(|s| s.version_id == version && s.agency_id == agency && s.signed_on <= day)
        };
        Ok(versions
            .iter()
            .filter(|v| signed(v.id, sender) && signed(v.id, receiver))
            .map(|v| json!({"authority": "urn:concord:governance", "uri": format!("urn:uuid:{}", v.id)}))
            .collect())
    }

    /// The referral as a FHIR R4 Bundle (the sending agency only; audited).
    pub async fn referral_fhir(&self, actor: &Actor, id: ReferralId) -> AppResult<Value> {
        self.require(actor, Permission::WorkCases).await?;
        let referral = self
            .store
            .get_referral(id)
            .await?
            .ok_or(AppError::NotFound)?;
        if self.referral_side(actor, &referral)? != ReferralSide::Sender {
            return Err(AppError::NotFound);
        }
        let case = self
            .store
            .get_case(referral.case_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let survivor = self
            .store
            .get_survivor(case.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let service = self
            .store
            .get_service(referral.service_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let names = self.agency_names().await?;
        let sender = names
            .get(&referral.sending_agency)
            .cloned()
            .unwrap_or_default();
        let receiver = names
            .get(&referral.receiving_agency)
            .cloned()
            .unwrap_or_default();
        let reason = self
            .open_field(reason_field(&referral.id.to_string()), &referral.reason)
            .await?
            .to_string();
        let consent = match referral.consent_id {
            Some(cid) => self
                .store
                .list_consents(referral.case_id)
                .await?
                .into_iter()
                .find(|c| c.id == cid),
            None => None,
        };
        let now = self.clock.now();
        let subject = json!({
            "identifier": {"system": "urn:concord:survivor-reference", "value": survivor.reference},
            "display": survivor.reference,
        });
        let request_url = format!("urn:uuid:{}", referral.id);
        let task_id = uuid::Uuid::from_u128(referral.id.0.as_u128() ^ 1);
        let mut service_request = json!({
            "resourceType": "ServiceRequest",
            "id": referral.id.to_string(),
            "identifier": [{"system": "urn:concord:referral", "value": referral.reference}],
            "status": request_status(referral.state),
            "intent": "order",
            "category": [{"text": "Referral for services"}],
            "priority": priority(referral.urgency),
            "code": {
                "coding": service.taxonomy.iter().map(|c| json!({"system": "urn:concord:essential-service", "code": c})).collect::<Vec<_>>(),
                "text": service.name,
            },
            "subject": subject,
            "authoredOn": instant(referral.created_at),
            "requester": {"display": sender},
            "performer": [{"display": format!("{receiver} — {}", service.name)}],
            "reasonCode": [{"text": reason}],
        });
        if let Some(consent) = &consent {
            service_request["supportingInfo"] =
                json!([{"reference": format!("urn:uuid:{}", consent.id)}]);
        }
        let mut task = json!({
            "resourceType": "Task",
            "id": task_id.to_string(),
            "basedOn": [{"reference": request_url}],
            "status": task_status(referral.state),
            "businessStatus": {"text": referral.state.as_str()},
            "intent": "order",
            "priority": priority(referral.urgency),
            "focus": {"reference": request_url},
            "for": subject,
            "authoredOn": instant(referral.created_at),
            "lastModified": instant(referral.updated_at),
            "requester": {"display": sender},
            "owner": {"display": receiver},
        });
        if let Some(due) = referral.due_at {
            task["restriction"] = json!({"period": {"end": instant(due)}});
        }
        if let Some(reason) = referral.decline_reason {
            task["statusReason"] = json!({"text": reason.as_str()});
        }
        if let Some(outcome) = referral.outcome {
            task["output"] =
                json!([{"type": {"text": "outcome"}, "valueString": outcome.as_str()}]);
        }
        let mut entries = vec![
            json!({"fullUrl": request_url, "resource": service_request}),
            json!({"fullUrl": format!("urn:uuid:{task_id}"), "resource": task}),
        ];
        if let Some(c) = &consent {
            // R4 ppc-1: a consent names the policy it was given under. The
            // information sharing protocols both agencies signed; without
            // one, the rule it was recorded under, in words.
            let protocols = self
                .sharing_protocols(referral.sending_agency, c.recipient_agency, c.recorded_at)
                .await?;
            let policy = if protocols.is_empty() {
                (
                    "policyRule",
                    json!({"text": format!(
                        "Consent of the survivor recorded by {sender} for sharing with {receiver} \
                         (no information sharing protocol signed by both agencies)"
                    )}),
                )
            } else {
                ("policy", Value::Array(protocols))
            };
            let ended = c.withdrawn_at.is_some_and(|w| w <= now) || now >= c.valid_until;
            let status = if ended { "inactive" } else { "active" };
            let mut resource = json!({
                "resourceType": "Consent",
                "id": c.id.to_string(),
                "status": status,
                "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]},
                "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
                "patient": subject,
                // When it was given: the day on a paper form entered later,
                // else the instant it was recorded.
                "dateTime": match c.given_on {
                    Some(day) if day != self.local_date_of(c.recorded_at) => day.to_string(),
                    _ => instant(c.recorded_at),
                },
                "organization": [{"display": sender}],
                "provision": {
                    "type": "permit",
                    // Local dates, the end as entered: a date is the whole
                    // (local) day in FHIR. (An instant start beside a date end
                    // cannot be compared on the same day: R4 per-1 fails.)
                    "period": {"start": self.local_date_of(c.valid_from).to_string(), "end": self.end_as_entered(c.valid_until).iso()},
                    "actor": [{
                        "role": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "IRCP"}]},
                        "reference": {"display": receiver},
                    }],
                    "purpose": c.purposes.iter().map(|p| json!({"system": "urn:concord:purpose", "code": p.as_str()})).collect::<Vec<_>>(),
                    "class": c.categories.iter().map(|k| json!({"system": "urn:concord:data-category", "code": k.as_str()})).collect::<Vec<_>>(),
                },
            });
            resource[policy.0] = policy.1;
            entries.push(json!({"fullUrl": format!("urn:uuid:{}", c.id), "resource": resource}));
        }
        let event = self.event(
            Some(actor),
            AuditAction::ReferralExported,
            Some(("referral", id.to_string())),
            AuditOutcome::Success,
            json!({ "format": "fhir_r4" }),
        );
        self.store.append_audit(&event).await?;
        Ok(json!({
            "resourceType": "Bundle",
            "id": uuid::Uuid::from_u128(referral.id.0.as_u128() ^ 2).to_string(),
            "type": "collection",
            "timestamp": instant(now),
            "entry": entries,
        }))
    }
}
