//! Reading referrals: one referral with its history, the queues of an
//! agency (received and sent), a case's referrals, what needs acting on,
//! and the agency's notifications.
//!
//! The referral's own fields (service, urgency, state, reasons as codes)
//! are visible to both agencies. Its free text (why she is referred, the
//! notes of each step) is about her: the sending agency always reads it,
//! the receiving agency only while her consent lets it read the case for a
//! referral for services — withdrawing it hides the text at once.

use super::{note_field, reason_field};
use crate::app::App;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case_access::CaseOperation;
use concord_domain::consent::{DataCategory, Purpose};
use concord_domain::ids::{AgencyId, CaseId, ReferralId, UserId};
use concord_domain::referral::{ReferralEvent, ReferralSide, ReferralState, is_overdue};
use concord_domain::role::Permission;
use concord_store::{
    NotificationRow, Page, PageRequest, ReferralFilter, ReferralListItem, ReferralRow,
    ReferralStepRow, ServiceRow,
};
use uuid::Uuid;

/// One step of the history, as the reader may see it.
#[derive(Debug, Clone)]
pub struct StepView {
    pub step: ReferralStepRow,
    pub actor_name: String,
    pub agency_name: String,
    /// `None` when there is no note or the reader may not read it.
    pub note: Option<String>,
    /// A receiver's step recorded by the sender for an outside provider.
    pub recorded_by_sender: bool,
}

/// A referral as one reader sees it.
#[derive(Debug, Clone)]
pub struct ReferralView {
    pub referral: ReferralRow,
    pub side: ReferralSide,
    pub survivor_reference: String,
    pub service: ServiceRow,
    pub sending_agency_name: String,
    pub receiving_agency_name: String,
    /// The free text may be read (always for the sender; for the receiver
    /// while her consent lets it read the case).
    pub may_read_details: bool,
    pub reason: Option<String>,
    pub steps: Vec<StepView>,
    pub overdue: bool,
    /// The steps the reader's side may take now.
    pub next_events: Vec<ReferralEvent>,
}

impl ReferralView {
    /// To an outside provider: the sender records its steps.
    pub fn to_outside_provider(&self) -> bool {
        self.side == ReferralSide::SenderForProvider
    }
}

/// A referral in a list, with whether it is overdue.
#[derive(Debug, Clone)]
pub struct ReferralListEntry {
    pub item: ReferralListItem,
    pub overdue: bool,
    pub other_agency_name: String,
}

/// What the home page lists.
#[derive(Debug, Clone, Default)]
pub struct ReferralsToActOn {
    pub received: Vec<ReferralListEntry>,
    pub sent: Vec<ReferralListEntry>,
    pub notifications: Vec<NotificationView>,
}

#[derive(Debug, Clone)]
pub struct NotificationView {
    pub notification: NotificationRow,
    pub reference: String,
}

impl App {
    /// Reading referrals needs a role that works cases; as for case reads
    /// (see `case_access`), a read-only API token may read.
    async fn require_referral_reader(&self, actor: &Actor) -> AppResult<()> {
        if concord_domain::role::permissions_of(&actor.roles).contains(&Permission::WorkCases) {
            Ok(())
        } else {
            self.refuse(actor, concord_domain::access::Denied::NotPermitted, None)
                .await
        }
    }

    pub async fn read_referral(&self, actor: &Actor, id: ReferralId) -> AppResult<ReferralView> {
        self.require_referral_reader(actor).await?;
        let referral = self
            .store
            .get_referral(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let side = match self.acting_side(actor, &referral).await {
            Ok(side) => side,
            Err(e) => {
                self.record_refusal(
                    actor,
                    concord_domain::access::Denied::OtherAgency,
                    Some(("referral", id.to_string())),
                )
                .await?;
                return Err(e);
            }
        };
        let now = self.clock.now();
        let may_read_details = match side {
            ReferralSide::Sender | ReferralSide::SenderForProvider => true,
            _ => self.receiver_may_read(actor, &referral, now).await?,
        };
        let case = self
            .store
            .get_case(referral.case_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let survivor_reference = self
            .store
            .get_survivor(case.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?
            .reference;
        let service = self
            .store
            .get_service(referral.service_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let agencies = self.agency_names().await?;
        let name_of = |id: AgencyId| agencies.get(&id).cloned().unwrap_or_default();
        let reason = match may_read_details {
            true => Some(
                self.open_field(reason_field(&referral.id.to_string()), &referral.reason)
                    .await?
                    .to_string(),
            ),
            false => None,
        };
        let mut steps = Vec::new();
        let mut people: std::collections::HashMap<UserId, String> = Default::default();
        for step in self.store.referral_steps(id).await? {
            let actor_name = match step.actor_user_id {
                Some(user) => match people.get(&user) {
                    Some(name) => name.clone(),
                    None => {
                        let name = self
                            .store
                            .get_user(user)
                            .await?
                            .map(|u| u.display_name)
                            .unwrap_or_default();
                        people.insert(user, name.clone());
                        name
                    }
                },
                None => "Concord".to_string(),
            };
            let note = match (&step.note, may_read_details) {
                (Some(sealed), true) => Some(
                    self.open_field(note_field(&step.id.to_string()), sealed)
                        .await?
                        .to_string(),
                ),
                _ => None,
            };
            let recorded_by_sender = step.actor_agency_id == Some(referral.sending_agency)
                && step.event.map(|e| e.side()) == Some(ReferralSide::Receiver);
            steps.push(StepView {
                recorded_by_sender,
                agency_name: step.actor_agency_id.map(name_of).unwrap_or_default(),
                actor_name,
                note,
                step,
            });
        }
        let event = self.event(
            Some(actor),
            AuditAction::ReferralViewed,
            Some(("referral", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "side": side.as_str(), "details": may_read_details }),
        );
        self.store.append_audit(&event).await?;
        let next_events = ReferralEvent::ALL
            .into_iter()
            .filter(|e| concord_domain::referral::steps(referral.state, *e, side).is_ok())
            .collect();
        Ok(ReferralView {
            overdue: is_overdue(referral.state, referral.due_at, now),
            sending_agency_name: name_of(referral.sending_agency),
            receiving_agency_name: name_of(referral.receiving_agency),
            side,
            survivor_reference,
            service,
            may_read_details,
            reason,
            steps,
            next_events,
            referral,
        })
    }

    /// Whether the receiving agency may read the case for this referral
    /// now: the one access decision, for any category the referral shares.
    async fn receiver_may_read(
        &self,
        actor: &Actor,
        referral: &ReferralRow,
        now: DateTime<Utc>,
    ) -> AppResult<bool> {
        let grants = self.case_grants(actor, referral.case_id).await?;
        Ok(referral.categories.iter().any(|c| {
            grants
                .decide(
                    actor,
                    CaseOperation::Read(*c),
                    Some(Purpose::ReferralForServices),
                    now,
                )
                .is_ok()
        }))
    }

    pub(crate) async fn agency_names(
        &self,
    ) -> AppResult<std::collections::HashMap<AgencyId, String>> {
        let mut names = std::collections::HashMap::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_agencies(&page).await?;
            for a in batch.items {
                names.insert(a.id, a.name);
            }
            match batch.next {
                Some(next) => page.after = Some(next),
                None => return Ok(names),
            }
        }
    }

    /// The agency's received (`Receiver`) or sent (`Sender`) referrals,
    /// newest change first, optionally in some states only or overdue only.
    pub async fn referral_queue(
        &self,
        actor: &Actor,
        side: ReferralSide,
        states: Vec<ReferralState>,
        overdue_only: bool,
        page: &PageRequest,
    ) -> AppResult<Page<ReferralListEntry>> {
        self.require_referral_reader(actor).await?;
        let now = self.clock.now();
        let filter = ReferralFilter {
            agency: actor.agency_id,
            side,
            states,
            case_id: None,
            overdue_at: overdue_only.then_some(now),
        };
        let found = self.store.list_referrals(&filter, page).await?;
        let names = self.agency_names().await?;
        Ok(Page {
            items: found
                .items
                .into_iter()
                .map(|item| self.entry(item, side, &names, now))
                .collect(),
            next: found.next,
        })
    }

    fn entry(
        &self,
        item: ReferralListItem,
        side: ReferralSide,
        names: &std::collections::HashMap<AgencyId, String>,
        now: DateTime<Utc>,
    ) -> ReferralListEntry {
        let other = match side {
            ReferralSide::Receiver => item.referral.sending_agency,
            _ => item.referral.receiving_agency,
        };
        ReferralListEntry {
            overdue: is_overdue(item.referral.state, item.referral.due_at, now),
            other_agency_name: names.get(&other).cloned().unwrap_or_default(),
            item,
        }
    }

    /// The referrals made from one case (the owning agency only).
    pub async fn case_referrals(
        &self,
        actor: &Actor,
        case_id: CaseId,
    ) -> AppResult<Vec<ReferralListEntry>> {
        self.require_referral_reader(actor).await?;
        // The list answers like the case itself: an unknown case is not
        // found and a reader the case access decision refuses is refused
        // (audited) — never an empty list that reads as an answer. Only
        // the owning agency refers from a case, so another agency allowed
        // to read it finds none of its own there.
        let grants = self.case_grants(actor, case_id).await?;
        self.authorise_case(
            actor,
            &grants,
            CaseOperation::Read(DataCategory::CaseNotes),
            None,
        )
        .await?;
        let now = self.clock.now();
        let filter = ReferralFilter {
            agency: actor.agency_id,
            side: ReferralSide::Sender,
            states: Vec::new(),
            case_id: Some(case_id),
            overdue_at: None,
        };
        let names = self.agency_names().await?;
        let found = self
            .store
            .list_referrals(&filter, &PageRequest::first(100))
            .await?;
        Ok(found
            .items
            .into_iter()
            .map(|item| self.entry(item, ReferralSide::Sender, &names, now))
            .collect())
    }

    /// "Referrals to act on" for the home page: the receiving queue's open
    /// referrals, the agency's drafts and declined referrals, its referrals
    /// to outside providers whose steps it still has to record, and its
    /// unread notifications.
    pub async fn referrals_to_act_on(&self, actor: &Actor) -> AppResult<ReferralsToActOn> {
        self.require_referral_reader(actor).await?;
        let open_received: Vec<ReferralState> = ReferralState::ALL
            .into_iter()
            .filter(|s| s.to_act_on(ReferralSide::Receiver))
            .collect();
        let open_sent: Vec<ReferralState> = ReferralState::ALL
            .into_iter()
            .filter(|s| s.to_act_on(ReferralSide::Sender))
            .collect();
        let page = PageRequest::first(20);
        let received = self
            .referral_queue(actor, ReferralSide::Receiver, open_received, false, &page)
            .await?
            .items;
        let mut sent = self
            .referral_queue(actor, ReferralSide::Sender, open_sent, false, &page)
            .await?
            .items;
        // The sender also follows its own overdue referrals, and records
        // the steps of outside providers, which have no queue of their own.
        sent.extend(
            self.referral_queue(actor, ReferralSide::Sender, Vec::new(), true, &page)
                .await?
                .items,
        );
        sent.extend(
            self.referral_queue(
                actor,
                ReferralSide::SenderForProvider,
                provider_steps_to_record(),
                false,
                &page,
            )
            .await?
            .items,
        );
        let mut seen = std::collections::HashSet::new();
        sent.retain(|e| seen.insert(e.item.referral.id));
        let mut notifications = Vec::new();
        for n in self.store.unread_notifications(actor.agency_id, 20).await? {
            if let Some(r) = self.store.get_referral(n.referral_id).await? {
                notifications.push(NotificationView {
                    notification: n,
                    reference: r.reference,
                });
            }
        }
        Ok(ReferralsToActOn {
            received,
            sent,
            notifications,
        })
    }

    /// Marks one of the agency's notifications read.
    pub async fn dismiss_notification(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        self.require(actor, Permission::WorkCases).await?;
        if self
            .store
            .mark_notification_read(actor.agency_id, id, self.clock.now())
            .await?
        {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}

/// The states in which the sender of a referral to an outside provider
/// waits to record the provider's next step (acknowledged, accepted or
/// declined, first contact, delivered, closed); its own steps (drafts,
/// declined referrals) are in its sent list already.
fn provider_steps_to_record() -> Vec<ReferralState> {
    ReferralState::ALL
        .into_iter()
        .filter(|s| {
            s.to_act_on(ReferralSide::SenderForProvider) && !s.to_act_on(ReferralSide::Sender)
        })
        .collect()
}
