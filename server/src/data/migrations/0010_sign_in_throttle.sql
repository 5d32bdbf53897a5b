-- Sign-in throttling instead of a lockout (docs/decisions/0009-accounts-and-sessions.md, server/src/access/sign-in-throttle.ts).
-- Five wrong passwords used to lock an account for 15 minutes, so anyone who knew an address could keep
-- its owner out. Now wrong passwords slow further attempts per account and client address, with a
-- gentler limit per account that does not hold back the addresses its owner signs in from.

-- One row per account (the e-mail address as typed, normalised, whether or not an account has it) and
-- client address. Not backed up, like sessions: it only slows guessing for a while.
CREATE TABLE sign_in_throttle (
  account         text NOT NULL,
  address         text NOT NULL,
  -- Wrong passwords in a row from this address (an attempt counts as one until its password proves right).
  failures        integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_failure_at timestamptz,
  -- The account signed in from this address then: the account-wide limit does not hold it back.
  last_success_at timestamptz,
  -- When nothing the row holds counts any more: it is deleted after.
  forget_at       timestamptz NOT NULL,
  PRIMARY KEY (account, address)
);
CREATE INDEX sign_in_throttle_forget ON sign_in_throttle (forget_at);

-- The lockout's columns go. A backup made before still restores: restore reads the columns a table has.
ALTER TABLE users DROP COLUMN failed_logins, DROP COLUMN locked_until;

-- Stored Idempotency-Key answers were scoped by the caller's label ("measurements:" and an e-mail or
-- "token:<name>"), so a token given another token's name replayed that token's answers. They are now
-- scoped by the caller's kind and id ("measurements@token/<id>", data/idempotency.ts). Rows whose caller
-- is certain move to the new scope; the rest (a token name held by several tokens) are dropped, and
-- a retry of those is processed afresh. Old-style scopes from a restored backup can never match a new one.
UPDATE idempotency_keys k SET scope = 'measurements@user/' || u.id
  FROM users u WHERE k.scope = 'measurements:' || u.email;
UPDATE idempotency_keys k SET scope = 'measurements@token/' || t.id
  FROM api_tokens t
 WHERE k.scope = 'measurements:token:' || t.name
   AND NOT EXISTS (SELECT 1 FROM api_tokens o WHERE o.name = t.name AND o.id <> t.id);
DELETE FROM idempotency_keys WHERE scope LIKE 'measurements:%';
