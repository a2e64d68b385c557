//! Protection orders and their breaches (migration 0022).

use crate::audit::insert_event;
use crate::sql::*;
use async_trait::async_trait;
use chrono::NaiveDate;
use concord_domain::ids::{AgencyId, CaseId, OrderBreachId, ProtectionOrderId, UserId};
use concord_store::*;

macro_rules! order_select {
    () => {
        "SELECT o.id, o.case_id, o.kind, o.issued_by, o.issued_on, o.served_on, o.expires_on,
                o.conditions, o.recording_agency_id, o.recorded_by, o.recorded_at
         FROM protection_orders o"
    };
}

macro_rules! breach_select {
    () => {
        "SELECT id, order_id, case_id, breached_on, action_taken, recording_agency_id,
                recorded_by, recorded_at
         FROM protection_order_breaches"
    };
}

fn order_from(row: &Row) -> StoreResult<ProtectionOrderRow> {
    Ok(ProtectionOrderRow {
        id: ProtectionOrderId(get(row, "id")?),
        case_id: CaseId(get(row, "case_id")?),
        kind: get(row, "kind")?,
        issued_by: get(row, "issued_by")?,
        issued_on: get(row, "issued_on")?,
        served_on: get(row, "served_on")?,
        expires_on: get(row, "expires_on")?,
        conditions: get(row, "conditions")?,
        recording_agency: AgencyId(get(row, "recording_agency_id")?),
        recorded_by: UserId(get(row, "recorded_by")?),
        recorded_at: get(row, "recorded_at")?,
    })
}

fn breach_from(row: &Row) -> StoreResult<OrderBreachRow> {
    Ok(OrderBreachRow {
        id: OrderBreachId(get(row, "id")?),
        order_id: ProtectionOrderId(get(row, "order_id")?),
        case_id: CaseId(get(row, "case_id")?),
        breached_on: get(row, "breached_on")?,
        action_taken: get_parsed(row, "action_taken")?,
        recording_agency: AgencyId(get(row, "recording_agency_id")?),
        recorded_by: UserId(get(row, "recorded_by")?),
        recorded_at: get(row, "recorded_at")?,
    })
}

async fn insert_order(conn: &mut dyn Connection, o: &ProtectionOrderRow) -> StoreResult<()> {
    query(
        "INSERT INTO protection_orders (id, case_id, kind, issued_by, issued_on, served_on,
             expires_on, conditions, recording_agency_id, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(o.id.0)
    .bind(o.case_id.0)
    .bind(&o.kind)
    .bind(&o.issued_by)
    .bind(o.issued_on)
    .bind(o.served_on)
    .bind(o.expires_on)
    .bind(&o.conditions)
    .bind(o.recording_agency.0)
    .bind(o.recorded_by.0)
    .bind(o.recorded_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

async fn insert_breach(conn: &mut dyn Connection, b: &OrderBreachRow) -> StoreResult<()> {
    query(
        "INSERT INTO protection_order_breaches (id, order_id, case_id, breached_on, action_taken,
             recording_agency_id, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(b.id.0)
    .bind(b.order_id.0)
    .bind(b.case_id.0)
    .bind(b.breached_on)
    .bind(b.action_taken.as_str())
    .bind(b.recording_agency.0)
    .bind(b.recorded_by.0)
    .bind(b.recorded_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Every order and breach, for `concord copy-db`.
pub(crate) async fn export(conn: &mut dyn Connection) -> StoreResult<ProtectionDump> {
    let orders = query(concat!(order_select!(), " ORDER BY o.id"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(order_from)
        .collect::<StoreResult<_>>()?;
    let breaches = query(concat!(breach_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?
        .iter()
        .map(breach_from)
        .collect::<StoreResult<_>>()?;
    Ok(ProtectionDump { orders, breaches })
}

pub(crate) async fn import(conn: &mut dyn Connection, dump: &ProtectionDump) -> StoreResult<()> {
    for order in &dump.orders {
        insert_order(conn, order).await?;
    }
    for breach in &dump.breaches {
        insert_breach(conn, breach).await?;
    }
    Ok(())
}

#[async_trait]
impl<E: Database> ProtectionStore for crate::SqlStore<E> {
    async fn create_protection_order(
        &self,
        row: &ProtectionOrderRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[
                ("cases", Some(row.case_id.0), "case_id"),
                ("agencies", Some(row.recording_agency.0), "recording_agency"),
                ("users", Some(row.recorded_by.0), "recorded_by"),
            ],
        )
        .await?;
        insert_order(&mut tx, row).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn create_order_breach(
        &self,
        row: &OrderBreachRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        let of_case: bool = query_scalar(
            "SELECT EXISTS (SELECT 1 FROM protection_orders WHERE id = $1 AND case_id = $2)",
        )
        .bind(row.order_id.0)
        .bind(row.case_id.0)
        .fetch_one(&mut *tx)
        .await?;
        if !of_case {
            return Err(StoreError::NotFound);
        }
        require(
            &mut tx,
            &[
                ("agencies", Some(row.recording_agency.0), "recording_agency"),
                ("users", Some(row.recorded_by.0), "recorded_by"),
            ],
        )
        .await?;
        insert_breach(&mut tx, row).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_protection_order(
        &self,
        id: ProtectionOrderId,
    ) -> StoreResult<Option<ProtectionOrderRow>> {
        query(concat!(order_select!(), " WHERE o.id = $1"))
            .bind(id.0)
            .fetch_optional(self.db())
            .await
            .map_err(db)?
            .as_ref()
            .map(order_from)
            .transpose()
    }

    async fn list_protection_orders(&self, case: CaseId) -> StoreResult<Vec<ProtectionOrderRow>> {
        query(concat!(
            order_select!(),
            " WHERE o.case_id = $1 ORDER BY o.issued_on, o.recorded_at, o.id"
        ))
        .bind(case.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?
        .iter()
        .map(order_from)
        .collect()
    }

    async fn list_order_breaches(&self, case: CaseId) -> StoreResult<Vec<OrderBreachRow>> {
        query(concat!(
            breach_select!(),
            " WHERE case_id = $1 ORDER BY breached_on, recorded_at, id"
        ))
        .bind(case.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?
        .iter()
        .map(breach_from)
        .collect()
    }

    async fn orders_expiring(
        &self,
        agency: AgencyId,
        advocate: UserId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ExpiringOrder>> {
        let rows = query(
            "SELECT o.id, o.case_id, o.kind, o.issued_by, o.issued_on, o.served_on, o.expires_on,
                    o.conditions, o.recording_agency_id, o.recorded_by, o.recorded_at,
                    s.reference AS survivor_reference
             FROM protection_orders o
             JOIN cases c ON c.id = o.case_id
             JOIN survivors s ON s.id = c.survivor_id
             WHERE o.expires_on >= $1 AND o.expires_on <= $2
               AND (o.recording_agency_id = $3 OR c.owning_agency = $3
                    OR EXISTS (SELECT 1 FROM risk_referrals r
                               WHERE r.case_id = o.case_id AND r.advocate_id = $4))
             ORDER BY o.expires_on, o.recorded_at, o.id",
        )
        .bind(from)
        .bind(to)
        .bind(agency.0)
        .bind(advocate.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(ExpiringOrder {
                    order: order_from(row)?,
                    survivor_reference: get(row, "survivor_reference")?,
                })
            })
            .collect()
    }
}
