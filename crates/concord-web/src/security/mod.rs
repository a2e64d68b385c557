//! Protections applied to every response and every state-changing request
//! (and to the size of every request: its body and its address).

pub mod body_limit;
pub mod cookies;
pub mod csrf;
pub mod headers;
pub mod rate_limit;
pub mod uri_limit;
