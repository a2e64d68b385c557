-- Concord on PostgreSQL: who signed a statistics release off, by role.
--
-- Releases (issue 13 §4): a sign-off names the role the signer decided in
-- (`agency_administrator`); empty for decisions recorded before.
ALTER TABLE statistics_release_contributors ADD COLUMN decided_as text;
