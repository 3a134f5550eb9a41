import type { AuditActor, CurrentUser, Door, Role } from '../../../shared/model/account';

/**
 * Who is calling the core, as each door establishes it: the local owner (the
 * desktop window over IPC, headless mode's per-run token, the CLI on the
 * data dir), a signed-in user (a session), or an API key acting for its user.
 * The dispatcher checks the role against methodAccess and records the actor
 * of every change in the audit log.
 */
export interface Caller {
  door: Door;
  kind: 'owner' | 'user' | 'apiKey' | 'cli';
  role: Role;
  userId: string | null;
  label: string;
  name: string;
  hasPassword: boolean;
  keyName?: string;
  /** The session's id hash, for calls that act on "this session" (sign out everywhere but here). */
  session?: string;
  address?: string;
}

export const OWNER_LABEL = 'Local owner';

/** The person at this machine: the desktop app, and headless mode on a laptop through its per-run token. */
export function ownerCaller(door: Door, address?: string): Caller {
  return {
    door,
    kind: 'owner',
    role: 'admin',
    userId: null,
    label: OWNER_LABEL,
    name: OWNER_LABEL,
    hasPassword: false,
    ...(address ? { address } : {}),
  };
}

export function actorOf(c: Caller): AuditActor {
  return {
    kind: c.kind,
    userId: c.userId,
    label: c.label,
    role: c.role,
    ...(c.keyName ? { keyName: c.keyName } : {}),
    ...(c.address ? { address: c.address } : {}),
  };
}

export function currentUserOf(c: Caller): CurrentUser {
  return {
    kind: c.kind === 'cli' ? 'owner' : c.kind,
    userId: c.userId,
    label: c.label,
    name: c.name,
    role: c.role,
    hasPassword: c.kind === 'user' && c.hasPassword,
  };
}
