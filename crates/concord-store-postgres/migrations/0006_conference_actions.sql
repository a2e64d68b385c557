-- Concord on PostgreSQL: what a risk conference's information sharing
-- protocol shares, and the SMART actions agreed at its meetings for listed
-- cases.
--
-- An action hangs from its referral (ON DELETE CASCADE), so purging a
-- survivor still leaves nothing of her. `description` and `note` hold
-- ciphertext made above the store (the coordinating agency's key).

-- The data categories attending agencies see.
ALTER TABLE risk_conferences
    ADD COLUMN shared_categories text[] NOT NULL DEFAULT ARRAY['identity_and_contact', 'incident', 'risk'];

CREATE TABLE risk_actions (
    id              uuid NOT NULL CONSTRAINT risk_actions_pkey PRIMARY KEY,
    conference_id   uuid NOT NULL CONSTRAINT risk_actions_conference_id_fkey REFERENCES risk_conferences (id)
                        DEFERRABLE INITIALLY IMMEDIATE,
    referral_id     uuid NOT NULL CONSTRAINT risk_actions_referral_id_fkey REFERENCES risk_referrals (id)
                        ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    meeting_id      uuid NOT NULL CONSTRAINT risk_actions_meeting_id_fkey REFERENCES risk_meetings (id)
                        DEFERRABLE INITIALLY IMMEDIATE,
    description     bytea NOT NULL,
    owner_agency_id uuid NOT NULL CONSTRAINT risk_actions_owner_agency_id_fkey REFERENCES agencies (id)
                        DEFERRABLE INITIALLY IMMEDIATE,
    due_on          date NOT NULL,
    status          text NOT NULL,
    note            bytea,
    carry_overs     integer NOT NULL CONSTRAINT risk_actions_carry_overs_check CHECK (carry_overs >= 0),
    escalated_at    timestamptz,
    raised_by       uuid NOT NULL CONSTRAINT risk_actions_raised_by_fkey REFERENCES users (id)
                        DEFERRABLE INITIALLY IMMEDIATE,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX risk_actions_conference_idx ON risk_actions (conference_id, status, due_on);
CREATE INDEX risk_actions_referral_idx ON risk_actions (referral_id, created_at);
CREATE INDEX risk_actions_owner_idx ON risk_actions (owner_agency_id, status, due_on);
