-- The day she first contacted the agency, entered when her case is opened
-- (a first contact made on paper is entered later with its own day: never
-- in the future, at most a year back). A local calendar date.
-- Null for cases opened before it was kept: their first contact is the
-- day they were opened (opened_at, the instant it was recorded).
ALTER TABLE cases ADD COLUMN first_contact_on date;
