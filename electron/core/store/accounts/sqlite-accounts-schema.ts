/**
 * accounts.db, one entry per version, applied in order inside one transaction
 * at open (PRAGMA user_version records where a file is). A released version is
 * never edited; a change is a new entry. The PostgreSQL adapter keeps the same
 * tables and columns (pg-accounts-schema.ts, schema version 2 of the shared database).
 */
export const ACCOUNTS_MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE account_user (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
  disabled INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_sign_in_at INTEGER
) STRICT;

-- Single sign-on (OpenID Connect): an issuer's subject belongs to one user; a user may have several, or none.
CREATE TABLE account_identity (
  provider TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES account_user(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (provider, subject)
) STRICT;
CREATE INDEX account_identity_user ON account_identity(user_id);

CREATE TABLE account_session (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES account_user(id),
  csrf_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  address TEXT,
  user_agent TEXT
) STRICT;
CREATE INDEX account_session_user ON account_session(user_id);
CREATE INDEX account_session_expiry ON account_session(expires_at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor_label TEXT NOT NULL,
  actor TEXT NOT NULL,            -- JSON AuditActor
  door TEXT NOT NULL,
  action TEXT NOT NULL,
  summary TEXT NOT NULL,          -- JSON
  outcome TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_action ON audit_log(action, id);

CREATE TABLE sign_in_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_at INTEGER NOT NULL,
  blocked_until INTEGER NOT NULL
) STRICT;
`,
  },
];

export const ACCOUNTS_SCHEMA_VERSION = ACCOUNTS_MIGRATIONS[ACCOUNTS_MIGRATIONS.length - 1]!.version;
