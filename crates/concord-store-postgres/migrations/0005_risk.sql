-- Concord on PostgreSQL: risk identification and multi-agency risk conferences
-- (risk instruments, assessments of cases, conferences with their member
-- agencies, meetings with attendance and observers, referrals of cases, and
-- each agency's pre-meeting research).
--
-- Conventions of 0001 and 0002 (named constraints, deferrable foreign keys). Everything about a survivor's case hangs
-- from it through ON DELETE CASCADE (assessments, referrals, research), so
-- purging her is still one DELETE that leaves nothing. BLOB columns named
-- after narrative data (answers, judgement_reason, survivor_words,
-- rejection_reason, minutes, body) hold ciphertext made above the store.

CREATE TABLE risk_instruments (
    key        text COLLATE "C" NOT NULL,
    version    integer NOT NULL,
    title      text NOT NULL,
    definition text NOT NULL,
    source     text NOT NULL,
    loaded_by  uuid CONSTRAINT risk_instruments_loaded_by_fkey REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    loaded_at  timestamptz NOT NULL,
    CONSTRAINT risk_instruments_pkey PRIMARY KEY (key, version)
);

CREATE TABLE risk_assessments (
    id                 uuid NOT NULL CONSTRAINT risk_assessments_pkey PRIMARY KEY,
    case_id            uuid NOT NULL CONSTRAINT risk_assessments_case_id_fkey REFERENCES cases (id)
                           ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    instrument_key     text NOT NULL,
    instrument_version integer NOT NULL,
    answers            bytea NOT NULL,
    score              integer NOT NULL,
    max_score          integer NOT NULL,
    band               text NOT NULL,
    computed_level     text NOT NULL,
    final_level        text NOT NULL,
    judgement_reason   bytea,
    survivor_view      text NOT NULL,
    survivor_words     bytea,
    triggers           text[] NOT NULL,
    assessed_on        date NOT NULL,
    reassess_by        date NOT NULL,
    assessed_by        uuid NOT NULL CONSTRAINT risk_assessments_assessed_by_fkey REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    created_at         timestamptz NOT NULL,
    CONSTRAINT risk_assessments_instrument_fkey FOREIGN KEY (instrument_key, instrument_version)
        REFERENCES risk_instruments (key, version) DEFERRABLE INITIALLY IMMEDIATE
);
CREATE INDEX risk_assessments_case_idx ON risk_assessments (case_id, assessed_on, created_at);

CREATE TABLE risk_conferences (
    id                         uuid NOT NULL CONSTRAINT risk_conferences_pkey PRIMARY KEY,
    name                       text COLLATE "C" NOT NULL CONSTRAINT risk_conferences_name_key UNIQUE,
    area_id                    uuid CONSTRAINT risk_conferences_area_id_fkey REFERENCES areas (id) DEFERRABLE INITIALLY IMMEDIATE,
    coordinating_agency        uuid NOT NULL
                                   CONSTRAINT risk_conferences_coordinating_agency_fkey REFERENCES agencies (id) DEFERRABLE INITIALLY IMMEDIATE,
    sharing_protocol           text NOT NULL,
    escalation_incidents       integer NOT NULL,
    escalation_window_days     integer NOT NULL,
    repeat_window_days         integer NOT NULL,
    access_days                integer NOT NULL,
    first_contact_working_days integer NOT NULL,
    escalate_after             integer NOT NULL,
    created_at                 timestamptz NOT NULL
);

CREATE TABLE risk_conference_members (
    conference_id uuid NOT NULL CONSTRAINT risk_conference_members_conference_id_fkey
                      REFERENCES risk_conferences (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    agency_id     uuid NOT NULL CONSTRAINT risk_conference_members_agency_id_fkey REFERENCES agencies (id) DEFERRABLE INITIALLY IMMEDIATE,
    position      integer NOT NULL,
    CONSTRAINT risk_conference_members_pkey PRIMARY KEY (conference_id, agency_id)
);
CREATE INDEX risk_conference_members_agency_idx ON risk_conference_members (agency_id);

CREATE TABLE risk_meetings (
    id            uuid NOT NULL CONSTRAINT risk_meetings_pkey PRIMARY KEY,
    conference_id uuid NOT NULL CONSTRAINT risk_meetings_conference_id_fkey REFERENCES risk_conferences (id) DEFERRABLE INITIALLY IMMEDIATE,
    kind          text NOT NULL,
    meets_on      date NOT NULL,
    status        text NOT NULL,
    chair         text,
    started_at    timestamptz,
    closed_at     timestamptz,
    minutes       bytea,
    created_at    timestamptz NOT NULL
);
CREATE INDEX risk_meetings_conference_idx ON risk_meetings (conference_id, meets_on);

CREATE TABLE risk_attendance (
    meeting_id     uuid NOT NULL CONSTRAINT risk_attendance_meeting_id_fkey REFERENCES risk_meetings (id) DEFERRABLE INITIALLY IMMEDIATE,
    agency_id      uuid NOT NULL CONSTRAINT risk_attendance_agency_id_fkey REFERENCES agencies (id) DEFERRABLE INITIALLY IMMEDIATE,
    attendance     text NOT NULL,
    representative text NOT NULL,
    CONSTRAINT risk_attendance_pkey PRIMARY KEY (meeting_id, agency_id)
);

CREATE TABLE risk_observers (
    id              uuid NOT NULL CONSTRAINT risk_observers_pkey PRIMARY KEY,
    meeting_id      uuid NOT NULL CONSTRAINT risk_observers_meeting_id_fkey REFERENCES risk_meetings (id) DEFERRABLE INITIALLY IMMEDIATE,
    name            text COLLATE "C" NOT NULL,
    organisation    text NOT NULL,
    acknowledged_at timestamptz NOT NULL
);
CREATE INDEX risk_observers_meeting_idx ON risk_observers (meeting_id, acknowledged_at);

CREATE TABLE risk_referrals (
    id                    uuid NOT NULL CONSTRAINT risk_referrals_pkey PRIMARY KEY,
    conference_id         uuid NOT NULL CONSTRAINT risk_referrals_conference_id_fkey REFERENCES risk_conferences (id) DEFERRABLE INITIALLY IMMEDIATE,
    case_id               uuid NOT NULL CONSTRAINT risk_referrals_case_id_fkey REFERENCES cases (id)
                              ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    survivor_id           uuid NOT NULL CONSTRAINT risk_referrals_survivor_id_fkey REFERENCES survivors (id)
                              ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    referring_agency      uuid NOT NULL CONSTRAINT risk_referrals_referring_agency_fkey REFERENCES agencies (id) DEFERRABLE INITIALLY IMMEDIATE,
    referred_by           uuid NOT NULL CONSTRAINT risk_referrals_referred_by_fkey REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    referred_on           date NOT NULL,
    criteria              text[] NOT NULL,
    judgement_reason      bytea,
    assessment_id         uuid CONSTRAINT risk_referrals_assessment_id_fkey REFERENCES risk_assessments (id)
                              ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    incidents_in_window   integer NOT NULL,
    repeat                boolean NOT NULL,
    children_in_household integer NOT NULL,
    status                text NOT NULL,
    screened_by           uuid CONSTRAINT risk_referrals_screened_by_fkey REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    rejection_reason      bytea,
    meeting_id            uuid CONSTRAINT risk_referrals_meeting_id_fkey REFERENCES risk_meetings (id) DEFERRABLE INITIALLY IMMEDIATE,
    advocate_id           uuid CONSTRAINT risk_referrals_advocate_id_fkey REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    first_contact_due     date NOT NULL,
    first_contact_on      date,
    transferred_from      uuid CONSTRAINT risk_referrals_transferred_from_fkey REFERENCES risk_referrals (id)
                              ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);
CREATE INDEX risk_referrals_conference_idx ON risk_referrals (conference_id, status, referred_on);
CREATE INDEX risk_referrals_case_idx ON risk_referrals (case_id);
CREATE INDEX risk_referrals_survivor_idx ON risk_referrals (survivor_id, referred_on);
CREATE INDEX risk_referrals_meeting_idx ON risk_referrals (meeting_id);

CREATE TABLE risk_research (
    id          uuid NOT NULL CONSTRAINT risk_research_pkey PRIMARY KEY,
    referral_id uuid NOT NULL CONSTRAINT risk_research_referral_id_fkey REFERENCES risk_referrals (id)
                    ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    agency_id   uuid NOT NULL CONSTRAINT risk_research_agency_id_fkey REFERENCES agencies (id) DEFERRABLE INITIALLY IMMEDIATE,
    body        bytea NOT NULL,
    written_by  uuid NOT NULL CONSTRAINT risk_research_written_by_fkey REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    updated_at  timestamptz NOT NULL,
    shared_at   timestamptz,
    CONSTRAINT risk_research_agency_key UNIQUE (referral_id, agency_id)
);
