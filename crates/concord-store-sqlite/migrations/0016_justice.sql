-- Concord on SQLite: the justice chain of a case (issue 16). Each step —
-- reported to police, crime recorded, arrest, bail, charge decision,
-- prosecution, hearing, special measures, verdict, sentence, withdrawal of
-- support — is one row, recorded by the agency that knows it. It hangs from
-- the case through ON DELETE CASCADE, so purging her leaves nothing.
-- `detail` (a crime reference, bail conditions) is ciphertext made above the
-- store with the recording agency's key.

CREATE TABLE justice_events (
    id                  BLOB NOT NULL CONSTRAINT justice_events_pkey PRIMARY KEY,
    case_id             BLOB NOT NULL CONSTRAINT justice_events_case_id_fkey REFERENCES cases (id)
                            ON DELETE CASCADE,
    kind                TEXT NOT NULL,
    occurred_on         TEXT NOT NULL,
    outcome             TEXT,
    reason              TEXT,
    detail              BLOB,
    recording_agency_id BLOB NOT NULL
                            CONSTRAINT justice_events_recording_agency_id_fkey REFERENCES agencies (id),
    recorded_by         BLOB NOT NULL CONSTRAINT justice_events_recorded_by_fkey REFERENCES users (id),
    recorded_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX justice_events_case_idx ON justice_events (case_id, occurred_on, recorded_at);
