//! What one person may see of a conference referral on its page — read
//! only. Who may open it at all is the research rule (the coordinating
//! agency or a member agency, someone who works with cases); the referral
//! itself, its advocate and its transfer are for the conference's
//! coordinators, as in the use cases that change them; the first contact
//! also for the case's advocate, who records it.

use super::conferences::{ReferralItem, rules_of};
use crate::app::App;
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use concord_domain::access::Actor;
use concord_domain::ids::{AgencyId, ConferenceReferralId, UserId};
use concord_domain::risk::conference::{ConferenceRules, first_contact_overdue};
use concord_domain::role::Permission;
use concord_store::{ConferenceMeetingRow, ConferenceReferralRow, ConferenceRow, PageRequest};
use std::collections::BTreeMap;

/// A referral's page as one reader may see it.
pub struct ReferralCasework {
    pub conference: ConferenceRow,
    /// The names of the coordinating and member agencies (to name whose
    /// research is whose).
    pub agency_names: BTreeMap<AgencyId, String>,
    /// `Some` for the conference's coordinators only.
    pub coordination: Option<ReferralCoordination>,
    /// `Some` for the coordinators and the case's advocate: the two who may
    /// record it (`record_first_contact`).
    pub first_contact: Option<FirstContact>,
}

/// The advocate's first contact with her: the target and whether it was met.
pub struct FirstContact {
    pub referred_on: NaiveDate,
    pub due: NaiveDate,
    pub made_on: Option<NaiveDate>,
    pub overdue: bool,
}

/// What the conference's coordinators see and change on a referral.
pub struct ReferralCoordination {
    pub item: ReferralItem,
    pub rules: ConferenceRules,
    pub meeting: Option<ConferenceMeetingRow>,
    pub advocate: Option<AdvocateChoice>,
    /// Whom `assign_conference_advocate` accepts: active people who work
    /// with cases in the coordinating or a member agency.
    pub advocates: Vec<AdvocateChoice>,
    /// Where the case may be transferred when she moves.
    pub other_conferences: Vec<ConferenceRow>,
}

/// A person who may be named independent advocate.
#[derive(Clone)]
pub struct AdvocateChoice {
    pub id: UserId,
    pub name: String,
    pub agency: String,
}

impl App {
    /// The referral's page for this reader: refused (403) to anyone outside
    /// the conference's agencies, like the research it carries.
    pub async fn conference_referral_casework(
        &self,
        actor: &Actor,
        id: ConferenceReferralId,
    ) -> AppResult<ReferralCasework> {
        let (conference, referral) = self.referral_for_research(actor, id, false).await?;
        let agency_names = self.conference_agency_names(&conference).await?;
        let coordinator = super::conferences::coordinates(actor, &conference);
        let advocate =
            referral.advocate_id == Some(actor.user_id) && actor.holds(Permission::WorkCases);
        let today = self.today();
        let first_contact = (coordinator || advocate).then(|| FirstContact {
            referred_on: referral.referred_on,
            due: referral.first_contact_due,
            made_on: referral.first_contact_on,
            overdue: first_contact_overdue(
                referral.first_contact_due,
                referral.first_contact_on,
                today,
            ),
        });
        let coordination = if coordinator {
            Some(
                self.referral_coordination(&conference, referral, &agency_names)
                    .await?,
            )
        } else {
            None
        };
        Ok(ReferralCasework {
            conference,
            agency_names,
            coordination,
            first_contact,
        })
    }

    async fn conference_agency_names(
        &self,
        conference: &ConferenceRow,
    ) -> AppResult<BTreeMap<AgencyId, String>> {
        let mut names = BTreeMap::new();
        for id in std::iter::once(&conference.coordinating_agency).chain(&conference.members) {
            if let Some(agency) = self.store.get_agency(*id).await? {
                names.insert(agency.id, agency.name);
            }
        }
        Ok(names)
    }

    async fn referral_coordination(
        &self,
        conference: &ConferenceRow,
        referral: ConferenceReferralRow,
        agency_names: &BTreeMap<AgencyId, String>,
    ) -> AppResult<ReferralCoordination> {
        let survivor = self
            .store
            .get_survivor(referral.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let meeting = match referral.meeting_id {
            Some(m) => self.store.get_conference_meeting(m).await?,
            None => None,
        };
        let advocates = self.advocate_choices(agency_names).await?;
        let advocate = match referral.advocate_id {
            Some(id) => Some(self.advocate_named(id, &advocates).await?),
            None => None,
        };
        let other_conferences = self
            .store
            .list_conferences()
            .await?
            .into_iter()
            .filter(|c| c.id != conference.id)
            .collect();
        let today = self.today();
        Ok(ReferralCoordination {
            item: ReferralItem {
                first_contact_overdue: first_contact_overdue(
                    referral.first_contact_due,
                    referral.first_contact_on,
                    today,
                ),
                referral,
                survivor_reference: survivor.reference,
            },
            rules: rules_of(conference),
            meeting,
            advocate,
            advocates,
            other_conferences,
        })
    }

    /// Active people who work with cases in the conference's agencies.
    async fn advocate_choices(
        &self,
        agency_names: &BTreeMap<AgencyId, String>,
    ) -> AppResult<Vec<AdvocateChoice>> {
        let mut choices = Vec::new();
        for (agency, agency_name) in agency_names {
            let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
            loop {
                let batch = self.store.list_users(Some(*agency), &page).await?;
                choices.extend(
                    batch
                        .items
                        .into_iter()
                        .filter(|u| {
                            u.active
                                && u.roles
                                    .iter()
                                    .any(|r| r.permissions().contains(&Permission::WorkCases))
                        })
                        .map(|u| AdvocateChoice {
                            id: u.id,
                            name: u.display_name,
                            agency: agency_name.clone(),
                        }),
                );
                match batch.next {
                    Some(next) => page.after = Some(next),
                    None => break,
                }
            }
        }
        Ok(choices)
    }

    /// The named advocate, also when they can no longer be chosen (left
    /// the agency, deactivated).
    async fn advocate_named(
        &self,
        id: UserId,
        choices: &[AdvocateChoice],
    ) -> AppResult<AdvocateChoice> {
        if let Some(choice) = choices.iter().find(|c| c.id == id) {
            return Ok(choice.clone());
        }
        let user = self.store.get_user(id).await?.ok_or(AppError::NotFound)?;
        let agency = self
            .store
            .get_agency(user.agency_id)
            .await?
            .map(|a| a.name)
            .unwrap_or_default();
        Ok(AdvocateChoice {
            id,
            name: user.display_name,
            agency,
        })
    }
}
