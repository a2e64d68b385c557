-- An account's own e-mail address, for notices about its sign-in only (a
-- password or second factor reset by an administrator). Optional; set when
-- the account is created or by its owner under My account.
ALTER TABLE users ADD COLUMN email TEXT;
