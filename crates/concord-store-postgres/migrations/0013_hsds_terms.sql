-- What an HSDS import said of a taxonomy term (an ESP term or a local one)
-- beyond Concord's own fields: the id the file gave it and its description,
-- exported again as they came (issue 12 item 9). A term without a row here
-- has the id derived from its code and no description.
CREATE TABLE dir_term_hsds (
    code        text COLLATE "C" NOT NULL CONSTRAINT dir_term_hsds_pkey PRIMARY KEY,
    hsds_id     text NOT NULL,
    description text NOT NULL
);
