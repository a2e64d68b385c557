-- Concord on SQLite: the service directory (Open Referral HSDS 3.0 core
-- objects: organizations, locations, services, service_at_location, and
-- local taxonomy terms) and referrals between agencies with their history
-- and notifications.
--
-- Conventions of 0001 and 0002, and besides:
-- * `details` columns hold the JSON of the domain's details struct of the
--   entry (description, contact channels, eligibility, hours…): plain
--   directory data, never survivor data;
-- * taxonomy is a JSON array of term codes (ESP codes or local codes);
-- * a referral hangs from its case through ON DELETE CASCADE (and its
--   history and notifications from it), so purging a survivor removes her
--   referrals too; `reason` and `note` hold ciphertext made above the store.

CREATE TABLE dir_terms (
    code       TEXT NOT NULL CONSTRAINT dir_terms_pkey PRIMARY KEY,
    name       TEXT NOT NULL,
    sector     TEXT,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE dir_organizations (
    id               BLOB NOT NULL CONSTRAINT dir_organizations_pkey PRIMARY KEY,
    name             TEXT NOT NULL CONSTRAINT dir_organizations_name_key UNIQUE,
    agency_id        BLOB CONSTRAINT dir_organizations_agency_id_fkey REFERENCES agencies (id),
    details          TEXT NOT NULL,
    last_verified_at INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX dir_organizations_agency_idx ON dir_organizations (agency_id);

CREATE TABLE dir_locations (
    id              BLOB NOT NULL CONSTRAINT dir_locations_pkey PRIMARY KEY,
    organization_id BLOB NOT NULL CONSTRAINT dir_locations_organization_id_fkey
                        REFERENCES dir_organizations (id),
    name            TEXT NOT NULL,
    area_id         BLOB CONSTRAINT dir_locations_area_id_fkey REFERENCES areas (id),
    details         TEXT NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX dir_locations_organization_idx ON dir_locations (organization_id, name, id);

CREATE TABLE dir_services (
    id                BLOB NOT NULL CONSTRAINT dir_services_pkey PRIMARY KEY,
    organization_id   BLOB NOT NULL CONSTRAINT dir_services_organization_id_fkey
                          REFERENCES dir_organizations (id),
    name              TEXT NOT NULL,
    status            TEXT NOT NULL,
    accepts_referrals INTEGER NOT NULL CHECK (accepts_referrals IN (0, 1)),
    taxonomy          TEXT NOT NULL,
    details           TEXT NOT NULL,
    last_verified_at  INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX dir_services_name_idx ON dir_services (name, id);
CREATE INDEX dir_services_organization_idx ON dir_services (organization_id);

-- Areas a service serves.
CREATE TABLE dir_service_areas (
    service_id BLOB NOT NULL CONSTRAINT dir_service_areas_service_id_fkey
                   REFERENCES dir_services (id) ON DELETE CASCADE,
    area_id    BLOB NOT NULL CONSTRAINT dir_service_areas_area_id_fkey REFERENCES areas (id),
    CONSTRAINT dir_service_areas_pkey PRIMARY KEY (service_id, area_id)
) STRICT;
CREATE INDEX dir_service_areas_area_idx ON dir_service_areas (area_id);

-- HSDS service_at_location.
CREATE TABLE dir_service_at_location (
    id          BLOB NOT NULL CONSTRAINT dir_service_at_location_pkey PRIMARY KEY,
    service_id  BLOB NOT NULL CONSTRAINT dir_service_at_location_service_id_fkey
                    REFERENCES dir_services (id) ON DELETE CASCADE,
    location_id BLOB NOT NULL CONSTRAINT dir_service_at_location_location_id_fkey
                    REFERENCES dir_locations (id),
    CONSTRAINT dir_service_at_location_pair_key UNIQUE (service_id, location_id)
) STRICT;

CREATE TABLE referrals (
    id               BLOB NOT NULL CONSTRAINT referrals_pkey PRIMARY KEY,
    reference        TEXT NOT NULL CONSTRAINT referrals_reference_key UNIQUE,
    case_id          BLOB NOT NULL CONSTRAINT referrals_case_id_fkey
                         REFERENCES cases (id) ON DELETE CASCADE,
    sending_agency   BLOB NOT NULL CONSTRAINT referrals_sending_agency_fkey REFERENCES agencies (id),
    receiving_agency BLOB NOT NULL CONSTRAINT referrals_receiving_agency_fkey REFERENCES agencies (id),
    service_id       BLOB NOT NULL CONSTRAINT referrals_service_id_fkey REFERENCES dir_services (id),
    urgency          TEXT NOT NULL,
    state            TEXT NOT NULL,
    categories       TEXT NOT NULL,
    consent_id       BLOB,
    reason           BLOB NOT NULL,
    decline_reason   TEXT,
    outcome          TEXT,
    created_by       BLOB NOT NULL CONSTRAINT referrals_created_by_fkey REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER,
    due_at           INTEGER,
    updated_at       INTEGER NOT NULL
) STRICT;
-- Backs the queues (by agency and side, newest change first).
CREATE INDEX referrals_receiving_idx ON referrals (receiving_agency, updated_at, id);
CREATE INDEX referrals_sending_idx ON referrals (sending_agency, updated_at, id);
CREATE INDEX referrals_case_idx ON referrals (case_id);
-- Backs the overdue check.
CREATE INDEX referrals_due_idx ON referrals (due_at) WHERE state IN ('sent', 'acknowledged');

CREATE TABLE referral_steps (
    id              BLOB NOT NULL CONSTRAINT referral_steps_pkey PRIMARY KEY,
    referral_id     BLOB NOT NULL CONSTRAINT referral_steps_referral_id_fkey
                        REFERENCES referrals (id) ON DELETE CASCADE,
    at              INTEGER NOT NULL,
    actor_user_id   BLOB CONSTRAINT referral_steps_actor_user_id_fkey REFERENCES users (id),
    actor_agency_id BLOB CONSTRAINT referral_steps_actor_agency_id_fkey REFERENCES agencies (id),
    event           TEXT,
    from_state      TEXT,
    to_state        TEXT NOT NULL,
    note            BLOB
) STRICT;
CREATE INDEX referral_steps_referral_idx ON referral_steps (referral_id, at, id);

-- One per referral, agency and kind: instances racing to notify agree
-- through this key, so a notice (and its e-mail) goes out once.
CREATE TABLE referral_notifications (
    id          BLOB NOT NULL CONSTRAINT referral_notifications_pkey PRIMARY KEY,
    agency_id   BLOB NOT NULL CONSTRAINT referral_notifications_agency_id_fkey REFERENCES agencies (id),
    referral_id BLOB NOT NULL CONSTRAINT referral_notifications_referral_id_fkey
                    REFERENCES referrals (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    read_at     INTEGER,
    CONSTRAINT referral_notifications_once_key UNIQUE (referral_id, agency_id, kind)
) STRICT;
CREATE INDEX referral_notifications_agency_idx ON referral_notifications (agency_id, created_at);
