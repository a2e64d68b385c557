//! Protection orders and their breaches (issue 16 §2). Police and courts
//! record them (by sector, as for the justice chain) after the case access
//! decision allows contributing to the `justice` category; everyone else
//! reads them through the decision for reading `justice`. Each order and
//! breach is stored with its audit event in one transaction; an order's
//! conditions are encrypted with the recording agency's key. Orders about
//! to expire are reminded to the agencies concerned and her advocate; a
//! breach flags the case's risk page and counts toward a conference's
//! potential escalation (see `risk::conferences`).

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use chrono::NaiveDate;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case_access::{CaseOperation, Refusal};
use concord_domain::consent::{DataCategory, Purpose};
use concord_domain::ids::{AgencyId, CaseId, OrderBreachId, ProtectionOrderId};
use concord_domain::protection::{
    BreachForm, OrderDates, OrderForm, OrderKindList, expiry_reminder_due, may_record_orders,
    reminder_window,
};
use concord_store::{OrderBreachRow, ProtectionOrderRow};
use std::collections::BTreeMap;

/// A breach as a reader allowed to see justice data sees it.
#[derive(Debug, Clone)]
pub struct BreachView {
    pub row: OrderBreachRow,
    pub recording_agency_name: String,
}

/// An order with its breaches.
#[derive(Debug, Clone)]
pub struct OrderView {
    pub row: ProtectionOrderRow,
    /// The kind's name from the deployment's list.
    pub kind_name: String,
    /// Decrypted.
    pub conditions: Option<String>,
    pub recording_agency_name: String,
    /// Oldest first.
    pub breaches: Vec<BreachView>,
    /// Today is on or before its last day.
    pub in_force: bool,
    /// Its last day is within the reminder window.
    pub expiring_soon: bool,
}

/// An order about to expire, as a reminder line (no personal data: her
/// reference, the kind and the last day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderReminder {
    pub order_id: ProtectionOrderId,
    pub case_id: CaseId,
    pub survivor_reference: String,
    pub kind_name: String,
    pub expires_on: NaiveDate,
    /// 0 on its last day.
    pub days_left: i64,
}

/// What the case's risk page says about breaches of her orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreachFlag {
    pub breaches: usize,
    pub latest_on: NaiveDate,
}

fn conditions_field(id: &str) -> Field<'_> {
    Field::new("protection_orders", "conditions", id)
}

fn dates_of(row: &ProtectionOrderRow) -> OrderDates {
    OrderDates {
        kind: row.kind.clone(),
        issued_on: row.issued_on,
        served_on: row.served_on,
        expires_on: row.expires_on,
    }
}

impl App {
    /// The deployment's kinds of order.
    pub fn protection_order_kinds(&self) -> &OrderKindList {
        &self.config.protection_order_kinds
    }

    /// Records an order on the case: the decision (contribute to
    /// `justice`), then the sector (police, courts), then the form.
    pub async fn record_protection_order(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &OrderForm,
        purpose: Option<Purpose>,
    ) -> AppResult<OrderView> {
        self.authorise_order_recording(actor, case_id, purpose, "protection_order")
            .await?;
        let order = form.validate(&self.config.protection_order_kinds, self.today())?;
        let id = ProtectionOrderId::new();
        let row_id = id.to_string();
        let row = ProtectionOrderRow {
            id,
            case_id,
            kind: order.dates.kind.clone(),
            issued_by: order.issued_by.clone(),
            issued_on: order.dates.issued_on,
            served_on: order.dates.served_on,
            expires_on: order.dates.expires_on,
            conditions: self
                .seal_optional(
                    actor.agency_id,
                    conditions_field(&row_id),
                    order.conditions.as_deref(),
                )
                .await?,
            recording_agency: actor.agency_id,
            recorded_by: actor.user_id,
            recorded_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::ProtectionOrderRecorded,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "protection_order_id": id,
                "kind": row.kind,
                "purpose": purpose.map(|p| p.as_str()),
            }),
        );
        self.store.create_protection_order(&row, &event).await?;
        let name = self.agency_name(actor.agency_id).await?;
        Ok(self.order_view(row, order.conditions, name, Vec::new()))
    }

    /// Records a breach of one of the case's orders: the same decision and
    /// sector rule as an order; the day must fall within the order's life
    /// (400 naming `breached_on` otherwise).
    pub async fn record_order_breach(
        &self,
        actor: &Actor,
        case_id: CaseId,
        order_id: ProtectionOrderId,
        form: &BreachForm,
        purpose: Option<Purpose>,
    ) -> AppResult<BreachView> {
        self.authorise_order_recording(actor, case_id, purpose, "order_breach")
            .await?;
        let order = self
            .store
            .get_protection_order(order_id)
            .await?
            .filter(|o| o.case_id == case_id)
            .ok_or(AppError::NotFound)?;
        let breach = form.validate(&dates_of(&order), self.today())?;
        let id = OrderBreachId::new();
        let row = OrderBreachRow {
            id,
            order_id,
            case_id,
            breached_on: breach.breached_on,
            action_taken: breach.action_taken,
            recording_agency: actor.agency_id,
            recorded_by: actor.user_id,
            recorded_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::OrderBreachRecorded,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "order_breach_id": id,
                "protection_order_id": order_id,
                "action_taken": row.action_taken.as_str(),
                "purpose": purpose.map(|p| p.as_str()),
            }),
        );
        self.store.create_order_breach(&row, &event).await?;
        let name = self.agency_name(actor.agency_id).await?;
        Ok(BreachView {
            row,
            recording_agency_name: name,
        })
    }

    /// The decision for contributing to `justice`, then the sector rule;
    /// both refusals audited.
    async fn authorise_order_recording(
        &self,
        actor: &Actor,
        case_id: CaseId,
        purpose: Option<Purpose>,
        what: &'static str,
    ) -> AppResult<()> {
        let grants = self.case_grants(actor, case_id).await?;
        self.authorise_case(
            actor,
            &grants,
            CaseOperation::Contribute(DataCategory::Justice),
            purpose,
        )
        .await?;
        if may_record_orders(self.sector_of(actor.agency_id).await?) {
            return Ok(());
        }
        let refusal = Refusal::SectorDoesNotRecord;
        let event = self.event(
            Some(actor),
            AuditAction::AccessDenied,
            Some(("case", case_id.to_string())),
            AuditOutcome::Denied,
            serde_json::json!({
                "reason": refusal.code(),
                "operation": "contribute:justice",
                "kind": what,
            }),
        );
        self.store.append_audit(&event).await?;
        Err(AppError::CaseRefused(refusal))
    }

    /// Whether the actor's agency records orders (by its sector); the case
    /// decision is the caller's.
    pub(crate) async fn records_orders(&self, agency: AgencyId) -> AppResult<bool> {
        Ok(may_record_orders(self.sector_of(agency).await?))
    }

    /// The case's orders with their breaches, decrypted. The caller has
    /// authorised reading `justice` and audited it.
    pub(crate) async fn protection_views(&self, case_id: CaseId) -> AppResult<Vec<OrderView>> {
        let mut names: BTreeMap<AgencyId, String> = BTreeMap::new();
        let mut breaches: BTreeMap<ProtectionOrderId, Vec<BreachView>> = BTreeMap::new();
        for row in self.store.list_order_breaches(case_id).await? {
            let name = self.cached_name(&mut names, row.recording_agency).await?;
            breaches.entry(row.order_id).or_default().push(BreachView {
                row,
                recording_agency_name: name,
            });
        }
        let mut views = Vec::new();
        for row in self.store.list_protection_orders(case_id).await? {
            let name = self.cached_name(&mut names, row.recording_agency).await?;
            let row_id = row.id.to_string();
            let conditions = self
                .open_optional(conditions_field(&row_id), row.conditions.as_deref())
                .await?;
            let of_order = breaches.remove(&row.id).unwrap_or_default();
            views.push(self.order_view(row, conditions, name, of_order));
        }
        Ok(views)
    }

    async fn cached_name(
        &self,
        names: &mut BTreeMap<AgencyId, String>,
        agency: AgencyId,
    ) -> AppResult<String> {
        if let Some(name) = names.get(&agency) {
            return Ok(name.clone());
        }
        let name = self.agency_name(agency).await?;
        names.insert(agency, name.clone());
        Ok(name)
    }

    fn order_view(
        &self,
        row: ProtectionOrderRow,
        conditions: Option<String>,
        recording_agency_name: String,
        breaches: Vec<BreachView>,
    ) -> OrderView {
        let today = self.today();
        OrderView {
            kind_name: self
                .config
                .protection_order_kinds
                .name_of(&row.kind)
                .to_string(),
            in_force: today <= row.expires_on,
            expiring_soon: expiry_reminder_due(row.expires_on, today),
            conditions,
            recording_agency_name,
            breaches,
            row,
        }
    }

    /// Orders whose last day is within the reminder window, for the
    /// actor's home page: those her agency recorded, those on cases her
    /// agency owns, and those on cases she is the advocate of — each only
    /// when the case access decision lets her read `justice` (her agency's
    /// own records always).
    pub async fn orders_to_remind(&self, actor: &Actor) -> AppResult<Vec<OrderReminder>> {
        let today = self.today();
        let (from, to) = reminder_window(today);
        let mut reminders = Vec::new();
        for item in self
            .store
            .orders_expiring(actor.agency_id, actor.user_id, from, to)
            .await?
        {
            let order = item.order;
            if order.recording_agency != actor.agency_id {
                let grants = self.case_grants(actor, order.case_id).await?;
                let read = CaseOperation::Read(DataCategory::Justice);
                if grants.decide(actor, read, None, self.clock.now()).is_err() {
                    continue;
                }
            }
            reminders.push(OrderReminder {
                order_id: order.id,
                case_id: order.case_id,
                survivor_reference: item.survivor_reference,
                kind_name: self
                    .config
                    .protection_order_kinds
                    .name_of(&order.kind)
                    .to_string(),
                expires_on: order.expires_on,
                days_left: (order.expires_on - today).num_days(),
            });
        }
        Ok(reminders)
    }

    /// The breach flag of the case's risk page: shown only when the case
    /// access decision lets the reader see `justice` (the reading is then
    /// audited as one of `justice`); `None` when there is no breach or she
    /// may not see it.
    pub async fn breach_flag(
        &self,
        actor: &Actor,
        case_id: CaseId,
    ) -> AppResult<Option<BreachFlag>> {
        let grants = self.case_grants(actor, case_id).await?;
        let read = CaseOperation::Read(DataCategory::Justice);
        let Ok(basis) = grants.decide(actor, read, None, self.clock.now()) else {
            return Ok(None);
        };
        let breaches = self.store.list_order_breaches(case_id).await?;
        let Some(latest) = breaches.iter().map(|b| b.breached_on).max() else {
            return Ok(None);
        };
        let event = self.event(
            Some(actor),
            AuditAction::CaseViewed,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "basis": basis.as_str(),
                "categories": ["justice"],
                "purpose": null,
                "part": "breach_flag",
            }),
        );
        self.store.append_audit(&event).await?;
        Ok(Some(BreachFlag {
            breaches: breaches.len(),
            latest_on: latest,
        }))
    }
}
