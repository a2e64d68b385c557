-- Concord on PostgreSQL: protection orders and their breaches (issue 16 §2).
-- An order is recorded on a case by the police or court that knows it; its
-- kind is a key of the deployment's list; `conditions` is ciphertext made
-- above the store with the recording agency's key. A breach belongs to its
-- order (and so to the case); both hang from the case through ON DELETE
-- CASCADE, so purging her leaves nothing.
-- A conference's rule says whether breaches count toward potential
-- escalation (default yes), and a referral keeps how many breaches it
-- counted beside its incidents.

CREATE TABLE protection_orders (
    id                  uuid NOT NULL CONSTRAINT protection_orders_pkey PRIMARY KEY,
    case_id             uuid NOT NULL CONSTRAINT protection_orders_case_id_fkey REFERENCES cases (id)
                            ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    kind                text NOT NULL,
    issued_by           text NOT NULL,
    issued_on           date NOT NULL,
    served_on           date,
    expires_on          date NOT NULL,
    conditions          bytea,
    recording_agency_id uuid NOT NULL
                            CONSTRAINT protection_orders_recording_agency_id_fkey REFERENCES agencies (id) DEFERRABLE INITIALLY IMMEDIATE,
    recorded_by         uuid NOT NULL CONSTRAINT protection_orders_recorded_by_fkey REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    recorded_at         timestamptz NOT NULL
);
CREATE INDEX protection_orders_case_idx ON protection_orders (case_id, issued_on, recorded_at);
CREATE INDEX protection_orders_expiry_idx ON protection_orders (expires_on);

CREATE TABLE protection_order_breaches (
    id                  uuid NOT NULL CONSTRAINT protection_order_breaches_pkey PRIMARY KEY,
    order_id            uuid NOT NULL CONSTRAINT protection_order_breaches_order_id_fkey REFERENCES protection_orders (id)
                            ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    case_id             uuid NOT NULL CONSTRAINT protection_order_breaches_case_id_fkey REFERENCES cases (id)
                            ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    breached_on         date NOT NULL,
    action_taken        text NOT NULL,
    recording_agency_id uuid NOT NULL
                            CONSTRAINT protection_order_breaches_recording_agency_id_fkey REFERENCES agencies (id) DEFERRABLE INITIALLY IMMEDIATE,
    recorded_by         uuid NOT NULL CONSTRAINT protection_order_breaches_recorded_by_fkey REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    recorded_at         timestamptz NOT NULL
);
CREATE INDEX protection_order_breaches_case_idx ON protection_order_breaches (case_id, breached_on, recorded_at);

ALTER TABLE risk_conferences ADD COLUMN breaches_count boolean NOT NULL DEFAULT true;
ALTER TABLE risk_referrals ADD COLUMN breaches_in_window integer NOT NULL DEFAULT 0;
