-- Issue 18.
-- 1. Cosignatures of network witnesses (c2sp.org/tlog-witness): the signature
--    line each witness returned for the checkpoint of `tree_size`. No
--    reference to checkpoints: a removed checkpoint must leave its
--    cosignatures behind for `audit verify` to find.
CREATE TABLE audit_cosignatures (
    tree_size   INTEGER NOT NULL,
    witness     TEXT NOT NULL,
    cosignature TEXT NOT NULL,
    CONSTRAINT audit_cosignatures_pkey PRIMARY KEY (witness, tree_size)
);

-- 2. A gap-free number for every audit event, the same on both engines
--    (see the PostgreSQL migration: there identity ids have gaps). SQLite has
--    one writer, so the number is taken as the event is inserted.
CREATE TABLE audit_sequence (
    id   INTEGER NOT NULL CONSTRAINT audit_sequence_pkey PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
);
ALTER TABLE audit_events ADD COLUMN seq INTEGER;
UPDATE audit_events SET seq = numbered.n
FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM audit_events) AS numbered
WHERE audit_events.id = numbered.id;
INSERT INTO audit_sequence (id, last) SELECT 1, COUNT(*) FROM audit_events;
CREATE UNIQUE INDEX audit_events_seq_key ON audit_events (seq);

CREATE TRIGGER audit_events_number AFTER INSERT ON audit_events
BEGIN
    UPDATE audit_sequence SET last = last + 1 WHERE id = 1;
    UPDATE audit_events SET seq = (SELECT last FROM audit_sequence WHERE id = 1)
    WHERE id = NEW.id;
END;
