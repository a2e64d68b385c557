-- Concord on SQLite: the governance of coordination. The details of
-- coordination bodies (type, leadership, secretariat, escalation), their
-- members and subgroups, meetings with attendance and action items,
-- instruments with versions, documents, signatories and consultations,
-- and self-assessment rounds.
--
-- Conventions of 0001 and 0002 (BLOB uuids, INTEGER microseconds, ISO TEXT
-- dates, JSON TEXT lists). Nothing here refers to survivors or cases:
-- membership of a body never opens a case.

ALTER TABLE bodies ADD COLUMN body_type TEXT NOT NULL DEFAULT 'local_council';
ALTER TABLE bodies ADD COLUMN leadership TEXT NOT NULL DEFAULT 'single_lead_agency';
ALTER TABLE bodies ADD COLUMN secretariat_agency_id BLOB
    CONSTRAINT bodies_secretariat_agency_id_fkey REFERENCES agencies (id);
ALTER TABLE bodies ADD COLUMN escalate_after INTEGER NOT NULL DEFAULT 3
    CHECK (escalate_after BETWEEN 1 AND 12);
ALTER TABLE bodies ADD COLUMN remit TEXT;
UPDATE bodies SET body_type = CASE level
    WHEN 'national' THEN 'national_inter_ministerial'
    WHEN 'regional' THEN 'regional_body'
    ELSE 'local_council' END;

CREATE TABLE body_members (
    body_id              BLOB NOT NULL CONSTRAINT body_members_body_id_fkey REFERENCES bodies (id),
    agency_id            BLOB NOT NULL CONSTRAINT body_members_agency_id_fkey REFERENCES agencies (id),
    representative       TEXT NOT NULL,
    representative_title TEXT,
    decision_authority   INTEGER NOT NULL CHECK (decision_authority IN (0, 1)),
    deputy               TEXT,
    chair                INTEGER NOT NULL CHECK (chair IN (0, 1)),
    joined_on            TEXT NOT NULL,
    left_on              TEXT,
    updated_at           INTEGER NOT NULL,
    CONSTRAINT body_members_pkey PRIMARY KEY (body_id, agency_id)
) STRICT;

CREATE TABLE body_subgroups (
    id              BLOB NOT NULL CONSTRAINT body_subgroups_pkey PRIMARY KEY,
    body_id         BLOB NOT NULL CONSTRAINT body_subgroups_body_id_fkey REFERENCES bodies (id),
    name            TEXT NOT NULL,
    remit           TEXT,
    chair_agency_id BLOB NOT NULL CONSTRAINT body_subgroups_chair_agency_id_fkey REFERENCES agencies (id),
    chair_name      TEXT NOT NULL,
    created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX body_subgroups_body_idx ON body_subgroups (body_id, name, id);

CREATE TABLE meetings (
    id         BLOB NOT NULL CONSTRAINT meetings_pkey PRIMARY KEY,
    body_id    BLOB NOT NULL CONSTRAINT meetings_body_id_fkey REFERENCES bodies (id),
    held_on    TEXT NOT NULL,
    location   TEXT,
    agenda     TEXT NOT NULL,
    decisions  TEXT NOT NULL,
    minutes    TEXT,
    closed_at  INTEGER,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX meetings_body_held_idx ON meetings (body_id, held_on, id);

CREATE TABLE meeting_attendance (
    meeting_id BLOB NOT NULL CONSTRAINT meeting_attendance_meeting_id_fkey REFERENCES meetings (id),
    agency_id  BLOB NOT NULL CONSTRAINT meeting_attendance_agency_id_fkey REFERENCES agencies (id),
    presence   TEXT NOT NULL,
    attendee   TEXT,
    CONSTRAINT meeting_attendance_pkey PRIMARY KEY (meeting_id, agency_id)
) STRICT;

-- Action items: of a body, raised at one of its meetings or added to its
-- action plan directly.
CREATE TABLE actions (
    id               BLOB NOT NULL CONSTRAINT actions_pkey PRIMARY KEY,
    body_id          BLOB NOT NULL CONSTRAINT actions_body_id_fkey REFERENCES bodies (id),
    meeting_id       BLOB CONSTRAINT actions_meeting_id_fkey REFERENCES meetings (id),
    description      TEXT NOT NULL,
    owner_agency_id  BLOB NOT NULL CONSTRAINT actions_owner_agency_id_fkey REFERENCES agencies (id),
    due_on           TEXT NOT NULL,
    status           TEXT NOT NULL,
    note             TEXT,
    ecological_level TEXT,
    essential_action TEXT,
    carry_overs      INTEGER NOT NULL,
    escalated_to     BLOB CONSTRAINT actions_escalated_to_fkey REFERENCES bodies (id),
    escalated_at     INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX actions_body_idx ON actions (body_id, created_at, id);
CREATE INDEX actions_escalated_to_idx ON actions (escalated_to) WHERE escalated_to IS NOT NULL;

CREATE TABLE action_reviews (
    meeting_id  BLOB NOT NULL CONSTRAINT action_reviews_meeting_id_fkey REFERENCES meetings (id),
    action_id   BLOB NOT NULL CONSTRAINT action_reviews_action_id_fkey REFERENCES actions (id),
    status      TEXT NOT NULL,
    carry_overs INTEGER NOT NULL,
    escalated   INTEGER NOT NULL CHECK (escalated IN (0, 1)),
    CONSTRAINT action_reviews_pkey PRIMARY KEY (meeting_id, action_id)
) STRICT;

CREATE TABLE instruments (
    id                BLOB NOT NULL CONSTRAINT instruments_pkey PRIMARY KEY,
    body_id           BLOB NOT NULL CONSTRAINT instruments_body_id_fkey REFERENCES bodies (id),
    kind              TEXT NOT NULL,
    title             TEXT NOT NULL,
    essential_actions TEXT NOT NULL,
    created_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX instruments_body_idx ON instruments (body_id, title, id);

CREATE TABLE instrument_versions (
    id            BLOB NOT NULL CONSTRAINT instrument_versions_pkey PRIMARY KEY,
    instrument_id BLOB NOT NULL CONSTRAINT instrument_versions_instrument_id_fkey REFERENCES instruments (id),
    number        INTEGER NOT NULL,
    status        TEXT NOT NULL,
    effective_on  TEXT,
    review_on     TEXT,
    summary       TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CONSTRAINT instrument_versions_number_key UNIQUE (instrument_id, number)
) STRICT;

-- Documents live in the database so every instance serves them.
CREATE TABLE instrument_documents (
    version_id   BLOB NOT NULL CONSTRAINT instrument_documents_pkey PRIMARY KEY
                     CONSTRAINT instrument_documents_version_id_fkey REFERENCES instrument_versions (id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    uploaded_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE instrument_signatories (
    id         BLOB NOT NULL CONSTRAINT instrument_signatories_pkey PRIMARY KEY,
    version_id BLOB NOT NULL CONSTRAINT instrument_signatories_version_id_fkey REFERENCES instrument_versions (id),
    agency_id  BLOB NOT NULL CONSTRAINT instrument_signatories_agency_id_fkey REFERENCES agencies (id),
    signed_by  TEXT NOT NULL,
    signed_on  TEXT NOT NULL
) STRICT;
CREATE INDEX instrument_signatories_version_idx ON instrument_signatories (version_id);

CREATE TABLE instrument_consultations (
    id                       BLOB NOT NULL CONSTRAINT instrument_consultations_pkey PRIMARY KEY,
    version_id               BLOB NOT NULL CONSTRAINT instrument_consultations_version_id_fkey REFERENCES instrument_versions (id),
    consultee                TEXT NOT NULL,
    agency_id                BLOB CONSTRAINT instrument_consultations_agency_id_fkey REFERENCES agencies (id),
    survivors_representative INTEGER NOT NULL CHECK (survivors_representative IN (0, 1)),
    consulted_on             TEXT NOT NULL,
    summary                  TEXT
) STRICT;
CREATE INDEX instrument_consultations_version_idx ON instrument_consultations (version_id);

CREATE TABLE assessment_rounds (
    id         BLOB NOT NULL CONSTRAINT assessment_rounds_pkey PRIMARY KEY,
    body_id    BLOB NOT NULL CONSTRAINT assessment_rounds_body_id_fkey REFERENCES bodies (id),
    title      TEXT NOT NULL,
    opened_on  TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX assessment_rounds_body_idx ON assessment_rounds (body_id, opened_on);

CREATE TABLE assessment_answers (
    round_id       BLOB NOT NULL CONSTRAINT assessment_answers_round_id_fkey REFERENCES assessment_rounds (id),
    agency_id      BLOB NOT NULL CONSTRAINT assessment_answers_agency_id_fkey REFERENCES agencies (id),
    stage          TEXT NOT NULL,
    climate        INTEGER NOT NULL CHECK (climate BETWEEN 1 AND 5),
    infrastructure INTEGER NOT NULL CHECK (infrastructure BETWEEN 1 AND 5),
    activities     INTEGER NOT NULL CHECK (activities BETWEEN 1 AND 5),
    outcomes       INTEGER NOT NULL CHECK (outcomes BETWEEN 1 AND 5),
    answered_by    BLOB NOT NULL CONSTRAINT assessment_answers_answered_by_fkey REFERENCES users (id),
    answered_at    INTEGER NOT NULL,
    CONSTRAINT assessment_answers_pkey PRIMARY KEY (round_id, agency_id)
) STRICT;
