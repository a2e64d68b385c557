//! Flags for referral timing, the directory and notification e-mail.

use clap::Args;
use concord_app::referrals::{ReferralConfig, SmtpConfig};
use concord_domain::referral::{ResponseTargets, WorkingWeek};

#[derive(Args, Debug, Clone)]
pub struct ReferralArgs {
    /// Minutes within which an emergency referral must be answered (round
    /// the clock).
    #[arg(long, env = "CONCORD_REFERRAL_EMERGENCY_MINUTES", default_value_t = 60)]
    pub referral_emergency_minutes: i64,
    /// Working days after arrival within which an urgent referral must be
    /// answered (0: the same working day).
    #[arg(long, env = "CONCORD_REFERRAL_URGENT_DAYS", default_value_t = 0)]
    pub referral_urgent_days: u32,
    /// Working days within which a routine referral must be answered.
    #[arg(long, env = "CONCORD_REFERRAL_ROUTINE_DAYS", default_value_t = 2)]
    pub referral_routine_days: u32,
    /// Working days, e.g. mon,tue,wed,thu,fri.
    #[arg(
        long,
        env = "CONCORD_WORKING_DAYS",
        default_value = "mon,tue,wed,thu,fri"
    )]
    pub working_days: String,
    /// Working hours in the deployment's time zone (--time-zone), e.g. 08:00-17:00.
    #[arg(long, env = "CONCORD_WORKING_HOURS", default_value = "08:00-17:00")]
    pub working_hours: String,
    /// Days after its due time when an unanswered referral expires.
    #[arg(long, env = "CONCORD_REFERRAL_EXPIRE_DAYS", default_value_t = 30)]
    pub referral_expire_days: i64,
    /// Days after which a directory entry not verified again is flagged.
    #[arg(long, env = "CONCORD_DIRECTORY_STALE_DAYS", default_value_t = 180)]
    pub directory_stale_days: i64,
    /// SMTP relay for notification e-mails, smtp://host:port (none: in the
    /// app only).
    #[arg(long, env = "CONCORD_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Sender address of notification e-mails.
    #[arg(long, env = "CONCORD_SMTP_FROM", default_value = "concord@localhost")]
    pub smtp_from: String,
    /// The address people use to reach Concord, for links in e-mails.
    #[arg(
        long,
        env = "CONCORD_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,
}

impl ReferralArgs {
    pub fn config(&self) -> anyhow::Result<ReferralConfig> {
        let week = WorkingWeek::parse(&self.working_days, &self.working_hours)
            .map_err(|e| anyhow::anyhow!("--working-days/--working-hours: {e}"))?;
        if let Some(url) = &self.smtp_url {
            concord_app::referrals::email::parse_smtp_url(url)
                .map_err(|e| anyhow::anyhow!("--smtp-url: {e}"))?;
        }
        Ok(ReferralConfig {
            targets: ResponseTargets {
                emergency: chrono::Duration::minutes(self.referral_emergency_minutes.max(1)),
                urgent_working_days: self.referral_urgent_days,
                routine_working_days: self.referral_routine_days,
            },
            week,
            stale_after_days: self.directory_stale_days.max(1),
            expire_after_days: self.referral_expire_days.max(1),
            public_url: self.public_url.clone(),
            smtp: self.smtp_url.clone().map(|url| SmtpConfig {
                url,
                from: self.smtp_from.clone(),
            }),
        })
    }
}
