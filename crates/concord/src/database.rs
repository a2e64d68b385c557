//! Opening the database named on the command line, on either engine.

use anyhow::Context;
use concord_store::Store;
use std::path::Path;
use std::sync::Arc;

pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// The database URL: the one given, or the SQLite file in the data folder.
pub fn database_url(given: Option<&str>, data_dir: &Path) -> String {
    match given {
        Some(url) => url.to_string(),
        None => data_dir.join("concord.db").display().to_string(),
    }
}

/// Opens (and migrates) the database.
pub async fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    if is_postgres(url) {
        let store = concord_store_postgres::connect(url)
            .await
            .context("could not open the PostgreSQL database")?;
        Ok(Arc::new(store))
    } else {
        let store = concord_store_sqlite::open(url)
            .await
            .with_context(|| format!("could not open the SQLite database {url}"))?;
        Ok(Arc::new(store))
    }
}
