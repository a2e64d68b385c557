-- Concord on SQLite: protection orders and their breaches (issue 16 §2).
-- An order is recorded on a case by the police or court that knows it; its
-- kind is a key of the deployment's list; `conditions` is ciphertext made
-- above the store with the recording agency's key. A breach belongs to its
-- order (and so to the case); both hang from the case through ON DELETE
-- CASCADE, so purging her leaves nothing.
-- A conference's rule says whether breaches count toward potential
-- escalation (default yes), and a referral keeps how many breaches it
-- counted beside its incidents.

CREATE TABLE protection_orders (
    id                  BLOB NOT NULL CONSTRAINT protection_orders_pkey PRIMARY KEY,
    case_id             BLOB NOT NULL CONSTRAINT protection_orders_case_id_fkey REFERENCES cases (id)
                            ON DELETE CASCADE,
    kind                TEXT NOT NULL,
    issued_by           TEXT NOT NULL,
    issued_on           TEXT NOT NULL,
    served_on           TEXT,
    expires_on          TEXT NOT NULL,
    conditions          BLOB,
    recording_agency_id BLOB NOT NULL
                            CONSTRAINT protection_orders_recording_agency_id_fkey REFERENCES agencies (id),
    recorded_by         BLOB NOT NULL CONSTRAINT protection_orders_recorded_by_fkey REFERENCES users (id),
    recorded_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX protection_orders_case_idx ON protection_orders (case_id, issued_on, recorded_at);
CREATE INDEX protection_orders_expiry_idx ON protection_orders (expires_on);

CREATE TABLE protection_order_breaches (
    id                  BLOB NOT NULL CONSTRAINT protection_order_breaches_pkey PRIMARY KEY,
    order_id            BLOB NOT NULL CONSTRAINT protection_order_breaches_order_id_fkey REFERENCES protection_orders (id)
                            ON DELETE CASCADE,
    case_id             BLOB NOT NULL CONSTRAINT protection_order_breaches_case_id_fkey REFERENCES cases (id)
                            ON DELETE CASCADE,
    breached_on         TEXT NOT NULL,
    action_taken        TEXT NOT NULL,
    recording_agency_id BLOB NOT NULL
                            CONSTRAINT protection_order_breaches_recording_agency_id_fkey REFERENCES agencies (id),
    recorded_by         BLOB NOT NULL CONSTRAINT protection_order_breaches_recorded_by_fkey REFERENCES users (id),
    recorded_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX protection_order_breaches_case_idx ON protection_order_breaches (case_id, breached_on, recorded_at);

ALTER TABLE risk_conferences ADD COLUMN breaches_count INTEGER NOT NULL DEFAULT 1 CHECK (breaches_count IN (0, 1));
ALTER TABLE risk_referrals ADD COLUMN breaches_in_window INTEGER NOT NULL DEFAULT 0;
