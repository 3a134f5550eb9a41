/**
 * The accounts tables on PostgreSQL: the same tables and columns as accounts.db
 * (sqlite-accounts-schema.ts), in the shared database as schema version 2
 * (pg-schema.ts), so every node signs people in against one set of users,
 * sessions and sign-in failures. Times are epoch ms; the audit log's actor and
 * summary are JSON text, kept as written.
 */
export const PG_ACCOUNTS_SQL = `
CREATE TABLE account_user (
  id text PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
  disabled boolean NOT NULL DEFAULT false,
  password_hash text,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  last_sign_in_at bigint
);

-- Single sign-on (OpenID Connect): an issuer's subject belongs to one user; a user may have several, or none.
CREATE TABLE account_identity (
  provider text NOT NULL,
  subject text NOT NULL,
  user_id text NOT NULL REFERENCES account_user(id),
  created_at bigint NOT NULL,
  PRIMARY KEY (provider, subject)
);
CREATE INDEX account_identity_user ON account_identity (user_id);

CREATE TABLE account_session (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES account_user(id),
  csrf_hash text NOT NULL,
  created_at bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  address text,
  user_agent text
);
CREATE INDEX account_session_user ON account_session (user_id);
CREATE INDEX account_session_expiry ON account_session (expires_at);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at bigint NOT NULL,
  actor_label text NOT NULL,
  actor text NOT NULL,
  door text NOT NULL,
  action text NOT NULL,
  summary text NOT NULL,
  outcome text NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action ON audit_log (action, id);

-- Failed sign-ins per account and per address, counted here so every node refuses the same guesser.
CREATE TABLE sign_in_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  last_failure_at bigint NOT NULL,
  blocked_until bigint NOT NULL
);
`;
