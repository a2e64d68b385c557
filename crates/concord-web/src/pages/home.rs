//! The home page: what needs the signed-in person's attention.

use super::{PageChrome, PageContext};
use crate::error::PageError;
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use concord_app::cases::plans::TaskView;
use concord_domain::role::Permission;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    page: PageChrome,
    /// Emergency openings of this supervisor's agency's cases to review.
    break_glass_to_review: usize,
    /// Follow-up tasks due within a week or overdue.
    my_work: Vec<TaskView>,
    /// Instruments of the bodies this secretariat keeps whose review is
    /// due within 60 days or passed.
    reviews_due: usize,
    /// Referrals received and sent that need someone, and notifications.
    referrals: concord_app::referrals::read::ReferralsToActOn,
    /// Risk conference actions the agency owns: not done, and overdue.
    conference_actions: (usize, usize),
    /// Administrators: the agency's directory entries changed from outside.
    directory_notices: Vec<super::directory::NoticeLine>,
    /// Administrators: bursts of account acts by others, recovery
    /// requests to approve, and the agency's recovery notices.
    accounts: super::account_recovery::HomeAccounts,
    /// System administrators: the audit log is not sealing (the message
    /// and the reason).
    audit_alarm: Option<(String, String)>,
    /// Designated persons: releases awaiting their agency's sign-off and
    /// those it signed that were published lately.
    statistics_releases: super::statistics_releases::HomeReleases,
    /// Protection orders about to expire: (link, sentence).
    order_reminders: Vec<(String, String)>,
    /// System administrators: network witnesses that have not cosigned
    /// (the message and the reason each).
    witness_alarms: Vec<(String, String)>,
}

/// What needs the person's attention; referrals, tasks and risk
/// conferences add their items as they arrive.
async fn home(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<HomePage, PageError> {
    let break_glass_to_review = if person.actor.has(Permission::SuperviseCases) {
        state.app.break_glass_to_review(&person.actor).await?.len()
    } else {
        0
    };
    let my_work = if person.actor.has(Permission::WorkCases) {
        state.app.my_work(&person.actor).await?
    } else {
        Vec::new()
    };
    let reviews_due = if person.actor.has(Permission::ManageCoordinationBodies) {
        state.app.review_reminders(&person.actor).await?.len()
    } else {
        0
    };
    let referrals = if person.actor.has(Permission::WorkCases) {
        state.app.referrals_to_act_on(&person.actor).await?
    } else {
        Default::default()
    };
    let conference_actions = state
        .app
        .agency_conference_action_counts(&person.actor)
        .await?;
    let accounts = super::account_recovery::home_accounts(&state, &ctx.tr, &person).await?;
    let directory_notices = super::directory::notice_lines(&state, &ctx.tr, &person).await?;
    let audit_alarm = audit_alarm(&state, &ctx, &person).await?;
    let statistics_releases =
        super::statistics_releases::home_releases(&state, &ctx.tr, &person).await?;
    let order_reminders = state
        .app
        .orders_to_remind(&person.actor)
        .await?
        .into_iter()
        .map(|r| {
            (
                format!("/cases/{}/protection-orders", r.case_id),
                ctx.tr.targs(
                    "home-order-expiring",
                    &[
                        ("reference", r.survivor_reference),
                        ("kind", r.kind_name),
                        ("date", r.expires_on.to_string()),
                        ("days", r.days_left.to_string()),
                    ],
                ),
            )
        })
        .collect();
    let witness_alarms = witness_alarms(&state, &ctx, &person);
    Ok(HomePage {
        order_reminders,
        page: ctx.chrome(&person, "home-title", "nav-home"),
        break_glass_to_review,
        my_work,
        reviews_due,
        referrals,
        conference_actions,
        directory_notices,
        accounts,
        audit_alarm,
        statistics_releases,
        witness_alarms,
    })
}

/// The network witnesses' alarms, for those who oversee the audit log.
fn witness_alarms(state: &AppState, ctx: &PageContext, person: &Person) -> Vec<(String, String)> {
    if !person.actor.has(Permission::ViewAllAudit) {
        return Vec::new();
    }
    state
        .app
        .audit_witness_alarms()
        .into_iter()
        .map(|alarm| {
            let text = ctx.tr.targs(
                "home-audit-witness-alarm",
                &[
                    ("witness", alarm.witness),
                    ("since", alarm.since.format("%Y-%m-%d %H:%M:%S").to_string()),
                ],
            );
            (text, alarm.reason)
        })
        .collect()
}

/// The sealing alarm, for those who oversee the whole audit log.
async fn audit_alarm(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
) -> Result<Option<(String, String)>, PageError> {
    if !person.actor.has(Permission::ViewAllAudit) {
        return Ok(None);
    }
    let Some(alarm) = state.app.audit_sealing_alarm() else {
        return Ok(None);
    };
    let waiting = state.app.unsealed_audit_events().await?;
    let text = ctx.tr.targs(
        "home-audit-alarm",
        &[
            ("since", alarm.since.format("%Y-%m-%d %H:%M:%S").to_string()),
            ("waiting", waiting.to_string()),
        ],
    );
    Ok(Some((text, alarm.reason)))
}
