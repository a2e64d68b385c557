-- Concord on SQLite: forms of violence per incident, her death, and the
-- gender-related killing record (issue 16, parts 3 and 4).
--
-- `forms_of_violence` and `trafficking_exploitation` are label lists like
-- `context_flags`. Incidents recorded before this migration keep NULL:
-- "not recorded", never a guess from their type or flags.
ALTER TABLE incidents ADD COLUMN forms_of_violence TEXT;
ALTER TABLE incidents ADD COLUMN trafficking_exploitation TEXT;

-- Her death, recorded by a supervisor of the owning agency: it closes the
-- case (closure reason `she_died`). `died_at` is the start of the local day
-- she died in the deployment's zone. Hangs from the case (ON DELETE
-- CASCADE), so purging her leaves nothing.
CREATE TABLE case_deaths (
    case_id     BLOB NOT NULL CONSTRAINT case_deaths_pkey PRIMARY KEY
                    CONSTRAINT case_deaths_case_id_fkey REFERENCES cases (id) ON DELETE CASCADE,
    died_at     INTEGER NOT NULL,
    killing     INTEGER NOT NULL CHECK (killing IN (0, 1)),
    closed_from TEXT NOT NULL,
    recorded_by BLOB NOT NULL CONSTRAINT case_deaths_recorded_by_fkey REFERENCES users (id),
    recorded_at INTEGER NOT NULL
) STRICT;

-- The gender-related killing record a killing opens (UNODC–UN Women
-- statistical framework, 2022): the perpetrator's relationship to her, the
-- framework's characteristics (labels), the perpetrator's sex and age group.
-- Everything else it shows is derived from the case's own records.
CREATE TABLE killing_records (
    case_id               BLOB NOT NULL CONSTRAINT killing_records_pkey PRIMARY KEY
                              CONSTRAINT killing_records_case_id_fkey REFERENCES case_deaths (case_id)
                              ON DELETE CASCADE,
    relationship          TEXT NOT NULL,
    characteristics       TEXT NOT NULL,
    perpetrator_sex       TEXT NOT NULL,
    perpetrator_age_group TEXT NOT NULL,
    updated_by            BLOB NOT NULL CONSTRAINT killing_records_updated_by_fkey REFERENCES users (id),
    updated_at            INTEGER NOT NULL
) STRICT;
