//! The deployment's local time. Instants are stored in UTC; what people
//! read and enter — dates on forms, "today", working hours, the end of a
//! day — is in the deployment's time zone (`--time-zone`, an IANA name; UTC
//! by default).

use crate::app::App;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

impl App {
    pub fn time_zone(&self) -> Tz {
        self.config.time_zone
    }

    /// The deployment's date and time now.
    pub fn local_now(&self) -> NaiveDateTime {
        self.local_time_of(self.clock.now())
    }

    /// The deployment's date today.
    pub fn today(&self) -> NaiveDate {
        self.local_now().date()
    }

    pub fn local_time_of(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.config.time_zone).naive_local()
    }

    pub(crate) fn local_date_of(&self, at: DateTime<Utc>) -> NaiveDate {
        self.local_time_of(at).date()
    }

    /// An instant as people read it: local date and time, and the zone.
    pub fn local_text(&self, at: DateTime<Utc>) -> String {
        format!(
            "{} {}",
            self.local_time_of(at).format("%Y-%m-%d %H:%M"),
            self.config.time_zone.name()
        )
    }
}
