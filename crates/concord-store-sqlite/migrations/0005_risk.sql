-- Concord on SQLite: risk identification and multi-agency risk conferences
-- (risk instruments, assessments of cases, conferences with their member
-- agencies, meetings with attendance and observers, referrals of cases, and
-- each agency's pre-meeting research).
--
-- Conventions of 0001 and 0002. Everything about a survivor's case hangs
-- from it through ON DELETE CASCADE (assessments, referrals, research), so
-- purging her is still one DELETE that leaves nothing. BLOB columns named
-- after narrative data (answers, judgement_reason, survivor_words,
-- rejection_reason, minutes, body) hold ciphertext made above the store.

CREATE TABLE risk_instruments (
    key        TEXT NOT NULL,
    version    INTEGER NOT NULL,
    title      TEXT NOT NULL,
    definition TEXT NOT NULL,
    source     TEXT NOT NULL,
    loaded_by  BLOB CONSTRAINT risk_instruments_loaded_by_fkey REFERENCES users (id),
    loaded_at  INTEGER NOT NULL,
    CONSTRAINT risk_instruments_pkey PRIMARY KEY (key, version)
) STRICT;

CREATE TABLE risk_assessments (
    id                 BLOB NOT NULL CONSTRAINT risk_assessments_pkey PRIMARY KEY,
    case_id            BLOB NOT NULL CONSTRAINT risk_assessments_case_id_fkey REFERENCES cases (id)
                           ON DELETE CASCADE,
    instrument_key     TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    answers            BLOB NOT NULL,
    score              INTEGER NOT NULL,
    max_score          INTEGER NOT NULL,
    band               TEXT NOT NULL,
    computed_level     TEXT NOT NULL,
    final_level        TEXT NOT NULL,
    judgement_reason   BLOB,
    survivor_view      TEXT NOT NULL,
    survivor_words     BLOB,
    triggers           TEXT NOT NULL,
    assessed_on        TEXT NOT NULL,
    reassess_by        TEXT NOT NULL,
    assessed_by        BLOB NOT NULL CONSTRAINT risk_assessments_assessed_by_fkey REFERENCES users (id),
    created_at         INTEGER NOT NULL,
    CONSTRAINT risk_assessments_instrument_fkey FOREIGN KEY (instrument_key, instrument_version)
        REFERENCES risk_instruments (key, version)
) STRICT;
CREATE INDEX risk_assessments_case_idx ON risk_assessments (case_id, assessed_on, created_at);

CREATE TABLE risk_conferences (
    id                         BLOB NOT NULL CONSTRAINT risk_conferences_pkey PRIMARY KEY,
    name                       TEXT NOT NULL CONSTRAINT risk_conferences_name_key UNIQUE,
    area_id                    BLOB CONSTRAINT risk_conferences_area_id_fkey REFERENCES areas (id),
    coordinating_agency        BLOB NOT NULL
                                   CONSTRAINT risk_conferences_coordinating_agency_fkey REFERENCES agencies (id),
    sharing_protocol           TEXT NOT NULL,
    escalation_incidents       INTEGER NOT NULL,
    escalation_window_days     INTEGER NOT NULL,
    repeat_window_days         INTEGER NOT NULL,
    access_days                INTEGER NOT NULL,
    first_contact_working_days INTEGER NOT NULL,
    escalate_after             INTEGER NOT NULL,
    created_at                 INTEGER NOT NULL
) STRICT;

CREATE TABLE risk_conference_members (
    conference_id BLOB NOT NULL CONSTRAINT risk_conference_members_conference_id_fkey
                      REFERENCES risk_conferences (id) ON DELETE CASCADE,
    agency_id     BLOB NOT NULL CONSTRAINT risk_conference_members_agency_id_fkey REFERENCES agencies (id),
    position      INTEGER NOT NULL,
    CONSTRAINT risk_conference_members_pkey PRIMARY KEY (conference_id, agency_id)
) STRICT;
CREATE INDEX risk_conference_members_agency_idx ON risk_conference_members (agency_id);

CREATE TABLE risk_meetings (
    id            BLOB NOT NULL CONSTRAINT risk_meetings_pkey PRIMARY KEY,
    conference_id BLOB NOT NULL CONSTRAINT risk_meetings_conference_id_fkey REFERENCES risk_conferences (id),
    kind          TEXT NOT NULL,
    meets_on      TEXT NOT NULL,
    status        TEXT NOT NULL,
    chair         TEXT,
    started_at    INTEGER,
    closed_at     INTEGER,
    minutes       BLOB,
    created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX risk_meetings_conference_idx ON risk_meetings (conference_id, meets_on);

CREATE TABLE risk_attendance (
    meeting_id     BLOB NOT NULL CONSTRAINT risk_attendance_meeting_id_fkey REFERENCES risk_meetings (id),
    agency_id      BLOB NOT NULL CONSTRAINT risk_attendance_agency_id_fkey REFERENCES agencies (id),
    attendance     TEXT NOT NULL,
    representative TEXT NOT NULL,
    CONSTRAINT risk_attendance_pkey PRIMARY KEY (meeting_id, agency_id)
) STRICT;

CREATE TABLE risk_observers (
    id              BLOB NOT NULL CONSTRAINT risk_observers_pkey PRIMARY KEY,
    meeting_id      BLOB NOT NULL CONSTRAINT risk_observers_meeting_id_fkey REFERENCES risk_meetings (id),
    name            TEXT NOT NULL,
    organisation    TEXT NOT NULL,
    acknowledged_at INTEGER NOT NULL
) STRICT;
CREATE INDEX risk_observers_meeting_idx ON risk_observers (meeting_id, acknowledged_at);

CREATE TABLE risk_referrals (
    id                    BLOB NOT NULL CONSTRAINT risk_referrals_pkey PRIMARY KEY,
    conference_id         BLOB NOT NULL CONSTRAINT risk_referrals_conference_id_fkey REFERENCES risk_conferences (id),
    case_id               BLOB NOT NULL CONSTRAINT risk_referrals_case_id_fkey REFERENCES cases (id)
                              ON DELETE CASCADE,
    survivor_id           BLOB NOT NULL CONSTRAINT risk_referrals_survivor_id_fkey REFERENCES survivors (id)
                              ON DELETE CASCADE,
    referring_agency      BLOB NOT NULL CONSTRAINT risk_referrals_referring_agency_fkey REFERENCES agencies (id),
    referred_by           BLOB NOT NULL CONSTRAINT risk_referrals_referred_by_fkey REFERENCES users (id),
    referred_on           TEXT NOT NULL,
    criteria              TEXT NOT NULL,
    judgement_reason      BLOB,
    assessment_id         BLOB CONSTRAINT risk_referrals_assessment_id_fkey REFERENCES risk_assessments (id)
                              ON DELETE CASCADE,
    incidents_in_window   INTEGER NOT NULL,
    repeat                INTEGER NOT NULL CHECK (repeat IN (0, 1)),
    children_in_household INTEGER NOT NULL,
    status                TEXT NOT NULL,
    screened_by           BLOB CONSTRAINT risk_referrals_screened_by_fkey REFERENCES users (id),
    rejection_reason      BLOB,
    meeting_id            BLOB CONSTRAINT risk_referrals_meeting_id_fkey REFERENCES risk_meetings (id),
    advocate_id           BLOB CONSTRAINT risk_referrals_advocate_id_fkey REFERENCES users (id),
    first_contact_due     TEXT NOT NULL,
    first_contact_on      TEXT,
    transferred_from      BLOB CONSTRAINT risk_referrals_transferred_from_fkey REFERENCES risk_referrals (id)
                              ON DELETE CASCADE,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
) STRICT;
CREATE INDEX risk_referrals_conference_idx ON risk_referrals (conference_id, status, referred_on);
CREATE INDEX risk_referrals_case_idx ON risk_referrals (case_id);
CREATE INDEX risk_referrals_survivor_idx ON risk_referrals (survivor_id, referred_on);
CREATE INDEX risk_referrals_meeting_idx ON risk_referrals (meeting_id);

CREATE TABLE risk_research (
    id          BLOB NOT NULL CONSTRAINT risk_research_pkey PRIMARY KEY,
    referral_id BLOB NOT NULL CONSTRAINT risk_research_referral_id_fkey REFERENCES risk_referrals (id)
                    ON DELETE CASCADE,
    agency_id   BLOB NOT NULL CONSTRAINT risk_research_agency_id_fkey REFERENCES agencies (id),
    body        BLOB NOT NULL,
    written_by  BLOB NOT NULL CONSTRAINT risk_research_written_by_fkey REFERENCES users (id),
    updated_at  INTEGER NOT NULL,
    shared_at   INTEGER,
    CONSTRAINT risk_research_agency_key UNIQUE (referral_id, agency_id)
) STRICT;
