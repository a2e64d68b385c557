-- Concord on SQLite: areas, agencies, accounts, sessions, coordination
-- bodies and the audit log.
--
-- Conventions (the PostgreSQL migrations follow the same names):
-- * ids are the uuid's 16 bytes (BLOB), so byte order = uuid order on both
--   engines and keyset pages come out in the same order;
-- * timestamps are INTEGER unix microseconds (PostgreSQL's precision);
-- * booleans are INTEGER 0/1;
-- * every constraint is named like its PostgreSQL twin. SQLite does not
--   report constraint names, so the engine maps errors by table.column and by
--   the statement that failed.
-- STRICT tables refuse values of the wrong type instead of storing them.

CREATE TABLE settings (
    key   TEXT NOT NULL CONSTRAINT settings_pkey PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE areas (
    id                      BLOB NOT NULL CONSTRAINT areas_pkey PRIMARY KEY,
    parent_id               BLOB CONSTRAINT areas_parent_id_fkey REFERENCES areas (id),
    level                   TEXT NOT NULL,
    code                    TEXT NOT NULL CONSTRAINT areas_code_key UNIQUE,
    name                    TEXT NOT NULL,
    adult_female_population INTEGER,
    created_at              INTEGER NOT NULL
) STRICT;
-- Backs list_areas' order (code, id) and its keyset condition.
CREATE INDEX areas_code_id_idx ON areas (code, id);
CREATE INDEX areas_parent_id_idx ON areas (parent_id);

CREATE TABLE agencies (
    id         BLOB NOT NULL CONSTRAINT agencies_pkey PRIMARY KEY,
    name       TEXT NOT NULL CONSTRAINT agencies_name_key UNIQUE,
    sector     TEXT NOT NULL,
    governance TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX agencies_name_id_idx ON agencies (name, id);

-- Areas an agency serves; `position` keeps the order they were given in.
CREATE TABLE agency_areas (
    agency_id BLOB NOT NULL CONSTRAINT agency_areas_agency_id_fkey REFERENCES agencies (id) ON DELETE CASCADE,
    area_id   BLOB NOT NULL CONSTRAINT agency_areas_area_id_fkey REFERENCES areas (id),
    position  INTEGER NOT NULL,
    CONSTRAINT agency_areas_pkey PRIMARY KEY (agency_id, position)
) STRICT;
CREATE INDEX agency_areas_area_id_idx ON agency_areas (area_id);

CREATE TABLE users (
    id                  BLOB NOT NULL CONSTRAINT users_pkey PRIMARY KEY,
    agency_id           BLOB NOT NULL CONSTRAINT users_agency_id_fkey REFERENCES agencies (id),
    username            TEXT NOT NULL CONSTRAINT users_username_key UNIQUE,
    display_name        TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    active              INTEGER NOT NULL CHECK (active IN (0, 1)),
    demo_account        INTEGER NOT NULL CHECK (demo_account IN (0, 1)),
    totp_secret         BLOB,
    totp_pending_secret BLOB,
    totp_last_step      INTEGER,
    password_changed_at INTEGER NOT NULL,
    created_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX users_username_id_idx ON users (username, id);
-- Backs list_users for one agency, in (username, id) order.
CREATE INDEX users_agency_username_idx ON users (agency_id, username, id);

CREATE TABLE user_roles (
    user_id BLOB NOT NULL CONSTRAINT user_roles_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL,
    CONSTRAINT user_roles_pkey PRIMARY KEY (user_id, role)
) STRICT;

CREATE TABLE recovery_codes (
    user_id   BLOB NOT NULL CONSTRAINT recovery_codes_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    code_hash BLOB NOT NULL,
    used_at   INTEGER,
    CONSTRAINT recovery_codes_pkey PRIMARY KEY (user_id, code_hash)
) STRICT;

CREATE TABLE sessions (
    id                 BLOB NOT NULL CONSTRAINT sessions_pkey PRIMARY KEY,
    token_hash         BLOB NOT NULL CONSTRAINT sessions_token_hash_key UNIQUE,
    user_id            BLOB NOT NULL CONSTRAINT sessions_user_id_fkey REFERENCES users (id),
    created_at         INTEGER NOT NULL,
    last_seen_at       INTEGER NOT NULL,
    second_factor_done INTEGER NOT NULL CHECK (second_factor_done IN (0, 1)),
    csrf_token         TEXT NOT NULL,
    user_agent         TEXT NOT NULL,
    revoked_at         INTEGER
) STRICT;
-- Backs list_sessions (newest first) and revoking all of a user's sessions.
CREATE INDEX sessions_user_created_idx ON sessions (user_id, created_at, id);

CREATE TABLE api_tokens (
    id           BLOB NOT NULL CONSTRAINT api_tokens_pkey PRIMARY KEY,
    user_id      BLOB NOT NULL CONSTRAINT api_tokens_user_id_fkey REFERENCES users (id),
    name         TEXT NOT NULL,
    token_hash   BLOB NOT NULL CONSTRAINT api_tokens_token_hash_key UNIQUE,
    scope        TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER,
    last_used_at INTEGER
) STRICT;
CREATE INDEX api_tokens_user_created_idx ON api_tokens (user_id, created_at, id);

-- Sign-in attempts not yet cleared (registered before their outcome is
-- known; a successful sign-in deletes the account's), keyed by hashes only
-- (no personal data).
CREATE TABLE sign_in_failures (
    account_key BLOB NOT NULL,
    address_key BLOB NOT NULL,
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_account_idx ON sign_in_failures (account_key, at);
CREATE INDEX sign_in_failures_address_idx ON sign_in_failures (address_key, at);

CREATE TABLE bodies (
    id         BLOB NOT NULL CONSTRAINT bodies_pkey PRIMARY KEY,
    name       TEXT NOT NULL,
    level      TEXT NOT NULL,
    area_id    BLOB NOT NULL CONSTRAINT bodies_area_id_fkey REFERENCES areas (id),
    parent_id  BLOB CONSTRAINT bodies_parent_id_fkey REFERENCES bodies (id),
    created_at INTEGER NOT NULL
) STRICT;

-- The audit log. `id` is SQLite's rowid, assigned in insertion order.
-- AUTOINCREMENT makes SQLite remember the highest id ever used (in
-- sqlite_sequence, which inserts with explicit ids, as import_all makes, also
-- move forward), so an id is never handed out twice: without it, deleting the
-- newest event would let the next one take its id and hide the deletion.
-- `details` is the JSON text exactly as written: sealing hashes these bytes.
CREATE TABLE audit_events (
    id              INTEGER NOT NULL CONSTRAINT audit_events_pkey PRIMARY KEY AUTOINCREMENT,
    at              INTEGER NOT NULL,
    actor_user_id   BLOB,
    actor_agency_id BLOB,
    action          TEXT NOT NULL,
    object_type     TEXT,
    object_id       TEXT,
    outcome         TEXT NOT NULL,
    details         TEXT NOT NULL,
    tree_position   INTEGER CONSTRAINT audit_events_tree_position_key UNIQUE,
    leaf_hash       BLOB
) STRICT;
CREATE INDEX audit_events_actor_user_idx ON audit_events (actor_user_id, id);
CREATE INDEX audit_events_actor_agency_idx ON audit_events (actor_agency_id, id);
CREATE INDEX audit_events_action_idx ON audit_events (action, id);
CREATE INDEX audit_events_at_idx ON audit_events (at);
-- The checkpointer reads the unsealed events in id order; they are few.
CREATE INDEX audit_events_unsealed_idx ON audit_events (id) WHERE tree_position IS NULL;

CREATE TABLE checkpoints (
    tree_size  INTEGER NOT NULL CONSTRAINT checkpoints_pkey PRIMARY KEY,
    root_hash  BLOB NOT NULL,
    frontier   BLOB NOT NULL,
    signed_at  INTEGER NOT NULL,
    public_key BLOB NOT NULL,
    signature  BLOB NOT NULL
) STRICT;
