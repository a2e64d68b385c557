-- Concord on PostgreSQL: areas, agencies, accounts, sessions, coordination
-- bodies and the audit log.
--
-- Conventions (shared with the SQLite migrations):
-- * constraints are named explicitly: the engine maps a violated constraint's
--   name to the input field at fault;
-- * text columns that lists are ordered by use the "C" collation, so pages
--   come out in the same (byte) order as on SQLite whatever the server's
--   locale, and a database copied between engines lists identically;
-- * foreign keys are DEFERRABLE (but checked immediately unless a
--   transaction says otherwise) so import_all can load rows in any order.

CREATE TABLE settings (
    key   text COLLATE "C" NOT NULL CONSTRAINT settings_pkey PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE areas (
    id                      uuid NOT NULL CONSTRAINT areas_pkey PRIMARY KEY,
    parent_id               uuid CONSTRAINT areas_parent_id_fkey REFERENCES areas (id)
                                DEFERRABLE INITIALLY IMMEDIATE,
    level                   text NOT NULL,
    code                    text COLLATE "C" NOT NULL CONSTRAINT areas_code_key UNIQUE,
    name                    text NOT NULL,
    adult_female_population bigint,
    created_at              timestamptz NOT NULL
);
-- Backs list_areas' order (code, id) and its keyset condition.
CREATE INDEX areas_code_id_idx ON areas (code, id);
CREATE INDEX areas_parent_id_idx ON areas (parent_id);

CREATE TABLE agencies (
    id         uuid NOT NULL CONSTRAINT agencies_pkey PRIMARY KEY,
    name       text COLLATE "C" NOT NULL CONSTRAINT agencies_name_key UNIQUE,
    sector     text NOT NULL,
    governance text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX agencies_name_id_idx ON agencies (name, id);

-- Areas an agency serves; `position` keeps the order they were given in.
CREATE TABLE agency_areas (
    agency_id uuid NOT NULL CONSTRAINT agency_areas_agency_id_fkey REFERENCES agencies (id)
                  ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    area_id   uuid NOT NULL CONSTRAINT agency_areas_area_id_fkey REFERENCES areas (id)
                  DEFERRABLE INITIALLY IMMEDIATE,
    position  integer NOT NULL,
    CONSTRAINT agency_areas_pkey PRIMARY KEY (agency_id, position)
);
CREATE INDEX agency_areas_area_id_idx ON agency_areas (area_id);

CREATE TABLE users (
    id                  uuid NOT NULL CONSTRAINT users_pkey PRIMARY KEY,
    agency_id           uuid NOT NULL CONSTRAINT users_agency_id_fkey REFERENCES agencies (id)
                            DEFERRABLE INITIALLY IMMEDIATE,
    username            text COLLATE "C" NOT NULL CONSTRAINT users_username_key UNIQUE,
    display_name        text NOT NULL,
    password_hash       text NOT NULL,
    active              boolean NOT NULL,
    demo_account        boolean NOT NULL,
    totp_secret         bytea,
    totp_pending_secret bytea,
    totp_last_step      bigint,
    password_changed_at timestamptz NOT NULL,
    created_at          timestamptz NOT NULL
);
CREATE INDEX users_username_id_idx ON users (username, id);
-- Backs list_users for one agency, in (username, id) order.
CREATE INDEX users_agency_username_idx ON users (agency_id, username, id);

CREATE TABLE user_roles (
    user_id uuid NOT NULL CONSTRAINT user_roles_user_id_fkey REFERENCES users (id)
                ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    role    text COLLATE "C" NOT NULL,
    CONSTRAINT user_roles_pkey PRIMARY KEY (user_id, role)
);

CREATE TABLE recovery_codes (
    user_id   uuid NOT NULL CONSTRAINT recovery_codes_user_id_fkey REFERENCES users (id)
                  ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    code_hash bytea NOT NULL,
    used_at   timestamptz,
    CONSTRAINT recovery_codes_pkey PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sessions (
    id                 uuid NOT NULL CONSTRAINT sessions_pkey PRIMARY KEY,
    token_hash         bytea NOT NULL CONSTRAINT sessions_token_hash_key UNIQUE,
    user_id            uuid NOT NULL CONSTRAINT sessions_user_id_fkey REFERENCES users (id)
                           DEFERRABLE INITIALLY IMMEDIATE,
    created_at         timestamptz NOT NULL,
    last_seen_at       timestamptz NOT NULL,
    second_factor_done boolean NOT NULL,
    csrf_token         text NOT NULL,
    user_agent         text NOT NULL,
    revoked_at         timestamptz
);
-- Backs list_sessions (newest first) and revoking all of a user's sessions.
CREATE INDEX sessions_user_created_idx ON sessions (user_id, created_at, id);

CREATE TABLE api_tokens (
    id           uuid NOT NULL CONSTRAINT api_tokens_pkey PRIMARY KEY,
    user_id      uuid NOT NULL CONSTRAINT api_tokens_user_id_fkey REFERENCES users (id)
                     DEFERRABLE INITIALLY IMMEDIATE,
    name         text NOT NULL,
    token_hash   bytea NOT NULL CONSTRAINT api_tokens_token_hash_key UNIQUE,
    scope        text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    last_used_at timestamptz
);
CREATE INDEX api_tokens_user_created_idx ON api_tokens (user_id, created_at, id);

-- Failed sign-ins, keyed by hashes only (no personal data).
CREATE TABLE sign_in_failures (
    account_key bytea NOT NULL,
    address_key bytea NOT NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX sign_in_failures_account_idx ON sign_in_failures (account_key, at);
CREATE INDEX sign_in_failures_address_idx ON sign_in_failures (address_key, at);

CREATE TABLE bodies (
    id         uuid NOT NULL CONSTRAINT bodies_pkey PRIMARY KEY,
    name       text COLLATE "C" NOT NULL,
    level      text NOT NULL,
    area_id    uuid NOT NULL CONSTRAINT bodies_area_id_fkey REFERENCES areas (id)
                   DEFERRABLE INITIALLY IMMEDIATE,
    parent_id  uuid CONSTRAINT bodies_parent_id_fkey REFERENCES bodies (id)
                   DEFERRABLE INITIALLY IMMEDIATE,
    created_at timestamptz NOT NULL
);

-- The audit log. Ids come from an identity sequence; BY DEFAULT (not ALWAYS)
-- so import_all can keep the ids of a copied log. `details` is text, not
-- jsonb: sealing hashes the exact bytes written.
CREATE TABLE audit_events (
    id              bigint GENERATED BY DEFAULT AS IDENTITY CONSTRAINT audit_events_pkey PRIMARY KEY,
    at              timestamptz NOT NULL,
    actor_user_id   uuid,
    actor_agency_id uuid,
    action          text NOT NULL,
    object_type     text,
    object_id       text,
    outcome         text NOT NULL,
    details         text NOT NULL,
    tree_position   bigint CONSTRAINT audit_events_tree_position_key UNIQUE,
    leaf_hash       bytea
);
CREATE INDEX audit_events_actor_user_idx ON audit_events (actor_user_id, id);
CREATE INDEX audit_events_actor_agency_idx ON audit_events (actor_agency_id, id);
CREATE INDEX audit_events_action_idx ON audit_events (action, id);
CREATE INDEX audit_events_at_idx ON audit_events (at);
-- The checkpointer reads the unsealed events in id order; they are few.
CREATE INDEX audit_events_unsealed_idx ON audit_events (id) WHERE tree_position IS NULL;

CREATE TABLE checkpoints (
    tree_size  bigint NOT NULL CONSTRAINT checkpoints_pkey PRIMARY KEY,
    root_hash  bytea NOT NULL,
    frontier   bytea NOT NULL,
    signed_at  timestamptz NOT NULL,
    public_key bytea NOT NULL,
    signature  bytea NOT NULL
);
