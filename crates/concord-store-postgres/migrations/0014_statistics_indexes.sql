-- Statistics (issue 13): incident statistics read the incidents first
-- reported in a period, grouped; this index lets the database find them by
-- date instead of scanning every incident.
CREATE INDEX incidents_first_reported_idx ON incidents (date_first_reported);
