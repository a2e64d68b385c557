-- Statistics (issue 13): the referral funnel reads the referrals sent in a
-- period, and repeat victimisation the incidents that happened in a period
-- and the twelve months before it; these indexes let the database find
-- them by date instead of scanning every referral and incident.
CREATE INDEX referrals_sent_idx ON referrals (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX incidents_incident_date_idx ON incidents (incident_date);
