//! Conformance cases for the engine's name and the settings: small
//! key/value facts, replaced at will or set only once.

use super::*;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_settings {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            engine_is_named,
            settings_round_trip,
            settings_can_be_set_only_once,
        );
    };
}

pub async fn engine_is_named(fresh: &Fresh) {
    let f = fresh.fixture().await;
    assert!(["sqlite", "postgres"].contains(&f.store().engine()));
}

pub async fn settings_round_trip(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    assert_eq!(store.get_setting("demo.seeded").await.unwrap(), None);
    store.put_setting("demo.seeded", "no").await.unwrap();
    store.put_setting("demo.seeded", "yes").await.unwrap();
    store.put_setting("other", "ünïcode ✓").await.unwrap();
    assert_eq!(
        store.get_setting("demo.seeded").await.unwrap().as_deref(),
        Some("yes")
    );
    assert_eq!(
        store.get_setting("other").await.unwrap().as_deref(),
        Some("ünïcode ✓")
    );
}

pub async fn settings_can_be_set_only_once(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    assert!(store.insert_setting_if_absent("k", "first").await.unwrap());
    assert!(!store.insert_setting_if_absent("k", "second").await.unwrap());
    assert_eq!(
        store.get_setting("k").await.unwrap().as_deref(),
        Some("first")
    );
    // Racing instances agree on one value.
    let other = f.another_instance().await;
    let (a, b) = tokio::join!(
        store.insert_setting_if_absent("race", "a"),
        other.insert_setting_if_absent("race", "b")
    );
    assert!(a.unwrap() ^ b.unwrap(), "exactly one of them set it");
    let value = store.get_setting("race").await.unwrap().unwrap();
    assert!(value == "a" || value == "b");
}
