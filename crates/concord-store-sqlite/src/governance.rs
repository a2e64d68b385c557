//! The governance of coordination on SQLite: body details, members,
//! subgroups, meetings, attendance, actions, instruments, versions,
//! documents, signatories, consultations and self-assessments.

use crate::SqliteStore;
use crate::audit::insert_event;
use crate::codec::{
    corrupt, date_text, get, get_date, get_labels, get_parsed, get_parsed_opt, get_time,
    get_time_opt, labels_json, micros, micros_opt,
};
use crate::directory::{BODY_COLUMNS, body_from, exists};
use crate::errors::db;
use crate::write_tx;
use async_trait::async_trait;
use chrono::NaiveDate;
use concord_domain::governance::{ActionStatus, VersionStatus};
use concord_domain::ids::{ActionId, AgencyId, BodyId, InstrumentId, MeetingId, UserId};
use concord_store::*;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};
use uuid::Uuid;

fn get_date_opt(row: &SqliteRow, column: &str) -> StoreResult<Option<NaiveDate>> {
    get::<Option<String>>(row, column)?
        .map(|text| {
            NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map_err(|e| corrupt(format!("column {column}: {e}")))
        })
        .transpose()
}

fn get_bool(row: &SqliteRow, column: &str) -> StoreResult<bool> {
    Ok(get::<i64>(row, column)? != 0)
}

fn get_i32(row: &SqliteRow, column: &str) -> StoreResult<i32> {
    i32::try_from(get::<i64>(row, column)?).map_err(|e| corrupt(format!("column {column}: {e}")))
}

/// Refuses with `MissingReference { field }` when the row is not there
/// (called inside the write transaction, before writing).
async fn require(
    conn: &mut SqliteConnection,
    table: &'static str,
    id: Option<Uuid>,
    field: &'static str,
) -> StoreResult<()> {
    let Some(id) = id else { return Ok(()) };
    let sql = match table {
        "bodies" => "SELECT EXISTS (SELECT 1 FROM bodies WHERE id = ?)",
        "agencies" => "SELECT EXISTS (SELECT 1 FROM agencies WHERE id = ?)",
        "areas" => "SELECT EXISTS (SELECT 1 FROM areas WHERE id = ?)",
        "users" => "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?)",
        "meetings" => "SELECT EXISTS (SELECT 1 FROM meetings WHERE id = ?)",
        "actions" => "SELECT EXISTS (SELECT 1 FROM actions WHERE id = ?)",
        "instruments" => "SELECT EXISTS (SELECT 1 FROM instruments WHERE id = ?)",
        "instrument_versions" => "SELECT EXISTS (SELECT 1 FROM instrument_versions WHERE id = ?)",
        "assessment_rounds" => "SELECT EXISTS (SELECT 1 FROM assessment_rounds WHERE id = ?)",
        other => return Err(StoreError::Backend(format!("no such table {other}"))),
    };
    if exists(conn, sql, id).await? {
        Ok(())
    } else {
        Err(StoreError::MissingReference { field })
    }
}

fn in_list(builder: &mut QueryBuilder<Sqlite>, ids: &[Uuid]) {
    builder.push(" (");
    let mut separated = builder.separated(", ");
    for id in ids {
        separated.push_bind(*id);
    }
    separated.push_unseparated(")");
}

// ---- row readers ----

fn member_from(row: &SqliteRow) -> StoreResult<MemberRow> {
    Ok(MemberRow {
        body_id: BodyId(get(row, "body_id")?),
        agency_id: AgencyId(get(row, "agency_id")?),
        representative: get(row, "representative")?,
        representative_title: get(row, "representative_title")?,
        decision_authority: get_bool(row, "decision_authority")?,
        deputy: get(row, "deputy")?,
        chair: get_bool(row, "chair")?,
        joined_on: get_date(row, "joined_on")?,
        left_on: get_date_opt(row, "left_on")?,
        updated_at: get_time(row, "updated_at")?,
    })
}

fn subgroup_from(row: &SqliteRow) -> StoreResult<SubgroupRow> {
    Ok(SubgroupRow {
        id: get(row, "id")?,
        body_id: BodyId(get(row, "body_id")?),
        name: get(row, "name")?,
        remit: get(row, "remit")?,
        chair_agency_id: AgencyId(get(row, "chair_agency_id")?),
        chair_name: get(row, "chair_name")?,
        created_at: get_time(row, "created_at")?,
    })
}

fn meeting_from(row: &SqliteRow) -> StoreResult<MeetingRow> {
    Ok(MeetingRow {
        id: MeetingId(get(row, "id")?),
        body_id: BodyId(get(row, "body_id")?),
        held_on: get_date(row, "held_on")?,
        location: get(row, "location")?,
        agenda: get_labels(row, "agenda")?,
        decisions: get_labels(row, "decisions")?,
        minutes: get(row, "minutes")?,
        closed_at: get_time_opt(row, "closed_at")?,
        created_at: get_time(row, "created_at")?,
    })
}

fn attendance_from(row: &SqliteRow) -> StoreResult<AttendanceRow> {
    Ok(AttendanceRow {
        meeting_id: MeetingId(get(row, "meeting_id")?),
        agency_id: AgencyId(get(row, "agency_id")?),
        presence: get_parsed(row, "presence")?,
        attendee: get(row, "attendee")?,
    })
}

fn action_from(row: &SqliteRow) -> StoreResult<ActionRow> {
    Ok(ActionRow {
        id: ActionId(get(row, "id")?),
        body_id: BodyId(get(row, "body_id")?),
        meeting_id: get::<Option<Uuid>>(row, "meeting_id")?.map(MeetingId),
        description: get(row, "description")?,
        owner_agency_id: AgencyId(get(row, "owner_agency_id")?),
        due_on: get_date(row, "due_on")?,
        status: get_parsed(row, "status")?,
        note: get(row, "note")?,
        ecological_level: get_parsed_opt(row, "ecological_level")?,
        essential_action: get_parsed_opt(row, "essential_action")?,
        carry_overs: get_i32(row, "carry_overs")?,
        escalated_to: get::<Option<Uuid>>(row, "escalated_to")?.map(BodyId),
        escalated_at: get_time_opt(row, "escalated_at")?,
        created_at: get_time(row, "created_at")?,
        updated_at: get_time(row, "updated_at")?,
    })
}

fn review_from(row: &SqliteRow) -> StoreResult<ActionReviewRow> {
    Ok(ActionReviewRow {
        meeting_id: MeetingId(get(row, "meeting_id")?),
        action_id: ActionId(get(row, "action_id")?),
        status: get_parsed(row, "status")?,
        carry_overs: get_i32(row, "carry_overs")?,
        escalated: get_bool(row, "escalated")?,
    })
}

fn instrument_from(row: &SqliteRow) -> StoreResult<InstrumentRow> {
    Ok(InstrumentRow {
        id: InstrumentId(get(row, "id")?),
        body_id: BodyId(get(row, "body_id")?),
        kind: get_parsed(row, "kind")?,
        title: get(row, "title")?,
        essential_actions: get_labels(row, "essential_actions")?,
        created_at: get_time(row, "created_at")?,
    })
}

fn document_info_from(row: &SqliteRow) -> StoreResult<Option<DocumentInfo>> {
    let Some(file_name) = get::<Option<String>>(row, "file_name")? else {
        return Ok(None);
    };
    Ok(Some(DocumentInfo {
        file_name,
        content_type: get(row, "content_type")?,
        size: get(row, "size")?,
        sha256: get(row, "sha256")?,
        uploaded_at: get_time(row, "uploaded_at")?,
    }))
}

fn version_from(row: &SqliteRow) -> StoreResult<VersionRow> {
    Ok(VersionRow {
        id: get(row, "id")?,
        instrument_id: InstrumentId(get(row, "instrument_id")?),
        number: get_i32(row, "number")?,
        status: get_parsed(row, "status")?,
        effective_on: get_date_opt(row, "effective_on")?,
        review_on: get_date_opt(row, "review_on")?,
        summary: get(row, "summary")?,
        document: document_info_from(row)?,
        created_at: get_time(row, "created_at")?,
        updated_at: get_time(row, "updated_at")?,
    })
}

fn signatory_from(row: &SqliteRow) -> StoreResult<SignatoryRow> {
    Ok(SignatoryRow {
        id: get(row, "id")?,
        version_id: get(row, "version_id")?,
        agency_id: AgencyId(get(row, "agency_id")?),
        signed_by: get(row, "signed_by")?,
        signed_on: get_date(row, "signed_on")?,
    })
}

fn consultation_from(row: &SqliteRow) -> StoreResult<ConsultationRow> {
    Ok(ConsultationRow {
        id: get(row, "id")?,
        version_id: get(row, "version_id")?,
        consultee: get(row, "consultee")?,
        agency_id: get::<Option<Uuid>>(row, "agency_id")?.map(AgencyId),
        survivors_representative: get_bool(row, "survivors_representative")?,
        consulted_on: get_date(row, "consulted_on")?,
        summary: get(row, "summary")?,
    })
}

fn round_from(row: &SqliteRow) -> StoreResult<AssessmentRoundRow> {
    Ok(AssessmentRoundRow {
        id: get(row, "id")?,
        body_id: BodyId(get(row, "body_id")?),
        title: get(row, "title")?,
        opened_on: get_date(row, "opened_on")?,
        created_at: get_time(row, "created_at")?,
    })
}

fn answer_from(row: &SqliteRow) -> StoreResult<AssessmentAnswerRow> {
    Ok(AssessmentAnswerRow {
        round_id: get(row, "round_id")?,
        agency_id: AgencyId(get(row, "agency_id")?),
        stage: get_parsed(row, "stage")?,
        climate: get_i32(row, "climate")?,
        infrastructure: get_i32(row, "infrastructure")?,
        activities: get_i32(row, "activities")?,
        outcomes: get_i32(row, "outcomes")?,
        answered_by: UserId(get(row, "answered_by")?),
        answered_at: get_time(row, "answered_at")?,
    })
}

// ---- inserts (shared with import) ----

pub async fn insert_member(conn: &mut SqliteConnection, m: &MemberRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO body_members (body_id, agency_id, representative, representative_title,
             decision_authority, deputy, chair, joined_on, left_on, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (body_id, agency_id) DO UPDATE SET
             representative = excluded.representative,
             representative_title = excluded.representative_title,
             decision_authority = excluded.decision_authority, deputy = excluded.deputy,
             chair = excluded.chair, joined_on = excluded.joined_on, left_on = excluded.left_on,
             updated_at = excluded.updated_at",
    )
    .bind(m.body_id.0)
    .bind(m.agency_id.0)
    .bind(&m.representative)
    .bind(&m.representative_title)
    .bind(m.decision_authority)
    .bind(&m.deputy)
    .bind(m.chair)
    .bind(date_text(&m.joined_on))
    .bind(m.left_on.as_ref().map(date_text))
    .bind(micros(&m.updated_at))
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_subgroup(conn: &mut SqliteConnection, s: &SubgroupRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO body_subgroups (id, body_id, name, remit, chair_agency_id, chair_name, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, remit = excluded.remit,
             chair_agency_id = excluded.chair_agency_id, chair_name = excluded.chair_name",
    )
    .bind(s.id)
    .bind(s.body_id.0)
    .bind(&s.name)
    .bind(&s.remit)
    .bind(s.chair_agency_id.0)
    .bind(&s.chair_name)
    .bind(micros(&s.created_at))
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_meeting(conn: &mut SqliteConnection, m: &MeetingRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO meetings (id, body_id, held_on, location, agenda, decisions, minutes,
             closed_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(m.id.0)
    .bind(m.body_id.0)
    .bind(date_text(&m.held_on))
    .bind(&m.location)
    .bind(labels_json(&m.agenda))
    .bind(labels_json(&m.decisions))
    .bind(&m.minutes)
    .bind(micros_opt(&m.closed_at))
    .bind(micros(&m.created_at))
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_attendance(conn: &mut SqliteConnection, a: &AttendanceRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO meeting_attendance (meeting_id, agency_id, presence, attendee) VALUES (?, ?, ?, ?)",
    )
    .bind(a.meeting_id.0)
    .bind(a.agency_id.0)
    .bind(a.presence.as_str())
    .bind(&a.attendee)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_action(conn: &mut SqliteConnection, a: &ActionRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO actions (id, body_id, meeting_id, description, owner_agency_id, due_on, status,
             note, ecological_level, essential_action, carry_overs, escalated_to, escalated_at,
             created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(a.id.0)
    .bind(a.body_id.0)
    .bind(a.meeting_id.map(|m| m.0))
    .bind(&a.description)
    .bind(a.owner_agency_id.0)
    .bind(date_text(&a.due_on))
    .bind(a.status.as_str())
    .bind(&a.note)
    .bind(a.ecological_level.map(|l| l.as_str()))
    .bind(a.essential_action.map(|e| e.as_str()))
    .bind(i64::from(a.carry_overs))
    .bind(a.escalated_to.map(|b| b.0))
    .bind(micros_opt(&a.escalated_at))
    .bind(micros(&a.created_at))
    .bind(micros(&a.updated_at))
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_review(conn: &mut SqliteConnection, r: &ActionReviewRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO action_reviews (meeting_id, action_id, status, carry_overs, escalated)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(r.meeting_id.0)
    .bind(r.action_id.0)
    .bind(r.status.as_str())
    .bind(i64::from(r.carry_overs))
    .bind(r.escalated)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_instrument(conn: &mut SqliteConnection, i: &InstrumentRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO instruments (id, body_id, kind, title, essential_actions, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(i.id.0)
    .bind(i.body_id.0)
    .bind(i.kind.as_str())
    .bind(&i.title)
    .bind(labels_json(&i.essential_actions))
    .bind(micros(&i.created_at))
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_version(conn: &mut SqliteConnection, v: &VersionRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO instrument_versions (id, instrument_id, number, status, effective_on,
             review_on, summary, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(v.id)
    .bind(v.instrument_id.0)
    .bind(i64::from(v.number))
    .bind(v.status.as_str())
    .bind(v.effective_on.as_ref().map(date_text))
    .bind(v.review_on.as_ref().map(date_text))
    .bind(&v.summary)
    .bind(micros(&v.created_at))
    .bind(micros(&v.updated_at))
    .execute(conn)
    .await
    .map_err(|e| match db(e) {
        StoreError::Backend(message) if message.contains("instrument_versions.number") => {
            StoreError::Duplicate { field: "number" }
        }
        other => other,
    })?;
    Ok(())
}

pub async fn insert_document(conn: &mut SqliteConnection, d: &DocumentRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO instrument_documents (version_id, file_name, content_type, size, sha256,
             content, uploaded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (version_id) DO UPDATE SET file_name = excluded.file_name,
             content_type = excluded.content_type, size = excluded.size,
             sha256 = excluded.sha256, content = excluded.content,
             uploaded_at = excluded.uploaded_at",
    )
    .bind(d.version_id)
    .bind(&d.info.file_name)
    .bind(&d.info.content_type)
    .bind(d.info.size)
    .bind(&d.info.sha256)
    .bind(&d.content)
    .bind(micros(&d.info.uploaded_at))
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_signatory(conn: &mut SqliteConnection, s: &SignatoryRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO instrument_signatories (id, version_id, agency_id, signed_by, signed_on)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(s.id)
    .bind(s.version_id)
    .bind(s.agency_id.0)
    .bind(&s.signed_by)
    .bind(date_text(&s.signed_on))
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_consultation(
    conn: &mut SqliteConnection,
    c: &ConsultationRow,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO instrument_consultations (id, version_id, consultee, agency_id,
             survivors_representative, consulted_on, summary)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(c.id)
    .bind(c.version_id)
    .bind(&c.consultee)
    .bind(c.agency_id.map(|a| a.0))
    .bind(c.survivors_representative)
    .bind(date_text(&c.consulted_on))
    .bind(&c.summary)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_round(conn: &mut SqliteConnection, r: &AssessmentRoundRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO assessment_rounds (id, body_id, title, opened_on, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(r.id)
    .bind(r.body_id.0)
    .bind(&r.title)
    .bind(date_text(&r.opened_on))
    .bind(micros(&r.created_at))
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_answer(
    conn: &mut SqliteConnection,
    a: &AssessmentAnswerRow,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO assessment_answers (round_id, agency_id, stage, climate, infrastructure,
             activities, outcomes, answered_by, answered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (round_id, agency_id) DO UPDATE SET stage = excluded.stage,
             climate = excluded.climate, infrastructure = excluded.infrastructure,
             activities = excluded.activities, outcomes = excluded.outcomes,
             answered_by = excluded.answered_by, answered_at = excluded.answered_at",
    )
    .bind(a.round_id)
    .bind(a.agency_id.0)
    .bind(a.stage.as_str())
    .bind(i64::from(a.climate))
    .bind(i64::from(a.infrastructure))
    .bind(i64::from(a.activities))
    .bind(i64::from(a.outcomes))
    .bind(a.answered_by.0)
    .bind(micros(&a.answered_at))
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

async fn fetch<T>(
    pool: &SqlitePool,
    sql: &'static str,
    id: Uuid,
    map: fn(&SqliteRow) -> StoreResult<T>,
) -> StoreResult<Vec<T>> {
    let rows = sqlx::query(sql)
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(db)?;
    rows.iter().map(map).collect()
}

async fn fetch_in<T>(
    pool: &SqlitePool,
    head: &'static str,
    ids: &[Uuid],
    tail: &'static str,
    map: fn(&SqliteRow) -> StoreResult<T>,
) -> StoreResult<Vec<T>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let mut builder = QueryBuilder::<Sqlite>::new(head);
        in_list(&mut builder, chunk);
        builder.push(tail);
        let rows = builder.build().fetch_all(pool).await.map_err(db)?;
        for row in &rows {
            out.push(map(row)?);
        }
    }
    Ok(out)
}

async fn meeting_is_open(conn: &mut SqliteConnection, id: MeetingId) -> StoreResult<()> {
    let closed: Option<Option<i64>> =
        sqlx::query_scalar("SELECT closed_at FROM meetings WHERE id = ?")
            .bind(id.0)
            .fetch_optional(conn)
            .await
            .map_err(db)?;
    match closed {
        None => Err(StoreError::NotFound),
        Some(Some(_)) => Err(StoreError::Conflict),
        Some(None) => Ok(()),
    }
}

#[async_trait]
impl GovernanceStore for SqliteStore {
    async fn get_body(&self, id: BodyId) -> StoreResult<Option<BodyRow>> {
        let sql = format!("SELECT {BODY_COLUMNS} FROM bodies WHERE id = ?");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(db)?;
        row.as_ref().map(body_from).transpose()
    }

    async fn update_body(&self, body: &BodyRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        require(&mut tx, "areas", Some(body.area_id.0), "area_id").await?;
        require(&mut tx, "bodies", body.parent_id.map(|p| p.0), "parent_id").await?;
        require(
            &mut tx,
            "agencies",
            body.secretariat_agency_id.map(|a| a.0),
            "secretariat_agency_id",
        )
        .await?;
        let updated = sqlx::query(
            "UPDATE bodies SET name = ?, level = ?, area_id = ?, parent_id = ?, body_type = ?,
                 leadership = ?, secretariat_agency_id = ?, escalate_after = ?, remit = ?
             WHERE id = ?",
        )
        .bind(&body.name)
        .bind(body.level.as_str())
        .bind(body.area_id.0)
        .bind(body.parent_id.map(|p| p.0))
        .bind(body.body_type.as_str())
        .bind(body.leadership.as_str())
        .bind(body.secretariat_agency_id.map(|a| a.0))
        .bind(i64::from(body.escalate_after))
        .bind(&body.remit)
        .bind(body.id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if updated == 0 {
            return Err(StoreError::NotFound);
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn put_member(&self, member: &MemberRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        require(&mut tx, "bodies", Some(member.body_id.0), "body_id").await?;
        require(&mut tx, "agencies", Some(member.agency_id.0), "agency_id").await?;
        insert_member(&mut tx, member).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_members(&self, body: BodyId) -> StoreResult<Vec<MemberRow>> {
        fetch(
            self.pool(),
            "SELECT * FROM body_members WHERE body_id = ? ORDER BY joined_on, agency_id",
            body.0,
            member_from,
        )
        .await
    }

    async fn put_subgroup(&self, subgroup: &SubgroupRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        require(&mut tx, "bodies", Some(subgroup.body_id.0), "body_id").await?;
        require(
            &mut tx,
            "agencies",
            Some(subgroup.chair_agency_id.0),
            "chair_agency_id",
        )
        .await?;
        let owner: Option<Uuid> =
            sqlx::query_scalar("SELECT body_id FROM body_subgroups WHERE id = ?")
                .bind(subgroup.id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db)?;
        if owner.is_some_and(|b| b != subgroup.body_id.0) {
            return Err(StoreError::NotFound);
        }
        insert_subgroup(&mut tx, subgroup).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_subgroups(&self, body: BodyId) -> StoreResult<Vec<SubgroupRow>> {
        fetch(
            self.pool(),
            "SELECT * FROM body_subgroups WHERE body_id = ? ORDER BY name, id",
            body.0,
            subgroup_from,
        )
        .await
    }

    async fn create_meeting(&self, meeting: &MeetingRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        require(&mut tx, "bodies", Some(meeting.body_id.0), "body_id").await?;
        insert_meeting(&mut tx, meeting).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn update_meeting(&self, meeting: &MeetingRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        meeting_is_open(&mut tx, meeting.id).await?;
        sqlx::query(
            "UPDATE meetings SET held_on = ?, location = ?, agenda = ?, decisions = ?, minutes = ?
             WHERE id = ?",
        )
        .bind(date_text(&meeting.held_on))
        .bind(&meeting.location)
        .bind(labels_json(&meeting.agenda))
        .bind(labels_json(&meeting.decisions))
        .bind(&meeting.minutes)
        .bind(meeting.id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_meeting(&self, id: MeetingId) -> StoreResult<Option<MeetingRow>> {
        Ok(fetch(
            self.pool(),
            "SELECT * FROM meetings WHERE id = ?",
            id.0,
            meeting_from,
        )
        .await?
        .pop())
    }

    async fn list_meetings(&self, body: BodyId) -> StoreResult<Vec<MeetingRow>> {
        fetch(
            self.pool(),
            "SELECT * FROM meetings WHERE body_id = ? ORDER BY held_on DESC, id DESC",
            body.0,
            meeting_from,
        )
        .await
    }

    async fn put_attendance(
        &self,
        meeting: MeetingId,
        rows: &[AttendanceRow],
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        meeting_is_open(&mut tx, meeting).await?;
        for row in rows {
            if row.meeting_id != meeting {
                return Err(StoreError::MissingReference {
                    field: "meeting_id",
                });
            }
            require(&mut tx, "agencies", Some(row.agency_id.0), "agency_id").await?;
        }
        sqlx::query("DELETE FROM meeting_attendance WHERE meeting_id = ?")
            .bind(meeting.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        for row in rows {
            insert_attendance(&mut tx, row).await?;
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_attendance(&self, body: BodyId) -> StoreResult<Vec<AttendanceRow>> {
        fetch(
            self.pool(),
            "SELECT a.* FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
              WHERE m.body_id = ? ORDER BY a.meeting_id, a.agency_id",
            body.0,
            attendance_from,
        )
        .await
    }

    async fn close_meeting(
        &self,
        closure: &MeetingClosure,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        meeting_is_open(&mut tx, closure.meeting_id).await?;
        for row in &closure.absent {
            require(&mut tx, "agencies", Some(row.agency_id.0), "agency_id").await?;
            insert_attendance(&mut tx, row).await?;
        }
        for action in &closure.carried {
            require(
                &mut tx,
                "bodies",
                action.escalated_to.map(|b| b.0),
                "escalated_to",
            )
            .await?;
            let updated = sqlx::query(
                "UPDATE actions SET carry_overs = ?, escalated_to = ?, escalated_at = ?, updated_at = ?
                 WHERE id = ?",
            )
            .bind(i64::from(action.carry_overs))
            .bind(action.escalated_to.map(|b| b.0))
            .bind(micros_opt(&action.escalated_at))
            .bind(micros(&action.updated_at))
            .bind(action.id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::MissingReference { field: "action_id" });
            }
        }
        for review in &closure.reviews {
            require(&mut tx, "actions", Some(review.action_id.0), "action_id").await?;
            insert_review(&mut tx, review).await?;
        }
        sqlx::query("UPDATE meetings SET closed_at = ? WHERE id = ?")
            .bind(micros(&closure.closed_at))
            .bind(closure.meeting_id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_action_reviews(&self, body: BodyId) -> StoreResult<Vec<ActionReviewRow>> {
        fetch(
            self.pool(),
            "SELECT r.* FROM action_reviews r JOIN meetings m ON m.id = r.meeting_id
              WHERE m.body_id = ? ORDER BY r.meeting_id, r.action_id",
            body.0,
            review_from,
        )
        .await
    }

    async fn create_action(&self, action: &ActionRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        require(&mut tx, "bodies", Some(action.body_id.0), "body_id").await?;
        require(
            &mut tx,
            "meetings",
            action.meeting_id.map(|m| m.0),
            "meeting_id",
        )
        .await?;
        require(
            &mut tx,
            "agencies",
            Some(action.owner_agency_id.0),
            "owner_agency_id",
        )
        .await?;
        require(
            &mut tx,
            "bodies",
            action.escalated_to.map(|b| b.0),
            "escalated_to",
        )
        .await?;
        insert_action(&mut tx, action).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn update_action(
        &self,
        action: &ActionRow,
        expected_status: ActionStatus,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        let stored: Option<String> = sqlx::query_scalar("SELECT status FROM actions WHERE id = ?")
            .bind(action.id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        match stored {
            None => return Err(StoreError::NotFound),
            Some(status) if status != expected_status.as_str() => return Err(StoreError::Conflict),
            Some(_) => {}
        }
        require(
            &mut tx,
            "agencies",
            Some(action.owner_agency_id.0),
            "owner_agency_id",
        )
        .await?;
        sqlx::query(
            "UPDATE actions SET description = ?, owner_agency_id = ?, due_on = ?, status = ?,
                 note = ?, ecological_level = ?, essential_action = ?, updated_at = ?
             WHERE id = ?",
        )
        .bind(&action.description)
        .bind(action.owner_agency_id.0)
        .bind(date_text(&action.due_on))
        .bind(action.status.as_str())
        .bind(&action.note)
        .bind(action.ecological_level.map(|l| l.as_str()))
        .bind(action.essential_action.map(|e| e.as_str()))
        .bind(micros(&action.updated_at))
        .bind(action.id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_action(&self, id: ActionId) -> StoreResult<Option<ActionRow>> {
        Ok(fetch(
            self.pool(),
            "SELECT * FROM actions WHERE id = ?",
            id.0,
            action_from,
        )
        .await?
        .pop())
    }

    async fn list_actions(&self, body: BodyId) -> StoreResult<Vec<ActionRow>> {
        let rows = sqlx::query(
            "SELECT * FROM actions WHERE body_id = ? OR escalated_to = ? ORDER BY created_at, id",
        )
        .bind(body.0)
        .bind(body.0)
        .fetch_all(self.pool())
        .await
        .map_err(db)?;
        rows.iter().map(action_from).collect()
    }

    async fn create_instrument(
        &self,
        instrument: &InstrumentRow,
        first: &VersionRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        if first.instrument_id != instrument.id {
            return Err(StoreError::MissingReference {
                field: "instrument_id",
            });
        }
        let mut tx = write_tx(self.pool()).await?;
        require(&mut tx, "bodies", Some(instrument.body_id.0), "body_id").await?;
        insert_instrument(&mut tx, instrument).await?;
        insert_version(&mut tx, first).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn update_instrument(
        &self,
        instrument: &InstrumentRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        let updated = sqlx::query(
            "UPDATE instruments SET kind = ?, title = ?, essential_actions = ? WHERE id = ?",
        )
        .bind(instrument.kind.as_str())
        .bind(&instrument.title)
        .bind(labels_json(&instrument.essential_actions))
        .bind(instrument.id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if updated == 0 {
            return Err(StoreError::NotFound);
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_instrument(&self, id: InstrumentId) -> StoreResult<Option<InstrumentRow>> {
        Ok(fetch(
            self.pool(),
            "SELECT * FROM instruments WHERE id = ?",
            id.0,
            instrument_from,
        )
        .await?
        .pop())
    }

    async fn list_instruments(&self, bodies: &[BodyId]) -> StoreResult<Vec<InstrumentRow>> {
        let ids: Vec<Uuid> = bodies.iter().map(|b| b.0).collect();
        let mut rows = fetch_in(
            self.pool(),
            "SELECT * FROM instruments WHERE body_id IN",
            &ids,
            "",
            instrument_from,
        )
        .await?;
        rows.sort_by(|a, b| (a.title.as_bytes(), a.id).cmp(&(b.title.as_bytes(), b.id)));
        Ok(rows)
    }

    async fn add_version(&self, version: &VersionRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        require(
            &mut tx,
            "instruments",
            Some(version.instrument_id.0),
            "instrument_id",
        )
        .await?;
        insert_version(&mut tx, version).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn update_version(
        &self,
        version: &VersionRow,
        expected_status: VersionStatus,
        others: &[(Uuid, VersionStatus)],
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        let stored: Option<String> =
            sqlx::query_scalar("SELECT status FROM instrument_versions WHERE id = ?")
                .bind(version.id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db)?;
        match stored {
            None => return Err(StoreError::NotFound),
            Some(status) if status != expected_status.as_str() => return Err(StoreError::Conflict),
            Some(_) => {}
        }
        sqlx::query(
            "UPDATE instrument_versions SET status = ?, effective_on = ?, review_on = ?, summary = ?,
                 updated_at = ?
             WHERE id = ?",
        )
        .bind(version.status.as_str())
        .bind(version.effective_on.as_ref().map(date_text))
        .bind(version.review_on.as_ref().map(date_text))
        .bind(&version.summary)
        .bind(micros(&version.updated_at))
        .bind(version.id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        for (id, status) in others {
            let updated = sqlx::query(
                "UPDATE instrument_versions SET status = ?, updated_at = ?
                 WHERE id = ? AND instrument_id = ?",
            )
            .bind(status.as_str())
            .bind(micros(&version.updated_at))
            .bind(id)
            .bind(version.instrument_id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::NotFound);
            }
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_versions(&self, instruments: &[InstrumentId]) -> StoreResult<Vec<VersionRow>> {
        let ids: Vec<Uuid> = instruments.iter().map(|i| i.0).collect();
        let head: &'static str = "SELECT v.id, v.instrument_id, v.number, v.status, v.effective_on,
                v.review_on, v.summary, v.created_at, v.updated_at, d.file_name, d.content_type,
                d.size, d.sha256, d.uploaded_at
           FROM instrument_versions v LEFT JOIN instrument_documents d ON d.version_id = v.id
          WHERE v.instrument_id IN";
        let mut rows = fetch_in(self.pool(), head, &ids, "", version_from).await?;
        rows.sort_by_key(|v| (v.instrument_id, v.number));
        Ok(rows)
    }

    async fn put_document(&self, document: &DocumentRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        require(
            &mut tx,
            "instrument_versions",
            Some(document.version_id),
            "version_id",
        )
        .await?;
        insert_document(&mut tx, document).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_document(&self, version: Uuid) -> StoreResult<Option<DocumentRow>> {
        let row = sqlx::query("SELECT * FROM instrument_documents WHERE version_id = ?")
            .bind(version)
            .fetch_optional(self.pool())
            .await
            .map_err(db)?;
        row.as_ref().map(document_from).transpose()
    }

    async fn add_signatory(
        &self,
        signatory: &SignatoryRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        require(
            &mut tx,
            "instrument_versions",
            Some(signatory.version_id),
            "version_id",
        )
        .await?;
        require(
            &mut tx,
            "agencies",
            Some(signatory.agency_id.0),
            "agency_id",
        )
        .await?;
        insert_signatory(&mut tx, signatory).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_signatories(&self, versions: &[Uuid]) -> StoreResult<Vec<SignatoryRow>> {
        let mut rows = fetch_in(
            self.pool(),
            "SELECT * FROM instrument_signatories WHERE version_id IN",
            versions,
            "",
            signatory_from,
        )
        .await?;
        rows.sort_by_key(|s| (s.signed_on, s.id));
        Ok(rows)
    }

    async fn add_consultation(
        &self,
        consultation: &ConsultationRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        require(
            &mut tx,
            "instrument_versions",
            Some(consultation.version_id),
            "version_id",
        )
        .await?;
        require(
            &mut tx,
            "agencies",
            consultation.agency_id.map(|a| a.0),
            "agency_id",
        )
        .await?;
        insert_consultation(&mut tx, consultation).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_consultations(&self, versions: &[Uuid]) -> StoreResult<Vec<ConsultationRow>> {
        let mut rows = fetch_in(
            self.pool(),
            "SELECT * FROM instrument_consultations WHERE version_id IN",
            versions,
            "",
            consultation_from,
        )
        .await?;
        rows.sort_by_key(|c| (c.consulted_on, c.id));
        Ok(rows)
    }

    async fn create_assessment_round(
        &self,
        round: &AssessmentRoundRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        require(&mut tx, "bodies", Some(round.body_id.0), "body_id").await?;
        insert_round(&mut tx, round).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_assessment_rounds(&self, body: BodyId) -> StoreResult<Vec<AssessmentRoundRow>> {
        fetch(
            self.pool(),
            "SELECT * FROM assessment_rounds WHERE body_id = ? ORDER BY opened_on, id",
            body.0,
            round_from,
        )
        .await
    }

    async fn put_assessment_answer(
        &self,
        answer: &AssessmentAnswerRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.pool()).await?;
        require(
            &mut tx,
            "assessment_rounds",
            Some(answer.round_id),
            "round_id",
        )
        .await?;
        require(&mut tx, "agencies", Some(answer.agency_id.0), "agency_id").await?;
        require(&mut tx, "users", Some(answer.answered_by.0), "answered_by").await?;
        insert_answer(&mut tx, answer).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_assessment_answers(&self, body: BodyId) -> StoreResult<Vec<AssessmentAnswerRow>> {
        fetch(
            self.pool(),
            "SELECT a.* FROM assessment_answers a JOIN assessment_rounds r ON r.id = a.round_id
              WHERE r.body_id = ? ORDER BY r.opened_on, a.round_id, a.agency_id",
            body.0,
            answer_from,
        )
        .await
    }
}

fn document_from(row: &SqliteRow) -> StoreResult<DocumentRow> {
    Ok(DocumentRow {
        version_id: get(row, "version_id")?,
        info: document_info_from(row)?.ok_or_else(|| corrupt("document without a name".into()))?,
        content: get(row, "content")?,
    })
}

// ---- whole-database copy ----

async fn all<T>(
    conn: &mut SqliteConnection,
    sql: &'static str,
    map: fn(&SqliteRow) -> StoreResult<T>,
) -> StoreResult<Vec<T>> {
    let rows = sqlx::query(sql).fetch_all(conn).await.map_err(db)?;
    rows.iter().map(map).collect()
}

pub async fn all_governance(conn: &mut SqliteConnection) -> StoreResult<GovernanceDump> {
    Ok(GovernanceDump {
        members: all(
            conn,
            "SELECT * FROM body_members ORDER BY body_id, agency_id",
            member_from,
        )
        .await?,
        subgroups: all(
            conn,
            "SELECT * FROM body_subgroups ORDER BY id",
            subgroup_from,
        )
        .await?,
        meetings: all(conn, "SELECT * FROM meetings ORDER BY id", meeting_from).await?,
        attendance: all(
            conn,
            "SELECT * FROM meeting_attendance ORDER BY meeting_id, agency_id",
            attendance_from,
        )
        .await?,
        actions: all(conn, "SELECT * FROM actions ORDER BY id", action_from).await?,
        action_reviews: all(
            conn,
            "SELECT * FROM action_reviews ORDER BY meeting_id, action_id",
            review_from,
        )
        .await?,
        instruments: all(
            conn,
            "SELECT * FROM instruments ORDER BY id",
            instrument_from,
        )
        .await?,
        versions: all(
            conn,
            "SELECT v.id, v.instrument_id, v.number, v.status, v.effective_on,
                v.review_on, v.summary, v.created_at, v.updated_at, d.file_name, d.content_type,
                d.size, d.sha256, d.uploaded_at
           FROM instrument_versions v LEFT JOIN instrument_documents d ON d.version_id = v.id
          ORDER BY v.id",
            version_from,
        )
        .await?,
        documents: all(
            conn,
            "SELECT * FROM instrument_documents ORDER BY version_id",
            document_from,
        )
        .await?,
        signatories: all(
            conn,
            "SELECT * FROM instrument_signatories ORDER BY id",
            signatory_from,
        )
        .await?,
        consultations: all(
            conn,
            "SELECT * FROM instrument_consultations ORDER BY id",
            consultation_from,
        )
        .await?,
        assessment_rounds: all(
            conn,
            "SELECT * FROM assessment_rounds ORDER BY id",
            round_from,
        )
        .await?,
        assessment_answers: all(
            conn,
            "SELECT * FROM assessment_answers ORDER BY round_id, agency_id",
            answer_from,
        )
        .await?,
    })
}

pub async fn insert_governance(
    conn: &mut SqliteConnection,
    dump: &GovernanceDump,
) -> StoreResult<()> {
    for row in &dump.members {
        insert_member(conn, row).await?;
    }
    for row in &dump.subgroups {
        insert_subgroup(conn, row).await?;
    }
    for row in &dump.meetings {
        insert_meeting(conn, row).await?;
    }
    for row in &dump.attendance {
        insert_attendance(conn, row).await?;
    }
    for row in &dump.actions {
        insert_action(conn, row).await?;
    }
    for row in &dump.action_reviews {
        insert_review(conn, row).await?;
    }
    for row in &dump.instruments {
        insert_instrument(conn, row).await?;
    }
    for row in &dump.versions {
        insert_version(conn, row).await?;
    }
    for row in &dump.documents {
        insert_document(conn, row).await?;
    }
    for row in &dump.signatories {
        insert_signatory(conn, row).await?;
    }
    for row in &dump.consultations {
        insert_consultation(conn, row).await?;
    }
    for row in &dump.assessment_rounds {
        insert_round(conn, row).await?;
    }
    for row in &dump.assessment_answers {
        insert_answer(conn, row).await?;
    }
    Ok(())
}
