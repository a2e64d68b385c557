//! Notification e-mails over SMTP (lettre). A message names the referral
//! by its reference and links to its page; it never carries anything about
//! the survivor. Addresses are the directory e-mail of each agency's
//! organization; an agency without one is notified in the app only.
//!
//! Plain SMTP to a relay (`smtp://host:port`): Concord hands the message to
//! the deployment's mail relay, which takes care of onward TLS.

use super::overdue::NewNotice;
use crate::app::App;
use lettre::message::{Mailbox, Message, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

/// Host and port of `smtp://host[:port]`.
pub fn parse_smtp_url(url: &str) -> Result<(String, u16), String> {
    let rest = url
        .strip_prefix("smtp://")
        .ok_or_else(|| "the SMTP URL must look like smtp://host:port".to_string())?;
    let rest = rest.trim_end_matches('/');
    match rest.rsplit_once(':') {
        Some((host, port)) => Ok((
            host.to_string(),
            port.parse()
                .map_err(|_| format!("`{port}` is not a port number"))?,
        )),
        None if !rest.is_empty() => Ok((rest.to_string(), 25)),
        None => Err("the SMTP URL has no host".into()),
    }
}

/// The subject and body of a notice: a reference and a link, nothing more.
pub fn notice_text(notice: &NewNotice, public_url: &str) -> (String, String) {
    let reference = &notice.referral.reference;
    let subject = match notice.kind {
        "expired" => format!("Referral {reference} has expired without an answer"),
        super::arrival::RECEIVED => format!("Referral {reference} has arrived for your agency"),
        _ => format!("Referral {reference} is overdue"),
    };
    let body = format!(
        "{subject}.\n\nOpen it in Concord: {}/referrals/{}\n\nThis message says nothing more on purpose; sign in to see the referral.\n",
        public_url.trim_end_matches('/'),
        notice.referral.id
    );
    (subject, body)
}

/// One plain-text e-mail to an agency's directory address. `kind` names
/// it in the log (never the address).
pub(crate) struct AgencyMail {
    pub agency_id: concord_domain::ids::AgencyId,
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
}

impl App {
    /// E-mails the notices where SMTP is configured; returns how many were
    /// handed to the relay. Failures are logged (without addresses) and the
    /// notice stays in the app.
    pub(crate) async fn email_notices(&self, notices: &[NewNotice]) -> usize {
        let mails: Vec<AgencyMail> = notices
            .iter()
            .map(|notice| {
                let (subject, body) = notice_text(notice, &self.config.referrals.public_url);
                AgencyMail {
                    agency_id: notice.agency_id,
                    kind: notice.kind,
                    subject,
                    body,
                }
            })
            .collect();
        self.email_agencies(&mails).await
    }

    /// E-mails each agency at the directory address of its organization,
    /// where SMTP is configured; returns how many were handed to the relay.
    /// An agency without one is told in the app only.
    pub(crate) async fn email_agencies(&self, mails: &[AgencyMail]) -> usize {
        let Some(smtp) = self.config.referrals.smtp.clone() else {
            return 0;
        };
        let (host, port) = match parse_smtp_url(&smtp.url) {
            Ok(hp) => hp,
            Err(error) => {
                tracing::error!(%error, "SMTP is not configured correctly");
                return 0;
            }
        };
        let Ok(from) = smtp.from.parse::<Mailbox>() else {
            tracing::error!("the notification sender address is not valid");
            return 0;
        };
        let directory = match self.store.export_directory().await {
            Ok(d) => d,
            Err(_) => return 0,
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .build();
        let mut sent = 0;
        for mail in mails {
            let Some(address) = directory
                .organizations
                .iter()
                .find(|o| o.agency_id == Some(mail.agency_id))
                .and_then(|o| o.details.email.clone())
            else {
                continue;
            };
            let Ok(to) = address.parse::<Mailbox>() else {
                continue;
            };
            let message = match Message::builder()
                .from(from.clone())
                .to(to)
                .subject(mail.subject.clone())
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body.clone())
            {
                Ok(m) => m,
                Err(_) => continue,
            };
            match transport.send(message).await {
                Ok(_) => sent += 1,
                Err(_) => tracing::warn!(kind = mail.kind, "a notification e-mail failed"),
            }
        }
        sent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        assert_eq!(
            parse_smtp_url("smtp://127.0.0.1:2525"),
            Ok(("127.0.0.1".into(), 2525))
        );
        assert_eq!(
            parse_smtp_url("smtp://mail.example"),
            Ok(("mail.example".into(), 25))
        );
        assert!(parse_smtp_url("http://x").is_err());
        assert!(parse_smtp_url("smtp://x:port").is_err());
    }
}
