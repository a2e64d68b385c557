-- Concord on SQLite: survivors' cases (survivors, cases, incidents,
-- consents, lawful shares, break-glass openings, notes, plans, tasks), the
-- per-agency data keys that encrypt them, and the audit index behind a
-- survivor's "who has accessed this file" report.
--
-- Conventions of 0001, and besides:
-- * calendar dates are ISO TEXT 'YYYY-MM-DD' (so text order = date order),
--   times of day TEXT 'HH:MM:SS.ffffff';
-- * sets (purposes, data categories, context flags, languages) are JSON
--   arrays of their labels, as TEXT;
-- * BLOB columns named after identifying or narrative data (name,
--   other_identifiers, date_of_birth, contact, perpetrator_identity,
--   narrative, reason, why_not_told, review_comment, approval_comment, body,
--   description, title) hold ciphertext made above the store; blind indexes
--   (name_dob_index, perpetrator_index) are keyed hashes;
-- * everything about a survivor hangs from her survivors row through
--   ON DELETE CASCADE, so purging her is one DELETE and leaves nothing.

-- One version of one agency's data key, wrapped by the master key.
CREATE TABLE data_keys (
    agency_id  BLOB NOT NULL CONSTRAINT data_keys_agency_id_fkey REFERENCES agencies (id),
    key_id     BLOB NOT NULL,
    version    INTEGER NOT NULL,
    wrapped    BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    active     INTEGER NOT NULL CHECK (active IN (0, 1)),
    CONSTRAINT data_keys_pkey PRIMARY KEY (key_id, version)
) STRICT;
-- Backs list_data_keys (oldest first).
CREATE INDEX data_keys_agency_created_idx ON data_keys (agency_id, created_at, version);
-- At most one active version per agency.
CREATE UNIQUE INDEX data_keys_one_active_idx ON data_keys (agency_id) WHERE active = 1;

CREATE TABLE case_settings (
    agency_id                 BLOB NOT NULL CONSTRAINT case_settings_pkey PRIMARY KEY
                                  CONSTRAINT case_settings_agency_id_fkey REFERENCES agencies (id),
    plan_requires_approval    INTEGER NOT NULL CHECK (plan_requires_approval IN (0, 1)),
    closure_requires_approval INTEGER NOT NULL CHECK (closure_requires_approval IN (0, 1)),
    retention_months          INTEGER
) STRICT;

CREATE TABLE survivors (
    id                BLOB NOT NULL CONSTRAINT survivors_pkey PRIMARY KEY,
    agency_id         BLOB NOT NULL CONSTRAINT survivors_agency_id_fkey REFERENCES agencies (id),
    reference         TEXT NOT NULL CONSTRAINT survivors_reference_key UNIQUE,
    name              BLOB,
    other_identifiers BLOB,
    date_of_birth     BLOB,
    age_group         TEXT,
    sex_gender        TEXT NOT NULL,
    disability        INTEGER NOT NULL CHECK (disability IN (0, 1)),
    displacement      TEXT NOT NULL,
    languages         TEXT NOT NULL,
    contact           BLOB,
    name_dob_index    BLOB,
    legal_hold        INTEGER NOT NULL CHECK (legal_hold IN (0, 1)),
    created_by        BLOB NOT NULL CONSTRAINT survivors_created_by_fkey REFERENCES users (id),
    created_at        INTEGER NOT NULL
) STRICT;
-- Backs find_survivors (newest first) and survivors_due_for_purge (by agency).
CREATE INDEX survivors_agency_name_dob_idx ON survivors (agency_id, name_dob_index, created_at);

CREATE TABLE cases (
    id                  BLOB NOT NULL CONSTRAINT cases_pkey PRIMARY KEY,
    survivor_id         BLOB NOT NULL CONSTRAINT cases_survivor_id_fkey REFERENCES survivors (id)
                            ON DELETE CASCADE,
    owning_agency       BLOB NOT NULL CONSTRAINT cases_owning_agency_fkey REFERENCES agencies (id),
    assigned_caseworker BLOB CONSTRAINT cases_assigned_caseworker_fkey REFERENCES users (id),
    status              TEXT NOT NULL,
    plan_approval       TEXT,
    closure_approval    TEXT,
    closure_reason      TEXT,
    approval_comment    BLOB,
    opened_at           INTEGER NOT NULL,
    closed_at           INTEGER,
    updated_at          INTEGER NOT NULL
) STRICT;
-- Backs list_survivor_cases (oldest first) and the cascade from survivors.
CREATE INDEX cases_survivor_opened_idx ON cases (survivor_id, opened_at, id);
-- Backs list_cases for the owning agency, newest updated_at first.
CREATE INDEX cases_owner_updated_idx ON cases (owning_agency, updated_at, id);
-- Backs list_cases narrowed to one caseworker ("my cases").
CREATE INDEX cases_assigned_updated_idx ON cases (assigned_caseworker, updated_at, id);

CREATE TABLE incidents (
    id                         BLOB NOT NULL CONSTRAINT incidents_pkey PRIMARY KEY,
    case_id                    BLOB NOT NULL CONSTRAINT incidents_case_id_fkey REFERENCES cases (id)
                                   ON DELETE CASCADE,
    incident_date              TEXT NOT NULL,
    incident_time              TEXT,
    date_first_reported        TEXT NOT NULL,
    area_id                    BLOB CONSTRAINT incidents_area_id_fkey REFERENCES areas (id),
    gbv_type                   TEXT NOT NULL,
    context_flags              TEXT NOT NULL,
    perpetrator_relationship   TEXT NOT NULL,
    perpetrator_sex            TEXT NOT NULL,
    perpetrator_age_group      TEXT NOT NULL,
    perpetrator_identity       BLOB,
    perpetrator_index          BLOB,
    survivor_age_group         TEXT,
    reporting_delay            TEXT NOT NULL,
    already_reported_elsewhere INTEGER NOT NULL CHECK (already_reported_elsewhere IN (0, 1)),
    consent_to_statistics      INTEGER NOT NULL CHECK (consent_to_statistics IN (0, 1)),
    narrative                  BLOB,
    created_by                 BLOB NOT NULL CONSTRAINT incidents_created_by_fkey REFERENCES users (id),
    created_at                 INTEGER NOT NULL
) STRICT;
CREATE INDEX incidents_case_date_idx ON incidents (case_id, incident_date, created_at, id);
-- Backs find_incidents_by_perpetrator.
CREATE INDEX incidents_perpetrator_idx ON incidents (perpetrator_index)
    WHERE perpetrator_index IS NOT NULL;
CREATE INDEX incidents_area_idx ON incidents (area_id);

CREATE TABLE consents (
    id               BLOB NOT NULL CONSTRAINT consents_pkey PRIMARY KEY,
    case_id          BLOB NOT NULL CONSTRAINT consents_case_id_fkey REFERENCES cases (id)
                         ON DELETE CASCADE,
    recipient_agency BLOB NOT NULL CONSTRAINT consents_recipient_agency_fkey REFERENCES agencies (id),
    purposes         TEXT NOT NULL,
    categories       TEXT NOT NULL,
    given_by         TEXT NOT NULL,
    child_assent     INTEGER NOT NULL CHECK (child_assent IN (0, 1)),
    caregiver_unsafe INTEGER NOT NULL CHECK (caregiver_unsafe IN (0, 1)),
    valid_from       INTEGER NOT NULL,
    valid_until      INTEGER NOT NULL,
    withdrawn_at     INTEGER,
    recorded_by      BLOB NOT NULL CONSTRAINT consents_recorded_by_fkey REFERENCES users (id),
    recorded_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX consents_case_recorded_idx ON consents (case_id, recorded_at, id);
-- Backs list_cases "shared with my agency".
CREATE INDEX consents_recipient_idx ON consents (recipient_agency, case_id, valid_until);

CREATE TABLE sharings (
    id               BLOB NOT NULL CONSTRAINT sharings_pkey PRIMARY KEY,
    case_id          BLOB NOT NULL CONSTRAINT sharings_case_id_fkey REFERENCES cases (id)
                         ON DELETE CASCADE,
    recipient_agency BLOB NOT NULL CONSTRAINT sharings_recipient_agency_fkey REFERENCES agencies (id),
    basis            TEXT NOT NULL,
    categories       TEXT NOT NULL,
    reason           BLOB NOT NULL,
    decision_maker   BLOB NOT NULL CONSTRAINT sharings_decision_maker_fkey REFERENCES users (id),
    survivor_told    INTEGER NOT NULL CHECK (survivor_told IN (0, 1)),
    why_not_told     BLOB,
    valid_until      INTEGER NOT NULL,
    revoked_at       INTEGER,
    created_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX sharings_case_created_idx ON sharings (case_id, created_at, id);
-- Backs list_cases "shared with my agency".
CREATE INDEX sharings_recipient_idx ON sharings (recipient_agency, case_id, valid_until);

CREATE TABLE break_glass (
    id             BLOB NOT NULL CONSTRAINT break_glass_pkey PRIMARY KEY,
    case_id        BLOB NOT NULL CONSTRAINT break_glass_case_id_fkey REFERENCES cases (id)
                       ON DELETE CASCADE,
    user_id        BLOB NOT NULL CONSTRAINT break_glass_user_id_fkey REFERENCES users (id),
    agency_id      BLOB NOT NULL CONSTRAINT break_glass_agency_id_fkey REFERENCES agencies (id),
    reason         BLOB NOT NULL,
    started_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    review_outcome TEXT,
    reviewed_by    BLOB CONSTRAINT break_glass_reviewed_by_fkey REFERENCES users (id),
    reviewed_at    INTEGER,
    review_comment BLOB
) STRICT;
-- Backs active_break_glass (one user on one case, newest first).
CREATE INDEX break_glass_case_user_idx ON break_glass (case_id, user_id, started_at);
-- Backs break_glass_to_review: the unreviewed grants are few.
CREATE INDEX break_glass_unreviewed_idx ON break_glass (case_id, started_at)
    WHERE reviewed_at IS NULL;

CREATE TABLE notes (
    id         BLOB NOT NULL CONSTRAINT notes_pkey PRIMARY KEY,
    case_id    BLOB NOT NULL CONSTRAINT notes_case_id_fkey REFERENCES cases (id) ON DELETE CASCADE,
    author_id  BLOB NOT NULL CONSTRAINT notes_author_id_fkey REFERENCES users (id),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX notes_case_created_idx ON notes (case_id, created_at, id);

-- Every version of a note's text; an edit adds one, none is overwritten.
CREATE TABLE note_versions (
    note_id   BLOB NOT NULL CONSTRAINT note_versions_note_id_fkey REFERENCES notes (id)
                  ON DELETE CASCADE,
    version   INTEGER NOT NULL,
    body      BLOB NOT NULL,
    edited_by BLOB NOT NULL CONSTRAINT note_versions_edited_by_fkey REFERENCES users (id),
    edited_at INTEGER NOT NULL,
    CONSTRAINT note_versions_pkey PRIMARY KEY (note_id, version)
) STRICT;

CREATE TABLE goals (
    id          BLOB NOT NULL CONSTRAINT goals_pkey PRIMARY KEY,
    case_id     BLOB NOT NULL CONSTRAINT goals_case_id_fkey REFERENCES cases (id) ON DELETE CASCADE,
    domain      TEXT NOT NULL,
    description BLOB NOT NULL,
    status      TEXT NOT NULL,
    updated_by  BLOB NOT NULL CONSTRAINT goals_updated_by_fkey REFERENCES users (id),
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX goals_case_idx ON goals (case_id, id);

CREATE TABLE safety_plans (
    case_id    BLOB NOT NULL CONSTRAINT safety_plans_case_id_fkey REFERENCES cases (id)
                   ON DELETE CASCADE,
    section    TEXT NOT NULL,
    body       BLOB NOT NULL,
    updated_by BLOB NOT NULL CONSTRAINT safety_plans_updated_by_fkey REFERENCES users (id),
    updated_at INTEGER NOT NULL,
    CONSTRAINT safety_plans_pkey PRIMARY KEY (case_id, section)
) STRICT;

CREATE TABLE tasks (
    id         BLOB NOT NULL CONSTRAINT tasks_pkey PRIMARY KEY,
    case_id    BLOB NOT NULL CONSTRAINT tasks_case_id_fkey REFERENCES cases (id) ON DELETE CASCADE,
    assignee   BLOB NOT NULL CONSTRAINT tasks_assignee_fkey REFERENCES users (id),
    title      BLOB NOT NULL,
    due_on     TEXT NOT NULL,
    done_at    INTEGER,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX tasks_case_due_idx ON tasks (case_id, due_on, created_at, id);
-- Backs tasks_due ("my work": open tasks of one person by due date).
CREATE INDEX tasks_assignee_due_idx ON tasks (assignee, done_at, due_on, created_at, id);

-- Backs the audit filter by object (a survivor's "who has accessed this
-- file" report).
CREATE INDEX audit_events_object_idx ON audit_events (object_type, object_id, id);
