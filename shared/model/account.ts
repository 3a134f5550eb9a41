/** Who may call what, lowest first: each role may do everything the roles before it may. */
export const roles = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  viewer: 'Viewer',
  editor: 'Editor',
  admin: 'Admin',
};

/** A person who signs in to a shared Hookbench. Never carries a password or its hash. */
export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  /** Signs in with a password (a user reached only through single sign-on has none). */
  hasPassword: boolean;
  /** Single sign-on identities linked to the user, by provider. */
  identities: string[];
  createdAt: string;
  lastSignInAt: string | null;
}

/**
 * Who is calling, as the UI shows it: the local owner (the desktop app, and
 * headless mode on a laptop through its per-run token), a signed-in user, or
 * an API key acting for its user.
 */
export interface CurrentUser {
  kind: 'owner' | 'user' | 'apiKey';
  /** null for the local owner. */
  userId: string | null;
  /** The email, or "Local owner". */
  label: string;
  name: string;
  role: Role;
  /** The caller has a password it can change (signed-in users with a password). */
  hasPassword: boolean;
}

/** Who did something, as the audit log keeps it (by value: a later rename does not rewrite history). */
export interface AuditActor {
  /** `system`: Hookbench itself, e.g. removing audit entries past their retention. */
  kind: 'owner' | 'user' | 'apiKey' | 'cli' | 'anonymous' | 'system';
  userId: string | null;
  /** Email, "Local owner", "CLI (os user)", or the email typed at a failed sign-in. */
  label: string;
  role: Role | null;
  /** For API keys: the key's name. */
  keyName?: string;
  /** The client's address, as seen through a trusted proxy; absent for IPC and the CLI. */
  address?: string;
}

/** Which door a call came through; `system` for what Hookbench does by itself in the background. */
export type Door = 'ipc' | 'rpc' | 'rest' | 'fusionauth' | 'cli' | 'auth' | 'system';

export interface AuditEntry {
  id: string;
  at: string;
  actor: AuditActor;
  door: Door;
  /** A contract method, or an account event: `signIn`, `signInRefused`, `signOut`, `signOutEverywhere`. */
  action: string;
  /** Ids, names, counts, flags of the input — never secrets, bodies or free text. */
  summary: Record<string, string | number | boolean | null>;
  /** `ok`, or the error code the call ended with (`forbidden` for a role that may not). */
  outcome: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass back for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** At least this many characters; long passphrases are welcome. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
