//! Her death and the gender-related killing record (migration 0023).

use crate::audit::insert_event;
use crate::cases::update_case_in;
use crate::sql::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::case::CaseStatus;
use concord_domain::ids::{CaseId, UserId};
use concord_store::*;

macro_rules! death_select {
    () => {
        "SELECT case_id, died_at, killing, closed_from, recorded_by, recorded_at FROM case_deaths"
    };
}

macro_rules! killing_select {
    () => {
        "SELECT case_id, relationship, characteristics, perpetrator_sex, perpetrator_age_group,
                updated_by, updated_at
         FROM killing_records"
    };
}

fn death_from(row: &Row) -> StoreResult<CaseDeathRow> {
    Ok(CaseDeathRow {
        case_id: CaseId(get(row, "case_id")?),
        died_at: get(row, "died_at")?,
        killing: get(row, "killing")?,
        closed_from: get_parsed(row, "closed_from")?,
        recorded_by: UserId(get(row, "recorded_by")?),
        recorded_at: get(row, "recorded_at")?,
    })
}

fn killing_from(row: &Row) -> StoreResult<KillingRecordRow> {
    Ok(KillingRecordRow {
        case_id: CaseId(get(row, "case_id")?),
        relationship: get_parsed(row, "relationship")?,
        characteristics: get_labels(row, "characteristics")?,
        perpetrator_sex: get_parsed(row, "perpetrator_sex")?,
        perpetrator_age_group: get_parsed(row, "perpetrator_age_group")?,
        updated_by: UserId(get(row, "updated_by")?),
        updated_at: get(row, "updated_at")?,
    })
}

async fn insert_death(conn: &mut dyn Connection, d: &CaseDeathRow) -> StoreResult<()> {
    query(
        "INSERT INTO case_deaths (case_id, died_at, killing, closed_from, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(d.case_id.0)
    .bind(d.died_at)
    .bind(d.killing)
    .bind(d.closed_from.as_str())
    .bind(d.recorded_by.0)
    .bind(d.recorded_at)
    .execute(conn)
    .await
    .map_err(|e| match e {
        // Her death is recorded once.
        DbError::Unique { .. } => StoreError::Conflict,
        other => db(other),
    })?;
    Ok(())
}

async fn insert_killing(conn: &mut dyn Connection, k: &KillingRecordRow) -> StoreResult<()> {
    query(
        "INSERT INTO killing_records (case_id, relationship, characteristics, perpetrator_sex,
             perpetrator_age_group, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(k.case_id.0)
    .bind(k.relationship.as_str())
    .bind(labels(&k.characteristics))
    .bind(k.perpetrator_sex.as_str())
    .bind(k.perpetrator_age_group.as_str())
    .bind(k.updated_by.0)
    .bind(k.updated_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Every death and killing record, for `concord copy-db`.
pub(crate) async fn export(conn: &mut dyn Connection) -> StoreResult<DeathDump> {
    let deaths = query(concat!(death_select!(), " ORDER BY case_id"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(death_from)
        .collect::<StoreResult<_>>()?;
    let killing_records = query(concat!(killing_select!(), " ORDER BY case_id"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(killing_from)
        .collect::<StoreResult<_>>()?;
    Ok(DeathDump {
        deaths,
        killing_records,
    })
}

pub(crate) async fn import(conn: &mut dyn Connection, dump: &DeathDump) -> StoreResult<()> {
    for death in &dump.deaths {
        insert_death(conn, death).await?;
    }
    for record in &dump.killing_records {
        insert_killing(conn, record).await?;
    }
    Ok(())
}

#[async_trait]
impl<E: Database> DeathStore for crate::SqlStore<E> {
    async fn record_death(
        &self,
        case: &CaseRow,
        expected_status: CaseStatus,
        death: &CaseDeathRow,
        killing: Option<&KillingRecordRow>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[("users", Some(death.recorded_by.0), "recorded_by")],
        )
        .await?;
        update_case_in(&mut tx, case, expected_status).await?;
        insert_death(&mut tx, death).await?;
        if let Some(killing) = killing {
            insert_killing(&mut tx, killing).await?;
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_case_death(&self, case: CaseId) -> StoreResult<Option<CaseDeathRow>> {
        query(concat!(death_select!(), " WHERE case_id = $1"))
            .bind(case.0)
            .fetch_optional(self.db())
            .await
            .map_err(db)?
            .as_ref()
            .map(death_from)
            .transpose()
    }

    async fn get_killing_record(&self, case: CaseId) -> StoreResult<Option<KillingRecordRow>> {
        query(concat!(killing_select!(), " WHERE case_id = $1"))
            .bind(case.0)
            .fetch_optional(self.db())
            .await
            .map_err(db)?
            .as_ref()
            .map(killing_from)
            .transpose()
    }

    async fn update_killing_record(
        &self,
        row: &KillingRecordRow,
        seen_updated_at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(&mut tx, &[("users", Some(row.updated_by.0), "updated_by")]).await?;
        let updated = query(
            "UPDATE killing_records SET relationship = $1, characteristics = $2,
                 perpetrator_sex = $3, perpetrator_age_group = $4, updated_by = $5,
                 updated_at = $6
             WHERE case_id = $7 AND updated_at = $8",
        )
        .bind(row.relationship.as_str())
        .bind(labels(&row.characteristics))
        .bind(row.perpetrator_sex.as_str())
        .bind(row.perpetrator_age_group.as_str())
        .bind(row.updated_by.0)
        .bind(row.updated_at)
        .bind(row.case_id.0)
        .bind(seen_updated_at)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if updated.rows_affected() == 0 {
            let exists: bool =
                query_scalar("SELECT EXISTS (SELECT 1 FROM killing_records WHERE case_id = $1)")
                    .bind(row.case_id.0)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db)?;
            return Err(if exists {
                StoreError::Conflict
            } else {
                StoreError::NotFound
            });
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }
}
