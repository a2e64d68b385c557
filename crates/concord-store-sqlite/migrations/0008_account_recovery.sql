-- Concord on SQLite: restoring the administration of an agency that has
-- lost every administrator (one system administrator requests, another
-- approves within the limit), and the notices that tell the agency.
--
-- The burst alert has no table: it reads account acts back from
-- audit_events.

CREATE TABLE account_recoveries (
    id           BLOB NOT NULL CONSTRAINT account_recoveries_pkey PRIMARY KEY,
    agency_id    BLOB NOT NULL CONSTRAINT account_recoveries_agency_id_fkey REFERENCES agencies (id),
    -- The account restored; a new account's once the request is approved.
    user_id      BLOB CONSTRAINT account_recoveries_user_id_fkey REFERENCES users (id),
    username     TEXT NOT NULL,
    -- A new account's display name; NULL when an existing one is restored.
    display_name TEXT,
    reason       TEXT NOT NULL,
    requested_by BLOB NOT NULL CONSTRAINT account_recoveries_requested_by_fkey REFERENCES users (id),
    requested_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    status       TEXT NOT NULL,
    decided_by   BLOB CONSTRAINT account_recoveries_decided_by_fkey REFERENCES users (id),
    decided_at   INTEGER
) STRICT;
-- One open request per agency, whichever instance takes it.
CREATE UNIQUE INDEX account_recoveries_open_idx ON account_recoveries (agency_id)
    WHERE status = 'open';
CREATE INDEX account_recoveries_status_idx ON account_recoveries (status, requested_at);

CREATE TABLE account_recovery_notices (
    id          BLOB NOT NULL CONSTRAINT account_recovery_notices_pkey PRIMARY KEY,
    agency_id   BLOB NOT NULL CONSTRAINT account_recovery_notices_agency_id_fkey REFERENCES agencies (id),
    recovery_id BLOB NOT NULL CONSTRAINT account_recovery_notices_recovery_id_fkey
                    REFERENCES account_recoveries (id),
    created_at  INTEGER NOT NULL,
    read_at     INTEGER,
    CONSTRAINT account_recovery_notices_once_key UNIQUE (recovery_id)
) STRICT;
CREATE INDEX account_recovery_notices_agency_idx ON account_recovery_notices (agency_id, created_at);
