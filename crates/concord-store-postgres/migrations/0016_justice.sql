-- Concord on PostgreSQL: the justice chain of a case (issue 16). Each step —
-- reported to police, crime recorded, arrest, bail, charge decision,
-- prosecution, hearing, special measures, verdict, sentence, withdrawal of
-- support — is one row, recorded by the agency that knows it. It hangs from
-- the case through ON DELETE CASCADE, so purging her leaves nothing.
-- `detail` (a crime reference, bail conditions) is ciphertext made above the
-- store with the recording agency's key.

CREATE TABLE justice_events (
    id                  uuid NOT NULL CONSTRAINT justice_events_pkey PRIMARY KEY,
    case_id             uuid NOT NULL CONSTRAINT justice_events_case_id_fkey REFERENCES cases (id)
                            ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    kind                text NOT NULL,
    occurred_on         date NOT NULL,
    outcome             text,
    reason              text,
    detail              bytea,
    recording_agency_id uuid NOT NULL
                            CONSTRAINT justice_events_recording_agency_id_fkey REFERENCES agencies (id) DEFERRABLE INITIALLY IMMEDIATE,
    recorded_by         uuid NOT NULL CONSTRAINT justice_events_recorded_by_fkey REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    recorded_at         timestamptz NOT NULL
);
CREATE INDEX justice_events_case_idx ON justice_events (case_id, occurred_on, recorded_at);
