-- Concord on SQLite: what a risk conference's information sharing protocol
-- shares, and the SMART actions agreed at its meetings for listed cases.
--
-- An action hangs from its referral (ON DELETE CASCADE), so purging a
-- survivor still leaves nothing of her. `description` and `note` hold
-- ciphertext made above the store (the coordinating agency's key).

-- The data categories attending agencies see (JSON array of labels).
ALTER TABLE risk_conferences
    ADD COLUMN shared_categories TEXT NOT NULL DEFAULT '["identity_and_contact","incident","risk"]';

CREATE TABLE risk_actions (
    id              BLOB NOT NULL CONSTRAINT risk_actions_pkey PRIMARY KEY,
    conference_id   BLOB NOT NULL CONSTRAINT risk_actions_conference_id_fkey REFERENCES risk_conferences (id),
    referral_id     BLOB NOT NULL CONSTRAINT risk_actions_referral_id_fkey REFERENCES risk_referrals (id)
                        ON DELETE CASCADE,
    meeting_id      BLOB NOT NULL CONSTRAINT risk_actions_meeting_id_fkey REFERENCES risk_meetings (id),
    description     BLOB NOT NULL,
    owner_agency_id BLOB NOT NULL CONSTRAINT risk_actions_owner_agency_id_fkey REFERENCES agencies (id),
    due_on          TEXT NOT NULL,
    status          TEXT NOT NULL,
    note            BLOB,
    carry_overs     INTEGER NOT NULL CHECK (carry_overs >= 0),
    escalated_at    INTEGER,
    raised_by       BLOB NOT NULL CONSTRAINT risk_actions_raised_by_fkey REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX risk_actions_conference_idx ON risk_actions (conference_id, status, due_on);
CREATE INDEX risk_actions_referral_idx ON risk_actions (referral_id, created_at);
CREATE INDEX risk_actions_owner_idx ON risk_actions (owner_agency_id, status, due_on);
