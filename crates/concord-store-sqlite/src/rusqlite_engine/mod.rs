//! SQLite through rusqlite on tokio's blocking threads: the engine the
//! store runs on by default.
//!
//! sqlx's SQLite driver runs each connection on a worker thread of its own
//! and hands every step of every statement to it and back through channels;
//! under load about a third of the CPU went to those thread switches. Here a
//! whole statement — prepare (from the connection's statement cache), bind,
//! step through every row, read them — runs in one blocking task: one
//! hand-off per statement, not per row.

mod connection;
mod errors;
mod pool;
mod values;

pub(crate) use connection::NativeConn;
pub(crate) use pool::{ConnectionPool, ConnectionSettings};
