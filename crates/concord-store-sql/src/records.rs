//! What is written into a case: incidents, notes (with every version),
//! the case action plan's goals, the safety plan, and follow-up tasks.

use crate::audit::insert_event;
use crate::sql::*;
use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::ids::{AreaId, CaseId, IncidentId, NoteId, TaskId, UserId};
use concord_store::{
    GoalRow, IncidentRow, NewAuditEvent, NoteRow, NoteVersionRow, SafetyPlanRow, StoreError,
    StoreResult, TaskRow,
};
use uuid::Uuid;

// ---- incidents ----

macro_rules! incident_select {
    () => {
        "SELECT id, case_id, incident_date, incident_time, date_first_reported, area_id, gbv_type,
                context_flags, forms_of_violence, trafficking_exploitation,
                perpetrator_relationship, perpetrator_sex, perpetrator_age_group, perpetrator_identity, perpetrator_index, survivor_age_group, reporting_delay,
                already_reported_elsewhere, consent_to_statistics, narrative, created_by,
                created_at
         FROM incidents"
    };
}

fn incident_from(row: &Row) -> StoreResult<IncidentRow> {
    Ok(IncidentRow {
        id: IncidentId(get(row, "id")?),
        case_id: CaseId(get(row, "case_id")?),
        incident_date: get(row, "incident_date")?,
        incident_time: get(row, "incident_time")?,
        date_first_reported: get(row, "date_first_reported")?,
        area_id: get::<Option<Uuid>>(row, "area_id")?.map(AreaId),
        gbv_type: get_parsed(row, "gbv_type")?,
        context_flags: get_labels(row, "context_flags")?,
        forms_of_violence: get_labels_opt(row, "forms_of_violence")?,
        trafficking_exploitation: get_labels_opt(row, "trafficking_exploitation")?
            .unwrap_or_default(),
        perpetrator_relationship: get_parsed(row, "perpetrator_relationship")?,
        perpetrator_sex: get_parsed(row, "perpetrator_sex")?,
        perpetrator_age_group: get_parsed(row, "perpetrator_age_group")?,
        perpetrator_identity: get(row, "perpetrator_identity")?,
        perpetrator_index: get(row, "perpetrator_index")?,
        survivor_age_group: get_parsed_opt(row, "survivor_age_group")?,
        reporting_delay: get_parsed(row, "reporting_delay")?,
        already_reported_elsewhere: get(row, "already_reported_elsewhere")?,
        consent_to_statistics: get(row, "consent_to_statistics")?,
        narrative: get(row, "narrative")?,
        created_by: UserId(get(row, "created_by")?),
        created_at: get(row, "created_at")?,
    })
}

pub async fn insert_incident(conn: &mut dyn Connection, i: &IncidentRow) -> StoreResult<()> {
    query(
        "INSERT INTO incidents (id, case_id, incident_date, incident_time, date_first_reported,
                                area_id, gbv_type, context_flags, perpetrator_relationship,
                                perpetrator_sex, perpetrator_age_group, perpetrator_identity,
                                perpetrator_index, survivor_age_group, reporting_delay,
                                already_reported_elsewhere, consent_to_statistics, narrative,
                                created_by, created_at, forms_of_violence,
                                trafficking_exploitation)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19, $20, $21, $22)",
    )
    .bind(i.id.0)
    .bind(i.case_id.0)
    .bind(i.incident_date)
    .bind(i.incident_time)
    .bind(i.date_first_reported)
    .bind(i.area_id.map(|a| a.0))
    .bind(i.gbv_type.as_str())
    .bind(labels(&i.context_flags))
    .bind(i.perpetrator_relationship.as_str())
    .bind(i.perpetrator_sex.as_str())
    .bind(i.perpetrator_age_group.as_str())
    .bind(&i.perpetrator_identity)
    .bind(&i.perpetrator_index)
    .bind(i.survivor_age_group.map(|a| a.as_str()))
    .bind(i.reporting_delay.as_str())
    .bind(i.already_reported_elsewhere)
    .bind(i.consent_to_statistics)
    .bind(&i.narrative)
    .bind(i.created_by.0)
    .bind(i.created_at)
    .bind(i.forms_of_violence.as_deref().map(labels))
    .bind((!i.trafficking_exploitation.is_empty()).then(|| labels(&i.trafficking_exploitation)))
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn create_incident(
    pool: &dyn Database,
    incident: &IncidentRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    require(
        &mut tx,
        &[
            ("cases", Some(incident.case_id.0), "case_id"),
            ("areas", incident.area_id.map(|a| a.0), "area_id"),
            ("users", Some(incident.created_by.0), "created_by"),
        ],
    )
    .await?;
    insert_incident(&mut tx, incident).await?;
    crate::incident_counts::add_incident(&mut *tx, incident.id).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn list_incidents(pool: &dyn Database, case: CaseId) -> StoreResult<Vec<IncidentRow>> {
    let rows = query(concat!(
        incident_select!(),
        " WHERE case_id = $1 ORDER BY incident_date, created_at, id"
    ))
    .bind(case.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(incident_from).collect()
}

pub async fn find_incidents_by_perpetrator(
    pool: &dyn Database,
    index: &[u8],
) -> StoreResult<Vec<IncidentRow>> {
    let rows = query(concat!(
        incident_select!(),
        " WHERE perpetrator_index = $1 ORDER BY incident_date, created_at, id"
    ))
    .bind(index)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(incident_from).collect()
}

pub async fn all_incidents(conn: &mut dyn Connection) -> StoreResult<Vec<IncidentRow>> {
    let rows = query(concat!(incident_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(incident_from).collect()
}

// ---- notes ----

fn note_from(row: &Row) -> StoreResult<NoteRow> {
    Ok(NoteRow {
        id: NoteId(get(row, "id")?),
        case_id: CaseId(get(row, "case_id")?),
        author_id: UserId(get(row, "author_id")?),
        created_at: get(row, "created_at")?,
    })
}

/// The version columns are read under their own names (`note_id`,
/// `version`, `body`, `edited_by`, `edited_at`).
fn version_from(row: &Row) -> StoreResult<NoteVersionRow> {
    Ok(NoteVersionRow {
        note_id: NoteId(get(row, "note_id")?),
        version: get(row, "version")?,
        body: get(row, "body")?,
        edited_by: UserId(get(row, "edited_by")?),
        edited_at: get(row, "edited_at")?,
    })
}

pub async fn insert_note(conn: &mut dyn Connection, note: &NoteRow) -> StoreResult<()> {
    query("INSERT INTO notes (id, case_id, author_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(note.id.0)
        .bind(note.case_id.0)
        .bind(note.author_id.0)
        .bind(note.created_at)
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

pub async fn insert_note_version(conn: &mut dyn Connection, v: &NoteVersionRow) -> StoreResult<()> {
    query(
        "INSERT INTO note_versions (note_id, version, body, edited_by, edited_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(v.note_id.0)
    .bind(v.version)
    .bind(&v.body)
    .bind(v.edited_by.0)
    .bind(v.edited_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn create_note(
    pool: &dyn Database,
    note: &NoteRow,
    first: &NoteVersionRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    // The first version must be this note's.
    if first.note_id != note.id {
        return Err(StoreError::MissingReference { field: "note_id" });
    }
    let mut tx = write_tx(pool).await?;
    require(
        &mut tx,
        &[
            ("cases", Some(note.case_id.0), "case_id"),
            ("users", Some(note.author_id.0), "author_id"),
            ("users", Some(first.edited_by.0), "edited_by"),
        ],
    )
    .await?;
    insert_note(&mut tx, note).await?;
    insert_note_version(&mut tx, first).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn add_note_version(
    pool: &dyn Database,
    version: &NoteVersionRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    require(
        &mut tx,
        &[
            ("notes", Some(version.note_id.0), "note_id"),
            ("users", Some(version.edited_by.0), "edited_by"),
        ],
    )
    .await?;
    // Two people editing the same version: the second finds it taken.
    insert_note_version(&mut tx, version)
        .await
        .map_err(|e| match e {
            StoreError::Duplicate { .. } => StoreError::Conflict,
            other => other,
        })?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

/// One query: each note joined to its highest version.
pub async fn list_notes(
    pool: &dyn Database,
    case: CaseId,
) -> StoreResult<Vec<(NoteRow, NoteVersionRow)>> {
    let rows = query(
        "SELECT n.id, n.case_id, n.author_id, n.created_at,
                v.note_id, v.version, v.body, v.edited_by, v.edited_at
         FROM notes n
         JOIN note_versions v ON v.note_id = n.id
              AND v.version = (SELECT MAX(version) FROM note_versions WHERE note_id = n.id)
         WHERE n.case_id = $1
         ORDER BY n.created_at DESC, n.id DESC",
    )
    .bind(case.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|row| Ok((note_from(row)?, version_from(row)?)))
        .collect()
}

macro_rules! version_select {
    () => {
        "SELECT note_id, version, body, edited_by, edited_at FROM note_versions"
    };
}

pub async fn note_history(pool: &dyn Database, note: NoteId) -> StoreResult<Vec<NoteVersionRow>> {
    let rows = query(concat!(
        version_select!(),
        " WHERE note_id = $1 ORDER BY version"
    ))
    .bind(note.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(version_from).collect()
}

pub async fn all_notes(conn: &mut dyn Connection) -> StoreResult<Vec<NoteRow>> {
    let rows = query("SELECT id, case_id, author_id, created_at FROM notes ORDER BY id")
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(note_from).collect()
}

pub async fn all_note_versions(conn: &mut dyn Connection) -> StoreResult<Vec<NoteVersionRow>> {
    let rows = query(concat!(version_select!(), " ORDER BY note_id, version"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(version_from).collect()
}

// ---- case action plan ----

macro_rules! goal_select {
    () => {
        "SELECT id, case_id, domain, description, status, updated_by, updated_at FROM goals"
    };
}

fn goal_from(row: &Row) -> StoreResult<GoalRow> {
    Ok(GoalRow {
        id: get(row, "id")?,
        case_id: CaseId(get(row, "case_id")?),
        domain: get_parsed(row, "domain")?,
        description: get(row, "description")?,
        status: get_parsed(row, "status")?,
        updated_by: UserId(get(row, "updated_by")?),
        updated_at: get(row, "updated_at")?,
    })
}

pub async fn insert_goal(conn: &mut dyn Connection, goal: &GoalRow) -> StoreResult<()> {
    query(
        "INSERT INTO goals (id, case_id, domain, description, status, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(goal.id)
    .bind(goal.case_id.0)
    .bind(goal.domain.as_str())
    .bind(&goal.description)
    .bind(goal.status.as_str())
    .bind(goal.updated_by.0)
    .bind(goal.updated_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Inserts, or replaces the goal of the same id on the same case; a goal id
/// of another case is `NotFound` (a goal never moves between cases).
pub async fn put_goal(
    pool: &dyn Database,
    goal: &GoalRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    require(
        &mut tx,
        &[
            ("cases", Some(goal.case_id.0), "case_id"),
            ("users", Some(goal.updated_by.0), "updated_by"),
        ],
    )
    .await?;
    let written = query(
        "INSERT INTO goals (id, case_id, domain, description, status, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET
             domain = excluded.domain, description = excluded.description,
             status = excluded.status, updated_by = excluded.updated_by,
             updated_at = excluded.updated_at
         WHERE goals.case_id = excluded.case_id",
    )
    .bind(goal.id)
    .bind(goal.case_id.0)
    .bind(goal.domain.as_str())
    .bind(&goal.description)
    .bind(goal.status.as_str())
    .bind(goal.updated_by.0)
    .bind(goal.updated_at)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    if written.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

/// By domain (in the order `GoalDomain` lists them), then creation (ids are
/// UUIDv7, so id order).
pub async fn list_goals(pool: &dyn Database, case: CaseId) -> StoreResult<Vec<GoalRow>> {
    let rows = query(concat!(goal_select!(), " WHERE case_id = $1 ORDER BY id"))
        .bind(case.0)
        .fetch_all(pool)
        .await
        .map_err(db)?;
    let mut goals = rows
        .iter()
        .map(goal_from)
        .collect::<StoreResult<Vec<_>>>()?;
    goals.sort_by_key(|g| (g.domain, g.id));
    Ok(goals)
}

pub async fn all_goals(conn: &mut dyn Connection) -> StoreResult<Vec<GoalRow>> {
    let rows = query(concat!(goal_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(goal_from).collect()
}

// ---- safety plan ----

macro_rules! section_select {
    () => {
        "SELECT case_id, section, body, updated_by, updated_at FROM safety_plans"
    };
}

fn section_from(row: &Row) -> StoreResult<SafetyPlanRow> {
    Ok(SafetyPlanRow {
        case_id: CaseId(get(row, "case_id")?),
        section: get_parsed(row, "section")?,
        body: get(row, "body")?,
        updated_by: UserId(get(row, "updated_by")?),
        updated_at: get(row, "updated_at")?,
    })
}

pub async fn insert_safety_plan_section(
    conn: &mut dyn Connection,
    s: &SafetyPlanRow,
) -> StoreResult<()> {
    query(
        "INSERT INTO safety_plans (case_id, section, body, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(s.case_id.0)
    .bind(s.section.as_str())
    .bind(&s.body)
    .bind(s.updated_by.0)
    .bind(s.updated_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn put_safety_plan_section(
    pool: &dyn Database,
    s: &SafetyPlanRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    require(
        &mut tx,
        &[
            ("cases", Some(s.case_id.0), "case_id"),
            ("users", Some(s.updated_by.0), "updated_by"),
        ],
    )
    .await?;
    query(
        "INSERT INTO safety_plans (case_id, section, body, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (case_id, section) DO UPDATE SET
             body = excluded.body, updated_by = excluded.updated_by,
             updated_at = excluded.updated_at",
    )
    .bind(s.case_id.0)
    .bind(s.section.as_str())
    .bind(&s.body)
    .bind(s.updated_by.0)
    .bind(s.updated_at)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

/// In section order (as `SafetyPlanSection` lists them).
pub async fn list_safety_plan(
    pool: &dyn Database,
    case: CaseId,
) -> StoreResult<Vec<SafetyPlanRow>> {
    let rows = query(concat!(section_select!(), " WHERE case_id = $1"))
        .bind(case.0)
        .fetch_all(pool)
        .await
        .map_err(db)?;
    let mut sections = rows
        .iter()
        .map(section_from)
        .collect::<StoreResult<Vec<_>>>()?;
    sections.sort_by_key(|s| s.section);
    Ok(sections)
}

pub async fn all_safety_plans(conn: &mut dyn Connection) -> StoreResult<Vec<SafetyPlanRow>> {
    let rows = query(concat!(section_select!(), " ORDER BY case_id, section"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(section_from).collect()
}

// ---- tasks ----

macro_rules! task_select {
    () => {
        "SELECT id, case_id, assignee, title, due_on, done_at, created_at FROM tasks"
    };
}

fn task_from(row: &Row) -> StoreResult<TaskRow> {
    Ok(TaskRow {
        id: TaskId(get(row, "id")?),
        case_id: CaseId(get(row, "case_id")?),
        assignee: UserId(get(row, "assignee")?),
        title: get(row, "title")?,
        due_on: get(row, "due_on")?,
        done_at: get(row, "done_at")?,
        created_at: get(row, "created_at")?,
    })
}

pub async fn insert_task(conn: &mut dyn Connection, task: &TaskRow) -> StoreResult<()> {
    query(
        "INSERT INTO tasks (id, case_id, assignee, title, due_on, done_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(task.id.0)
    .bind(task.case_id.0)
    .bind(task.assignee.0)
    .bind(&task.title)
    .bind(task.due_on)
    .bind(task.done_at)
    .bind(task.created_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn create_task(
    pool: &dyn Database,
    task: &TaskRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    require(
        &mut tx,
        &[
            ("cases", Some(task.case_id.0), "case_id"),
            ("users", Some(task.assignee.0), "assignee"),
        ],
    )
    .await?;
    insert_task(&mut tx, task).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn complete_task(
    pool: &dyn Database,
    id: TaskId,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    let done = query("UPDATE tasks SET done_at = $1 WHERE id = $2 AND done_at IS NULL")
        .bind(at)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)?;
    Ok(true)
}

pub async fn list_tasks(pool: &dyn Database, case: CaseId) -> StoreResult<Vec<TaskRow>> {
    let rows = query(concat!(
        task_select!(),
        " WHERE case_id = $1 ORDER BY due_on, created_at, id"
    ))
    .bind(case.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(task_from).collect()
}

pub async fn tasks_due(
    pool: &dyn Database,
    assignee: UserId,
    until: NaiveDate,
) -> StoreResult<Vec<TaskRow>> {
    let rows = query(concat!(
        task_select!(),
        " WHERE assignee = $1 AND done_at IS NULL AND due_on <= $2
          ORDER BY due_on, created_at, id"
    ))
    .bind(assignee.0)
    .bind(until)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(task_from).collect()
}

pub async fn all_tasks(conn: &mut dyn Connection) -> StoreResult<Vec<TaskRow>> {
    let rows = query(concat!(task_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(task_from).collect()
}
