-- Concord on PostgreSQL: statistics at scale (issue 13 §6), after the forms
-- of violence (0023) so that they are a breakdown of the summary too.
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
    month                      date NOT NULL,
    owning_agency              uuid NOT NULL,
    area_id                    uuid NOT NULL,
    gbv_type                   text NOT NULL,
    survivor_age_group         text NOT NULL,
    sex_gender                 text NOT NULL,
    perpetrator_relationship   text NOT NULL,
    context_flags              text[] NOT NULL,
    forms_recorded             boolean NOT NULL,
    forms_of_violence          text[] NOT NULL,
    reporting_delay            text NOT NULL,
    consent_to_statistics      boolean NOT NULL,
    already_reported_elsewhere boolean NOT NULL,
    n                          bigint NOT NULL,
    CONSTRAINT incident_counts_pkey PRIMARY KEY (month, owning_agency, area_id, gbv_type,
        survivor_age_group, sex_gender, perpetrator_relationship, context_flags,
        forms_recorded, forms_of_violence, reporting_delay, consent_to_statistics, already_reported_elsewhere)
);

-- Back-fill from the incidents already recorded.
INSERT INTO incident_counts (month, owning_agency, area_id, gbv_type, survivor_age_group,
    sex_gender, perpetrator_relationship, context_flags, forms_recorded,
    forms_of_violence, reporting_delay, consent_to_statistics, already_reported_elsewhere, n)
SELECT date_trunc('month', i.date_first_reported)::date, c.owning_agency,
       COALESCE(i.area_id, '00000000-0000-0000-0000-000000000000'::uuid), i.gbv_type,
       COALESCE(i.survivor_age_group, ''), s.sex_gender, i.perpetrator_relationship,
       i.context_flags, i.forms_of_violence IS NOT NULL,
       COALESCE(i.forms_of_violence, '{}'::text[]), i.reporting_delay, i.consent_to_statistics,
       i.already_reported_elsewhere, COUNT(*)
FROM incidents i
JOIN cases c ON c.id = i.case_id
JOIN survivors s ON s.id = c.survivor_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13;
