//! Protections applied to every response and every state-changing request.

pub mod body_limit;
pub mod cookies;
pub mod csrf;
pub mod headers;
pub mod rate_limit;
