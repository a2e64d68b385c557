//! Concord's integration tests: the real binary's app and router on a real
//! database (SQLite and PostgreSQL), driven over real HTTP like a browser
//! or an API client would, and the `concord` command itself.

mod concord {
    pub mod access;
    pub mod account_recovery;
    pub mod api;
    pub mod api_refusals;
    pub mod audit;
    pub mod audit_network_witness;
    pub mod audit_tamper;
    pub mod backup;
    pub mod case_matrix;
    pub mod case_supervision;
    pub mod cases;
    pub mod conference_actions;
    pub mod conferences;
    pub mod consent_age;
    pub mod copy_db;
    pub mod deaths;
    pub mod directory_ownership;
    pub mod fhir;
    pub mod form_errors;
    pub mod governance;
    pub mod homicide_review;
    pub mod hsds;
    pub mod justice;
    pub mod keys;
    pub mod languages;
    pub mod last_use;
    pub mod local_time;
    pub mod paper_dates;
    pub mod protection_orders;
    pub mod referrals;
    pub mod request_ids;
    pub mod risk;
    pub mod schema;
    pub mod security;
    pub mod separation_of_duties;
    pub mod sessions;
    pub mod sign_in;
    pub mod statistics;
    pub mod statistics_funnel;
    pub mod statistics_releases;
    pub mod statistics_repeat;
    pub mod support;
    pub mod validation;
}
