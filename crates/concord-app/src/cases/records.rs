//! What the owning agency records on a case: incidents (classified by the
//! GBVIMS questions), consents to share and their withdrawal, and sharing
//! without consent and its early end.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use chrono::{DateTime, Utc};
use concord_crypto::blind_index::{blind_index, normalise_name};
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::consent::{
    ConsentForm, DataCategory, LawfulShare, SHARING_FIELD, ShareStatus, SharingForm,
    check_share_can_end, may_end_share,
};
use concord_domain::ids::{AgencyId, CaseId, ConsentId, IncidentId, SharingId};
use concord_domain::incident::IncidentForm;
use concord_domain::role::Permission;
use concord_domain::validation::optional_text;
use concord_store::{ConsentRow, IncidentRow, SharingRow};

const PERPETRATOR_INDEX_PURPOSE: &str = "perpetrator-identity";

/// An incident decrypted for someone allowed to see incidents.
#[derive(Debug, Clone)]
pub struct IncidentView {
    pub row: IncidentRow,
    pub perpetrator_identity: Option<String>,
    pub narrative: Option<String>,
}

impl IncidentView {
    /// When it happened, for the clinical windows: the local date and time
    /// entered, in the deployment's zone `tz` (the start of that local day
    /// if the time is unknown, so windows are never shown longer than they
    /// are).
    pub fn occurred_at(&self, tz: chrono_tz::Tz) -> DateTime<Utc> {
        concord_domain::incident::incident_instant(
            tz,
            self.row.incident_date,
            self.row.incident_time,
        )
    }
}

impl App {
    /// A consent as the API and the subject access export show it: the
    /// stored record, with `valid_until` as it was entered (the last local
    /// day it covers, e.g. `2026-01-31`, or the exact end an API client
    /// gave) rather than the stored exclusive end (the next local midnight).
    pub fn consent_json(&self, row: &ConsentRow) -> serde_json::Value {
        let mut value = serde_json::to_value(row).unwrap_or_default();
        value["valid_until"] = serde_json::json!(self.end_as_entered(row.valid_until));
        value["given_on"] = serde_json::json!(self.consent_given_on(row));
        value
    }
}

impl App {
    /// The local day a consent was given: as entered from paper, or the
    /// day it was recorded.
    pub fn consent_given_on(&self, row: &ConsentRow) -> chrono::NaiveDate {
        row.given_on
            .unwrap_or_else(|| self.local_date_of(row.recorded_at))
    }
}

/// A lawful share as the owning agency sees it on the case.
#[derive(Debug, Clone)]
pub struct SharingView {
    pub row: SharingRow,
    /// In force, expired, or ended early.
    pub status: ShareStatus,
    /// Whether the reader may end it now: a supervisor of the agency that
    /// recorded it, while it is in force.
    pub may_end: bool,
}

/// Free text recorded with an incident (encrypted).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct IncidentDetails {
    pub perpetrator_identity: String,
    pub narrative: String,
}

fn incident_field<'a>(column: &'static str, id: &'a str) -> Field<'a> {
    Field::new("incidents", column, id)
}

impl App {
    pub async fn record_incident(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &IncidentForm,
        details: &IncidentDetails,
    ) -> AppResult<IncidentRow> {
        let case = self
            .case_for_change(actor, case_id, DataCategory::Incident)
            .await?;
        let mut invalid = match form.validate(self.local_now()) {
            Ok(_) => concord_domain::Invalid::default(),
            Err(invalid) => invalid,
        };
        let identity = optional_text(
            &mut invalid,
            "perpetrator_identity",
            Some(&details.perpetrator_identity),
            300,
        );
        let narrative = optional_text(&mut invalid, "narrative", Some(&details.narrative), 20_000);
        let input = match form.validate(self.local_now()) {
            Ok(input) if invalid.problems.is_empty() => input,
            _ => return Err(invalid.into()),
        };
        let survivor = self
            .store
            .get_survivor(case.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let id = IncidentId::new();
        let row_id = id.to_string();
        let agency = case.owning_agency;
        let perpetrator_index = match identity.as_deref() {
            // One index across agencies, so risk work can find repeats.
            Some(who) => {
                let key = self
                    .shared_blind_index_key(PERPETRATOR_INDEX_PURPOSE)
                    .await?;
                Some(blind_index(&key, &[&normalise_name(who)]))
            }
            None => None,
        };
        let row = IncidentRow {
            id,
            case_id,
            incident_date: input.incident_date,
            incident_time: input.incident_time,
            date_first_reported: input.date_first_reported,
            area_id: input.area_id,
            gbv_type: input.gbv_type,
            context_flags: input.context_flags.into_iter().collect(),
            forms_of_violence: input
                .violence_forms
                .as_ref()
                .map(|v| v.forms.iter().copied().collect()),
            trafficking_exploitation: input
                .violence_forms
                .as_ref()
                .map(|v| v.exploitation.iter().copied().collect())
                .unwrap_or_default(),
            perpetrator_relationship: input.perpetrator_relationship,
            perpetrator_sex: input.perpetrator_sex,
            perpetrator_age_group: input.perpetrator_age_group,
            perpetrator_identity: self
                .seal_optional(
                    agency,
                    incident_field("perpetrator_identity", &row_id),
                    identity.as_deref(),
                )
                .await?,
            perpetrator_index,
            survivor_age_group: self
                .survivor_group_on(&survivor, input.incident_date)
                .await?,
            reporting_delay: input.reporting_delay,
            already_reported_elsewhere: input.already_reported_elsewhere,
            consent_to_statistics: input.consent_to_statistics,
            narrative: self
                .seal_optional(
                    agency,
                    incident_field("narrative", &row_id),
                    narrative.as_deref(),
                )
                .await?,
            created_by: actor.user_id,
            created_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::IncidentRecorded,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "incident_id": id, "gbv_type": row.gbv_type.as_str() }),
        );
        self.store.create_incident(&row, &event).await?;
        Ok(row)
    }

    pub(crate) async fn incident_views(&self, case_id: CaseId) -> AppResult<Vec<IncidentView>> {
        let mut views = Vec::new();
        for row in self.store.list_incidents(case_id).await? {
            let id = row.id.to_string();
            views.push(IncidentView {
                perpetrator_identity: self
                    .open_optional(
                        incident_field("perpetrator_identity", &id),
                        row.perpetrator_identity.as_deref(),
                    )
                    .await?,
                narrative: self
                    .open_optional(incident_field("narrative", &id), row.narrative.as_deref())
                    .await?,
                row,
            });
        }
        Ok(views)
    }

    /// Records the survivor's consent to share with one agency.
    pub async fn record_consent(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &ConsentForm,
    ) -> AppResult<ConsentRow> {
        let case = self
            .case_for_change(actor, case_id, DataCategory::IdentityAndContact)
            .await?;
        let survivor = self
            .store
            .get_survivor(case.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let now = self.clock.now();
        let birth = self.survivor_birth(&survivor).await?;
        let input = form.validate(
            now.with_timezone(&self.config.time_zone),
            &self.config.consent,
            birth,
        )?;
        if input.recipient_agency == case.owning_agency {
            return Err(concord_domain::Invalid::one(
                "recipient_agency",
                "is the agency that owns the case",
            )
            .into());
        }
        if self
            .store
            .get_agency(input.recipient_agency)
            .await?
            .is_none()
        {
            // An outside provider of the directory is named by a recipient
            // of its own, made on first use (see `referrals::outside`).
            match self.outside_organization(input.recipient_agency).await? {
                Some(organization) => {
                    self.outside_recipient(Some(actor), &organization, "recipient_agency")
                        .await?;
                }
                None => {
                    return Err(
                        concord_domain::Invalid::one("recipient_agency", "does not exist").into(),
                    );
                }
            }
        }
        let row = ConsentRow {
            id: ConsentId::new(),
            case_id,
            recipient_agency: input.recipient_agency,
            purposes: input.purposes.into_iter().collect(),
            categories: input.categories.into_iter().collect(),
            given_by: input.given_by,
            child_assent: input.child_assent,
            caregiver_unsafe: input.caregiver_unsafe,
            given_on: Some(input.given_on),
            valid_from: input.valid_from,
            valid_until: input.valid_until,
            withdrawn_at: None,
            recorded_by: actor.user_id,
            recorded_at: now,
        };
        let event = self.event(
            Some(actor),
            AuditAction::ConsentRecorded,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "consent_id": row.id,
                "recipient_agency": row.recipient_agency,
                "purposes": row.purposes,
                "categories": row.categories,
                "given_on": row.given_on,
            }),
        );
        self.store.create_consent(&row, &event).await?;
        Ok(row)
    }

    /// Withdrawal takes effect on the very next request: every decision
    /// reads consents from the database.
    pub async fn withdraw_consent(
        &self,
        actor: &Actor,
        case_id: CaseId,
        consent: ConsentId,
    ) -> AppResult<()> {
        self.case_for_change(actor, case_id, DataCategory::IdentityAndContact)
            .await?;
        if !self
            .store
            .list_consents(case_id)
            .await?
            .iter()
            .any(|c| c.id == consent)
        {
            return Err(AppError::NotFound);
        }
        let event = self.event(
            Some(actor),
            AuditAction::ConsentWithdrawn,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "consent_id": consent }),
        );
        if !self
            .store
            .withdraw_consent(consent, self.clock.now(), &event)
            .await?
        {
            return Err(concord_domain::Invalid::one("consent", "was already withdrawn").into());
        }
        Ok(())
    }

    /// Sharing without consent: a supervisor's decision on a lawful basis.
    pub async fn record_sharing(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &SharingForm,
    ) -> AppResult<SharingRow> {
        self.require(actor, Permission::SuperviseCases).await?;
        let case = self
            .case_for_change(actor, case_id, DataCategory::IdentityAndContact)
            .await?;
        let now = self.clock.now();
        let input = form.validate(
            now.with_timezone(&self.config.time_zone),
            &self.config.consent,
        )?;
        if input.recipient_agency == case.owning_agency {
            return Err(concord_domain::Invalid::one(
                "recipient_agency",
                "is the agency that owns the case",
            )
            .into());
        }
        let id = SharingId::new();
        let row_id = id.to_string();
        let agency = case.owning_agency;
        let row = SharingRow {
            id,
            case_id,
            recipient_agency: input.recipient_agency,
            basis: input.basis,
            categories: input.categories.into_iter().collect(),
            reason: self
                .seal_field(
                    agency,
                    Field::new("sharings", "reason", &row_id),
                    &input.reason,
                )
                .await?,
            decision_maker: input.decision_maker,
            survivor_told: input.survivor_told,
            why_not_told: self
                .seal_optional(
                    agency,
                    Field::new("sharings", "why_not_told", &row_id),
                    input.why_not_told.as_deref(),
                )
                .await?,
            valid_until: input.valid_until,
            revoked_at: None,
            created_at: now,
        };
        let event = self.event(
            Some(actor),
            AuditAction::SharingRecorded,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "sharing_id": id,
                "recipient_agency": row.recipient_agency,
                "basis": row.basis.as_str(),
                "categories": row.categories,
            }),
        );
        self.store.create_sharing(&row, &event).await?;
        Ok(row)
    }

    /// Ends a lawful share before its end date, when its basis no longer
    /// holds: a supervisor of the agency that recorded it decides. Like a
    /// consent's withdrawal it takes effect on the very next request, since
    /// every decision reads the shares from the database; the audit event
    /// is written in the same transaction.
    pub async fn revoke_sharing(
        &self,
        actor: &Actor,
        case_id: CaseId,
        sharing: SharingId,
    ) -> AppResult<()> {
        let object = Some(("case", case_id.to_string()));
        if let Err(denied) = actor.require(Permission::SuperviseCases) {
            return self.refuse(actor, denied, object).await;
        }
        self.case_for_change(actor, case_id, DataCategory::IdentityAndContact)
            .await?;
        let Some(row) = self
            .store
            .list_sharings(case_id)
            .await?
            .into_iter()
            .find(|s| s.id == sharing)
        else {
            return Err(AppError::NotFound);
        };
        if let Err(denied) = may_end_share(actor, self.recording_agency(&row).await?) {
            return self.refuse(actor, denied, object).await;
        }
        let now = self.clock.now();
        check_share_can_end(share_status(&row, now))?;
        let event = self.event(
            Some(actor),
            AuditAction::SharingRevoked,
            object,
            AuditOutcome::Success,
            serde_json::json!({
                "sharing_id": sharing,
                "recipient_agency": row.recipient_agency,
                "basis": row.basis.as_str(),
            }),
        );
        if !self.store.revoke_sharing(sharing, now, &event).await? {
            // Someone ended it a moment ago: the same answer as if it had
            // been ended before this request.
            return Err(concord_domain::Invalid::one(SHARING_FIELD, "was already ended").into());
        }
        Ok(())
    }

    /// The case's lawful shares, newest first, with what the reader may do
    /// with each.
    pub(crate) async fn sharing_views(
        &self,
        actor: &Actor,
        case_id: CaseId,
    ) -> AppResult<Vec<SharingView>> {
        let now = self.clock.now();
        let mut views = Vec::new();
        for row in self.store.list_sharings(case_id).await? {
            let status = share_status(&row, now);
            let may_end = status == ShareStatus::Active
                && may_end_share(actor, self.recording_agency(&row).await?).is_ok();
            views.push(SharingView {
                row,
                status,
                may_end,
            });
        }
        Ok(views)
    }

    /// The agency that recorded a share: its decision maker's. `None` when
    /// the account is gone, so no one's agency matches.
    async fn recording_agency(&self, row: &SharingRow) -> AppResult<Option<AgencyId>> {
        Ok(self
            .store
            .get_user(row.decision_maker)
            .await?
            .map(|u| u.agency_id))
    }
}

/// Where a share stands at `now`, by the same rule the access decision uses.
fn share_status(row: &SharingRow, now: DateTime<Utc>) -> ShareStatus {
    LawfulShare {
        id: row.id,
        recipient_agency: row.recipient_agency,
        categories: row.categories.iter().copied().collect(),
        valid_until: row.valid_until,
        revoked_at: row.revoked_at,
    }
    .status(now)
}

impl App {
    /// What is known of her age, for the child consent rules and the age
    /// group at a given day: her (encrypted) date of birth, else the age she
    /// stated and the day she stated it (encrypted), else only her recorded
    /// age group, taken as known on the day she was registered.
    pub(crate) async fn survivor_birth(
        &self,
        survivor: &concord_store::SurvivorRow,
    ) -> AppResult<Option<concord_domain::incident::BirthRange>> {
        let id = survivor.id.to_string();
        let dob = self
            .open_optional(
                super::survivors::survivor_field("date_of_birth", &id),
                survivor.date_of_birth.as_deref(),
            )
            .await?
            .and_then(|text| chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok());
        let stated = self.stated_age(survivor).await?;
        Ok(concord_domain::survivor::birth_range(
            dob,
            stated,
            survivor.age_group,
            self.local_date_of(survivor.created_at),
        ))
    }

    /// The age she stated without a date of birth, and when (decrypted).
    pub(crate) async fn stated_age(
        &self,
        survivor: &concord_store::SurvivorRow,
    ) -> AppResult<Option<concord_domain::survivor::StatedAge>> {
        let id = survivor.id.to_string();
        let text = self
            .open_optional(
                super::survivors::survivor_field("stated_age", &id),
                survivor.stated_age.as_deref(),
            )
            .await?;
        text.map(|text| serde_json::from_str(&text).map_err(|e| AppError::Internal(e.to_string())))
            .transpose()
    }

    /// Her age group on `day` (an incident's date, a referral's): from her
    /// date of birth or the age she stated, not the group she was in when
    /// registered. With only a group recorded (older records) that group:
    /// reading it as every age in it would make most adults children on any
    /// earlier day.
    pub(crate) async fn survivor_group_on(
        &self,
        survivor: &concord_store::SurvivorRow,
        day: chrono::NaiveDate,
    ) -> AppResult<Option<concord_domain::incident::AgeGroup>> {
        let without_group = concord_store::SurvivorRow {
            age_group: None,
            ..survivor.clone()
        };
        Ok(match self.survivor_birth(&without_group).await? {
            Some(birth) => birth.group_on(day),
            None => survivor.age_group,
        })
    }
}
