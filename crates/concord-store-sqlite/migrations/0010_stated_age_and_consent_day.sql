-- An age she gives without a date of birth is kept (encrypted, like the
-- date of birth: JSON {"years": 16, "on": "2026-12-07"}) with the local day
-- she gave it, so her age on any later day is known to lie in a range; the
-- age group alone made a 16-year-old the group's youngest age.
ALTER TABLE survivors ADD COLUMN stated_age BLOB;
-- The local day a consent was given, for a paper form entered later
-- (recorded_at stays the instant it was entered). NULL for consents
-- recorded before this column: given when recorded.
ALTER TABLE consents ADD COLUMN given_on TEXT;
