-- Concord on PostgreSQL: the service directory (Open Referral HSDS 3.0
-- core objects: organizations, locations, services, service_at_location,
-- and local taxonomy terms) and referrals between agencies with their
-- history and notifications.
--
-- Conventions of 0001 and 0002 (named constraints, deferrable foreign
-- keys), and besides:
-- * `details` columns hold the JSON text of the domain's details struct of
--   the entry: plain directory data, never survivor data;
-- * taxonomy is text[] of term codes (ESP codes or local codes);
-- * a referral hangs from its case through ON DELETE CASCADE (and its
--   history and notifications from it), so purging a survivor removes her
--   referrals too; `reason` and `note` hold ciphertext made above the store.

CREATE TABLE dir_terms (
    code       text COLLATE "C" NOT NULL CONSTRAINT dir_terms_pkey PRIMARY KEY,
    name       text NOT NULL,
    sector     text,
    created_at timestamptz NOT NULL
);

CREATE TABLE dir_organizations (
    id               uuid NOT NULL CONSTRAINT dir_organizations_pkey PRIMARY KEY,
    name             text COLLATE "C" NOT NULL CONSTRAINT dir_organizations_name_key UNIQUE,
    agency_id        uuid CONSTRAINT dir_organizations_agency_id_fkey REFERENCES agencies (id)
                         DEFERRABLE INITIALLY IMMEDIATE,
    details          text NOT NULL,
    last_verified_at timestamptz,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX dir_organizations_agency_idx ON dir_organizations (agency_id);

CREATE TABLE dir_locations (
    id              uuid NOT NULL CONSTRAINT dir_locations_pkey PRIMARY KEY,
    organization_id uuid NOT NULL CONSTRAINT dir_locations_organization_id_fkey
                        REFERENCES dir_organizations (id) DEFERRABLE INITIALLY IMMEDIATE,
    name            text COLLATE "C" NOT NULL,
    area_id         uuid CONSTRAINT dir_locations_area_id_fkey REFERENCES areas (id)
                        DEFERRABLE INITIALLY IMMEDIATE,
    details         text NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX dir_locations_organization_idx ON dir_locations (organization_id);

CREATE TABLE dir_services (
    id                uuid NOT NULL CONSTRAINT dir_services_pkey PRIMARY KEY,
    organization_id   uuid NOT NULL CONSTRAINT dir_services_organization_id_fkey
                          REFERENCES dir_organizations (id) DEFERRABLE INITIALLY IMMEDIATE,
    name              text COLLATE "C" NOT NULL,
    status            text NOT NULL,
    accepts_referrals boolean NOT NULL,
    taxonomy          text[] NOT NULL,
    details           text NOT NULL,
    last_verified_at  timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX dir_services_name_idx ON dir_services (name, id);
CREATE INDEX dir_services_organization_idx ON dir_services (organization_id);

-- Areas a service serves.
CREATE TABLE dir_service_areas (
    service_id uuid NOT NULL CONSTRAINT dir_service_areas_service_id_fkey
                   REFERENCES dir_services (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    area_id    uuid NOT NULL CONSTRAINT dir_service_areas_area_id_fkey REFERENCES areas (id)
                   DEFERRABLE INITIALLY IMMEDIATE,
    CONSTRAINT dir_service_areas_pkey PRIMARY KEY (service_id, area_id)
);
CREATE INDEX dir_service_areas_area_idx ON dir_service_areas (area_id);

-- HSDS service_at_location.
CREATE TABLE dir_service_at_location (
    id          uuid NOT NULL CONSTRAINT dir_service_at_location_pkey PRIMARY KEY,
    service_id  uuid NOT NULL CONSTRAINT dir_service_at_location_service_id_fkey
                    REFERENCES dir_services (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    location_id uuid NOT NULL CONSTRAINT dir_service_at_location_location_id_fkey
                    REFERENCES dir_locations (id) DEFERRABLE INITIALLY IMMEDIATE,
    CONSTRAINT dir_service_at_location_pair_key UNIQUE (service_id, location_id)
);

CREATE TABLE referrals (
    id               uuid NOT NULL CONSTRAINT referrals_pkey PRIMARY KEY,
    reference        text NOT NULL CONSTRAINT referrals_reference_key UNIQUE,
    case_id          uuid NOT NULL CONSTRAINT referrals_case_id_fkey REFERENCES cases (id)
                         ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    sending_agency   uuid NOT NULL CONSTRAINT referrals_sending_agency_fkey REFERENCES agencies (id)
                         DEFERRABLE INITIALLY IMMEDIATE,
    receiving_agency uuid NOT NULL CONSTRAINT referrals_receiving_agency_fkey REFERENCES agencies (id)
                         DEFERRABLE INITIALLY IMMEDIATE,
    service_id       uuid NOT NULL CONSTRAINT referrals_service_id_fkey REFERENCES dir_services (id)
                         DEFERRABLE INITIALLY IMMEDIATE,
    urgency          text NOT NULL,
    state            text NOT NULL,
    categories       text[] NOT NULL,
    consent_id       uuid,
    reason           bytea NOT NULL,
    decline_reason   text,
    outcome          text,
    created_by       uuid NOT NULL CONSTRAINT referrals_created_by_fkey REFERENCES users (id)
                         DEFERRABLE INITIALLY IMMEDIATE,
    created_at       timestamptz NOT NULL,
    sent_at          timestamptz,
    due_at           timestamptz,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX referrals_receiving_idx ON referrals (receiving_agency, updated_at, id);
CREATE INDEX referrals_sending_idx ON referrals (sending_agency, updated_at, id);
CREATE INDEX referrals_case_idx ON referrals (case_id);
CREATE INDEX referrals_due_idx ON referrals (due_at) WHERE state IN ('sent', 'acknowledged');

CREATE TABLE referral_steps (
    id              uuid NOT NULL CONSTRAINT referral_steps_pkey PRIMARY KEY,
    referral_id     uuid NOT NULL CONSTRAINT referral_steps_referral_id_fkey REFERENCES referrals (id)
                        ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    at              timestamptz NOT NULL,
    actor_user_id   uuid CONSTRAINT referral_steps_actor_user_id_fkey REFERENCES users (id)
                        DEFERRABLE INITIALLY IMMEDIATE,
    actor_agency_id uuid CONSTRAINT referral_steps_actor_agency_id_fkey REFERENCES agencies (id)
                        DEFERRABLE INITIALLY IMMEDIATE,
    event           text,
    from_state      text,
    to_state        text NOT NULL,
    note            bytea
);
CREATE INDEX referral_steps_referral_idx ON referral_steps (referral_id, at, id);

-- One per referral, agency and kind: instances racing to notify agree
-- through this key, so a notice (and its e-mail) goes out once.
CREATE TABLE referral_notifications (
    id          uuid NOT NULL CONSTRAINT referral_notifications_pkey PRIMARY KEY,
    agency_id   uuid NOT NULL CONSTRAINT referral_notifications_agency_id_fkey REFERENCES agencies (id)
                    DEFERRABLE INITIALLY IMMEDIATE,
    referral_id uuid NOT NULL CONSTRAINT referral_notifications_referral_id_fkey REFERENCES referrals (id)
                    ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    kind        text NOT NULL,
    created_at  timestamptz NOT NULL,
    read_at     timestamptz,
    CONSTRAINT referral_notifications_once_key UNIQUE (referral_id, agency_id, kind)
);
CREATE INDEX referral_notifications_agency_idx ON referral_notifications (agency_id, created_at);
