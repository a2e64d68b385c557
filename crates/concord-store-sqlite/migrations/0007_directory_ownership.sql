-- Concord on SQLite: directory entries have owners (issue 21). Every change
-- to an organization, service or location keeps its history, and a change
-- made from outside the member agency that keeps the entry leaves a notice
-- for that agency's administrators.
--
-- Conventions of 0001 and 0004, and besides:
-- * `revision` goes up with every change to an organization or to one of
--   its services or locations: who keeps an entry depends on all of them,
--   so a change decided on one revision is refused on another;
-- * `fields` holds the JSON array of what changed (field, old, new,
--   withheld); personal fields (a named focal point) keep no values. Plain
--   directory data, never survivor data.

ALTER TABLE dir_organizations ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

CREATE TABLE dir_changes (
    id              BLOB NOT NULL CONSTRAINT dir_changes_pkey PRIMARY KEY,
    organization_id BLOB NOT NULL CONSTRAINT dir_changes_organization_id_fkey
                        REFERENCES dir_organizations (id),
    entry_kind      TEXT NOT NULL CHECK (entry_kind IN ('organization', 'service', 'location')),
    entry_id        BLOB NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('created', 'changed', 'linked', 'imported')),
    actor_user_id   BLOB CONSTRAINT dir_changes_actor_user_id_fkey REFERENCES users (id),
    actor_agency_id BLOB CONSTRAINT dir_changes_actor_agency_id_fkey REFERENCES agencies (id),
    owner_agency_id BLOB CONSTRAINT dir_changes_owner_agency_id_fkey REFERENCES agencies (id),
    at              INTEGER NOT NULL,
    fields          TEXT NOT NULL
) STRICT;
-- An organization's page (its own changes and its services' and
-- locations'), and one entry's, newest first.
CREATE INDEX dir_changes_organization_idx ON dir_changes (organization_id, at, id);
CREATE INDEX dir_changes_entry_idx ON dir_changes (entry_id, at, id);

CREATE TABLE dir_change_notices (
    id         BLOB NOT NULL CONSTRAINT dir_change_notices_pkey PRIMARY KEY,
    agency_id  BLOB NOT NULL CONSTRAINT dir_change_notices_agency_id_fkey REFERENCES agencies (id),
    change_id  BLOB NOT NULL CONSTRAINT dir_change_notices_change_id_fkey
                   REFERENCES dir_changes (id),
    created_at INTEGER NOT NULL,
    read_at    INTEGER,
    CONSTRAINT dir_change_notices_once_key UNIQUE (change_id, agency_id)
) STRICT;
CREATE INDEX dir_change_notices_agency_idx ON dir_change_notices (agency_id, created_at);
