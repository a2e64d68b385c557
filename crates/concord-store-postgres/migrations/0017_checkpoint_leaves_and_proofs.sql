-- Issue 18: what a verifier needs besides the public key to name the exact
-- event that was changed, and to check the chain of checkpoints on its own.
-- * leaf_hashes: the leaf hashes of the batch this checkpoint sealed (32
--   bytes each, in position order). Their root with the previous frontier is
--   the signed root, so they pin every event of the batch even when someone
--   rewrites an event together with its leaf_hash column (rewriting these
--   too changes their root, which the signature reveals).
-- * consistency_proof: the RFC 9162 proof (32-byte nodes) that the previous
--   checkpoint's tree is a prefix of this one, as a witness checks it.
-- Both are NULL on checkpoints written before this migration.
ALTER TABLE checkpoints ADD COLUMN leaf_hashes bytea;
ALTER TABLE checkpoints ADD COLUMN consistency_proof bytea;
