-- Concord on PostgreSQL: releases of published statistics (issue 13 §4).
--
-- A release's tables are computed, suppressed and frozen when it is
-- prepared (`tables`, JSON); each contributing agency decides once; the
-- last signature publishes it with its canonical document and that
-- document's SHA-256 (also in the audit event that publishes it). The store
-- changes no release that is published or withdrawn. Aggregates only: no
-- survivor, case or reference.

CREATE TABLE statistics_releases (
    id                   uuid NOT NULL CONSTRAINT statistics_releases_pkey PRIMARY KEY,
    indicator_set        text NOT NULL,
    period               text NOT NULL,
    area_id              uuid NOT NULL CONSTRAINT statistics_releases_area_id_fkey REFERENCES areas (id)
                             DEFERRABLE INITIALLY IMMEDIATE,
    -- Breakdown codes, comma-separated, sorted.
    breakdowns           text NOT NULL,
    small_cell_threshold integer NOT NULL CONSTRAINT statistics_releases_small_cell_threshold_check CHECK (small_cell_threshold >= 5),
    tables               text NOT NULL,
    status               text NOT NULL,
    prepared_by          uuid NOT NULL CONSTRAINT statistics_releases_prepared_by_fkey REFERENCES users (id)
                             DEFERRABLE INITIALLY IMMEDIATE,
    prepared_at          timestamptz NOT NULL,
    published_at         timestamptz,
    published_document   text,
    content_hash         text,
    withdrawn_at         timestamptz
);
CREATE INDEX statistics_releases_status_idx ON statistics_releases (status, prepared_at);

CREATE TABLE statistics_release_contributors (
    release_id  uuid NOT NULL CONSTRAINT statistics_release_contributors_release_id_fkey REFERENCES statistics_releases (id)
                    DEFERRABLE INITIALLY IMMEDIATE,
    agency_id   uuid NOT NULL CONSTRAINT statistics_release_contributors_agency_id_fkey REFERENCES agencies (id)
                    DEFERRABLE INITIALLY IMMEDIATE,
    -- NULL until the agency decides; then `signed` or `refused`.
    decision    text,
    reason      text,
    decided_by  uuid CONSTRAINT statistics_release_contributors_decided_by_fkey REFERENCES users (id)
                    DEFERRABLE INITIALLY IMMEDIATE,
    decided_at  timestamptz,
    CONSTRAINT statistics_release_contributors_pkey PRIMARY KEY (release_id, agency_id)
);
CREATE INDEX statistics_release_contributors_agency_idx ON statistics_release_contributors (agency_id, release_id);
