//! Telling the receiving agency that a referral has arrived: a notice in
//! the app (stored with the step that sends the referral, so there is one
//! exactly when the referral went out, whichever instance sent it) and an
//! e-mail to its directory address once that step is stored. The e-mail
//! says what an overdue notice says: the reference and a link, nothing
//! about her. It goes out in the background, so a slow mail relay never
//! holds up the caseworker sending an emergency referral; if it is lost,
//! the notice is still in the app.
//!
//! An outside provider has no one in Concord to tell: the sender gives it
//! the referral itself (see `outside`).

use super::overdue::NewNotice;
use crate::app::App;
use crate::error::AppResult;
use concord_store::{NotificationRow, ReferralRow};
use uuid::Uuid;

/// The kind of notice a newly received referral raises.
pub const RECEIVED: &str = "received";

impl App {
    /// The notice to store with a step that leaves `row` sent, if its
    /// receiving agency is one with people to tell.
    pub(crate) async fn arrival_notice(
        &self,
        row: &ReferralRow,
    ) -> AppResult<Option<NotificationRow>> {
        if row.state != concord_domain::referral::ReferralState::Sent
            || self.is_outside_provider(row.receiving_agency).await?
        {
            return Ok(None);
        }
        Ok(Some(NotificationRow {
            id: Uuid::now_v7(),
            agency_id: row.receiving_agency,
            referral_id: row.id,
            kind: RECEIVED.to_string(),
            created_at: self.clock.now(),
            read_at: None,
        }))
    }

    /// E-mails a stored arrival notice in the background, as the
    /// background check e-mails overdue ones; a failure leaves the notice
    /// in the app.
    pub(crate) fn announce_arrival(&self, row: &ReferralRow, notice: &NotificationRow) {
        if self.config.referrals.smtp.is_none() {
            return;
        }
        let notice = NewNotice {
            agency_id: notice.agency_id,
            kind: RECEIVED,
            referral: row.clone(),
        };
        let app = self.clone();
        tokio::spawn(async move {
            app.email_notices(std::slice::from_ref(&notice)).await;
        });
    }
}
