-- Concord on PostgreSQL: domestic homicide review grants (issue 16). A
-- supervisor of the agency that owns a case grants a coordination body (a
-- review panel, or a body given that remit) the case's multi-agency
-- chronology on the lawful basis `homicide_review`; revoking keeps the row.
-- `reason` is ciphertext made above the store with the owning agency's key.
-- A grant hangs from the case through ON DELETE CASCADE, so purging her
-- leaves nothing.

CREATE TABLE review_grants (
    id              uuid NOT NULL CONSTRAINT review_grants_pkey PRIMARY KEY,
    case_id         uuid NOT NULL CONSTRAINT review_grants_case_id_fkey REFERENCES cases (id)
                        ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    body_id         uuid NOT NULL CONSTRAINT review_grants_body_id_fkey REFERENCES bodies (id) DEFERRABLE INITIALLY IMMEDIATE,
    basis           text NOT NULL CHECK (basis = 'homicide_review'),
    reason          bytea NOT NULL,
    remit_confirmed boolean NOT NULL,
    granted_by      uuid NOT NULL CONSTRAINT review_grants_granted_by_fkey REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    granted_at      timestamptz NOT NULL,
    revoked_by      uuid CONSTRAINT review_grants_revoked_by_fkey REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE,
    revoked_at      timestamptz
);
CREATE INDEX review_grants_case_idx ON review_grants (case_id, granted_at);
CREATE INDEX review_grants_body_idx ON review_grants (body_id);
