//! The SQL layer every store module is written on: values, rows, queries,
//! errors and the engine interface. Nothing here knows an engine.

pub mod engine;
pub mod errors;
pub mod paging;
pub mod query;
pub mod references;
pub mod row;
pub mod value;

pub use engine::{Connection, Database};
pub use errors::{DbError, DbResult, db, referencing, unique_as};
pub use query::{
    Done, FromRow, On, Query, QueryAs, QueryBuilder, QueryScalar, query, query_as, query_scalar,
};
pub use references::{Reference, require};
pub use row::{
    Row, corrupt, get, get_at, get_labels, get_labels_opt, get_parsed, get_parsed_opt, labels,
};
pub use value::{FromValue, IntoValue, Kind, Value};

use concord_store::StoreResult;

/// A write transaction (see [`Database::begin_write`]).
pub async fn write_tx(db: &dyn Database) -> StoreResult<Box<dyn Connection>> {
    Ok(db.begin_write().await?)
}

/// A read-only snapshot (see [`Database::begin_read`]).
pub async fn read_tx(db: &dyn Database) -> StoreResult<Box<dyn Connection>> {
    Ok(db.begin_read().await?)
}
