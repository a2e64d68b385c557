//! Registering a survivor (with her first case) and finding one already
//! registered by name and date of birth, through a keyed blind index.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use concord_crypto::blind_index::{blind_index, normalise_name};
use concord_crypto::reference::new_survivor_reference;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case::CaseStatus;
use concord_domain::consent::DataCategory;
use concord_domain::ids::{AgencyId, CaseId, SurvivorId};
use concord_domain::role::Permission;
use concord_domain::survivor::{SafeContact, StatedAge, SurvivorForm, SurvivorInput};
use concord_store::{CaseRow, StoreError, SurvivorRow};

const BLIND_INDEX_PURPOSE: &str = "survivor-name-dob";

/// A survivor's record, decrypted for someone allowed to see identity.
#[derive(Debug, Clone)]
pub struct SurvivorView {
    pub row: SurvivorRow,
    pub name: Option<String>,
    pub other_identifiers: Option<String>,
    pub date_of_birth: Option<String>,
    /// The age she gave without a date of birth, and the day she gave it.
    pub stated_age: Option<StatedAge>,
    pub contact: Option<SafeContact>,
}

/// The sealed form of what a person typed about her.
struct SealedSurvivor {
    name: Option<Vec<u8>>,
    other_identifiers: Option<Vec<u8>>,
    date_of_birth: Option<Vec<u8>>,
    stated_age: Option<Vec<u8>>,
    contact: Vec<u8>,
    name_dob_index: Option<Vec<u8>>,
}

pub(crate) fn survivor_field<'a>(column: &'static str, id: &'a str) -> Field<'a> {
    Field::new("survivors", column, id)
}

impl App {
    async fn name_dob_index(&self, agency: AgencyId, name: &str, dob: &str) -> AppResult<Vec<u8>> {
        let key = self.blind_index_key(agency, BLIND_INDEX_PURPOSE).await?;
        Ok(blind_index(&key, &[&normalise_name(name), dob]))
    }

    /// Registers a survivor in the actor's agency with a first case
    /// assigned to the actor. The reference is generated; a clash (40
    /// random bits) is retried.
    pub async fn register_survivor(
        &self,
        actor: &Actor,
        form: &SurvivorForm,
    ) -> AppResult<(SurvivorRow, CaseRow)> {
        self.require(actor, Permission::WorkCases).await?;
        let today = self.today();
        // Every problem at once: her details and the day of first contact.
        let (input, first_contact_on) = match (form.validate(today), form.first_contact_day(today))
        {
            (Ok(input), Ok(day)) => (input, day),
            (input, day) => {
                let mut invalid = concord_domain::Invalid::default();
                for problems in [input.err(), day.err()].into_iter().flatten() {
                    invalid.problems.extend(problems.problems);
                }
                return Err(invalid.into());
            }
        };
        for _ in 0..5 {
            match self.insert_survivor(actor, &input, first_contact_on).await {
                Err(AppError::Invalid(invalid)) if invalid.problem_for("reference").is_some() => {
                    continue;
                }
                other => return other,
            }
        }
        Err(AppError::Internal(
            "could not find a free survivor reference".into(),
        ))
    }

    /// Her record as stored: identifying and contact fields sealed with
    /// the agency's key, bound to this row; the name and date of birth
    /// blind-indexed for finding her again.
    async fn sealed_survivor(
        &self,
        id: SurvivorId,
        agency: AgencyId,
        input: &SurvivorInput,
    ) -> AppResult<SealedSurvivor> {
        let row_id = id.to_string();
        let dob = input.date_of_birth.map(|d| d.to_string());
        let contact =
            serde_json::to_string(&input.contact).map_err(|e| AppError::Internal(e.to_string()))?;
        let stated_age = input
            .stated_age
            .map(|stated| serde_json::to_string(&stated))
            .transpose()
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(SealedSurvivor {
            name: self
                .seal_optional(
                    agency,
                    survivor_field("name", &row_id),
                    input.name.as_deref(),
                )
                .await?,
            other_identifiers: self
                .seal_optional(
                    agency,
                    survivor_field("other_identifiers", &row_id),
                    input.other_identifiers.as_deref(),
                )
                .await?,
            date_of_birth: self
                .seal_optional(
                    agency,
                    survivor_field("date_of_birth", &row_id),
                    dob.as_deref(),
                )
                .await?,
            stated_age: self
                .seal_optional(
                    agency,
                    survivor_field("stated_age", &row_id),
                    stated_age.as_deref(),
                )
                .await?,
            contact: self
                .seal_field(agency, survivor_field("contact", &row_id), &contact)
                .await?,
            name_dob_index: match (&input.name, &dob) {
                (Some(name), Some(dob)) => Some(self.name_dob_index(agency, name, dob).await?),
                _ => None,
            },
        })
    }

    async fn insert_survivor(
        &self,
        actor: &Actor,
        input: &SurvivorInput,
        first_contact_on: chrono::NaiveDate,
    ) -> AppResult<(SurvivorRow, CaseRow)> {
        let agency = actor.agency_id;
        let id = SurvivorId::new();
        let now = self.clock.now();
        let sealed = self.sealed_survivor(id, agency, input).await?;
        let survivor = SurvivorRow {
            id,
            agency_id: agency,
            reference: new_survivor_reference(),
            name: sealed.name,
            other_identifiers: sealed.other_identifiers,
            date_of_birth: sealed.date_of_birth,
            stated_age: sealed.stated_age,
            age_group: input.age_group,
            sex_gender: input.sex_gender,
            disability: input.disability,
            displacement: input.displacement,
            languages: input.languages.clone(),
            contact: Some(sealed.contact),
            name_dob_index: sealed.name_dob_index,
            legal_hold: false,
            created_by: actor.user_id,
            created_at: now,
        };
        let case = CaseRow {
            id: CaseId::new(),
            survivor_id: id,
            owning_agency: agency,
            assigned_caseworker: Some(actor.user_id),
            status: CaseStatus::Engaged,
            plan_approval: None,
            closure_approval: None,
            closure_reason: None,
            approval_comment: None,
            opened_at: now,
            first_contact_on: Some(first_contact_on),
            closed_at: None,
            updated_at: now,
        };
        let event = self.event(
            Some(actor),
            AuditAction::SurvivorRegistered,
            Some(("case", case.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "survivor_id": id, "first_contact_on": first_contact_on }),
        );
        match self.store.create_survivor(&survivor, &case, &event).await {
            Ok(()) => Ok((survivor, case)),
            Err(StoreError::Duplicate { field: "reference" }) => {
                Err(concord_domain::Invalid::one("reference", "is taken").into())
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Corrects her record — a new safe number when the old phone is no
    /// longer safe, a name given later. Only the owning agency changes it;
    /// every field is sealed again and the blind index recomputed.
    pub async fn update_survivor(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &SurvivorForm,
    ) -> AppResult<()> {
        let case = self
            .case_for_change(actor, case_id, DataCategory::IdentityAndContact)
            .await?;
        let input = form.validate(self.today())?;
        let current = self
            .store
            .get_survivor(case.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let sealed = self
            .sealed_survivor(current.id, current.agency_id, &input)
            .await?;
        let survivor = SurvivorRow {
            name: sealed.name,
            other_identifiers: sealed.other_identifiers,
            // A date of birth replaces an age stated earlier; a new age
            // replaces the old one (with today's date); without either,
            // what she stated before is kept, with the day she stated it
            // (restating it today would make her a year younger after a
            // year), and so is the group.
            stated_age: match (&sealed.date_of_birth, &sealed.stated_age) {
                (Some(_), _) => None,
                (None, Some(stated)) => Some(stated.clone()),
                (None, None) => current.stated_age.clone(),
            },
            date_of_birth: sealed.date_of_birth,
            age_group: input.age_group.or(current.age_group),
            sex_gender: input.sex_gender,
            disability: input.disability,
            displacement: input.displacement,
            languages: input.languages,
            contact: Some(sealed.contact),
            name_dob_index: sealed.name_dob_index,
            ..current
        };
        let event = self.event(
            Some(actor),
            AuditAction::SurvivorUpdated,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "survivor_id": survivor.id }),
        );
        self.store.update_survivor(&survivor, &event).await?;
        Ok(())
    }

    /// Survivors of the actor's agency registered with this exact name and
    /// date of birth (compared through the blind index, never plaintext).
    pub async fn find_survivors(
        &self,
        actor: &Actor,
        name: &str,
        date_of_birth: &str,
    ) -> AppResult<Vec<(SurvivorRow, Vec<CaseRow>)>> {
        self.require(actor, Permission::WorkCases).await?;
        let mut invalid = concord_domain::Invalid::default();
        if name.trim().is_empty() {
            invalid.push("name", "is required");
        }
        if chrono::NaiveDate::parse_from_str(date_of_birth.trim(), "%Y-%m-%d").is_err() {
            invalid.push("date_of_birth", "must be a date like 1990-01-31");
        }
        invalid.into_result(())?;
        let index = self
            .name_dob_index(actor.agency_id, name, date_of_birth.trim())
            .await?;
        let event = self.event(
            Some(actor),
            AuditAction::SurvivorSearched,
            None,
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        self.store.append_audit(&event).await?;
        let mut found = Vec::new();
        for survivor in self.store.find_survivors(actor.agency_id, &index).await? {
            let cases = self.store.list_survivor_cases(survivor.id).await?;
            found.push((survivor, cases));
        }
        Ok(found)
    }

    /// Decrypts a survivor's record (the caller has authorised identity).
    pub(crate) async fn survivor_view(&self, survivor: SurvivorRow) -> AppResult<SurvivorView> {
        let id = survivor.id.to_string();
        let contact = match &survivor.contact {
            Some(sealed) => {
                let text = self
                    .open_field(survivor_field("contact", &id), sealed)
                    .await?;
                Some(serde_json::from_str(&text).map_err(|e| AppError::Internal(e.to_string()))?)
            }
            None => None,
        };
        Ok(SurvivorView {
            name: self
                .open_optional(survivor_field("name", &id), survivor.name.as_deref())
                .await?,
            other_identifiers: self
                .open_optional(
                    survivor_field("other_identifiers", &id),
                    survivor.other_identifiers.as_deref(),
                )
                .await?,
            date_of_birth: self
                .open_optional(
                    survivor_field("date_of_birth", &id),
                    survivor.date_of_birth.as_deref(),
                )
                .await?,
            stated_age: self.stated_age(&survivor).await?,
            contact,
            row: survivor,
        })
    }
}
