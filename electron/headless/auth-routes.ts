import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { emailSchema } from '../../shared/api/methods/accounts';
import { MAX_PASSWORD_LENGTH } from '../../shared/model/account';
import type { Core } from '../core/index';
import { currentUserOf } from '../core/accounts/caller';
import { DoorError } from '../core/http/door-error';
import { guarded } from '../core/http/guarded';
import { sendJson } from '../core/http/http-util';
import { readJsonBody } from '../core/http/json-body';
import { clearedSessionCookies, readSessionCookie, sessionCookie } from '../core/http/session-cookie';
import type { DoorAuth } from './door-auth';
import { rpcErrorAnswer } from './rpc-route';

const signInInput = z
  .object({ email: emailSchema, password: z.string().min(1, 'Type your password').max(MAX_PASSWORD_LENGTH) })
  .strict();

export interface AuthRequest {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  address: string | undefined;
  /** The client reached us over HTTPS: the cookie is then Secure and __Host- prefixed. */
  secure: boolean;
}

const refuse = (res: ServerResponse, status: number, code: string, message: string, extra: object = {}) =>
  sendJson(res, status, { ok: false, error: { code, message, ...extra } });

function minutes(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 90 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`;
}

/**
 * Sign-in and sign-out, on the app port beside /rpc:
 * GET /auth/state — whether accounts exist and who this page is signed in as;
 * POST /auth/sign-in {email, password} — sets the session cookie, answers the CSRF token;
 * POST /auth/sign-out — ends this session and clears the cookie.
 * The POSTs need Content-Type: application/json and an Origin of this server
 * (a form on another site can send neither).
 */
export function createAuthRoutes(core: Core, auth: DoorAuth) {
  return async function handleAuth(a: AuthRequest): Promise<void> {
    await guarded(a.res, core.log, rpcErrorAnswer, async () => {
      if (a.path === '/auth/state') return state(a);
      if (a.req.method !== 'POST') {
        a.res.setHeader('Allow', 'POST');
        throw new DoorError(405, 'invalid_input', `Use POST for ${a.path}.`);
      }
      // checkHostAndOrigin already refused a foreign Origin; a POST here must also carry ours.
      if (!a.req.headers.origin)
        throw new DoorError(
          403,
          'forbidden',
          'Sign-in and sign-out are made from the Hookbench page (no Origin was sent).',
        );
      if (a.path === '/auth/sign-in') return signIn(a);
      if (a.path === '/auth/sign-out') return signOut(a);
      throw new DoorError(404, 'not_found', `No route ${a.path}.`);
    });
  };

  async function state({ req, res, address }: AuthRequest): Promise<void> {
    if (req.method !== 'GET') throw new DoorError(405, 'invalid_input', 'Use GET for /auth/state.');
    const caller = await auth.caller(req, 'auth', address);
    sendJson(res, 200, {
      ok: true,
      value: { accounts: await auth.accountsExist(), user: caller ? currentUserOf(caller) : null },
    });
  }

  async function signIn({ req, res, address, secure }: AuthRequest): Promise<void> {
    const parsed = signInInput.safeParse(await readJsonBody(req, { limit: 16 * 1024, requireJsonType: 'always' }));
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues)
        (fieldErrors[issue.path.join('.') || '(input)'] ??= []).push(issue.message);
      return refuse(res, 400, 'invalid_input', 'Type your email and password.', { fieldErrors });
    }
    const accounts = core.accounts();
    if (!accounts) return refuse(res, 503, 'unavailable', 'Hookbench is still starting; try again in a moment.');
    const outcome = await accounts.sessions.signIn({
      ...parsed.data,
      address: address ?? null,
      userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
    });
    if (outcome.ok) {
      // The cookie lasts the session's absolute lifetime; the server ends it sooner when it goes unused.
      res.setHeader('Set-Cookie', sessionCookie(outcome.token, secure, accounts.sessions.maxAgeSeconds));
      return sendJson(res, 200, { ok: true, value: { user: outcome.user, csrf: outcome.csrf } });
    }
    switch (outcome.reason) {
      case 'throttled':
        res.setHeader('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)));
        return refuse(
          res,
          429,
          'rate_limited',
          `Too many failed sign-ins. Try again in ${minutes(outcome.retryAfterMs)}, or ask an admin to reset your password.`,
          { retryAfterSeconds: Math.ceil(outcome.retryAfterMs / 1000) },
        );
      case 'disabled':
        return refuse(res, 403, 'forbidden', 'This account is disabled. Ask an admin to enable it.');
      case 'off':
        return refuse(
          res,
          409,
          'conflict',
          'This Hookbench has no accounts: open the URL it printed at start (it ends with ?token=…).',
        );
      default:
        return refuse(res, 401, 'unauthorized', 'Wrong email or password.', {
          fieldErrors: { password: ['wrong email or password'] },
        });
    }
  }

  async function signOut({ req, res, address, secure }: AuthRequest): Promise<void> {
    const token = readSessionCookie(req);
    const accounts = core.accounts();
    // The session ends only for a page holding its CSRF token; without it (an expired session, storage
    // cleared) the cookie is still cleared.
    const caller = token && accounts ? await auth.caller(req, 'auth', address) : null;
    if (caller?.kind === 'user' && token && accounts) await accounts.sessions.signOut(token, address);
    res.setHeader('Set-Cookie', clearedSessionCookies(secure));
    sendJson(res, 200, { ok: true, value: { signedOut: true } });
  }
}
