//! Statistics releases (migration 0015). Every change first locks the
//! release row and checks its status, so a published or withdrawn release
//! is never written again, whatever two people do at once.

use crate::audit::insert_event;
use crate::sql::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::ids::{AgencyId, AreaId, StatisticsReleaseId, UserId};
use concord_domain::statistics_release::ReleaseStatus;
use concord_store::*;

const RELEASE_COLUMNS: &str = "r.id, r.indicator_set, r.period, r.area_id, r.breakdowns,
    r.small_cell_threshold, r.tables, r.status, r.prepared_by, r.prepared_at, r.published_at,
    r.published_document, r.content_hash, r.withdrawn_at";

fn release_from(row: &Row) -> StoreResult<StatisticsReleaseRow> {
    let breakdowns: String = get(row, "breakdowns")?;
    Ok(StatisticsReleaseRow {
        id: StatisticsReleaseId(get(row, "id")?),
        indicator_set: get(row, "indicator_set")?,
        period: get(row, "period")?,
        area_id: AreaId(get(row, "area_id")?),
        breakdowns: breakdowns
            .split(',')
            .filter(|b| !b.is_empty())
            .map(str::to_string)
            .collect(),
        small_cell_threshold: get(row, "small_cell_threshold")?,
        tables: get(row, "tables")?,
        status: get_parsed(row, "status")?,
        prepared_by: UserId(get(row, "prepared_by")?),
        prepared_at: get(row, "prepared_at")?,
        published_at: get(row, "published_at")?,
        published_document: get(row, "published_document")?,
        content_hash: get(row, "content_hash")?,
        withdrawn_at: get(row, "withdrawn_at")?,
    })
}

fn contributor_from(row: &Row) -> StoreResult<ReleaseContributorRow> {
    let decision: Option<String> = get(row, "decision")?;
    Ok(ReleaseContributorRow {
        agency_id: AgencyId(get(row, "agency_id")?),
        signed: match decision.as_deref() {
            None => None,
            Some("signed") => Some(true),
            Some("refused") => Some(false),
            Some(other) => return Err(corrupt(format!("column decision: {other}"))),
        },
        reason: get(row, "reason")?,
        decided_by: get::<Option<uuid::Uuid>>(row, "decided_by")?.map(UserId),
        decided_at: get(row, "decided_at")?,
        decided_as: get_parsed_opt(row, "decided_as")?,
    })
}

/// The release's status, its row locked until the transaction ends.
async fn locked_status(
    conn: &mut dyn Connection,
    id: StatisticsReleaseId,
) -> StoreResult<ReleaseStatus> {
    let status = query_scalar::<String>("SELECT status FROM statistics_releases WHERE id = $1")
        .for_update()
        .bind(id.0)
        .fetch_optional(conn)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
    status.parse().map_err(corrupt)
}

async fn insert_release(conn: &mut dyn Connection, row: &StatisticsReleaseRow) -> StoreResult<()> {
    query(
        "INSERT INTO statistics_releases (id, indicator_set, period, area_id, breakdowns,
             small_cell_threshold, tables, status, prepared_by, prepared_at, published_at,
             published_document, content_hash, withdrawn_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(row.id.0)
    .bind(row.indicator_set.as_str())
    .bind(row.period.as_str())
    .bind(row.area_id.0)
    .bind(row.breakdowns.join(","))
    .bind(row.small_cell_threshold)
    .bind(row.tables.as_str())
    .bind(row.status.as_str())
    .bind(row.prepared_by.0)
    .bind(row.prepared_at)
    .bind(row.published_at)
    .bind(row.published_document.clone())
    .bind(row.content_hash.clone())
    .bind(row.withdrawn_at)
    .execute(conn)
    .await
    .map_err(referencing("id"))?;
    Ok(())
}

async fn insert_contributor(
    conn: &mut dyn Connection,
    release: StatisticsReleaseId,
    c: &ReleaseContributorRow,
) -> StoreResult<()> {
    query(
        "INSERT INTO statistics_release_contributors
             (release_id, agency_id, decision, reason, decided_by, decided_at, decided_as)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(release.0)
    .bind(c.agency_id.0)
    .bind(c.signed.map(|s| if s { "signed" } else { "refused" }))
    .bind(c.reason.clone())
    .bind(c.decided_by.map(|u| u.0))
    .bind(c.decided_at)
    .bind(c.decided_as.map(|r| r.as_str()))
    .execute(conn)
    .await
    .map_err(referencing("agency_id"))?;
    Ok(())
}

/// Every release and contributor, for `concord copy-db`.
pub(crate) async fn export(conn: &mut dyn Connection) -> StoreResult<StatisticsReleaseDump> {
    let releases = query(format!(
        "SELECT {RELEASE_COLUMNS} FROM statistics_releases r ORDER BY r.id"
    ))
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(release_from)
    .collect::<StoreResult<_>>()?;
    let contributors = query(
        "SELECT release_id, agency_id, decision, reason, decided_by, decided_at, decided_as
         FROM statistics_release_contributors ORDER BY release_id, agency_id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(|row| {
        Ok((
            StatisticsReleaseId(get(row, "release_id")?),
            contributor_from(row)?,
        ))
    })
    .collect::<StoreResult<_>>()?;
    Ok(StatisticsReleaseDump {
        releases,
        contributors,
    })
}

pub(crate) async fn import(
    conn: &mut dyn Connection,
    dump: &StatisticsReleaseDump,
) -> StoreResult<()> {
    for release in &dump.releases {
        insert_release(conn, release).await?;
    }
    for (release, contributor) in &dump.contributors {
        insert_contributor(conn, *release, contributor).await?;
    }
    Ok(())
}

#[async_trait]
impl<E: Database> StatisticsReleaseStore for crate::SqlStore<E> {
    async fn create_statistics_release(
        &self,
        row: &StatisticsReleaseRow,
        contributors: &[AgencyId],
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[
                ("areas", Some(row.area_id.0), "area_id"),
                ("users", Some(row.prepared_by.0), "prepared_by"),
            ],
        )
        .await?;
        for agency in contributors {
            require(&mut tx, &[("agencies", Some(agency.0), "agency_id")]).await?;
        }
        insert_release(&mut *tx, row).await?;
        for agency in contributors {
            let undecided = ReleaseContributorRow {
                agency_id: *agency,
                signed: None,
                reason: None,
                decided_by: None,
                decided_at: None,
                decided_as: None,
            };
            insert_contributor(&mut *tx, row.id, &undecided).await?;
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_statistics_release(
        &self,
        id: StatisticsReleaseId,
    ) -> StoreResult<Option<StatisticsReleaseDetail>> {
        let row = query(format!(
            "SELECT {RELEASE_COLUMNS} FROM statistics_releases r WHERE r.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(self.db())
        .await
        .map_err(db)?;
        let Some(row) = row else { return Ok(None) };
        let contributors = query(
            "SELECT agency_id, decision, reason, decided_by, decided_at, decided_as
             FROM statistics_release_contributors WHERE release_id = $1 ORDER BY agency_id",
        )
        .bind(id.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?
        .iter()
        .map(contributor_from)
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(Some(StatisticsReleaseDetail {
            release: release_from(&row)?,
            contributors,
        }))
    }

    async fn list_statistics_releases(
        &self,
        filter: &ReleaseFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<StatisticsReleaseRow>> {
        let after = match paging::micros_and_id(page)? {
            Some((micros, id)) => Some((
                DateTime::<Utc>::from_timestamp_micros(micros).ok_or(StoreError::InvalidCursor)?,
                id,
            )),
            None => None,
        };
        const CONTRIBUTES: &str = "EXISTS (SELECT 1 FROM statistics_release_contributors c
                                  WHERE c.release_id = r.id AND c.agency_id = ";
        let mut q = QueryBuilder::new(format!(
            "SELECT {RELEASE_COLUMNS} FROM statistics_releases r WHERE 1 = 1"
        ));
        if let Some(status) = filter.status {
            q.push(" AND r.status = ").push_bind(status.as_str());
        }
        if let Some(agency) = filter.contributor {
            q.push(format!(" AND {CONTRIBUTES}"))
                .push_bind(agency.0)
                .push(")");
        }
        if let Some(agency) = filter.published_or_contributor {
            q.push(" AND (r.status = ")
                .push_bind(ReleaseStatus::Published.as_str())
                .push(format!(" OR {CONTRIBUTES}"))
                .push_bind(agency.0)
                .push("))");
        }
        if let Some((at, id)) = after {
            q.push(" AND (r.prepared_at < ")
                .push_bind(at)
                .push(" OR (r.prepared_at = ")
                .push_bind(at)
                .push(" AND r.id < ")
                .push_bind(id)
                .push("))");
        }
        q.push(" ORDER BY r.prepared_at DESC, r.id DESC LIMIT ")
            .push_bind(paging::fetch_limit(page));
        let rows = q
            .build()
            .fetch_all(self.db())
            .await
            .map_err(db)?
            .iter()
            .map(release_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(paging::finish(rows, page, |r| {
            paging::micros_and_id_cursor(r.prepared_at.timestamp_micros(), r.id.0)
        }))
    }

    async fn record_release_decision(
        &self,
        d: &ReleaseDecisionRow,
        audit: &[NewAuditEvent],
    ) -> StoreResult<()> {
        let published = d.new_status == ReleaseStatus::Published;
        if published != d.publication.is_some() || d.new_status == ReleaseStatus::Withdrawn {
            return Err(StoreError::Backend(
                "a decision publishes exactly when it carries the publication".into(),
            ));
        }
        let mut tx = write_tx(self.db()).await?;
        if locked_status(&mut *tx, d.release_id).await? != ReleaseStatus::AwaitingSignOff {
            return Err(StoreError::Conflict);
        }
        require(&mut tx, &[("users", Some(d.decided_by.0), "decided_by")]).await?;
        let decided: Option<Option<String>> = query_scalar(
            "SELECT decision FROM statistics_release_contributors
             WHERE release_id = $1 AND agency_id = $2",
        )
        .bind(d.release_id.0)
        .bind(d.agency_id.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        match decided {
            None => return Err(StoreError::NotFound),
            Some(Some(_)) => return Err(StoreError::Conflict),
            Some(None) => {}
        }
        query(
            "UPDATE statistics_release_contributors
             SET decision = $1, reason = $2, decided_by = $3, decided_at = $4, decided_as = $7
             WHERE release_id = $5 AND agency_id = $6 AND decision IS NULL",
        )
        .bind(if d.signed { "signed" } else { "refused" })
        .bind(d.reason.clone())
        .bind(d.decided_by.0)
        .bind(d.decided_at)
        .bind(d.release_id.0)
        .bind(d.agency_id.0)
        .bind(d.decided_as.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if published {
            // Every contributor must have signed for the release to publish.
            let unsigned: i64 = query_scalar(
                "SELECT COUNT(*) FROM statistics_release_contributors
                 WHERE release_id = $1 AND (decision IS NULL OR decision <> 'signed')",
            )
            .bind(d.release_id.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
            if unsigned != 0 {
                return Err(StoreError::Conflict);
            }
        }
        let (published_at, document, hash) = match &d.publication {
            Some(p) => (
                Some(p.published_at),
                Some(p.document.clone()),
                Some(p.content_hash.clone()),
            ),
            None => (None, None, None),
        };
        query(
            "UPDATE statistics_releases
             SET status = $1, published_at = $2, published_document = $3, content_hash = $4
             WHERE id = $5 AND status = 'awaiting_sign_off'",
        )
        .bind(d.new_status.as_str())
        .bind(published_at)
        .bind(document)
        .bind(hash)
        .bind(d.release_id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        for event in audit {
            insert_event(&mut tx, event).await?;
        }
        tx.commit().await.map_err(db)
    }

    async fn withdraw_statistics_release(
        &self,
        id: StatisticsReleaseId,
        at: chrono::DateTime<chrono::Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        match locked_status(&mut *tx, id).await? {
            ReleaseStatus::AwaitingSignOff | ReleaseStatus::Refused => {}
            ReleaseStatus::Published | ReleaseStatus::Withdrawn => {
                return Err(StoreError::Conflict);
            }
        }
        query(
            "UPDATE statistics_releases SET status = 'withdrawn', withdrawn_at = $1
             WHERE id = $2 AND status IN ('awaiting_sign_off', 'refused')",
        )
        .bind(at)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }
}
