//! Concord's use cases. Each public function decides whether the actor may
//! act (through `concord-domain`), makes the change and records its audit
//! event through one store call, so the change and its audit event commit
//! together or not at all. Nothing here knows about HTTP.

pub mod account_recovery;
pub mod accounts;
pub mod agencies;
pub mod app;
pub mod areas;
pub mod audit;
pub mod audit_alarm;
pub mod audit_cosigning;
pub mod audit_health;
pub mod audit_log;
pub mod audit_verify;
pub mod audit_witness;
pub mod audit_witness_service;
pub mod bodies;
pub mod cases;
pub mod clock;
pub mod copy;
pub mod deaths;
pub mod demo;
pub mod demo_cases;
pub mod demo_conferences;
pub mod demo_deaths;
pub mod demo_governance;
pub mod demo_justice;
pub mod demo_protection;
pub mod demo_referrals;
pub mod demo_review;
pub mod demo_statistics;
pub mod directory;
pub mod error;
pub mod field_crypto;
pub mod governance;
pub mod homicide_review;
pub mod housekeeping;
pub mod justice;
pub mod key_rotation;
pub mod keys;
mod last_use;
pub mod local_time;
pub mod my_account;
pub mod my_language;
pub mod national;
mod national_cases;
pub mod protection;
pub mod referrals;
pub mod risk;
pub mod second_factor;
pub mod sign_in;
pub mod signed_in;
pub mod statistics;
pub mod statistics_funnel;
pub mod statistics_release;
pub mod statistics_repeat;
pub mod statistics_request;

pub use app::{App, AppConfig};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::AppError;
pub use signed_in::{SessionStage, SignedIn};
