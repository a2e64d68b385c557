-- Issue 18.
-- 1. Cosignatures of network witnesses (c2sp.org/tlog-witness): the signature
--    line each witness returned for the checkpoint of `tree_size`. No
--    reference to checkpoints: a removed checkpoint must leave its
--    cosignatures behind for `audit verify` to find.
CREATE TABLE audit_cosignatures (
    tree_size   bigint NOT NULL,
    witness     text NOT NULL,
    cosignature text NOT NULL,
    CONSTRAINT audit_cosignatures_pkey PRIMARY KEY (witness, tree_size)
);

-- 2. A gap-free number for every audit event. Identity ids have gaps on
--    PostgreSQL (a rolled-back insert uses one up), so a deleted event that
--    was not sealed yet could not be told from a rollback. The number is
--    taken from a one-row counter when the inserting transaction commits (a
--    deferred trigger: the counter's row lock is held only while committing
--    and is always the last lock taken, so it cannot deadlock), so a rolled
--    back insert takes no number and every number 1..last belongs to an
--    event. `audit verify` reports a number that is missing.
CREATE TABLE audit_sequence (
    id   integer NOT NULL CONSTRAINT audit_sequence_pkey PRIMARY KEY CHECK (id = 1),
    last bigint NOT NULL
);
ALTER TABLE audit_events ADD COLUMN seq bigint;
UPDATE audit_events SET seq = numbered.n
FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM audit_events) AS numbered
WHERE audit_events.id = numbered.id;
INSERT INTO audit_sequence (id, last) SELECT 1, COUNT(*) FROM audit_events;
CREATE UNIQUE INDEX audit_events_seq_key ON audit_events (seq);

CREATE FUNCTION audit_events_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH taken AS (
        UPDATE audit_sequence SET last = last + 1 WHERE id = 1 RETURNING last
    )
    UPDATE audit_events SET seq = taken.last FROM taken WHERE audit_events.id = NEW.id;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER audit_events_number AFTER INSERT ON audit_events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_events_number();
