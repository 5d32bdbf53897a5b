-- People, their roles on organisations, sessions, API tokens, and the audit trail.

CREATE TABLE users (
  id              uuid PRIMARY KEY,
  email           text NOT NULL UNIQUE CHECK (email = lower(email)),
  name            text NOT NULL DEFAULT '',
  -- argon2id; NULL for people who only sign in through single sign-on.
  password_hash   text,
  -- Single sign-on identity: the provider's issuer and the person's subject there.
  oidc_issuer     text,
  oidc_subject    text,
  disabled        boolean NOT NULL DEFAULT false,
  failed_logins   integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  -- The password must be changed at next sign-in (set by an administrator's reset).
  must_change_password boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_login_at   timestamptz,
  version         integer NOT NULL DEFAULT 1,
  UNIQUE (oidc_issuer, oidc_subject)
);

-- A role granted on an organisation applies to its whole sub-tree; a system administrator's has none.
CREATE TABLE role_grants (
  id              uuid PRIMARY KEY,
  user_id         uuid NOT NULL REFERENCES users(id),
  role            text NOT NULL CHECK (role IN ('admin', 'strategy_editor', 'board_member', 'reporter', 'initiative_owner', 'reader')),
  organisation_id text REFERENCES organisations(id),
  -- Grants mapped from the identity provider's claims are replaced at each sign-in; others stay.
  source          text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'oidc')),
  granted_by      text NOT NULL,
  granted_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'admin') = (organisation_id IS NULL))
);
CREATE UNIQUE INDEX role_grants_unique ON role_grants (user_id, role, coalesce(organisation_id, ''));

-- Server-side sessions: the cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  id_hash      text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users(id),
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Tokens for systems: shown once, stored as SHA-256, scoped to a role on an organisation.
CREATE TABLE api_tokens (
  id              uuid PRIMARY KEY,
  name            text NOT NULL,
  token_hash      text NOT NULL UNIQUE,
  prefix          text NOT NULL,
  role            text NOT NULL CHECK (role IN ('admin', 'strategy_editor', 'board_member', 'reporter', 'initiative_owner', 'reader')),
  organisation_id text REFERENCES organisations(id),
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  revoked_at      timestamptz,
  last_used_at    timestamptz,
  CHECK ((role = 'admin') = (organisation_id IS NULL))
);

-- One-time links that let the first administrator set a password (no default password ships).
CREATE TABLE setup_tokens (
  token_hash text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);

-- Single sign-on logins under way: what the callback must check (state, nonce, PKCE verifier), kept
-- server-side and found by the SHA-256 of a random value in a short-lived cookie of the browser that
-- started the login, so a callback from another browser (login CSRF) finds nothing. Used once.
CREATE TABLE oidc_logins (
  id_hash       text PRIMARY KEY,
  state         text NOT NULL,
  nonce         text NOT NULL,
  code_verifier text NOT NULL,
  return_to     text NOT NULL,
  expires_at    timestamptz NOT NULL
);
CREATE INDEX oidc_logins_expires ON oidc_logins (expires_at);

-- Every write, appended in the writing transaction. Each entry's hash covers its content and the
-- previous entry's hash, so changing or removing an entry breaks the chain (`veivalg audit verify`).
CREATE TABLE audit_log (
  seq         bigint PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor_kind  text NOT NULL CHECK (actor_kind IN ('user', 'token', 'system', 'anonymous')),
  actor_id    text,
  actor_label text NOT NULL,
  action      text NOT NULL,
  object_type text NOT NULL,
  object_id   text,
  before      jsonb,
  after       jsonb,
  prev_hash   text NOT NULL,
  hash        text NOT NULL
);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
CREATE INDEX audit_log_at ON audit_log (at);
