//! The deployment's local time. Instants are stored in UTC; what people
//! read and enter — dates on forms, "today", working hours, the end of a
//! day — is in the deployment's time zone (`--time-zone`, an IANA name; UTC
//! by default). Every conversion goes through `concord_domain::local_time`
//! with the deployment's zone; these are its shortcuts.

use crate::app::App;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use concord_domain::local_time::{self, EnteredEnd};

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
        local_time::local_of(self.config.time_zone, at)
    }

    pub(crate) fn local_date_of(&self, at: DateTime<Utc>) -> NaiveDate {
        local_time::date_of(self.config.time_zone, at)
    }

    /// The instant a local date and time someone entered stands for.
    pub fn instant_of_local(&self, local: NaiveDateTime) -> DateTime<Utc> {
        local_time::instant_of(self.config.time_zone, local)
    }

    /// An instant as people read it: local date and time, and the zone.
    pub fn local_text(&self, at: DateTime<Utc>) -> String {
        local_time::text(self.config.time_zone, at)
    }

    /// The end of a period as it was entered (the local day it covers).
    pub fn end_as_entered(&self, end: DateTime<Utc>) -> EnteredEnd {
        local_time::end_as_entered(self.config.time_zone, end)
    }
}
