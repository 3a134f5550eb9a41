import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Door } from '../../shared/model/account';
import type { Core } from '../core/index';
import { ownerCaller, type Caller } from '../core/accounts/caller';
import { isDirectLocal } from '../core/http/client-address';
import { readCsrf, readSessionCookie } from '../core/http/session-cookie';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearerToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  return auth !== undefined && auth.startsWith('Bearer ') ? auth.slice(7).trim() : null;
}

export interface DoorAuth {
  /**
   * Who a request to /rpc, /events or /auth/state is from, or null:
   * - the per-run token (`Authorization: Bearer`) is the local owner (admin).
   *   Once accounts exist it is taken only from this machine directly — the
   *   CLI reading instance.json — never through the network or a proxy;
   * - a session cookie with its CSRF header is a signed-in user.
   */
  caller(req: IncomingMessage, door: Door, address: string | undefined): Promise<Caller | null>;
  /** Whether any account exists: sign-in is then required of every browser. */
  accountsExist(): Promise<boolean>;
}

export function createDoorAuth(core: Core, token: string): DoorAuth {
  const accountsExist = async () => {
    const accounts = core.accounts();
    return accounts ? accounts.users.hasUsers() : false;
  };
  return {
    accountsExist,
    async caller(req, door, address) {
      // A stale token (from an earlier run) left in a page does not hide the session it signed in with since.
      const bearer = bearerToken(req);
      if (bearer !== null && sameSecret(bearer, token) && (isDirectLocal(req) || !(await accountsExist())))
        return ownerCaller(door, address);
      const session = readSessionCookie(req);
      const accounts = core.accounts();
      if (!session || !accounts) return null;
      return accounts.sessions.authenticate(session, readCsrf(req), door, address);
    },
  };
}
