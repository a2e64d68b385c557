//! What statistics read besides the incident counts (`incident_counts`):
//! the areas they roll up by. No id, reference or name of a person leaves
//! here.

use crate::areas_and_agencies::all_areas;
use crate::sql::*;
use concord_store::{AreaRow, StoreResult};

pub async fn statistics_areas(pool: &dyn Database) -> StoreResult<Vec<AreaRow>> {
    let mut tx = read_tx(pool).await?;
    let mut areas = all_areas(&mut *tx).await?;
    tx.commit().await.map_err(db)?;
    areas.sort_by(|a, b| a.code.as_bytes().cmp(b.code.as_bytes()));
    Ok(areas)
}
