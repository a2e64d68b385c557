-- Concord on SQLite: releases of published statistics (issue 13 §4).
--
-- A release's tables are computed, suppressed and frozen when it is
-- prepared (`tables`, JSON); each contributing agency decides once; the
-- last signature publishes it with its canonical document and that
-- document's SHA-256 (also in the audit event that publishes it). The store
-- changes no release that is published or withdrawn. Aggregates only: no
-- survivor, case or reference.

CREATE TABLE statistics_releases (
    id                   BLOB NOT NULL CONSTRAINT statistics_releases_pkey PRIMARY KEY,
    indicator_set        TEXT NOT NULL,
    period               TEXT NOT NULL,
    area_id              BLOB NOT NULL CONSTRAINT statistics_releases_area_id_fkey REFERENCES areas (id),
    -- Breakdown codes, comma-separated, sorted.
    breakdowns           TEXT NOT NULL,
    small_cell_threshold INTEGER NOT NULL CHECK (small_cell_threshold >= 5),
    tables               TEXT NOT NULL,
    status               TEXT NOT NULL,
    prepared_by          BLOB NOT NULL CONSTRAINT statistics_releases_prepared_by_fkey REFERENCES users (id),
    prepared_at          INTEGER NOT NULL,
    published_at         INTEGER,
    published_document   TEXT,
    content_hash         TEXT,
    withdrawn_at         INTEGER
) STRICT;
CREATE INDEX statistics_releases_status_idx ON statistics_releases (status, prepared_at);

CREATE TABLE statistics_release_contributors (
    release_id  BLOB NOT NULL CONSTRAINT statistics_release_contributors_release_id_fkey REFERENCES statistics_releases (id),
    agency_id   BLOB NOT NULL CONSTRAINT statistics_release_contributors_agency_id_fkey REFERENCES agencies (id),
    -- NULL until the agency decides; then `signed` or `refused`.
    decision    TEXT,
    reason      TEXT,
    decided_by  BLOB CONSTRAINT statistics_release_contributors_decided_by_fkey REFERENCES users (id),
    decided_at  INTEGER,
    CONSTRAINT statistics_release_contributors_pkey PRIMARY KEY (release_id, agency_id)
) STRICT;
CREATE INDEX statistics_release_contributors_agency_idx ON statistics_release_contributors (agency_id, release_id);
