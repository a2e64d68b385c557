//! Keyset pagination shared by every list.

use concord_store::{Page, PageRequest, StoreError, StoreResult, cursor};
use uuid::Uuid;

/// The page size asked for, clamped to 1..=500.
pub fn limit(page: &PageRequest) -> usize {
    page.limit.clamp(1, PageRequest::MAX_LIMIT) as usize
}

/// Rows to fetch: one more than the page holds, to learn whether another
/// page follows.
pub fn fetch_limit(page: &PageRequest) -> i64 {
    limit(page) as i64 + 1
}

/// The (text, id) sort key of the last row seen, if any.
pub fn text_and_id(page: &PageRequest) -> StoreResult<Option<(String, Uuid)>> {
    let Some(after) = &page.after else {
        return Ok(None);
    };
    let mut parts = cursor::decode(after, 2).ok_or(StoreError::InvalidCursor)?;
    let id = Uuid::parse_str(&parts[1]).map_err(|_| StoreError::InvalidCursor)?;
    Ok(Some((parts.swap_remove(0), id)))
}

pub fn text_and_id_cursor(text: &str, id: Uuid) -> String {
    cursor::encode(&[text, &id.to_string()])
}

/// The (timestamp in unix microseconds, id) sort key of the last row seen,
/// if any.
pub fn micros_and_id(page: &PageRequest) -> StoreResult<Option<(i64, Uuid)>> {
    let Some(after) = &page.after else {
        return Ok(None);
    };
    let parts = cursor::decode(after, 2).ok_or(StoreError::InvalidCursor)?;
    let micros = parts[0].parse().map_err(|_| StoreError::InvalidCursor)?;
    let id = Uuid::parse_str(&parts[1]).map_err(|_| StoreError::InvalidCursor)?;
    Ok(Some((micros, id)))
}

pub fn micros_and_id_cursor(micros: i64, id: Uuid) -> String {
    cursor::encode(&[&micros.to_string(), &id.to_string()])
}

/// The audit event id of the last row seen, if any.
pub fn event_id(page: &PageRequest) -> StoreResult<Option<i64>> {
    let Some(after) = &page.after else {
        return Ok(None);
    };
    let parts = cursor::decode(after, 1).ok_or(StoreError::InvalidCursor)?;
    parts[0]
        .parse()
        .map(Some)
        .map_err(|_| StoreError::InvalidCursor)
}

pub fn event_id_cursor(id: i64) -> String {
    cursor::encode(&[&id.to_string()])
}

/// Cuts the extra row off and makes the next cursor from the last row kept.
pub fn finish<T>(
    mut rows: Vec<T>,
    page: &PageRequest,
    cursor_of: impl Fn(&T) -> String,
) -> Page<T> {
    let limit = limit(page);
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(cursor_of)
    } else {
        None
    };
    Page { items: rows, next }
}
