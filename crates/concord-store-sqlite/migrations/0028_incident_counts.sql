-- Concord on SQLite: statistics at scale (issue 13 §6), after the forms of
-- violence (0023) so that they are a breakdown of the summary too.
--
-- `incident_counts` holds what incident statistics read — incidents counted
-- per owning agency, month first reported (its first day) and every
-- attribute statistics break down by — so a dashboard reads at most a
-- period's monthly rows, never the case tables. The store keeps it in step
-- in the same transaction as every write that changes a count (recording
-- an incident, changing a survivor's sex, purging a survivor) and rebuilds
-- it on `copy-db` import. Aggregates only: no survivor, case or reference.
-- "No area" is the nil UUID and "age unknown" the empty text, so that every
-- key column is NOT NULL and the primary key identifies one cell; forms of
-- violence "not recorded" (incidents from before 0023) are `forms_recorded`
-- false with an empty list, never a guess.

CREATE TABLE incident_counts (
    month                      TEXT NOT NULL,
    owning_agency              BLOB NOT NULL,
    area_id                    BLOB NOT NULL,
    gbv_type                   TEXT NOT NULL,
    survivor_age_group         TEXT NOT NULL,
    sex_gender                 TEXT NOT NULL,
    perpetrator_relationship   TEXT NOT NULL,
    context_flags              TEXT NOT NULL,
    forms_recorded             INTEGER NOT NULL CHECK (forms_recorded IN (0, 1)),
    forms_of_violence          TEXT NOT NULL,
    reporting_delay            TEXT NOT NULL,
    consent_to_statistics      INTEGER NOT NULL CHECK (consent_to_statistics IN (0, 1)),
    already_reported_elsewhere INTEGER NOT NULL CHECK (already_reported_elsewhere IN (0, 1)),
    n                          INTEGER NOT NULL,
    CONSTRAINT incident_counts_pkey PRIMARY KEY (month, owning_agency, area_id, gbv_type,
        survivor_age_group, sex_gender, perpetrator_relationship, context_flags,
        forms_recorded, forms_of_violence, reporting_delay, consent_to_statistics, already_reported_elsewhere)
) STRICT, WITHOUT ROWID;

-- Back-fill from the incidents already recorded.
INSERT INTO incident_counts (month, owning_agency, area_id, gbv_type, survivor_age_group,
    sex_gender, perpetrator_relationship, context_flags, forms_recorded,
    forms_of_violence, reporting_delay, consent_to_statistics, already_reported_elsewhere, n)
SELECT date(i.date_first_reported, 'start of month'), c.owning_agency,
       COALESCE(i.area_id, zeroblob(16)), i.gbv_type, COALESCE(i.survivor_age_group, ''),
       s.sex_gender, i.perpetrator_relationship, i.context_flags, i.forms_of_violence IS NOT NULL,
       COALESCE(i.forms_of_violence, '[]'), i.reporting_delay,
       i.consent_to_statistics, i.already_reported_elsewhere, COUNT(*)
FROM incidents i
JOIN cases c ON c.id = i.case_id
JOIN survivors s ON s.id = c.survivor_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13;
