//! What the API sends and accepts. Kept apart from the storage rows so the
//! wire format changes only on purpose.

use concord_store::{AgencyRow, ApiTokenRow, AreaRow, AuditEventRow, UserRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl<T: ToSchema> Page<T> {
    pub fn from<R>(page: concord_store::Page<R>, map: impl Fn(R) -> T) -> Self {
        Page {
            items: page.items.into_iter().map(map).collect(),
            next_cursor: page.next,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Area {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    /// national, region, district or local
    pub level: String,
    pub code: String,
    pub name: String,
    pub adult_female_population: Option<i64>,
}

impl From<AreaRow> for Area {
    fn from(a: AreaRow) -> Self {
        Area {
            id: a.id.0,
            parent_id: a.parent_id.map(|p| p.0),
            level: a.level.as_str().into(),
            code: a.code,
            name: a.name,
            adult_female_population: a.adult_female_population,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct AreaInput {
    pub name: String,
    pub code: String,
    /// national, region, district or local
    pub level: String,
    pub parent_id: Option<Uuid>,
    pub adult_female_population: Option<i64>,
}

impl AreaInput {
    pub fn into_form(self) -> (concord_domain::area::AreaForm, Option<String>) {
        (
            concord_domain::area::AreaForm {
                name: self.name,
                code: self.code,
                level: self.level,
                adult_female_population: self.adult_female_population.map(|p| p.to_string()),
            },
            self.parent_id.map(|p| p.to_string()),
        )
    }
}

#[derive(Serialize, ToSchema)]
pub struct Agency {
    pub id: Uuid,
    pub name: String,
    pub sector: String,
    /// government or non_government
    pub governance: String,
    pub area_ids: Vec<Uuid>,
}

impl From<AgencyRow> for Agency {
    fn from(a: AgencyRow) -> Self {
        Agency {
            id: a.id.0,
            name: a.name,
            sector: a.sector.as_str().into(),
            governance: a.governance.as_str().into(),
            area_ids: a.area_ids.into_iter().map(|i| i.0).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct AgencyInput {
    pub name: String,
    /// police, prosecution, judiciary, health, social_services, shelter_womens_ngo, legal_aid,
    /// housing, education, child_protection, probation, defence, finance, foreign_affairs,
    /// agriculture, labour or other
    pub sector: String,
    pub governance: String,
    #[serde(default)]
    pub area_ids: Vec<Uuid>,
}

impl From<AgencyInput> for concord_domain::agency::AgencyForm {
    fn from(a: AgencyInput) -> Self {
        concord_domain::agency::AgencyForm {
            name: a.name,
            sector: a.sector,
            governance: a.governance,
            area_ids: a.area_ids.into_iter().map(|i| i.to_string()).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct User {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub active: bool,
    pub second_factor_enabled: bool,
    /// Where notices about the account's sign-in go, if anywhere.
    pub email: Option<String>,
}

impl From<UserRow> for User {
    fn from(u: UserRow) -> Self {
        User {
            id: u.id.0,
            agency_id: u.agency_id.0,
            username: u.username,
            display_name: u.display_name,
            roles: u.roles.iter().map(|r| r.as_str().to_string()).collect(),
            active: u.active,
            second_factor_enabled: u.totp_secret.is_some(),
            email: u.email,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub agency_id: Uuid,
    pub roles: Vec<String>,
    /// Where notices about the account's sign-in go (optional; its owner
    /// changes it under My account).
    #[serde(default)]
    pub email: Option<String>,
    /// The initial password (12 to 128 characters).
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct UserUpdateInput {
    pub display_name: String,
    pub roles: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordInput {
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub user: User,
    pub permissions: Vec<String>,
    /// read or read_write
    pub token_scope: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiToken {
    pub id: Uuid,
    pub name: String,
    pub scope: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<ApiTokenRow> for ApiToken {
    fn from(t: ApiTokenRow) -> Self {
        ApiToken {
            id: t.id.0,
            name: t.name,
            scope: t.scope.as_str().into(),
            created_at: t.created_at,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
            last_used_at: t.last_used_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NewApiToken {
    pub token: ApiToken,
    /// Shown once; only its hash is kept.
    pub secret: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ApiTokenInput {
    pub name: String,
    /// read or read_write
    pub scope: String,
    /// 1 to 365
    pub days: i64,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEvent {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_user_id: Option<Uuid>,
    pub actor_agency_id: Option<Uuid>,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub outcome: String,
    pub details: serde_json::Value,
    /// Position in the sealed Merkle tree; absent until sealed.
    pub tree_position: Option<i64>,
}

impl From<AuditEventRow> for AuditEvent {
    fn from(e: AuditEventRow) -> Self {
        AuditEvent {
            id: e.id,
            at: e.at,
            actor_user_id: e.actor_user_id.map(|u| u.0),
            actor_agency_id: e.actor_agency_id.map(|a| a.0),
            action: e.action,
            object_type: e.object_type,
            object_id: e.object_id,
            outcome: e.outcome,
            details: serde_json::from_str(&e.details).unwrap_or(serde_json::Value::Null),
            tree_position: e.tree_position,
        }
    }
}

/// How the audit log's sealing and witnessing stand (issue 18).
#[derive(Serialize, ToSchema)]
pub struct AuditHealth {
    /// Audit events written but not sealed into a signed checkpoint yet.
    pub unsealed_events: i64,
    /// Size of the latest checkpoint (0 before the first).
    pub latest_checkpoint_size: i64,
    pub latest_checkpoint_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why sealing fails, while it does.
    pub sealing_alarm: Option<AuditAlarm>,
    /// Network witnesses that have not cosigned the latest checkpoints.
    pub witness_alarms: Vec<AuditWitnessAlarm>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditAlarm {
    pub reason: String,
    pub since: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditWitnessAlarm {
    pub witness: String,
    pub reason: String,
    pub since: chrono::DateTime<chrono::Utc>,
    /// Refused a checkpoint (evidence of a rollback or rewrite), not only
    /// unreachable.
    pub refused: bool,
}

impl From<concord_app::audit_health::AuditHealth> for AuditHealth {
    fn from(h: concord_app::audit_health::AuditHealth) -> Self {
        AuditHealth {
            unsealed_events: h.unsealed_events,
            latest_checkpoint_size: h.latest_checkpoint.map_or(0, |(size, _)| size),
            latest_checkpoint_at: h.latest_checkpoint.map(|(_, at)| at),
            sealing_alarm: h.sealing_alarm.map(|a| AuditAlarm {
                reason: a.reason,
                since: a.since,
            }),
            witness_alarms: h
                .witness_alarms
                .into_iter()
                .map(|a| AuditWitnessAlarm {
                    witness: a.witness,
                    reason: a.reason,
                    since: a.since,
                    refused: a.refused,
                })
                .collect(),
        }
    }
}
