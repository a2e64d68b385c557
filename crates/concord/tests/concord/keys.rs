//! Master key rotation through `concord admin rotate-master-key`: every
//! case stays readable and findable and every second factor keeps working
//! under the new key, the old key opens nothing any more, a rotation that
//! cannot open everything changes nothing, and a rotation interrupted
//! before its key file was moved is finished at the next start.

use super::support::{concord_binary, signed_in};
use chrono::Duration;
use concord_app::demo::DEMO_PASSWORD;
use concord_app::keys::{KeySources, Keys, MASTER_KEY_FILE, NEW_MASTER_KEY_FILE};
use concord_crypto::keys::MasterKey;
use concord_domain::access::Actor;
use concord_domain::agency::AgencyForm;
use concord_domain::role::Role;
use concord_domain::survivor::SurvivorForm;
use concord_store::{AuditFilter, MasterSealed, PageRequest, Store};
use concord_testkit::{Browser, Engine, TestApp, TestAppOptions, on_both_engines};
use std::path::PathBuf;
use std::sync::Arc;

on_both_engines!(
    rotation_keeps_cases_searches_and_second_factors_working,
    a_rotation_that_cannot_open_everything_changes_nothing,
    an_interrupted_rotation_is_finished_at_the_next_start,
);

const DOB: &str = "1991-05-17";

async fn open_store(url: &str) -> Arc<dyn Store> {
    if url.starts_with("postgres") {
        Arc::new(concord_store_postgres::connect(url).await.unwrap())
    } else {
        Arc::new(concord_store_sqlite::open(url).await.unwrap())
    }
}

fn key_path(t: &TestApp, name: &str) -> PathBuf {
    t.dir.path().join(name)
}

/// Puts the test app's master key in `<data-dir>/master.key`, as a
/// deployment that keeps its key in the data folder has it.
fn keep_key_in_data_dir(t: &TestApp) {
    t.keys
        .master
        .save_new(&key_path(t, MASTER_KEY_FILE))
        .unwrap();
}

fn retired_keys(t: &TestApp) -> Vec<PathBuf> {
    std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("master.key.retired-")
        })
        .collect()
}

/// Runs the binary on the test app's database with its audit signing key;
/// the master key comes from `master_key` or, if `None`, from
/// `<data-dir>/master.key`. Returns (success, stdout and stderr).
fn run(t: &TestApp, master_key: Option<&MasterKey>, args: &[&str]) -> (bool, String) {
    let mut command = concord_binary();
    command
        .args(["--database", &t.database_url])
        .args(args)
        .env_remove("CONCORD_MASTER_KEY")
        .env(
            "CONCORD_AUDIT_SIGNING_KEY",
            t.keys.audit_signing.to_base64().as_str(),
        )
        .env("CONCORD_DATA_DIR", t.dir.path())
        .env("CONCORD_LOG", "error");
    if let Some(key) = master_key {
        command.env("CONCORD_MASTER_KEY", key.to_base64().as_str());
    }
    let output = command.output().expect("run concord");
    let mut text = String::from_utf8_lossy(&output.stdout).to_string();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// The keys an instance restarted after the rotation loads: the master key
/// from the data folder, the same audit signing key.
fn keys_from_data_dir(t: &TestApp) -> Keys {
    let signing = t.keys.audit_signing.to_base64();
    Keys::load(&KeySources {
        data_dir: t.dir.path(),
        master_key: None,
        audit_signing_key: Some(signing.as_str()),
    })
    .unwrap()
}

async fn register(browser: &mut Browser, name: &str) -> String {
    browser.get("/cases/new").await;
    let reply = browser
        .post(
            "/cases/new",
            &[
                ("name", name),
                ("date_of_birth", DOB),
                ("sex_gender", "female"),
                ("displacement", "resident"),
                ("contact_method", "phone"),
                ("contact_details", "+000 555 0199"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    reply.location.expect("the new case")
}

async fn record_incident(browser: &mut Browser, case: &str, perpetrator: &str, narrative: &str) {
    browser.get(case).await;
    let reply = browser
        .post(
            &format!("{case}/incidents"),
            &[
                ("incident_date", "2026-03-01"),
                ("incident_time", "22:30"),
                ("date_first_reported", "2026-03-02"),
                ("penetration", "yes"),
                ("context_flags", "intimate_partner_violence"),
                ("perpetrator_relationship", "intimate_partner"),
                ("perpetrator_sex", "male"),
                ("perpetrator_age_group", "26_40"),
                ("perpetrator_identity", perpetrator),
                ("narrative", narrative),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
}

/// "Find a survivor" by name and date of birth: whether `case` is listed.
async fn finds(browser: &mut Browser, name: &str, case: &str) -> bool {
    browser.get("/cases/find").await;
    let page = browser
        .post("/cases/find", &[("name", name), ("date_of_birth", DOB)])
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    page.contains(&format!("href=\"{case}\""))
}

async fn shelter_actor(t: &TestApp) -> Actor {
    Actor {
        user_id: t.user_id("shelter.caseworker").await,
        agency_id: t
            .app
            .find_agency_for_command_line("Safe Haven Women's Shelter")
            .await
            .unwrap()
            .unwrap()
            .id,
        roles: vec![Role::Caseworker],
        token_scope: None,
    }
}

async fn rotation_events(store: &dyn Store) -> Vec<String> {
    let filter = AuditFilter {
        action: Some("master_key.rotated".into()),
        ..Default::default()
    };
    store
        .list_audit_events(&filter, &PageRequest::first(10))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|e| e.details)
        .collect()
}

/// Everything the master key seals, and the shared index key.
async fn sealed_state(store: &dyn Store) -> (MasterSealed, Option<String>) {
    (
        store.list_master_sealed().await.unwrap(),
        store.get_setting("blind-index.shared-key").await.unwrap(),
    )
}

async fn rotation_keeps_cases_searches_and_second_factors_working(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, secret) = signed_in(&t, "shelter.caseworker").await;
    let secret = secret.expect("the caseworker enrolled a second factor");
    let name = "Rotaline Qx9 Marwick";
    let case = register(&mut caseworker, name).await;
    record_incident(&mut caseworker, &case, "PerpRotQx9", "StoryRotQx9").await;
    assert!(finds(&mut caseworker, name, &case).await);
    keep_key_in_data_dir(&t);
    let old_master = MasterKey::from_bytes(t.keys.master.expose_secret()).unwrap();

    let (ok, said) = run(&t, None, &["admin", "rotate-master-key"]);
    assert!(ok, "{said}");
    assert!(said.contains("must be stopped"), "{said}");
    assert!(said.contains("restart every instance"), "{said}");

    // The new key replaced master.key; the old one is kept, retired.
    let new_master = MasterKey::load(&key_path(&t, MASTER_KEY_FILE))
        .unwrap()
        .unwrap();
    assert!(!new_master.same_as(&old_master));
    assert!(
        !said.contains(new_master.to_base64().as_str()),
        "key printed"
    );
    assert!(!key_path(&t, NEW_MASTER_KEY_FILE).exists());
    let retired = retired_keys(&t);
    assert_eq!(retired.len(), 1, "{retired:?}");
    assert!(
        MasterKey::load(&retired[0])
            .unwrap()
            .unwrap()
            .same_as(&old_master)
    );
    assert!(said.contains(&retired[0].display().to_string()), "{said}");
    let store = open_store(&t.database_url).await;
    let events = rotation_events(&*store).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].contains("\"data_keys\""), "{}", events[0]);
    assert!(!events[0].contains("Rotaline"));

    // Restarted with the new key: the caseworker signs in with her
    // password and a code from the same authenticator (her secret was
    // re-sealed), the case decrypts, and finding her by name and date of
    // birth still works (the blind index key did not change).
    let restarted = t
        .spawn_sharing_with_keys(Arc::new(keys_from_data_dir(&t)))
        .await;
    t.clock.advance(Duration::seconds(60));
    let mut browser = restarted.browser();
    let (home, _) = browser
        .sign_in_fully("shelter.caseworker", DEMO_PASSWORD, Some(&secret))
        .await;
    assert!(home.contains("Needs my attention"), "{}", home.body);
    let page = browser.get(&case).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for shown in [name, "PerpRotQx9", "StoryRotQx9"] {
        assert!(page.contains(shown), "{shown} is shown after the rotation");
    }
    assert!(finds(&mut browser, "  rotaline QX9   marwick ", &case).await);
    // The shared perpetrator index too: a new incident naming the same
    // person gets the same index as the one recorded before.
    record_incident(&mut browser, &case, "perprotqx9", "Later story").await;
    let case_id = case.trim_start_matches("/cases/").parse().unwrap();
    let incidents = store.list_incidents(case_id).await.unwrap();
    assert_eq!(incidents.len(), 2);
    assert!(incidents[0].perpetrator_index.is_some());
    assert_eq!(
        incidents[0].perpetrator_index,
        incidents[1].perpetrator_index
    );

    // The old key opens nothing any more: an instance started with it
    // fails loudly instead of showing anything…
    let stale = t.spawn_sharing(TestAppOptions::default()).await;
    match stale
        .app
        .read_case(&shelter_actor(&t).await, case_id, None)
        .await
    {
        Err(concord_app::AppError::Crypto(_)) => {}
        Err(other) => panic!("expected a key error, got {other}"),
        Ok(_) => panic!("the old master key opened the case"),
    }
    // …and `concord serve` refuses to start with it.
    let mut serve = concord_binary();
    serve
        .args([
            "--database",
            &t.database_url,
            "serve",
            "--listen",
            "127.0.0.1:0",
        ])
        .env("CONCORD_MASTER_KEY", old_master.to_base64().as_str())
        .env(
            "CONCORD_AUDIT_SIGNING_KEY",
            t.keys.audit_signing.to_base64().as_str(),
        )
        .env("CONCORD_DATA_DIR", t.dir.path())
        .env("CONCORD_LOG", "error")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = serve.spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("concord serve started with the old master key");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!status.success());
    assert!(stderr.contains("master key does not open"), "{stderr}");
}

async fn a_rotation_that_cannot_open_everything_changes_nothing(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, secret) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Unrotated Qx9 Person").await;
    record_incident(&mut caseworker, &case, "PerpKeptQx9", "Kept story").await;

    // One agency's data key is wrapped by another master key (an instance
    // misconfigured with the wrong key created it).
    let form = AgencyForm {
        name: "Rotation Test Agency".into(),
        sector: "shelter_womens_ngo".into(),
        governance: "non_government".into(),
        area_ids: Vec::new(),
    };
    let agency = t.app.create_agency(None, &form).await.unwrap();
    t.create_user("rota.worker", "Rotation Test Agency", &["caseworker"])
        .await;
    let misconfigured = t.spawn_with_other_keys().await;
    let actor = Actor {
        user_id: t.user_id("rota.worker").await,
        agency_id: agency.id,
        roles: vec![Role::Caseworker],
        token_scope: None,
    };
    let survivor = SurvivorForm {
        name: "Other Key Qx9".into(),
        date_of_birth: DOB.into(),
        sex_gender: "female".into(),
        displacement: "resident".into(),
        contact_method: "phone".into(),
        contact_details: "+000 555 0100".into(),
        ..Default::default()
    };
    misconfigured
        .app
        .register_survivor(&actor, &survivor)
        .await
        .unwrap();

    let store = open_store(&t.database_url).await;
    let before = sealed_state(&*store).await;
    assert!(before.1.is_some(), "the shared index key exists");
    keep_key_in_data_dir(&t);

    // Through the binary: refused, nothing changed, the key files as they were.
    let (ok, said) = run(&t, None, &["admin", "rotate-master-key"]);
    assert!(!ok, "{said}");
    assert!(said.contains("nothing was changed"), "{said}");
    assert!(said.contains("does not unwrap"), "{said}");
    assert_eq!(sealed_state(&*store).await, before);
    assert!(
        MasterKey::load(&key_path(&t, MASTER_KEY_FILE))
            .unwrap()
            .unwrap()
            .same_as(&t.keys.master)
    );
    assert!(!key_path(&t, NEW_MASTER_KEY_FILE).exists());
    assert!(retired_keys(&t).is_empty());

    // In the app: the same.
    match t.app.rotate_master_key(&MasterKey::generate()).await {
        Err(concord_app::AppError::Crypto(_)) => {}
        other => panic!("expected a key error, got {other:?}"),
    }
    assert_eq!(sealed_state(&*store).await, before);
    assert!(rotation_events(&*store).await.is_empty());

    // Everything still works with the current key.
    t.clock.advance(Duration::seconds(60));
    let mut browser = t.browser();
    let (home, _) = browser
        .sign_in_fully("shelter.caseworker", DEMO_PASSWORD, secret.as_deref())
        .await;
    assert!(home.contains("Needs my attention"), "{}", home.body);
    assert!(browser.get(&case).await.contains("PerpKeptQx9"));
    assert!(finds(&mut browser, "Unrotated Qx9 Person", &case).await);
}

async fn an_interrupted_rotation_is_finished_at_the_next_start(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Interrupted Qx9 Person").await;
    keep_key_in_data_dir(&t);

    // A master.key.new that the database never used (the rotation failed
    // before its commit): no instance starts until the operator decides.
    let unused = MasterKey::generate();
    unused.save_new(&key_path(&t, NEW_MASTER_KEY_FILE)).unwrap();
    let (ok, said) = run(&t, None, &["migrate"]);
    assert!(!ok, "{said}");
    assert!(said.contains("did not complete"), "{said}");
    assert!(
        MasterKey::load(&key_path(&t, MASTER_KEY_FILE))
            .unwrap()
            .unwrap()
            .same_as(&t.keys.master)
    );
    assert!(key_path(&t, NEW_MASTER_KEY_FILE).exists());
    std::fs::remove_file(key_path(&t, NEW_MASTER_KEY_FILE)).unwrap();

    // The rotation committed but the process died before moving the key
    // file: the next start finishes it.
    let new_master = MasterKey::generate();
    new_master
        .save_new(&key_path(&t, NEW_MASTER_KEY_FILE))
        .unwrap();
    t.app.rotate_master_key(&new_master).await.unwrap();
    let (ok, said) = run(&t, None, &["migrate"]);
    assert!(ok, "{said}");
    assert!(
        said.contains("finished an interrupted master key rotation"),
        "{said}"
    );
    assert!(
        MasterKey::load(&key_path(&t, MASTER_KEY_FILE))
            .unwrap()
            .unwrap()
            .same_as(&new_master)
    );
    assert!(!key_path(&t, NEW_MASTER_KEY_FILE).exists());
    let retired = retired_keys(&t);
    assert_eq!(retired.len(), 1);
    assert!(
        MasterKey::load(&retired[0])
            .unwrap()
            .unwrap()
            .same_as(&t.keys.master)
    );
    let restarted = t
        .spawn_sharing_with_keys(Arc::new(keys_from_data_dir(&t)))
        .await;
    let case_id = case.trim_start_matches("/cases/").parse().unwrap();
    let file = restarted
        .app
        .read_case(&shelter_actor(&t).await, case_id, None)
        .await
        .unwrap();
    assert_eq!(
        file.survivor.unwrap().name.as_deref(),
        Some("Interrupted Qx9 Person")
    );

    // With the key in CONCORD_MASTER_KEY the file is left for the
    // operator, and an instance still given the old key refuses to start.
    let (ok, said) = run(&t, Some(&new_master), &["admin", "rotate-master-key"]);
    assert!(ok, "{said}");
    assert!(said.contains("CONCORD_MASTER_KEY"), "{said}");
    let newest = MasterKey::load(&key_path(&t, NEW_MASTER_KEY_FILE))
        .unwrap()
        .unwrap();
    assert!(!said.contains(newest.to_base64().as_str()), "key printed");
    let (ok, said) = run(&t, Some(&new_master), &["migrate"]);
    assert!(!ok, "{said}");
    assert!(said.contains("put the content"), "{said}");
    let (ok, said) = run(&t, Some(&newest), &["migrate"]);
    assert!(ok, "{said}");
    assert!(said.contains("delete the file"), "{said}");
}
