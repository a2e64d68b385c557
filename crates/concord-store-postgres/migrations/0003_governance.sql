-- Concord on PostgreSQL: the governance of coordination. The details of
-- coordination bodies (type, leadership, secretariat, escalation), their
-- members and subgroups, meetings with attendance and action items,
-- instruments with versions, documents, signatories and consultations,
-- and self-assessment rounds.
--
-- Conventions of 0001 and 0002 (named constraints, deferrable foreign
-- keys, `date` for calendar dates, text[] for lists). Nothing here refers
-- to survivors or cases: membership of a body never opens a case.

ALTER TABLE bodies ADD COLUMN body_type text NOT NULL DEFAULT 'local_council';
ALTER TABLE bodies ADD COLUMN leadership text NOT NULL DEFAULT 'single_lead_agency';
ALTER TABLE bodies ADD COLUMN secretariat_agency_id uuid
    CONSTRAINT bodies_secretariat_agency_id_fkey REFERENCES agencies (id)
    DEFERRABLE INITIALLY IMMEDIATE;
ALTER TABLE bodies ADD COLUMN escalate_after integer NOT NULL DEFAULT 3
    CONSTRAINT bodies_escalate_after_check CHECK (escalate_after BETWEEN 1 AND 12);
ALTER TABLE bodies ADD COLUMN remit text;
UPDATE bodies SET body_type = CASE level
    WHEN 'national' THEN 'national_inter_ministerial'
    WHEN 'regional' THEN 'regional_body'
    ELSE 'local_council' END;

CREATE TABLE body_members (
    body_id              uuid NOT NULL CONSTRAINT body_members_body_id_fkey REFERENCES bodies (id)
                             DEFERRABLE INITIALLY IMMEDIATE,
    agency_id            uuid NOT NULL CONSTRAINT body_members_agency_id_fkey REFERENCES agencies (id)
                             DEFERRABLE INITIALLY IMMEDIATE,
    representative       text NOT NULL,
    representative_title text,
    decision_authority   boolean NOT NULL,
    deputy               text,
    chair                boolean NOT NULL,
    joined_on            date NOT NULL,
    left_on              date,
    updated_at           timestamptz NOT NULL,
    CONSTRAINT body_members_pkey PRIMARY KEY (body_id, agency_id)
);

CREATE TABLE body_subgroups (
    id              uuid NOT NULL CONSTRAINT body_subgroups_pkey PRIMARY KEY,
    body_id         uuid NOT NULL CONSTRAINT body_subgroups_body_id_fkey REFERENCES bodies (id)
                        DEFERRABLE INITIALLY IMMEDIATE,
    name            text COLLATE "C" NOT NULL,
    remit           text,
    chair_agency_id uuid NOT NULL CONSTRAINT body_subgroups_chair_agency_id_fkey REFERENCES agencies (id)
                        DEFERRABLE INITIALLY IMMEDIATE,
    chair_name      text NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX body_subgroups_body_idx ON body_subgroups (body_id, name, id);

CREATE TABLE meetings (
    id         uuid NOT NULL CONSTRAINT meetings_pkey PRIMARY KEY,
    body_id    uuid NOT NULL CONSTRAINT meetings_body_id_fkey REFERENCES bodies (id)
                   DEFERRABLE INITIALLY IMMEDIATE,
    held_on    date NOT NULL,
    location   text,
    agenda     text[] NOT NULL,
    decisions  text[] NOT NULL,
    minutes    text,
    closed_at  timestamptz,
    created_at timestamptz NOT NULL
);
CREATE INDEX meetings_body_held_idx ON meetings (body_id, held_on, id);

CREATE TABLE meeting_attendance (
    meeting_id uuid NOT NULL CONSTRAINT meeting_attendance_meeting_id_fkey REFERENCES meetings (id)
                   DEFERRABLE INITIALLY IMMEDIATE,
    agency_id  uuid NOT NULL CONSTRAINT meeting_attendance_agency_id_fkey REFERENCES agencies (id)
                   DEFERRABLE INITIALLY IMMEDIATE,
    presence   text NOT NULL,
    attendee   text,
    CONSTRAINT meeting_attendance_pkey PRIMARY KEY (meeting_id, agency_id)
);

-- Action items: of a body, raised at one of its meetings or added to its
-- action plan directly.
CREATE TABLE actions (
    id               uuid NOT NULL CONSTRAINT actions_pkey PRIMARY KEY,
    body_id          uuid NOT NULL CONSTRAINT actions_body_id_fkey REFERENCES bodies (id)
                         DEFERRABLE INITIALLY IMMEDIATE,
    meeting_id       uuid CONSTRAINT actions_meeting_id_fkey REFERENCES meetings (id)
                         DEFERRABLE INITIALLY IMMEDIATE,
    description      text NOT NULL,
    owner_agency_id  uuid NOT NULL CONSTRAINT actions_owner_agency_id_fkey REFERENCES agencies (id)
                         DEFERRABLE INITIALLY IMMEDIATE,
    due_on           date NOT NULL,
    status           text NOT NULL,
    note             text,
    ecological_level text,
    essential_action text,
    carry_overs      integer NOT NULL,
    escalated_to     uuid CONSTRAINT actions_escalated_to_fkey REFERENCES bodies (id)
                         DEFERRABLE INITIALLY IMMEDIATE,
    escalated_at     timestamptz,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX actions_body_idx ON actions (body_id, created_at, id);
CREATE INDEX actions_escalated_to_idx ON actions (escalated_to) WHERE escalated_to IS NOT NULL;

CREATE TABLE action_reviews (
    meeting_id  uuid NOT NULL CONSTRAINT action_reviews_meeting_id_fkey REFERENCES meetings (id)
                    DEFERRABLE INITIALLY IMMEDIATE,
    action_id   uuid NOT NULL CONSTRAINT action_reviews_action_id_fkey REFERENCES actions (id)
                    DEFERRABLE INITIALLY IMMEDIATE,
    status      text NOT NULL,
    carry_overs integer NOT NULL,
    escalated   boolean NOT NULL,
    CONSTRAINT action_reviews_pkey PRIMARY KEY (meeting_id, action_id)
);

CREATE TABLE instruments (
    id                uuid NOT NULL CONSTRAINT instruments_pkey PRIMARY KEY,
    body_id           uuid NOT NULL CONSTRAINT instruments_body_id_fkey REFERENCES bodies (id)
                          DEFERRABLE INITIALLY IMMEDIATE,
    kind              text NOT NULL,
    title             text COLLATE "C" NOT NULL,
    essential_actions text[] NOT NULL,
    created_at        timestamptz NOT NULL
);
CREATE INDEX instruments_body_idx ON instruments (body_id, title, id);

CREATE TABLE instrument_versions (
    id            uuid NOT NULL CONSTRAINT instrument_versions_pkey PRIMARY KEY,
    instrument_id uuid NOT NULL CONSTRAINT instrument_versions_instrument_id_fkey REFERENCES instruments (id)
                      DEFERRABLE INITIALLY IMMEDIATE,
    number        integer NOT NULL,
    status        text NOT NULL,
    effective_on  date,
    review_on     date,
    summary       text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    CONSTRAINT instrument_versions_number_key UNIQUE (instrument_id, number)
);

-- Documents live in the database so every instance serves them.
CREATE TABLE instrument_documents (
    version_id   uuid NOT NULL CONSTRAINT instrument_documents_pkey PRIMARY KEY
                     CONSTRAINT instrument_documents_version_id_fkey REFERENCES instrument_versions (id)
                     DEFERRABLE INITIALLY IMMEDIATE,
    file_name    text NOT NULL,
    content_type text NOT NULL,
    size         bigint NOT NULL,
    sha256       text NOT NULL,
    content      bytea NOT NULL,
    uploaded_at  timestamptz NOT NULL
);

CREATE TABLE instrument_signatories (
    id         uuid NOT NULL CONSTRAINT instrument_signatories_pkey PRIMARY KEY,
    version_id uuid NOT NULL CONSTRAINT instrument_signatories_version_id_fkey REFERENCES instrument_versions (id)
                   DEFERRABLE INITIALLY IMMEDIATE,
    agency_id  uuid NOT NULL CONSTRAINT instrument_signatories_agency_id_fkey REFERENCES agencies (id)
                   DEFERRABLE INITIALLY IMMEDIATE,
    signed_by  text NOT NULL,
    signed_on  date NOT NULL
);
CREATE INDEX instrument_signatories_version_idx ON instrument_signatories (version_id);

CREATE TABLE instrument_consultations (
    id                       uuid NOT NULL CONSTRAINT instrument_consultations_pkey PRIMARY KEY,
    version_id               uuid NOT NULL CONSTRAINT instrument_consultations_version_id_fkey REFERENCES instrument_versions (id)
                                 DEFERRABLE INITIALLY IMMEDIATE,
    consultee                text NOT NULL,
    agency_id                uuid CONSTRAINT instrument_consultations_agency_id_fkey REFERENCES agencies (id)
                                 DEFERRABLE INITIALLY IMMEDIATE,
    survivors_representative boolean NOT NULL,
    consulted_on             date NOT NULL,
    summary                  text
);
CREATE INDEX instrument_consultations_version_idx ON instrument_consultations (version_id);

CREATE TABLE assessment_rounds (
    id         uuid NOT NULL CONSTRAINT assessment_rounds_pkey PRIMARY KEY,
    body_id    uuid NOT NULL CONSTRAINT assessment_rounds_body_id_fkey REFERENCES bodies (id)
                   DEFERRABLE INITIALLY IMMEDIATE,
    title      text NOT NULL,
    opened_on  date NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX assessment_rounds_body_idx ON assessment_rounds (body_id, opened_on);

CREATE TABLE assessment_answers (
    round_id       uuid NOT NULL CONSTRAINT assessment_answers_round_id_fkey REFERENCES assessment_rounds (id)
                       DEFERRABLE INITIALLY IMMEDIATE,
    agency_id      uuid NOT NULL CONSTRAINT assessment_answers_agency_id_fkey REFERENCES agencies (id)
                       DEFERRABLE INITIALLY IMMEDIATE,
    stage          text NOT NULL,
    climate        integer NOT NULL CHECK (climate BETWEEN 1 AND 5),
    infrastructure integer NOT NULL CHECK (infrastructure BETWEEN 1 AND 5),
    activities     integer NOT NULL CHECK (activities BETWEEN 1 AND 5),
    outcomes       integer NOT NULL CHECK (outcomes BETWEEN 1 AND 5),
    answered_by    uuid NOT NULL CONSTRAINT assessment_answers_answered_by_fkey REFERENCES users (id)
                       DEFERRABLE INITIALLY IMMEDIATE,
    answered_at    timestamptz NOT NULL,
    CONSTRAINT assessment_answers_pkey PRIMARY KEY (round_id, agency_id)
);
