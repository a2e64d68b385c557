//! Referrals to outside providers: organizations in the directory that
//! are not Concord agencies, so have no queue in Concord.
//!
//! Each outside organization is named in consents and referrals by a
//! recipient agency row without users whose id is the organization's id
//! (created the first time a caseworker refers to it). That keeps one
//! consent model and one access decision: a consent names an agency, and
//! the decision gives access only to users of that agency — of which an
//! outside provider has none, and can never have any ([`App::insert_user`]
//! refuses). Whether a referral is to an outside provider is therefore
//! "is its receiving agency an organization of the directory".
//!
//! The referral leaves Concord by its FHIR export and its printable form;
//! the sender records what the provider did on its behalf (the side
//! [`ReferralSide::SenderForProvider`]), and the history shows it was the
//! sender who recorded it.

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::agency::{Governance, Sector};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::{AgencyId, OrganizationId};
use concord_domain::referral::ReferralSide;
use concord_store::{AgencyRow, OrganizationRow, ReferralRow, StoreError};

/// The recipient agency id that stands for an outside organization.
pub fn outside_recipient_id(organization: OrganizationId) -> AgencyId {
    AgencyId(organization.0)
}

impl App {
    /// Whether this agency stands for an outside organization of the
    /// directory (and so has, and may have, no users).
    pub async fn is_outside_provider(&self, agency: AgencyId) -> AppResult<bool> {
        Ok(self
            .store
            .get_organization(OrganizationId(agency.0))
            .await?
            .is_some())
    }

    /// The outside organization (not a member agency) whose recipient id
    /// this is, if any.
    pub(crate) async fn outside_organization(
        &self,
        id: AgencyId,
    ) -> AppResult<Option<OrganizationRow>> {
        Ok(self
            .store
            .get_organization(OrganizationId(id.0))
            .await?
            .filter(|o| o.agency_id.is_none()))
    }

    /// The outside providers her consent may name (recipient id and name),
    /// for whoever may read the directory; nothing for anyone else.
    pub async fn outside_consent_recipients(
        &self,
        actor: &Actor,
    ) -> AppResult<Vec<(AgencyId, String)>> {
        if !actor.has(concord_domain::role::Permission::ViewDirectory) {
            return Ok(Vec::new());
        }
        Ok(self
            .all_organizations(actor)
            .await?
            .into_iter()
            .filter(|o| o.agency_id.is_none())
            .map(|o| (outside_recipient_id(o.id), o.name))
            .collect())
    }

    /// The recipient that stands for an outside organization in consents
    /// and referrals, made on first use (audited; by no one for the demo).
    pub(crate) async fn outside_recipient(
        &self,
        actor: Option<&Actor>,
        organization: &OrganizationRow,
        field: &'static str,
    ) -> AppResult<AgencyId> {
        let id = outside_recipient_id(organization.id);
        if self.store.get_agency(id).await?.is_some() {
            return Ok(id);
        }
        let agency = AgencyRow {
            id,
            name: organization.name.clone(),
            sector: Sector::Other,
            governance: Governance::NonGovernment,
            area_ids: Vec::new(),
            created_at: self.clock.now(),
        };
        let event = self.event(
            actor,
            AuditAction::AgencyCreated,
            Some(("agency", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "outside_provider": organization.id }),
        );
        match self.store.create_agency(&agency, &event).await {
            Ok(()) => Ok(id),
            // Made meanwhile by someone else.
            Err(StoreError::Duplicate { field: "id" }) => Ok(id),
            Err(StoreError::Duplicate { .. }) => Err(Invalid::one(
                field,
                "its organization has the name of a Concord agency; rename it in the directory first",
            )
            .into()),
            Err(e) => Err(AppError::from(e)),
        }
    }

    /// The side the actor acts on: as [`App::referral_side`], except that
    /// the sender of a referral to an outside provider also records the
    /// provider's steps.
    pub(crate) async fn acting_side(
        &self,
        actor: &Actor,
        row: &ReferralRow,
    ) -> AppResult<ReferralSide> {
        let side = self.referral_side(actor, row)?;
        if side == ReferralSide::Sender && self.is_outside_provider(row.receiving_agency).await? {
            Ok(ReferralSide::SenderForProvider)
        } else {
            Ok(side)
        }
    }
}
