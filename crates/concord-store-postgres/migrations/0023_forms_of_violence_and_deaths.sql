-- Concord on PostgreSQL: forms of violence per incident, her death, and the
-- gender-related killing record (issue 16, parts 3 and 4).
--
-- `forms_of_violence` and `trafficking_exploitation` are label lists like
-- `context_flags`. Incidents recorded before this migration keep NULL:
-- "not recorded", never a guess from their type or flags.
ALTER TABLE incidents ADD COLUMN forms_of_violence text[];
ALTER TABLE incidents ADD COLUMN trafficking_exploitation text[];

-- Her death, recorded by a supervisor of the owning agency: it closes the
-- case (closure reason `she_died`). `died_at` is the start of the local day
-- she died in the deployment's zone. Hangs from the case (ON DELETE
-- CASCADE), so purging her leaves nothing.
CREATE TABLE case_deaths (
    case_id     uuid NOT NULL CONSTRAINT case_deaths_pkey PRIMARY KEY
                    CONSTRAINT case_deaths_case_id_fkey REFERENCES cases (id) ON DELETE CASCADE
                    DEFERRABLE INITIALLY IMMEDIATE,
    died_at     timestamptz NOT NULL,
    killing     boolean NOT NULL,
    closed_from text NOT NULL,
    recorded_by uuid NOT NULL CONSTRAINT case_deaths_recorded_by_fkey REFERENCES users (id)
                    DEFERRABLE INITIALLY IMMEDIATE,
    recorded_at timestamptz NOT NULL
);

-- The gender-related killing record a killing opens (UNODC–UN Women
-- statistical framework, 2022): the perpetrator's relationship to her, the
-- framework's characteristics (labels), the perpetrator's sex and age group.
-- Everything else it shows is derived from the case's own records.
CREATE TABLE killing_records (
    case_id               uuid NOT NULL CONSTRAINT killing_records_pkey PRIMARY KEY
                              CONSTRAINT killing_records_case_id_fkey REFERENCES case_deaths (case_id)
                              ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    relationship          text NOT NULL,
    characteristics       text[] NOT NULL,
    perpetrator_sex       text NOT NULL,
    perpetrator_age_group text NOT NULL,
    updated_by            uuid NOT NULL CONSTRAINT killing_records_updated_by_fkey REFERENCES users (id)
                              DEFERRABLE INITIALLY IMMEDIATE,
    updated_at            timestamptz NOT NULL
);
