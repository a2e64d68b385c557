-- Concord on PostgreSQL: survivors' cases (survivors, cases, incidents,
-- consents, lawful shares, break-glass openings, notes, plans, tasks), the
-- per-agency data keys that encrypt them, and the audit index behind a
-- survivor's "who has accessed this file" report.
--
-- Conventions of 0001 (named constraints, deferrable foreign keys), and
-- besides:
-- * calendar dates are `date`, times of day `time` (microseconds);
-- * sets (purposes, data categories, context flags, languages) are text[]
--   of their labels, in the order given;
-- * bytea columns named after identifying or narrative data (name,
--   other_identifiers, date_of_birth, contact, perpetrator_identity,
--   narrative, reason, why_not_told, review_comment, approval_comment, body,
--   description, title) hold ciphertext made above the store; blind indexes
--   (name_dob_index, perpetrator_index) are keyed hashes;
-- * everything about a survivor hangs from her survivors row through
--   ON DELETE CASCADE, so purging her is one DELETE and leaves nothing.

-- One version of one agency's data key, wrapped by the master key.
CREATE TABLE data_keys (
    agency_id  uuid NOT NULL CONSTRAINT data_keys_agency_id_fkey REFERENCES agencies (id)
                   DEFERRABLE INITIALLY IMMEDIATE,
    key_id     uuid NOT NULL,
    version    integer NOT NULL,
    wrapped    bytea NOT NULL,
    created_at timestamptz NOT NULL,
    active     boolean NOT NULL,
    CONSTRAINT data_keys_pkey PRIMARY KEY (key_id, version)
);
-- Backs list_data_keys (oldest first).
CREATE INDEX data_keys_agency_created_idx ON data_keys (agency_id, created_at, version);
-- At most one active version per agency.
CREATE UNIQUE INDEX data_keys_one_active_idx ON data_keys (agency_id) WHERE active;

CREATE TABLE case_settings (
    agency_id                 uuid NOT NULL CONSTRAINT case_settings_pkey PRIMARY KEY
                                  CONSTRAINT case_settings_agency_id_fkey REFERENCES agencies (id)
                                  DEFERRABLE INITIALLY IMMEDIATE,
    plan_requires_approval    boolean NOT NULL,
    closure_requires_approval boolean NOT NULL,
    retention_months          integer
);

CREATE TABLE survivors (
    id                uuid NOT NULL CONSTRAINT survivors_pkey PRIMARY KEY,
    agency_id         uuid NOT NULL CONSTRAINT survivors_agency_id_fkey REFERENCES agencies (id)
                          DEFERRABLE INITIALLY IMMEDIATE,
    reference         text COLLATE "C" NOT NULL CONSTRAINT survivors_reference_key UNIQUE,
    name              bytea,
    other_identifiers bytea,
    date_of_birth     bytea,
    age_group         text,
    sex_gender        text NOT NULL,
    disability        boolean NOT NULL,
    displacement      text NOT NULL,
    languages         text[] NOT NULL,
    contact           bytea,
    name_dob_index    bytea,
    legal_hold        boolean NOT NULL,
    created_by        uuid NOT NULL CONSTRAINT survivors_created_by_fkey REFERENCES users (id)
                          DEFERRABLE INITIALLY IMMEDIATE,
    created_at        timestamptz NOT NULL
);
-- Backs find_survivors (newest first) and survivors_due_for_purge (by agency).
CREATE INDEX survivors_agency_name_dob_idx ON survivors (agency_id, name_dob_index, created_at);

CREATE TABLE cases (
    id                  uuid NOT NULL CONSTRAINT cases_pkey PRIMARY KEY,
    survivor_id         uuid NOT NULL CONSTRAINT cases_survivor_id_fkey REFERENCES survivors (id)
                            ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    owning_agency       uuid NOT NULL CONSTRAINT cases_owning_agency_fkey REFERENCES agencies (id)
                            DEFERRABLE INITIALLY IMMEDIATE,
    assigned_caseworker uuid CONSTRAINT cases_assigned_caseworker_fkey REFERENCES users (id)
                            DEFERRABLE INITIALLY IMMEDIATE,
    status              text NOT NULL,
    plan_approval       text,
    closure_approval    text,
    closure_reason      text,
    approval_comment    bytea,
    opened_at           timestamptz NOT NULL,
    closed_at           timestamptz,
    updated_at          timestamptz NOT NULL
);
-- Backs list_survivor_cases (oldest first) and the cascade from survivors.
CREATE INDEX cases_survivor_opened_idx ON cases (survivor_id, opened_at, id);
-- Backs list_cases for the owning agency, newest updated_at first.
CREATE INDEX cases_owner_updated_idx ON cases (owning_agency, updated_at, id);
-- Backs list_cases narrowed to one caseworker ("my cases").
CREATE INDEX cases_assigned_updated_idx ON cases (assigned_caseworker, updated_at, id);

CREATE TABLE incidents (
    id                         uuid NOT NULL CONSTRAINT incidents_pkey PRIMARY KEY,
    case_id                    uuid NOT NULL CONSTRAINT incidents_case_id_fkey REFERENCES cases (id)
                                   ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    incident_date              date NOT NULL,
    incident_time              time,
    date_first_reported        date NOT NULL,
    area_id                    uuid CONSTRAINT incidents_area_id_fkey REFERENCES areas (id)
                                   DEFERRABLE INITIALLY IMMEDIATE,
    gbv_type                   text NOT NULL,
    context_flags              text[] NOT NULL,
    perpetrator_relationship   text NOT NULL,
    perpetrator_sex            text NOT NULL,
    perpetrator_age_group      text NOT NULL,
    perpetrator_identity       bytea,
    perpetrator_index          bytea,
    survivor_age_group         text,
    reporting_delay            text NOT NULL,
    already_reported_elsewhere boolean NOT NULL,
    consent_to_statistics      boolean NOT NULL,
    narrative                  bytea,
    created_by                 uuid NOT NULL CONSTRAINT incidents_created_by_fkey REFERENCES users (id)
                                   DEFERRABLE INITIALLY IMMEDIATE,
    created_at                 timestamptz NOT NULL
);
CREATE INDEX incidents_case_date_idx ON incidents (case_id, incident_date, created_at, id);
-- Backs find_incidents_by_perpetrator.
CREATE INDEX incidents_perpetrator_idx ON incidents (perpetrator_index)
    WHERE perpetrator_index IS NOT NULL;
CREATE INDEX incidents_area_idx ON incidents (area_id);

CREATE TABLE consents (
    id               uuid NOT NULL CONSTRAINT consents_pkey PRIMARY KEY,
    case_id          uuid NOT NULL CONSTRAINT consents_case_id_fkey REFERENCES cases (id)
                         ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    recipient_agency uuid NOT NULL CONSTRAINT consents_recipient_agency_fkey REFERENCES agencies (id)
                         DEFERRABLE INITIALLY IMMEDIATE,
    purposes         text[] NOT NULL,
    categories       text[] NOT NULL,
    given_by         text NOT NULL,
    child_assent     boolean NOT NULL,
    caregiver_unsafe boolean NOT NULL,
    valid_from       timestamptz NOT NULL,
    valid_until      timestamptz NOT NULL,
    withdrawn_at     timestamptz,
    recorded_by      uuid NOT NULL CONSTRAINT consents_recorded_by_fkey REFERENCES users (id)
                         DEFERRABLE INITIALLY IMMEDIATE,
    recorded_at      timestamptz NOT NULL
);
CREATE INDEX consents_case_recorded_idx ON consents (case_id, recorded_at, id);
-- Backs list_cases "shared with my agency".
CREATE INDEX consents_recipient_idx ON consents (recipient_agency, case_id, valid_until);

CREATE TABLE sharings (
    id               uuid NOT NULL CONSTRAINT sharings_pkey PRIMARY KEY,
    case_id          uuid NOT NULL CONSTRAINT sharings_case_id_fkey REFERENCES cases (id)
                         ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    recipient_agency uuid NOT NULL CONSTRAINT sharings_recipient_agency_fkey REFERENCES agencies (id)
                         DEFERRABLE INITIALLY IMMEDIATE,
    basis            text NOT NULL,
    categories       text[] NOT NULL,
    reason           bytea NOT NULL,
    decision_maker   uuid NOT NULL CONSTRAINT sharings_decision_maker_fkey REFERENCES users (id)
                         DEFERRABLE INITIALLY IMMEDIATE,
    survivor_told    boolean NOT NULL,
    why_not_told     bytea,
    valid_until      timestamptz NOT NULL,
    revoked_at       timestamptz,
    created_at       timestamptz NOT NULL
);
CREATE INDEX sharings_case_created_idx ON sharings (case_id, created_at, id);
-- Backs list_cases "shared with my agency".
CREATE INDEX sharings_recipient_idx ON sharings (recipient_agency, case_id, valid_until);

CREATE TABLE break_glass (
    id             uuid NOT NULL CONSTRAINT break_glass_pkey PRIMARY KEY,
    case_id        uuid NOT NULL CONSTRAINT break_glass_case_id_fkey REFERENCES cases (id)
                       ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    user_id        uuid NOT NULL CONSTRAINT break_glass_user_id_fkey REFERENCES users (id)
                       DEFERRABLE INITIALLY IMMEDIATE,
    agency_id      uuid NOT NULL CONSTRAINT break_glass_agency_id_fkey REFERENCES agencies (id)
                       DEFERRABLE INITIALLY IMMEDIATE,
    reason         bytea NOT NULL,
    started_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    review_outcome text,
    reviewed_by    uuid CONSTRAINT break_glass_reviewed_by_fkey REFERENCES users (id)
                       DEFERRABLE INITIALLY IMMEDIATE,
    reviewed_at    timestamptz,
    review_comment bytea
);
-- Backs active_break_glass (one user on one case, newest first).
CREATE INDEX break_glass_case_user_idx ON break_glass (case_id, user_id, started_at);
-- Backs break_glass_to_review: the unreviewed grants are few.
CREATE INDEX break_glass_unreviewed_idx ON break_glass (case_id, started_at)
    WHERE reviewed_at IS NULL;

CREATE TABLE notes (
    id         uuid NOT NULL CONSTRAINT notes_pkey PRIMARY KEY,
    case_id    uuid NOT NULL CONSTRAINT notes_case_id_fkey REFERENCES cases (id)
                   ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    author_id  uuid NOT NULL CONSTRAINT notes_author_id_fkey REFERENCES users (id)
                   DEFERRABLE INITIALLY IMMEDIATE,
    created_at timestamptz NOT NULL
);
CREATE INDEX notes_case_created_idx ON notes (case_id, created_at, id);

-- Every version of a note's text; an edit adds one, none is overwritten.
CREATE TABLE note_versions (
    note_id   uuid NOT NULL CONSTRAINT note_versions_note_id_fkey REFERENCES notes (id)
                  ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    version   integer NOT NULL,
    body      bytea NOT NULL,
    edited_by uuid NOT NULL CONSTRAINT note_versions_edited_by_fkey REFERENCES users (id)
                  DEFERRABLE INITIALLY IMMEDIATE,
    edited_at timestamptz NOT NULL,
    CONSTRAINT note_versions_pkey PRIMARY KEY (note_id, version)
);

CREATE TABLE goals (
    id          uuid NOT NULL CONSTRAINT goals_pkey PRIMARY KEY,
    case_id     uuid NOT NULL CONSTRAINT goals_case_id_fkey REFERENCES cases (id)
                    ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    domain      text NOT NULL,
    description bytea NOT NULL,
    status      text NOT NULL,
    updated_by  uuid NOT NULL CONSTRAINT goals_updated_by_fkey REFERENCES users (id)
                    DEFERRABLE INITIALLY IMMEDIATE,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX goals_case_idx ON goals (case_id, id);

CREATE TABLE safety_plans (
    case_id    uuid NOT NULL CONSTRAINT safety_plans_case_id_fkey REFERENCES cases (id)
                   ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    section    text COLLATE "C" NOT NULL,
    body       bytea NOT NULL,
    updated_by uuid NOT NULL CONSTRAINT safety_plans_updated_by_fkey REFERENCES users (id)
                   DEFERRABLE INITIALLY IMMEDIATE,
    updated_at timestamptz NOT NULL,
    CONSTRAINT safety_plans_pkey PRIMARY KEY (case_id, section)
);

CREATE TABLE tasks (
    id         uuid NOT NULL CONSTRAINT tasks_pkey PRIMARY KEY,
    case_id    uuid NOT NULL CONSTRAINT tasks_case_id_fkey REFERENCES cases (id)
                   ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    assignee   uuid NOT NULL CONSTRAINT tasks_assignee_fkey REFERENCES users (id)
                   DEFERRABLE INITIALLY IMMEDIATE,
    title      bytea NOT NULL,
    due_on     date NOT NULL,
    done_at    timestamptz,
    created_at timestamptz NOT NULL
);
CREATE INDEX tasks_case_due_idx ON tasks (case_id, due_on, created_at, id);
-- Backs tasks_due ("my work": open tasks of one person by due date).
CREATE INDEX tasks_assignee_due_idx ON tasks (assignee, done_at, due_on, created_at, id);

-- Backs the audit filter by object (a survivor's "who has accessed this
-- file" report).
CREATE INDEX audit_events_object_idx ON audit_events (object_type, object_id, id);
